"""Exact shared passages between two token sequences, in any order, over numpy arrays.

Each side is one int64 array of token ids (all its records concatenated) with two
per-token labels:

* ``seg`` — the record a token belongs to: a passage never crosses a record boundary;
* ``grp`` — the comparison pair it belongs to: a token of A only matches a token of B
  with the same ``grp`` (output sets compare each prompt's records with each other in
  one pass this way; a trace against a trace uses one group).

Method. Every run of ``n`` tokens (n-gram) gets a 64-bit polynomial hash; sorting
the hashes of both sides gives every pair (i in A, j in B) of equal n-grams (a seed),
checked token by token so a hash collision can never create a match. Seeds on the
same diagonal ``i - j`` at consecutive positions form one maximal exact match (MEM):
a pair of occurrences that can be extended neither left nor right. A seed whose
preceding tokens differ starts a MEM, and its length is found by galloping over prefix
hashes (no sort of the seeds is needed). Equal 64-bit hashes are taken as equal tokens:
a false match has a probability of about 2**-64 per comparison. MEMs with the same
token string are then grouped into one passage listing every occurrence on each side.
Cost: O((|A| + |B|) log(|A| + |B|)) plus the number of seeds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

_BASE = np.uint64(0x9E3779B97F4A7C15)  # odd, so it has an inverse modulo 2**64
_BASE_INV = np.uint64(pow(int(_BASE), -1, 2**64))
_GROUP_MIX = np.uint64(0xD6E8FEB86659FD93)

#: Seed pairs beyond this are not enumerated: only n-grams repeated very many times on both sides
#: (degenerate loops) get there; the cheapest n-grams are kept first and the result says so.
DEFAULT_MAX_SEEDS = 30_000_000
_CHUNK = 1 << 19


@dataclass
class Side:
    """One side of a comparison, as the matcher sees it."""

    ids: np.ndarray  # int64 token ids
    seg: np.ndarray  # int64 record index per token (non-decreasing)
    grp: np.ndarray  # int64 comparison-pair index per token (constant within a record)

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def single(cls, ids: np.ndarray) -> Side:
        z = np.zeros(len(ids), dtype=np.int64)
        return cls(np.asarray(ids, dtype=np.int64), z, z)


@dataclass
class Matches:
    """Maximal exact matches: ``a[ia[k] : ia[k]+length[k]] == b[jb[k] : jb[k]+length[k]]``."""

    ia: np.ndarray
    jb: np.ndarray
    length: np.ndarray
    #: True when the seed budget cut off some very repetitive n-grams.
    truncated: bool = False

    def __len__(self) -> int:
        return len(self.ia)

    def select(self, mask: np.ndarray) -> Matches:
        return Matches(self.ia[mask], self.jb[mask], self.length[mask], self.truncated)


@dataclass
class GroupedPassage:
    """One distinct shared token string and every place it occurs (token offsets)."""

    length: int
    a_starts: np.ndarray
    b_starts: np.ndarray


class PrefixHash:
    """Polynomial hashes of any token range in O(1): ``hash(i, L)`` over uint64 wrap-around."""

    def __init__(self, ids: np.ndarray) -> None:
        x = ids.astype(np.uint64, copy=False) if ids.dtype == np.uint64 else ids.view(np.uint64)
        m = len(x)
        # pw[k] = BASE**k, inv[k] = BASE**-k, prefix[k] = sum_{t<k} x[t] * BASE**t   (all mod 2**64)
        pw = np.empty(m + 1, dtype=np.uint64)
        pw[0] = 1
        if m:
            pw[1:] = _BASE
            np.cumprod(pw, out=pw)
        inv = np.empty(m + 1, dtype=np.uint64)
        inv[0] = 1
        if m:
            inv[1:] = _BASE_INV
            np.cumprod(inv, out=inv)
        prefix = np.zeros(m + 1, dtype=np.uint64)
        if m:
            np.cumsum(x * pw[:-1], out=prefix[1:])
        self.prefix, self.inv = prefix, inv

    def of(self, starts: np.ndarray, length: np.ndarray | int) -> np.ndarray:
        return (self.prefix[starts + length] - self.prefix[starts]) * self.inv[starts]


def _ngram_hashes(side: Side, ph: PrefixHash, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(positions, hashes) of every n-gram inside one record, mixed with its group."""
    m = len(side)
    if m < n:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    pos = np.arange(m - n + 1, dtype=np.int64)
    valid = side.seg[: m - n + 1] == side.seg[n - 1 :]
    pos = pos[valid]
    h = ph.of(pos, n)
    if side.grp.any():
        h ^= side.grp[pos].astype(np.uint64) * _GROUP_MIX
    return pos, h


