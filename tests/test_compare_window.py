"""The comparison window driven as a user drives it (issue 5), on real pairs from ../shared/data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication

from tracepair.core.match.versus_chance import score_text
from tracepair.ui.common.view_settings import ViewSettings
from tracepair.ui.shell.main_window import MainWindow
from tracepair.ui.sidebyside import scrolling

MAVERICK = "slop-forensics/generated_meta-llama__llama-4-maverick.jsonl"
SCOUT = "slop-forensics/generated_meta-llama__llama-4-scout.jsonl"


def open_pair(qtbot, w: MainWindow, a: Path, b: Path) -> None:
    """Open A and B and wait until the window has settled: pair aligned and idiom charts shown."""
    with qtbot.waitSignals([w.alignmentReady, w.idiomsReady], timeout=60000):
        w.open_file("A", a)
        w.open_file("B", b)
    QApplication.processEvents()  # the idiom panel's first show resizes the panes


def visible(view, offset: int) -> bool:
    y = scrolling.y_of(view, offset)
    return 0 <= y < view.viewport().height()


def move_mouse(view, offset: int) -> None:
    rect = view.cursorRect(_cursor_at(view, offset))
    pos = QPointF(rect.center().x() + 2, rect.center().y())
    ev = QMouseEvent(QMouseEvent.Type.MouseMove, pos, view.viewport().mapToGlobal(pos.toPoint()).toPointF(),
                     Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), ev)


def click(view, offset: int) -> None:
    rect = view.cursorRect(_cursor_at(view, offset))
    pos = QPointF(rect.center().x() + 2, rect.center().y())
    g = view.viewport().mapToGlobal(pos.toPoint()).toPointF()
    for kind in (QMouseEvent.Type.MouseButtonPress, QMouseEvent.Type.MouseButtonRelease):
        QApplication.sendEvent(view.viewport(), QMouseEvent(kind, pos, g, Qt.MouseButton.LeftButton,
                                                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))


def _cursor_at(view, offset: int):
    c = view.textCursor()
    c.setPosition(offset)
    return c


def test_output_sets_show_prompt_list_scores_and_highlights(qtbot, window: MainWindow, shared_data: Path) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    c = window.comparison
    assert len(c.pairs) == 100 and window.prompt_list.rowCount() == 100
    # The summary shows the set-level score next to its chance baseline.
    text = window.summary.text()
    assert score_text(c.metrics.weighted_score) in text and score_text(c.chance_score) in text and "Chance" in text
    # ... and every other measure next to its own (containment in percent, as shown).
    assert f"{c.metrics.containment_a:.1%}" in text and f"{c.chance_metrics.containment_a:.1%}" in text
    # "This pair" stands next to its own control pair (named), not the set totals.
    pair = window.current_pair
    this_pair = text[text.index("This pair"):]
    assert f"{pair.chance.longest_tokens} tokens</font>" in this_pair
    assert f"another prompt (prompt {c.b.records[pair.chance_b_record].key})" in this_pair
    # Highlights are painted into both panes where the passages are.
    shown = [p for p in pair.passages if not p.prompt_echo]
    assert shown
    for side, spans in (("A", shown[0].a_spans), ("B", shown[0].b_spans)):
        doc = window.panes[side].view.document()
        start, _end = spans[0]
        block = doc.findBlock(start)
        formats = block.layout().formats()
        inside = [f for f in formats if f.start <= start - block.position() < f.start + f.length]
        assert inside and inside[0].format.background().style() != Qt.BrushStyle.NoBrush


def test_sorting_and_choosing_a_prompt_shows_that_pair(qtbot, window: MainWindow, shared_data: Path) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    score_column = window.prompt_list.HEADERS.index("Score")
    window.prompt_list.sortByColumn(score_column, Qt.SortOrder.DescendingOrder)  # by score, highest first
    keys = window.prompt_list.keys()
    scores = {p.key: p.metrics.weighted_score for p in window.comparison.pairs}
    assert scores[keys[0]] == max(scores.values())
    with qtbot.waitSignal(window.alignmentReady, timeout=30000):
        window.prompt_list.selectRow(2)
    assert window.current_pair.key == keys[2]
    rec = window.comparison.a.by_key()[keys[2]]
    assert window.panes["A"].view.toPlainText() == rec.trace.text


def test_changing_a_setting_recomputes_the_open_comparison(qtbot, window: MainWindow, shared_data: Path) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    before = len(window.comparison.passages)
    window.settings_panel.min_tokens.setValue(10)
    with qtbot.waitSignal(window.comparisonReady, timeout=60000) as blocker:
        window.settings_panel.apply_now()
    after = blocker.args[0]
    assert after.settings.min_tokens == 10
    assert 0 < len(after.passages) < before
    assert all(p.tokens >= 10 for p in after.passages)
    # Settings persist for the next session.
    assert ViewSettings.load(window.store).min_tokens == 10


def test_next_passage_scrolls_both_panes_to_it(qtbot, window: MainWindow, shared_data: Path) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    # Pick a pair with several passages so navigation has somewhere to go.
    best = max(window.comparison.pairs, key=lambda p: len(p.passages))
    with qtbot.waitSignal(window.alignmentReady, timeout=30000):
        window.show_pair(best.index)
    seen = []
    for _ in range(3):
        window.act_next_passage.trigger()
        index = window.compare_view.current_passage
        p = window.compare_view.data.passages[index]
        assert visible(window.panes["A"].view, min(p.a_spans)[0])
        assert visible(window.panes["B"].view, min(p.b_spans)[0])
        seen.append((min(p.a_spans)[0], index))
    offsets = [o for o, _ in seen]
    assert offsets == sorted(offsets) and len({i for _, i in seen}) == 3  # three passages, in reading order
    assert "Shared passage" in window.statusBar().currentMessage()


def test_hover_marks_partner_and_click_scrolls_other_pane(qtbot, window: MainWindow, shared_data: Path) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    best = max(window.comparison.pairs, key=lambda p: len(p.passages))
    with qtbot.waitSignal(window.alignmentReady, timeout=30000):
        window.show_pair(best.index)
    cv = window.compare_view
    index = max(range(len(cv.data.passages)), key=lambda i: min(cv.data.passages[i].b_spans)[0])
    p = cv.data.passages[index]
    va, vb = window.panes["A"].view, window.panes["B"].view
    a_start = min(p.a_spans)[0]
    window.settings_panel.linked.setChecked(False)  # so B can be parked at the top while A shows the passage
    window.settings_panel.apply_now()
    scrolling.scroll_to(va, a_start, 0.5)
    scrolling.scroll_to(vb, 0, 0.0)
    assert visible(va, a_start) and visible(vb, 0)
    target = min(p.b_spans)[0]
    with qtbot.waitSignal(cv.passageHovered, timeout=5000) as hovered:
        move_mouse(va, a_start + 1)
    assert cv.passages_at("A", a_start + 1)[-1] == hovered.args[0]
    partner = cv.data.passages[hovered.args[0]]
    marked_b = {(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in vb.extraSelections()}
    assert set(partner.b_spans) <= marked_b
    click(va, a_start + 1)
    assert visible(vb, min(partner.b_spans)[0])
    assert not visible(vb, 0) or target < 2000


def test_linked_scrolling_follows_aligned_steps_and_can_be_switched_off(qtbot, window, shared_data: Path) -> None:
    open_pair(qtbot, window, shared_data / "misguided-attention/deepseek-r1-0528.jsonl",
              shared_data / "misguided-attention/deepseek-r1.jsonl")
    links = [lk for lk in window.compare_view.data.links if lk.kind != "move"]
    if len(links) < 3:  # find a pair whose traces align over several steps
        for p in window.comparison.pairs:
            with qtbot.waitSignal(window.alignmentReady, timeout=30000):
                window.show_pair(p.index)
            links = [lk for lk in window.compare_view.data.links if lk.kind != "move"]
            if len(links) >= 3:
                break
    assert len(links) >= 3
    va, vb = window.panes["A"].view, window.panes["B"].view
    link = sorted(links, key=lambda lk: lk.a)[-1]
    scrolling.scroll_to(va, link.a[0], 0.0)
    assert visible(vb, link.b[0])
    assert any(band.index >= 0 for band in window.compare_view.link_map.bands())
    # Off: scrolling A leaves B where it is.
    window.settings_panel.linked.setChecked(False)
    window.settings_panel.apply_now()
    before = vb.verticalScrollBar().value()
    scrolling.scroll_to(va, 0, 0.0)
    assert vb.verticalScrollBar().value() == before


def test_find_in_a_pane(qtbot, window: MainWindow, shared_data: Path) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    text = window.panes["B"].view.toPlainText()
    word = next(w for w in text.split() if len(w) > 8 and w.isalpha())
    window.panes["B"].view.setFocus()
    window.open_find()
    assert window.find_bar.isVisible() and window.find_bar.view is window.panes["B"].view
    qtbot.keyClicks(window.find_bar.edit, word)
    assert window.panes["B"].view.textCursor().selectedText() == word
    qtbot.keyClicks(window.find_bar.edit, "zzqx")
    assert window.find_bar.status.text() == "not found"


def test_reasoning_and_answer_navigation(qtbot, window: MainWindow, shared_data: Path) -> None:
    open_pair(qtbot, window, shared_data / "misguided-attention/deepseek-r1-0528.jsonl",
              shared_data / "misguided-attention/qwen3-235b-a22b-think.jsonl")
    window.act_answer.trigger()
    for side in "AB":
        trace = window.panes[side].record.trace
        assert trace.reasoning and visible(window.panes[side].view, trace.answer_start)
    window.act_reasoning.trigger()
    assert visible(window.panes["A"].view, 0)


def test_cancel_a_long_run_leaves_no_stale_result_and_says_so(
        qtbot, window: MainWindow, shared_data: Path, tmp_path) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    shown = window.comparison
    # A large pair built by repeating every real record of four models under new prompt ids (about 2M words).
    big_a, big_b = tmp_path / "big_a.jsonl", tmp_path / "big_b.jsonl"
    for out, names in ((big_a, ["gemma-3-4b-it", "llama-4-maverick"]), (big_b, ["grok-3-mini-beta", "llama-4-scout"])):
        with out.open("w", encoding="utf-8") as fh:
            for rep in range(6):
                for name in names:
                    path = next((shared_data / "slop-forensics").glob(f"*{name}.jsonl"))
                    for line in path.read_text(encoding="utf-8").splitlines():
                        obj = json.loads(line)
                        obj["id"] = f"{rep}-{obj['id']}"
                        fh.write(json.dumps(obj) + "\n")
    from tracepair.core.load.reader import load

    window.set_source("A", load(big_a))
    with qtbot.waitSignal(window.workCancelled, timeout=60000, check_params_cb=lambda name: name == "compare"):
        window.set_source("B", load(big_b))
        assert window.comparison is None  # the Maverick/Scout results left with their files
        assert window.cancel_button.isVisible()
        qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    assert window.comparison is None and shown is not None
    assert not window.compare_view.data.passages and window.prompt_list.rowCount() == 0
    assert "Cancelled" in window.status_label.text() and "Cancelled" in window.summary.text()
    qtbot.waitUntil(lambda: not window.cancel_button.isVisible(), timeout=5000)
    # Recompute (F5) computes it after all, and the "Cancelled" line gives way to the result.
    with qtbot.waitSignal(window.comparisonReady, timeout=120000):
        window.act_recompute.trigger()
    qtbot.waitUntil(lambda: not window.tasks.is_busy(), timeout=120000)
    assert "Cancelled" not in window.status_label.text()


def test_window_layout_and_recent_comparisons_persist(qtbot, store: QSettings, shared_data: Path) -> None:
    w = MainWindow(store=store)
    qtbot.addWidget(w)
    w.show()
    open_pair(qtbot, w, shared_data / MAVERICK, shared_data / SCOUT)
    w.resize(w.width(), 720)
    w.dock.hide()  # the user closed the side panel
    assert w.height() == 720
    w.close()
    w2 = MainWindow(store=store)
    qtbot.addWidget(w2)
    w2.show()
    assert w2.height() == 720 and w2.dock.isHidden()
    assert w2.recent() and MAVERICK.split("/")[1] in w2.recent()[0]
    assert w2.recent_menu.actions()


def test_snapshot_command_renders_the_window_at_2x(tmp_path: Path, misguided_dir: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "view.png"
    r = subprocess.run(
        [sys.executable, "-m", "tracepair", "snapshot", str(misguided_dir / "deepseek-r1-0528.jsonl"),
         str(misguided_dir / "gemini-2.5-pro-high.jsonl"), "-o", str(out), "--size", "1200x800"],
        capture_output=True, text=True, timeout=300, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert r.returncode == 0, r.stderr
    img = QImage(str(out))
    assert (img.width(), img.height()) == (2400, 1600)


@pytest.mark.xvfb
def test_real_window_draws_highlights_and_connectors(qtbot, window: MainWindow, shared_data: Path) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    best = max(window.comparison.pairs, key=lambda p: len(p.passages))
    with qtbot.waitSignal(window.alignmentReady, timeout=30000):
        window.show_pair(best.index)
    window.compare_view.next_link()
    QApplication.processEvents()
    shot = window.screen().grabWindow(window.winId()).toImage()
    lm = window.compare_view.link_map
    origin = lm.mapTo(window, QPoint(0, 0))
    bg = shot.pixelColor(origin.x() + 1, origin.y() + 1)
    band_pixels = sum(
        1 for x in range(origin.x() + 5, origin.x() + lm.width() - 5, 3)
        for y in range(origin.y(), origin.y() + lm.height(), 3)
        if shot.pixelColor(x, y) != bg
    )
    assert band_pixels > 50, "no connectors drawn between the panes"
    # Highlight colours (the passages' hues blended into the base) appear in pane A.
    view = window.panes["A"].view.viewport()
    o = view.mapTo(window, QPoint(0, 0))
    base = shot.pixelColor(o.x() + view.width() - 3, o.y() + 3)
    coloured = sum(
        1 for x in range(o.x(), o.x() + view.width(), 4) for y in range(o.y(), o.y() + view.height(), 4)
        if shot.pixelColor(x, y).saturation() > 60 and shot.pixelColor(x, y) != base
    )
    assert coloured > 30, "no shared-passage highlights on screen"


def test_clicking_a_scatter_point_shows_the_phrase_in_a_text_pane(qtbot, window, shared_data: Path) -> None:
    from test_idiom_charts import isolated_point

    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)  # waits for the idiom charts
    panel = window.idiom_panel
    assert window.tabs.isTabEnabled(window.tabs.indexOf(panel))
    window.tabs.setCurrentWidget(panel)  # the user opens the Idioms tab
    panel.kind.setCurrentIndex(panel.kind.findData("words"))
    panel.tabs.setCurrentWidget(panel.scatter)
    qtbot.waitExposed(panel.scatter)
    chart = panel.scatter
    phrase, pos = isolated_point(chart)  # an isolated point: the click hits it alone
    with qtbot.waitSignal(panel.phraseActivated, timeout=5000):
        qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    view = window.find_bar.view
    assert window.tabs.currentIndex() == 0  # back on the side-by-side panes
    assert view in (window.panes["A"].view, window.panes["B"].view)
    assert view.textCursor().selectedText().casefold() == phrase.casefold()
    assert visible(view, view.textCursor().selectionStart())
