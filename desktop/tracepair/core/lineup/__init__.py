"""Lineup: where each of many output sets stands among the others — who writes like whom, how sure
that is, and which features carry it.

``members`` reads and counts the inputs (``features`` turns a text into feature keys, ``profiles``
reads slop-forensics profile files), ``selection`` picks members and shared prompts, ``table``
gathers the counts, ``fingerprint`` turns them into per-member z profiles (per-prompt log-odds
against the pooled others), ``similarity`` correlates them, ``bootstrap`` resamples prompts for
intervals and support, ``tree`` builds the average-linkage tree with clade support, ``result`` holds
the finished ``Lineup`` and its JSON, ``run`` puts it together as a progress generator.
"""

from tracepair.core.lineup.counted import Excluded
from tracepair.core.lineup.members import PARTS, LineupCache
from tracepair.core.lineup.result import (
    MAX_BOOTSTRAP,
    MAX_SEED,
    FeatureRow,
    Lineup,
    LineupSettings,
    MemberInfo,
    Neighbour,
    PairFeature,
    lineup_to_json,
)
from tracepair.core.lineup.run import iter_lineup, iter_read_all, lineup
from tracepair.core.lineup.selection import LineupError
from tracepair.core.lineup.tree import Tree, average_linkage

__all__ = [
    "MAX_BOOTSTRAP", "MAX_SEED", "PARTS", "Excluded", "FeatureRow", "Lineup", "LineupCache", "LineupError",
    "LineupSettings", "MemberInfo", "Neighbour", "PairFeature", "Tree", "average_linkage", "iter_lineup",
    "iter_read_all", "lineup", "lineup_to_json",
]
