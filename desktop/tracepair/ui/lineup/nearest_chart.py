"""Nearest relatives, with how sure: each row a pair, its similarity (a dot), its 95% interval (a
whisker) and its support (how often the relative came out as the member's nearest over the bootstrap
replicates), against the lineup's control (dashed lines: the median pair and the 95th percentile).

Two modes: the **overview**, each member's nearest relative (members in the tree's order: the
lineup's finding at a glance, the table ``tracepair lineup`` prints), and **one member**, every other
member ranked by similarity. Click a row: ``rowClicked(member, relative)`` (what they share);
double-click: ``rowActivated`` (the two sets side by side). The chart is as tall as its rows; the
view puts it in a scroll area.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from tracepair.core.lineup import Lineup
from tracepair.ui.lineup import layout
from tracepair.ui.lineup.scale import lineup_words

ROW_H = 19
#: The overview's least plot width: the names get the rest, on two lines when one is too short for both.
OVERVIEW_PLOT = 110
HEAD_H = 40  # the axis: tick values and the control's two marks
TITLE_H = 24
P95_COLOUR = QColor("#b2182b")


@dataclass(frozen=True)
class NearRow:
    member: str
    name: str  # the relative
    similarity: float
    low: float | None
    high: float | None
    support: float | None


def nearest_rows(lineup: Lineup, member: str) -> list[NearRow]:
    """Every other member, most similar first."""
    return [NearRow(member, n.model, n.similarity, n.low, n.high, n.support) for n in lineup.nearest(member)]


def overview_rows(lineup: Lineup) -> list[NearRow]:
    """Each member's nearest, members in the tree's order."""
    out = []
    for i in lineup.order():
        member = lineup.names[i]
        n = lineup.nearest(member)[0]
        out.append(NearRow(member, n.model, n.similarity, n.low, n.high, n.support))
    return out


def _ticks(lo: float, hi: float, most: int = 6) -> list[float]:
    span = hi - lo
    step = next((s for s in (0.05, 0.1, 0.2, 0.25, 0.5, 1.0) if span / s <= max(most, 1)), 1.0)
    first = -(-lo // step) * step
    out = []
    v = first
    while v <= hi + 1e-9:
        out.append(round(v, 6))
        v += step
    return out


def signed(v: float) -> str:
    """``+0.43``; a value that rounds to zero is ``0.00`` (never ``-0.00``)."""
    return "0.00" if abs(v) < 0.005 else f"{v:+.2f}"


class NearestChart(QWidget):
    rowClicked = Signal(str, str)  # member, relative
    rowActivated = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.member = ""  # one member's relatives; "" in the overview
        self.overview = False
        self.rows: list[NearRow] = []
        self.what = ""  # what is compared, in words ("answers", "listed features")
        self.replicates = 0
        self.control: dict[str, float] = {}
        self.selected: tuple[str, str] = ("", "")  # the pair shown in "what they share"
        self.message = "No lineup on show."
        #: Draw a title naming the member (images written without the view's header).
        self.titled = False
        self._hover = -1
        self._range = (-1.0, 1.0)

    def set_rows(self, lineup: Lineup, member: str, selected: tuple[str, str] = ("", "")) -> None:
        """``member``'s relatives, most similar first."""
        self.member, self.overview = member, False
        self._set(lineup, nearest_rows(lineup, member), selected)

    def set_overview(self, lineup: Lineup, selected: tuple[str, str] = ("", "")) -> None:
        """Each member's nearest relative."""
        self.member, self.overview = "", True
        self._set(lineup, overview_rows(lineup), selected)

    def _set(self, lineup: Lineup, rows: list[NearRow], selected: tuple[str, str]) -> None:
        self.rows = rows
        self.what = lineup_words(lineup)
        self.replicates = lineup.replicates
        self.control = lineup.control()
        self.selected = selected
        values = [v for r in self.rows for v in (r.similarity, r.low, r.high) if v is not None]
        values += [self.control["median"], self.control["p95"]]
        lo, hi = min(values), max(values)
        pad = max((hi - lo) * 0.06, 0.02)
        self._range = (max(lo - pad, -1.0), min(hi + pad, 1.0))
        self._hover = -1
        self._fit()

    def clear(self, message: str) -> None:
        self.member, self.overview, self.rows, self.selected, self.message = "", False, [], ("", ""), message
        self._hover = -1
        self._fit()

    def select(self, member: str, relative: str) -> None:
        self.selected = (member, relative)
        self.update()

    def _is_selected(self, r: NearRow) -> bool:
        member, relative = self.selected
        return r.member == member and (self.overview or r.name == relative)

    def label(self, k: int) -> str:
        r = self.rows[k]
        return f"{r.member} → {r.name}" if self.overview else f"{k + 1}. {r.name}"

    def _fitted(self, fm: QFontMetricsF, k: int, width: float) -> str:
        """Row ``k``'s label cut to ``width``; in the overview each name is cut on its own side of the arrow."""
        text = self.label(k)
        if not self.overview or fm.horizontalAdvance(text) <= width:
            return fm.elidedText(text, Qt.TextElideMode.ElideMiddle, width)
        r = self.rows[k]
        room = width - fm.horizontalAdvance(" → ")
        a, b = fm.horizontalAdvance(r.member), fm.horizontalAdvance(r.name)
        a_room = max(room / 2, room - b) if a > room / 2 else a
        member = fm.elidedText(r.member, Qt.TextElideMode.ElideMiddle, a_room)
        name = fm.elidedText(r.name, Qt.TextElideMode.ElideMiddle, room - fm.horizontalAdvance(member))
        return f"{member} → {name}"

    def title(self) -> str:
        if self.overview:
            return f"Each member's nearest relative ({self.what})"
        return f"Nearest relatives of {self.member} ({self.what})"

    def _top(self) -> float:
        return (TITLE_H if self.titled else 0) + HEAD_H

    def refit(self) -> None:
        """Height for the rows (and the title when ``titled``)."""
        self._fit()

    def _fit(self) -> None:
        h = int(self._top() + self.row_h() * len(self.rows) + 8) if self.rows else 80
        self.setFixedHeight(h)
        self.updateGeometry()
        self.update()

    def natural_width(self, plot: int = 300) -> int:
        """A width at which no name is cut and the plot has ``plot`` pixels (for images)."""
        fm = QFontMetricsF(self.font())
        names, nums = self._label_w(fm), self._nums_w(fm)
        return math.ceil(max(names / 0.4, names + 10 + plot + nums) if not self.overview
                         else names + 10 + plot + nums)

    def sizeHint(self) -> QSize:
        return QSize(440, self.height())

    def resizeEvent(self, event) -> None:  # type: ignore[override]
        if self.overview and event.oldSize().width() != event.size().width():
            self._fit()  # the width decides between one line a row and two
        super().resizeEvent(event)

    def _nums_w(self, fm: QFontMetricsF) -> float:
        return max(fm.horizontalAdvance("support"), fm.horizontalAdvance("100%")) + fm.horizontalAdvance("+0.00") + 36

    def _label_w(self, fm: QFontMetricsF) -> float:
        return max((fm.horizontalAdvance(self.label(k)) for k in range(len(self.rows))), default=60) + 8

    def two_lines(self) -> bool:
        """Overview rows as "member" over "→ nearest" (when the width holds no row on one line)."""
        if not self.overview or not self.rows:
            return False
        fm = QFontMetricsF(self.font())
        return self._label_w(fm) > self.width() - OVERVIEW_PLOT - self._nums_w(fm) - 10

    def row_h(self) -> float:
        return 2 * ROW_H - 4 if self.two_lines() else ROW_H

    # -- geometry ----------------------------------------------------------------------------------
    def _columns(self) -> tuple[float, float, float, float, float]:
        """x of: the names' right edge, the plot's left and right edges, the similarity's and the
        support's columns (their left edges)."""
        fm = QFontMetricsF(self.font())
        if self.overview:
            room = self.width() - OVERVIEW_PLOT - self._nums_w(fm) - 10
            if self.two_lines():
                widest = max(max(fm.horizontalAdvance(r.member), fm.horizontalAdvance(f"→ {r.name}") + 10)
                             for r in self.rows)
                names_w = max(min(widest + 8, room), 60)
            else:
                names_w = self._label_w(fm)
        else:
            names_w = min(self._label_w(fm), self.width() * 0.40)
        sup_w = max(fm.horizontalAdvance("support"), fm.horizontalAdvance("100%")) + 8
        sim_w = fm.horizontalAdvance("+0.00") + 12
        sup_x = self.width() - sup_w - 4
        sim_x = sup_x - sim_w
        return names_w, names_w + 10, sim_x - 12, sim_x, sup_x

    def _x(self, v: float, left: float, right: float) -> float:
        lo, hi = self._range
        return left + (right - left) * (v - lo) / (hi - lo) if hi > lo else left

    def row_at(self, y: float) -> int:
        k = int((y - self._top()) // self.row_h())
        return k if 0 <= k < len(self.rows) and y >= self._top() else -1

    def row_centre(self, member: str, relative: str = "") -> QPointF:
        """The middle of the row of ``member`` (overview) or of its ``relative`` (tests point there)."""
        k = next(k for k, r in enumerate(self.rows) if r.member == member and (self.overview or r.name == relative))
        return QPointF(self.width() / 2, self._top() + (k + 0.5) * self.row_h())

    def tip(self, k: int) -> str:
        r = self.rows[k]
        text = f"{r.member} → {r.name}: similarity {r.similarity:+.3f}"
        if r.low is not None and r.high is not None:
            text += f", 95% interval [{r.low:+.3f}, {r.high:+.3f}]"
        if r.support is not None:
            text += (f"\nsupport {r.support:.0%}: {r.name} is {r.member}'s nearest in {r.support:.0%} "
                     f"of {self.replicates} replicates")
        return text + "\nclick: what they share · double-click: the two sets side by side"

    # -- mouse -------------------------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        k = self.row_at(event.position().y())
        if k != self._hover:
            self._hover = k
            self.update()
        if k >= 0:
            QToolTip.showText(event.globalPosition().toPoint(), self.tip(k), self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:  # type: ignore[override]
        self._hover = -1
        self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        k = self.row_at(event.position().y())
        if k >= 0 and event.button() == Qt.MouseButton.LeftButton:
            self.rowClicked.emit(self.rows[k].member, self.rows[k].name)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        k = self.row_at(event.position().y())
        if k >= 0 and event.button() == Qt.MouseButton.LeftButton:
            self.rowActivated.emit(self.rows[k].member, self.rows[k].name)
        super().mouseDoubleClickEvent(event)

    # -- painting ----------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # type: ignore[override]
        p = QPainter(self)
        try:
            self.paint(p)
        finally:
            p.end()

    def paint(self, p: QPainter) -> None:
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        ink = pal.color(QPalette.ColorRole.Text)
        faint = pal.color(QPalette.ColorRole.Mid)
        fm = QFontMetricsF(self.font())
        if not self.rows:
            p.setPen(ink)
            p.drawText(self.rect().adjusted(8, 8, -8, -8), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self.message)
            return
        names_r, left, right, sim_x, sup_x = self._columns()
        top = self._top()
        if self.titled:
            bold = layout.font_px(self.font(), 13)
            bold.setBold(True)
            p.setFont(bold)
            p.setPen(ink)
            title = self.title()
            p.drawText(QRectF(6, 2, self.width() - 12, TITLE_H - 4), Qt.AlignmentFlag.AlignLeft
                       | Qt.AlignmentFlag.AlignVCenter, title)
            p.setFont(self.font())
        rh = self.row_h()
        bottom = top + rh * len(self.rows)
        # rows: selection and hover first, under everything
        for k, r in enumerate(self.rows):
            band = QRectF(0, top + k * rh, self.width(), rh)
            if self._is_selected(r):
                c = QColor(pal.color(QPalette.ColorRole.Highlight))
                c.setAlpha(70)
                p.fillRect(band, c)
            elif k == self._hover:
                c = QColor(pal.color(QPalette.ColorRole.Highlight))
                c.setAlpha(30)
                p.fillRect(band, c)
        # axis: ticks and the control
        small = layout.font_px(self.font(), 10)
        p.setFont(small)
        sfm = QFontMetricsF(small)
        for v in _ticks(*self._range, most=int((right - left) // (sfm.horizontalAdvance("+0.00") + 8))):
            x = self._x(v, left, right)
            p.setPen(QPen(faint, 1))
            p.drawLine(QPointF(x, top - 4), QPointF(x, bottom))
            p.setPen(ink)
            p.drawText(QRectF(x - 20, top - 4 - sfm.height(), 40, sfm.height()), Qt.AlignmentFlag.AlignCenter,
                       "0" if abs(v) < 1e-9 else f"{v:+.2f}")
        marks = [(self.control["median"], f"median pair {self.control['median']:+.2f}", ink),
                 (self.control["p95"], f"95th pct {self.control['p95']:+.2f}", P95_COLOUR)]
        used: list[QRectF] = []
        for v, text, colour in marks:
            x = self._x(v, left, right)
            pen = QPen(colour, 1.2, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(x, top - 2), QPointF(x, bottom))
            w = sfm.horizontalAdvance(text)
            box = QRectF(min(max(x - w / 2, left - 20), self.width() - w - 2), top - 6 - 2 * sfm.height(), w,
                         sfm.height())
            if any(box.intersects(u) for u in used):
                box.moveLeft(used[-1].right() + 6)
            used.append(box)
            p.setPen(colour)
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        p.setFont(self.font())
        p.setPen(ink)
        right_edge = self.width() - 4
        head_y = top - 4 - fm.height()
        p.drawText(QRectF(sim_x, head_y, sup_x - sim_x, fm.height()), Qt.AlignmentFlag.AlignRight, "sim.")
        p.drawText(QRectF(sup_x, head_y, right_edge - sup_x, fm.height()), Qt.AlignmentFlag.AlignRight, "support")
        # rows
        two = self.two_lines()
        left_v = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for k, r in enumerate(self.rows):
            y = top + (k + 0.5) * rh
            p.setPen(ink)
            if two:
                for line, text in ((0, r.member), (1, f"→ {r.name}")):
                    box = QRectF(4 + 10 * line, y - rh / 2 + 1 + line * (ROW_H - 4), names_r - 6 - 10 * line, ROW_H - 2)
                    p.drawText(box, left_v, fm.elidedText(text, Qt.TextElideMode.ElideMiddle, box.width() - 2))
            else:
                p.drawText(QRectF(4, y - rh / 2, names_r - 6, rh), left_v, self._fitted(fm, k, names_r - 8))
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            if r.low is not None and r.high is not None:
                p.setPen(QPen(ink, 1.6))
                p.drawLine(QPointF(self._x(r.low, left, right), y), QPointF(self._x(r.high, left, right), y))
            p.setPen(QPen(ink, 1))
            p.setBrush(ink)
            p.drawEllipse(QPointF(self._x(r.similarity, left, right), y), 3.4, 3.4)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            sup = "—" if r.support is None else f"{r.support:.0%}"
            right_v = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            p.drawText(QRectF(sim_x, y - rh / 2, sup_x - sim_x, rh), right_v, signed(r.similarity))
            p.drawText(QRectF(sup_x, y - rh / 2, right_edge - sup_x, rh), right_v, sup)
