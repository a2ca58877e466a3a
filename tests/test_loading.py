"""Every input format the foundation reads, and every kind of bad input, as a user meets them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracepair.core.load.reader import load
from tracepair.core.model import PART_SEPARATOR, LoadError

# A real reasoning trace and answer (DeepSeek-R1-0528, river_crossing_simple sample 0, misguided-attention).


@pytest.fixture(scope="module")
def real(misguided_dir: Path) -> dict:
    for line in (misguided_dir / "deepseek-r1-0528.jsonl").read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        if obj["reasoning"]:
            return obj
    raise AssertionError("no record with reasoning")


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return p


# -- text and Markdown ----------------------------------------------------------------------------
def test_plain_text_is_an_answer_only_trace(tmp_path: Path, real: dict) -> None:
    src = load(write(tmp_path, "answer.txt", real["output"]))
    assert (src.kind, src.format, len(src.records)) == ("trace", "text", 1)
    assert src.trace.reasoning == "" and src.trace.answer == real["output"].strip()


def test_markdown_recognised_by_extension_and_by_content(tmp_path: Path, misguided_dir: Path) -> None:
    answers = [json.loads(x)["output"] for x in (misguided_dir / "gpt-4.1.jsonl").read_text().splitlines()]
    md = next(a for a in answers if (a.count("**") >= 4 and "\n- " in a) or "\n1. " in a)
    assert load(write(tmp_path, "a.md", md)).format == "markdown"
    body = "# Answer\n\n- one\n- two\n\n**Bold** claim\n" + md
    assert load(write(tmp_path, "noext", body)).format == "markdown"


@pytest.mark.parametrize("tag", ["think", "thinking", "reasoning", "THINK"])
def test_think_tags_split_reasoning_from_answer(tmp_path: Path, real: dict, tag: str) -> None:
    text = f"<{tag}>\n{real['reasoning']}\n</{tag}>\n\n{real['output']}"
    src = load(write(tmp_path, "trace.txt", text))
    assert src.format == "think-tags"
    assert src.trace.reasoning == real["reasoning"].strip()
    assert src.trace.answer == real["output"].strip()
    assert src.trace.text == src.trace.reasoning + PART_SEPARATOR + src.trace.answer
    assert src.trace.part_at(0) == "reasoning" and src.trace.part_at(src.trace.answer_start) == "answer"


def test_closing_tag_only_as_deepseek_r1_prints_it(tmp_path: Path, real: dict) -> None:
    src = load(write(tmp_path, "r1.md", f"{real['reasoning']}\n</think>\n{real['output']}"))
    assert src.trace.reasoning == real["reasoning"].strip()
    assert src.trace.answer == real["output"].strip()


def test_unclosed_think_is_a_truncated_trace(tmp_path: Path, real: dict) -> None:
    src = load(write(tmp_path, "cut.txt", "<think>" + real["reasoning"][:500]))
    assert src.trace.answer == "" and src.trace.reasoning == real["reasoning"][:500].strip()


# -- JSON shapes ----------------------------------------------------------------------------------
def test_chat_completion_with_reasoning_content(tmp_path: Path, real: dict) -> None:
    doc = {"id": "chatcmpl-1", "object": "chat.completion", "model": "deepseek-reasoner",
           "choices": [{"index": 0, "message": {"role": "assistant", "content": real["output"],
                                                "reasoning_content": real["reasoning"]}}]}
    src = load(write(tmp_path, "resp.json", json.dumps(doc)))
    assert (src.kind, src.format) == ("trace", "chat-completion")
    assert src.trace.reasoning == real["reasoning"].strip() and src.trace.answer == real["output"].strip()


def test_chat_completion_with_reasoning_field_openrouter_style(tmp_path: Path, real: dict) -> None:
    doc = {"choices": [{"message": {"role": "assistant", "content": real["output"], "reasoning": real["reasoning"]}}]}
    src = load(write(tmp_path, "resp.json", json.dumps(doc)))
    assert src.trace.reasoning == real["reasoning"].strip()


def test_anthropic_thinking_blocks(tmp_path: Path, misguided_dir: Path) -> None:
    obj = json.loads((misguided_dir / "claude-4-sonnet-0522-thinking.jsonl").read_text().splitlines()[0])
    doc = {"id": "msg_1", "type": "message", "role": "assistant", "model": obj["model"],
           "content": [{"type": "thinking", "thinking": obj["reasoning"], "signature": "x"},
                       {"type": "text", "text": obj["output"]}]}
    src = load(write(tmp_path, "msg.json", json.dumps(doc)))
    assert src.format == "anthropic-message"
    assert src.trace.reasoning == obj["reasoning"].strip() and src.trace.answer == obj["output"].strip()


def test_gemini_thought_parts_are_marked_as_summary(tmp_path: Path, misguided_dir: Path) -> None:
    obj = json.loads((misguided_dir / "gemini-2.5-pro-high.jsonl").read_text().splitlines()[0])
    doc = {"candidates": [{"content": {"role": "model", "parts": [
        {"text": obj["reasoning"], "thought": True}, {"text": obj["output"]}]}}], "modelVersion": "gemini-2.5-pro"}
    src = load(write(tmp_path, "gem.json", json.dumps(doc)))
    assert src.format == "gemini-response"
    assert src.trace.reasoning == obj["reasoning"].strip() and src.trace.answer == obj["output"].strip()
    assert src.trace.reasoning_kind == "summary"


def test_json_array_of_records_is_an_output_set(tmp_path: Path, misguided_dir: Path) -> None:
    objs = [json.loads(x) for x in (misguided_dir / "qwen3-235b-a22b-think.jsonl").read_text().splitlines()]
    src = load(write(tmp_path, "set.json", json.dumps(objs)))
    assert (src.kind, src.format, len(src.records)) == ("set", "json-records", len(objs))
    assert src.records[0].key == f"{objs[0]['prompt_id']}#{objs[0]['sample']}"
    assert src.records[0].prompt == objs[0]["prompt"]


def test_records_under_a_data_key(tmp_path: Path, slop_dir: Path) -> None:
    objs = [json.loads(x) for x in (slop_dir / "generated_openrouter__quasar-alpha.jsonl").read_text().splitlines()]
    src = load(write(tmp_path, "dump.json", json.dumps({"meta": {"run": 1}, "results": objs[:5]})))
    assert src.kind == "set" and [r.prompt_id for r in src.records] == [str(o["id"]) for o in objs[:5]]


@pytest.mark.parametrize("field", ["output", "response", "completion", "text", "content", "answer"])
def test_jsonl_with_each_usual_answer_field(tmp_path: Path, real: dict, field: str) -> None:
    line = json.dumps({"id": "q1", field: real["output"], "thinking": real["reasoning"]})
    src = load(write(tmp_path, "run.jsonl", line + "\n" + line.replace('"q1"', '"q2"') + "\n"))
    assert src.kind == "set" and [r.prompt_id for r in src.records] == ["q1", "q2"]
    assert src.records[1].trace.answer == real["output"].strip()
    assert src.records[1].trace.reasoning == real["reasoning"].strip()


def test_slop_forensics_files_load_with_ids_prompts_and_models(slop_dir: Path) -> None:
    path = slop_dir / "generated_meta-llama__llama-4-scout.jsonl"
    first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    src = load(path)
    assert (src.kind, len(src.records)) == ("set", 100)
    r = src.records[0]
    assert (r.prompt_id, r.model, r.prompt) == (str(first["id"]), first["model"], first["prompt"])
    assert r.trace.answer == first["output"].strip()


# -- encodings ------------------------------------------------------------------------------------
CHINESE = "首先，我们需要理解题目。等等，这里有一个陷阱：船可以同时载一个人和一只动物。所以答案很简单。"


@pytest.mark.parametrize(
    ("encoding", "payload"),
    [
        ("utf-8-sig", CHINESE),
        ("utf-16", CHINESE),  # Python writes a BOM
        ("utf-16-le", "Okay, so the man and the sheep cross together. " * 5),  # no BOM
        ("gb18030", CHINESE * 3),
        ("gbk", CHINESE * 3),
        ("latin-1", "Café, naïve façade - résumé of the piñata's rôle. " * 4),
    ],
)
def test_encodings_are_detected_not_assumed(tmp_path: Path, encoding: str, payload: str) -> None:
    p = tmp_path / "trace.txt"
    p.write_bytes(payload.encode(encoding))
    assert load(p).trace.answer == payload.strip()


def test_utf8_bom_json(tmp_path: Path, real: dict) -> None:
    p = tmp_path / "resp.json"
    p.write_bytes(json.dumps({"output": real["output"]}).encode("utf-8-sig"))
    assert load(p).trace.answer == real["output"].strip()


# -- bad input: one clear message naming the file and the problem, nothing modified ---------------
BAD = [
    ("empty.txt", b"", "is empty"),
    ("blank.md", b"  \n\n\t ", "only white space"),
    ("image.json", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary file (a PNG image)"),
    ("blob.txt", b"abc\x00\x01\x02\x03\xff\xfe\x00\x00\x10" * 50, "binary file"),
    ("broken.json", b'{"output": "fine",\n  "reasoning": "oops"\n  "model": 1}', "malformed JSON at line 3, column 3"),
    ("lines.jsonl", b'{"output": "a"}\n{"output": "b"\n', "JSONL line 2, column 15"),
    ("lines2.jsonl", b'{"output": "a"}\n["not", "an", "object"]\n', "JSONL line 2 is a JSON array, not an object"),
    ("shape.json", b'{"score": 3, "meta": {"x": 1}}', "no recognisable text field"),
    ("number.json", b"42", "is a JSON number"),
    ("array.json", b'[{"output": "a"}, 7]', "item 2 of the JSON array is a JSON number, not an object"),
    ("records.jsonl", b'{"output": "a"}\n{"score": 1}\n', "JSONL line 2: no recognisable text field"),
]


@pytest.mark.parametrize(("name", "content", "problem"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_gets_one_clear_message(tmp_path: Path, name: str, content: bytes, problem: str) -> None:
    p = write(tmp_path, name, content)
    before = p.read_bytes()
    with pytest.raises(LoadError) as info:
        load(p)
    message = str(info.value)
    assert message.startswith(f"{name}: ") and problem in message and "\n" not in message
    assert p.read_bytes() == before


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"nope\.jsonl: no such file"):
        load(tmp_path / "nope.jsonl")
    with pytest.raises(LoadError, match="is a folder"):
        load(tmp_path)


def test_kimi_vl_think_brackets_split_like_think_tags(tmp_path: Path, real: dict) -> None:
    # Kimi-VL (SpeechMap dumps) writes ◁think▷ … ◁/think▷; here around a real R1 trace, as text and in JSONL.
    text = f"◁think▷{real['reasoning']}◁/think▷{real['output']}"
    src = load(write(tmp_path, "kimi.txt", text))
    assert src.format == "think-tags"
    assert (src.trace.reasoning, src.trace.answer) == (real["reasoning"].strip(), real["output"].strip())
    line = json.dumps({"id": "q1", "model": "kimi-vl", "response": text})
    rec = load(write(tmp_path, "kimi.jsonl", line + "\n" + line.replace("q1", "q2") + "\n")).records[0]
    assert rec.trace.reasoning == real["reasoning"].strip() and "◁" not in rec.trace.answer


def test_a_load_error_crosses_a_process_boundary_whole() -> None:
    # The window counts idioms in a worker process: the error a user's list raises there comes back as itself.
    import pickle

    err = pickle.loads(pickle.dumps(LoadError(Path("/lists/mine.txt"), "idiom list has no phrases")))
    assert isinstance(err, LoadError) and err.path == Path("/lists/mine.txt")
    assert str(err) == "mine.txt: idiom list has no phrases"
