"""Fuzzing every way a file gets in: the loader, the idiom and marker lists, and each subcommand's input
path. Random bytes, truncated and byte-mutated copies of the real files in shared/data, random JSON
shapes in several encodings: each case loads or raises ``LoadError`` (a subcommand: exits 0 or 2 with
one line) within a time bound; anything else (a traceback, exit code 1, a hang) fails.

``make test`` runs a few hundred cases (the default profile); ``make fuzz`` runs the "fuzz" profile
(see conftest.py), over 10,000.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracepair.cli.main import main
from tracepair.core.idioms.counting import read_idiom_file
from tracepair.core.load.reader import load
from tracepair.core.model import LoadError, Source
from tracepair.core.text.markers import read_marker_file

#: Seconds one case may take before it counts as a hang (generous: a 2-core machine under load).
BOUND = 20
SUFFIXES = [".jsonl", ".json", ".ndjson", ".txt", ".md", ""]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030", "cp1252", "latin-1"]
FIELDS = ["output", "reasoning", "response", "content", "text", "answer", "reasoning_content", "thinking",
          "choices", "message", "messages", "candidates", "parts", "role", "type", "prompt", "prompt_id", "id",
          "sample", "model", "results", "records", "data", "summary", "thought", "delta",
          # the wrappers tools write: batch results, lm-eval samples, Inspect samples and logs, ShareGPT
          "custom_id", "result", "body", "status_code", "error", "doc_id", "resps", "filtered_resps", "arguments",
          "epoch", "input", "eval", "status", "samples", "conversations", "from", "value", "redacted"]
FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)

#: Cases run, per test (conftest prints the total at the end of the run).
CASES: Counter[str] = Counter()

_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
_REAL = sorted(_DATA.glob("*/*.jsonl"))
_REAL_BYTES: dict[Path, bytes] = {}


def real_bytes(i: int) -> bytes:
    path = _REAL[i % len(_REAL)]
    if path not in _REAL_BYTES:
        _REAL_BYTES[path] = path.read_bytes()
    return _REAL_BYTES[path]


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory(prefix="tracepair-fuzz-") as d:
        yield Path(d)


def bounded(fn: Callable[[], Any]) -> Any:
    """``fn()`` on a thread; a case still running after ``BOUND`` seconds fails as a hang."""
    CASES[os.environ.get("PYTEST_CURRENT_TEST", "?").split("::")[-1].split(" ")[0]] += 1
    out: list[Any] = []
    t = threading.Thread(target=lambda: out.append(_outcome(fn)), daemon=True)
    t.start()
    t.join(BOUND)
    assert out, f"still running after {BOUND} s"
    kind, value = out[0]
    if kind == "raised":
        raise value
    return value


def _outcome(fn: Callable[[], Any]) -> tuple[str, Any]:
    try:
        return "returned", fn()
    except BaseException as err:  # re-raised on the test's thread
        return "raised", err


def write(scratch: Path, data: bytes, suffix: str) -> Path:
    p = scratch / f"case{suffix}"
    p.write_bytes(data)
    return p


def loads_or_names_the_problem(path: Path) -> Source | None:
    """The property every input must have: a sound ``Source`` or one line naming the file."""
    data = path.read_bytes()
    try:
        src = bounded(lambda: load(path))
    except LoadError as err:
        msg = str(err)
        assert msg.startswith(f"{path.name}: ") and "\n" not in msg and len(msg) < 2000, msg
        assert path.read_bytes() == data
        return None
    assert src.records and not all(r.trace.empty for r in src.records)
    assert src.size == len(data)
    assert src.kind in ("trace", "set") and (src.kind == "set" or len(src.records) == 1)
    for r in src.records:
        assert isinstance(r.trace.reasoning, str) and isinstance(r.trace.answer, str)
        assert r.trace.text == r.trace.text.strip() or not r.trace.text.strip()
    assert path.read_bytes() == data
    return src


# -- strategies -----------------------------------------------------------------------------------------
def mutated(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    """``data`` with each edit applied: (position, kind 0 flip / 1 insert / 2 delete, byte)."""
    buf = bytearray(data)
    for pos, kind, byte in edits:
        if not buf:
            break
        at = pos % len(buf)
        if kind == 0:
            buf[at] ^= byte or 1
        elif kind == 1:
            buf.insert(at, byte)
        else:
            del buf[at : at + 1 + byte % 8]
    return bytes(buf)


real_file = st.integers(0, 10_000)
edits = st.lists(st.tuples(st.integers(0, 2**31), st.integers(0, 2), st.integers(0, 255)), min_size=1, max_size=8)
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False),
                         st.text(max_size=40), st.sampled_from(["", " ", "<think>", "</think>", "\ufeff", "\u2028"]))
json_values = st.recursive(
    json_scalars,
    lambda kids: st.one_of(st.lists(kids, max_size=4),
                           st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), kids, max_size=5)),
    max_leaves=25,
)
records = st.dictionaries(st.sampled_from(FIELDS), json_values, min_size=1, max_size=6)


def _slice_of_real(i: int, start: int, length: int) -> bytes:
    data = real_bytes(i)
    start %= len(data)
    return data[start : start + length]


# -- the loader -------------------------------------------------------------------------------------------
@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(scratch: Path, data: bytes, suffix: str) -> None:
    loads_or_names_the_problem(write(scratch, data, suffix))


@FUZZ
@given(i=real_file, cut=st.floats(0, 1), suffix=st.sampled_from(SUFFIXES))
def test_truncated_real_files(scratch: Path, i: int, cut: float, suffix: str) -> None:
    data = real_bytes(i)
    loads_or_names_the_problem(write(scratch, data[: int(len(data) * cut)], suffix))


@FUZZ
@given(i=real_file, start=st.integers(0, 2**31), length=st.integers(1, 60_000), changes=edits,
       suffix=st.sampled_from(SUFFIXES))
def test_byte_mutated_real_files(scratch: Path, i: int, start: int, length: int, changes, suffix: str) -> None:
    loads_or_names_the_problem(write(scratch, mutated(_slice_of_real(i, start, length), changes), suffix))


@FUZZ
@given(shape=st.one_of(records, st.lists(records, max_size=6), json_values), layout=st.sampled_from(
    ["json", "pretty", "jsonl", "jsonl-crlf", "under-key"]), encoding=st.sampled_from(ENCODINGS),
    suffix=st.sampled_from(SUFFIXES), ascii_only=st.booleans())
def test_random_json_shapes_and_encodings(scratch: Path, shape: Any, layout: str, encoding: str, suffix: str,
                                          ascii_only: bool) -> None:
    if layout == "under-key":
        text = json.dumps({"results": shape if isinstance(shape, list) else [shape]}, ensure_ascii=ascii_only)
    elif layout == "pretty":
        text = json.dumps(shape, indent=2, ensure_ascii=ascii_only)
    elif layout.startswith("jsonl"):
        items = shape if isinstance(shape, list) else [shape]
        end = "\r\n" if layout == "jsonl-crlf" else "\n"
        text = end.join(json.dumps(x, ensure_ascii=ascii_only) for x in items) + end
    else:
        text = json.dumps(shape, ensure_ascii=ascii_only)
    data = text.encode(encoding, errors="replace" if encoding in ("cp1252", "latin-1", "gb18030") else "strict")
    src = loads_or_names_the_problem(write(scratch, data, suffix))
    if src is not None and layout.startswith("jsonl") and isinstance(shape, list) and len(shape) > 1 \
            and all(isinstance(x, dict) for x in shape) and encoding.startswith("utf-8"):
        assert src.kind == "set" and len(src.records) == len(shape)  # JSONL of objects is a set, whatever its name


@FUZZ
@given(i=real_file, n=st.integers(1, 40), start=st.integers(0, 2**31), layout=st.sampled_from(["array", "pretty"]))
def test_real_records_as_json_arrays(scratch: Path, i: int, n: int, start: int, layout: str) -> None:
    lines = [x for x in real_bytes(i).split(b"\n") if x.strip()]
    start %= len(lines)
    objs = [json.loads(x) for x in lines[start : start + n]]
    text = json.dumps(objs, indent=2 if layout == "pretty" else None, ensure_ascii=False)
    src = loads_or_names_the_problem(write(scratch, text.encode("utf-8"), ".json"))
    if src is not None:
        assert len(src.records) == len(objs)


# -- the user's lists ------------------------------------------------------------------------------------
@FUZZ
@given(data=st.one_of(st.binary(max_size=2048), st.text(max_size=600).map(lambda t: t.encode("utf-8"))),
       which=st.sampled_from(["idioms", "markers"]))
def test_idiom_and_marker_lists(scratch: Path, data: bytes, which: str) -> None:
    p = write(scratch, data, ".txt")
    reader = read_idiom_file if which == "idioms" else read_marker_file
    try:
        items = bounded(lambda: reader(p))
    except LoadError as err:
        assert str(err).startswith("case.txt: ") and "\n" not in str(err)
        return
    assert isinstance(items, list)


# -- each subcommand's input path, as the command runs it ---------------------------------------------------
def run_cli(args: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = bounded(lambda: main(args))
    return code, err.getvalue()


@pytest.fixture(scope="module")
def partner(scratch: Path) -> Path:
    """A small real output set to compare fuzzed files against."""
    lines = real_bytes(0).split(b"\n")[:6]
    p = scratch / "partner.jsonl"
    p.write_bytes(b"\n".join(lines) + b"\n")
    return p


@FUZZ
@given(i=real_file, start=st.integers(0, 2**31), length=st.integers(1, 20_000), changes=edits,
       suffix=st.sampled_from(SUFFIXES), command=st.sampled_from(["inspect", "compare", "align", "idioms", "report"]),
       partner_first=st.booleans())
def test_subcommands_exit_0_or_2_with_one_line(scratch: Path, partner: Path, i: int, start: int, length: int,
                                                changes, suffix: str, command: str, partner_first: bool) -> None:
    p = write(scratch, mutated(_slice_of_real(i, start, length), changes), suffix)
    pair = [str(partner), str(p)] if partner_first else [str(p), str(partner)]
    args = {
        "inspect": ["inspect", "--json", str(p)],
        "compare": ["compare", "--json", *pair],
        "align": ["align", "--json", *pair],
        "idioms": ["idioms", "--json", "--bootstrap", "0", *pair],
        "report": ["report", *pair, "-o", str(scratch / "r.html")],
    }[command]
    code, err = run_cli(args)
    assert code in (0, 2), err
    if code == 2:
        assert err.count("\n") == 1 and err.startswith("tracepair: "), err
