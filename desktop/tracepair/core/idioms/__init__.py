"""Idioms: what each side over-uses against ordinary language and against the other side.

``counting`` counts words, n-grams, curated idioms and reasoning markers per record; ``stats``
turns the counts into baseline ratios, log-odds z-scores and bootstrap intervals.
"""

from tracepair.core.idioms.counting import KINDS, Idiom, SideCounts, count_side, load_idioms
from tracepair.core.idioms.stats import IdiomReport, IdiomSettings, IdiomView, idioms, idioms_to_json, iter_idioms

__all__ = [
    "KINDS", "Idiom", "IdiomReport", "IdiomSettings", "IdiomView", "SideCounts", "count_side", "idioms",
    "idioms_to_json", "iter_idioms", "load_idioms",
]
