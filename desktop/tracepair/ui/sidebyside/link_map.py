"""The strip between the two panes that joins aligned steps with bands, as Meld's link map does.

It is handed what to draw (``Band`` values in its own coordinates) and knows nothing of
panes, traces or alignments; the comparison view computes the bands as the panes scroll.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True)
class Band:
    """A connector: from [a_top, a_bottom] on the left edge to [b_top, b_bottom] on the right (pixels)."""

    a_top: float
    a_bottom: float
    b_top: float
    b_bottom: float
    colour: QColor
    kind: str = "match"  # "match" draws a filled band, "move" a dashed outline
    index: int = -1  # which aligned step it stands for (emitted on click)
    current: bool = False


class LinkMap(QWidget):
    bandClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bands: list[Band] = []
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setToolTip("Aligned steps: filled bands join matching steps; dashed bands are moves (out of order)")

    def sizeHint(self) -> QSize:
        return QSize(64, 400)

    def set_bands(self, bands: list[Band]) -> None:
        self._bands = bands
        self.update()

    def bands(self) -> list[Band]:
        return list(self._bands)

    def _path(self, band: Band) -> QPainterPath:
        w = float(self.width())
        c1, c2 = w * 0.45, w * 0.55
        path = QPainterPath(QPointF(0, band.a_top))
        path.cubicTo(QPointF(c1, band.a_top), QPointF(c2, band.b_top), QPointF(w, band.b_top))
        path.lineTo(QPointF(w, band.b_bottom))
        path.cubicTo(QPointF(c2, band.b_bottom), QPointF(c1, band.a_bottom), QPointF(0, band.a_bottom))
        path.closeSubpath()
        return path

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().window())
        visible = QRectF(self.rect())
        # Moves last so their outlines sit on top of the filled bands they cross.
        for band in sorted(self._bands, key=lambda b: (b.kind == "move", b.current)):
            top = min(band.a_top, band.b_top)
            bottom = max(band.a_bottom, band.b_bottom)
            if bottom < visible.top() or top > visible.bottom():
                continue
            path = self._path(band)
            fill = QColor(band.colour)
            edge = QColor(band.colour).darker(140)
            if band.kind == "move":
                fill.setAlpha(50 if not band.current else 110)
                pen = QPen(edge, 1.6 if not band.current else 2.4, Qt.PenStyle.DashLine)
            else:
                fill.setAlpha(95 if not band.current else 170)
                pen = QPen(edge, 1.0 if not band.current else 2.2)
            painter.setPen(pen)
            painter.setBrush(fill)
            painter.drawPath(path)
        painter.end()

    def band_at(self, x: float, y: float) -> Band | None:
        for band in reversed(self._bands):
            if self._path(band).contains(QPointF(x, y)):
                return band
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        band = self.band_at(event.position().x(), event.position().y())
        if band is not None and band.index >= 0:
            self.bandClicked.emit(band.index)
