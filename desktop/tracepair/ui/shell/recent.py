"""Open Recent: the last pairs of files compared, remembered in the window's settings store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tracepair.ui.common.stored import read_strs

if TYPE_CHECKING:
    from tracepair.ui.shell.main_window import MainWindow

MAX_RECENT = 8


def remember_pair(win: MainWindow) -> None:
    a, b = win.sources["A"], win.sources["B"]
    entry = f"{a.path}\n{b.path}"
    earlier = [r for r in recent(win) if r != entry]
    win.store.setValue("recent", [entry, *earlier][:MAX_RECENT])
    refresh_menu(win)


def recent(win: MainWindow) -> list[str]:
    """The remembered pairs, newest first, each "A path\nB path" (damaged entries are skipped)."""
    return [r for r in read_strs(win.store, "recent") if r.count("\n") == 1]


def refresh_menu(win: MainWindow) -> None:
    win.recent_menu.clear()
    for entry in recent(win):
        a, _, b = entry.partition("\n")
        act = win.recent_menu.addAction(f"{Path(a).name}  ↔  {Path(b).name}")
        act.triggered.connect(lambda _c=False, a=a, b=b: (win.open_file("A", a), win.open_file("B", b)))
    win.recent_menu.setEnabled(bool(recent(win)))
