"""Entry point of the ``tracepair`` command.

``tracepair [A [B]]`` opens the window; ``tracepair SUBCOMMAND ...`` runs one
subcommand. Each subcommand lives in its own module ``tracepair.cli.cmd_<name>``
exposing ``register(subparsers)``; the parser it adds sets ``func`` to a
callable taking the parsed args and returning an exit code.

``--field ROLE=PATH`` (where records keep their text) is added here to every subcommand and checked
before it runs; each subcommand hands it (``options.fields_of``) to every file it loads.

Errors are handled here, once for every subcommand: bad input (``BadInput``) is one line on
stderr and exit code 2; anything else is a bug: one line naming a log file that holds the
traceback, and exit code 1. ``--debug`` (anywhere on the line) prints tracebacks instead.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence

from tracepair import __version__, crash_log
from tracepair.cli.options import add_fields, fields_of
from tracepair.core.model import BadInput

#: Subcommand modules, in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = ("inspect", "compare", "align", "idioms", "lineup", "snapshot", "report")

EXIT_BAD_INPUT = 2
EXIT_INTERNAL_ERROR = 1
DEBUG_FLAG = "--debug"
_DEBUG_HELP = "show Python tracebacks instead of one-line messages (for reporting a bug)"


def _subcommand_parser(command: str) -> argparse.ArgumentParser:
    """The parser of ``command`` (only its module is imported: ``inspect`` need not load numpy)."""
    parser = argparse.ArgumentParser(prog="tracepair", description="Forensic comparison of LLM outputs.")
    parser.add_argument("--version", action="version", version=f"tracepair {__version__}")
    parser.add_argument(DEBUG_FLAG, action="store_true", help=_DEBUG_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    importlib.import_module(f"tracepair.cli.cmd_{command}").register(sub)
    add_fields(sub.choices[command])
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
    parser.add_argument(DEBUG_FLAG, action="store_true", help=_DEBUG_HELP)
    parser.add_argument("a", nargs="?", metavar="A", help="left side: a trace or an output set")
    parser.add_argument("b", nargs="?", metavar="B", help="right side: a trace or an output set")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = DEBUG_FLAG in args_list
    args_list = [a for a in args_list if a != DEBUG_FLAG]
    try:
        return _run(args_list)
    except BadInput as err:  # a file, a pair of files or an option the user can fix: one line, exit 2
        if debug:
            traceback.print_exc()
        print(f"tracepair: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``tracepair compare A B | head``): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as err:  # a bug: one line for the user, the traceback in a log
        if debug:
            traceback.print_exc()
            return EXIT_INTERNAL_ERROR
        print(f"tracepair: internal error ({crash_log.one_line(err)}); {_logged(err, args_list)}", file=sys.stderr)
        return EXIT_INTERNAL_ERROR


def _run(args_list: list[str]) -> int:
    if args_list and args_list[0] in COMMANDS:
        args = _subcommand_parser(args_list[0]).parse_args(args_list)
        fields_of(args)  # a malformed --field is one line and exit 2, before any work
        return int(args.func(args) or 0)
    args = _window_parser().parse_args(args_list)
    if args.self_test:
        from tracepair.cli.selftest import run_self_test

        return run_self_test()
    from tracepair.ui.shell.app import run_window

    return run_window(args.a, args.b)


def _logged(err: Exception, args_list: list[str]) -> str:
    """Where the traceback was written, as the end of the one-line message."""
    doing = f"running 'tracepair {' '.join(args_list)}'".rstrip()
    try:
        path = crash_log.write_log(crash_log.report_text(err, doing))
    except OSError:
        return f"the details could not be saved: run again with {DEBUG_FLAG} to see them"
    return f"details in {path} (please attach it to a bug report)"


if __name__ == "__main__":
    raise SystemExit(main())
