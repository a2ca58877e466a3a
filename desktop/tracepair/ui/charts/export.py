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

from PySide6.QtCore import QRect, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView, QWidget


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


def _paint(widget: QWidget, painter: QPainter, target: QRectF) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    if isinstance(widget, QGraphicsView):
        painter.fillRect(target, widget.backgroundBrush())
        source = widget.mapToScene(widget.viewport().rect()).boundingRect()
        widget.scene().render(painter, target, source)
    else:
        widget.render(painter)


def export_png(widget: QWidget, path: Path | str, scale: float = 2.0) -> Path:
    """Write ``widget`` as a PNG of ``scale`` times its size (device pixel ratio ``scale``)."""
    path = Path(path)
    size = widget.size()
    image = QImage(QSize(round(size.width() * scale), round(size.height() * scale)), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    image.fill(widget.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base))
    painter = QPainter(image)
    try:
        with _export_mode(widget):
            _paint(widget, painter, QRectF(0, 0, size.width(), size.height()))
    finally:
        painter.end()
    if not image.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return path


def export_svg(widget: QWidget, path: Path | str, title: str = "") -> Path:
    """Write ``widget`` as SVG (vector: lines, shapes and text stay editable)."""
    path = Path(path)
    size = widget.size()
    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(size)
    gen.setViewBox(QRect(0, 0, size.width(), size.height()))
    gen.setTitle(title or widget.windowTitle() or "Tracepair chart")
    gen.setDescription("Exported from Tracepair")
    painter = QPainter()
    if not painter.begin(gen):
        raise OSError(f"could not write {path}")
    try:
        background = QColor(widget.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base))
        painter.fillRect(QRectF(0, 0, size.width(), size.height()), background)
        with _export_mode(widget):
            _paint(widget, painter, QRectF(0, 0, size.width(), size.height()))
    finally:
        painter.end()
    if not path.is_file():
        raise OSError(f"could not write {path}")
    return path


def export_chart(widget: QWidget, path: Path | str) -> Path:
    """PNG or SVG by the file's extension."""
    path = Path(path)
    if path.suffix.lower() == ".svg":
        return export_svg(widget, path)
    return export_png(widget, path if path.suffix else path.with_suffix(".png"))
