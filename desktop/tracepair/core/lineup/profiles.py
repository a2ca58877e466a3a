"""slop-forensics profile files (``slop_profile_results.json``) as lineup members.

The file is a JSON object: model name → ``{"top_repetitive_words": [{"word", "score", "corpus_freq",
…}], "top_bigrams": [{"ngram", "frequency"}], "top_trigrams": [{"ngram", "frequency"}], …}``. Each
model becomes a member fingerprinted from the listed features only: a word's count is its
``corpus_freq`` times the model's word total, an n-gram's its ``frequency``. A feature a profile
does not list counts as absent. There are no records, hence one unit and no bootstrap.

The word total is not stored in the file; corpus frequencies are counts over it, so it is the least
common denominator of the frequencies read as fractions. When that does not come out as a whole
number of words (rounded or edited files), rates per million words stand in for the counts.
"""

from __future__ import annotations

import hashlib
import json
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from tracepair.core.lineup.counted import PartCounts, SetCounts
from tracepair.core.lineup.features import BIGRAM, TRIGRAM, WORD, Vocabulary, key
from tracepair.core.model import LoadError

#: The unit key of a profile's single pseudo-record.
PROFILE_KEY = "profile"
_MARKER_FIELD = b'"top_repetitive_words"'
_NOMINAL_WORDS = 1_000_000
_NGRAMS = (("top_bigrams", BIGRAM, 2), ("top_trigrams", TRIGRAM, 3))


def is_profile_document(path: Path) -> bool:
    """Whether ``path`` looks like a profile file (JSON object mentioning ``top_repetitive_words``)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(1 << 16)
    except OSError:
        return False
    return head.lstrip()[:1] == b"{" and _MARKER_FIELD in head


def _is_profile(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("top_repetitive_words"), list)


def word_total(freqs: list[float]) -> int | None:
    """The word total the corpus frequencies were counted over, or None if they are not exact fractions."""
    total = 1
    for f in freqs[:200]:
        if not 0 < f <= 1:
            return None
        frac = Fraction(f).limit_denominator(10**8)
        if abs(float(frac) - f) > 1e-9 * f:
            return None
        total = total * frac.denominator // math.gcd(total, frac.denominator)
        if total > 10**9:
            return None
    return total


def read_profiles(path: Path, vocab: Vocabulary) -> list[SetCounts] | None:
    """The models of a profile file as counted members, or None when ``path`` is no profile file.

    Raises ``LoadError`` for a profile file whose entries cannot be read.
    """

    if path.suffix.lower() != ".json" or not is_profile_document(path):
        return None
    data = path.read_bytes()
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None  # not JSON after all: the ordinary loader names the problem
    if not isinstance(doc, dict) or not doc or not all(_is_profile(v) for v in doc.values()):
        return None
    sha = hashlib.sha256(data).hexdigest()
    members = []
    for model, entry in doc.items():
        try:
            words = [(str(w["word"]).lower(), float(w["corpus_freq"])) for w in entry["top_repetitive_words"]]
            ngrams = [(kind, n, str(g["ngram"]).lower(), int(g["frequency"]))
                      for field, kind, n in _NGRAMS for g in entry.get(field) or []]
        except (KeyError, TypeError, ValueError) as err:
            raise LoadError(path, f"profile of {model!r}: an entry lacks {err} or is not a number") from err
        total = word_total([f for _, f in words if f > 0])
        notes = []
        if total is None:
            total = _NOMINAL_WORDS
            notes.append("word total not recoverable from the profile: rates per million words stand in for counts")
        keys, counts = [], []
        for w, f in words:
            if f > 0:
                keys.append(key(WORD, vocab.id(w)))
                counts.append(max(round(f * total), 1))
        for kind, n, gram, freq in ngrams:
            parts = gram.split()
            if len(parts) == n and freq > 0:
                keys.append(key(kind, *(vocab.id(p) for p in parts)))
                counts.append(freq)
        k = np.array(keys, dtype=np.int64)
        c = np.array(counts, dtype=np.int64)
        uniq, inv = np.unique(k, return_inverse=True)
        summed = np.bincount(inv, weights=c, minlength=len(uniq)).astype(np.int32)
        part = PartCounts(np.zeros(len(uniq), np.int32), uniq, summed, np.array([total], dtype=np.int64))
        empty = PartCounts(np.zeros(0, np.int32), np.zeros(0, np.int64), np.zeros(0, np.int32),
                           np.zeros(1, dtype=np.int64))
        texts = entry.get("num_texts_analyzed")
        members.append(SetCounts(str(entry.get("model_name") or model), path, sha, len(data), "profile",
                                 [PROFILE_KEY], [PROFILE_KEY], {"answer": part, "reasoning": empty},
                                 texts=int(texts) if isinstance(texts, int | float) else 0, notes=notes))
    return members