def _runs(sorted_h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start index and length of each run of equal values in a sorted array."""
    if not len(sorted_h):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    brk = np.flatnonzero(sorted_h[1:] != sorted_h[:-1]) + 1
    starts = np.concatenate(([0], brk))
    counts = np.diff(np.concatenate((starts, [len(sorted_h)])))
    return starts, counts


def seed_pairs(
    a: Side, b: Side, n: int, ph_a: PrefixHash, ph_b: PrefixHash, max_seeds: int = DEFAULT_MAX_SEEDS,
    keep: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Every (i, j) where the n-grams at A[i] and B[j] are equal (same group) and ``keep`` holds,
    and whether the seed budget truncated the enumeration."""
    pa, ha = _ngram_hashes(a, ph_a, n)
    pb, hb = _ngram_hashes(b, ph_b, n)
    oa, ob = np.argsort(ha, kind="stable"), np.argsort(hb, kind="stable")
    sa, sb = ha[oa], hb[ob]
    ra, ca = _runs(sa)
    rb, cb = _runs(sb)
    _, ka, kb = np.intersect1d(sa[ra], sb[rb], assume_unique=True, return_indices=True)
    off_a, cnt_a, off_b, cnt_b = ra[ka], ca[ka], rb[kb], cb[kb]
    sizes = cnt_a * cnt_b
    truncated = False
    if sizes.sum() > max_seeds:
        keep = np.argsort(sizes, kind="stable")
        keep = np.sort(keep[np.cumsum(sizes[keep]) <= max_seeds])
        off_a, cnt_a, off_b, cnt_b, sizes = off_a[keep], cnt_a[keep], off_b[keep], cnt_b[keep], sizes[keep]
        truncated = True
    # Enumerate in chunks of about _CHUNK pairs, filtering each at once: bounded temporary memory.
    ia_parts, jb_parts = [], []
    ends = np.cumsum(sizes)
    first = 0
    while first < len(sizes):
        base = int(ends[first - 1]) if first else 0
        last = max(first + 1, int(np.searchsorted(ends, base + _CHUNK, side="right")))
        sz = sizes[first:last]
        total = int(sz.sum())
        g = np.repeat(np.arange(first, last), sz)
        local = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(sz) - sz, sz)
        cbg = cnt_b[g]
        ia = pa[oa[off_a[g] + local // cbg]]
        jb = pb[ob[off_b[g] + local % cbg]]
        del g, local, cbg
        if keep is not None:
            mask = keep(ia, jb)
            ia, jb = ia[mask], jb[mask]
        ia_parts.append(ia)
        jb_parts.append(jb)
        first = last
    if not ia_parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), truncated
    ia = np.concatenate(ia_parts) if len(ia_parts) > 1 else ia_parts[0]
    jb = np.concatenate(jb_parts) if len(jb_parts) > 1 else jb_parts[0]
    return ia, jb, truncated


def maximal_matches(
    a: Side,
    b: Side,
    n: int,
    ph_a: PrefixHash | None = None,
    ph_b: PrefixHash | None = None,
    max_seeds: int = DEFAULT_MAX_SEEDS,
) -> Matches:
    """All maximal exact matches of at least ``n`` tokens (n >= 2), one row per pair of occurrences."""
    if n < 2:
        raise ValueError("matches need at least 2 tokens")
    ph_a = ph_a or PrefixHash(a.ids)
    ph_b = ph_b or PrefixHash(b.ids)

    def starts_mem(ia: np.ndarray, jb: np.ndarray) -> np.ndarray:
        # A seed starts a MEM unless the tokens just before it match too (inside the same records).
        ip, jp = np.maximum(ia - 1, 0), np.maximum(jb - 1, 0)
        return (ia == 0) | (jb == 0) | (a.ids[ip] != b.ids[jp]) | (a.seg[ip] != a.seg[ia]) | (b.seg[jp] != b.seg[jb])

    ia, jb, truncated = seed_pairs(a, b, n, ph_a, ph_b, max_seeds, keep=starts_mem)
    length = extend_right(a, b, ph_a, ph_b, ia, jb, np.full(len(ia), n, dtype=np.int64))
    return Matches(ia, jb, length, truncated)


def segment_starts(side: Side) -> np.ndarray:
    """For each token, the position of the first token of its record."""
    return np.searchsorted(side.seg, side.seg, side="left").astype(np.int64)


def extend_left(
    a: Side, b: Side, ph_a: PrefixHash, ph_b: PrefixHash, ea: np.ndarray, eb: np.ndarray, known: np.ndarray,
    start_a: np.ndarray, start_b: np.ndarray,
) -> np.ndarray:
    """Length of the longest common run ending just before (ea, eb), given ``known`` tokens are equal;
    ``start_a``/``start_b`` are the first positions the run may reach back to."""
    lo = known.astype(np.int64).copy()
    hi = np.minimum(ea - start_a, eb - start_b)
    idx = np.flatnonzero(lo < hi)
    for _ in range(4):
        if not len(idx):
            break
        eq = a.ids[ea[idx] - lo[idx] - 1] == b.ids[eb[idx] - lo[idx] - 1]
        lo[idx[eq]] += 1
        hi[idx[~eq]] = lo[idx[~eq]]
        idx = idx[eq & (lo[idx] < hi[idx])]
    while len(idx):  # binary search over prefix hashes for the long ones
        mid = (lo[idx] + hi[idx] + 1) // 2
        eq = ph_a.of(ea[idx] - mid, mid) == ph_b.of(eb[idx] - mid, mid)
        lo[idx[eq]] = mid[eq]
        hi[idx[~eq]] = mid[~eq] - 1
        idx = idx[lo[idx] < hi[idx]]
    return lo


def segment_ends(side: Side) -> np.ndarray:
    """For each token, the position just past the last token of its record."""
    return np.searchsorted(side.seg, side.seg, side="right").astype(np.int64)


def extend_right(
    a: Side, b: Side, ph_a: PrefixHash, ph_b: PrefixHash, ia: np.ndarray, jb: np.ndarray, known: np.ndarray
) -> np.ndarray:
    """Length of the longest common run at (ia, jb), given the first ``known`` tokens are equal.

    Galloping then binary search on prefix hashes: O(log length) vectorised steps, so long
    copied passages cost no more than short ones.
    """
    if not len(ia):
        return known.astype(np.int64)
    ends_a = a.__dict__.get("_seg_end")
    if ends_a is None:
        ends_a = a.__dict__["_seg_end"] = segment_ends(a)
    ends_b = b.__dict__.get("_seg_end")
    if ends_b is None:
        ends_b = b.__dict__["_seg_end"] = segment_ends(b)
    lo = known.astype(np.int64).copy()
    hi = np.minimum(ends_a[ia] - ia, ends_b[jb] - jb)

    def equal(idx: np.ndarray, length: np.ndarray) -> np.ndarray:
        return ph_a.of(ia[idx], length) == ph_b.of(jb[idx], length)

    # Most matches end within a few tokens: compare tokens directly first.
    idx = np.flatnonzero(lo < hi)
    for _ in range(4):
        if not len(idx):
            break
        eq = a.ids[ia[idx] + lo[idx]] == b.ids[jb[idx] + lo[idx]]
        lo[idx[eq]] += 1
        hi[idx[~eq]] = lo[idx[~eq]]
        idx = idx[eq & (lo[idx] < hi[idx])]
    # Then gallop over prefix hashes.
    step = 1
    while len(idx):
        probe = np.minimum(lo[idx] + step, hi[idx])
        eq = equal(idx, probe)
        lo[idx[eq]] = probe[eq]
        hi[idx[~eq]] = probe[~eq] - 1
        idx = idx[eq & (probe < hi[idx])]
        step *= 2
    # Binary search inside the last gallop step.
    idx = np.flatnonzero(lo < hi)
    while len(idx):
        mid = (lo[idx] + hi[idx] + 1) // 2
        eq = equal(idx, mid)
        lo[idx[eq]] = mid[eq]
        hi[idx[~eq]] = mid[~eq] - 1
        idx = idx[lo[idx] < hi[idx]]
    return lo


def group_by_string(m: Matches, a: Side, ph_a: PrefixHash) -> list[GroupedPassage]:
    """One entry per distinct token string (and group), with all its occurrences on each side."""
    if not len(m):
        return []
    key = ph_a.of(m.ia, m.length) ^ (m.length.astype(np.uint64) * _GROUP_MIX)
    key ^= a.grp[m.ia].astype(np.uint64) * np.uint64(0x94D049BB133111EB)
    order = np.argsort(key, kind="stable")
    starts, counts = _runs(key[order])
    out = []
    for s, c in zip(starts.tolist(), counts.tolist(), strict=True):
        idx = order[s : s + c]
        out.append(GroupedPassage(int(m.length[idx[0]]), np.unique(m.ia[idx]), np.unique(m.jb[idx])))
    return out


def coverage(length: int, starts: np.ndarray, lengths: np.ndarray | int) -> np.ndarray:
    """Boolean mask of the tokens covered by ranges ``[start, start+length)``."""
    ends = starts + lengths
    diff = np.bincount(starts, minlength=length + 1) - np.bincount(ends, minlength=length + 1)
    return np.cumsum(diff[:length]) > 0
