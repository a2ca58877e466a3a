"""A bug in the window (an exception in a slot or in background work) shows a dialog with a copyable
report and writes it to a log in the user's data folder; the window stays usable.

The faults are synthetic (a slot that raises, a load made to raise): the window has no known bug to
trigger. The files loaded around them are real.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtGui import QGuiApplication

from tracepair.core.load.samples import sample_pair
from tracepair.ui.common import crash
from tracepair.ui.common.worker import TaskRunner
from tracepair.ui.shell import main_window as main_window_module
from tracepair.ui.shell.main_window import MainWindow


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch):
    """The window's exception hooks installed for one test, and the previous hooks back after it."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    crash.install()
    yield crash.reporter()
    if crash.reporter().dialog is not None:
        crash.reporter().dialog.close()


def logs_folder() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)) / "logs"


def still_usable(qtbot, w: MainWindow) -> None:
    a, _ = sample_pair()
    with qtbot.waitSignal(w.sourceLoaded, timeout=20000):
        w.open_file("A", a)
    assert w.panes["A"].view.toPlainText() == w.sources["A"].records[0].trace.text


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_shows_a_report_and_logs_it(qtbot, window: MainWindow, hooks) -> None:
    def broken_slot() -> None:
        raise ZeroDivisionError("synthetic fault in a slot")

    with qtbot.waitSignal(hooks.reported, timeout=10000) as got:
        QTimer.singleShot(0, broken_slot)
    dialog, log = got.args
    assert dialog.isVisible() and dialog.windowTitle() == "Tracepair: something went wrong"
    assert "ZeroDivisionError: synthetic fault in a slot" in dialog.heading.text()
    assert log is not None and log.parent == logs_folder()
    text = log.read_text(encoding="utf-8")
    assert "unexpected error while handling an event in the window" in text
    assert "in broken_slot" in text and "ZeroDivisionError: synthetic fault in a slot" in text
    assert dialog.report_text.strip() == text.strip()
    assert str(log) in dialog.heading.text()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.report_text
    dialog.close()
    still_usable(qtbot, window)


@pytest.mark.qt_no_exception_capture
def test_errors_while_the_dialog_is_open_join_it(qtbot, window: MainWindow, hooks) -> None:
    def broken(n: int) -> None:
        raise ValueError(f"synthetic fault number {n}")

    with qtbot.waitSignal(hooks.reported, timeout=10000) as first:
        QTimer.singleShot(0, lambda: broken(1))
    with qtbot.waitSignal(hooks.reported, timeout=10000) as second:
        QTimer.singleShot(0, lambda: broken(2))
    assert first.args[0] is second.args[0]  # one dialog, not two
    dialog = second.args[0]
    assert "2 errors so far" in dialog.heading.text()
    assert "synthetic fault number 1" in dialog.report_text and "synthetic fault number 2" in dialog.report_text
    assert first.args[1] != second.args[1] and first.args[1].exists() and second.args[1].exists()


@pytest.mark.qt_no_exception_capture
def test_a_fault_that_repeats_is_counted_not_logged_again(qtbot, window: MainWindow, hooks) -> None:
    def broken() -> None:
        raise KeyError("synthetic fault that repeats")

    with qtbot.waitSignal(hooks.reported, timeout=10000) as got:
        QTimer.singleShot(0, broken)
    dialog, log = got.args
    logs_before = sorted(logs_folder().glob("*.log"))
    for _ in range(4):
        try:
            broken()
        except KeyError as err:
            sys.excepthook(type(err), err, err.__traceback__)  # as PySide6 hands over an error in a slot
    assert sorted(logs_folder().glob("*.log")) == logs_before and log in logs_before
    assert dialog.repeat_note.isVisible()
    assert dialog.repeat_note.text() == "The same error happened 4 more times since (not logged again)."
    assert dialog.report_text.count("synthetic fault that repeats") == 2  # heading line + traceback, once


def test_an_exception_in_background_work_shows_a_report_and_logs_it(qtbot, window: MainWindow, hooks,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_load(path, fields=None):
        raise RuntimeError(f"synthetic fault while loading {Path(path).name}")
        yield  # a generator, as the real one

    _a, b = sample_pair()
    monkeypatch.setattr(main_window_module, "iter_load", broken_load)
    with qtbot.waitSignal(hooks.reported, timeout=10000) as got:
        window.open_file("B", b)
    dialog, log = got.args
    assert dialog.isVisible()
    text = log.read_text(encoding="utf-8")
    assert log.parent == logs_folder()
    assert "unexpected error while running the background task 'load-B'" in text
    assert "in broken_load" in text and f"RuntimeError: synthetic fault while loading {b.name}" in text
    assert text.strip() in dialog.report_text
    assert window.sources["B"] is None and "RuntimeError" in window.status_label.text()
    dialog.close()
    monkeypatch.undo()
    still_usable(qtbot, window)


def test_bad_input_is_not_reported_as_a_bug(qtbot, window: MainWindow, hooks, tmp_path: Path) -> None:
    bad = tmp_path / "deep.json"
    bad.write_bytes(b"[" * 1000 + b"]" * 1000)
    before = set(logs_folder().glob("*.log")) if logs_folder().exists() else set()
    with qtbot.waitSignal(window.loadFailed, timeout=10000) as got:
        window.open_file("A", bad)
    assert got.args == ["A", "deep.json: JSON nested more than 100 levels deep (line 1, column 101)"]
    assert hooks.dialog is None
    assert (set(logs_folder().glob("*.log")) if logs_folder().exists() else set()) == before


def test_a_stale_task_that_fails_is_logged_but_not_shown(qtbot, hooks) -> None:
    runner = TaskRunner()
    release = threading.Event()
    marker = "synthetic fault in a task already superseded"

    def old_job():
        release.wait(10)
        raise LookupError(marker)

    def logged() -> bool:
        return any(marker in p.read_text(encoding="utf-8") for p in logs_folder().glob("*.log"))

    assert not (logs_folder().exists() and logged())
    runner.start("count", old_job)
    with qtbot.waitSignal(runner.finished, timeout=10000):
        runner.start("count", lambda: 42)  # supersedes the first
    release.set()
    qtbot.waitUntil(logged, timeout=10000)
    assert hooks.dialog is None
