"""The main window: two sides, the comparison between them, and the work that computes it.

Everything shown comes from ``tracepair.core``; long work runs on the thread pool
through ``TaskRunner`` (progress, cancel, stale results dropped).
"""

from __future__ import annotations

from html import escape
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
from tracepair.core.align.alignment import Alignment, iter_align, passage_spans
from tracepair.core.idioms.stats import IdiomReport
from tracepair.core.lineup import LineupSettings
from tracepair.core.load.fields import FieldMap
from tracepair.core.load.reader import iter_load
from tracepair.core.match.comparison import Comparison, PairResult, iter_compare
from tracepair.core.match.results import LeftOut, shown_passages
from tracepair.core.model import LoadError, Source
from tracepair.ui.charts.idiom_panel import IdiomPanel
from tracepair.ui.common import crash
from tracepair.ui.common.inputs import same_inputs
from tracepair.ui.common.process_work import start_worker
from tracepair.ui.common.stored import read_bytes, read_str
from tracepair.ui.common.view_settings import ViewSettings
from tracepair.ui.common.worker import TaskRunner
from tracepair.ui.shell import actions, export_actions, idioms_flow, lineup_flow, navigation
from tracepair.ui.shell import recent as recent_files
from tracepair.ui.shell.field_mapping import FieldsFlow
from tracepair.ui.shell.file_watch import FileWatch
from tracepair.ui.shell.idioms_flow import IdiomsFlow
from tracepair.ui.shell.lineup_window import LineupWindow
from tracepair.ui.shell.prompt_list import PromptList, PromptRow
from tracepair.ui.shell.settings_panel import SettingsPanel
from tracepair.ui.shell.summary_panel import SummaryPanel
from tracepair.ui.sidebyside.compare_view import CompareView, PairData
from tracepair.ui.sidebyside.find_bar import FindBar
from tracepair.ui.sidebyside.pair_data import pair_data
from tracepair.ui.sidebyside.trace_pane import TracePane

FILE_FILTER = ("Traces and output sets (*.jsonl *.json *.ndjson *.txt *.md *.markdown *.eval *.parquet);;"
               "All files (*)")


