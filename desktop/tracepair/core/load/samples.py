"""The bundled sample pairs (see resources/samples/README.md)."""

from __future__ import annotations

from pathlib import Path

from tracepair.resources import resource

#: What the window opens on by default: DeepSeek-R1-0528 (A) against Gemini 2.5 Pro (B).
DEFAULT_PAIR = ("deepseek-r1-0528.jsonl", "gemini-2.5-pro-high.jsonl")
#: A known sibling pair: a positive control.
SIBLING_PAIR = ("meta-llama__llama-4-maverick.jsonl", "meta-llama__llama-4-scout.jsonl")


def sample_pair(names: tuple[str, str] = DEFAULT_PAIR) -> tuple[Path, Path]:
    return resource("samples", names[0]), resource("samples", names[1])
