"""The files researchers' tools write load as they are: batch results, eval logs, harness samples,
conversations, Parquet.

Every example file is CONSTRUCTED from the format's published documentation (see formats_data.py,
which names the documents) around REAL model outputs from shared/data, so each test can check that
what Tracepair reads back is exactly what the model wrote. No real file of these formats could be
had offline; the constructions follow the documented field names and nesting.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import formats_data as fd
from tracepair.cli.main import main
from tracepair.core.load import load
from tracepair.core.load import parquet as parquet_reader
from tracepair.core.model import LoadError

RECORDS = fd.real_records(n=8)
Writer = Callable[[Path, list], Path]

#: name -> (writer, file name, key of a real record in the file, format, record_shape)
FORMATS: dict[str, tuple[Writer, str, Callable[[dict], str], str, str]] = {
    "openai-batch": (fd.openai_batch, "batch_output.jsonl", fd.key, "jsonl", "openai-batch"),
    "anthropic-batch": (fd.anthropic_batch, "msgbatch_results.jsonl", fd.key, "jsonl", "anthropic-batch"),
    "inspect-json": (fd.inspect_json, "2025-06-01_task.json", lambda r: f"{r['prompt_id']}#{r['sample'] + 1}",
                     "inspect-json", "inspect-sample"),
    "inspect-eval": (fd.inspect_eval, "2025-06-01_task.eval", lambda r: f"{r['prompt_id']}#{r['sample'] + 1}",
                     "inspect-eval", "inspect-sample"),
    "lm-eval": (fd.lm_eval_samples, "samples_misguided_2025-06-01T00-00-00.jsonl",
                lambda r: str(RECORDS.index(r)), "jsonl", "lm-eval-samples"),
    "sharegpt": (fd.sharegpt, "sharegpt.jsonl", fd.key, "jsonl", "sharegpt"),
    "openai-messages": (fd.openai_messages, "messages.jsonl", fd.key, "jsonl", "chat-messages"),
}


@pytest.mark.parametrize("name", FORMATS)
def test_each_format_reads_back_exactly_what_the_model_wrote(tmp_path: Path, name: str) -> None:
    writer, file_name, key_of, fmt, shape = FORMATS[name]
    src = load(writer(tmp_path / file_name, RECORDS))
    assert (src.kind, src.format, src.record_shape, len(src.records)) == ("set", fmt, shape, len(RECORDS))
    by_key = src.by_key()
    for r in RECORDS:
        got = by_key[key_of(r)]
        assert got.trace.answer == r["output"].strip(), name
        assert got.trace.reasoning == r["reasoning"].strip(), name
        if name not in ("openai-batch", "anthropic-batch"):  # a batch's output file holds no prompt
            assert got.prompt == r["prompt"], name


@pytest.mark.parametrize("name", FORMATS)
def test_each_format_in_inspect_json(tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    writer, file_name, _key, fmt, shape = FORMATS[name]
    path = writer(tmp_path / file_name, RECORDS)
    assert main(["inspect", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["format"], out["record_shape"], out["records"], out["empty_records"]) == (fmt, shape, 8, 0)
    assert out["records_with_reasoning"] == 8


def test_a_batch_compared_with_the_dump_it_came_from_is_identical_pair_by_pair(
        tmp_path: Path, misguided_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """custom_id is the prompt key: the batch pairs with the model's own JSONL dump record by record,
    and every pair is the same text (all of A is in shared passages)."""
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    for writer in (fd.openai_batch, fd.anthropic_batch):
        batch = writer(tmp_path / f"{writer.__name__}.jsonl", RECORDS)
        assert main(["compare", str(batch), str(dump), "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert len(out["pairs"]) == len(RECORDS) and not out["left_out"]
        assert all(p["metrics"]["containment_a"] > 0.99 for p in out["pairs"])


def test_failed_batch_requests_are_empty_records_not_errors(tmp_path: Path) -> None:
    openai = load(fd.openai_batch(tmp_path / "o.jsonl", RECORDS, failed=2))
    anthropic = load(fd.anthropic_batch(tmp_path / "a.jsonl", RECORDS, errored=3))
    assert [r.trace.empty for r in openai.records].count(True) == 2
    assert [r.trace.empty for r in anthropic.records].count(True) == 3
    assert openai.records[0].key == fd.key(RECORDS[0])  # still keyed, so the pair says why it is missing
    assert any("2 of 8 records are empty" in n for n in openai.notes)


def test_a_batch_request_that_returned_an_http_error_is_empty(tmp_path: Path) -> None:
    line = {"id": "batch_req_1", "custom_id": "q1", "error": None,
            "response": {"status_code": 400, "request_id": "r", "body": {"error": {"message": "bad request"}}}}
    body = {"object": "chat.completion", "model": "m", "choices": [{"message": {"content": RECORDS[0]["output"]}}]}
    ok = {"id": "batch_req_2", "custom_id": "q2", "error": None,
          "response": {"status_code": 200, "request_id": "s", "body": body}}
    path = tmp_path / "b.jsonl"
    path.write_text(json.dumps(line) + "\n" + json.dumps(ok) + "\n", encoding="utf-8")
    src = load(path)
    assert [r.trace.empty for r in src.records] == [True, False]


def test_lm_eval_reads_a_document_once_across_filters(tmp_path: Path) -> None:
    path = fd.lm_eval_samples(tmp_path / "samples_t.jsonl", RECORDS, filters=("strict-match", "flexible-extract"))
    src = load(path)
    assert len(src.records) == len(RECORDS)
    assert any("8 line(s) repeat a document" in n for n in src.notes)
    # The raw generation is read, not the answer a filter extracted from it.
    assert src.records[0].trace.answer == RECORDS[0]["output"].strip()


def test_lm_eval_scores_of_a_multiple_choice_task_are_named_not_read(tmp_path: Path) -> None:
    line = {"doc_id": 0, "doc": {}, "target": "1", "arguments": {"gen_args_0": {"arg_0": "Q", "arg_1": " A"}},
            "resps": [[[-1.5, False]], [[-0.3, True]]], "filtered_resps": [[-1.5, False], [-0.3, True]],
            "filter": "none", "metrics": ["acc"], "acc": 1.0}
    path = tmp_path / "samples_mc.jsonl"
    path.write_text(json.dumps(line) + "\n" + json.dumps({**line, "doc_id": 1}) + "\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"^samples_mc.jsonl: JSONL line 1: its responses .* hold scores, not "
                                        r"generated text"):
        load(path)


def test_inspect_model_comes_from_the_header_and_the_key_is_id_and_epoch(tmp_path: Path) -> None:
    src = load(fd.inspect_eval(tmp_path / "log.eval", RECORDS, model="openai/o4-mini"))
    assert src.models == ["openai/o4-mini"]
    assert {r.key for r in src.records} == {f"{r['prompt_id']}#{r['sample'] + 1}" for r in RECORDS}
    assert {r.sample for r in src.records} <= {1, 2, 3}


def test_an_unfinished_inspect_run_is_read_from_its_journal(tmp_path: Path) -> None:
    src = load(fd.inspect_eval(tmp_path / "running.eval", RECORDS[:3], finished=False))
    with zipfile.ZipFile(tmp_path / "running.eval") as z:
        assert "header.json" not in z.namelist()
    assert len(src.records) == 3 and src.models == ["deepseek/deepseek-reasoner"]


def test_inspect_redacted_reasoning_shows_its_summary_and_attachments_are_resolved(tmp_path: Path) -> None:
    r = RECORDS[0]
    sample = {"id": 1, "epoch": 1, "input": "attachment://abc", "attachments": {"abc": r["prompt"]},
              "messages": [], "target": "",
              "output": {"model": "m", "choices": [{"message": {"role": "assistant", "content": [
                  {"type": "reasoning", "reasoning": "gAAAAB-encrypted", "summary": r["reasoning"], "redacted": True},
                  {"type": "text", "text": r["output"]}]}}]}}
    doc = {"version": 2, "status": "success", "eval": {"model": "anthropic/claude"}, "samples": [sample]}
    path = tmp_path / "log.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    rec = load(path).records[0]
    assert rec.trace.reasoning == r["reasoning"].strip() and "encrypted" not in rec.trace.text
    assert rec.prompt == r["prompt"] and rec.key == "1#1"


def test_an_inspect_log_without_samples_says_so(tmp_path: Path) -> None:
    doc = {"version": 2, "status": "success", "eval": {"model": "m"}, "results": {}, "stats": {}}
    path = tmp_path / "header_only.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(LoadError, match=r"^header_only\.json: is an Inspect eval log with no samples"):
        load(path)


@pytest.mark.parametrize(("members", "problem"), [
    ({"word/document.xml": "<w/>", "[Content_Types].xml": "<x/>"}, "is a ZIP archive but not an Inspect eval log"),
    ({"header.json": "{}"}, "is an Inspect eval log with no samples"),
    ({"header.json": "{}", "samples/1_epoch_1.json": "{not json"}, "samples/1_epoch_1.json inside: malformed JSON"),
    ({"header.json": "{}", "samples/1_epoch_1.json": "[" * 200 + "]" * 200},
     "samples/1_epoch_1.json inside: JSON nested more than 100 levels deep"),
])
def test_hostile_or_foreign_zip_archives_are_named(tmp_path: Path, members: dict[str, str], problem: str) -> None:
    path = tmp_path / "x.eval"
    with zipfile.ZipFile(path, "w") as z:
        for name, text in members.items():
            z.writestr(name, text)
    before = path.read_bytes()
    with pytest.raises(LoadError) as err:
        load(path)
    assert str(err.value).startswith(f"x.eval: {problem}"), str(err.value)
    assert path.read_bytes() == before


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracepair.core.load import inspect_logs

    monkeypatch.setattr(inspect_logs, "MAX_MEMBER", 1 << 20)  # 1 MB here: the same check as 256 MB
    path = tmp_path / "bomb.eval"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("header.json", "{}")
        z.writestr("samples/1_epoch_1.json", b"0" * (8 << 20))  # 8 MB of zeros: a few KB compressed
    assert path.stat().st_size < 100_000
    with pytest.raises(LoadError, match=r"^bomb.eval: samples/1_epoch_1.json inside is 8 MB inflated: larger than"):
        load(path)


def test_a_damaged_zip_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.eval"
    fd.inspect_eval(path, RECORDS)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(LoadError) as err:
        load(path)
    assert str(err.value).startswith("cut.eval: is a ZIP archive that cannot be opened") and "\n" not in str(err.value)


# -- Parquet ---------------------------------------------------------------------------------------------
def _parquet(path: Path) -> Path:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = [{"id": fd.key(r), "model": r["model"],
             "messages": [{"role": "user", "content": r["prompt"]},
                          {"role": "assistant", "content": r["output"], "reasoning_content": r["reasoning"]}]}
            for r in RECORDS]
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def test_parquet_rows_are_records(tmp_path: Path) -> None:
    src = load(_parquet(tmp_path / "train-00000-of-00001.parquet"))
    assert (src.format, src.record_shape, len(src.records), src.models) == (
        "parquet", "chat-messages", 8, ["deepseek-r1-0528"])
    for r in RECORDS:
        got = src.by_key()[fd.key(r)]
        assert got.trace.answer == r["output"].strip() and got.prompt == r["prompt"]


def test_parquet_without_pyarrow_says_how_to_enable_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = _parquet(tmp_path / "data.parquet")
    monkeypatch.setattr(parquet_reader, "_pyarrow", lambda: None)  # as in an installation without the extra
    assert main(["inspect", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == ("tracepair: data.parquet: is a Parquet file: reading Parquet needs pyarrow, which this "
                   "installation lacks: pip install 'tracepair[parquet]' (or save the data as JSONL)\n")


def test_a_damaged_parquet_file_is_one_line(tmp_path: Path) -> None:
    path = _parquet(tmp_path / "d.parquet")
    path.write_bytes(path.read_bytes()[:-12])
    with pytest.raises(LoadError) as err:
        load(path)
    assert str(err.value).startswith("d.parquet: is a Parquet file that cannot be read (")
