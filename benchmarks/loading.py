"""Loading: ``tracepair inspect`` against plain Python reading the same file, and the window loading a
200 MB set against loading it on the GUI thread.

Ours: ``tracepair inspect FILE`` as a user runs it (a new process: streaming load, SHA-256 of the
file, word counts of every reasoning and answer). The obvious alternative: plain Python that
``json.loads`` each line and counts the words of its ``output`` and ``reasoning`` with a regex
(``\\w+``), nothing else. Both run side by side, one after the other, on real data (one real file and
every real file of shared/data joined) and on big files built by repeating those real records (64 MB
and ~200 MB, written to a temporary folder and deleted after). Time is wall time; memory is each
process's peak resident set; "over start" is ours minus what ``tracepair inspect`` takes on a tiny
file, over the file size. Targets: time within 3x plain Python; memory over start under 3x the file.

The window rows open the ~200 MB set in the window (offscreen): ours loads on a worker thread with
progress; the alternative loads on the GUI thread. "Longest pause" is the longest the event loop went
without running a 10 ms timer: what a user feels as a frozen window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/loading.py [--no-window]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
MB = 1 << 20

PLAIN = r"""
import json, re, sys
WORD = re.compile(r"\w+")
records = words = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if line.strip():
            obj = json.loads(line)
            records += 1
            for key in ("output", "reasoning"):
                value = obj.get(key)
                if isinstance(value, str):
                    words += sum(1 for _ in WORD.finditer(value))
print(records, words)
"""


def measured(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one process (its output discarded)."""
    t = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: the command, its stdout discarded
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _pid, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - t
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed (status {status})")
    return seconds, usage.ru_maxrss / 1024


def build(target_mb: int, folder: Path) -> Path:
    """Every real record of shared/data, repeated until the file holds ``target_mb`` MB."""
    lines = [x for p in sorted(DATA.glob("*/*.jsonl")) for x in p.read_bytes().split(b"\n") if x.strip()]
    path = folder / f"real-records-{target_mb}mb.jsonl"
    with path.open("wb") as f:
        written = i = 0
        while written < target_mb * MB:
            line = lines[i % len(lines)] + b"\n"
            f.write(line)
            written += len(line)
            i += 1
    return path


def inspect_vs_plain(files: list[tuple[str, Path]], folder: Path) -> None:
    tracepair = [sys.executable, "-m", "tracepair", "inspect"]
    tiny = folder / "tiny.jsonl"
    tiny.write_bytes(next(DATA.glob("misguided-attention/*.jsonl")).read_bytes().split(b"\n")[0] + b"\n")
    _s, start_mb = measured([*tracepair, str(tiny)])
    print(f"tracepair inspect on a one-record file: {start_mb:.0f} MB peak (the start)\n")
    head = (f"{'file':<34} {'MB':>6} {'inspect s':>9} {'plain s':>8} {'time x':>6} "
            f"{'inspect MB':>10} {'plain MB':>8} {'over start / size':>17}")
    print(head)
    print("-" * len(head))
    worst_time = worst_mem = 0.0
    for label, path in files:
        size = path.stat().st_size / MB
        ours_s, ours_mb = measured([*tracepair, str(path)])
        plain_s, plain_mb = measured([sys.executable, "-c", PLAIN, str(path)])
        over = (ours_mb - start_mb) / size
        worst_time, worst_mem = max(worst_time, ours_s / plain_s), max(worst_mem, over)
        print(f"{label:<34} {size:6.1f} {ours_s:9.2f} {plain_s:8.2f} {ours_s / plain_s:6.2f} "
              f"{ours_mb:10.0f} {plain_mb:8.0f} {over:17.2f}")
    print(f"\nworst: inspect takes {worst_time:.2f}x plain Python's time (target <= 3); memory over start "
          f"is {worst_mem:.2f}x the file size (target < 3)")


def window_rows(big: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from tracepair.core.load.reader import load
    from tracepair.ui.shell.app import make_app
    from tracepair.ui.shell.main_window import MainWindow

    app = make_app()
    with tempfile.TemporaryDirectory() as d:
        window = MainWindow(store=QSettings(str(Path(d) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1400, 900)
        window.show()
        app.processEvents()
        gaps: list[float] = []
        clock = QElapsedTimer()
        timer = QTimer(interval=10)

        def tick() -> None:
            gaps.append(clock.restart())

        timer.timeout.connect(tick)

        def measure(start) -> tuple[float, float]:
            gaps.clear()
            done: list[bool] = []
            window.sourceLoaded.connect(lambda *_: done.append(True))
            t = time.perf_counter()
            clock.start()
            timer.start()
            start()
            while not done:
                app.processEvents()
                time.sleep(0.001)
            QApplication.processEvents()
            timer.stop()
            gaps.append(clock.elapsed())
            window.sourceLoaded.disconnect()
            return time.perf_counter() - t, max(gaps) / 1000

        ours = measure(lambda: window.open_file("A", big))
        theirs = measure(lambda: window.set_source("A", load(big)))
        window.close()
    size = big.stat().st_size / MB
    print(f"\nwindow, {size:.0f} MB set ({len(window.sources['A'].records):,} records)")
    print(f"{'':<36} {'load s':>7} {'longest pause s':>16}")
    print(f"{'ours: worker thread, progress':<36} {ours[0]:7.1f} {ours[1]:16.2f}")
    print(f"{'alternative: on the GUI thread':<36} {theirs[0]:7.1f} {theirs[1]:16.2f}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="tracepair-bench-") as d:
        folder = Path(d)
        joined = folder / "all-real-files.jsonl"
        joined.write_bytes(b"".join(p.read_bytes() for p in sorted(DATA.glob("*/*.jsonl"))))
        real = DATA / "misguided-attention" / "deepseek-r1-0528.jsonl"
        big64, big200 = build(64, folder), build(200, folder)
        inspect_vs_plain([
            ("real: deepseek-r1-0528.jsonl", real),
            ("real: every file of shared/data", joined),
            ("real records repeated to 64 MB", big64),
            ("real records repeated to 200 MB", big200),
        ], folder)
        if "--no-window" not in sys.argv:
            window_rows(big200)


if __name__ == "__main__":
    main()
