"""Recognise the JSON shapes people have and pull a trace (and its metadata) out of each.

Shapes: chat-completion responses (``choices[].message`` with ``reasoning_content`` /
``reasoning``), bare assistant messages, Anthropic messages (content blocks of type
``thinking`` and ``text``), Gemini responses (parts with ``thought: true``), OpenAI
Responses-API output items, and flat benchmark records (``output``/``response``/...
plus ``reasoning``/``thinking``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tracepair.core.load.fields import json_kind
from tracepair.core.load.think_tags import has_think_tags, split_think
from tracepair.core.model import Record, Trace

ANSWER_FIELDS = ("output", "response", "completion", "text", "content", "answer", "generation", "generated_text")
REASONING_FIELDS = ("reasoning_content", "reasoning", "thinking", "thoughts", "thought", "reasoning_text")
SUMMARY_FIELDS = ("reasoning_summary", "thinking_summary", "thought_summary")
#: Every field name that holds a record's text.
TEXT_FIELDS = frozenset(ANSWER_FIELDS + REASONING_FIELDS + SUMMARY_FIELDS)
ID_FIELDS = ("prompt_id", "id", "question_id", "task_id", "problem_id", "idx", "index", "uid")
PROMPT_FIELDS = ("prompt", "question", "instruction", "input", "problem", "query")
MODEL_FIELDS = ("model", "model_name", "model_id")
SAMPLE_FIELDS = ("sample", "sample_id", "sample_index", "seed_index")


class Unrecognised(ValueError):
    """No text field we know in this object, or one that holds something other than text."""


class NoTextField(Unrecognised):
    """No field Tracepair knows holds text here: the user can say where it is (``--field``)."""


#: A text field that is there but holds no text (``null``, ``""``, white space, ``[]``, ``{}``).
_EMPTY = object()


def _field_names(obj: dict[str, Any]) -> str:
    return ", ".join(sorted(map(str, obj))[:12]) or "no fields"


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def text_field(obj: dict[str, Any], names: tuple[str, ...]) -> tuple[str, Any] | None:
    """The first of ``names`` whose value may hold text, as ``(name, value)``; ``(name, _EMPTY)`` when
    the fields are there but empty; None when none of them is there.

    A number or a boolean where text belongs is an error, not a text: ``{"output": 42}`` names it.
    """
    empty: str | None = None
    for n in names:
        if n not in obj:
            continue
        v = obj[n]
        if isinstance(v, str):
            if v.strip():
                return n, v
        elif isinstance(v, list | dict):
            if v:
                return n, v
        elif v is not None:
            raise Unrecognised(f"'{n}' holds a {json_kind(v)} ({str(v)[:40]}), not text")
        if empty is None:
            empty = n
    return None if empty is None else (empty, _EMPTY)


def text_of(name: str, value: Any) -> tuple[str, str]:
    """(reasoning, answer) carried by field ``name``: a string, content blocks or a nested message."""
    if value is _EMPTY or value is None:
        return "", ""
    if isinstance(value, bool | int | float):
        raise Unrecognised(f"'{name}' holds a {json_kind(value)} ({str(value)[:40]}), not text")
    if isinstance(value, str):
        return "", value
    if isinstance(value, list):
        reasoning, answer = _blocks(value)
        if not (reasoning or answer) and not any(isinstance(v, str | dict) for v in value):
            kinds = sorted({json_kind(v) for v in value})
            raise Unrecognised(f"'{name}' holds an array of {' and '.join(k + 's' for k in kinds)}, not text")
        return reasoning, answer
    try:
        trace, _fmt = trace_of(value)
    except NoTextField as err:
        raise NoTextField(f"'{name}' holds an object with no text field Tracepair knows "
                          f"(found {_field_names(value)})") from err
    return trace.reasoning, trace.answer


def _join(parts: list[str]) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _blocks(blocks: list[Any]) -> tuple[str, str]:
    """Content blocks: Anthropic ``thinking``/``text``, OpenAI ``output_text``, Gemini parts."""
    reasoning: list[str] = []
    answer: list[str] = []
    for b in blocks:
        if isinstance(b, str):
            answer.append(b)
            continue
        if not isinstance(b, dict):
            continue
        kind = b.get("type")
        if kind in ("thinking", "reasoning") or b.get("thought") is True:
            text = _str(b.get("thinking")) or _str(b.get("text")) or _str(b.get("reasoning"))
            if b.get("redacted") is True:  # Inspect: the reasoning is encrypted; a summary may stand in
                text = _str(b.get("summary"))
            if not text and isinstance(b.get("summary"), list):
                text = _join([_str(s.get("text")) for s in b["summary"] if isinstance(s, dict)])
            reasoning.append(text)
        elif kind in ("text", "output_text", None) and isinstance(b.get("text"), str):
            answer.append(b["text"])
        elif kind == "message" and isinstance(b.get("content"), list):
            r, a = _blocks(b["content"])
            reasoning.append(r)
            answer.append(a)
    return _join(reasoning), _join(answer)


def _first(obj: dict[str, Any], names: tuple[str, ...]) -> Any:
    for n in names:
        if n in obj and obj[n] not in (None, ""):
            return obj[n]
    return None


def finish_trace(reasoning: str, answer: str, kind: str | None = None) -> Trace:
    if not reasoning and has_think_tags(answer):
        return split_think(answer)
    return Trace(reasoning=reasoning.strip(), answer=answer.strip(), reasoning_kind=kind if reasoning else None)


def trace_of(obj: dict[str, Any]) -> tuple[Trace, str]:
    """The trace in one JSON object and the name of the shape recognised.

    A text field that is there but empty or ``null`` (an API failure, a refusal) gives an empty
    trace. Raises ``Unrecognised`` when the object has no text field we know, or one holding
    something that is not text (a number, say).
    """
    # Chat completion: {"choices": [{"message": {...}} | {"text": ...}]}
    choices = obj.get("choices")
    if isinstance(choices, list) and choices and isinstance(choices[0], dict):
        c0 = choices[0]
        msg = c0.get("message") or c0.get("delta")
        if isinstance(msg, dict):
            trace, _ = trace_of(msg)
            return trace, "chat-completion"
        if isinstance(c0.get("text"), str):
            return finish_trace("", c0["text"], None), "chat-completion"
    # Gemini: {"candidates": [{"content": {"parts": [...]}}]}
    cands = obj.get("candidates")
    if isinstance(cands, list) and cands and isinstance(cands[0], dict) and isinstance(cands[0].get("content"), dict):
        parts = cands[0]["content"].get("parts")
        if isinstance(parts, list):
            r, a = _blocks(parts)
            # Gemini's API returns thought *summaries*, not raw thinking.
            return finish_trace(r, a, "summary"), "gemini-response"
    # OpenAI Responses API: {"output": [{"type": "reasoning", "summary": [...]}, {"type": "message", ...}]}
    out = obj.get("output")
    if isinstance(out, list) and out and all(isinstance(x, dict) and "type" in x for x in out):
        r, a = _blocks(out)
        return finish_trace(r, a, "summary"), "responses-api"
    # Anthropic message: {"type": "message", "content": [{"type": "thinking"}, {"type": "text"}]}
    content = obj.get("content")
    if isinstance(content, list):
        r, a = _blocks(content)
        if r or a:
            return finish_trace(r, a, None), "anthropic-message" if obj.get("type") == "message" else "content-blocks"
    # Conversation: OpenAI {"messages": [{role, content}]} or ShareGPT {"conversations": [{from, value}]};
    # the last assistant turn is the answer.
    turns = _turns(obj)
    if turns is not None and _first(obj, ANSWER_FIELDS) is None:
        for t in reversed(turns[0]):
            if _role(t) == "assistant":
                trace, _ = trace_of(_as_message(t))
                return trace, turns[2]
    # Flat record or bare message.
    answer_field = text_field(obj, ANSWER_FIELDS)
    reasoning_field = text_field(obj, REASONING_FIELDS)
    summary_field = text_field(obj, SUMMARY_FIELDS)
    if answer_field is None and reasoning_field is None and summary_field is None:
        if turns is not None:
            raise NoTextField(f"its conversation ('{turns[1]}') has no assistant turn: nothing to read as the answer")
        raise NoTextField(
            "no recognisable text field (looked for "
            + ", ".join(ANSWER_FIELDS + REASONING_FIELDS[:3])
            + "; found "
            + _field_names(obj)
            + ")"
        )
    fmt = "message" if obj.get("role") == "assistant" else "record"
    r_nested, answer = text_of(*answer_field) if answer_field else ("", "")
    # Raw reasoning if there is any, else a summary; reasoning_details-style blocks carry it either way.
    has_reasoning = reasoning_field is not None and reasoning_field[1] is not _EMPTY
    chosen = reasoning_field if has_reasoning or summary_field is None else summary_field
    r_blocks, reasoning = text_of(*chosen) if chosen else ("", "")
    reasoning = r_blocks or reasoning or r_nested
    kind = "summary" if chosen is summary_field and reasoning else None
    return finish_trace(reasoning, answer, kind), fmt


# -- conversations -------------------------------------------------------------------------------
#: Conversation keys, and the shape each is named by.
_TURN_KEYS = (("messages", "chat-messages"), ("conversations", "sharegpt"), ("conversation", "sharegpt"))
#: ShareGPT's speaker names (``from``) and OpenAI's roles, as one of "user", "assistant", "system".
_ROLES = {"user": "user", "human": "user", "assistant": "assistant", "gpt": "assistant", "chatgpt": "assistant",
          "model": "assistant", "bot": "assistant", "system": "system"}


def _turns(obj: dict[str, Any]) -> tuple[list[dict[str, Any]], str, str] | None:
    """The turns of a conversation record, the key they are under and the shape's name; else None."""
    for key, shape in _TURN_KEYS:
        value = obj.get(key)
        if isinstance(value, list) and value and all(isinstance(t, dict) for t in value) \
                and any("role" in t or "from" in t for t in value):
            return value, key, shape
    return None


