"""The window and the files behind it: load progress with cancel, damaged settings, and files that
change or vanish on disk after loading. Files are real records (copied to a scratch folder when the
test changes them); the damaged settings are constructed, and say so."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from tracepair.core.load.samples import sample_pair
from tracepair.ui.common.view_settings import ViewSettings
from tracepair.ui.shell.main_window import MainWindow


def open_and_wait(qtbot, w: MainWindow, side: str, path: Path) -> None:
    with qtbot.waitSignal(w.sourceLoaded, timeout=30000):
        w.open_file(side, path)


# -- progress and cancel ---------------------------------------------------------------------------------
@pytest.fixture
def big_set(tmp_path: Path, shared_data: Path) -> Path:
    """Every real record of both data sets, repeated to some 40 MB."""
    body = b"".join(p.read_bytes() for p in sorted(shared_data.glob("*/*.jsonl")))
    p = tmp_path / "big.jsonl"
    p.write_bytes(body * (40 * 2**20 // len(body) + 1))
    return p


def _open_fds_on(path: Path) -> int:
    return sum(os.path.realpath(f"/proc/self/fd/{fd}") == str(path) for fd in os.listdir("/proc/self/fd"))


def test_loading_shows_bytes_read(qtbot, window: MainWindow, big_set: Path) -> None:
    messages = []
    window.tasks.progress.connect(lambda name, f, m: messages.append((name, f, m)))
    open_and_wait(qtbot, window, "A", big_set)
    loads = [(f, m) for name, f, m in messages if name == "load-A"]
    assert len(loads) >= 10
    assert [f for f, _m in loads] == sorted(f for f, _m in loads)
    mb = big_set.stat().st_size / 2**20
    assert loads[-1][1] == f"reading big.jsonl: {mb:,.0f} of {mb:,.0f} MB"
    assert window.sources["A"].size == big_set.stat().st_size


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="lists open files through /proc")
def test_cancelling_a_load_stops_it_and_keeps_the_pane(qtbot, window: MainWindow, big_set: Path) -> None:
    a, _ = sample_pair()
    open_and_wait(qtbot, window, "A", a)
    before = window.sources["A"]
    shown = window.panes["A"].view.toPlainText()
    with qtbot.waitSignal(window.tasks.progress, timeout=20000, check_params_cb=lambda n, f, m: n == "load-A"):
        window.open_file("A", big_set)
    assert window.cancel_button.isVisible()
    with qtbot.waitSignal(window.workCancelled, timeout=20000) as got:
        window.cancel_button.click()
    assert got.args == ["load-A"]
    assert _open_fds_on(big_set) == 0  # the read really stopped: its file is closed
    assert window.sources["A"] is before and window.panes["A"].view.toPlainText() == shown
    assert window.panes["A"].source is before
    assert "Cancelled: load-A" in window.status_label.text()
    assert not window.cancel_button.isVisible()


# -- damaged settings -------------------------------------------------------------------------------------
DAMAGED_INI = """\
[General]
recent=42
last_dir=1, 2, 3

[settings]
min_tokens=banana
near_exact=maybe
ignore_case=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\aQPointF\\0@\\0\\0\\0\\0\\0\\0\\0@\\b\\0\\0\\0\\0\\0\\0)
ignore_punctuation=@Invalid()
fold_quotes=17
granularity=42
linked_scrolling=1, 2

[window]
geometry=not a geometry
state=@ByteArray(\\x1\\x2 not a state)

