"""Ctrl+F: find text in either pane, as a bar under the panes (no modal dialog)."""

from __future__ import annotations

import re

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextDocument
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QToolButton, QWidget


def find_pattern(text: str) -> str:
    """A regular expression for what a user means by ``text``: any run of white space between
    words, straight or curly apostrophes alike, and a trailing ``*`` for any ending (as idiom
    lists write "whisper*")."""
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
        self.edit.returnPressed.connect(self.find)
        self.edit.textEdited.connect(lambda _t: self.find(from_start=True))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.edit, 1)
        for w in (prev_btn, next_btn, self.case, self.status, close_btn):
            layout.addWidget(w)
        self.hide()

    def open_on(self, view: QPlainTextEdit, text: str = "") -> None:
        self.view = view
        self.show()
        if text:
            self.edit.setText(text)
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def find(self, backward: bool = False, from_start: bool = False) -> bool:
        """Select the next match in the view; wrap around once; say so when there is none."""
        if self.view is None or not self.edit.text():
            self.status.setText("")
            return False
        flags = QTextDocument.FindFlag(0)
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        options = QRegularExpression.PatternOption.UseUnicodePropertiesOption
        if not self.case.isChecked():
            options |= QRegularExpression.PatternOption.CaseInsensitiveOption
        pattern = QRegularExpression(find_pattern(self.edit.text()), options)
        if from_start:
            cursor = self.view.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self.view.setTextCursor(cursor)
        found = self.view.find(pattern, flags)
        if not found:  # wrap around
            cursor = self.view.textCursor()
            cursor.movePosition(cursor.MoveOperation.End if backward else cursor.MoveOperation.Start)
            self.view.setTextCursor(cursor)
            found = self.view.find(pattern, flags)
        self.status.setText("" if found else "not found")
        if found:
            self.view.centerCursor()
        return found

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        elif (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
              and event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.find(backward=True)
        else:
            super().keyPressEvent(event)
