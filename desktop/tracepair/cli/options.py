"""Options several subcommands share, declared and checked in one place."""

from __future__ import annotations

import argparse

from tracepair.core.match.comparison import CompareSettings
from tracepair.core.model import LoadError


def add_min_tokens(p: argparse.ArgumentParser) -> None:
    p.add_argument("--min-tokens", type=int, default=CompareSettings.min_tokens, metavar="N",
                   help="shortest shared passage, in tokens (default %(default)s)")


def check_min_tokens(args: argparse.Namespace) -> int:
    """``--min-tokens`` if usable; otherwise the one-line bad-input message (exit 2), like bad files."""
    if args.min_tokens < 2:
        raise LoadError(args.b, f"--min-tokens must be at least 2 (got {args.min_tokens})")
    return args.min_tokens
