"""The shared vocabulary of core: what a user loads (traces, records, output sets), the load error,
and the shape of long work (a generator that yields progress and returns its result)."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, TypeVar

T = TypeVar("T")
#: Progress of long work: ``(fraction done in [0, 1], what is being done)``.
Progress = tuple[float, str]

#: Placed between the reasoning and the answer in ``Trace.text``.
PART_SEPARATOR = "\n\n"


class BadInput(Exception):
    """Input the user can fix (a file, two files that cannot be compared, an option): reported as one
    line, never as a bug (the CLI exits 2)."""


class LoadError(BadInput):
    """Input that cannot be read. ``str(err)`` is one line naming the file and the problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(_one_line(f"{self.path.name}: {problem}"))

    def __reduce__(self) -> tuple:
        return type(self), (self.path, self.problem)  # pickles whole (work done in another process)


def _one_line(text: str) -> str:
    """``text`` with line breaks and other control characters written as escapes (``\\n``): a file
    name or a JSON key may hold them, and a message must stay one line."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text)


@dataclass(frozen=True)
class Trace:
    """One model response: its reasoning (may be empty) and its answer (may be empty).

    ``text`` is the canonical character sequence every span in Tracepair refers to:
    the reasoning, then ``PART_SEPARATOR`` (only when both parts are non-empty),
    then the answer.
    """

    reasoning: str = ""
    answer: str = ""
    #: "raw" or "summary" when the source says which kind of reasoning it holds, else None.
    reasoning_kind: str | None = None

    @cached_property
    def text(self) -> str:
        if self.reasoning and self.answer:
            return self.reasoning + PART_SEPARATOR + self.answer
        return self.reasoning or self.answer

    @property
    def answer_start(self) -> int:
        """Offset in ``text`` where the answer begins (== len(text) when there is none)."""
        if not self.answer:
            return len(self.text)
        return len(self.text) - len(self.answer)

    @property
    def reasoning_end(self) -> int:
        return len(self.reasoning)

    def part_at(self, offset: int) -> Literal["reasoning", "answer"]:
        return "reasoning" if offset < self.reasoning_end else "answer"

    @property
    def empty(self) -> bool:
        """No text at all: real dumps hold such records where an API call failed or was refused."""
        return not self.reasoning.strip() and not self.answer.strip()


@dataclass(frozen=True)
class Record:
    """One response of an output set: what prompt it answers, which model wrote it, its trace."""

    trace: Trace
    prompt_id: str = ""
    prompt: str | None = None
    model: str | None = None
    #: Repeated samples of one prompt (e.g. misguided-attention's 0-2); None when absent.
    sample: int | None = None

    @property
    def key(self) -> str:
        """Join key used to pair the records of two output sets."""
        return self.prompt_id if self.sample is None else f"{self.prompt_id}#{self.sample}"


@dataclass
class Source:
    """A file the user loaded: a single trace (kind "trace") or an output set (kind "set")."""

    path: Path
    kind: Literal["trace", "set"]
    format: str
    encoding: str
    records: list[Record]
    size: int = 0
    sha256: str = ""
    notes: list[str] = field(default_factory=list)
    #: What wraps every record, when a tool's format was recognised ("openai-batch", "sharegpt", ...).
    record_shape: str | None = None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def trace(self) -> Trace:
        """The trace of a single-trace source (the first record of a set)."""
        return self.records[0].trace

    @property
    def models(self) -> list[str]:
        seen: dict[str, None] = {}
        for r in self.records:
            if r.model:
                seen.setdefault(r.model, None)
        return list(seen)

    def by_key(self) -> dict[str, Record]:
        return {r.key: r for r in self.records}


# --- long work ------------------------------------------------------------------------------------
# Core offers long work as generators that yield progress and return their result, so the window
# can show progress and cancel between yields, and the CLI and the Python API simply run them.


def finish(gen: Generator[Any, None, T]) -> T:
    """Run a progress generator to the end and return its result."""
    while True:
        try:
            next(gen)
        except StopIteration as done:
            return done.value


def scaled(gen: Generator[float, None, T], start: float, span: float) -> Generator[float, None, T]:
    """A sub-task's fractions passed on as ``start + span * fraction``; returns its result."""
    while True:
        try:
            fraction = next(gen)
        except StopIteration as done:
            return done.value
        yield start + span * fraction


def stage(
    gen: Generator[Progress | float, None, T], start: float, span: float, label: str | None = None
) -> Generator[Progress, None, T]:
    """A sub-task as one stage of a larger one: its progress rescaled into ``[start, start + span]``
    and labelled (``"label: message"`` when the sub-task says what it is doing); returns its result."""
    while True:
        try:
            item = next(gen)
        except StopIteration as done:
            return done.value
        if isinstance(item, tuple):
            fraction, message = item
            yield start + span * fraction, f"{label}: {message}" if label else message
        else:
            yield start + span * item, label or ""
