"""Shared phrasing between two Sources: passages, metrics, and the control each is read against.

Which records are compared with which is ``pairing.py``'s job (a trace against every record of a
set, output sets by prompt key; what is left out is listed, with the reason). Passages are only
looked for inside a pair. All pairs are matched in one pass (``batch.py``) and scored by
``scoring.py``; totals count each record's tokens once.

Every pair gets its own control pair (``PairResult.chance``), built from the same A record and
scored exactly like the real pair (``control.py``: B's answer to another prompt, or B's words
shuffled), so a pair's numbers are read against a pair's numbers; ``chance_metrics`` holds the
totals over all control pairs. ``versus_chance.py`` words the comparison of the two.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tracepair.core.match import batch as engine
from tracepair.core.match.control import controls
from tracepair.core.match.pairing import pair_records
from tracepair.core.match.results import (
    MIN_PASSAGE_TOKENS,
    CompareError,
    CompareSettings,
    Comparison,
    Metrics,
    PairResult,
    Passage,
)
from tracepair.core.match.scoring import (
    Tokeniser,
    pair_metrics,
    prompt_side,
    prompts_of,
    score_batch,
    total_metrics,
    user_passages,
)
from tracepair.core.match.versus_chance import versus_chance
from tracepair.core.model import Progress, Record, Source, Trace, finish, stage
from tracepair.core.text.tokens import Tokens

__all__ = [
    "CompareError", "CompareSettings", "Comparison", "Metrics", "PairResult", "Passage", "compare",
    "comparison_to_json", "find_shared_passages", "iter_compare", "pair_control_label", "pair_passages",
]


def _checked(settings: CompareSettings | None) -> CompareSettings:
    s = settings or CompareSettings()
    if s.min_tokens < MIN_PASSAGE_TOKENS:
        raise CompareError(f"--min-tokens must be at least {MIN_PASSAGE_TOKENS}")
    return s


def _match(
    a: Source, b: Source, pairs: list[tuple[int, int, str | None]], s: CompareSettings, tk: Tokeniser
) -> Generator[Progress, None, tuple[list[PairResult], list[Passage], Metrics, list[Tokens]]]:
    """Every pair's passages and measures, and the totals (each record's tokens counted once)."""
    yield 0.0, f"tokenising {len(pairs)} pair(s)"
    a_toks = [tk.record(0, i, a.records[i]) for i, _, _ in pairs]
    b_toks = [tk.record(1, j, b.records[j]) for _, j, _ in pairs]
    prompts = prompt_side(tk, [prompts_of([a.records[i], b.records[j]], s.exclude_prompt_echo)
                               for i, j, _ in pairs])
    yield 0.25, "finding shared passages"
    batch = engine.Batch(a_toks, b_toks)
    run = score_batch(batch, prompts, s)
    yield 0.8, "scoring"
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
    return results, all_passages, total, a_toks


def iter_compare(
    a: Source, b: Source, settings: CompareSettings | None = None
) -> Generator[Progress, None, Comparison]:
    """Compare two sources, yielding ``(fraction, message)`` progress; returns the ``Comparison``."""
    s = _checked(settings)
    pairing = pair_records(a, b)
    tk = Tokeniser(s.token_options)
    results, passages, total, a_toks = yield from stage(_match(a, b, pairing.pairs, s, tk), 0.0, 0.75)
    yield 0.75, "chance control"
    ctl = controls(a, b, pairing.pairs, a_toks, tk, s)
    for r, (b_rec, m) in zip(results, ctl.per_pair, strict=True):
        r.chance_b_record, r.chance = b_rec, m
    yield 1.0, "done"
    return Comparison(a, b, s, results, passages, total, ctl.total, ctl.method, pairing.left_out, pairing.notes())


def compare(a: Source, b: Source, settings: CompareSettings | None = None) -> Comparison:
    """``iter_compare`` without progress."""
    return finish(iter_compare(a, b, settings))


def pair_passages(a: Record, b: Record, settings: CompareSettings | None = None) -> list[Passage]:
    """The shared passages of one pair of records, exactly as comparing two output sets finds them for
    that pair (prompt echoes marked from the records' prompts), most evidential first."""
    s = _checked(settings)
    one = [Source(path=_NO_PATH, kind="trace", format="record", encoding="utf-8", records=[r]) for r in (a, b)]
    _, passages, _, _ = finish(_match(one[0], one[1], [(0, 0, None)], s, Tokeniser(s.token_options)))
    return passages


def find_shared_passages(a_text: str, b_text: str, settings: CompareSettings | None = None) -> list[Passage]:
    """Shared passages of two plain texts; spans are offsets into ``a_text`` and ``b_text``."""
    return pair_passages(Record(Trace(answer=a_text)), Record(Trace(answer=b_text)), settings)


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
        "chance_metrics": metrics(c.chance_metrics),
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
        out["left_out"] = [{"side": x.side, "record": x.record, "key": x.key, "why": x.why} for x in c.left_out]
    out["notes"] = c.notes
    out["versus_chance"] = versus_chance(c).to_json()
    return out
