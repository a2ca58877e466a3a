"""What each side over-uses, what the two share, and how sure we are.

Three statistics, each with its control:

* **Baseline ratio** (against ordinary language): ``(count + 1) / (expected + 1)`` where
  ``expected = words * f`` and ``f`` is wordfreq's frequency of the phrase (for a phrase of
  several words wordfreq's own estimate ``1 / sum(1 / f_i)``, an upper bound on how common
  the phrase is, so the ratio errs low). The +1 on both sides is add-one smoothing on the
  counts: a word seen once where none was expected gets 2, not infinity.
* **Log-odds ratio with an informative Dirichlet prior** between the sides (Monroe, Colaresi
  & Quinn 2008, "Fightin' Words", eqs. 16-22) and its z-score. The prior is the pooled count of
  both sides scaled by ``PRIOR_SCALE`` = 0.1 (``alpha_w = 0.1 (y_a + y_b)``, ``alpha_0 = 0.1 (n_a + n_b)``,
  where n is a side's word count): "the two sides are alike", which shrinks rare phrases toward no
  difference (at full weight it caps every log-odds near log 2). Identical sides give exactly 0.
* **Bootstrap intervals** (output sets only): records are resampled with replacement
  ``settings.bootstrap`` times (1,000 by default, seeded) and the rate per 10,000 words is
  recomputed; the interval is the 2.5th-97.5th percentile.

"Shared favourites" are phrases both sides use at least ``min_count`` times with a baseline
ratio of at least ``shared_min_ratio`` on each side, ranked by the smaller of the two ratios
(a phrase is only as shared as its weaker side's over-use), ties by total count.

Everything that depends on the text is computed once (``IdiomReport``: counts and per-kind
arrays); display settings (kind, top N, min count, ranking) only re-slice those arrays in
``IdiomReport.view`` and are cached, so a chart update costs milliseconds.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np

from tracepair.core.idioms.counting import KINDS, NGRAM_N, PER, Idiom, SideCounts, iter_count_side, load_idioms
from tracepair.core.idioms.measures import Baseline, baseline_ratio, log_odds_dirichlet
from tracepair.core.model import Source, finish, stage
from tracepair.core.text.markers import load_markers

RankBy = Literal["ratio", "rate"]


@dataclass(frozen=True)
class IdiomSettings:
    """What to count (changing it means recounting) and how to show it (cheap)."""

    # -- counting: a change needs a new report
    idiom_file: Path | None = None  # the user's list, used instead of the shipped one
    baseline_lang: str = "en"  # wordfreq language of the ordinary-language baseline
    bootstrap: int = 1000  # resamples over records for the intervals
    seed: int = 0
    # -- display: a change only re-slices cached arrays
    kind: str = "idioms"  # one of core.idioms.KINDS
    top: int = 20
    min_count: int = 3  # a phrase must occur this often on at least one side
    rank_by: RankBy = "ratio"  # "ratio": baseline ratio; "rate": per 10k words
    shared_min_ratio: float = 2.0
    scatter_max: int = 3000  # the scatter shows at most this many of the most frequent phrases


@dataclass(frozen=True)
class PhraseStat:
    """One phrase on one side."""

    phrase: str
    count: int
    per_10k: float
    baseline_ratio: float | None  # None where no baseline applies (markers)
    ci: tuple[float, float] | None  # 95% bootstrap interval of per_10k; None for a single trace


@dataclass(frozen=True)
class PairRow:
    """One phrase on both sides, with the contrast between them."""

    phrase: str
    a: PhraseStat
    b: PhraseStat
    baseline_per_10k: float | None  # what ordinary language would give (wordfreq)
    log_odds: float  # > 0: A uses it more
    z: float


@dataclass
class IdiomView:
    """Chart and table data for one display setting."""

    settings: IdiomSettings
    name_a: str
    name_b: str
    bars: list[PairRow]
    top_a: list[PhraseStat]
    top_b: list[PhraseStat]
    shared: list[PairRow]
    over_a: list[PairRow]  # most over-used by A relative to B (highest z)
    over_b: list[PairRow]
    # scatter: one entry per phrase shown
    scatter_phrases: list[str]
    scatter_x: np.ndarray  # A per 10k (absent: drawn at half an occurrence)
    scatter_y: np.ndarray
    scatter_z: np.ndarray
    scatter_zero_a: float  # the rate an absent phrase is drawn at
    scatter_zero_b: float


@dataclass
class KindTable:
    """All phrases of one kind seen on either side, as aligned arrays."""

    phrases: np.ndarray  # object array of str
    ca: np.ndarray
    cb: np.ndarray
    base_f: np.ndarray  # ordinary-language frequency per word (NaN: no baseline)
    ratio_a: np.ndarray
    ratio_b: np.ndarray
    log_odds: np.ndarray
    z: np.ndarray
    index: dict[str, int]


@dataclass
class IdiomReport:
    a: SideCounts
    b: SideCounts
    settings: IdiomSettings
    tables: dict[str, KindTable]
    baseline: str
    #: What a reader should know about the counts (records left out), for the window and the JSON.
    notes: list[str] = field(default_factory=list)
    _views: dict[tuple[Any, ...], IdiomView] = field(default_factory=dict, repr=False)
    # Caches keyed by side ("a"/"b"), never by id(): a report travels between processes by pickle.
    _weights: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)
    _intervals: dict[tuple[str, str], dict[str, tuple[float, float]]] = field(default_factory=dict, repr=False)

    def side_key(self, side: SideCounts) -> str:
        return "a" if side is self.a else "b"

    def resample_weights(self, side: SideCounts) -> tuple[np.ndarray, np.ndarray]:
        """The bootstrap's record weights ``(B, R)`` and resampled word totals ``(B,)``, drawn once a side."""
        key = self.side_key(side)
        if key not in self._weights:
            r = len(side.records)
            rng = np.random.default_rng(self.settings.seed)
            w = rng.multinomial(r, np.full(r, 1.0 / r), size=self.settings.bootstrap).astype(float)
            words = np.array([rec.words for rec in side.records], dtype=float)
            self._weights[key] = (w, np.maximum(w @ words, 1.0))
        return self._weights[key]

    def view(self, settings: IdiomSettings | None = None) -> IdiomView:
        """Chart data for ``settings`` (its display part); cached per setting."""
        s = settings or self.settings
        key = (s.kind, s.top, s.min_count, s.rank_by, s.shared_min_ratio, s.scatter_max)
        if key not in self._views:
            self._views[key] = _derive_view(self, s)
        return self._views[key]


