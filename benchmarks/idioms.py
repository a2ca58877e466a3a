"""Idiom charts: time to update the charts when a display setting changes, ours vs recomputing.

Ours: the report keeps per-kind count arrays, so a setting change (top N, kind, min count) only
re-slices them (``IdiomReport.view``, its caches cleared here) and redraws the chart on show
(others catch up when their tab opens; the benchmark shows the scatter, the heaviest).
The obvious alternative recounts both sides from the loaded sources and recomputes the
statistics (``idioms(a, b, settings)``) before the same redraw. Both are measured side by side in one run on real
data, median of 5. Target: under 100 ms for two ~100k-word sides.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/idioms.py
"""

from __future__ import annotations

import ctypes
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tracepair.core.idioms.stats import IdiomReport, IdiomSettings, idioms
from tracepair.core.load.reader import load
from tracepair.core.model import Source
from tracepair.ui.charts.idiom_panel import IdiomPanel

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
PAIRS = [
    ("slop-forensics/generated_google__gemma-3-4b-it.jsonl", "slop-forensics/generated_x-ai__grok-3-mini-beta.jsonl"),
    ("misguided-attention/deepseek-r1-0528.jsonl", "misguided-attention/qwen3-235b-a22b-think.jsonl"),
]
CHANGES = [
    ("top 20 -> 30", {"top": 30}),
    ("kind idioms -> words", {"kind": "words"}),
    ("kind words -> bigrams", {"kind": "bigrams"}),
    ("min count 3 -> 5 (trigrams)", {"kind": "trigrams", "min_count": 5}),
]
REPEAT = 5


def median_ms(fn) -> float:
    times = []
    for _ in range(REPEAT):
        t = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - t))
    return statistics.median(times)


def redraw(app: QApplication, panel: IdiomPanel, rep: IdiomReport, settings: IdiomSettings,
           clear: bool = False) -> None:
    if clear:
        rep._views.clear()  # measure a first-time derivation, not a cache hit
        rep._intervals.clear()
    panel.report, panel.settings = rep, settings
    panel.refresh()
    app.processEvents()


def pin_singletons() -> None:
    """PySide6 6.12 on Python 3.11 returns None/True/False from C++ calls without a new reference, so
    every call drops one and a few thousand redraws kill the process ("deallocating None/True"). Give
    the three singletons a huge reference count (what Python 3.12 does by making them immortal) so the
    timing loop can run; the app itself needs a real fix (see the issue's report)."""
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40


def main() -> int:
    pin_singletons()
    app = QApplication.instance() or QApplication(sys.argv)
    panel = IdiomPanel()
    panel.resize(1200, 800)
    panel.show()
    panel.tabs.setCurrentWidget(panel.scatter)  # the heaviest chart is the one on show
    rows = []
    for a_path, b_path in PAIRS:
        a: Source = load(DATA / a_path)
        b: Source = load(DATA / b_path)
        rep = idioms(a, b)
        panel.set_report(rep)
        app.processEvents()
        words = f"{rep.a.words:,} / {rep.b.words:,}"
        for label, change in CHANGES:
            settings = replace(IdiomSettings(), **change)
            t_core = median_ms(lambda r=rep, s=settings: (r._views.clear(), r._intervals.clear(), r.view(s)))
            t_ours = median_ms(lambda r=rep, s=settings: redraw(app, panel, r, s, clear=True))
            t_scratch = median_ms(lambda a=a, b=b, s=settings: redraw(app, panel, idioms(a, b, s), s))
            rows.append((f"{rep.a.name} vs {rep.b.name}", words, label, t_core, t_ours, t_scratch))
    print(f"{'pair':<52} {'words A / B':>17}  {'setting change':<28} {'view':>7} {'ours':>8} "
          f"{'recompute':>10} {'speed-up':>8}")
    for pair, words, label, core, ours_ms, scratch_ms in rows:
        print(f"{pair:<52} {words:>17}  {label:<28} {core:>5.1f}ms {ours_ms:>6.1f}ms {scratch_ms:>8.0f}ms "
              f"{scratch_ms / ours_ms:>7.0f}x")
    print("\nview: chart data only (IdiomReport.view); ours: view + redraw of the chart on show (the scatter);"
          f"\nrecompute: recount both sides + statistics + the same redraw. Median of {REPEAT}; target < 100 ms.")
    panel.close()
    panel.deleteLater()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
