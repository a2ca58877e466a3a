"""The idiom panel: a settings row over the three idiom charts and the shared-favourites table.

It is handed an ``IdiomReport`` and shows it; it never loads files. Changing a setting re-derives
the chart data from the report's cached counts (``IdiomReport.view``), so updates are fast.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tracepair.core.idioms.counting import KINDS
from tracepair.core.idioms.stats import IdiomReport, IdiomSettings, IdiomView
from tracepair.ui.charts.export import export_png, export_svg
from tracepair.ui.charts.idiom_bars import KIND_NOUN, IdiomBarsChart
from tracepair.ui.charts.marker_timeline import MarkerTimelineChart
from tracepair.ui.charts.rate_scatter import RateScatterChart
from tracepair.ui.charts.style import short


class IdiomPanel(QWidget):
    """Charts of one ``IdiomReport``; ``phraseActivated(phrase)`` asks the text panes to find a phrase."""

    phraseActivated = Signal(str)
    idiomListChosen = Signal(object)  # Path of the user's idiom list, or None for the shipped one

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: IdiomReport | None = None
        self.settings = IdiomSettings()
        self._pending: IdiomView | None = None
        self._shared_view: IdiomView | None = None
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(KIND_NOUN[kind], kind)
        self.top = QSpinBox(minimum=5, maximum=100, value=self.settings.top)
        self.min_count = QSpinBox(minimum=1, maximum=1000, value=self.settings.min_count)
        self.rank = QComboBox()
        self.rank.addItem("over-use vs ordinary English", "ratio")
        self.rank.addItem("rate per 10k words", "rate")
        self.export_button = QPushButton("Export charts…")
        self.list_button = QPushButton("Idiom list…")
        self.list_button.setToolTip("Count your own idioms: a text file with one phrase a line (* = any ending)")
        self.list_label = QLabel("shipped list")
        row = QHBoxLayout()
        for label, w in (("Show", self.kind), ("top", self.top), ("min. count", self.min_count),
                         ("rank by", self.rank)):
            row.addWidget(QLabel(label))
            row.addWidget(w)
        row.addStretch(1)
        # The list and export controls get a second row, so the panel never forces the window wider.
        row2 = QHBoxLayout()
        row2.addWidget(self.list_button)
        row2.addWidget(self.list_label, 1)
        row2.addWidget(self.export_button)
        # What the counts leave out (records with no text), so no number stands without it.
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        self.notes.hide()
        self.list_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.bars = IdiomBarsChart()
        self.scatter = RateScatterChart()
        self.timeline = MarkerTimelineChart()
        self.shared = QTableWidget(0, 5)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.bars, "Top idioms")
        self.tabs.addTab(self.scatter, "Rates A vs B")
        self.tabs.addTab(self.shared, "Shared favourites")
        self.tabs.addTab(self.timeline, "Marker timeline")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addLayout(row2)
        layout.addWidget(self.notes)
        layout.addWidget(self.tabs, 1)

        self.kind.currentIndexChanged.connect(self._settings_changed)
        self.top.valueChanged.connect(self._settings_changed)
        self.min_count.valueChanged.connect(self._settings_changed)
        self.rank.currentIndexChanged.connect(self._settings_changed)
        self.export_button.clicked.connect(self._ask_export)
        self.list_button.clicked.connect(self._ask_list)
        self.tabs.currentChanged.connect(self._draw_current)
        self.scatter.phraseActivated.connect(self.phraseActivated)
        self.bars.phraseActivated.connect(self.phraseActivated)
        self.shared.cellDoubleClicked.connect(
            lambda r, _c: self.phraseActivated.emit(self.shared.item(r, 0).text()))

    def set_report(self, report: IdiomReport) -> None:
        self.report = report
        f = report.settings.idiom_file
        self.list_label.setText(Path(f).name if f else "shipped list")
        self.list_label.setToolTip(str(f) if f else "resources/idioms: common LLM idioms")
        self.settings = replace(self.settings, **{k: getattr(report.settings, k) for k in
                                                  ("idiom_file", "baseline_lang", "bootstrap", "seed")})
        self.notes.setText("; ".join(report.notes) + "." if report.notes else "")
        self.notes.setVisible(bool(report.notes))
        self.timeline.set_report(report)
        self.refresh()

    def clear(self, why: str = "") -> None:
        """No report (the files changed, or counting was cancelled or failed): draw nothing old."""
        self.report = None
        self._pending = self._shared_view = None
        for chart in (self.bars, self.scatter, self.timeline):
            chart.clear_report(why)
        self.shared.setRowCount(0)
        self.notes.hide()

    def display_settings(self) -> IdiomSettings:
        return replace(self.settings, kind=self.kind.currentData(), top=self.top.value(),
                       min_count=self.min_count.value(), rank_by=self.rank.currentData())

    def _settings_changed(self) -> None:
        self.settings = self.display_settings()
        self.refresh()

    def refresh(self) -> IdiomView | None:
        """Re-derive the chart data for the current settings and redraw (the marker timeline does not change)."""
        if self.report is None:
            return None
        view = self.report.view(self.settings)
        # Only the chart on show is redrawn now; the others when their tab is opened (or exported).
        self._pending = view
        self._draw_current()
        return view

    def _draw_current(self) -> None:
        view = self._pending
        if view is None:
            return
        current = self.tabs.currentWidget()
        if current is self.bars and self.bars.view is not view:
            self.bars.set_view(view)
        elif current is self.scatter and self.scatter.view is not view:
            self.scatter.set_view(view)
        elif current is self.shared and self._shared_view is not view:
            self._fill_shared(view)

    def sync_all(self) -> None:
        """Bring every chart up to date (before an export or a test looks at a hidden tab)."""
        view = self._pending
        if view is not None:
            if self.bars.view is not view:
                self.bars.set_view(view)
            if self.scatter.view is not view:
                self.scatter.set_view(view)
            if self._shared_view is not view:
                self._fill_shared(view)

    def _fill_shared(self, v: IdiomView) -> None:
        self._shared_view = v
        a, b = short(v.name_a, 24), short(v.name_b, 24)
        headers = [KIND_NOUN[v.settings.kind].rstrip("s"), f"{a} per 10k", f"{b} per 10k",
                   f"{a} × ordinary", f"{b} × ordinary"]
        self.shared.setHorizontalHeaderLabels(headers)
        self.shared.setRowCount(len(v.shared))
        for r, row in enumerate(v.shared):
            cells = [row.phrase, f"{row.a.per_10k:.2f}", f"{row.b.per_10k:.2f}",
                     f"{row.a.baseline_ratio:.1f}", f"{row.b.baseline_ratio:.1f}"]
            for c, text in enumerate(cells):
                self.shared.setItem(r, c, QTableWidgetItem(text))
        self.shared.resizeColumnsToContents()

    def export_all(self, folder: Path | str, stem: str = "idioms") -> list[Path]:
        """Every chart as PNG (2x) and SVG in ``folder``; returns the files written."""
        folder = Path(folder)
        self.sync_all()
        out = []
        shown = self.tabs.currentWidget()
        size = shown.size()
        for name, chart in (("bars", self.bars), ("scatter", self.scatter), ("timeline", self.timeline)):
            # A chart in a tab never opened has not been laid out: give it the size of the one on show.
            if chart is not shown:
                chart.resize(size)
                QApplication.sendPostedEvents()
            out.append(export_png(chart, folder / f"{stem}_{name}.png"))
            out.append(export_svg(chart, folder / f"{stem}_{name}.svg"))
        return out

    def _ask_list(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Idiom list (one phrase a line)", "",
                                              "Text files (*.txt);;All files (*)")
        if path:
            self.idiomListChosen.emit(Path(path))

    def _ask_export(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export idiom charts to folder")
        if folder:
            self.export_all(folder)
