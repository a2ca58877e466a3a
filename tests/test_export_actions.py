"""File-menu exports (issue 7) driven in the window on real pairs: images, clipboard, HTML report, CSV."""

from __future__ import annotations

import csv
import hashlib
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QImage

from test_compare_window import MAVERICK, SCOUT, open_pair
from tracepair.ui.shell.main_window import MainWindow

DEEPSEEK = "misguided-attention/deepseek-r1-0528.jsonl"
QWEN = "misguided-attention/qwen3-235b-a22b-think.jsonl"


def test_file_menu_offers_every_export_with_a_shortcut(window: MainWindow) -> None:
    texts = [a.text().replace("&", "") for a in window.file_menu.actions()]
    assert "Export Image" in texts
    assert {"Copy Image", "Export Report (HTML)…", "Export Data (CSV)…"} <= set(texts)
    # Exports sit between the open/swap group and Quit.
    assert texts.index("Export Report (HTML)…") < texts.index("Quit")
    for act in (window.act_copy_image, window.act_export_report, window.act_export_csv):
        assert not act.shortcut().isEmpty()
    assert [a.text().replace("&", "") for a in window.export_image_menu.actions()] == [
        "Window…", "Pane A…", "Pane B…", "Idiom Chart on Show…"]


def test_images_of_window_pane_and_chart_are_written_at_2x(qtbot, window: MainWindow, shared_data: Path,
                                                             tmp_path: Path) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    ex = window.exporter
    with qtbot.waitSignal(ex.exported):
        out = ex.export_image("window", tmp_path / "view.png")
    img = QImage(str(out))
    assert (img.width(), img.height()) == (2 * window.width(), 2 * window.height())

    pane = ex.export_image("A", tmp_path / "a.png")
    assert QImage(str(pane)).width() == 2 * window.panes["A"].width()

    # SVG keeps the pane's text as text a reader can search.
    svg = ex.export_image("B", tmp_path / "b.svg")
    root = ET.parse(svg).getroot()
    words = " ".join(t for t in root.itertext())
    first_line = window.panes["B"].view.document().firstBlock().text().split()[:3]
    assert all(w in words for w in first_line), first_line

    window.tabs.setCurrentWidget(window.idiom_panel)
    window.idiom_panel.tabs.setCurrentWidget(window.idiom_panel.scatter)
    chart = ex.export_image("chart", tmp_path / "chart.png")
    c = QImage(str(chart))
    assert not c.isNull() and c.width() >= 2 * window.idiom_panel.scatter.width() - 2


def test_bad_image_target_path_gives_a_message(qtbot, window: MainWindow, shared_data: Path,
                                               tmp_path: Path) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with qtbot.waitSignal(window.exporter.exportFailed) as failed:
        window.exporter.export_image("window", blocker / "view.png")
    assert str(blocker) in failed.args[0]
    assert failed.args[0] in window.status_label.text()


def test_copy_image_puts_the_view_on_show_on_the_clipboard(qtbot, window: MainWindow, shared_data: Path) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    QGuiApplication.clipboard().clear()
    window.act_copy_image.trigger()
    img = QGuiApplication.clipboard().image()
    assert (img.width(), img.height()) == (2 * window.tabs.width(), 2 * window.tabs.height())
    assert "Copied an image" in window.status_label.text()


def test_exports_before_anything_is_loaded_say_so(qtbot, window: MainWindow, tmp_path: Path) -> None:
    with qtbot.waitSignal(window.exporter.exportFailed) as failed:
        assert window.exporter.export_report(tmp_path / "r.html") is False
    assert "open two files" in failed.args[0]
    assert not (tmp_path / "r.html").exists()


def test_report_from_the_window_shows_its_settings_pair_and_inputs(qtbot, window: MainWindow, shared_data: Path,
                                                                   tmp_path: Path) -> None:
    a, b = shared_data / DEEPSEEK, shared_data / QWEN
    open_pair(qtbot, window, a, b)
    window.settings_panel.min_tokens.setValue(8)  # the user changes a setting; the report must follow
    with qtbot.waitSignal(window.alignmentReady, timeout=60000):
        window.settings_panel.apply_now()
    pair = window.current_pair
    with qtbot.waitSignal(window.exporter.exported, timeout=120000) as done:
        assert window.exporter.export_report(tmp_path / "report")
    (out,) = done.args[0]
    assert out == tmp_path / "report.html"
    html = out.read_text(encoding="utf-8")
    for path in (a, b):
        assert hashlib.sha256(path.read_bytes()).hexdigest() in html
    assert "<code>8</code>" in html  # min_tokens as the window had it
    shown = [p for p in pair.passages if not p.prompt_echo]
    assert shown and all(min(p.a_spans)[0] >= 0 for p in shown)
    assert html.count("<mark") >= len(shown)
    assert str(out) in window.status_label.text()


def test_csv_from_the_window_lists_the_comparisons_passages(qtbot, window: MainWindow, shared_data: Path,
                                                            tmp_path: Path) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    with qtbot.waitSignal(window.exporter.exported, timeout=120000) as done:
        window.exporter.export_csv(tmp_path / "data")
    passages_csv, idioms_csv = done.args[0]
    with passages_csv.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    # Every passage of the comparison, prompt echoes included but flagged (they are left out of the scores).
    passages = window.comparison.passages
    assert len(rows) == len(passages)
    assert {r["text"] for r in rows} == {p.text for p in passages}
    echoes = sum(p.prompt_echo for p in passages)
    assert 0 < echoes < len(rows)
    assert sum(r["prompt_echo"].lower() in ("true", "1", "yes") for r in rows) == echoes
    with idioms_csv.open(encoding="utf-8-sig", newline="") as f:
        idioms = list(csv.DictReader(f))
    assert idioms and {"A", "B"} <= {r["side"] for r in idioms}
