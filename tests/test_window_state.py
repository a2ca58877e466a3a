"""Every view shows the inputs on screen now: loads, swaps, failures, cancels and late results.

Driven as a user drives the window (pytest-qt), on real output sets from ../shared/data.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolBar, QToolButton

from test_compare_window import MAVERICK, SCOUT, open_pair
from tracepair.core.load import load
from tracepair.ui.common.worker import TaskRunner
from tracepair.ui.shell.main_window import MainWindow
from tracepair.ui.sidebyside import scrolling

R1 = "misguided-attention/deepseek-r1-0528.jsonl"
QWEN = "misguided-attention/qwen3-235b-a22b-think.jsonl"
GEMINI = "misguided-attention/gemini-2.5-pro-high.jsonl"


def test_a_new_file_takes_the_old_results_off_the_screen_at_once(qtbot, window: MainWindow, shared_data) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    assert window.compare_view.data.passages and window.prompt_list.rowCount() == 100 and window.idioms
    with qtbot.waitSignal(window.comparisonReady, timeout=60000) as ready:
        window.set_source("B", load(shared_data / "slop-forensics/generated_x-ai__grok-3-mini-beta.jsonl"))
        # before the new comparison: no highlight, row, number or idiom chart of the old pair is on screen
        assert not window.compare_view.data.passages and not window.compare_view.data.links
        assert window.prompt_list.rowCount() == 0 and window.comparison is None and window.idioms is None
        assert "Shared phrasing" not in window.summary.text() and "Comparing" in window.summary.text()
        assert not window.tabs.isTabEnabled(1)
    assert ready.args[0].b.name.endswith("grok-3-mini-beta.jsonl")


def test_a_failed_comparison_shows_no_old_result_and_says_why(qtbot, window: MainWindow, shared_data) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    with qtbot.waitSignal(window.workFailed, timeout=60000, check_params_cb=lambda n, _m: n == "compare") as failed:
        window.set_source("B", load(shared_data / "misguided-attention/gpt-4.1.jsonl"))  # no prompt id in common
    assert "no prompt id in common" in failed.args[1]
    assert window.comparison is None and not window.compare_view.data.passages
    assert window.prompt_list.rowCount() == 0
    assert "no prompt id in common" in window.summary.text() and "failed" in window.summary.text()


def test_a_late_result_of_earlier_files_is_dropped(qtbot, window: MainWindow, shared_data) -> None:
    # The window checks every result against the files and settings on screen when it arrives.
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    old = window.comparison
    window.set_source("B", load(shared_data / "slop-forensics/generated_x-ai__grok-3-mini-beta.jsonl"))
    window._comparison_done(old)  # what a finished-but-superseded task would deliver
    assert window.comparison is None and not window.compare_view.data.passages


def test_cancelled_idioms_come_back_with_recompute(qtbot, window: MainWindow, shared_data) -> None:
    with qtbot.waitSignal(window.workCancelled, timeout=60000, check_params_cb=lambda n: n == "idioms"):
        window.set_source("A", load(shared_data / R1))
        window.set_source("B", load(shared_data / QWEN))
        window.tasks.cancel("idioms")
    assert not window.tabs.isTabEnabled(1) and "cancelled" in window.tabs.tabToolTip(1)
    qtbot.waitUntil(lambda: not window.tasks.is_busy(), timeout=60000)
    with qtbot.waitSignal(window.idiomsReady, timeout=60000) as ready:
        window.act_recompute.trigger()
    assert window.tabs.isTabEnabled(1) and ready.args[0] is window.idioms
    assert "Cancelled" not in window.status_label.text()


def test_task_runner_drops_a_superseded_result(qtbot) -> None:
    runner = TaskRunner()
    release = threading.Event()

    def slow():
        yield 0.0, "waiting"
        release.wait(10)
        return "old"

    results = []
    runner.finished.connect(lambda name, r: results.append((name, r)))
    runner.start("job", slow)
    with qtbot.waitSignal(runner.finished, timeout=10000):
        runner.start("job", lambda: "new")  # supersedes the slow one, which finishes later
        release.set()
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=10000)
    QTest.qWait(200)  # give a stale "old" every chance to arrive (it must not)
    assert results == [("job", "new")]


def test_a_task_cancelled_after_its_last_step_gives_no_result(qtbot) -> None:
    # A job with no step left to notice the cancel (here: none at all) still ends as cancelled: the
    # user pressed Cancel, and no view may show its result.
    runner = TaskRunner()
    release = threading.Event()

    def blocking():
        release.wait(10)
        return "late"

    results = []
    runner.finished.connect(lambda name, r: results.append(r))
    runner.start("job", blocking)
    with qtbot.waitSignal(runner.cancelled, timeout=10000) as blocker:
        runner.cancel("job")
        release.set()
    assert blocker.args == ["job"] and results == [] and not runner.is_busy()


def test_export_settings_are_read_when_the_user_clicks(qtbot, window: MainWindow, shared_data) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    job = window.exporter._report_job()  # what Export Report takes at the click
    window.idiom_panel.top.setValue(7)  # changed after the click, before the job runs
    gen = job()
    try:
        while True:
            next(gen)
    except StopIteration as done:
        report = done.value
    assert report.idiom_settings.top != 7 and report.idiom_settings.top == 20


def test_go_to_answer_shows_each_answer_with_linked_scrolling_on(qtbot, window: MainWindow, shared_data) -> None:
    open_pair(qtbot, window, shared_data / R1, shared_data / QWEN)
    assert window.compare_view.linked_scrolling
    c = window.comparison
    longest = max(c.pairs, key=lambda p: min(len(c.a.records[p.a_record].trace.reasoning),
                                             len(c.b.records[p.b_record].trace.reasoning)))
    with qtbot.waitSignal(window.alignmentReady, timeout=60000):
        window.show_pair(longest.index)
    window.resize(1400, 900)
    QApplication.processEvents()
    window.act_answer.trigger()
    QApplication.processEvents()
    for side, pane in window.panes.items():
        trace = pane.record.trace
        assert trace.reasoning and len(trace.reasoning) > 5000, side  # long traces: the case that failed
        top = scrolling.offset_at_top(pane.view)
        start = pane.qt_pos(trace.answer_start)
        assert abs(scrolling.y_of(pane.view, start)) < 2 * pane.view.fontMetrics().lineSpacing(), (side, top, start)
    window.act_reasoning.trigger()
    assert all(scrolling.offset_at_top(p.view) == 0 for p in window.panes.values())


def _find_setup(qtbot, window: MainWindow, shared_data):
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    window.panes["B"].view.setFocus()
    window.act_find.trigger()
    return window.find_bar


def test_find_goes_back_with_shift_enter(qtbot, window: MainWindow, shared_data) -> None:
    bar = _find_setup(qtbot, window, shared_data)
    assert bar.view is window.panes["B"].view
    QTest.keyClicks(bar.edit, "the")
    starts = []
    for _ in range(3):
        QTest.keyClick(bar.edit, Qt.Key.Key_Return)
        starts.append(bar.view.textCursor().selectionStart())
    QTest.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.view.textCursor().selectionStart() == starts[1]  # one back, not the same match again
    assert starts == sorted(starts) and len(set(starts)) == 3


def test_find_matches_across_a_paragraph_break(qtbot, window: MainWindow, shared_data) -> None:
    bar = _find_setup(qtbot, window, shared_data)
    text = bar.view.toPlainText()
    cut = text.index("\n\n")  # the last word of a paragraph and the first of the next, as one phrase
    before, after = text[:cut].split()[-1], text[cut:].split()[0]
    QTest.keyClicks(bar.edit, f"{before} {after}")
    assert bar.status.text() == "" and bar.view.textCursor().hasSelection()
    assert bar.view.textCursor().selectedText().split("\u2029")[0].endswith(before)


def test_find_keys_stay_with_the_pane_searched(qtbot, window: MainWindow, shared_data) -> None:
    bar = _find_setup(qtbot, window, shared_data)
    window.act_find.trigger()  # Ctrl+F again, from B's find bar
    assert bar.view is window.panes["B"].view and "B" in bar.where.text()
    QTest.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert QApplication.focusWidget() is window.panes["B"].view  # not the prompt list: arrows scroll the text


def test_a_record_in_no_pair_is_shown_alone_and_says_why(qtbot, window: MainWindow, shared_data) -> None:
    # claude-sonnet-4 answers two prompts claude-3.7-sonnet has no record for.
    with qtbot.waitSignal(window.alignmentReady, timeout=60000):
        window.open_file("A", shared_data / "misguided-attention/claude-3.7-sonnet.jsonl")
        window.open_file("B", shared_data / "misguided-attention/claude-sonnet-4.jsonl")
    c = window.comparison
    lone = [x for x in c.left_out if x.side == "B"]
    assert lone and window.prompt_list.rowCount() == len(c.pairs) + len(c.left_out)
    row = window.prompt_list.idents().index(f"B:{lone[0].record}")
    window.prompt_list.selectRow(row)
    assert window.panes["B"].view.toPlainText() == c.b.records[lone[0].record].trace.text
    assert window.panes["A"].view.toPlainText() == ""
    assert "no record for this prompt in A" in window.panes["A"].detail.text()
    assert window.panes["A"].view.placeholderText() == window.panes["A"].detail.text()  # whole, in the empty pane
    assert "in no pair" in window.summary.text() and not window.compare_view.data.passages


def test_tab_reaches_both_panes_the_settings_and_the_tabs(qtbot, window: MainWindow, shared_data) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    window.activateWindow()
    window.panes["A"].view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.panes["A"].view, timeout=5000)
    seen = []
    for _ in range(20):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert window.panes["B"].view in seen
    assert window.settings_panel.min_tokens in seen or window.settings_panel.min_tokens.lineEdit() in seen
    assert window.settings_panel.granularity in seen and window.tabs.tabBar() in seen
    assert seen.count(window.panes["A"].view) >= 1  # and round again


def test_every_setting_stays_reachable_in_the_smallest_window(qtbot, window: MainWindow) -> None:
    window.resize(window.minimumSizeHint())
    QApplication.processEvents()
    bar = window.findChild(QToolBar, "settingsToolbar")
    groups = window.settings_panel.groups()
    hidden = [g for g in groups if not g.isVisible()]
    assert hidden  # the smallest window cannot show them all in a row ...
    extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is not None and extension.isVisible()  # ... so the toolbar offers its » menu
    window.resize(1400, 900)
    QApplication.processEvents()
    assert all(g.isVisible() for g in groups)  # and at the default size every control is on show


def test_highlights_sit_on_their_text_after_an_emoji(qtbot, window: MainWindow, tmp_path: Path, shared_data) -> None:
    # Constructed: a real R1 answer with an emoji put before it on side A; Qt counts an emoji as two.
    rec = load(shared_data / R1).records[0]
    (tmp_path / "a.txt").write_text("🙂🙂 " + rec.trace.answer, encoding="utf-8")
    (tmp_path / "b.txt").write_text(rec.trace.answer, encoding="utf-8")
    with qtbot.waitSignal(window.alignmentReady, timeout=60000):
        window.open_file("A", tmp_path / "a.txt")
        window.open_file("B", tmp_path / "b.txt")
    p = window.compare_view.data.passages[0]
    cur = window.panes["A"].view.textCursor()
    s, e = p.a_spans[0]
    cur.setPosition(s)
    cur.setPosition(e, cur.MoveMode.KeepAnchor)
    assert cur.selectedText().replace("\u2029", "\n") == p.text


def test_exporting_the_chart_before_opening_its_tab_lays_it_out_as_on_screen(
        qtbot, window: MainWindow, shared_data, tmp_path: Path) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    assert window.tabs.currentIndex() == 0 and not window.idiom_panel.bars.isVisible()
    before = QImage(str(window.exporter.export_image("chart", tmp_path / "before.png")))
    window.tabs.setCurrentWidget(window.idiom_panel)
    QApplication.processEvents()
    after = QImage(str(window.exporter.export_image("chart", tmp_path / "after.png")))
    assert before.size() == after.size()
    # laid out alike: the same rows hold drawing (the title, subtitle and labels do not overlap)
    def ink_rows(img: QImage) -> list[int]:
        bg = img.pixel(5, 5)
        return [y for y in range(0, img.height(), 4) if any(img.pixel(x, y) != bg for x in range(0, img.width(), 16))]
    assert ink_rows(before) == ink_rows(after)


def test_empty_records_are_greyed_left_out_and_said(qtbot, window: MainWindow, shared_data) -> None:
    # o4-mini-high has three records with no output (API failures, kept as published).
    open_pair(qtbot, window, shared_data / "misguided-attention/o4-mini-high.jsonl", shared_data / GEMINI)
    c = window.comparison
    empty = [x for x in c.left_out if x.why == "no text"]
    assert len(empty) == 3 and all(x.side == "A" for x in empty)
    assert all(not c.a.records[p.a_record].trace.empty for p in c.pairs)  # none is compared
    rows = dict(zip(window.prompt_list.idents(), range(window.prompt_list.rowCount()), strict=True))
    item = window.prompt_list.item(rows[f"A:{empty[0].record}"], 0)
    assert "no text in A" in item.text()
    assert item.foreground().color() == window.prompt_list.palette().color(
        window.prompt_list.palette().ColorGroup.Disabled, window.prompt_list.palette().ColorRole.Text)
    notes = window.idiom_panel.notes
    assert not notes.isHidden() and "3 of 54 records have no text" in notes.text()


def test_a_file_read_again_is_new_input_even_with_equal_text(shared_data) -> None:
    # A result is shown only for the very sources on screen: a reload (same text, new object) is not
    # them, and the check never compares two sources record by record on the GUI thread.
    from tracepair.ui.common.inputs import same_inputs

    path = shared_data / MAVERICK
    first, again = load(path), load(path)
    assert first == again  # equal by value...
    assert not same_inputs((first, 6), (again, 6))  # ...but not the input on screen
    assert same_inputs((first, 6), (first, 6)) and not same_inputs((first, 6), (first, 7))
    assert not same_inputs(None, (first, 6))
