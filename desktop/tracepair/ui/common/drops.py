"""Local files and folders carried by a drag: the panes, the comparison window and the lineup window
all read drops the same way."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent


def dropped_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """The local paths a drag carries, in order; none for text or remote URLs."""
    mime = event.mimeData()
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
