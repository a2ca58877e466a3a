"""``tracepair snapshot A B -o view.png``: the comparison window rendered offscreen at 2x."""

from __future__ import annotations

import argparse
import re

from tracepair.cli.options import add_min_tokens, check_min_tokens, fields_of, output_path, written
from tracepair.core.load.reader import load
from tracepair.core.match.pairing import pair_records


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{3,5})[xX×](\d{3,5})", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"size must look like 1600x1000, not {text!r}")
    return int(m.group(1)), int(m.group(2))


def run(args: argparse.Namespace) -> int:
    out = output_path(args.output, (".png",), "the snapshot is written as PNG")
    # Load and pair first, so bad input is reported (exit 2) before Qt starts, exactly as compare does.
    check_min_tokens(args)
    fields = fields_of(args)
    a, b = load(args.a, fields), load(args.b, fields)
    pair_records(a, b)
    from tracepair.ui.common.view_settings import ViewSettings
    from tracepair.ui.shell.app import render_offscreen

    written(out, lambda: render_offscreen(a, b, out, size=args.size, dpr=args.scale, key=args.prompt,
                                          settings=ViewSettings(min_tokens=args.min_tokens)))
    print(out)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("snapshot", help="render the comparison window offscreen to a PNG")
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.add_argument("-o", "--output", required=True, help="PNG file to write")
    p.add_argument("--size", type=_size, default=(1600, 1000), metavar="WIDTHxHEIGHT",
                   help="window size in logical pixels (default 1600x1000)")
    p.add_argument("--scale", type=float, default=2.0, help="device pixel ratio (default 2)")
    p.add_argument("--prompt", metavar="KEY", help="output sets: which prompt's pair to show")
    add_min_tokens(p)
    p.set_defaults(func=run)
