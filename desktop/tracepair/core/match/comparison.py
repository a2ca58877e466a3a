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

import gc
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tracepair.core.match import batch as engine
from tracepair.core.match.exact import Side
from tracepair.core.model import Record, Source, Trace, finish
from tracepair.core.text.rarity import WEIGHT_FLOOR
from tracepair.core.text.tokens import TokenOptions, Tokens, tokenize


class CompareError(ValueError):
    """Two sources that cannot be compared (e.g. output sets with no prompt id in common)."""


@dataclass(frozen=True)
class CompareSettings:
    """What counts as shared phrasing.

    ``min_tokens`` = 6: on the slop-forensics dev set, unrelated models share hundreds of
    4-5-token stock phrases; at 6 the sibling Llama pair scores 11x an unrelated pair and
    19x its chance baseline while keeping ~300 passages (table in docs/matching.md).
    """

    min_tokens: int = 6
    near_exact: bool = True
    #: Near-exact chains below this similarity are dropped.
    min_similarity: float = 0.8
    #: Largest edit (tokens skipped on either side) a near-exact chain steps over.
    max_gap: int = 3
    case_sensitive: bool = False
    keep_punctuation: bool = False
    fold_quotes: bool = True
    exclude_prompt_echo: bool = True
    #: Word-frequency list for rarity (CJK tokens always use the Chinese/Japanese/Korean lists).
    language: str = "en"
    chance_seed: int = 0

    @property
    def token_options(self) -> TokenOptions:
        return TokenOptions(self.case_sensitive, self.keep_punctuation, self.fold_quotes)


@dataclass
class Passage:
    """One shared passage. Spans are ``(start, end)`` character offsets into ``Trace.text``
    of the pair's A record (``a_spans``) and B record (``b_spans``), one per occurrence."""

    tokens: int  # length in tokens (on side A)
    text: str  # A's text of the first occurrence
    b_text: str  # B's text of the first occurrence (differs from ``text`` for near-exact passages)
    a_spans: list[tuple[int, int]]
    b_spans: list[tuple[int, int]]
    similarity: float  # 1.0 exact; below 1 near-exact
    rarity: float  # 0 everyday words .. 1 rare words (see core/rarity.py)
    pair: int  # index into ``Comparison.pairs``
    a_record: int  # index into the A source's records
    b_record: int
    prompt_id: str | None = None  # output sets: the prompt the pair answers
    prompt_echo: bool = False  # merely repeats the prompt (left out of the metrics by default)

    @property
    def exact(self) -> bool:
        return self.similarity >= 1.0

    @property
    def weight(self) -> float:
        """Sort key: long, rare, exact passages first."""
        return self.tokens * max(self.rarity, WEIGHT_FLOOR) * self.similarity


@dataclass
class Metrics:
    """Shares are of tokens (white space and, by default, punctuation are not tokens)."""

    containment_a: float  # share of A's tokens inside a shared passage
    containment_b: float
    jaccard: float  # distinct N-grams in both / in either
    longest_tokens: int
    weighted_score: float  # share of the rarity weight of both sides inside shared passages
    tokens_a: int = 0
    tokens_b: int = 0


@dataclass
class PairResult:
    index: int
    a_record: int
    b_record: int
    key: str | None  # Record.key for pairs from output sets, None for trace vs trace
    prompt_id: str | None
    metrics: Metrics
    passages: list[Passage] = field(default_factory=list)
    #: the same measures for this pair's control: the same A record against B's record for another
    #: prompt (``chance_b_record``), or against B's record with its words shuffled
    chance: Metrics | None = None
    chance_b_record: int | None = None


@dataclass
class Comparison:
    a: Source
    b: Source
    settings: CompareSettings
    pairs: list[PairResult]
    passages: list[Passage]  # every pair's passages, most evidential first
    metrics: Metrics  # totals over all pairs
    chance_score: float
    chance_method: str
    unpaired_a: list[str] = field(default_factory=list)
    unpaired_b: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: every metric for the control pairs (``chance_score`` is its weighted score), so each number has its control
    chance_metrics: Metrics | None = None


