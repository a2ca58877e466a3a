"""Word counting shared by every layer (a cheap count, not the matching tokeniser)."""

from __future__ import annotations

import re

# A CJK ideograph, kana or hangul syllable counts as one word on its own; other
# scripts count runs of letters/digits (apostrophes inside a word keep it whole).
#: Character-class ranges of the CJK scripts (kana, ideographs, hangul), for use inside ``[...]``.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
#: One word, as every counter in Tracepair reads it.
WORD = re.compile(rf"[{CJK}]|[^\W_{CJK}]+(?:['’][^\W_{CJK}]+)*")


def count_words(text: str) -> int:
    """Number of words in ``text``; each CJK character counts as one."""
    return sum(1 for _ in WORD.finditer(text))
