"""Whether a result is for the inputs on screen now: the same loaded files and comparison (the very
objects: a file read again is new input, even with equal text) and equal settings."""

from __future__ import annotations

from collections.abc import Sequence

from tracepair.core.match.results import Comparison
from tracepair.core.model import Source

#: Compared by identity: by value, two big ones would be compared record by record on the GUI thread.
_LOADED = (Source, Comparison)


def same_inputs(x: Sequence[object] | None, y: Sequence[object] | None) -> bool:
    """``x`` and ``y`` name the same sources or comparison, and equal settings and indices."""
    if x is None or y is None or len(x) != len(y):
        return False
    return all(p is q if isinstance(p, _LOADED) or isinstance(q, _LOADED) else p == q
               for p, q in zip(x, y, strict=True))
