"""``tracepair compare``: the JSON contract, the plain summary and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracepair.cli.main import main
from tracepair.core.load.reader import load

METRICS = {"containment_a", "containment_b", "jaccard", "longest_tokens", "weighted_score", "chance_score"}
PASSAGE = {"tokens", "rarity", "text", "a_spans", "b_spans", "similarity", "prompt_id"}


def _run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["compare", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_contract_for_output_sets(slop_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = slop_dir / "generated_meta-llama__llama-4-maverick.jsonl"
    b = slop_dir / "generated_meta-llama__llama-4-scout.jsonl"
    out = _run_json(capsys, str(a), str(b))
    assert set(out["metrics"]) >= METRICS
    assert out["metrics"]["chance_score"] < out["metrics"]["weighted_score"]
    # Every measure has its control: siblings share far more than mismatched prompts do.
    chance = out["chance_metrics"]
    assert chance["weighted_score"] == out["metrics"]["chance_score"]
    for key in ("containment_a", "containment_b", "jaccard", "longest_tokens"):
        assert 0 <= chance[key] < out["metrics"][key], key
    assert out["passages"] and all(set(p) >= PASSAGE for p in out["passages"])
    src_a, src_b = load(a), load(b)
    for p in out["passages"][:50]:
        rec_a, rec_b = src_a.records[p["a_record"]], src_b.records[p["b_record"]]
        assert rec_a.prompt_id == p["prompt_id"] == rec_b.prompt_id
        s, e = p["a_spans"][0]
        assert rec_a.trace.text[s:e] == p["text"]
        for s, e in p["b_spans"]:
            assert 0 <= s < e <= len(rec_b.trace.text)
    assert len(out["pairs"]) == 100


def test_min_tokens_changes_what_counts(slop_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = str(slop_dir / "generated_meta-llama__llama-4-maverick.jsonl")
    b = str(slop_dir / "generated_meta-llama__llama-4-scout.jsonl")
    loose = _run_json(capsys, a, b, "--min-tokens", "4", "--no-near-exact")
    strict = _run_json(capsys, a, b, "--min-tokens", "10", "--no-near-exact")
    assert min(p["tokens"] for p in loose["passages"]) == 4
    assert min(p["tokens"] for p in strict["passages"]) >= 10
    assert all(p["similarity"] == 1.0 for p in loose["passages"])
    assert loose["metrics"]["containment_a"] > strict["metrics"]["containment_a"]


def test_plain_output_shows_the_chance_baseline(slop_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = slop_dir / "generated_meta-llama__llama-4-maverick.jsonl"
    b = slop_dir / "generated_meta-llama__llama-4-scout.jsonl"
    assert main(["compare", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "weighted score" in out and "chance:" in out and "mismatched prompts" in out


def test_two_traces(tmp_path: Path, misguided_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Two single-trace files written from real records (reasoning in think tags, then the answer).
    paths = []
    for name in ("deepseek-r1-0528", "deepseek-r1"):
        rec = load(misguided_dir / f"{name}.jsonl").records[0]
        path = tmp_path / f"{name}.txt"
        path.write_text(f"<think>\n{rec.trace.reasoning}\n</think>\n\n{rec.trace.answer}", encoding="utf-8")
        paths.append(path)
    out = _run_json(capsys, *map(str, paths))
    assert out["a"]["kind"] == out["b"]["kind"] == "trace"
    assert "shuffled" in out["chance_method"] and "pairs" not in out
    text = load(paths[0]).trace.text
    for p in out["passages"]:
        s, e = p["a_spans"][0]
        assert text[s:e] == p["text"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl", "{slop}/generated_x-ai__grok-3-mini-beta.jsonl"], "no such file"),
        (["{slop}/generated_x-ai__grok-3-mini-beta.jsonl", "{mis}/gpt-4.1.jsonl"], "no prompt id in common"),
        (["{slop}/generated_x-ai__grok-3-mini-beta.jsonl", "{slop}/generated_x-ai__grok-3-mini-beta.jsonl",
          "--min-tokens", "1"], "at least 2"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    args: list[str], message: str, slop_dir: Path, misguided_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [a.format(slop=slop_dir, mis=misguided_dir) for a in args]
    assert main(["compare", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_output_piped_into_a_reader_that_stops_early_gives_no_traceback(slop_dir: Path, tmp_path: Path) -> None:
    import shlex
    import subprocess
    import sys

    a = slop_dir / "generated_meta-llama__llama-4-maverick.jsonl"
    b = slop_dir / "generated_meta-llama__llama-4-scout.jsonl"
    err = tmp_path / "stderr.txt"
    # `head` leaves after 20 bytes while tracepair is still printing lines.
    cmd = (f"{shlex.quote(sys.executable)} -m tracepair compare {shlex.quote(str(a))} "
           f"{shlex.quote(str(b))} 2>{shlex.quote(str(err))} | head -c 20")
    r = subprocess.run(["bash", "-c", cmd], capture_output=True, timeout=120)
    assert r.stdout.startswith(b"A ")
    assert err.read_text() == ""


def test_json_gives_each_pair_its_own_control(slop_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = slop_dir / "generated_meta-llama__llama-4-maverick.jsonl"
    b = slop_dir / "generated_meta-llama__llama-4-scout.jsonl"
    out = _run_json(capsys, str(a), str(b))
    src_b = load(b)
    pairs = out["pairs"]
    for k, p in enumerate(pairs):
        assert set(p["chance"]) == set(p["metrics"])
        # The control is A's same record against B's record for the next prompt, never the pair's own.
        assert p["chance_b_record"] == pairs[(k + 1) % len(pairs)]["b_record"]
        assert src_b.records[p["chance_b_record"]].prompt_id != p["prompt_id"]
    # Per pair, not the totals: the control pairs' token counts add up to the set-level control's.
    assert sum(p["chance"]["tokens_b"] for p in pairs) == out["chance_metrics"]["tokens_b"]
    assert max(p["chance"]["longest_tokens"] for p in pairs) == out["chance_metrics"]["longest_tokens"]
    assert sum(p["chance"]["longest_tokens"] < out["chance_metrics"]["longest_tokens"] for p in pairs) > 50
