"""The measures behind every idiom number: ordinary-language frequency (the baseline), observed over
expected, and the log-odds ratio with an informative Dirichlet prior between two bodies of text.
See ``stats.py`` for how the report uses them; the lineup uses the same log-odds, member against
the pooled others.
"""

from __future__ import annotations

import bisect
from functools import lru_cache

import numpy as np

from tracepair.core.idioms.counting import tokens
from tracepair.core.text.rarity import CJK_LANGS, cjk_language

#: Strength of the log-odds prior as a share of the pooled counts: 0.1 shrinks a phrase seen 3 times
#: on one side and never on the other to z ~ 1.3, while one seen 40 vs 0 times keeps z ~ 5.
PRIOR_SCALE = 0.1
#: |z| at or above this is a clear difference between the sides (two-sided 5%): the scatter, its
#: legend and the report's SVG all colour by it.
Z_CLEAR = 1.96


class Baseline:
    """wordfreq frequencies, offline; a phrase gets wordfreq's multi-word estimate 1/sum(1/f_i).

    CJK characters are looked up in the Chinese, Japanese or Korean list whatever ``lang`` is
    (as rarity does), so a Chinese trace is not all "never seen in ordinary English". Only
    plain dictionary lookups are used: wordfreq's tokenising lookups need jieba for Chinese.
    """

    def __init__(self, lang: str) -> None:
        import wordfreq

        self.lang = lang
        self._wf = wordfreq
        self._freq = wordfreq.get_frequency_dict(lang)
        self._cjk: dict[str, dict[str, float]] = {}
        self._words: dict[str, float] = {}  # word -> frequency, looked up once per report

    def _cjk_freq(self, ch: str) -> float:
        lang = cjk_language(ch)
        if lang not in self._cjk:
            self._cjk[lang] = self._wf.get_frequency_dict(lang)
        return self._cjk[lang].get(ch, 0.0)

    def prefix(self, stem: str) -> float:
        """Total frequency of the words starting with ``stem`` (an idiom ending in ``*``)."""
        words = _sorted_words(self.lang)
        lo = bisect.bisect_left(words, stem)
        hi = bisect.bisect_left(words, stem + "\U0010ffff")
        return sum(self._freq[w] for w in words[lo:hi])

    def word(self, w: str) -> float:
        f = self._words.get(w)
        if f is None:
            f = self._words[w] = self._lookup(w)
        return f

    def _lookup(self, w: str) -> float:
        if len(w) == 1 and cjk_language(w):
            return self._cjk_freq(w)
        f = self._freq.get(w)
        if f is None and any(ch.isdigit() for ch in w) and self.lang not in CJK_LANGS:
            return float(self._wf.word_frequency(w, self.lang))  # wordfreq smashes digits itself
        return f or 0.0

    def ngrams(self, phrases: list[str]) -> np.ndarray:
        """``phrase`` of each n-gram as counted (tokens joined by single spaces), without re-tokenising."""
        out = np.zeros(len(phrases))
        word = self.word
        for k, p in enumerate(phrases):
            inv = 0.0
            for w in p.split(" "):
                f = word(w)
                if f <= 0.0:
                    inv = 0.0
                    break
                inv += 1.0 / f
            if inv:
                out[k] = 1.0 / inv
        return out

    def phrase(self, phrase: str) -> float:
        """``phrase`` is an n-gram (words joined by spaces) or an idiom (``*`` = prefix on the last word)."""
        words = tokens(phrase.rstrip("*"))
        inv = 0.0
        for i, w in enumerate(words):
            f = self.prefix(w) if phrase.endswith("*") and i == len(words) - 1 else self.word(w)
            if f <= 0.0:
                return 0.0
            inv += 1.0 / f
        return 1.0 / inv if inv else 0.0


@lru_cache(maxsize=2)
def _sorted_words(lang: str) -> list[str]:
    """The language's word list in sorted order, for prefix lookups (sorted once per process)."""
    import wordfreq

    return sorted(wordfreq.get_frequency_dict(lang))


def baseline_ratio(count: np.ndarray, words: int, freq: np.ndarray) -> np.ndarray:
    """Observed over expected count, add-one smoothed on both (see the module docstring)."""
    return (count + 1.0) / (words * freq + 1.0)


def log_odds_parts(ya: np.ndarray, yb: np.ndarray, na: np.ndarray | float, nb: np.ndarray | float,
                   alpha: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Monroe et al. (2008) log-odds ratio A vs B and its variance, ``(delta, var)``, elementwise.

    ``na`` and ``nb`` (word totals) may be arrays that broadcast against the counts, so many
    comparisons run at once (the lineup: every member against the pooled others, prompt by prompt).
    ``alpha`` is the prior's pseudo-count per phrase; by default ``PRIOR_SCALE`` times the pooled count.
    """
    ya = np.asarray(ya, dtype=float)
    yb = np.asarray(yb, dtype=float)
    na = np.asarray(na, dtype=float)
    nb = np.asarray(nb, dtype=float)
    if alpha is None:
        a, a0 = PRIOR_SCALE * (ya + yb), PRIOR_SCALE * (na + nb)
    else:
        a = np.asarray(alpha, dtype=float)
        a0 = np.asarray(a.sum(), dtype=float)
    a = np.maximum(a, 1e-9)
    la = np.log(ya + a) - np.log(np.maximum(na + a0 - ya - a, 1e-9))
    lb = np.log(yb + a) - np.log(np.maximum(nb + a0 - yb - a, 1e-9))
    return la - lb, 1.0 / (ya + a) + 1.0 / (yb + a)


def log_odds_dirichlet(ya: np.ndarray, yb: np.ndarray, na: int, nb: int,
                       alpha: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Monroe et al. (2008) log-odds ratio A vs B and its z-score, ``(delta, z)``.

    ``alpha`` is the prior's pseudo-count per phrase; by default ``PRIOR_SCALE`` times the pooled count.
    """
    delta, var = log_odds_parts(ya, yb, na, nb, alpha)
    return delta, delta / np.sqrt(var)
