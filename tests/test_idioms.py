"""Counting on real text, checked against recounts written differently (regular expressions on the raw text)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tracepair.core.idioms.counting import count_side, load_idioms, marker_pattern, read_idiom_file
from tracepair.core.load.reader import load
from tracepair.core.model import LoadError, Record, Source, Trace
from tracepair.core.text.markers import Marker, load_markers
from tracepair.core.text.words import count_words

LETTER = r"[^\W_]"


def recount(text: str, phrase: str) -> int:
    """Occurrences of ``phrase`` as whole words, separated only by spaces/hyphens on one line."""
    return sum(len(phrase_regex(phrase).findall(piece)) for piece in pieces(text))


def pieces(text: str) -> list[str]:
    # Counting stops at punctuation: only the spans between punctuation marks are searched.
    return re.split(r"[^\w\s'’-]+|\n", text.lower())


def phrase_regex(phrase: str) -> re.Pattern[str]:
    prefix = phrase.endswith("*")
    words = re.findall(rf"{LETTER}+(?:['’]{LETTER}+)*", phrase.rstrip("*").lower())
    body = r"(?:[^\S\n]|-)+".join(re.escape(w).replace("'", "['’]") for w in words)
    if prefix:
        body += rf"{LETTER}*(?:['’]{LETTER}+)*"
    return re.compile(rf"(?<!{LETTER}['’])(?<!{LETTER}){body}(?!['’]?{LETTER})")


@pytest.fixture(scope="module")
def maverick(slop_dir: Path) -> Source:
    return load(slop_dir / "generated_meta-llama__llama-4-maverick.jsonl")


@pytest.fixture(scope="module")
def deepseek(misguided_dir: Path) -> Source:
    return load(misguided_dir / "deepseek-r1-0528.jsonl")


def test_word_total_is_count_words(maverick: Source, deepseek: Source) -> None:
    for source in (maverick, deepseek):
        side = count_side(source)
        assert side.words == sum(count_words(r.trace.text) for r in source.records)
        assert [r.words for r in side.records] == [count_words(r.trace.text) for r in source.records]


@pytest.mark.slow
@pytest.mark.parametrize("fixture", ["maverick", "deepseek"])
def test_shipped_idioms_match_a_regex_recount(fixture: str, request: pytest.FixtureRequest) -> None:
    source: Source = request.getfixturevalue(fixture)
    source = Source(source.path, source.kind, source.format, source.encoding, source.records[:40])
    side = count_side(source)
    idioms = load_idioms()
    text = "\n".join(r.trace.text for r in source.records)  # a newline ends every phrase anyway
    spans = " \n ".join(pieces(text))
    expected = Counter()
    for idiom in idioms:
        n = len(phrase_regex(idiom.phrase).findall(spans))
        if n:
            expected[idiom.phrase] = n
    assert side.totals["idioms"] == expected
    assert sum(expected.values()) > 50  # real text does use them: the comparison is not vacuous


def test_words_and_bigrams_match_a_regex_recount(maverick: Source) -> None:
    side = count_side(maverick)
    text = "\n".join(r.trace.text for r in maverick.records)
    for word in ("the", "whispered", "eyes", "i'd", "elara"):
        assert side.totals["words"][word] == recount(text, word), word
    for bigram in ("of the", "a shiver", "couldn't help", "raised an"):
        assert side.totals["bigrams"][bigram] == recount(text, bigram), bigram
    for trigram in ("down my spine", "a sense of"):
        assert side.totals["trigrams"][trigram] == recount(text, trigram), trigram


def test_phrases_do_not_cross_punctuation() -> None:
    src = Source(Path("made.txt"), "trace", "text", "utf-8",
                 [Record(Trace(answer="We end. Conclusion follows; in conclusion, it works.\nIn\nconclusion no."))])
    side = count_side(src)
    assert side.totals["bigrams"]["end conclusion"] == 0
    assert side.totals["idioms"]["in conclusion"] == 1


def test_markers_open_sentences_in_real_reasoning(deepseek: Source) -> None:
    markers = load_markers()
    side = count_side(deepseek, markers=markers)
    hits = [(rec, h) for rec, counts in zip(deepseek.records, side.records, strict=True) for h in counts.markers]
    assert len(hits) > 1000
    for rec, h in hits:
        text = rec.trace.text
        assert text[h.start : h.start + len(h.phrase)].lower() == h.phrase.lower()
        before = text[: h.start].rstrip(" \t*_>#-")
        assert before == "" or before[-1] in "\n.!?。！？", (h.phrase, text[max(0, h.start - 30) : h.start + 10])
        assert 0.0 <= h.position < 1.0


def test_marker_needs_a_word_boundary() -> None:
    pat = marker_pattern([Marker("So", "conclude")])
    assert pat is not None
    assert [m.group(1) for m in pat.finditer("Sophie left. So we stayed.\nSo, then")] == ["So", "So"]


def test_user_idiom_list(tmp_path: Path, maverick: Source) -> None:
    f = tmp_path / "mine.txt"
    f.write_text("# my list\nglanc*\nthe weight of\n\n", encoding="utf-8")
    idioms = read_idiom_file(f)
    assert [i.phrase for i in idioms] == ["glanc*", "the weight of"]
    side = count_side(maverick, idioms=idioms)
    text = "\n".join(r.trace.text for r in maverick.records)
    assert set(side.totals["idioms"]) == {"glanc*", "the weight of"}
    assert side.totals["idioms"]["glanc*"] == recount(text, "glanc*") > 0


def test_bad_idiom_lists_are_load_errors(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        read_idiom_file(tmp_path / "missing.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing here\n\n", encoding="utf-8")
    with pytest.raises(LoadError, match="no phrases"):
        read_idiom_file(empty)
