"""Entry point of the ``tracepair`` command.

``tracepair [A [B]]`` opens the window; ``tracepair SUBCOMMAND ...`` runs one
subcommand. Each subcommand lives in its own module ``tracepair.cli.cmd_<name>``
exposing ``register(subparsers)``; the parser it adds sets ``func`` to a
callable taking the parsed args and returning an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from tracepair import __version__
from tracepair.core.model import LoadError

#: Subcommand modules, in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = ("inspect", "compare", "align", "idioms", "lineup", "snapshot", "report")

EXIT_BAD_INPUT = 2


def _subcommand_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tracepair", description="Forensic comparison of LLM outputs.")
    parser.add_argument("--version", action="version", version=f"tracepair {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"tracepair.cli.cmd_{name}").register(sub)
    return parser


def _window_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tracepair",
        description="Open the comparison window on A and B, or run a subcommand: "
        + ", ".join(COMMANDS)
        + " (see 'tracepair COMMAND --help').",
    )
    parser.add_argument("--version", action="version", version=f"tracepair {__version__}")
    parser.add_argument("--self-test", action="store_true", help="run the bundle self-test and exit")
    parser.add_argument("a", nargs="?", metavar="A", help="left side: a trace or an output set")
    parser.add_argument("b", nargs="?", metavar="B", help="right side: a trace or an output set")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] in COMMANDS:
            args = _subcommand_parser().parse_args(args_list)
            return int(args.func(args) or 0)
        args = _window_parser().parse_args(args_list)
        if args.self_test:
            from tracepair.cli.selftest import run_self_test

            return run_self_test()
        from tracepair.ui.shell.app import run_window

        return run_window(args.a, args.b)
    except LoadError as err:
        print(f"tracepair: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``tracepair compare A B | head``): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    raise SystemExit(main())
