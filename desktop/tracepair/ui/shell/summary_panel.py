"""The numbers of the open comparison, each next to its control."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget

from tracepair.core.align.alignment import Alignment
from tracepair.core.match.comparison import Comparison, Metrics, PairResult, pair_control_label
from tracepair.core.match.results import LeftOut
from tracepair.core.match.versus_chance import measure_floor, ratio_text, score_text, versus_chance


def _metrics_rows(m: Metrics, k: Metrics | None, min_tokens: int) -> str:
    """Each measure with the control's value beside it (grey) and their ratio, so no number stands alone."""
    head = ("<tr><td></td><td align=right><small>value</small></td><td align=right><small>chance</small></td>"
            "<td align=right><small>×</small></td></tr>")
    rows = [head]
    for label, attr, fmt, strong in (
        ("Weighted score", "weighted_score", score_text, True),
        ("A contained in B", "containment_a", "{:.1%}".format, False),
        ("B contained in A", "containment_b", "{:.1%}".format, False),
        ("Jaccard (n-grams)", "jaccard", score_text, False),
        ("Longest passage", "longest_tokens", "{} tokens".format, False),
    ):
        value = fmt(getattr(m, attr))
        value = f"<b>{value}</b>" if strong else value
        base = fmt(getattr(k, attr)) if k is not None else "—"
        ratio = ratio_text(getattr(m, attr), getattr(k, attr), measure_floor(attr, k, min_tokens)) if k else "—"
        rows.append(f"<tr><td>{label}</td><td align=right>{value}</td>"
                    f"<td align=right><font color=gray>{base}</font></td>"
                    f"<td align=right><font color=gray>{ratio}</font></td></tr>")
    return "".join(rows)


def summary_html(c: Comparison | None, pair: PairResult | None, al: Alignment | None) -> str:
    if c is None:
        return "<i>Open two files to compare them.</i>"
    out = []
    n = c.settings.min_tokens
    out.append("<b>Shared phrasing, all pairs</b><table width=100%>"
               + _metrics_rows(c.metrics, c.chance_metrics, n) + "</table>")
    out.append(f"<small><b>{escape(versus_chance(c).text())}</b> Chance: {escape(c.chance_method)}.</small>")
    if len(c.pairs) > 1:
        out.append(f"<br><small>{len(c.pairs)} paired records, {len(c.passages)} shared passages.</small>")
    for note in c.notes:
        out.append(f"<br><small>{escape(note)}</small>")
    if pair is not None and len(c.pairs) > 1:
        # The pair's own control, not the set totals: a pair's number next to a pair's number.
        out.append(f"<hr><b>This pair</b> ({escape(pair.key or '')})<table width=100%>"
                   + _metrics_rows(pair.metrics, pair.chance, n) + "</table>"
                   + f"<small>Chance: {escape(pair_control_label(c, pair))}.</small>")
    if al is not None:
        ctl = al.control
        moves = sum(1 for p in al.pairs if p.kind == "move")
        out.append(
            "<hr><b>Aligned steps</b><table width=100%>"
            f"<tr><td>Steps A / B</td><td align=right>{len(al.steps_a)} / {len(al.steps_b)}</td></tr>"
            f"<tr><td>Aligned in order</td><td align=right><b>{ctl.aligned_pairs}</b></td></tr>"
            f"<tr><td>… with B shuffled</td><td align=right><b>{ctl.shuffled_pairs}</b></td></tr>"
            f"<tr><td>Moves</td><td align=right>{moves}</td></tr>"
            f"<tr><td>Mean aligned similarity</td><td align=right>{ctl.aligned_mean:.2f}</td></tr>"
            f"<tr><td>Random pair similarity</td><td align=right>{ctl.random_pair_mean:.2f}</td></tr>"
            "</table>"
        )
    return "".join(out)


def left_out_html(c: Comparison, x: LeftOut) -> str:
    """A record in no pair, read alone: which side, which prompt, and why it has no partner."""
    return (f"<b>Record {x.record + 1} of {x.side}</b> ({escape(x.key)}) is in no pair: {escape(x.explain())}.<br>"
            "<small>It is shown alone; nothing is compared. Pick a paired prompt to compare.</small><hr>"
            + summary_html(c, None, None))


class SummaryPanel(QScrollArea):
    """The numbers of the comparison on show, in a scroll area so a short window never cuts them off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setMargin(6)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.show_results(None, None, None)

    def text(self) -> str:
        return self.label.text()

    def show_results(self, c: Comparison | None, pair: PairResult | None, al: Alignment | None) -> None:
        self.label.setText(summary_html(c, pair, al))

    def show_left_out(self, c: Comparison, x: LeftOut) -> None:
        self.label.setText(left_out_html(c, x))

    def show_message(self, html: str) -> None:
        """A state with no numbers to show (computing, cancelled, failed): say which."""
        self.label.setText(html)
