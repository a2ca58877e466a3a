"""The list of prompts of two output sets, one row per paired record, sortable by any column."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from tracepair.core.match.versus_chance import score_text


@dataclass(frozen=True)
class PromptRow:
    ident: str  # what the row stands for, unique in the list: "pair:3", or "A:17" for a record in no pair
    prompt: str  # Record.prompt_id ("(trace)" for a pair of single traces)
    sample: int | None  # Record.sample
    score: float | None  # rarity-weighted shared-phrasing score of this pair (None: not a pair)
    containment: float | None  # share of A's tokens in shared passages
    passages: int | None
    longest: int | None  # tokens
    note: str = ""  # why a record is in no pair, e.g. "only in A", "no text in A"

    @property
    def key(self) -> str:
        """As ``Record.key``: "prompt" or "prompt#sample"."""
        return self.prompt if self.sample is None else f"{self.prompt}#{self.sample}"


class _Num(QTableWidgetItem):
    """Sorts by number, with missing values last."""

    def __init__(self, value: float | None, text: str) -> None:
        super().__init__(text)
        self.value = value
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine = self.value if self.value is not None else float("-inf")
        theirs = getattr(other, "value", None)
        return mine < (theirs if theirs is not None else float("-inf"))


class PromptList(QTableWidget):
    """Handed rows; emits the ident of the row the user picks. Rows of records in no pair are greyed
    and say why, and can still be picked (to read that record alone)."""

    promptChosen = Signal(str)
    HEADERS = ("Prompt", "#", "Score", "A in B", "Pass.", "Long.")
    HEADER_TIPS = ("Prompt id (the sample number is in #)", "Sample number of the prompt",
                   "Rarity-weighted shared-phrasing score of the pair", "Share of A's tokens in shared passages",
                   "Shared passages shown (prompt echoes left out)", "Longest shared passage, in tokens")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels(self.HEADERS)
        for c, tip in enumerate(self.HEADER_TIPS):
            self.horizontalHeaderItem(c).setToolTip(tip)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # file order until asked
        header = self.horizontalHeader()
        for c in range(1, len(self.HEADERS)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The sample number has a column of its own, so samples of one prompt never look alike; a long
        # prompt id keeps both ends when the column is narrow ("river_c…simple").
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header.setMinimumSectionSize(24)
        header.setStretchLastSection(False)
        self.setToolTip("Records of the two output sets, one row a pair; click a column to sort")
        self.itemSelectionChanged.connect(self._chosen)
        self._rows: list[PromptRow] = []

    def set_rows(self, rows: list[PromptRow], current: str | None = None) -> None:
        """Show ``rows``; ``current`` is the ident of the row to mark as current."""
        self._rows = rows
        self.blockSignals(True)
        self.setSortingEnabled(False)
        self.setRowCount(len(rows))
        grey = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for r, row in enumerate(rows):
            sample = "" if row.sample is None else str(row.sample)
            key_item = QTableWidgetItem(row.prompt + (f"  ({row.note})" if row.note else ""))
            key_item.setData(Qt.ItemDataRole.UserRole, row.ident)
            key_item.setData(Qt.ItemDataRole.UserRole + 1, row.key)
            key_item.setToolTip(row.key + (f": {row.note}" if row.note else ""))
            items = [key_item, _Num(row.sample, sample),
                     _Num(row.score, "" if row.score is None else score_text(row.score)),
                     _Num(row.containment, "" if row.containment is None else f"{row.containment:.1%}"),
                     _Num(row.passages, "" if row.passages is None else str(row.passages)),
                     _Num(row.longest, "" if row.longest is None else str(row.longest))]
            for c, item in enumerate(items):
                if row.note:
                    item.setForeground(grey)
                self.setItem(r, c, item)
        self.setSortingEnabled(True)
        self.blockSignals(False)
        if current is not None:
            self.select_ident(current)

    def keys(self) -> list[str]:
        """Record keys in the order shown (after sorting)."""
        return [self.item(r, 0).data(Qt.ItemDataRole.UserRole + 1) for r in range(self.rowCount())]

    def idents(self) -> list[str]:
        return [self.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.rowCount())]

    def select_ident(self, ident: str) -> None:
        """Mark the row of ``ident`` as current without announcing it."""
        for r in range(self.rowCount()):
            if self.item(r, 0).data(Qt.ItemDataRole.UserRole) == ident:
                self.blockSignals(True)
                self.selectRow(r)
                self.blockSignals(False)
                self.scrollToItem(self.item(r, 0))
                return

    def _chosen(self) -> None:
        row = self.currentRow()
        if row >= 0 and self.item(row, 0) is not None:
            self.promptChosen.emit(self.item(row, 0).data(Qt.ItemDataRole.UserRole))
