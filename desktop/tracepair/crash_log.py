"""Reports of unexpected errors (bugs, not bad input): the text, and the log file that keeps it.

Pure Python, so the command line writes its logs without starting Qt. Logs go to the user's data
folder, the one Qt calls ``QStandardPaths.AppDataLocation`` for Tracepair (the window passes Qt's
answer; ``data_folder`` gives the same place without Qt), in ``logs/``; if that cannot be written,
to the temporary folder. A report holds the versions, what was being done and the traceback,
never the content of the user's files.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

from tracepair import __version__

APP = "Tracepair"  # organisation and application name, as the window sets them


def data_folder() -> Path:
    """Tracepair's folder in the user's data location, as Qt's AppDataLocation names it."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP / APP


def one_line(error: BaseException) -> str:
    """``Type: message`` on one line, cut to a readable length."""
    text = " ".join(str(error).split())
    text = text if len(text) <= 200 else text[:199] + "…"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def report_text(error: BaseException, doing: str, extra: dict[str, str] | None = None) -> str:
    """The full report: when, versions, what was being done, and the traceback."""
    lines = [
        f"Tracepair {__version__}: unexpected error while {doing}",
        f"time: {datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"python: {platform.python_version()} ({sys.executable})",
        f"system: {platform.platform()}",
    ]
    lines += [f"{k}: {v}" for k, v in (extra or {}).items()]
    lines.append("")
    lines += traceback.format_exception(type(error), error, error.__traceback__)
    return "\n".join(line.rstrip("\n") for line in lines) + "\n"


def write_log(text: str, folder: Path | None = None) -> Path:
    """Write ``text`` to a new log file in ``folder/logs`` (default ``data_folder()``); returns its path."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"error-{stamp}-{os.getpid()}"
    for base in (folder or data_folder(), Path(tempfile.gettempdir()) / APP):
        logs = base / "logs"
        try:
            logs.mkdir(parents=True, exist_ok=True)
            for n in range(1000):
                path = logs / (f"{name}.log" if n == 0 else f"{name}-{n}.log")
                try:
                    with path.open("x", encoding="utf-8") as f:
                        f.write(text)
                    return path
                except FileExistsError:
                    continue
        except OSError:
            continue
    raise OSError("no folder to write the error log in")
