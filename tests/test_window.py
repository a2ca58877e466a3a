"""The first-cut window driven as a user drives it: open, drop, choose a prompt, swap, bad file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from tracepair.core.load.samples import DEFAULT_PAIR, sample_pair
from tracepair.ui.shell.main_window import MainWindow


def open_and_wait(qtbot, w: MainWindow, side: str, path: Path) -> None:
    with qtbot.waitSignal(w.sourceLoaded, timeout=20000) as blocker:
        w.open_file(side, path)
    assert blocker.args[0] == side


def block_background(view, pos: int):
    c = QTextCursor(view.document())
    c.setPosition(pos)
    return c.blockFormat().background().color().name()


def test_open_two_sample_files_shows_both_with_parts_distinguished(qtbot, window: MainWindow) -> None:
    a, b = sample_pair()
    open_and_wait(qtbot, window, "A", a)
    open_and_wait(qtbot, window, "B", b)
    for side, name in zip("AB", DEFAULT_PAIR, strict=True):
        pane = window.panes[side]
        trace = pane.record.trace
        assert pane.view.toPlainText() == trace.text
        assert name in pane.title.text()
        assert "Reasoning" in pane.detail.text() and "Answer" in pane.detail.text()
        # The reasoning is tinted, the answer is not: a reader can tell them apart.
        assert block_background(pane.view, 0) != block_background(pane.view, trace.answer_start + 1)
    status = window.status_label.text()
    assert DEFAULT_PAIR[0] in status and DEFAULT_PAIR[1] in status


def test_choosing_a_prompt_shows_that_pair_on_both_sides(qtbot, window: MainWindow) -> None:
    a, b = sample_pair()
    open_and_wait(qtbot, window, "A", a)
    with qtbot.waitSignal(window.comparisonReady, timeout=30000):
        open_and_wait(qtbot, window, "B", b)
    box = window.prompt_list
    assert box.rowCount() == 8
    key = box.keys()[3]
    box.selectRow(3)
    assert window.panes["A"].record.key == key == window.panes["B"].record.key
    assert window.panes["A"].view.toPlainText() == window.sources["A"].by_key()[key].trace.text


def test_drop_a_file_on_a_pane_loads_it(qtbot, window: MainWindow) -> None:
    _, b = sample_pair()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(b))])
    view = window.panes["B"].view
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.sourceLoaded, timeout=20000) as blocker:
        QApplication.sendEvent(view.viewport(), event) or view.dropEvent(event)
    assert blocker.args[0] == "B" and window.panes["B"].source.path == b
    assert view.toPlainText()  # shown, and the drop did not insert the file name as text
    assert str(b) not in view.toPlainText()


def test_bad_file_says_what_is_wrong_and_keeps_what_was_shown(qtbot, window: MainWindow, tmp_path: Path) -> None:
    a, _ = sample_pair()
    open_and_wait(qtbot, window, "A", a)
    before = window.panes["A"].view.toPlainText()
    bad = tmp_path / "broken.json"
    bad.write_text('{"output": "x",\n "reasoning": }', encoding="utf-8")
    with qtbot.waitSignal(window.loadFailed, timeout=20000) as blocker:
        window.open_file("A", bad)
    assert blocker.args[0] == "A" and "broken.json" in blocker.args[1] and "line 2" in blocker.args[1]
    assert "broken.json" in window.panes["A"].detail.text()
    assert window.panes["A"].view.toPlainText() == before
    assert window.sources["A"].path == a


def test_swap_sides(qtbot, window: MainWindow) -> None:
    a, b = sample_pair()
    open_and_wait(qtbot, window, "A", a)
    with qtbot.waitSignal(window.alignmentReady, timeout=30000):
        open_and_wait(qtbot, window, "B", b)
    text_a, text_b = window.panes["A"].view.toPlainText(), window.panes["B"].view.toPlainText()
    with qtbot.waitSignal(window.comparisonReady, timeout=30000) as swapped:
        window.act_swap.trigger()
        # At once: each pane shows the other's text, and nothing computed for the old order is drawn.
        assert window.panes["A"].view.toPlainText() == text_b and window.panes["B"].view.toPlainText() == text_a
        assert not window.compare_view.data.passages and window.comparison is None
    assert window.sources["A"].path == b and window.sources["B"].path == a
    assert b.name in window.panes["A"].title.text()
    c = swapped.args[0]
    assert (c.a.path, c.b.path) == (b, a)
    # The highlights drawn now mark shared text on both sides: the passage's text sits at its spans.
    pair = window.current_pair
    for p in window.compare_view.data.passages:
        (s, e), = p.a_spans[:1]
        assert window.panes["A"].view.toPlainText()[s:e].lower().split()[:2] == p.text.lower().split()[:2]
    assert pair.key == window.panes["A"].record.key == window.panes["B"].record.key


def test_swap_with_one_side_open_moves_it_and_leaves_the_other_empty(qtbot, window: MainWindow) -> None:
    a, _ = sample_pair()
    open_and_wait(qtbot, window, "A", a)
    text = window.panes["A"].view.toPlainText()
    window.act_swap.trigger()
    assert window.sources == {"A": None, "B": window.panes["B"].source} and window.panes["B"].source.path == a
    assert window.panes["B"].view.toPlainText() == text
    assert window.panes["A"].view.toPlainText() == "" and window.panes["A"].source is None
    assert "drop a file here" in window.panes["A"].title.text()
    assert window.comparison is None


def test_render_offscreen_writes_a_2x_png(tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    from tracepair.ui.shell.app import render_offscreen

    a, b = sample_pair()
    out = render_offscreen(a, b, tmp_path / "w.png", size=(1000, 700))
    img = QImage(str(out))
    assert (img.width(), img.height()) == (2000, 1400)
    # Not a blank canvas: the text of both panes put many distinct colours on it.
    colours = {img.pixel(x, y) for x in range(0, 2000, 7) for y in range(200, 1400, 7)}
    assert len(colours) > 20


def test_headless_window_takes_the_settings_it_is_given() -> None:
    # `tracepair report --png --min-tokens N` and `snapshot --min-tokens N` draw what the report shows.
    from tracepair.ui.common.view_settings import ViewSettings
    from tracepair.ui.shell.app import build_window

    a, b = sample_pair()
    default, strict = build_window(a, b), build_window(a, b, settings=ViewSettings(min_tokens=12))
    assert strict.settings_panel.min_tokens.value() == 12 and strict.comparison.settings.min_tokens == 12
    assert all(p.tokens >= 12 for p in strict.comparison.passages)
    assert len(strict.comparison.passages) < len(default.comparison.passages)
    for w in (default, strict):
        w.close()


@pytest.mark.xvfb
def test_real_window_on_screen_shows_both_texts(qtbot, window: MainWindow) -> None:
    a, b = sample_pair()
    open_and_wait(qtbot, window, "A", a)
    open_and_wait(qtbot, window, "B", b)
    qtbot.waitExposed(window)
    shot = window.screen().grabWindow(window.winId()).toImage()
    assert not shot.isNull() and shot.width() > 500
    for side in "AB":
        view = window.panes[side].view.viewport()
        top_left = view.mapTo(window, QPoint(0, 0))
        xs = range(top_left.x() + 5, top_left.x() + view.width() - 5, 5)
        ys = range(top_left.y() + 5, top_left.y() + min(view.height(), 300), 5)
        dark = sum(1 for x in xs for y in ys if shot.pixelColor(x, y).lightness() < 110)
        assert dark > 50, f"pane {side} shows no text on the real screen"


def test_standard_actions_have_keys_on_every_desktop(window: MainWindow) -> None:
    # The offscreen platform has no theme, like a bare X session: standard keys must not vanish.
    for act in (window.act_open_a, window.act_open_b, window.act_find, window.act_quit):
        assert not act.shortcut().isEmpty(), act.text()
    assert window.act_quit.shortcut().toString() in ("Ctrl+Q", "Meta+Q", "Alt+F4")


def test_prompt_list_shows_a_prompt_id_with_a_hash_whole(qtbot) -> None:
    # Built here: a prompt id that itself holds "#" (with no sample) and one with a sample. The list
    # shows each id whole and the sample only where the record has one.
    from tracepair.ui.shell.prompt_list import PromptList, PromptRow

    box = PromptList()
    qtbot.addWidget(box)
    box.set_rows([PromptRow("pair:0", "issue#12", None, 0.1, 0.2, 3, 9),
                  PromptRow("pair:1", "riddle", 2, 0.1, 0.2, 3, 9)])
    shown = {box.item(r, 0).text(): box.item(r, 1).text() for r in range(box.rowCount())}
    assert shown == {"issue#12": "", "riddle": "2"}
    assert sorted(box.keys()) == ["issue#12", "riddle#2"]
