"""Reading the user's file: regular files only, in chunks, hashed as read, checked for changes.

What a path names is checked before anything is opened, and the file is opened non-blocking and
checked again, so a named pipe, a device or a socket is refused instead of hanging the read. The
file is read once, front to back: its SHA-256 is computed from the same chunks, and when the read
ends the file must still be the one that was opened, with the same size and time stamp.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Generator, Iterator
from pathlib import Path

from tracepair.core.model import LoadError

#: Bytes read at a time: progress moves every chunk, and cancelling takes effect between chunks.
CHUNK = 1 << 20

_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
)


def _not_a_file(mode: int) -> str | None:
    """Why a file of this mode cannot be read as a trace, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file: Tracepair reads files saved on disk"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file: Tracepair reads files saved on disk"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file: Tracepair reads files saved on disk"
    return "is not a regular file: Tracepair reads files saved on disk"


def _os_problem(path: Path, err: OSError) -> str:
    """One line for an error the system gave when looking up or opening ``path``."""
    if isinstance(err, PermissionError):
        return "cannot be read (permission denied)"
    if err.errno == errno.ELOOP:
        return "is a symbolic link that loops back on itself (too many levels of links)"
    if isinstance(err, FileNotFoundError):
        if path.is_symlink():
            return f"is a symbolic link to a file that does not exist ({os.readlink(path)})"
        return "no such file"
    if isinstance(err, NotADirectoryError):
        return "no such file (a folder on its path is a file)"
    if isinstance(err, IsADirectoryError):
        return "is a folder, not a file"
    if err.errno == errno.ENAMETOOLONG:
        return "no such file (the name is too long)"
    return f"cannot be read ({err.strerror or err})"


class InputFile:
    """One regular file, opened for reading; use as a context manager.

    ``read_chunk()`` and ``chunks()`` read on; ``restart()`` goes back to the start (the hash starts
    over). ``check_unchanged()`` after the last chunk raises ``LoadError`` if the file was changed,
    replaced or deleted while it was read.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            before = os.stat(self.path)
        except OSError as err:
            raise LoadError(self.path, _os_problem(self.path, err)) from err
        problem = _not_a_file(before.st_mode)
        if problem:
            raise LoadError(self.path, problem)
        try:
            fd = os.open(self.path, _OPEN_FLAGS)
        except OSError as err:
            raise LoadError(self.path, _os_problem(self.path, err)) from err
        opened = os.fstat(fd)
        problem = _not_a_file(opened.st_mode)  # replaced between the look and the open
        if problem:
            os.close(fd)
            raise LoadError(self.path, problem)
        self._file = os.fdopen(fd, "rb", buffering=0)
        self._opened = opened
        self.size = opened.st_size
        self.bytes_read = 0
        self._hash = hashlib.sha256()
        self.at_end = False

    def __enter__(self) -> InputFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()

    @property
    def fraction(self) -> float:
        """How much of the file has been read, 0..1."""
        return min(1.0, self.bytes_read / self.size) if self.size else 1.0

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def progress(self) -> tuple[float, str]:
        mb = 1 << 20
        if self.size < mb:
            return self.fraction, f"reading {self.path.name}"
        return self.fraction, f"reading {self.path.name}: {self.bytes_read / mb:,.0f} of {self.size / mb:,.0f} MB"

    def read_chunk(self) -> bytes:
        """The next chunk (``b""`` at the end of the file)."""
        try:
            data = self._file.read(CHUNK)
        except OSError as err:
            raise LoadError(
                self.path, f"could not be read to the end ({err.strerror or err}) after {self.bytes_read:,} bytes"
            ) from err
        if data:
            self._hash.update(data)
            self.bytes_read += len(data)
        else:
            self.at_end = True
        return data or b""

    def read_rest(self, head: bytes, span: float = 1.0) -> Generator[tuple[float, str], None, bytearray]:
        """``head`` and the rest of the file, yielding progress (bytes read) scaled to ``span``: for
        formats read whole (one JSON document, an archive, a Parquet file)."""
        buf = bytearray(head)
        for chunk in self.chunks():
            buf += chunk
            fraction, message = self.progress()
            yield fraction * span, message
        return buf

    def chunks(self) -> Iterator[bytes]:
        while True:
            data = self.read_chunk()
            if not data:
                return
            yield data

    def restart(self) -> None:
        """Read again from the first byte (a format guessed from the start proved wrong)."""
        self._file.seek(0)
        self._hash = hashlib.sha256()
        self.bytes_read = 0
        self.at_end = False

    def check_unchanged(self) -> None:
        """Raise ``LoadError`` if the file changed, was replaced or was deleted while it was read."""
        problem = self.change()
        if problem:
            raise LoadError(self.path, problem)

    def change(self) -> str | None:
        """How the file changed since it was opened (deleted, replaced, written to), or None.

        After a parse error too: a file cut short while read ends in a broken record, and the
        change, not the broken record, is what the user needs to hear about.
        """
        try:
            now = os.stat(self.path)
        except FileNotFoundError:
            return "was deleted while it was being read"
        except OSError as err:
            return f"could not be checked after reading ({err.strerror or err})"
        was = self._opened
        if (now.st_dev, now.st_ino) != (was.st_dev, was.st_ino):
            return "was replaced by another file while it was being read: open it again"
        grew = self.at_end and self.bytes_read != was.st_size
        if grew or now.st_size != was.st_size or now.st_mtime_ns != was.st_mtime_ns:
            return (f"changed while it was being read ({was.st_size:,} bytes when opened, {now.st_size:,} now): "
                    "open it again once it is complete")
        return None
