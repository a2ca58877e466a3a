"""Bytes to text: encoding detection, binary-file refusal, and where a UTF-8 file is damaged.

``sniff`` looks at the first chunk of a file: UTF-8 files (most) are then read and decoded a line
or a piece at a time; anything else is decoded whole by ``decode``.
"""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"MZ": "a Windows executable",
    b"SQLite format 3": "an SQLite database",
}


class NotText(ValueError):
    """The bytes are not text Tracepair can read: binary data, or a damaged UTF-8 file."""


def utf8_damage(data: bytes | bytearray, err: UnicodeDecodeError) -> str | None:
    """The problem with a UTF-8 file that has invalid bytes, or None if the bytes look like another
    encoding instead.

    A UTF-8 file has many valid multi-byte characters and, if damaged or joined with a file in
    another encoding, a few invalid bytes; a legacy encoding (GB18030, Latin-1, Shift-JIS...) read as
    UTF-8 shows few valid multi-byte characters by accident and far more invalid bytes.
    """
    text = bytes(data).decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    valid = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    del text
    if valid < 4 or replaced * 2 > valid:
        return None
    at = err.start
    line = data.count(b"\n", 0, at) + 1
    return (f"is UTF-8 but has invalid bytes: the first at line {line:,}, byte {at:,} of the file "
            f"(0x{data[at]:02x}); the file is damaged or mixes encodings")


def sniff(head: bytes, complete: bool) -> str:
    """How to read a file that starts with ``head``: "utf-8" (read piece by piece) or "other"
    (decoded whole by ``decode``). ``complete``: ``head`` is the whole file.

    Raises ``NotText`` for files that are plainly not text, before the rest is read.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if any(head.startswith(bom) for bom, _codec in _BOMS):
        return "other"
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise NotText(f"is a binary file ({what}), not text")
    if b"\x00" in head[:8192]:
        if _utf16_layout(head) is None:
            raise NotText("is a binary file (it contains NUL bytes), not text")
        return "other"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
    except UnicodeDecodeError:
        return "other"
    return "utf-8"


def _utf16_layout(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" if NULs fall in every other byte, as in mostly-ASCII UTF-16 text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / (len(sample) / 2)
    odd_nul = sample[1::2].count(0) / (len(sample) / 2)
    for ratio, other, codec in ((odd_nul, even_nul, "utf-16-le"), (even_nul, odd_nul, "utf-16-be")):
        if ratio > 0.7 and other < 0.1:
            return codec
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM shows NULs in every other byte (for mostly-ASCII text)."""
    codec = _utf16_layout(data)
    if codec is not None:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            return None
        return None if _mostly_controls(text) else text
    return None


def _mostly_controls(text: str) -> bool:
    """Binary data decoded by accident shows control characters that real text does not have."""
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f") + sample.count("\ufffd")
    return controls / len(sample) > 0.02


def decode(data: bytes) -> tuple[str, str]:
    """Decode ``data`` to ``(text, encoding)``; raise ``NotText`` for binary data.

    Order: BOM, then strict UTF-8 (most files), then BOM-less UTF-16, then
    charset-normalizer's detection among legacy encodings (GB18030, Latin-1, ...).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace("-sig", "") + " (BOM)"
            except UnicodeDecodeError as err:
                if codec == "utf-8-sig":
                    err.start += len(bom)  # offsets in the file, not after the mark
                    raise NotText(utf8_damage(data, err) or "has a UTF-8 byte-order mark but is not UTF-8") from err
                raise NotText(f"has a {codec} byte-order mark but is not valid {codec}: {err.reason}") from err
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise NotText(f"is a binary file ({what}), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        damage = utf8_damage(data, err)
        if damage:
            raise NotText(damage) from err
        text = None
    if text is not None:
        if "\x00" in text:
            utf16 = _utf16_without_bom(data)
            if utf16 is not None:
                return utf16, "utf-16"
            raise NotText("is a binary file (it contains NUL bytes), not text")
        return text, "utf-8"
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, "utf-16"
    if b"\x00" in data[:8192]:
        raise NotText("is a binary file (it contains NUL bytes), not text")
    from charset_normalizer import from_bytes  # here: only text that is not UTF-8 pays for importing it (~30 ms)

    best = from_bytes(data).best()
    if best is None or _mostly_controls(str(best)):
        raise NotText("is not text in any encoding Tracepair recognises")
    encoding = best.encoding
    # GBK and GB2312 are subsets of GB18030: decode with the superset so no character is lost.
    if encoding in {"gbk", "gb2312", "cp936"}:
        encoding = "gb18030"
    elif encoding.startswith(("cp125", "iso8859", "latin", "mac_", "cp850", "cp437")):
        # Detectors guess among Western single-byte code pages from little evidence; the files our
        # users have in these are Latin-1/Windows-1252 (a superset of Latin-1's printable range).
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), "latin-1"
    return data.decode(encoding, errors="strict"), encoding