# --------------------------------------------------------------------------- pairing


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


class _Tokeniser:
    """Tokenises each record (and prompt) once."""

    def __init__(self, options: TokenOptions) -> None:
        self.options = options
        self.cache: dict[tuple[int, int], Tokens] = {}
        self.prompts: dict[str, Tokens] = {}

    def record(self, side: int, idx: int, rec: Record) -> Tokens:
        key = (side, idx)
        if key not in self.cache:
            self.cache[key] = tokenize(rec.trace.text, self.options)
        return self.cache[key]

    def prompt(self, text: str) -> Tokens:
        if text not in self.prompts:
            self.prompts[text] = tokenize(text, self.options)
        return self.prompts[text]


def _prompt_side(tk: _Tokeniser, prompts: list[list[str]]) -> Side | None:
    ids, seg, grp = [], [], []
    s = 0
    for k, texts in enumerate(prompts):
        for t in dict.fromkeys(texts):
            toks = tk.prompt(t)
            ids.append(toks.ids)
            seg.append(np.full(len(toks), s, dtype=np.int64))
            grp.append(np.full(len(toks), k, dtype=np.int64))
            s += 1
    if not ids:
        return None
    return Side(np.concatenate(ids), np.concatenate(seg), np.concatenate(grp))


def _prompts_of(recs: list[Record], exclude: bool) -> list[str]:
    return [r.prompt for r in recs if exclude and r.prompt]


# --------------------------------------------------------------------------- scoring


@dataclass
class _Run:
    batch: engine.Batch
    found: list[engine.Found]
    cov_a: np.ndarray
    cov_b: np.ndarray
    w_a: np.ndarray
    w_b: np.ndarray
    n_a: np.ndarray
    n_b: np.ndarray
    n_both: np.ndarray
    r_a: np.ndarray  # token rarity on side A (unfloored), for passage rarity


def _run(batch: engine.Batch, prompts: Side | None, s: CompareSettings) -> _Run:
    found, _ = engine.find(batch, s.min_tokens, s.near_exact, s.min_similarity, s.max_gap, prompts)
    cov_a, cov_b = engine.masks(batch, found, s.exclude_prompt_echo)
    r_a = engine.side_rarity(batch.a_toks, batch.a, s.language)
    r_b = engine.side_rarity(batch.b_toks, batch.b, s.language)
    w_a, w_b = np.maximum(r_a, WEIGHT_FLOOR), np.maximum(r_b, WEIGHT_FLOOR)
    n_a, n_b, n_both = engine.ngram_overlap(batch, s.min_tokens, prompts, s.exclude_prompt_echo)
    return _Run(batch, found, cov_a, cov_b, w_a, w_b, n_a, n_b, n_both, r_a)


def _total(run: _Run, a_recs: list[int], b_recs: list[int], longest: int) -> Metrics:
    """Totals over all pairs, counting each record's tokens once (a trace may sit in many pairs)."""
    def union(cov: np.ndarray, w: np.ndarray, off: np.ndarray, lens: list[int], recs: list[int]):
        masks: dict[int, np.ndarray] = {}
        weights: dict[int, np.ndarray] = {}
        for k, r in enumerate(recs):
            sl = slice(int(off[k]), int(off[k]) + lens[k])
            masks[r] = masks[r] | cov[sl] if r in masks else cov[sl].copy()
            weights[r] = w[sl]
        m = np.concatenate(list(masks.values())) if masks else np.zeros(0, dtype=bool)
        ww = np.concatenate(list(weights.values())) if weights else np.zeros(0)
        return m, ww

    b = run.batch
    ma, wa = union(run.cov_a, run.w_a, b.a_off, [len(t) for t in b.a_toks], a_recs)
    mb, wb = union(run.cov_b, run.w_b, b.b_off, [len(t) for t in b.b_toks], b_recs)
    inter = int(run.n_both.sum())
    uni = int(run.n_a.sum() + run.n_b.sum()) - inter
    return _metrics(engine.metrics_of(ma, mb, wa, wb, inter, uni, longest))


