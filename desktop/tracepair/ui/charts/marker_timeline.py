"""Where in each trace the reasoning markers fall: one row per side, one thin line per record."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QWidget

from tracepair.core.idioms.counting import SideCounts
from tracepair.core.idioms.stats import IdiomReport
from tracepair.ui.charts.style import MOVE_COLOURS, ChartWidget, short

#: Height of a side's band; records are spread over it, one line each.
BAND = 0.8


class MarkerTimelineChart(ChartWidget):
    """x = relative position in the trace (0 start, 1 end); colour = the marker's move."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: IdiomReport | None = None
        self.legend.setColumnCount(6)
        self.plot.setMouseEnabled(x=True, y=False)

    def set_report(self, report: IdiomReport) -> None:
        self.report = report
        self.redraw()

    def redraw(self) -> None:
        self.apply_palette()
        self.clear_chart()
        rep = self.report
        if rep is None:
            return
        a_name, b_name = short(rep.a.name), short(rep.b.name)
        n_a = sum(len(r.markers) for r in rep.a.records)
        n_b = sum(len(r.markers) for r in rep.b.records)
        self.set_title(
            f"Where reasoning markers fall: {a_name} ({n_a:,}) vs {b_name} ({n_b:,})",
            "Each tick is a marker opening a sentence, coloured by the move it signals; each side's band "
            "has one line per record; x is the position in that record's trace (reasoning, then answer). "
            "Black tick (white on dark): where the answer begins.",
        )
        self.set_axis_labels("position in the trace (0 = start, 1 = end)")
        by_move: dict[str, list[tuple[float, float]]] = defaultdict(list)
        answers: list[tuple[float, float]] = []
        half = 0.0
        for row, side in ((1.0, rep.a), (0.0, rep.b)):
            half = max(half, self._collect(side, row, by_move, answers))
        order = sorted(by_move, key=lambda m: -len(by_move[m]))
        for move in order:
            item = _ticks(by_move[move], half, pg.mkPen(MOVE_COLOURS.get(move, MOVE_COLOURS["other"]), width=1.6))
            self.plot.addItem(item)
            self.legend.addItem(item, f"{move} ({len(by_move[move]):,})")
        if answers:
            item = _ticks(answers, half * 1.6, pg.mkPen(self.fg(), width=2.0))
            self.plot.addItem(item)
            self.legend.addItem(item, "answer begins")
        self.set_tick_labels("left", [(1.0, short(rep.a.name, 28)), (0.0, short(rep.b.name, 28))])
        if not order:
            self.message("No reasoning markers found on either side")
        self.plot.setRange(xRange=(0, 1), yRange=(-0.55, 1.55), padding=0.01)

    @staticmethod
    def _collect(side: SideCounts, row: float, by_move: dict[str, list[tuple[float, float]]],
                 answers: list[tuple[float, float]]) -> float:
        """Add the side's ticks; returns half a tick's height (a record line's, or a band's for one record)."""
        n = len(side.records)
        for i, rec in enumerate(side.records):
            y = row + (BAND / 2 - BAND * (i + 0.5) / n if n > 1 else 0.0)
            for hit in rec.markers:
                by_move[hit.move].append((hit.position, y))
            if 0.0 < rec.answer_position < 1.0:
                answers.append((rec.answer_position, y))
        return 0.42 * BAND / n if n > 1 else 0.3


def _ticks(points: list[tuple[float, float]], half: float, pen: QPen) -> pg.PlotCurveItem:
    """Vertical ticks as one path of segment pairs: drawn in a few Qt calls however many there are
    (a ScatterPlotItem in export mode draws each symbol from Python, which PySide6 6.12 on Python
    3.11 cannot afford: every void Qt call there drops a reference to None)."""
    pts = np.asarray(points, dtype=float)
    x = np.repeat(pts[:, 0], 2)
    y = np.empty(2 * len(pts))
    y[0::2] = pts[:, 1] - half
    y[1::2] = pts[:, 1] + half
    return pg.PlotCurveItem(x=x, y=y, connect="pairs", pen=pen)
