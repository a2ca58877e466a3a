"""Scoring a batch of record pairs: tokenising each record once, one matching run over the batch, the
metrics of each pair and of all pairs together, and the user-facing passages with character spans.

The real comparison and its control run through the same code, so a number and its control are
always computed the same way.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

import numpy as np

from tracepair.core.match import batch as engine
from tracepair.core.match.exact import Side
from tracepair.core.match.results import CompareSettings, Metrics, PairResult, Passage
from tracepair.core.model import Record
from tracepair.core.text.rarity import WEIGHT_FLOOR
from tracepair.core.text.tokens import TokenOptions, Tokens, tokenize


class Tokeniser:
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


def prompt_side(tk: Tokeniser, prompts: list[list[str]]) -> Side | None:
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


def prompts_of(recs: list[Record], exclude: bool) -> list[str]:
    return [r.prompt for r in recs if exclude and r.prompt]


@dataclass
class Run:
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


def score_batch(batch: engine.Batch, prompts: Side | None, s: CompareSettings) -> Run:
    found, _ = engine.find(batch, s.min_tokens, s.near_exact, s.min_similarity, s.max_gap, prompts)
    cov_a, cov_b = engine.masks(batch, found, s.exclude_prompt_echo)
    r_a = engine.side_rarity(batch.a_toks, batch.a, s.language)
    r_b = engine.side_rarity(batch.b_toks, batch.b, s.language)
    w_a, w_b = np.maximum(r_a, WEIGHT_FLOOR), np.maximum(r_b, WEIGHT_FLOOR)
    n_a, n_b, n_both = engine.ngram_overlap(batch, s.min_tokens, prompts, s.exclude_prompt_echo)
    return Run(batch, found, cov_a, cov_b, w_a, w_b, n_a, n_b, n_both, r_a)


def total_metrics(run: Run, a_recs: list[int], b_recs: list[int], longest: int) -> Metrics:
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


def pair_metrics(run: Run, k: int, longest: int) -> Metrics:
    """Pair k's measures from a batch run (real or control), each record's own tokens only."""
    b = run.batch
    sa = slice(int(b.a_off[k]), int(b.a_off[k]) + len(b.a_toks[k]))
    sb = slice(int(b.b_off[k]), int(b.b_off[k]) + len(b.b_toks[k]))
    inter = int(run.n_both[k])
    return _metrics(engine.metrics_of(run.cov_a[sa], run.cov_b[sb], run.w_a[sa], run.w_b[sb], inter,
                                      int(run.n_a[k] + run.n_b[k]) - inter, longest))


def _metrics(r: engine.RawMetrics) -> Metrics:
    return Metrics(**asdict(r))


def user_passages(
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
