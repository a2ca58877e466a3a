"""``tracepair inspect`` and the command's top-level behaviour, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tracepair import __version__
from tracepair.core.text.words import count_words


def tracepair(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracepair", *args], capture_output=True, text=True, timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )


def test_version() -> None:
    r = tracepair("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"tracepair {__version__}"


def test_inspect_json_contract_on_every_shared_file(shared_data: Path) -> None:
    files = sorted(shared_data.glob("*/*.jsonl"))
    assert len(files) >= 25
    empty_seen = truncated_seen = 0
    for path in files:
        r = tracepair("inspect", "--json", str(path))
        assert r.returncode == 0, (path, r.stderr)
        got = json.loads(r.stdout)
        assert {"path", "kind", "format", "records", "reasoning_words", "answer_words"} <= set(got)
        lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        assert got["kind"] == "set" and got["records"] == len(lines)
        # An independent recount: the words of every output / reasoning field as written in the file
        # (null counts as empty).
        parts = [_recount(o) for o in lines]
        assert got["reasoning_words"] == sum(r for r, _a in parts)
        assert got["answer_words"] == sum(a for _r, a in parts)
        assert got["empty_records"] == sum(1 for r, a in parts if r == a == 0)
        empty_seen += got["empty_records"]
        truncated_seen += sum(1 for o in lines if _truncated(o))
    # The real dumps hold both kinds of record this recount has to read differently.
    assert empty_seen >= 4 and truncated_seen >= 3


def _truncated(o: dict) -> bool:
    """An output that opens <think> and never closes it: the model ran out of tokens while reasoning."""
    out = (o["output"] or "").strip()
    return out.startswith("<think>") and "</think>" not in out


def _recount(o: dict) -> tuple[int, int]:
    """(reasoning words, answer words) of one record as written, a truncated <think> output being reasoning."""
    reasoning, out = (o.get("reasoning") or "").strip(), (o["output"] or "").strip()
    if _truncated(o):
        return count_words(reasoning) + count_words(out.removeprefix("<think>")), 0
    return count_words(reasoning), count_words(out)


def test_inspect_plain_output_names_the_parts(misguided_dir: Path) -> None:
    r = tracepair("inspect", str(misguided_dir / "qwen3-235b-a22b-think.jsonl"))
    assert r.returncode == 0
    assert "output set" in r.stdout and "qwen3-235b-a22b-think" in r.stdout and "reasoning" in r.stdout


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "is empty"), (b"{\n  \"output\": 1,,\n}", "malformed JSON at line 2"), (b"\x7fELF\x02\x01", "binary")],
)
def test_inspect_bad_input_exits_2_with_one_line(tmp_path: Path, content: bytes, problem: str) -> None:
    p = tmp_path / "bad.json"
    p.write_bytes(content)
    r = tracepair("inspect", str(p))
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1 and "bad.json" in r.stderr and problem in r.stderr
    assert "Traceback" not in r.stderr
    assert p.read_bytes() == content


def test_inspect_missing_file_exits_2(tmp_path: Path) -> None:
    r = tracepair("inspect", str(tmp_path / "gone.jsonl"))
    assert r.returncode == 2 and "gone.jsonl: no such file" in r.stderr
