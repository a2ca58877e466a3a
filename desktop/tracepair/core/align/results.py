"""What an alignment produces (aligned steps, the control, marker profiles), and its settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tracepair.core.align.step_similarity import SimilaritySettings
from tracepair.core.align.steps import DEFAULT_MAX_CHARS, Step
from tracepair.core.text.markers import MarkerProfile


@dataclass(frozen=True)
class AlignSettings:
    granularity: str = "paragraph"  # "paragraph" | "turn" | "sentence" (see core.align.steps)
    max_step_chars: int = DEFAULT_MAX_CHARS
    min_score: float = 0.25  # a pair scoring below this is not worth aligning
    merges: bool = True
    merge_gain: float = 0.05  # two steps read as one must beat the better single one by this much
    move_score: float = 0.5  # an out-of-order pair must score at least this to be reported as a move
    move_margin: float = 0.1  # ... and beat the in-order pairs of its steps by this much
    similarity: SimilaritySettings = field(default_factory=SimilaritySettings)
    markers_file: Path | None = None  # a user's marker list, added to the shipped ones
    use_passages: bool = True  # find shared passages (core.match) and add them to the step scores


@dataclass(frozen=True)
class AlignedPair:
    """Aligned steps: one of each side, or for a merge one step and two consecutive ones."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float
    kind: str  # "match" | "merge" | "move"


@dataclass(frozen=True)
class Control:
    """What chance gives, from the same scores: A's steps paired with B's in random order."""

    random_pair_mean: float  # expected score of a pair under a random permutation (= mean of all pairs)
    random_pair_p99: float  # 99th percentile of the pairs the alignment left unpaired
    chance_pairs: float  # expected number of random-permutation pairs scoring >= min_score
    shuffled_pairs: int  # in-order pairs found when B's steps are put in a random order (seeded)
    aligned_pairs: int  # in-order pairs (matches and merges) found in the real order
    aligned_mean: float  # mean score of all aligned pairs, moves included


@dataclass
class Alignment:
    steps_a: list[Step]
    steps_b: list[Step]
    pairs: list[AlignedPair]
    markers_a: MarkerProfile
    markers_b: MarkerProfile
    control: Control
    settings: AlignSettings
    #: float32 (len(steps_a), len(steps_b)): every step pair's score (for a heat map); not in JSON.
    matrix: np.ndarray | None = None
