"""``tracepair idioms``: the JSON contract on real output sets, user lists, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracepair.cli.main import main


@pytest.fixture(scope="module")
def pair(slop_dir: Path) -> tuple[str, str]:
    return (str(slop_dir / "generated_meta-llama__llama-4-maverick.jsonl"),
            str(slop_dir / "generated_meta-llama__llama-4-scout.jsonl"))


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["idioms", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_contract(pair: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(capsys, *pair, "--top", "7")
    for key in ("a", "b"):
        side = doc[key]
        assert 0 < len(side["top"]) <= 7
        for row in side["top"]:
            assert {"idiom", "count", "per_10k", "baseline_ratio"} <= set(row)
            assert row["per_10k"] == pytest.approx(1e4 * row["count"] / side["words"], abs=1e-3)
        ratios = [row["baseline_ratio"] for row in side["top"]]
        assert ratios == sorted(ratios, reverse=True)
    assert doc["a"]["name"] == "meta-llama/llama-4-maverick"
    assert doc["shared"], "sibling models share favourites"
    for row in doc["shared"]:
        assert row["baseline_ratio_a"] >= 2 and row["baseline_ratio_b"] >= 2
        assert min(row["count_a"], row["count_b"]) >= 3


def test_user_idiom_list(pair: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "mine.txt"
    mine.write_text("# two phrases\nnodded\nraised an eyebrow\n", encoding="utf-8")
    doc = run_json(capsys, *pair, "--idioms", str(mine), "--min-count", "1")
    for key in ("a", "b"):
        assert {row["idiom"] for row in doc[key]["top"]} == {"nodded", "raised an eyebrow"}


def test_plain_output_names_both_sides(pair: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["idioms", *pair, "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "llama-4-maverick" in out and "llama-4-scout" in out and "shared favourites" in out


def test_bad_input_is_one_line_exit_2(pair: tuple[str, str], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["idioms", pair[0], str(tmp_path / "missing.jsonl")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "missing.jsonl" in err
    assert main(["idioms", *pair, "--idioms", str(tmp_path / "nolist.txt")]) == 2
    assert "nolist.txt" in capsys.readouterr().err
