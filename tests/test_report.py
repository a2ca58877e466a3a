"""The HTML report: well-formed, self-contained, shows every shared passage linked to its partner,
the inputs' hashes, and the same passages and aligned steps as the window for the same inputs."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tracepair.core.load.reader import load
from tracepair.core.match.comparison import compare
from tracepair.core.report.contents import make_report, pairs_for_key
from tracepair.core.report.html_page import render_html
from tracepair.core.report.svg_charts import bars_svg, scatter_svg

DEEPSEEK = "deepseek-r1-0528.jsonl"
QWEN = "qwen3-235b-a22b-think.jsonl"
KEY = "river_crossing_simple#0"
MAVERICK = "generated_meta-llama__llama-4-maverick.jsonl"
SCOUT = "generated_meta-llama__llama-4-scout.jsonl"
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr", "source", "area", "base", "embed", "track"}


class Page(HTMLParser):
    """Checks nesting and collects ids, links, CSS, each pane's text and its marks, and alignment rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.refs: list[tuple[str, str]] = []  # (attribute, value) of src/href
        self.css: list[str] = []
        self.panes: dict[str, str] = {}  # pane id -> text
        self.marks: list[dict] = []  # pane, keys, start, end, href
        self.rows: dict[str, list[tuple[str, str, str]]] = {}  # section id -> (data-a, data-b, kind)
        self.details: list[dict] = []
        self._pane: str | None = None
        self._section: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        for k in ("src", "href"):
            if k in a:
                self.refs.append((k, a[k] or ""))
        if "style" in a:
            self.css.append(a["style"] or "")
        if tag == "section" and a.get("id", "").startswith("pair-"):
            self._section = a["id"]
        if tag == "details" and self.stack and self.stack[-1][0] == "section":
            self.details.append(a)
        if tag == "div" and "text" in (a.get("class") or "").split() and a.get("id", "").endswith("-text"):
            self._pane = a["id"]
            self.panes[self._pane] = ""
        if tag == "mark" and self._pane:
            href = self.stack[-1][1].get("href") if self.stack and self.stack[-1][0] == "a" else None
            n = len(self.panes[self._pane])
            self.marks.append({"pane": self._pane, "keys": a["data-o"].split(), "start": n, "end": n, "href": href})
        if tag == "tr" and "data-a" in a:
            self.rows.setdefault(self._section or "", []).append((a["data-a"], a["data-b"], a["class"][2:]))
        if tag not in VOID:
            self.stack.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1][0] if self.stack else None}>")
            return
        _, a = self.stack.pop()
        if tag == "div" and a.get("id") == self._pane:
            self._pane = None

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "style":
            self.css.append(data)
        if self._pane:
            self.panes[self._pane] += data
            if self.stack[-1][0] == "mark":
                self.marks[-1]["end"] += len(data)


def parse(html: str) -> Page:
    p = Page()
    p.feed(html)
    p.close()
    return p


@pytest.fixture(scope="module")
def trace_pair(misguided_dir: Path):
    a, b = load(misguided_dir / DEEPSEEK), load(misguided_dir / QWEN)
    c = compare(a, b)
    report = make_report(a, b, have={"comparison": c}, pairs=pairs_for_key(c, KEY))
    return a, b, report, render_html(report)


@pytest.fixture(scope="module")
def set_pair(slop_dir: Path):
    a, b = load(slop_dir / MAVERICK), load(slop_dir / SCOUT)
    report = make_report(a, b)
    return a, b, report, render_html(report)


def places(page: Page, pane: str) -> dict[str, list[tuple[int, int]]]:
    """Each place ("passage.occurrence") of a pane as the list of its segments' offsets."""
    out: dict[str, list[tuple[int, int]]] = {}
    for m in page.marks:
        if m["pane"] == pane:
            for k in m["keys"]:
                out.setdefault(k, []).append((m["start"], m["end"]))
    return out


@pytest.mark.parametrize("which", ["trace_pair", "set_pair"])
def test_report_is_well_formed_and_references_nothing_outside(which: str, request) -> None:
    html = request.getfixturevalue(which)[3]
    page = parse(html)
    assert page.errors == [] and [t for t, _ in page.stack] == []
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    assert page.refs and all(v.startswith("#") for _, v in page.refs), [v for _, v in page.refs if v[:1] != "#"]
    css = " ".join(page.css)
    assert "@import" not in css and not re.search(r"url\(", css)
    assert "<meta charset=utf-8>" in html.lower()


@pytest.mark.parametrize("which", ["trace_pair", "set_pair"])
def test_every_shown_passage_is_marked_in_place_and_links_to_an_existing_partner(which: str, request) -> None:
    _, _, report, html = request.getfixturevalue(which)
    page = parse(html)
    ids = set(page.ids)
    assert all(m["href"] and m["href"][1:] in ids for m in page.marks)
    for pr in report.pairs:
        prefix = f"p{pr.index}"
        for side, rec in (("a", pr.a), ("b", pr.b)):
            pane = f"{prefix}{side}-text"
            assert page.panes[pane] == rec.trace.text  # the pane's text is the trace, unaltered
            got = places(page, pane)
            for i, p in enumerate(pr.passages):
                for k, (s, e) in enumerate(p.a_spans if side == "a" else p.b_spans):
                    segs = sorted(got[f"{i}.{k}"])
                    assert segs[0][0] == s and segs[-1][1] == e
                    assert "".join(page.panes[pane][x:y] for x, y in segs) == rec.trace.text[s:e]
                    assert f"{prefix}{side}{i}-{k}" in ids
        assert not any(x.prompt_echo for x in pr.passages)


