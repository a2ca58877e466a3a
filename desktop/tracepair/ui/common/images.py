"""Widgets as images for reports: PNG at 2x, SVG, or the clipboard.

Every image goes through one of two targets (a 2x ``QImage`` or a ``QSvgGenerator``); what is
painted onto it is a ``Paint`` function, by default the widget rendering itself. Charts pass
their own (``charts.export.chart_paint``) to draw in pyqtgraph's export mode.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QRectF, QSize
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPalette
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

#: Paints a widget onto a painter, filling ``target`` (the widget's rectangle in logical pixels).
Paint = Callable[[QPainter, QRectF], None]


def _render(widget: QWidget) -> Paint:
    return lambda painter, _target: widget.render(painter, QPoint())


def _target(path: str | Path) -> Path:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


def _background(widget: QWidget):
    return widget.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Window)


def widget_image(widget: QWidget, dpr: float = 2.0, paint: Paint | None = None) -> QImage:
    """``widget`` painted at ``dpr`` device pixels per logical pixel, so text stays crisp when zoomed."""
    size = widget.size()
    image = QImage(round(size.width() * dpr), round(size.height() * dpr), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(dpr)
    image.fill(_background(widget))
    painter = QPainter(image)
    try:
        (paint or _render(widget))(painter, QRectF(0, 0, size.width(), size.height()))
    finally:
        painter.end()
    return image


def grab_png(widget: QWidget, path: str | Path, dpr: float = 2.0, paint: Paint | None = None) -> Path:
    out = _target(path)
    if not widget_image(widget, dpr, paint).save(str(out), "PNG"):
        raise OSError(f"could not write {out}")
    return out


def grab_svg(widget: QWidget, path: str | Path, title: str = "", paint: Paint | None = None) -> Path:
    """``widget`` painted into an SVG: text stays text, so it can be searched and scaled."""
    out = _target(path)
    size = widget.size()
    gen = QSvgGenerator()
    gen.setFileName(str(out))
    gen.setSize(size)
    gen.setViewBox(QRect(0, 0, size.width(), size.height()))
    gen.setTitle(title or widget.windowTitle() or "Tracepair")
    gen.setDescription("Exported from Tracepair")
    painter = QPainter()
    if not painter.begin(gen):
        raise OSError(f"could not write {out}")
    try:
        target = QRectF(0, 0, size.width(), size.height())
        painter.fillRect(target, _background(widget))
        (paint or _render(widget))(painter, target)
    finally:
        painter.end()
    if not out.is_file() or out.stat().st_size == 0:
        raise OSError(f"could not write {out}")
    return out


def save_image(widget: QWidget, path: str | Path, dpr: float = 2.0, paint: Paint | None = None) -> Path:
    """PNG (at ``dpr``) or SVG, by the file's extension; no extension means PNG."""
    path = Path(path)
    if path.suffix.lower() == ".svg":
        return grab_svg(widget, path, paint=paint)
    return grab_png(widget, path if path.suffix else path.with_suffix(".png"), dpr, paint)


def copy_image(widget: QWidget, dpr: float = 2.0, paint: Paint | None = None) -> QSize:
    """Put ``widget`` on the clipboard as an image; returns its size in device pixels."""
    image = widget_image(widget, dpr, paint)
    QGuiApplication.clipboard().setImage(image)
    return image.size()
