"""Split text with ``<think>`` / ``<thinking>`` / ``<reasoning>`` blocks into reasoning and answer.

Kimi-VL writes the same tags with other brackets, ``◁think▷ … ◁/think▷``; both are read alike.
"""

from __future__ import annotations

import re

from tracepair.core.model import Trace

_NAME = r"(think|thinking|reasoning)"
_OPEN, _CLOSE = r"(?:<|◁)", r"(?:>|▷)"  # <think> and Kimi-VL's ◁think▷
_BLOCK = re.compile(rf"{_OPEN}{_NAME}{_CLOSE}(.*?){_OPEN}/\1{_CLOSE}", re.DOTALL | re.IGNORECASE)
# DeepSeek-R1 style: the opening tag is in the prompt template, only the closing one is generated.
_CLOSE_ONLY = re.compile(rf"^(.*?){_OPEN}/{_NAME}{_CLOSE}", re.DOTALL | re.IGNORECASE)
_OPEN_UNCLOSED = re.compile(rf"^\s*{_OPEN}{_NAME}{_CLOSE}(.*)$", re.DOTALL | re.IGNORECASE)
_ANY_TAG = re.compile(rf"{_OPEN}/{_NAME}{_CLOSE}|^\s*{_OPEN}{_NAME}{_CLOSE}", re.IGNORECASE)


def has_think_tags(text: str) -> bool:
    return _ANY_TAG.search(text) is not None


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
