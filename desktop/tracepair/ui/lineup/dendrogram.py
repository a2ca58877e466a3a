"""The lineup's tree beside the heatmap: root on the left, each leaf at its member's row, a dot at each
group with its bootstrap support.

Support is printed beside the groups at or above ``SHOWN_SUPPORT`` where the number has room (with
58 members, neighbouring groups' numbers would overprint each other; every group's support is in its
tooltip). The dot says it without a number: solid for ``STABLE_SUPPORT`` and above, faint from
``SHOWN_SUPPORT``, open below (the HTML report's filled and open dots, with the stable ones apart).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen

from tracepair.core.lineup import Lineup

SHOWN_SUPPORT = 0.5
STABLE_SUPPORT = 0.95  # a black dot: the same group in (nearly) every replicate
DOT = 2.6


@dataclass(frozen=True)
class Node:
    """An inner node as drawn: where it is, and what its tooltip says."""

    at: QPointF
    tip: str


def clade_tip(lineup: Lineup, k: int) -> str:
    tree = lineup.tree
    members = [lineup.names[i] for i in lineup.order() if tree.clades[k] >> i & 1]
    shown = ", ".join(members[:8]) + (f", … ({len(members) - 8} more)" if len(members) > 8 else "")
    sup = tree.support[k] if k < len(tree.support) else None
    how = (f"in {sup:.0%} of the {lineup.replicates} bootstrap trees" if sup is not None
           else "no bootstrap: no support")
    return f"group of {len(members)}: {shown}\n{how}"


def paint_tree(p: QPainter, lineup: Lineup, area: QRectF, row_y: dict[int, float], ink: QColor,
               font: QFont) -> list[Node]:
    """Draw the tree in ``area`` (leaves at its right edge, at ``row_y[leaf]``); returns its inner nodes."""
    tree = lineup.tree
    if not tree.merges:
        return []
    root_h = max(tree.height(tree.root), 1e-9)
    x0, x1 = area.left() + 4, area.right()

    def x_of(node: int) -> float:
        return x1 - (x1 - x0) * tree.height(node) / root_h

    ys = dict(row_y)
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(QPen(ink, 1.0))
    nodes: list[Node] = []
    #: What a support label must not cover: every line and dot of the tree.
    ink_boxes: list[QRectF] = []

    def line(x1: float, y1: float, x2: float, y2: float) -> None:
        p.drawLine(QPointF(x1, y1), QPointF(x2, y2))
        ink_boxes.append(QRectF(min(x1, x2) - 0.5, min(y1, y2) - 0.5, abs(x2 - x1) + 1, abs(y2 - y1) + 1))

    for k, (a, b, _h) in enumerate(tree.merges):
        node = tree.n + k
        ys[node] = (ys[a] + ys[b]) / 2
        xn = x_of(node)
        line(x_of(a), ys[a], xn, ys[a])
        line(xn, ys[a], xn, ys[b])
        line(xn, ys[b], x_of(b), ys[b])
        nodes.append(Node(QPointF(xn, ys[node]), clade_tip(lineup, k)))
    small = QFont(font)
    small.setPixelSize(max(font.pixelSize() - 1, 8))
    p.setFont(small)
    fm = QFontMetricsF(small)
    supports = [tree.support[k] if k < len(tree.support) else None for k in range(len(nodes))]
    mid = QColor(ink)
    mid.setAlphaF(0.45)
    for node, sup in zip(nodes, supports, strict=True):
        if sup is None:
            continue  # no bootstrap: no dots, nothing to mark
        fill = ink if sup >= STABLE_SUPPORT else mid if sup >= SHOWN_SUPPORT else None
        p.setBrush(QBrush(fill) if fill is not None else QBrush(Qt.BrushStyle.NoBrush))
        p.drawEllipse(node.at, DOT, DOT)
        ink_boxes.append(QRectF(node.at.x() - DOT, node.at.y() - DOT, 2 * DOT, 2 * DOT))
    taken: list[QRectF] = []
    for k, (node, sup) in enumerate(zip(nodes, supports, strict=True)):
        if sup is None or sup < SHOWN_SUPPORT or k == len(nodes) - 1:  # the root holds everyone: always 1
            continue
        text = f"{sup:.2f}"
        w, h = fm.horizontalAdvance(text) + 1, fm.height() - 2
        x, y = node.at.x(), node.at.y()
        # Left of the dot, just above the branch into it; else just below it; else right of the dot
        # (between its two children's branches); else only in the tooltip.
        for box in (QRectF(x - w - DOT - 1, y - h - 1, w, h), QRectF(x - w - DOT - 1, y + 1.5, w, h),
                    QRectF(x + DOT + 1.5, y - h / 2, w, h)):
            if box.left() >= area.left() and not any(box.intersects(t) for t in taken + ink_boxes):
                taken.append(box)
                p.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
                break
    p.restore()
    return nodes
