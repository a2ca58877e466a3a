"""Reasoning markers: the phrases that open a turn of a reasoning trace ("Wait,", "So", "首先").

The lists ship in ``resources/markers/*.txt`` (users may edit them or pass their own
file). This module loads them, finds turn starts (paragraph, line and sentence
starts), detects which marker opens a turn, and builds a side's marker profile:
the sequence of markers, their rate per 1,000 words and counts per move.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tracepair.core.model import Trace
from tracepair.core.text.list_files import read_list_file
from tracepair.core.text.words import CJK, count_words
from tracepair.resources import resource


@dataclass(frozen=True)
class Marker:
    phrase: str
    move: str  # what the turn does: start, plan, doubt, verify, conclude, ...


def read_marker_file(path: Path) -> list[Marker]:
    """One marker a line, ``phrase<TAB>move``; ``#`` starts a comment line; a missing move is "other".

    Raises ``LoadError`` naming the file if it cannot be read as a list.
    """
    markers: list[Marker] = []
    for line in read_list_file(path, "marker list").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        phrase, _, move = line.partition("\t")
        if phrase.strip():
            markers.append(Marker(phrase.strip(), move.strip() or "other"))
    return markers


def load_markers(extra: Path | None = None) -> list[Marker]:
    """All shipped markers (every language file), plus ``extra`` if given; longest phrase first."""
    markers: list[Marker] = []
    for path in sorted(resource("markers").glob("*.txt")):
        markers.extend(read_marker_file(path))
    if extra is not None:
        markers.extend(read_marker_file(extra))
    unique = {m.phrase: m for m in markers}
    return sorted(unique.values(), key=lambda m: -len(m.phrase))


# --- turn starts -------------------------------------------------------------------------------

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) and white space,
# or at CJK full-width terminal punctuation (no space needed); a line break always ends one.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]*]*[ \t]+|[。！？；]+[”’」』）]*\s*|\n+\s*")
# What may precede the first word of a turn without being part of it: list bullets,
# numbering, heading hashes, block quotes, emphasis.
_LEAD = re.compile(r"(?:[-*+•>]\s+|\d{1,3}[.)]\s+|#{1,6}\s+|\*{1,3}|_{1,3})*")


def turn_starts(text: str) -> list[int]:
    """Offsets where a reader sees a new turn begin: the start, and every line and sentence start.

    The offset points at the first word, past list bullets, heading hashes and emphasis.
    """
    starts: list[int] = []
    candidates = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    for pos in candidates:
        pos = _LEAD.match(text, pos).end()
        if pos < len(text) and not text[pos].isspace() and (not starts or starts[-1] != pos):
            starts.append(pos)
    return starts


def first_turn_start(text: str) -> int | None:
    """``turn_starts(text)[0]``, or None when ``text`` holds no turn (empty or only white space).

    Stops at the first start instead of finding every later sentence start: cheap to call
    once per step on long text.
    """
    for pos in itertools.chain([0], (m.end() for m in _SENTENCE_END.finditer(text))):
        pos = _LEAD.match(text, pos).end()
        if pos < len(text) and not text[pos].isspace():
            return pos
    return None


# --- marker detection --------------------------------------------------------------------------


def _pattern(phrase: str) -> str:
    body = re.escape(phrase)
    # English: the phrase must end at a word boundary ("So" is not the start of "Some"). CJK:
    # plain prefix, there are no spaces to mark a boundary.
    if re.search(r"[^\W_]$", phrase) and not re.search(f"[{CJK}]$", phrase):
        body += r"(?![^\W_])"
    return body


class MarkerSet:
    """A marker list compiled once into one regular expression (longest phrase wins)."""

    def __init__(self, markers: list[Marker]) -> None:
        ordered = sorted(markers, key=lambda m: -len(m.phrase))  # alternation takes the first that fits
        self.markers = ordered
        self._regex = re.compile("|".join(_pattern(m.phrase) for m in ordered), re.IGNORECASE) if ordered else None
        self._by_phrase = {m.phrase.casefold(): m for m in ordered}

    def match(self, text: str, pos: int = 0) -> Marker | None:
        if self._regex is None:
            return None
        m = self._regex.match(text, pos)
        return self._by_phrase.get(m.group(0).casefold()) if m else None


MarkersLike = list[Marker] | MarkerSet | None


@lru_cache(maxsize=1)
def _default_set() -> MarkerSet:
    return MarkerSet(load_markers())


def marker_set(markers: MarkersLike = None) -> MarkerSet:
    """``markers`` compiled (the shipped lists when None)."""
    if markers is None:
        return _default_set()
    return markers if isinstance(markers, MarkerSet) else MarkerSet(list(markers))


def detect_marker(text: str, pos: int = 0, markers: MarkersLike = None) -> Marker | None:
    """The marker that opens ``text`` at ``pos`` (case-insensitive), or None.

    Pass a ``MarkerSet`` when calling this many times: a plain list is compiled on each call.
    """
    return marker_set(markers).match(text, pos)


# --- profile -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MarkerEvent:
    offset: int  # into Trace.text
    phrase: str  # as written in the marker list
    move: str


@dataclass
class MarkerProfile:
    """Which markers open the turns of one side, in order, and how often."""

    part: str  # "reasoning" when the trace has reasoning, else "answer" (the whole text)
    words: int
    events: list[MarkerEvent] = field(default_factory=list)

    @property
    def rate_per_1000_words(self) -> float:
        return 1000.0 * len(self.events) / self.words if self.words else 0.0

    @property
    def counts_by_move(self) -> dict[str, int]:
        return dict(Counter(e.move for e in self.events).most_common())

    @property
    def counts_by_marker(self) -> dict[str, int]:
        return dict(Counter(e.phrase for e in self.events).most_common())


def marker_profile(trace: Trace, markers: MarkersLike = None) -> MarkerProfile:
    """Markers at the turn starts of the reasoning (of the answer when there is no reasoning)."""
    found_at = marker_set(markers).match
    if trace.reasoning:
        part, text, base = "reasoning", trace.reasoning, 0
    else:
        part, text, base = "answer", trace.answer, trace.answer_start
    events = []
    for pos in turn_starts(text):
        found = found_at(text, pos)
        if found is not None:
            events.append(MarkerEvent(base + pos, found.phrase, found.move))
    return MarkerProfile(part=part, words=count_words(text), events=events)


def profile_to_json(profile: MarkerProfile) -> dict:
    return {
        "part": profile.part,
        "words": profile.words,
        "count": len(profile.events),
        "rate_per_1000_words": round(profile.rate_per_1000_words, 3),
        "counts_by_move": profile.counts_by_move,
        "counts_by_marker": profile.counts_by_marker,
        "sequence": [{"offset": e.offset, "marker": e.phrase, "move": e.move} for e in profile.events],
    }
