"""Turn core results for one pair of records into what the comparison view draws."""

from __future__ import annotations

from tracepair.core.align.alignment import Alignment
from tracepair.core.match.comparison import PairResult
from tracepair.core.match.results import shown_passages
from tracepair.ui.sidebyside.compare_view import PairData, ShownLink, ShownPassage


def pair_data(pair: PairResult | None, alignment: Alignment | None, show_echo: bool = False) -> PairData:
    passages = []
    if pair is not None:
        for p in shown_passages(pair.passages, show_echo):
            passages.append(ShownPassage(
                a_spans=tuple(p.a_spans), b_spans=tuple(p.b_spans), strength=p.rarity, near=not p.exact,
                tokens=p.tokens, text=p.text,
            ))
    links = []
    if alignment is not None:
        for ap in alignment.pairs:
            sa = [alignment.steps_a[i] for i in ap.a]
            sb = [alignment.steps_b[j] for j in ap.b]
            links.append(ShownLink(
                a=(min(s.start for s in sa), max(s.end for s in sa)),
                b=(min(s.start for s in sb), max(s.end for s in sb)),
                kind=ap.kind, score=ap.score,
            ))
    return PairData(passages, links)
