"""Structural alignment: which step of trace A matches which step of trace B.

1. Both traces are split into steps (``core.steps``) and every step pair is scored
   (``core.step_similarity``), optionally with shared passages as a bonus.
2. A monotone alignment with gaps (Needleman–Wunsch) picks the in-order pairs:
   pairing steps i and j gains ``score - min_score``, leaving a step unpaired gains
   0 (with global alignment a linear gap penalty is the same thing as this
   threshold). Besides one-to-one matches it allows merges: one step of A read
   against two consecutive steps of B (or the reverse), accepted only when the two
   together are clearly closer to it than either alone. Each row of the table is
   computed at once with numpy: the only in-row dependency (a B step left
   unpaired) is a running maximum.
3. Moves: strongly similar pairs left out of the path because they sit out of order
   are reported as kind "move" rather than lost as gaps.
4. A control says what chance gives: the mean score of a random pairing of A's
   steps with B's, the 99th percentile of the pairs left unpaired, how many pairs of
   a random pairing would pass ``min_score``, and how many in-order pairs the same
   alignment finds once B's steps are shuffled (order evidence).
"""

from __future__ import annotations

import time
from collections.abc import Generator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from tracepair.core.align.step_similarity import (
    _YIELD_SECONDS,
    PassageSpan,
    SimilaritySettings,
    StepSimilarity,
    iter_step_similarity,
)
from tracepair.core.align.steps import DEFAULT_MAX_CHARS, Step, split_steps
from tracepair.core.model import Progress, Trace, finish, scaled, stage
from tracepair.core.text.markers import MarkerProfile, MarkerSet, load_markers, marker_profile, profile_to_json

_UP, _DIAG, _MERGE_B, _MERGE_A, _LEFT = 0, 1, 2, 3, 4  # _LEFT is a bit: see monotone_pairs


@dataclass(frozen=True)
class AlignSettings:
    granularity: str = "paragraph"  # "paragraph" | "turn" | "sentence" (see core.steps)
    max_step_chars: int = DEFAULT_MAX_CHARS
    min_score: float = 0.25  # a pair scoring below this is not worth aligning
    merges: bool = True
    merge_gain: float = 0.05  # two steps read as one must beat the better single one by this much
    move_score: float = 0.5  # an out-of-order pair must score at least this to be reported as a move
    move_margin: float = 0.1  # ... and beat the in-order pairs of its steps by this much
    similarity: SimilaritySettings = field(default_factory=SimilaritySettings)
    markers_file: Path | None = None  # a user's marker list, added to the shipped ones
    use_passages: bool = True  # find shared passages (core.compare) and add them to the step scores


@dataclass(frozen=True)
class AlignedPair:
    """Aligned steps: one of each side, or for a merge one step and two consecutive ones."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float
    kind: str  # "match" | "merge" | "move"


@dataclass(frozen=True)
class Control:
    """What chance gives, from the same scores: A's steps paired with B's in random order."""

    random_pair_mean: float  # expected score of a pair under a random permutation (= mean of all pairs)
    random_pair_p99: float  # 99th percentile of the pairs the alignment left unpaired
    chance_pairs: float  # expected number of random-permutation pairs scoring >= min_score
    shuffled_pairs: int  # in-order pairs found when B's steps are put in a random order (seeded)
    aligned_pairs: int  # in-order pairs (matches and merges) found in the real order
    aligned_mean: float  # mean score of all aligned pairs, moves included


@dataclass
class Alignment:
    steps_a: list[Step]
    steps_b: list[Step]
    pairs: list[AlignedPair]
    markers_a: MarkerProfile
    markers_b: MarkerProfile
    control: Control
    settings: AlignSettings
    #: float32 (len(steps_a), len(steps_b)): every step pair's score (for a heat map); not in JSON.
    matrix: np.ndarray | None = None


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
    return finish(_iter_monotone(sim, settings))


def _iter_monotone(
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


def chance_control(sim: StepSimilarity, pairs: Sequence[AlignedPair], settings: AlignSettings) -> Control:
    """Scores of random pairings, and how many in-order pairs survive shuffling B's steps."""
    return finish(_iter_chance_control(sim, pairs, settings))


def _iter_chance_control(
    sim: StepSimilarity, pairs: Sequence[AlignedPair], settings: AlignSettings
) -> Generator[float, None, Control]:
    s = sim.matrix
    if s.size == 0:
        return Control(0.0, 0.0, 0.0, 0, 0, 0.0)
    perm = np.random.default_rng(0).permutation(s.shape[1])
    no_merges = replace(settings, merges=False)  # adjacency means nothing in a shuffled order
    shuffled = yield from scaled(_iter_monotone(sim, no_merges, columns=perm), 0.0, 0.9)
    return Control(
        random_pair_mean=float(s.mean()),
        random_pair_p99=_p99_unpaired(s, pairs),
        chance_pairs=float((s >= settings.min_score).mean() * min(s.shape)),
        shuffled_pairs=len(shuffled),
        aligned_pairs=sum(1 for p in pairs if p.kind != "move"),
        aligned_mean=float(np.mean([p.score for p in pairs])) if pairs else 0.0,
    )


