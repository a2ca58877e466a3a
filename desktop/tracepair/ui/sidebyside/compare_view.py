"""The side-by-side view of one pair of traces: panes, overview strips, link map, hover, linked scrolling.

It is handed a ``PairData`` (what to highlight and which steps are aligned) and draws it;
it computes nothing about the texts themselves.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QTextEdit, QWidget

from tracepair.ui.sidebyside import scrolling
from tracepair.ui.sidebyside.highlight import Highlight, PassageHighlighter, highlight_colour, hue
from tracepair.ui.sidebyside.link_map import Band, LinkMap
from tracepair.ui.sidebyside.overview import Mark, OverviewStrip
from tracepair.ui.sidebyside.trace_pane import TracePane


@dataclass(frozen=True)
class ShownPassage:
    a_spans: tuple[tuple[int, int], ...]
    b_spans: tuple[tuple[int, int], ...]
    strength: float  # 0..1: rarer is stronger
    near: bool
    tokens: int
    text: str


@dataclass(frozen=True)
class ShownLink:
    a: tuple[int, int]  # character span of the step in A
    b: tuple[int, int]
    kind: str  # "match" | "move" | "merge"
    score: float


@dataclass
class PairData:
    passages: list[ShownPassage] = field(default_factory=list)
    links: list[ShownLink] = field(default_factory=list)


SIDES = ("A", "B")
#: Input with which a user scrolls a pane: after it, linked scrolling follows again.
_USER_SCROLLS = {QEvent.Type.Wheel, QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress}


class CompareView(QWidget):
    """Two panes with overview strips outside and the link map between them."""

    passageHovered = Signal(int)  # passage index, -1 when none
    currentChanged = Signal(str)  # a short description of the current passage/step, for the status bar

    def __init__(self, pane_a: TracePane, pane_b: TracePane, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panes = {"A": pane_a, "B": pane_b}
        self.overviews = {"A": OverviewStrip(), "B": OverviewStrip()}
        self.link_map = LinkMap()
        self.highlighters = {s: PassageHighlighter(self.panes[s].view.document()) for s in SIDES}
        self.data = PairData()
        self.linked_scrolling = True
        self._syncing = False
        self._placed = False  # panes were put where a jump sent them: do not link them until the user scrolls
        self._hovered = -1
        self._current_passage = -1
        self._current_link = -1
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.overviews["A"])
        layout.addWidget(pane_a, 1)
        layout.addWidget(self.link_map)
        layout.addWidget(pane_b, 1)
        layout.addWidget(self.overviews["B"])
        # Scrolling and resizing move the bands; coalesce bursts into one repaint.
        self._band_timer = QTimer(self, singleShot=True, interval=0)
        self._band_timer.timeout.connect(self.refresh_geometry)
        for side in SIDES:
            view = self.panes[side].view
            view.verticalScrollBar().valueChanged.connect(lambda _v, s=side: self._scrolled(s))
            view.viewport().installEventFilter(self)
            view.installEventFilter(self)  # keys
            view.verticalScrollBar().installEventFilter(self)  # dragging or clicking the bar
            view.viewport().setMouseTracking(True)
            self.overviews[side].jumpRequested.connect(lambda f, s=side: self.jump_to_fraction(s, f))
        self.link_map.bandClicked.connect(self.go_to_link)

    # -- data ------------------------------------------------------------------------------------
    def _in_view_positions(self, data: PairData) -> PairData:
        """Core's character offsets as the panes' positions (they differ after an emoji)."""
        qa, qb = self.panes["A"].qt_pos, self.panes["B"].qt_pos
        if not (self.panes["A"].has_astral or self.panes["B"].has_astral):
            return data

        def spans(q, xs):
            return tuple((q(s), q(e)) for s, e in xs)

        return PairData(
            [replace(p, a_spans=spans(qa, p.a_spans), b_spans=spans(qb, p.b_spans)) for p in data.passages],
            [replace(lk, a=(qa(lk.a[0]), qa(lk.a[1])), b=(qb(lk.b[0]), qb(lk.b[1]))) for lk in data.links],
        )

    def set_data(self, data: PairData) -> None:
        """Show a new pair's passages and aligned steps (the texts are already in the panes); spans are
        offsets into each pane's ``Trace.text``."""
        self._show(self._in_view_positions(data))

    def _show(self, data: PairData) -> None:
        self.data = data
        self._hovered = self._current_passage = self._current_link = -1
        for side in SIDES:
            spans_of = (lambda p: p.a_spans) if side == "A" else (lambda p: p.b_spans)
            highlights = [
                Highlight(s, e, i, p.strength, p.near) for i, p in enumerate(data.passages) for s, e in spans_of(p)
            ]
            self.highlighters[side].set_highlights(highlights)
            n = max(1, self.panes[side].view.document().characterCount())
            self.overviews[side].set_marks(
                [Mark(h.start / n, h.end / n, highlight_colour(Highlight(h.start, h.end, h.passage, 1.0)))
                 for h in highlights]
            )
            self.panes[side].view.setExtraSelections([])
        # Navigation order: by first occurrence in A.
        self._passage_order = sorted(range(len(data.passages)), key=lambda i: min(data.passages[i].a_spans))
        self._passage_starts = [min(data.passages[i].a_spans)[0] for i in self._passage_order]
        self._link_order = sorted(range(len(data.links)), key=lambda i: data.links[i].a)
        self._matches = sorted((lk for lk in data.links if lk.kind != "move"), key=lambda lk: lk.a)
        self.refresh_geometry()

    def restyle(self) -> None:
        """Recolour highlights and marks from the current palette, keeping where each pane is scrolled."""
        bars = [self.panes[side].view.verticalScrollBar() for side in SIDES]
        tops = [b.value() for b in bars]
        for side in SIDES:
            self.panes[side].restyle()
        shown = self.data  # already in view positions: redraw it as it is
        self._without_sync(lambda: self._show(shown))
        self._without_sync(lambda: [b.setValue(t) for b, t in zip(bars, tops, strict=True)])
        self.refresh_geometry()

    # -- geometry: bands and overview windows -----------------------------------------------------
    def refresh_geometry(self) -> None:
        va, vb = self.panes["A"].view, self.panes["B"].view
        h = self.link_map.height()
        a_lo, a_hi = scrolling.offset_at_top(va), scrolling.offset_at_bottom(va)
        b_lo, b_hi = scrolling.offset_at_top(vb), scrolling.offset_at_bottom(vb)
        # Band y in link-map coordinates: the panes' viewports start a little below the map's top.
        dy_a = va.viewport().mapTo(self, QPoint(0, 0)).y() - self.link_map.mapTo(self, QPoint(0, 0)).y()
        dy_b = vb.viewport().mapTo(self, QPoint(0, 0)).y() - self.link_map.mapTo(self, QPoint(0, 0)).y()
        bands = []
        for i, lk in enumerate(self.data.links):
            a_vis = lk.a[0] <= a_hi and lk.a[1] >= a_lo
            b_vis = lk.b[0] <= b_hi and lk.b[1] >= b_lo
            if not (a_vis or b_vis):
                continue
            a_top = scrolling.y_of(va, lk.a[0]) + dy_a
            a_bot = scrolling.line_bottom_of(va, max(lk.a[0], lk.a[1] - 1)) + dy_a
            b_top = scrolling.y_of(vb, lk.b[0]) + dy_b
            b_bot = scrolling.line_bottom_of(vb, max(lk.b[0], lk.b[1] - 1)) + dy_b
            if max(a_bot, b_bot) < 0 or min(a_top, b_top) > h:
                continue
            colour = QColor("#7a8ca8") if lk.kind != "move" else QColor("#c05a9a")
            bands.append(Band(a_top, a_bot, b_top, b_bot, colour, lk.kind, i, i == self._current_link))
        self.link_map.set_bands(bands)
        for side, view in (("A", va), ("B", vb)):
            n = max(1, view.document().characterCount())
            lo, hi = (a_lo, a_hi) if side == "A" else (b_lo, b_hi)
            self.overviews[side].set_visible_window(lo / n, hi / n)

    def resizeEvent(self, event) -> None:  # type: ignore[override]
        super().resizeEvent(event)
        self._band_timer.start()

    # -- linked scrolling ---------------------------------------------------------------------------
    def _scrolled(self, side: str) -> None:
        # After a jump (Go, next passage or step, a click) each pane stays where it was sent: Qt lays out
        # lines as they come into view and nudges the bars, which must not pull the other pane along.
        # The user's next scroll (wheel, keys, the bar) links the panes again.
        if self.linked_scrolling and not self._syncing and not self._placed and self._matches:
            self._syncing = True
            try:
                self._sync_from(side)
            finally:
                self._syncing = False
        self._band_timer.start()

    def sync_from(self, side: str) -> None:
        """Scroll the other pane to match ``side`` now (as linked scrolling does on every scroll)."""
        if self._matches:
            self._without_sync(lambda: self._sync_from(side))
        self.refresh_geometry()

    def _sync_from(self, side: str) -> None:
        """Keep the other pane on the aligned step at the top of this one, at the same fraction through it."""
        other = "B" if side == "A" else "A"
        src, dst = self.panes[side].view, self.panes[other].view
        top = scrolling.offset_at_top(src)
        spans = [(lk.a if side == "A" else lk.b, lk.b if side == "A" else lk.a) for lk in self._matches]
        spans.sort()
        starts = [s[0][0] for s in spans]
        k = bisect_right(starts, top) - 1
        if k < 0:
            scrolling.scroll_to(dst, 0)
            return
        (s0, s1), (d0, d1) = spans[k]
        y0, y1 = scrolling.y_of(src, s0), scrolling.line_bottom_of(src, max(s0, s1 - 1))
        frac = 0.0 if y1 <= y0 else min(1.0, max(0.0, (0 - y0) / (y1 - y0)))
        target = d0 + round(frac * max(0, d1 - d0))
        scrolling.scroll_to(dst, target)

    # -- hover and click ------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in _USER_SCROLLS:
            self._placed = False
        for side in SIDES:
            view = self.panes[side].view
            if obj is view.viewport():
                if event.type() == QEvent.Type.MouseMove:
                    self._hover(side, view.cursorForPosition(event.position().toPoint()).position())
                elif event.type() == QEvent.Type.Leave:
                    self._set_hovered(-1)
                elif (event.type() == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton
                      and not view.textCursor().hasSelection()):
                    self.click(side, view.cursorForPosition(event.position().toPoint()).position())
        return False

    def passages_at(self, side: str, offset: int) -> list[int]:
        return [h.passage for h in self.highlighters[side].at(offset)]

    def _hover(self, side: str, offset: int) -> None:
        found = self.passages_at(side, offset)
        self._set_hovered(found[-1] if found else -1)

    def _set_hovered(self, index: int) -> None:
        if index == self._hovered:
            return
        self._hovered = index
        self._paint_marks()
        self.passageHovered.emit(index)
        if index >= 0:
            p = self.data.passages[index]
            kind = "near-exact" if p.near else "exact"
            self.currentChanged.emit(
                f"Shared passage, {p.tokens} tokens, {kind}: {len(p.a_spans)} place(s) in A, {len(p.b_spans)} in B"
            )

    def click(self, side: str, offset: int) -> bool:
        """Clicking a passage scrolls the other pane to its partner; returns whether there was one."""
        found = self.passages_at(side, offset)
        if not found:
            return False
        self.go_to_passage(found[-1], from_side=side, offset=offset)
        return True

    def _paint_marks(self) -> None:
        """Hovered and current passages (all their places, both sides) drawn strongly on top."""
        for side in SIDES:
            selections = []
            for index, strong in ((self._current_passage, 0.85), (self._hovered, 1.0)):
                if index < 0 or index >= len(self.data.passages):
                    continue
                p = self.data.passages[index]
                for s, e in p.a_spans if side == "A" else p.b_spans:
                    sel = QTextEdit.ExtraSelection()
                    fmt = QTextCharFormat()
                    fmt.setBackground(hue(index).lighter(105) if strong == 1.0 else hue(index))
                    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                    fmt.setUnderlineColor(hue(index).darker(170))
                    sel.format = fmt
                    cur = QTextCursor(self.panes[side].view.document())
                    cur.setPosition(s)
                    cur.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
                    sel.cursor = cur
                    selections.append(sel)
            self.panes[side].view.setExtraSelections(selections)

    # -- navigation -------------------------------------------------------------------------------
    def go_to_passage(self, index: int, from_side: str = "A", offset: int | None = None) -> None:
        p = self.data.passages[index]
        self._current_passage = index
        here = p.a_spans if from_side == "A" else p.b_spans
        there = p.b_spans if from_side == "A" else p.a_spans
        other = "B" if from_side == "A" else "A"
        if offset is None:
            anchor = min(here)
            self._place(lambda: scrolling.scroll_to(self.panes[from_side].view, anchor[0], 0.3))
        partner = min(there)
        self._place(lambda: scrolling.scroll_to(self.panes[other].view, partner[0], 0.3))
        self._paint_marks()
        self._band_timer.start()
        kind = "near-exact" if p.near else "exact"
        self.currentChanged.emit(f"Shared passage {self._passage_order.index(index) + 1} of "
                                 f"{len(self.data.passages)} ({p.tokens} tokens, {kind})")

    def next_passage(self, backward: bool = False) -> int:
        """Go to the next (previous) shared passage after (before) the current one, in A's order."""
        if not self.data.passages:
            return -1
        pos = self._passage_order.index(self._current_passage) if self._current_passage >= 0 else -1
        if pos < 0 and backward:
            pos = len(self._passage_order)
        pos = (pos + (-1 if backward else 1)) % len(self._passage_order)
        index = self._passage_order[pos]
        self.go_to_passage(index)
        return index

    def go_to_link(self, index: int) -> None:
        lk = self.data.links[index]
        self._current_link = index
        self._place(lambda: scrolling.scroll_to(self.panes["A"].view, lk.a[0], 0.25))
        self._place(lambda: scrolling.scroll_to(self.panes["B"].view, lk.b[0], 0.25))
        self._band_timer.start()
        self.currentChanged.emit(f"Aligned step {self._link_order.index(index) + 1} of {len(self.data.links)}"
                                 f" ({lk.kind}, similarity {lk.score:.2f})")

    def next_link(self, backward: bool = False) -> int:
        if not self.data.links:
            return -1
        pos = self._link_order.index(self._current_link) if self._current_link >= 0 else -1
        if pos < 0 and backward:
            pos = len(self._link_order)
        pos = (pos + (-1 if backward else 1)) % len(self._link_order)
        self.go_to_link(self._link_order[pos])
        return self._link_order[pos]

    def scroll_to_offsets(self, offsets: dict[str, int], at: float = 0.0) -> None:
        """Scroll each pane to its ``Trace.text`` offset (Go ▸ Reasoning / Answer): each pane goes where it
        is sent, linked scrolling does not pull it back towards the other."""
        def scroll() -> None:
            for side, offset in offsets.items():
                pane = self.panes[side]
                scrolling.scroll_to(pane.view, pane.qt_pos(offset), at)

        self._place(scroll)
        self._band_timer.start()

    def jump_to_fraction(self, side: str, fraction: float) -> None:
        view = self.panes[side].view
        offset = round(fraction * max(0, view.document().characterCount() - 1))
        scrolling.scroll_to(view, offset, 0.5)

    def _place(self, fn) -> None:
        """Run a jump: the panes end where it puts them and stay there until the user scrolls."""
        self._without_sync(fn)
        self._placed = True

    def _without_sync(self, fn) -> None:
        self._syncing = True
        try:
            fn()
        finally:
            self._syncing = False

    @property
    def current_passage(self) -> int:
        return self._current_passage


