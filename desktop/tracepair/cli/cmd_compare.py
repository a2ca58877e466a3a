"""``tracepair compare A B``: shared phrasing between two traces or output sets."""

from __future__ import annotations

import argparse

from tracepair.cli.options import add_min_tokens, check_min_tokens, fields_of
from tracepair.cli.output import emit_json, emit_table
from tracepair.core.load.reader import load
from tracepair.core.match.comparison import CompareSettings, compare, comparison_to_json
from tracepair.core.match.results import shown_passages
from tracepair.core.match.versus_chance import score_text, versus_chance

#: Passages listed by the plain (non-JSON) output.
TOP = 10


def _settings(args: argparse.Namespace) -> CompareSettings:
    return CompareSettings(
        min_tokens=args.min_tokens,
        near_exact=not args.no_near_exact,
        case_sensitive=args.case_sensitive,
        keep_punctuation=args.keep_punctuation,
        fold_quotes=not args.no_fold_quotes,
        exclude_prompt_echo=not args.include_prompt_echo,
    )


def run(args: argparse.Namespace) -> int:
    check_min_tokens(args)
    fields = fields_of(args)
    a, b = load(args.a, fields), load(args.b, fields)
    c = compare(a, b, _settings(args))
    if args.json:
        emit_json(comparison_to_json(c))
        return 0
    m, k = c.metrics, c.chance_metrics
    kinds = {"trace": "trace", "set": "output set"}
    rows = [
        ("A", f"{a.name} ({kinds[a.kind]}, {m.tokens_a:,} tokens)"),
        ("B", f"{b.name} ({kinds[b.kind]}, {m.tokens_b:,} tokens)"),
        ("pairs", str(len(c.pairs))),
        ("weighted score", f"{score_text(m.weighted_score)}   chance: {score_text(c.chance_score)}"),
        ("versus chance", versus_chance(c).text()),
        ("chance control", c.chance_method),
        ("A in B", f"{m.containment_a:.2%} of A's tokens are in shared passages   chance: {k.containment_a:.2%}"),
        ("B in A", f"{m.containment_b:.2%} of B's tokens   chance: {k.containment_b:.2%}"),
        (f"jaccard ({c.settings.min_tokens}-grams)", f"{m.jaccard:.4f}   chance: {k.jaccard:.4f}"),
        ("longest passage", f"{m.longest_tokens} tokens   chance: {k.longest_tokens}"),
        ("passages", f"{len(c.passages)} ({sum(not p.exact for p in c.passages)} near-exact, "
         f"{sum(p.prompt_echo for p in c.passages)} prompt echo)"),
    ]
    rows.extend(("note", n) for n in c.notes)
    emit_table(rows)
    shown = shown_passages(c.passages)[:TOP]
    if shown:
        print("\nmost telling passages (tokens, rarity, similarity):")
        for p in shown:
            where = f" [{p.prompt_id}]" if p.prompt_id else ""
            text = " ".join(p.text.split())
            text = text if len(text) <= 100 else text[:97] + "..."
            print(f"  {p.tokens:3d}  {p.rarity:.2f}  {p.similarity:.2f}{where}  {text}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="shared phrasing between two traces or output sets")
    p.add_argument("a", metavar="A", help="a trace or an output set")
    p.add_argument("b", metavar="B", help="a trace or an output set")
    p.add_argument("--json", action="store_true", help="print the stable JSON result")
    add_min_tokens(p)
    p.add_argument("--no-near-exact", action="store_true", help="exact passages only")
    p.add_argument("--case-sensitive", action="store_true", help="'The' and 'the' differ")
    p.add_argument("--keep-punctuation", action="store_true", help="punctuation marks must match too")
    p.add_argument("--no-fold-quotes", action="store_true", help="curly and straight quotes differ")
    p.add_argument("--include-prompt-echo", action="store_true",
                   help="count passages that merely repeat the prompt")
    p.set_defaults(func=run)
