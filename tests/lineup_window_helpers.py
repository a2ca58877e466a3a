"""What the lineup-window tests share: ten real misguided-attention sets holding five known pairs of
relatives, opening a lineup and waiting for it, pointing and dragging as a user does."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from tracepair.core.lineup import Lineup, LineupSettings
from tracepair.ui.shell.lineup_window import LineupWindow
from tracepair.ui.shell.main_window import MainWindow

#: Five pairs the issue names as relatives, and nothing else: each one's nearest is its partner.
PAIRS = [("gemini-2.5-pro-high", "gemini-2.5-pro-low"), ("llama-4-maverick", "llama-4-scout"),
         ("o4-mini-high", "o4-mini-high-long"), ("gpt-4.1", "optimus-alpha"), ("claude-opus-4", "claude-sonnet-4")]
MEMBERS = sorted(n for pair in PAIRS for n in pair)
MAVERICK = "meta-llama/llama-4-maverick"
SCOUT = "meta-llama/llama-4-scout"
QUICK = LineupSettings(bootstrap=40)
WAIT = 60000


def make_ten(misguided_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ten")
    for name in MEMBERS:
        (folder / f"{name}.jsonl").symlink_to(misguided_dir / f"{name}.jsonl")
    return folder


def shown_lineup(lineup: object) -> bool:
    return isinstance(lineup, Lineup)


def open_and_wait(qtbot, window: MainWindow, paths: list[Path], settings: LineupSettings = QUICK) -> LineupWindow:
    lw = window.lineup_window
    if lw is None:
        from tracepair.ui.shell.lineup_flow import lineup_window

        lw = lineup_window(window)
        qtbot.addWidget(lw)
    with qtbot.waitSignal(lw.view.shown, timeout=WAIT, check_params_cb=shown_lineup):
        window.open_lineup(paths, settings)
    qtbot.waitExposed(lw)
    settle()
    return lw


def settle() -> None:
    """Let the layout take in what the new lineup changed (the notes line, the panels) before pointing."""
    QApplication.sendPostedEvents()
    QApplication.processEvents()


def hover(widget, at: QPoint) -> None:
    """The pointer moves to ``at`` over ``widget`` (sent to it: on the offscreen platform the cursor
    may land on another window, all windows being at the same place)."""
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(at), QPointF(widget.mapToGlobal(at)), Qt.MouseButton.NoButton,
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def overview(lw: LineupWindow) -> dict[str, str]:
    """What the chart lists when it shows each member's nearest: member → nearest."""
    lw.view.show_overview()
    assert lw.view.nearest.overview
    return {r.member: r.name for r in lw.view.nearest.rows}


_MIMES: list[QMimeData] = []  # an event holds its mime data by pointer: kept alive for the session


def drag(path: Path, kind: type = QDropEvent) -> QDropEvent:
    mime = QMimeData()
    _MIMES.append(mime)
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    args = (QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    return kind(*args) if kind is QDragEnterEvent else kind(QPointF(10, 10), *args[1:])
