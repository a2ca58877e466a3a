"""What the lineup keeps of each input once counted: a set's records, part by part, as flat arrays;
and the inputs left out, with the reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tracepair.core.model import Record


@dataclass(frozen=True)
class Excluded:
    """An input left out of the lineup: what it is (file or member name) and why."""

    name: str
    why: str


@dataclass
class PartCounts:
    """One part (answer or reasoning) of every record of a set, as flat arrays.

    Entry ``i`` is feature ``keys[i]`` seen ``counts[i]`` times in record ``record[i]``.
    """

    record: np.ndarray  # int32, index into SetCounts.keys
    keys: np.ndarray  # int64 feature keys
    counts: np.ndarray  # int32
    words: np.ndarray  # int64 per record (0: the part is empty in that record)

    @property
    def present(self) -> np.ndarray:
        return self.words > 0


@dataclass
class SetCounts:
    """One would-be member: an output set (or one model of a profile file), counted."""

    name: str  # the records' model when uniform, else the file stem
    path: Path
    sha256: str
    size: int
    kind: str  # "set" or "profile"
    keys: list[str]  # record keys (prompt id, plus sample), one per counted record
    prompt_ids: list[str]
    parts: dict[str, PartCounts]  # "answer", "reasoning": filled when a lineup first needs the part
    #: "raw" or "summary" when the records say which kind of reasoning they hold, else None.
    reasoning_kind: str | None = None
    records_read: int = 0  # records in the file
    records_empty: int = 0  # records with no text at all, left out
    texts: int = 0  # profiles: texts the profile says it analysed
    notes: list[str] = field(default_factory=list)
    #: The counted records, kept so a part not counted yet can be counted when first asked for.
    records: list[Record] = field(default_factory=list, repr=False)
