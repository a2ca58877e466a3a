"""The control every shared-phrasing number is read against: what an unrelated pair would give.

* two output sets with at least two pairs — mismatched prompts: each record of A against B's
  record for another prompt, scored exactly like a real pair;
* otherwise — B with its tokens shuffled inside each record (fixed seed): the overlap the shared
  vocabulary alone gives.
"""

from __future__ import annotations

import numpy as np

from tracepair.core.match import batch as engine
from tracepair.core.match.results import CompareSettings, Metrics
from tracepair.core.match.scoring import Tokeniser, pair_metrics, prompt_side, prompts_of, score_batch, total_metrics
from tracepair.core.model import Source
from tracepair.core.text.tokens import Tokens


def shuffled(t: Tokens, rng: np.random.Generator) -> Tokens:
    perm = rng.permutation(len(t))
    return Tokens(t.text, t.ids[perm], t.starts[perm], t.ends[perm])


def controls(
    a: Source, b: Source, pairs: list[tuple[int, int, str | None]], a_toks: list[Tokens],
    b_toks: list[Tokens], tk: Tokeniser, s: CompareSettings,
) -> tuple[Metrics, list[tuple[int, Metrics]], str]:
    """Totals over the control pairs, and per real pair k its control's B record and measures."""
    if a.kind == "set" and b.kind == "set" and len(pairs) >= 2:
        m = len(pairs)
        ctrl = [(pairs[k][0], pairs[(k + 1) % m][1]) for k in range(m)]
        batch = engine.Batch(a_toks, [b_toks[(k + 1) % m] for k in range(m)])
        prompts = prompt_side(tk, [prompts_of([a.records[i], b.records[j]], s.exclude_prompt_echo)
                                    for i, j in ctrl])
        method = "mismatched prompts: each record of A against B's record for another prompt"
    else:
        rng = np.random.default_rng(s.chance_seed)
        batch = engine.Batch(a_toks, [shuffled(t, rng) for t in b_toks])
        prompts = prompt_side(tk, [prompts_of([a.records[i], b.records[j]], s.exclude_prompt_echo)
                                    for i, j, _ in pairs])
        method = "B with its words shuffled: the overlap the shared vocabulary alone gives"
        ctrl = [(i, j) for i, j, _ in pairs]
    run = score_batch(batch, prompts, s)
    longest = [0] * len(ctrl)  # per control pair, counted the way a real pair's longest passage is
    for f in run.found:
        if not (s.exclude_prompt_echo and f.echo):
            longest[f.pair] = max(longest[f.pair], f.a_len)
    each = [(j, pair_metrics(run, k, longest[k])) for k, (_, j) in enumerate(ctrl)]
    total = total_metrics(run, [i for i, _ in ctrl], list(range(len(ctrl))), max(longest, default=0))
    return total, each, method
