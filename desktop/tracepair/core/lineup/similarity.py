"""Similarity of two members: the correlation of their z profiles over the lineup's features.

A profile is each z softened, ``tanh(z / Z_SCALE)``: up to about |z| = 2 it is the z itself (halved),
beyond that it levels off. A frequent feature reaches |z| of 20 or 40 on size alone, and one such
feature would outweigh hundreds of habits in a correlation of raw z; softened, a clear departure
counts as clear, and the profile is the pattern of many of them.

+1: they over- and under-use the same features against the rest of the lineup, in proportion;
0: their departures are unrelated; below 0: where one leans, the other leans away. Because each
profile is taken against the others, a lineup of unrelated members averages a little below 0
(about -1/(members - 1)); the lineup's own median pair is the reference the report shows.
"""

from __future__ import annotations

import numpy as np

#: The |z| around which a departure counts as clear (two-sided 5% at 1.96) and the profile levels off.
Z_SCALE = 2.0


def profile(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """The profile correlated for similarity: ``tanh(z / Z_SCALE)`` (``out=z`` softens in place)."""
    scaled = np.divide(z, Z_SCALE, out=out)
    return np.tanh(scaled, out=scaled)


def correlation(z: np.ndarray, overwrite: bool = False) -> np.ndarray:
    """Pearson correlation between the rows of ``z`` (``(..., members, features)`` → ``(..., members, members)``).

    A row with no variation (a member with no counted features) correlates 0 with every other row.
    ``overwrite`` lets the bootstrap centre its scratch array in place instead of copying it.
    """
    zc = z if overwrite else np.array(z, copy=True)
    zc -= zc.mean(axis=-1, keepdims=True)
    if zc.ndim == 2:
        gram = (zc @ zc.T).astype(np.float64)
    else:  # one 2-D product per matrix: numpy runs ``a @ a.T`` as a symmetric update (half the work)
        flat = zc.reshape(-1, *zc.shape[-2:])
        gram = np.stack([a @ a.T for a in flat]).astype(np.float64).reshape(*zc.shape[:-1], zc.shape[-2])
    norm = np.sqrt(np.clip(np.diagonal(gram, axis1=-2, axis2=-1), 0.0, None))
    outer = norm[..., :, None] * norm[..., None, :]
    sim = np.divide(gram, outer, out=np.zeros_like(gram), where=outer > 0)
    return np.clip(sim, -1.0, 1.0)


def nearest_index(sim: np.ndarray) -> np.ndarray:
    """For each row, the column of the most similar other member (``(..., m, m)`` → ``(..., m)``)."""
    s = np.array(sim, dtype=float, copy=True)
    idx = np.arange(s.shape[-1])
    s[..., idx, idx] = -np.inf
    return np.argmax(s, axis=-1)
