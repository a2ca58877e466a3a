"""Files in the formats researchers' tools write, built around real model outputs.

Each writer is CONSTRUCTED from the format's published documentation; the text inside (prompts,
reasoning, answers) is real, from the misguided-attention records in shared/data, so a test can check
that what Tracepair reads back is exactly what the model wrote. The documentation each follows:

- OpenAI Batch API output: the Batch guide's output-file example and the ``BatchRequestOutput``
  schema of the OpenAI OpenAPI spec (``id``, ``custom_id``, ``response: {status_code, request_id,
  body}``, ``error``; a failed request has ``response: null`` and an ``error``).
- Anthropic Message Batches results: "Retrieve Message Batch results" (``MessageBatchIndividualResponse``:
  ``custom_id``, ``result`` of type succeeded (``message``), errored (``error``), canceled or expired;
  message content blocks of type ``thinking`` and ``text``).
- Inspect eval logs: Inspect's "Log Files" documentation and its log recorders: ``.json`` is one
  ``EvalLog`` document (``version``, ``status``, ``eval`` with ``model``, ``plan``, ``results``,
  ``stats``, ``samples``); ``.eval`` is a ZIP with ``header.json`` (or ``_journal/start.json``) and
  ``samples/{id}_epoch_{epoch}.json``; a sample's ``output.choices[0].message.content`` holds
  ``ContentReasoning`` (``type: reasoning``, ``reasoning``, ``summary``, ``redacted``) and
  ``ContentText`` blocks.
- lm-evaluation-harness: ``EvaluationTracker.save_results_samples`` (``samples_{task}_{date}.jsonl``,
  one line per document and filter: ``doc_id``, ``doc``, ``target``, ``arguments: {gen_args_0:
  {arg_0: context, arg_1: generation kwargs}}``, ``resps``, ``filtered_resps``, ``filter``,
  ``metrics``, ``doc_hash``, ``prompt_hash``, ``target_hash``).
- ShareGPT (as axolotl and FastChat document it): ``conversations: [{from: human|gpt|system, value}]``.
- OpenAI chat messages: ``messages: [{role, content}]``.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "misguided-attention"


def real_records(model: str = "deepseek-r1-0528", n: int = 8, with_reasoning: bool = True) -> list[dict[str, Any]]:
    """The first ``n`` records of ``model`` that have an output (and reasoning, if asked)."""
    assert SHARED.is_dir(), f"real data not found at {SHARED}"  # as conftest says it, not as a traceback
    out = []
    for line in (SHARED / f"{model}.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r["output"] and r["output"].strip() and (r["reasoning"] or not with_reasoning):
            out.append(r)
        if len(out) == n:
            break
    return out


def key(r: dict[str, Any]) -> str:
    return f"{r['prompt_id']}#{r['sample']}"


def _lines(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in rows), encoding="utf-8")
    return path


def openai_batch(path: Path, records: list[dict[str, Any]], failed: int = 0) -> Path:
    """Batch output lines (chat completions with ``reasoning_content``); the first ``failed`` requests
    are error-file lines instead."""
    rows = []
    for i, r in enumerate(records):
        if i < failed:
            rows.append({"id": f"batch_req_{i}", "custom_id": key(r), "response": None,
                         "error": {"code": "server_error", "message": "The server had an error"}})
            continue
        body = {"id": f"chatcmpl-{i}", "object": "chat.completion", "created": 1711652795, "model": r["model"],
                "choices": [{"index": 0, "message": {"role": "assistant", "content": r["output"],
                                                     "reasoning_content": r["reasoning"]},
                             "logprobs": None, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 22, "completion_tokens": 2, "total_tokens": 24}}
        rows.append({"id": f"batch_req_{i}", "custom_id": key(r),
                     "response": {"status_code": 200, "request_id": f"req_{i}", "body": body}, "error": None})
    return _lines(path, rows)


def anthropic_batch(path: Path, records: list[dict[str, Any]], errored: int = 0) -> Path:
    """Message Batch results with ``thinking`` and ``text`` blocks; the first ``errored`` are errors."""
    rows = []
    for i, r in enumerate(records):
        if i < errored:
            rows.append({"custom_id": key(r), "result": {"type": "errored", "error": {
                "type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}}})
            continue
        message = {"id": f"msg_{i}", "type": "message", "role": "assistant", "model": r["model"],
                   "content": [{"type": "thinking", "thinking": r["reasoning"], "signature": "EqQB"},
                               {"type": "text", "text": r["output"]}],
                   "stop_reason": "end_turn", "stop_sequence": None,
                   "usage": {"input_tokens": 11, "output_tokens": 36}}
        rows.append({"custom_id": key(r), "result": {"type": "succeeded", "message": message}})
    return _lines(path, rows)


def _inspect_sample(r: dict[str, Any]) -> dict[str, Any]:
    content = [{"type": "reasoning", "reasoning": r["reasoning"], "signature": "sig", "redacted": False},
               {"type": "text", "text": r["output"]}]
    message = {"id": f"m-{r['prompt_id']}", "role": "assistant", "content": content, "source": "generate",
               "model": "deepseek-reasoner"}
    return {
        "id": r["prompt_id"], "epoch": r["sample"] + 1, "input": r["prompt"], "target": "",
        "messages": [{"id": "u", "role": "user", "content": r["prompt"], "source": "input"}, message],
        "output": {"model": "deepseek-reasoner", "choices": [{"message": message, "stop_reason": "stop"}],
                   "usage": {"input_tokens": 40, "output_tokens": 900, "total_tokens": 940}},
        "scores": {"match": {"value": "C"}}, "metadata": {}, "store": {}, "events": [], "model_usage": {},
        "uuid": f"uuid-{r['prompt_id']}-{r['sample']}",
    }


def _inspect_header(model: str, n: int) -> dict[str, Any]:
    return {"version": 2, "status": "success",
            "eval": {"eval_id": "e1", "run_id": "r1", "created": "2025-06-01T00:00:00+00:00",
                     "task": "misguided_attention", "task_id": "t1", "task_version": 0, "model": model,
                     "dataset": {"name": "misguided", "samples": n}, "config": {}, "packages": {}},
            "plan": {"name": "plan", "steps": [{"solver": "generate", "params": {}}], "config": {}},
            "results": {"total_samples": n, "completed_samples": n, "scores": []},
            "stats": {"started_at": "2025-06-01T00:00:00+00:00", "completed_at": "2025-06-01T00:10:00+00:00",
                      "model_usage": {}}}


def inspect_json(path: Path, records: list[dict[str, Any]], model: str = "deepseek/deepseek-reasoner") -> Path:
    doc = {**_inspect_header(model, len(records)), "samples": [_inspect_sample(r) for r in records]}
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def inspect_eval(path: Path, records: list[dict[str, Any]], model: str = "deepseek/deepseek-reasoner",
                 finished: bool = True) -> Path:
    """A ``.eval`` archive; an unfinished run has ``_journal/start.json`` and no ``header.json``."""
    header = _inspect_header(model, len(records))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        start = {"version": 2, "eval": header["eval"], "plan": header["plan"]}
        z.writestr("_journal/start.json", json.dumps(start))
        for r in records:
            s = _inspect_sample(r)
            z.writestr(f"samples/{s['id']}_epoch_{s['epoch']}.json", json.dumps(s, ensure_ascii=False))
        if finished:
            z.writestr("summaries.json", json.dumps([{"id": r["prompt_id"], "epoch": r["sample"] + 1}
                                                     for r in records]))
            z.writestr("header.json", json.dumps(header))
    return path


def lm_eval_samples(path: Path, records: list[dict[str, Any]], filters: tuple[str, ...] = ("strict-match",)) -> Path:
    """One line per document and filter; the raw generation carries the reasoning in <think> tags,
    as a reasoning model's output does through the harness."""
    rows = []
    for doc_id, r in enumerate(records):
        generation = f"<think>\n{r['reasoning']}\n</think>\n\n{r['output']}"
        for flt in filters:
            arguments = {"gen_args_0": {"arg_0": r["prompt"], "arg_1": {"until": [], "do_sample": False}}}
            rows.append({"doc_id": doc_id, "doc": {"question": r["prompt"], "id": r["prompt_id"]}, "target": "",
                         "arguments": arguments,
                         "resps": [[generation]], "filtered_resps": [generation[-20:]], "filter": flt,
                         "metrics": ["exact_match"], "doc_hash": "d", "prompt_hash": "p", "target_hash": "t",
                         "exact_match": 0.0})
    return _lines(path, rows)


def sharegpt(path: Path, records: list[dict[str, Any]]) -> Path:
    rows = [{"id": key(r), "conversations": [
        {"from": "system", "value": "You are a helpful assistant."},
        {"from": "human", "value": r["prompt"]},
        {"from": "gpt", "value": f"<think>{r['reasoning']}</think>{r['output']}"}]} for r in records]
    return _lines(path, rows)


def openai_messages(path: Path, records: list[dict[str, Any]]) -> Path:
    rows = [{"id": key(r), "messages": [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": [{"type": "text", "text": r["prompt"]}]},
        {"role": "assistant", "content": r["output"], "reasoning_content": r["reasoning"]}]} for r in records]
    return _lines(path, rows)
