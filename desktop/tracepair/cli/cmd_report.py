"""``tracepair report A B -o report.html``: the reviewer's report, headless.

Writes the self-contained HTML report; ``--csv DIR`` adds passages.csv and idioms.csv;
``--png DIR`` adds PNGs of the comparison window and of each idiom chart (Qt is imported
only then, so the other paths start without it). Prints the paths written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tracepair.cli.options import add_min_tokens, check_min_tokens, fields_of, output_folder, output_path, written
from tracepair.core.idioms.stats import IdiomSettings
from tracepair.core.load.reader import load
from tracepair.core.match.comparison import CompareSettings, compare
from tracepair.core.model import LoadError, Source
from tracepair.core.report.contents import Report, make_report, pairs_for_key
from tracepair.core.report.csv_files import write_csv
from tracepair.core.report.html_page import write_html


def _pngs(args: argparse.Namespace, a: Source, b: Source, report: Report, folder: Path) -> list[Path]:
    """The comparison view (pair on show: the first reported one) and every idiom chart, at 2x."""
    from tracepair.ui.common.view_settings import ViewSettings
    from tracepair.ui.shell.app import make_app, render_offscreen
    key = report.pairs[0].pair.key if report.pairs else None
    view = ViewSettings(min_tokens=args.min_tokens)  # the window shows what the report shows
    out = [render_offscreen(a, b, folder / "comparison.png", key=key, settings=view)]
    from PySide6.QtCore import Qt

    from tracepair.ui.charts.idiom_panel import IdiomPanel

    app = make_app()
    panel = IdiomPanel()
    panel.resize(1000, 620)
    panel.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    panel.show()
    panel.set_report(report.idioms)
    app.processEvents()
    out += [p for p in panel.export_all(folder, "idioms") if p.suffix == ".png"]
    panel.close()
    return out


def run(args: argparse.Namespace) -> int:
    output = output_path(args.output, (".html", ".htm"), "the report is an HTML page")
    csv_dir = output_folder(args.csv) if args.csv else None
    png_dir = output_folder(args.png) if args.png else None
    check_min_tokens(args)
    fields = fields_of(args)
    a, b = load(args.a, fields), load(args.b, fields)
    comparison = compare(a, b, CompareSettings(min_tokens=args.min_tokens))
    pairs = None
    if args.prompt is not None:
        pairs = pairs_for_key(comparison, args.prompt)
        if not pairs:
            raise LoadError(args.b, f"no pair of {a.name} and {b.name} answers prompt {args.prompt!r}")
    idiom_settings = IdiomSettings(idiom_file=Path(args.idioms)) if args.idioms else None
    report = make_report(a, b, idiom_settings=idiom_settings, have={"comparison": comparison}, pairs=pairs)
    paths = [written(output, lambda: write_html(report, output))]
    if csv_dir is not None:
        paths += written(csv_dir, lambda: write_csv(report, csv_dir))
    if png_dir is not None:
        paths += written(png_dir, lambda: _pngs(args, a, b, report, png_dir))
    for p in paths:
        print(p)
    sys.stdout.flush()
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write a self-contained HTML report (and optionally CSV and PNG)")
    p.add_argument("a", metavar="A", help="a trace or an output set")
    p.add_argument("b", metavar="B", help="a trace or an output set")
    p.add_argument("-o", "--output", required=True, metavar="FILE.html", help="the HTML report to write")
    p.add_argument("--csv", metavar="DIR", help="also write passages.csv and idioms.csv into DIR")
    p.add_argument("--idioms", metavar="FILE", help="your idiom list (one phrase a line) instead of the shipped one")
    p.add_argument("--png", metavar="DIR", help="also write PNGs of the comparison view and the idiom charts")
    add_min_tokens(p)
    p.add_argument("--prompt", metavar="KEY", help="output sets: detail only the pair(s) of this prompt id "
                   "or key (prompt#sample); metrics and the chance baseline still cover every pair")
    p.set_defaults(func=run)
