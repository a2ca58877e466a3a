"""The list of prompts of two output sets, one row per paired record, sortable by any column."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget


@dataclass(frozen=True)
class PromptRow:
    key: str
    score: float | None  # rarity-weighted shared-phrasing score of this pair (None: not computed yet)
    containment: float | None  # share of A's tokens in shared passages
    passages: int | None
    longest: int | None  # tokens
    note: str = ""  # e.g. "only in A"


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
    """Handed rows; emits the key of the row the user picks."""

    promptChosen = Signal(str)
    HEADERS = ("Prompt", "Score", "A in B", "Passages", "Longest")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels(self.HEADERS)
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
        # Keys are "prompt#sample": keep both ends visible when the column is narrow ("river_c…simple#0").
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header.setMinimumSectionSize(40)
        self.setToolTip("Paired records of the two output sets; click a column to sort")
        self.itemSelectionChanged.connect(self._chosen)
        self._rows: list[PromptRow] = []

    def set_rows(self, rows: list[PromptRow], current: str | None = None) -> None:
        self._rows = rows
        self.blockSignals(True)
        self.setSortingEnabled(False)
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            key_item = QTableWidgetItem(row.key + (f"  ({row.note})" if row.note else ""))
            key_item.setData(Qt.ItemDataRole.UserRole, row.key)
            key_item.setToolTip(row.key)
            self.setItem(r, 0, key_item)
            self.setItem(r, 1, _Num(row.score, "…" if row.score is None else f"{row.score:.3f}"))
            self.setItem(r, 2, _Num(row.containment, "" if row.containment is None else f"{row.containment:.1%}"))
            self.setItem(r, 3, _Num(row.passages, "" if row.passages is None else str(row.passages)))
            self.setItem(r, 4, _Num(row.longest, "" if row.longest is None else str(row.longest)))
        self.setSortingEnabled(True)
        self.blockSignals(False)
        if current is not None:
            self.select_key(current)

    def keys(self) -> list[str]:
        """Keys in the order shown (after sorting)."""
        return [self.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.rowCount())]

    def select_key(self, key: str) -> None:
        for r in range(self.rowCount()):
            if self.item(r, 0).data(Qt.ItemDataRole.UserRole) == key:
                self.blockSignals(True)
                self.selectRow(r)
                self.blockSignals(False)
                self.scrollToItem(self.item(r, 0))
                return

    def current_key(self) -> str | None:
        items = self.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _chosen(self) -> None:
        row = self.currentRow()
        if row >= 0 and self.item(row, 0) is not None:
            self.promptChosen.emit(self.item(row, 0).data(Qt.ItemDataRole.UserRole))
