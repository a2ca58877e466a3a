"""``tracepair inspect FILE``: what Tracepair reads from a file."""

from __future__ import annotations

import argparse
from typing import Any

from tracepair.cli.output import emit_json, emit_table
from tracepair.core.load.reader import load
from tracepair.core.model import Source
from tracepair.core.text.words import count_words


def summarise(source: Source) -> dict[str, Any]:
    """The ``inspect --json`` contract: path, kind, format, records, reasoning_words, answer_words (+ extras).

    ``empty_records``: records with no text at all (empty or null text fields: API failures, refusals).
    """
    kinds = sorted({r.trace.reasoning_kind for r in source.records if r.trace.reasoning_kind})
    return {
        "path": str(source.path),
        "kind": source.kind,
        "format": source.format,
        "records": len(source.records),
        "empty_records": sum(1 for r in source.records if r.trace.empty),
        "reasoning_words": sum(count_words(r.trace.reasoning) for r in source.records),
        "answer_words": sum(count_words(r.trace.answer) for r in source.records),
        "encoding": source.encoding,
        "models": source.models,
        "records_with_reasoning": sum(1 for r in source.records if r.trace.reasoning),
        "reasoning_kind": kinds[0] if len(kinds) == 1 else (kinds or None),
        "size": source.size,
        "sha256": source.sha256,
        "notes": source.notes,
    }


def run(args: argparse.Namespace) -> int:
    summary = summarise(load(args.file))
    if args.json:
        emit_json(summary)
        return 0
    kind = "output set" if summary["kind"] == "set" else "trace"
    rows = [
        ("file", summary["path"]),
        ("kind", kind),
        ("format", f"{summary['format']} ({summary['encoding']})"),
        ("records", f"{summary['records']}" + (f" ({summary['empty_records']} empty: no text)"
                                                if summary["empty_records"] else "")),
        ("reasoning", f"{summary['reasoning_words']:,} words in {summary['records_with_reasoning']} record(s)"
         + (f", {summary['reasoning_kind']}" if summary["reasoning_kind"] else "")),
        ("answer", f"{summary['answer_words']:,} words"),
    ]
    if summary["models"]:
        rows.append(("models", ", ".join(summary["models"])))
    rows.append(("sha256", summary["sha256"]))
    rows.extend(("note", n) for n in summary["notes"])
    emit_table(rows)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("inspect", help="show what Tracepair reads from a file")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the stable JSON summary")
    p.set_defaults(func=run)
