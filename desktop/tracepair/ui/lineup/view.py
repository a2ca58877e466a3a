"""The lineup view: the settings that make a lineup (part, replicates, seed), what it is made of, the
heatmap with its tree, the nearest relatives of a chosen member, and what that member shares with a
chosen relative.

Only the lineup asked for now is ever on show: a new run (other inputs or settings) takes the old
one off at once, a cancelled or failed run leaves a message, never a stale matrix. The work runs in
``LineupWork``; the view only shows what it announces.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tracepair.core.lineup import MAX_BOOTSTRAP, MAX_SEED, Lineup, LineupSettings
from tracepair.ui.lineup.heatmap import HeatmapCanvas
from tracepair.ui.lineup.nearest_chart import NearestChart
from tracepair.ui.lineup.scale import lineup_words, part_words
from tracepair.ui.lineup.shared_panel import SharedPanel
from tracepair.ui.lineup.work import LineupWork

PARTS = (("answer", "Answers"), ("reasoning", "Reasoning"), ("both", "Answers and reasoning"))
NOTE_LINES = 4
OVERVIEW = ""  # the member box's first entry: each member's nearest
HINT = "Hover a cell: both names, similarity, interval · click: that pair on the right · double-click: side by side"


class LineupView(QWidget):
    compareRequested = Signal(object, object)  # Path of A, Path of B
    shown = Signal(object)  # the Lineup now on screen, or None when the screen holds none

    def __init__(self, work: LineupWork | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.work = work or LineupWork(self)
        self.lineup: Lineup | None = None  # what is on screen
        self.member = ""
        self.relative = ""  # the relative chosen for "what they share", kept across runs
        self._listed = OVERVIEW  # whose relatives the chart lists, kept across runs (the box empties meanwhile)

        # -- the settings row
        self.part = QComboBox()
        for key, text in PARTS:
            self.part.addItem(text, key)
        self.part.setToolTip("What is compared: the answers, the reasoning, or both")
        self.replicates = QSpinBox()
        self.replicates.setRange(0, MAX_BOOTSTRAP)
        self.replicates.setSpecialValueText("0 (none)")
        self.replicates.setKeyboardTracking(False)  # a run per value typed in full, not per keystroke
        self.replicates.setToolTip("Bootstrap replicates over prompts: intervals and support (0: none)")
        self.seed = QSpinBox()
        self.seed.setRange(0, MAX_SEED)
        self.seed.setKeyboardTracking(False)
        self.seed.setToolTip("Seed of the bootstrap: the same seed gives the same intervals and support")
        self.recompute_button = QPushButton("Recompute")
        self.recompute_button.setToolTip("Compute the lineup of the inputs on show with these settings again")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setFixedWidth(260)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop computing the lineup")
        self._set_controls(self.work.settings)
        self._tips = {w: w.toolTip() for w in (self.part, self.replicates, self.seed)}
        self.part.currentIndexChanged.connect(self._settings_changed)
        self.replicates.valueChanged.connect(self._settings_changed)
        self.seed.valueChanged.connect(self._settings_changed)
        self.recompute_button.clicked.connect(self.work.run)
        self.cancel_button.clicked.connect(self.work.cancel)
        row = QHBoxLayout()
        #: Where the hosting window puts its buttons (open, add), ahead of the settings.
        self.tools = QHBoxLayout()
        row.addLayout(self.tools)
        for label, widget in (("Part:", self.part), ("Replicates:", self.replicates), ("Seed:", self.seed)):
            text = QLabel(label)
            text.setBuddy(widget)
            row.addWidget(text)
            row.addWidget(widget)
            row.addSpacing(8)
        row.addWidget(self.recompute_button)
        row.addStretch(1)
        row.addWidget(self.progress)
        row.addWidget(self.cancel_button)

        # -- what the lineup is made of
        self.info = QLabel("")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.banner = QLabel("")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel { background: #fff3cd; color: #533f03; padding: 4px; }")
        self.notes = QTextBrowser()
        self.notes.setOpenLinks(False)
        self.notes.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        # -- heatmap, relatives, shared features
        self.canvas = HeatmapCanvas()
        self.readout = QLabel(HINT)
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.canvas.hovered.connect(lambda text: self.readout.setText(text or HINT))
        self.canvas.cellClicked.connect(self._cell_clicked)
        self.canvas.cellActivated.connect(self._compare_indices)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.canvas, 1)
        ll.addWidget(self.readout)

        self.member_box = QComboBox()
        self.member_box.setToolTip("Each member's nearest relative, or every relative of one member "
                                   "(members in the tree's order)")
        self.member_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.member_box.setMinimumContentsLength(16)
        self.member_box.currentIndexChanged.connect(self._member_changed)
        self.nearest = NearestChart()
        self.nearest.rowClicked.connect(self._row_clicked)
        self.nearest.rowActivated.connect(self._compare_names)
        self.nearest_scroll = QScrollArea()
        self.nearest_scroll.setWidget(self.nearest)
        self.nearest_scroll.setWidgetResizable(True)
        self.shared = SharedPanel()
        self.shared.relativeChosen.connect(self._relative_chosen)
        self.shared.compareRequested.connect(self._compare_names)
        head = QHBoxLayout()
        head.addWidget(QLabel("<b>Nearest relatives:</b>"))
        head.addWidget(self.member_box, 1)
        right = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addLayout(head)
        tl.addWidget(self.nearest_scroll, 1)
        right.addWidget(top)
        right.addWidget(self.shared)
        right.setSizes([420, 360])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([920, 480])

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addLayout(row)
        lay.addWidget(self.info)
        lay.addWidget(self.banner)
        lay.addWidget(self.notes)
        lay.addWidget(self.splitter, 1)

        self.work.started.connect(self._started)
        self.work.progress.connect(self._progress)
        self.work.ready.connect(self.show_lineup)
        self.work.failed.connect(self._failed)
        self.work.cancelled.connect(self._cancelled)
        self.work.busyChanged.connect(self._busy)
        self._busy(False)
        self._clear("Open a lineup: File ▸ Open Lineup… (files) or Open Lineup Folder…, or drop a folder here.")

    def say(self, text: str) -> None:
        """A one-line message under the heatmap (until the pointer moves over it)."""
        self.readout.setText(text)

    # -- settings ----------------------------------------------------------------------------------
    def settings(self) -> LineupSettings:
        """The settings the controls say."""
        base = self.work.settings
        return LineupSettings(part=self.part.currentData(), bootstrap=self.replicates.value(), seed=self.seed.value(),
                              top=base.top, max_features=base.max_features)

    def _set_controls(self, s: LineupSettings) -> None:
        for w in (self.part, self.replicates, self.seed):
            w.blockSignals(True)
        self.part.setCurrentIndex(max(self.part.findData(s.part), 0))
        self.replicates.setValue(s.bootstrap)
        self.seed.setValue(s.seed)
        for w in (self.part, self.replicates, self.seed):
            w.blockSignals(False)

    def _settings_changed(self) -> None:
        if self.work.paths:
            self.work.change(self.settings())
        else:
            self.work.settings = self.settings()

    def open(self, paths: list[Path], settings: LineupSettings | None = None) -> None:
        """A new lineup of ``paths``: with ``settings`` (all of them, ``top`` too), else those on the controls."""
        if settings is not None:
            self.work.settings = settings
            self._set_controls(settings)
        self.work.open(paths, self.settings())

    # -- the work's announcements ------------------------------------------------------------------
    def _clear(self, message: str) -> None:
        self.lineup = None
        self.canvas.set_lineup(None, message)
        self.nearest.clear(message)
        self.shared.clear("")
        if self.member_box.count():
            self._listed = self.listed
        self.member_box.blockSignals(True)
        self.member_box.clear()
        self.member_box.blockSignals(False)
        self.member_box.setEnabled(False)
        self.banner.hide()
        self.readout.setText(HINT)
        self._enable_settings(True)  # a profile lineup greyed them; whatever comes next decides again
        self.recompute_button.setEnabled(bool(self.work.paths))
        self.shown.emit(None)

    def _enable_settings(self, on: bool) -> None:
        for w, tip in self._tips.items():
            w.setEnabled(on)
            w.setToolTip(tip if on else "A slop-forensics profile file has no records: no bootstrap, no reasoning part")

    def _inputs(self) -> str:
        paths = self.work.paths
        more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
        return ", ".join(p.name or str(p) for p in paths[:3]) + more

    def _started(self) -> None:
        s = self.work.settings
        reps = f"{s.bootstrap} replicates" if s.bootstrap else "no bootstrap"
        self._clear(f"Computing the lineup of {self._inputs()} ({part_words(s.part)}, {reps})…")
        self.info.setText(f"Computing the lineup of {escape(self._inputs())}…")
        self.notes.hide()

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 100))
        fm = self.progress.fontMetrics()
        self.progress.setFormat(fm.elidedText(message, Qt.TextElideMode.ElideMiddle, self.progress.width() - 12))
        self.progress.setToolTip(message)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setValue(0)

    def _failed(self, message: str) -> None:
        self._clear(f"No lineup: {message}")
        self.info.setText(f"<b>No lineup</b> of {escape(self._inputs())}: {escape(message)}")

    def _cancelled(self) -> None:
        self._clear("Cancelled: no lineup is shown for these inputs and settings. Recompute starts it again.")
        self.info.setText(f"Cancelled: the lineup of {escape(self._inputs())} was not computed.")

    def show_lineup(self, lineup: Lineup) -> None:
        """Put ``lineup`` on screen (every panel at once)."""
        self.lineup = lineup
        profiles = lineup.kind == "profiles"
        self._set_controls(lineup.settings)
        self._enable_settings(not profiles)
        self.info.setText(self._summary(lineup))
        if profiles:
            self.banner.setText(
                "<b>From a slop-forensics profile file</b>: it lists each model's top words and n-grams but no "
                "records, hence no bootstrap — no intervals and no support; the fingerprints come from the listed "
                "features only, and the models cannot be opened side by side.")
            self.banner.show()
        else:
            self.banner.hide()
        if len(lineup.excluded) == 1:
            e = lineup.excluded[0]
            lines = [f"<b>Left out</b>: {escape(e.name)} — {escape(e.why)}"]
        else:
            lines = [f"<b>Left out ({len(lineup.excluded)})</b>:"] if lineup.excluded else []
            lines += [f"&nbsp;&nbsp;{escape(e.name)} — {escape(e.why)}" for e in lineup.excluded]
        lines += [f"Note: {escape(n)}" for n in lineup.notes if not (profiles and n.startswith("slop-forensics"))]
        self.notes.setHtml("<br>".join(lines))
        self.notes.setVisible(bool(lines))
        # As tall as its lines, up to four (the rest scrolls): the heatmap keeps the height.
        doc = self.notes.document()
        margin = doc.documentMargin()
        line_h = (doc.size().height() - 2 * margin) / max(len(lines), 1)
        self.notes.setFixedHeight(round(min(len(lines), NOTE_LINES) * line_h + 2 * margin
                                        + 2 * self.notes.frameWidth() + 1))
        self.canvas.set_lineup(lineup)
        names = [lineup.names[i] for i in lineup.order()]
        member = self.member if self.member in names else names[0]
        relative = self.relative if self.relative in names and self.relative != member else ""
        listed = self._listed
        self.member_box.blockSignals(True)
        self.member_box.clear()
        self.member_box.addItem("each member's nearest", OVERVIEW)
        for name in names:
            self.member_box.addItem(f"of {name}", name)
        self.member_box.setCurrentIndex(max(self.member_box.findData(listed if listed in names else OVERVIEW), 0))
        self.member_box.blockSignals(False)
        self.member_box.setEnabled(True)
        self._show_pair(member, relative)
        self.shown.emit(lineup)

    def _summary(self, lineup: Lineup) -> str:
        s = lineup.settings
        what = "models of a profile file" if lineup.kind == "profiles" else "output sets"
        parts = [f"<b>{len(lineup.members)} {what}</b>", lineup_words(lineup)]
        if lineup.kind == "sets":
            parts.append(f"{lineup.prompts} prompts ({lineup.keys} prompt keys)")
        parts.append(f"{len(lineup.features):,} features")
        parts.append(f"{lineup.replicates} bootstrap replicates, seed {s.seed}" if lineup.replicates
                     else "no bootstrap (no intervals, no support)")
        c = lineup.control()
        parts.append(f"the lineup's control: median pair {c['median']:+.2f}, 95th percentile {c['p95']:+.2f}")
        return " · ".join(parts)

    # -- member, relative --------------------------------------------------------------------------
    @property
    def listed(self) -> str:
        """Whose relatives the chart lists: a member's name, or ``OVERVIEW`` (each member's nearest)."""
        return self.member_box.currentData() or OVERVIEW

    def _show_pair(self, member: str, relative: str = "") -> None:
        """``member`` and ``relative`` (default: its nearest) in "what they share", the chart and the heatmap."""
        lineup = self.lineup
        if lineup is None:
            return
        self.shared.set_member(lineup, member, relative)
        self.member, self.relative = member, self.shared.chosen
        pair = (self.member, self.relative)
        if self.listed == OVERVIEW:
            self.nearest.set_overview(lineup, pair)
        else:
            self.nearest.set_rows(lineup, self.listed, pair)
        self.canvas.set_selected(lineup.index(member), lineup.index(self.relative))

    def choose(self, member: str, relative: str = "") -> None:
        """List ``member``'s relatives, and show what it shares with ``relative`` (default: its nearest)."""
        if self.lineup is None or member not in self.lineup.names:
            return
        self.member_box.blockSignals(True)
        self.member_box.setCurrentIndex(self.member_box.findData(member))
        self.member_box.blockSignals(False)
        self._show_pair(member, relative)

    def show_overview(self) -> None:
        """Each member's nearest in the chart (the pair in "what they share" stays)."""
        self.member_box.setCurrentIndex(0)

    def _member_changed(self, _index: int) -> None:
        if self.lineup is None:
            return
        listed = self.listed
        if listed == OVERVIEW:
            self._show_pair(self.member, self.relative)
        else:
            self._show_pair(listed, self.relative if listed == self.member else "")

    def _relative_chosen(self, name: str) -> None:
        if self.lineup is None:
            return
        self.relative = name
        self.nearest.select(self.member, name)
        self.canvas.set_selected(self.lineup.index(self.member), self.lineup.index(name))

    def _row_clicked(self, member: str, relative: str) -> None:
        if member == self.member:
            self.shared.choose(relative)
        else:
            self._show_pair(member, relative)

    def _cell_clicked(self, i: int, j: int) -> None:
        if self.lineup is not None:
            self.choose(self.lineup.names[i], self.lineup.names[j])

    # -- to the comparison -------------------------------------------------------------------------
    def _compare_indices(self, i: int, j: int) -> None:
        lineup = self.lineup
        if lineup is None:
            return
        if lineup.kind == "profiles":
            self.readout.setText("A slop-forensics profile has no records: there is nothing to show side by side.")
            return
        a, b = lineup.members[i], lineup.members[j]
        self.readout.setText(f"Opening {a.name} (A) and {b.name} (B) side by side…")
        self.compareRequested.emit(a.path, b.path)

    def _compare_names(self, a: str, b: str) -> None:
        if self.lineup is not None and a and b:
            self._compare_indices(self.lineup.index(a), self.lineup.index(b))
