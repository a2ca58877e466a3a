"""The lineup window's ways in and out, driven as a user drives them on real output sets: members
added by the menu or a drop, folders dropped on either window, the File menu's open, add and export,
and a pair whose file has gone since the lineup read it.

Every wait is on a signal; no test sleeps.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QDragEnterEvent, QImage
from PySide6.QtWidgets import QFileDialog

from lineup_window_helpers import QUICK, WAIT, drag, make_ten, open_and_wait, settle, shown_lineup
from tracepair.ui.shell.main_window import MainWindow


@pytest.fixture(scope="module")
def ten(misguided_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_ten(misguided_dir, tmp_path_factory)


def test_adding_a_member_counts_only_its_file(qtbot, window: MainWindow, ten: Path, misguided_dir: Path) -> None:
    lw = open_and_wait(qtbot, window, [ten])
    messages: list[str] = []
    lw.work.progress.connect(lambda _f, m: messages.append(m))
    with qtbot.waitSignal(lw.view.shown, timeout=WAIT, check_params_cb=shown_lineup) as blocker:
        lw.add([misguided_dir / "gemini-2.5-flash-high.jsonl"])
    result = blocker.args[0]
    assert len(result.members) == 11 and "gemini-2.5-flash-high" in result.names
    counting = [m for m in messages if m.startswith("counting")]
    assert counting and all("gemini-2.5-flash-high.jsonl" in m for m in counting), counting


def test_a_folder_dropped_on_the_comparison_window_opens_as_a_lineup(qtbot, window: MainWindow, ten: Path,
                                                                      misguided_dir: Path) -> None:
    # Qt delivers drop events only during a real drag, so the test hands them to what Qt would call
    # first: the window's filter, installed on the panes' text views (and the window, for drops elsewhere).
    from tracepair.ui.shell.lineup_flow import lineup_window

    lw = lineup_window(window)
    qtbot.addWidget(lw)
    lw.view._set_controls(QUICK)
    viewport = window.panes["A"].view.viewport()
    enter = drag(ten, QDragEnterEvent)
    assert window.folder_drops.eventFilter(viewport, enter) and enter.isAccepted()
    a_file = drag(misguided_dir / "gpt-4.1.jsonl", QDragEnterEvent)
    assert not window.folder_drops.eventFilter(viewport, a_file)  # a file goes on to the pane, as before
    with qtbot.waitSignal(lw.view.shown, timeout=WAIT, check_params_cb=shown_lineup):
        assert window.folder_drops.eventFilter(viewport, drag(ten))
    assert lw.isVisible() and lw.work.paths == [ten]
    assert window.sources["A"] is None  # the folder did not go into the pane
    with qtbot.waitSignal(lw.view.shown, timeout=WAIT, check_params_cb=shown_lineup):
        assert window.folder_drops.eventFilter(window, drag(ten))  # elsewhere on the window
    assert window.acceptDrops()


def test_drops_on_the_lineup_window(qtbot, window: MainWindow, ten: Path, misguided_dir: Path) -> None:
    lw = open_and_wait(qtbot, window, [ten])
    enter = drag(ten, QDragEnterEvent)
    lw.dragEnterEvent(enter)
    assert enter.isAccepted() and lw.acceptDrops()
    with qtbot.waitSignal(lw.view.shown, timeout=WAIT, check_params_cb=shown_lineup) as blocker:
        lw.dropEvent(drag(misguided_dir / "grok-3-beta.jsonl"))  # a file: one more member
    assert len(blocker.args[0].members) == 11
    with qtbot.waitSignal(lw.view.shown, timeout=WAIT, check_params_cb=shown_lineup) as blocker:
        lw.dropEvent(drag(ten))  # a folder: a new lineup
    assert len(blocker.args[0].members) == 10 and lw.work.paths == [ten]


def test_menu_actions_open_add_and_export(qtbot, window: MainWindow, ten: Path, misguided_dir: Path,
                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracepair.ui.shell.lineup_flow import lineup_window

    file_texts = [a.text() for a in window.file_menu.actions()]
    assert "Open &Lineup…" in file_texts and "Open Lineup &Folder…" in file_texts
    lw = lineup_window(window)
    qtbot.addWidget(lw)
    lw.view._set_controls(QUICK)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(ten))
    with qtbot.waitSignal(lw.view.shown, timeout=WAIT, check_params_cb=shown_lineup):
        window.act_open_lineup_folder.trigger()
    assert lw.work.paths == [ten]
    files = sorted(str(f) for f in ten.iterdir())[:5]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (files, ""))
    with qtbot.waitSignal(lw.view.shown, timeout=WAIT, check_params_cb=shown_lineup) as blocker:
        window.act_open_lineup.trigger()
    assert len(blocker.args[0].members) == 5
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *a, **k: ([str(misguided_dir / "grok-3-beta.jsonl")], ""))
    with qtbot.waitSignal(lw.view.shown, timeout=WAIT, check_params_cb=shown_lineup) as blocker:
        lw.act_add.trigger()
    assert len(blocker.args[0].members) == 6 and "grok-3-beta" in blocker.args[0].names
    qtbot.waitExposed(lw)
    settle()
    canvas, chart = lw.view.canvas, lw.view.nearest
    for what, widget in (("heatmap", canvas), ("nearest", chart), ("window", lw)):
        out = tmp_path / f"{what}.png"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, o=out, **k: (str(o), ""))
        with qtbot.waitSignal(lw.exported, timeout=5000):
            {"heatmap": lw.act_export_heatmap, "nearest": lw.act_export_nearest,
             "window": lw.act_export_window}[what].trigger()
        image = QImage(str(out))
        assert image.width() == 2 * widget.width(), what
        if what == "nearest":  # every row, and a title naming whose relatives they are
            assert image.height() >= 2 * (40 + 19 * len(chart.rows))
        else:
            assert image.height() == 2 * widget.height()
    svg = tmp_path / "heatmap.svg"
    assert lw.export("heatmap", svg) == svg and "<svg" in svg.read_text(encoding="utf-8")[:400]
    lw.act_close.trigger()
    assert not lw.isVisible()



def test_adding_a_member_already_in_the_lineup_changes_nothing(qtbot, window: MainWindow, ten: Path) -> None:
    lw = open_and_wait(qtbot, window, [ten])
    shown = lw.view.canvas.lineup
    started: list[bool] = []
    lw.work.started.connect(lambda: started.append(True))
    lw.add([ten / "gpt-4.1.jsonl"])  # a file of the folder already open
    assert not started and lw.view.canvas.lineup is shown and not lw.view.progress.isVisible()


def test_a_pair_whose_file_has_gone_is_said_and_nothing_opens(qtbot, window: MainWindow, ten: Path,
                                                              misguided_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "sets"
    folder.mkdir()
    for f in sorted(ten.iterdir())[:4]:
        (folder / f.name).symlink_to(f.resolve())
    lw = open_and_wait(qtbot, window, [folder])
    lineup = lw.view.canvas.lineup
    gone = lineup.members[0].path
    gone.unlink()  # deleted after the lineup read it
    lw.view.canvas.cellActivated.emit(0, 1)  # what a double-click on that cell sends
    assert window.sources["A"] is None and window.sources["B"] is None and not window.tasks.is_busy()
    assert str(gone) in lw.view.readout.text() and "no longer there" in lw.view.readout.text()


def test_json_with_png_keeps_stdout_for_the_json(ten: Path, tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "tracepair", "lineup", str(ten), "--json", "--bootstrap", "5",
                        "--png", str(tmp_path / "png")], capture_output=True, text=True, timeout=300,
                       env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["models"]) == 10  # the whole of stdout is the JSON
    assert sorted(p.name for p in (tmp_path / "png").iterdir()) == ["lineup-window.png", "lineup.png", "nearest.png"]
    assert str(tmp_path / "png" / "lineup.png") in r.stderr


def test_a_lineup_reads_files_with_the_text_fields_the_window_remembers(qtbot, window: MainWindow,
                                                                         misguided_dir: Path, tmp_path: Path) -> None:
    # Constructed from three real sets: each record's answer moved under "gen.body", a shape Tracepair
    # cannot read unaided. Once the window remembers where such records keep their text (as the
    # mapping dialog leaves it), a lineup of those files reads them, as opening one of them would.
    from tracepair.core.load.fields import FieldMap

    folder = tmp_path / "moved"
    folder.mkdir()
    for name in ("gpt-4.1", "optimus-alpha", "llama-4-scout"):
        rows = [json.loads(line) for line in (misguided_dir / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
        moved = [{"prompt_id": r["prompt_id"], "sample": r["sample"], "model": r["model"],
                  "gen": {"body": r["output"]}} for r in rows if r.get("output")]
        (folder / f"{name}.jsonl").write_text("".join(json.dumps(m) + "\n" for m in moved), encoding="utf-8")
        first = moved[0]
    window.fields_flow.remembered.remember(first, FieldMap.parse(["output=gen.body"]))
    lw = open_and_wait(qtbot, window, [folder])
    assert sorted(lw.view.canvas.lineup.names) == ["gpt-4.1", "llama-4-scout", "optimus-alpha"]
    assert not lw.view.canvas.lineup.excluded
