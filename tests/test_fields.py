"""Saying where the text is: ``--field ROLE=PATH`` on every subcommand, and ``FieldMap`` in core.

The nested files here are CONSTRUCTED (no tool writes this exact shape; it stands for any in-house
format Tracepair cannot know) around REAL model outputs from shared/data, so a test can check that the
text read through the paths is exactly what the model wrote.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import formats_data as fd
from tracepair.cli.main import COMMANDS, main
from tracepair.core.load import FieldError, FieldMap, UnmappedRecord, first_record, load, paths, resolve, shape_of
from tracepair.core.load.fields import PathMissing
from tracepair.core.model import LoadError

RECORDS = fd.real_records(n=6)
GEMINI = fd.real_records("gemini-2.5-pro-high", n=40)
NESTED = ["--field", "output=resp.generations.0.body.text", "--field", "reasoning=resp.generations.0.body.thought",
          "--field", "id=req.key", "--field", "prompt=req.question", "--field", "model=resp.engine"]


def nested(path: Path, records: list[dict], broken: int = 0) -> Path:
    """An in-house shape: the text two levels down in a list; ``broken`` records have no generations."""
    rows = []
    for i, r in enumerate(records):
        gens = [] if i < broken else [{"body": {"text": r["output"], "thought": r["reasoning"]}}]
        rows.append({"req": {"key": fd.key(r), "question": r["prompt"]}, "resp": {"engine": r["model"],
                                                                                 "generations": gens}})
    path.write_text("".join(json.dumps(x) + "\n" for x in rows), encoding="utf-8")
    return path


# -- core ----------------------------------------------------------------------------------------------
def test_paths_walk_keys_and_indexes() -> None:
    obj = {"a": {"b": [{"c": "first"}, {"c": "last"}]}, "n": None}
    assert resolve(obj, "a.b.0.c") == "first"
    assert resolve(obj, "a.b.-1.c") == "last"
    assert FieldMap(output="a.b[1].c").output == "a.b.1.c"
    with pytest.raises(PathMissing, match=r"^no 'x' in a \(it has b\)$"):
        resolve(obj, "a.x")
    with pytest.raises(PathMissing, match=r"^a.b has 2 item\(s\): no item 5$"):
        resolve(obj, "a.b.5")
    with pytest.raises(PathMissing, match=r"^n is null$"):
        resolve(obj, "n.x")
    with pytest.raises(PathMissing, match=r"^a.b is an array: give an index"):
        resolve(obj, "a.b.c")


@pytest.mark.parametrize(("given", "problem"), [
    (["output"], "--field output: write ROLE=PATH"),
    (["answer=x"], "--field answer=x: unknown role 'answer' (roles: output, reasoning, prompt, id, model)"),
    (["output=a", "output=b"], "--field output is given twice (a and b)"),
    (["output="], "--field output=: give a path"),
    (["output=a..b"], "--field output=a..b: empty step in the path"),
])
def test_a_malformed_field_is_named(given: list[str], problem: str) -> None:
    with pytest.raises(FieldError) as err:
        FieldMap.parse(given)
    assert str(err.value).startswith(problem)


def test_nested_fields_read_exactly_the_real_text(tmp_path: Path) -> None:
    path = nested(tmp_path / "in_house.jsonl", RECORDS)
    with pytest.raises(UnmappedRecord) as err:
        load(path)
    assert err.value.record["req"]["key"] == fd.key(RECORDS[0])  # the window's dialog shows this record
    assert str(err.value).endswith("say where the text is with --field output=PATH")
    src = load(path, FieldMap.parse(a for a in NESTED if a != "--field"))
    assert src.models == ["deepseek-r1-0528"]
    for r, got in zip(RECORDS, src.records, strict=True):
        assert (got.key, got.prompt) == (fd.key(r), r["prompt"])
        assert (got.trace.reasoning, got.trace.answer) == (r["reasoning"].strip(), r["output"].strip())
    assert src.notes[0].startswith("fields read where they were given: output=resp.generations.0.body.text")


def test_a_path_missing_in_some_records_leaves_them_empty_and_says_so(tmp_path: Path) -> None:
    src = load(nested(tmp_path / "n.jsonl", RECORDS, broken=2), FieldMap(output="resp.generations.0.body.text"))
    assert [r.trace.empty for r in src.records] == [True, True, False, False, False, False]
    assert any(n.startswith("--field output=resp.generations.0.body.text: not found in 2 of 6 records, read as "
                            "Tracepair finds them unaided, or left empty (first: JSONL line 1: resp.generations has "
                            "0 item(s): no item 0)") for n in src.notes)


def test_a_mapped_path_holding_a_number_is_named(tmp_path: Path) -> None:
    path = tmp_path / "n.jsonl"
    path.write_text('{"x": {"y": 3}}\n{"x": {"y": 4}}\n', encoding="utf-8")
    with pytest.raises(LoadError, match=r"^n.jsonl: JSONL line 1: 'x.y' holds a number \(3\), not text$"):
        load(path, FieldMap(output="x.y"))


def test_a_single_document_with_fields(tmp_path: Path) -> None:
    r = RECORDS[0]
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"result": {"parts": [r["output"]]}}), encoding="utf-8")
    src = load(path, FieldMap(output="result.parts.0"))
    assert (src.kind, src.trace.answer) == ("trace", r["output"].strip())
    with pytest.raises(LoadError, match=r"^one.json: --field output=result.parts.1: result.parts has 1 item"):
        load(path, FieldMap(output="result.parts.1"))


def test_fields_chosen_from_the_first_record(tmp_path: Path) -> None:
    """The window's remembered choice: a function of the first record picks the fields for the file."""
    path = nested(tmp_path / "n.jsonl", RECORDS)
    first = first_record(path)
    assert first is not None and shape_of(first) == "req|resp"
    remembered = {"req|resp": FieldMap(output="resp.generations.0.body.text")}
    src = load(path, lambda rec: remembered.get(shape_of(rec)))
    assert src.records[3].trace.answer == RECORDS[3]["output"].strip()
    listed = dict(paths(first))
    assert listed["resp.generations.0.body.text"] == RECORDS[0]["output"]
    assert first_record(tmp_path / "missing.jsonl") is None


