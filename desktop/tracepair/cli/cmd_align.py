"""``tracepair align A B``: which step of A matches which step of B (structural alignment)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracepair.cli.options import add_min_tokens, check_min_tokens, fields_of
from tracepair.cli.output import emit_json, emit_table
from tracepair.core.align.alignment import Alignment, AlignSettings, alignment_to_json
from tracepair.core.align.records import align_sources
from tracepair.core.align.steps import GRANULARITIES
from tracepair.core.load.reader import load
from tracepair.core.model import LoadError, Source


def _snippet(text: str, width: int = 48) -> str:
    one = " ".join(text.split())
    return one if len(one) <= width else one[: width - 1] + "…"


def _print(al: Alignment, a: Source, b: Source, prompt: str | None) -> None:
    kinds = {k: sum(1 for p in al.pairs if p.kind == k) for k in ("match", "merge", "move")}
    c = al.control
    ma, mb = al.markers_a, al.markers_b
    rows = [
        ("A", f"{a.name}: {len(al.steps_a)} steps ({al.settings.granularity})"),
        ("B", f"{b.name}: {len(al.steps_b)} steps"),
    ]
    if prompt is not None:
        rows.append(("prompt", prompt))
    rows += [
        ("aligned", f"{kinds['match']} matches, {kinds['merge']} merges, {kinds['move']} moves; "
         f"mean score {c.aligned_mean:.2f}"),
        ("control", f"random pairing: mean {c.random_pair_mean:.2f}, unpaired p99 {c.random_pair_p99:.2f}, "
         f"{c.chance_pairs:.1f} pairs >= {al.settings.min_score}; "
         f"B shuffled: {c.shuffled_pairs} in-order pairs vs {c.aligned_pairs}"),
        ("markers A", f"{len(ma.events)} in {ma.part} ({ma.rate_per_1000_words:.1f} per 1,000 words): "
         + (", ".join(f"{k} {v}" for k, v in ma.counts_by_move.items()) or "none")),
        ("markers B", f"{len(mb.events)} in {mb.part} ({mb.rate_per_1000_words:.1f} per 1,000 words): "
         + (", ".join(f"{k} {v}" for k, v in mb.counts_by_move.items()) or "none")),
    ]
    emit_table(rows)
    print()
    for p in al.pairs:
        ia = "+".join(str(i) for i in p.a)
        ib = "+".join(str(j) for j in p.b)
        text = al.steps_a[p.a[0]].text
        print(f"{ia:>7} {ib:>7}  {p.kind:<5} {p.score:4.2f}  {_snippet(text)}")


def run(args: argparse.Namespace) -> int:
    check_min_tokens(args)
    fields = fields_of(args)
    a, b = load(args.a, fields), load(args.b, fields)
    markers = Path(args.markers) if args.markers else None
    if markers is not None and not markers.is_file():  # before the work, not after it
        raise LoadError(markers, "no such marker list")
    settings = AlignSettings(granularity=args.granularity, min_score=args.min_score, markers_file=markers)
    al, prompt = align_sources(a, b, args.prompt, settings, args.min_tokens)
    if args.json:
        out = alignment_to_json(al)
        out["prompt"] = prompt
        emit_json(out)
        return 0
    _print(al, a, b, prompt)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("align", help="align the steps of two traces: matches, merges and moves")
    p.add_argument("a", metavar="A", help="a trace or an output set")
    p.add_argument("b", metavar="B", help="a trace or an output set")
    p.add_argument("--json", action="store_true", help="print the stable JSON result")
    p.add_argument("--granularity", choices=GRANULARITIES, default="paragraph", help="what one step is")
    p.add_argument("--prompt", metavar="ID", help="for output sets: the prompt id whose records to align "
                   "(default: the first id both share)")
    p.add_argument("--min-score", type=float, default=AlignSettings.min_score,
                   help="step pairs scoring below this are left unpaired (default %(default)s)")
    p.add_argument("--markers", metavar="FILE", help="extra marker list (phrase<TAB>move a line)")
    add_min_tokens(p)
    p.set_defaults(func=run)
