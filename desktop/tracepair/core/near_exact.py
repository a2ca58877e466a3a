"""Near-exact passages: exact matches joined across small edits.

Each exact match (a MEM of at least N tokens) is an anchor. From its right end we look
for the next short exact run (``bridge`` tokens, default 3) that starts within
``max_gap`` tokens on both sides — a changed word (gap 1 on both sides), an inserted
word (gap on one side), or a few — take the closest, extend it as far as it matches, and
repeat; then the same to the left. An anchor that was bridged at least once becomes a
near-exact passage spanning the whole chain.

Similarity is the share of the two spans' tokens that sit in the chain's exact runs,
``2 * matched / (len_a + len_b)``: 1.0 would be exact, one changed word in 20 gives 0.95.
Chains below ``min_similarity`` are dropped. A near-exact passage always contains one
exact run of at least N tokens (its anchor): edits closer together than that are not
followed — such text is paraphrase rather than copying.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tracepair.core.matching import Matches, PrefixHash, Side, extend_right, segment_ends


@dataclass
class NearExact:
    """Chains as arrays: tokens ``a0..a1`` of A against ``b0..b1`` of B."""

    a0: np.ndarray
    a1: np.ndarray
    b0: np.ndarray
    b1: np.ndarray
    similarity: np.ndarray
    edits: np.ndarray  # number of bridged gaps

    def __len__(self) -> int:
        return len(self.a0)


def _gap_offsets(max_gap: int) -> list[tuple[int, int]]:
    """(gap in A, gap in B), cheapest edit first."""
    offs = [(da, db) for da in range(max_gap + 1) for db in range(max_gap + 1) if (da, db) != (0, 0)]
    return sorted(offs, key=lambda o: (max(o), o[0] + o[1]))


def _bridge_right(
    a: Side, b: Side, ph_a: PrefixHash, ph_b: PrefixHash, end_a: np.ndarray, end_b: np.ndarray,
    bridge: int, max_gap: int, max_rounds: int = 1000,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Follow bridges rightwards: new ends, matched tokens added, number of bridges."""
    seg_end_a, seg_end_b = segment_ends(a), segment_ends(b)
    end_a, end_b = end_a.copy(), end_b.copy()
    matched = np.zeros(len(end_a), dtype=np.int64)
    edits = np.zeros(len(end_a), dtype=np.int64)
    limit_a = seg_end_a[np.maximum(end_a - 1, 0)]
    limit_b = seg_end_b[np.maximum(end_b - 1, 0)]
    active = np.arange(len(end_a))
    for _ in range(max_rounds):
        if not len(active):
            break
        ea, eb = end_a[active], end_b[active]
        found = np.full(len(active), -1, dtype=np.int64)
        for k, (da, db) in enumerate(_gap_offsets(max_gap)):
            sa, sb = ea + da, eb + db
            ok = (found < 0) & (sa + bridge <= limit_a[active]) & (sb + bridge <= limit_b[active])
            idx = np.flatnonzero(ok)
            if len(idx):
                eq = ph_a.of(sa[idx], bridge) == ph_b.of(sb[idx], bridge)
                found[idx[eq]] = k
        hit = found >= 0
        active, found, ea, eb = active[hit], found[hit], ea[hit], eb[hit]
        if not len(active):
            break
        offs = np.array(_gap_offsets(max_gap), dtype=np.int64)[found]
        sa, sb = ea + offs[:, 0], eb + offs[:, 1]
        run = extend_right(a, b, ph_a, ph_b, sa, sb, np.full(len(sa), bridge, dtype=np.int64))
        end_a[active], end_b[active] = sa + run, sb + run
        matched[active] += run
        edits[active] += 1
    return end_a, end_b, matched, edits


def _reverse(side: Side) -> Side:
    # Reversed segment labels stay non-decreasing when negated.
    return Side(side.ids[::-1].copy(), -side.seg[::-1], side.grp[::-1].copy())


def near_exact(
    a: Side,
    b: Side,
    mems: Matches,
    ph_a: PrefixHash,
    ph_b: PrefixHash,
    *,
    bridge: int = 3,
    max_gap: int = 3,
    min_similarity: float = 0.8,
) -> NearExact:
    """Near-exact chains grown from the exact matches ``mems`` (distinct chains only)."""
    z = np.zeros(0, dtype=np.int64)
    if not len(mems):
        return NearExact(z, z, z, z, np.zeros(0), z)
    end_a, end_b, m_r, e_r = _bridge_right(
        a, b, ph_a, ph_b, mems.ia + mems.length, mems.jb + mems.length, bridge, max_gap
    )
    # Leftwards: the same walk on the reversed sequences.
    ra, rb = _reverse(a), _reverse(b)
    start_a, start_b, m_l, e_l = _bridge_right(
        ra, rb, PrefixHash(ra.ids), PrefixHash(rb.ids), len(a) - mems.ia, len(b) - mems.jb, bridge, max_gap
    )
    start_a, start_b = len(a) - start_a, len(b) - start_b
    edits = e_r + e_l
    keep = edits > 0
    a0, a1, b0, b1 = start_a[keep], end_a[keep], start_b[keep], end_b[keep]
    matched = (mems.length + m_r + m_l)[keep]
    sim = 2 * matched / ((a1 - a0) + (b1 - b0))
    ok = sim >= min_similarity
    a0, a1, b0, b1, sim, edits = a0[ok], a1[ok], b0[ok], b1[ok], sim[ok], edits[keep][ok]
    # Anchors inside one chain usually grow into the same chain: keep each once.
    if len(a0):
        _, first = np.unique(np.stack([a0, a1, b0, b1]), axis=1, return_index=True)
        first = np.sort(first)
        a0, a1, b0, b1, sim, edits = a0[first], a1[first], b0[first], b1[first], sim[first], edits[first]
    return NearExact(a0, a1, b0, b1, sim, edits)
