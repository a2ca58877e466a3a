"""Reasoning markers: detection at turn starts and the per-side profile, on real reasoning."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tracepair.core.model import Trace
from tracepair.core.text.markers import MarkerSet, detect_marker, load_markers, marker_profile, read_marker_file
from tracepair.core.text.words import count_words

# The first two paragraphs of qwen3-235b-a22b-think's reasoning on river_crossing_simple, sample 0
# (misguided-attention), quoted verbatim. Counted by hand, sentence by sentence:
#   "Okay, let's try..." start | "So, there's a man..." conclude | "Hmm, wait, but..." doubt |
#   "Wait, but if the boat..." doubt | "So he gets into..." conclude | "But maybe I'm..." contrast
QWEN_EXCERPT = (
    "Okay, let's try to figure out this puzzle. So, there's a man, a sheep, and a boat. The boat can "
    "hold one human and one animal. They need to get to the other side of the river. Hmm, wait, but the "
    "problem states that there's a man, a sheep, and the boat on one side of the river. The goal is to "
    "get both the man and the sheep to the other side.\n\n"
    "Wait, but if the boat can carry one human and one animal, then the man can just take the sheep in "
    "one trip, right? Because the boat can hold both him and the sheep. So he gets into the boat with "
    "the sheep, rows across, and they both arrive on the other side. That seems straightforward. But "
    "maybe I'm misunderstanding the problem."
)


def reasoning_of(misguided_dir: Path, model: str) -> list[str]:
    lines = (misguided_dir / f"{model}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(x)["reasoning"] or "" for x in lines]


def test_hand_counted_excerpt_of_real_reasoning(misguided_dir: Path) -> None:
    assert any(r.startswith(QWEN_EXCERPT) for r in reasoning_of(misguided_dir, "qwen3-235b-a22b-think"))
    p = marker_profile(Trace(reasoning=QWEN_EXCERPT))
    assert [(e.phrase, e.move) for e in p.events] == [
        ("Okay,", "start"), ("So,", "conclude"), ("Hmm,", "doubt"),
        ("Wait,", "doubt"), ("So", "conclude"), ("But", "contrast"),
    ]
    assert p.counts_by_move == {"conclude": 2, "doubt": 2, "start": 1, "contrast": 1}
    assert [QWEN_EXCERPT[e.offset : e.offset + 4] for e in p.events] == ["Okay", "So, ", "Hmm,", "Wait", "So h", "But "]
    assert p.words == count_words(QWEN_EXCERPT) == len(re.findall(r"[A-Za-z]+(?:'[a-z]+)?", QWEN_EXCERPT))
    assert p.rate_per_1000_words == pytest.approx(6000 / p.words)


def recount(text: str, word: str) -> int:
    """Separate simple method: the word, any case, right after a sentence end or line start (and bullet)."""
    return len(re.findall(rf"(?:\A|[.!?…]+[\"”’)]?\s+|\n\s*)(?:[-*]\s+)?(?i:{word})\b", text))


@pytest.mark.parametrize("model", ["qwen3-235b-a22b-think", "deepseek-r1-0528"])
def test_profile_counts_match_an_independent_recount(misguided_dir: Path, model: str) -> None:
    families = {"Wait": {"Wait", "Wait,"}, "Hmm": {"Hmm", "Hmm,"}, "So": {"So", "So,"},
                "Alternatively": {"Alternatively", "Alternatively,"}}
    totals = dict.fromkeys(families, 0)
    for text in reasoning_of(misguided_dir, model):
        p = marker_profile(Trace(reasoning=text))
        for word, phrases in families.items():
            ours = sum(1 for e in p.events if e.phrase in phrases)
            assert ours == recount(text, word), (word, text[:60])
            totals[word] += ours
    assert totals["So"] > 100  # both models open many turns with "So"


def test_profiles_tell_the_two_reasoning_styles_apart(misguided_dir: Path) -> None:
    # qwen3 doubts with "Wait"/"Hmm"; deepseek-r1-0528 never opens a turn with them in this data
    qwen = [marker_profile(Trace(reasoning=t)) for t in reasoning_of(misguided_dir, "qwen3-235b-a22b-think")]
    r1 = [marker_profile(Trace(reasoning=t)) for t in reasoning_of(misguided_dir, "deepseek-r1-0528")]
    def doubt_rate(profiles):
        return 1000 * sum(p.counts_by_move.get("doubt", 0) for p in profiles) / sum(p.words for p in profiles)

    assert doubt_rate(qwen) > 5 * max(doubt_rate(r1), 0.1)


def test_detection_rules() -> None:
    ms = MarkerSet(load_markers())
    assert detect_marker("So, yes", markers=ms).phrase == "So,"
    assert detect_marker("so the boat", markers=ms).phrase == "So"  # case-insensitive
    assert detect_marker("Some boats", markers=ms) is None  # English needs a word boundary
    assert detect_marker("Sofia rows", markers=ms) is None
    assert detect_marker("Let me check the boat", markers=ms).move == "verify"  # longest phrase wins
    assert detect_marker("But wait, no", markers=ms).phrase == "But wait"
    assert detect_marker("首先我们看", markers=ms).phrase == "首先"  # CJK: plain prefix


def test_answer_only_trace_profiles_the_answer_and_offsets_point_into_text() -> None:
    t = Trace(answer="Intro.\n\nSo the man rows. Then, he lands.")
    p = marker_profile(t)
    assert p.part == "answer"
    assert [t.text[e.offset : e.offset + 5] for e in p.events] == ["So th", "Then,"]
    t2 = Trace(reasoning="Hmm, ok.", answer="So yes.")
    assert [e.phrase for e in marker_profile(t2).events] == ["Hmm,"]  # reasoning only when there is some


def test_user_marker_file(tmp_path: Path) -> None:
    f = tmp_path / "mine.txt"
    f.write_text("# my markers\nVoilà\tconclude\nEn fait\n", encoding="utf-8")
    assert [(m.phrase, m.move) for m in read_marker_file(f)] == [("Voilà", "conclude"), ("En fait", "other")]
    p = marker_profile(Trace(reasoning="En fait, non. Voilà."), load_markers(f))
    assert [(e.phrase, e.move) for e in p.events] == [("En fait", "other"), ("Voilà", "conclude")]
