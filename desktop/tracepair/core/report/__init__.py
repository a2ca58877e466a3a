"""The reviewer's report: ``contents`` gathers core results into a ``Report``; the renderers
(``html_page``, ``csv_files``, with ``svg_charts``, ``trace_html`` and ``page_style``) only format it."""

from tracepair.core.report.contents import Report, build_report, iter_report, make_report
from tracepair.core.report.csv_files import write_csv
from tracepair.core.report.html_page import render_html, write_html

__all__ = ["Report", "build_report", "iter_report", "make_report", "render_html", "write_csv", "write_html"]
