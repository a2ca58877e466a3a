"""Split text with ``<think>`` / ``<thinking>`` / ``<reasoning>`` blocks into reasoning and answer."""

from __future__ import annotations

import re

from tracepair.core.model import Trace

_TAGS = ("think", "thinking", "reasoning")
_BLOCK = re.compile(r"<(think|thinking|reasoning)>(.*?)</\1>", re.DOTALL | re.IGNORECASE)
# DeepSeek-R1 style: the opening tag is in the prompt template, only the closing one is generated.
_CLOSE_ONLY = re.compile(r"^(.*?)</(think|thinking|reasoning)>", re.DOTALL | re.IGNORECASE)
_OPEN_UNCLOSED = re.compile(r"^\s*<(think|thinking|reasoning)>(.*)$", re.DOTALL | re.IGNORECASE)


def has_think_tags(text: str) -> bool:
    lowered = text.lower()
    return any(f"</{t}>" in lowered or lowered.lstrip().startswith(f"<{t}>") for t in _TAGS)


def split_think(text: str) -> Trace:
    """Reasoning is what the tags enclose (all blocks, in order); the answer is the rest."""
    blocks = list(_BLOCK.finditer(text))
    if blocks:
        reasoning = "\n\n".join(m.group(2).strip() for m in blocks)
        answer = _BLOCK.sub("", text)
        return Trace(reasoning=reasoning, answer=answer.strip())
    m = _CLOSE_ONLY.match(text)
    if m:
        return Trace(reasoning=m.group(1).strip(), answer=text[m.end() :].strip())
    m = _OPEN_UNCLOSED.match(text)
    if m:  # a truncated trace: all reasoning, no answer
        return Trace(reasoning=m.group(2).strip(), answer="")
    return Trace(answer=text.strip())
