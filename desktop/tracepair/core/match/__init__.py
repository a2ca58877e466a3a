"""Shared passages: exact and near-exact shared phrasing between two sources, its metrics and controls.

``exact`` finds maximal exact matches over token arrays, ``near_exact`` joins them across small
edits, ``batch`` runs both over many record pairs at once, and ``compare`` turns that into the
user-facing ``Comparison`` (pairs, passages, metrics, the chance control).
"""

from tracepair.core.match.comparison import (
    CompareError,
    CompareSettings,
    Comparison,
    Metrics,
    PairResult,
    Passage,
    compare,
    comparison_to_json,
    find_shared_passages,
    iter_compare,
    pair_control_label,
    pair_passages,
)
from tracepair.core.match.results import shown_passages

__all__ = [
    "CompareError", "CompareSettings", "Comparison", "Metrics", "PairResult", "Passage", "compare",
    "comparison_to_json", "find_shared_passages", "iter_compare", "pair_control_label", "pair_passages",
    "shown_passages",
]
