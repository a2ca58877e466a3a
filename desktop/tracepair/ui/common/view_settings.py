"""What the user set in the window: the comparison and alignment settings, and how the panes scroll.

The defaults are core's (``CompareSettings``, ``AlignSettings``), so the window, the CLI and the
report start from the same numbers; the settings persist in the window's ``QSettings`` store.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from PySide6.QtCore import QSettings

from tracepair.core.align import GRANULARITIES, AlignSettings
from tracepair.core.match import CompareSettings

_COMPARE = CompareSettings()
_ALIGN = AlignSettings()


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
            raw = store.value(f"settings/{f.name}")
            if raw is None:
                continue
            default = f.default
            try:
                if isinstance(default, bool):
                    values[f.name] = raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1")
                elif isinstance(default, int):
                    values[f.name] = int(raw)
                else:
                    values[f.name] = str(raw)
            except (TypeError, ValueError):
                continue  # a damaged value falls back to the default
        s = cls(**values)
        if s.granularity not in GRANULARITIES:
            s = replace(s, granularity=_ALIGN.granularity)
        return s
