"""Text as every analysis reads it: words, the matching tokeniser, word rarity, reasoning markers.

The names below are imported on first use, so reading one module (``words`` for a word count) does
not load numpy and the word-frequency tables the others need: ``tracepair inspect`` starts faster.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_MODULE = {
    "Marker": "markers", "MarkerProfile": "markers", "MarkerSet": "markers", "load_markers": "markers",
    "marker_profile": "markers", "passage_rarity": "rarity", "word_rarity": "rarity", "TokenOptions": "tokens",
    "Tokens": "tokens", "tokenize": "tokens", "count_words": "words",
}

__all__ = sorted(_MODULE)


def __getattr__(name: str) -> Any:
    if name in _MODULE:
        return getattr(import_module(f"tracepair.core.text.{_MODULE[name]}"), name)
    raise AttributeError(f"module 'tracepair.core.text' has no attribute {name!r}")
