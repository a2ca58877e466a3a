"""Local files and folders carried by a drag: the panes, the comparison window and the lineup window
all read drops the same way."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent


def dropped_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """The local paths a drag carries, in order; none for text or remote URLs."""
    mime = event.mimeData()
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []


def take_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """Accept a drag or drop that carries local paths (and ignore any other), returning them: what
    ``dragEnterEvent``, ``dragMoveEvent`` and ``dropEvent`` of a widget that opens files all do."""
    paths = dropped_paths(event)
    if paths:
        event.acceptProposedAction()
    else:
        event.ignore()
    return paths
