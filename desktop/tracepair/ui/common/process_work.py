"""CPU-bound core work in a second process, so it uses the other core instead of sharing one
interpreter (and its lock) with the comparison the user is waiting for and with the window.

``in_process(fn, *args)`` is itself a progress generator, so ``TaskRunner`` runs it like any other
job: it hands ``fn(*args)`` (a core progress generator) to a warm worker process, passes on the
progress the process reports, and returns its result. Cancelling (closing the generator) stops the
process; the next job starts a new one. Arguments and results travel by pickle, so ``fn`` must be a
top-level function and its inputs and result plain data (Sources, reports).

The worker is started with "spawn" on every system (a forked Qt process is unsafe), lazily and once
per application, and warms up (imports core, loads the word lists) while it waits for its first job.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing as mp
import pickle
import threading
import traceback
from collections.abc import Callable, Generator
from multiprocessing.connection import Connection
from typing import Any

from tracepair.core.model import Progress

#: How often a waiting job looks at the pipe, so a cancel is noticed within this many seconds.
POLL_SECONDS = 0.05


class WorkerDied(RuntimeError):
    """The worker process ended without an answer (killed, out of memory, crashed)."""


def _warm_up() -> None:
    # What the jobs need, loaded while the user is still picking files.
    import tracepair.core.idioms  # noqa: F401
    from tracepair.core.idioms.measures import Baseline

    Baseline("en").word("the")


def _serve(conn: Connection) -> None:
    """The worker's loop: one job at a time, progress and the result sent back on ``conn``."""
    with contextlib.suppress(Exception):  # a job will report the real problem
        _warm_up()
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            gen = fn(*args)
            if not isinstance(gen, Generator):  # a plain function: its value is the result
                conn.send(("done", gen))
                continue
            while True:
                try:
                    item = next(gen)
                except StopIteration as done:
                    conn.send(("done", done.value))
                    break
                conn.send(("progress", item))
        except Exception as err:
            text = traceback.format_exc()
            try:
                pickle.loads(pickle.dumps(err))  # the caller gets the very exception (a LoadError stays one)
            except Exception:
                err = RuntimeError(f"{type(err).__name__}: {err}")
            conn.send(("error", (err, text)))


class _Worker:
    """One worker process and its end of the pipe."""

    def __init__(self) -> None:
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child,), name="tracepair-worker", daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=2)
        self.conn.close()


_lock = threading.Lock()
_idle: _Worker | None = None


def _take() -> _Worker:
    global _idle
    with _lock:
        worker, _idle = _idle, None
    if worker is None or not worker.process.is_alive():
        worker = _Worker()
    return worker


def _give_back(worker: _Worker) -> None:
    global _idle
    with _lock:
        if _idle is None:
            _idle, worker = worker, None
    if worker is not None:  # another job finished first and its worker waits: one idle worker is enough
        worker.stop()


def start_worker() -> None:
    """Start the worker now (it warms up in the background), so the first job does not wait for it."""
    _give_back(_take())


@atexit.register
def _shutdown() -> None:
    global _idle
    with _lock:
        worker, _idle = _idle, None
    if worker is not None:
        worker.stop()


def in_process(fn: Callable[..., Generator[Any, None, Any]], *args: Any) -> Generator[Progress, None, Any]:
    """Run the progress generator ``fn(*args)`` in the worker process (see the module docstring)."""
    worker = _take()
    last: Progress = (0.0, "starting")
    finished = False
    try:
        worker.conn.send((fn, args))
        while True:
            if not worker.conn.poll(POLL_SECONDS):
                if not worker.process.is_alive():
                    raise WorkerDied(f"the worker process ended (exit code {worker.process.exitcode})")
                yield last  # lets the caller notice a cancel between the worker's own reports
                continue
            try:
                kind, payload = worker.conn.recv()
            except (EOFError, OSError) as err:
                raise WorkerDied("the worker process ended without an answer") from err
            if kind == "progress":
                last = payload
                yield payload
            elif kind == "done":
                finished = True
                return payload
            else:
                finished = True
                error, text = payload
                error.remote_traceback = text  # for the log: where in the worker it failed
                raise error
    finally:
        if finished:
            _give_back(worker)
        else:  # cancelled or broken half-way: the process may still be busy, so it goes
            worker.stop()
