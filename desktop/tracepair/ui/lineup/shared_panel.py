"""What a member and a chosen relative share: the features both over-use against the lineup (each z),
and what sets them apart (what one over-uses and the other does not), with the button that opens
the two sets side by side, where the shared passages are."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracepair.core.lineup import Lineup, PairFeature

#: Features listed per group.
SHOWN = 15


def _short(name: str, limit: int = 26) -> str:
    return name if len(name) <= limit else name[: limit // 2 - 1] + "…" + name[-(limit - limit // 2):]


class SharedPanel(QWidget):
    relativeChosen = Signal(str)
    compareRequested = Signal(str, str)  # member, relative

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lineup: Lineup | None = None
        self.member = ""
        self.heading = QLabel("<b>What they share</b>")
        self.relative = QComboBox()
        self.relative.setToolTip("The relative to compare the member with (the list is in order of similarity)")
        self.relative.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.relative.setMinimumContentsLength(18)
        self.relative.currentTextChanged.connect(self._relative_changed)
        self.compare_button = QPushButton("Compare Side by Side")
        self.compare_button.setToolTip("Open the two sets in the comparison window: the shared passages, pair by pair")
        self.compare_button.clicked.connect(self._compare)
        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["feature", "z", "z"])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.heading.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("and"))
        top.addWidget(self.relative, 1)
        top.addWidget(self.compare_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.heading)
        lay.addLayout(top)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.note)
        self.clear("No lineup on show.")

    def clear(self, message: str) -> None:
        self.lineup, self.member = None, ""
        self.relative.blockSignals(True)
        self.relative.clear()
        self.relative.blockSignals(False)
        self.relative.setEnabled(False)
        self.compare_button.setEnabled(False)
        self.tree.clear()
        self.heading.setText("<b>What they share</b>")
        self.note.setText(message)

    def set_member(self, lineup: Lineup, member: str, relative: str = "") -> None:
        """``member`` and its relatives (nearest first); ``relative`` chosen, else the nearest."""
        self.lineup, self.member = lineup, member
        others = [n.model for n in lineup.nearest(member)]
        self.relative.blockSignals(True)
        self.relative.clear()
        self.relative.addItems(others)
        self.relative.setCurrentIndex(others.index(relative) if relative in others else 0)
        self.relative.blockSignals(False)
        self.relative.setEnabled(True)
        self.heading.setText(f"<b>What {escape(member)} shares with a relative</b>, and what sets them apart")
        self._show()

    def choose(self, relative: str) -> None:
        k = self.relative.findText(relative, Qt.MatchFlag.MatchExactly)
        if k >= 0:
            self.relative.setCurrentIndex(k)

    @property
    def chosen(self) -> str:
        return self.relative.currentText()

    def _relative_changed(self, name: str) -> None:
        if self.lineup is None or not name:
            return
        self._show()
        self.relativeChosen.emit(name)

    def _show(self) -> None:
        lineup, a, b = self.lineup, self.member, self.chosen
        self.tree.clear()
        if lineup is None or not b:
            return
        profiles = lineup.kind == "profiles"
        self.compare_button.setEnabled(not profiles)
        self.compare_button.setToolTip("A slop-forensics profile has no records to show side by side" if profiles
                                       else f"Open {a} (A) and {b} (B) in the comparison window")
        self.tree.setHeaderLabels(["feature", f"z {_short(a, 14)}", f"z {_short(b, 14)}"])
        self.tree.headerItem().setToolTip(1, f"z of {a} against the rest of the lineup")
        self.tree.headerItem().setToolTip(2, f"z of {b} against the rest of the lineup")
        shared = lineup.shared(a, b, SHOWN)
        a_side, b_side = lineup.apart(a, b, SHOWN)
        groups = [(f"Both over-use ({len(shared)})", shared),
                  (f"{_short(a)} over-uses, {_short(b)} does not ({len(a_side)})", a_side),
                  (f"{_short(b)} over-uses, {_short(a)} does not ({len(b_side)})", b_side)]
        for title, rows in groups:
            top = QTreeWidgetItem([title])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)  # the group's title reads across the z columns
            for f in rows:
                top.addChild(self._item(f, a, b))
            top.setExpanded(True)
        sim = lineup.similarity[lineup.index(a), lineup.index(b)]
        self.note.setText(f"similarity {sim:+.2f}. z: how far a member's use of the feature departs from the "
                          "rest of the lineup's (per prompt, in standard errors); features the prompts asked "
                          "for do not count. Hover a feature for its rate per 10,000 words.")

    @staticmethod
    def _item(f: PairFeature, a: str, b: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([f.feature, f"{f.z_a:+.1f}", f"{f.z_b:+.1f}"])
        for c in (1, 2):
            item.setTextAlignment(c, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        tip = f"{f.feature}\n{a}: z {f.z_a:+.2f}, {f.per_10k_a:.2f} per 10,000 words\n" \
              f"{b}: z {f.z_b:+.2f}, {f.per_10k_b:.2f} per 10,000 words"
        for c in range(3):
            item.setToolTip(c, tip)
        return item

    def rows(self) -> dict[str, list[tuple[str, str, str]]]:
        """What the tree lists, group title → (feature, z, z) (tests read it as a user reads the panel)."""
        out = {}
        for k in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(k)
            out[top.text(0)] = [(top.child(c).text(0), top.child(c).text(1), top.child(c).text(2))
                                for c in range(top.childCount())]
        return out

    def _compare(self) -> None:
        if self.lineup is not None and self.chosen:
            self.compareRequested.emit(self.member, self.chosen)
