"""The report pages' inline CSS, their tiny optional script, and the page around them (the pair
report and the lineup report share all three).

Highlight colours follow the window (ui/highlight.py): passage i has hue i on both sides,
blended into white by its rarity (rarer = stronger), near-exact passages paler and dotted.
Print: no sticky headers, each pair on a new page, marks keep their colour where the browser
prints backgrounds and are underlined in black where it does not.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from tracepair.core.report.trace_html import LEVELS

#: The window's paired hues (ui/highlight.py HUES), repeated here because core cannot import the UI.
HUES = ("#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7",
        "#999933", "#44aa99", "#aa4499", "#88ccee", "#ddcc77")


def mix(colour: str, t: float, base: str = "#ffffff") -> str:
    """``colour`` blended into ``base``: t=0 gives base, t=1 the colour."""
    c = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(base[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(bb + (cc - bb) * t):02x}" for cc, bb in zip(c, b, strict=True))


def _mark_rules() -> str:
    rules = []
    for h, colour in enumerate(HUES):
        for s in range(LEVELS):
            t = 0.32 + 0.48 * s / (LEVELS - 1)  # as ui/highlight.highlight_colour
            rules.append(f"mark.h{h}.s{s}{{background:{mix(colour, t)}}}")
            rules.append(f"mark.h{h}.s{s}.n{{background:{mix(colour, t * 0.6)}}}")
        rules.append(f"mark.h{h}.n{{text-decoration-color:{mix(colour, 1.0, '#000000')}}}")
    return "\n".join(rules)


CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:#111;background:#fff;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",
 "Noto Sans CJK SC","Microsoft YaHei",sans-serif}
main{max-width:1900px;margin:0 auto;padding:8px 20px 48px}
h1{font-size:1.45rem;margin:.6em 0 .2em}
h2{font-size:1.2rem;margin:1.6em 0 .5em;border-bottom:2px solid #222;padding-bottom:2px}
h3{font-size:1.05rem;margin:1.2em 0 .4em}
p.sub,.muted{color:#555}
nav.toc a{margin-right:1em}
a{color:#0a58a6}
code,.hash{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:12.5px}
.hash{overflow-wrap:anywhere}
.wrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:13px;margin:.3em 0 .8em}
th,td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3;font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th[data-sort]{cursor:pointer}
.lead{background:#f6f8fa;border-left:4px solid #555;padding:6px 10px;margin:.6em 0}
.charts{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
.charts figure{margin:0;flex:1 1 480px;max-width:780px}
.charts figure+figure{flex-basis:360px;max-width:560px}
svg.chart{width:100%;height:auto;border:1px solid #ddd}
.tables{display:flex;flex-wrap:wrap;gap:12px 28px}
.tables>div{flex:1 1 340px;min-width:min-content}
section.pair{border-top:1px solid #bbb;padding-top:4px}
section.pair>details>summary{cursor:pointer;padding:6px 0;font-weight:600}
summary .m{font-weight:400;color:#444}
.panes{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:14px;margin:.5em 0}
.pane h4{position:sticky;top:0;z-index:2;background:#fff;margin:0;padding:4px 0;border-bottom:1px solid #bbb;
 font-size:13px}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font-size:14px;line-height:1.55}
.prompt .text{background:#fafafa;border:1px solid #eee;padding:6px}
a.ml{color:inherit;text-decoration:none}
mark{color:inherit;border-radius:2px;padding:0}
mark.n{text-decoration:underline dotted 2px}
a.ml:hover mark,mark:target{outline:2px solid #111}
.st::before{content:attr(data-n);font:10px/1 system-ui,sans-serif;color:#777;border:1px solid #ccc;
 border-radius:3px;padding:0 3px;margin-right:3px;vertical-align:2px}
.st:target::before{background:#ffd54a;color:#000;border-color:#000}
.part{display:block;font:600 11px system-ui,sans-serif;letter-spacing:.06em;text-transform:uppercase;color:#666}
.part::before{content:attr(data-label)}
tr.k-move td{background:#fff4e0}
tr.k-merge td{background:#eef6ff}
.snip{color:#444;max-width:34em}
.js-only{display:none}
html.js .js-only{display:inline-block}
.printnote{display:none}
@media (max-width:760px){
 main{padding:6px 10px 32px}
 .panes{grid-template-columns:minmax(0,1fr)}
 .pane h4{position:static}
 body{font-size:14px}
 .wrap table{width:max-content;max-width:none}
}
@media print{
 body{font-size:10.5pt}
 main{max-width:none;padding:0}
 nav.toc,.js-only,.noprint{display:none!important}
 .printnote{display:block}
 .pane h4{position:static}
 section.pair{break-before:page}
 .detail-h+section.pair,.detail-h+.printnote+section.pair{break-before:auto}
 .wrap{overflow:visible}
 .wrap table{width:100%}
 .hash{word-break:break-all}
 h2,h3,h4{break-after:avoid}
 tr,figure{break-inside:avoid}
 a{color:inherit;text-decoration:none}
 mark{-webkit-print-color-adjust:exact;print-color-adjust:exact;border-bottom:1.5px solid #000;border-radius:0}
 mark.n{border-bottom-style:dotted}
 svg.chart{border:none}
}
""" + _mark_rules()

#: Optional: the page works without it. Opens the <details> holding a link's target, opens all
#: pairs before printing, sorts a table by a clicked header, expands or collapses all pairs.
SCRIPT = """
document.documentElement.classList.add('js');
function openTo(id){var e=id&&document.getElementById(id);while(e){if(e.tagName==='DETAILS')e.open=true;
e=e.parentElement;}}
addEventListener('hashchange',function(){openTo(decodeURIComponent(location.hash.slice(1)));});
addEventListener('DOMContentLoaded',function(){openTo(decodeURIComponent(location.hash.slice(1)));});
addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true;});});
function setAll(o){document.querySelectorAll('section.pair>details').forEach(function(d){d.open=o;});}
document.addEventListener('click',function(ev){var th=ev.target.closest('th[data-sort]');if(!th)return;
var t=th.closest('table'),b=t.tBodies[0],i=Array.prototype.indexOf.call(th.parentNode.children,th);
var asc=th.dataset.dir!=='asc';th.dataset.dir=asc?'asc':'desc';var rows=Array.prototype.slice.call(b.rows);
rows.sort(function(x,y){var p=x.cells[i].dataset.v,q=y.cells[i].dataset.v;
var d=(p!==undefined&&q!==undefined)?(parseFloat(p)-parseFloat(q)):x.cells[i].textContent.localeCompare(
y.cells[i].textContent);return asc?d:-d;});rows.forEach(function(r){b.appendChild(r);});});
"""


def page(heading: str, version: str, sub_html: str, body: list[str]) -> str:
    """A whole self-contained page: ``heading`` (text) as title and h1, ``sub_html`` under it, then ``body``."""
    h = escape(heading, quote=True)
    return "".join([
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>",
        '<meta name=viewport content="width=device-width,initial-scale=1">',
        f'<meta name=generator content="Tracepair {escape(version, quote=True)}">',
        f"<title>{h}</title><style>{CSS}</style></head><body><main>",
        f"<h1>{h}</h1>", f'<p class="sub">{sub_html}</p>', *body,
        f"</main><script>{SCRIPT}</script></body></html>\n",
    ])


def write_page(path: Path | str, text: str) -> Path:
    """Write a page as UTF-8 (making its folder); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
