"""What a comparison produces: its settings, shared passages, metrics, and the per-pair results.

Spans are character offsets into ``Trace.text``; metrics are shares of tokens (white space and,
by default, punctuation are not tokens). ``comparison.py`` computes these; ``control.py`` the
control every number is read against.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tracepair.core.model import BadInput, Source
from tracepair.core.text.rarity import WEIGHT_FLOOR
from tracepair.core.text.tokens import TokenOptions


class CompareError(BadInput, ValueError):
    """Two sources that cannot be compared (e.g. output sets with no prompt id in common)."""


#: The shortest shared passage that can be asked for: one token is every shared word.
MIN_PASSAGE_TOKENS = 2


@dataclass(frozen=True)
class CompareSettings:
    """What counts as shared phrasing.

    ``min_tokens`` = 6: on the slop-forensics dev set, unrelated models share hundreds of
    4-5-token stock phrases; at 6 the sibling Llama pair scores 11x an unrelated pair and
    19x its chance baseline while keeping ~300 passages (table in docs/matching.md).
    """

    min_tokens: int = 6
    near_exact: bool = True
    #: Near-exact chains below this similarity are dropped.
    min_similarity: float = 0.8
    #: Largest edit (tokens skipped on either side) a near-exact chain steps over.
    max_gap: int = 3
    case_sensitive: bool = False
    keep_punctuation: bool = False
    fold_quotes: bool = True
    exclude_prompt_echo: bool = True
    #: Word-frequency list for rarity (CJK tokens always use the Chinese/Japanese/Korean lists).
    language: str = "en"
    chance_seed: int = 0

    @property
    def token_options(self) -> TokenOptions:
        return TokenOptions(self.case_sensitive, self.keep_punctuation, self.fold_quotes)


@dataclass
class Passage:
    """One shared passage. Spans are ``(start, end)`` character offsets into ``Trace.text``
    of the pair's A record (``a_spans``) and B record (``b_spans``), one per occurrence."""

    tokens: int  # length in tokens (on side A)
    text: str  # A's text of the first occurrence
    b_text: str  # B's text of the first occurrence (differs from ``text`` for near-exact passages)
    a_spans: list[tuple[int, int]]
    b_spans: list[tuple[int, int]]
    similarity: float  # 1.0 exact; below 1 near-exact
    rarity: float  # 0 everyday words .. 1 rare words (see core/text/rarity.py)
    pair: int  # index into ``Comparison.pairs``
    a_record: int  # index into the A source's records
    b_record: int
    prompt_id: str | None = None  # output sets: the prompt the pair answers
    prompt_echo: bool = False  # merely repeats the prompt (left out of the metrics by default)

    @property
    def exact(self) -> bool:
        return self.similarity >= 1.0

    @property
    def weight(self) -> float:
        """Sort key: long, rare, exact passages first."""
        return self.tokens * max(self.rarity, WEIGHT_FLOOR) * self.similarity


@dataclass
class Metrics:
    """Shares are of tokens (white space and, by default, punctuation are not tokens)."""

    containment_a: float  # share of A's tokens inside a shared passage
    containment_b: float
    jaccard: float  # distinct N-grams in both / in either
    longest_tokens: int
    weighted_score: float  # share of the rarity weight of both sides inside shared passages
    tokens_a: int = 0
    tokens_b: int = 0
    #: total rarity weight of both sides (the weighted score's denominator), so pairs can be pooled
    weight: float = 0.0


@dataclass
class PairResult:
    index: int
    a_record: int
    b_record: int
    key: str | None  # Record.key for pairs from output sets, None for trace vs trace
    prompt_id: str | None
    metrics: Metrics
    passages: list[Passage] = field(default_factory=list)
    #: the same measures for this pair's control: the same A record against B's record for another
    #: prompt (``chance_b_record``), or against B's record with its words shuffled
    chance: Metrics | None = None
    chance_b_record: int | None = None


@dataclass(frozen=True)
class LeftOut:
    """A record that is in no pair, and why: "no partner" (its key is not on the other side),
    "duplicate key" (an earlier record of its side has the same key), "no text" (it is empty),
    "partner has no text"."""

    side: str  # "A" | "B"
    record: int  # index into that side's records
    key: str
    why: str

    @property
    def other(self) -> str:
        return "B" if self.side == "A" else "A"

    def label(self) -> str:
        """Why, in a few words (the prompt list's note)."""
        return {"no partner": f"only in {self.side}", "duplicate key": f"repeated in {self.side}",
                "no text": f"no text in {self.side}", "partner has no text": "no text on the other side"
                }.get(self.why, self.why)

    def explain(self) -> str:
        """Why, as a sentence (the window's panes and summary, the report)."""
        return {"no partner": f"prompt {self.key} is only in {self.side}: no record for this prompt in {self.other}",
                "duplicate key": f"an earlier record of {self.side} has the same prompt key {self.key}; only the "
                                 "first is paired",
                "no text": f"the record of {self.side} for {self.key} is empty (an API error or refusal, as "
                           "published), so nothing is compared",
                "partner has no text": f"the record of {self.other} for {self.key} is empty"}.get(self.why, self.why)


def shown_passages(passages: Sequence[Passage], show_echo: bool = False) -> list[Passage]:
    """The passages a reader is shown, in their order: by default without those that merely repeat the
    prompt. The window, the report, ``tracepair compare`` and the alignment's spans all use this."""
    return [p for p in passages if show_echo or not p.prompt_echo]


@dataclass
class Comparison:
    a: Source
    b: Source
    settings: CompareSettings
    pairs: list[PairResult]
    passages: list[Passage]  # every pair's passages, most evidential first
    metrics: Metrics  # totals over all pairs
    #: every metric for the control pairs, so each number has its control
    chance_metrics: Metrics
    chance_method: str
    left_out: list[LeftOut] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def chance_score(self) -> float:
        """The control's weighted score: what chance gives the headline number."""
        return self.chance_metrics.weighted_score

    @property
    def unpaired_a(self) -> list[str]:
        return [x.key for x in self.left_out if x.side == "A"]

    @property
    def unpaired_b(self) -> list[str]:
        return [x.key for x in self.left_out if x.side == "B"]
