"""Colours derived from the system palette, so light and dark themes both read well."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


def palette() -> QPalette:
    return QApplication.palette()


def base() -> QColor:
    return palette().color(QPalette.ColorRole.Base)


def is_dark() -> bool:
    return palette().color(QPalette.ColorRole.Base).lightness() < 128


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``t`` towards ``b``."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def reasoning_background() -> QColor:
    """A faint tint that sets reasoning apart from the answer without hiding highlights."""
    base = palette().color(QPalette.ColorRole.Base)
    tint = QColor("#6a7fb5") if not is_dark() else QColor("#8fa3d9")
    return mix(base, tint, 0.10 if not is_dark() else 0.14)


def error_text() -> QColor:
    return QColor("#ff6b6b") if is_dark() else QColor("#b00020")
