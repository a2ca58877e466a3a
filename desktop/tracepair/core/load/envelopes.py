"""Records that tools wrap around a model's response, recognised by their fields, each with its key:

- OpenAI Batch API output lines: ``custom_id`` and ``response.body`` (a chat completion or a Responses
  API response); a failed request (``error``, ``response: null``, a status other than 200) is an
  empty record, as an API failure is anywhere else.
- Anthropic Message Batches results: ``custom_id`` and ``result`` (``type: succeeded`` with a
  ``message`` of ``thinking`` and ``text`` blocks; errored, canceled and expired requests are empty).
- lm-evaluation-harness ``samples_*.jsonl`` lines: ``doc_id``, the raw generation in ``resps``
  (``filtered_resps`` when there is none), the prompt in ``arguments``.
- Inspect eval samples (inside a log: see ``inspect_logs``): ``id`` and ``epoch``, ``input`` as the
  prompt, ``output.choices[0].message`` with its reasoning and text blocks.

The response inside is read by ``shapes``, like any response Tracepair reads.
"""

from __future__ import annotations

from typing import Any

from tracepair.core.load.shapes import (
    Unrecognised,
    finish_trace,
    first_user_text,
    text_of,
    trace_of,
)
from tracepair.core.model import Record, Trace

#: The shapes named here: a set whose records all have one of them says so (``Source.record_shape``).
NAMES = ("openai-batch", "anthropic-batch", "lm-eval-samples", "inspect-sample")
#: What a Message Batch request came to (only "succeeded" has a message).
_BATCH_RESULTS = ("succeeded", "errored", "canceled", "expired")
#: Inspect's reference to text kept in the sample's ``attachments`` (long or repeated content).
_ATTACHMENT = "attachment://"


def envelope_of(obj: dict[str, Any], position: int) -> tuple[Record, str] | None:
    """The record in ``obj`` if a tool's wrapper is recognised, with the shape's name; else None."""
    if "custom_id" in obj:
        result, response = obj.get("result"), obj.get("response")
        if isinstance(result, dict) and result.get("type") in _BATCH_RESULTS:
            return _anthropic_batch(obj, position), "anthropic-batch"
        if (isinstance(response, dict) and ("body" in response or "status_code" in response)) \
                or (response is None and "error" in obj):
            return _openai_batch(obj, position), "openai-batch"
    if "doc_id" in obj and ("resps" in obj or "filtered_resps" in obj):
        return _lm_eval(obj, position), "lm-eval-samples"
    if "id" in obj and "epoch" in obj and "input" in obj and (
            isinstance(obj.get("output"), dict) or isinstance(obj.get("messages"), list)):
        return inspect_sample(obj, position), "inspect-sample"
    return None


def _key(value: Any, position: int) -> str:
    if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
        return str(value)
    return str(position + 1)


def _model_of(obj: Any) -> str | None:
    model = obj.get("model") if isinstance(obj, dict) else None
    return model if isinstance(model, str) and model.strip() else None


# -- batch APIs -------------------------------------------------------------------------------------
def _openai_batch(obj: dict[str, Any], position: int) -> Record:
    """One line of a Batch API output (or error) file: ``custom_id`` is the prompt key."""
    key = _key(obj.get("custom_id"), position)
    response = obj.get("response")
    body = response.get("body") if isinstance(response, dict) else None
    status = response.get("status_code") if isinstance(response, dict) else None
    failed = obj.get("error") or not isinstance(body, dict) or (isinstance(status, int) and status != 200) \
        or bool((body or {}).get("error"))
    if failed:
        return Record(trace=Trace(), prompt_id=key, model=_model_of(body))
    try:
        trace, _shape = trace_of(body)
    except Unrecognised as err:
        raise Unrecognised(f"response.body of custom_id {key!r}: {err}") from err
    return Record(trace=trace, prompt_id=key, model=_model_of(body))