def _p99_unpaired(s: np.ndarray, pairs: Sequence[AlignedPair]) -> float:
    """``np.percentile`` (linear) at 99 of the scores of the cells no pair uses.

    Only the top of the table is sorted: cells at or above a threshold taken from a sample,
    provided they are enough to hold the two order statistics needed (else all cells).
    """
    flat = s.reshape(-1)
    paired = np.unique([i * s.shape[1] + j for p in pairs for i in p.a for j in p.b]).astype(np.int64)
    n = flat.size - paired.size
    if n <= 0:
        return 0.0
    pos = 0.99 * (n - 1)
    lo = int(np.floor(pos))
    sample = flat[:: max(1, flat.size // 200_000)]
    top = flat >= np.quantile(sample, 0.98)
    top[paired] = False
    cand = flat[top]
    skip = cand.size - (n - lo)  # rank of the lo-th smallest unpaired cell among the candidates
    if skip < 0:  # the sample misled us: do it the plain way
        keep = np.ones(flat.size, dtype=bool)
        keep[paired] = False
        return float(np.percentile(flat[keep], 99))
    ranks = [skip, min(skip + 1, cand.size - 1)]
    v_lo, v_hi = (float(x) for x in np.partition(cand, ranks)[ranks])
    return v_lo + (v_hi - v_lo) * (pos - lo)


def passage_spans(a: Trace, b: Trace, max_occurrences: int = 3) -> list[PassageSpan]:
    """Shared passages of the two traces from the matching engine, as (a_start, a_end, b_start, b_end).

    A passage repeated on a side pairs each of its first ``max_occurrences`` occurrences
    on A with each on B (a phrase repeated many times says little about which steps match).
    """
    from tracepair.core.match.comparison import find_shared_passages  # heavy: loaded only when used

    spans: list[PassageSpan] = []
    for p in find_shared_passages(a.text, b.text):
        for a0, a1 in p.a_spans[:max_occurrences]:
            spans.extend((a0, a1, b0, b1) for b0, b1 in p.b_spans[:max_occurrences])
    return spans



def iter_align(
    a: Trace,
    b: Trace,
    settings: AlignSettings | None = None,
    passages: Sequence[PassageSpan] | None = None,
) -> Generator[Progress, None, Alignment]:
    """Align ``a`` with ``b``, yielding ``(fraction, message)`` progress; returns the ``Alignment``.

    ``passages``: shared passages as (a_start, a_end, b_start, b_end) spans into
    ``a.text`` and ``b.text``; they raise the score of the step pairs they join. When
    None and ``settings.use_passages``, the matching engine finds them.
    """
    settings = settings or AlignSettings()
    markers = MarkerSet(load_markers(settings.markers_file))
    yield 0.0, "splitting into steps"
    steps_a = split_steps(a, settings.granularity, settings.max_step_chars, markers)
    steps_b = split_steps(b, settings.granularity, settings.max_step_chars, markers)
    if passages is None and settings.use_passages:
        yield 0.05, "finding shared passages"
        passages = passage_spans(a, b)
    message = f"scoring {len(steps_a):,} x {len(steps_b):,} step pairs"
    yield 0.1, message
    sim = yield from stage(iter_step_similarity(steps_a, steps_b, settings.similarity, passages), 0.1, 0.4, message)
    yield 0.5, "aligning"
    pairs = yield from stage(_iter_monotone(sim, settings), 0.5, 0.3, "aligning")
    yield 0.8, "looking for moves"
    pairs = find_moves(sim.matrix, pairs, settings)
    yield 0.85, "control: random pairings"
    control = yield from stage(_iter_chance_control(sim, pairs, settings), 0.85, 0.1, "control: random pairings")
    yield 0.95, "marker profiles"
    al = Alignment(
        steps_a=steps_a,
        steps_b=steps_b,
        pairs=pairs,
        markers_a=marker_profile(a, markers),
        markers_b=marker_profile(b, markers),
        control=control,
        settings=settings,
        matrix=sim.matrix,
    )
    yield 1.0, "done"
    return al


def align(
    a: Trace, b: Trace, settings: AlignSettings | None = None, passages: Sequence[PassageSpan] | None = None
) -> Alignment:
    """Plain-function form of ``iter_align``."""
    return finish(iter_align(a, b, settings, passages))


def _step_json(s: Step) -> dict:
    return {"index": s.index, "start": s.start, "end": s.end, "part": s.part, "marker": s.marker, "move": s.move}


def _index(ix: tuple[int, ...]) -> int | list[int]:
    return ix[0] if len(ix) == 1 else list(ix)


def alignment_to_json(al: Alignment) -> dict:
    """The ``align --json`` contract. In a pair, ``a`` and ``b`` are step indices; on the side a
    merge reads as one, the index is a list of two consecutive steps."""
    settings = asdict(al.settings)
    settings["markers_file"] = str(al.settings.markers_file) if al.settings.markers_file else None
    return {
        "steps_a": [_step_json(s) for s in al.steps_a],
        "steps_b": [_step_json(s) for s in al.steps_b],
        "pairs": [
            {"a": _index(p.a), "b": _index(p.b), "score": round(p.score, 4), "kind": p.kind} for p in al.pairs
        ],
        "markers_a": profile_to_json(al.markers_a),
        "markers_b": profile_to_json(al.markers_b),
        "control": {k: round(v, 4) for k, v in asdict(al.control).items()},
        "settings": settings,
    }
