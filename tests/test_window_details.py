"""Window details a user notices: theme switches, pane headers, their own idiom list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from test_compare_window import MAVERICK, SCOUT, open_pair


def test_switching_to_a_dark_palette_recolours_what_is_shown(qtbot, window, shared_data: Path) -> None:
    from PySide6.QtGui import QColor, QPalette, QTextCursor

    from tracepair.ui.common import palette

    open_pair(qtbot, window, shared_data / "misguided-attention/deepseek-r1-0528.jsonl",
              shared_data / "misguided-attention/qwen3-235b-a22b-think.jsonl")
    view = window.panes["A"].view
    light = QApplication.palette()

    def reasoning_bg() -> str:
        c = QTextCursor(view.document())
        c.setPosition(0)
        return c.blockFormat().background().color().name()

    def highlight_bg() -> str:
        hl = window.compare_view.highlighters["A"].highlights[0]
        block = view.document().findBlock(hl.start)
        for r in block.layout().formats():
            if r.start <= hl.start - block.position() < r.start + r.length:
                return r.format.background().color().name()
        return ""

    before_reasoning, before_mark = reasoning_bg(), highlight_bg()
    dark = QPalette(light)
    for role, colour in ((QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#e0e0e0"),
                         (QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e0e0e0")):
        dark.setColor(role, QColor(colour))
    scrolled = view.verticalScrollBar()
    scrolled.setValue(scrolled.maximum() // 2)
    top = scrolled.value()
    try:
        QApplication.setPalette(dark)
        qtbot.waitUntil(lambda: reasoning_bg() != before_reasoning, timeout=5000)
        assert reasoning_bg() == palette.reasoning_background().name()
        assert QColor(reasoning_bg()).lightness() < 100  # dark, so light text stays readable on it
        assert highlight_bg() != before_mark and QColor(highlight_bg()).lightness() < QColor(before_mark).lightness()
        assert scrolled.value() == top  # the reader keeps their place
    finally:
        QApplication.setPalette(light)


def test_both_panes_text_starts_at_the_same_height(qtbot, window, shared_data: Path) -> None:
    # Side A's file name is much longer than B's; the headers must not wrap into different heights.
    window.resize(900, 700)
    gemma = shared_data / "slop-forensics/generated_google__gemma-3-4b-it.jsonl"
    open_pair(qtbot, window, shared_data / MAVERICK, gemma)
    QApplication.processEvents()
    va, vb = window.panes["A"].view, window.panes["B"].view
    assert va.mapTo(window, va.rect().topLeft()).y() == vb.mapTo(window, vb.rect().topLeft()).y()
    assert MAVERICK.split("/")[1] in window.panes["A"].title.toolTip()


def test_user_idiom_list_in_the_window_is_counted_remembered_and_a_bad_one_explained(
        qtbot, window, store, shared_data: Path, tmp_path: Path) -> None:
    from tracepair.ui.shell.main_window import MainWindow

    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    mine = tmp_path / "mine.txt"
    mine.write_text("# constructed list\nglanc*\nthe weight of\n", encoding="utf-8")
    with qtbot.waitSignal(window.idiomsReady, timeout=60000) as ready:
        window.idiom_panel.idiomListChosen.emit(mine)  # what the "Idiom list…" button emits
    view = ready.args[0].view(window.idiom_panel.display_settings())
    assert {b.phrase for b in view.bars} <= {"glanc*", "the weight of"} and view.bars
    assert window.idiom_panel.list_label.text() == "mine.txt"

    # The next window counts the same list.
    w2 = MainWindow(store=store)
    qtbot.addWidget(w2)
    with qtbot.waitSignal(w2.idiomsReady, timeout=60000) as again:
        w2.open_file("A", shared_data / MAVERICK)
        w2.open_file("B", shared_data / SCOUT)
    assert again.args[0].settings.idiom_file == mine

    # A list that cannot be read is named in the status bar, and the shipped list takes over.
    mine.write_text("# nothing here\n", encoding="utf-8")
    with qtbot.waitSignals([w2.idiomListFailed, w2.idiomsReady], timeout=60000):
        w2.use_idiom_list(mine)
    assert "no phrases" in w2.status_label.text() and "shipped list" in w2.status_label.text()
    assert w2.idioms.settings.idiom_file is None


def test_window_fits_half_of_a_laptop_screen(window) -> None:
    # Side by side with a browser on a 1920-px screen, or alone on a 1024-px one.
    assert window.minimumSizeHint().width() <= 900
    window.resize(900, 650)
    QApplication.processEvents()
    assert window.width() == 900


def test_idiom_chart_text_is_dark_on_light_once_the_tab_opens(qtbot, window, shared_data: Path) -> None:
    # The Idioms tab is disabled until the counts arrive; charts drawn meanwhile came out greyed.
    from PySide6.QtGui import QColor

    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    window.tabs.setCurrentWidget(window.idiom_panel)
    chart = window.idiom_panel.bars
    QApplication.processEvents()
    img = chart.grab().toImage()
    title_rows = range(0, min(40, img.height()))
    dark = sum(1 for y in title_rows for x in range(0, img.width(), 2)
               if QColor(img.pixel(x, y)).lightness() < 60)
    assert dark > 200, "chart title is not drawn in the text colour"
