"""``tracepair lineup PATH…``: where each output set stands among the others.

With ``--json``, ``-o``, ``--png``, ``--newick`` or ``--table`` it writes what they ask for; with none of
them it opens the lineup window when there is a display, and prints the table when there is none.
Qt is imported only for the window and ``--png``: without a display, the table path never loads it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tracepair.cli.options import fields_of, int_from, output_folder, output_path, positive_int, written
from tracepair.cli.output import emit_json
from tracepair.core.lineup import MAX_BOOTSTRAP, MAX_SEED, PARTS, Lineup, LineupSettings, lineup, lineup_to_json

#: Nearest relatives printed per member in the plain table.
TABLE_NEAREST = 3


def _interval(low: float | None, high: float | None) -> str:
    return "" if low is None or high is None else f" [{low:+.2f}, {high:+.2f}]"


def _print_table(result: Lineup) -> None:
    s = result.settings
    reps = f"{result.replicates} bootstrap replicates over prompts" if result.replicates else "no bootstrap"
    print(f"lineup of {len(result.members)} output sets — part: {s.part}, {result.prompts} prompts "
          f"({result.keys} prompt keys), {len(result.features):,} features, {reps}")
    control = result.control()
    print(f"a pair in this lineup scores {control['median']:+.2f} at the median, {control['p95']:+.2f} at the "
          "95th percentile (most pairs are unrelated: that is the chance level here)")
    print("nearest relatives (similarity, 95% interval, share of replicates in which it is the nearest):")
    width = max(len(n) for n in result.names)
    for name in result.names:
        cells = []
        for n in result.nearest(name)[:TABLE_NEAREST]:
            sup = "" if n.support is None else f" {n.support:.0%}"
            cells.append(f"{n.model} {n.similarity:+.2f}{_interval(n.low, n.high)}{sup}")
        print(f"  {name:<{width}}  " + "  |  ".join(cells))
    for e in result.excluded:
        print(f"left out: {e.name}: {e.why}")
    for note in result.notes:
        print(f"note: {note}")
    print(f"tree (Newick): {result.newick()}")


def _wants_window(args: argparse.Namespace) -> bool:
    if args.json or args.output or args.png or args.newick or args.table:
        return False
    from tracepair.ui.common.display import has_display  # Qt-free: the table path does not load Qt

    return has_display()


def _pngs(result: Lineup, folder: Path) -> list[Path]:
    """The window's heatmap and tree, and each member's nearest-relatives chart, rendered offscreen at 2x."""
    from tracepair.ui.common.display import offscreen_without_display

    offscreen_without_display()
    from tracepair.ui.shell.lineup_flow import render_lineup_pngs

    return render_lineup_pngs(result, folder)


def run(args: argparse.Namespace) -> int:
    png_dir = output_folder(args.png) if args.png else None
    settings = LineupSettings(part=args.part, bootstrap=args.bootstrap, seed=args.seed, top=args.top)
    # Where the results go is checked before the work: a typo costs a second, not the whole lineup.
    html = output_path(args.output, (".html", ".htm"), "the report is an HTML page") if args.output else None
    newick = output_path(args.newick, (".nwk", ".newick", ".tre", ".tree", ".txt"), "the tree is Newick text") \
        if args.newick else None
    if _wants_window(args):
        from tracepair.ui.shell.lineup_flow import run_lineup_window

        return run_lineup_window(args.paths, settings, fields_of(args))
    result = lineup(args.paths, settings, fields=fields_of(args))  # a LineupError is bad input: one line, exit 2
    if newick is not None:
        written(newick, lambda: newick.write_text(result.newick() + "\n", encoding="utf-8"))
    if html is not None:
        from tracepair.core.report.lineup_html import write_lineup_html

        written(html, lambda: write_lineup_html(result, html))
    if png_dir is not None:
        for p in written(png_dir, lambda: _pngs(result, png_dir)):
            print(p, file=sys.stderr if args.json else sys.stdout)  # stdout is the JSON's alone
    if args.json:
        emit_json(lineup_to_json(result))
    elif args.table or not (args.output or png_dir):
        _print_table(result)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "lineup", help="where each of many output sets stands among the others",
        description="Where each of many output sets stands among the others. With none of --json, -o, --png, "
                    "--newick or --table, opens the lineup window (or, with no display, prints the table).")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="output sets: files, or folders (every *.jsonl / *.json inside); or slop-forensics "
                        "slop_profile_results.json files")
    p.add_argument("--part", choices=PARTS, default="answer", help="what to compare (default: answer)")
    p.add_argument("--bootstrap", type=int_from(0, MAX_BOOTSTRAP), default=LineupSettings.bootstrap,
                   metavar="N", help="replicates over prompts for intervals and support "
                                     f"(default %(default)s; 0: none; at most {MAX_BOOTSTRAP:,})")
    p.add_argument("--seed", type=int_from(0, MAX_SEED), default=0, metavar="N",
                   help="seed of the bootstrap (default 0)")
    p.add_argument("--top", type=positive_int, default=LineupSettings.top, metavar="N",
                   help="features listed per member (default %(default)s)")
    shown = p.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="print the stable JSON result")
    shown.add_argument("--table", action="store_true",
                       help="print each member's nearest three as a table instead of opening the window "
                            "(the default when there is no display)")
    p.add_argument("--newick", metavar="FILE", help="write the tree, with clade support, as Newick")
    p.add_argument("-o", "--output", metavar="HTML", help="write a self-contained HTML report")
    p.add_argument("--png", metavar="DIR", help="write the window's heatmap and tree (lineup.png), the chart of "
                   "each member's nearest relative (nearest.png) and the whole window (lineup-window.png) "
                   "as PNG at 2x")
    p.set_defaults(func=run)
