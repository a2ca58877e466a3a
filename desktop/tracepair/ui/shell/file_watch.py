"""Files on show that change or vanish on disk after loading: the window keeps what it loaded, says
what happened in the status bar, and offers to reload.

The window shows a copy read at load time, so nothing breaks when the file goes; but a user who
regenerates a dump expects to see the new one. Events are gathered for a moment before they are
looked at: editors and downloads save in bursts, often by deleting the file and renaming a new one
into its place (after which the watch must be set again).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

if TYPE_CHECKING:
    from tracepair.ui.shell.main_window import MainWindow

#: How long events gather before the files are looked at, in milliseconds.
SETTLE_MS = 300
#: Longest text the status bar gives the notice, in pixels (the whole of it is in the tooltip).
BAR_WIDTH = 330


def _stamp(path: str) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


class ReloadBar(QFrame):
    """One line in the status bar: what changed on disk, and Reload / Dismiss."""

    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel()
        self.reload_button = QPushButton("Reload")
        self.reload_button.setToolTip("Load the file again as it is on disk now")
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setToolTip("Keep showing what was loaded")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 0, 4, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.reload_button)
        lay.addWidget(self.dismiss_button)


class FileWatch(QObject):
    """Watches the files of both sides for the window it is made for."""

    #: Something happened on disk to a file on show: its path and "changed" or "deleted".
    changedOnDisk = Signal(str, str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._event)
        self.watcher.directoryChanged.connect(self._folder_event)
        self._stamps: dict[str, tuple[int, int, int] | None] = {}
        self._pending: set[str] = set()
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._look)
        #: Files the bar is about, and what happened to each.
        self.events: dict[str, str] = {}
        self.bar = ReloadBar()
        self.bar.reload_button.clicked.connect(self.reload)
        self.bar.dismiss_button.clicked.connect(self.dismiss)
        self.bar.hide()
        window.statusBar().addPermanentWidget(self.bar)
        window.sourceLoaded.connect(self.sync)

    def _on_show(self) -> dict[str, list[str]]:
        """Path of each file on show -> the sides showing it."""
        out: dict[str, list[str]] = {}
        for side, src in self.w.sources.items():
            if src is not None:
                out.setdefault(str(src.path), []).append(side)
        return out

    def sync(self, *_args: object) -> None:
        """Watch exactly the files on show (and their folders, to see a deleted file come back)."""
        shown = self._on_show()
        folders = {str(Path(p).parent) for p in shown}
        stale = [p for p in [*self.watcher.files(), *self.watcher.directories()] if p not in shown and p not in folders]
        if stale:
            self.watcher.removePaths(stale)
        for p in shown:
            if p not in self.watcher.files() and os.path.exists(p):
                self.watcher.addPath(p)
            if p not in self.events:
                self._stamps[p] = _stamp(p)
        for folder in folders:
            if folder not in self.watcher.directories() and os.path.isdir(folder):
                self.watcher.addPath(folder)
        for p in list(self.events):  # reloaded, or no longer on show
            if p not in shown or self._stamps.get(p) == _stamp(p):
                del self.events[p]
        self._show_bar()

    def _event(self, path: str) -> None:
        self._pending.add(path)
        self._settle.start()

    def _folder_event(self, folder: str) -> None:
        for p in self._on_show():
            if str(Path(p).parent) == folder and (p in self.events or p not in self.watcher.files()):
                self._pending.add(p)
        if self._pending:
            self._settle.start()

    def _look(self) -> None:
        shown = self._on_show()
        for p in sorted(self._pending):
            if p not in shown:
                continue
            now = _stamp(p)
            if now is not None and p not in self.watcher.files():
                self.watcher.addPath(p)  # saved by renaming a new file into place: watch the new one
            if now == self._stamps.get(p):
                self.events.pop(p, None)  # touched, or changed and changed back
                continue
            what = "deleted" if now is None else "changed"
            if self.events.get(p) != what:
                self.events[p] = what
                self.changedOnDisk.emit(p, what)
        self._pending.clear()
        self._show_bar()

    def _show_bar(self) -> None:
        if not self.events:
            self.bar.hide()
            return
        shown = self._on_show()
        parts = []
        for p, what in self.events.items():
            sides = " and ".join(shown.get(p, []))
            parts.append(f"{sides}: {Path(p).name} {what} on disk")
        label = self.bar.label
        fits = label.fontMetrics().elidedText("; ".join(parts), Qt.TextElideMode.ElideMiddle, BAR_WIDTH)
        label.setText(fits)
        label.setMinimumWidth(label.fontMetrics().horizontalAdvance(fits) + 4)  # the status text gives way
        label.setToolTip("\n".join(
            f"{p} {what} on disk since it was loaded" + ("; the window keeps the copy it loaded" if what == "deleted"
                                                          else ": Reload shows it as it is now")
            for p, what in self.events.items()))
        self.bar.reload_button.setVisible(any(w == "changed" for w in self.events.values()))
        self.bar.show()

    def reload(self) -> None:
        """Load again every changed file on show, into the side(s) showing it."""
        shown = self._on_show()
        for p, what in list(self.events.items()):
            if what == "changed":
                for side in shown.get(p, []):
                    self.w.open_file(side, p)
                del self.events[p]
        self._show_bar()

    def dismiss(self) -> None:
        """Keep what is on show; say nothing more until the files change again."""
        for p in self.events:
            self._stamps[p] = _stamp(p)
        self.events.clear()
        self._show_bar()
