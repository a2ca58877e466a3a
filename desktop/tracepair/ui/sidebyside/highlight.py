"""Painting shared passages into a trace view.

The view is handed ``Highlight`` values (character spans with a colour); a
``QSyntaxHighlighter`` formats each block from a per-block index, so a 1 MB
trace with thousands of passages stays responsive. The hovered or current
passage is drawn on top with extra selections, which are few.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from tracepair.ui.common import palette

# Paired colours: passage i has the same hue on both sides. Chosen to stay distinct on
# light and dark backgrounds and for the common colour-vision deficiencies (Okabe-Ito-like).
HUES = ("#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7",
        "#999933", "#44aa99", "#aa4499", "#88ccee", "#ddcc77")


def hue(index: int) -> QColor:
    return QColor(HUES[index % len(HUES)])


@dataclass(frozen=True)
class Highlight:
    start: int  # view positions (UTF-16 units, see TracePane.qt_pos)
    end: int
    passage: int  # index of the shared passage it belongs to
    strength: float  # 0..1, rarer passages stronger
    near: bool = False  # near-exact (edited) rather than exact


def highlight_colour(h: Highlight) -> QColor:
    """Blend the passage's hue into the background by its strength; near-exact ones stay paler."""
    base = palette.base()
    t = 0.32 + 0.48 * max(0.0, min(1.0, h.strength))
    if h.near:
        t *= 0.6
    return palette.mix(base, hue(h.passage), t)


class PassageHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._by_block: dict[int, list[Highlight]] = {}
        self._formats: dict[tuple[int, bool, float], QTextCharFormat] = {}
        self.highlights: list[Highlight] = []
        self._starts: list[int] = []

    def set_highlights(self, highlights: list[Highlight]) -> None:
        self.highlights = sorted(highlights, key=lambda h: (h.start, -h.end))
        self._starts = [h.start for h in self.highlights]
        self._by_block = {}
        self._formats = {}
        doc = self.document()
        for h in self.highlights:
            first = doc.findBlock(h.start).blockNumber()
            last = doc.findBlock(max(h.start, h.end - 1)).blockNumber()
            for b in range(first, last + 1):
                self._by_block.setdefault(b, []).append(h)
        self.rehighlight()

    def _format(self, h: Highlight) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setBackground(highlight_colour(h))
        if h.near:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(hue(h.passage).darker(130))
        return fmt

    def at(self, offset: int) -> list[Highlight]:
        """Highlights covering character ``offset`` (innermost last)."""
        found = []
        for i in range(bisect_right(self._starts, offset) - 1, -1, -1):
            h = self.highlights[i]
            if h.end > offset:
                found.append(h)
            if offset - h.start > 20000:  # passages are far shorter than this
                break
        return found[::-1]

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        items = self._by_block.get(block.blockNumber())
        if not items:
            return
        pos = block.position()
        length = block.length() - 1  # in UTF-16 units, like the positions (len(text) counts characters)
        for h in items:
            start = max(h.start, pos) - pos
            end = min(h.end, pos + length) - pos
            if end > start:
                self.setFormat(start, end - start, self._format_for(h))

    def _format_for(self, h: Highlight) -> QTextCharFormat:
        key = (h.passage, h.near, round(h.strength, 2))
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._formats[key] = self._format(h)
        return fmt
