"""Ctrl+F: find text in either pane, as a bar under the panes (no modal dialog).

The search runs over the pane's whole text, so a phrase that a line or paragraph break splits is
found (Qt's own find stops at every paragraph); matches are selected in the view by position.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QToolButton, QWidget

from tracepair.ui.sidebyside import scrolling
from tracepair.ui.sidebyside.positions import Positions


def find_pattern(text: str) -> str:
    """A regular expression for what a user means by ``text``: any run of white space between
    words (line and paragraph breaks too), straight or curly apostrophes alike, and a trailing ``*``
    for any ending (as idiom lists write "whisper*")."""
    wildcard = text.endswith("*") and len(text) > 1
    body = text[:-1] if wildcard else text
    out = []
    for part in re.split(r"(\s+)", body):
        if not part:
            continue
        if part.isspace():
            out.append(r"\s+")
        else:
            out.append("".join("['’]" if ch in "'’" else re.escape(ch) for ch in part))
    return "".join(out) + (r"\w*" if wildcard else "")


class FindBar(QWidget):
    """Searches the view it is handed; reports 'not found' instead of failing silently."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: QPlainTextEdit | None = None
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in the focused pane (end with * for any ending)")
        self.edit.setClearButtonEnabled(True)
        self.case = QCheckBox("Match case")
        self.status = QLabel("")
        prev_btn, next_btn, close_btn = QToolButton(), QToolButton(), QToolButton()
        prev_btn.setText("▲")
        prev_btn.setToolTip("Previous match (Shift+Enter)")
        next_btn.setText("▼")
        next_btn.setToolTip("Next match (Enter)")
        close_btn.setText("✕")
        close_btn.setToolTip("Close (Esc)")
        prev_btn.clicked.connect(lambda: self.find(backward=True))
        next_btn.clicked.connect(lambda: self.find())
        close_btn.clicked.connect(self.close_bar)
        self.edit.textEdited.connect(lambda _t: self.find(from_start=True))
        self.edit.installEventFilter(self)
        self.case.toggled.connect(lambda _on: self.find(from_start=True))
        self.where = QLabel("")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.where)
        layout.addWidget(self.edit, 1)
        for w in (prev_btn, next_btn, self.case, self.status, close_btn):
            layout.addWidget(w)
        self.hide()

    def open_on(self, view: QPlainTextEdit, text: str = "", side: str = "") -> None:
        self.view = view
        self.where.setText(f"Find in {side}:" if side else "Find:")
        self.show()
        if text:
            self.edit.setText(text)
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        if self.view is not None:  # back to the text that was searched, not to whatever is next in line
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    def find(self, backward: bool = False, from_start: bool = False) -> bool:
        """Select the next (previous) match after (before) the current selection; wrap around once;
        ``from_start``: the match at or after the selection's start (typing refines the current one)."""
        if self.view is None or not self.edit.text():
            self.status.setText("")
            return False
        flags = 0 if self.case.isChecked() else re.IGNORECASE
        pattern = re.compile(find_pattern(self.edit.text()), flags)
        text = self.view.toPlainText()
        pos = Positions(text)
        cursor = self.view.textCursor()
        sel_start, sel_end = pos.to_text(cursor.selectionStart()), pos.to_text(cursor.selectionEnd())
        if backward:
            found = [m for m in pattern.finditer(text) if m.start() < sel_start]
            match = found[-1] if found else None
            if match is None:  # wrap: the last match in the text
                every = list(pattern.finditer(text))
                match = every[-1] if every else None
        else:
            start = sel_start if from_start else sel_end
            match = pattern.search(text, start) or pattern.search(text, 0)
        self.status.setText("" if match else "not found")
        if match is None:
            return False
        scrolling.select(self.view, pos.to_view(match.start()), pos.to_view(match.end()))
        self.view.centerCursor()
        return True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # The keys are taken in the line edit itself: it would otherwise answer Shift+Enter as Enter.
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.find(backward=bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
                return True
        return super().eventFilter(obj, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:  # Esc with the focus on a button of the bar
            self.close_bar()
        else:
            super().keyPressEvent(event)
