"""Shared-passage matching: equal to a brute-force reference, and found where they were planted."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tracepair.core.load.reader import load
from tracepair.core.match.comparison import CompareSettings, find_shared_passages
from tracepair.core.match.exact import PrefixHash, Side, group_by_string, maximal_matches
from tracepair.core.text.rarity import passage_rarity, word_rarity

Passages = dict[tuple[int, tuple[int, ...]], tuple[set[int], set[int]]]


def brute_force(a: list[list[int]], b: list[list[int]], n: int) -> Passages:
    """Every maximal pair of equal runs of >= n tokens between A's record k and B's record k,
    by trying every start pair; grouped by (pair, token string) with global start offsets."""
    out: Passages = {}
    oa = ob = 0
    for ra, rb in zip(a, b, strict=True):
        for i in range(len(ra)):
            for j in range(len(rb)):
                if ra[i] != rb[j] or (i > 0 and j > 0 and ra[i - 1] == rb[j - 1]):
                    continue
                length = 0
                while i + length < len(ra) and j + length < len(rb) and ra[i + length] == rb[j + length]:
                    length += 1
                if length >= n:
                    starts = out.setdefault((oa, tuple(ra[i : i + length])), (set(), set()))
                    starts[0].add(oa + i)
                    starts[1].add(ob + j)
        oa += len(ra)
        ob += len(rb)
    return out


def engine(a: list[list[int]], b: list[list[int]], n: int) -> Passages:
    def side(recs: list[list[int]]) -> Side:
        ids = np.array([t for r in recs for t in r], dtype=np.int64)
        seg = np.repeat(np.arange(len(recs)), [len(r) for r in recs]).astype(np.int64)
        return Side(ids, seg, seg)

    sa, sb = side(a), side(b)
    offsets = np.concatenate(([0], np.cumsum([len(r) for r in a])))
    flat = sa.ids.tolist()
    out: Passages = {}
    for g in group_by_string(maximal_matches(sa, sb, n), sa, PrefixHash(sa.ids)):
        first = int(g.a_starts[0])
        rec_start = int(offsets[int(sa.seg[first])])
        out[(rec_start, tuple(flat[first : first + g.length]))] = (set(g.a_starts.tolist()), set(g.b_starts.tolist()))
    return out


records = st.lists(st.lists(st.integers(0, 3), max_size=30), min_size=1, max_size=3)


@settings(max_examples=300, deadline=None)
@given(a=records, b=records, n=st.integers(2, 5))
def test_passages_equal_brute_force_reference(a: list[list[int]], b: list[list[int]], n: int) -> None:
    k = min(len(a), len(b))
    assert engine(a[:k], b[:k], n) == brute_force(a[:k], b[:k], n)


@settings(max_examples=100, deadline=None)
@given(a=st.lists(st.integers(0, 1), max_size=60), b=st.lists(st.integers(0, 1), max_size=60))
def test_highly_repetitive_inputs_equal_brute_force(a: list[int], b: list[int]) -> None:
    assert engine([a], [b], 3) == brute_force([a], [b], 3)


# ---------------------------------------------------------------- planted passages in real outputs


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def _plant(base: str, plants: dict[int, str]) -> tuple[str, dict[int, tuple[int, int]]]:
    """Insert each planted sentence before sentence number k of ``base``; return the text and
    each plant's span from its first to its last word character."""
    parts, spans, pos = [], {}, 0
    for k, sentence in enumerate(_sentences(base)):
        if k in plants:
            planted = plants[k]
            first = re.search(r"\w", planted).start()
            last = max(m.end() for m in re.finditer(r"\w", planted))
            spans[k] = (pos + first, pos + last)
            parts.append(planted + " ")
            pos += len(planted) + 1
        parts.append(sentence + " ")
        pos += len(sentence) + 1
    return "".join(parts), spans


def test_planted_passages_are_found_moved_reordered_and_edited(slop_dir: Path) -> None:
    # Bases: a Maverick and a Gemma answer to different prompts. Planted: four real sentences of a
    # Grok answer, placed at known offsets; the fourth is planted in B with one word replaced.
    a_base = load(slop_dir / "generated_meta-llama__llama-4-maverick.jsonl").records[0].trace.text
    b_base = load(slop_dir / "generated_google__gemma-3-4b-it.jsonl").records[7].trace.text
    grok = load(slop_dir / "generated_x-ai__grok-3-mini-beta.jsonl").records[3].trace.text
    p1, p2, p3, p4 = [s for s in _sentences(grok) if 12 <= len(s.split()) <= 30][:4]
    words = p4.split()
    words[len(words) // 2] = "zebra"
    p4_edited = " ".join(words)

    a_text, a_spans = _plant(a_base, {2: p1, 4: p2, 6: p3, 8: p4})
    b_text, b_spans = _plant(b_base, {1: p3, 3: p4_edited, 5: p1, 7: p2})  # p1 moved, p2/p3 swapped
    found = find_shared_passages(a_text, b_text, CompareSettings())

    exact = {(sa, sb) for p in found if p.exact for sa in p.a_spans for sb in p.b_spans}
    assert (a_spans[2], b_spans[5]) in exact  # p1
    assert (a_spans[4], b_spans[7]) in exact  # p2
    assert (a_spans[6], b_spans[1]) in exact  # p3
    near = [p for p in found if not p.exact and a_spans[8] in p.a_spans and b_spans[3] in p.b_spans]
    assert len(near) == 1 and 0.8 <= near[0].similarity < 1.0
    assert "zebra" in near[0].b_text and "zebra" not in near[0].text


def test_near_exact_can_be_switched_off(slop_dir: Path) -> None:
    text = load(slop_dir / "generated_meta-llama__llama-4-scout.jsonl").records[2].trace.text
    sentence = next(s for s in _sentences(text) if len(s.split()) >= 16)
    words = sentence.split()
    words[8] = "zebra"
    edited = " ".join(words)
    on = find_shared_passages(sentence, edited)
    off = find_shared_passages(sentence, edited, CompareSettings(near_exact=False))
    assert any(not p.exact for p in on)
    assert off and all(p.exact for p in off)


def test_rarity_separates_stock_phrases_from_distinctive_ones() -> None:
    stock = passage_rarity(["one", "of", "the", "most"])
    distinctive = passage_rarity(["a", "tapestry", "of", "whispered", "promises"])
    assert stock < 0.1 < 0.3 < distinctive
    assert distinctive > 4 * stock
    # the values core/text/rarity.py and docs/matching.md quote
    assert (round(stock, 2), round(distinctive, 2)) == (0.03, 0.43)
    assert [round(word_rarity(w), 3) for w in ("the", "one", "most")] == [0.0, 0.007, 0.125]
