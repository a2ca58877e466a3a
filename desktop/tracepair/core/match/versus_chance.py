"""A number next to its control, in one wording for the window, the report and the CLI.

"× chance" is ``value / control``; a control of (almost) nothing would make that ratio unbounded
and meaningless, so the control is floored at its *resolution*: the smallest non-zero value the
measure can take, one shortest passage (``min_tokens`` tokens a side at the lowest token weight).
A control below its floor makes the ratio a lower bound ("≥ 40×").

For output sets with enough pairs the ratio also gets a 95% interval and the verdict a test:
pairs are resampled with replacement (fixed seed) and the pooled score is compared with the pooled
control of the same resampled pairs. "Above chance" means the interval of the difference lies
above zero; with fewer pairs, or a single trace, the value is only compared with its control.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tracepair.core.match.results import Comparison, Metrics
from tracepair.core.text.rarity import WEIGHT_FLOOR

#: Fewer pairs than this get no interval: a resample of 3 pairs says little.
MIN_PAIRS = 5
RESAMPLES = 1000

ABOVE, NOT_ABOVE, UNCLEAR = "above chance", "not above chance", "not distinguishable from chance"
#: With too few pairs to resample, a value is only set against its control.
ABOVE_CONTROL, NOT_ABOVE_CONTROL = "above its control", "not above its control"


def score_floor(control: Metrics, min_tokens: int) -> float:
    """The smallest non-zero weighted score the control could have: one shortest passage."""
    return 2 * min_tokens * WEIGHT_FLOOR / control.weight if control.weight > 0 else 1.0


def measure_floor(measure: str, control: Metrics, min_tokens: int) -> float:
    """The control's resolution for each measure of ``Metrics``."""
    if measure == "weighted_score":
        return score_floor(control, min_tokens)
    if measure == "containment_a":
        return min_tokens / max(control.tokens_a, 1)
    if measure == "containment_b":
        return min_tokens / max(control.tokens_b, 1)
    if measure == "jaccard":
        return 1 / max(control.tokens_a + control.tokens_b, 1)
    return float(min_tokens)  # longest_tokens


def ratio_text(value: float, chance: float, floor: float, low: float | None = None,
               high: float | None = None) -> str:
    """"3.2×", "3.2× (1.9–5.1)", "≥ 40×" (the control is below its floor), or "—" (nothing shared)."""
    if value <= 0:
        return "—"
    ratio = value / max(chance, floor)
    if chance < floor:
        return f"≥ {_x(ratio)}×"
    if low is not None and high is not None:
        return f"{_x(ratio)}× ({_x(low)}–{_x(high)})"
    return f"{_x(ratio)}×"


def score_text(x: float) -> str:
    """A score in [0, 1] with enough digits to tell it from zero: "0.1048", "0.000312", "0"."""
    if x == 0:
        return "0"
    return f"{x:.4f}" if x >= 0.001 else f"{x:.3g}"


def _x(r: float) -> str:
    return f"{r:.1f}" if r < 100 else f"{r:,.0f}"


@dataclass(frozen=True)
class VersusChance:
    """The weighted score of a comparison against its control."""

    value: float
    chance: float
    floor: float  # the control's resolution (one shortest passage)
    ratio: float  # value / max(chance, floor)
    at_least: bool  # the control is below its floor: the ratio is a lower bound
    low: float | None  # 95% interval of the ratio over resampled pairs (None: too few pairs)
    high: float | None
    pairs_above: int  # pairs scoring above their own control
    pairs: int
    verdict: str  # one of the five verdicts above

    @property
    def ratio_text(self) -> str:
        return ratio_text(self.value, self.chance, self.floor, self.low, self.high)

    def text(self) -> str:
        """One sentence: the verdict, what backs it, and the ratio (a lower bound when the control is
        below its floor)."""
        if self.value <= 0:
            return "No shared passages: nothing to set against chance."
        above = f"{self.pairs_above} of {self.pairs} pairs score above their own control" if self.pairs > 1 else ""
        if self.at_least:
            bound = (f"the control shares less than one shortest passage, so the ratio is only a lower bound: "
                     f"{self.ratio_text} chance")
            return f"Weighted score is {self.verdict}: " + (f"{above}; {bound}." if above else f"{bound}.")
        interval = " (95% interval over resampled pairs)" if self.low is not None else ""
        tail = f"; {above}." if above else "."
        return f"Weighted score is {self.verdict}: {self.ratio_text} chance{interval}{tail}"

    def to_json(self) -> dict:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {"verdict": self.verdict, "ratio": r(self.ratio), "at_least": self.at_least, "low": r(self.low),
                "high": r(self.high), "floor": round(self.floor, 8), "pairs_above": self.pairs_above,
                "pairs": self.pairs, "text": self.text()}


def versus_chance(c: Comparison, seed: int = 0) -> VersusChance:
    """The comparison's weighted score against its control (see the module docstring)."""
    control = c.chance_metrics
    floor = score_floor(control, c.settings.min_tokens)
    value, chance = c.metrics.weighted_score, c.chance_score
    ratio = value / max(chance, floor)
    per = [(p.metrics, p.chance) for p in c.pairs if p.chance is not None]
    above = sum(1 for m, k in per if m.weighted_score > k.weighted_score)
    low = high = None
    # Resampling needs pairs that are independent units: output set against output set.
    if len(per) >= MIN_PAIRS and c.a.kind == "set" and c.b.kind == "set":
        v = np.array([m.weighted_score * m.weight for m, _ in per])
        w = np.array([m.weight for m, _ in per])
        cv = np.array([k.weighted_score * k.weight for _, k in per])
        cw = np.array([k.weight for _, k in per])
        idx = np.random.default_rng(seed).integers(0, len(per), size=(RESAMPLES, len(per)))
        real = v[idx].sum(1) / np.maximum(w[idx].sum(1), 1e-12)
        ctrl = cv[idx].sum(1) / np.maximum(cw[idx].sum(1), 1e-12)
        floors = 2 * c.settings.min_tokens * WEIGHT_FLOOR / np.maximum(cw[idx].sum(1), 1e-12)
        d_lo, d_hi = np.percentile(real - ctrl, [2.5, 97.5])
        verdict = ABOVE if d_lo > 0 else NOT_ABOVE if d_hi <= 0 else UNCLEAR
        if chance >= floor:
            low, high = (float(x) for x in np.percentile(real / np.maximum(ctrl, floors), [2.5, 97.5]))
    else:
        verdict = ABOVE_CONTROL if value > max(chance, floor) else NOT_ABOVE_CONTROL
    return VersusChance(value, chance, floor, ratio, chance < floor, low, high, above, len(per), verdict)