def _role(turn: dict[str, Any]) -> str | None:
    who = turn.get("role", turn.get("from"))
    return _ROLES.get(who.strip().lower()) if isinstance(who, str) else None


def _as_message(turn: dict[str, Any]) -> dict[str, Any]:
    """A ShareGPT turn ({from, value}) as a message ({role, content}); a message as it is."""
    if "content" in turn or "value" not in turn:
        return turn
    return {**{k: v for k, v in turn.items() if k not in ("from", "value")}, "content": turn["value"]}


def content_text(content: Any) -> str | None:
    """The text of a message's content: a string, or the text of its text parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [_str(c.get("text")) if isinstance(c, dict) else _str(c) for c in content]
        return "\n\n".join(p for p in parts if p) or None
    return None


def first_user_text(turns: Any) -> str | None:
    """What the first user turn of a conversation says: the prompt."""
    if isinstance(turns, list):
        for t in turns:
            if isinstance(t, dict) and _role(t) == "user":
                return content_text(_as_message(t).get("content"))
    return None


def _prompt_text(obj: dict[str, Any]) -> str | None:
    p = _first(obj, PROMPT_FIELDS)
    if isinstance(p, str):
        return p
    turns = _turns(obj)
    return first_user_text(turns[0]) if turns is not None else None


def metadata(obj: dict[str, Any], position: int) -> Record:
    """A record with no text yet: the prompt id (``position``, 0-based, stands in for a missing one),
    the prompt, the model and the sample number, from the fields that usually hold them."""
    pid = _first(obj, ID_FIELDS)
    sample = _first(obj, SAMPLE_FIELDS)
    model = _first(obj, MODEL_FIELDS)
    return Record(
        trace=Trace(),
        prompt_id=str(pid) if pid is not None else str(position + 1),
        prompt=_prompt_text(obj),
        model=str(model) if isinstance(model, str) else None,
        sample=sample if isinstance(sample, int) and not isinstance(sample, bool) else None,
    )


def plain_record(obj: dict[str, Any], position: int) -> tuple[Record, str]:
    """A record from one JSON object of a shape above (no tool's wrapper around it)."""
    trace, fmt = trace_of(obj)
    return replace(metadata(obj, position), trace=trace), fmt
