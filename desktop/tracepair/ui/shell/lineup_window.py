"""The lineup window: the lineup view with its menu (open, add members, export images) and drops.

A lineup gets a window of its own: the heatmap of 58 members needs the room the comparison's dock
and toolbars would take, and the two windows side by side let the user go from a pair in the lineup
to its passages and back. ``lineup_flow`` ties it to the comparison window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QToolButton, QWidget

from tracepair.core.lineup import Lineup, LineupSettings
from tracepair.ui.common.drops import take_paths
from tracepair.ui.common.images import save_image
from tracepair.ui.common.stored import read_str
from tracepair.ui.lineup.view import LineupView

LINEUP_FILTER = "Output sets and slop-forensics profiles (*.jsonl *.json);;All files (*)"
IMAGE_FILTER = "PNG image (*.png);;SVG image (*.svg)"
DIR_KEY = "lineup/last_dir"


class LineupWindow(QMainWindow):
    compareRequested = Signal(object, object)  # Path of A, Path of B
    exported = Signal(object)  # Path written
    exportFailed = Signal(str)

    def __init__(self, store: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store or QSettings()
        self.setWindowTitle("Tracepair — Lineup")
        self.resize(1400, 900)
        self.view = LineupView()
        self.work = self.view.work
        self.view.compareRequested.connect(self.compareRequested)
        self.view.shown.connect(self._shown)
        self.setCentralWidget(self.view)
        self.setAcceptDrops(True)
        self._build_menus()

    def _act(self, text: str, slot, shortcut: str | QKeySequence.StandardKey | None = None, tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setToolTip(tip)
            act.setStatusTip(tip)
        act.triggered.connect(lambda _checked=False: slot())
        self.addAction(act)
        return act

    def _build_menus(self) -> None:
        self.act_open = self._act("Open &Lineup…", self.ask_open, "Ctrl+L", "Open output sets (files) as a lineup")
        self.act_open_folder = self._act("Open Lineup &Folder…", self.ask_open_folder, "Ctrl+Shift+L",
                                         "Open every output set in a folder as a lineup")
        self.act_add = self._act("&Add Members…", self.ask_add, "Ctrl+Shift+A",
                                 "Add output sets to the lineup on show (only their files are counted)")
        self.act_export_heatmap = self._act("Export &Heatmap and Tree…", lambda: self.ask_export("heatmap"), None,
                                            "The heatmap with its tree and legend as PNG (2x) or SVG")
        self.act_export_nearest = self._act("Export &Nearest Chart…", lambda: self.ask_export("nearest"), None,
                                            "The nearest relatives of the member on show as PNG (2x) or SVG")
        self.act_export_window = self._act("Export &Window…", lambda: self.ask_export("window"), None,
                                           "The whole lineup window as PNG (2x) or SVG")
        self.act_close = self._act("&Close", self.close, QKeySequence.StandardKey.Close)
        m = self.menuBar().addMenu("&File")
        for act in (self.act_open, self.act_open_folder, self.act_add):
            m.addAction(act)
        m.addSeparator()
        for act in (self.act_export_heatmap, self.act_export_nearest, self.act_export_window):
            m.addAction(act)
        m.addSeparator()
        m.addAction(self.act_close)
        # The buttons go on the view's settings row: a toolbar would take the height the heatmap needs.
        for act in (self.act_open, self.act_open_folder, self.act_add):
            button = QToolButton()
            button.setDefaultAction(act)
            self.view.tools.addWidget(button)
        self.view.tools.addSpacing(12)
        self._shown(None)

    # -- inputs ------------------------------------------------------------------------------------
    def open(self, paths: list[Path | str], settings: LineupSettings | None = None) -> None:
        """A new lineup of ``paths`` (files or folders): the one on show leaves the screen now."""
        self.bring_up()
        self.view.open([Path(p) for p in paths], settings)

    def add(self, paths: list[Path | str]) -> None:
        if not self.work.paths:
            self.open(paths)
        else:
            self.bring_up()
            self.work.add([Path(p) for p in paths])

    def bring_up(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()

    def _start_dir(self) -> str:
        return read_str(self.store, DIR_KEY) or read_str(self.store, "last_dir")

    def ask_open(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Open Lineup (output sets)", self._start_dir(), LINEUP_FILTER)
        if paths:
            self.store.setValue(DIR_KEY, str(Path(paths[0]).parent))
            self.open(paths)

    def ask_open_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open Lineup Folder", self._start_dir())
        if folder:
            self.store.setValue(DIR_KEY, folder)
            self.open([folder])

    def ask_add(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Add Members", self._start_dir(), LINEUP_FILTER)
        if paths:
            self.add(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        take_paths(event)

    def dragMoveEvent(self, event) -> None:  # type: ignore[override]
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = take_paths(event)
        if not paths:
            return
        folders = [p for p in paths if p.is_dir()]
        if folders:
            self.open(paths)  # a folder is a lineup of its own
        else:
            self.add(paths)

    # -- exports -----------------------------------------------------------------------------------
    def _shown(self, lineup: Lineup | None) -> None:
        for act in (self.act_export_heatmap, self.act_export_nearest):
            act.setEnabled(lineup is not None)
        self.act_add.setEnabled(bool(self.work.paths))
        if lineup is None:
            self.setWindowTitle("Tracepair — Lineup")
        else:
            what = "profiles" if lineup.kind == "profiles" else "output sets"
            self.setWindowTitle(f"Tracepair — Lineup of {len(lineup.members)} {what}")

    def ask_export(self, what: str) -> None:
        names = {"heatmap": "lineup.png", "nearest": "nearest.png", "window": "lineup-window.png"}
        start = str(Path(self._start_dir() or ".") / names[what])
        path, _ = QFileDialog.getSaveFileName(self, "Export Image", start, IMAGE_FILTER)
        if path:
            self.export(what, Path(path))

    def export(self, what: str, path: Path) -> Path | None:
        """Write the heatmap (as on screen), the nearest chart (every row) or the window as PNG (2x) or SVG."""
        if what != "window" and self.view.lineup is None:
            self.exportFailed.emit("There is no lineup on show to export.")
            return None
        try:
            if what == "heatmap":
                out = save_image(self.view.canvas, path)
            elif what == "nearest":
                chart = self.view.nearest  # every row, with a title saying whose relatives they are
                chart.titled = True
                chart.refit()
                try:
                    out = save_image(chart, path)
                finally:
                    chart.titled = False
                    chart.refit()
            else:
                out = save_image(self, path)
        except OSError as err:
            message = f"Could not write {path.name}: {err.strerror or err}"
            self.view.say(message)
            self.exportFailed.emit(message)
            return None
        self.view.say(f"Wrote {out}")
        self.exported.emit(out)
        return out

    def closeEvent(self, event) -> None:  # type: ignore[override]
        self.work.stop()
        super().closeEvent(event)
