"""Unexpected errors in the window (bugs): logged, shown in a dialog whose report can be copied, and
the window goes on.

``install()`` routes exceptions that escape a Qt slot (``sys.excepthook``, which PySide6 calls for
them) or a Python thread (``threading.excepthook``) to ``report``; ``TaskRunner`` hands over
background work that failed. Each report is written to a log in the user's data folder
(``QStandardPaths.AppDataLocation``/logs) before the dialog opens. One dialog at a time: errors that
follow while it is open are logged and added to it, so a fault that repeats cannot bury the window
in dialogs. Expected failures (bad input, a file that cannot be written) are not bugs: the window
names them in its status line, and they never come here.
"""

from __future__ import annotations

import html
import sys
import threading
from pathlib import Path

import PySide6
from PySide6.QtCore import QObject, QStandardPaths, Qt, QThread, QUrl, Signal, qVersion
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from tracepair import crash_log
from tracepair.core.model import BadInput

#: Failures that are the user's input or the system's refusal, named in the status line, not bugs.
EXPECTED = (BadInput, OSError)


def is_bug(error: BaseException) -> bool:
    return not isinstance(error, EXPECTED)


def message_of(error: object) -> str:
    """One line for a failed task: the problem itself for bad input, else that it was unexpected."""
    return str(error) if isinstance(error, EXPECTED) else f"unexpected error: {error!r}"


def log_folder() -> Path:
    """Tracepair's folder in the user's data location (Qt's AppDataLocation)."""
    where = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(where) if where else crash_log.data_folder()


def write_report(error: BaseException, doing: str) -> tuple[str, Path | None]:
    """The report on ``error`` and the log it was written to (None if none could be written).

    Safe on any thread: it only writes a file.
    """
    text = crash_log.report_text(error, doing, {"qt": f"{qVersion()} (PySide6 {PySide6.__version__})"})
    try:
        return text, crash_log.write_log(text, log_folder())
    except OSError:
        return text, None


class CrashDialog(QDialog):
    """What went wrong, where the report was saved, the report itself (selectable) and a Copy button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tracepair: something went wrong")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.reports: list[str] = []
        self.logs: list[Path | None] = []
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(32, 32))
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton("Copy Report")
        self.copy_button.clicked.connect(self.copy_report)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button = QPushButton("Show Log Folder")
        self.folder_button.clicked.connect(self.show_folder)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.close)
        close.setDefault(True)
        top = QVBoxLayout(self)
        head = QWidget()
        row = QHBoxLayout(head)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.heading, 1)
        self.repeat_note = QLabel()
        self.repeat_note.hide()
        top.addWidget(head)
        top.addWidget(self.text, 1)
        top.addWidget(self.repeat_note)
        top.addWidget(buttons)
        self.resize(720, 440)

    def add(self, summary: str, report: str, log: Path | None) -> None:
        self.reports.append(report)
        self.logs.append(log)
        saved = (f"A report was saved to <b>{_html(str(log))}</b>." if log is not None
                 else "The report could not be saved to a file: copy it from below.")
        more = f" ({len(self.reports)} errors so far; all are below.)" if len(self.reports) > 1 else ""
        self.heading.setText(
            f"<p><b>Something went wrong inside Tracepair</b>: {_html(summary)}{more}</p>"
            "<p>This is a bug in Tracepair, not a problem with your files, which were not changed. "
            "The window is still usable; what it showed before is kept.</p>"
            f"<p>{saved} Please attach it (or paste it with Copy Report) when you report the bug.</p>"
        )
        self.text.setPlainText("\n\n".join(self.reports))
        self.folder_button.setEnabled(any(p is not None for p in self.logs))
        self.copy_button.setText("Copy Report")

    def repeated(self, times: int) -> None:
        """Say that errors already shown happened ``times`` more times (not logged again)."""
        self.repeat_note.setText(f"The same error happened {times:,} more time{'s' if times != 1 else ''} "
                                 "since (not logged again).")
        self.repeat_note.show()

    @property
    def report_text(self) -> str:
        return self.text.toPlainText()

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text)
        self.copy_button.setText("Copied")

    def show_folder(self) -> None:
        log = next((p for p in reversed(self.logs) if p is not None), None)
        if log is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(log.parent)))


class Reporter(QObject):
    """Shows reports on the GUI thread, one dialog at a time."""

    #: A report was shown: the dialog and the log written (None if it could not be).
    reported = Signal(object, object)
    _from_thread = Signal(str, str, object)

    def __init__(self) -> None:
        super().__init__()
        self.dialog: CrashDialog | None = None
        self._seen: dict[tuple[str, str, str, int], int] = {}  # faults shown in the open dialog: times seen
        self._from_thread.connect(self._show)

    def report(self, error: BaseException, doing: str, logged: tuple[str, Path | None] | None = None) -> None:
        """Log ``error`` (unless ``logged`` says where it already is) and show it; any thread.

        The same fault again while the dialog is open (a slot that fails on every repaint) is counted
        in the dialog, not logged again.
        """
        key = _fault(error)
        if self.dialog is not None and key in self._seen:
            self._seen[key] += 1
            if QThread.currentThread() is self.thread():
                self._repeat()
            else:
                self._from_thread.emit("", "", None)  # "a repeat", shown on the GUI thread
            return
        self._seen[key] = 1
        report, log = logged or write_report(error, doing)
        summary = crash_log.one_line(error)
        if QThread.currentThread() is self.thread():
            self._show(summary, report, log)
        else:
            self._from_thread.emit(summary, report, log)  # queued to the GUI thread

    def _repeat(self) -> None:
        if self.dialog is not None:
            self.dialog.repeated(sum(self._seen.values()) - len(self._seen))

    def _show(self, summary: str, report: str, log: Path | None) -> None:
        if not report:  # a repeat, queued from another thread
            self._repeat()
            return
        if self.dialog is None:
            self.dialog = CrashDialog(QApplication.activeWindow())
            self.dialog.destroyed.connect(self._dialog_gone)
        self.dialog.add(summary, report, log)
        self.dialog.show()
        self.dialog.raise_()
        self.reported.emit(self.dialog, log)

    def _dialog_gone(self) -> None:
        self.dialog = None
        self._seen.clear()


def _fault(error: BaseException) -> tuple[str, str, str, int]:
    """What makes two errors the same fault: type, message, and the line that raised it."""
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = (tb.tb_frame.f_code.co_filename, tb.tb_lineno) if tb is not None else ("", 0)
    return type(error).__name__, str(error), *where


_reporter: Reporter | None = None


def reporter() -> Reporter:
    """The application's reporter (made on first use; call on the GUI thread first)."""
    global _reporter
    if _reporter is None:
        _reporter = Reporter()
    return _reporter


def report(error: BaseException, doing: str, logged: tuple[str, Path | None] | None = None) -> None:
    reporter().report(error, doing, logged)


def install() -> None:
    """Route exceptions that escape slots and threads to ``report`` (keeps Ctrl+C working)."""
    reporter()
    previous = sys.excepthook

    def on_exception(kind: type[BaseException], error: BaseException, tb: object) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            previous(kind, error, tb)
            return
        report(error.with_traceback(tb), "handling an event in the window")  # type: ignore[arg-type]

    def on_thread_exception(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None and not isinstance(args.exc_value, SystemExit):
            report(args.exc_value, f"running thread {args.thread.name if args.thread else '?'}")

    sys.excepthook = on_exception
    threading.excepthook = on_thread_exception


def _html(text: str) -> str:
    return html.escape(text, quote=False)
