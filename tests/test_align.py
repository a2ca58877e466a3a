"""Structural alignment on real text where the right answer is known by construction.

B is built from A's paragraphs (real model output): some dropped, some moved far
from their place, about half lightly edited (roughly one word in twelve deleted or
swapped with its neighbour), and paragraphs of another model inserted.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import numpy as np
import pytest

import tracepair.core.align.step_similarity as step_similarity_module
from tracepair.core.align.alignment import AlignSettings, align, alignment_to_json
from tracepair.core.align.step_similarity import step_similarity
from tracepair.core.align.steps import split_steps
from tracepair.core.model import Trace


def plain_paragraphs(path: Path, field: str, limit: int) -> list[str]:
    """Real paragraphs of one line, 8+ words, no list/heading syntax: each is exactly one step."""
    out: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = json.loads(line).get(field) or ""
        for para in re.split(r"\n\s*\n", text):
            para = para.strip()
            if "\n" in para or len(para.split()) < 8 or len(para) > 1000 or re.match(r"[-*+#>\d|]", para):
                continue
            out.append(para)
            if len(out) == limit:
                return out
    return out


def light_edit(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(max(1, len(words) // 12)):
        k = rng.randrange(len(words) - 1)
        if rng.random() < 0.5:
            words[k], words[k + 1] = words[k + 1], words[k]
        else:
            del words[k]
    return " ".join(words)


def construct(a: list[str], others: list[str], seed: int):
    """B from A: 10% dropped, 4 moved, half the rest edited, others inserted. Returns B, truth, movers."""
    rng = random.Random(seed)
    kept = [i for i in range(len(a)) if rng.random() >= 0.10]
    movers = rng.sample(kept[5:-5], 4)
    order = [i for i in kept if i not in movers]
    for m in movers:  # put each mover at least 10 places away from where it was
        at = order.index(next(i for i in order if i > m))
        far = [k for k in range(len(order) + 1) if abs(k - at) >= 10]
        order.insert(rng.choice(far), m)
    b: list[str] = []
    truth: set[tuple[int, int]] = set()
    inserted = 0
    for i in order:
        if rng.random() < 0.12:
            b.append(others[inserted % len(others)])
            inserted += 1
        truth.add((i, len(b)))
        b.append(light_edit(a[i], rng) if rng.random() < 0.5 else a[i])
    assert inserted >= 3
    return b, truth, set(movers)


def found_pairs(al) -> set[tuple[int, int]]:
    return {(i, j) for p in al.pairs for i in p.a for j in p.b}


CASES = {
    # creative writing answers: grok-3-mini paragraphs, gemma-3 paragraphs inserted
    "slop": ("slop-forensics/generated_x-ai__grok-3-mini-beta.jsonl", "output",
             "slop-forensics/generated_google__gemma-3-4b-it.jsonl", "output"),
    # raw reasoning: deepseek-r1-0528 paragraphs, qwen3 thinking paragraphs inserted
    "reasoning": ("misguided-attention/deepseek-r1-0528.jsonl", "reasoning",
                  "misguided-attention/qwen3-235b-a22b-think.jsonl", "reasoning"),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("seed", [1, 2])
def test_recovers_true_pairs_and_reports_moves(shared_data: Path, case: str, seed: int) -> None:
    a_file, a_field, o_file, o_field = CASES[case]
    a = plain_paragraphs(shared_data / a_file, a_field, 120)
    others = plain_paragraphs(shared_data / o_file, o_field, 40)
    b, truth, movers = construct(a, others, seed)
    al = align(Trace(reasoning="\n\n".join(a)), Trace(reasoning="\n\n".join(b)))
    assert [s.text for s in al.steps_a] == a and len(al.steps_b) == len(b)

    found = found_pairs(al)
    tp = len(found & truth)
    precision, recall = tp / len(found), tp / len(truth)
    assert precision >= 0.9, f"precision {precision:.3f}"
    assert recall >= 0.9, f"recall {recall:.3f}"

    moved = {(p.a[0], p.b[0]) for p in al.pairs if p.kind == "move"}
    expected_moves = {(i, j) for i, j in truth if i in movers}
    assert expected_moves <= moved
    # nothing else is called a move (a mover's whole run is out of order, others are not)
    assert len(moved - expected_moves) <= 1
    # inserted paragraphs of the other model stay unpaired (one may pair for real: two models'
    # reasoning on one puzzle can restate it in much the same words)
    inserted = {j for j in range(len(b)) if j not in {j for _, j in truth}}
    assert len({j for _, j in found} & inserted) <= 1


def test_merge_when_one_paragraph_of_a_is_split_in_two_in_b(slop_dir: Path) -> None:
    a = plain_paragraphs(slop_dir / "generated_x-ai__grok-3-mini-beta.jsonl", "output", 30)
    target = next(i for i, p in enumerate(a) if i > 10 and len(re.split(r"(?<=\.) ", p)) >= 4)
    sentences = re.split(r"(?<=\.) ", a[target])
    half = len(sentences) // 2
    b = [*a[:target], " ".join(sentences[:half]), " ".join(sentences[half:]), *a[target + 1:]]
    al = align(Trace(answer="\n\n".join(a)), Trace(answer="\n\n".join(b)))
    merges = [p for p in al.pairs if p.kind == "merge"]
    assert [(p.a, p.b) for p in merges] == [((target,), (target, target + 1))]
    assert alignment_to_json(al)["pairs"][target]["b"] == [target, target + 1]
    # every other paragraph is still matched one to one
    assert sum(1 for p in al.pairs if p.kind == "match") == len(a) - 1


def test_unrelated_texts_align_at_chance_level_and_related_do_not(slop_dir: Path) -> None:
    a = plain_paragraphs(slop_dir / "generated_x-ai__grok-3-mini-beta.jsonl", "output", 80)
    other = plain_paragraphs(slop_dir / "generated_google__gemma-3-4b-it.jsonl", "output", 80)
    unrelated = align(Trace(answer="\n\n".join(a)), Trace(answer="\n\n".join(other)))
    c = unrelated.control
    assert len(unrelated.pairs) <= 3
    assert c.random_pair_mean < 0.1 and c.random_pair_p99 < AlignSettings().min_score
    b, _truth, _movers = construct(a, other, seed=3)
    related = align(Trace(answer="\n\n".join(a)), Trace(answer="\n\n".join(b)))
    rc = related.control
    # the order is evidence: shuffling B's steps destroys most in-order pairs
    assert rc.aligned_pairs > 60 and rc.shuffled_pairs < rc.aligned_pairs / 3
    assert rc.aligned_mean > 0.7 > rc.random_pair_p99


def test_similarity_survives_light_edits_and_matches_dense_product(slop_dir: Path, monkeypatch) -> None:
    a = plain_paragraphs(slop_dir / "generated_x-ai__grok-3-mini-beta.jsonl", "output", 60)
    rng = random.Random(0)
    b = [light_edit(p, rng) for p in a]
    sa = split_steps(Trace(answer="\n\n".join(a)))
    sb = split_steps(Trace(answer="\n\n".join(b)))
    sim = step_similarity(sa, sb).matrix
    diag = np.diag(sim)
    off = sim[~np.eye(len(a), dtype=bool)]
    assert diag.min() > 0.6 and off.max() < diag.min()
    # the dense/sparse split is an implementation detail: all-dense and all-sparse agree
    monkeypatch.setattr(step_similarity_module, "_DENSE_SHARE", 0.0)
    all_dense = step_similarity(sa, sb).matrix
    monkeypatch.setattr(step_similarity_module, "_DENSE_SHARE", 10.0)
    all_sparse = step_similarity(sa, sb).matrix
    np.testing.assert_allclose(all_dense, sim, atol=1e-5)
    np.testing.assert_allclose(all_sparse, sim, atol=1e-5)


def test_shared_passage_raises_the_score_of_the_steps_it_joins(slop_dir: Path) -> None:
    a = plain_paragraphs(slop_dir / "generated_x-ai__grok-3-mini-beta.jsonl", "output", 10)
    b = plain_paragraphs(slop_dir / "generated_google__gemma-3-4b-it.jsonl", "output", 10)
    sa = split_steps(Trace(answer="\n\n".join(a)))
    sb = split_steps(Trace(answer="\n\n".join(b)))
    plain = step_similarity(sa, sb).matrix
    # a passage said to cover all of A's step 2 and all of B's step 7
    spans = [(sa[2].start, sa[2].end, sb[7].start, sb[7].end)]
    bonus = step_similarity(sa, sb, passages=spans).matrix
    assert bonus[2, 7] >= plain[2, 7] + 0.5 * (1 - plain[2, 7]) - 1e-6
    changed = np.argwhere(~np.isclose(bonus, plain))
    assert changed.tolist() == [[2, 7]]


def test_progress_is_reported_and_json_shape(misguided_dir: Path) -> None:
    from tracepair.core.align.alignment import iter_align

    recs = [json.loads(x) for x in (misguided_dir / "deepseek-r1-0528.jsonl").read_text().splitlines()[:2]]
    a = Trace(reasoning=recs[0]["reasoning"], answer=recs[0]["output"])
    b = Trace(reasoning=recs[1]["reasoning"], answer=recs[1]["output"])
    gen = iter_align(a, b, AlignSettings(granularity="turn"))
    fractions = []
    try:
        while True:
            fractions.append(next(gen)[0])
    except StopIteration as done:
        al = done.value
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    out = alignment_to_json(al)
    for side, steps in (("steps_a", al.steps_a), ("steps_b", al.steps_b)):
        text = (a if side == "steps_a" else b).text
        assert [(s["start"], s["end"]) for s in out[side]] == [(s.start, s.end) for s in steps]
        assert all(text[s.start : s.end] == s.text for s in steps)
    assert {p["kind"] for p in out["pairs"]} <= {"match", "merge", "move"}
    assert out["markers_a"]["count"] == len(out["markers_a"]["sequence"]) > 0


def test_overlapping_passages_cover_a_step_once(slop_dir: Path) -> None:
    # Passages overlap (an exact run inside a near-exact chain): the covered share is their union.
    a = plain_paragraphs(slop_dir / "generated_x-ai__grok-3-mini-beta.jsonl", "output", 10)
    sa = split_steps(Trace(answer="\n\n".join(a)))
    s = next(x for x in sa if x.end - x.start >= 200)
    n = s.end - s.start
    one = [(s.start, s.start + n // 5, s.start, s.start + n // 5)]  # the first fifth of the step, on both sides
    nested = [*one, (s.start, s.start + 2 * n // 5, s.start, s.start + 2 * n // 5)]  # and the first two fifths
    plain = step_similarity([s], [s]).matrix[0, 0]
    for spans, share in ((one, 0.2), (nested, 0.4)):
        got = step_similarity([s], [s], passages=spans).matrix[0, 0]
        cover = (n // 5 if share == 0.2 else 2 * n // 5) / n
        assert got == pytest.approx(plain + 0.5 * cover * (1 - plain), abs=1e-5), share  # summed, 0.6 would show


def test_align_cli_window_and_report_align_a_pair_with_the_same_passages(misguided_dir: Path, capsys) -> None:
    # One function (core.align.passage_spans) turns a pair's passages into the alignment's input; the CLI
    # finds the pair's passages alone, the window and the report take them from the set comparison.
    from tracepair.cli.main import main
    from tracepair.core.align.alignment import passage_spans
    from tracepair.core.load import load
    from tracepair.core.match import compare, pair_passages

    a_path, b_path = misguided_dir / "claude-3.7-sonnet.jsonl", misguided_dir / "claude-sonnet-4.jsonl"
    c = compare(load(a_path), load(b_path))
    for pair in c.pairs[:15]:
        ra, rb = c.a.records[pair.a_record], c.b.records[pair.b_record]
        assert passage_spans(pair_passages(ra, rb)) == passage_spans(pair.passages), pair.key
    # The pair where counting its prompt echo as shared phrasing changes the alignment (the CLI did).
    pair = next(p for p in c.pairs if p.key == "the_normal_barber#2")
    ra, rb = c.a.records[pair.a_record], c.b.records[pair.b_record]
    window = alignment_to_json(align(ra.trace, rb.trace, AlignSettings(), passage_spans(pair.passages)))
    with_echo = [(sa, ea, sb, eb) for x in pair.passages for sa, ea in x.a_spans[:3] for sb, eb in x.b_spans[:3]]
    assert alignment_to_json(align(ra.trace, rb.trace, AlignSettings(), with_echo))["pairs"] != window["pairs"]
    assert main(["align", str(a_path), str(b_path), "--prompt", pair.key, "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert cli["pairs"] == window["pairs"] and cli["steps_a"] == window["steps_a"]