def test_report_states_each_inputs_sha256_and_size(trace_pair, misguided_dir: Path) -> None:
    html = trace_pair[3]
    for name in (DEEPSEEK, QWEN):
        data = (misguided_dir / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() in html
        assert f"{len(data):,}" in html


def test_report_matches_what_the_window_shows(trace_pair, misguided_dir: Path, qtbot) -> None:
    from tracepair.ui.shell.app import build_window

    w = build_window(misguided_dir / DEEPSEEK, misguided_dir / QWEN, KEY)
    qtbot.addWidget(w)
    assert w.current_pair.key == KEY
    shown = w.compare_view.data
    _, _, report, html = trace_pair
    page = parse(html)
    (pr,) = report.pairs
    prefix = f"p{pr.index}"
    for side, pane_spans in (("a", lambda p: p.a_spans), ("b", lambda p: p.b_spans)):
        got = places(page, f"{prefix}{side}-text")
        report_spans = [tuple((min(got[f"{i}.{k}"])[0], max(got[f"{i}.{k}"])[1])
                              for k in range(len(pane_spans(p)))) for i, p in enumerate(pr.passages)]
        assert report_spans == [tuple(pane_spans(p)) for p in shown.passages]
    assert len(shown.links) > 0
    assert page.rows[f"pair-{pr.index}"] == [
        (f"{lk.a[0]}-{lk.a[1]}", f"{lk.b[0]}-{lk.b[1]}", lk.kind) for lk in shown.links]


def test_output_sets_report_stays_small_with_pairs_collapsed_and_listed_by_score(set_pair) -> None:
    _, _, report, html = set_pair
    assert len(report.pairs) == 100
    assert len(html.encode()) < 5_000_000
    page = parse(html)
    assert len(page.details) == 100 and not any("open" in d for d in page.details)
    listed = re.findall(r'<tr><td><a href="#pair-(\d+)">', html)
    scores = [report.comparison.pairs[int(i)].metrics.weighted_score for i in listed]
    assert len(listed) == 100 and scores == sorted(scores, reverse=True)


def test_model_text_is_escaped_and_cjk_survives(tmp_path: Path, misguided_dir: Path) -> None:
    # Constructed: two text files sharing a planted passage with markup, an ampersand and CJK.
    planted = "<div> the river & the 小船 carries one human and one animal </div> if x < y"
    (tmp_path / "a.txt").write_text(f"Opening words of A.\n\n{planted}\n\nA closes here.", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"B starts differently.\n\n{planted} and more.", encoding="utf-8")
    a, b = load(tmp_path / "a.txt"), load(tmp_path / "b.txt")
    report = make_report(a, b)
    html = render_html(report)
    assert planted in a.trace.text
    assert "<div> the" not in html and "&lt;div&gt; the river &amp; the 小船" in html
    page = parse(html)
    assert page.errors == []
    (pr,) = report.pairs
    assert page.panes["p0a-text"] == a.trace.text
    assert any("小船" in a.trace.text[s:e] for p in pr.passages for s, e in p.a_spans)


def test_idiom_charts_are_valid_svg_with_axes_and_legend(set_pair) -> None:
    report = set_pair[2]
    v = report.idiom_view
    bars = ET.fromstring(bars_svg(v))
    texts = [t.text or "" for t in bars.iter("text")]
    assert "occurrences per 10,000 words" in texts
    assert any(v.name_a in t for t in texts) and any(v.name_b in t for t in texts)
    assert len([r for r in bars.iter("rect") if r.find("title") is not None]) == 2 * len(v.bars)
    scatter = ET.fromstring(scatter_svg(v))
    assert len(list(scatter.iter("circle"))) >= len(v.scatter_phrases)
    assert any("(log)" in (t.text or "") for t in scatter.iter("text"))


def test_pairs_are_read_against_their_own_control_pair(set_pair) -> None:
    _, b, report, html = set_pair
    c = report.comparison
    rows = re.findall(r'<tr><td><a href="#pair-(\d+)">[^<]*</a></td><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td>'
                      r"<td[^>]*>([^<]*)</td>", html)
    assert len(rows) == 100
    differs = 0
    for idx, score, chance, ratio in rows:
        pair = c.pairs[int(idx)]
        own = pair.chance.weighted_score
        assert chance == f"{own:.4f}" and score == f"{pair.metrics.weighted_score:.4f}"
        # value / control, the control floored at one shortest passage (then "≥", a lower bound)
        value, floor = pair.metrics.weighted_score, 2 * c.settings.min_tokens * 0.05 / pair.chance.weight
        x = value / max(own, floor)
        number = f"{x:.1f}" if x < 100 else f"{x:,.0f}"
        assert ratio == ("—" if value == 0 else f"≥ {number}×" if own < floor else f"{number}×")
        differs += chance != f"{c.chance_score:.4f}"
    assert differs > 50  # the set-level control would put the same number on every row
    # Each pair's detail names the record its control came from and shows that control's longest passage.
    for pr in report.pairs[:10]:
        section = html[html.index(f'id="pair-{pr.index}"'):]
        section = section[: section.index("</section>")]
        other = b.records[pr.pair.chance_b_record]
        assert f"against B&#x27;s answer to another prompt (prompt {other.key})" in section
        longest = re.search(r"<th>longest passage</th><td[^>]*>[^<]*</td><td[^>]*>([^<]*)</td>", section)
        assert longest and longest.group(1) == f"{pr.pair.chance.longest_tokens:,}"