# --- building the report --------------------------------------------------------------------

def _table(kind: str, a: SideCounts, b: SideCounts, base: Baseline) -> KindTable:
    ta, tb = a.totals[kind], b.totals[kind]
    vocab = list(dict.fromkeys([*ta, *tb]))
    phrases = np.array(vocab, dtype=object)
    ca = np.fromiter((ta.get(p, 0) for p in vocab), dtype=np.int64, count=len(vocab))
    cb = np.fromiter((tb.get(p, 0) for p in vocab), dtype=np.int64, count=len(vocab))
    if kind == "markers":  # sentence-opening markers have no ordinary-language rate
        base_f = np.full(len(vocab), np.nan)
    elif kind in NGRAM_N:  # n-grams are counted as tokens joined by spaces: no need to re-tokenise
        base_f = base.ngrams(vocab)
    else:
        base_f = np.fromiter((base.phrase(p) for p in vocab), dtype=float, count=len(vocab))
    delta, z = log_odds_dirichlet(ca, cb, max(a.words, 1), max(b.words, 1))
    return KindTable(phrases, ca, cb, base_f, baseline_ratio(ca, a.words, base_f),
                     baseline_ratio(cb, b.words, base_f), delta, z, {p: i for i, p in enumerate(vocab)})


def iter_idioms(a: Source, b: Source, settings: IdiomSettings | None = None,
                idioms: Sequence[Idiom] | None = None) -> Generator[tuple[float, str], None, IdiomReport]:
    """Count both sides and compute the statistics, yielding ``(fraction, message)``; returns the report."""
    s = settings or IdiomSettings()
    idiom_list = list(idioms) if idioms is not None else load_idioms(s.idiom_file)
    markers = load_markers()
    sides = []
    for offset, src in ((0.0, a), (0.4, b)):
        sides.append((yield from stage(iter_count_side(src, idiom_list, markers), offset, 0.4)))
    side_a, side_b = sides
    if side_a.name == side_b.name:  # two files of one model: tell them apart by file name
        side_a.name, side_b.name = f"{side_a.name} ({a.name})", f"{side_b.name} ({b.name})"
    yield 0.8, "loading the ordinary-language baseline (wordfreq)"
    base = Baseline(s.baseline_lang)
    tables = {}
    for i, kind in enumerate(KINDS):
        tables[kind] = _table(kind, side_a, side_b, base)
        yield 0.85 + 0.15 * (i + 1) / len(KINDS), f"statistics: {kind}"
    notes = [side.note for side in (side_a, side_b) if side.note]
    rep = IdiomReport(side_a, side_b, s, tables, f"wordfreq {s.baseline_lang}", notes)
    for side in (side_a, side_b):  # draw the bootstrap weights now, not on the first chart update
        if side.kind == "set" and len(side.records) > 1 and s.bootstrap > 0:
            rep.resample_weights(side)
    return rep


