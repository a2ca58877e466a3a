"""Structural alignment: which step of trace A matches which step of trace B.

1. Both traces are split into steps (``core.align.steps``) and every step pair is scored
   (``core.align.step_similarity``), optionally with shared passages as a bonus.
2. A monotone alignment with gaps (Needleman–Wunsch) picks the in-order pairs:
   pairing steps i and j gains ``score - min_score``, leaving a step unpaired gains
   0 (with global alignment a linear gap penalty is the same thing as this
   threshold). Besides one-to-one matches it allows merges: one step of A read
   against two consecutive steps of B (or the reverse), accepted only when the two
   together are clearly closer to it than either alone. Each row of the table is
   computed at once with numpy: the only in-row dependency (a B step left
   unpaired) is a running maximum.
3. Moves: strongly similar pairs left out of the path because they sit out of order
   are reported as kind "move" rather than lost as gaps.
4. A control says what chance gives: the mean score of a random pairing of A's
   steps with B's, the 99th percentile of the pairs left unpaired, how many pairs of
   a random pairing would pass ``min_score``, and how many in-order pairs the same
   alignment finds once B's steps are shuffled (order evidence).
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import asdict

from tracepair.core.align.control import iter_chance_control
from tracepair.core.align.monotone import find_moves, iter_monotone
from tracepair.core.align.results import AlignedPair, Alignment, AlignSettings, Control
from tracepair.core.align.step_similarity import PassageSpan, iter_step_similarity
from tracepair.core.align.steps import Step, split_steps
from tracepair.core.match import Passage, pair_passages, shown_passages
from tracepair.core.model import Progress, Record, Trace, finish, stage
from tracepair.core.text.markers import MarkerSet, load_markers, marker_profile, profile_to_json

__all__ = ["AlignSettings", "AlignedPair", "Alignment", "Control", "align", "alignment_to_json", "iter_align",
           "passage_spans"]


#: A passage repeated many times on a side (a refrain) says little about which steps correspond,
#: so the alignment takes at most this many of its places per side.
MAX_PLACES = 3


def passage_spans(passages: Sequence[Passage], max_places: int = MAX_PLACES) -> list[PassageSpan]:
    """The shared-phrasing input of a pair's alignment, as (a_start, a_end, b_start, b_end): the pair's
    passages minus prompt echoes, each of the first ``max_places`` places on A with each on B.

    The one place this is decided: the window, the report and ``tracepair align`` all align a pair
    with the spans this returns for its passages."""
    return [(sa, ea, sb, eb) for p in shown_passages(passages)
            for sa, ea in p.a_spans[:max_places] for sb, eb in p.b_spans[:max_places]]


def iter_align(
    a: Trace,
    b: Trace,
    settings: AlignSettings | None = None,
    passages: Sequence[PassageSpan] | None = None,
) -> Generator[Progress, None, Alignment]:
    """Align ``a`` with ``b``, yielding ``(fraction, message)`` progress; returns the ``Alignment``.

    ``passages``: shared passages as (a_start, a_end, b_start, b_end) spans into
    ``a.text`` and ``b.text`` (``passage_spans``); they raise the score of the step pairs they join.
    When None and ``settings.use_passages``, the matching engine finds them for the two traces.
    """
    settings = settings or AlignSettings()
    markers = MarkerSet(load_markers(settings.markers_file))
    yield 0.0, "splitting into steps"
    steps_a = split_steps(a, settings.granularity, settings.max_step_chars, markers)
    steps_b = split_steps(b, settings.granularity, settings.max_step_chars, markers)
    if passages is None and settings.use_passages:
        yield 0.05, "finding shared passages"
        passages = passage_spans(pair_passages(Record(a), Record(b)))
    message = f"scoring {len(steps_a):,} x {len(steps_b):,} step pairs"
    yield 0.1, message
    sim = yield from stage(iter_step_similarity(steps_a, steps_b, settings.similarity, passages), 0.1, 0.4, message)
    yield 0.5, "aligning"
    pairs = yield from stage(iter_monotone(sim, settings), 0.5, 0.3, "aligning")
    yield 0.8, "looking for moves"
    pairs = find_moves(sim.matrix, pairs, settings)
    yield 0.85, "control: random pairings"
    control = yield from stage(iter_chance_control(sim, pairs, settings), 0.85, 0.1, "control: random pairings")
    yield 0.95, "marker profiles"
    al = Alignment(
        steps_a=steps_a,
        steps_b=steps_b,
        pairs=pairs,
        markers_a=marker_profile(a, markers),
        markers_b=marker_profile(b, markers),
        control=control,
        settings=settings,
        matrix=sim.matrix,
    )
    yield 1.0, "done"
    return al


def align(
    a: Trace, b: Trace, settings: AlignSettings | None = None, passages: Sequence[PassageSpan] | None = None
) -> Alignment:
    """Plain-function form of ``iter_align``."""
    return finish(iter_align(a, b, settings, passages))


def _step_json(s: Step) -> dict:
    return {"index": s.index, "start": s.start, "end": s.end, "part": s.part, "marker": s.marker, "move": s.move}


def _index(ix: tuple[int, ...]) -> int | list[int]:
    return ix[0] if len(ix) == 1 else list(ix)


def alignment_to_json(al: Alignment) -> dict:
    """The ``align --json`` contract. In a pair, ``a`` and ``b`` are step indices; on the side a
    merge reads as one, the index is a list of two consecutive steps."""
    settings = asdict(al.settings)
    settings["markers_file"] = str(al.settings.markers_file) if al.settings.markers_file else None
    return {
        "steps_a": [_step_json(s) for s in al.steps_a],
        "steps_b": [_step_json(s) for s in al.steps_b],
        "pairs": [
            {"a": _index(p.a), "b": _index(p.b), "score": round(p.score, 4), "kind": p.kind} for p in al.pairs
        ],
        "markers_a": profile_to_json(al.markers_a),
        "markers_b": profile_to_json(al.markers_b),
        "control": {k: round(v, 4) for k, v in asdict(al.control).items()},
        "settings": settings,
    }
