"""The lineup on real output sets: known answers for the bootstrap, who stands next to whom on the
dev data, what is counted, what is left out and why, profiles, and re-use of the counts."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lineup_data import (
    labs,
    read_lines,
    rewrite,
    slop_profile_file,
    write_lines,
)
from tracepair.core.lineup import LineupCache, LineupError, LineupSettings, lineup, lineup_to_json
from tracepair.core.lineup.features import Counter, Vocabulary, label

MAVERICK = "meta-llama/llama-4-maverick"
SCOUT = "meta-llama/llama-4-scout"


@pytest.fixture(scope="module")
def slop_files(slop_dir: Path) -> list[Path]:
    return sorted(slop_dir.glob("generated_*.jsonl"))


@pytest.fixture(scope="module")
def slop_lineup(slop_files: list[Path]):
    return lineup(slop_files, LineupSettings(bootstrap=100))


# --- known answers for the bootstrap ------------------------------------------------------------

def test_identical_members_are_one_with_certainty(slop_files: list[Path], tmp_path: Path) -> None:
    # Scout's real records again under another name: the same text is the same fingerprint.
    twin = rewrite(slop_files[2], tmp_path / "twin.jsonl", "scout-twin")
    result = lineup([*slop_files, twin], LineupSettings(bootstrap=60, seed=5))
    i, j = result.index(SCOUT), result.index("scout-twin")
    assert result.similarity[i, j] == pytest.approx(1.0)
    assert result.low[i, j] == pytest.approx(1.0, abs=1e-5) and result.high[i, j] == pytest.approx(1.0, abs=1e-5)
    assert result.nearest(SCOUT)[0].model == "scout-twin" and result.nearest(SCOUT)[0].support == 1.0
    assert result.nearest("scout-twin")[0].support == 1.0
    pair = next(k for k, c in enumerate(result.tree.clades) if c == (1 << i) | (1 << j))
    assert result.tree.support[pair] == 1.0 and result.tree.merges[pair][2] == pytest.approx(0.0, abs=1e-6)


def test_a_member_built_from_anothers_records_finds_it(slop_files: list[Path], tmp_path: Path) -> None:
    # Maverick's real answers to half the prompts: a sample of Maverick, the one to recognise.
    ids = sorted({r["id"] for r in read_lines(slop_files[1])})[:50]
    half = rewrite(slop_files[1], tmp_path / "half.jsonl", "maverick-half", lambda i, r: r["id"] in ids)
    result = lineup([slop_files[0], slop_files[2], slop_files[3], slop_files[4], half, slop_files[1]],
                    LineupSettings(bootstrap=100, seed=1))
    top = result.nearest("maverick-half")[0]
    assert top.model == MAVERICK and top.support >= 0.95
    others = [n.similarity for n in result.nearest("maverick-half")[1:]]
    assert top.low > max(others), "its interval stands clear of every other member"
    assert top.low <= top.similarity <= top.high


def test_a_member_mixed_from_two_sits_between_them(slop_files: list[Path], tmp_path: Path) -> None:
    # Real answers: Grok's to even prompt ids, Gemma's to odd ones.
    grok = {r["id"]: r for r in read_lines(slop_files[4]) if r["id"] % 2 == 0}
    gemma = {r["id"]: r for r in read_lines(slop_files[0]) if r["id"] % 2 == 1}
    mixed = write_lines(tmp_path / "mixed.jsonl", [dict(r, model="mixed") for r in (*grok.values(), *gemma.values())])
    result = lineup([*slop_files, mixed], LineupSettings(bootstrap=100, seed=2))
    near = result.nearest("mixed")
    assert {near[0].model, near[1].model} == {"x-ai/grok-3-mini-beta", "google/gemma-3-4b-it"}
    assert near[0].support + near[1].support == pytest.approx(1.0)


def test_intervals_hold_the_observed_similarity_and_seed_repeats(slop_files: list[Path]) -> None:
    a = lineup(slop_files, LineupSettings(bootstrap=50, seed=7))
    b = lineup(slop_files, LineupSettings(bootstrap=50, seed=7))
    c = lineup(slop_files, LineupSettings(bootstrap=50, seed=8))
    assert lineup_to_json(a)["low"] == lineup_to_json(b)["low"]
    assert not np.allclose(a.low, c.low)
    assert np.array_equal(a.similarity, c.similarity), "the seed moves the intervals, never the similarity"
    off = ~np.eye(len(a.members), dtype=bool)
    assert np.all(a.low[off] <= a.similarity[off] + 1e-9) and np.all(a.similarity[off] <= a.high[off] + 1e-9)
    assert np.allclose(a.support.sum(axis=1), 1.0)


# --- the dev data -------------------------------------------------------------------------------

def test_slop_forensics_maverick_and_scout_are_each_others_nearest(slop_lineup) -> None:
    for a, b in ((MAVERICK, SCOUT), (SCOUT, MAVERICK)):
        top = slop_lineup.nearest(a)[0]
        assert top.model == b and top.support >= 0.9
        assert top.low > slop_lineup.control()["p95"] or top.similarity == max(
            n.similarity for m in slop_lineup.names for n in slop_lineup.nearest(m))


@pytest.mark.slow
def test_dev_lineup_finds_lab_mates(misguided_dir: Path, tmp_path: Path) -> None:
    result = lineup([misguided_dir], LineupSettings(bootstrap=20))  # as published, empty records and all
    assert len(result.members) == 58 and not result.excluded
    lab = labs()
    names = result.names
    mates = [n for n in names if sum(lab(m) == lab(n) for m in names) > 1]
    hits = [n for n in mates if lab(result.nearest(n)[0].model) == lab(n)]
    assert len(hits) / len(mates) >= 0.80, f"{len(hits)}/{len(mates)}"
    for a, b in (("gemini-2.5-pro-high", "gemini-2.5-pro-low"), ("llama-4-maverick", "llama-4-scout"),
                 ("claude-opus-4", "claude-sonnet-4"), ("o4-mini-high", "o4-mini-high-long"),
                 ("gpt-4.1", "optimus-alpha"), ("qwen3-235b-a22b-think", "qwen3-30b-a3b-think")):
        assert b in [n.model for n in result.nearest(a)[:3]], (a, [n.model for n in result.nearest(a)[:3]])
        assert a in [n.model for n in result.nearest(b)[:3]], (b, [n.model for n in result.nearest(b)[:3]])


@pytest.mark.slow
def test_real_dumps_with_failed_records_never_break_it(misguided_dir: Path) -> None:
    # Some files hold records with an empty or null output: each file is a member or named with a reason.
    files = sorted(misguided_dir.glob("*.jsonl"))
    result = lineup([misguided_dir], LineupSettings(bootstrap=0))
    named = {m.path.name for m in result.members} | {e.name for e in result.excluded}
    assert named == {f.name for f in files}
    for e in result.excluded:
        assert e.why and "\n" not in e.why
    assert len(result.members) >= 50


def test_reasoning_lineup_holds_only_sets_with_reasoning(misguided_dir: Path) -> None:
    names = ["deepseek-r1-0528", "qwen3-235b-a22b-think", "QwQ-32b", "claude-opus-4", "glm-z1-32b"]
    result = lineup([misguided_dir / f"{n}.jsonl" for n in names], LineupSettings(part="reasoning", bootstrap=0))
    assert set(result.names) == {"deepseek-r1-0528", "qwen3-235b-a22b-think", "QwQ-32b", "glm-z1-32b"}
    assert result.excluded[0].name == "claude-opus-4.jsonl"
    assert result.excluded[0].why == "reasoning in only 0 of 54 records"


def test_records_without_text_are_left_out_and_said(slop_files: list[Path], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # Grok's real records plus three records as an API failure leaves them (output empty or null).
    rows = read_lines(slop_files[4])
    broken = [*rows, dict(rows[0], id=900, output=""), dict(rows[1], id=901, output=None), dict(rows[2], id=902)]
    del broken[-1]["output"]
    path = write_lines(tmp_path / "grok-with-failures.jsonl", broken)
    result = lineup([*slop_files[:4], path], LineupSettings(bootstrap=0))
    grok = result.members[result.index("x-ai/grok-3-mini-beta")]
    assert grok.records_empty == 3 and grok.records == 100
    assert any("API failures" in n and "grok" in n for n in result.notes)


def test_sets_that_share_too_few_prompts_are_left_out(slop_files: list[Path], tmp_path: Path) -> None:
    few = rewrite(slop_files[0], tmp_path / "few.jsonl", "few", lambda i, r: i < 6)
    trace = tmp_path / "one-trace.md"
    trace.write_text("Just one answer, not an output set.", encoding="utf-8")
    result = lineup([*slop_files, few, trace, tmp_path / "missing.jsonl"], LineupSettings(bootstrap=0))
    why = {e.name: e.why for e in result.excluded}
    assert why["few.jsonl"].startswith("shares only 6 of the lineup's 100 prompt keys")
    assert "single trace" in why["one-trace.md"]
    assert why["missing.jsonl"] == "no such file or folder"
    assert len(result.members) == 5


def test_fewer_than_three_members_is_an_error_naming_why(slop_files: list[Path], tmp_path: Path) -> None:
    with pytest.raises(LineupError, match=r"at least 3 output sets; 2 usable.*missing\.jsonl: no such file"):
        lineup([*slop_files[:2], tmp_path / "missing.jsonl"])


def test_names_are_the_model_field_made_unique(slop_files: list[Path], tmp_path: Path) -> None:
    copy = tmp_path / "maverick-again.jsonl"
    copy.write_bytes(slop_files[1].read_bytes())
    result = lineup([*slop_files, copy], LineupSettings(bootstrap=0))
    # both copies say which file they are; the others keep their model's name
    assert {f"{MAVERICK} (maverick-again)", f"{MAVERICK} (generated_meta-llama__llama-4-maverick)", SCOUT} <= set(
        result.names)


# --- what is counted ----------------------------------------------------------------------------

def test_features_counted_in_a_text() -> None:
    c = Counter(Vocabulary())
    text = ("## Plan\n\nWait, the boat holds two. **So** the man crosses — alone.\n- first\n- second\n"
            "I will wait. Therefore, done 🙂.")
    tc = c.count(text, c.prompt_words("How does the man cross with the boat?"))
    got = {label(c.vocab, int(k)): int(n) for k, n in zip(tc.keys, tc.counts, strict=True)}
    assert "boat" not in got and "man" not in got, "the prompt's own words do not count"
    assert got["holds"] == 1 and got["wait"] == 2
    assert got["marker: wait,"] == 1, "'I will wait.' is no marker: only a sentence start is"
    assert got["marker: therefore,"] == 1 and got["marker: so"] == 1
    assert got["format: heading"] == 1 and got["format: bullet"] == 2 and got["format: emoji"] == 1
    assert got["punctuation: bold **"] == 2 and got["punctuation: em dash —"] == 1
    assert "crosses alone" not in got, "n-grams never cross punctuation"
    assert got["the boat holds"] == 1 and "the man" not in got, "an n-gram of prompt words only is an echo"


def test_features_a_member_over_uses_read_as_text(slop_lineup) -> None:
    rows = slop_lineup.features_of(MAVERICK)
    assert len(rows) == 20 and all(r.z > 0 for r in rows)
    assert [r.z for r in rows] == sorted((r.z for r in rows), reverse=True)
    shared = slop_lineup.shared(MAVERICK, SCOUT)
    assert shared and all(min(r.z_a, r.z_b) > 0 for r in shared)
    mine, theirs = slop_lineup.apart(MAVERICK, SCOUT)
    assert all(r.z_a > r.z_b for r in mine) and all(r.z_b > r.z_a for r in theirs)


# --- slop-forensics profiles --------------------------------------------------------------------

def test_a_slop_forensics_profile_file_groups_maverick_with_scout(slop_dir: Path, tmp_path: Path) -> None:
    profile = slop_profile_file(slop_dir, tmp_path / "slop_profile_results.json")
    result = lineup([profile])
    assert result.kind == "profiles" and len(result.members) == 5
    assert result.nearest(MAVERICK)[0].model == SCOUT and result.nearest(SCOUT)[0].model == MAVERICK
    assert result.low is None and result.replicates == 0
    doc = lineup_to_json(result)
    assert any("no records, hence no bootstrap" in n for n in doc["notes"])
    assert doc["low"][0][1] is None and doc["nearest"][MAVERICK][0]["support"] is None
    assert all(m["records"] == 0 and m["words"] > 0 for m in doc["models"])


def test_a_profile_file_beside_output_sets_is_left_out(slop_dir: Path, slop_files: list[Path],
                                                       tmp_path: Path) -> None:
    folder = tmp_path / "results"
    folder.mkdir()
    for f in slop_files:
        (folder / f.name).symlink_to(f)
    slop_profile_file(slop_dir, folder / "slop_profile_results.json")
    result = lineup([folder], LineupSettings(bootstrap=0))
    assert result.kind == "sets" and len(result.members) == 5
    assert [e.name for e in result.excluded] == ["slop_profile_results.json"]


# --- re-use -------------------------------------------------------------------------------------

def test_changing_part_or_replicates_reuses_the_counts(misguided_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [misguided_dir / f"{n}.jsonl" for n in ("deepseek-r1-0528", "QwQ-32b", "glm-z1-32b", "claude-opus-4")]
    cache = LineupCache()
    calls: list[int] = []
    original = Counter.count_texts
    monkeypatch.setattr(Counter, "count_texts", lambda self, *a, **k: calls.append(1) or original(self, *a, **k))
    first = lineup(files, LineupSettings(bootstrap=10), cache)
    counted = len(calls)
    assert counted > 0
    again = lineup(files, LineupSettings(bootstrap=30, seed=4), cache)
    assert len(calls) == counted, "other replicates: nothing recounted"
    assert np.array_equal(first.similarity, again.similarity)
    lineup(files, LineupSettings(part="reasoning", bootstrap=10), cache)
    reasoning_counted = len(calls)
    lineup(files, LineupSettings(part="both", bootstrap=10), cache)
    lineup(files, LineupSettings(bootstrap=10), cache)
    assert len(calls) == reasoning_counted, "both parts counted once each, then only re-used"
    json.dumps(lineup_to_json(again))  # serialisable as it stands
