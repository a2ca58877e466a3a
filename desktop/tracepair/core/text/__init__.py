"""Text as every analysis reads it: words, the matching tokeniser, word rarity, reasoning markers."""

from tracepair.core.text.markers import Marker, MarkerProfile, MarkerSet, load_markers, marker_profile
from tracepair.core.text.rarity import passage_rarity, word_rarity
from tracepair.core.text.tokens import TokenOptions, Tokens, tokenize
from tracepair.core.text.words import count_words

__all__ = [
    "Marker", "MarkerProfile", "MarkerSet", "TokenOptions", "Tokens", "count_words", "load_markers",
    "marker_profile", "passage_rarity", "tokenize", "word_rarity",
]
