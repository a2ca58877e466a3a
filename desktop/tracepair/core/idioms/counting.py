"""Counting one side: words, bigrams, trigrams, curated idioms and reasoning markers, per record.

Tokens are the words of ``core/text/words.py`` (same pattern, so a side's word total equals
``count_words``), lower-cased, with typographic apostrophes folded to ``'``. N-grams and
idioms never cross punctuation: the text is first cut into clauses at any character that
is not a letter, digit, space, apostrophe or hyphen, so "in. Conclusion" is not "in conclusion"
while "double-check" matches the idiom "double-check".

Counts are kept per record (so output sets can be bootstrapped over records) and summed per side.
Records with no text (an API failure or a refusal in a real dump) are left out: they have no words
to rate, and counted in, they would pull the bootstrap's rates toward zero. ``SideCounts.empty_records``
says how many, and ``SideCounts.note`` says so in words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from tracepair.core.model import LoadError, Source, Trace, finish
from tracepair.core.text.list_files import read_list_file
from tracepair.core.text.markers import Marker, load_markers
from tracepair.core.text.words import CJK, WORD
from tracepair.resources import resource

#: What can be counted; every kind is rated per 10,000 words of the side.
KINDS: tuple[str, ...] = ("idioms", "words", "bigrams", "trigrams", "markers")
#: The n of each n-gram kind.
NGRAM_N = {"words": 1, "bigrams": 2, "trigrams": 3}
PER = 10_000

# Anything that is not a word character, white space, apostrophe or hyphen ends a clause.
_CLAUSE_BREAK = re.compile(r"[^\w\s'’\-]+|\n")
# A marker opens a sentence or paragraph: at the start, after a newline, after . ! ? and a
# space, or straight after a CJK full stop (optionally behind Markdown emphasis or a bullet).
_SENTENCE_START = r"(?:^|(?<=\n)|(?<=[.!?]\s)|(?<=[。！？]))[ \t]*(?:[*_>#-]+\s*)?"
_CJK_END = re.compile(f"[{CJK}]$")


def _fold(text: str) -> str:
    # Both apostrophes join a word and neither breaks a clause, so folding first changes no boundary.
    return text.lower().replace("’", "'")


def tokens(text: str) -> list[str]:
    """The lower-cased words of ``text`` (``core/text/words.py`` tokenisation)."""
    return WORD.findall(_fold(text))


def clauses(text: str) -> list[list[str]]:
    """``text`` cut at punctuation, each piece as its list of tokens (empty pieces dropped)."""
    find = WORD.findall
    return [toks for piece in _CLAUSE_BREAK.split(_fold(text)) if (toks := find(piece))]


@dataclass(frozen=True)
class Idiom:
    """A curated phrase. ``words`` are its tokens; ``prefix`` means the last one matches as a prefix."""

    phrase: str
    words: tuple[str, ...]
    prefix: bool = False


def parse_idiom(line: str) -> Idiom | None:
    phrase = line.strip()
    if not phrase or phrase.startswith("#"):
        return None
    prefix = phrase.endswith("*")
    words = tuple(tokens(phrase.rstrip("*")))
    if not words:
        return None
    return Idiom(phrase.lower(), words, prefix)


def read_idiom_file(path: Path | str) -> list[Idiom]:
    """One idiom a line, ``#`` comment lines; raises ``LoadError`` if unreadable or empty."""
    path = Path(path)
    text = read_list_file(path, "idiom list")
    unique = {i.phrase: i for i in (parse_idiom(ln) for ln in text.splitlines()) if i}
    if not unique:
        raise LoadError(path, "idiom list has no phrases (one a line, # for comments)")
    return list(unique.values())


def load_idioms(path: Path | str | None = None) -> list[Idiom]:
    """The user's list at ``path`` if given (instead of the shipped one), else ``resources/idioms/*.txt``."""
    if path is not None:
        return read_idiom_file(path)
    unique: dict[str, Idiom] = {}
    for p in sorted(resource("idioms").glob("*.txt")):
        unique.update((i.phrase, i) for i in read_idiom_file(p))
    return list(unique.values())


