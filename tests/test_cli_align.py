"""``tracepair align``: the JSON contract, pair picking in output sets, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracepair.cli.main import main
from tracepair.core.load.reader import load


def run_json(capsys, *args: str) -> dict:
    assert main(["align", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_contract_on_two_output_sets(capsys, misguided_dir: Path) -> None:
    a, b = misguided_dir / "deepseek-r1-0528.jsonl", misguided_dir / "qwen3-235b-a22b-think.jsonl"
    out = run_json(capsys, str(a), str(b), "--granularity", "turn")
    first_shared = load(a).records[0].key
    assert out["prompt"] == first_shared
    ta, tb = load(a).by_key()[first_shared].trace, load(b).by_key()[first_shared].trace
    for key, trace in (("steps_a", ta), ("steps_b", tb)):
        steps = out[key]
        assert steps and all({"start", "end", "part", "marker"} <= set(s) for s in steps)
        assert all(0 <= s["start"] < s["end"] <= len(trace.text) for s in steps)
        assert all(trace.part_at(s["start"]) == s["part"] for s in steps)
    for p in out["pairs"]:
        assert p["kind"] in {"match", "merge", "move"} and 0 <= p["score"] <= 1
        for side, n in (("a", len(out["steps_a"])), ("b", len(out["steps_b"]))):
            ix = p[side] if isinstance(p[side], list) else [p[side]]
            assert all(0 <= i < n for i in ix)
    for key in ("markers_a", "markers_b"):
        prof = out[key]
        assert prof["part"] == "reasoning" and prof["count"] == len(prof["sequence"])
        assert sum(prof["counts_by_move"].values()) == prof["count"]
    assert set(out["control"]) >= {"random_pair_mean", "shuffled_pairs", "aligned_pairs"}


def test_prompt_picks_the_records(capsys, misguided_dir: Path) -> None:
    a, b = misguided_dir / "deepseek-r1-0528.jsonl", misguided_dir / "deepseek-r1.jsonl"
    key = load(a).records[7].key
    out = run_json(capsys, str(a), str(b), "--prompt", key)
    assert out["prompt"] == key
    trace = load(a).by_key()[key].trace
    assert out["steps_a"][-1]["end"] <= len(trace.text)
    assert trace.text[out["steps_a"][0]["start"] :].startswith(trace.reasoning.lstrip()[:20])


def test_two_trace_files_align_their_paragraphs(capsys, tmp_path: Path, slop_dir: Path) -> None:
    # real paragraphs of one answer; B has them with the first one moved to the end
    line = (slop_dir / "generated_x-ai__grok-3-mini-beta.jsonl").read_text(encoding="utf-8").splitlines()[0]
    paras = [p for p in json.loads(line)["output"].split("\n\n") if len(p.split()) > 10][:8]
    (tmp_path / "a.txt").write_text("\n\n".join(paras), encoding="utf-8")
    (tmp_path / "b.txt").write_text("\n\n".join(paras[1:] + paras[:1]), encoding="utf-8")
    out = run_json(capsys, str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    pairs = {(p["a"], p["b"], p["kind"]) for p in out["pairs"]}
    assert pairs == {(i, i - 1, "match") for i in range(1, 8)} | {(0, 7, "move")}
    assert out["prompt"] is None
    # the plain-text report says the same
    assert main(["align", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]) == 0
    text = capsys.readouterr().out
    assert "7 matches, 0 merges, 1 moves" in text and "control" in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [(["--prompt", "no-such-id"], "no record with prompt id"), (["--markers", "/nonexistent.txt"], "marker")],
)
def test_bad_input_is_one_line_and_exit_2(capsys, misguided_dir: Path, extra: list[str], message: str) -> None:
    a = misguided_dir / "deepseek-r1-0528.jsonl"
    assert main(["align", str(a), str(a), *extra]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err


def test_sets_without_a_shared_prompt_are_refused(capsys, misguided_dir: Path, slop_dir: Path) -> None:
    other = slop_dir / "generated_x-ai__grok-3-mini-beta.jsonl"
    code = main(["align", str(misguided_dir / "gpt-4.1.jsonl"), str(other)])
    assert code == 2
    assert "shares no prompt id" in capsys.readouterr().err


def test_without_prompt_the_first_pair_is_the_one_compare_makes(capsys, tmp_path: Path, misguided_dir: Path) -> None:
    # Constructed from real records: A's first record of prompt p1 is empty (an API failure) and a
    # later one repeats p1 with text. compare pairs p2 (the empty first p1 has no text, the repeat
    # is a duplicate key); align picks the same pair instead of refusing the empty record.
    real = [json.loads(line) for line in (misguided_dir / "gpt-4.1.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = [r["output"] for r in real if r.get("output")][:3]
    a = [{"id": "p1", "output": ""}, {"id": "p2", "output": texts[0]}, {"id": "p1", "output": texts[1]}]
    b = [{"id": "p1", "output": texts[1]}, {"id": "p2", "output": texts[2]}]
    pa, pb = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    pa.write_text("".join(json.dumps(r) + "\n" for r in a), encoding="utf-8")
    pb.write_text("".join(json.dumps(r) + "\n" for r in b), encoding="utf-8")
    assert main(["compare", str(pa), str(pb), "--json"]) == 0
    first = json.loads(capsys.readouterr().out)["pairs"][0]["key"]
    assert first == "p2"
    assert run_json(capsys, str(pa), str(pb))["prompt"] == first