def idioms(a: Source, b: Source, settings: IdiomSettings | None = None,
           idioms: Sequence[Idiom] | None = None) -> IdiomReport:
    """Plain wrapper of ``iter_idioms``."""
    return finish(iter_idioms(a, b, settings, idioms))


# --- deriving a view ------------------------------------------------------------------------

def _intervals(rep: IdiomReport, side: SideCounts, kind: str, phrases: list[str],
               s: IdiomSettings) -> list[tuple[float, float] | None]:
    if side.kind != "set" or len(side.records) < 2 or not phrases or s.bootstrap <= 0:
        return [None] * len(phrases)
    cache = rep._intervals.setdefault((rep.side_key(side), kind), {})
    todo = [p for p in dict.fromkeys(phrases) if p not in cache]
    if todo:  # an interval depends only on the phrase, so each is computed once per report
        counts = np.array([[r.kinds[kind].get(p, 0) for p in todo] for r in side.records], dtype=float)
        weights, totals = rep.resample_weights(side)
        rates = PER * (weights @ counts) / totals[:, None]
        lo, hi = np.percentile(rates, [2.5, 97.5], axis=0)
        cache.update((p, (float(a), float(b))) for p, a, b in zip(todo, lo, hi, strict=True))
    return [cache[p] for p in phrases]


