"""The lineup window, and how it and the comparison window reach each other.

A lineup gets a window of its own (the heatmap of 58 members needs the room the comparison's dock
and toolbars would take): File ▸ Open Lineup… / Open Lineup Folder… in either window, a folder
dropped on either window, or ``tracepair lineup PATH…``. Double-clicking a pair in the lineup opens
the two sets side by side in the comparison window (its Side by side tab), raised. The window also
writes the images ``tracepair lineup --png`` asks for, rendered offscreen.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QToolButton, QWidget

from tracepair.core.lineup import Lineup, LineupSettings
from tracepair.ui.common.images import grab_png, save_image
from tracepair.ui.common.stored import read_str
from tracepair.ui.lineup.heatmap import HeatmapCanvas
from tracepair.ui.lineup.nearest_chart import NearestChart
from tracepair.ui.lineup.view import LineupView

if TYPE_CHECKING:
    from tracepair.ui.shell.main_window import MainWindow

LINEUP_FILTER = "Output sets and slop-forensics profiles (*.jsonl *.json);;All files (*)"
IMAGE_FILTER = "PNG image (*.png);;SVG image (*.svg)"
DIR_KEY = "lineup/last_dir"


def dropped_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []


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
        if dropped_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # type: ignore[override]
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event)
        if not paths:
            return
        event.acceptProposedAction()
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


# -- the comparison window's side ---------------------------------------------------------------------

class _FolderDrops(QObject):
    """A folder dropped anywhere on the comparison window opens as a lineup (files keep loading into a pane)."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # type: ignore[override]
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        paths = dropped_paths(event)  # type: ignore[arg-type]
        if not paths or not any(p.is_dir() for p in paths):
            return False
        event.acceptProposedAction()  # type: ignore[attr-defined]
        if kind == QEvent.Type.Drop:
            self.win.open_lineup(paths)
        return True


def install(win: MainWindow) -> None:
    """File ▸ Open Lineup… and Open Lineup Folder… in the comparison window, and its folder drops."""
    win.lineup_window = None
    win.act_open_lineup = QAction("Open &Lineup…", win)
    win.act_open_lineup.setShortcut(QKeySequence("Ctrl+L"))
    win.act_open_lineup.setStatusTip("Open output sets as a lineup: who writes like whom among many")
    win.act_open_lineup.triggered.connect(lambda _c=False: lineup_window(win).ask_open())
    win.act_open_lineup_folder = QAction("Open Lineup &Folder…", win)
    win.act_open_lineup_folder.setShortcut(QKeySequence("Ctrl+Shift+L"))
    win.act_open_lineup_folder.setStatusTip("Open every output set in a folder as a lineup")
    win.act_open_lineup_folder.triggered.connect(lambda _c=False: lineup_window(win).ask_open_folder())
    for act in (win.act_open_lineup, win.act_open_lineup_folder):
        win.addAction(act)
        win.file_menu.insertAction(win.recent_menu.menuAction(), act)
    win.setAcceptDrops(True)  # a drop outside the panes reaches the window (and the filter)
    drops = win.folder_drops = _FolderDrops(win)
    for w in (win, *win.panes.values(), *(p.view for p in win.panes.values()),
              *(p.view.viewport() for p in win.panes.values())):
        w.installEventFilter(drops)


def lineup_window(win: MainWindow) -> LineupWindow:
    """The comparison window's lineup window (made on first use)."""
    if win.lineup_window is None:
        lw = LineupWindow(win.store)
        lw.compareRequested.connect(lambda a, b: compare_side_by_side(win, a, b))
        win.lineup_window = lw
    return win.lineup_window


def open_lineup(win: MainWindow, paths: list[Path | str], settings: LineupSettings | None = None) -> LineupWindow:
    lw = lineup_window(win)
    lw.open(paths, settings)
    return lw


def compare_side_by_side(win: MainWindow, a: Path, b: Path) -> None:
    """The two sets of a lineup pair in the comparison window: A and B loaded, Side by side on show."""
    win.open_file("A", a)
    win.open_file("B", b)
    win.tabs.setCurrentIndex(0)
    win.show()
    win.raise_()
    win.activateWindow()


# -- without a window on screen -----------------------------------------------------------------------

def render_lineup_pngs(lineup: Lineup, folder: Path, dpr: float = 2.0) -> list[Path]:
    """``lineup.png`` (heatmap, tree, legend) and ``nearest.png`` (each member's nearest relative, with
    interval and support), as the lineup view draws them, at ``dpr``."""
    from tracepair.ui.shell.app import make_app

    app = make_app()
    canvas = HeatmapCanvas()
    canvas.interactive = False
    canvas.set_lineup(lineup)
    canvas.resize(canvas.natural_size())
    chart = NearestChart()
    chart.titled = True
    chart.set_overview(lineup)
    chart.resize(max(760, chart.natural_width()), chart.height())
    out = []
    for widget, name in ((canvas, "lineup.png"), (chart, "nearest.png")):
        widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        widget.show()
        app.processEvents()
        out.append(grab_png(widget, folder / name, dpr))
        widget.close()
    return out


def render_lineup_window(paths: list[Path | str], out_png: Path, size: tuple[int, int] = (1400, 900),
                         settings: LineupSettings | None = None, member: str = "", relative: str = "",
                         dpr: float = 2.0) -> Path:
    """The lineup window on ``paths``, computed on this thread and saved as a PNG (docs, reviews)."""
    from tracepair.ui.shell.app import has_display, make_app

    if QApplication.instance() is None and not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = make_app()
    store = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Tracepair", "snapshot")
    lw = LineupWindow(store)
    lw.work.tasks.synchronous = True
    lw.resize(*size)
    lw.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    lw.show()
    lw.open(paths, settings)
    if member:
        lw.view.choose(member, relative)
    app.processEvents()
    written = grab_png(lw, out_png, dpr)
    lw.close()
    return written


def run_lineup_window(paths: list[Path | str], settings: LineupSettings | None = None) -> int:
    """``tracepair lineup PATH…`` with a display: the lineup window (the comparison window opens on a double-click)."""
    from tracepair.ui.common import crash
    from tracepair.ui.shell.app import make_app
    from tracepair.ui.shell.main_window import MainWindow

    app = make_app()
    crash.install()
    win = MainWindow()
    open_lineup(win, paths, settings)
    code = app.exec()
    QThreadPool.globalInstance().waitForDone(5000)
    return code