class MainWindow(QMainWindow):
    sourceLoaded = Signal(str, object)  # side "A"/"B", Source
    loadFailed = Signal(str, str)  # side, one-line message
    comparisonReady = Signal(object)  # Comparison
    alignmentReady = Signal(object)  # Alignment of the pair on show
    pairShown = Signal(int)  # index into comparison.pairs
    workCancelled = Signal(str)
    workFailed = Signal(str, str)  # task name, one-line message
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
            pane.filesDropped.connect(self.open_pair)
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
        self.idioms_flow = IdiomsFlow(self)
        self.idiom_panel.idiomListChosen.connect(self.idioms_flow.use_list)
        self.tabs.addTab(self.idiom_panel, "Idioms")
        self.tabs.setTabEnabled(1, False)  # until there is a report
        self.tabs.setTabToolTip(1, "Words, phrases and reasoning markers each side over-uses (computed after loading)")
        #: What the compare and align tasks under way are for: results for anything else are dropped.
        self._comparing: tuple[Source, Source, object] | None = None
        self._aligning: tuple[Comparison, int, object] | None = None
        self._wanted: str | None = None  # the pair the user looks at, kept across recomputes
        self._status_transient = False
        self.setCentralWidget(self.tabs)

        self.prompt_list = PromptList()
        self.prompt_list.promptChosen.connect(self._row_chosen)
        self.summary = SummaryPanel()
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.summary)
        side.addWidget(self.prompt_list)
        self.dock = QDockWidget("Comparison", self)
        self.dock.setObjectName("comparisonDock")
        self.dock.setWidget(side)
        side.setMinimumWidth(220)  # narrower, the numbers and prompt names become unreadable slivers
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.resizeDocks([self.dock], [420], Qt.Orientation.Horizontal)
        side.setSizes([330, 570])  # the summary's numbers on show, the prompt list under them

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
        self.fields_flow = FieldsFlow(self)  # where a file's records keep their text (ui/shell/field_mapping.py)
        self.fields_flow.install(self.file_menu, self.recent_menu.menuAction())
        lineup_flow.install(self)  # File ▸ Open Lineup…, and folders dropped on the window open as a lineup
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
        recent_files.refresh_menu(self)
        navigation.chain_focus(self)

    # -- files -----------------------------------------------------------------------------------
    def ask_open(self, side: str) -> None:
        start = read_str(self.store, "last_dir")
        path, _ = QFileDialog.getOpenFileName(self, f"Open {side}", start, FILE_FILTER)
        if path:
            self.store.setValue("last_dir", str(Path(path).parent))
            self.open_file(side, Path(path))

    def open_file(self, side: str, path: Path | str, fields: FieldMap | None = None) -> None:
        """Load ``path`` into ``side`` off the GUI thread, with progress and cancel; the pane keeps its
        content until it succeeds. ``fields``: where the records keep their text (else the choice
        remembered for records of the file's shape, if any)."""
        path = Path(path)
        self.status_label.setText(f"Loading {path.name} into {side}…")
        if self.idioms_flow.in_process:
            start_worker()  # the idiom counter warms up in its own process while the files load
        chosen = fields if fields is not None else self.fields_flow.chooser()
        self.tasks.start(f"load-{side}", lambda: iter_load(path, chosen))

    def open_pair(self, paths: list[Path]) -> None:
        """Two files dropped at once: the first fills A, the second B."""
        if len(paths) == 2:
            self.open_file("A", paths[0])
            self.open_file("B", paths[1])
        else:
            self.status_label.setText(f"{len(paths)} files dropped: drop one on a side, or two to fill A and B.")

    def open_lineup(self, paths: list[Path | str], settings: LineupSettings | None = None) -> LineupWindow:
        """Where each of many output sets (files, or folders of them) stands among the others, in the
        lineup window; double-clicking a pair there opens the two here."""
        return lineup_flow.open_lineup(self, paths, settings)

    def set_source(self, side: str, source: Source) -> None:
        self.sources[side] = source
        self.panes[side].set_source(source)
        self.sourceLoaded.emit(side, source)
        self._files_changed()

    def swap_sides(self) -> None:
        self.sources = {"A": self.sources["B"], "B": self.sources["A"]}
        for side, src in self.sources.items():
            if src is None:
                self.panes[side].clear()
            else:
                self.panes[side].set_source(src)
        self._files_changed()

    def _files_changed(self) -> None:
        """What the old files gave leaves the screen now; what the new ones give is computed."""
        self._wanted = None
        self.idioms_flow.clear("Counting idioms, words and reasoning markers of the files on screen…")
        self._update_status()
        if all(self.sources.values()):
            recent_files.remember_pair(self)
            self.recompute()
        else:
            self._clear_comparison("<i>Open two files to compare them.</i>")

    # -- computing ---------------------------------------------------------------------------------
    def apply_settings(self, settings: ViewSettings) -> None:
        old = self.view_settings
        self.view_settings = settings
        settings.save(self.store)
        self.compare_view.linked_scrolling = settings.linked_scrolling
        if old.compare_settings() != settings.compare_settings():
            self.recompute()
        elif old.align_settings() != settings.align_settings():
            self._align_current()

    def recompute(self) -> None:
        """Compare the files on screen with the settings on screen (and count their idioms if needed)."""
        a, b = self.sources["A"], self.sources["B"]
        if a is None or b is None:
            return
        cs = self.view_settings.compare_settings()
        self._clear_comparison(f"<i>Comparing {escape(a.name)} with {escape(b.name)}…</i>")
        self._comparing = (a, b, cs)
        self.tasks.start("compare", lambda: iter_compare(a, b, cs))
        self.idioms_flow.ensure()

    def use_idiom_list(self, path: Path | None) -> None:
        """Count the user's idioms (one phrase a line) instead of the shipped list; remembered."""
        self.idioms_flow.use_list(path)

    def _clear_comparison(self, message: str) -> None:
        """No comparison on screen: no highlights, links, rows or numbers of an earlier one."""
        self.tasks.cancel("compare")
        self.tasks.cancel("align")
        self._comparing = self._aligning = None
        self.comparison = None
        self.alignment = None
        self.pair_index = -1
        self.compare_view.set_data(PairData())
        self.prompt_list.set_rows([])
        self.prompt_list.hide()
        self.summary.show_message(message)

    def _comparison_done(self, c: Comparison) -> None:
        if not same_inputs(self._comparing, (c.a, c.b, c.settings)):
            return  # computed for files or settings no longer on screen
        self._comparing = None
        self.comparison = c
        rows = []
        for p in c.pairs:
            rec = c.a.records[p.a_record]
            rows.append(PromptRow(f"pair:{p.index}", rec.prompt_id or "(trace)", rec.sample, p.metrics.weighted_score,
                                  p.metrics.containment_a, len(shown_passages(p.passages)), p.metrics.longest_tokens))
        for x in c.left_out:
            rec = (c.a if x.side == "A" else c.b).records[x.record]
            rows.append(PromptRow(f"{x.side}:{x.record}", rec.prompt_id, rec.sample, None, None, None, None, x.label()))
        keys = [p.key for p in c.pairs]
        index = keys.index(self._wanted) if self._wanted in keys else 0
        self.prompt_list.set_rows(rows)
        self.prompt_list.setVisible(len(rows) > 1)
        self._update_status()
        self.comparisonReady.emit(c)
        self.show_pair(index)

    @property
    def idioms(self) -> IdiomReport | None:
        """The idiom report of the files on screen (None while counting, or when counting failed)."""
        return self.idioms_flow.report

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

    def _row_chosen(self, ident: str) -> None:
        """A row of the prompt list: a pair, or a record in no pair (shown alone, saying why)."""
        kind, _, number = ident.partition(":")
        if kind == "pair":
            self.show_pair(int(number))
        elif self.comparison is not None:
            x = next((x for x in self.comparison.left_out if (x.side, x.record) == (kind, int(number))), None)
            if x is not None:
                self.show_left_out(x)

    def show_pair(self, index: int) -> None:
        """Show pair ``index`` of the comparison: its two traces, passages now, alignment when ready."""
        c = self.comparison
        if c is None:
            return
        self.pair_index = index
        pair = c.pairs[index]
        self._wanted = pair.key
        self.panes["A"].set_record(c.a.records[pair.a_record])
        self.panes["B"].set_record(c.b.records[pair.b_record])
        self.alignment = None
        self.compare_view.set_data(pair_data(pair, None))
        self.summary.show_results(c, pair, None)
        self.prompt_list.select_ident(f"pair:{index}")
        self.pairShown.emit(index)
        self._align_current()

    def show_left_out(self, x: LeftOut) -> None:
        """A record that is in no pair, alone in its pane; the other pane says why it has no partner."""
        c = self.comparison
        if c is None:
            return
        self.tasks.cancel("align")
        self._aligning = None
        self.pair_index = -1
        self.alignment = None
        sources = {"A": c.a, "B": c.b}
        self.panes[x.side].set_record(sources[x.side].records[x.record])
        partner = sources[x.other].by_key().get(x.key) if x.why == "partner has no text" else None
        self.panes[x.other].set_record(partner, x.key, "" if partner is not None else x.explain())
        self.compare_view.set_data(PairData())
        self.summary.show_left_out(c, x)
        self.prompt_list.select_ident(f"{x.side}:{x.record}")
        self.status_label.setText(f"{x.side} record {x.key} is in no pair ({x.label()}): shown alone.")

    def _align_current(self) -> None:
        pair = self.current_pair
        if pair is None or self.comparison is None:
            return
        ta = self.comparison.a.records[pair.a_record].trace
        tb = self.comparison.b.records[pair.b_record].trace
        spans = passage_spans(pair.passages)
        settings = self.view_settings.align_settings()
        self._aligning = (self.comparison, pair.index, settings)
        self.tasks.start("align", lambda: iter_align(ta, tb, settings, spans))

    def _alignment_done(self, al: Alignment) -> None:
        if not same_inputs(self._aligning, (self.comparison, self.pair_index, al.settings)):
            return  # aligned a pair or with settings no longer on screen
        self._aligning = None
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
        elif name == idioms_flow.TASK and isinstance(result, IdiomReport):
            self.idioms_flow.done(result)
        elif name.startswith("fields-"):
            self.fields_flow.record_read(name[-1], result)
        self._update_status_after_work()

    def _task_failed(self, name: str, error: object) -> None:
        message = crash.message_of(error)
        if name.startswith("load-"):
            side = name[-1]
            if self.fields_flow.load_failed(side, error):
                return
            self.panes[side].show_error(message)
            self.status_label.setText(f"Could not open {side}: {message}")
            self.loadFailed.emit(side, message)
            return
        if name == "compare":
            self._clear_comparison(f"<b>The comparison failed:</b> {escape(message)}")
        elif name == idioms_flow.TASK:
            self.idioms_flow.failed(error, message)
        elif name == "align":
            self._aligning = None
        if name != idioms_flow.TASK or not isinstance(error, LoadError):
            self._say_until_next_result(f"The {name} step failed: {message}")
        self.workFailed.emit(name, message)

    def _task_cancelled(self, name: str) -> None:
        if name == "compare":
            self._clear_comparison("<b>Cancelled.</b> No comparison is shown for these files and settings: "
                                   "Recompute (F5) computes it.")
        elif name == "align":
            self._aligning = None
        elif name == idioms_flow.TASK:
            self.idioms_flow.cancelled()
        self._say_until_next_result(f"Cancelled: {name}. Recompute (F5) starts it again.")
        self.workCancelled.emit(name)

    def _say_until_next_result(self, text: str) -> None:
        """A status line about work that did not finish: it gives way once the work is done after all."""
        self.status_label.setText(text)
        self._status_transient = True

    def _update_status_after_work(self) -> None:
        if self._status_transient and not self.tasks.is_busy() and self.comparison is not None:
            self._status_transient = False
            self._update_status()

    def _progress(self, name: str, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 100))
        # Elided to the bar: a wrapped format is unreadable ("reading big.jsonl: 80 of 200 MB" is long).
        width = self.progress.width() - 10
        fits = self.progress.fontMetrics().elidedText(message, Qt.TextElideMode.ElideMiddle, width)
        self.progress.setFormat(fits)
        self.progress.setToolTip(f"{name}: {message}")

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.act_cancel.setEnabled(busy)
        if busy:
            self.progress.setValue(0)

    # -- navigation (ui/shell/navigation.py) ------------------------------------------------------
    def find_phrase(self, phrase: str) -> bool:
        """Show ``phrase`` (``*``: any ending) in a pane: the pair on show if it has it, else the first that does."""
        return navigation.find_phrase(self, phrase)

    def go_to_part(self, part: str) -> None:
        navigation.go_to_part(self, part)

    def open_find(self) -> None:
        navigation.open_find(self)

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

    def recent(self) -> list[str]:
        """The pairs under File ▸ Open Recent, newest first ("A path\nB path")."""
        return recent_files.recent(self)

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
