"""Splitting traces into steps the way a reader would."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from tracepair.core.align.steps import split_steps
from tracepair.core.model import Trace


def real_traces(misguided_dir: Path, model: str, n: int = 6) -> list[Trace]:
    lines = (misguided_dir / f"{model}.jsonl").read_text(encoding="utf-8").splitlines()[:n]
    recs = [json.loads(x) for x in lines]
    return [Trace(reasoning=r["reasoning"] or "", answer=r["output"] or "") for r in recs]


@pytest.mark.parametrize("granularity", ["paragraph", "turn", "sentence"])
@pytest.mark.parametrize("model", ["deepseek-r1-0528", "gemini-2.5-pro-high", "qwen3-235b-a22b-think"])
def test_spans_point_into_the_trace_in_order(misguided_dir: Path, model: str, granularity: str) -> None:
    for trace in real_traces(misguided_dir, model):
        steps = split_steps(trace, granularity)
        assert steps, "a non-empty trace has steps"
        for k, s in enumerate(steps):
            assert s.index == k
            assert trace.text[s.start : s.end] == s.text == s.text.strip() != ""
            assert s.part == trace.part_at(s.start) == trace.part_at(s.end - 1)
        assert all(x.end <= y.start for x, y in itertools.pairwise(steps))
        # nothing but white space (and list/heading syntax kept inside steps) is left out
        covered = "".join(s.text for s in steps)
        assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", trace.text)


def test_paragraph_steps_are_the_blank_line_blocks_of_real_reasoning(misguided_dir: Path) -> None:
    trace = real_traces(misguided_dir, "deepseek-r1-0528")[0]
    blocks = [b.strip() for b in re.split(r"\n\s*\n", trace.reasoning) if b.strip()]
    items = [b for b in blocks if re.match(r"\d+\. ", b)]
    assert items, "this trace has a numbered list: each item is its own step"
    steps = [s.text for s in split_steps(trace, "paragraph") if s.part == "reasoning"]
    assert steps == blocks


def test_turn_granularity_cuts_reasoning_before_markers_only(misguided_dir: Path) -> None:
    for trace in real_traces(misguided_dir, "qwen3-235b-a22b-think"):
        paragraphs = split_steps(trace, "paragraph")
        turns = split_steps(trace, "turn")
        assert len(turns) >= len(paragraphs)
        starts = {s.start for s in paragraphs}
        for s in turns:
            if s.start not in starts and s.part == "reasoning" and len(s.text) < 1200:
                assert s.marker is not None, s.text[:60]
        # the answer is not cut at markers
        def answer_spans(steps):
            return [(s.start, s.end) for s in steps if s.part == "answer"]

        assert answer_spans(turns) == answer_spans(paragraphs)


def test_markdown_structure() -> None:
    # constructed Markdown: a heading, a paragraph, a bulleted list, a numbered list
    answer = (
        "## The plan\n\nFirst we cross.\n\n"
        "Things to take:\n- the sheep\n- the boat\n\n"
        "1. Row over.\n2. Get out.\n\n"
        "**Why it works**\nThe boat holds both."
    )
    texts = [s.text for s in split_steps(Trace(answer=answer))]
    assert texts == [
        "## The plan\n\nFirst we cross.",
        "Things to take:",
        "- the sheep",
        "- the boat",
        "1. Row over.",
        "2. Get out.",
        "**Why it works**\nThe boat holds both.",
    ]


def test_long_paragraph_falls_back_to_sentences(misguided_dir: Path) -> None:
    trace = real_traces(misguided_dir, "deepseek-r1-0528", 54)
    longest = max((p for t in trace for p in re.split(r"\n\s*\n", t.reasoning)), key=len).strip()
    assert len(longest) > 500
    steps = split_steps(Trace(reasoning=longest), "paragraph", max_chars=200)
    assert len(steps) >= len(longest) // 200
    assert all(len(s.text) <= 200 or not re.search(r"[.!?] ", s.text) for s in steps)
    # pieces end at sentence ends, never mid-sentence
    assert all(re.search(r"[.!?:)\"']$", s.text) for s in steps[:-1])


def test_sentences_and_cjk_markers() -> None:
    # constructed Chinese reasoning: markers 首先 / 等等 / 所以 open sentences
    reasoning = "首先，我们看题目。题目说船能载一人一羊。等等，还有别的限制吗？所以一次就够了。"
    turns = split_steps(Trace(reasoning=reasoning), "turn")
    sentences = split_steps(Trace(reasoning=reasoning), "sentence")
    assert [s.marker for s in sentences] == ["首先", None, "等等", "所以"]
    assert [s.text for s in turns] == [
        "首先，我们看题目。题目说船能载一人一羊。",
        "等等，还有别的限制吗？",
        "所以一次就够了。",
    ]
    assert [s.move for s in turns] == ["plan", "doubt", "conclude"]


def test_unknown_granularity_is_refused() -> None:
    with pytest.raises(ValueError, match="granularity"):
        split_steps(Trace(answer="x"), "word")
