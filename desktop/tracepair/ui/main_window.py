"""The main window: two trace panes side by side, File menu, prompt chooser, status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QToolBar,
    QWidget,
)

from tracepair import __version__
from tracepair.core.loading import load
from tracepair.core.model import LoadError, Source
from tracepair.ui.trace_pane import TracePane
from tracepair.ui.worker import TaskRunner

FILE_FILTER = "Traces and output sets (*.jsonl *.json *.ndjson *.txt *.md *.markdown);;All files (*)"


class MainWindow(QMainWindow):
    """Holds the two sides. Loading runs on the thread pool; the window never waits on it."""

    sourceLoaded = Signal(str, object)  # side "A"/"B", Source
    loadFailed = Signal(str, str)  # side, one-line message

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tracepair")
        self.resize(1400, 900)
        self.sources: dict[str, Source | None] = {"A": None, "B": None}
        self.panes = {"A": TracePane("A"), "B": TracePane("B")}
        self.tasks = TaskRunner(self)
        self.tasks.finished.connect(self._task_finished)
        self.tasks.failed.connect(self._task_failed)
        self.tasks.busyChanged.connect(self._busy)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        for side, pane in self.panes.items():
            pane.fileDropped.connect(lambda path, s=side: self.open_file(s, path))
            splitter.addWidget(pane)
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)

        self.prompt_box = QComboBox()
        self.prompt_box.setMinimumContentsLength(28)
        self.prompt_box.setToolTip("Which prompt's pair of records to show (output sets)")
        self.prompt_box.currentIndexChanged.connect(self._prompt_chosen)
        self._build_menus()

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.status_label = QLabel("Open two files to compare: File ▸ Open A / Open B, or drop them on the panes.")
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress)

    # -- menus ---------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.act_open_a = QAction("Open &A…", self, shortcut=QKeySequence.StandardKey.Open)
        self.act_open_a.triggered.connect(lambda: self._ask_open("A"))
        self.act_open_b = QAction("Open &B…", self, shortcut=QKeySequence("Ctrl+Shift+O"))
        self.act_open_b.triggered.connect(lambda: self._ask_open("B"))
        self.act_swap = QAction("&Swap Sides", self, shortcut=QKeySequence("Ctrl+Shift+S"))
        self.act_swap.triggered.connect(self.swap_sides)
        act_quit = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        act_quit.triggered.connect(self.close)
        for act in (self.act_open_a, self.act_open_b):
            file_menu.addAction(act)
        file_menu.addSeparator()
        file_menu.addAction(self.act_swap)
        file_menu.addSeparator()
        file_menu.addAction(act_quit)
        help_menu = self.menuBar().addMenu("&Help")
        act_about = QAction("&About Tracepair", self)
        act_about.triggered.connect(self._about)
        help_menu.addAction(act_about)

        bar = QToolBar("Comparison")
        bar.setObjectName("comparisonToolbar")
        bar.addAction(self.act_open_a)
        bar.addAction(self.act_open_b)
        bar.addAction(self.act_swap)
        bar.addSeparator()
        bar.addWidget(QLabel(" Prompt "))
        bar.addWidget(self.prompt_box)
        self.addToolBar(bar)

    def _ask_open(self, side: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, f"Open {side}", "", FILE_FILTER)
        if path:
            self.open_file(side, Path(path))

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About Tracepair",
            f"<b>Tracepair {__version__}</b><br>Forensic side-by-side comparison of LLM outputs."
            "<br>Runs entirely offline.",
        )

    # -- loading -------------------------------------------------------------------------------
    def open_file(self, side: str, path: Path | str) -> None:
        """Load ``path`` into ``side`` off the GUI thread; the pane keeps its content until it succeeds."""
        path = Path(path)
        self.status_label.setText(f"Loading {path.name} into {side}…")
        self.tasks.start(f"load-{side}", lambda: load(path))

    def set_source(self, side: str, source: Source) -> None:
        self.sources[side] = source
        self.panes[side].set_source(source)
        self._refresh_prompts()
        self._update_status()
        self.sourceLoaded.emit(side, source)

    def _task_finished(self, name: str, result: object) -> None:
        if name.startswith("load-") and isinstance(result, Source):
            self.set_source(name[-1], result)

    def _task_failed(self, name: str, error: object) -> None:
        if not name.startswith("load-"):
            return
        side = name[-1]
        message = str(error) if isinstance(error, LoadError) else f"unexpected error: {error}"
        self.panes[side].show_error(message)
        self.status_label.setText(f"Could not open {side}: {message}")
        self.loadFailed.emit(side, message)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)

    def swap_sides(self) -> None:
        a, b = self.sources["A"], self.sources["B"]
        for side, src in (("A", b), ("B", a)):
            self.sources[side] = src
            if src is not None:
                self.panes[side].set_source(src)
        self._refresh_prompts()
        self._update_status()

    # -- output sets: which pair of records to show ---------------------------------------------
    def _refresh_prompts(self) -> None:
        a, b = self.sources["A"], self.sources["B"]
        keys: list[str] = []
        for src in (a, b):
            if src is not None and src.kind == "set":
                keys.extend(k for k in src.by_key() if k not in keys)
        shared = set(a.by_key()) & set(b.by_key()) if a and b else set()
        self.prompt_box.blockSignals(True)
        self.prompt_box.clear()
        for k in sorted(keys, key=lambda k: (k not in shared, keys.index(k))):
            self.prompt_box.addItem(k if k in shared or not (a and b) else f"{k} (one side only)", k)
        self.prompt_box.blockSignals(False)
        self.prompt_box.setEnabled(bool(keys))
        if keys:
            self._prompt_chosen(0)

    def _prompt_chosen(self, index: int) -> None:
        key = self.prompt_box.itemData(index)
        if key is None:
            return
        for side, src in self.sources.items():
            if src is not None and src.kind == "set":
                self.panes[side].set_record(src.by_key().get(key), key)

    def _update_status(self) -> None:
        parts = []
        for side, src in self.sources.items():
            if src is None:
                parts.append(f"{side}: —")
            else:
                what = f"output set of {len(src.records)} records" if src.kind == "set" else "trace"
                parts.append(f"{side}: {src.name} ({what}, {src.format})")
        self.status_label.setText("   ".join(parts))
