"""How the lineup window and the comparison window reach each other, and the lineup without a screen.

The lineup window (``lineup_window.py``) opens from File ▸ Open Lineup… / Open Lineup Folder… in
either window, a folder dropped on either window, or ``tracepair lineup PATH…``. Double-clicking a
pair in the lineup opens the two sets side by side in the comparison window (its Side by side tab),
raised. The images ``tracepair lineup --png`` asks for are the lineup view's, rendered offscreen.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QThreadPool, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QAction, QKeySequence

from tracepair.core.lineup import Lineup, LineupSettings
from tracepair.core.load.records import Fields
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
        lw.work.fields = win.fields_flow.chooser  # the text fields chosen for files of each shape
        lw.compareRequested.connect(lambda a, b: compare_side_by_side(win, a, b))
        win.lineup_window = lw
    return win.lineup_window


def open_lineup(win: MainWindow, paths: list[Path | str], settings: LineupSettings | None = None) -> LineupWindow:
    lw = lineup_window(win)
    lw.open(paths, settings)
    return lw


def compare_side_by_side(win: MainWindow, a: Path, b: Path) -> None:
    """The two sets of a lineup pair in the comparison window: A and B loaded, Side by side on show.
    A set gone from disk since the lineup read it is said in the lineup window, and nothing is opened
    (loading only the other would leave the comparison showing a pair nobody asked for)."""
    gone = [p for p in (a, b) if not p.is_file()]
    if gone:
        lineup_window(win).view.say(f"{', '.join(str(p) for p in gone)}: no longer there (moved or deleted "
                                    "since the lineup read it); nothing opened side by side.")
        return
    fields = lineup_window(win).work.fields()  # read as the lineup read them
    win.open_file("A", a, fields)
    win.open_file("B", b, fields)
    win.tabs.setCurrentIndex(0)
    win.show()
    win.raise_()
    win.activateWindow()


# -- without a window on screen -----------------------------------------------------------------------

def render_lineup_pngs(lineup: Lineup, folder: Path, dpr: float = 2.0) -> list[Path]:
    """``lineup.png`` (heatmap, tree, legend), ``nearest.png`` (each member's nearest relative, with
    interval and support) and ``lineup-window.png`` (the lineup window as a user sees it), at ``dpr``."""
    with _quiet_offscreen():
        return _render_pngs(lineup, folder, dpr)


def _render_pngs(lineup: Lineup, folder: Path, dpr: float) -> list[Path]:
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
    out.append(render_lineup_window(lineup, folder / "lineup-window.png", dpr=dpr))
    return out


def _offscreen_quiet(kind: QtMsgType, _context: object, message: str) -> None:
    if not message.startswith("This plugin does not support"):
        print(message, file=sys.stderr)


@contextmanager
def _quiet_offscreen() -> Iterator[None]:
    """Without the offscreen plugin's "does not support raise()" lines: noise in a command's output."""
    previous = qInstallMessageHandler(_offscreen_quiet)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def render_lineup_window(lineup: Lineup, out_png: Path, size: tuple[int, int] = (1400, 900), member: str = "",
                         relative: str = "", dpr: float = 2.0) -> Path:
    """The lineup window showing ``lineup`` (with ``member`` and ``relative`` picked, if given), saved as a
    PNG without being shown on a screen: for reports and the docs' screenshots."""
    from tracepair.ui.shell.app import make_app

    app = make_app()
    store = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Tracepair", "snapshot")
    lw = LineupWindow(store)
    lw.resize(*size)
    lw.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    lw.show()
    lw.view.show_lineup(lineup)
    if member:
        lw.view.choose(member, relative)
    app.processEvents()
    written = grab_png(lw, out_png, dpr)
    lw.close()
    return written


def run_lineup_window(paths: list[Path | str], settings: LineupSettings | None = None,
                      fields: Fields = None) -> int:
    """``tracepair lineup PATH…`` with a display: the lineup window (the comparison window opens on a double-click)."""
    from tracepair.ui.common import crash
    from tracepair.ui.shell.app import make_app
    from tracepair.ui.shell.main_window import MainWindow

    app = make_app()
    crash.install()
    win = MainWindow()
    if fields:  # --field given: every file of this lineup (and its pairs side by side) read with it
        lineup_window(win).work.fields = lambda: fields
    open_lineup(win, paths, settings)
    code = app.exec()
    QThreadPool.globalInstance().waitForDone(5000)
    return code

