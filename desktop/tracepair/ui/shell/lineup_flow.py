"""How the lineup window and the comparison window reach each other, and the lineup without a screen.

The lineup window (``lineup_window.py``) opens from File ▸ Open Lineup… / Open Lineup Folder… in
either window, a folder dropped on either window, or ``tracepair lineup PATH…``. Double-clicking a
pair in the lineup opens the two sets side by side in the comparison window (its Side by side tab),
raised. The images ``tracepair lineup --png`` asks for are the lineup view's, rendered offscreen.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QThreadPool
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from tracepair.core.lineup import Lineup, LineupSettings
from tracepair.ui.common.drops import dropped_paths
from tracepair.ui.common.images import grab_png
from tracepair.ui.lineup.heatmap import HeatmapCanvas
from tracepair.ui.lineup.nearest_chart import NearestChart
from tracepair.ui.shell.lineup_window import LineupWindow

if TYPE_CHECKING:
    from tracepair.ui.shell.main_window import MainWindow

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

