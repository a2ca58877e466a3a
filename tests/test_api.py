"""The Python API (``import tracepair``): the same results as the CLI, typed, light to import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import tracepair
from tracepair.cli.main import main
from tracepair.core.align import Alignment
from tracepair.core.idioms import IdiomReport
from tracepair.core.lineup import Lineup
from tracepair.core.load import FieldError
from tracepair.core.match import Comparison
from tracepair.core.model import Source

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"
A, B = SAMPLES / "deepseek-r1-0528.jsonl", SAMPLES / "gemini-2.5-pro-high.jsonl"


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_import_tracepair_loads_no_numpy_no_qt_and_no_pandas() -> None:
    code = ("import sys, tracepair; tracepair.__version__; "
            "print(sorted(m for m in ('numpy', 'PySide6', 'pandas', 'pyarrow', 'tracepair.api') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert {"load", "compare", "align", "idioms", "lineup", "FieldMap"} <= set(dir(tracepair))


def test_load_is_inspect(capsys: pytest.CaptureFixture[str]) -> None:
    src = tracepair.load(A)
    assert isinstance(src, Source)
    assert src.to_json() == cli_json(capsys, "inspect", str(A))
    assert len(src.to_frame()) == len(src.records)


def test_compare_is_compare_json(capsys: pytest.CaptureFixture[str]) -> None:
    c = tracepair.compare(A, B, min_tokens=8)
    assert isinstance(c, Comparison)
    assert c.to_json() == cli_json(capsys, "compare", str(A), str(B), "--min-tokens", "8")
    frame = c.to_frame()
    assert len(frame) == len(c.passages) and list(frame["text"]) == [p.text for p in c.passages]


def test_align_is_align_json(capsys: pytest.CaptureFixture[str]) -> None:
    al = tracepair.align(A, B, granularity="sentence")
    assert isinstance(al, Alignment) and al.prompt is not None
    assert al.to_json() == cli_json(capsys, "align", str(A), str(B), "--granularity", "sentence")
    assert len(al.to_frame()) == len(al.pairs)


def test_idioms_is_idioms_json(capsys: pytest.CaptureFixture[str]) -> None:
    rep = tracepair.idioms(A, B, top=5, bootstrap=0)
    assert isinstance(rep, IdiomReport)
    assert rep.to_json() == cli_json(capsys, "idioms", str(A), str(B), "--top", "5", "--bootstrap", "0")


def test_lineup_is_lineup_json(misguided_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(misguided_dir / f"{m}.jsonl") for m in ("deepseek-r1", "deepseek-r1-0528", "gpt-4.1", "gemma-3-27b")]
    lu = tracepair.lineup(paths, bootstrap=20)
    assert isinstance(lu, Lineup)
    assert lu.to_json() == cli_json(capsys, "lineup", *paths, "--bootstrap", "20")
    frame = lu.to_frame()
    assert list(frame.index) == lu.names and frame.loc["deepseek-r1", "deepseek-r1"] == pytest.approx(1.0)


def test_to_frame_without_pandas_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    src = tracepair.load(A)
    monkeypatch.setitem(sys.modules, "pandas", None)  # as where pandas is not installed
    with pytest.raises(ImportError, match=r"^to_frame\(\) needs pandas, which is not installed here: pip install "
                                          r"pandas \(Tracepair itself does not need it"):
        src.to_frame()
    assert src.to_json()["records"] == 8  # to_json needs nothing more


def test_bad_settings_and_fields_are_named() -> None:
    with pytest.raises(tracepair.BadInput, match=r"^unknown setting min_tokns for CompareSettings \(settings: "):
        tracepair.compare(A, B, min_tokns=3)
    with pytest.raises(FieldError, match=r"unknown role 'text'"):
        tracepair.load(A, fields={"text": "a.b"})
    with pytest.raises(tracepair.LoadError, match=r"^nope.jsonl: no such file$"):
        tracepair.load(SAMPLES / "nope.jsonl")
