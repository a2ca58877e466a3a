"""Files a user can easily have that are not what Tracepair reads: each gets one exact line, never a
traceback or a hang, and nothing is modified. Synthetic files here say what they construct; the
records inside them are real (misguided-attention, DeepSeek-R1-0528)."""

from __future__ import annotations

import json
import os
import socket
import threading
from pathlib import Path

import pytest

from tracepair.core.load import files as load_files
from tracepair.core.load.reader import iter_load, load
from tracepair.core.model import LoadError, Source


@pytest.fixture(scope="module")
def lines(misguided_dir: Path) -> list[bytes]:
    """The real JSONL lines of one file (UTF-8, with non-ASCII characters in some answers)."""
    return [x for x in (misguided_dir / "deepseek-r1-0528.jsonl").read_bytes().split(b"\n") if x.strip()]


def load_within(path: Path, seconds: float = 20) -> Source | LoadError:
    """``load(path)`` on a thread: a hang fails the test instead of stopping the suite."""
    out: list[Source | BaseException] = []
    t = threading.Thread(target=lambda: out.append(_try(path)), daemon=True)
    t.start()
    t.join(seconds)
    assert out, f"load({path.name}) still running after {seconds} s"
    assert isinstance(out[0], Source | LoadError), out[0]
    return out[0]


def _try(path: Path) -> Source | BaseException:
    try:
        return load(path)
    except BaseException as err:  # handed to the test thread, which says what it was
        return err


def message(path: Path) -> str:
    got = load_within(path)
    assert isinstance(got, LoadError), f"{path.name} loaded"
    text = str(got)
    assert "\n" not in text and "Traceback" not in text
    return text


# -- nesting ------------------------------------------------------------------------------------------
def test_deeply_nested_json_is_named_not_a_recursion_error(tmp_path: Path) -> None:
    p = tmp_path / "deep.json"
    p.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    assert message(p) == "deep.json: JSON nested more than 100 levels deep (line 1, column 101)"


def test_deeply_nested_object_as_a_whole_document(tmp_path: Path) -> None:
    p = tmp_path / "deep.json"
    p.write_bytes(b'{"output": "x",\n "meta": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5000 + b"}")
    assert message(p) == "deep.json: JSON nested more than 100 levels deep (line 2, column 604)"


def test_deeply_nested_jsonl_line(tmp_path: Path, lines: list[bytes]) -> None:
    p = tmp_path / "deep.jsonl"
    p.write_bytes(lines[0] + b"\n" + b'{"output": "x", "meta": ' + b"[" * 150 + b"]" * 150 + b"}\n")
    assert message(p) == "deep.jsonl: JSONL line 2: JSON nested more than 100 levels deep (column 124)"


def test_deeply_nested_item_of_a_json_array(tmp_path: Path, lines: list[bytes]) -> None:
    p = tmp_path / "deep.json"
    p.write_bytes(b"[\n" + lines[0] + b",\n" + b"[" * 50_000 + b"]" * 50_000 + b"\n]")
    assert message(p) == "deep.json: JSON nested more than 100 levels deep (line 3, column 100)"


def test_nesting_below_the_limit_loads(tmp_path: Path) -> None:
    p = tmp_path / "ok.json"
    p.write_bytes(b'{"output": "fine", "meta": ' + b"[" * 98 + b"]" * 98 + b"}")
    assert load(p).trace.answer == "fine"


# -- not regular files ---------------------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    p = tmp_path / "pipe.jsonl"
    os.mkfifo(p)  # nobody writes to it: opening it for reading the usual way would wait forever
    assert message(p) == "pipe.jsonl: is a named pipe (FIFO), not a file: Tracepair reads files saved on disk"


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero", "/dev/urandom"])
def test_a_device_is_refused(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} not on this system")
    name = Path(device).name
    assert message(Path(device)) == f"{name}: is a device, not a file: Tracepair reads files saved on disk"


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="Unix sockets")
def test_a_socket_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "s.jsonl"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(p))
        assert message(p) == "s.jsonl: is a socket, not a file: Tracepair reads files saved on disk"


