"""The statistics on cases whose answer is known by construction (built from real records)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from tracepair.core.idioms.measures import PRIOR_SCALE, Baseline, baseline_ratio, log_odds_dirichlet
from tracepair.core.idioms.stats import IdiomReport, IdiomSettings, idioms, idioms_to_json, iter_idioms
from tracepair.core.load.reader import load
from tracepair.core.model import Record, Source, Trace

PLANT = "quantum marmalade"


@pytest.fixture(scope="module")
def scout(slop_dir: Path) -> Source:
    return load(slop_dir / "generated_meta-llama__llama-4-scout.jsonl")


def subset(source: Source, n: int, name: str) -> Source:
    return Source(Path(name), source.kind, source.format, source.encoding, source.records[:n])


def test_identical_sides_have_zero_log_odds(scout: Source) -> None:
    rep = idioms(scout, scout, IdiomSettings(bootstrap=0))
    for table in rep.tables.values():
        assert np.allclose(table.log_odds, 0.0) and np.allclose(table.z, 0.0)
    v = rep.view(replace(rep.settings, kind="words"))
    assert v.over_a == [] and v.over_b == []
    assert v.shared and all(r.a.baseline_ratio == r.b.baseline_ratio for r in v.shared)


def test_a_planted_phrase_ranks_first(scout: Source) -> None:
    # B is A's real records with "quantum marmalade" appended to 30 of them.
    planted = [Record(Trace(answer=r.trace.answer + f" {PLANT.capitalize()}." if i % 3 == 0 else r.trace.answer),
                      r.prompt_id, r.prompt, r.model) for i, r in enumerate(scout.records[:90])]
    b = Source(Path("planted.jsonl"), "set", "test", "utf-8", planted)
    rep = idioms(subset(scout, 90, "original.jsonl"), b, IdiomSettings(bootstrap=0))
    v = rep.view(replace(rep.settings, kind="bigrams"))
    assert v.over_b[0].phrase == PLANT
    assert v.over_b[0].z < -3 and v.over_b[0].b.count == 30 and v.over_b[0].a.count == 0
    assert all(r.phrase != PLANT for r in v.over_a)


def test_log_odds_gives_the_known_values() -> None:
    # 12 vs 3 occurrences in 1,000 words a side, prior 0.1 x pooled: alpha = 1.5, alpha_0 = 200, so
    # delta = ln(13.5 / 1186.5) - ln(4.5 / 1195.5) = 1.10617 and z = delta / sqrt(1/13.5 + 1/4.5) = 2.03216
    # (worked out by hand from Monroe, Colaresi & Quinn 2008, eqs. 16 and 20).
    delta, z = log_odds_dirichlet(np.array([12.0, 3.0, 7.0]), np.array([3.0, 12.0, 7.0]), 1000, 1000)
    assert delta[0] == pytest.approx(1.10617, abs=1e-5) and z[0] == pytest.approx(2.03216, abs=1e-5)
    assert (delta[1], z[1]) == pytest.approx((-delta[0], -z[0]))  # swapping the sides flips the sign
    assert (delta[2], z[2]) == pytest.approx((0.0, 0.0), abs=1e-12)  # the same use on both sides
    assert PRIOR_SCALE == 0.1


def test_baseline_ratio_is_smoothed_observed_over_expected() -> None:
    # 9 seen in 10,000 words where 1 was expected: (9 + 1) / (1 + 1) = 5.
    assert baseline_ratio(np.array([9.0]), 10_000, np.array([1e-4]))[0] == pytest.approx(5.0)
    # A word ordinary English never uses: the ratio is count + 1, never infinite.
    assert baseline_ratio(np.array([4.0]), 10_000, np.array([0.0]))[0] == pytest.approx(5.0)
    base = Baseline("en")
    assert base.word("the") > 0.01 > base.word("tapestry") > 0
    assert 0 < base.phrase("a testament to") < base.word("testament")
    assert base.phrase("delv*") > base.word("delve")  # delve + delves + delving + ...


def test_bootstrap_interval_covers_the_rate_and_narrows_with_records(scout: Source) -> None:
    settings = IdiomSettings(kind="words", rank_by="rate", top=10)
    small = idioms(subset(scout, 25, "first25.jsonl"), subset(scout, 25, "again25.jsonl"), settings)
    full = idioms(scout, subset(scout, 25, "first25.jsonl"), settings)
    widths = {}
    for name, rep in (("small", small), ("full", full)):
        v = rep.view()
        for row in v.bars:
            for stat in (row.a, row.b):
                assert stat.ci is not None and stat.ci[0] <= stat.per_10k <= stat.ci[1]
        widths[name] = {r.phrase: r.a.ci[1] - r.a.ci[0] for r in v.bars}
    common = set(widths["small"]) & set(widths["full"])
    assert len(common) >= 5
    assert all(widths["full"][p] < widths["small"][p] for p in common)


def test_a_single_trace_has_no_interval(misguided_dir: Path) -> None:
    src = load(misguided_dir / "deepseek-r1-0528.jsonl")
    one = Source(Path("one.txt"), "trace", "text", "utf-8", src.records[:1])
    v = idioms(one, src, IdiomSettings(kind="words", top=5)).view()
    assert all(r.a.ci is None and r.b.ci is not None for r in v.bars)


def test_display_settings_rederive_from_cached_counts(scout: Source) -> None:
    rep = idioms(subset(scout, 50, "a.jsonl"), subset(scout, 50, "b.jsonl"))
    words_before = rep.a.totals["words"]
    v5 = rep.view(replace(rep.settings, top=5, kind="words", min_count=10))
    assert len(v5.bars) == 5 and all(max(r.a.count, r.b.count) >= 10 for r in v5.bars)
    assert rep.a.totals["words"] is words_before  # nothing recounted
    assert rep.view(replace(rep.settings, top=5, kind="words", min_count=10)) is v5


def test_iter_idioms_reports_progress_and_json_shape(scout: Source) -> None:
    gen = iter_idioms(subset(scout, 20, "a.jsonl"), subset(scout, 30, "b.jsonl"))
    fractions = []
    while True:
        try:
            frac, msg = next(gen)
        except StopIteration as stop:
            rep: IdiomReport = stop.value
            break
        fractions.append(frac)
        assert msg
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
    doc = idioms_to_json(rep)
    for side in ("a", "b"):
        for row in doc[side]["top"]:
            assert {"idiom", "count", "per_10k", "baseline_ratio"} <= set(row)
    assert isinstance(doc["shared"], list)
