"""What chance gives an alignment, from the same step scores: a random pairing of A's steps with B's,
the 99th percentile of the pairs left unpaired, and how many in-order pairs survive once B's steps
are shuffled (the evidence that the order, not only the content, is shared)."""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import replace

import numpy as np

from tracepair.core.align.monotone import iter_monotone
from tracepair.core.align.results import AlignedPair, AlignSettings, Control
from tracepair.core.align.step_similarity import StepSimilarity
from tracepair.core.model import scaled


def iter_chance_control(
    sim: StepSimilarity, pairs: Sequence[AlignedPair], settings: AlignSettings
) -> Generator[float, None, Control]:
    s = sim.matrix
    if s.size == 0:
        return Control(0.0, 0.0, 0.0, 0, 0, 0.0)
    perm = np.random.default_rng(0).permutation(s.shape[1])
    no_merges = replace(settings, merges=False)  # adjacency means nothing in a shuffled order
    shuffled = yield from scaled(iter_monotone(sim, no_merges, columns=perm), 0.0, 0.9)
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