class IdiomMatcher:
    """Counts curated idioms in a record's clauses from the n-gram counts made anyway.

    An idiom of up to three words is its word, bigram or trigram count; a one-word prefix idiom
    ("whisper*") sums the words it starts; a longer idiom (or a multi-word prefix one) is looked for
    only in records whose counts hold its first trigram (or first word), by a scan of the clauses.
    Every occurrence counts, overlapping ones too, and none crosses punctuation.
    """

    def __init__(self, idioms: Sequence[Idiom]) -> None:
        self.idioms = list(idioms)
        self._ngram: list[tuple[Idiom, str]] = []  # exact idioms of 1-3 words: (idiom, n-gram kind)
        self._prefix_words: list[Idiom] = []  # one-word prefix idioms: matched on the word counts
        self._scanned: list[Idiom] = []
        for i in self.idioms:
            if not i.prefix and len(i.words) <= 3:
                self._ngram.append((i, ("words", "bigrams", "trigrams")[len(i.words) - 1]))
            elif i.prefix and len(i.words) == 1:
                self._prefix_words.append(i)
            else:
                self._scanned.append(i)
        self._prefix_by_initial: dict[str, list[Idiom]] = {}
        for i in self._prefix_words:
            self._prefix_by_initial.setdefault(i.words[0][:1], []).append(i)

    def count(self, clause_tokens: Sequence[list[str]], kinds: dict[str, Counter[str]]) -> Counter[str]:
        """Idiom counts of one record; ``kinds`` holds its words, bigrams and trigrams."""
        found: Counter[str] = Counter()
        for idiom, kind in self._ngram:
            n = kinds[kind].get(" ".join(idiom.words), 0)
            if n:
                found[idiom.phrase] += n
        words = kinds["words"]
        if self._prefix_words:
            for w, c in words.items():
                for idiom in self._prefix_by_initial.get(w[:1], ()):
                    if w.startswith(idiom.words[0]):
                        found[idiom.phrase] += c
        for idiom in self._scanned:
            gate = kinds["trigrams"] if len(idiom.words) > 3 else words
            if gate.get(" ".join(idiom.words[:3]) if len(idiom.words) > 3 else idiom.words[0]):
                n = _scan(clause_tokens, idiom)
                if n:
                    found[idiom.phrase] += n
        return found


def _scan(clause_tokens: Sequence[list[str]], idiom: Idiom) -> int:
    """Occurrences of ``idiom`` in the clauses, token by token (every start position)."""
    k, first, rest = len(idiom.words), idiom.words[0], list(idiom.words[1:])
    n = 0
    for toks in clause_tokens:
        if first not in toks:
            continue
        for pos in range(len(toks) - k + 1):
            if toks[pos] != first:
                continue
            if idiom.prefix:
                ok = toks[pos + 1 : pos + k - 1] == rest[:-1] and toks[pos + k - 1].startswith(idiom.words[-1])
            else:
                ok = toks[pos + 1 : pos + k] == rest
            n += ok
    return n


