"""Export a chart widget to PNG (2x device pixel ratio) or SVG.

SVG goes through Qt's own ``QSvgGenerator`` (PySide6.QtSvg, part of PySide6-Essentials):
pyqtgraph 0.14's SVGExporter raises ValueError with PySide6 6.12 on our bar charts.
For a pyqtgraph view the scene is rendered directly, with pyqtgraph's export mode on so
scatter symbols are drawn as shapes (vector in SVG, sharp at 2x) rather than cached pixmaps.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QPoint, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsView, QWidget

from tracepair.ui.common.images import Paint, grab_png, grab_svg


@contextmanager
def _export_mode(widget: QWidget) -> Iterator[None]:
    items = widget.scene().items() if isinstance(widget, QGraphicsView) else []
    hidden = [i for i in items if getattr(i, "export_hidden", False) and i.isVisible()]
    for item in hidden:  # interaction-only items (e.g. invisible hover targets) are not drawn
        item.setVisible(False)
    for item in items:
        if hasattr(item, "setExportMode"):
            # resolutionScale stays 1: the painter's device pixel ratio already scales the drawing.
            item.setExportMode(True, {"antialias": True, "resolutionScale": 1.0})
    try:
        yield
    finally:
        for item in items:
            if hasattr(item, "setExportMode"):
                item.setExportMode(False)
        for item in hidden:
            item.setVisible(True)


def chart_paint(widget: QWidget) -> Paint:
    """How a chart paints into an export: its scene, in export mode (see the module docstring)."""

    def paint(painter: QPainter, target: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        with _export_mode(widget):
            if isinstance(widget, QGraphicsView):
                painter.fillRect(target, widget.backgroundBrush())
                source = widget.mapToScene(widget.viewport().rect()).boundingRect()
                widget.scene().render(painter, target, source)
            else:
                widget.render(painter, QPoint())

    return paint


def export_png(widget: QWidget, path: Path | str, scale: float = 2.0) -> Path:
    """Write ``widget`` as a PNG of ``scale`` times its size (device pixel ratio ``scale``)."""
    return grab_png(widget, path, scale, chart_paint(widget))


def export_svg(widget: QWidget, path: Path | str, title: str = "") -> Path:
    """Write ``widget`` as SVG (vector: lines, shapes and text stay editable)."""
    return grab_svg(widget, path, title or widget.windowTitle() or "Tracepair chart", chart_paint(widget))
