"""Whether a window can be shown. Qt-free, so the command line can ask without importing Qt (over a
second on this machine) when it may print instead."""

from __future__ import annotations

import os
import sys


def has_display() -> bool:
    """Whether a window can be shown (Windows and macOS always; X11/Wayland when a display is set)."""
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
        return False
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def offscreen_without_display() -> None:
    """Draw offscreen where no window can be shown (before Qt starts): for rendering images headless."""
    if not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
