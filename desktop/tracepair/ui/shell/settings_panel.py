"""Comparison settings the user can change; the open comparison is recomputed when they do."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from tracepair.core.align import GRANULARITIES
from tracepair.ui.common.view_settings import MIN_TOKENS_RANGE, ViewSettings


class SettingsPanel(QObject):
    """The comparison settings' controls. Emits ``changed`` once a burst of edits settles (typing 1-2 in
    a spin box).

    The controls are handed to the window's settings toolbar one group at a time (``groups``), so a
    narrow window moves the ones that do not fit into the toolbar's » menu instead of cutting them off.
    """

    changed = Signal(object)  # ViewSettings

    def __init__(self, settings: ViewSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        low, high = MIN_TOKENS_RANGE
        self.min_tokens = QSpinBox(minimum=low, maximum=high, value=settings.min_tokens)
        self.min_tokens.setToolTip("Shortest shared passage shown, in tokens")
        self.near_exact = QCheckBox("Near-exact")
        self.near_exact.setToolTip("Also find passages that match except for small edits")
        self.ignore_case = QCheckBox("Ignore case")
        self.ignore_punct = QCheckBox("Ignore punctuation")
        self.fold_quotes = QCheckBox("Curly = straight quotes")
        self.granularity = QComboBox()
        self.granularity.addItems(GRANULARITIES)
        self.granularity.setToolTip("How traces are split into steps for the alignment")
        self.linked = QCheckBox("Linked scrolling")
        self.min_tokens.setAccessibleName("Min passage (tokens)")
        self.granularity.setAccessibleName("Steps")
        self._groups = [_labelled("Min passage", self.min_tokens), self.near_exact, self.ignore_case,
                        self.ignore_punct, self.fold_quotes, _labelled("Steps", self.granularity), self.linked]
        self._debounce = QTimer(self, singleShot=True, interval=350)
        self._debounce.timeout.connect(lambda: self.changed.emit(self.settings()))
        self.set_settings(settings)
        for box in (self.near_exact, self.ignore_case, self.ignore_punct, self.fold_quotes, self.linked):
            box.toggled.connect(self._debounce.start)
        self.min_tokens.valueChanged.connect(self._debounce.start)
        self.granularity.currentIndexChanged.connect(self._debounce.start)

    def groups(self) -> list[QWidget]:
        """The controls, each with its label, in toolbar order."""
        return list(self._groups)

    def _controls(self) -> tuple[QWidget, ...]:
        return (self.min_tokens, self.near_exact, self.ignore_case, self.ignore_punct, self.fold_quotes,
                self.granularity, self.linked)

    def set_settings(self, s: ViewSettings) -> None:
        """Show ``s`` without announcing a change."""
        for w in self._controls():
            w.blockSignals(True)
        self.min_tokens.setValue(s.min_tokens)
        self.near_exact.setChecked(s.near_exact)
        self.ignore_case.setChecked(s.ignore_case)
        self.ignore_punct.setChecked(s.ignore_punctuation)
        self.fold_quotes.setChecked(s.fold_quotes)
        self.granularity.setCurrentText(s.granularity)
        self.linked.setChecked(s.linked_scrolling)
        for w in self._controls():
            w.blockSignals(False)

    def settings(self) -> ViewSettings:
        return ViewSettings(
            min_tokens=self.min_tokens.value(),
            near_exact=self.near_exact.isChecked(),
            ignore_case=self.ignore_case.isChecked(),
            ignore_punctuation=self.ignore_punct.isChecked(),
            fold_quotes=self.fold_quotes.isChecked(),
            granularity=self.granularity.currentText(),
            linked_scrolling=self.linked.isChecked(),
        )

    def apply_now(self) -> None:
        """Emit at once (tests and the Apply shortcut do not wait for the debounce)."""
        self._debounce.stop()
        self.changed.emit(self.settings())


def _labelled(text: str, control: QWidget) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(6, 0, 2, 0)
    row.setSpacing(4)
    label = QLabel(text)
    label.setBuddy(control)
    row.addWidget(label)
    row.addWidget(control)
    return box
