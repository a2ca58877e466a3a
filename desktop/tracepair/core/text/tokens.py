"""The matching tokeniser: tokens with their character offsets into the original text.

Words are runs of letters, digits and combining marks (an apostrophe between two
letters keeps a word whole, as in ``count_words``); every CJK ideograph, kana or
hangul syllable is a token of its own; white space is never a token, so spacing and
line breaks never affect a match. Punctuation is skipped unless asked for.

Normalisation (lower case, curly quotes folded to straight ones) is applied to the
token *strings* only: ``starts``/``ends`` always point into the caller's original
text, so a match found on normalised tokens maps back to exact characters.

Token ids are 64-bit polynomial hashes of the normalised token string, computed for
all tokens at once with numpy: the same string always gets the same id, in any text
and any process, so the two sides need no shared vocabulary.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

from tracepair.core.text.words import CJK

# Character classes.
_SPACE, _WORD, _CJK_CLASS, _PUNCT, _APOS = 0, 1, 2, 3, 4
_UNKNOWN = 255
_APOSTROPHES = "'\u2019\u02bc"
#: Folded when ``fold_quotes`` is on (same length, so offsets never move).
_QUOTE_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201a": "'",
                             "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
                             "\u2013": "-", "\u2014": "-", "\u2212": "-"})

_class_table = np.full(0x110000, _UNKNOWN, dtype=np.uint8)


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _CJK_RANGES)


def _parse_ranges(spec: str) -> list[tuple[int, int]]:
    out, i = [], 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            out.append((ord(spec[i]), ord(spec[i + 2])))
            i += 3
        else:
            out.append((ord(spec[i]), ord(spec[i])))
            i += 1
    return out


_CJK_RANGES = _parse_ranges(CJK)


def _classify(ch: str) -> int:
    if ch in _APOSTROPHES:
        return _APOS
    if ch.isspace():
        return _SPACE
    if _is_cjk(ch):
        return _CJK_CLASS
    cat = unicodedata.category(ch)
    if cat[0] in "LNM":
        return _WORD
    if cat[0] in "CZ":  # controls, format characters, separators: like white space
        return _SPACE
    return _PUNCT


def _fill(cps: np.ndarray) -> None:
    """Classify code points not seen before in this process (a lazily filled table)."""
    new = np.unique(cps[_class_table[cps] == _UNKNOWN])
    for cp in new.tolist():
        _class_table[cp] = _classify(chr(cp)) if not 0xD800 <= cp <= 0xDFFF else _PUNCT


@dataclass(frozen=True)
class TokenOptions:
    """How text is normalised before tokens are compared."""

    #: "Tapestry" and "tapestry" differ only when True.
    case_sensitive: bool = False
    #: Punctuation marks become tokens of their own (default: skipped, so a changed comma never breaks a
    #: passage).
    keep_punctuation: bool = False
    #: Curly quotes and apostrophes compare equal to straight ones, dashes to hyphens.
    fold_quotes: bool = True


@dataclass
class Tokens:
    """Tokens of one text: ``ids[k]`` spans ``text[starts[k]:ends[k]]``."""

    text: str
    ids: np.ndarray  # int64 hashes of the normalised token strings
    starts: np.ndarray  # int32 character offsets into ``text``
    ends: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def strings(self, options: TokenOptions | None = None) -> list[str]:
        """The normalised token strings (the ones the ids were hashed from)."""
        norm = normalise(self.text, options or TokenOptions())
        return [norm[s:e] for s, e in zip(self.starts.tolist(), self.ends.tolist(), strict=True)]

    def char_span(self, first: int, last: int) -> tuple[int, int]:
        """Character span ``[start, end)`` of tokens ``first .. last-1``."""
        return int(self.starts[first]), int(self.ends[last - 1])


def normalise(text: str, options: TokenOptions) -> str:
    """``text`` with the chosen normalisations applied, character for character (same length)."""
    norm = text
    if not options.case_sensitive:
        low = text.lower()
        # A few characters lower-case to two (e.g. U+0130): keep those as they are to keep offsets.
        norm = low if len(low) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if options.fold_quotes:
        norm = norm.translate(_QUOTE_FOLD)
    return norm


def _boundaries(text: str, keep_punctuation: bool) -> tuple[np.ndarray, np.ndarray]:
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if not len(cps):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    cls = _class_table[cps]
    if (cls == _UNKNOWN).any():
        _fill(cps)
        cls = _class_table[cps]
    # An apostrophe between two word characters is part of the word; elsewhere it is punctuation.
    apos = np.flatnonzero(cls == _APOS)
    if len(apos):
        cls = cls.copy()
        inner = apos[(apos > 0) & (apos < len(cls) - 1)]
        joins = inner[(cls[inner - 1] == _WORD) & (cls[inner + 1] == _WORD)]
        cls[apos] = _PUNCT
        cls[joins] = _WORD
    word = cls == _WORD
    single = cls == _CJK_CLASS
    if keep_punctuation:
        single = single | (cls == _PUNCT)
    prev_word = np.concatenate(([False], word[:-1]))
    next_word = np.concatenate((word[1:], [False]))
    start_mask = (word & ~prev_word) | single
    end_mask = (word & ~next_word) | single
    return np.flatnonzero(start_mask), np.flatnonzero(end_mask) + 1


#: Texts are tokenised in pieces of about this many characters (cut at white space) to bound memory.
_PIECE = 1 << 16


def _piece_ends(text: str) -> list[int]:
    ends, pos = [], 0
    while len(text) - pos > _PIECE:
        cut = max(text.rfind(" ", pos, pos + _PIECE), text.rfind("\n", pos, pos + _PIECE))
        cut = cut if cut > pos else pos + _PIECE  # no white space at all: cut anywhere
        ends.append(cut)
        pos = cut
    ends.append(len(text))
    return ends


def _token_hashes(norm: str, starts: np.ndarray, ends: np.ndarray, fold_quotes: bool) -> np.ndarray:
    """Polynomial hash of each token's normalised characters (same string, same id, wherever it is)."""
    cps = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if fold_quotes:  # as str.translate(_QUOTE_FOLD), but vectorised
        low = cps < len(_FOLD_TABLE)
        cps[low] = _FOLD_TABLE[cps[low]]
    m = len(cps)
    pw = np.full(m + 1, _CHAR_BASE, dtype=np.uint64)
    pw[0] = 1
    np.cumprod(pw, out=pw)
    inv = np.full(m + 1, _CHAR_BASE_INV, dtype=np.uint64)
    inv[0] = 1
    np.cumprod(inv, out=inv)
    prefix = np.zeros(m + 1, dtype=np.uint64)
    np.cumsum((cps + np.uint64(1)) * pw[:-1], out=prefix[1:])
    h = (prefix[ends] - prefix[starts]) * inv[starts]
    # Fold in the length and scramble, so short tokens spread over all 64 bits.
    h ^= (ends - starts).astype(np.uint64) * np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(31)
    h *= np.uint64(0x94D049BB133111EB)
    return h.view(np.int64)


