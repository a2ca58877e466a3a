"""Where the heatmap's parts go for a given size: the tree on the left, the grid, the names on the
right (and over the columns when there is room), the legend below.

Every name is always shown: the rows get the largest cell that fits, and the names a font that fits
the row (never under ``MIN_FONT_PX``, the smallest that reads on screen). Names longer than
``NAME_CHARS`` are cut in the middle (the tooltip has them whole), which keeps the ends that tell
two variants apart ("gemini-2.5-flash-pre…05-20" / "gemini-2.5-flash-pre…thinking").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetricsF

MARGIN = 8
TITLE_H = 22
ABOVE_BAR = 30  # the marks' labels over the colour bar
BAR_H = 10
BELOW_BAR = 52  # the marks' labels under it, then two lines of caption
LEGEND_H = ABOVE_BAR + BAR_H + BELOW_BAR
MAX_CELL = 90
MIN_FONT_PX = 8.0
MAX_FONT_PX = 12.0
NAME_CHARS = 34
#: Column names are drawn when a cell is at least this tall (slanted names need the room).
COLUMN_NAMES_FROM = 13
SLANT = math.radians(60)


def font_px(base: QFont, px: float) -> QFont:
    f = QFont(base)
    f.setPixelSize(max(round(px), 1))
    return f


@dataclass(frozen=True)
class Geometry:
    members: int
    cell: float  # fractional: the grid fills the room it has (no seams: cells are filled edge to edge)
    grid: QRectF  # the heatmap's cells
    tree: QRectF  # root on the left, leaves at the right edge (beside the rows)
    names_x: float  # row names start here, right of the grid
    names_w: float
    columns: bool  # names drawn over the columns too
    font: QFont  # the names' font
    legend: QRectF  # the colour bar (the caption goes under it, from the left margin)
    title: QRectF

    def row_rect(self, r: int) -> QRectF:
        return QRectF(self.grid.left(), self.grid.top() + r * self.cell, self.grid.width(), self.cell)

    def col_rect(self, c: int) -> QRectF:
        return QRectF(self.grid.left() + c * self.cell, self.grid.top(), self.cell, self.grid.height())

    def cell_rect(self, r: int, c: int) -> QRectF:
        return QRectF(self.grid.left() + c * self.cell, self.grid.top() + r * self.cell, self.cell, self.cell)

    def name_rect(self, r: int) -> QRectF:
        return QRectF(self.names_x, self.grid.top() + r * self.cell, self.names_w, self.cell)

    def at(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, column) of the cell at ``x, y``, or None off the grid."""
        if not self.grid.contains(x, y) or self.cell <= 0:
            return None
        r = int((y - self.grid.top()) // self.cell)
        c = int((x - self.grid.left()) // self.cell)
        if 0 <= r < self.members and 0 <= c < self.members:
            return r, c
        return None


def _names_width(names: list[str], font: QFont) -> float:
    fm = QFontMetricsF(font)
    cap = fm.horizontalAdvance("m" * 2) / 2 * NAME_CHARS * 0.62  # ~NAME_CHARS average characters
    # slack: text drawn at 2x (images) comes out a little wider than the 1x metrics say
    return min(max((fm.horizontalAdvance(n) for n in names), default=0.0), cap) * 1.04 + 4


def geometry(width: float, height: float, names: list[str], base: QFont) -> Geometry:
    """The layout of ``names`` in a ``width`` × ``height`` canvas (a few passes: the cell sets the
    names' font, the font the names' width, the width the cell)."""
    m = max(len(names), 1)
    px = MAX_FONT_PX
    tree_w = min(max(width * 0.10, 70.0), 170.0)
    cell, columns, names_w, slant_h = 1.0, False, 0.0, 0.0
    for _ in range(4):
        font = font_px(base, px)
        names_w = _names_width(names, font)
        slant_h = names_w * math.sin(SLANT) + 6 if columns else 0.0
        avail_w = width - 2 * MARGIN - tree_w - 6 - 8 - names_w
        avail_h = height - MARGIN - TITLE_H - slant_h - LEGEND_H - MARGIN
        cell = min(max(min(avail_w, avail_h) / m, 2.0), MAX_CELL)
        want_columns = cell >= COLUMN_NAMES_FROM
        new_px = min(max(cell - 1.5, MIN_FONT_PX), MAX_FONT_PX)
        if want_columns == columns and abs(new_px - px) < 0.5:
            break
        columns, px = want_columns, new_px
    if columns and cell < COLUMN_NAMES_FROM:  # the last pass made the slanted names too cramped
        columns, slant_h = False, 0.0
    font = font_px(base, px)
    grid_side = cell * m
    grid_x = MARGIN + tree_w + 6
    grid_y = MARGIN + TITLE_H + slant_h
    grid = QRectF(grid_x, grid_y, grid_side, grid_side)
    tree = QRectF(MARGIN, grid_y, tree_w, grid_side)
    legend_w = min(max(grid_side, 300.0), max(width - grid_x - MARGIN, 100.0))
    legend = QRectF(grid_x, grid.bottom() + ABOVE_BAR, legend_w, BAR_H)
    title = QRectF(MARGIN, MARGIN, max(width - 2 * MARGIN, 10), TITLE_H - 4)
    return Geometry(len(names), cell, grid, tree, grid.right() + 8, names_w, columns, font, legend, title)


def natural_size(names: list[str], base: QFont, cell: int = 16, min_width: int = 760) -> tuple[int, int]:
    """A size whose layout gives every member ``cell`` pixels (for images written without a window)."""
    m = max(len(names), 1)
    width, height = float(max(min_width, cell * m + 520)), float(cell * m + 200)
    for _ in range(8):
        g = geometry(width, height, names, base)
        if g.cell >= cell:
            break
        width += (cell - g.cell) * m * 1.2
        height += (cell - g.cell) * m
    g = geometry(width, height, names, base)
    # Trim the slack the search left: the canvas ends at the names (or the legend) and below the legend.
    right = max(g.names_x + g.names_w, g.legend.right()) + MARGIN
    return math.ceil(max(right, min_width)), math.ceil(g.legend.bottom() + BELOW_BAR + MARGIN)
