"""One side of the comparison: a header naming what is loaded and a read-only text view of one trace."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFontDatabase, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget

from tracepair.core.model import Record, Source
from tracepair.core.text.words import count_words
from tracepair.ui.common import palette
from tracepair.ui.common.drops import take_paths
from tracepair.ui.sidebyside.positions import Positions


class TraceView(QPlainTextEdit):
    """Read-only text of one trace; a dropped file is announced, never inserted as text (two files
    dropped at once are announced together: they fill A and B)."""

    fileDropped = Signal(Path)
    filesDropped = Signal(list)  # several paths dropped at once

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAcceptDrops(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSizeF(max(font.pointSizeF(), 10.5))
        self.setFont(font)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        take_paths(event)

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = take_paths(event)
        if not paths:
            return
        if len(paths) == 1:
            self.fileDropped.emit(paths[0])
        else:
            self.filesDropped.emit(paths)


class TracePane(QWidget):
    """Header (file, kind, model, parts) over a ``TraceView``. It is handed what to show.

    Core spans are offsets into ``Trace.text`` (Python characters); ``qt_pos`` turns them into the
    view's positions (UTF-16 units), which differ after the first emoji.
    """

    fileDropped = Signal(Path)
    filesDropped = Signal(list)

    def __init__(self, side: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = side
        self.source: Source | None = None
        self.record: Record | None = None
        self.positions = Positions()
        self.title = QLabel(self._empty_title())
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.detail = QLabel("")
        # One line each, cut at the pane's edge (full text in the tooltip): wrapping made the two
        # panes' text start at different heights, and Ignored keeps long names from widening the window.
        for label in (self.title, self.detail):
            label.setWordWrap(False)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.view = TraceView(self)
        self.view.fileDropped.connect(self.fileDropped)
        self.view.filesDropped.connect(self.filesDropped)
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addWidget(self.view, 1)

    # Drops on the header land here too.
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.view.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.view.dropEvent(event)

    def _empty_title(self) -> str:
        return f"<b>{self.side}</b> — drop a file here or use File ▸ Open {self.side}"

    @property
    def has_astral(self) -> bool:
        return not self.positions.identical

    def qt_pos(self, offset: int) -> int:
        """The view position of character ``offset`` of the record's ``Trace.text``."""
        return self.positions.to_view(offset)

    def clear(self) -> None:
        """Nothing loaded on this side (after Swap with one side open)."""
        self.source = None
        self.title.setText(self._empty_title())
        self.title.setToolTip("")
        self.set_record(None)

    def show_error(self, message: str) -> None:
        """A load failed: say so in the pane, keep whatever was shown before."""
        colour = palette.error_text().name()
        self.detail.setText(f'<span style="color:{colour}">Could not open: {message}</span>')

    def set_source(self, source: Source) -> None:
        self.source = source
        kind = "output set" if source.kind == "set" else "trace"
        models = ", ".join(source.models) or "model not stated"
        self.title.setText(f"<b>{self.side}</b> · {source.name} · {kind} · {models}")
        self.title.setToolTip(f"{source.path}\n{kind} · {models}")
        self.set_record(source.records[0] if source.records else None)

    def set_record(self, record: Record | None, key: str | None = None, why: str = "") -> None:
        """Show ``record``; ``None`` with a ``key`` says why that prompt has nothing on this side."""
        self.record = record
        if record is None:
            self.positions = Positions()
            self.view.clear()
            said = (why or f"no record for prompt {key} in this file") if key else ""
            self.detail.setText(said)
            self.detail.setToolTip(said)
            self.view.setPlaceholderText(said)  # the empty pane says it whole, wrapped, where the eye goes
            return
        self.view.setPlaceholderText("")
        self.positions = Positions(record.trace.text)
        self.view.setPlainText(record.trace.text)
        self._style_parts()
        self.view.moveCursor(QTextCursor.MoveOperation.Start)
        self._describe(record)

    def restyle(self) -> None:
        """Re-derive palette colours (the system switched light/dark) without moving the text."""
        bar = self.view.verticalScrollBar()
        top = bar.value()
        self._style_parts()
        if self.record is not None:
            self._describe(self.record)
        bar.setValue(top)

    def _describe(self, record: Record) -> None:
        trace = record.trace
        parts = []
        if trace.reasoning:
            kind = f", {trace.reasoning_kind}" if trace.reasoning_kind else ""
            swatch = palette.reasoning_background().name()
            parts.append(
                f'<span style="background:{swatch}">&nbsp;Reasoning&nbsp;</span> '
                f"{count_words(trace.reasoning):,} words{kind}"
            )
        else:
            parts.append("no reasoning")
        parts.append(f"Answer {count_words(trace.answer):,} words" if trace.answer else "no answer")
        if trace.empty:
            parts = ["no text (an empty record)"]
        where = ""
        if self.source is not None and self.source.kind == "set":
            where = f"prompt {record.key} · "
        self.detail.setText(where + " · ".join(parts))
        self.detail.setToolTip(re.sub(r"<[^>]+>|&nbsp;", "", self.detail.text()))

    def _style_parts(self) -> None:
        """Tint the reasoning blocks; the answer keeps the plain background."""
        trace = self.record.trace if self.record else None
        if trace is None or not trace.reasoning:
            return
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(0)
        cursor.setPosition(self.qt_pos(trace.reasoning_end), QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextBlockFormat()
        fmt.setBackground(palette.reasoning_background())
        cursor.mergeBlockFormat(fmt)
