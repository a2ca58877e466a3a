"""How sure the lineup is: the bootstrap over prompts.

Each replicate draws the prompts (the units of ``Terms``) with replacement, as many as there are,
with a fixed seed, and recomputes every z profile and similarity from the drawn prompts' terms; a
prompt drawn twice counts twice. From the replicates:

* an interval for every similarity: the spread of the replicates (2.5th to 97.5th percentile) around
  their median, placed around the observed similarity. Not the raw percentiles: a replicate holds
  only about 63% of the prompts (the rest are repeats), its fingerprints are noisier, and every
  similarity comes out lower than on all the prompts (on slop-forensics, Llama-4 Maverick and Scout
  read 0.52 on all 100 prompts, a median 0.37 in the replicates, and 0.35 on a random half of the
  prompts). The replicates measure how much a similarity moves when the prompts change, not its
  level, so the interval is centred on the observed value (the percentile interval shifted by the
  bootstrap's estimate of its bias);
* for each member, how often each other member is its nearest (support; a row sums to 1);
* the similarity matrices themselves, for the tree's clade support (``tree.clade_support``).

Prompts, not records, are the unit: the samples of one prompt answer the same question and move
together, so resampling them apart would make the lineup look surer than it is.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from tracepair.core.lineup.fingerprint import Terms
from tracepair.core.lineup.similarity import correlation, nearest_index, profile
from tracepair.core.model import Progress

#: Cells (replicates × members × features) one step of the bootstrap holds, twice (float32): ~160 MB.
CHUNK_CELLS = 20_000_000


@dataclass
class Replicates:
    similarity: np.ndarray  # replicates × members × members, float32
    seed: int

    @property
    def count(self) -> int:
        return self.similarity.shape[0]

    def interval(self, observed: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
        """``(low, high)`` around ``observed``: the replicates' percentiles shifted by their median's bias."""
        tail = 100 * (1 - level) / 2
        low, mid, high = np.percentile(self.similarity, [tail, 50, 100 - tail], axis=0)
        return observed - (mid - low), observed + (high - mid)

    def nearest_support(self) -> np.ndarray:
        """``support[i, j]``: share of replicates in which ``j`` is ``i``'s nearest member."""
        m = self.similarity.shape[-1]
        near = nearest_index(self.similarity)  # replicates × members
        support = np.zeros((m, m))
        for i in range(m):
            support[i] = np.bincount(near[:, i], minlength=m) / max(self.count, 1)
        return support


@lru_cache(maxsize=1)
def _blas():
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - a dependency; without it the BLAS keeps its threads
        return None
    return ThreadpoolController()


def one_blas_thread() -> AbstractContextManager:
    """The replicates' many small matrix products on one BLAS thread: OpenBLAS's threads spin-wait
    for each other, and on a busy machine (another program on the second core) its two threads made
    the products twenty times slower; on an idle one a thread costs them little."""
    controller = _blas()
    return nullcontext() if controller is None else controller.limit(limits=1, user_api="blas")


def weights(units: int, replicates: int, seed: int) -> np.ndarray:
    """How often each unit is drawn in each replicate: ``(replicates, units)``, each row summing to ``units``."""
    rng = np.random.default_rng(seed)
    return rng.multinomial(units, np.full(units, 1.0 / units), size=replicates).astype(np.float32)


def iter_bootstrap(terms: Terms, replicates: int, seed: int = 0) -> Generator[Progress, None, Replicates]:
    """``replicates`` similarity matrices from prompts drawn with replacement, yielding progress."""
    u, m, f = terms.num.shape
    w = weights(u, replicates, seed)
    num = terms.num.reshape(u, m * f)
    den = terms.den.reshape(u, m * f)
    out = np.empty((replicates, m, m), dtype=np.float32)
    chunk = max(1, min(64, CHUNK_CELLS // max(m * f, 1)))
    for start in range(0, replicates, chunk):
        wb = w[start:start + chunk]
        with one_blas_thread():
            z = wb @ num  # the drawn prompts' summed terms; z = num / sqrt(den), in place
            d = wb @ den
            np.maximum(d, 1e-30, out=d)  # den 0 means num 0: z stays 0
            np.sqrt(d, out=d)
            np.divide(z, d, out=z)
            del d
            profile(z, out=z)
            out[start:start + len(wb)] = correlation(z.reshape(len(wb), m, f), overwrite=True)
        done = start + len(wb)
        yield done / replicates, f"bootstrap: replicate {done} of {replicates}"
    return Replicates(out, seed)
