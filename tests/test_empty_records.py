"""Records with no text (API failures, refusals) in real dumps: the set loads, the empties are counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracepair.core.idioms.stats import IdiomSettings, idioms, idioms_to_json
from tracepair.core.load.reader import load
from tracepair.core.model import LoadError

# Real files of misguided-attention with records whose output is "" or null and that have no reasoning.
WITH_EMPTIES = ["o4-mini-high.jsonl", "gemini-exp-1206.jsonl", "gemini-2.0-pro-exp-02-05.jsonl",
                "deepseek-r1-distill-llama-70b.jsonl"]


def _objects(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _has_no_text(o: dict) -> bool:
    return not (o.get("output") or "").strip() and not (o.get("reasoning") or "").strip()


@pytest.mark.parametrize("name", WITH_EMPTIES)
def test_a_set_with_empty_records_loads_and_counts_them(misguided_dir: Path, name: str) -> None:
    path = misguided_dir / name
    objs = _objects(path)
    src = load(path)
    assert len(src.records) == len(objs) == 54
    empty_keys = [f"{o['prompt_id']}#{o['sample']}" for o in objs if _has_no_text(o)]
    assert empty_keys, "the file no longer holds an empty record"
    assert [r.key for r in src.records if r.trace.empty] == empty_keys
    assert f"{len(empty_keys)} of 54 records are empty (no text: an API failure or a refusal?)" in src.notes
    # Both ways a dump writes "nothing": null and "".
    outputs = {repr(o["output"]) for o in objs if _has_no_text(o)}
    assert outputs <= {"None", "''"}


def test_null_and_empty_string_both_occur_in_the_real_files(misguided_dir: Path) -> None:
    seen = {repr(o["output"]) for n in WITH_EMPTIES for o in _objects(misguided_dir / n) if _has_no_text(o)}
    assert seen == {"None", "''"}


def test_a_set_of_only_empty_records_is_an_error_naming_that(tmp_path: Path, misguided_dir: Path) -> None:
    # The real empty records of two files, and nothing else.
    lines = [x for n in WITH_EMPTIES[:2] for x in (misguided_dir / n).read_text(encoding="utf-8").splitlines()
             if x.strip() and _has_no_text(json.loads(x))]
    p = tmp_path / "failures.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as info:
        load(p)
    assert str(info.value) == (f"failures.jsonl: all {len(lines)} records are empty (their text fields are "
                               "empty or null): nothing to show or compare")


@pytest.mark.parametrize(("content", "message"), [
    (b'{"output": null}', "empty.json: has no text (its text fields are empty or null)"),
    (b'{"choices": [{"message": {"role": "assistant", "content": ""}}]}',
     "empty.json: has no text (its text fields are empty or null)"),
])
def test_a_single_trace_with_no_text_is_an_error(tmp_path: Path, content: bytes, message: str) -> None:
    p = tmp_path / "empty.json"
    p.write_bytes(content)
    with pytest.raises(LoadError) as info:
        load(p)
    assert str(info.value) == message


def test_empty_think_tags_are_no_text(tmp_path: Path) -> None:
    p = tmp_path / "t.txt"
    p.write_text("<think>\n\n</think>\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"^t\.txt: has no text \(its <think> tags are empty\)$"):
        load(p)


def test_idiom_counts_leave_empty_records_out_and_say_so(misguided_dir: Path) -> None:
    a, b = load(misguided_dir / "o4-mini-high.jsonl"), load(misguided_dir / "gemini-exp-1206.jsonl")
    empty_a = sum(r.trace.empty for r in a.records)
    empty_b = sum(r.trace.empty for r in b.records)
    rep = idioms(a, b, IdiomSettings(bootstrap=50))
    assert (rep.a.empty_records, rep.b.empty_records) == (empty_a, empty_b)
    assert len(rep.a.records) == 54 - empty_a and all(r.words > 0 for r in rep.a.records)
    payload = idioms_to_json(rep)
    assert payload["a"]["empty_records"] == empty_a and payload["a"]["records"] == 54 - empty_a
    assert payload["notes"] == [
        f"o4-mini-high: {empty_a} of 54 records have no text and are left out of the counts",
        f"gemini-exp-1206: {empty_b} of 54 records have no text and are left out of the counts",
    ]


def test_idiom_counts_without_empty_records_have_no_note(misguided_dir: Path) -> None:
    a, b = load(misguided_dir / "gpt-4.1.jsonl"), load(misguided_dir / "claude-opus-4.jsonl")
    rep = idioms(a, b, IdiomSettings(bootstrap=0))
    assert rep.notes == [] and rep.a.empty_records == 0


def test_align_skips_empty_records_and_names_an_empty_one_asked_for(tmp_path: Path, misguided_dir: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from tracepair.cli.main import main

    # o4-mini-high's real records, its first empty one moved to the front.
    lines = [x for x in (misguided_dir / "o4-mini-high.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    empty = next(x for x in lines if _has_no_text(json.loads(x)))
    key = "{prompt_id}#{sample}".format(**json.loads(empty))
    a = tmp_path / "a.jsonl"
    a.write_text("\n".join([empty, *(x for x in lines if x != empty)]) + "\n", encoding="utf-8")
    b = misguided_dir / "gpt-4.1.jsonl"
    assert main(["align", "--json", str(a), str(b)]) == 0
    assert json.loads(capsys.readouterr().out)["prompt"] != key
    assert main(["align", "--prompt", key, str(a), str(b)]) == 2
    assert capsys.readouterr().err == (f"tracepair: a.jsonl: the record of prompt {key!r} has no text (empty or "
                                       "null): nothing to align\n")


def test_a_record_missing_its_text_field_loads_as_empty(misguided_dir: Path, tmp_path: Path) -> None:
    # Constructed from real records: the third has lost its text keys ("output", "reasoning") altogether
    # (as a failed call may be logged), keeping only fields the others have. It loads as an empty record, said in a
    # note; a record with a field of its own is another shape, and asks where its text is.
    from tracepair.core.load.fields import UnmappedRecord

    rows = [json.loads(line) for line in (misguided_dir / "gpt-4.1.jsonl").read_text(encoding="utf-8").splitlines()][:5]
    lost = {k: v for k, v in rows[2].items() if k not in ("output", "reasoning")}
    path = tmp_path / "lost.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in [*rows[:2], lost, *rows[3:]]), encoding="utf-8")
    src = load(path)
    assert len(src.records) == 5 and src.records[2].trace.empty
    assert src.records[2].key == f"{lost['prompt_id']}#{lost['sample']}"
    assert any("1 record(s) have no text field at all" in n and "JSONL line 3" in n for n in src.notes)
    path.write_text("".join(json.dumps(r) + "\n" for r in [*rows[:2], {**lost, "gen": "elsewhere"}]), encoding="utf-8")
    with pytest.raises(UnmappedRecord, match="JSONL line 3"):
        load(path)
