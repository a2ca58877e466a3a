"""What the user set in the window: the comparison and alignment settings, and how the panes scroll.

The defaults are core's (``CompareSettings``, ``AlignSettings``), so the window, the CLI and the
report start from the same numbers; the settings persist in the window's ``QSettings`` store, and
a stored value that is damaged, of the wrong type or out of range reads as the default.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from PySide6.QtCore import QSettings

from tracepair.core.align import GRANULARITIES, AlignSettings
from tracepair.core.match import CompareSettings
from tracepair.core.match.results import MIN_PASSAGE_TOKENS
from tracepair.ui.common.stored import read_bool, read_int, read_str

_COMPARE = CompareSettings()
_ALIGN = AlignSettings()
#: What the window offers for the shortest shared passage, in tokens.
MIN_TOKENS_RANGE = (MIN_PASSAGE_TOKENS, 50)  # the window caps what the CLI does not
#: The values each integer setting may take; a stored value outside reads as the default.
_RANGES = {"min_tokens": MIN_TOKENS_RANGE}


@dataclass(frozen=True)
class ViewSettings:
    min_tokens: int = _COMPARE.min_tokens
    near_exact: bool = _COMPARE.near_exact
    ignore_case: bool = not _COMPARE.case_sensitive
    ignore_punctuation: bool = not _COMPARE.keep_punctuation
    fold_quotes: bool = _COMPARE.fold_quotes
    granularity: str = _ALIGN.granularity
    linked_scrolling: bool = True

    def compare_settings(self) -> CompareSettings:
        """What the comparison is computed with (everything else at core's defaults)."""
        return replace(_COMPARE, min_tokens=self.min_tokens, near_exact=self.near_exact,
                       case_sensitive=not self.ignore_case, keep_punctuation=not self.ignore_punctuation,
                       fold_quotes=self.fold_quotes)

    def align_settings(self) -> AlignSettings:
        return replace(_ALIGN, granularity=self.granularity)

    def save(self, store: QSettings) -> None:
        for k, v in asdict(self).items():
            store.setValue(f"settings/{k}", v)

    @classmethod
    def load(cls, store: QSettings) -> ViewSettings:
        values: dict[str, Any] = {}
        for f in fields(cls):
            key = f"settings/{f.name}"
            if isinstance(f.default, bool):
                values[f.name] = read_bool(store, key, f.default)
            elif isinstance(f.default, int):
                values[f.name] = read_int(store, key, f.default, *_RANGES[f.name])
            else:
                values[f.name] = read_str(store, key, f.default)
        s = cls(**values)
        if s.granularity not in GRANULARITIES:
            s = replace(s, granularity=_ALIGN.granularity)
        return s
