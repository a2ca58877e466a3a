"""Word counting shared by every layer (a cheap count, not the matching tokeniser)."""

from __future__ import annotations

import re

# A CJK ideograph, kana or hangul syllable counts as one word on its own; other
# scripts count runs of letters/digits (apostrophes inside a word keep it whole).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+(?:['’][^\W_{_CJK}]+)*")


def count_words(text: str) -> int:
    """Number of words in ``text``; each CJK character counts as one."""
    return sum(1 for _ in _WORD.finditer(text))
