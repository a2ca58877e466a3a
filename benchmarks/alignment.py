"""Structural alignment: ours vs the obvious alternatives, side by side on real text.

A is built from real paragraphs (slop-forensics answers, concatenated until there
are N); B is A with 10% of paragraphs dropped, 2% moved elsewhere, half of the rest
lightly edited (one word in ~12 deleted or swapped with its neighbour) and 10%
paragraphs of another model inserted. The true pairs are known by construction.

Rows:
- ours: ``tracepair.core.align.align`` end to end (steps, TF-IDF scores, alignment,
  moves, control, marker profiles), without shared passages;
- ours + shared passages: the same with the matching engine's passages as a score bonus;
- ours, DP only: the numpy Needleman–Wunsch on an already computed score table;
- pure-Python NW: the same recurrence (no merges) in plain Python on the same table;
- difflib: ``difflib.SequenceMatcher`` on the step strings (what a diff tool does).

Then a pair of 1 MB reasoning traces (deepseek-r1-0528 vs qwen3-235b-a22b-think, raw
reasoning of the misguided-attention records concatenated), the size the comparison
window aligns on show: ours end to end, with and without shared passages (no truth
here, so no precision/recall), and difflib.

Run: .venv/bin/python benchmarks/alignment.py [--sizes 200 2000] [--no-big]
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import time
from pathlib import Path

import numpy as np

from tracepair.core.align.alignment import AlignSettings, align
from tracepair.core.align.monotone import monotone_pairs
from tracepair.core.align.step_similarity import step_similarity
from tracepair.core.align.steps import split_steps
from tracepair.core.model import Trace

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "slop-forensics"
REASONING = DATA.parent / "misguided-attention"


def megabyte_trace(model: str, size: int = 1_000_000) -> Trace:
    out, n = [], 0
    for line in (REASONING / f"{model}.jsonl").read_text(encoding="utf-8").splitlines():
        out.append(json.loads(line).get("reasoning") or "")
        n += len(out[-1]) + 2
        if n >= size:
            break
    return Trace(reasoning="\n\n".join(out)[:size])


def paragraphs(model: str) -> list[str]:
    out: list[str] = []
    for line in (DATA / f"generated_{model}.jsonl").read_text(encoding="utf-8").splitlines():
        out += [s.text for s in split_steps(Trace(answer=json.loads(line)["output"]))]
    return [p for p in out if len(p.split()) >= 8]  # headings and one-liners say little about order


def light_edit(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(max(1, len(words) // 12)):
        k = rng.randrange(len(words) - 1)
        if rng.random() < 0.5:
            words[k], words[k + 1] = words[k + 1], words[k]
        else:
            del words[k]
    return " ".join(words)


def construct(pool: list[str], others: list[str], n: int, seed: int = 0):
    rng = random.Random(seed)
    a = pool[:n]
    kept = [i for i in range(n) if rng.random() >= 0.10]
    movers = set(rng.sample(kept, max(2, n // 50)))
    order = [i for i in kept if i not in movers]
    for m in movers:
        order.insert(rng.randrange(len(order) + 1), m)
    b: list[str] = []
    truth: set[tuple[int, int]] = set()
    for i in order:
        if rng.random() < 0.10:
            b.append(rng.choice(others))
        truth.add((i, len(b)))
        b.append(light_edit(a[i], rng) if rng.random() < 0.5 else a[i])
    return a, b, truth, movers


def pr(found: set[tuple[int, int]], truth: set[tuple[int, int]]) -> tuple[float, float]:
    tp = len(found & truth)
    return tp / max(len(found), 1), tp / max(len(truth), 1)


def python_nw(s: np.ndarray, threshold: float) -> set[tuple[int, int]]:
    na, nb = s.shape
    rows = s.tolist()
    prev = [0.0] * (nb + 1)
    ptr = [[0] * (nb + 1) for _ in range(na + 1)]
    for i in range(1, na + 1):
        cur = [0.0] * (nb + 1)
        r = rows[i - 1]
        p = ptr[i]
        for j in range(1, nb + 1):
            best, how = prev[j], 0
            d = prev[j - 1] + r[j - 1] - threshold
            if d > best:
                best, how = d, 1
            if cur[j - 1] > best:
                best, how = cur[j - 1], 2
            cur[j], p[j] = best, how
        prev = cur
    out = set()
    i, j = na, nb
    while i and j:
        how = ptr[i][j]
        if how == 1:
            out.add((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif how == 0:
            i -= 1
        else:
            j -= 1
    return out


def difflib_pairs(a: list[str], b: list[str]) -> set[tuple[int, int]]:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return {(blk.a + k, blk.b + k) for blk in sm.get_matching_blocks() for k in range(blk.size)}


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    ap.add_argument("--no-big", action="store_true", help="skip the pair of 1 MB traces")
    args = ap.parse_args()
    pool = paragraphs("x-ai__grok-3-mini-beta") + paragraphs("meta-llama__llama-4-scout")
    others = paragraphs("google__gemma-3-4b-it")
    settings = AlignSettings(use_passages=False)
    with_passages = AlignSettings(use_passages=True)
    align(Trace(answer=pool[0]), Trace(answer=pool[1]), with_passages)  # load word lists before timing
    print(f"{'steps A x B':>13}  {'method':<22} {'seconds':>8} {'precision':>9} {'recall':>7} {'moves':>9}")
    for n in args.sizes:
        a, b, truth, movers = construct(pool, others, n)
        ta, tb = Trace(answer="\n\n".join(a)), Trace(answer="\n\n".join(b))
        al, t_ours = timed(lambda ta=ta, tb=tb: align(ta, tb, settings))
        al_p, t_pass = timed(lambda ta=ta, tb=tb: align(ta, tb, with_passages))
        assert len(al.steps_a) == len(a) and len(al.steps_b) == len(b), "steps must be the paragraphs"
        found = {(i, j) for p in al.pairs for i in p.a for j in p.b}
        moved = {p.a[0] for p in al.pairs if p.kind == "move"}
        size = f"{len(a)} x {len(b)}"
        rows = [("ours (end to end)", t_ours, *pr(found, truth), f"{len(moved & movers)}/{len(movers)}")]
        found_p = {(i, j) for p in al_p.pairs for i in p.a for j in p.b}
        moved_p = {p.a[0] for p in al_p.pairs if p.kind == "move"}
        rows.append(("ours + shared passages", t_pass, *pr(found_p, truth), f"{len(moved_p & movers)}/{len(movers)}"))
        sim = step_similarity(al.steps_a, al.steps_b, settings.similarity)
        dp, t_dp = timed(lambda sim=sim: monotone_pairs(sim, settings))
        dp_found = {(i, j) for p in dp for i in p.a for j in p.b}
        rows.append(("ours, DP only", t_dp, *pr(dp_found, truth), "-"))
        py, t_py = timed(lambda sim=sim: python_nw(sim.matrix.astype(np.float64), settings.min_score))
        rows.append(("pure-Python NW", t_py, *pr(py, truth), "-"))
        dl, t_dl = timed(lambda a=a, b=b: difflib_pairs(a, b))
        rows.append(("difflib.SequenceMatcher", t_dl, *pr(dl, truth), "-"))
        for name, sec, p, r, mv in rows:
            print(f"{size:>13}  {name:<22} {sec:8.3f} {p:9.3f} {r:7.3f} {mv:>9}")
        c = al.control
        print(
            f"{'':>13}  control: random pair mean {c.random_pair_mean:.3f}, p99 unpaired {c.random_pair_p99:.3f}, "
            f"in-order pairs {c.aligned_pairs} vs {c.shuffled_pairs} with B shuffled"
        )
    if not args.no_big:
        ta, tb = megabyte_trace("deepseek-r1-0528"), megabyte_trace("qwen3-235b-a22b-think")
        al, t_ours = timed(lambda: align(ta, tb, settings))
        al_p, t_pass = timed(lambda: align(ta, tb, with_passages))
        sa, sb = [x.text for x in al.steps_a], [x.text for x in al.steps_b]
        dl, t_dl = timed(lambda: difflib_pairs(sa, sb))
        size = f"{len(sa)} x {len(sb)}"
        for name, sec, n_pairs in (("ours (end to end)", t_ours, len(al.pairs)),
                                   ("ours + shared passages", t_pass, len(al_p.pairs)),
                                   ("difflib.SequenceMatcher", t_dl, len(dl))):
            print(f"{size:>13}  {name:<22} {sec:8.3f} {'-':>9} {'-':>7} {n_pairs:>6} pairs")
        c = al.control
        print(
            f"{'1 MB traces':>13}  control: random pair mean {c.random_pair_mean:.3f}, p99 unpaired "
            f"{c.random_pair_p99:.3f}, in-order pairs {c.aligned_pairs} vs {c.shuffled_pairs} with B shuffled"
        )


if __name__ == "__main__":
    main()
