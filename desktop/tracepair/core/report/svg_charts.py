"""Idiom charts as inline SVG strings, drawn in pure Python (core cannot use Qt).

Two charts from an ``IdiomView``, each with axis labels, units and a legend:

* ``bars_svg`` — paired horizontal bars, A vs B per 10,000 words, with 95% bootstrap whiskers
  where the view has intervals, and a tick at the ordinary-English rate (the control);
* ``scatter_svg`` — every phrase's rate on A against its rate on B, log-log, with the line
  of equal use; colour says which side uses it more (log-odds |z| ≥ ``Z_CLEAR``, 1.96).

The SVG is self-contained (no fonts or images fetched) and scales to its container's width.
"""

from __future__ import annotations

import math
from html import escape

from tracepair.core.idioms.measures import Z_CLEAR
from tracepair.core.idioms.stats import IdiomView

COLOUR_A = "#0072b2"  # Okabe-Ito blue
COLOUR_B = "#d55e00"  # Okabe-Ito vermillion: apart from blue for the common colour-vision deficiencies
COLOUR_BASE = "#222222"
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif"


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def nice_ticks(hi: float, n: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``hi``."""
    if hi <= 0:
        return [0.0, 1.0]
    raw = hi / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [i * step for i in range(math.ceil(hi / step - 1e-9) + 1)]


def _open(width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" style="{FONT};font-size:12px">',
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def _legend(x: float, y: float, items: list[tuple[str, str, str]]) -> list[str]:
    """``items``: (kind "box"|"tick"|"line"|"dot", colour, label), laid out left to right."""
    out = []
    for kind, colour, label in items:
        if kind == "box":
            out.append(f'<rect x="{_f(x)}" y="{_f(y - 9)}" width="14" height="10" fill="{colour}"/>')
        elif kind == "tick":
            out.append(f'<line x1="{_f(x + 7)}" y1="{_f(y - 11)}" x2="{_f(x + 7)}" y2="{_f(y + 2)}" '
                       f'stroke="{colour}" stroke-width="2"/>')
        elif kind == "line":
            out.append(f'<line x1="{_f(x)}" y1="{_f(y - 4)}" x2="{_f(x + 14)}" y2="{_f(y - 4)}" '
                       f'stroke="{colour}" stroke-dasharray="4 3"/>')
        else:
            out.append(f'<circle cx="{_f(x + 7)}" cy="{_f(y - 4)}" r="4" fill="{colour}" fill-opacity="0.8"/>')
        out.append(f'<text x="{_f(x + 19)}" y="{_f(y)}">{escape(label)}</text>')
        x += 19 + 6.6 * len(label) + 18
    return out


def _empty(width: int, title: str, message: str) -> str:
    return "".join([*_open(width, 60, title, message),
                    f'<text x="12" y="34" fill="#555">{escape(message)}</text>', "</svg>"])


def bars_svg(view: IdiomView, width: int = 760) -> str:
    """Paired bars: each phrase's rate per 10,000 words on A and B, whiskers, ordinary-English tick."""
    noun = view.settings.kind
    title = f"Top {noun}: A vs B per 10,000 words"
    rows = view.bars
    if not rows:
        return _empty(width, title, f"No {noun} occur at least {view.settings.min_count} times on either side.")
    label_w, right, top, row_h, bar_h = 210, 24, 48, 30, 10
    plot_w = width - label_w - right
    height = top + row_h * len(rows) + 52
    hi = 0.0
    for r in rows:
        for st in (r.a, r.b):
            hi = max(hi, st.per_10k, st.ci[1] if st.ci else 0.0)
        hi = max(hi, r.baseline_per_10k or 0.0)
    ticks = nice_ticks(hi)
    scale = plot_w / ticks[-1]

    def x(v: float) -> float:
        return label_w + min(v, ticks[-1]) * scale

    out = _open(width, height, title, f"{view.name_a} (A) and {view.name_b} (B); whiskers: 95% bootstrap "
                "interval over records; black tick: ordinary-English rate (wordfreq)")
    out += _legend(label_w, 18, [("box", COLOUR_A, f"A: {_short(view.name_a, 28)}"),
                                 ("box", COLOUR_B, f"B: {_short(view.name_b, 28)}")])
    out += _legend(label_w, 36, [("tick", COLOUR_BASE, "ordinary English"), ("line", "#555", "95% interval")])
    bottom = top + row_h * len(rows)
    for t in ticks:
        out.append(f'<line x1="{_f(x(t))}" y1="{top - 4}" x2="{_f(x(t))}" y2="{bottom}" stroke="#e3e3e3"/>')
        out.append(f'<text x="{_f(x(t))}" y="{bottom + 16}" text-anchor="middle" fill="#333">{_f(t)}</text>')
    out.append(f'<line x1="{label_w}" y1="{top - 4}" x2="{label_w}" y2="{bottom}" stroke="#777"/>')
    out.append(f'<text x="{_f(label_w + plot_w / 2)}" y="{bottom + 36}" text-anchor="middle" fill="#111">'
               "occurrences per 10,000 words</text>")
    for i, r in enumerate(rows):
        y0 = top + i * row_h + 3
        out.append(f'<text x="{label_w - 8}" y="{_f(y0 + bar_h + 3)}" text-anchor="end" fill="#111">'
                   f"<title>{escape(r.phrase)}</title>{escape(_short(r.phrase, 30))}</text>")
        for k, (st, colour) in enumerate(((r.a, COLOUR_A), (r.b, COLOUR_B))):
            y = y0 + k * (bar_h + 2)
            tip = f"{r.phrase} — {'AB'[k]}: {st.count} times, {st.per_10k:.2f} per 10k"
            if st.ci:
                tip += f" (95% interval {st.ci[0]:.2f}–{st.ci[1]:.2f})"
            out.append(f'<rect x="{label_w}" y="{_f(y)}" width="{_f(max(x(st.per_10k) - label_w, 0.5))}" '
                       f'height="{bar_h}" fill="{colour}"><title>{escape(tip)}</title></rect>')
            if st.ci:
                yc = y + bar_h / 2
                out.append(f'<path d="M{_f(x(st.ci[0]))} {_f(yc)}H{_f(x(st.ci[1]))}M{_f(x(st.ci[0]))} '
                           f'{_f(yc - 3)}v6M{_f(x(st.ci[1]))} {_f(yc - 3)}v6" stroke="#333" fill="none"/>')
        if r.baseline_per_10k is not None:
            xb = x(r.baseline_per_10k)
            out.append(f'<line x1="{_f(xb)}" y1="{_f(y0 - 2)}" x2="{_f(xb)}" y2="{_f(y0 + 2 * bar_h + 4)}" '
                       f'stroke="{COLOUR_BASE}" stroke-width="2"><title>ordinary English: '
                       f"{r.baseline_per_10k:.3f} per 10k</title></line>")
    out.append("</svg>")
    return "".join(out)


def _decades(lo: float, hi: float) -> list[float]:
    return [10.0 ** e for e in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)]


