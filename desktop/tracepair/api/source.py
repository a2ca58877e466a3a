"""The API's ``Source``: the core object, with ``to_json()`` (the ``inspect --json`` contract) and
``to_frame()`` (one row per record)."""

from __future__ import annotations

from typing import Any, TypeVar

from tracepair.api.frames import frame
from tracepair.core import model
from tracepair.core.text.summary import summarise

T = TypeVar("T")


def adopt(obj: object, cls: type[T]) -> T:
    """``obj`` as an instance of ``cls``, a subclass of its class adding only methods: the same
    fields (the object is not copied deeply), so core and the API share one result."""
    assert isinstance(cls, type) and isinstance(obj, cls.__mro__[1])
    new = object.__new__(cls)
    new.__dict__.update(obj.__dict__)
    return new


class Source(model.Source):
    """A loaded file (``tracepair.core.model.Source``): ``records``, ``kind`` ("trace" or "set"),
    ``format``, ``models``, ``notes``; each record has a ``trace`` (``reasoning``, ``answer``)."""

    def to_json(self) -> dict[str, Any]:
        """What ``tracepair inspect --json`` prints for this file."""
        return summarise(self)

    def to_frame(self) -> Any:
        """One row per record: key, prompt_id, sample, model, prompt, reasoning, answer, empty."""
        columns = ["key", "prompt_id", "sample", "model", "prompt", "reasoning", "answer", "empty"]
        rows = [{"key": r.key, "prompt_id": r.prompt_id, "sample": r.sample, "model": r.model, "prompt": r.prompt,
                 "reasoning": r.trace.reasoning, "answer": r.trace.answer, "empty": r.trace.empty}
                for r in self.records]
        return frame(rows, columns)
