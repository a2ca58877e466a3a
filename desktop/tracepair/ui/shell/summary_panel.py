"""The numbers of the open comparison, each next to its control."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from tracepair.core.align.alignment import Alignment
from tracepair.core.match.comparison import Comparison, Metrics, PairResult, pair_control_label


def _metrics_rows(m: Metrics, k: Metrics | None) -> str:
    """Each measure with the control's value beside it (grey), so no number stands alone."""
    head = "<tr><td></td><td align=right><small>value</small></td><td align=right><small>chance</small></td></tr>"
    rows = [head]
    for label, attr, fmt, strong in (
        ("Weighted score", "weighted_score", "{:.3f}", True),
        ("A contained in B", "containment_a", "{:.1%}", False),
        ("B contained in A", "containment_b", "{:.1%}", False),
        ("Jaccard (n-grams)", "jaccard", "{:.3f}", False),
        ("Longest passage", "longest_tokens", "{} tokens", False),
    ):
        value = fmt.format(getattr(m, attr))
        value = f"<b>{value}</b>" if strong else value
        base = fmt.format(getattr(k, attr)) if k is not None else "—"
        rows.append(f"<tr><td>{label}</td><td align=right>{value}</td>"
                    f"<td align=right><font color=gray>{base}</font></td></tr>")
    return "".join(rows)


def summary_html(c: Comparison | None, pair: PairResult | None, al: Alignment | None) -> str:
    if c is None:
        return "<i>Open two files to compare them.</i>"
    out = []
    ratio = c.metrics.weighted_score / c.chance_score if c.chance_score > 0 else float("inf")
    verdict = "above" if c.metrics.weighted_score > c.chance_score else "not above"
    out.append("<b>Shared phrasing, all pairs</b><table width=100%>"
               + _metrics_rows(c.metrics, c.chance_metrics) + "</table>")
    ratio_text = f" ({ratio:.1f}×)" if ratio != float("inf") else ""
    out.append(f"<small>Weighted score is <b>{verdict}</b> chance{ratio_text}. "
               f"Chance: {escape(c.chance_method)}.</small>")
    if len(c.pairs) > 1:
        out.append(f"<br><small>{len(c.pairs)} paired records, {len(c.passages)} shared passages.</small>")
    for note in c.notes:
        out.append(f"<br><small>{escape(note)}</small>")
    if pair is not None and len(c.pairs) > 1:
        # The pair's own control, not the set totals: a pair's number next to a pair's number.
        out.append(f"<hr><b>This pair</b> ({escape(pair.key or '')})<table width=100%>"
                   + _metrics_rows(pair.metrics, pair.chance) + "</table>"
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


class SummaryPanel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setMargin(6)
        self.show_results(None, None, None)

    def show_results(self, c: Comparison | None, pair: PairResult | None, al: Alignment | None) -> None:
        self.setText(summary_html(c, pair, al))
