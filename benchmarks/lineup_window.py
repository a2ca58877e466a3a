"""The lineup window: what a user waits for after each change, with the counts kept against counting
everything again, in one run on the same files.

Data: the 58 misguided-attention output sets in ../shared/data. The window (offscreen, a fresh one)
is driven as a user drives it: open 57 sets, add the 58th, switch the part to reasoning, to both,
back to answers, halve the replicates, change the seed. Each step is timed from the change to the
lineup on screen (``LineupView.shown``), with the counts the window keeps (``LineupWork``'s cache,
and the part not on show counted in the background once a lineup is shown: the table waits for that
background count to end before the next change, as a user reading the lineup would).

* **Alternative**: what a window without kept counts waits for: the same lineup computed from the
  files with a fresh ``LineupCache`` (``tracepair.core.lineup.lineup``), in the same process.
* **Longest GUI gap**: a 10 ms timer on the GUI thread; the longest gap between its ticks while the
  window works on a step says whether it stayed responsive (the alternative runs on the GUI thread
  and is not counted).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/lineup_window.py
"""

from __future__ import annotations

import os
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer

from tracepair.core.lineup import Lineup, LineupCache, LineupSettings, lineup
from tracepair.ui.lineup.work import PRECOUNT
from tracepair.ui.shell.app import make_app
from tracepair.ui.shell.lineup_window import LineupWindow

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "misguided-attention"


def wait(signal, check=lambda *a: True) -> None:
    loop = QEventLoop()

    def on(*args) -> None:
        if check(*args):
            loop.quit()

    signal.connect(on)
    loop.exec()
    signal.disconnect(on)


def main() -> int:
    app = make_app()
    files = sorted(DATA.glob("*.jsonl"))
    store = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Tracepair", "benchmark")
    window = LineupWindow(store)
    window.resize(1400, 900)
    window.show()
    gaps = {"last": QElapsedTimer(), "worst": 0}
    gaps["last"].start()

    def tick() -> None:
        gaps["worst"] = max(gaps["worst"], gaps["last"].restart())

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    shown = lambda x: isinstance(x, Lineup)  # noqa: E731
    settings = LineupSettings()
    rows = []

    def step(label: str, change, paths: list[Path], s: LineupSettings) -> None:
        gaps["worst"] = 0
        gaps["last"].restart()
        t = time.perf_counter()
        change()
        wait(window.view.shown, shown)
        ours = time.perf_counter() - t
        gap = gaps["worst"]
        if window.work.precount and window.work.tasks.is_busy(PRECOUNT):
            wait(window.work.tasks.finished, lambda name, _r: name == PRECOUNT)
        t = time.perf_counter()
        lineup(paths, s, LineupCache())
        rows.append((label, ours, time.perf_counter() - t, gap))
        print(f"  {label}: {ours:.2f} s", file=sys.stderr)

    step("open 57 sets (answers, 200 replicates)", lambda: window.open(files[:57], settings), files[:57], settings)
    step("add the 58th set", lambda: window.add(files[57:]), files, settings)
    for label, change in (("part → reasoning", {"part": "reasoning"}), ("part → both", {"part": "both"}),
                          ("part → answers", {"part": "answer"}), ("replicates 200 → 100", {"bootstrap": 100}),
                          ("seed 0 → 1", {"seed": 1})):
        settings = replace(settings, **change)
        step(label, lambda s=settings: window.view._set_controls(s) or window.work.change(s), files, settings)
    timer.stop()
    window.close()
    print("| change | window, counts kept | counting again (fresh cache) | kept / again | longest GUI gap |")
    print("|---|---|---|---|---|")
    for label, ours, again, gap in rows:
        print(f"| {label} | {ours:.2f} s | {again:.2f} s | {ours / again:.2f} | {gap} ms |")
    print(f"\npeak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
