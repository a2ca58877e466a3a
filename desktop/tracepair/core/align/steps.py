"""Split a trace into steps the way a reader would.

A step starts at a paragraph (blank line), a list item, or a Markdown heading (a
heading alone joins the paragraph under it). Granularity:

- ``"paragraph"``: those blocks;
- ``"turn"``: in the reasoning, a paragraph is also cut before every sentence that
  opens with a reasoning marker ("Wait,", "So", "首先", ...);
- ``"sentence"``: every sentence.

A block longer than ``max_chars`` falls back to sentences, packed greedily into
pieces of at most ``max_chars`` (a piece is cut before a marker when it can be).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Literal

from tracepair.core.model import Trace
from tracepair.core.text.markers import MarkerSet, MarkersLike, first_turn_start, marker_set, turn_starts

Granularity = Literal["paragraph", "turn", "sentence"]
GRANULARITIES: tuple[str, ...] = ("paragraph", "turn", "sentence")
DEFAULT_MAX_CHARS = 1200

_BLANK = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_ITEM = re.compile(r"[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+\S")
_HEADING = re.compile(r"[ \t]*(?:#{1,6}[ \t]+\S.*|\*\*[^*\n]+\*\*[ \t]*:?)$")


@dataclass(frozen=True)
class Step:
    index: int
    start: int  # [start, end) into Trace.text
    end: int
    part: Literal["reasoning", "answer"]
    text: str
    marker: str | None = None  # the marker phrase that opens the step, as in the marker list
    move: str | None = None


def split_steps(
    trace: Trace,
    granularity: str = "paragraph",
    max_chars: int = DEFAULT_MAX_CHARS,
    markers: MarkersLike = None,
) -> list[Step]:
    """The steps of ``trace`` (reasoning first, then answer), with spans into ``trace.text``."""
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {', '.join(GRANULARITIES)}, not {granularity!r}")
    mset = marker_set(markers)
    spans: list[tuple[int, int, Literal["reasoning", "answer"]]] = []
    parts: list[tuple[Literal["reasoning", "answer"], int, int]] = []
    if trace.reasoning:
        parts.append(("reasoning", 0, trace.reasoning_end))
    if trace.answer:
        parts.append(("answer", trace.answer_start, len(trace.text)))
    text = trace.text
    for part, lo, hi in parts:
        for b_lo, b_hi in _blocks(text, lo, hi):
            for s_lo, s_hi in _cut(text, b_lo, b_hi, granularity, part, max_chars, mset):
                spans.append((s_lo, s_hi, part))
    steps = []
    for i, (lo, hi, part) in enumerate(spans):
        first = first_turn_start(text[lo:hi])  # past bullets, hashes and emphasis
        m = mset.match(text, lo + first) if first is not None else None
        steps.append(Step(i, lo, hi, part, text[lo:hi], m.phrase if m else None, m.move if m else None))
    return steps


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def _blocks(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Paragraphs, list items and headings (a heading is joined to what follows it)."""
    pieces: list[tuple[int, int]] = []
    pos = lo
    for m in [*_BLANK.finditer(text, lo, hi), None]:
        end = m.start() if m else hi
        pieces.extend(_lines_split(text, pos, end))
        if m:
            pos = m.end()
    blocks: list[tuple[int, int]] = []
    pending: int | None = None  # start of a heading waiting for its body
    for p_lo, p_hi in pieces:
        p_lo, p_hi = _trim(text, p_lo, p_hi)
        if p_lo >= p_hi:
            continue
        if pending is not None:
            p_lo, pending = pending, None
        if _HEADING.match(text, p_lo, p_hi) and "\n" not in text[p_lo:p_hi]:
            pending = p_lo
            continue
        blocks.append((p_lo, p_hi))
    if pending is not None:
        blocks.append(_trim(text, pending, hi))
    return blocks


def _lines_split(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Cut a paragraph before each list item or heading line it holds."""
    cuts = [lo]
    pos = text.find("\n", lo, hi)
    while pos != -1:
        line = pos + 1
        end = text.find("\n", line, hi)
        line_end = hi if end == -1 else end
        if _ITEM.match(text, line, line_end) or _HEADING.match(text, line, line_end):
            cuts.append(line)
        pos = end
    cuts.append(hi)
    return [(a, b) for a, b in itertools.pairwise(cuts) if a < b]


def _cut(
    text: str, lo: int, hi: int, granularity: str, part: str, max_chars: int, markers: MarkerSet
) -> list[tuple[int, int]]:
    if granularity == "paragraph" and hi - lo <= max_chars:
        return [(lo, hi)]
    starts = [lo + s for s in turn_starts(text[lo:hi])]
    if not starts or starts[0] != lo:
        starts.insert(0, lo)
    if granularity == "sentence":
        return _spans(text, starts, hi)
    reasoning = part == "reasoning"
    opens_turn = [s == lo or (reasoning and markers.match(text, s) is not None) for s in starts]
    if granularity == "turn":
        turns = _spans(text, [s for s, t in zip(starts, opens_turn, strict=True) if t], hi)
    else:
        turns = [(lo, hi)]
    out: list[tuple[int, int]] = []
    for t_lo, t_hi in turns:
        if t_hi - t_lo <= max_chars:
            out.append((t_lo, t_hi))
            continue
        inner = [(s, t) for s, t in zip(starts, opens_turn, strict=True) if t_lo <= s < t_hi]
        out.extend(_pack(text, inner, t_hi, max_chars))
    return out


def _spans(text: str, starts: list[int], hi: int) -> list[tuple[int, int]]:
    ends = [*starts[1:], hi]
    return [sp for sp in (_trim(text, a, b) for a, b in zip(starts, ends, strict=True)) if sp[0] < sp[1]]


def _pack(text: str, sentences: list[tuple[int, bool]], hi: int, max_chars: int) -> list[tuple[int, int]]:
    """Group consecutive sentences into pieces of at most ``max_chars``; prefer cutting at a marker."""
    bounds = [s for s, _ in sentences] + [hi]
    out: list[tuple[int, int]] = []
    i = 0
    n = len(sentences)
    while i < n:
        j = i + 1
        while j < n and bounds[j + 1] - bounds[i] <= max_chars:
            j += 1
        if j < n:  # not the last piece: back up to the last marker sentence, if one is past the middle
            for k in range(j - 1, i, -1):
                if sentences[k][1] and bounds[k] - bounds[i] >= max_chars // 2:
                    j = k
                    break
        out.append(_trim(text, bounds[i], bounds[j]))
        i = j
    return [sp for sp in out if sp[0] < sp[1]]
