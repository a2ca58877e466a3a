"""Lineup: a whole lineup with 200 bootstrap replicates, ours vs a plain-Python reference, and re-use.

Data: the misguided-attention output sets (58 models, 54 answers each) in ../shared/data. Files
today's loader refuses (records with no text, issue 13) are read from a scratch copy without those
records, for both sides alike; the lineup leaves such records out anyway.

* **Ours**: ``tracepair.core.lineup.lineup`` on the first 10, 30 and all 58 sets: loading, counting
  (words, bigrams, trigrams, punctuation and formatting habits, reasoning markers), per-prompt
  log-odds fingerprints, correlation, **200 bootstrap replicates** over prompts, the tree and its
  clade support.
* **Reference**: the obvious plain-Python way, with *no* bootstrap: word, bigram and trigram counts
  with ``collections.Counter``, the 10,000 most frequent features, log-odds z against the pooled
  others in numpy, cosine similarity.
* **Re-use**: one lineup kept open (``LineupCache``), then changed: other replicates, another part
  (counted the first time it is asked for), back again.

Each row runs in a fresh process (so memory is that run's own peak), best of two.

    .venv/bin/python benchmarks/lineup.py
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "misguided-attention"
SIZES = (10, 30, 58)
REPLICATES = 200
RUNS = 2


def loadable(folder: Path) -> list[Path]:
    """The dev sets, each readable by today's loader (see the module docstring)."""
    from tracepair.core.load import load
    from tracepair.core.model import LoadError

    out = []
    for f in sorted(DATA.glob("*.jsonl")):
        try:
            load(f)
            out.append(f)
        except LoadError:
            rows = [ln for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]
            keep = [ln for ln in rows if any((json.loads(ln).get(k) or "").strip() for k in ("output", "reasoning"))]
            copy = folder / f.name
            copy.write_text("\n".join(keep) + "\n", encoding="utf-8")
            out.append(copy)
    return out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reference(files: list[Path]) -> np.ndarray:
    from tracepair.core.idioms.counting import clauses
    from tracepair.core.idioms.measures import log_odds_dirichlet
    from tracepair.core.load import load

    counts, words = [], []
    for f in files:
        c: Counter[str] = Counter()
        n = 0
        for r in load(f).records:
            for toks in clauses(r.trace.answer):
                n += len(toks)
                c.update(toks)
                c.update(" ".join(p) for p in pairwise(toks))
                c.update(" ".join(p) for p in zip(toks, toks[1:], toks[2:], strict=False))
        counts.append(c)
        words.append(n)
    pooled: Counter[str] = Counter()
    for c in counts:
        pooled.update(c)
    vocab = [w for w, _ in pooled.most_common(10_000)]
    y = np.array([[c.get(w, 0) for w in vocab] for c in counts], dtype=float)
    n = np.array(words, dtype=float)
    total = y.sum(axis=0)
    z = np.array([log_odds_dirichlet(y[i], total - y[i], n[i], n.sum() - n[i])[1] for i in range(len(counts))])
    z /= np.linalg.norm(z, axis=1, keepdims=True)
    return z @ z.T


def one(kind: str, size: int) -> dict:
    """One timed run in this process (called in a child process by ``main``)."""
    with tempfile.TemporaryDirectory() as tmp:
        files = loadable(Path(tmp))[:size]
        t = time.perf_counter()
        if kind == "reference":
            reference(files)
            return {"seconds": time.perf_counter() - t, "peak_mb": peak_mb()}
        from tracepair.core.lineup import LineupCache, LineupSettings, lineup

        cache = LineupCache()
        result = lineup(files, LineupSettings(bootstrap=REPLICATES), cache)
        out = {"seconds": time.perf_counter() - t, "peak_mb": peak_mb(), "members": len(result.members)}
        if kind == "reuse":
            steps = [("replicates 200 -> 100", LineupSettings(bootstrap=100)),
                     ("seed 0 -> 1", LineupSettings(bootstrap=100, seed=1)),
                     ("part answer -> reasoning (first time: counts the reasoning)",
                      LineupSettings(part="reasoning", bootstrap=REPLICATES)),
                     ("part reasoning -> both", LineupSettings(part="both", bootstrap=REPLICATES)),
                     ("part both -> answer", LineupSettings(bootstrap=REPLICATES)),
                     ("part answer -> reasoning (again)", LineupSettings(part="reasoning", bootstrap=REPLICATES))]
            out["steps"] = []
            for label, s in steps:
                t = time.perf_counter()
                lineup(files, s, cache)
                out["steps"].append((label, time.perf_counter() - t))
            out["peak_mb"] = peak_mb()
        return out


def child(kind: str, size: int) -> dict:
    r = subprocess.run([sys.executable, __file__, "--one", kind, str(size)], capture_output=True, text=True,
                       check=True)
    return json.loads(r.stdout)


def best(kind: str, size: int) -> dict:
    runs = [child(kind, size) for _ in range(RUNS)]
    return min(runs, key=lambda r: r["seconds"])


def main() -> None:
    print(f"Lineup, misguided-attention answers, best of {RUNS}, each in a fresh process\n")
    print(f"| members | ours: lineup + {REPLICATES} replicates | peak memory | reference: Counter + z + cosine, "
          "no bootstrap | peak memory | ours / reference |")
    print("|---|---|---|---|---|---|")
    for size in SIZES:
        o, r = best("ours", size), best("reference", size)
        print(f"| {o['members']} | {o['seconds']:.2f} s | {o['peak_mb']:.0f} MB | {r['seconds']:.2f} s | "
              f"{r['peak_mb']:.0f} MB | {o['seconds'] / r['seconds']:.2f} |", flush=True)
    reuse = best("reuse", max(SIZES))
    print(f"\nRe-use, {reuse['members']} members kept open (first run {reuse['seconds']:.2f} s, "
          f"peak memory {reuse['peak_mb']:.0f} MB over all the changes)\n")
    print("| change | time |")
    print("|---|---|")
    for label, seconds in reuse["steps"]:
        print(f"| {label} | {seconds:.2f} s |")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(json.dumps(one(sys.argv[2], int(sys.argv[3]))))
    else:
        main()
