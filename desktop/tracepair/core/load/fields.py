"""Saying where the text is: a ``FieldMap`` names, per role (output, reasoning, prompt, id, model), a
dotted path into each record, such as ``response.body.choices.0.message.content``.

A path walks objects by key and arrays by index (``0`` the first item, ``-1`` the last; ``[0]`` is
read as ``.0``). A record where a path leads nowhere (a key that is not there, ``null`` on the way, an
index past the end) is read as Tracepair reads it unaided (a file may mix shapes), or else has
nothing for that role: a missing output then makes it an empty record, as an API failure does. A
path that leads nowhere in *every* record is a mistake, named by the reader in one line (see
``records.RecordSet``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from tracepair.core.model import BadInput, LoadError

#: The roles a path can be given for, in the order the CLI and the window list them.
ROLES = ("output", "reasoning", "prompt", "id", "model")
_INDEX = re.compile(r"\[(-?\d+)\]")


class FieldError(BadInput):
    """A ``--field`` that cannot be used (an unknown role, no path): one line, exit 2."""


class UnmappedRecord(LoadError):
    """A record with no text field Tracepair knows: ``record`` is that JSON object, so the window can
    offer its keys and paths to choose from (``--field`` on the command line)."""

    HINT = "; say where the text is with --field output=PATH"

    def __init__(self, path: Path | str, problem: str, record: dict[str, Any]) -> None:
        super().__init__(path, problem if problem.endswith(self.HINT) else problem + self.HINT)
        self.record = record

    def __reduce__(self) -> tuple:
        return type(self), (self.path, self.problem, self.record)


class PathMissing(LookupError):
    """A path that leads nowhere in one record; ``str()`` says where it stopped."""


@dataclass(frozen=True)
class FieldMap:
    """Where each part of a record is, as dotted paths; ``None``: found as Tracepair finds it unaided."""

    output: str | None = None
    reasoning: str | None = None
    prompt: str | None = None
    id: str | None = None
    model: str | None = None

    def __post_init__(self) -> None:
        for f in fields(self):
            path = getattr(self, f.name)
            if path is not None:
                object.__setattr__(self, f.name, _normalised(f.name, path))

    @classmethod
    def parse(cls, items: Iterable[str]) -> FieldMap:
        """From ``ROLE=PATH`` strings (the CLI's ``--field``); raises ``FieldError`` naming a bad one."""
        given: dict[str, str] = {}
        for item in items:
            role, eq, path = item.partition("=")
            role = role.strip().lower()
            if not eq:
                raise FieldError(f"--field {item}: write ROLE=PATH, e.g. output=choices.0.message.content")
            if role not in ROLES:
                raise FieldError(f"--field {item}: unknown role {role!r} (roles: {', '.join(ROLES)})")
            if role in given:
                raise FieldError(f"--field {role} is given twice ({given[role]} and {path.strip()})")
            given[role] = path
        return cls(**given)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FieldMap:
        """From ``{role: path}`` (the window's remembered choices); unknown roles are ignored."""
        return cls(**{r: str(p) for r, p in d.items() if r in ROLES and p})

    def to_dict(self) -> dict[str, str]:
        return {r: p for r in ROLES if (p := getattr(self, r)) is not None}

    @property
    def maps_text(self) -> bool:
        """Whether the output or the reasoning is mapped (the record's text is then read from them)."""
        return self.output is not None or self.reasoning is not None

    def __bool__(self) -> bool:
        return bool(self.to_dict())

    def __str__(self) -> str:
        return " ".join(f"--field {r}={p}" for r, p in self.to_dict().items())

    def note(self) -> str:
        """What a source says about the fields it was read with."""
        return "fields read where they were given: " + ", ".join(f"{r}={p}" for r, p in self.to_dict().items())


#: No mapping: every part found as Tracepair finds it unaided.
NO_FIELDS = FieldMap()


def _normalised(role: str, path: str) -> str:
    text = _INDEX.sub(r".\1", str(path).strip()).strip(".")
    if not text:
        raise FieldError(f"--field {role}=: give a path, e.g. {role}=response.body.choices.0.message.content")
    if any(not part for part in text.split(".")):
        raise FieldError(f"--field {role}={path}: empty step in the path (two dots together)")
    return text


def resolve(obj: Any, path: str) -> Any:
    """The value at ``path`` in ``obj``; raises ``PathMissing`` saying where the path stopped."""
    here: list[str] = []
    value = obj
    for step in path.split("."):
        where = ".".join(here) or "the record"
        if isinstance(value, dict):
            if step not in value:
                raise PathMissing(f"no {step!r} in {where} (it has {_keys(value)})")
            value = value[step]
        elif isinstance(value, list):
            try:
                i = int(step)
            except ValueError:
                raise PathMissing(f"{where} is an array: give an index (0, 1, …, or -1 for the last), "
                                  f"not {step!r}") from None
            if not -len(value) <= i < len(value):
                raise PathMissing(f"{where} has {len(value)} item(s): no item {i}")
            value = value[i]
        elif value is None:
            raise PathMissing(f"{where} is null")
        else:
            raise PathMissing(f"{where} is a {json_kind(value)}, not an object or an array")
        here.append(step)
    return value


def _keys(d: dict[str, Any]) -> str:
    names = sorted(map(str, d))
    shown = ", ".join(names[:10])
    return (shown + (f", … ({len(names)} keys)" if len(names) > 10 else "")) if names else "no keys"


def json_kind(value: Any) -> str:
    """What a JSON value is, as a noun for messages: "null", "number", "array", "object", ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(value), type(value).__name__)


def paths(obj: Any, limit: int = 300, depth: int = 8) -> list[tuple[str, Any]]:
    """Every leaf of ``obj`` (strings, numbers, booleans, nulls) with its dotted path, depth first;
    arrays are walked at their first item only, and at most ``limit`` leaves are listed. What the
    window's mapping dialog offers to choose from."""
    out: list[tuple[str, Any]] = []

    def walk(value: Any, prefix: str, level: int) -> None:
        if len(out) >= limit:
            return
        if isinstance(value, dict) and value and level < depth:
            for k, v in value.items():
                walk(v, f"{prefix}.{k}" if prefix else str(k), level + 1)
        elif isinstance(value, list) and value and level < depth:
            walk(value[0], f"{prefix}.0" if prefix else "0", level + 1)
            if len(value) > 1:  # the last turn of a conversation is often the answer
                walk(value[-1], f"{prefix}.-1" if prefix else "-1", level + 1)
        elif prefix:
            out.append((prefix, value))

    walk(obj, "", 0)
    return out


def shape_of(obj: Any) -> str:
    """What records of one shape have in common: their top-level keys, sorted ("a|b|c"). The window
    remembers a mapping per shape, so the next file like this one opens without asking."""
    if not isinstance(obj, dict):
        return ""
    return "|".join(sorted(map(str, obj)))
