"""One matching run over a batch of record pairs: passages (token level) and their metrics.

A batch lays out K comparison pairs as two ``Side``s: pair k's A record is segment k
and group k of side A, its B record segment k and group k of side B, so one pass of the
matcher finds every pair's passages and nothing crosses pairs. ``compare`` builds the
user-facing results from this; the chance baseline runs the same code on a control batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tracepair.core.match.exact import (
    PrefixHash,
    Side,
    _ngram_hashes,
    coverage,
    group_by_string,
    maximal_matches,
)
from tracepair.core.match.near_exact import NearExact, near_exact
from tracepair.core.text.rarity import word_rarity
from tracepair.core.text.tokens import Tokens


@dataclass
class Batch:
    a_toks: list[Tokens]  # pair k's A record tokens
    b_toks: list[Tokens]
    a: Side = field(init=False)
    b: Side = field(init=False)
    a_off: np.ndarray = field(init=False)  # first token of pair k on side A
    b_off: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.a, self.a_off = _side(self.a_toks)
        self.b, self.b_off = _side(self.b_toks)

    def __len__(self) -> int:
        return len(self.a_toks)


def _side(toks: list[Tokens]) -> tuple[Side, np.ndarray]:
    lens = np.array([len(t) for t in toks], dtype=np.int64)
    off = np.concatenate(([0], np.cumsum(lens)[:-1])).astype(np.int64) if len(toks) else lens
    # One record (trace vs trace): use its ids as they are, no copy.
    if len(toks) == 1:
        ids = toks[0].ids
    else:
        ids = np.concatenate([t.ids for t in toks]) if toks else np.zeros(0, dtype=np.int64)
    seg = np.repeat(np.arange(len(toks), dtype=np.int64), lens)
    return Side(ids.astype(np.int64, copy=False), seg, seg), off


@dataclass
class Found:
    """A shared passage in token positions of the batch sides."""

    pair: int
    a_starts: np.ndarray  # global token positions on side A
    b_starts: np.ndarray
    a_len: int
    b_len: int
    similarity: float
    echo: bool = False


@dataclass
class RawMetrics:
    containment_a: float
    containment_b: float
    jaccard: float
    longest_tokens: int
    weighted_score: float
    tokens_a: int
    tokens_b: int
    weight: float


def find(
    batch: Batch, n: int, near: bool, min_similarity: float, max_gap: int, prompts: Side | None
) -> tuple[list[Found], PrefixHash]:
    """Every exact passage (grouped by string within a pair) and near-exact chain of the batch."""
    a, b = batch.a, batch.b
    ph_a, ph_b = PrefixHash(a.ids), PrefixHash(b.ids)
    mems = maximal_matches(a, b, n, ph_a, ph_b)
    found = [
        Found(int(a.grp[g.a_starts[0]]), g.a_starts, g.b_starts, g.length, g.length, 1.0)
        for g in group_by_string(mems, a, ph_a)
    ]
    if near:
        ne = near_exact(a, b, mems, ph_a, ph_b, max_gap=max_gap, min_similarity=min_similarity)
        found.extend(_group_near(ne, a, ph_a, ph_b))
    if prompts is not None and len(prompts) and found:
        _mark_echo(found, a, ph_a, n, prompts)
    return found, ph_a


def _group_near(ne: NearExact, a: Side, ph_a: PrefixHash, ph_b: PrefixHash) -> list[Found]:
    """Near-exact chains with the same text on both sides become one passage with all occurrences."""
    if not len(ne):
        return []
    la, lb = ne.a1 - ne.a0, ne.b1 - ne.b0
    key = ph_a.of(ne.a0, la) ^ (ph_b.of(ne.b0, lb) * np.uint64(0xBF58476D1CE4E5B9))
    key ^= (la * 1_000_003 + lb).astype(np.uint64) * np.uint64(0x94D049BB133111EB)
    key ^= a.grp[ne.a0].astype(np.uint64) * np.uint64(0xD6E8FEB86659FD93)
    order = np.argsort(key, kind="stable")
    sk = key[order]
    starts = np.flatnonzero(np.concatenate(([True], sk[1:] != sk[:-1])))
    ends = np.concatenate((starts[1:], [len(sk)]))
    out = []
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        idx = order[s:e]
        k = int(idx[0])
        out.append(Found(int(a.grp[ne.a0[k]]), np.unique(ne.a0[idx]), np.unique(ne.b0[idx]), int(la[k]),
                         int(lb[k]), float(ne.similarity[k])))
    return out


def _mark_echo(found: list[Found], a: Side, ph_a: PrefixHash, n: int, prompts: Side) -> None:
    """A passage echoes the prompt when at least half of its n-grams occur in its pair's prompt."""
    _, ph = _ngram_hashes(prompts, PrefixHash(prompts.ids), n)
    prompt_set = np.unique(ph)
    counts = np.array([max(f.a_len - n + 1, 1) for f in found], dtype=np.int64)
    first = np.array([int(f.a_starts[0]) for f in found], dtype=np.int64)
    pos = np.repeat(first, counts) + (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts))
    pos = np.minimum(pos, len(a) - n)
    h = ph_a.of(pos, n) ^ (a.grp[pos].astype(np.uint64) * np.uint64(0xD6E8FEB86659FD93))
    hit = np.isin(h, prompt_set)
    per = np.add.reduceat(hit.astype(np.int64), np.cumsum(counts) - counts)
    for f, k, c in zip(found, per.tolist(), counts.tolist(), strict=True):
        f.echo = 2 * k >= c