def _pair_metrics(run: _Run, k: int, longest: int) -> Metrics:
    """Pair k's measures from a batch run (real or control), each record's own tokens only."""
    b = run.batch
    sa = slice(int(b.a_off[k]), int(b.a_off[k]) + len(b.a_toks[k]))
    sb = slice(int(b.b_off[k]), int(b.b_off[k]) + len(b.b_toks[k]))
    inter = int(run.n_both[k])
    return _metrics(engine.metrics_of(run.cov_a[sa], run.cov_b[sb], run.w_a[sa], run.w_b[sb], inter,
                                      int(run.n_a[k] + run.n_b[k]) - inter, longest))


def _metrics(r: engine.RawMetrics) -> Metrics:
    return Metrics(**asdict(r))


def _passages(
    found: list[engine.Found], b: engine.Batch, pairs: list[PairResult], rarity_a: np.ndarray
) -> list[Passage]:
    """User-facing passages: token positions turned into character spans of each pair's records."""
    if not found:
        return []
    with _gc_paused():
        return _build_passages(found, b, pairs, rarity_a)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Building up to ~10^6 span tuples makes Python's cycle collector rescan them again and again
    (seconds at 1M tokens); nothing built here forms cycles, so collection waits until the end."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _build_passages(
    found: list[engine.Found], b: engine.Batch, pairs: list[PairResult], rarity_a: np.ndarray
) -> list[Passage]:
    first = np.array([int(f.a_starts[0]) for f in found], dtype=np.int64)
    lens = np.array([f.a_len for f in found], dtype=np.int64)
    csum = np.concatenate(([0.0], np.cumsum(rarity_a)))
    rarity = np.round((csum[first + lens] - csum[first]) / lens, 4).tolist()
    out = []
    for f, r in zip(found, rarity, strict=True):
        ta, tb = b.a_toks[f.pair], b.b_toks[f.pair]
        la = (f.a_starts - b.a_off[f.pair]).tolist()
        lb = (f.b_starts - b.b_off[f.pair]).tolist()
        a_spans = list(zip(ta.starts[la].tolist(), ta.ends[np.array(la) + f.a_len - 1].tolist(), strict=True))
        b_spans = list(zip(tb.starts[lb].tolist(), tb.ends[np.array(lb) + f.b_len - 1].tolist(), strict=True))
        pair = pairs[f.pair]
        out.append(Passage(
            tokens=f.a_len,
            text=ta.text[a_spans[0][0] : a_spans[0][1]],
            b_text=tb.text[b_spans[0][0] : b_spans[0][1]],
            a_spans=a_spans,
            b_spans=b_spans,
            similarity=round(f.similarity, 4),
            rarity=r,
            pair=pair.index,
            a_record=pair.a_record,
            b_record=pair.b_record,
            prompt_id=pair.prompt_id,
            prompt_echo=f.echo,
        ))
    return out


def _shuffled(t: Tokens, rng: np.random.Generator) -> Tokens:
    perm = rng.permutation(len(t))
    return Tokens(t.text, t.ids[perm], t.starts[perm], t.ends[perm])


