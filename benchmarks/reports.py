"""Reports: Tracepair's HTML report vs the standard library's side-by-side HTML diff, on real output sets.

The obvious alternative for "put both sides in one HTML page" is ``difflib.HtmlDiff``: a
side-by-side table of every pair, differences marked in order. Both are run on the same
pairs, side by side in one run:

- tracepair: ``make_report`` (comparison, idioms, alignment of every pair) then
  ``write_html`` — the whole of ``tracepair report A B -o FILE.html``;
- tracepair, page only: ``write_html`` of the already computed report (what a change of
  page layout costs);
- difflib.HtmlDiff: ``make_file`` per pair on the answer lines (wrapped at 80 columns), the
  pages concatenated (only in-order differences; no shared passages out of order, no
  rarity, no alignment, no control).

Columns: seconds, size of the page, and whether the page needs a network fetch (it must not).

Run: .venv/bin/python benchmarks/reports.py [--pairs N]
"""

from __future__ import annotations

import argparse
import difflib
import re
import tempfile
import textwrap
import time
from pathlib import Path

from tracepair.core.load.reader import load
from tracepair.core.match.comparison import compare
from tracepair.core.report.contents import make_report
from tracepair.core.report.html_page import write_html

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SETS = [
    ("slop-forensics/generated_meta-llama__llama-4-maverick.jsonl",
     "slop-forensics/generated_meta-llama__llama-4-scout.jsonl"),
    ("misguided-attention/deepseek-r1-0528.jsonl", "misguided-attention/qwen3-235b-a22b-think.jsonl"),
]
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""", re.I)


def _lines(text: str) -> list[str]:
    return [w for para in text.splitlines() for w in (textwrap.wrap(para, 80) or [""])]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=0, help="limit the pairs (0 = all)")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for fa, fb in SETS:
            a, b = load(DATA / fa), load(DATA / fb)
            c = compare(a, b)
            chosen = list(range(len(c.pairs)))[: args.pairs or None]
            t0 = time.perf_counter()
            report = make_report(a, b, pairs=chosen)
            ours = write_html(report, Path(tmp) / "ours.html")
            t_ours = time.perf_counter() - t0
            t0 = time.perf_counter()
            write_html(report, Path(tmp) / "again.html")
            t_page = time.perf_counter() - t0

            t0 = time.perf_counter()
            diff = difflib.HtmlDiff(wrapcolumn=80)
            pages = []
            for k in chosen:
                p = c.pairs[k]
                ta, tb = a.records[p.a_record].trace.text, b.records[p.b_record].trace.text
                pages.append(diff.make_file(_lines(ta), _lines(tb), f"A #{p.a_record}", f"B #{p.b_record}"))
            theirs = Path(tmp) / "difflib.html"
            theirs.write_text("\n".join(pages), encoding="utf-8")
            t_difflib = time.perf_counter() - t0

            name = f"{a.path.stem.removeprefix('generated_')} vs {b.path.stem.removeprefix('generated_')}"
            for label, secs, path in (("tracepair (compute + page)", t_ours, ours),
                                      ("tracepair (page only)", t_page, ours),
                                      ("difflib.HtmlDiff", t_difflib, theirs)):
                html = path.read_text(encoding="utf-8")
                rows.append((name, len(chosen), label, secs, path.stat().st_size,
                             "yes" if EXTERNAL.search(html) else "no"))

    print(f"{'pair of output sets':<56} {'pairs':>5}  {'method':<28} {'seconds':>8} {'page':>9}  network")
    for name, n, label, secs, size, net in rows:
        print(f"{name:<56} {n:>5}  {label:<28} {secs:>8.2f} {size / 1e6:>7.2f}MB  {net}")
    print("\ntracepair (compute + page): comparison, idioms, alignment of every pair and the page;"
          "\ndifflib.HtmlDiff: in-order line differences only, one page per pair, concatenated.")


if __name__ == "__main__":
    main()
