"""Comparing sources: sibling models stand out, the chance baseline stays below, spans are exact."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tracepair.core.load.reader import load
from tracepair.core.match.comparison import CompareError, CompareSettings, compare, comparison_to_json, iter_compare
from tracepair.core.model import Source
from tracepair.core.text.tokens import tokenize

MODELS = {
    "maverick": "generated_meta-llama__llama-4-maverick.jsonl",
    "scout": "generated_meta-llama__llama-4-scout.jsonl",
    "gemma": "generated_google__gemma-3-4b-it.jsonl",
    "quasar": "generated_openrouter__quasar-alpha.jsonl",
    "grok": "generated_x-ai__grok-3-mini-beta.jsonl",
}


@pytest.fixture(scope="module")
def slop(slop_dir: Path) -> dict[str, Source]:
    return {name: load(slop_dir / file) for name, file in MODELS.items()}


@pytest.fixture(scope="module")
def llama_pair(slop: dict[str, Source]):
    return compare(slop["maverick"], slop["scout"])


def test_llama_siblings_share_more_than_any_other_pair(slop: dict[str, Source], llama_pair) -> None:
    sibling = llama_pair.metrics.weighted_score
    for x, y in itertools.combinations(MODELS, 2):
        if {x, y} == {"maverick", "scout"}:
            continue
        other = compare(slop[x], slop[y]).metrics.weighted_score
        assert sibling > other, (x, y, other, sibling)


def test_chance_baseline_is_below_the_real_pair(llama_pair) -> None:
    assert "mismatched prompts" in llama_pair.chance_method
    assert 0 <= llama_pair.chance_score < llama_pair.metrics.weighted_score / 2


def test_records_are_paired_by_prompt_id(slop: dict[str, Source]) -> None:
    c = compare(slop["maverick"], slop["quasar"])
    assert len(c.pairs) == 50  # quasar answered 50 of the prompts
    for pair in c.pairs:
        assert slop["maverick"].records[pair.a_record].key == slop["quasar"].records[pair.b_record].key
    assert len(c.unpaired_a) == 50 and c.notes


def test_spans_point_at_the_same_tokens_in_both_records(slop: dict[str, Source], llama_pair) -> None:
    for p in llama_pair.passages:
        a_text = slop["maverick"].records[p.a_record].trace.text
        b_text = slop["scout"].records[p.b_record].trace.text
        for s, e in p.a_spans:
            assert len(tokenize(a_text[s:e])) == p.tokens
        if p.exact:
            words = {tuple(tokenize(a_text[s:e]).ids.tolist()) for s, e in p.a_spans}
            words |= {tuple(tokenize(b_text[s:e]).ids.tolist()) for s, e in p.b_spans}
            assert len(words) == 1


def test_prompt_echo_is_marked_and_left_out_of_scores(slop: dict[str, Source], llama_pair) -> None:
    echoes = [p for p in llama_pair.passages if p.prompt_echo]
    assert echoes
    for p in echoes:  # an echo has at least half its N-grams in the prompt, so most of its words
        prompt_words = set(tokenize(slop["maverick"].records[p.a_record].prompt).ids.tolist())
        words = tokenize(p.text).ids.tolist()
        assert sum(w in prompt_words for w in words) >= 0.6 * len(words)
    with_echo = compare(slop["maverick"], slop["scout"], CompareSettings(exclude_prompt_echo=False))
    assert with_echo.metrics.containment_a > llama_pair.metrics.containment_a


def test_trace_against_trace_uses_a_shuffled_control(misguided_dir: Path) -> None:
    a = _single(load(misguided_dir / "deepseek-r1-0528.jsonl"), 0)
    b = _single(load(misguided_dir / "deepseek-r1.jsonl"), 0)
    c = compare(a, b)
    assert len(c.pairs) == 1 and "shuffled" in c.chance_method
    assert c.metrics.longest_tokens >= 6
    assert c.chance_score < c.metrics.weighted_score


def test_trace_against_set_pairs_the_trace_with_every_record(misguided_dir: Path) -> None:
    s = load(misguided_dir / "deepseek-r1.jsonl")
    trace = _single(load(misguided_dir / "deepseek-r1-0528.jsonl"), 0)
    c = compare(trace, s)
    assert len(c.pairs) == len(s.records)
    assert {p.a_record for p in c.passages} == {0}
    # The trace sits in every pair but its tokens count once in the totals.
    assert c.metrics.tokens_a == len(tokenize(trace.trace.text))
    assert c.metrics.tokens_b == sum(len(tokenize(r.trace.text)) for r in s.records)
    assert 0 < c.metrics.containment_a <= 1


def test_progress_runs_to_one_and_returns_the_result(slop: dict[str, Source]) -> None:
    gen = iter_compare(slop["gemma"], slop["grok"])
    fractions = []
    try:
        while True:
            fractions.append(next(gen)[0])
    except StopIteration as stop:
        result = stop.value
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert result.pairs and comparison_to_json(result)["metrics"]["chance_score"] >= 0


def test_sets_without_common_prompts_cannot_be_compared(slop: dict[str, Source], misguided_dir: Path) -> None:
    with pytest.raises(CompareError, match="no prompt id in common"):
        compare(slop["gemma"], load(misguided_dir / "gpt-4.1.jsonl"))


def _single(source: Source, k: int) -> Source:
    return Source(path=source.path, kind="trace", format=source.format, encoding=source.encoding,
                  records=[source.records[k]])


def test_each_pair_has_its_own_control_scored_exactly_like_a_real_pair(slop: dict[str, Source], llama_pair) -> None:
    # The control for pair k is A's same record against B's record for the next prompt; scoring that
    # pair on its own, as two traces with the same settings, must give the very same numbers.
    pairs = llama_pair.pairs
    m = len(pairs)
    for k, p in enumerate(pairs):
        assert p.chance is not None
        assert p.chance_b_record == pairs[(k + 1) % m].b_record != p.b_record
        alone = compare(_single(slop["maverick"], p.a_record), _single(slop["scout"], p.chance_b_record)).metrics
        for attr in ("weighted_score", "containment_a", "containment_b", "jaccard"):
            assert getattr(p.chance, attr) == pytest.approx(getattr(alone, attr), abs=1e-6), (k, attr)
        assert (p.chance.longest_tokens, p.chance.tokens_a, p.chance.tokens_b) == (
            alone.longest_tokens, alone.tokens_a, alone.tokens_b), k
    # A pair's control is a pair, not the totals: no control pair's longest passage exceeds the set's.
    assert max(p.chance.longest_tokens for p in pairs) == llama_pair.chance_metrics.longest_tokens


def test_sibling_pairs_score_far_above_their_own_controls(llama_pair) -> None:
    real = [p.metrics.weighted_score for p in llama_pair.pairs]
    chance = [p.chance.weighted_score for p in llama_pair.pairs]
    assert sum(chance) / len(chance) < sum(real) / len(real) / 5
    # Pair by pair: a sibling pair beats its own control far more often than the reverse (ties: both 0).
    above = sum(r > c for r, c in zip(real, chance, strict=True))
    below = sum(r < c for r, c in zip(real, chance, strict=True))
    assert above > 10 * below


def test_trace_pair_control_is_the_shuffled_trace(misguided_dir: Path) -> None:
    a = _single(load(misguided_dir / "deepseek-r1-0528.jsonl"), 0)
    b = _single(load(misguided_dir / "deepseek-r1.jsonl"), 0)
    c = compare(a, b)
    (pair,) = c.pairs
    assert pair.chance == c.chance_metrics and pair.chance_b_record == 0
    assert pair.chance.tokens_b == pair.metrics.tokens_b  # same words, shuffled
