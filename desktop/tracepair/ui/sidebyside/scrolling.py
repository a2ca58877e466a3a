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


def scroll_to(view: QPlainTextEdit, offset: int, at: float = 0.0) -> None:
    """Scroll so the line of ``offset`` sits ``at`` (0 = top, 0.5 = middle) of the viewport.

    QPlainTextEdit scrolls by lines, so a few corrective steps converge on the target.
    """
    bar = view.verticalScrollBar()
    target = view.viewport().height() * at
    for _ in range(6):
        y = y_of(view, offset)
        line_h = max(1.0, view.fontMetrics().lineSpacing())
        delta = round((y - target) / line_h)
        if delta == 0:
            break
        before = bar.value()
        bar.setValue(before + delta)
        if bar.value() == before:
            break


def select(view: QPlainTextEdit, start: int, end: int) -> None:
    cursor = view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
