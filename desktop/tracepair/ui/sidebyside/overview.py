"""A thin strip beside a pane showing where marks lie in the whole text; click to jump there."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True)
class Mark:
    start: float  # fraction of the text, 0..1
    end: float
    colour: QColor


class OverviewStrip(QWidget):
    """Handed marks as fractions of the whole text and the visible window; emits the clicked fraction."""

    jumpRequested = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._marks: list[Mark] = []
        self._view = (0.0, 1.0)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setToolTip("Where shared passages lie in the whole text: click to jump")

    def sizeHint(self) -> QSize:
        return QSize(14, 400)

    def set_marks(self, marks: list[Mark]) -> None:
        self._marks = marks
        self.update()

    def marks(self) -> list[Mark]:
        return list(self._marks)

    def set_visible_window(self, start: float, end: float) -> None:
        self._view = (start, end)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        h, w = float(self.height()), float(self.width())
        pal = self.palette()
        painter.fillRect(self.rect(), pal.base())
        for m in self._marks:
            top = m.start * h
            painter.fillRect(QRectF(2, top, w - 4, max(2.0, (m.end - m.start) * h)), m.colour)
        view_colour = QColor(pal.text().color())
        view_colour.setAlpha(40)
        top, bottom = self._view[0] * h, self._view[1] * h
        painter.fillRect(QRectF(0, top, w, max(3.0, bottom - top)), view_colour)
        view_colour.setAlpha(140)
        painter.setPen(QPen(view_colour, 1))
        painter.drawRect(QRectF(0.5, top, w - 1, max(3.0, bottom - top)))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.height() > 0:
            self.jumpRequested.emit(min(1.0, max(0.0, event.position().y() / self.height())))
