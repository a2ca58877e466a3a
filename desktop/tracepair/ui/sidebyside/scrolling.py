"""Pixel geometry of character offsets in a QPlainTextEdit, and scrolling to them."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit


def _line_of(view: QPlainTextEdit, offset: int) -> tuple[float, float]:
    """Viewport y (pixels) of the top and bottom of the line holding character ``offset``."""
    doc = view.document()
    offset = max(0, min(offset, doc.characterCount() - 1))
    block = doc.findBlock(offset)
    geo = view.blockBoundingGeometry(block).translated(view.contentOffset())
    layout = block.layout()
    if layout is not None and layout.lineCount() > 0:
        line = layout.lineForTextPosition(offset - block.position())
        if line.isValid():
            return geo.top() + line.y(), geo.top() + line.y() + line.height()
    return geo.top(), geo.bottom()


def y_of(view: QPlainTextEdit, offset: int) -> float:
    """Viewport y (pixels) of the top of the line holding character ``offset`` (may be off-screen)."""
    return _line_of(view, offset)[0]


def line_bottom_of(view: QPlainTextEdit, offset: int) -> float:
    return _line_of(view, offset)[1]


def offset_at_top(view: QPlainTextEdit) -> int:
    return view.cursorForPosition(view.viewport().rect().topLeft()).position()


def offset_at_bottom(view: QPlainTextEdit) -> int:
    return view.cursorForPosition(view.viewport().rect().bottomRight()).position()


#: Corrective steps scroll_to may take after its first jump.
MAX_STEPS = 40


def _line_number(view: QPlainTextEdit, offset: int) -> int:
    """The scroll bar's unit for the line holding ``offset``: QPlainTextEdit scrolls by lines, numbered
    over the blocks before (a block far away that was never laid out counts as one line until it is)."""
    doc = view.document()
    block = doc.findBlock(max(0, min(offset, doc.characterCount() - 1)))
    line = 0
    layout = block.layout()
    if layout is not None and layout.lineCount() > 0:
        found = layout.lineForTextPosition(offset - block.position())
        line = found.lineNumber() if found.isValid() else 0
    return block.firstLineNumber() + line


def scroll_to(view: QPlainTextEdit, offset: int, at: float = 0.0) -> None:
    """Scroll so the line of view position ``offset`` sits ``at`` (0 = top, 0.5 = middle) of the viewport.

    One jump by line numbers lands on or near the line (far from the viewport Qt only estimates
    line counts); then steps correct by pixels until the line is in place, the bar cannot move
    further (the text's end), or the steps stop getting closer.
    """
    bar = view.verticalScrollBar()
    target = view.viewport().height() * at
    line_h = max(1.0, view.fontMetrics().lineSpacing())
    bar.setValue(_line_number(view, offset) - round(target / line_h))
    best = float("inf")
    for _ in range(MAX_STEPS):
        miss = y_of(view, offset) - target
        delta = round(miss / line_h)
        if delta == 0 or abs(miss) >= best:
            break
        best = abs(miss)
        before = bar.value()
        bar.setValue(before + delta)
        if bar.value() == before:
            break


def select(view: QPlainTextEdit, start: int, end: int) -> None:
    cursor = view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