def _anthropic_batch(obj: dict[str, Any], position: int) -> Record:
    """One line of a Message Batch's results: ``custom_id`` is the prompt key; only a succeeded
    request has a message."""
    key = _key(obj.get("custom_id"), position)
    result = obj["result"]
    message = result.get("message")
    if result.get("type") != "succeeded" or not isinstance(message, dict):
        return Record(trace=Trace(), prompt_id=key)
    try:
        trace, _shape = trace_of(message)
    except Unrecognised as err:
        raise Unrecognised(f"result.message of custom_id {key!r}: {err}") from err
    return Record(trace=trace, prompt_id=key, model=_model_of(message))


# -- lm-evaluation-harness ----------------------------------------------------------------------------
def _first_text(value: Any) -> Any:
    """The first leaf of ``resps`` ([[text, …], …]) or ``filtered_resps`` ([text, …] or [[text]])."""
    while isinstance(value, list):
        if not value:
            return None
        value = value[0]
    return value


def _lm_eval(obj: dict[str, Any], position: int) -> Record:
    """One logged sample: ``doc_id`` is the key; the raw generation (``resps``) is read, not the
    answer a filter extracted from it (``filtered_resps``: "42" from a worked solution)."""
    text = _first_text(obj.get("resps"))
    if text is None:
        text = _first_text(obj.get("filtered_resps"))
    if text is not None and not isinstance(text, str):
        raise Unrecognised("its responses ('resps') hold scores, not generated text: a multiple-choice "
                           "(loglikelihood) task has no text to compare")
    args = obj.get("arguments")
    prompt = None
    if isinstance(args, dict):  # {"gen_args_0": {"arg_0": context, "arg_1": generation settings}}
        first = args.get("gen_args_0")
        prompt = first.get("arg_0") if isinstance(first, dict) else None
    elif isinstance(args, list) and args and isinstance(args[0], list) and args[0]:  # older harness versions
        prompt = args[0][0]
    return Record(trace=finish_trace("", text or ""), prompt_id=_key(obj.get("doc_id"), position),
                  prompt=prompt if isinstance(prompt, str) else None)


# -- Inspect -----------------------------------------------------------------------------------------
def _resolved(text: Any, attachments: Any) -> Any:
    if isinstance(text, str) and text.startswith(_ATTACHMENT) and isinstance(attachments, dict):
        return attachments.get(text[len(_ATTACHMENT):], text)
    return text


def _inspect_prompt(sample: dict[str, Any]) -> str | None:
    value = sample.get("input")
    attachments = sample.get("attachments")
    if isinstance(value, list):  # chat messages: the first user turn
        value = first_user_text([{**m, "content": _resolved_content(m.get("content"), attachments)}
                                 for m in value if isinstance(m, dict)])
    value = _resolved(value, attachments)
    return value if isinstance(value, str) else None


def _resolved_content(content: Any, attachments: Any) -> Any:
    if isinstance(content, list):
        return [{**c, "text": _resolved(c.get("text"), attachments)} if isinstance(c, dict) else c for c in content]
    return _resolved(content, attachments)


def inspect_sample(sample: dict[str, Any], position: int, model: str | None = None) -> Record:
    """One sample of an Inspect eval log: id and epoch are the key (``id#epoch``); the answer is the
    output's message (its reasoning blocks are the reasoning), or else the last assistant message."""
    key = _key(sample.get("id"), position)
    epoch = sample.get("epoch")
    output = sample.get("output")
    message = None
    if isinstance(output, dict) and isinstance(output.get("choices"), list) and output["choices"]:
        first = output["choices"][0]
        message = first.get("message") if isinstance(first, dict) else None
    if not isinstance(message, dict):
        turns = sample.get("messages")
        message = next((m for m in reversed(turns) if isinstance(m, dict) and m.get("role") == "assistant"),
                       None) if isinstance(turns, list) else None
    trace = Trace()
    if isinstance(message, dict) and not sample.get("error"):
        content = _resolved_content(message.get("content"), sample.get("attachments"))
        trace = finish_trace(*text_of("output.choices.0.message.content", content))
    return Record(trace=trace, prompt_id=key, prompt=_inspect_prompt(sample),
                  model=model or _model_of(output) or _model_of(message),
                  sample=epoch if isinstance(epoch, int) and not isinstance(epoch, bool) else None)
