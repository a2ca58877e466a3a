"""Lineup methods compared on the dev lineup: how often a member's nearest is a lab-mate.

Data: the 58 misguided-attention output sets (answers), read as ``benchmarks/lineup.py`` reads them.
Ground truth: the lab of each model from its name (``../shared/tools/labs.py``); the figure is the
share of members with a lab-mate in the lineup whose nearest member comes from their own lab. Every
method sees the same counts (``tracepair.core.lineup``: words, n-grams, habits, markers, prompt
words left out, the 5,000 most frequent features):

* **Jaccard of top-N lists** (the slop-forensics way): each member's 1,000 words most over-used
  against ordinary English (wordfreq), presence/absence, Jaccard overlap; and the same with each
  member's top features against the rest of the lineup (by our z).
* **pooled log-odds** (the plain floor): counts summed over all prompts, each member's log-odds z
  against the pooled others, correlation of z profiles.
* **per-prompt log-odds**: the same z taken prompt by prompt and combined (``fingerprint.py``), raw;
  and **softened** (ours): each z as ``tanh(z / 2)`` before the correlation (``similarity.py``).
* **stability-weighted**: ours, each feature weighted per member by how steady its z is over 200
  bootstrap replicates (|mean| / sd, capped at 1 after halving).
* **answer + reasoning**: ours on answers, averaged with ours on reasoning where both members have it.
* ``--passages`` adds **shared passages**: the comparison engine's weighted score for every pair
  (1,653 comparisons, several minutes), each member's scores standardised against its other pairs.

    .venv/bin/python benchmarks/lineup_methods.py [--passages]
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from lineup import DATA, loadable
from tracepair.core.idioms.measures import Baseline, log_odds_parts
from tracepair.core.lineup import LineupCache, LineupSettings, lineup
from tracepair.core.lineup.bootstrap import weights
from tracepair.core.lineup.features import WORD, kind_of, label
from tracepair.core.lineup.fingerprint import z_scores
from tracepair.core.lineup.similarity import correlation, profile

TOOLS = DATA.parents[1] / "tools"
TOP_WORDS = 1_000


def lab_of() -> Callable[[str], str]:
    spec = importlib.util.spec_from_file_location("labs", TOOLS / "labs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.lab


def rate(names: list[str], sim: np.ndarray, lab: Callable[[str], str]) -> tuple[int, int]:
    s = np.array(sim, dtype=float)
    np.fill_diagonal(s, -np.inf)
    mates = [i for i, n in enumerate(names) if sum(lab(m) == lab(n) for m in names) > 1]
    hits = sum(lab(names[int(np.argmax(s[i]))]) == lab(names[i]) for i in mates)
    return hits, len(mates)


def standardised(s: np.ndarray) -> np.ndarray:
    a = np.array(s, dtype=float)
    np.fill_diagonal(a, np.nan)
    z = (a - np.nanmean(a, axis=1, keepdims=True)) / np.nanstd(a, axis=1, keepdims=True)
    return np.nan_to_num(z + z.T, nan=0.0)


def passages(files: list[Path], names: list[str]) -> np.ndarray:
    from dataclasses import replace

    from tracepair.core.load import load
    from tracepair.core.match import compare
    from tracepair.core.model import Trace

    sources = []
    for f in files:
        src = load(f)
        src.records = [replace(r, trace=Trace(answer=r.trace.answer)) for r in src.records if r.trace.answer.strip()]
        sources.append(src)
    m = len(sources)
    s = np.zeros((m, m))
    for i in range(m):
        for j in range(i + 1, m):
            s[i, j] = s[j, i] = compare(sources[i], sources[j]).metrics.weighted_score
    return standardised(s)


def main() -> None:
    lab = lab_of()
    with tempfile.TemporaryDirectory() as tmp:
        files = loadable(Path(tmp))
        cache = LineupCache()
        ours = lineup(files, LineupSettings(bootstrap=0), cache)
        names = ours.names
        table = next(v for k, v in cache.derived.items() if k[0] == "table")
        terms = next(v for k, v in cache.derived.items() if k[0] == "terms")
        rows: list[tuple[str, np.ndarray]] = []

        # slop-forensics: presence/absence of each member's top words against ordinary English
        base = Baseline("en")
        words = kind_of(table.features) == WORD
        labels = [label(cache.vocab, int(k)) for k in table.features[words]]
        freq = np.array([base.word(w) for w in labels])
        ratio = (table.totals[:, words] + 1.0) / (table.member_words[:, None] * freq[None, :] + 1.0)
        top = np.argsort(-ratio, axis=1)[:, :TOP_WORDS]
        sets = [set(t.tolist()) for t in top]
        jac = np.array([[len(a & b) / len(a | b) for b in sets] for a in sets])
        rows.append((f"Jaccard of each member's top {TOP_WORDS:,} words against ordinary English "
                     "(slop-forensics)", jac))
        # the same presence/absence, of the top features against the rest of the lineup
        for n_top in (200, 1_000):
            top = np.argsort(-ours.z, axis=1)[:, :n_top]
            sets = [set(t.tolist()) for t in top]
            jac = np.array([[len(a & b) / len(a | b) for b in sets] for a in sets])
            rows.append((f"Jaccard of each member's top {n_top:,} features against the lineup", jac))

        # the plain floor: one stratum
        y, n = table.totals, table.member_words
        delta, var = log_odds_parts(y, y.sum(axis=0) - y, n[:, None], (n.sum() - n)[:, None])
        rows.append(("pooled log-odds z, correlation (plain floor)", correlation(delta / np.sqrt(var))))
        rows.append(("per-prompt log-odds z, correlation", correlation(ours.z)))
        rows.append(("per-prompt log-odds z softened, tanh(z/2), correlation (ours)", ours.similarity))

        # stability over the bootstrap
        u, m, f = terms.num.shape
        w = weights(u, 200, 0)
        reps = np.stack([z_scores(wb @ terms.num.reshape(u, -1), wb @ terms.den.reshape(u, -1)).reshape(m, f)
                         for wb in w])
        steady = np.minimum(np.abs(reps.mean(axis=0)) / (reps.std(axis=0) + 1e-9) / 2, 1.0)
        rows.append(("ours, features weighted by bootstrap stability", correlation(profile(ours.z) * steady)))

        # answers and reasoning together
        reasoning = lineup(files, LineupSettings(part="reasoning", bootstrap=0), cache)
        both = ours.similarity.copy()
        ri = {name: k for k, name in enumerate(reasoning.names)}
        for i, a in enumerate(names):
            for j, b in enumerate(names):
                if a in ri and b in ri:
                    both[i, j] = (both[i, j] + reasoning.similarity[ri[a], ri[b]]) / 2
        rows.append(("ours, answers averaged with reasoning where both have it", both))
        if "--passages" in sys.argv:
            rows.append(("shared passages (weighted score, standardised per member)", passages(files, names)))

    print(f"Nearest member from the same lab, {len(names)} misguided-attention sets (answers)\n")
    print("| method | nearest is a lab-mate |")
    print("|---|---|")
    for what, sim in rows:
        hits, total = rate(names, sim, lab)
        print(f"| {what} | {hits}/{total} = {hits / total:.2f} |")


if __name__ == "__main__":
    main()
