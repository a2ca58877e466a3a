"""Idiom charts: exports are real files, and clicking a scatter point finds that phrase in a text pane."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPalette

from tracepair.core.idioms.stats import IdiomReport, idioms
from tracepair.core.load.reader import load
from tracepair.ui.charts.export import export_png, export_svg
from tracepair.ui.charts.idiom_bars import IdiomBarsChart
from tracepair.ui.charts.idiom_panel import IdiomPanel
from tracepair.ui.charts.marker_timeline import MarkerTimelineChart
from tracepair.ui.charts.rate_scatter import RateScatterChart
from tracepair.ui.charts.style import MOVE_COLOURS, side_colours
from tracepair.ui.sidebyside.trace_pane import TraceView


@pytest.fixture(scope="module")
def report(slop_dir: Path) -> IdiomReport:
    return idioms(load(slop_dir / "generated_meta-llama__llama-4-maverick.jsonl"),
                  load(slop_dir / "generated_meta-llama__llama-4-scout.jsonl"))


def _chart(kind: str, report: IdiomReport, qtbot) -> object:
    chart = {"bars": IdiomBarsChart, "scatter": RateScatterChart, "timeline": MarkerTimelineChart}[kind]()
    qtbot.addWidget(chart)
    chart.resize(800, 560)
    if kind == "timeline":
        chart.set_report(report)
    else:
        chart.set_view(report.view(replace(report.settings, kind="words")))
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def _pixels_near(image: QImage, colour: QColor, tolerance: int = 24) -> int:
    """How many pixels of ``image`` have (nearly) ``colour``: anti-aliased edges aside, the fill of data."""
    ptr = image.convertToFormat(QImage.Format.Format_RGB32).constBits()
    rgb = np.frombuffer(ptr, dtype=np.uint8).reshape(image.height(), image.width(), 4)[..., 2::-1].astype(int)
    target = np.array([colour.red(), colour.green(), colour.blue()])
    return int((np.abs(rgb - target).max(axis=2) <= tolerance).sum())


def test_pixel_count_sees_no_data_on_a_chart_with_none(report: IdiomReport, qtbot, tmp_path: Path) -> None:
    # What the export test relies on: an empty chart (a kind with nothing above min_count) has no data pixels.
    chart = IdiomBarsChart()
    qtbot.addWidget(chart)
    chart.resize(800, 560)
    chart.set_view(report.view(replace(report.settings, kind="trigrams", min_count=10**6)))
    chart.show()
    qtbot.waitExposed(chart)
    image = QImage(str(export_png(chart, tmp_path / "empty.png")))
    assert max(_pixels_near(image, c) for c in side_colours(chart)) < 200


@pytest.mark.parametrize("kind", ["bars", "scatter", "timeline"])
def test_exports_decode(kind: str, report: IdiomReport, qtbot, tmp_path: Path) -> None:
    chart = _chart(kind, report, qtbot)
    png = export_png(chart, tmp_path / f"{kind}.png")
    image = QImage(str(png))
    assert not image.isNull()
    assert (image.width(), image.height()) == (2 * chart.width(), 2 * chart.height())
    # The data is drawn, not only the frame: the data colours cover a real share of the plot.
    if kind == "timeline":
        data_colours = [QColor(c) for c in MOVE_COLOURS.values() if c not in ("#999999", "#777777")]
    else:
        data_colours = list(side_colours(chart))
    found = [_pixels_near(image, c) for c in data_colours]
    if kind == "bars":
        assert min(found) > 2000, found  # both sides' bars (each bar is hundreds of pixels at 2x)
    else:
        assert sum(found) > 200, found  # the coloured points or the marker ticks

    svg = export_svg(chart, tmp_path / f"{kind}.svg")
    root = ET.parse(svg).getroot()
    tags = [el.tag.rsplit("}", 1)[-1] for el in root.iter()]
    assert tags.count("path") + tags.count("polyline") + tags.count("rect") > 20
    assert "text" in tags
    text = " ".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))
    axis = "position in the trace" if kind == "timeline" else "per 10,000 words"
    assert "llama-4-maverick" in text and "llama-4-scout" in text and axis in text


def test_dark_palette_export_has_a_dark_background(report: IdiomReport, qtbot, tmp_path: Path) -> None:
    chart = _chart("bars", report, qtbot)
    dark = QPalette(chart.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    chart.setPalette(dark)
    image = QImage(str(export_png(chart, tmp_path / "dark.png")))
    assert QColor(image.pixel(3, 3)).lightness() < 60
    # the title text is drawn light on it
    row = [QColor(image.pixel(x, 24)).lightness() for x in range(0, image.width() // 2)]
    assert max(row) > 150


def isolated_point(chart) -> tuple[str, QPoint]:
    """The scatter's most isolated phrase and where it is drawn, so a click cannot hit a neighbour."""
    v = chart.view
    xy = np.column_stack([np.log10(v.scatter_x), np.log10(v.scatter_y)])
    dist = np.linalg.norm(xy[:, None, :] - xy[None, :, :], axis=2)
    np.fill_diagonal(dist, np.inf)
    phrase = v.scatter_phrases[int(np.argmax(dist.min(axis=1)))]
    x, y = chart.point_position(phrase)
    return phrase, chart.mapFromScene(chart.plot.vb.mapViewToScene(QPointF(x, y)))


