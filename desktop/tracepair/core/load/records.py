"""JSON values to the records of an output set, one at a time, and the checks on a whole set.

Each value (a JSONL line, an item of a JSON array) is checked to be an object no deeper than
``MAX_DEPTH`` and turned into a ``Record``; a problem is named with where it is ("JSONL line 7",
"item 3 of the JSON array"). Prompt texts and model names repeat across records: one string is
kept for each, so a big set costs its answers, not its prompts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tracepair.core.load.shapes import Unrecognised, record_of
from tracepair.core.model import LoadError, Record, Source

#: JSON nested deeper than this is refused: no trace or record needs it, and parsing it could
#: exhaust the stack.
MAX_DEPTH = 100

# Strings (skipped whole, so brackets inside them do not count) or a bracket.
_STRUCTURE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]')


def too_deep(text: str, start: int = 0, end: int | None = None, depth: int = 0) -> int | None:
    """Offset in ``text[start:end]`` where JSON nesting passes ``MAX_DEPTH``, or None; ``depth``: the
    levels already open at ``start``."""
    end = len(text) if end is None else end
    if depth + text.count("[", start, end) + text.count("{", start, end) <= MAX_DEPTH:
        return None  # the usual case, decided at C speed
    for m in _STRUCTURE.finditer(text, start, end):
        c = m.group()
        if c in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return m.start()
        elif c in "]}":
            depth -= 1
    return None


def depth_problem(where: str) -> str:
    return f"JSON nested more than {MAX_DEPTH} levels deep ({where})"


def line_column(text: str, at: int) -> tuple[int, int]:
    """(line, column), both from 1, of offset ``at`` in ``text``."""
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def json_type(value: Any) -> str:
    return {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(value), "null" if value is None else type(value).__name__
    )


def json_error(err: json.JSONDecodeError) -> str:
    return f"malformed JSON at line {err.lineno}, column {err.colno}: {err.msg}"


class RecordSet:
    """Records collected from JSON values, for one file."""

    def __init__(self, path: Path, fmt: str) -> None:
        self.path = path
        self.format = fmt
        self.records: list[Record] = []
        self.notes: list[str] = []
        self.bom_lines = 0
        self._shared: dict[str, str] = {}

    def add(self, obj: Any, label: str) -> None:
        """Add the record in ``obj``; ``label`` says where it is, for the message if it is not one."""
        if not isinstance(obj, dict):
            raise LoadError(self.path, f"{label} is a JSON {json_type(obj)}, not an object")
        try:
            record, _shape = record_of(obj, len(self.records))
        except Unrecognised as err:
            raise LoadError(self.path, f"{label}: {err}") from err
        if record.prompt is not None or record.model is not None:
            shared = self._shared
            record = Record(
                trace=record.trace, prompt_id=record.prompt_id, sample=record.sample,
                prompt=None if record.prompt is None else shared.setdefault(record.prompt, record.prompt),
                model=None if record.model is None else shared.setdefault(record.model, record.model),
            )
        self.records.append(record)

    def add_jsonl_line(self, line: str, lineno: int) -> None:
        """One line of a JSONL file (blank lines are skipped; a byte-order mark at its start is ignored)."""
        if line.startswith("\ufeff"):
            line = line[1:]
            if lineno > 1:
                self.bom_lines += 1
        if not line.strip():
            return
        deep = too_deep(line)
        if deep is not None:
            raise LoadError(self.path, f"JSONL line {lineno:,}: {depth_problem(f'column {deep + 1:,}')}")
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            raise LoadError(self.path, f"JSONL line {lineno}, column {err.colno}: malformed JSON: {err.msg}") from err
        self.add(value, f"JSONL line {lineno}")

    def source(self, encoding: str) -> Source:
        notes = list(self.notes)
        if self.bom_lines:
            notes.append(f"{self.bom_lines:,} line(s) began with a byte-order mark (files joined together?): "
                         "the marks were ignored")
        keys = [r.key for r in self.records]
        if len(set(keys)) != len(keys):
            notes.append("some prompt ids repeat: records are paired by the first of each")
        return Source(path=self.path, kind="set", format=self.format, encoding=encoding,
                      records=self.records, notes=notes)
