"""Which two records to align when two output sets are named, and their alignment: the CLI's
``align`` and the Python API pick and align them alike."""

from __future__ import annotations

from tracepair.core.align.alignment import Alignment, AlignSettings, align, passage_spans
from tracepair.core.match.comparison import CompareSettings, pair_passages
from tracepair.core.match.pairing import pair_records
from tracepair.core.match.results import CompareError
from tracepair.core.model import LoadError, Record, Source


def _record(source: Source, prompt: str) -> Record:
    for r in source.records:
        if prompt in (r.key, r.prompt_id):
            if r.trace.empty:
                raise LoadError(source.path, f"the record of prompt {prompt!r} has no text (empty or null): "
                                "nothing to align")
            return r
    raise LoadError(source.path, f"has no record with prompt id {prompt!r}")


def pick_pair(a: Source, b: Source, prompt: str | None) -> tuple[Record, Record, str | None]:
    """The two records to align: ``prompt`` in each set, else the first pair ``compare`` makes (the first
    key both sets share where both records have text); a single trace is its one record. Raises
    ``LoadError`` naming the file."""
    if prompt is None and a.kind == "set" and b.kind == "set":
        keys_b = b.by_key()
        if not any(r.key in keys_b for r in a.records):
            raise LoadError(b.path, f"shares no prompt id with {a.name}: pass --prompt to pick records")
        try:  # the first pair a comparison would make: the same records, by the same rule
            i, j, key = pair_records(a, b).pairs[0]
        except CompareError:
            raise LoadError(b.path, f"every record it shares with {a.name} is empty on one side: "
                            "nothing to align") from None
        return a.records[i], b.records[j], key
    ra = _record(a, prompt) if a.kind == "set" and prompt is not None else a.records[0]
    rb = _record(b, prompt) if b.kind == "set" and prompt is not None else b.records[0]
    return ra, rb, prompt


def align_sources(a: Source, b: Source, prompt: str | None = None, settings: AlignSettings | None = None,
                  min_tokens: int = CompareSettings.min_tokens) -> tuple[Alignment, str | None]:
    """The alignment of the pair ``pick_pair`` chooses, with the pair's shared passages as the window
    and the report find them (prompt echoes left out); and the prompt key aligned."""
    ra, rb, key = pick_pair(a, b, prompt)
    passages = pair_passages(ra, rb, CompareSettings(min_tokens=min_tokens))
    return align(ra.trace, rb.trace, settings, passage_spans(passages)), key
