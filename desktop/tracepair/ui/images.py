"""Widgets as images for reports: PNG at 2x, SVG, or the clipboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget


def widget_image(widget: QWidget, dpr: float = 2.0) -> QImage:
    """``widget`` rendered at ``dpr`` device pixels per logical pixel, so text stays crisp when zoomed."""
    size = widget.size()
    image = QImage(round(size.width() * dpr), round(size.height() * dpr), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(dpr)
    image.fill(widget.palette().window().color())
    widget.render(image)
    return image


def _target(path: str | Path) -> Path:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


def grab_png(widget: QWidget, path: str | Path, dpr: float = 2.0) -> Path:
    out = _target(path)
    if not widget_image(widget, dpr).save(str(out), "PNG"):
        raise OSError(f"could not write {out}")
    return out


def grab_svg(widget: QWidget, path: str | Path, title: str = "") -> Path:
    """``widget`` painted into an SVG: text stays text, so it can be searched and scaled."""
    out = _target(path)
    gen = QSvgGenerator()
    gen.setFileName(str(out))
    gen.setSize(widget.size())
    gen.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    gen.setTitle(title or widget.windowTitle() or "Tracepair")
    gen.setDescription("Exported from Tracepair")
    painter = QPainter()
    if not painter.begin(gen):
        raise OSError(f"could not write {out}")
    try:
        widget.render(painter, QPoint())
    finally:
        painter.end()
    if not out.is_file() or out.stat().st_size == 0:
        raise OSError(f"could not write {out}")
    return out


def save_image(widget: QWidget, path: str | Path, dpr: float = 2.0) -> Path:
    """PNG (at ``dpr``) or SVG, by the file's extension; no extension means PNG."""
    path = Path(path)
    if path.suffix.lower() == ".svg":
        return grab_svg(widget, path)
    return grab_png(widget, path if path.suffix else path.with_suffix(".png"), dpr)


def copy_image(widget: QWidget, dpr: float = 2.0) -> QSize:
    """Put ``widget`` on the clipboard as an image; returns its size in device pixels."""
    image = widget_image(widget, dpr)
    QGuiApplication.clipboard().setImage(image)
    return image.size()
