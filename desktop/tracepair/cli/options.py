"""Options and checks several subcommands share, declared in one place."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from tracepair.core.load.fields import ROLES, FieldMap
from tracepair.core.model import BadInput, LoadError

# Kept light: ``inspect`` imports this module, and starts faster without numpy (core.match is
# imported where a subcommand that compares builds its parser).


class UsageError(BadInput):
    """An option the command cannot use: ``main`` prints it as one line and exits 2, as for bad files."""


def add_min_tokens(p: argparse.ArgumentParser) -> None:
    from tracepair.core.match import CompareSettings

    p.add_argument("--min-tokens", type=int, default=CompareSettings.min_tokens, metavar="N",
                   help="shortest shared passage, in tokens (default %(default)s)")


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (``--top``, ``--min-count``)."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def int_from(low: int, high: int):
    """An argparse type: a whole number from ``low`` to ``high`` (a bad one is a usage error, exit 2)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number (got {text!r})") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low:,} to {high:,} (got {value:,})")
        return value

    parse.__name__ = "whole number"  # argparse names the type in its message
    return parse


def add_fields(p: argparse.ArgumentParser) -> None:
    """``--field ROLE=PATH``, on every subcommand that reads files."""
    p.add_argument("--field", action="append", default=[], metavar="ROLE=PATH",
                   help=f"where a record keeps its text when Tracepair cannot tell: ROLE is one of "
                        f"{', '.join(ROLES)}; PATH a dotted path into each record, arrays by index "
                        "(e.g. output=response.body.choices.0.message.content). Repeat for each role; "
                        "applies to every file named")


def fields_of(args: argparse.Namespace) -> FieldMap:
    """The ``--field`` options as a ``FieldMap``; a malformed one is a ``FieldError`` (exit 2)."""
    return FieldMap.parse(getattr(args, "field", None) or [])


def check_min_tokens(args: argparse.Namespace) -> int:
    """``--min-tokens`` if usable, else a ``UsageError`` naming the option (not a file)."""
    from tracepair.core.match.results import MIN_PASSAGE_TOKENS

    if args.min_tokens < MIN_PASSAGE_TOKENS:
        raise UsageError(f"--min-tokens must be at least {MIN_PASSAGE_TOKENS} (got {args.min_tokens})")
    return args.min_tokens


def output_path(text: str, suffixes: tuple[str, ...], what: str) -> Path:
    """A file the user asked us to write, checked before any work is done: the right extension,
    and a folder that exists and can be written to. Raises ``LoadError`` (exit 2, one line)."""
    path = Path(text)
    if path.suffix.lower() not in suffixes:
        raise LoadError(path, f"{what}: give a file name ending in {' or '.join(suffixes)}")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise LoadError(path, f"cannot be written: the folder {folder} does not exist")
    if path.is_dir():
        raise LoadError(path, "cannot be written: it is a folder")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise LoadError(path, "cannot be written (permission denied)")
    return path


def output_folder(text: str) -> Path:
    """A folder to write into (created if missing); raises ``LoadError`` if that cannot be."""
    folder = Path(text)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise LoadError(folder, f"cannot be created ({err.strerror or err})") from err
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise LoadError(folder, "cannot be written to (not a folder, or permission denied)")
    return folder


def written(path: Path, write) -> Path:
    """Run ``write()`` (which writes ``path``); a failure of the disk is one line, not a traceback."""
    try:
        return write()
    except OSError as err:
        raise LoadError(path, f"cannot be written ({err.strerror or err})") from err