_CHAR_BASE = np.uint64(0x100000001B3)
_FOLD_TABLE = np.arange(max(_QUOTE_FOLD) + 1, dtype=np.uint64)
for _src, _dst in _QUOTE_FOLD.items():
    _FOLD_TABLE[_src] = ord(_dst)
_CHAR_BASE_INV = np.uint64(pow(int(_CHAR_BASE), -1, 2**64))


def tokenize(text: str, options: TokenOptions | None = None) -> Tokens:
    """Split ``text`` into tokens keeping each token's character span in ``text``."""
    options = options or TokenOptions()
    # Quotes are folded on the code points below (str.translate is slow on long texts).
    norm = normalise(text, TokenOptions(case_sensitive=options.case_sensitive, fold_quotes=False))
    ids, starts, ends = [], [], []
    pos = 0
    for end in _piece_ends(text):
        s, e = _boundaries(text[pos:end], options.keep_punctuation)
        ids.append(_token_hashes(norm[pos:end], s, e, options.fold_quotes))
        starts.append(s + pos)
        ends.append(e + pos)
        pos = end
    return Tokens(
        text=text,
        ids=np.concatenate(ids),
        starts=np.concatenate(starts).astype(np.int32),  # int32: half the memory; texts stay < 2**31 chars
        ends=np.concatenate(ends).astype(np.int32),
    )
