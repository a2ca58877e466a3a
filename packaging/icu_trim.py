"""Linux bundle: rebuild Qt's ICU data library with only the parts QtCore reads.

PySide6's Linux wheels ship ICU 73 with its full data (``libicudata.so.73``, 31 MB, a sixth of
the bundle). QtCore is the only library in the bundle that calls ICU (checked with
``nm -D --undefined-only``), and it calls only four services:

* ``ucol_*``   collation (QCollator, QString::localeAwareCompare)      -> ``coll/``, locale ``.res``
* ``u_strTo{Upper,Lower}`` locale-aware case mapping (QLocale::toUpper)  -> built into libicuuc
* ``ucal_*``   time-zone ids and display names (QTimeZone)             -> ``zone/``, ``zoneinfo64.res``
* ``ucnv_*``   text codecs by name (QStringDecoder("Shift_JIS"), ...)

Tracepair decodes files in Python (charset-normalizer, Python's codecs), never through Qt, so the
conversion tables go; ``cnvalias.icu`` stays, so ICU's built-in UTF-8/16/32, Latin-1 and ASCII
converters still open by name. Dropped as well: data for services QtCore never calls (break
iteration, transliteration, spelled-out numbers, unit/currency/language/region display names,
character names, StringPrep, spoof checks). What remains is every resource bundle those four
services fall back through (root and each locale's ``.res``), so a lookup finds what it found before.

The data lives in the library as one symbol, ``icudt73_dat``: an ICU "common data" package
(format ``CmnD``: a header, a table of contents of item names and offsets, then the items, each
16-byte aligned). This module reads it out of the ELF file, drops items, and links a new library
with the same soname and symbol (needs a C compiler driver, ``cc``; without one the full library
ships unchanged).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

#: Item-name prefixes (after ``icudt73l/``) QtCore never reads; see the module docstring.
DROP_DIRS = ("brkitr/", "translit/", "rbnf/", "unit/", "curr/", "lang/", "region/")
#: Single items or suffixes QtCore never reads: character names, StringPrep, confusables, codec tables.
DROP_SUFFIXES = (".cnv", ".spp", ".cfu")
DROP_NAMES = ("unames.icu",)


def elf_symbol(path: Path, pattern: str) -> tuple[str, int, int]:
    """(name, file offset, size) of the first dynamic symbol whose name matches ``pattern``
    (ELF64 little-endian, which is what x86-64 and arm64 Linux use)."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError(f"{path}: not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    for _name, kind, _flags, _addr, off, size, link, _info, _align, entsize in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strtab_off = sections[link][4]
        for i in range(size // entsize):
            st_name, _st_info, _st_other, st_shndx, st_value, st_size = struct.unpack_from(
                "<IBBHQQ", data, off + i * entsize)
            name = data[strtab_off + st_name:data.index(b"\0", strtab_off + st_name)].decode()
            if re.fullmatch(pattern, name) and st_shndx:
                sec = sections[st_shndx]
                return name, sec[4] + (st_value - sec[3]), st_size
    raise ValueError(f"{path}: no symbol matching {pattern}")


def read_package(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """Split an ICU common-data package into its header and (name, item bytes) pairs."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD" or blob[8] != 0:
        raise ValueError("not a little-endian ICU common-data (CmnD) package")
    count, = struct.unpack_from("<I", blob, header_size)
    toc = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    ends = [header_size + data_off for _n, data_off in toc[1:]] + [len(blob)]
    items = []
    for (name_off, data_off), end in zip(toc, ends, strict=True):
        start = header_size + name_off
        name = blob[start:blob.index(b"\0", start)].decode("ascii")
        items.append((name, blob[header_size + data_off:end]))
    return blob[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The inverse of :func:`read_package`, laid out byte for byte as ICU's icupkg does (items
    16-byte aligned, padding 0xAA). Names must stay sorted: ICU finds items by binary search."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    toc_size = 4 + 8 * len(items)
    pad = (-(len(header) + toc_size + len(names))) % 16
    offset = toc_size + len(names) + pad
    toc, name_off, body = [struct.pack("<I", len(items))], toc_size, []
    for name, data in items:
        toc.append(struct.pack("<II", name_off, offset))
        name_off += len(name) + 1
        data += b"\xaa" * ((-len(data)) % 16)
        body.append(data)
        offset += len(data)
    return header + b"".join(toc) + names + b"\xaa" * pad + b"".join(body)


def wanted(name: str) -> bool:
    """Whether QtCore can read item ``name`` (``icudt73l/coll/de.res``)."""
    rel = name.split("/", 1)[1] if "/" in name else name
    return not (rel.startswith(DROP_DIRS) or rel.endswith(DROP_SUFFIXES) or rel in DROP_NAMES)


def trimmed_library(src: Path, out_dir: Path) -> Path | None:
    """Build a trimmed copy of ``src`` (libicudata.so.NN) in ``out_dir``; None without a C compiler."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        return None
    symbol, offset, size = elf_symbol(src, r"icudt\d+_dat")
    with open(src, "rb") as f:
        f.seek(offset)
        header, items = read_package(f.read(size))
    out_dir.mkdir(parents=True, exist_ok=True)
    dat = out_dir / f"{symbol[:-4]}l.dat"
    dat.write_bytes(write_package(header, [item for item in items if wanted(item[0])]))
    asm = out_dir / "icudata.S"
    asm.write_text(
        f'\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n'
        f'{symbol}:\n\t.incbin "{dat}"\n\t.size {symbol}, . - {symbol}\n'
        '\t.section .note.GNU-stack,"",@progbits\n', encoding="ascii")
    lib = out_dir / src.name
    subprocess.run([cc, "-shared", "-nostdlib", f"-Wl,-soname,{src.name}", "-o", str(lib), str(asm)],
                   check=True)
    return lib