def side_rarity(toks: list[Tokens], side: Side, language: str) -> np.ndarray:
    """Rarity (0..1) of every token of a side, looked up once per distinct token."""
    if not len(side):
        return np.zeros(0)
    _, first, inverse = np.unique(side.ids, return_index=True, return_inverse=True)
    off = np.concatenate(([0], np.cumsum([len(t) for t in toks])))
    words = []
    for p in first.tolist():
        k = int(side.seg[p])
        t, loc = toks[k], p - off[k]
        words.append(t.text[t.starts[loc] : t.ends[loc]].lower().replace("\u2019", "'"))
    return np.array([word_rarity(w, language) for w in words], dtype=float)[inverse]


def masks(batch: Batch, found: list[Found], exclude_echo: bool) -> tuple[np.ndarray, np.ndarray]:
    """Tokens of each side covered by a (counted) passage."""
    use = [f for f in found if not (exclude_echo and f.echo)]
    if not use:
        return np.zeros(len(batch.a), dtype=bool), np.zeros(len(batch.b), dtype=bool)
    a_st = np.concatenate([f.a_starts for f in use])
    a_ln = np.concatenate([np.full(len(f.a_starts), f.a_len) for f in use])
    b_st = np.concatenate([f.b_starts for f in use])
    b_ln = np.concatenate([np.full(len(f.b_starts), f.b_len) for f in use])
    return coverage(len(batch.a), a_st, a_ln), coverage(len(batch.b), b_st, b_ln)


def ngram_overlap(batch: Batch, n: int, prompts: Side | None, exclude_echo: bool) -> tuple[np.ndarray, ...]:
    """Per pair: distinct n-grams in A, in B and in both (prompt n-grams left out when excluding echo)."""
    k = len(batch)
    pa, ha = _ngram_hashes(batch.a, PrefixHash(batch.a.ids), n)
    pb, hb = _ngram_hashes(batch.b, PrefixHash(batch.b.ids), n)
    ua, ia = np.unique(ha, return_index=True)
    ub, ib = np.unique(hb, return_index=True)
    ga, gb = batch.a.grp[pa[ia]], batch.b.grp[pb[ib]]
    if exclude_echo and prompts is not None and len(prompts):
        _, hp = _ngram_hashes(prompts, PrefixHash(prompts.ids), n)
        keep_a, keep_b = ~np.isin(ua, hp), ~np.isin(ub, hp)
        ua, ga, ub, gb = ua[keep_a], ga[keep_a], ub[keep_b], gb[keep_b]
    both = np.isin(ua, ub, assume_unique=True)
    return (np.bincount(ga, minlength=k), np.bincount(gb, minlength=k), np.bincount(ga[both], minlength=k))


def metrics_of(
    cov_a: np.ndarray, cov_b: np.ndarray, w_a: np.ndarray, w_b: np.ndarray, inter: int, union: int, longest: int
) -> RawMetrics:
    ta, tb = len(cov_a), len(cov_b)
    wsum = float(w_a.sum() + w_b.sum())
    return RawMetrics(
        containment_a=float(cov_a.sum() / ta) if ta else 0.0,
        containment_b=float(cov_b.sum() / tb) if tb else 0.0,
        jaccard=inter / union if union else 0.0,
        longest_tokens=longest,
        weighted_score=float((w_a[cov_a].sum() + w_b[cov_b].sum()) / wsum) if wsum else 0.0,
        tokens_a=ta,
        tokens_b=tb,
        weight=wsum,
    )
