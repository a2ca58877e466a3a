"""Reading a list the user gives (idioms, markers): small UTF-8 text files, one entry a line.

Checked like any input: a folder, a named pipe or a device is refused before it is opened (a pipe
would block the read forever), and every problem is a ``LoadError`` naming the file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tracepair.core.model import LoadError

#: A list longer than this is not a list of phrases.
MAX_LIST_BYTES = 20 << 20


def read_list_file(path: Path | str, what: str) -> str:
    """The text of the list at ``path``; ``what`` names it in messages ("idiom list")."""
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError as err:
        raise LoadError(path, "no such file") from err
    except OSError as err:
        raise LoadError(path, f"cannot be read ({err.strerror or err})") from err
    if stat.S_ISDIR(st.st_mode):
        raise LoadError(path, "is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise LoadError(path, f"is not a regular file: a {what} is a text file saved on disk")
    if st.st_size > MAX_LIST_BYTES:
        raise LoadError(path, f"is {st.st_size / (1 << 20):,.0f} MB: too big for a {what} (one phrase a line)")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise LoadError(path, f"cannot be read ({err.strerror or err})") from err
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise LoadError(path, f"{what} is not UTF-8 text (byte {err.start:,} is 0x{data[err.start]:02x})") from err
