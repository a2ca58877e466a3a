"""``tracepair lineup``: the JSON contract, the plain table, the Newick file, the HTML report, bad input."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from tracepair.cli.main import main

MAVERICK = "meta-llama/llama-4-maverick"
SCOUT = "meta-llama/llama-4-scout"


@pytest.fixture(scope="module")
def slop_files(slop_dir: Path) -> list[str]:
    return [str(p) for p in sorted(slop_dir.glob("generated_*.jsonl"))]


@pytest.fixture(scope="module")
def doc(slop_files: list[str]) -> dict:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["lineup", *slop_files, "--json", "--bootstrap", "60", "--top", "7"]) == 0
    return json.loads(out.getvalue())


def test_json_contract(doc: dict, slop_files: list[str]) -> None:
    assert set(doc) >= {"models", "part", "similarity", "low", "high", "nearest", "newick", "features", "excluded",
                        "settings"}
    names = [m["name"] for m in doc["models"]]
    assert len(names) == 5 and doc["part"] == "answer" and doc["excluded"] == []
    for m in doc["models"]:
        assert set(m) >= {"name", "file", "records", "words"} and m["file"] in slop_files
        assert m["records"] in (50, 100) and m["words"] > 10_000
    n = len(names)
    for key in ("similarity", "low", "high"):
        assert len(doc[key]) == n and all(len(row) == n for row in doc[key])
    sim, low, high = doc["similarity"], doc["low"], doc["high"]
    for i in range(n):
        assert sim[i][i] == pytest.approx(1.0)
        for j in range(n):
            assert sim[i][j] == sim[j][i]
            if i != j:
                assert low[i][j] <= sim[i][j] <= high[i][j]
    for i, name in enumerate(names):
        rows = doc["nearest"][name]
        assert [r["model"] for r in rows] != [] and {r["model"] for r in rows} == set(names) - {name}
        assert [r["similarity"] for r in rows] == sorted((r["similarity"] for r in rows), reverse=True)
        assert sum(r["support"] for r in rows) == pytest.approx(1.0, abs=2e-3)
        for r in rows:
            assert set(r) == {"model", "similarity", "low", "high", "support"}
            assert r["similarity"] == sim[i][names.index(r["model"])]
        feats = doc["features"][name]
        assert 0 < len(feats) <= 7 and all(set(f) == {"feature", "z", "per_10k"} and f["z"] > 0 for f in feats)
    assert doc["nearest"][MAVERICK][0]["model"] == SCOUT
    assert doc["settings"]["bootstrap"] == 60 and doc["settings"]["prompts"] == 100
    assert doc["control"]["median"] < doc["nearest"][MAVERICK][0]["low"]


def test_newick_names_every_member_with_support(doc: dict, slop_files: list[str], tmp_path: Path) -> None:
    out = tmp_path / "tree.nwk"
    assert main(["lineup", *slop_files, "--bootstrap", "20", "--newick", str(out), "--json"]) == 0
    text = out.read_text(encoding="utf-8").strip()
    assert text.endswith(";") and text.count("(") == text.count(")") == 4
    for m in doc["models"]:
        assert m["name"] in text
    assert re.search(r"\)\d\.\d\d:", text), "inner nodes carry their support"
    assert "(meta-llama/llama-4-maverick:" in text and "meta-llama/llama-4-scout:" in text


def test_plain_table(slop_files: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lineup", *slop_files, "--bootstrap", "20"]) == 0
    out = capsys.readouterr().out
    assert "lineup of 5 output sets" in out and "median" in out
    line = next(ln for ln in out.splitlines() if ln.strip().startswith(MAVERICK))
    assert line.split()[1] == SCOUT


def test_html_report(slop_files: list[str], tmp_path: Path) -> None:
    page = tmp_path / "lineup.html"
    assert main(["lineup", *slop_files, "--bootstrap", "20", "-o", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and "resemblance, not proof" in html
    assert not re.search(r"(src|href)=\"https?:", html), "self-contained: nothing fetched"
    for f in slop_files:
        assert hashlib.sha256(Path(f).read_bytes()).hexdigest() in html
    assert f"{MAVERICK} × {SCOUT}: similarity" in html  # a heatmap cell's tooltip


def test_parts_and_folders(misguided_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "three"
    folder.mkdir()
    for n in ("deepseek-r1-0528", "QwQ-32b", "glm-z1-32b", "gpt-4.1"):
        (folder / f"{n}.jsonl").symlink_to(misguided_dir / f"{n}.jsonl")
    assert main(["lineup", str(folder), "--part", "reasoning", "--bootstrap", "10", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["part"] == "reasoning" and len(doc["models"]) == 3
    assert doc["excluded"] == [{"name": "gpt-4.1.jsonl", "why": "reasoning in only 0 of 54 records"}]


def test_bad_input_is_one_line_exit_2(slop_files: list[str], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lineup", slop_files[0], str(tmp_path / "missing.jsonl")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "at least 3" in err and "missing.jsonl" in err



@pytest.mark.parametrize(("option", "value", "said"), [
    ("--bootstrap", "-1", "must be from 0 to 10,000 (got -1)"),
    ("--bootstrap", "10001", "must be from 0 to 10,000 (got 10,001)"),
    ("--seed", "-1", "must be from 0 to 2,147,483,647 (got -1)"),
    ("--seed", "x", "must be a whole number (got 'x')"),
])
def test_an_option_out_of_range_is_a_usage_error_naming_it(slop_files: list[str], option: str, value: str,
                                                            said: str, capsys: pytest.CaptureFixture[str]) -> None:
    # Named as the option's fault, not a file's; the window's controls take the same ranges.
    with pytest.raises(SystemExit) as stop:
        main(["lineup", *slop_files, option, value])
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"tracepair lineup: error: argument {option}: {said}"


def test_png_writes_the_windows_heatmap_and_nearest_chart_at_2x(slop_files: list[str], tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    from PySide6.QtGui import QImage

    folder = tmp_path / "figures"
    assert main(["lineup", *slop_files, "--bootstrap", "20", "--png", str(folder)]) == 0
    printed = capsys.readouterr().out.split()
    assert printed == [str(folder / "lineup.png"), str(folder / "nearest.png"), str(folder / "lineup-window.png")]
    heatmap, nearest, window = QImage(printed[0]), QImage(printed[1]), QImage(printed[2])
    assert (window.width(), window.height()) == (2800, 1800)  # the window at 1400 x 900, at 2x
    # 2x of a canvas giving each of the five members 16 pixels, and of a chart with a row per member
    assert heatmap.width() % 2 == 0 and heatmap.height() >= 2 * 16 * 5 and heatmap.width() >= 2 * 760
    assert nearest.height() >= 2 * (24 + 40 + 19 * 5) and nearest.width() >= 2 * 760
    # not a blank page: the heatmap's strongest red (Maverick × Scout) is in it
    colours = {heatmap.pixelColor(x, y).name()
               for x in range(0, heatmap.width(), 7) for y in range(0, heatmap.height(), 7)}
    assert "#b2182b" in colours


def test_table_flag_and_the_window_by_default(slop_files: list[str], monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    import tracepair.ui.common.display as display
    import tracepair.ui.shell.lineup_flow as flow

    opened: list[tuple] = []
    monkeypatch.setattr(display, "has_display", lambda: True)
    monkeypatch.setattr(flow, "run_lineup_window",
                        lambda paths, settings, fields=None: opened.append((paths, settings)) or 0)
    assert main(["lineup", *slop_files, "--bootstrap", "20"]) == 0  # a display: the window, no table
    assert capsys.readouterr().out == ""
    assert opened[0][0] == slop_files and opened[0][1].bootstrap == 20
    assert main(["lineup", *slop_files, "--bootstrap", "20", "--table"]) == 0  # --table: the table, no window
    assert "lineup of 5 output sets" in capsys.readouterr().out and len(opened) == 1
    with pytest.raises(SystemExit) as stop:
        main(["lineup", *slop_files, "--json", "--table"])
    assert stop.value.code == 2
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["lineup", "--help"])
    assert "--table" in capsys.readouterr().out


def test_the_table_without_a_display_never_loads_qt(slop_files: list[str]) -> None:
    # Qt takes over a second to import here: a command that prints must not pay for it.
    import os
    import subprocess
    import sys

    code = ("import sys, contextlib, io\nfrom tracepair.cli.main import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    code = main(['lineup', *{slop_files!r}, '--bootstrap', '5'])\n"
            "print(code, 'PySide6' in sys.modules)")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert r.stdout.split() == ["0", "False"], r.stderr
