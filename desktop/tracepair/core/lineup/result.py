"""A finished lineup and what every view asks of it: the matrix and its intervals, each member's
nearest relatives with support, the tree, each member's over-used features, and for any pair the
features both over-use and those that set them apart. ``lineup_to_json`` is the ``--json`` contract.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tracepair.core.lineup.counted import Excluded
from tracepair.core.lineup.table import MAX_FEATURES
from tracepair.core.lineup.tree import Tree

PER = 10_000
#: Limits of ``--bootstrap`` and ``--seed``, shared by the CLI and the window's controls (a seed beyond
#: 2**31 - 1 would not fit the window's spin box, so neither accepts it).
MAX_BOOTSTRAP = 10_000
MAX_SEED = 2**31 - 1


@dataclass(frozen=True)
class LineupSettings:
    """What the lineup reads and how sure it gets (``--part``, ``--bootstrap``, ``--seed``, ``--top``)."""

    part: str = "answer"  # "answer", "reasoning" or "both"
    bootstrap: int = 200  # replicates over prompts; 0: none
    seed: int = 0
    top: int = 20  # features listed per member (and per pair in the report)
    max_features: int = MAX_FEATURES  # the most frequent features of the lineup (see table.py)


@dataclass(frozen=True)
class MemberInfo:
    name: str
    path: Path
    sha256: str
    size: int
    kind: str  # "set" or "profile"
    records: int  # records in the lineup (profiles: 0, they have none)
    words: int  # words of the part in those records (profiles: the word total the profile implies)
    reasoning_kind: str | None  # "raw" / "summary" where the source tells
    records_read: int = 0
    records_empty: int = 0  # records with no text at all (API failures), left out
    texts: int = 0  # profiles: texts the profile says it analysed


@dataclass(frozen=True)
class Neighbour:
    model: str
    similarity: float
    low: float | None
    high: float | None
    support: float | None  # share of bootstrap replicates in which it is the nearest


@dataclass(frozen=True)
class FeatureRow:
    feature: str
    z: float
    per_10k: float


@dataclass(frozen=True)
class PairFeature:
    feature: str
    z_a: float
    z_b: float
    per_10k_a: float
    per_10k_b: float


@dataclass
class Lineup:
    members: list[MemberInfo]
    settings: LineupSettings
    kind: str  # "sets" or "profiles"
    similarity: np.ndarray  # members × members
    low: np.ndarray | None  # bootstrap interval bounds; None without a bootstrap
    high: np.ndarray | None
    support: np.ndarray | None  # support[i, j]: share of replicates where j is i's nearest
    tree: Tree
    z: np.ndarray  # members × features
    per_10k: np.ndarray  # members × features
    features: list[str]  # feature labels, one per column
    excluded: list[Excluded]
    prompts: int  # prompts (strata) the lineup reads
    keys: int  # record keys (prompt, plus sample)
    units: int  # bootstrap units: prompts, or random groups of prompts when there are very many
    grouped: bool
    replicates: int  # bootstrap replicates actually run
    notes: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [m.name for m in self.members]

    @property
    def part(self) -> str:
        return self.settings.part

    def index(self, name: str) -> int:
        return self.names.index(name)

    def order(self) -> list[int]:
        """Members in the tree's order (rows and columns of the heatmap)."""
        return self.tree.order()

    def control(self) -> dict[str, float]:
        """What a pair in this lineup usually scores: most pairs are unrelated, so the median pair is
        the lineup's own chance level, and the 95th percentile what only 1 pair in 20 passes."""
        m = len(self.members)
        off = self.similarity[~np.eye(m, dtype=bool)]
        return {"median": float(np.median(off)), "p95": float(np.percentile(off, 95))}

    def nearest(self, name: str) -> list[Neighbour]:
        """Every other member, most similar first, with its interval and support."""
        i = self.index(name)
        others = [j for j in range(len(self.members)) if j != i]
        others.sort(key=lambda j: (-self.similarity[i, j], self.members[j].name))

        def val(a: np.ndarray | None, j: int) -> float | None:
            return None if a is None else float(a[i, j])

        return [Neighbour(self.members[j].name, float(self.similarity[i, j]), val(self.low, j), val(self.high, j),
                          val(self.support, j)) for j in others]

    def features_of(self, name: str, top: int | None = None) -> list[FeatureRow]:
        """The features ``name`` over-uses most against the rest of the lineup (z > 0, highest first)."""
        i = self.index(name)
        z = self.z[i]
        idx = [int(k) for k in np.argsort(-z, kind="stable")[: top or self.settings.top] if z[k] > 0]
        return [FeatureRow(self.features[k], float(z[k]), float(self.per_10k[i, k])) for k in idx]

    def _pair(self, i: int, j: int, idx: list[int]) -> list[PairFeature]:
        return [PairFeature(self.features[k], float(self.z[i, k]), float(self.z[j, k]), float(self.per_10k[i, k]),
                            float(self.per_10k[j, k])) for k in idx]

    def shared(self, a: str, b: str, top: int | None = None) -> list[PairFeature]:
        """Features both over-use against the lineup, ranked by the smaller of the two z."""
        i, j = self.index(a), self.index(b)
        both = np.minimum(self.z[i], self.z[j])
        idx = [int(k) for k in np.argsort(-both, kind="stable")[: top or self.settings.top] if both[k] > 0]
        return self._pair(i, j, idx)

    def apart(self, a: str, b: str, top: int | None = None) -> tuple[list[PairFeature], list[PairFeature]]:
        """What sets them apart: features ``a`` over-uses that ``b`` does not (by z_a − z_b), and the reverse."""
        i, j = self.index(a), self.index(b)
        n = top or self.settings.top
        diff = self.z[i] - self.z[j]
        a_side = [int(k) for k in np.argsort(-diff, kind="stable")[:n] if self.z[i, k] > 0 and diff[k] > 0]
        b_side = [int(k) for k in np.argsort(diff, kind="stable")[:n] if self.z[j, k] > 0 and diff[k] < 0]
        return self._pair(i, j, a_side), self._pair(i, j, b_side)

    def newick(self) -> str:
        return self.tree.newick(self.names)


