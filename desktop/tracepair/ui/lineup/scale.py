"""The heatmap's colour scale, the same as the HTML report's (``core.report.lineup_svg``): diverging
around the lineup's median pair, which is what chance gives in this lineup (most pairs are
unrelated) — red above it, blue below, white at it, full colour at the farthest pair."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

from tracepair.core.lineup import Lineup
from tracepair.core.report.lineup_svg import cell_colour, colour_scale, scale_ends


@dataclass(frozen=True)
class Scale:
    centre: float  # the median pair
    spread: float  # farthest pair from it
    p95: float  # what one pair in twenty exceeds

    @property
    def low(self) -> float:
        return scale_ends(self.centre, self.spread)[0]

    @property
    def high(self) -> float:
        return scale_ends(self.centre, self.spread)[1]

    def colour(self, value: float) -> QColor:
        return QColor(cell_colour(value, self.centre, self.spread))


def scale_of(lineup: Lineup) -> Scale:
    centre, spread = colour_scale(lineup)
    return Scale(centre, spread, lineup.control()["p95"])


def part_words(part: str) -> str:
    return {"answer": "answers", "reasoning": "reasoning", "both": "answers and reasoning"}.get(part, part)


def lineup_words(lineup: Lineup) -> str:
    """What the lineup compares, as its title says it: a profile file has no parts, only listed features."""
    return "listed features" if lineup.kind == "profiles" else part_words(lineup.part)


def interval_text(lineup: Lineup, i: int, j: int) -> str:
    """``similarity +0.61, 95% interval [+0.57, +0.65]`` (no interval without a bootstrap)."""
    text = f"similarity {lineup.similarity[i, j]:+.3f}"
    if lineup.low is not None and lineup.high is not None:
        text += f", 95% interval [{lineup.low[i, j]:+.3f}, {lineup.high[i, j]:+.3f}]"
    else:
        text += " (no bootstrap: no interval)"
    return text


def support_text(lineup: Lineup, i: int, j: int) -> str:
    """How often ``j`` came out as ``i``'s nearest over the replicates."""
    if lineup.support is None:
        return ""
    return f"{lineup.names[j]} is {lineup.names[i]}'s nearest in {lineup.support[i, j]:.0%} of " \
           f"{lineup.replicates} replicates"
