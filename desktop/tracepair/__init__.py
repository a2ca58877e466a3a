"""Tracepair: forensic side-by-side comparison of LLM outputs.

From Python (a notebook, a script)::

    import tracepair
    c = tracepair.compare("a.jsonl", "b.jsonl")
    c.to_json()     # what `tracepair compare --json` prints
    c.to_frame()    # the shared passages as a pandas DataFrame (where pandas is installed)

``load``, ``compare``, ``align``, ``idioms`` and ``lineup`` are documented in ``tracepair.api`` and
docs/api.md. ``import tracepair`` itself stays light (no numpy, no Qt): the names are imported on
first use, so the command line starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from tracepair.api import BadInput, FieldMap, LoadError, Source, align, compare, idioms, lineup, load

__all__ = ["BadInput", "FieldMap", "LoadError", "Source", "__version__", "align", "compare", "idioms", "lineup", "load"]
#: The public names imported from ``tracepair.api`` on first use.
_API = frozenset(__all__) - {"__version__"}


def __getattr__(name: str) -> Any:
    if name in _API:
        from tracepair import api

        return getattr(api, name)
    raise AttributeError(f"module 'tracepair' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