def marker_pattern(markers: Sequence[Marker]) -> re.Pattern[str] | None:
    """One regex for all markers at a sentence start, longest first so the longest one wins."""
    alts = []
    for m in sorted(markers, key=lambda m: -len(m.phrase)):
        body = re.escape(m.phrase)
        if not _CJK_END.search(m.phrase) and re.search(r"\w$", m.phrase):
            body += r"(?![\w'’])"  # "So" must not match "Sophie"
        alts.append(body)
    if not alts:
        return None
    return re.compile(_SENTENCE_START + "(" + "|".join(alts) + ")", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class MarkerHit:
    """A marker found in a trace: ``start`` is a character offset into ``Trace.text``."""

    phrase: str
    move: str
    start: int
    position: float  # start / len(text): where in the trace it falls, 0..1


def find_markers(text: str, pattern: re.Pattern[str] | None, moves: dict[str, Marker]) -> list[MarkerHit]:
    if pattern is None or not text:
        return []
    hits = []
    for m in pattern.finditer(text):
        marker = moves[m.group(1).lower()]
        start = m.start(1)
        hits.append(MarkerHit(marker.phrase, marker.move, start, start / len(text)))
    return hits


@dataclass
class RecordCounts:
    """Counts of one record; ``kinds[kind]`` maps a phrase to its count."""

    words: int
    kinds: dict[str, Counter[str]]
    markers: list[MarkerHit]
    #: Offset of the answer in ``Trace.text`` over its length (1.0 when there is no answer).
    answer_position: float


@dataclass
class SideCounts:
    """Everything counted on one side: per record, and summed."""

    name: str
    kind: str  # "trace" or "set", as the Source
    records: list[RecordCounts]  # the records with text, in file order
    totals: dict[str, Counter[str]] = field(default_factory=dict)
    #: Records of the source left out because they have no text.
    empty_records: int = 0

    @property
    def note(self) -> str | None:
        """What was left out, in words (None when nothing was)."""
        if not self.empty_records:
            return None
        total = len(self.records) + self.empty_records
        return f"{self.name}: {self.empty_records:,} of {total:,} records have no text and are left out of the counts"

    @property
    def words(self) -> int:
        return sum(r.words for r in self.records)


def count_trace(trace: Trace, matcher: IdiomMatcher, pattern: re.Pattern[str] | None,
                moves: dict[str, Marker]) -> RecordCounts:
    text = trace.text
    cl = clauses(text)
    words: list[str] = []
    bigrams: list[str] = []
    trigrams: list[str] = []
    for toks in cl:  # n-grams never cross a clause: collect per clause, count once
        words += toks
        bigrams += [f"{x} {y}" for x, y in pairwise(toks)]
        trigrams += [f"{x} {y} {z}" for x, y, z in zip(toks, toks[1:], toks[2:], strict=False)]
    kinds: dict[str, Counter[str]] = {"words": Counter(words), "bigrams": Counter(bigrams),
                                      "trigrams": Counter(trigrams)}
    kinds["idioms"] = matcher.count(cl, kinds)
    hits = find_markers(text, pattern, moves)
    kinds["markers"] = Counter(h.phrase for h in hits)
    answer_pos = trace.answer_start / len(text) if text else 1.0
    return RecordCounts(sum(len(t) for t in cl), kinds, hits, answer_pos)


def side_label(source: Source) -> str:
    """How charts and tables name a side: its model(s) if the file says, else the file name."""
    models = source.models
    if len(models) == 1:
        return models[0]
    return source.name


def iter_count_side(
    source: Source, idioms: Sequence[Idiom] | None = None, markers: Sequence[Marker] | None = None,
    name: str | None = None,
) -> Generator[tuple[float, str], None, SideCounts]:
    """Count ``source`` record by record, yielding progress; returns its ``SideCounts``."""
    matcher = IdiomMatcher(load_idioms() if idioms is None else idioms)
    markers = load_markers() if markers is None else list(markers)
    pattern = marker_pattern(markers)
    moves = {m.phrase.lower(): m for m in markers}
    label = name or side_label(source)
    records = []
    empty = 0
    n = len(source.records)
    for i, rec in enumerate(source.records):
        if rec.trace.empty:
            empty += 1
        else:
            records.append(count_trace(rec.trace, matcher, pattern, moves))
        if i % 10 == 0 or i == n - 1:
            yield (i + 1) / n, f"counting {label}: record {i + 1} of {n}"
    side = SideCounts(label, source.kind, records, empty_records=empty)
    for kind in KINDS:
        total: Counter[str] = Counter()
        for r in records:
            total.update(r.kinds[kind])
        side.totals[kind] = total
    return side


def count_side(source: Source, idioms: Sequence[Idiom] | None = None,
               markers: Sequence[Marker] | None = None, name: str | None = None) -> SideCounts:
    return finish(iter_count_side(source, idioms, markers, name))
