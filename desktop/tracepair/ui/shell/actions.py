"""Menus, toolbars and shortcuts of the main window (kept apart so the window reads as behaviour)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QToolBar

if TYPE_CHECKING:
    from tracepair.ui.shell.main_window import MainWindow


def _act(win: MainWindow, text: str, slot, shortcut: str | QKeySequence.StandardKey | None = None,
         tip: str = "") -> QAction:
    act = QAction(text, win)
    if shortcut is not None:
        act.setShortcut(QKeySequence(shortcut))
    if tip:
        act.setToolTip(f"{tip} ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                       if shortcut is not None else tip)
        act.setStatusTip(tip)
    act.triggered.connect(lambda _checked=False: slot())
    win.addAction(act)  # shortcuts work even when the toolbar is hidden
    return act


def build(win: MainWindow) -> None:
    win.act_open_a = _act(win, "Open &A…", lambda: win.ask_open("A"), QKeySequence.StandardKey.Open,
                          "Open the left side")
    win.act_open_b = _act(win, "Open &B…", lambda: win.ask_open("B"), "Ctrl+Shift+O", "Open the right side")
    win.act_swap = _act(win, "&Swap Sides", win.swap_sides, "Ctrl+Shift+S", "Swap A and B")
    win.act_prev_passage = _act(win, "◀ Passage", lambda: win.compare_view.next_passage(backward=True), "Alt+Up",
                                "Previous shared passage")
    win.act_next_passage = _act(win, "Passage ▶", win.compare_view.next_passage, "Alt+Down", "Next shared passage")
    win.act_prev_step = _act(win, "◀ Step", lambda: win.compare_view.next_link(backward=True), "Ctrl+Alt+Up",
                             "Previous aligned step")
    win.act_next_step = _act(win, "Step ▶", win.compare_view.next_link, "Ctrl+Alt+Down", "Next aligned step")
    win.act_reasoning = _act(win, "Reasoning", lambda: win.go_to_part("reasoning"), "Ctrl+1",
                             "Show the start of each side's reasoning")
    win.act_answer = _act(win, "Answer", lambda: win.go_to_part("answer"), "Ctrl+2",
                          "Show the start of each side's answer")
    win.act_find = _act(win, "&Find…", win.open_find, QKeySequence.StandardKey.Find, "Find in the focused pane")
    win.act_find_next = _act(win, "Find &Next", lambda: win.find_bar.find(), QKeySequence.StandardKey.FindNext)
    win.act_cancel = _act(win, "Cancel", win.cancel_work, None, "Stop the running computation")
    win.act_recompute = _act(win, "&Recompute", win.recompute, QKeySequence.StandardKey.Refresh,
                             "Compare the files on screen again with the settings on screen")
    if win.act_recompute.shortcut().isEmpty():
        win.act_recompute.setShortcut(QKeySequence("F5"))
    act_quit = _act(win, "&Quit", win.close, QKeySequence.StandardKey.Quit)
    if act_quit.shortcut().isEmpty():  # desktops without a platform theme define no Quit key
        act_quit.setShortcut(QKeySequence("Ctrl+Q"))
    win.act_quit = act_quit

    bar = win.menuBar()
    m = bar.addMenu("&File")
    m.addAction(win.act_open_a)
    m.addAction(win.act_open_b)
    win.recent_menu = m.addMenu("Open &Recent")
    m.addSeparator()
    m.addAction(win.act_swap)
    m.addAction(win.act_recompute)
    win.file_menu_export_anchor = m.addSeparator()
    m.addAction(act_quit)
    win.file_menu = m
    m = bar.addMenu("&Go")
    for act in (win.act_prev_passage, win.act_next_passage, win.act_prev_step, win.act_next_step,
                win.act_reasoning, win.act_answer):
        m.addAction(act)
    m = bar.addMenu("&Edit")
    m.addAction(win.act_find)
    m.addAction(win.act_find_next)
    win.view_menu = bar.addMenu("&View")
    m = bar.addMenu("&Help")
    m.addAction(_act(win, "&About Tracepair", win.about))

    tb = QToolBar("Comparison")
    tb.setObjectName("comparisonToolbar")
    for act in (win.act_open_a, win.act_open_b, win.act_swap):
        tb.addAction(act)
    tb.addSeparator()
    for act in (win.act_prev_passage, win.act_next_passage, win.act_prev_step, win.act_next_step):
        tb.addAction(act)
    tb.addSeparator()
    tb.addAction(win.act_reasoning)
    tb.addAction(win.act_answer)
    win.addToolBar(tb)
    win.addToolBarBreak()
    sb = QToolBar("Settings")
    sb.setObjectName("settingsToolbar")
    sb.addWidget(QLabel(" Settings: "))
    for group in win.settings_panel.groups():
        sb.addWidget(group)
    win.addToolBar(sb)
    win.view_menu.addAction(tb.toggleViewAction())
    win.view_menu.addAction(sb.toggleViewAction())