def test_clicking_a_scatter_point_finds_the_phrase_in_a_text_pane(
    report: IdiomReport, qtbot, slop_dir: Path
) -> None:
    panel = IdiomPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 700)
    panel.kind.setCurrentIndex(panel.kind.findData("words"))
    panel.set_report(report)
    panel.show()
    panel.tabs.setCurrentWidget(panel.scatter)
    qtbot.waitExposed(panel.scatter)
    chart = panel.scatter
    phrase, pos = isolated_point(chart)

    pane = TraceView()  # the text pane of the main window, showing a real record that contains the phrase
    qtbot.addWidget(pane)
    texts = [r.trace.text for r in load(slop_dir / "generated_meta-llama__llama-4-maverick.jsonl").records]
    record = next(t for t in texts if phrase in t.lower())
    pane.setPlainText(record)
    panel.phraseActivated.connect(lambda p: pane.find(p))
    with qtbot.waitSignal(panel.phraseActivated, timeout=2000) as blocker:
        qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [phrase]
    assert pane.textCursor().selectedText().lower() == phrase


def test_panel_updates_charts_when_a_setting_changes(report: IdiomReport, qtbot, tmp_path: Path) -> None:
    panel = IdiomPanel()
    qtbot.addWidget(panel)
    panel.set_report(report)
    panel.top.setValue(7)
    assert len(panel.bars.view.bars) == 7
    panel.kind.setCurrentIndex(panel.kind.findData("trigrams"))
    assert all(len(r.phrase.split()) == 3 for r in panel.bars.view.bars)
    panel.tabs.setCurrentWidget(panel.scatter)  # hidden charts catch up when their tab opens
    assert panel.scatter.view.settings.kind == "trigrams"
    panel.tabs.setCurrentWidget(panel.shared)
    assert panel.shared.rowCount() == len(panel.bars.view.shared) > 0
    files = panel.export_all(tmp_path)
    assert len(files) == 6 and all(f.stat().st_size > 1000 for f in files)


def test_charts_in_unopened_tabs_export_at_the_size_of_the_one_on_show(report: IdiomReport, qtbot,
                                                                       tmp_path: Path) -> None:
    # `tracepair report --png` exports all charts from a panel whose scatter and timeline tabs were never
    # opened; they must come out laid out like the one on show, not squeezed into a default size.
    from PySide6.QtGui import QImage

    panel = IdiomPanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 620)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_report(report)
    files = [f for f in panel.export_all(tmp_path) if f.suffix == ".png"]
    sizes = {(QImage(str(f)).width(), QImage(str(f)).height()) for f in files}
    bars = panel.bars.size()
    assert sizes == {(2 * bars.width(), 2 * bars.height())}
