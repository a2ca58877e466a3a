"""How surprising a passage is in ordinary language, from word frequencies (wordfreq, offline).

Token rarity is read off the word's Zipf frequency in ``wordfreq``'s "best" list
(log10 of occurrences per billion words; "the" is 7.7, "tapestry" 3.2):

    rarity(word) = clip((ZIPF_COMMON - zipf) / (ZIPF_COMMON - ZIPF_RARE), 0, 1)

so everyday words (zipf >= 6.5: "the", "of", "a") score 0, words rarer than zipf 2.5 (or
absent from the list) score 1; "one" scores 0.007, "most" 0.125, "tapestry" 0.81. A passage's
rarity is the mean over its tokens: "one of the most" scores 0.03, "a tapestry of whispered
promises" 0.43.
Words in CJK scripts are looked up in the Chinese list, everything else in
``language`` (English by default); tokens that are pure numbers or punctuation count
as ordinary (0), since sharing "2 + 2 = 4" is not evidence of copying.

Unigram frequencies ignore context, so a rare word inside a stock phrase still counts
as rare; that is the intended bias for forensic use (distinctive vocabulary).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

ZIPF_COMMON = 6.5
ZIPF_RARE = 2.5
#: Weight floor used in rarity-weighted scores, so text made only of common words still counts a little.
WEIGHT_FLOOR = 0.05


@lru_cache(maxsize=4)
def _frequencies(language: str) -> dict[str, float]:
    import wordfreq  # imported lazily: loading a list takes ~0.1 s

    return wordfreq.get_frequency_dict(language, wordlist="best")


#: wordfreq languages whose lists are looked up per character
CJK_LANGS = ("zh", "ja", "ko")


def cjk_language(word: str) -> str | None:
    """The wordfreq list for a word in a CJK script ("ja" for kana, "ko" for Hangul, else "zh"), or None."""
    names = [unicodedata.name(c, "") for c in word]
    if not any(n.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL")) for n in names):
        return None
    if any(n.startswith(("HIRAGANA", "KATAKANA")) for n in names):
        return "ja"
    return "ko" if names[0].startswith("HANGUL") else "zh"


@lru_cache(maxsize=200_000)
def word_rarity(word: str, language: str = "en") -> float:
    """Rarity in [0, 1] of one (normalised, lower-case) token."""
    if not any(c.isalpha() for c in word):
        return 0.0
    w = word.lower()
    lang = cjk_language(w) or language
    try:
        freq = _frequencies(lang).get(w, 0.0)
    except (LookupError, ValueError, OSError):
        return 0.5  # no list for this language: neither common nor rare
    if freq <= 0:
        return 1.0
    zipf = float(np.log10(freq) + 9)
    return float(min(1.0, max(0.0, (ZIPF_COMMON - zipf) / (ZIPF_COMMON - ZIPF_RARE))))


def passage_rarity(words: Iterable[str], language: str = "en") -> float:
    """Mean token rarity of a passage (0 = all everyday words, 1 = all rare or unknown)."""
    r = [word_rarity(w, language) for w in words]
    return float(sum(r) / len(r)) if r else 0.0
