"""One side of a pair as HTML: the trace text with its shared passages as linked ``<mark>``s.

Passages of a pair overlap often (on misguided-attention reasoning, ~45% of places touch
another), and HTML elements cannot cross. So the text is cut at every passage boundary into
flat segments; each segment inside a passage is one ``<a href="#partner"><mark>`` whose
``data-o`` lists every place covering it ("passage.occurrence", so a place's text is the join of
its segments) and whose colour and link are those of the place painted last in the window
(latest start, then shortest: the window's highlighter paints in that order). The first segment
of a place carries its id; when several places start together the others get an empty
``<span id>`` there. Step starts get empty anchors (``<span class="st" id>``) the alignment
table links to; labels such as the step number come from CSS, so the text content of a pane
is exactly ``Trace.text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from tracepair.core.align.steps import Step
from tracepair.core.match.comparison import Passage
from tracepair.core.model import Trace

#: Strength levels of the highlight colour (rarer passages are stronger).
LEVELS = 5


@dataclass(frozen=True)
class Place:
    """One occurrence of a shared passage on one side."""

    start: int
    end: int
    key: str  # "passage.occurrence", passage numbered in the pair's shown order
    id: str
    href: str  # id of the partner place on the other side
    cls: str
    title: str


def level(strength: float) -> int:
    return round(max(0.0, min(1.0, strength)) * (LEVELS - 1))


def place_id(prefix: str, side: str, passage: int, k: int) -> str:
    return f"{prefix}{side}{passage}-{k}"


def step_id(prefix: str, side: str, step: int) -> str:
    return f"{prefix}{side}s{step}"


def places(passages: list[Passage], side: str, prefix: str) -> list[Place]:
    """Every place of ``passages`` on ``side`` ("a" or "b"), linked to its k-th partner (or the last)."""
    other = "b" if side == "a" else "a"
    out = []
    for i, p in enumerate(passages):
        mine, theirs = (p.a_spans, p.b_spans) if side == "a" else (p.b_spans, p.a_spans)
        cls = f"m h{i % 12} s{level(p.rarity)}" + ("" if p.exact else " n")
        what = f"{p.tokens} tokens, rarity {p.rarity:.2f}" + ("" if p.exact else f", near-exact {p.similarity:.2f}")
        for k, (s, e) in enumerate(mine):
            partner = place_id(prefix, other, i, min(k, len(theirs) - 1))
            title = f"passage {i + 1}: {what}; {len(theirs)} place(s) on {other.upper()}"
            out.append(Place(s, e, f"{i}.{k}", place_id(prefix, side, i, k), partner, cls, title))
    return out


def _anchors(trace: Trace, steps: list[Step] | None, side: str, prefix: str) -> dict[int, list[str]]:
    at: dict[int, list[str]] = {}
    if trace.reasoning and trace.answer:
        at.setdefault(0, []).append('<span class="part" data-label="Reasoning"></span>')
        at.setdefault(trace.answer_start, []).append('<span class="part" data-label="Answer"></span>')
    for st in steps or []:
        at.setdefault(st.start, []).append(
            f'<span class="st" id="{step_id(prefix, side, st.index)}" data-n="{st.index}"></span>')
    return at


def mark_up(text: str, marks: list[Place], anchors: dict[int, list[str]] | None = None) -> str:
    """``text`` escaped, with ``marks`` as flat linked ``<mark>`` segments and ``anchors`` inserted."""
    anchors = anchors or {}
    cuts = sorted({0, len(text), *anchors, *(m.start for m in marks), *(m.end for m in marks)})
    cuts = [c for c in cuts if 0 <= c <= len(text)]
    by_start: dict[int, list[Place]] = {}
    for m in marks:
        if m.end > m.start:
            by_start.setdefault(m.start, []).append(m)
    active: list[Place] = []
    out: list[str] = []
    for x, y in zip(cuts, [*cuts[1:], None], strict=True):
        out.extend(anchors.get(x, ()))
        if y is None:
            break
        active = [m for m in active if m.end > x] + by_start.get(x, [])
        piece = escape(text[x:y], quote=False)
        if not active:
            out.append(piece)
            continue
        owner = max(active, key=lambda m: (m.start, -m.end))
        starting = by_start.get(x, [])
        out.extend(f'<span class="anc" id="{m.id}"></span>' for m in starting if m is not owner)
        ident = f' id="{owner.id}"' if owner.start == x else ""
        keys = " ".join(m.key for m in active)
        out.append(f'<a class="ml" href="#{owner.href}"><mark{ident} class="{owner.cls}" data-o="{keys}" '
                   f'title="{escape(owner.title)}">{piece}</mark></a>')
    return "".join(out)


def side_html(trace: Trace, passages: list[Passage], steps: list[Step] | None, side: str, prefix: str) -> str:
    """The marked-up text of one side of a pair (ids start with ``prefix``)."""
    return mark_up(trace.text, places(passages, side, prefix), _anchors(trace, steps, side, prefix))
