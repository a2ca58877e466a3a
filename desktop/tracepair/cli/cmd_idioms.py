"""``tracepair idioms A B``: what each side over-uses, and the idioms both favour."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracepair.cli.options import fields_of, positive_int
from tracepair.cli.output import emit_json
from tracepair.core.idioms.counting import KINDS
from tracepair.core.idioms.stats import IdiomSettings, idioms, idioms_to_json
from tracepair.core.load.reader import load


def _fmt(x: float | None, nd: int = 2) -> str:
    return "-" if x is None else f"{x:.{nd}f}"


def _print_table(payload: dict) -> None:
    kind = payload["kind"]
    for key in ("a", "b"):
        side = payload[key]
        print(f"{key.upper()}: {side['name']} — {side['words']:,} words in {side['records']} record(s)")
        print(f"  top {kind} (per 10,000 words; × ordinary = rate over the ordinary-English rate)")
        for row in side["top"]:
            ci = row["per_10k_ci"]
            interval = f" [{_fmt(ci[0])}, {_fmt(ci[1])}]" if ci else ""
            print(f"  {row['idiom']:<32} {row['count']:>6}  {_fmt(row['per_10k']):>7}{interval:<18}"
                  f" × ordinary {_fmt(row['baseline_ratio'], 1)}")
        print()
    print(f"shared favourites ({kind} both over-use against ordinary English, by the smaller ratio):")
    if not payload["shared"]:
        print("  none")
    for row in payload["shared"]:
        print(f"  {row['idiom']:<32} A {_fmt(row['per_10k_a']):>7} (× {_fmt(row['baseline_ratio_a'], 1)})"
              f"   B {_fmt(row['per_10k_b']):>7} (× {_fmt(row['baseline_ratio_b'], 1)})")
    for note in payload["notes"]:
        print(f"\nnote: {note}")


def run(args: argparse.Namespace) -> int:
    fields = fields_of(args)
    a, b = load(args.a, fields), load(args.b, fields)
    settings = IdiomSettings(idiom_file=Path(args.idioms) if args.idioms else None, kind=args.kind,
                             top=args.top, min_count=args.min_count, bootstrap=args.bootstrap)
    payload = idioms_to_json(idioms(a, b, settings))  # core reads --idioms; a bad list is exit 2
    if args.json:
        emit_json(payload)
    else:
        _print_table(payload)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("idioms", help="idioms each side over-uses, and the ones both favour")
    p.add_argument("a", metavar="A", help="left side: a trace or an output set")
    p.add_argument("b", metavar="B", help="right side: a trace or an output set")
    p.add_argument("--json", action="store_true", help="print the stable JSON result")
    p.add_argument("--top", type=positive_int, default=20, metavar="N", help="phrases per list (default 20)")
    p.add_argument("--idioms", metavar="FILE", help="your idiom list (one phrase a line) instead of the shipped one")
    p.add_argument("--kind", choices=KINDS, default="idioms", help="what to rank (default: idioms)")
    p.add_argument("--min-count", type=positive_int, default=3, metavar="N",
                   help="ignore phrases seen fewer than N times on both sides (default 3)")
    p.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                   help="resamples over records for the intervals of output sets (default 1000; 0: none)")
    p.set_defaults(func=run)
