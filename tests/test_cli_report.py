"""``tracepair report``: the files it writes, the CSV against ``compare --json``, bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tracepair.cli.main import main

MAVERICK = "generated_meta-llama__llama-4-maverick.jsonl"
SCOUT = "generated_meta-llama__llama-4-scout.jsonl"


@pytest.fixture(scope="module")
def written(slop_dir: Path, tmp_path_factory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("report")
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = main(["report", str(slop_dir / MAVERICK), str(slop_dir / SCOUT), "-o", str(out / "r.html"),
                   "--csv", str(out / "csv")])
    assert rc == 0
    return out, buf.getvalue().split()


def test_report_writes_and_prints_html_and_both_csvs(written) -> None:
    out, printed = written
    expected = [out / "r.html", out / "csv" / "passages.csv", out / "csv" / "idioms.csv"]
    assert printed == [str(p) for p in expected]
    assert all(p.stat().st_size > 0 for p in expected)
    assert (out / "csv" / "passages.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM, for Excel


def test_passages_csv_matches_compare_json(written, slop_dir: Path, capsys) -> None:
    out, _ = written
    capsys.readouterr()
    assert main(["compare", str(slop_dir / MAVERICK), str(slop_dir / SCOUT), "--json"]) == 0
    passages = json.loads(capsys.readouterr().out)["passages"]
    with (out / "csv" / "passages.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(passages) > 100
    for row, p in zip(rows, passages, strict=True):
        assert json.loads(row["a_spans"]) == p["a_spans"] and json.loads(row["b_spans"]) == p["b_spans"]
        assert row["text"] == p["text"] and int(row["tokens"]) == p["tokens"]
        assert float(row["rarity"]) == p["rarity"] and row["prompt_id"] == p["prompt_id"]
        assert row["prompt_echo"] == str(int(p["prompt_echo"]))


def test_idioms_csv_lists_both_sides_with_rates_consistent_with_counts(written) -> None:
    out, _ = written
    with (out / "csv" / "idioms.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["side"] for r in rows} == {"A", "B"} and {r["kind"] for r in rows} >= {"idioms", "words"}
    a_words = [r for r in rows if r["side"] == "A" and r["kind"] == "words" and r["list"] == "top"]
    # per 10k is count over the side's words: the ratio is the same for every row of a side
    totals = [int(r["count"]) * 10_000 / float(r["per_10k"]) for r in a_words if float(r["per_10k"])]
    assert len(totals) >= 5 and max(totals) - min(totals) < 1e-3 * min(totals)  # 4-decimal rounding
    assert all(r["ci_low"] and float(r["ci_low"]) <= float(r["per_10k"]) <= float(r["ci_high"]) for r in a_words)


def test_bad_input_is_one_line_and_exit_2(slop_dir: Path, tmp_path: Path, capsys) -> None:
    a, b = str(slop_dir / MAVERICK), str(slop_dir / SCOUT)
    assert main(["report", a, str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "r.html")]) == 2
    assert main(["report", a, b, "-o", str(tmp_path / "r.pdf")]) == 2
    assert main(["report", a, b, "-o", str(tmp_path / "r.html"), "--prompt", "no-such-prompt"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and "missing.jsonl" in err[0] and ".html" in err[1] and "no-such-prompt" in err[2]
    assert not (tmp_path / "r.html").exists()


def test_prompt_and_png_write_one_pair_and_decodable_images(misguided_dir: Path, tmp_path: Path, capsys) -> None:
    from PySide6.QtGui import QImage

    rc = main(["report", str(misguided_dir / "deepseek-r1-0528.jsonl"),
               str(misguided_dir / "qwen3-235b-a22b-think.jsonl"), "-o", str(tmp_path / "r.html"),
               "--prompt", "river_crossing_simple#0", "--png", str(tmp_path / "png")])
    assert rc == 0
    printed = capsys.readouterr().out.split()
    pngs = [Path(p) for p in printed if p.endswith(".png")]
    assert {p.name for p in pngs} >= {"comparison.png", "idioms_bars.png", "idioms_scatter.png"}
    for p in pngs:
        img = QImage(str(p))
        assert not img.isNull() and img.width() > 1000
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert html.count('<section class="pair"') == 1 and "river_crossing_simple#0" in html


def test_own_idiom_list_is_what_the_report_counts(slop_dir: Path, tmp_path: Path, capsys) -> None:
    mine = tmp_path / "mine.txt"
    mine.write_text("# constructed list\nglanc*\nthe weight of\n", encoding="utf-8")
    out = tmp_path / "r.html"
    a = slop_dir / "generated_meta-llama__llama-4-maverick.jsonl"
    b = slop_dir / "generated_meta-llama__llama-4-scout.jsonl"
    assert main(["report", str(a), str(b), "-o", str(out), "--csv", str(tmp_path), "--idioms", str(mine)]) == 0
    capsys.readouterr()
    with (tmp_path / "idioms.csv").open(encoding="utf-8-sig", newline="") as f:
        counted = {r["idiom"] for r in csv.DictReader(f) if r["kind"] == "idioms"}
    assert counted and counted <= {"glanc*", "the weight of"}
    assert "mine.txt" in out.read_text(encoding="utf-8")  # the settings used name the list
    missing = tmp_path / "missing.txt"
    assert main(["report", str(a), str(b), "-o", str(out), "--idioms", str(missing)]) == 2
    assert "missing.txt" in capsys.readouterr().err