[idioms]
list=@Variant(garbage

[export]
dir=@Point(1 2)
"""


@pytest.mark.parametrize("content", [DAMAGED_INI.encode(), bytes(range(256)) * 16, b"[settings]\nmin_tokens=1000\n"],
                         ids=["wrong types", "binary garbage", "out of range"])
def test_damaged_settings_fall_back_to_defaults(qtbot, tmp_path: Path, content: bytes) -> None:
    ini = tmp_path / "tracepair.ini"
    ini.write_bytes(content)
    store = QSettings(str(ini), QSettings.Format.IniFormat)
    w = MainWindow(store=store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert w.view_settings == ViewSettings()
    assert w.settings_panel.settings() == ViewSettings()
    assert w.recent() == [] and not w.recent_menu.isEnabled()
    assert w.exporter._dir() == str(Path.home())
    a, b = sample_pair()
    with qtbot.waitSignal(w.comparisonReady, timeout=60000):  # the window works as usual
        w.open_file("A", a)
        w.open_file("B", b)
    assert w.comparison is not None and w.comparison.settings.min_tokens == ViewSettings().min_tokens
    w.close()


def test_settings_of_the_right_type_still_load(qtbot, store: QSettings) -> None:
    changed = ViewSettings(min_tokens=9, near_exact=False, granularity="sentence", linked_scrolling=False)
    changed.save(store)
    store.sync()
    assert ViewSettings.load(QSettings(store.fileName(), QSettings.Format.IniFormat)) == changed


# -- files that change on disk after loading -----------------------------------------------------------
@pytest.fixture
def copies(tmp_path: Path, misguided_dir: Path) -> tuple[Path, Path]:
    out = []
    for name in ("deepseek-r1-0528.jsonl", "gemini-2.5-pro-high.jsonl"):
        p = tmp_path / name
        p.write_bytes((misguided_dir / name).read_bytes())
        out.append(p)
    return out[0], out[1]


def test_a_file_changed_on_disk_is_offered_for_reload(qtbot, window: MainWindow, copies, misguided_dir: Path) -> None:
    a, b = copies
    open_and_wait(qtbot, window, "A", a)
    open_and_wait(qtbot, window, "B", b)
    n = len(window.sources["A"].records)
    extra = (misguided_dir / "qwen3-235b-a22b-think.jsonl").read_bytes().split(b"\n")[0]
    watch = window.file_watch
    with qtbot.waitSignal(watch.changedOnDisk, timeout=10000) as got, a.open("ab") as f:
        f.write(extra + b"\n")
    assert got.args == [str(a), "changed"]
    assert watch.bar.isVisible() and watch.bar.reload_button.isVisible()
    assert watch.bar.label.text() == "A: deepseek-r1-0528.jsonl changed on disk"
    assert len(window.sources["A"].records) == n  # nothing changes until the user says so
    with qtbot.waitSignal(window.sourceLoaded, timeout=20000) as loaded:
        watch.bar.reload_button.click()
    assert loaded.args[0] == "A" and len(window.sources["A"].records) == n + 1
    assert not watch.bar.isVisible()


def test_a_file_replaced_by_renaming_is_offered_too(qtbot, window: MainWindow, copies) -> None:
    _a, b = copies
    open_and_wait(qtbot, window, "B", b)
    new = b.with_name("download.part")
    new.write_bytes(b.read_bytes().replace(b'"sample": 0', b'"sample": 7'))
    with qtbot.waitSignal(window.file_watch.changedOnDisk, timeout=10000) as got:
        new.replace(b)
    assert got.args == [str(b), "changed"]
    with qtbot.waitSignal(window.sourceLoaded, timeout=20000):
        window.file_watch.bar.reload_button.click()
    assert any(r.sample == 7 for r in window.sources["B"].records)


def test_a_file_deleted_after_loading_is_kept_and_said(qtbot, window: MainWindow, copies) -> None:
    a, b = copies
    open_and_wait(qtbot, window, "A", a)
    open_and_wait(qtbot, window, "B", b)
    shown = window.panes["B"].view.toPlainText()
    with qtbot.waitSignal(window.file_watch.changedOnDisk, timeout=10000) as got:
        b.unlink()
    assert got.args == [str(b), "deleted"]
    bar = window.file_watch.bar
    assert bar.label.text() == "B: gemini-2.5-pro-high.jsonl deleted on disk"
    assert "the window keeps the copy it loaded" in bar.label.toolTip()
    assert not bar.reload_button.isVisible()
    assert window.panes["B"].view.toPlainText() == shown and window.sources["B"] is not None
    window.swap_sides()  # the window goes on working with the copy it has
    assert window.panes["A"].view.toPlainText() == shown
    bar.dismiss_button.click()
    assert not bar.isVisible()
