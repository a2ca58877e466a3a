"""How the command fails: bad input is one line and exit code 2 for every subcommand; a bug is one line
naming a log file with the traceback, and exit code 1; ``--debug`` shows the traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tracepair.cli.main import COMMANDS

# Runs the real entry point after making one function fail as a bug would (a synthetic fault:
# the command has no known bug to trigger).
FAULTY = """
import sys
import tracepair.cli.cmd_inspect as m
def broken(source):
    raise KeyError("synthetic fault for the test")
m.summarise = broken
from tracepair.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def run(args: list[str], data_home: Path, code: str | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "tracepair", *args]
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "HOME": str(data_home), "XDG_DATA_HOME": str(data_home / "share")}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=env)


@pytest.fixture
def deep(tmp_path: Path) -> Path:
    p = tmp_path / "deep.json"
    p.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    return p


def _args(command: str, bad: Path, good: Path, out: Path) -> list[str]:
    two = [str(bad), str(good)]
    return {
        "inspect": [str(bad)],
        "compare": two,
        "align": two,
        "idioms": two,
        "snapshot": [*two, "-o", str(out / "v.png")],
        "report": [*two, "-o", str(out / "r.html")],
        "lineup": two,  # one usable set of the three a lineup needs; no display here, so not the window
    }[command]


@pytest.mark.parametrize("command", COMMANDS)
def test_bad_input_is_one_line_and_exit_2_for_every_subcommand(command: str, deep: Path, tmp_path: Path,
                                                                misguided_dir: Path) -> None:
    good = misguided_dir / "gpt-4.1.jsonl"
    r = run([command, *_args(command, deep, good, tmp_path)], tmp_path)
    assert r.returncode == 2, r.stderr
    assert r.stdout == ""
    problem = "deep.json: JSON nested more than 100 levels deep (line 1, column 101)"
    if command == "lineup":  # a lineup leaves a bad file out, and then has too few members: both named
        assert r.stderr == f"tracepair: a lineup needs at least 3 output sets; 1 usable ({problem})\n"
    else:
        assert r.stderr == f"tracepair: {problem}\n"


def test_an_internal_error_is_one_line_naming_the_log_and_exit_1(tmp_path: Path, misguided_dir: Path) -> None:
    r = run(["inspect", str(misguided_dir / "gpt-4.1.jsonl")], tmp_path, FAULTY)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    first, _, rest = r.stderr.partition("; details in ")
    assert first == "tracepair: internal error (KeyError: 'synthetic fault for the test')"
    log = Path(rest.removesuffix(" (please attach it to a bug report)\n"))
    # The log is in the user's data folder (as Qt's AppDataLocation names it for Tracepair).
    assert log.parent == tmp_path / "share" / "Tracepair" / "Tracepair" / "logs"
    text = log.read_text(encoding="utf-8")
    assert "unexpected error while running 'tracepair inspect " in text
    assert "Traceback (most recent call last)" in text and "in broken" in text
    assert "KeyError: 'synthetic fault for the test'" in text


def test_debug_shows_the_traceback_instead(tmp_path: Path, misguided_dir: Path, deep: Path) -> None:
    r = run(["inspect", "--debug", str(misguided_dir / "gpt-4.1.jsonl")], tmp_path, FAULTY)
    assert r.returncode == 1
    assert "Traceback (most recent call last)" in r.stderr and "synthetic fault for the test" in r.stderr
    assert not (tmp_path / "share" / "Tracepair").exists()  # nothing logged: it is all on screen
    r = run(["--debug", "inspect", str(deep)], tmp_path)
    assert r.returncode == 2
    assert "Traceback" in r.stderr
    assert r.stderr.endswith("tracepair: deep.json: JSON nested more than 100 levels deep (line 1, column 101)\n")


def test_an_unwritable_data_folder_falls_back_to_the_temporary_folder(tmp_path: Path, misguided_dir: Path) -> None:
    (tmp_path / "share").write_text("a file where the data folder should be", encoding="utf-8")
    r = run(["inspect", str(misguided_dir / "gpt-4.1.jsonl")], tmp_path, FAULTY)
    assert r.returncode == 1 and r.stderr.count("\n") == 1
    log = Path(r.stderr.partition("; details in ")[2].removesuffix(" (please attach it to a bug report)\n"))
    assert log.is_file() and "synthetic fault for the test" in log.read_text(encoding="utf-8")
    log.unlink()
