"""Structural alignment: traces split into steps, every step pair scored, the in-order alignment with
merges and moves, and its control."""

from tracepair.core.align.alignment import (
    AlignedPair,
    Alignment,
    AlignSettings,
    align,
    alignment_to_json,
    iter_align,
    passage_spans,
)
from tracepair.core.align.step_similarity import SimilaritySettings
from tracepair.core.align.steps import GRANULARITIES, Step, split_steps

__all__ = [
    "GRANULARITIES", "AlignSettings", "AlignedPair", "Alignment", "SimilaritySettings", "Step", "align",
    "alignment_to_json", "iter_align", "passage_spans", "split_steps",
]
