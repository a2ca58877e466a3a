"""Log-log scatter of phrase rates, A against B: the diagonal is "used equally", colour is the z-score."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QWidget

from tracepair.core.idioms.measures import Z_CLEAR
from tracepair.core.idioms.stats import IdiomView
from tracepair.ui.charts.idiom_bars import KIND_NOUN
from tracepair.ui.charts.style import ChartWidget, short, side_colours

#: |z| above this (two-sided 5%) counts as a clear difference between the sides.


class RateScatterChart(ChartWidget):
    """Each point a phrase; hover shows it, a click emits ``phraseActivated(phrase)``."""

    phraseActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.view: IdiomView | None = None
        self.items: list[pg.ScatterPlotItem] = []
        self._info: dict[str, tuple[float, float, float]] = {}

    def set_view(self, view: IdiomView) -> None:
        self.view = view
        self.redraw()

    def redraw(self) -> None:
        self.apply_palette()
        self.clear_chart()
        self.items = []
        v = self.view
        if v is None:
            return
        s = v.settings
        a_name, b_name = short(v.name_a), short(v.name_b)
        noun = KIND_NOUN.get(s.kind, s.kind)
        shown = len(v.scatter_phrases)
        capped = f"the {shown:,} most frequent " if shown >= s.scatter_max else ""
        self.set_title(
            f"Rates of {noun}: {a_name} vs {b_name} ({shown:,} phrases)",
            f"Each point is one of {capped}phrases seen at least {s.min_count} times on one side, per 10,000 words, "
            f"log-log. On the dashed diagonal both use it equally; coloured points differ clearly "
            f"(log-odds z-score, |z| ≥ {Z_CLEAR}). A phrase absent from one side is drawn at half an occurrence.",
        )
        self.plot.setLabel("bottom", f"{a_name}: occurrences per 10,000 words", color=self.fg().name())
        self.plot.setLabel("left", f"{b_name}: occurrences per 10,000 words", color=self.fg().name())
        if not v.scatter_phrases:
            self.message(f"No {noun} occur at least {s.min_count} times on either side")
            return
        x, y, z = np.log10(v.scatter_x), np.log10(v.scatter_y), v.scatter_z
        self._info = {p: (float(a), float(b), float(zz)) for p, a, b, zz
                      in zip(v.scatter_phrases, v.scatter_x, v.scatter_y, z, strict=True)}
        col_a, col_b = side_colours(self)
        grey = QColor(self.muted())
        grey.setAlpha(110)
        groups = (
            (np.abs(z) < Z_CLEAR, grey, "no clear difference", 5),
            (z >= Z_CLEAR, col_a, f"used more by {a_name}", 7),
            (z <= -Z_CLEAR, col_b, f"used more by {b_name}", 7),
        )
        lo = float(min(x.min(), y.min())) - 0.15
        hi = float(max(x.max(), y.max())) + 0.15
        diag = pg.PlotDataItem([lo, hi], [lo, hi], pen=pg.mkPen(self.fg(), width=1, style=Qt.PenStyle.DashLine))
        self.plot.addItem(diag)
        phrases = np.array(v.scatter_phrases, dtype=object)
        for mask, colour, label, size in groups:
            dots = _dots(x[mask], y[mask], pg.mkPen(colour, width=size, cap=Qt.PenCapStyle.RoundCap))
            self.plot.addItem(dots)
            sample = pg.ScatterPlotItem(symbol="o", size=size, brush=pg.mkBrush(colour), pen=pg.mkPen(None))
            self.legend.addItem(sample, f"{label} ({int(mask.sum()):,})")
            # Invisible twin that does hover and clicks; hidden while exporting.
            item = pg.ScatterPlotItem(
                x=x[mask], y=y[mask], data=phrases[mask], size=size + 2, symbol="o",
                brush=pg.mkBrush(0, 0, 0, 0), pen=pg.mkPen(None), hoverable=True, tip=self._tip,
                hoverSize=size + 4, hoverPen=pg.mkPen(self.fg(), width=1.5),
            )
            item.export_hidden = True
            item.sigClicked.connect(self._clicked)
            self.plot.addItem(item)
            self.items.append(item)
        self.legend.addItem(diag, "equal rate")
        for zero, angle, text in ((np.log10(v.scatter_zero_a), 90, f"absent from {a_name}"),
                                  (np.log10(v.scatter_zero_b), 0, f"absent from {b_name}")):
            if lo <= zero <= hi:
                line = pg.InfiniteLine(zero, angle=angle, pen=pg.mkPen(self.muted(), style=Qt.PenStyle.DotLine),
                                       label=text, labelOpts={"color": self.muted(), "position": 0.9})
                self.plot.addItem(line)
        ticks = _log_ticks(lo, hi)
        self.plot.getAxis("bottom").setTicks(ticks)
        self.plot.getAxis("left").setTicks(ticks)
        self.plot.setRange(xRange=(lo, hi), yRange=(lo, hi), padding=0)

    def _tip(self, x: float, y: float, data: object) -> str:
        a, b, z = self._info.get(str(data), (10**x, 10**y, 0.0))
        v = self.view
        na, nb = (short(v.name_a), short(v.name_b)) if v else ("A", "B")
        return f"{data}\n{na}: {a:.2f} per 10k words\n{nb}: {b:.2f} per 10k words\nz = {z:+.2f}"

    def _clicked(self, _item: pg.ScatterPlotItem, points: list, _ev: object) -> None:
        if len(points):
            self.phraseActivated.emit(str(points[0].data()))

    def point_position(self, phrase: str) -> tuple[float, float] | None:
        """Where ``phrase`` is drawn, in plot coordinates (log10 rates), or None if not shown."""
        v = self.view
        if v is None or phrase not in self._info:
            return None
        a, b, _ = self._info[phrase]
        return float(np.log10(a)), float(np.log10(b))


def _log_ticks(lo: float, hi: float) -> list[list[tuple[float, str]]]:
    """Ticks for an axis holding log10 values: labelled powers of ten, unlabelled 2..9 between them."""
    major, minor = [], []
    for k in range(int(np.floor(lo)), int(np.ceil(hi)) + 1):
        if lo <= k <= hi:
            major.append((float(k), f"{10.0**k:g}"))
        minor.extend((float(np.log10(m * 10.0**k)), "") for m in range(2, 10) if lo <= np.log10(m * 10.0**k) <= hi)
    return [major, minor]


def _dots(x: np.ndarray, y: np.ndarray, pen: QPen) -> pg.PlotCurveItem:
    """Points as zero-length round-capped segments in one path: a few Qt calls however many points
    (per-symbol drawing from Python exhausts None's reference count under PySide6 6.12 / Python 3.11)."""
    xs = np.repeat(x, 2)
    xs[1::2] += 1e-3  # a truly zero-length segment is skipped; a thousandth of a decade is a dot
    return pg.PlotCurveItem(x=xs, y=np.repeat(y, 2), connect="pairs", pen=pen)
