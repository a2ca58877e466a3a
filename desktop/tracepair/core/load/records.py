"""JSON values to the records of an output set, one at a time, and the checks on a whole set.

Each value (a JSONL line, an item of a JSON array) is checked to be an object no deeper than
``MAX_DEPTH`` and turned into a ``Record``; a problem is named with where it is ("JSONL line 7",
"item 3 of the JSON array"). Prompt texts and model names repeat across records: one string is
kept for each, so a big set costs its answers, not its prompts.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tracepair.core.load.envelopes import NAMES as WRAPPER_SHAPES
from tracepair.core.load.fields import NO_FIELDS, ROLES, FieldMap, UnmappedRecord, json_kind
from tracepair.core.load.recognise import read_record
from tracepair.core.load.shapes import TEXT_FIELDS, NoTextField, Unrecognised, metadata
from tracepair.core.model import LoadError, Record, Source

#: What ``load`` takes as ``fields``: a ``FieldMap``, or a function that picks one (or None) from the
#: file's first record (the window's remembered choices, per shape of record).
Fields = FieldMap | Callable[[dict[str, Any]], FieldMap | None] | None
#: Shapes a set is named by when every record has it (conversations as well as tools' wrappers).
NAMED_SHAPES = (*WRAPPER_SHAPES, "sharegpt", "chat-messages")

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


def json_error(err: json.JSONDecodeError) -> str:
    return f"malformed JSON at line {err.lineno}, column {err.colno}: {err.msg}"


class RecordSet:
    """Records collected from JSON values, for one file."""

    def __init__(self, path: Path, fmt: str, fields: Fields = None) -> None:
        self.path = path
        self.format = fmt
        self.records: list[Record] = []
        self.notes: list[str] = []
        self.bom_lines = 0
        #: The model every record is by, when the file says so once (an Inspect log's header); a
        #: ``--field model=`` path still wins.
        self.file_model: str | None = None
        self._shared: dict[str, str] = {}
        self._choose = fields if callable(fields) else None
        self.fields: FieldMap = fields if isinstance(fields, FieldMap) else NO_FIELDS
        self._shapes: Counter[str] = Counter()
        self._missing: Counter[str] = Counter()
        self._first_missing: dict[str, str] = {}
        self._read = 0  # objects read (records, plus lines repeating one)
        self._repeats: dict[str, str] = {}  # lm-eval: key -> text, to drop a document logged per filter
        self._repeated = 0
        self._keys: set[str] = set()  # the top-level fields of the records read with text
        self._partial: list[str] = []  # where records missing their text field are (as API failures leave them)

    def add(self, obj: Any, label: str) -> None:
        """Add the record in ``obj``; ``label`` says where it is, for the message if it is not one."""
        if not isinstance(obj, dict):
            raise LoadError(self.path, f"{label} is a JSON {json_kind(obj)}, not an object")
        if self._choose is not None:  # the first record decides the fields of the file
            choose, self._choose = self._choose, None
            self.fields = choose(obj) or NO_FIELDS
        self._read += 1
        try:
            record, shape, missing = read_record(obj, len(self.records), self.fields)
        except NoTextField as err:
            if not self.records or not obj.keys() <= self._keys or obj.keys() & TEXT_FIELDS:
                raise UnmappedRecord(self.path, f"{label}: {err}", obj) from err
            # Only fields the other records have, and none that holds text: a partial record (a failed API call
            # left no output), read as empty. A record with fields of its own holds its text elsewhere.
            self._partial.append(label)
            self.records.append(metadata(obj, len(self.records)))
            return
        except Unrecognised as err:
            raise LoadError(self.path, f"{label}: {err}") from err
        self._keys.update(obj.keys())
        for role, why in missing.items():
            self._missing[role] += 1
            self._first_missing.setdefault(role, f"{label}: {why}")
        if shape == "lm-eval-samples" and self._repeat(record):
            return
        self._shapes[shape] += 1
        model = record.model if self.fields.model else (self.file_model or record.model)
        if record.prompt is not None or model is not None:
            shared = self._shared
            record = Record(
                trace=record.trace, prompt_id=record.prompt_id, sample=record.sample,
                prompt=None if record.prompt is None else shared.setdefault(record.prompt, record.prompt),
                model=None if model is None else shared.setdefault(model, model),
            )
        self.records.append(record)

    def _repeat(self, record: Record) -> bool:
        """Whether ``record`` repeats one already read: lm-evaluation-harness logs a document once per
        filter (strict-match, flexible-extract), each line with the same generation."""
        seen = self._repeats.get(record.key)
        if seen is None:
            self._repeats[record.key] = record.trace.text
            return False
        if seen != record.trace.text:
            return False
        self._repeated += 1
        return True

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
        if self._partial:
            notes.append(f"{len(self._partial):,} record(s) have no text field at all, only the other records' "
                         f"other fields (first: {self._partial[0]}): read as empty, as failed API calls leave them")
        notes.extend(self._field_notes())
        if self._repeated:
            notes.append(f"{self._repeated:,} line(s) repeat a document already read (lm-evaluation-harness logs "
                         "one line per filter, with the same generation): read once")
        if self.bom_lines:
            notes.append(f"{self.bom_lines:,} line(s) began with a byte-order mark (files joined together?): "
                         "the marks were ignored")
        keys = [r.key for r in self.records]
        if len(set(keys)) != len(keys):
            notes.append("some prompt ids repeat: records are paired by the first of each")
        shapes = list(self._shapes)
        return Source(path=self.path, kind="set", format=self.format, encoding=encoding,
                      records=self.records, notes=notes,
                      record_shape=shapes[0] if len(shapes) == 1 and shapes[0] in NAMED_SHAPES else None)

    def _field_notes(self) -> list[str]:
        """What the user's ``--field`` paths found: a path found in no record is an error."""
        if not self.fields:
            return []
        notes = [self.fields.note()]
        for role in ROLES:
            n = self._missing[role]
            if not n:
                continue
            where = f"--field {role}={getattr(self.fields, role)}"
            if n >= self._read:
                raise LoadError(self.path, f"{where}: not found in any record ({self._first_missing[role]})")
            notes.append(f"{where}: not found in {n:,} of {self._read:,} records, read as Tracepair finds them "
                         f"unaided, or left empty (first: {self._first_missing[role]})")
        return notes
