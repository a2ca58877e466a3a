"""The lineup's picture as one inline SVG, drawn in pure Python (core cannot use Qt): the
average-linkage tree on the left with bootstrap support at its inner nodes, the similarity heatmap
in the tree's order beside it, and a colour legend that marks the lineup's own chance level.

Colours are diverging around the lineup's median pair (most pairs in a lineup are unrelated, so the
median is what chance gives here): red above it, blue below, white at it. Every cell and node has a
tooltip (``<title>``) with both names, the similarity and its interval, or the clade and its support.
"""

from __future__ import annotations

from html import escape

import numpy as np

from tracepair.core.lineup import Lineup
from tracepair.core.report.svg_charts import FONT, _f, _short

HIGH = (178, 24, 43)  # ColorBrewer RdBu ends: readable for the common colour-vision deficiencies
LOW = (33, 102, 172)
LABEL_CHARS = 30
#: Clades with less bootstrap support get an open circle and no label (their support is in the tooltip).
SHOWN_SUPPORT = 0.5


def cell_colour(value: float, centre: float, spread: float) -> str:
    """``value`` on the diverging scale: white at ``centre``, full colour at ``centre ± spread``."""
    t = 0.0 if spread <= 0 else max(-1.0, min(1.0, (value - centre) / spread))
    end = HIGH if t > 0 else LOW
    a = abs(t)
    return "#" + "".join(f"{round(255 + (c - 255) * a):02x}" for c in end)


def colour_scale(lineup: Lineup) -> tuple[float, float]:
    """The heatmap's scale, in the report and the window alike: its centre (the median pair, the
    lineup's control) and its spread (how far the farthest pair lies from it)."""
    m = len(lineup.members)
    off = lineup.similarity[~np.eye(m, dtype=bool)]
    centre = lineup.control()["median"]
    spread = float(np.max(np.abs(off - centre))) if len(off) else 1.0
    return centre, spread or 1.0


def scale_ends(centre: float, spread: float) -> tuple[float, float]:
    """The legend's two ends: the scale's reach, within the correlation's -1 to 1."""
    return max(centre - spread, -1.0), min(centre + spread, 1.0)


def lineup_svg(lineup: Lineup, cell: int = 14) -> str:
    """Tree, heatmap and legend for ``lineup``, as a self-contained SVG string."""
    names = lineup.names
    m = len(names)
    order = lineup.order()
    pos = {leaf: k for k, leaf in enumerate(order)}
    tree_w, label_w, top, legend_h = 210, 6.4 * min(max(len(n) for n in names), LABEL_CHARS) + 14, 150, 86
    grid = cell * m
    left = tree_w + 8
    width = int(max(left + grid + label_w + 16, 460))
    height = int(top + grid + legend_h)
    centre, spread = colour_scale(lineup)
    s, lo, hi = lineup.similarity, lineup.low, lineup.high
    title = f"Lineup of {m} output sets: similarity of their fingerprints ({lineup.part})"
    desc = ("Left: average-linkage tree over 1 − similarity, bootstrap support at the inner nodes. "
            "Right: similarity of each pair, rows and columns in the tree's order; red above the lineup's "
            f"median pair ({centre:+.2f}), blue below.")
    out = [f'<svg class="chart lineup" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'role="img" style="{FONT};font-size:11px">',
           f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>",
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    # column labels, rotated
    for k, i in enumerate(order):
        x = left + k * cell + cell / 2
        out.append(f'<text transform="translate({_f(x + 3)} {top - 6}) rotate(-60)" fill="#111">'
                   f"<title>{escape(names[i])}</title>{escape(_short(names[i], 24))}</text>")
    # cells
    for r, i in enumerate(order):
        y = top + r * cell
        for c, j in enumerate(order):
            x = left + c * cell
            if i == j:
                out.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="#d9d9d9"/>')
                continue
            tip = f"{names[i]} × {names[j]}: similarity {s[i, j]:+.3f}"
            if lo is not None and hi is not None:
                tip += f", 95% interval [{lo[i, j]:+.3f}, {hi[i, j]:+.3f}]"
            out.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" '
                       f'fill="{cell_colour(float(s[i, j]), centre, spread)}"><title>{escape(tip)}</title></rect>')
        out.append(f'<text x="{left + grid + 6}" y="{_f(y + cell * 0.75)}" fill="#111">'
                   f"<title>{escape(names[i])}</title>{escape(_short(names[i], LABEL_CHARS))}</text>")
    out.append(f'<rect x="{left}" y="{top}" width="{grid}" height="{grid}" fill="none" stroke="#777"/>')
    out += _tree(lineup, pos, top, cell, tree_w)
    out += _legend(left, top + grid + 22, min(grid, 360), centre, spread, lineup)
    out.append("</svg>")
    return "".join(out)


