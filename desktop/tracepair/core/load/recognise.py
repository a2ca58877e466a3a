"""One JSON object to one ``Record``: a tool's wrapper (``envelopes``) or a response or record Tracepair
knows (``shapes``), with what the user's ``FieldMap`` says taking precedence over what is found.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, NamedTuple

from tracepair.core.load.envelopes import envelope_of
from tracepair.core.load.fields import NO_FIELDS, FieldMap, PathMissing, resolve
from tracepair.core.load.shapes import (
    REASONING_FIELDS,
    Unrecognised,
    finish_trace,
    first_user_text,
    metadata,
    plain_record,
    text_field,
    text_of,
    trace_of,
)
from tracepair.core.model import Record


class Read(NamedTuple):
    record: Record
    #: The shape recognised ("openai-batch", "record", "chat-completion", …; "fields" when mapped).
    shape: str
    #: Roles whose path led nowhere in this object, and where it stopped.
    missing: dict[str, str]


def read_record(obj: dict[str, Any], position: int, fields: FieldMap = NO_FIELDS) -> Read:
    """The record in ``obj`` (``position``, 0-based, stands in for a missing prompt id).

    Raises ``Unrecognised`` (``NoTextField`` when no text field is known and none was mapped) or,
    for a mapped path that holds something other than text, ``Unrecognised`` naming the path.
    """
    if not fields.maps_text:
        record, shape = _found(obj, position)
        if not fields:
            return Read(record, shape, {})
        return _mapped_metadata(obj, record, shape, fields, {})
    missing: dict[str, str] = {}
    try:
        base, shape = _found(obj, position)
        found = True
    except Unrecognised:
        base, shape, found = metadata(obj, position), "fields", False
    answer_r, answer = _mapped_text(obj, "output", fields.output, missing)
    if fields.output is None:
        answer = base.trace.answer
    if fields.reasoning is not None:
        mapped_r, mapped_a = _mapped_text(obj, "reasoning", fields.reasoning, missing)
        reasoning = "\n\n".join(t for t in (mapped_r, mapped_a) if t.strip())
    else:
        reasoning = answer_r or _top_reasoning(obj)
    text_roles = [r for r in ("output", "reasoning") if getattr(fields, r) is not None]
    if found and all(r in missing for r in text_roles):
        return _mapped_metadata(obj, base, shape, fields, missing)  # a record of another shape: read unaided
    record = replace(base, trace=finish_trace(reasoning, answer))
    return _mapped_metadata(obj, record, "fields", fields, missing)


def record_of(obj: dict[str, Any], position: int, fields: FieldMap = NO_FIELDS) -> tuple[Record, str]:
    """The record in one JSON object and its shape; a mapped path that leads nowhere is an error here
    (``Unrecognised``): one object, so nothing else could hold it."""
    read = read_record(obj, position, fields)
    if read.missing:
        role, why = next(iter(read.missing.items()))
        raise Unrecognised(f"--field {role}={getattr(fields, role)}: {why}")
    return read.record, read.shape


def _found(obj: dict[str, Any], position: int) -> tuple[Record, str]:
    wrapped = envelope_of(obj, position)
    return wrapped if wrapped is not None else plain_record(obj, position)


def _mapped_text(obj: dict[str, Any], role: str, path: str | None, missing: dict[str, str]) -> tuple[str, str]:
    if path is None:
        return "", ""
    try:
        value = resolve(obj, path)
    except PathMissing as err:
        missing[role] = str(err)
        return "", ""
    return text_of(path, value)  # a number or a boolean there raises Unrecognised naming the path


def _top_reasoning(obj: dict[str, Any]) -> str:
    """Reasoning in the record's usual fields, when only the output was mapped."""
    try:
        found = text_field(obj, REASONING_FIELDS)
        if found is None:
            return ""
        r, a = text_of(*found)
    except Unrecognised:
        return ""
    return r or a


def _mapped_metadata(obj: dict[str, Any], record: Record, shape: str, fields: FieldMap,
                     missing: dict[str, str]) -> Read:
    changes: dict[str, Any] = {}
    for role, attr in (("prompt", "prompt"), ("id", "prompt_id"), ("model", "model")):
        path = getattr(fields, role)
        if path is None:
            continue
        try:
            value = resolve(obj, path)
        except PathMissing as err:
            missing[role] = str(err)
            continue
        found = _metadata_value(role, path, value)
        if found is not None or role != "id":  # an id that is null: the record keeps its own
            changes[attr] = found
    return Read(replace(record, **changes) if changes else record, shape, missing)


def _metadata_value(role: str, path: str, value: Any) -> str | None:
    if value is None:
        return None
    if role == "prompt":
        if isinstance(value, list):  # a conversation: its first user turn
            return first_user_text(value)
        if isinstance(value, dict):
            try:
                return trace_of(value)[0].answer or None
            except Unrecognised:
                return None
    if isinstance(value, dict | list | bool):
        kind = "an object" if isinstance(value, dict) else "an array" if isinstance(value, list) else "a boolean"
        raise Unrecognised(f"--field {role}={path} holds {kind}, not {'an id' if role == 'id' else 'text'}")
    text = str(value)
    return text if text.strip() else None