def iter_compare(
    a: Source, b: Source, settings: CompareSettings | None = None
) -> Generator[tuple[float, str], None, Comparison]:
    """Compare two sources, yielding ``(fraction, message)`` progress; returns the ``Comparison``."""
    s = settings or CompareSettings()
    if s.min_tokens < 2:
        raise CompareError("--min-tokens must be at least 2")
    pairs, unpaired_a, unpaired_b = _pairs(a, b)
    tk = _Tokeniser(s.token_options)
    yield 0.0, f"tokenising {len(pairs)} pair(s)"
    a_toks = [tk.record(0, i, a.records[i]) for i, _, _ in pairs]
    b_toks = [tk.record(1, j, b.records[j]) for _, j, _ in pairs]
    prompts = _prompt_side(tk, [_prompts_of([a.records[i], b.records[j]], s.exclude_prompt_echo)
                                for i, j, _ in pairs])
    yield 0.2, "finding shared passages"
    batch = engine.Batch(a_toks, b_toks)
    run = _run(batch, prompts, s)
    yield 0.6, "scoring"

    results: list[PairResult] = []
    for k, (i, j, key) in enumerate(pairs):
        pid = a.records[i].prompt_id if a.kind == "set" else (b.records[j].prompt_id if b.kind == "set" else None)
        results.append(PairResult(k, i, j, key, pid or None, _pair_metrics(run, k, 0)))
    all_passages = _passages(run.found, batch, results, run.r_a)
    for p in all_passages:
        results[p.pair].passages.append(p)
    for r in results:
        r.passages.sort(key=lambda p: -p.weight)
        counted = [p.tokens for p in r.passages if not (s.exclude_prompt_echo and p.prompt_echo)]
        r.metrics.longest_tokens = max(counted, default=0)
    all_passages.sort(key=lambda p: -p.weight)
    total = _total(run, [i for i, _, _ in pairs], [j for _, j, _ in pairs],
                   max((r.metrics.longest_tokens for r in results), default=0))

    yield 0.75, "chance baseline"
    chance_metrics, per_pair, method = _chance(a, b, pairs, a_toks, b_toks, tk, s)
    for r, (b_rec, m) in zip(results, per_pair, strict=True):
        r.chance_b_record, r.chance = b_rec, m
    notes = []
    if unpaired_a or unpaired_b:
        notes.append(f"{len(unpaired_a)} record(s) of A and {len(unpaired_b)} of B have no partner and were left out")
    yield 1.0, "done"
    return Comparison(a, b, s, results, all_passages, total, chance_metrics.weighted_score, method, unpaired_a,
                      unpaired_b, notes, chance_metrics)


def _chance(
    a: Source, b: Source, pairs: list[tuple[int, int, str | None]], a_toks: list[Tokens],
    b_toks: list[Tokens], tk: _Tokeniser, s: CompareSettings,
) -> tuple[Metrics, list[tuple[int, Metrics]], str]:
    """Totals over the control pairs, and per real pair k its control's B record and measures."""
    if a.kind == "set" and b.kind == "set" and len(pairs) >= 2:
        m = len(pairs)
        ctrl = [(pairs[k][0], pairs[(k + 1) % m][1]) for k in range(m)]
        batch = engine.Batch(a_toks, [b_toks[(k + 1) % m] for k in range(m)])
        prompts = _prompt_side(tk, [_prompts_of([a.records[i], b.records[j]], s.exclude_prompt_echo)
                                    for i, j in ctrl])
        method = "mismatched prompts: each record of A against B's record for another prompt"
    else:
        rng = np.random.default_rng(s.chance_seed)
        batch = engine.Batch(a_toks, [_shuffled(t, rng) for t in b_toks])
        prompts = _prompt_side(tk, [_prompts_of([a.records[i], b.records[j]], s.exclude_prompt_echo)
                                    for i, j, _ in pairs])
        method = "B with its words shuffled: the overlap the shared vocabulary alone gives"
        ctrl = [(i, j) for i, j, _ in pairs]
    run = _run(batch, prompts, s)
    longest = [0] * len(ctrl)  # per control pair, counted the way a real pair's longest passage is
    for f in run.found:
        if not (s.exclude_prompt_echo and f.echo):
            longest[f.pair] = max(longest[f.pair], f.a_len)
    each = [(j, _pair_metrics(run, k, longest[k])) for k, (_, j) in enumerate(ctrl)]
    return _total(run, [i for i, _ in ctrl], [k for k in range(len(ctrl))], max(longest, default=0)), each, method


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
    tk = _Tokeniser(s.token_options)
    batch = engine.Batch([tk.record(0, 0, src_a.records[0])], [tk.record(1, 0, src_b.records[0])])
    found, _ = engine.find(batch, s.min_tokens, s.near_exact, s.min_similarity, s.max_gap, None)
    pair = PairResult(0, 0, 0, None, None, Metrics(0, 0, 0, 0, 0))
    rarity = engine.side_rarity(batch.a_toks, batch.a, s.language)
    return sorted(_passages(found, batch, [pair], rarity), key=lambda p: -p.weight)


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
