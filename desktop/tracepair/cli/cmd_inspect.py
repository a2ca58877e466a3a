"""``tracepair inspect FILE``: what Tracepair reads from a file."""

from __future__ import annotations

import argparse

from tracepair.cli.options import fields_of
from tracepair.cli.output import emit_json, emit_table
from tracepair.core.load.reader import load
from tracepair.core.text.summary import summarise  # the --json contract, shared with the Python API

#: What a recognised record shape is called in the plain table.
_SHAPES = {"openai-batch": "OpenAI Batch API output", "anthropic-batch": "Anthropic Message Batch results",
           "lm-eval-samples": "lm-evaluation-harness samples", "inspect-sample": "Inspect eval samples",
           "sharegpt": "ShareGPT conversations", "chat-messages": "chat conversations (messages)"}


def _shape(summary: dict) -> str:
    shape = summary["record_shape"]
    if not shape or summary["format"].startswith("inspect"):  # "inspect-eval" says it already
        return ""
    return ", " + _SHAPES.get(shape, shape)


def run(args: argparse.Namespace) -> int:
    summary = summarise(load(args.file, fields_of(args)))
    if args.json:
        emit_json(summary)
        return 0
    kind = "output set" if summary["kind"] == "set" else "trace"
    rows = [
        ("file", summary["path"]),
        ("kind", kind),
        ("format", f"{summary['format']}{_shape(summary)} ({summary['encoding']})"),
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
