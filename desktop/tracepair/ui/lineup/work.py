"""The lineup's background work: one lineup asked for at a time, computed off the GUI thread.

``LineupWork`` holds what the user asked for (the input paths and the settings), runs
``iter_lineup`` through a ``TaskRunner`` (progress, cancel, a newer run supersedes an older one), and
announces the result only if it is still what is asked for. Every new run first says so
(``started``), so the view can take the old lineup off the screen at once.

The counts live in a ``LineupCache``, kept between runs: changing the part, the replicates or the
seed recounts nothing, and adding a member counts only that member's file. The cache is not
thread-safe, so every job holds its lock while it works; a job started while a superseded one is
still finishing its step waits for it (yielding, so it can itself be cancelled meanwhile). Once a
lineup of output sets is on show, the part not on show is counted in the background under the same
lock, so switching parts later costs no counting; any new run cancels that first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from tracepair.core.lineup import Lineup, LineupCache, LineupSettings, iter_lineup, iter_read_all
from tracepair.core.lineup.members import expand
from tracepair.core.load.records import Fields
from tracepair.core.model import Progress
from tracepair.ui.common import crash
from tracepair.ui.common.worker import TaskRunner

TASK = "lineup"
PRECOUNT = "lineup-precount"


def _holding(lock: threading.Lock, make: Callable[[], Generator[Progress, None, Any]]
             ) -> Generator[Progress, None, Any]:
    """``make()``'s work with ``lock`` held; while another job holds it, wait in short steps."""
    while not lock.acquire(timeout=0.05):
        yield 0.0, "waiting for the previous run to stop"
    try:
        return (yield from make())
    finally:
        lock.release()


def _files(paths: Iterable[Path]) -> set[Path]:
    return {f.resolve() for f in expand(paths)[0]}


class LineupWork(QObject):
    started = Signal()  # a run began: what was on show is no longer what is asked for
    progress = Signal(float, str)
    ready = Signal(object)  # the Lineup of the paths and settings asked for now
    failed = Signal(str)  # one line: why no lineup could be made
    cancelled = Signal()
    busyChanged = Signal(bool)  # the lineup run (not the background count) under way or not

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = TaskRunner(self)
        self.tasks.progress.connect(self._progress)
        self.tasks.finished.connect(self._finished)
        self.tasks.failed.connect(self._failed)
        self.tasks.cancelled.connect(self._cancelled)
        self.paths: list[Path] = []
        self.settings = LineupSettings()
        self.lineup: Lineup | None = None  # the lineup of ``paths`` and ``settings``, when computed
        self._asked: tuple[tuple[Path, ...], LineupSettings] | None = None  # what the run under way is for
        self._cache = LineupCache()
        self._lock = threading.Lock()
        #: Count the part not on show once a lineup is shown (headless renders turn this off).
        self.precount = True
        #: Where files keep their text, asked on the GUI thread at each run (the window's remembered choices).
        self.fields: Callable[[], Fields] = lambda: None

    # -- what the user asks for ------------------------------------------------------------------
    def open(self, paths: Iterable[Path | str], settings: LineupSettings | None = None) -> None:
        """A new lineup of ``paths`` (files or folders). Counts of files it shares with the last one are kept."""
        new = [Path(p) for p in paths]
        if self.paths and not (_files(new) & _files(self.paths)):
            # Nothing in common: a fresh cache (with its own lock; a job still on the old one keeps it).
            self.tasks.cancel(PRECOUNT)
            self._cache, self._lock = LineupCache(), threading.Lock()
        self.paths = new
        if settings is not None:
            self.settings = settings
        self.run()

    def add(self, paths: Iterable[Path | str]) -> None:
        """More members: only their files are counted."""
        known = _files(self.paths)
        # A path whose files are all members already adds nothing; one that holds no file goes on, to be named.
        new = [Path(p) for p in paths if not (_files([Path(p)]) or {None}) <= known]
        if new:  # members already in the lineup change nothing: the lineup on show stays
            self.paths += new
            self.run()

    def change(self, settings: LineupSettings) -> None:
        """Other part, replicates or seed for the same inputs (the counts are reused)."""
        if settings == self.settings and (self.lineup is not None or self.is_busy()):
            return
        self.settings = settings
        self.run()

    def run(self) -> None:
        """Compute the lineup asked for now; whatever was shown is dropped at once."""
        if not self.paths:
            return
        self.lineup = None
        self.tasks.cancel(PRECOUNT)  # frees the cache's lock at its next step
        self._cache.fields = self.fields()  # files not yet counted are read with the choices in effect now
        paths, settings = tuple(self.paths), self.settings
        self._asked = (paths, settings)
        cache, lock = self._cache, self._lock
        self.started.emit()
        self.busyChanged.emit(True)  # before the start: a synchronous runner has finished when start returns
        self.tasks.start(TASK, lambda: _holding(lock, lambda: iter_lineup(paths, settings, cache)))

    def cancel(self) -> None:
        self.tasks.cancel(TASK)

    def stop(self) -> None:
        """Cancel everything (the window closes)."""
        self.tasks.cancel()

    def is_busy(self) -> bool:
        return self._asked is not None

    # -- results --------------------------------------------------------------------------------
    def _progress(self, name: str, fraction: float, message: str) -> None:
        if name == TASK:
            self.progress.emit(fraction, message)

    def _finished(self, name: str, result: object) -> None:
        if name != TASK or not isinstance(result, Lineup):
            return
        asked, self._asked = self._asked, None
        if asked != (tuple(self.paths), self.settings) or result.settings != self.settings:
            self.run()  # computed for inputs or settings no longer asked for: compute what is asked now
            return
        self.lineup = result
        self.busyChanged.emit(False)
        self.ready.emit(result)
        self._count_other_part(result)

    def _failed(self, name: str, error: object) -> None:
        if name != TASK:
            return  # the background count failing costs nothing: the part is counted when asked
        self._asked = None
        self.busyChanged.emit(False)
        message = crash.message_of(error)
        self.failed.emit(message)

    def _cancelled(self, name: str) -> None:
        if name != TASK:
            return
        self._asked = None
        self.busyChanged.emit(False)
        self.cancelled.emit()

    def _count_other_part(self, shown: Lineup) -> None:
        """Count the answers and the reasoning of every input now, so another part needs no counting."""
        if not self.precount or shown.kind != "sets" or self.tasks.synchronous:
            return
        paths, cache, lock = tuple(self.paths), self._cache, self._lock
        both = ("answer", "reasoning")
        self.tasks.start(PRECOUNT, lambda: _holding(lock, lambda: iter_read_all(paths, cache, both)))
