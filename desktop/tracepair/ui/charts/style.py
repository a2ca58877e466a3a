"""What every idiom chart shares: a title row, the plot, a legend row under it, palette-aware colours."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import QWidget

#: Side A and side B: a blue/orange pair that colour-blind readers tell apart, on light and dark.
SIDE_COLOURS = {"light": ("#1f6fc0", "#d9670b"), "dark": ("#5aa5f2", "#f59a45")}
#: Moves (Okabe-Ito order, then greys); unknown moves fall back to "other".
MOVE_COLOURS = {
    "start": "#999999", "plan": "#0072b2", "doubt": "#d55e00", "verify": "#009e73",
    "conclude": "#cc79a7", "contrast": "#e69f00", "alternative": "#56b4e9", "hypothesis": "#b8a200",
    "correction": "#a6322b", "progress": "#6b5b95", "other": "#777777",
}


def is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base).lightness() < 128


def side_colours(widget: QWidget) -> tuple[QColor, QColor]:
    a, b = SIDE_COLOURS["dark" if is_dark(widget) else "light"]
    return QColor(a), QColor(b)


def short(name: str, limit: int = 40) -> str:
    """A side's name for a label: the model without its provider prefix, cut if very long."""
    name = name.rsplit("/", 1)[-1] if "/" in name and " " not in name.split("/", 1)[0] else name
    return name if len(name) <= limit else name[: limit - 1] + "…"


class ChartWidget(pg.GraphicsLayoutWidget):
    """Title (row 0), plot (row 1), legend (row 2), so the legend never covers data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self._ready = False  # palette changes arrive during the base constructor
        super().__init__(parent)
        self.title = pg.LabelItem(justify="left")
        self.ci.addItem(self.title, row=0, col=0)
        self.plot = pg.PlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.ci.addItem(self.plot, row=1, col=0)
        self.legend = pg.LegendItem(colCount=3, verSpacing=-4, horSpacing=18)
        self.ci.addItem(self.legend, row=2, col=0)
        self.ci.layout.setRowStretchFactor(1, 10)
        self.ci.setContentsMargins(8, 4, 24, 4)
        # The last tick label sits at the axis' end and would be dropped for overflowing it (the marker
        # timeline lost its "1", so the axis looked as if it stopped short): let it use the margin.
        self.plot.getAxis("bottom").setStyle(hideOverlappingLabels=False)
        self._title_text = ("", "")
        self.setMinimumSize(480, 320)
        self._ready = True
        self.apply_palette()

    def _live(self) -> bool:
        # Events also arrive while the base class constructs and while pyqtgraph's close() tears the
        # scene down (it swaps the viewport, sending resize and palette events): ignore those.
        return self._ready and not getattr(self, "closed", False)

    # colours ------------------------------------------------------------------------------
    def fg(self) -> QColor:
        return self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)

    def muted(self) -> QColor:
        fg, bg = self.fg(), self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base)
        return QColor((fg.red() + bg.red()) // 2, (fg.green() + bg.green()) // 2, (fg.blue() + bg.blue()) // 2)

    def apply_palette(self) -> None:
        fg = self.fg()
        self.setBackground(self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base))
        for name in ("left", "bottom"):
            ax = self.plot.getAxis(name)
            ax.setPen(pg.mkPen(self.muted()))
            ax.setTextPen(pg.mkPen(fg))
            label = ax.labelText
            if label:
                ax.setLabel(label, color=fg.name())
        self.legend.setLabelTextColor(fg)
        for _sample, label in self.legend.items:
            label.setText(label.text)  # setLabelTextColor alone does not re-render existing labels
        self.set_title(*self._title_text)

    def changeEvent(self, ev: QEvent) -> None:
        super().changeEvent(ev)
        if ev.type() == QEvent.Type.PaletteChange and self._live():
            self.redraw()

    def redraw(self) -> None:
        """Re-draw with the current palette (subclasses re-draw their data too)."""
        self.apply_palette()

    # text ---------------------------------------------------------------------------------
    def set_title(self, title: str, subtitle: str = "") -> None:
        """A bold title and a smaller line saying how to read the chart."""
        self._title_text = (title, subtitle)
        fg, muted = self.fg().name(), self.muted().name()
        html = f"<span style='font-size:11pt; font-weight:600; color:{fg}'>{_esc(title)}</span>"
        if subtitle:
            html += f"<br><span style='font-size:9pt; color:{muted}'>{_esc(subtitle)}</span>"
        self.title.setText(html)
        self._wrap_title()

    def _wrap_title(self) -> None:
        # A LabelItem is as wide as its text; wrap it to the widget so long titles never widen the layout.
        self.title.item.setTextWidth(max(200.0, self.width() - 40.0))
        self.title.updateMin()

    def resizeEvent(self, ev) -> None:
        super().resizeEvent(ev)
        if self._live():
            self._wrap_title()

    def set_tick_labels(self, axis: str, ticks: list[tuple[float, str]]) -> None:
        """Text ticks (e.g. phrases); the axis is made wide enough that none is dropped."""
        ax = self.plot.getAxis(axis)
        ax.setTicks([ticks, []])
        if axis in ("left", "right"):
            metrics = QFontMetrics(ax.style.get("tickFont") or self.font())
            ax.setWidth(max((metrics.horizontalAdvance(t) for _, t in ticks), default=20) + 16)

    def set_axis_labels(self, bottom: str, left: str = "") -> None:
        fg = self.fg().name()
        self.plot.setLabel("bottom", bottom, color=fg)
        if left:
            self.plot.setLabel("left", left, color=fg)
        else:
            self.plot.getAxis("left").showLabel(False)

    def clear_chart(self) -> None:
        self.plot.clear()
        self.legend.clear()

    def clear_report(self, why: str = "") -> None:
        """Forget what was drawn (its inputs left the screen), and say why if given."""
        for attr in ("view", "report"):
            if hasattr(self, attr):
                setattr(self, attr, None)
        self.clear_chart()
        self.set_title("", "")
        if why:
            self.message(why)

    def message(self, text: str) -> None:
        """Say in the plot area why there is nothing to draw."""
        item = pg.TextItem(text, color=self.muted(), anchor=(0.5, 0.5))
        self.plot.addItem(item)
        item.setPos(0.5, 0.5)
        self.plot.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
