"""Run core work off the GUI thread (superqt's worker pattern, kept small).

Core offers long work as generators that yield ``(fraction, message)`` and
return their result. A ``Worker`` runs one on the global ``QThreadPool``,
relays progress through signals on a ``QObject``, and stops between yields when
cancelled. ``TaskRunner`` numbers each task it starts, so a result that arrives
after a newer task was started (stale) is dropped rather than shown.

A task that fails with a bug (not bad input: see ``crash.is_bug``) has its traceback written to
the error log on the worker thread, stale or not; a current one is then shown in the crash dialog.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from tracepair.ui.common import crash

Job = Callable[[], Generator[tuple[float, str], None, Any] | Any]


class Cancelled(Exception):
    """Raised inside a worker's generator loop when the user cancelled."""


class WorkerSignals(QObject):
    progress = Signal(int, float, str)  # generation, fraction, message
    finished = Signal(int, object)  # generation, result
    failed = Signal(int, object)  # generation, exception
    cancelled = Signal(int)


class Worker(QRunnable):
    def __init__(self, job: Job, generation: int, name: str = "task") -> None:
        super().__init__()
        self.job = job
        self.generation = generation
        self.name = name
        self.signals = WorkerSignals()
        self._cancel = threading.Event()
        self.setAutoDelete(True)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _emit(self, signal_name: str, *args: object) -> None:
        """Emit unless the receiving side is gone (the app is shutting down): then stop quietly."""
        try:
            getattr(self.signals, signal_name).emit(*args)
        except RuntimeError:  # "Signal source has been deleted"
            self._cancel.set()

    def run(self) -> None:
        gen = self.generation
        try:
            result = self.job()
            if isinstance(result, Generator):
                result = self._drive(result)
        except Cancelled:
            self._emit("cancelled", gen)
        except Exception as err:  # handed to the GUI thread, which shows a message
            err.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            if crash.is_bug(err):  # logged now, even if the task turns out stale
                doing = f"running the background task '{self.name}'"
                err.__crash_report__ = crash.write_report(err, doing)  # type: ignore[attr-defined]
            self._emit("failed", gen, err)
        else:
            self._emit("finished", gen, result)

    def _drive(self, gen: Generator[tuple[float, str], None, Any]) -> Any:
        try:
            while True:
                if self._cancel.is_set():
                    gen.close()
                    raise Cancelled
                fraction, message = next(gen)
                self._emit("progress", self.generation, float(fraction), str(message))
        except StopIteration as stop:
            return stop.value


class TaskRunner(QObject):
    """Starts tasks by name; a newer task of the same name cancels and supersedes the older one.

    Signals carry the task name; results of superseded (stale) tasks are never emitted.
    """

    progress = Signal(str, float, str)  # name, fraction, message
    finished = Signal(str, object)  # name, result
    failed = Signal(str, object)  # name, exception
    cancelled = Signal(str)
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._generation = 0
        self._current: dict[str, Worker] = {}
        self._names: dict[int, str] = {}

    #: Run jobs inline on the calling thread (headless snapshots, the self-test): results arrive
    #: before ``start`` returns, with the same signals.
    synchronous = False

    def start(self, name: str, job: Job) -> int:
        if self.synchronous:
            return self._run_inline(name, job)
        old = self._current.get(name)
        if old is not None:
            old.cancel()
        self._generation += 1
        worker = Worker(job, self._generation, name)
        # Bound slots of this GUI-thread object: Qt queues the worker's signals onto the GUI thread.
        s = worker.signals
        s.progress.connect(self._on_progress)
        s.finished.connect(self._on_finished)
        s.failed.connect(self._on_failed)
        s.cancelled.connect(self._on_cancelled)
        self._names[self._generation] = name
        self._current[name] = worker
        if len(self._current) == 1:
            self.busyChanged.emit(True)
        self._pool.start(worker)
        return self._generation

    def _run_inline(self, name: str, job: Job) -> int:
        """Run ``job`` now; a bug is raised to the caller (a headless render must not go on half-drawn)."""
        self._generation += 1
        try:
            result = job()
            if isinstance(result, Generator):
                while True:
                    try:
                        fraction, message = next(result)
                    except StopIteration as stop:
                        result = stop.value
                        break
                    self.progress.emit(name, float(fraction), str(message))
        except Exception as err:
            if crash.is_bug(err):
                raise
            self.failed.emit(name, err)
        else:
            self.finished.emit(name, result)
        return self._generation

    def cancel(self, name: str | None = None) -> None:
        for key, worker in list(self._current.items()):
            if name is None or key == name:
                worker.cancel()

    def is_busy(self, name: str | None = None) -> bool:
        return bool(self._current) if name is None else name in self._current

    def _on_progress(self, generation: int, fraction: float, message: str) -> None:
        name = self._names.get(generation, "")
        if self._is_current(name, generation):
            self.progress.emit(name, fraction, message)

    def _on_finished(self, generation: int, result: object) -> None:
        worker = self._current.get(self._names.get(generation, ""))
        if worker is not None and worker.generation == generation and worker.is_cancelled:
            self._on_cancelled(generation)  # done before it saw the cancel: the user asked for no result
            return
        name = self._done(generation)
        if name is not None:
            self.finished.emit(name, result)

    def _on_failed(self, generation: int, error: object) -> None:
        name = self._done(generation)
        if name is None:
            return
        self.failed.emit(name, error)
        if isinstance(error, Exception) and crash.is_bug(error):
            crash.report(error, f"running the background task '{name}'", getattr(error, "__crash_report__", None))

    def _on_cancelled(self, generation: int) -> None:
        name = self._done(generation)
        if name is not None:
            self.cancelled.emit(name)

    def _is_current(self, name: str, generation: int) -> bool:
        w = self._current.get(name)
        return w is not None and w.generation == generation

    def _done(self, generation: int) -> str | None:
        """The task's name if it is still current (and now finished), None if it was stale."""
        name = self._names.pop(generation, "")
        if not self._is_current(name, generation):
            return None
        del self._current[name]
        if not self._current:
            self.busyChanged.emit(False)
        return name