def _tree(lineup: Lineup, pos: dict[int, int], top: int, cell: int, width: int) -> list[str]:
    tree = lineup.tree
    if not tree.merges:
        return []
    root_h = max(tree.height(tree.root), 1e-9)
    x0, x1 = 30, width  # root at x0 (room for its label), leaves at x1

    def x_of(node: int) -> float:
        return x1 - (x1 - x0) * tree.height(node) / root_h

    ys: dict[int, float] = {leaf: top + (k + 0.5) * cell for leaf, k in pos.items()}
    out = []
    for k, (a, b, _h) in enumerate(tree.merges):
        node = tree.n + k
        ys[node] = (ys[a] + ys[b]) / 2
        xn = x_of(node)
        out.append(f'<path d="M{_f(x_of(a))} {_f(ys[a])}H{_f(xn)}V{_f(ys[b])}H{_f(x_of(b))}" '
                   'stroke="#333" fill="none"/>')
        sup = tree.support[k] if k < len(tree.support) else None
        members = [lineup.names[i] for i in range(tree.n) if tree.clades[k] >> i & 1]
        tip = f"clade of {len(members)}: {', '.join(members[:8])}{' …' if len(members) > 8 else ''}"
        weak = sup is not None and sup < SHOWN_SUPPORT
        if sup is not None:
            tip += f"; in {sup:.0%} of bootstrap trees"
            if not weak and node != tree.root:  # the root holds everyone: always 1
                out.append(f'<text x="{_f(xn - 2)}" y="{_f(ys[node] - 2)}" text-anchor="end" font-size="9" '
                           f'fill="#111"><title>{escape(tip)}</title>{sup:.2f}</text>')
        fill = "#ffffff" if weak else "#333"
        out.append(f'<circle cx="{_f(xn)}" cy="{_f(ys[node])}" r="2.2" fill="{fill}" stroke="#333">'
                   f"<title>{escape(tip)}</title></circle>")
    return out


def _legend(x: float, y: float, w: float, centre: float, spread: float, lineup: Lineup) -> list[str]:
    steps = 40
    out = []
    lo_v, hi_v = scale_ends(centre, spread)
    for k in range(steps):
        v = lo_v + (hi_v - lo_v) * (k + 0.5) / steps
        out.append(f'<rect x="{_f(x + w * k / steps)}" y="{_f(y)}" width="{_f(w / steps + 0.5)}" height="10" '
                   f'fill="{cell_colour(v, centre, spread)}"/>')
    out.append(f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="10" fill="none" stroke="#777"/>')

    def tick(v: float, text: str, below: bool = True) -> None:
        xv = x + w * (v - lo_v) / (hi_v - lo_v)
        out.append(f'<line x1="{_f(xv)}" y1="{_f(y - 3)}" x2="{_f(xv)}" y2="{_f(y + 13)}" stroke="#111"/>')
        out.append(f'<text x="{_f(xv)}" y="{_f(y + 25 if below else y - 6)}" text-anchor="middle" '
                   f'fill="#111">{escape(text)}</text>')

    tick(lo_v, f"{lo_v:+.2f}")
    tick(hi_v, f"{hi_v:+.2f}")
    control = lineup.control()
    tick(centre, f"median pair {centre:+.2f}", below=False)
    if lo_v < control["p95"] < hi_v:
        tick(control["p95"], f"95th pct {control['p95']:+.2f}")
    out.append(f'<text x="10" y="{_f(y + 42)}" fill="#111">similarity: correlation of the two members\' '
               "fingerprints</text>")
    if lineup.replicates:
        out.append(f'<text x="10" y="{_f(y + 58)}" fill="#111">tree: numbers are bootstrap support '
                   f"(≥ {SHOWN_SUPPORT:g}); open circles: less</text>")
    return out
