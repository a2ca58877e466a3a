"""Load a file the user names into a ``Source``: detect the format by content, not only extension.

``iter_load`` reads in chunks and yields ``(fraction of the bytes read, message)``, so the window
shows progress and can cancel between chunks; ``load`` runs it to the end. UTF-8 JSONL files and
JSON arrays of records (the big ones) are parsed as they are read (``streams``); anything else is
read whole and then decoded and parsed.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Generator
from pathlib import Path
from typing import Any

from tracepair.core.load.encoding import NotText, decode, sniff
from tracepair.core.load.fields import NO_FIELDS, FieldMap, UnmappedRecord, json_kind
from tracepair.core.load.files import InputFile
from tracepair.core.load.inspect_logs import ZIP_MAGIC, from_json_log, is_inspect_log, read_eval_archive
from tracepair.core.load.parquet import PARQUET_MAGIC, read_parquet
from tracepair.core.load.recognise import record_of
from tracepair.core.load.records import (
    Fields,
    RecordSet,
    depth_problem,
    json_error,
    line_column,
    too_deep,
)
from tracepair.core.load.shapes import NoTextField, Unrecognised, trace_of
from tracepair.core.load.streams import MAX_LINE, NotUtf8, first_line_object, stream_array, stream_jsonl
from tracepair.core.load.think_tags import has_think_tags, split_think
from tracepair.core.model import LoadError, Progress, Record, Source, Trace, finish

JSON_EXTENSIONS = {".json", ".jsonl", ".ndjson"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson"}
#: Keys under which a JSON document may keep its list of records.
LIST_KEYS = ("records", "data", "results", "samples", "outputs", "responses", "items", "rows")
MARKDOWN_EXTENSIONS = {".md", ".markdown"}
_BOM = b"\xef\xbb\xbf"
JSONL_IN_JSON = "named .json but holds JSON Lines (one record a line): read as JSONL"


def load(path: str | Path, fields: Fields = None) -> Source:
    """Read ``path`` (never modifying it) and return what it holds.

    ``fields`` says where the text is when Tracepair cannot tell (a ``FieldMap`` of dotted paths),
    or is a function that picks a ``FieldMap`` from the file's first record. Raises ``LoadError``
    with a one-line message naming the file and the problem (``UnmappedRecord`` for a record with
    no text field Tracepair knows).
    """
    return finish(iter_load(path, fields))


def iter_load(path: str | Path, fields: Fields = None) -> Generator[Progress, None, Source]:
    """``load`` as a progress generator: yields ``(fraction of the file read, message)``."""
    path = Path(path)
    with InputFile(path) as f:
        try:
            source = yield from _read(f, fields)
        except LoadError as err:
            change = f.change()
            if change:
                raise LoadError(path, change) from err
            raise
        f.check_unchanged()
        source.size, source.sha256 = f.size, f.sha256
    _check_text(source)
    return source


class _Enough(Exception):
    """The first record has been seen: ``first_record`` stops reading there."""


def first_record(path: str | Path) -> dict[str, Any] | None:
    """The first record (JSON object) of ``path``, as the file holds it; None for a file of text, or
    one that cannot be read. What the window's field-mapping dialog shows."""
    seen: list[dict[str, Any]] = []

    def grab(obj: dict[str, Any]) -> FieldMap:
        seen.append(obj)
        raise _Enough

    with contextlib.suppress(_Enough, LoadError):
        finish(iter_load(path, grab))
    return seen[0] if seen else None