def scatter_svg(view: IdiomView, width: int = 560, labels: int = 10) -> str:
    """Log-log scatter of each phrase's rate on A (x) and B (y), with the line of equal use."""
    noun = view.settings.kind
    title = f"{noun.capitalize()}: rate on A vs rate on B (log-log)"
    n = len(view.scatter_phrases)
    if n == 0:
        return _empty(width, title, f"No {noun} occur at least {view.settings.min_count} times on either side.")
    left, right, top, bottom_pad = 64, 20, 52, 56
    size = width - left - right
    height = top + size + bottom_pad
    xs, ys, zs = view.scatter_x.tolist(), view.scatter_y.tolist(), view.scatter_z.tolist()
    lo = min(min(xs), min(ys)) * 0.8
    hi = max(max(xs), max(ys)) * 1.25
    decades = _decades(lo, hi)
    l0, l1 = math.log10(decades[0]), math.log10(decades[-1])

    def px(v: float) -> float:
        return left + (math.log10(v) - l0) / (l1 - l0) * size

    def py(v: float) -> float:
        return top + size - (math.log10(v) - l0) / (l1 - l0) * size

    out = _open(width, height, title, f"x: {view.name_a} (A), y: {view.name_b} (B), occurrences per 10,000 "
                "words; dashed: equal use; phrases absent from a side sit at half an occurrence")
    out += _legend(left, 18, [("dot", COLOUR_A, f"A uses more (z ≥ {Z_CLEAR})"),
                              ("dot", COLOUR_B, f"B uses more (z ≤ −{Z_CLEAR})")])
    out += _legend(left, 36, [("dot", "#999999", "no clear difference"), ("line", "#555", "equal use")])
    for d in decades:
        out.append(f'<line x1="{_f(px(d))}" y1="{top}" x2="{_f(px(d))}" y2="{top + size}" stroke="#e3e3e3"/>')
        out.append(f'<line x1="{left}" y1="{_f(py(d))}" x2="{left + size}" y2="{_f(py(d))}" stroke="#e3e3e3"/>')
        lab = f"{d:g}"
        out.append(f'<text x="{_f(px(d))}" y="{top + size + 16}" text-anchor="middle" fill="#333">{lab}</text>')
        out.append(f'<text x="{left - 6}" y="{_f(py(d) + 4)}" text-anchor="end" fill="#333">{lab}</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{size}" height="{size}" fill="none" stroke="#777"/>')
    out.append(f'<line x1="{left}" y1="{top + size}" x2="{left + size}" y2="{top}" stroke="#555" '
               'stroke-dasharray="4 3"/>')
    out.append(f'<text x="{_f(left + size / 2)}" y="{top + size + 38}" text-anchor="middle" fill="#111">'
               f"A: {escape(_short(view.name_a, 40))} — per 10,000 words (log)</text>")
    out.append(f'<text transform="translate(16 {_f(top + size / 2)}) rotate(-90)" text-anchor="middle" '
               f'fill="#111">B: {escape(_short(view.name_b, 40))} — per 10,000 words (log)</text>')
    order = sorted(range(n), key=lambda i: abs(zs[i]))  # strongest contrasts drawn last, on top
    for i in order:
        z = zs[i]
        colour = COLOUR_A if z >= Z_CLEAR else COLOUR_B if z <= -Z_CLEAR else "#999999"
        tip = f"{view.scatter_phrases[i]} — A {xs[i]:.2f}, B {ys[i]:.2f} per 10k, z {z:+.1f}"
        out.append(f'<circle cx="{_f(px(xs[i]))}" cy="{_f(py(ys[i]))}" r="3.5" fill="{colour}" '
                   f'fill-opacity="0.75"><title>{escape(tip)}</title></circle>')
    for i in order[::-1][:labels]:
        if abs(zs[i]) < Z_CLEAR:
            break
        anchor, dx = ("end", -6) if px(xs[i]) > left + size * 0.7 else ("start", 6)
        out.append(f'<text x="{_f(px(xs[i]) + dx)}" y="{_f(py(ys[i]) - 5)}" text-anchor="{anchor}" '
                   f'fill="#111" font-size="11">{escape(_short(view.scatter_phrases[i], 26))}</text>')
    out.append("</svg>")
    return "".join(out)
