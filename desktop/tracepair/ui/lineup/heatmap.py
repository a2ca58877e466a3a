"""The lineup's picture: the tree, the similarity heatmap in the tree's order, every member's name, and
a colour legend that marks the lineup's own control (the median pair and the 95th percentile).

Hover a cell: its row and column are outlined, both names stand out, and the tooltip (and
``hovered``) says both names, the similarity and its interval. Click a cell: ``cellClicked`` (the
view shows that pair's relatives and shared features). Double-click: ``cellActivated``, the two sets
side by side. Painting reads only the ``Lineup`` it was given; the canvas never computes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QMouseEvent, QPaintEngine, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from tracepair.core.lineup import Lineup
from tracepair.ui.lineup import layout
from tracepair.ui.lineup.dendrogram import SHOWN_SUPPORT, STABLE_SUPPORT, Node, paint_tree
from tracepair.ui.lineup.layout import Geometry
from tracepair.ui.lineup.scale import Scale, interval_text, lineup_words, scale_of, support_text

DIAGONAL = QColor("#d4d4d4")
HOVER_NODE_PX = 6.0


class HeatmapCanvas(QWidget):
    hovered = Signal(str)  # what the pointer is over ('' when nothing)
    cellClicked = Signal(int, int)  # member indices: row, column
    cellActivated = Signal(int, int)  # double-click: compare the two side by side

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 320)
        self.lineup: Lineup | None = None
        self.message = "Open a lineup: File ▸ Open Lineup…, or drop a folder of output sets here."
        self._order: list[int] = []
        self._scale: Scale | None = None
        self._hover: tuple[int, int] | None = None  # (row, column) positions in the tree's order
        self._selected: tuple[int, int] | None = None  # member indices of the pair in the side panels
        self._nodes: list[Node] = []
        self._geometry: Geometry | None = None
        self._colours: list[list[QColor]] = []  # per cell, in the tree's order
        self._base: QImage | None = None  # the lineup drawn without the pointer's marks (see paintEvent)
        #: On screen: the caption says what hovering shows (an image written to a file has no pointer).
        self.interactive = True

    # -- what it shows -----------------------------------------------------------------------------
    def set_lineup(self, lineup: Lineup | None, message: str = "") -> None:
        """Show ``lineup``; None clears the canvas and shows ``message`` instead."""
        self.lineup = lineup
        self.message = message
        self._order = lineup.order() if lineup is not None else []
        self._scale = scale_of(lineup) if lineup is not None else None
        self._hover = self._selected = None
        self._nodes = []
        self._geometry = None
        self._base = None
        self._colours = []
        if lineup is not None and self._scale is not None:
            sim = lineup.similarity
            self._colours = [[DIAGONAL if i == j else self._scale.colour(float(sim[i, j])) for j in self._order]
                             for i in self._order]
        QToolTip.hideText()
        self.update()

    def set_selected(self, i: int | None, j: int | None) -> None:
        self._selected = None if i is None or j is None else (i, j)
        self.update()

    def geometry_now(self) -> Geometry | None:
        if self.lineup is None:
            return None
        if self._geometry is None:
            self._geometry = layout.geometry(self.width(), self.height(), self.lineup.names, self.font())
        return self._geometry

    def resizeEvent(self, event) -> None:  # type: ignore[override]
        self._geometry = self._base = None
        super().resizeEvent(event)

    def natural_size(self, cell: int = 16) -> QSize:
        if self.lineup is None:
            return QSize(640, 480)
        return QSize(*layout.natural_size(self.lineup.names, self.font(), cell))

    def cell_centre(self, i: int, j: int) -> QPointF:
        """Where member ``i``'s row meets member ``j``'s column (tests point the mouse there)."""
        g = self.geometry_now()
        assert g is not None, "no lineup on show"
        return g.cell_rect(self._order.index(i), self._order.index(j)).center()

    def members_at(self, pos: QPointF) -> tuple[int, int] | None:
        g = self.geometry_now()
        hit = g.at(pos.x(), pos.y()) if g is not None else None
        return None if hit is None else (self._order[hit[0]], self._order[hit[1]])

    def tip_at(self, pos: QPointF) -> str:
        """What hovering ``pos`` says: a cell, a member's name or a group of the tree."""
        lineup, g = self.lineup, self.geometry_now()
        if lineup is None or g is None:
            return ""
        hit = self.members_at(pos)
        if hit is not None:
            i, j = hit
            if i == j:
                return f"{lineup.names[i]} (itself)"
            tip = f"{lineup.names[i]} × {lineup.names[j]}\n{interval_text(lineup, i, j)}"
            sup = support_text(lineup, i, j)
            return tip + (f"\n{sup}" if sup else "") + "\ndouble-click: the two sets side by side"
        for r in range(len(self._order)):
            if g.name_rect(r).contains(pos) or (g.columns and self._column_name_hit(g, r, pos)):
                m = lineup.members[self._order[r]]
                what = (f"{m.records} records, {m.words:,} words" if m.kind == "set"
                        else f"slop-forensics profile, {m.words:,} words implied")
                return f"{m.name}\n{m.path.name}: {what}"
        for node in self._nodes:
            if abs(node.at.x() - pos.x()) <= HOVER_NODE_PX and abs(node.at.y() - pos.y()) <= HOVER_NODE_PX:
                return node.tip
        return ""

    def _column_name_hit(self, g: Geometry, c: int, pos: QPointF) -> bool:
        # Slanted names: hit when the point lies above the column, within the names' band.
        x0 = g.grid.left() + c * g.cell
        return g.grid.top() - g.names_w < pos.y() < g.grid.top() and x0 <= pos.x() + (g.grid.top() - pos.y()) * 0.58 \
            < x0 + g.cell

    # -- mouse -------------------------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        g = self.geometry_now()
        hit = g.at(pos.x(), pos.y()) if g is not None else None
        if hit != self._hover:
            self._hover = hit
            self.update()
        tip = self.tip_at(pos)
        if tip:
            QToolTip.showText(event.globalPosition().toPoint(), tip, self)
        else:
            QToolTip.hideText()
        self.hovered.emit(tip.replace("\n", " — ") if tip else "")
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:  # type: ignore[override]
        if self._hover is not None:
            self._hover = None
            self.update()
        self.hovered.emit("")
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.members_at(event.position()) if event.button() == Qt.MouseButton.LeftButton else None
        if hit is not None and hit[0] != hit[1]:
            self.cellClicked.emit(*hit)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        hit = self.members_at(event.position()) if event.button() == Qt.MouseButton.LeftButton else None
        if hit is not None and hit[0] != hit[1]:
            self.cellActivated.emit(*hit)
        super().mouseDoubleClickEvent(event)

    # -- painting ----------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # type: ignore[override]
        p = QPainter(self)
        try:
            engine = p.paintEngine()
            if self.lineup is None or (engine is not None and engine.type() == QPaintEngine.Type.SVG):
                self.paint(p)  # an SVG keeps its cells and text as vectors
                return
            # The lineup itself changes only with the lineup or the size: drawn once into an image at
            # the device's resolution (2x for exported PNGs), so hovering repaints only the marks.
            scale = max(p.deviceTransform().m11(), 1.0)
            if self._base is None or self._base.devicePixelRatio() != scale:
                self._base = QImage(round(self.width() * scale), round(self.height() * scale),
                                    QImage.Format.Format_ARGB32_Premultiplied)
                self._base.setDevicePixelRatio(scale)
                bp = QPainter(self._base)
                try:
                    self._paint_base(bp)
                finally:
                    bp.end()
            p.drawImage(QPointF(0, 0), self._base)
            self._paint_live(p)
        finally:
            p.end()

    def changeEvent(self, event) -> None:  # type: ignore[override]
        if event.type() == QEvent.Type.PaletteChange:
            self._base = None  # light and dark: the text and lines follow the palette
        super().changeEvent(event)

    def paint(self, p: QPainter) -> None:
        """Everything, straight onto ``p``."""
        self._paint_base(p)
        self._paint_live(p)

    def _paint_base(self, p: QPainter) -> None:
        """What does not move with the pointer: cells, names, tree, legend."""
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        ink = pal.color(QPalette.ColorRole.Text)
        lineup, g, scale = self.lineup, self.geometry_now(), self._scale
        if lineup is None or g is None or scale is None:
            p.setPen(ink)
            p.drawText(self.rect().adjusted(24, 24, -24, -24), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self.message)
            return
        self._paint_title(p, lineup, g, ink)
        for r, row in enumerate(self._colours):
            for c, colour in enumerate(row):
                p.fillRect(g.cell_rect(r, c), colour)
        p.setPen(QPen(ink.lighter(160) if ink.lightness() < 128 else ink.darker(160), 1))
        p.drawRect(g.grid)
        self._paint_names(p, lineup, g, ink)
        rows = {leaf: g.row_rect(r).center().y() for r, leaf in enumerate(self._order)}
        self._nodes = paint_tree(p, lineup, g.tree, rows, ink, g.font)
        self._paint_legend(p, lineup, g, scale, ink)

    def _paint_live(self, p: QPainter) -> None:
        """The pair in the side panels, and the hovered cell's row, column and names."""
        g = self.geometry_now()
        if self.lineup is None or g is None:
            return
        pal = self.palette()
        self._paint_marks(p, g, pal)
        if self._hover is None:
            return
        fm = QFontMetricsF(g.font)
        bold = layout.font_px(g.font, g.font.pixelSize())
        bold.setBold(True)
        p.setFont(bold)
        for r in set(self._hover):
            rect = g.name_rect(r)
            p.fillRect(rect.adjusted(-2, 0, 2, 0), pal.color(QPalette.ColorRole.Highlight))
            p.setPen(pal.color(QPalette.ColorRole.HighlightedText))
            name = fm.elidedText(self.lineup.names[self._order[r]], Qt.TextElideMode.ElideMiddle, g.names_w)
            p.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)

    def _paint_title(self, p: QPainter, lineup: Lineup, g: Geometry, ink: QColor) -> None:
        what = "profiles" if lineup.kind == "profiles" else "output sets"
        reps = (f"{lineup.replicates} bootstrap replicates over prompts" if lineup.replicates
                else "no bootstrap")
        text = f"Lineup of {len(lineup.members)} {what} · {lineup_words(lineup)} · {reps}"
        font = layout.font_px(self.font(), 13)
        font.setBold(True)
        p.setFont(font)
        p.setPen(ink)
        fm = QFontMetricsF(font)
        p.drawText(g.title, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   fm.elidedText(text, Qt.TextElideMode.ElideRight, g.title.width()))

    def _paint_marks(self, p: QPainter, g: Geometry, pal: QPalette) -> None:
        """The hovered cell's row and column, and the pair shown in the side panels."""
        mark = pal.color(QPalette.ColorRole.Highlight)
        if self._selected is not None:
            i, j = self._selected
            p.setPen(QPen(QColor("#111111"), 2))
            for a, b in ((i, j), (j, i)):
                p.drawRect(g.cell_rect(self._order.index(a), self._order.index(b)).adjusted(1, 1, -1, -1))
        if self._hover is None:
            return
        r, c = self._hover
        p.setPen(QPen(mark, 1.5))
        p.drawRect(g.row_rect(r))
        p.drawRect(g.col_rect(c))
        p.setPen(QPen(QColor("#000000"), 2))
        p.drawRect(g.cell_rect(r, c))

    def _paint_names(self, p: QPainter, lineup: Lineup, g: Geometry, ink: QColor) -> None:
        fm = QFontMetricsF(g.font)
        p.setPen(ink)
        p.setFont(g.font)
        for r, i in enumerate(self._order):
            name = fm.elidedText(lineup.names[i], Qt.TextElideMode.ElideMiddle, g.names_w)
            p.drawText(g.name_rect(r), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        if not g.columns:
            return
        # Slanted names sit cell × sin 60° apart: their font fits that, not the row height.
        col_font = layout.font_px(g.font, min(g.font.pixelSize(), g.cell * 0.866 - 2.5))
        cfm = QFontMetricsF(col_font)
        p.setFont(col_font)
        for c, j in enumerate(self._order):
            x = g.grid.left() + (c + 0.5) * g.cell
            p.save()
            p.translate(x + cfm.ascent() / 3, g.grid.top() - 5)
            p.rotate(-60)
            p.drawText(QPointF(0, 0), cfm.elidedText(lineup.names[j], Qt.TextElideMode.ElideMiddle, g.names_w))
            p.restore()

    def _paint_legend(self, p: QPainter, lineup: Lineup, g: Geometry, scale: Scale, ink: QColor) -> None:
        bar = g.legend
        steps = 60
        lo, hi = scale.low, scale.high
        for k in range(steps):
            v = lo + (hi - lo) * (k + 0.5) / steps
            p.fillRect(QRectF(bar.left() + bar.width() * k / steps, bar.top(), bar.width() / steps + 0.6, bar.height()),
                       scale.colour(v))
        p.setPen(QPen(ink, 1))
        p.drawRect(bar)
        font = layout.font_px(self.font(), 11)
        p.setFont(font)
        fm = QFontMetricsF(font)

        def x_of(v: float) -> float:
            return bar.left() + bar.width() * (v - lo) / (hi - lo) if hi > lo else bar.left()

        placed: list[QRectF] = []

        def mark(v: float, text: str, above: bool, strong: bool = False) -> None:
            x = x_of(v)
            p.setPen(QPen(ink, 2 if strong else 1))
            p.drawLine(QPointF(x, bar.top() - 4), QPointF(x, bar.bottom() + 4))
            w = fm.horizontalAdvance(text)
            left = min(max(x - w / 2, g.tree.left()), max(bar.right() + 60 - w, bar.left()))
            y = bar.top() - 6 - fm.height() if above else bar.bottom() + 5
            box = QRectF(left, y, w, fm.height())
            if any(box.intersects(b) for b in placed):  # would overprint: try the other side of the bar
                y = bar.bottom() + 5 if above else bar.top() - 6 - fm.height()
                box = QRectF(left, y, w, fm.height())
            placed.append(box)
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

        mark(scale.centre, f"median pair {scale.centre:+.2f}", above=True, strong=True)
        if lo <= scale.p95 <= hi:  # in a small lineup the 95th percentile is the top pair itself
            mark(scale.p95, f"95th percentile {scale.p95:+.2f}", above=True, strong=True)
        mark(lo, f"{lo:+.2f}", above=False)
        mark(hi, f"{hi:+.2f}", above=False)
        caption = ["similarity: correlation of fingerprints · white: the median pair (an unrelated pair, here) · "
                   "red above, blue below"]
        if lineup.replicates:
            where = "hover a dot for its group" if self.interactive else "every group's: the Newick tree"
            caption.append(f"tree: average linkage · bootstrap support of a group: the number where it fits, "
                           f"the dot solid ≥ {STABLE_SUPPORT:g}, faint ≥ {SHOWN_SUPPORT:g}, open less ({where})")
        else:
            caption.append("tree: average linkage · no bootstrap, hence no support and no intervals")
        p.setPen(ink)
        y = bar.bottom() + 5 + fm.height() + 4
        width = self.width() - g.tree.left() - layout.MARGIN
        for line in caption:
            p.drawText(QRectF(g.tree.left(), y, width, fm.height()), Qt.AlignmentFlag.AlignLeft,
                       fm.elidedText(line, Qt.TextElideMode.ElideRight, width))
            y += fm.height() + 2