def test_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    (tmp_path / "runs.jsonl").mkdir()
    assert message(tmp_path / "runs.jsonl") == "runs.jsonl: is a folder, not a file"
    assert message(tmp_path / "gone.jsonl") == "gone.jsonl: no such file"
    assert message(tmp_path / "gone" / "x.jsonl") == "x.jsonl: no such file"


# -- links and permissions ------------------------------------------------------------------------------
def test_a_symbolic_link_loop(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").symlink_to(tmp_path / "b.jsonl")
    (tmp_path / "b.jsonl").symlink_to(tmp_path / "a.jsonl")
    assert message(tmp_path / "a.jsonl") == (
        "a.jsonl: is a symbolic link that loops back on itself (too many levels of links)")


def test_a_dangling_symbolic_link(tmp_path: Path) -> None:
    (tmp_path / "run.jsonl").symlink_to(tmp_path / "moved.jsonl")
    assert message(tmp_path / "run.jsonl") == (
        f"run.jsonl: is a symbolic link to a file that does not exist ({tmp_path / 'moved.jsonl'})")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file(tmp_path: Path, lines: list[bytes]) -> None:
    p = tmp_path / "secret.jsonl"
    p.write_bytes(lines[0])
    p.chmod(0)
    try:
        assert message(p) == "secret.jsonl: cannot be read (permission denied)"
    finally:
        p.chmod(0o600)


def test_permission_denied_by_the_system_is_named(tmp_path: Path, lines: list[bytes],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # Also under root (who can read any file): the system's refusal, as os.open reports it.
    p = tmp_path / "secret.jsonl"
    p.write_bytes(lines[0])

    def refuse(*_args: object, **_kw: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(load_files.os, "open", refuse)
    with pytest.raises(LoadError) as info:
        load(p)
    assert str(info.value) == "secret.jsonl: cannot be read (permission denied)"


# -- files that change while they are read ----------------------------------------------------------------
@pytest.fixture
def big(tmp_path: Path, lines: list[bytes]) -> Path:
    """Real records repeated to some 3 MB: read in several chunks."""
    p = tmp_path / "big.jsonl"
    body = b"\n".join(lines) + b"\n"
    p.write_bytes(body * (3 * load_files.CHUNK // len(body) + 1))
    return p


def _read_first_chunk(path: Path):
    gen = iter_load(path)
    fraction, _msg = next(gen)
    assert 0 < fraction < 1
    return gen


def _finish(gen) -> LoadError:
    with pytest.raises(LoadError) as info:
        while True:
            next(gen)
    return info.value


def test_a_file_growing_while_read(big: Path) -> None:
    size = big.stat().st_size
    gen = _read_first_chunk(big)
    with big.open("ab") as f:
        f.write(b'{"output": "one more"}\n')
    assert str(_finish(gen)) == (f"big.jsonl: changed while it was being read ({size:,} bytes when opened, "
                                 f"{size + 23:,} now): open it again once it is complete")


def test_a_file_cut_short_while_read(big: Path) -> None:
    size = big.stat().st_size
    gen = _read_first_chunk(big)
    os.truncate(big, 2 * load_files.CHUNK)
    assert str(_finish(gen)) == (f"big.jsonl: changed while it was being read ({size:,} bytes when opened, "
                                 f"{2 * load_files.CHUNK:,} now): open it again once it is complete")


def test_a_file_deleted_while_read(big: Path) -> None:
    gen = _read_first_chunk(big)
    big.unlink()
    assert str(_finish(gen)) == "big.jsonl: was deleted while it was being read"


def test_a_file_replaced_while_read(big: Path, tmp_path: Path) -> None:
    gen = _read_first_chunk(big)
    other = tmp_path / "other.jsonl"
    other.write_bytes(big.read_bytes())
    other.replace(big)  # how editors and downloads save: a new file renamed over the old
    assert str(_finish(gen)) == "big.jsonl: was replaced by another file while it was being read: open it again"


# -- JSON and JSONL under each other's names -------------------------------------------------------------
def test_a_json_file_that_is_jsonl_loads_and_says_so(tmp_path: Path, lines: list[bytes]) -> None:
    p = tmp_path / "run.json"
    p.write_bytes(b"\n".join(lines[:5]) + b"\n")
    src = load(p)
    assert (src.kind, src.format, len(src.records)) == ("set", "jsonl", 5)
    assert src.notes == ["named .json but holds JSON Lines (one record a line): read as JSONL"]


def test_a_jsonl_file_that_is_one_json_document_loads_and_says_so(tmp_path: Path, lines: list[bytes]) -> None:
    p = tmp_path / "answer.jsonl"
    p.write_text(json.dumps(json.loads(lines[0]), indent=2), encoding="utf-8")
    src = load(p)
    assert (src.kind, src.trace.answer) == ("trace", json.loads(lines[0])["output"].strip())
    assert src.notes == ["named .jsonl but holds one JSON document, not one record a line: read as JSON"]
    arr = tmp_path / "set.jsonl"
    arr.write_bytes(b"[" + b",".join(lines[:4]) + b"]")
    src = load(arr)
    assert (src.kind, src.format, len(src.records)) == ("set", "json-records", 4)
    assert src.notes == ["named .jsonl but holds one JSON document, not one record a line: read as JSON"]


def test_a_json_file_of_jsonl_with_a_broken_line_names_the_line(tmp_path: Path, lines: list[bytes]) -> None:
    p = tmp_path / "run.json"
    p.write_bytes(lines[0] + b"\n" + lines[1][:-5] + b"\n" + lines[2] + b"\n")
    assert message(p).startswith("run.json: JSONL line 2, column ")


# -- encodings ---------------------------------------------------------------------------------------------
def test_invalid_utf8_in_the_middle_of_a_utf8_jsonl_file_says_where(tmp_path: Path, slop_dir: Path) -> None:
    # Real stories written as raw UTF-8 (curly quotes, dashes), one byte of the sixth replaced.
    lines = (slop_dir / "generated_google__gemma-3-4b-it.jsonl").read_bytes().split(b"\n")
    assert all(not x.isascii() for x in lines[:5]), "want real non-ASCII text before the damage"
    damaged = lines[5].replace(b"the", b"th\xff", 1)
    body = b"\n".join([*lines[:5], damaged, *lines[6:9]]) + b"\n"
    p = tmp_path / "run.jsonl"
    p.write_bytes(body)
    at = body.index(b"\xff")
    assert message(p) == (f"run.jsonl: is UTF-8 but has invalid bytes: the first at line 6, byte {at:,} of the "
                          "file (0xff); the file is damaged or mixes encodings")


def test_invalid_utf8_in_a_utf8_text_file_says_where(tmp_path: Path, lines: list[bytes]) -> None:
    answer = json.loads(lines[0])["output"] + " “quoted”, it’s — fine. " * 3
    body = answer.encode() + b"\n\xc3\x28 tail\n"
    p = tmp_path / "answer.txt"
    p.write_bytes(body)
    at = body.index(b"\xc3\x28")
    line = body.count(b"\n", 0, at) + 1
    assert message(p) == (f"answer.txt: is UTF-8 but has invalid bytes: the first at line {line}, byte {at:,} "
                          "of the file (0xc3); the file is damaged or mixes encodings")


def test_a_legacy_encoding_after_a_first_chunk_of_ascii_is_still_read(tmp_path: Path, lines: list[bytes]) -> None:
    # ASCII records past the first chunk, then one in Windows-1252: read whole, decoded as cp1252.
    ascii_lines = [x for x in lines if x.isascii()]
    body = b"\n".join(ascii_lines) + b"\n"
    body = body * (load_files.CHUNK // len(body) + 2)
    body += json.dumps({"prompt_id": "cafe", "output": "Café au lait, naïve façade."}, ensure_ascii=False)\
        .encode("cp1252") + b"\n"
    p = tmp_path / "run.jsonl"
    p.write_bytes(body)
    src = load(p)
    assert src.encoding == "cp1252" and src.records[-1].trace.answer == "Café au lait, naïve façade."


def test_byte_order_marks_at_the_start_of_jsonl_lines_are_ignored(tmp_path: Path, lines: list[bytes]) -> None:
    # Three UTF-8-with-BOM files joined with cat: a BOM at the start of the file and of two lines inside.
    bom = b"\xef\xbb\xbf"
    p = tmp_path / "joined.jsonl"
    p.write_bytes(bom + lines[0] + b"\n" + bom + lines[1] + b"\n" + bom + lines[2] + b"\n" + lines[3] + b"\n")
    src = load(p)
    assert len(src.records) == 4 and src.encoding == "utf-8 (BOM)"
    assert src.records[1].trace.answer == json.loads(lines[1])["output"].strip()
    assert src.notes == ["2 line(s) began with a byte-order mark (files joined together?): the marks were ignored"]


def test_a_byte_order_mark_inside_a_line_is_malformed_json(tmp_path: Path, lines: list[bytes]) -> None:
    p = tmp_path / "run.jsonl"
    p.write_bytes(lines[0] + b"\n" + lines[1][:1] + b"\xef\xbb\xbf" + lines[1][1:] + b"\n")
    assert message(p) == ("run.jsonl: JSONL line 2, column 2: malformed JSON: "
                          "Expecting property name enclosed in double quotes")


@pytest.mark.slow
def test_a_line_over_100_mb_is_refused(tmp_path: Path, lines: list[bytes]) -> None:
    p = tmp_path / "huge.jsonl"
    with p.open("wb") as f:
        f.write(lines[0] + b"\n" + b'{"output": "')
        block = b"word " * (1 << 18)  # 1.25 MB
        for _ in range(82):  # some 102 MB without a line break
            f.write(block)
        f.write(b'"}\n')
    assert message(p) == "huge.jsonl: JSONL line 2 is longer than 100 MB: not a record Tracepair reads"


# -- values that are not text where text belongs -------------------------------------------------------------
@pytest.mark.parametrize(("record", "problem"), [
    ({"prompt_id": "q", "output": 42}, "JSONL line 2: 'output' holds a number (42), not text"),
    ({"prompt_id": "q", "output": True}, "JSONL line 2: 'output' holds a boolean (True), not text"),
    ({"prompt_id": "q", "output": "ok", "reasoning": 3.5}, "JSONL line 2: 'reasoning' holds a number (3.5), not text"),
    ({"prompt_id": "q", "output": {"score": 1}},
     "JSONL line 2: 'output' holds an object with no text field Tracepair knows (found score); "
     "say where the text is with --field output=PATH"),
    ({"prompt_id": "q", "output": [1, 2]}, "JSONL line 2: 'output' holds an array of numbers, not text"),
])
def test_numbers_and_objects_where_text_belongs(tmp_path: Path, lines: list[bytes], record: dict,
                                                problem: str) -> None:
    p = tmp_path / "run.jsonl"
    p.write_bytes(lines[0] + b"\n" + json.dumps(record).encode() + b"\n")
    assert message(p) == f"run.jsonl: {problem}"


def test_nothing_is_modified(tmp_path: Path, lines: list[bytes]) -> None:
    p = tmp_path / "run.json"
    body = b"\n".join(lines[:3]) + b"\n" + b"[" * 200
    p.write_bytes(body)
    p.chmod(0o444)
    before = p.stat()
    message(p)
    after = p.stat()
    assert p.read_bytes() == body and (before.st_mtime_ns, before.st_mode) == (after.st_mtime_ns, after.st_mode)


def test_a_line_break_in_a_file_name_or_a_key_keeps_the_message_on_one_line(tmp_path: Path) -> None:
    p = tmp_path / "two\nlines.jsonl"
    p.write_bytes(b'{"score": 1, "odd\\nkey": 2}\n')
    assert message(p) == ("two\\nlines.jsonl: no recognisable text field (looked for output, response, completion, "
                          "text, content, answer, generation, generated_text, reasoning_content, reasoning, "
                          "thinking; found odd\\nkey, score); say where the text is with --field output=PATH")
