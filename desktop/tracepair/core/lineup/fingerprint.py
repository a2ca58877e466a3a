"""Fingerprints: how each member's use of each feature departs from the rest of the lineup.

For one prompt, a member's counts are set against the pooled counts of all the other members on
that prompt with the log-odds ratio and its informative Dirichlet prior (``log_odds_parts``, the
statistic the idiom charts use: Monroe, Colaresi & Quinn 2008). The prompts are then combined as
strata, each weighted by its precision (inverse variance):

    z(member, feature) = Σ_p δ_p / v_p  /  sqrt(Σ_p 1 / v_p)

so a member is only ever compared with the others on the same question, and a feature one prompt
happens to call for (every model says "boat" to a river puzzle) does not read as a habit. A prompt
the member did not answer adds nothing to its sums. With a single prompt (or a slop-forensics
profile) this is the plain log-odds z.

Both sums are kept per bootstrap unit (``Terms``): a replicate's z is the same ratio of weighted
sums, so resampling prompts costs two matrix products and no logarithm. When prompts times members
times features would not fit ``MAX_CELLS``, the prompts are dealt (seeded) into random groups that
act as the bootstrap's units (the random-group method of survey sampling); the point estimate is
the same either way.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass

import numpy as np

from tracepair.core.idioms.measures import log_odds_parts
from tracepair.core.lineup.table import Table
from tracepair.core.model import Progress

#: Cells (units × members × features) the two term arrays may hold: 2 × 4 bytes each, ~250 MB.
MAX_CELLS = 32_000_000


@dataclass
class Terms:
    num: np.ndarray  # units × members × features, float32: Σ δ/v over the unit's prompts
    den: np.ndarray  # same shape: Σ 1/v
    unit_of_prompt: np.ndarray  # prompt index → unit index
    grouped: bool  # units are random groups of prompts, not prompts

    @property
    def units(self) -> int:
        return self.num.shape[0]


def z_scores(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / sqrt(den)``: 0 where nothing was seen (den 0, and then num is 0 too)."""
    return num / np.sqrt(np.maximum(den, 1e-30))


def prompt_terms(y: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One prompt's ``(δ/v, 1/v)`` for every member (rows of ``y``, words ``n``) against the others.

    A member with no words on the prompt, or a prompt no other member answered, gives zeros.
    """
    pooled = y.sum(axis=0)
    n_all = n.sum()
    delta, var = log_odds_parts(y, pooled - y, n[:, None], (n_all - n)[:, None])
    seen = (n > 0) & (n_all - n > 0)
    num = np.where(seen[:, None], delta / var, 0.0)
    den = np.where(seen[:, None], 1.0 / var, 0.0)
    return num, den


def iter_terms(table: Table, seed: int = 0, max_cells: int = MAX_CELLS) -> Generator[Progress, None, Terms]:
    """Per-prompt log-odds terms summed into bootstrap units, yielding progress."""
    p_count = len(table.prompts)
    m_count, f_count = table.totals.shape
    cap = max(2, max_cells // max(m_count * f_count, 1))
    grouped = p_count > cap
    if grouped:
        order = np.random.default_rng(seed).permutation(p_count)
        unit_of = np.empty(p_count, dtype=np.int64)
        unit_of[order] = np.arange(p_count) % cap
    else:
        unit_of = np.arange(p_count)
    units = int(unit_of.max()) + 1 if p_count else 0
    num = np.zeros((units, m_count, f_count), dtype=np.float32)
    den = np.zeros((units, m_count, f_count), dtype=np.float32)
    for p in range(p_count):
        lo, hi = table.prompt_start[p], table.prompt_start[p + 1]
        cols, local = np.unique(table.col[lo:hi], return_inverse=True)
        y = np.bincount(table.member[lo:hi] * len(cols) + local, weights=table.count[lo:hi],
                        minlength=m_count * len(cols)).reshape(m_count, len(cols))
        a, b = prompt_terms(y, table.words[p])
        u = unit_of[p]
        num[u][:, cols] += a.astype(np.float32)
        den[u][:, cols] += b.astype(np.float32)
        if p % 4 == 0:
            yield (p + 1) / p_count, f"fingerprints: prompt {p + 1} of {p_count}"
    return Terms(num, den, unit_of, grouped)