# --- JSON -------------------------------------------------------------------------------------

def _r(x: float | None, nd: int = 4) -> float | None:
    return None if x is None or not np.isfinite(x) else round(float(x), nd)


def _matrix(a: np.ndarray | None, m: int) -> list[list[float | None]]:
    if a is None:
        return [[None] * m for _ in range(m)]
    return [[_r(x) for x in row] for row in a]


def lineup_to_json(lineup: Lineup) -> dict[str, Any]:
    """The ``tracepair lineup --json`` contract: ``models``, ``part``, ``similarity``, ``low``, ``high``,
    ``nearest``, ``newick``, ``features``, ``excluded``, ``settings`` (and ``control``, ``notes``)."""
    m = len(lineup.members)
    models = [{"name": x.name, "file": str(x.path), "records": x.records, "words": x.words, "kind": x.kind,
               "reasoning": x.reasoning_kind if lineup.part != "answer" else None, "sha256": x.sha256}
              for x in lineup.members]
    nearest = {name: [{"model": n.model, "similarity": _r(n.similarity), "low": _r(n.low), "high": _r(n.high),
                       "support": _r(n.support, 3)} for n in lineup.nearest(name)] for name in lineup.names}
    features = {name: [{"feature": f.feature, "z": _r(f.z, 2), "per_10k": _r(f.per_10k, 3)}
                       for f in lineup.features_of(name)] for name in lineup.names}
    settings = asdict(lineup.settings)
    settings.update(bootstrap=lineup.replicates, features=len(lineup.features), prompts=lineup.prompts,
                    keys=lineup.keys, bootstrap_units=lineup.units,
                    bootstrap_unit="random group of prompts" if lineup.grouped else "prompt",
                    method="per-prompt log-odds (informative Dirichlet prior) of each member against the "
                           "pooled others, prompts combined by precision; similarity = correlation of z profiles")
    control = lineup.control()
    return {
        "models": models,
        "part": lineup.part,
        "similarity": _matrix(lineup.similarity, m),
        "low": _matrix(lineup.low, m),
        "high": _matrix(lineup.high, m),
        "nearest": nearest,
        "newick": lineup.newick(),
        "features": features,
        "excluded": [{"name": e.name, "why": e.why} for e in lineup.excluded],
        "settings": settings,
        "control": {k: _r(v) for k, v in control.items()},
        "notes": lineup.notes,
    }
