"""Saying where the text is, in the window: a small dialog over a file's first record, and the
choices remembered per shape of record.

A file whose records have no text field Tracepair knows (``UnmappedRecord``) opens the dialog: the
first record's paths with a preview of each, one choice per role (output, reasoning, prompt, id,
model) and the text the choice gives. The choice is remembered for records of the same shape (the
same top-level keys), so the next such file opens without asking; File ▸ Text Fields of A/B… changes
it for the file on a side, or goes back to what Tracepair finds unaided.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracepair.core.load.fields import (
    ROLES,
    FieldMap,
    PathMissing,
    UnmappedRecord,
    json_kind,
    paths,
    resolve,
    shape_of,
)
from tracepair.core.load.guess import guess_fields
from tracepair.core.load.reader import first_record
from tracepair.ui.common.stored import read_str

if TYPE_CHECKING:
    from tracepair.ui.shell.main_window import MainWindow

STORE_KEY = "fields/by_shape"
NOT_SET = "(the usual fields)"
#: What each role is, in the dialog's words.
ROLE_LABELS = {"output": "Answer text", "reasoning": "Reasoning", "prompt": "Prompt", "id": "Prompt id",
               "model": "Model"}
PREVIEW_CHARS = 90


class RememberedFields:
    """The user's choices, by shape of record, kept in the window's settings as JSON."""

    def __init__(self, store: QSettings) -> None:
        self.store = store

    def _raw(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(read_str(self.store, STORE_KEY) or "{}")
        except ValueError:
            return {}  # a damaged settings file: nothing remembered
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, dict)} \
            if isinstance(data, dict) else {}

    def all(self) -> dict[str, FieldMap]:
        out = {}
        for shape, roles in self._raw().items():
            try:
                out[shape] = FieldMap.from_dict(roles)
            except ValueError:
                continue
        return out

    def lookup(self, record: dict[str, Any]) -> FieldMap | None:
        return self.all().get(shape_of(record))

    def chooser(self) -> Callable[[dict[str, Any]], FieldMap | None]:
        """For ``load``: picks the remembered fields from a file's first record. A snapshot, taken
        on the GUI thread, so the worker thread never touches the settings."""
        known = self.all()
        return lambda record: known.get(shape_of(record))

    def remember(self, record: dict[str, Any], fields: FieldMap) -> None:
        raw = self._raw()
        if fields:
            raw[shape_of(record)] = fields.to_dict()
        else:
            raw.pop(shape_of(record), None)
        self.store.setValue(STORE_KEY, json.dumps(raw, ensure_ascii=False))


def _preview(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    one = " ".join(text.split())
    return one if len(one) <= PREVIEW_CHARS else one[: PREVIEW_CHARS - 1] + "…"


class FieldMappingDialog(QDialog):
    """Where the records of one file keep their text: a choice per role among the first record's paths."""

    def __init__(self, side: str, path: Path, record: dict[str, Any], current: FieldMap | None = None,
                 unmapped: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side, self.path, self.record, self.unmapped = side, path, record, unmapped
        self.setWindowTitle(f"Text fields of {side}: {path.name}")
        self.leaves = paths(record)
        intro = (f"<b>{path.name}</b>: Tracepair found no text field it knows in this record. "
                 "Choose where the records keep their text." if unmapped else
                 f"<b>{path.name}</b>: where the records keep their text. Leave a role on "
                 f"“{NOT_SET}” to let Tracepair look where it usually does.")
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)

        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(["Path in the record", "Kind", "Value"])
        self.table.setToolTip("Double-click a row to read the answer text from it")
        for key, value in self.leaves:
            item = QTreeWidgetItem([key, "text" if isinstance(value, str) else json_kind(value), _preview(value)])
            item.setToolTip(2, _preview(value) if not isinstance(value, str) else value[:2000])
            self.table.addTopLevelItem(item)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self.table.itemDoubleClicked.connect(self._use_row)

        texts = [k for k, v in self.leaves if isinstance(v, str)]
        scalars = [k for k, v in self.leaves if isinstance(v, str | int) and not isinstance(v, bool)]
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout()
        for role in ROLES:
            box = QComboBox()
            box.addItem(NOT_SET, None)
            for key in (scalars if role == "id" else texts):
                box.addItem(key, key)
            chosen = getattr(current, role) if current is not None else None
            if chosen is not None and box.findData(chosen) < 0:
                box.addItem(chosen, chosen)  # a path the first record lacks (the choice of another file)
            box.setCurrentIndex(max(box.findData(chosen), 0) if chosen is not None else 0)
            self.combos[role] = box
            form.addRow(f"{ROLE_LABELS[role]}:", box)
        if current is None and unmapped:
            for role, path in guess_fields(self.leaves).items():
                self.combos[role].setCurrentIndex(self.combos[role].findData(path))

        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.shape_note = QLabel(f"Remembered for files whose records have the keys: {', '.join(sorted(record))}")
        self.shape_note.setWordWrap(True)
        self.shape_note.setStyleSheet("color: palette(placeholder-text)")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Load")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 2)
        layout.addLayout(form)
        layout.addWidget(QLabel("What this record gives:"))
        layout.addWidget(self.preview, 2)
        layout.addWidget(self.shape_note)
        layout.addWidget(self.buttons)
        self.resize(760, 620)
        for box in self.combos.values():
            box.currentIndexChanged.connect(self._update)
        self._update()

    def chosen(self) -> FieldMap:
        return FieldMap(**{role: box.currentData() for role, box in self.combos.items()})

    def choose(self, role: str, path: str | None) -> None:
        """Set ``role`` to ``path`` (None: found by Tracepair), as picking it in its list does."""
        box = self.combos[role]
        index = box.findData(path) if path is not None else 0
        if index < 0:
            raise ValueError(f"{path!r} is not a path of the first record")
        box.setCurrentIndex(index)

    def _use_row(self, item: QTreeWidgetItem) -> None:
        index = self.combos["output"].findData(item.text(0))
        if index >= 0:
            self.combos["output"].setCurrentIndex(index)

    def _update(self) -> None:
        fields = self.chosen()
        lines = []
        for role in ROLES:
            path = getattr(fields, role)
            if path is None:
                continue
            try:
                value = resolve(self.record, path)
            except PathMissing as err:
                lines.append(f"{ROLE_LABELS[role]}: not in this record ({err})")
                continue
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            lines.append(f"{ROLE_LABELS[role]}: {text[:600]}{'…' if len(text) > 600 else ''}")
        self.preview.setPlainText("\n\n".join(lines) or "Nothing chosen: Tracepair reads the file as it finds it.")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(fields.maps_text or not self.unmapped)
        ok.setToolTip("" if ok.isEnabled() else "Choose where the answer text (or the reasoning) is")


