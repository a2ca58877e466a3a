"""Reading big UTF-8 output sets a chunk at a time: JSONL line by line, a JSON array item by item.

Only the records are kept, never the whole file or its text, so memory follows the answers
loaded, not the file; progress (bytes read) is yielded after every chunk. A byte that is not UTF-8
stops the stream with ``NotUtf8``: the reader then decodes the whole file to tell a damaged file
from one in another encoding.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Generator

from tracepair.core.load.files import InputFile
from tracepair.core.load.records import RecordSet, depth_problem, too_deep
from tracepair.core.model import LoadError, Progress

#: A JSONL line longer than this is refused rather than held in memory whole.
MAX_LINE = 100 << 20

_WS = re.compile(r"[ \t\r\n]*")


class NotUtf8(Exception):
    """A byte that is not UTF-8 turned up in a stream read as UTF-8."""


def first_line_object(head: bytes) -> bool:
    """Whether ``head`` (the file up to the end of its first line) is one whole JSON object."""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if too_deep(text) is not None:
        return False
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


def stream_jsonl(f: InputFile, head: bytes, records: RecordSet) -> Generator[Progress, None, None]:
    """Add the records of every line of ``f``; ``head`` is what was read already (its BOM removed)."""
    lineno = 0
    carry: list[bytes] = []  # the start of a line that has not ended yet
    carry_len = 0
    chunk = head
    while True:
        if chunk:
            end = chunk.rfind(b"\n")
            if end < 0:
                carry.append(chunk)
                carry_len += len(chunk)
            else:
                block = b"".join([*carry, chunk[:end]]) if carry else chunk[:end]
                carry, carry_len = [chunk[end + 1 :]], len(chunk) - end - 1
                for raw in block.split(b"\n"):
                    lineno += 1
                    try:
                        line = raw.decode("utf-8")
                    except UnicodeDecodeError as err:
                        raise NotUtf8 from err
                    records.add_jsonl_line(line, lineno)
            if carry_len > MAX_LINE:
                raise LoadError(f.path, f"JSONL line {lineno + 1:,} is longer than {MAX_LINE >> 20} MB: "
                                "not a record Tracepair reads")
            yield f.progress()
        if f.at_end:
            break
        chunk = f.read_chunk()
    last = b"".join(carry)
    if last.strip():
        try:
            records.add_jsonl_line(last.decode("utf-8"), lineno + 1)
        except UnicodeDecodeError as err:
            raise NotUtf8 from err


class _Text:
    """The decoded text of a stream, kept from the last item on: a buffer that grows at the end and
    is cut at the front, remembering the line and column where it starts (for messages)."""

    def __init__(self, f: InputFile, head: bytes) -> None:
        self.f = f
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self.buf = self._decode(head, final=f.at_end)
        self.line = 0  # lines before the buffer
        self.column = 0  # characters before the buffer on its first line

    def _decode(self, data: bytes, final: bool) -> str:
        try:
            return self._decoder.decode(data, final=final)
        except UnicodeDecodeError as err:
            raise NotUtf8 from err

    def more(self, at_least: int = 1) -> bool:
        """Read until ``at_least`` more characters are buffered or the file ends; False at the end."""
        if self.f.at_end:
            return False
        got: list[str] = []
        n = 0
        while n < at_least:
            data = self.f.read_chunk()
            text = self._decode(data, final=not data)
            got.append(text)
            n += len(text) or 1
            if not data:
                break
        self.buf += "".join(got)
        return True

    def cut(self, pos: int) -> int:
        """Forget the buffer before ``pos``; returns the position that was ``pos`` (now 0)."""
        dropped = self.buf[:pos]
        newlines = dropped.count("\n")
        if newlines:
            self.line += newlines
            self.column = pos - (dropped.rfind("\n") + 1)
        else:
            self.column += pos
        self.buf = self.buf[pos:]
        return 0

    def where(self, pos: int) -> tuple[int, int]:
        """(line, column) in the file, both from 1, of buffer position ``pos``."""
        line_start = self.buf.rfind("\n", 0, pos) + 1
        column = pos - line_start + 1
        if line_start == 0:
            column += self.column
        return self.line + self.buf.count("\n", 0, pos) + 1, column


def _malformed(t: _Text, pos: int, msg: str) -> LoadError:
    line, column = t.where(pos)
    return LoadError(t.f.path, f"malformed JSON at line {line:,}, column {column:,}: {msg}")


def stream_array(f: InputFile, head: bytes, records: RecordSet) -> Generator[Progress, None, None]:
    """Add the records of a JSON array of objects; ``head`` starts with ``[`` (after white space)."""
    t = _Text(f, head)
    scan = json.JSONDecoder().raw_decode
    pos = t.buf.index("[") + 1
    items = 0
    expect_item = True  # after "[" or ",": an item; after an item: "," or "]"
    while True:
        pos = _WS.match(t.buf, pos).end()
        if pos >= len(t.buf):
            if t.more():
                continue
            raise _malformed(t, pos, "Expecting value" if expect_item else "Expecting ',' delimiter")
        c = t.buf[pos]
        if not expect_item or (items == 0 and c == "]"):
            if c == "]":
                pos += 1
                break
            if c != ",":
                raise _malformed(t, pos, "Expecting ',' delimiter")
            pos += 1
            expect_item = True
            continue
        try:
            obj, end = scan(t.buf, pos)
        except json.JSONDecodeError as err:
            # Cut off at the end of what has been read so far: read more (doubling, so a long item
            # is not parsed again and again) and try again.
            cut_off = err.pos >= len(t.buf) - 8 or err.msg.startswith("Unterminated string")
            if cut_off and not f.at_end:
                pos = t.cut(pos)
                t.more(max(len(t.buf), 1))
                continue
            raise _malformed(t, err.pos, err.msg) from err
        except RecursionError as err:  # nested far deeper than MAX_DEPTH
            raise LoadError(f.path, _deep(t, too_deep(t.buf, pos, depth=1) or pos)) from err
        deep = too_deep(t.buf, pos, end, depth=1)  # inside the array
        if deep is not None:
            raise LoadError(f.path, _deep(t, deep))
        items += 1
        records.add(obj, f"item {items:,} of the JSON array")
        pos = end
        expect_item = False
        if pos > (1 << 20):
            pos = t.cut(pos)
            yield f.progress()
    if items == 0:
        raise LoadError(f.path, "is an empty JSON array: no records")
    # Nothing but white space may follow the array.
    while True:
        pos = _WS.match(t.buf, pos).end()
        if pos < len(t.buf):
            raise _malformed(t, pos, "Extra data")
        pos = t.cut(pos)
        if not t.more():
            break
        yield f.progress()


def _deep(t: _Text, at: int) -> str:
    line, column = t.where(at)
    return depth_problem(f"line {line:,}, column {column:,}")