def _read(f: InputFile, fields: Fields) -> Generator[Progress, None, Source]:
    """What ``f`` holds: streamed if it is UTF-8 JSONL or a JSON array, else read whole and parsed."""
    head = yield from _head(f)
    if head.startswith(ZIP_MAGIC):  # an Inspect .eval log
        return (yield from read_eval_archive(f, head, fields))
    if head.startswith(PARQUET_MAGIC):
        return (yield from read_parquet(f, head, fields))
    try:
        how = sniff(head, complete=f.at_end)
    except NotText as err:
        raise LoadError(f.path, str(err)) from err
    if how == "utf-8":
        # A byte further on that is not UTF-8 stops the stream: the whole file then decides.
        with contextlib.suppress(NotUtf8):
            source = yield from _stream(f, head, fields)
            if source is not None:
                return source
        f.restart()
        head = b""
    data = yield from f.read_rest(head)
    f.check_unchanged()  # before parsing: a file cut short would parse as a broken one
    return _parse_bytes(f.path, data, fields)


def _head(f: InputFile) -> Generator[Progress, None, bytes]:
    """The first chunk, or more until there is something other than white space (or the end)."""
    head = bytearray(f.read_chunk())
    blank = not head.strip()
    while blank and not f.at_end:
        chunk = f.read_chunk()
        head += chunk
        blank = not chunk.strip()
        yield f.progress()
    if not head:
        raise LoadError(f.path, "is empty")
    if blank:
        raise LoadError(f.path, "contains only white space")
    return bytes(head)


def _stream(f: InputFile, head: bytes, fields: Fields) -> Generator[Progress, None, Source | None]:
    """Stream a UTF-8 JSONL file or JSON array as it is read; None for anything else (read whole)."""
    encoding = "utf-8"
    if head.startswith(_BOM):
        head, encoding = head[len(_BOM) :], "utf-8 (BOM)"
    first = head.lstrip()[:1]
    suffix = f.path.suffix.lower()
    if first == b"{":
        head = yield from _first_line(f, head)
        line_end = head.find(b"\n")
        if line_end < 0 or not head[line_end:].strip() or not first_line_object(head[:line_end]):
            return None  # one JSON document (or a broken first line): parsed whole
        records = RecordSet(f.path, "jsonl", fields)
        if suffix == ".json":
            records.notes.append(JSONL_IN_JSON)
        yield from stream_jsonl(f, head, records)
        return records.source(encoding)
    if first == b"[":
        records = RecordSet(f.path, "json-records", fields)
        if suffix in JSONL_EXTENSIONS:
            records.notes.append(_document_note(suffix))
        try:
            yield from stream_array(f, head, records)
        except LoadError:
            if suffix in JSON_EXTENSIONS:
                raise
            return None  # not JSON after all: a Markdown file may start with a [link]
        return records.source(encoding)
    return None


def _first_line(f: InputFile, head: bytes) -> Generator[Progress, None, bytes]:
    """``head`` read on until its first line has ended and something follows (or the file ends)."""
    buf = bytearray(head)
    end = buf.find(b"\n")
    while not f.at_end and len(buf) <= MAX_LINE:
        if end >= 0 and buf[end:].strip():
            break
        searched = len(buf)
        buf += f.read_chunk()
        if end < 0:
            end = buf.find(b"\n", searched)
        yield f.progress()
    return bytes(buf)


def _document_note(suffix: str) -> str:
    return f"named {suffix} but holds one JSON document, not one record a line: read as JSON"


# -- whole files ------------------------------------------------------------------------------------
def _parse_bytes(path: Path, data: bytearray, fields: Fields) -> Source:
    try:
        text, encoding = decode(data)
    except NotText as err:
        raise LoadError(path, str(err)) from err
    except (UnicodeDecodeError, LookupError) as err:
        raise LoadError(path, f"could not be decoded as text ({err})") from err
    del data
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise LoadError(path, "contains only white space")
    return _parse(path, text, encoding, fields)


