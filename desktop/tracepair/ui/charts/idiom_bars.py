"""Paired horizontal bars: each phrase's rate per 10,000 words on side A and side B, with intervals."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from tracepair.core.idioms.stats import IdiomView
from tracepair.ui.charts.style import ChartWidget, short, side_colours

KIND_NOUN = {"idioms": "curated idioms", "words": "words", "bigrams": "two-word phrases",
             "trigrams": "three-word phrases", "markers": "reasoning markers"}
RANK_TEXT = {"ratio": "most over-used against ordinary English", "rate": "most frequent"}


class IdiomBarsChart(ChartWidget):
    """Top phrases of one kind, A and B side by side, per 10k words; whiskers are bootstrap intervals."""

    phraseActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot.invertY(True)  # rank 1 at the top
        self.plot.showGrid(x=True, y=False, alpha=0.25)
        self.view: IdiomView | None = None

    def set_view(self, view: IdiomView) -> None:
        self.view = view
        self.redraw()

    def redraw(self) -> None:
        self.apply_palette()
        self.clear_chart()
        v = self.view
        if v is None:
            return
        s = v.settings
        a_name, b_name = short(v.name_a), short(v.name_b)
        has_base = any(r.baseline_per_10k is not None for r in v.bars)
        rank = RANK_TEXT[s.rank_by] if has_base else RANK_TEXT["rate"]
        self.set_title(
            f"Top {len(v.bars)} {KIND_NOUN.get(s.kind, s.kind)} {rank}: {a_name} vs {b_name}",
            self._subtitle(v, has_base),
        )
        self.set_axis_labels("occurrences per 10,000 words")
        if not v.bars:
            self.message(f"No {KIND_NOUN.get(s.kind, s.kind)} occur at least {s.min_count} times on either side")
            return
        col_a, col_b = side_colours(self)
        n = len(v.bars)
        ys = np.arange(n, dtype=float)
        h = 0.36
        for off, col, name, stats in ((-h / 2 - 0.02, col_a, v.name_a, [r.a for r in v.bars]),
                                      (h / 2 + 0.02, col_b, v.name_b, [r.b for r in v.bars])):
            rates = np.array([p.per_10k for p in stats])
            bars = pg.BarGraphItem(x0=np.zeros(n), y=ys + off, width=rates, height=h,
                                   brush=pg.mkBrush(col), pen=pg.mkPen(None))
            self.plot.addItem(bars)
            self.legend.addItem(bars, short(name, 60))
            cis = [(i, p.ci) for i, p in enumerate(stats) if p.ci is not None]
            if cis:
                idx = np.array([i for i, _ in cis])
                lo = np.array([c[0] for _, c in cis])
                hi = np.array([c[1] for _, c in cis])
                err = pg.ErrorBarItem(x=rates[idx], y=ys[idx] + off, left=rates[idx] - lo, right=hi - rates[idx],
                                      beam=h * 0.5, pen=pg.mkPen(self.fg(), width=1.2))
                self.plot.addItem(err)
        if has_base:
            base = [(i, r.baseline_per_10k) for i, r in enumerate(v.bars) if r.baseline_per_10k is not None]
            dots = pg.ScatterPlotItem(x=[b for _, b in base], y=[ys[i] for i, _ in base], symbol="d", size=8,
                                      brush=pg.mkBrush(self.fg()), pen=pg.mkPen(self.palette().base().color()))
            self.plot.addItem(dots)
            self.legend.addItem(dots, "ordinary English (wordfreq)")
        ticks = [(float(i), self._label(r.phrase)) for i, r in enumerate(v.bars)]
        self.set_tick_labels("left", ticks)
        top = max(max(r.a.ci[1] if r.a.ci else r.a.per_10k, r.b.ci[1] if r.b.ci else r.b.per_10k) for r in v.bars)
        top = top or 1.0
        self.plot.setRange(xRange=(-0.015 * top, top * 1.05), yRange=(-0.6, n - 0.4), padding=0)
        self.plot.setMouseEnabled(x=True, y=False)

    @staticmethod
    def _label(phrase: str) -> str:
        return phrase if len(phrase) <= 34 else phrase[:33] + "…"

    @staticmethod
    def _subtitle(v: IdiomView, has_base: bool) -> str:
        s = v.settings
        parts = [f"Bars: occurrences per 10,000 words; phrases seen at least {s.min_count} times on one side"]
        if any(r.a.ci or r.b.ci for r in v.bars):
            parts.append(f"whiskers: 95% bootstrap interval over records ({s.bootstrap:,} resamples)")
        if has_base:
            parts.append("◆ rate expected in ordinary English (wordfreq; for phrases an upper bound)")
        if any(r.phrase.endswith("*") for r in v.bars):
            parts.append("* = any ending")
        return "; ".join(parts)

    def mouseDoubleClickEvent(self, ev) -> None:
        """Double-clicking a bar's row activates its phrase (like clicking a scatter point)."""
        if self.view and self.view.bars and ev.button() == Qt.MouseButton.LeftButton:
            y = self.plot.vb.mapSceneToView(self.mapToScene(ev.position().toPoint())).y()
            i = round(y)
            if 0 <= i < len(self.view.bars):
                self.phraseActivated.emit(self.view.bars[i].phrase)
                return
        super().mouseDoubleClickEvent(ev)
