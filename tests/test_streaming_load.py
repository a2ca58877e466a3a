"""Loading as a stream: progress in bytes read, the same records whatever the chunk size, the
SHA-256 of what was read, and a load that stops when it is dropped (cancelled)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from tracepair.core.load import files as load_files
from tracepair.core.load.reader import iter_load, load
from tracepair.core.model import LoadError


def _variants(tmp_path: Path, slop_dir: Path, misguided_dir: Path) -> list[Path]:
    """Real records in every layout the loader streams or reads whole."""
    raw = (slop_dir / "generated_x-ai__grok-3-mini-beta.jsonl").read_bytes()  # raw UTF-8, curly quotes
    lines = [x for x in raw.split(b"\n") if x.strip()][:12]
    lines += [x for x in (misguided_dir / "o4-mini-high.jsonl").read_bytes().split(b"\n") if x.strip()][20:32]
    objs = [json.loads(x) for x in lines]
    out = {
        "lines.jsonl": b"\n".join(lines) + b"\n",
        "crlf_no_final_newline.jsonl": b"\r\n".join(lines),
        "bom.jsonl": b"\xef\xbb\xbf" + b"\n".join(lines) + b"\n",
        "array.json": b"[" + b",".join(lines) + b"]",
        "pretty.json": json.dumps(objs, indent=2, ensure_ascii=False).encode(),
        "spaced.json": b" \n[ \n" + b" ,\n\n".join(lines) + b"\n ]\n\n",
        "under_key.json": json.dumps({"meta": {"n": len(objs)}, "results": objs}).encode(),
        "utf16.jsonl": ("\n".join(json.dumps(o, ensure_ascii=False) for o in objs) + "\n").encode("utf-16"),
    }
    paths = []
    for name, body in out.items():
        p = tmp_path / name
        p.write_bytes(body)
        paths.append(p)
    return paths


def _records(path: Path) -> list[tuple]:
    src = load(path)
    return [(r.key, r.prompt, r.model, r.trace) for r in src.records]


@pytest.mark.parametrize("chunk", [1, 7, 64, 4096])
def test_the_records_do_not_depend_on_where_chunks_end(tmp_path: Path, slop_dir: Path, misguided_dir: Path,
                                                       chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _variants(tmp_path, slop_dir, misguided_dir)
    whole = {p.name: _records(p) for p in paths}  # default chunk: each of these files is one chunk
    reference = whole["lines.jsonl"]
    assert len(reference) == 24 and sum(t.empty for _k, _p, _m, t in reference) >= 1
    for name, recs in whole.items():
        assert recs == reference, name
    monkeypatch.setattr(load_files, "CHUNK", chunk)
    for p in paths:
        assert _records(p) == reference, (p.name, chunk)


def test_progress_is_bytes_read_and_the_hash_is_of_the_file(tmp_path: Path, misguided_dir: Path) -> None:
    body = b"".join((misguided_dir / n).read_bytes() for n in ("deepseek-r1-0528.jsonl", "gemini-2.5-pro-high.jsonl"))
    p = tmp_path / "two.jsonl"
    p.write_bytes(body * 3)  # some 5 MB: several chunks
    gen = iter_load(p)
    fractions = []
    while True:
        try:
            fraction, message = next(gen)
        except StopIteration as done:
            src = done.value
            break
        fractions.append(fraction)
        assert message.startswith("reading two.jsonl: ") and message.endswith(" MB")
    assert len(fractions) >= 4 and fractions == sorted(fractions) and fractions[-1] == 1.0
    assert src.size == len(body) * 3 and src.sha256 == hashlib.sha256(body * 3).hexdigest()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="lists open files through /proc")
def test_dropping_a_load_closes_the_file(tmp_path: Path, misguided_dir: Path) -> None:
    p = tmp_path / "big.jsonl"
    p.write_bytes((misguided_dir / "deepseek-r1-0528.jsonl").read_bytes() * 5)

    def open_on_p() -> bool:
        return any(os.path.realpath(f"/proc/self/fd/{fd}") == str(p) for fd in os.listdir("/proc/self/fd"))

    gen = iter_load(p)
    next(gen)
    assert open_on_p()
    gen.close()  # what the window's worker does when the user cancels
    assert not open_on_p()


@pytest.mark.parametrize("chunk", [97, 4096, 1 << 20])
@pytest.mark.parametrize("ending", ['{"output": "cut off', '{"output": 1 2}]', '{"output": "x"} {"output": "y"}]'])
def test_errors_in_a_streamed_array_are_where_json_says(tmp_path: Path, slop_dir: Path, chunk: int, ending: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # Real records, then a last item broken three ways (cut off, a stray value, a missing comma).
    lines = (slop_dir / "generated_x-ai__grok-3-mini-beta.jsonl").read_text(encoding="utf-8").splitlines()[:10]
    body = "[\n" + ",\n".join(lines) + ",\n" + ending
    p = tmp_path / "broken.json"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(json.JSONDecodeError) as reference:
        json.loads(body)
    monkeypatch.setattr(load_files, "CHUNK", chunk)
    with pytest.raises(LoadError) as info:
        load(p)
    ref = reference.value
    assert str(info.value) == f"broken.json: malformed JSON at line {ref.lineno}, column {ref.colno}: {ref.msg}"
