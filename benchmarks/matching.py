"""Shared passages: Tracepair vs difflib, side by side on real model outputs.

Sides are built from real records in ../shared/data:
- ~10k and ~100k tokens: Llama-4 Maverick's slop-forensics answers (A) against Llama-4
  Scout's (B), records in file order, cycled if needed;
- ~1M tokens: every record (reasoning + answer) of half the files of both data sets (A)
  against the other half (B), cycled until each side reaches 1M tokens — so each record
  appears about twice on its side.

Rows:
- tracepair_s: ``find_shared_passages(a_text, b_text)`` end to end (tokenising, exact
  passages with all occurrences, near-exact chains, rarity); wordfreq's list is loaded
  once before timing;
- difflib_s: ``difflib.SequenceMatcher(None, a_tokens, b_tokens, autojunk=False)
  .get_matching_blocks()`` on the same tokens (a sequential diff), skipped above
  ``--difflib-max`` tokens (it is quadratic: ~50 s at 100k, hours at 1M);
- recall: share of the distinct N-grams the two token lists have in common (reference:
  plain Python sets of token tuples) that lie inside a shared passage found — ours and
  difflib's (blocks of at least N tokens);
- mem_x: peak memory traced by tracemalloc during ``find_shared_passages`` divided by the
  UTF-8 size of the two input texts.

Run: .venv/bin/python benchmarks/matching.py [--json] [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import argparse
import difflib
import json
import time
import tracemalloc
from pathlib import Path

from tracepair.core.match.comparison import CompareSettings, find_shared_passages
from tracepair.core.text.rarity import word_rarity
from tracepair.core.text.tokens import tokenize

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
N = CompareSettings().min_tokens


def records(files: list[Path]) -> list[str]:
    out = []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            o = json.loads(line)
            out.append("\n\n".join(p for p in (o.get("reasoning"), o.get("output")) if p))
    return out


def build(recs: list[str], target: int) -> str:
    out, n, k = [], 0, 0
    while n < target:
        t = recs[k % len(recs)]
        out.append(t)
        n += len(tokenize(t))
        k += 1
    return "\n\n".join(out)


def sides(target: int) -> tuple[str, str]:
    if target <= 200_000:
        slop = DATA / "slop-forensics"
        return (build(records([slop / "generated_meta-llama__llama-4-maverick.jsonl"]), target),
                build(records([slop / "generated_meta-llama__llama-4-scout.jsonl"]), target))
    files = sorted(DATA.glob("*/*.jsonl"))
    return build(records(files[0::2]), target), build(records(files[1::2]), target)


def ngrams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def covered_ngrams(tokens: list[str], ranges: list[tuple[int, int]], n: int) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for s, e in ranges:
        out |= ngrams(tokens[s:e], n)
    return out


def row(target: int, difflib_max: int) -> dict:
    a_text, b_text = sides(target)
    settings = CompareSettings()

    t0 = time.perf_counter()
    passages = find_shared_passages(a_text, b_text, settings)
    ours_s = time.perf_counter() - t0

    tracemalloc.start()
    find_shared_passages(a_text, b_text, settings)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    mem_x = peak / (len(a_text.encode()) + len(b_text.encode()))

    ta, tb = tokenize(a_text), tokenize(b_text)
    a_tok, b_tok = ta.strings(), tb.strings()

    shared = ngrams(a_tok, N) & ngrams(b_tok, N)
    start_index = {int(s): k for k, s in enumerate(ta.starts.tolist())}
    end_index = {int(e): k + 1 for k, e in enumerate(ta.ends.tolist())}
    ours_ranges = [(start_index[s], end_index[e]) for p in passages if p.exact for s, e in p.a_spans]
    recall = len(covered_ngrams(a_tok, ours_ranges, N) & shared) / len(shared) if shared else 1.0

    difflib_s = difflib_recall = None
    if len(a_tok) <= difflib_max:
        t0 = time.perf_counter()
        blocks = difflib.SequenceMatcher(None, a_tok, b_tok, autojunk=False).get_matching_blocks()
        difflib_s = time.perf_counter() - t0
        d_ranges = [(blk.a, blk.a + blk.size) for blk in blocks if blk.size >= N]
        difflib_recall = len(covered_ngrams(a_tok, d_ranges, N) & shared) / len(shared) if shared else 1.0
    return {
        "tokens": len(a_tok),
        "tokens_b": len(b_tok),
        "tracepair_s": round(ours_s, 3),
        "difflib_s": None if difflib_s is None else round(difflib_s, 2),
        "recall": round(recall, 4),
        "difflib_recall": None if difflib_recall is None else round(difflib_recall, 4),
        "passages": len(passages),
        "shared_ngrams": len(shared),
        "mem_x": round(mem_x, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the rows as a JSON list")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--difflib-max", type=int, default=150_000,
                    help="skip difflib above this many tokens per side (default %(default)s)")
    args = ap.parse_args()
    word_rarity("tapestry")  # load wordfreq's list outside the timings
    find_shared_passages("warm up the numpy code paths once", "warm up the numpy code paths once")
    rows = [row(t, args.difflib_max) for t in args.sizes]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"shared passages of >= {N} tokens, real model outputs (2-core machine)\n")
    head = f"{'tokens/side':>12} {'tracepair s':>12} {'difflib s':>10} {'recall':>7} {'difflib recall':>15} " \
           f"{'passages':>9} {'shared N-grams':>15} {'peak mem':>9}"
    print(head)
    for r in rows:
        d = "skipped" if r["difflib_s"] is None else f"{r['difflib_s']:.2f}"
        dr = "-" if r["difflib_recall"] is None else f"{r['difflib_recall']:.3f}"
        print(f"{r['tokens']:>12,} {r['tracepair_s']:>12.3f} {d:>10} {r['recall']:>7.3f} {dr:>15} "
              f"{r['passages']:>9,} {r['shared_ngrams']:>15,} {r['mem_x']:>8.1f}x")
    if any(r["difflib_s"] is None for r in rows):
        print(f"\ndifflib skipped above {args.difflib_max:,} tokens/side: it is quadratic here "
              "(about 50 s at 100k tokens, so hours at 1M).")
    print("recall: share of the N-grams both sides contain that lie inside a passage found "
          "(reference: Python sets of token tuples).")
    print("peak mem: tracemalloc peak during the comparison / UTF-8 size of both input texts.")


if __name__ == "__main__":
    main()
