"""Load a file the user names into a ``Source``: detect the format by content, not only extension."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from tracepair.core.load.encoding import NotText, decode
from tracepair.core.load.shapes import Unrecognised, record_of, trace_of
from tracepair.core.load.think_tags import has_think_tags, split_think
from tracepair.core.model import LoadError, Record, Source, Trace

JSON_EXTENSIONS = {".json", ".jsonl", ".ndjson"}
#: Keys under which a JSON document may keep its list of records.
LIST_KEYS = ("records", "data", "results", "samples", "outputs", "responses", "items", "rows")
MARKDOWN_EXTENSIONS = {".md", ".markdown"}


def load(path: str | Path) -> Source:
    """Read ``path`` (never modifying it) and return what it holds.

    Raises ``LoadError`` with a one-line message naming the file and the problem.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError as err:
        raise LoadError(path, "is a folder, not a file") from err
    except FileNotFoundError as err:
        raise LoadError(path, "no such file") from err
    except PermissionError as err:
        raise LoadError(path, "cannot be read (permission denied)") from err
    except OSError as err:
        raise LoadError(path, f"cannot be read ({err.strerror or err})") from err
    if not data.strip():
        raise LoadError(path, "is empty" if not data else "contains only white space")
    try:
        text, encoding = decode(data)
    except NotText as err:
        raise LoadError(path, str(err)) from err
    except (UnicodeDecodeError, LookupError) as err:
        raise LoadError(path, f"could not be decoded as text ({err})") from err
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise LoadError(path, "contains only white space")
    source = _parse(path, text, encoding)
    source.size = len(data)
    source.sha256 = hashlib.sha256(data).hexdigest()
    return source


def _looks_like_json(path: Path, text: str) -> bool:
    if path.suffix.lower() in JSON_EXTENSIONS:
        return True
    head = text.lstrip()[:1]
    if head == "{":
        return True
    if head == "[":  # a Markdown link also starts with '[': only call it JSON if it parses
        try:
            json.loads(text)
        except ValueError:
            return False
        return True
    return False


def _parse(path: Path, text: str, encoding: str) -> Source:
    if _looks_like_json(path, text):
        return _parse_json(path, text, encoding)
    if has_think_tags(text):
        trace, fmt = split_think(text), "think-tags"
    else:
        trace = Trace(answer=text.strip())
        fmt = "markdown" if path.suffix.lower() in MARKDOWN_EXTENSIONS or _looks_like_markdown(text) else "text"
    return Source(path=path, kind="trace", format=fmt, encoding=encoding, records=[Record(trace=trace)])


def _looks_like_markdown(text: str) -> bool:
    lines = text.splitlines()[:200]
    marks = sum(1 for ln in lines if ln.startswith(("# ", "## ", "### ", "- ", "* ", "```", "> ")) or "**" in ln)
    return marks >= 3


def _json_error(err: json.JSONDecodeError, line_offset: int = 0) -> str:
    return f"malformed JSON at line {err.lineno + line_offset}, column {err.colno}: {err.msg}"


def _parse_json(path: Path, text: str, encoding: str) -> Source:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as whole_err:
        first_line = text.lstrip().split("\n", 1)[0]
        if "\n" in text.strip() and _is_json_object(first_line):
            return _parse_jsonl(path, text, encoding)
        raise LoadError(path, _json_error(whole_err)) from whole_err
    return _from_document(path, doc, encoding)


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _parse_jsonl(path: Path, text: str, encoding: str) -> Source:
    objects: list[tuple[int, Any]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            raise LoadError(path, f"JSONL line {lineno}, column {err.colno}: malformed JSON: {err.msg}") from err
        if not isinstance(value, dict):
            raise LoadError(path, f"JSONL line {lineno} is a JSON {_json_type(value)}, not an object")
        objects.append((lineno, value))
    return _records_source(path, objects, encoding, "jsonl")


def _json_type(value: Any) -> str:
    return {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(value), "null" if value is None else type(value).__name__
    )


def _from_document(path: Path, doc: Any, encoding: str) -> Source:
    if isinstance(doc, list):
        items = list(enumerate(doc, start=1))
        for i, item in items:
            if not isinstance(item, dict):
                raise LoadError(path, f"item {i} of the JSON array is a {_json_type(item)}, not an object")
        if not items:
            raise LoadError(path, "is an empty JSON array: no records")
        return _records_source(path, items, encoding, "json-records", item_word="item")
    if not isinstance(doc, dict):
        raise LoadError(path, f"is a JSON {_json_type(doc)}, not an object or a list of records")
    for key in LIST_KEYS:
        value = doc.get(key)
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return _records_source(
                path, list(enumerate(value, start=1)), encoding, "json-records", item_word=f"item of '{key}'"
            )
    try:
        record, fmt = record_of(doc, 0)
    except Unrecognised as err:
        raise LoadError(path, str(err)) from err
    return Source(path=path, kind="trace", format=fmt, encoding=encoding, records=[record])


def _records_source(
    path: Path, items: list[tuple[int, Any]], encoding: str, fmt: str, item_word: str = "line"
) -> Source:
    records: list[Record] = []
    for position, (where, obj) in enumerate(items):
        try:
            record, _shape = record_of(obj, position)
        except Unrecognised as err:
            label = f"JSONL line {where}" if item_word == "line" else f"{item_word} {where}"
            raise LoadError(path, f"{label}: {err}") from err
        records.append(record)
    notes = []
    keys = [r.key for r in records]
    if len(set(keys)) != len(keys):
        notes.append("some prompt ids repeat: records are paired by the first of each")
    return Source(path=path, kind="set", format=fmt, encoding=encoding, records=records, notes=notes)


__all__ = ["load", "trace_of"]
