"""The in-order alignment of two step lists (Needleman–Wunsch with merges), and moves out of order.

Pairing steps i and j gains ``score - min_score``; leaving a step unpaired gains 0. Besides
one-to-one matches, one step may be read against two consecutive steps of the other side (a
merge) when the two together are clearly closer to it than either alone. Each row of the table is
computed at once with numpy: the only in-row dependency (a B step left unpaired) is a running
maximum. Strongly similar pairs the path leaves out because they sit out of order become moves.
"""

from __future__ import annotations

import time
from collections.abc import Generator

import numpy as np

from tracepair.core.align.results import AlignedPair, AlignSettings
from tracepair.core.align.step_similarity import _YIELD_SECONDS, StepSimilarity
from tracepair.core.model import finish

_UP, _DIAG, _MERGE_B, _MERGE_A, _LEFT = 0, 1, 2, 3, 4  # _LEFT is a bit: see monotone_pairs


def _merge_scores(
    s: np.ndarray, adjacent_a: np.ndarray, adjacent_b: np.ndarray,
    mass_a: np.ndarray, mass_b: np.ndarray, settings: AlignSettings,
) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Accepted merges ``(a, b, score)``, sorted by A step: A_a ~ B_b + B_b+1, and A_a + A_a+1 ~ B_b.

    Reading two steps as one adds their vectors weighted by ``mass`` (sqrt of word
    count, a proxy for a TF-IDF vector's norm), so the cosine is
    ``(m1 s1 + m2 s2) / sqrt(m1² + m2² + 2 m1 m2 adj)``. Only computed where both
    parts reach ``min_score``: those few cells are found once and kept as index arrays.
    """
    ii, jj = np.nonzero(s >= settings.min_score)  # row-major: a row's cells are consecutive
    v = s[ii, jj].astype(np.float64)

    def accepted(i, j, s1, s2, adjacent, mass):  # i: the single step; j, j+1: the two read as one
        m1, m2 = mass[j], mass[j + 1]
        merged = (m1 * s1 + m2 * s2) / np.sqrt(m1 * m1 + m2 * m2 + 2 * m1 * m2 * adjacent[j])
        ok = merged >= np.maximum(s1, s2) + settings.merge_gain
        return i[ok], j[ok], merged[ok]

    nxt = np.flatnonzero((ii[1:] == ii[:-1]) & (jj[1:] == jj[:-1] + 1))
    mb_i, mb_j, mb = accepted(ii[nxt], jj[nxt], v[nxt], v[nxt + 1], adjacent_b, mass_b)
    by_col = np.lexsort((ii, jj))
    ci, cj, cv = ii[by_col], jj[by_col], v[by_col]
    nxt = np.flatnonzero((cj[1:] == cj[:-1]) & (ci[1:] == ci[:-1] + 1))
    ma_j, ma_i, ma = accepted(cj[nxt], ci[nxt], cv[nxt], cv[nxt + 1], adjacent_a, mass_a)
    order = np.lexsort((ma_j, ma_i))
    return (mb_i, mb_j, mb), (ma_i[order], ma_j[order], ma[order])


def _by_row(row: np.ndarray, n: int) -> np.ndarray:
    """Bounds: entries of row r are [bounds[r], bounds[r + 1]) of arrays sorted by row."""
    return np.searchsorted(row, np.arange(n + 1))


def monotone_pairs(sim: StepSimilarity, settings: AlignSettings) -> list[AlignedPair]:
    """The best in-order alignment (matches and merges) under ``settings``."""
    return finish(iter_monotone(sim, settings))


def iter_monotone(
    sim: StepSimilarity, settings: AlignSettings, columns: np.ndarray | None = None
) -> Generator[float, None, list[AlignedPair]]:
    """``monotone_pairs``, yielding the fraction of rows done about every ``_YIELD_SECONDS``.

    ``columns``: B's steps in this order instead (a permutation; merges must be off). The
    permuted table is never built: each row is gathered when it is needed.
    """
    s = sim.matrix
    na, nb = s.shape
    min32 = np.float32(settings.min_score)
    none = np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    if settings.merges:
        assert columns is None, "merges need B's real order"
        (mb_i, mb_j, mb), (ma_i, ma_j, ma) = _merge_scores(
            s, sim.adjacent_a, sim.adjacent_b, sim.mass_a, sim.mass_b, settings
        )
    else:
        (mb_i, mb_j, mb), (ma_i, ma_j, ma) = none, none
    # A merge counts as two pairs of its score: it accounts for three steps instead of two.
    mb_gain, ma_gain = 2 * (mb - settings.min_score), 2 * (ma - settings.min_score)
    mb_at, ma_at = _by_row(mb_i, na), _by_row(ma_i, na)
    # Left of its first positive gain or merge, a row equals the row above (every cell "up",
    # the table is non-decreasing along a row): only the rest is computed, and a row with
    # none at all is skipped, which is most rows when few steps are alike.
    pi, pj = np.nonzero(s > min32)  # the cells with a positive gain
    if columns is not None:
        where = np.empty(nb, dtype=np.int64)
        where[columns] = np.arange(nb)
        pj = where[pj]  # B step -> its column in the permuted table
    first = np.full(na, nb, dtype=np.int64)
    np.minimum.at(first, pi, pj)
    np.minimum.at(first, mb_i, mb_j + 1)
    np.minimum.at(first, ma_i + 1, ma_j)
    # ptr: bits 0-1 say how the cell's own best was reached (_UP, _DIAG, _MERGE_B, _MERGE_A),
    # bit 2 (_LEFT) that a cell to its left did better (B steps left unpaired)
    ptr = np.zeros((na + 1, nb + 1), dtype=np.int8)
    prev2 = prev = np.zeros(nb + 1)
    diag_buf, best_buf = np.empty(nb), np.empty(nb)
    choice_buf, left_buf = np.empty(nb, dtype=bool), np.empty(nb, dtype=bool)
    gain_buf = np.empty(nb, dtype=np.float32)
    clock = time.perf_counter()
    for i in range(1, na + 1):
        if time.perf_counter() - clock > _YIELD_SECONDS:
            yield (i - 1) / na
            clock = time.perf_counter()
        k = int(first[i - 1])  # table column k + 1 is the first that can differ from the row above
        if k >= nb:
            prev2 = prev
            continue
        diag, best, choice, left = diag_buf[k:], best_buf[k:], choice_buf[k:], left_buf[k:]
        scores = s[i - 1, k:] if columns is None else s[i - 1][columns[k:]]
        gain = np.subtract(scores, min32, out=gain_buf[k:])  # float32, as the pair's score
        up = prev[k + 1 :]  # A step i-1 left unpaired
        np.add(prev[k:-1], gain, out=diag)
        np.maximum(up, diag, out=best)
        np.greater(diag, up, out=choice)
        how = choice.view(np.int8)  # _UP = 0, _DIAG = 1
        lo, hi = mb_at[i - 1], mb_at[i]
        if hi > lo:  # cell (i, j + 2): A step i-1 with B steps j, j+1
            j = mb_j[lo:hi]
            merge = prev[j] + mb_gain[lo:hi]
            take = merge > best[j + 1 - k]
            best[j[take] + 1 - k] = merge[take]
            how[j[take] + 1 - k] = _MERGE_B
        lo, hi = (ma_at[i - 2], ma_at[i - 1]) if i >= 2 else (0, 0)
        if hi > lo:  # cell (i, j + 1): A steps i-2, i-1 with B step j
            j = ma_j[lo:hi]
            merge = prev2[j] + ma_gain[lo:hi]
            take = merge > best[j - k]
            best[j[take] - k] = merge[take]
            how[j[take] - k] = _MERGE_A
        row = prev.copy()
        np.maximum.accumulate(best, out=row[k + 1 :])  # B steps left unpaired: a running maximum
        np.greater(row[k + 1 :], best, out=left)
        np.left_shift(left.view(np.int8), 2, out=ptr[i, k + 1 :])
        np.bitwise_or(ptr[i, k + 1 :], how, out=ptr[i, k + 1 :])
        prev2, prev = prev, row
    ptr[0, 1:] = _LEFT
    merge_b = {(a, b): v for a, b, v in zip(mb_i.tolist(), mb_j.tolist(), mb.tolist(), strict=True)}
    merge_a = {(a, b): v for a, b, v in zip(ma_i.tolist(), ma_j.tolist(), ma.tolist(), strict=True)}
    pairs: list[AlignedPair] = []
    i, j = na, nb
    while i > 0 or j > 0:
        p = ptr[i, j]
        if p & _LEFT:
            j -= 1
        elif p == _UP:
            i -= 1
        elif p == _DIAG:
            b = j - 1 if columns is None else int(columns[j - 1])
            pairs.append(AlignedPair((i - 1,), (j - 1,), float(s[i - 1, b]), "match"))
            i, j = i - 1, j - 1
        elif p == _MERGE_B:
            pairs.append(AlignedPair((i - 1,), (j - 2, j - 1), merge_b[i - 1, j - 2], "merge"))
            i, j = i - 1, j - 2
        else:
            pairs.append(AlignedPair((i - 2, i - 1), (j - 1,), merge_a[i - 2, j - 1], "merge"))
            i, j = i - 2, j - 1
    pairs.reverse()
    return pairs


def find_moves(s: np.ndarray, pairs: list[AlignedPair], settings: AlignSettings) -> list[AlignedPair]:
    """Add strongly similar out-of-order pairs as moves (best first, each step used once).

    A candidate may take a step from an in-order pair that scores at least
    ``move_margin`` less; that weaker pair is then dropped.
    """
    owner_a: dict[int, AlignedPair] = {}
    owner_b: dict[int, AlignedPair] = {}
    for p in pairs:
        owner_a.update({i: p for i in p.a})
        owner_b.update({j: p for j in p.b})
    kept = set(pairs)
    ii, jj = np.nonzero(s >= settings.move_score)
    order = np.argsort(-s[ii, jj], kind="stable")
    for i, j in zip(ii[order].tolist(), jj[order].tolist(), strict=True):
        score = float(s[i, j])
        rivals = {p for p in (owner_a.get(i), owner_b.get(j)) if p is not None and p in kept}
        if any(p.kind == "move" or p.score + settings.move_margin > score for p in rivals):
            continue
        for p in rivals:
            kept.discard(p)
            for k in p.a:
                owner_a.pop(k, None)
            for k in p.b:
                owner_b.pop(k, None)
        move = AlignedPair((i,), (j,), score, "move")
        kept.add(move)
        owner_a[i] = owner_b[j] = move
    return sorted(kept, key=lambda p: (p.a[0], p.b[0]))
