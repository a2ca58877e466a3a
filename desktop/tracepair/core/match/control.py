"""The control every shared-phrasing number is read against: what an unrelated pair would give.

* two output sets with at least two prompt ids in their pairs — mismatched prompts: each pair's A
  record against B's record for *another prompt id* (the next prompt id in A's order; the same
  sample number where that prompt has it), scored exactly like a real pair. Samples of one prompt
  are never each other's control: they share the prompt's topic and wording;
* otherwise (a trace on either side, or every pair answering one prompt) — B's record with its
  tokens shuffled (fixed seed, each B record shuffled once however many pairs it is in): the
  overlap the shared vocabulary alone gives.

Totals over the control pairs count each record once, exactly as the real totals do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tracepair.core.match import batch as engine
from tracepair.core.match.results import CompareSettings, Metrics
from tracepair.core.match.scoring import Tokeniser, pair_metrics, prompt_side, prompts_of, score_batch, total_metrics
from tracepair.core.model import Source
from tracepair.core.text.tokens import Tokens

PROMPT_METHOD = "mismatched prompts: each record of A against B's record for another prompt"
SHUFFLE_METHOD = "B with its words shuffled: the overlap the shared vocabulary alone gives"


@dataclass
class Controls:
    total: Metrics  # over all control pairs, each record counted once
    per_pair: list[tuple[int, Metrics]]  # per real pair: the control's B record and its measures
    method: str


def shuffled(t: Tokens, rng: np.random.Generator) -> Tokens:
    perm = rng.permutation(len(t))
    return Tokens(t.text, t.ids[perm], t.starts[perm], t.ends[perm])


def control_partners(a: Source, b: Source, pairs: list[tuple[int, int, str | None]]) -> list[int] | None:
    """For each pair, the B record answering another prompt id; None when the pairs hold fewer than
    two prompt ids (then no mismatched-prompt control exists)."""
    if a.kind != "set" or b.kind != "set":
        return None
    groups: dict[str, list[int]] = {}  # prompt id -> indices of its pairs, in A's order
    for k, (i, _, _) in enumerate(pairs):
        groups.setdefault(a.records[i].prompt_id, []).append(k)
    if len(groups) < 2:
        return None
    order = list(groups)
    next_of = {pid: order[(n + 1) % len(order)] for n, pid in enumerate(order)}
    partners = []
    for k, (i, _, _) in enumerate(pairs):
        pid = a.records[i].prompt_id
        target = groups[next_of[pid]]
        same_sample = [t for t in target if a.records[pairs[t][0]].sample == a.records[i].sample]
        t = same_sample[0] if same_sample else target[groups[pid].index(k) % len(target)]
        partners.append(pairs[t][1])
    return partners


def controls(
    a: Source, b: Source, pairs: list[tuple[int, int, str | None]], a_toks: list[Tokens], tk: Tokeniser,
    s: CompareSettings,
) -> Controls:
    """Score every pair's control pair (see the module docstring) the way real pairs are scored."""
    partners = control_partners(a, b, pairs)
    if partners is not None:
        ctrl = [(i, j) for (i, _, _), j in zip(pairs, partners, strict=True)]
        b_toks = [tk.record(1, j, b.records[j]) for _, j in ctrl]
        method = PROMPT_METHOD
    else:
        ctrl = [(i, j) for i, j, _ in pairs]
        rng = np.random.default_rng(s.chance_seed)
        once: dict[int, Tokens] = {}
        for _, j in ctrl:
            if j not in once:
                once[j] = shuffled(tk.record(1, j, b.records[j]), rng)
        b_toks = [once[j] for _, j in ctrl]
        method = SHUFFLE_METHOD
    prompts = prompt_side(tk, [prompts_of([a.records[i], b.records[j]], s.exclude_prompt_echo) for i, j in ctrl])
    run = score_batch(engine.Batch(a_toks, b_toks), prompts, s)
    longest = [0] * len(ctrl)  # per control pair, counted the way a real pair's longest passage is
    for f in run.found:
        if not (s.exclude_prompt_echo and f.echo):
            longest[f.pair] = max(longest[f.pair], f.a_len)
    each = [(j, pair_metrics(run, k, longest[k])) for k, (_, j) in enumerate(ctrl)]
    total = total_metrics(run, [i for i, _ in ctrl], [j for _, j in ctrl], max(longest, default=0))
    return Controls(total, each, method)
