"""Finding and going to places in the two panes: a phrase from the idiom charts, the start of the
reasoning or the answer, the find bar on the pane with the focus, and the keyboard's Tab order."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tracepair.ui.sidebyside.find_bar import find_pattern

if TYPE_CHECKING:
    from tracepair.ui.shell.main_window import MainWindow


def find_phrase(win: MainWindow, phrase: str) -> bool:
    """Show ``phrase`` (``*``: any ending) in a pane: the pair on show if it has it, else the first that does."""
    needle = re.compile(find_pattern(phrase), re.IGNORECASE)
    order = []
    if win.current_pair is not None:
        order.append(win.current_pair)
    if win.comparison is not None:
        order += [p for p in win.comparison.pairs if p is not win.current_pair]
    for pair in order:
        for side, rec in (("A", win.comparison.a.records[pair.a_record]),
                          ("B", win.comparison.b.records[pair.b_record])):
            if needle.search(rec.trace.text):
                if pair is not win.current_pair:
                    win.show_pair(pair.index)
                win.tabs.setCurrentIndex(0)
                win.find_bar.open_on(win.panes[side].view, phrase, side)
                win.find_bar.find(from_start=True)
                where = f" of {pair.key}" if pair.key else ""
                win.status_label.setText(f"“{phrase}”: shown in {side}{where}. Enter finds the next one.")
                return True
    win.status_label.setText(f"“{phrase}” is not in the text of any pair on show.")
    return False


def go_to_part(win: MainWindow, part: str) -> None:
    """Both panes to the start of their reasoning (or answer), each exactly there: linked scrolling
    would otherwise pull one pane back to the step aligned with the other's."""
    offsets = {}
    for side, pane in win.panes.items():
        if pane.record is not None:
            trace = pane.record.trace
            offsets[side] = 0 if part == "reasoning" else min(trace.answer_start, len(trace.text))
    win.compare_view.scroll_to_offsets(offsets)


def open_find(win: MainWindow) -> None:
    """Ctrl+F: find in the pane with the focus; from the find bar, in the pane it is searching."""
    focused = win.focusWidget()
    if win.find_bar.view is not None and focused is not None and win.find_bar.isAncestorOf(focused):
        view = win.find_bar.view
    else:
        view = win.panes["B"].view if focused is win.panes["B"].view else win.panes["A"].view
    side = "B" if view is win.panes["B"].view else "A"
    selected = view.textCursor().selectedText().replace("\u2029", " ")
    win.find_bar.open_on(view, selected, side)


def chain_focus(win: MainWindow) -> None:
    """Tab visits what a keyboard user works with, in reading order: pane A, pane B, the find bar,
    the prompt list, the settings, the tabs (and on round the window to pane A again)."""
    for view in (p.view for p in win.panes.values()):
        view.setTabChangesFocus(True)  # read-only text: Tab moves on instead of doing nothing
    win.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    win.prompt_list.setTabKeyNavigation(False)  # Tab leaves the list; the arrow keys move in it
    win.summary.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a scroll area would keep Tab to itself
    chain: list[QWidget] = [win.panes["A"].view, win.panes["B"].view, win.find_bar.edit, win.prompt_list]
    chain += [w for g in win.settings_panel.groups()
              for w in ([g] if g.focusPolicy() != Qt.FocusPolicy.NoFocus
                        else g.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly))
              if w.focusPolicy() != Qt.FocusPolicy.NoFocus]
    chain.append(win.tabs.tabBar())
    for first, second in pairwise(chain):
        QWidget.setTabOrder(first, second)