class FieldsFlow(QObject):
    """The window's side of field mapping: the dialog after a load that found no text field, the
    File menu's Text Fields actions, and the remembered choices every load consults."""

    #: The dialog is open for a side ("A"/"B").
    dialogShown = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.remembered = RememberedFields(window.store)
        self.dialog: FieldMappingDialog | None = None
        self.actions = {side: QAction(f"Text &Fields of {side}…", window) for side in ("A", "B")}
        for side, act in self.actions.items():
            act.setStatusTip(f"Choose where the records of the file in {side} keep their text")
            act.triggered.connect(lambda _c=False, s=side: self.ask(s))

    def install(self, menu: QMenu, before: QAction) -> None:
        for act in self.actions.values():
            menu.insertAction(before, act)

    def chooser(self) -> Callable[[dict[str, Any]], FieldMap | None]:
        return self.remembered.chooser()

    def load_failed(self, side: str, error: object) -> bool:
        """A load of ``side`` failed: if for want of a text field, ask where it is (True: handled)."""
        if not isinstance(error, UnmappedRecord):
            return False
        self.w.status_label.setText(f"{side}: {error.path.name} — choose where its records keep their text.")
        self._show(side, error.path, error.record, None, unmapped=True)
        return True

    def ask(self, side: str) -> None:
        """File ▸ Text Fields of A/B…: read the file's first record off the GUI thread, then ask."""
        src = self.w.sources[side]
        if src is None:
            self.w.status_label.setText(f"Open a file in {side} first.")
            return
        path = src.path
        self.w.tasks.start(f"fields-{side}", lambda: first_record(path))

    def record_read(self, side: str, record: object) -> None:
        src = self.w.sources[side]
        if src is None:
            return
        if not isinstance(record, dict):
            self.w.status_label.setText(f"{side}: {src.name} holds text, not JSON records: no fields to choose.")
            return
        self._show(side, src.path, record, self.remembered.lookup(record), unmapped=False)

    def _show(self, side: str, path: Path, record: dict[str, Any], current: FieldMap | None, unmapped: bool) -> None:
        if self.dialog is not None:
            self.dialog.close()
        dialog = FieldMappingDialog(side, path, record, current, unmapped, self.w)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self._chosen(dialog))
        dialog.finished.connect(lambda _r: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        self.dialogShown.emit(side)

    def _chosen(self, dialog: FieldMappingDialog) -> None:
        self.remembered.remember(dialog.record, dialog.chosen())
        self.w.open_file(dialog.side, dialog.path, dialog.chosen())

    def _closed(self, dialog: FieldMappingDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        if dialog.result() != QDialog.DialogCode.Accepted and dialog.unmapped:
            self.w.status_label.setText(f"Not opened: {dialog.path.name} — no text field was chosen "
                                        "(open it again to choose one).")
