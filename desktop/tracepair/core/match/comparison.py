"""Shared phrasing between two Sources: passages, metrics and a chance baseline.

What is compared with what:

* trace vs trace — the two traces, as one pair;
* output set vs output set — records paired by ``Record.key`` (prompt id, plus sample
  when present); a record without a partner is listed in ``unpaired_a``/``unpaired_b``
  and left out; passages are only looked for inside a pair;
* trace vs output set (either order) — the trace is paired with every record of the
  set, so one reads "which records of the set share phrasing with this trace"; total
  containment counts each token of the trace once.

Chance baseline (``chance_score``, same formula as ``weighted_score``):

* two sets with at least two pairs — mismatched prompts: A's record for prompt i against
  B's record for the next prompt in A's order (a derangement). Two models writing in the
  same genre on different prompts: what the overlap is worth without a shared prompt;
* otherwise (single traces, trace vs set, one pair) — B with its tokens shuffled inside each
  record (fixed seed): the same words in random order, the overlap the shared vocabulary
  alone gives. This is a floor, not a topical control: for the latter, compare output sets.

Each pair also gets its own control (``PairResult.chance``): the control pair built from the same
A record, scored exactly like the real pair, so a pair's numbers are read against a pair's numbers
(the totals in ``chance_metrics`` sum over all control pairs; a pair's longest passage next to the
longest of 100 control pairs would read as below chance).
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tracepair.core.match import batch as engine
from tracepair.core.match.control import controls
from tracepair.core.match.results import CompareError, CompareSettings, Comparison, Metrics, PairResult, Passage
from tracepair.core.match.scoring import (
    Tokeniser,
    pair_metrics,
    prompt_side,
    prompts_of,
    score_batch,
    total_metrics,
    user_passages,
)
from tracepair.core.model import Record, Source, Trace, finish

__all__ = [
    "CompareError", "CompareSettings", "Comparison", "Metrics", "PairResult", "Passage", "compare",
    "comparison_to_json", "find_shared_passages", "iter_compare", "pair_control_label",
]


def _pairs(a: Source, b: Source) -> tuple[list[tuple[int, int, str | None]], list[str], list[str]]:
    if a.kind == "trace" and b.kind == "trace":
        return [(0, 0, None)], [], []
    if a.kind == "trace":
        return [(0, j, r.key) for j, r in enumerate(b.records)], [], []
    if b.kind == "trace":
        return [(i, 0, r.key) for i, r in enumerate(a.records)], [], []
    b_keys: dict[str, int] = {}
    for j, r in enumerate(b.records):
        b_keys.setdefault(r.key, j)
    seen: set[str] = set()
    pairs = []
    for i, r in enumerate(a.records):
        if r.key in b_keys and r.key not in seen:
            seen.add(r.key)
            pairs.append((i, b_keys[r.key], r.key))
    unpaired_a = [r.key for r in a.records if r.key not in b_keys]
    a_keys = {r.key for r in a.records}
    unpaired_b = [r.key for r in b.records if r.key not in a_keys]
    if not pairs:
        raise CompareError(f"{a.name} and {b.name} have no prompt id in common, so no records can be paired")
    return pairs, unpaired_a, unpaired_b


def iter_compare(
    a: Source, b: Source, settings: CompareSettings | None = None
) -> Generator[tuple[float, str], None, Comparison]:
    """Compare two sources, yielding ``(fraction, message)`` progress; returns the ``Comparison``."""
    s = settings or CompareSettings()
    if s.min_tokens < 2:
        raise CompareError("--min-tokens must be at least 2")
    pairs, unpaired_a, unpaired_b = _pairs(a, b)
    tk = Tokeniser(s.token_options)
    yield 0.0, f"tokenising {len(pairs)} pair(s)"
    a_toks = [tk.record(0, i, a.records[i]) for i, _, _ in pairs]
    b_toks = [tk.record(1, j, b.records[j]) for _, j, _ in pairs]
    prompts = prompt_side(tk, [prompts_of([a.records[i], b.records[j]], s.exclude_prompt_echo)
                                for i, j, _ in pairs])
    yield 0.2, "finding shared passages"
    batch = engine.Batch(a_toks, b_toks)
    run = score_batch(batch, prompts, s)
    yield 0.6, "scoring"

    results: list[PairResult] = []
    for k, (i, j, key) in enumerate(pairs):
        pid = a.records[i].prompt_id if a.kind == "set" else (b.records[j].prompt_id if b.kind == "set" else None)
        results.append(PairResult(k, i, j, key, pid or None, pair_metrics(run, k, 0)))
    all_passages = user_passages(run.found, batch, results, run.r_a)
    for p in all_passages:
        results[p.pair].passages.append(p)
    for r in results:
        r.passages.sort(key=lambda p: -p.weight)
        counted = [p.tokens for p in r.passages if not (s.exclude_prompt_echo and p.prompt_echo)]
        r.metrics.longest_tokens = max(counted, default=0)
    all_passages.sort(key=lambda p: -p.weight)
    total = total_metrics(run, [i for i, _, _ in pairs], [j for _, j, _ in pairs],
                   max((r.metrics.longest_tokens for r in results), default=0))

    yield 0.75, "chance baseline"
    chance_metrics, per_pair, method = controls(a, b, pairs, a_toks, b_toks, tk, s)
    for r, (b_rec, m) in zip(results, per_pair, strict=True):
        r.chance_b_record, r.chance = b_rec, m
    notes = []
    if unpaired_a or unpaired_b:
        notes.append(f"{len(unpaired_a)} record(s) of A and {len(unpaired_b)} of B have no partner and were left out")
    yield 1.0, "done"
    return Comparison(a, b, s, results, all_passages, total, chance_metrics.weighted_score, method, unpaired_a,
                      unpaired_b, notes, chance_metrics)


def compare(a: Source, b: Source, settings: CompareSettings | None = None) -> Comparison:
    """``iter_compare`` without progress."""
    return finish(iter_compare(a, b, settings))


def find_shared_passages(a_text: str, b_text: str, settings: CompareSettings | None = None) -> list[Passage]:
    """Shared passages of two plain texts; spans are offsets into ``a_text`` and ``b_text``."""
    s = settings or CompareSettings()
    src_a = Source(path=_NO_PATH, kind="trace", format="text", encoding="utf-8", records=[Record(Trace(answer=a_text))])
    src_b = Source(path=_NO_PATH, kind="trace", format="text", encoding="utf-8", records=[Record(Trace(answer=b_text))])
    if s.min_tokens < 2:
        raise CompareError("--min-tokens must be at least 2")
    tk = Tokeniser(s.token_options)
    batch = engine.Batch([tk.record(0, 0, src_a.records[0])], [tk.record(1, 0, src_b.records[0])])
    found, _ = engine.find(batch, s.min_tokens, s.near_exact, s.min_similarity, s.max_gap, None)
    pair = PairResult(0, 0, 0, None, None, Metrics(0, 0, 0, 0, 0))
    rarity = engine.side_rarity(batch.a_toks, batch.a, s.language)
    return sorted(user_passages(found, batch, [pair], rarity), key=lambda p: -p.weight)


_NO_PATH = Path("<text>")


def pair_control_label(c: Comparison, pair: PairResult) -> str:
    """What this pair's chance column was measured on, in the reader's words."""
    if pair.chance is None or pair.chance_b_record is None:
        return "no control for this pair"
    if pair.chance_b_record == pair.b_record:
        return "this A record against the same B record with its words shuffled"
    other = c.b.records[pair.chance_b_record]
    return f"this A record against B's answer to another prompt (prompt {other.key})"


def comparison_to_json(c: Comparison) -> dict[str, Any]:
    """The ``tracepair compare --json`` contract."""
    m = c.metrics
    set_like = c.a.kind == "set" or c.b.kind == "set"

    def metrics(x: Metrics) -> dict[str, Any]:
        return {
            "containment_a": round(x.containment_a, 6),
            "containment_b": round(x.containment_b, 6),
            "jaccard": round(x.jaccard, 6),
            "longest_tokens": x.longest_tokens,
            "weighted_score": round(x.weighted_score, 6),
            "tokens_a": x.tokens_a,
            "tokens_b": x.tokens_b,
        }

    def passage(p: Passage) -> dict[str, Any]:
        d: dict[str, Any] = {
            "tokens": p.tokens,
            "rarity": p.rarity,
            "text": p.text,
            "a_spans": [list(sp) for sp in p.a_spans],
            "b_spans": [list(sp) for sp in p.b_spans],
            "similarity": p.similarity,
            "prompt_echo": p.prompt_echo,
        }
        if set_like:
            d.update(prompt_id=p.prompt_id, a_record=p.a_record, b_record=p.b_record)
        if not p.exact:
            d["b_text"] = p.b_text
        return d

    out: dict[str, Any] = {
        "a": {"name": c.a.name, "kind": c.a.kind, "records": len(c.a.records)},
        "b": {"name": c.b.name, "kind": c.b.kind, "records": len(c.b.records)},
        "settings": asdict(c.settings),
        "metrics": {**metrics(m), "chance_score": round(c.chance_score, 6)},
        "chance_method": c.chance_method,
        "chance_metrics": metrics(c.chance_metrics) if c.chance_metrics is not None else None,
        "passages": [passage(p) for p in c.passages],
    }
    if set_like:
        out["pairs"] = [
            {"key": r.key, "prompt_id": r.prompt_id, "a_record": r.a_record, "b_record": r.b_record,
             "metrics": metrics(r.metrics), "passages": len(r.passages),
             "chance": metrics(r.chance) if r.chance is not None else None, "chance_b_record": r.chance_b_record}
            for r in c.pairs
        ]
        out["unpaired_a"], out["unpaired_b"] = c.unpaired_a, c.unpaired_b
    return out