def _ratio(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def _stats(rep: IdiomReport, side: SideCounts, t: KindTable, idx: Sequence[int], counts: np.ndarray, ratios: np.ndarray,
           kind: str, s: IdiomSettings) -> list[PhraseStat]:
    phrases = [t.phrases[i] for i in idx]
    cis = _intervals(rep, side, kind, phrases, s)
    w = max(side.words, 1)
    return [PhraseStat(p, int(counts[i]), PER * counts[i] / w, _ratio(ratios[i]), ci)
            for p, i, ci in zip(phrases, idx, cis, strict=True)]


def _pairs(rep: IdiomReport, t: KindTable, idx: Sequence[int], kind: str, s: IdiomSettings) -> list[PairRow]:
    sa = _stats(rep, rep.a, t, idx, t.ca, t.ratio_a, kind, s)
    sb = _stats(rep, rep.b, t, idx, t.cb, t.ratio_b, kind, s)
    return [PairRow(t.phrases[i], x, y, None if np.isnan(t.base_f[i]) else PER * t.base_f[i],
                    float(t.log_odds[i]), float(t.z[i])) for i, x, y in zip(idx, sa, sb, strict=True)]


def _top(key: np.ndarray, mask: np.ndarray, n: int, tie: np.ndarray) -> list[int]:
    cand = np.flatnonzero(mask)
    if not len(cand):
        return []
    order = np.lexsort((-tie[cand], -key[cand]))  # key descending, then tie descending
    return [int(i) for i in cand[order[:n]]]


def _derive_view(rep: IdiomReport, s: IdiomSettings) -> IdiomView:
    if s.kind not in rep.tables:
        raise ValueError(f"unknown kind {s.kind!r}; one of {', '.join(KINDS)}")
    t = rep.tables[s.kind]
    na, nb = max(rep.a.words, 1), max(rep.b.words, 1)
    rate_a, rate_b = PER * t.ca / na, PER * t.cb / nb
    has_base = not np.all(np.isnan(t.base_f))
    by_ratio = s.rank_by == "ratio" and has_base
    key_a = t.ratio_a if by_ratio else rate_a
    key_b = t.ratio_b if by_ratio else rate_b
    total = t.ca + t.cb
    ok_a, ok_b = t.ca >= s.min_count, t.cb >= s.min_count
    bars = _top(np.fmax(np.where(ok_a, key_a, 0), np.where(ok_b, key_b, 0)), ok_a | ok_b, s.top, total)
    shared_idx: list[int] = []
    if has_base:
        both = ok_a & ok_b & (t.ratio_a >= s.shared_min_ratio) & (t.ratio_b >= s.shared_min_ratio)
        shared_idx = _top(np.fmin(t.ratio_a, t.ratio_b), both, s.top, total)
    either = ok_a | ok_b
    over_a = _top(t.z, either & (t.z > 0), s.top, total)
    over_b = _top(-t.z, either & (t.z < 0), s.top, total)
    shown = np.flatnonzero(either)
    if len(shown) > s.scatter_max:
        shown = shown[np.argpartition(-total[shown], s.scatter_max)[: s.scatter_max]]
    zero_a, zero_b = PER * 0.5 / na, PER * 0.5 / nb
    return IdiomView(
        settings=s, name_a=rep.a.name, name_b=rep.b.name,
        bars=_pairs(rep, t, bars, s.kind, s),
        top_a=_stats(rep, rep.a, t, _top(key_a, ok_a, s.top, t.ca), t.ca, t.ratio_a, s.kind, s),
        top_b=_stats(rep, rep.b, t, _top(key_b, ok_b, s.top, t.cb), t.cb, t.ratio_b, s.kind, s),
        shared=_pairs(rep, t, shared_idx, s.kind, replace(s, bootstrap=0)),
        over_a=_pairs(rep, t, over_a, s.kind, replace(s, bootstrap=0)),
        over_b=_pairs(rep, t, over_b, s.kind, replace(s, bootstrap=0)),
        scatter_phrases=[str(p) for p in t.phrases[shown]],
        scatter_x=np.where(t.ca[shown] > 0, rate_a[shown], zero_a),
        scatter_y=np.where(t.cb[shown] > 0, rate_b[shown], zero_b),
        scatter_z=t.z[shown], scatter_zero_a=zero_a, scatter_zero_b=zero_b,
    )


# --- JSON -----------------------------------------------------------------------------------

def _r(x: float | None, nd: int = 3) -> float | None:
    return None if x is None else round(float(x), nd)


def _stat_json(p: PhraseStat) -> dict[str, Any]:
    return {"idiom": p.phrase, "count": p.count, "per_10k": _r(p.per_10k),
            "baseline_ratio": _r(p.baseline_ratio), "per_10k_ci": None if p.ci is None else [_r(p.ci[0]), _r(p.ci[1])]}


def _pair_json(p: PairRow) -> dict[str, Any]:
    return {"idiom": p.phrase, "count_a": p.a.count, "count_b": p.b.count,
            "per_10k_a": _r(p.a.per_10k), "per_10k_b": _r(p.b.per_10k),
            "baseline_ratio_a": _r(p.a.baseline_ratio), "baseline_ratio_b": _r(p.b.baseline_ratio),
            "baseline_per_10k": _r(p.baseline_per_10k), "log_odds": _r(p.log_odds), "z": _r(p.z, 2)}


def idioms_to_json(rep: IdiomReport, settings: IdiomSettings | None = None) -> dict[str, Any]:
    """The ``tracepair idioms --json`` contract: per side ``top`` ({idiom, count, per_10k,
    baseline_ratio}, + ``per_10k_ci``) and ``over_used_vs_other``; and ``shared``.

    Per side ``records`` counts the records with text; ``empty_records`` those left out; ``notes`` says so.
    """
    v = rep.view(settings)
    s = v.settings
    settings_json = {k: (str(x) if isinstance(x, Path) else x) for k, x in asdict(s).items()}

    def side(sc: SideCounts, top: list[PhraseStat], over: list[PairRow]) -> dict[str, Any]:
        return {"name": sc.name, "kind": sc.kind, "records": len(sc.records), "empty_records": sc.empty_records,
                "words": sc.words,
                "top": [_stat_json(p) for p in top], "over_used_vs_other": [_pair_json(p) for p in over]}

    return {"kind": s.kind, "baseline": rep.baseline, "settings": settings_json,
            "a": side(rep.a, v.top_a, v.over_a), "b": side(rep.b, v.top_b, v.over_b),
            "shared": [_pair_json(p) for p in v.shared], "notes": list(rep.notes)}
