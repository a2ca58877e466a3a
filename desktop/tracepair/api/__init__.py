"""Tracepair from Python (a notebook, a script): the same computations as the CLI and the window,
returning the same objects the CLI serialises, each with ``to_json()`` (the CLI's ``--json``,
exactly) and ``to_frame()`` (a pandas DataFrame, where pandas is installed).

    import tracepair
    a = tracepair.load("deepseek-r1-0528.jsonl")
    c = tracepair.compare(a, "gemini-2.5-pro-high.jsonl")
    c.metrics.weighted_score, c.chance_score

Wherever a file is taken, a path or an already loaded ``Source`` will do; ``fields`` says where the
text is when Tracepair cannot tell (``{"output": "response.body.choices.0.message.content"}`` or a
``FieldMap``), as ``--field`` does. Bad input raises ``tracepair.BadInput`` (``LoadError`` for a
file) with a one-line message. See docs/api.md.

Only this module is imported by ``import tracepair.api``; numpy and the computing modules are
imported on the first call that needs them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracepair.api.source import Source, adopt
from tracepair.core.load.fields import FieldMap
from tracepair.core.load.reader import load as _load
from tracepair.core.model import BadInput, LoadError

if TYPE_CHECKING:
    from tracepair.api.results import Alignment, Comparison, IdiomReport, Lineup

#: A file to read: a path, or a source already loaded.
Input = str | Path | Source
#: Where the text is: a ``FieldMap`` or ``{role: dotted path}``.
Fields = FieldMap | Mapping[str, str] | None

__all__ = [
    "BadInput", "FieldMap", "LoadError", "Source", "align", "compare", "idioms", "lineup", "load",
]


def _fields(fields: Fields) -> FieldMap | None:
    """A ``FieldMap`` from what was given; an unknown role or an empty path is a ``FieldError``."""
    if fields is None or isinstance(fields, FieldMap):
        return fields
    return FieldMap.parse(f"{role}={path}" for role, path in fields.items())


def load(path: str | Path, fields: Fields = None) -> Source:
    """Read a trace or an output set from ``path`` (any format Tracepair reads; the file is never
    modified). ``to_json()`` is ``tracepair inspect --json``; ``to_frame()`` has one row per record."""
    return adopt(_load(path, _fields(fields)), Source)


def _source(x: Input, fields: Fields) -> Source:
    if isinstance(x, Source):
        return x
    from tracepair.core.model import Source as CoreSource

    if isinstance(x, CoreSource):
        return adopt(x, Source)
    return load(x, fields)


def compare(a: Input, b: Input, *, fields: Fields = None, **settings: Any) -> Comparison:
    """Shared phrasing between ``a`` and ``b`` (two traces, or two output sets paired by prompt key),
    with its control: what a mismatched pair gives by chance.

    ``settings``: any field of ``tracepair.core.match.CompareSettings`` (``min_tokens=6``,
    ``near_exact=True``, ``case_sensitive=False``, ``keep_punctuation=False``, ``fold_quotes=True``,
    ``exclude_prompt_echo=True``, ...). ``to_json()`` is ``tracepair compare --json``.
    """
    from tracepair.api.results import Comparison
    from tracepair.core.match import CompareSettings
    from tracepair.core.match import compare as core_compare

    sa, sb = _source(a, fields), _source(b, fields)
    return adopt(core_compare(sa, sb, _settings(CompareSettings, settings)), Comparison)


def align(a: Input, b: Input, *, prompt: str | None = None, fields: Fields = None, min_tokens: int = 6,
          **settings: Any) -> Alignment:
    """Which step of A's trace matches which step of B's (matches, merges of two steps, moves out of
    order), with its control. For output sets, ``prompt`` names the prompt key to align (default:
    the first key both share where both records have text), as ``tracepair align --prompt``.

    ``settings``: any field of ``tracepair.core.align.AlignSettings`` (``granularity="paragraph"``,
    ``min_score=0.25``, ``markers_file=None``, ...); ``min_tokens``: shortest shared passage counted
    in the step scores. ``to_json()`` is ``tracepair align --json``.
    """
    from tracepair.api.results import Alignment
    from tracepair.core.align import AlignSettings
    from tracepair.core.align.records import align_sources

    al, key = align_sources(_source(a, fields), _source(b, fields), prompt, _settings(AlignSettings, settings),
                            min_tokens)
    result = adopt(al, Alignment)
    result.prompt = key
    return result


def idioms(a: Input, b: Input, *, fields: Fields = None, idiom_file: str | Path | None = None,
           **settings: Any) -> IdiomReport:
    """Words, phrases and reasoning markers each side over-uses (against ordinary English and against
    the other side), and the idioms both favour. ``idiom_file``: your list (one phrase a line)
    instead of the shipped one.

    ``settings``: any field of ``tracepair.core.idioms.IdiomSettings`` (``kind="idioms"``, ``top=20``,
    ``min_count=3``, ``bootstrap=1000``, ...). ``to_json()`` is ``tracepair idioms --json``.
    """
    from tracepair.api.results import IdiomReport
    from tracepair.core.idioms import IdiomSettings
    from tracepair.core.idioms import idioms as core_idioms

    sa, sb = _source(a, fields), _source(b, fields)
    listed = Path(idiom_file) if idiom_file is not None else None
    s = _settings(IdiomSettings, {**settings, "idiom_file": listed})
    return adopt(core_idioms(sa, sb, s), IdiomReport)  # core reads idiom_file


def lineup(paths: Iterable[str | Path], *, fields: Fields = None, **settings: Any) -> Lineup:
    """Where each of many output sets stands among the others: similarity of every pair with its
    bootstrap interval over prompts, nearest relatives, the tree. ``paths``: files, or folders (every
    ``*.jsonl`` / ``*.json`` inside).

    ``settings``: any field of ``tracepair.core.lineup.LineupSettings`` (``part="answer"``,
    ``bootstrap=200``, ``seed=0``, ``top=20``). ``to_json()`` is ``tracepair lineup --json``.
    Raises ``tracepair.core.lineup.LineupError`` when fewer than three sets are usable.
    """
    from tracepair.api.results import Lineup
    from tracepair.core.lineup import LineupSettings
    from tracepair.core.lineup import lineup as core_lineup

    return adopt(core_lineup(list(paths), _settings(LineupSettings, settings), fields=_fields(fields)), Lineup)


def _settings(cls: type, given: dict[str, Any]) -> Any:
    """``cls(**given)``; an unknown name is a ``BadInput`` listing the names there are."""
    from dataclasses import fields

    known = {f.name for f in fields(cls)}
    unknown = sorted(set(given) - known)
    if unknown:
        raise BadInput(f"unknown setting {', '.join(unknown)} for {cls.__name__} "
                       f"(settings: {', '.join(sorted(known))})")
    return cls(**given)
