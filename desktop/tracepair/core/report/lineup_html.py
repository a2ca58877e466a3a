"""A ``Lineup`` as one self-contained HTML page (``tracepair lineup -o``): the heatmap and tree inline
(SVG), how to read them, each member's nearest relatives with intervals and support, what each
member shares with its nearest and what sets them apart, the Newick tree, the inputs with their
SHA-256, what was left out and why, and the settings. No network reference of any kind.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from pathlib import Path

from tracepair import __version__
from tracepair.core.lineup import Lineup, PairFeature
from tracepair.core.report.lineup_svg import lineup_svg
from tracepair.core.report.page_style import page, write_page

#: Nearest relatives shown per member in the summary table.
NEAREST_SHOWN = 3


def _e(x: object) -> str:
    return escape(str(x), quote=True)


def _table(headers: list[str], rows: list[str], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f'<th{" class=n" if i in numeric else ""} data-sort>{_e(h)}</th>' for i, h in enumerate(headers))
    return f'<div class="wrap"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def _num(x: float | None, fmt: str = "{:+.3f}") -> str:
    if x is None:
        return "<td class=n>—</td>"
    return f'<td class=n data-v="{x}">{fmt.format(x)}</td>'


def _how_to_read(lineup: Lineup) -> str:
    c = lineup.control()
    sure = (f"The bootstrap drew the {lineup.units} prompt{'s' if lineup.units != 1 else ''} with replacement "
            f"{lineup.replicates} times. An interval is where the middle 95% of the replicates put a similarity; "
            "the support of a relative is the share of replicates in which it came out nearest, and a clade's "
            "support the share of replicate trees holding exactly that group. A support of 0.6 means that in "
            "six replicates out of ten the same answer came out: the evidence leans that way, but redrawing "
            "the prompts changes it often.") if lineup.replicates else \
        "No bootstrap was run: there are no intervals and no support values."
    return (
        '<div class="lead"><p><b>How to read it.</b> Each member\'s fingerprint is how its use of words, '
        "phrases, punctuation, formatting and reasoning markers departs from the pooled other members, prompt "
        "by prompt. Two members are similar when they lean the same way. This is <b>resemblance, not proof of "
        "training lineage</b>: models of one family, models tuned on the same data, or one trained on the "
        "other's outputs all look alike, and so may two unrelated models that happen to share a style.</p>"
        f"<p>The control is the lineup itself: most pairs are unrelated, and the median pair scores "
        f"<b>{c['median']:+.3f}</b>; only 1 pair in 20 scores above <b>{c['p95']:+.3f}</b>. {sure}</p></div>"
    )


def _nearest_table(lineup: Lineup) -> str:
    rows = []
    for name in lineup.names:
        cells = []
        for n in lineup.nearest(name)[:NEAREST_SHOWN]:
            interval = "" if n.low is None else f" <span class=muted>[{n.low:+.2f}, {n.high:+.2f}]</span>"
            sup = "" if n.support is None else f" · {n.support:.0%}"
            cells.append(f'<td data-v="{n.similarity}">{_e(n.model)} {n.similarity:+.2f}{interval}{sup}</td>')
        rows.append(f'<tr><th><a href="#m-{lineup.index(name)}">{_e(name)}</a></th>{"".join(cells)}</tr>')
    headers = ["member"] + [f"nearest {k + 1}" for k in range(NEAREST_SHOWN)]
    return ('<h2 id=nearest>Nearest relatives</h2><p class="muted">similarity, [95% interval], · share of '
            "bootstrap replicates in which it is the nearest</p>" + _table(headers, rows))


def _pair_rows(rows: list[PairFeature]) -> list[str]:
    return [f"<tr><td>{_e(r.feature)}</td>{_num(r.z_a, '{:+.1f}')}{_num(r.z_b, '{:+.1f}')}"
            f"{_num(r.per_10k_a, '{:.2f}')}{_num(r.per_10k_b, '{:.2f}')}</tr>" for r in rows]


def _member(lineup: Lineup, name: str) -> str:
    i = lineup.index(name)
    near = lineup.nearest(name)
    rows = [f"<tr><td>{_e(n.model)}</td>{_num(n.similarity)}{_num(n.low)}{_num(n.high)}"
            f"{_num(n.support, '{:.0%}')}</tr>" for n in near]
    own = [f"<tr><td>{_e(f.feature)}</td>{_num(f.z, '{:+.1f}')}{_num(f.per_10k, '{:.2f}')}</tr>"
           for f in lineup.features_of(name)]
    parts = [f'<section class="pair" id="m-{i}"><details><summary>{_e(name)} <span class="m">— nearest: '
             f"{_e(near[0].model)} {near[0].similarity:+.2f}</span></summary>",
             "<div class=tables><div><h3>Every other member</h3>",
             _table(["member", "similarity", "low", "high", "support"], rows, {1, 2, 3, 4}), "</div>",
             f"<div><h3>What {_e(name)} over-uses against the lineup</h3>",
             _table(["feature", "z", "per 10k words"], own, {1, 2}) if own else "<p class=muted>nothing</p>",
             "</div></div>"]
    rel = near[0].model
    shared = lineup.shared(name, rel)
    a_side, b_side = lineup.apart(name, rel)
    head = ["feature", f"z {name}", f"z {rel}", f"per 10k {name}", f"per 10k {rel}"]
    parts += [f"<h3>What {_e(name)} and its nearest, {_e(rel)}, both over-use</h3>",
              _table(head, _pair_rows(shared), {1, 2, 3, 4}) if shared else "<p class=muted>nothing</p>",
              "<h3>What sets them apart</h3><div class=tables><div>",
              _table(head, _pair_rows(a_side), {1, 2, 3, 4}) if a_side else "<p class=muted>nothing</p>",
              "</div><div>",
              _table(head, _pair_rows(b_side), {1, 2, 3, 4}) if b_side else "<p class=muted>nothing</p>",
              "</div></div></details></section>"]
    return "".join(parts)


def _inputs(lineup: Lineup) -> str:
    rows = []
    for m in lineup.members:
        rows.append(f"<tr><th>{_e(m.name)}</th><td>{_e(m.path.name)}</td>{_num(m.records, '{:,}')}"
                    f"{_num(m.words, '{:,}')}{_num(m.records_empty, '{:,}')}"
                    f"<td>{_e(m.reasoning_kind or '—')}</td>{_num(m.size, '{:,}')}"
                    f'<td class="hash">{_e(m.sha256)}</td></tr>')
    table = _table(["member", "file", "records used", "words", "empty records left out", "reasoning",
                    "size (bytes)", "SHA-256"], rows, {2, 3, 4, 6})
    left = ""
    if lineup.excluded:
        left = "<h3>Left out</h3><ul>" + "".join(f"<li><b>{_e(e.name)}</b>: {_e(e.why)}</li>"
                                                for e in lineup.excluded) + "</ul>"
    notes = "".join(f"<p class=muted>{_e(n)}</p>" for n in lineup.notes)
    return ("<h2 id=inputs>Inputs</h2>" + table + '<p class="muted">Check a copy of an input with <code>sha256sum '
            "FILE</code> (Windows: <code>certutil -hashfile FILE SHA256</code>).</p>" + left + notes)


def _settings(lineup: Lineup) -> str:
    s = lineup.settings
    values = {"part": s.part, "bootstrap replicates": lineup.replicates, "seed": s.seed,
              "bootstrap unit": "random group of prompts" if lineup.grouped else "prompt",
              "prompts": lineup.prompts, "prompt keys": lineup.keys, "features": len(lineup.features),
              "features listed": s.top}
    rows = [f"<tr><th>{_e(k)}</th><td><code>{_e(v)}</code></td></tr>" for k, v in values.items()]
    return "<h2 id=settings>Settings used</h2>" + _table(["setting", "value"], rows)


def render_lineup_html(lineup: Lineup) -> str:
    m = len(lineup.members)
    title = f"lineup of {m} output sets ({lineup.part})"
    created = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    toc = "".join(f"<a href=#{a}>{t}</a>" for a, t in (("picture", "Heatmap and tree"), ("nearest", "Nearest"),
                                                      ("members", "Members"), ("tree", "Newick"),
                                                      ("inputs", "Inputs"), ("settings", "Settings")))
    sub = (f"Tracepair {_e(__version__)} · generated {_e(created)} · {lineup.prompts} prompts, "
           f"{len(lineup.features):,} features")
    return page(f"Tracepair {title}", __version__, sub, [
        f'<nav class="toc">{toc}</nav>',
        _how_to_read(lineup),
        f'<h2 id=picture>Heatmap and tree</h2><figure style="margin:0">{lineup_svg(lineup)}</figure>',
        _nearest_table(lineup),
        "<h2 id=members>Members in detail</h2>",
        "".join(_member(lineup, n) for n in lineup.names),
        f"<h2 id=tree>Tree (Newick)</h2><pre class=hash>{_e(lineup.newick())}</pre>",
        _inputs(lineup), _settings(lineup),
    ])


def write_lineup_html(lineup: Lineup, path: Path | str) -> Path:
    """Write the page as UTF-8; returns the path."""
    return write_page(path, render_lineup_html(lineup))