def _parse(path: Path, text: str, encoding: str, fields: Fields) -> Source:
    suffix = path.suffix.lower()
    head = text.lstrip()[:1]
    if suffix in JSON_EXTENSIONS or head == "{":
        return _parse_json(path, text, encoding, fields)
    if head == "[":  # a Markdown link also starts with '[': only call it JSON if it parses
        try:
            return _parse_json(path, text, encoding, fields)
        except LoadError:
            pass
    if has_think_tags(text):
        trace, fmt = split_think(text), "think-tags"
    else:
        trace = Trace(answer=text.strip())
        fmt = "markdown" if suffix in MARKDOWN_EXTENSIONS or _looks_like_markdown(text) else "text"
    notes = ["--field is for JSON records; this file is text: ignored"] if isinstance(fields, FieldMap) and fields \
        else []
    return Source(path=path, kind="trace", format=fmt, encoding=encoding, records=[Record(trace=trace)], notes=notes)


def _looks_like_markdown(text: str) -> bool:
    lines = text.splitlines()[:200]
    marks = sum(1 for ln in lines if ln.startswith(("# ", "## ", "### ", "- ", "* ", "```", "> ")) or "**" in ln)
    return marks >= 3


def _parse_json(path: Path, text: str, encoding: str, fields: Fields) -> Source:
    deep = too_deep(text)
    if deep is not None:
        line, column = line_column(text, deep)
        raise LoadError(path, depth_problem(f"line {line:,}, column {column:,}"))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as whole_err:
        first_line = text.lstrip().split("\n", 1)[0]
        if "\n" in text.strip() and first_line_object(first_line.encode("utf-8", "surrogatepass")):
            records = RecordSet(path, "jsonl", fields)
            if path.suffix.lower() == ".json":
                records.notes.append(JSONL_IN_JSON)
            for lineno, line in enumerate(text.split("\n"), start=1):
                records.add_jsonl_line(line, lineno)
            return records.source(encoding)
        raise LoadError(path, json_error(whole_err)) from whole_err
    source = _from_document(path, doc, encoding, fields)
    suffix = path.suffix.lower()
    if suffix in JSONL_EXTENSIONS and (isinstance(doc, list) or "\n" in text.strip()):
        source.notes.insert(0, _document_note(suffix))
    return source


def _from_document(path: Path, doc: Any, encoding: str, fields: Fields) -> Source:
    if is_inspect_log(doc):
        return from_json_log(path, doc, encoding, fields)
    if isinstance(doc, list):
        if not doc:
            raise LoadError(path, "is an empty JSON array: no records")
        records = RecordSet(path, "json-records", fields)
        for i, item in enumerate(doc, start=1):
            records.add(item, f"item {i:,} of the JSON array")
        return records.source(encoding)
    if not isinstance(doc, dict):
        raise LoadError(path, f"is a JSON {json_kind(doc)}, not an object or a list of records")
    for key in LIST_KEYS:
        value = doc.get(key)
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            records = RecordSet(path, "json-records", fields)
            for i, item in enumerate(value, start=1):
                records.add(item, f"item {i:,} of '{key}'")
            return records.source(encoding)
    chosen = fields(doc) if callable(fields) else fields
    chosen = chosen or NO_FIELDS
    try:
        record, fmt = record_of(doc, 0, chosen)
    except NoTextField as err:
        raise UnmappedRecord(path, str(err), doc) from err
    except Unrecognised as err:
        raise LoadError(path, str(err)) from err
    notes = [chosen.note()] if chosen else []
    return Source(path=path, kind="trace", format=fmt, encoding=encoding, records=[record], notes=notes)


# -- every file -------------------------------------------------------------------------------------
def _check_text(source: Source) -> None:
    """A file with no text at all is an error; a set with some empty records says how many."""
    empty = sum(1 for r in source.records if r.trace.empty)
    if not empty:
        return
    n = len(source.records)
    if empty == n:
        if source.kind == "set":
            raise LoadError(source.path, f"all {n:,} records are empty (their text fields are empty or null): "
                            "nothing to show or compare")
        why = "its <think> tags are empty" if source.format == "think-tags" else "its text fields are empty or null"
        raise LoadError(source.path, f"has no text ({why})")
    source.notes.append(f"{empty:,} of {n:,} records are empty (no text: an API failure or a refusal?)")


__all__ = ["first_record", "iter_load", "load", "trace_of"]
