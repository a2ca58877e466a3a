"""Reading a list the user gives (idioms, markers): small UTF-8 text files, one entry a line.

Checked like any input (``load.files.InputFile``): a folder, a named pipe or a device is refused
before it is read (a pipe would block the read forever), and every problem is a ``LoadError``
naming the file.
"""

from __future__ import annotations

from pathlib import Path

from tracepair.core.load.files import InputFile
from tracepair.core.model import LoadError

#: A list longer than this is not a list of phrases.
MAX_LIST_BYTES = 20 << 20


def read_list_file(path: Path | str, what: str) -> str:
    """The text of the list at ``path``; ``what`` names it in messages ("idiom list")."""
    with InputFile(path) as f:  # every check a trace file gets: folders, pipes, devices, links, permissions
        if f.size > MAX_LIST_BYTES:
            raise LoadError(f.path, f"is {f.size / (1 << 20):,.0f} MB: too big for a {what} (one phrase a line)")
        data = b"".join(f.chunks())
        f.check_unchanged()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise LoadError(f.path, f"{what} is not UTF-8 text (byte {err.start:,} is 0x{data[err.start]:02x})") from err
