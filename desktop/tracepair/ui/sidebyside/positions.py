"""Character offsets (Python, what core's spans count) against view positions (what Qt counts).

Qt counts text positions in UTF-16 units, so a character outside Unicode's basic plane (an emoji, a
rare CJK ideograph) is one Python character but two positions: every span after it would land one
character early. Most traces have none, and then the two are the same.
"""

from __future__ import annotations

from bisect import bisect_left


class Positions:
    """Converts between offsets into ``text`` and positions in a view showing ``text``."""

    def __init__(self, text: str = "") -> None:
        if text.isascii() or max(text, default="\0") <= "\uffff":
            self._astral: list[int] = []
        else:
            self._astral = [i for i, ch in enumerate(text) if ch > "\uffff"]

    @property
    def identical(self) -> bool:
        return not self._astral

    def to_view(self, offset: int) -> int:
        return offset + bisect_left(self._astral, offset)

    def to_text(self, pos: int) -> int:
        """The offset of the character at (or containing) view position ``pos``."""
        if not self._astral:
            return pos
        lo, hi = 0, pos
        while lo < hi:  # the largest offset whose view position is <= pos
            mid = (lo + hi + 1) // 2
            if self.to_view(mid) <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo
