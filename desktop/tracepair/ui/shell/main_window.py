"""The main window: two sides, the comparison between them, and the work that computes it.

Everything shown comes from ``tracepair.core``; long work runs on the thread pool
through ``TaskRunner`` (progress, cancel, stale results dropped).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tracepair import __version__
from tracepair.core.align.alignment import Alignment, iter_align
from tracepair.core.idioms.stats import IdiomReport, IdiomSettings, iter_idioms
from tracepair.core.load.reader import iter_load
from tracepair.core.match.comparison import Comparison, PairResult, iter_compare
from tracepair.core.model import LoadError, Source
from tracepair.ui.charts.idiom_panel import IdiomPanel
from tracepair.ui.common.stored import read_bytes, read_str, read_strs
from tracepair.ui.common.view_settings import ViewSettings
from tracepair.ui.common.worker import TaskRunner
from tracepair.ui.shell import actions, export_actions
from tracepair.ui.shell.file_watch import FileWatch
from tracepair.ui.shell.prompt_list import PromptList, PromptRow
from tracepair.ui.shell.settings_panel import SettingsPanel
from tracepair.ui.shell.summary_panel import SummaryPanel
from tracepair.ui.sidebyside import scrolling
from tracepair.ui.sidebyside.compare_view import CompareView
from tracepair.ui.sidebyside.find_bar import FindBar, find_pattern
from tracepair.ui.sidebyside.pair_data import pair_data, passage_spans
from tracepair.ui.sidebyside.trace_pane import TracePane

FILE_FILTER = "Traces and output sets (*.jsonl *.json *.ndjson *.txt *.md *.markdown);;All files (*)"
MAX_RECENT = 8


class MainWindow(QMainWindow):
    sourceLoaded = Signal(str, object)  # side "A"/"B", Source
    loadFailed = Signal(str, str)  # side, one-line message
    comparisonReady = Signal(object)  # Comparison
    alignmentReady = Signal(object)  # Alignment of the pair on show
    pairShown = Signal(int)  # index into comparison.pairs
    workCancelled = Signal(str)
    idiomsReady = Signal(object)  # IdiomReport
    idiomListFailed = Signal(str)

    def __init__(self, parent: QWidget | None = None, store: QSettings | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tracepair")
        self.resize(1400, 900)
        self.store = store or QSettings()
        self.sources: dict[str, Source | None] = {"A": None, "B": None}
        self.comparison: Comparison | None = None
        self.alignment: Alignment | None = None
        self.pair_index = -1
        self.view_settings = ViewSettings.load(self.store)
        self._restyle_pending = False

        self.panes = {"A": TracePane("A"), "B": TracePane("B")}
        for side, pane in self.panes.items():
            pane.fileDropped.connect(lambda path, s=side: self.open_file(s, path))
        self.compare_view = CompareView(self.panes["A"], self.panes["B"])
        self.compare_view.linked_scrolling = self.view_settings.linked_scrolling
        self.compare_view.currentChanged.connect(self.statusBar().showMessage)
        self.find_bar = FindBar()
        centre = QWidget()
        lay = QVBoxLayout(centre)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.compare_view, 1)
        lay.addWidget(self.find_bar)
        # Charts get a tab of their own: sharing the height with the panes left both too cramped to read.
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(centre, "Side by side")
        self.idiom_panel = IdiomPanel()
        self.idiom_panel.phraseActivated.connect(self.find_phrase)
        self.idiom_panel.idiomListChosen.connect(self.use_idiom_list)
        self.tabs.addTab(self.idiom_panel, "Idioms")
        self.tabs.setTabEnabled(1, False)  # until there is a report
        self.tabs.setTabToolTip(1, "Words, phrases and reasoning markers each side over-uses (computed after loading)")
        self.idioms: IdiomReport | None = None
        self._idiom_sources: tuple[Source, Source] | None = None
        self.setCentralWidget(self.tabs)

        self.prompt_list = PromptList()
        self.prompt_list.promptChosen.connect(self.show_pair_by_key)
        self.summary = SummaryPanel()
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.summary)
        side.addWidget(self.prompt_list)
        self.dock = QDockWidget("Comparison", self)
        self.dock.setObjectName("comparisonDock")
        self.dock.setWidget(side)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.resizeDocks([self.dock], [370], Qt.Orientation.Horizontal)

        self.settings_panel = SettingsPanel(self.view_settings)
        self.settings_panel.changed.connect(self.apply_settings)
        actions.build(self)
        self.view_menu.addAction(self.dock.toggleViewAction())

        self.tasks = TaskRunner(self)
        self.tasks.progress.connect(self._progress)
        self.tasks.finished.connect(self._task_finished)
        self.tasks.failed.connect(self._task_failed)
        self.tasks.cancelled.connect(self._task_cancelled)
        self.tasks.busyChanged.connect(self._busy)
        self.exporter = export_actions.install(self, self.file_menu)
        self.status_label = QLabel("Open two files to compare: File ▸ Open A / Open B, or drop them on the panes.")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setFixedWidth(180)  # wide enough for 'reading x.jsonl: 80 of 200 MB', elided
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_work)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self.file_watch = FileWatch(self)  # a file on show changed on disk: offer to reload it
        self._busy(False)
        self._restore_layout()
        self._refresh_recent()

    # -- files -----------------------------------------------------------------------------------
    def ask_open(self, side: str) -> None:
        start = read_str(self.store, "last_dir")
        path, _ = QFileDialog.getOpenFileName(self, f"Open {side}", start, FILE_FILTER)
        if path:
            self.store.setValue("last_dir", str(Path(path).parent))
            self.open_file(side, Path(path))

    def open_file(self, side: str, path: Path | str) -> None:
        """Load ``path`` into ``side`` off the GUI thread, with progress and cancel; the pane keeps its
        content until it succeeds."""
        path = Path(path)
        self.status_label.setText(f"Loading {path.name} into {side}…")
        self.tasks.start(f"load-{side}", lambda: iter_load(path))

    def set_source(self, side: str, source: Source) -> None:
        self.sources[side] = source
        self.panes[side].set_source(source)
        self._update_status()
        self.sourceLoaded.emit(side, source)
        if all(self.sources.values()):
            self._remember_pair()
            self.recompute()

    def swap_sides(self) -> None:
        a, b = self.sources["A"], self.sources["B"]
        self.sources = {"A": b, "B": a}
        for side, src in self.sources.items():
            if src is not None:
                self.panes[side].set_source(src)
        self._update_status()
        if all(self.sources.values()):
            self.recompute()

    # -- computing ---------------------------------------------------------------------------------
    def apply_settings(self, settings: ViewSettings) -> None:
        old = self.view_settings
        self.view_settings = settings
        settings.save(self.store)
        self.compare_view.linked_scrolling = settings.linked_scrolling
        if (old.min_tokens, old.near_exact, old.ignore_case, old.ignore_punctuation, old.fold_quotes) != (
            settings.min_tokens, settings.near_exact, settings.ignore_case, settings.ignore_punctuation,
            settings.fold_quotes,
        ):
            self.recompute()
        elif old.granularity != settings.granularity:
            self._align_current()

    def recompute(self) -> None:
        a, b = self.sources["A"], self.sources["B"]
        if a is None or b is None:
            return
        cs = self.view_settings.compare_settings()
        self.tasks.start("compare", lambda: iter_compare(a, b, cs))
        if self._idiom_sources != (a, b):  # idioms do not depend on the comparison settings
            self._idiom_sources = (a, b)
            self._count_idioms()

    def _count_idioms(self) -> None:
        a, b = self.sources["A"], self.sources["B"]
        if a is None or b is None:
            return
        saved = read_str(self.store, "idioms/list")
        settings = IdiomSettings(idiom_file=Path(saved) if saved else None)
        self.tasks.start("idioms", lambda: iter_idioms(a, b, settings))

    def use_idiom_list(self, path: Path | None) -> None:
        """Count the user's idioms (one phrase a line) instead of the shipped list; remembered."""
        self.store.setValue("idioms/list", str(path) if path else "")
        self._count_idioms()

    def _idioms_done(self, report: IdiomReport) -> None:
        self.idioms = report
        # Enabled first: charts take their text colours from the palette they are drawn with.
        self.tabs.setTabEnabled(1, True)
        self.idiom_panel.set_report(report)
        self.idiomsReady.emit(report)

    def find_phrase(self, phrase: str) -> bool:
        """Show ``phrase`` (``*``: any ending) in a pane: the pair on show if it has it, else the first that does."""
        needle = re.compile(find_pattern(phrase), re.IGNORECASE)
        order = []
        if self.current_pair is not None:
            order.append(self.current_pair)
        if self.comparison is not None:
            order += [p for p in self.comparison.pairs if p is not self.current_pair]
        for pair in order:
            for side, rec in (("A", self.comparison.a.records[pair.a_record]),
                              ("B", self.comparison.b.records[pair.b_record])):
                if needle.search(rec.trace.text):
                    if pair is not self.current_pair:
                        self.show_pair(pair.index)
                    self.tabs.setCurrentIndex(0)
                    view = self.panes[side].view
                    self.find_bar.open_on(view, phrase)
                    self.find_bar.find(from_start=True)
                    where = f" of {pair.key}" if pair.key else ""
                    self.status_label.setText(f"“{phrase}”: shown in {side}{where}. Enter finds the next one.")
                    return True
        self.status_label.setText(f"“{phrase}” is not in the text of any pair on show.")
        return False

    def _comparison_done(self, c: Comparison) -> None:
        previous_key = self.current_pair.key if self.current_pair is not None else None
        self.comparison = c
        rows = []
        for p in c.pairs:
            visible = [x for x in p.passages if not x.prompt_echo]
            rows.append(PromptRow(p.key or "(trace)", p.metrics.weighted_score, p.metrics.containment_a,
                                  len(visible), p.metrics.longest_tokens))
        rows += [PromptRow(k, None, None, None, None, "only in A") for k in c.unpaired_a]
        rows += [PromptRow(k, None, None, None, None, "only in B") for k in c.unpaired_b]
        keys = [p.key for p in c.pairs]
        index = keys.index(previous_key) if previous_key in keys else 0
        self.prompt_list.set_rows(rows, current=rows[index].key if rows and c.pairs else None)
        self.prompt_list.setVisible(len(rows) > 1)
        self.comparisonReady.emit(c)
        if c.pairs:
            self.show_pair(index)
        else:
            self.summary.show_results(c, None, None)
            self.status_label.setText("No records of A and B answer the same prompt: nothing to compare.")

    @property
    def current_pair(self) -> PairResult | None:
        c = self.comparison
        return c.pairs[self.pair_index] if c is not None and 0 <= self.pair_index < len(c.pairs) else None

    def show_pair_by_key(self, key: str) -> None:
        if self.comparison is None:
            return
        for p in self.comparison.pairs:
            if p.key == key:
                self.show_pair(p.index)
                return

    def show_pair(self, index: int) -> None:
        """Show pair ``index`` of the comparison: its two traces, passages now, alignment when ready."""
        c = self.comparison
        if c is None:
            return
        self.pair_index = index
        pair = c.pairs[index]
        self.panes["A"].set_record(c.a.records[pair.a_record])
        self.panes["B"].set_record(c.b.records[pair.b_record])
        self.alignment = None
        self.compare_view.set_data(pair_data(pair, None))
        self.summary.show_results(c, pair, None)
        self.prompt_list.select_key(pair.key or "(trace)")
        self.pairShown.emit(index)
        self._align_current()

    def _align_current(self) -> None:
        pair = self.current_pair
        if pair is None or self.comparison is None:
            return
        ta = self.comparison.a.records[pair.a_record].trace
        tb = self.comparison.b.records[pair.b_record].trace
        spans = passage_spans(pair)
        settings = self.view_settings.align_settings()
        self.tasks.start("align", lambda: iter_align(ta, tb, settings, spans))

    def _alignment_done(self, al: Alignment) -> None:
        self.alignment = al
        self.compare_view.set_data(pair_data(self.current_pair, al))
        self.summary.show_results(self.comparison, self.current_pair, al)
        self.alignmentReady.emit(al)
        if self.compare_view.linked_scrolling:
            self.compare_view.sync_from("A")  # line the panes up on their first aligned step

    def cancel_work(self) -> None:
        self.tasks.cancel()

    # -- task plumbing ---------------------------------------------------------------------------
    def _task_finished(self, name: str, result: object) -> None:
        if name.startswith("load-") and isinstance(result, Source):
            self.set_source(name[-1], result)
        elif name == "compare" and isinstance(result, Comparison):
            self._comparison_done(result)
        elif name == "align" and isinstance(result, Alignment):
            self._alignment_done(result)
        elif name == "idioms" and isinstance(result, IdiomReport):
            self._idioms_done(result)

    def _task_failed(self, name: str, error: object) -> None:
        message = str(error) if isinstance(error, LoadError | ValueError) else f"unexpected error: {error!r}"
        if name.startswith("load-"):
            side = name[-1]
            self.panes[side].show_error(message)
            self.status_label.setText(f"Could not open {side}: {message}")
            self.loadFailed.emit(side, message)
        elif name == "idioms" and read_str(self.store, "idioms/list"):
            # A bad or vanished list of the user's: say so, and count the shipped list instead.
            self.store.setValue("idioms/list", "")
            self.status_label.setText(f"Could not use that idiom list: {message}. Using the shipped list.")
            self.idiomListFailed.emit(message)
            self._count_idioms()
        else:
            self.status_label.setText(f"The {name} step failed: {message}")

    def _task_cancelled(self, name: str) -> None:
        self.status_label.setText(f"Cancelled: {name}. What was shown before is kept.")
        self.workCancelled.emit(name)

    def _progress(self, name: str, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 100))
        # Elided to the bar: a wrapped format is unreadable ("reading big.jsonl: 80 of 200 MB" is long).
        fits = self.progress.fontMetrics().elidedText(message, Qt.TextElideMode.ElideMiddle, self.progress.width() - 10)
        self.progress.setFormat(fits)
        self.progress.setToolTip(f"{name}: {message}")

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.act_cancel.setEnabled(busy)
        if busy:
            self.progress.setValue(0)

    # -- navigation helpers --------------------------------------------------------------------------
    def go_to_part(self, part: str) -> None:
        for pane in self.panes.values():
            if pane.record is not None:
                trace = pane.record.trace
                offset = 0 if part == "reasoning" else min(trace.answer_start, len(trace.text))
                scrolling.scroll_to(pane.view, offset, 0.0)

    def open_find(self) -> None:
        focused = self.focusWidget()
        view = self.panes["B"].view if focused is self.panes["B"].view else self.panes["A"].view
        selected = view.textCursor().selectedText()
        self.find_bar.open_on(view, selected)

    # -- status, persistence ---------------------------------------------------------------------------
    def _update_status(self) -> None:
        parts = []
        for side, src in self.sources.items():
            if src is None:
                parts.append(f"{side}: —")
            else:
                what = f"output set of {len(src.records)} records" if src.kind == "set" else "trace"
                parts.append(f"{side}: {src.name} ({what}, {src.format})")
        self.status_label.setText("   ".join(parts))

    def _remember_pair(self) -> None:
        a, b = self.sources["A"], self.sources["B"]
        entry = f"{a.path}\n{b.path}"
        recent = [r for r in self.recent() if r != entry]
        self.store.setValue("recent", [entry, *recent][:MAX_RECENT])
        self._refresh_recent()

    def recent(self) -> list[str]:
        return [r for r in read_strs(self.store, "recent") if r.count("\n") == 1]  # "A path\nB path" each

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for entry in self.recent():
            a, _, b = entry.partition("\n")
            act = self.recent_menu.addAction(f"{Path(a).name}  ↔  {Path(b).name}")
            act.triggered.connect(lambda _c=False, a=a, b=b: (self.open_file("A", a), self.open_file("B", b)))
        self.recent_menu.setEnabled(bool(self.recent()))

    def _restore_layout(self) -> None:
        geometry = read_bytes(self.store, "window/geometry")
        state = read_bytes(self.store, "window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def changeEvent(self, event) -> None:  # type: ignore[override]
        # The system switched between light and dark: colours derived from the palette follow.
        if event.type() == QEvent.Type.PaletteChange and not self._restyle_pending:
            self._restyle_pending = True
            QTimer.singleShot(0, self._restyle)
        super().changeEvent(event)

    def _restyle(self) -> None:
        self._restyle_pending = False
        self.compare_view.restyle()

    def closeEvent(self, event) -> None:  # type: ignore[override]
        self.tasks.cancel()
        self.store.setValue("window/geometry", self.saveGeometry())
        self.store.setValue("window/state", self.saveState())
        super().closeEvent(event)

    def about(self) -> None:
        QMessageBox.about(
            self, "About Tracepair",
            f"<b>Tracepair {__version__}</b><br>Forensic side-by-side comparison of LLM outputs."
            "<br>Runs entirely offline.",
        )
