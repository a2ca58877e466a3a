"""Every number next to a control that is what its label says, on real output sets.

The misguided-attention sets hold three samples (#0, #1, #2) of each prompt, which is where a control
that takes "the next record" silently compares a prompt with itself.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tracepair.core.load import load
from tracepair.core.match import CompareError, compare, comparison_to_json, pair_control_label
from tracepair.core.match.control import PROMPT_METHOD, SHUFFLE_METHOD
from tracepair.core.match.versus_chance import ABOVE, versus_chance
from tracepair.core.model import Record, Source, Trace


def _set(src: Source, records: list[Record], name: str = "constructed.jsonl") -> Source:
    return Source(path=Path(name), kind="set", format="jsonl", encoding="utf-8", records=records)


@pytest.fixture(scope="module")
def claude(misguided_dir: Path):
    return compare(load(misguided_dir / "claude-3.7-sonnet.jsonl"), load(misguided_dir / "claude-sonnet-4.jsonl"))


def test_every_control_pair_answers_another_prompt(claude) -> None:
    c = claude
    assert c.chance_method == PROMPT_METHOD and len(c.pairs) == 52
    for p in c.pairs:
        a_rec, b_ctrl = c.a.records[p.a_record], c.b.records[p.chance_b_record]
        assert b_ctrl.prompt_id != a_rec.prompt_id, p.key
        # the same sample number of the other prompt wherever that prompt has it paired
        paired_samples = {c.a.records[q.a_record].sample for q in c.pairs if q.prompt_id == b_ctrl.prompt_id}
        if a_rec.sample in paired_samples:
            assert b_ctrl.sample == a_rec.sample, p.key
        label = pair_control_label(c, p)
        assert "another prompt" in label and f"prompt {b_ctrl.key}" in label and a_rec.prompt_id not in label


def test_one_prompt_with_samples_has_no_other_prompt_so_the_control_shuffles(misguided_dir: Path) -> None:
    a, b = load(misguided_dir / "claude-3.7-sonnet.jsonl"), load(misguided_dir / "claude-sonnet-4.jsonl")
    pid = a.records[0].prompt_id
    one_a = _set(a, [r for r in a.records if r.prompt_id == pid])
    one_b = _set(b, [r for r in b.records if r.prompt_id == pid])
    c = compare(one_a, one_b)
    assert len(c.pairs) == 3 and c.chance_method == SHUFFLE_METHOD
    assert all(p.chance_b_record == p.b_record for p in c.pairs)
    assert all("shuffled" in pair_control_label(c, p) for p in c.pairs)


def test_a_control_of_nothing_gives_a_bounded_ratio_and_says_why(misguided_dir: Path) -> None:
    # gpt-4.1-nano against claude-opus-4: 54 control pairs, not one shared passage among them.
    c = compare(load(misguided_dir / "gpt-4.1-nano.jsonl"), load(misguided_dir / "claude-opus-4.jsonl"))
    assert c.chance_score == 0 and c.metrics.weighted_score > 0
    v = versus_chance(c)
    assert v.at_least and v.ratio < float("inf") and v.ratio_text.startswith("≥ ")
    # the floor is one shortest passage of the most common words over the control's weight
    assert v.floor == pytest.approx(2 * c.settings.min_tokens * 0.05 / c.chance_metrics.weight)
    assert v.ratio == pytest.approx(c.metrics.weighted_score / v.floor)
    assert "less than one shortest passage" in v.text() and v.verdict == ABOVE
    doc = comparison_to_json(c)["versus_chance"]
    assert doc["at_least"] is True and doc["ratio"] == round(v.ratio, 4) and json.dumps(doc)


def test_ratio_interval_and_verdict_on_a_real_sibling_pair(claude) -> None:
    v = versus_chance(claude)
    assert not v.at_least and v.low is not None and v.low < v.ratio < v.high
    assert v.verdict == ABOVE and v.pairs == 52 and 0 < v.pairs_above <= 52
    assert v.pairs_above == sum(p.metrics.weighted_score > p.chance.weighted_score for p in claude.pairs)


def test_a_set_against_itself_shifted_by_prompt_is_not_above_chance(misguided_dir: Path) -> None:
    # Constructed: B answers each prompt with A's answer to the next prompt, so nothing is shared by prompt.
    a = load(misguided_dir / "gpt-4.1.jsonl")
    keys = [r.key for r in a.records]
    shifted = [replace(a.records[(k + 3) % len(keys)], prompt_id=a.records[k].prompt_id,
                       sample=a.records[k].sample) for k in range(len(keys))]
    c = compare(a, _set(a, shifted))
    assert versus_chance(c).verdict != ABOVE


def test_set_against_trace_counts_the_trace_once_in_the_control_too(misguided_dir: Path) -> None:
    a = load(misguided_dir / "claude-opus-4.jsonl")
    trace = load(misguided_dir / "claude-sonnet-4.jsonl").records[0]
    b = Source(path=Path("one.txt"), kind="trace", format="text", encoding="utf-8", records=[trace])
    c = compare(a, b)
    assert len(c.pairs) == len(a.records) - len(c.left_out)
    assert c.metrics.tokens_b == c.chance_metrics.tokens_b  # was the trace's tokens times the number of pairs
    assert c.metrics.tokens_a == c.chance_metrics.tokens_a


def test_duplicate_keys_and_empty_records_are_listed_never_dropped(misguided_dir: Path) -> None:
    a = load(misguided_dir / "gpt-4.1.jsonl")
    b = load(misguided_dir / "gpt-4o-2024-11-20.jsonl")
    recs = list(a.records)
    recs.insert(5, recs[2])  # the same key twice, as a merged dump has it
    recs[7] = replace(recs[7], trace=Trace())  # an API failure: no text
    c = compare(_set(a, recs), b)
    why = {(x.side, x.record): x.why for x in c.left_out}
    assert why[("A", 5)] == "duplicate key" and why[("A", 7)] == "no text"
    partner = next(j for j, r in enumerate(b.records) if r.key == recs[7].key)
    assert why[("B", partner)] == "partner has no text"
    in_pairs_a = {p.a_record for p in c.pairs}
    assert in_pairs_a | {i for s, i in why if s == "A"} == set(range(len(recs)))  # every record accounted for
    assert any("duplicate key" in n for n in c.notes) and any("no text" in n for n in c.notes)
    doc = comparison_to_json(c)
    assert {"side": "A", "record": 5, "key": recs[5].key, "why": "duplicate key"} in doc["left_out"]


def test_sets_that_cannot_be_paired_say_why(misguided_dir: Path) -> None:
    a = load(misguided_dir / "gpt-4.1.jsonl")
    empty = _set(a, [replace(r, trace=Trace()) for r in a.records])
    with pytest.raises(CompareError, match=r"every record of B .* is empty"):
        compare(a, empty)