# -- every subcommand ----------------------------------------------------------------------------------
def _args(command: str, a: Path, b: Path, c: Path, out: Path) -> list[str]:
    return {"inspect": [str(a)], "compare": [str(a), str(b)], "align": [str(a), str(b)],
            "idioms": [str(a), str(b), "--bootstrap", "0"], "lineup": [str(a), str(b), str(c), "--bootstrap", "0"],
            "snapshot": [str(a), str(b), "-o", str(out / "v.png")],
            "report": [str(a), str(b), "-o", str(out / "r.html")]}[command]


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    d = tmp_path_factory.mktemp("nested")
    keys = {fd.key(r) for r in GEMINI}
    ours = [r for r in fd.real_records(n=54, with_reasoning=False) if fd.key(r) in keys]
    other = fd.real_records("qwen3-235b-a22b-think", n=54, with_reasoning=False)
    return nested(d / "a.jsonl", ours), nested(d / "b.jsonl", GEMINI), nested(d / "c.jsonl", other)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_subcommand_takes_fields(command: str, three: tuple[Path, Path, Path], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    a, b, c = three
    args = _args(command, a, b, c, tmp_path)
    assert main([command, *args]) == 2  # unaided, the text cannot be found
    assert "no recognisable text field" in capsys.readouterr().err
    assert main([command, *args, *NESTED]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("command", COMMANDS)
def test_a_bad_path_is_one_line_naming_it_and_exit_2(command: str, three: tuple[Path, Path, Path], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    a, b, c = three
    assert main([command, *_args(command, a, b, c, tmp_path), "--field", "output=resp.generation.0.body.text"]) == 2
    err = capsys.readouterr().err
    problem = ("a.jsonl: --field output=resp.generation.0.body.text: not found in any record "
               "(JSONL line 1: no 'generation' in resp (it has engine, generations))")
    assert err.count("\n") == 1 and problem in err, err


def test_compare_through_fields_matches_the_plain_dump(three: tuple[Path, Path, Path], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """The same records read through paths and read from the plain JSONL compare alike."""
    a, b, _ = three
    plain = []
    for p in (a, b):
        rows = [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines()]
        flat = tmp_path / f"flat_{p.name}"
        bodies = [(x["req"], x["resp"]["generations"][0]["body"]) for x in rows]
        flat.write_text("".join(json.dumps({"id": req["key"], "output": body["text"], "reasoning": body["thought"],
                                            "prompt": req["question"]}) + "\n" for req, body in bodies),
                        encoding="utf-8")
        plain.append(flat)
    assert main(["compare", str(a), str(b), "--json", *NESTED]) == 0
    mapped = json.loads(capsys.readouterr().out)
    assert main(["compare", str(plain[0]), str(plain[1]), "--json"]) == 0
    flat = json.loads(capsys.readouterr().out)
    assert mapped["metrics"] == flat["metrics"] and len(mapped["passages"]) == len(flat["passages"])
