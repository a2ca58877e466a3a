"""A ``Report`` as one self-contained HTML page.

No network reference of any kind: CSS inline, charts inline SVG, no fonts, no images; a tiny
inline script only adds conveniences (the page works without it). All text goes through
``html.escape``. Output sets keep each pair inside a collapsed ``<details>`` so a report of two
100-record sets stays a few MB and opens fast; a single pair is shown open.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from tracepair.core.align.alignment import Alignment
from tracepair.core.match.comparison import Metrics, pair_control_label
from tracepair.core.match.control import SHUFFLE_METHOD
from tracepair.core.match.versus_chance import measure_floor, ratio_text, score_floor, versus_chance
from tracepair.core.report.contents import PairReport, Report
from tracepair.core.report.page_style import page, write_page
from tracepair.core.report.svg_charts import bars_svg, scatter_svg
from tracepair.core.report.trace_html import place_id, side_html, step_id

#: Characters of a step shown in the alignment table, and of a passage in the passage table.
SNIPPET = 90


def _e(x: object) -> str:
    return escape(str(x), quote=True)


def _snip(text: str, n: int = SNIPPET) -> str:
    one = " ".join(text.split())
    return _e(one if len(one) <= n else one[: n - 1] + "…")


def _td(x: float | int, fmt: str = "{:.4f}") -> str:
    return f'<td class="n" data-v="{x}">{fmt.format(x)}</td>'


def _table(headers: list[str], rows: list[str], cls: str = "", numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f'<th{" class=n" if i in numeric else ""}>{_e(h)}</th>' for i, h in enumerate(headers))
    return (f'<div class="wrap"><table class="{cls}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


# --- top sections ----------------------------------------------------------------------------

def _inputs(r: Report) -> str:
    rows = []
    for side, f in (("A", r.a), ("B", r.b)):
        kind = "output set" if f.kind == "set" else "trace"
        rows.append(f"<tr><th>{side}</th><td>{_e(f.name)}</td><td>{kind}</td><td>{_e(f.format)}</td>"
                    f"<td>{_e(f.encoding)}</td>{_td(f.records, '{:,}')}<td>{_e(', '.join(f.models) or '—')}</td>"
                    f'{_td(f.size, "{:,}")}<td class="hash">{_e(f.sha256)}</td></tr>')
    return ("<h2 id=inputs>Inputs</h2>" + _table(
        ["", "file", "kind", "format", "encoding", "records", "models", "size (bytes)", "SHA-256"], rows,
        numeric={5, 7}) + '<p class="muted">Check a copy of an input with <code>sha256sum FILE</code> '
        "(Windows: <code>certutil -hashfile FILE SHA256</code>).</p>")


def _metric_rows(m: Metrics, control: Metrics | None, min_tokens: int, tokens: bool = True) -> list[str]:
    """One row per measure: its value, the control's value and their ratio (a dash where no control exists;
    "≥" where the control is below its resolution, see core.match.versus_chance)."""
    rows = []
    for name, attr, fmt, what in (
        ("weighted score", "weighted_score", "{:.4f}", "share of both sides' rarity weight inside shared passages"),
        ("A in B", "containment_a", "{:.2%}", "share of A's tokens inside a shared passage"),
        ("B in A", "containment_b", "{:.2%}", "share of B's tokens inside a shared passage"),
        ("Jaccard", "jaccard", "{:.4f}", "distinct N-grams in both / in either"),
        ("longest passage", "longest_tokens", "{:,}", "tokens"),
    ):
        value = getattr(m, attr)
        if control is None:
            chance_cells = "<td class=n>—</td><td class=n>—</td>"
        else:
            base = getattr(control, attr)
            floor = measure_floor(attr, control, min_tokens)
            chance_cells = f"{_td(base, fmt)}<td class=n>{ratio_text(value, base, floor)}</td>"
        rows.append(f"<tr><th>{name}</th>{_td(value, fmt)}{chance_cells}<td>{what}</td></tr>")
    if tokens:
        rows.append(f"<tr><th>tokens</th><td class=n>{m.tokens_a:,} / {m.tokens_b:,}</td><td class=n>—</td>"
                    "<td class=n>—</td><td>A / B</td></tr>")
    return rows


def _alignment_totals(r: Report) -> str:
    aligned = [p.alignment for p in r.pairs if p.alignment is not None]
    if not aligned:
        return '<p class="muted">No pair was aligned.</p>'
    n = sum(al.control.aligned_pairs for al in aligned)
    shuffled = sum(al.control.shuffled_pairs for al in aligned)
    chance = sum(al.control.chance_pairs for al in aligned)
    moves = sum(1 for al in aligned for p in al.pairs if p.kind == "move")
    return (f"<p>Aligned steps over {len(aligned)} pair(s): <b>{n:,}</b> in order (+{moves:,} moves); "
            f"with B's steps shuffled the same alignment finds <b>{shuffled:,}</b>, and a random pairing would "
            f"put {chance:,.1f} pairs above the minimum score (the control: order and content by chance).</p>")


def _metrics(r: Report) -> str:
    c = r.comparison
    shown = sum(len(p.passages) for p in r.pairs)
    near = sum(1 for p in r.pairs for x in p.passages if not x.exact)
    echo = sum(1 for x in c.passages if x.prompt_echo)
    out = ["<h2 id=metrics>Metrics</h2>",
           '<p class="lead">A number without a control is not evidence: each score stands next to what chance '
           "gives. Chance baseline: " + _e(c.chance_method) + " (here: totals over all control pairs; "
           "each pair below is read against its own control pair).</p>",
           f"<p><b>{_e(versus_chance(c).text())}</b></p>",
           _table(["measure", "value", "chance", "value / chance", "what it is"],
                  _metric_rows(c.metrics, c.chance_metrics, c.settings.min_tokens), numeric={1, 2, 3}),
           f"<p>{len(c.pairs):,} pair(s) compared; {len(r.pairs):,} shown below with {shown:,} shared passage(s) "
           f"({near:,} near-exact); {echo:,} passage(s) merely repeat the prompt and are "
           f"{'shown' if r.show_echo else 'left out'}.</p>"]
    out += [f'<p class="muted">{_e(n)}</p>' for n in c.notes]
    if c.left_out:
        listed = "; ".join(f"{x.side} {x.key} ({x.label()})" for x in c.left_out)
        out.append(f'<p class="muted">Records in no pair: {_e(listed)}.</p>')
    out.append(_alignment_totals(r))
    return "".join(out)


def _stat_cells(st) -> str:
    ci = f"{st.ci[0]:.2f}–{st.ci[1]:.2f}" if st.ci else "—"
    ratio = "—" if st.baseline_ratio is None else f"{st.baseline_ratio:.1f}"
    return f'{_td(st.count, "{:,}")}{_td(st.per_10k, "{:.2f}")}<td class=n>{ci}</td><td class=n>{ratio}</td>'


def _idioms(r: Report) -> str:
    v = r.idiom_view
    noun = v.settings.kind
    heads = [noun.rstrip("s"), "count", "per 10k", "95% interval", "× ordinary"]
    top = []
    for side, name, stats in (("A", v.name_a, v.top_a), ("B", v.name_b, v.top_b)):
        rows = [f"<tr><td>{_e(s.phrase)}</td>{_stat_cells(s)}</tr>" for s in stats]
        top.append(f"<div><h3>Top {noun} of {side}: {_e(name)}</h3>"
                   + (_table(heads, rows, numeric={1, 2, 3, 4}) if rows else '<p class="muted">none</p>') + "</div>")
    shared = [f"<tr><td>{_e(p.phrase)}</td>{_td(p.a.per_10k, '{:.2f}')}{_td(p.b.per_10k, '{:.2f}')}"
              f"<td class=n>{p.a.baseline_ratio or 0:.1f}</td><td class=n>{p.b.baseline_ratio or 0:.1f}</td></tr>"
              for p in v.shared]
    top.append("<div><h3>Shared favourites</h3>"
               + (_table([noun.rstrip("s"), "A per 10k", "B per 10k", "A × ordinary", "B × ordinary"], shared,
                         numeric={1, 2, 3, 4}) if shared else '<p class="muted">none</p>') + "</div>")
    return ("<h2 id=idioms>Idioms</h2>"
            f'<p class="lead">Control: the ordinary-English rate of each phrase ({_e(r.idioms.baseline)}); '
            "“× ordinary” is the side's rate over it (add-one smoothed). Intervals: 95% bootstrap over records "
            "(output sets only).</p>"
            + "".join(f'<p class="muted">{_e(n)}.</p>' for n in r.idioms.notes)
            + f'<div class="charts"><figure>{bars_svg(v)}</figure><figure>{scatter_svg(v)}</figure></div>'
            f'<div class="tables">{"".join(top)}</div>')


def _pairs_table(r: Report) -> str:
    rows = []
    for p in sorted(r.pairs, key=lambda p: -p.pair.metrics.weighted_score):
        m = p.pair.metrics
        # The pair's own control (same A record, B's answer to another prompt), not the set totals.
        control = p.pair.chance
        chance = control.weighted_score if control is not None else None
        al = p.alignment
        steps = (f"{al.control.aligned_pairs} <span class=muted>(shuffled {al.control.shuffled_pairs})</span>"
                 if al else "—")
        if control is None or chance is None:
            chance_cells = "<td class=n>—</td><td class=n>—</td>"
        else:
            floor = score_floor(control, r.compare_settings.min_tokens)
            chance_cells = (f'{_td(chance)}<td class="n" data-v="{m.weighted_score / max(chance, floor)}">'
                            f"{ratio_text(m.weighted_score, chance, floor)}</td>")
        rows.append(f'<tr><td><a href="#pair-{p.index}">{_e(p.label)}</a></td>{_td(m.weighted_score)}'
                    f"{chance_cells}{_td(m.containment_a, '{:.1%}')}"
                    f"{_td(m.containment_b, '{:.1%}')}{_td(len(p.passages), '{:,}')}"
                    f"{_td(m.longest_tokens, '{:,}')}<td class=n data-v={al.control.aligned_pairs if al else 0}>"
                    f"{steps}</td></tr>")
    heads = ["pair", "score", "chance", "× chance", "A in B", "B in A", "passages", "longest", "aligned steps"]
    head = "".join(f'<th data-sort{" class=n" if i else ""}>{h}</th>' for i, h in enumerate(heads))
    return ("<h2 id=pairs>Pairs</h2><p>Sorted by weighted score (click a header to sort, with scripts on). "
            "<b>chance</b> is each pair's own control: the same A record scored the same way against "
            f"{_e(_control_what(r))}; “≥” where that control shares less than one shortest passage, so the "
            "ratio is a lower bound; “—” where the pair shares nothing. "
            '<button class="js-only noprint" onclick="setAll(true)">Expand all</button> '
            '<button class="js-only noprint" onclick="setAll(false)">Collapse all</button></p>'
            f'<div class="wrap"><table class="pairs"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}'
            "</tbody></table></div>")


# --- one pair -------------------------------------------------------------------------------------

def _alignment(p: PairReport, prefix: str) -> str:
    al: Alignment | None = p.alignment
    if al is None:
        return '<p class="muted">Not aligned.</p>'
    c = al.control
    kinds = {k: sum(1 for x in al.pairs if x.kind == k) for k in ("match", "merge", "move")}
    head = (f"<p>{len(al.steps_a)} steps in A, {len(al.steps_b)} in B ({_e(al.settings.granularity)}): "
            f"{kinds['match']} matches, {kinds['merge']} merges, {kinds['move']} moves; mean score "
            f"{c.aligned_mean:.2f}. <b>Control</b>: a random pairing scores {c.random_pair_mean:.2f} on average "
            f"and would put {c.chance_pairs:.1f} pairs above {al.settings.min_score}; the unpaired steps' 99th "
            f"percentile is {c.random_pair_p99:.2f}; with B's steps shuffled the alignment finds "
            f"{c.shuffled_pairs} in-order pairs (real order: {c.aligned_pairs}).</p>")
    rows = []
    for x in al.pairs:
        sa = [al.steps_a[i] for i in x.a]
        sb = [al.steps_b[j] for j in x.b]
        la = "+".join(f'<a href="#{step_id(prefix, "a", i)}">{i}</a>' for i in x.a)
        lb = "+".join(f'<a href="#{step_id(prefix, "b", j)}">{j}</a>' for j in x.b)
        span_a = f"{min(s.start for s in sa)}-{max(s.end for s in sa)}"
        span_b = f"{min(s.start for s in sb)}-{max(s.end for s in sb)}"
        rows.append(f'<tr class="k-{x.kind}" data-a="{span_a}" data-b="{span_b}"><td class=n>{la}</td>'
                    f"<td class=n>{lb}</td><td>{x.kind}</td>{_td(x.score, '{:.2f}')}"
                    f'<td class="snip">{_snip(sa[0].text)}</td><td class="snip">{_snip(sb[0].text)}</td></tr>')
    table = _table(["A step", "B step", "kind", "score", "A", "B"], rows, "align", numeric={0, 1, 3})
    return head + (table if rows else '<p class="muted">No steps aligned.</p>')


def _passage_table(p: PairReport, prefix: str) -> str:
    rows = []
    for i, x in enumerate(p.passages):
        rows.append(f'<tr><td class=n><a href="#{place_id(prefix, "a", i, 0)}">{i + 1}</a></td>'
                    f"{_td(x.tokens, '{:,}')}{_td(x.rarity, '{:.2f}')}{_td(x.similarity, '{:.2f}')}"
                    f"<td class=n>{len(x.a_spans)} / {len(x.b_spans)}</td><td>{_snip(x.text, 160)}</td></tr>")
    if not rows:
        return '<p class="muted">No shared passages.</p>'
    return (f"<details><summary>{len(rows)} shared passage(s), most evidential first</summary>"
            + _table(["#", "tokens", "rarity", "similarity", "places A / B", "text (A)"], rows, numeric={0, 1, 2, 3, 4})
            + "</details>")


def _pane(side: str, p: PairReport, prefix: str) -> str:
    rec = p.a if side == "a" else p.b
    t = rec.trace
    al = p.alignment
    steps = (al.steps_a if side == "a" else al.steps_b) if al else None
    what = [x for x in (rec.model, rec.key or None,
                        f"reasoning: {t.reasoning_kind}" if t.reasoning and t.reasoning_kind else None) if x]
    return (f'<div class="pane"><h4>{side.upper()}: {_e(" · ".join(what) or "trace")}</h4>'
            f'<div class="text" id="{prefix}{side}-text" lang="">{side_html(t, p.passages, steps, side, prefix)}'
            "</div></div>")


def _control_what(r: Report) -> str:
    c = r.comparison
    shuffled = c.chance_method == SHUFFLE_METHOD
    return "B's record with its words shuffled" if shuffled else "B's answer to another prompt"


def _pair(p: PairReport, label: str, open_: bool, min_tokens: int) -> str:
    prefix = f"p{p.index}"
    m = p.pair.metrics
    control = p.pair.chance  # this pair's own control, so a pair's number stands next to a pair's number
    chance = "—" if control is None else f"{control.weighted_score:.4f}"
    summary = (f'<summary>{_e(p.label)} <span class="m">— score {m.weighted_score:.4f} '
               f"(chance {chance}), {len(p.passages)} passage(s), longest "
               f"{m.longest_tokens} tokens</span></summary>")
    prompt = p.a.prompt or p.b.prompt
    body = [f'<details class="prompt"><summary>Prompt</summary><div class="text">{_e(prompt)}</div></details>'
            if prompt else "",
            _table(["measure", "value", "chance", "value / chance", "what it is"],
                   _metric_rows(m, control, min_tokens), numeric={1, 2, 3}),
            f'<p class="muted">Chance for this pair: {_e(label)}.</p>',
            f'<div class="panes">{_pane("a", p, prefix)}{_pane("b", p, prefix)}</div>',
            _passage_table(p, prefix), "<h3>Aligned steps</h3>", _alignment(p, prefix)]
    return (f'<section class="pair" id="pair-{p.index}"><details{" open" if open_ else ""}>{summary}'
            f'{"".join(body)}</details></section>')


def _settings(r: Report) -> str:
    parts = []
    for stage, values in r.settings_used().items():
        rows = [f"<tr><th>{_e(k)}</th><td><code>{_e(v)}</code></td></tr>" for k, v in values.items()]
        parts.append(f"<div><h3>{stage}</h3>" + _table(["setting", "value"], rows) + "</div>")
    return f'<h2 id=settings>Settings used</h2><div class="tables">{"".join(parts)}</div>'


def render_html(report: Report) -> str:
    """The whole report page."""
    r = report
    many = len(r.pairs) > 1
    toc = ["<a href=#inputs>Inputs</a>", "<a href=#metrics>Metrics</a>", "<a href=#idioms>Idioms</a>",
           "<a href=#pairs>Pairs</a>" if many else "", "<a href=#settings>Settings</a>"]
    pairs = "".join(_pair(p, pair_control_label(r.comparison, p.pair), not many, r.compare_settings.min_tokens)
                    for p in r.pairs)
    note = ('<p class="printnote">Printed without scripts, collapsed pairs show only their summary line: '
            "open them in the browser before printing.</p>") if many else ""
    sub = (f"Tracepair {_e(r.version)} · generated {_e(r.created)} · {len(r.comparison.pairs):,} "
           "pair(s) compared")
    return page(f"Tracepair report: {r.title}", r.version, sub, [
        f'<nav class="toc">{"".join(toc)}</nav>',
        _inputs(r), _metrics(r), _idioms(r), _pairs_table(r) if many else "",
        f"<h2 class=detail-h>{'Pairs in detail' if many else 'The pair'}</h2>", note, pairs,
        _settings(r),
    ])


def write_html(report: Report, path: Path | str) -> Path:
    """Write the page as UTF-8; returns the path."""
    return write_page(path, render_html(report))
