"""What a loaded source holds, counted in words: the ``tracepair inspect --json`` contract, which the
Python API's ``Source.to_json()`` returns too."""

from __future__ import annotations

from typing import Any

from tracepair.core.model import Source
from tracepair.core.text.words import count_words


def summarise(source: Source) -> dict[str, Any]:
    """The ``inspect --json`` contract: path, kind, format, records, reasoning_words, answer_words (+ extras).

    ``empty_records``: records with no text at all (empty or null text fields: API failures, refusals).
    ``record_shape``: what wraps every record when a tool's format was recognised ("openai-batch",
    "anthropic-batch", "lm-eval-samples", "inspect-sample", "sharegpt", "chat-messages"), else null.
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
        "record_shape": source.record_shape,
        "size": source.size,
        "sha256": source.sha256,
        "notes": source.notes,
    }
