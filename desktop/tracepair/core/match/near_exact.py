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

from tracepair.core.match.exact import (
    Matches,
    PrefixHash,
    Side,
    extend_left,
    extend_right,
    segment_ends,
    segment_starts,
)

#: Anchors handled per step (bounds temporary memory on million-token inputs).
_CHUNK = 1 << 17


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


def _gap_offsets(max_gap: int) -> np.ndarray:
    """(gap in A, gap in B), cheapest edit first."""
    offs = [(da, db) for da in range(max_gap + 1) for db in range(max_gap + 1) if (da, db) != (0, 0)]
    return np.array(sorted(offs, key=lambda o: (max(o), o[0] + o[1])), dtype=np.int64)


def _walk(
    a: Side, b: Side, ph_a: PrefixHash, ph_b: PrefixHash, pos_a: np.ndarray, pos_b: np.ndarray,
    lim_a: np.ndarray, lim_b: np.ndarray, bridge: int, offsets: np.ndarray, right: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Follow bridges from the chain ends ``pos`` (exclusive end when ``right``, start otherwise)
    up to the record limits ``lim``: new ends, tokens matched on the way, number of bridges."""
    pos_a, pos_b = pos_a.copy(), pos_b.copy()
    matched = np.zeros(len(pos_a), dtype=np.int64)
    edits = np.zeros(len(pos_a), dtype=np.int64)
    sign = 1 if right else -1
    active = np.arange(len(pos_a))
    while len(active):
        pa, pb = pos_a[active], pos_b[active]
        found = np.full(len(active), -1, dtype=np.int64)
        for k, (da, db) in enumerate(offsets.tolist()):
            # First token of the candidate run, walking outwards.
            sa, sb = (pa + da, pb + db) if right else (pa - da - 1, pb - db - 1)
            if right:
                ok = (sa + bridge <= lim_a[active]) & (sb + bridge <= lim_b[active])
            else:
                ok = (sa - bridge + 1 >= lim_a[active]) & (sb - bridge + 1 >= lim_b[active])
            idx = np.flatnonzero(ok & (found < 0))
            for t in range(bridge):  # token by token: most candidates fail on the first
                if not len(idx):
                    break
                idx = idx[a.ids[sa[idx] + sign * t] == b.ids[sb[idx] + sign * t]]
            found[idx] = k
        hit = found >= 0
        active, pa, pb, off = active[hit], pa[hit], pb[hit], offsets[found[hit]]
        if not len(active):
            break
        known = np.full(len(active), bridge, dtype=np.int64)
        if right:
            sa, sb = pa + off[:, 0], pb + off[:, 1]
            run = extend_right(a, b, ph_a, ph_b, sa, sb, known)
            pos_a[active], pos_b[active] = sa + run, sb + run
        else:
            ea, eb = pa - off[:, 0], pb - off[:, 1]
            run = extend_left(a, b, ph_a, ph_b, ea, eb, known, lim_a[active], lim_b[active])
            pos_a[active], pos_b[active] = ea - run, eb - run
        matched[active] += run
        edits[active] += 1
    return pos_a, pos_b, matched, edits


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
    """Near-exact chains grown from the exact matches ``mems`` (each distinct chain once)."""
    offsets = _gap_offsets(max_gap)
    end_a, end_b = segment_ends(a), segment_ends(b)
    start_a, start_b = segment_starts(a), segment_starts(b)
    parts: list[tuple[np.ndarray, ...]] = []
    for c in range(0, len(mems), _CHUNK):
        ia, jb, ln = mems.ia[c : c + _CHUNK], mems.jb[c : c + _CHUNK], mems.length[c : c + _CHUNK]
        a1, b1, m_r, e_r = _walk(a, b, ph_a, ph_b, ia + ln, jb + ln, end_a[ia], end_b[jb], bridge, offsets, True)
        a0, b0, m_l, e_l = _walk(a, b, ph_a, ph_b, ia, jb, start_a[ia], start_b[jb], bridge, offsets, False)
        edits = e_r + e_l
        sim = 2 * (ln + m_r + m_l) / ((a1 - a0) + (b1 - b0))
        keep = (edits > 0) & (sim >= min_similarity)
        parts.append((a0[keep], a1[keep], b0[keep], b1[keep], sim[keep], edits[keep]))
    if not parts:
        z = np.zeros(0, dtype=np.int64)
        return NearExact(z, z, z, z, np.zeros(0), z)
    a0, a1, b0, b1, sim, edits = (np.concatenate(x) for x in zip(*parts, strict=True))
    # Anchors inside one chain usually grow into the same chain: keep each once.
    if len(a0):
        _, first = np.unique(np.stack([a0, a1, b0, b1]), axis=1, return_index=True)
        first = np.sort(first)
        a0, a1, b0, b1, sim, edits = a0[first], a1[first], b0[first], b1[first], sim[first], edits[first]
    return NearExact(a0, a1, b0, b1, sim, edits)
