"""Open Recent: the last pairs of files compared, remembered in the window's settings store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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
    value = win.store.value("recent", [])
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def refresh_menu(win: MainWindow) -> None:
    win.recent_menu.clear()
    for entry in recent(win):
        a, _, b = entry.partition("\n")
        act = win.recent_menu.addAction(f"{Path(a).name}  ↔  {Path(b).name}")
        act.triggered.connect(lambda _c=False, a=a, b=b: (win.open_file("A", a), win.open_file("B", b)))
    win.recent_menu.setEnabled(bool(recent(win)))
