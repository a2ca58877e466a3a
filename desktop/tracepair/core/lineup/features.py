"""What a lineup counts in one text: words, bigrams, trigrams, formatting and punctuation habits,
and reasoning markers, each as an integer feature key so thousands of records count in numpy.

Words are those of ``core/text/words.py`` (lower-cased, typographic apostrophe folded). N-grams never
cross punctuation or a line break (as the idiom counts). Punctuation is counted mark by mark, with a
few marks that mean formatting kept whole (``**`` bold, ``$$`` and ``\\(`` LaTeX, ``--``, ``...``);
line starts add Markdown structure (heading, bullet, numbered item, table row, block quote, code
fence, rule); emoji are counted together as well as one by one. Reasoning markers are the shipped
list (``resources/markers``) found at sentence starts, as the idiom counts find them.

The prompt's own words do not count: a word of the record's prompt is left out of the word counts,
and an n-gram made only of prompt words is left out of the n-gram counts (every member echoes the
question; how it phrases around it stays).

A feature key is ``kind << 60 | payload``: for words the word's id in a shared ``Vocabulary``,
for n-grams the ids packed 20 bits each, for habits the id of the habit's label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from tracepair.core.text.markers import load_markers
from tracepair.core.text.words import WORD as WORD_RE

WORD, BIGRAM, TRIGRAM, HABIT = 0, 1, 2, 3
_SHIFT = 60
_BITS = 20
#: Distinct words a vocabulary holds; later new words all count as one "rare word" (n-grams stay exact enough).
MAX_WORDS = (1 << _BITS) - 1

_WORD = WORD_RE.pattern  # words as everywhere else in Tracepair
_MARK = r"\*\*+|\.\.\.+|-{2,}|\$\$|\\[()\[\]]|[^\w\s'’\-]|\n"
_TOKEN = re.compile(f"{_WORD}|{_MARK}")
_LINE = re.compile(
    r"^[ \t]*(?:(?P<heading>#{1,6}[ \t])|(?P<rule>(?:-{3,}|\*{3,}|_{3,})[ \t]*$)|(?P<bullet>[-*+•][ \t])"
    r"|(?P<numbered>\d{1,3}[.)][ \t])|(?P<quote>>)|(?P<table>\|)|(?P<fence>```|~~~))",
    re.MULTILINE,
)
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff]")
# Habit labels live in the vocabulary behind a prefix no word or mark can start with.
_FORMAT, _MARKER, _RARE = "\x01", "\x02", "\x03rare"
_SENTENCE_END = frozenset((".", "!", "?", "\n", "。", "！", "？"))
_LEAD_MARKS = frozenset(("*", "**", "***", "#", ">", "•"))
_MARK_NAMES = {
    "**": "bold **", "\n": "line break", "—": "em dash —", "–": "en dash –", "--": "double hyphen --",
    "...": "ellipsis ...", "…": "ellipsis …", "$$": "LaTeX $$", "\\(": "LaTeX \\(", "\\[": "LaTeX \\[",
    "\\)": "LaTeX \\)", "\\]": "LaTeX \\]", "`": "code `", "“": "curly quote “", "”": "curly quote ”",
}


class Vocabulary:
    """Words, marks and habit labels ↔ small integer ids, shared by every member of a lineup."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self.strings: list[str] = []
        # Per-id flags in arrays that grow by doubling, so a record's tokens are classified in numpy.
        self._is_word = np.zeros(1024, dtype=bool)
        self._is_emoji = np.zeros(1024, dtype=bool)
        self._is_end = np.zeros(1024, dtype=bool)  # ends a sentence (a marker may follow)
        self._is_lead = np.zeros(1024, dtype=bool)  # Markdown a sentence may start with

    def __len__(self) -> int:
        return len(self.strings)

    def _add(self, s: str) -> int:
        if len(self.strings) < MAX_WORDS - 1:
            return self._append(s, s[:1].isalnum())
        rare = self._ids.get(_RARE)  # full: every new string from here on is the one "rare word"
        if rare is None:
            rare = self._append(_RARE, True)
        self._ids[s] = rare
        return rare

    def _append(self, s: str, is_word: bool) -> int:
        i = self._ids[s] = len(self.strings)
        self.strings.append(s)
        if i >= len(self._is_word):
            grow = len(self._is_word)
            for name in ("_is_word", "_is_emoji", "_is_end", "_is_lead"):
                setattr(self, name, np.concatenate([getattr(self, name), np.zeros(grow, dtype=bool)]))
        self._is_word[i] = is_word
        self._is_emoji[i] = bool(_EMOJI.match(s))
        self._is_end[i] = s in _SENTENCE_END
        self._is_lead[i] = s in _LEAD_MARKS
        return i

    def id(self, s: str) -> int:
        i = self._ids.get(s)
        return self._add(s) if i is None else i

    def ids(self, strings: list[str]) -> np.ndarray:
        got = list(map(self._ids.get, strings))
        if None in got:  # add the new strings first, in order of appearance
            for s in dict.fromkeys(strings):
                if s not in self._ids:
                    self._add(s)
            got = list(map(self._ids.__getitem__, strings))
        return np.array(got, dtype=np.int64)

    def flags(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(is_word, is_emoji, is_sentence_end, is_lead_mark)`` indexed by id."""
        return self._is_word, self._is_emoji, self._is_end, self._is_lead

    def text_of(self, i: int) -> str:
        s = self.strings[i]
        return "rare word" if s == _RARE else s


def key(kind: int, *ids: int) -> int:
    payload = 0
    for i in ids:
        payload = (payload << _BITS) | i
    return (kind << _SHIFT) | payload


def kind_of(keys: np.ndarray) -> np.ndarray:
    return np.asarray(keys) >> _SHIFT


def label(vocab: Vocabulary, k: int) -> str:
    """How a feature reads in tables: the word or n-gram, or ``format: …``, ``punctuation …``, ``marker: …``."""
    kind, payload = int(k) >> _SHIFT, int(k) & ((1 << _SHIFT) - 1)
    if kind == HABIT:
        s = vocab.text_of(payload)
        if s.startswith(_FORMAT):
            return f"format: {s[1:]}"
        if s.startswith(_MARKER):
            return f"marker: {s[1:]}"
        return f"punctuation: {_MARK_NAMES.get(s, s)}"
    n = {WORD: 1, BIGRAM: 2, TRIGRAM: 3}[kind]
    mask = (1 << _BITS) - 1
    ids = [(payload >> (_BITS * (n - 1 - j))) & mask for j in range(n)]
    return " ".join(vocab.text_of(i) for i in ids)


@dataclass
class TextCounts:
    """Texts counted: entry ``i`` is feature ``keys[i]`` seen ``counts[i]`` times in text ``text[i]``;
    entries are sorted by text, then key. ``words[t]`` is the number of words of text ``t``."""

    text: np.ndarray  # int32
    keys: np.ndarray  # int64
    counts: np.ndarray  # int32
    words: np.ndarray  # int64


class Counter:
    """Counts texts into feature keys against one vocabulary, many texts per numpy pass.

    Reasoning markers are matched on the tokens: a marker's own tokens at a sentence start (the
    text's start, or after ``.``, ``!``, ``?``, a line break or a CJK full stop, past Markdown
    emphasis, heading hashes and quote marks), the longest marker first: what the idiom counts'
    marker pattern finds, at a fraction of a regex's cost on long reasoning.
    """

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self._format_ids = {name: vocab.id(_FORMAT + name) for name in (*_LINE.groupindex, "emoji")}
        self._prompts: dict[str, np.ndarray] = {}
        self._break = vocab.id("\n")  # put between texts: ends n-grams and sentences
        self._markers: dict[int, list[tuple[tuple[int, ...], int]]] = {}
        for m in sorted(load_markers(), key=lambda m: -len(m.phrase)):
            toks = tuple(int(i) for i in vocab.ids(_TOKEN.findall(m.phrase.lower().replace("’", "'"))))
            if toks:
                self._markers.setdefault(toks[0], []).append((toks, vocab.id(_MARKER + m.phrase.lower())))

    def prompt_words(self, prompt: str | None) -> np.ndarray:
        """Ids of the words of ``prompt`` (sorted), the words a record's counts leave out."""
        if not prompt:
            return np.zeros(0, dtype=np.int64)
        found = self._prompts.get(prompt)  # every member answers the same prompts: tokenise each once
        if found is None:
            ids = self.vocab.ids(_TOKEN.findall(prompt.lower().replace("’", "'")))
            found = self._prompts[prompt] = np.unique(ids[self.vocab.flags()[0][ids]])
        return found

    def _marker_hits(self, ids: np.ndarray) -> tuple[list[int], list[int]]:
        """Positions and label ids of the markers opening the sentences of the token stream ``ids``."""
        n = len(ids)
        _, _, is_end, is_lead = self.vocab.flags()
        lead = is_lead[ids]
        after_end = np.empty(n, dtype=bool)
        after_end[0] = True
        after_end[1:] = is_end[ids[:-1]]
        starts = np.flatnonzero(after_end & ~lead).tolist()
        for j in np.flatnonzero(after_end & lead).tolist():  # a start may sit behind lead marks
            while j < n and lead[j]:
                j += 1
            if j < n:
                starts.append(j)
        where, hits = [], []
        seq = ids.tolist()
        first = self._markers
        for i in starts:
            for toks, label_id in first.get(seq[i], ()):
                if tuple(seq[i:i + len(toks)]) == toks:
                    where.append(i)
                    hits.append(label_id)
                    break
        return where, hits

    def count(self, text: str, prompt_ids: np.ndarray | None = None) -> TextCounts:
        """One text (see ``count_texts``)."""
        return self.count_texts([text], [prompt_ids if prompt_ids is not None else np.zeros(0, np.int64)])

    def count_texts(self, texts: list[str], prompts: list[np.ndarray]) -> TextCounts:
        """Count ``texts``, each without the words ``prompts[t]`` (ids from ``prompt_words``)."""
        vocab = self.vocab
        pieces = [vocab.ids(_TOKEN.findall(t.lower().replace("’", "'"))) for t in texts]
        lengths = np.array([len(p) + 1 for p in pieces], dtype=np.int64)
        sep = np.array([self._break], dtype=np.int64)
        ids = np.concatenate([x for p in pieces for x in (p, sep)]) if pieces else np.zeros(0, np.int64)
        text_of = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        is_word_of, is_emoji_of, _, _ = vocab.flags()
        word = is_word_of[ids]
        # a word echoes the prompt when (its text's prompt, the word) is one of the prompt's own pairs
        prompt_no = {}
        pairs = []
        text_prompt = np.zeros(len(texts), dtype=np.int64)
        for t, p in enumerate(prompts):
            key_ = p.tobytes()
            if key_ not in prompt_no:
                prompt_no[key_] = len(prompt_no)
                pairs.append((prompt_no[key_] << _BITS) | p)
            text_prompt[t] = prompt_no[key_]
        echo = word & np.isin((text_prompt[text_of] << _BITS) | ids, np.concatenate(pairs))
        keys = [ids[word & ~echo]]  # WORD kind is 0: the id is the key
        where = [text_of[word & ~echo]]
        a, b, c = ids[:-2], ids[1:-1], ids[2:]
        ok = word[:-1] & word[1:] & ~(echo[:-1] & echo[1:])
        keys.append((BIGRAM << _SHIFT) | (ids[:-1][ok] << _BITS) | ids[1:][ok])
        where.append(text_of[:-1][ok])
        ok = word[:-2] & word[1:-1] & word[2:] & ~(echo[:-2] & echo[1:-1] & echo[2:])
        keys.append((TRIGRAM << _SHIFT) | (a[ok] << (2 * _BITS)) | (b[ok] << _BITS) | c[ok])
        where.append(text_of[:-2][ok])
        mark = ~word
        mark[np.cumsum(lengths) - 1] = False  # the separators are not the texts' own
        keys.append((HABIT << _SHIFT) | ids[mark])
        where.append(text_of[mark])
        emoji = mark & is_emoji_of[ids]
        keys.append(np.full(int(emoji.sum()), (HABIT << _SHIFT) | self._format_ids["emoji"], dtype=np.int64))
        where.append(text_of[emoji])
        at, hits = self._marker_hits(ids) if len(ids) else ([], [])
        lines = [(t, self._format_ids[m.lastgroup]) for t, text in enumerate(texts)
                 for m in _LINE.finditer(text) if m.lastgroup]
        keys.append((HABIT << _SHIFT) | np.array(hits + [h for _, h in lines], dtype=np.int64))
        where.append(np.concatenate([text_of[np.array(at, dtype=np.int64)],
                                     np.array([t for t, _ in lines], dtype=np.int64)]))
        all_keys, all_text = np.concatenate(keys), np.concatenate(where)
        order = np.lexsort((all_keys, all_text))
        all_keys, all_text = all_keys[order], all_text[order]
        first = np.ones(len(all_keys), dtype=bool)  # runs of equal (text, key): unique entries and counts
        if len(all_keys) > 1:
            first[1:] = (all_keys[1:] != all_keys[:-1]) | (all_text[1:] != all_text[:-1])
        starts = np.flatnonzero(first)
        counts = np.diff(np.append(starts, len(all_keys))).astype(np.int32)
        words = np.bincount(text_of[word], minlength=len(texts)).astype(np.int64)
        return TextCounts(all_text[starts].astype(np.int32), all_keys[starts], counts, words)
