"""The window meets files as researchers have them: the field-mapping dialog for a shape it does not
know (driven as a user drives it, and remembered), the tools' formats, and two files dropped at once.

The in-house nested files are CONSTRUCTED (a shape no tool writes, standing for any Tracepair cannot
know) around REAL model outputs from shared/data; the batch and Inspect files are constructed from
their published documentation (see formats_data.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

import formats_data as fd
from tracepair.core.load import FieldMap
from tracepair.ui.shell.field_mapping import NOT_SET, STORE_KEY, FieldMappingDialog, RememberedFields
from tracepair.ui.shell.main_window import MainWindow

RECORDS = fd.real_records(n=6)
GEMINI = fd.real_records("gemini-2.5-pro-high", n=6)


def nested(path: Path, records: list[dict]) -> Path:
    rows = [{"req": {"key": fd.key(r), "question": r["prompt"]},
             "resp": {"engine": r["model"],
                      "generations": [{"body": {"text": r["output"], "thought": r["reasoning"]}}]}}
            for r in records]
    path.write_text("".join(json.dumps(x) + "\n" for x in rows), encoding="utf-8")
    return path


def ok(dialog: FieldMappingDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_a_file_with_no_known_text_field_opens_the_dialog_and_the_choice_loads_it(
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    path = nested(tmp_path / "in_house.jsonl", RECORDS)
    with qtbot.waitSignal(window.fields_flow.dialogShown, timeout=20000) as shown:
        window.open_file("A", path)
    assert shown.args == ["A"]
    dialog = window.fields_flow.dialog
    assert dialog is not None and dialog.isVisible()
    # The first record's paths, each with a preview of its value.
    listed = {dialog.table.topLevelItem(i).text(0): dialog.table.topLevelItem(i).text(2)
              for i in range(dialog.table.topLevelItemCount())}
    assert listed["req.key"] == fd.key(RECORDS[0])
    assert listed["resp.generations.0.body.text"].startswith(" ".join(RECORDS[0]["output"].split())[:40])
    # A first guess from the key names ("text", "thought", "question", "key", "engine"), which the
    # user checks and corrects: here the model is left to the usual fields, then chosen after all.
    assert {r: b.currentData() for r, b in dialog.combos.items()} == {
        "output": "resp.generations.0.body.text", "reasoning": "resp.generations.0.body.thought",
        "prompt": "req.question", "id": "req.key", "model": "resp.engine"}
    dialog.choose("model", None)
    assert "Model:" not in dialog.preview.toPlainText()
    dialog.choose("model", "resp.engine")
    assert RECORDS[0]["output"][:200] in dialog.preview.toPlainText()
    with qtbot.waitSignal(window.sourceLoaded, timeout=20000) as loaded:
        ok(dialog).click()
    assert loaded.args[0] == "A"
    src = window.sources["A"]
    assert src.models == ["deepseek-r1-0528"]
    assert [(r.key, r.trace.answer) for r in src.records] == [(fd.key(r), r["output"].strip()) for r in RECORDS]
    assert window.panes["A"].view.toPlainText() == src.records[0].trace.text

    # Remembered for this shape of record: the next such file opens at once, no dialog.
    with qtbot.waitSignal(window.sourceLoaded, timeout=20000) as loaded:
        window.open_file("B", nested(tmp_path / "other.jsonl", GEMINI))
    assert loaded.args[0] == "B" and window.fields_flow.dialog is None
    assert window.sources["B"].records[0].trace.answer == GEMINI[0]["output"].strip()
    assert RememberedFields(window.store).all() == {"req|resp": FieldMap(
        output="resp.generations.0.body.text", reasoning="resp.generations.0.body.thought", prompt="req.question",
        id="req.key", model="resp.engine")}


def test_load_is_disabled_until_a_text_field_is_chosen_and_cancel_keeps_the_pane(
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    path = nested(tmp_path / "in_house.jsonl", RECORDS)
    with qtbot.waitSignal(window.fields_flow.dialogShown, timeout=20000):
        window.open_file("A", path)
    dialog = window.fields_flow.dialog
    dialog.choose("output", None)
    assert ok(dialog).isEnabled()  # the reasoning alone is text enough
    dialog.choose("reasoning", None)
    assert not ok(dialog).isEnabled()
    dialog.reject()
    assert window.sources["A"] is None and window.fields_flow.dialog is None
    assert "no text field was chosen" in window.status_label.text()
    assert window.store.value(STORE_KEY) in (None, "")  # nothing remembered


def test_the_choice_can_be_changed_from_the_file_menu(qtbot, window: MainWindow, tmp_path: Path) -> None:
    path = nested(tmp_path / "in_house.jsonl", RECORDS)
    RememberedFields(window.store).remember({"req": 0, "resp": 0}, FieldMap(output="resp.generations.0.body.text"))
    with qtbot.waitSignal(window.sourceLoaded, timeout=20000):
        window.open_file("A", path)
    assert window.sources["A"].records[0].trace.reasoning == ""  # only the answer was mapped
    act = window.fields_flow.actions["A"]
    assert act in window.file_menu.actions() and act.text() == "Text &Fields of A…"
    with qtbot.waitSignal(window.fields_flow.dialogShown, timeout=20000):
        act.trigger()
    dialog = window.fields_flow.dialog
    assert dialog.combos["output"].currentData() == "resp.generations.0.body.text"  # the choice in force
    assert dialog.combos["reasoning"].currentText() == NOT_SET
    dialog.choose("reasoning", "resp.generations.0.body.thought")
    with qtbot.waitSignal(window.sourceLoaded, timeout=20000):
        ok(dialog).click()
    assert window.sources["A"].records[0].trace.reasoning == RECORDS[0]["reasoning"].strip()


def test_text_fields_of_a_text_file_says_there_are_none(qtbot, window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "answer.txt"
    path.write_text(RECORDS[0]["output"], encoding="utf-8")
    with qtbot.waitSignal(window.sourceLoaded, timeout=20000):
        window.open_file("A", path)
    with qtbot.waitSignal(window.tasks.finished, timeout=20000):
        window.fields_flow.actions["A"].trigger()
    assert "holds text, not JSON records" in window.status_label.text()
    assert window.fields_flow.dialog is None


def test_tool_formats_open_in_the_window(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """An Inspect .eval log in A, an Anthropic batch in B: both load and are compared."""
    a = fd.inspect_eval(tmp_path / "run.eval", RECORDS)
    b = fd.anthropic_batch(tmp_path / "batch_results.jsonl", GEMINI)
    with qtbot.waitSignal(window.sourceLoaded, timeout=20000):
        window.open_file("A", a)
    with qtbot.waitSignal(window.comparisonReady, timeout=60000):
        window.open_file("B", b)
    assert window.sources["A"].format == "inspect-eval"
    assert window.sources["B"].record_shape == "anthropic-batch"
    assert "deepseek/deepseek-reasoner" in window.panes["A"].title.text()


def _drop(view, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), event) or view.dropEvent(event)


def test_two_files_dropped_at_once_fill_a_and_b(qtbot, window: MainWindow, tmp_path: Path) -> None:
    a = fd.openai_batch(tmp_path / "first.jsonl", RECORDS)
    b = fd.openai_batch(tmp_path / "second.jsonl", GEMINI)
    loaded: list[str] = []
    window.sourceLoaded.connect(lambda side, _src: loaded.append(side))
    with qtbot.waitSignal(window.comparisonReady, timeout=60000):
        _drop(window.panes["B"].view, [a, b])  # dropped on B: still the first fills A
    assert sorted(loaded) == ["A", "B"]
    assert window.sources["A"].path == a and window.sources["B"].path == b
    assert str(a) not in window.panes["B"].view.toPlainText()


def test_three_files_dropped_at_once_load_nothing_and_say_why(qtbot, window: MainWindow, tmp_path: Path) -> None:
    paths = [fd.openai_batch(tmp_path / f"{i}.jsonl", RECORDS) for i in range(3)]
    _drop(window.panes["A"].view, paths)
    assert window.sources == {"A": None, "B": None}
    assert window.status_label.text() == "3 files dropped: drop one on a side, or two to fill A and B."


def test_a_record_further_down_with_no_text_field_is_the_one_shown_and_the_choice_loads_once(
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    """A file whose later record has another shape: the dialog shows that record, and the choice is
    used for the file at once (the remembered shape is that record's, not the first one's); the
    records the path is not in are read as before."""
    rows = [{"id": fd.key(r), "output": r["output"]} for r in RECORDS[:2]]
    rows += [{"id": fd.key(r), "gen": {"body": r["output"]}} for r in RECORDS[2:]]
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in rows), encoding="utf-8")
    with qtbot.waitSignal(window.fields_flow.dialogShown, timeout=20000):
        window.open_file("A", path)
    dialog = window.fields_flow.dialog
    assert dialog.record["gen"]["body"] == RECORDS[2]["output"]
    dialog.choose("output", "gen.body")
    shown: list[str] = []
    window.fields_flow.dialogShown.connect(shown.append)
    with qtbot.waitSignal(window.sourceLoaded, timeout=20000):
        ok(dialog).click()
    assert not shown  # loaded with the choice, not asked again
    src = window.sources["A"]
    assert [r.trace.answer for r in src.records] == [r["output"].strip() for r in RECORDS]
    assert any("not found in 2 of 6 records, read as Tracepair finds them unaided" in n for n in src.notes)
