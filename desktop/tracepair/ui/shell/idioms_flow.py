"""The Idioms tab's life: counting the two sides in the worker process, and what the tab shows meanwhile.

The tab shows only a report of the sources on screen now: loading or swapping files takes the old
report off at once (the tab is disabled and says why), a result that arrives for files no longer
shown is dropped, and a cancelled or failed count leaves the tab disabled with the reason, to be
counted again by the next Recompute. The user's own idiom list is forgotten only when that list
was what failed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings

from tracepair.core.idioms.stats import IdiomReport, IdiomSettings, iter_idioms
from tracepair.core.model import LoadError, Source
from tracepair.ui.common.inputs import same_inputs
from tracepair.ui.common.process_work import in_process
from tracepair.ui.common.stored import read_str

if TYPE_CHECKING:
    from tracepair.ui.shell.main_window import MainWindow

TASK = "idioms"
TAB = 1
LIST_KEY = "idioms/list"


class IdiomsFlow(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.report: IdiomReport | None = None
        self._shown_for: tuple[Source, Source, IdiomSettings] | None = None  # what the report on screen counts
        self._job: tuple[Source, Source, IdiomSettings] | None = None  # what the count under way is for
        #: Counting runs in the worker process (the other core); headless renders count inline.
        self.in_process = True

    @property
    def store(self) -> QSettings:
        return self.w.store

    def settings(self) -> IdiomSettings:
        saved = read_str(self.store, LIST_KEY)
        return IdiomSettings(idiom_file=Path(saved) if saved else None)

    def _wanted(self) -> tuple[Source, Source, IdiomSettings] | None:
        a, b = self.w.sources["A"], self.w.sources["B"]
        return None if a is None or b is None else (a, b, self.settings())

    def clear(self, why: str) -> None:
        """The report on screen no longer matches the files: take it off and say why."""
        self.w.tasks.cancel(TASK)
        self._job = None
        self.report = self._shown_for = None
        self.w.idiom_panel.clear(why)
        if self.w.tabs.currentIndex() == TAB:
            self.w.tabs.setCurrentIndex(0)
        self.w.tabs.setTabEnabled(TAB, False)
        self.w.tabs.setTabToolTip(TAB, why)

    def ensure(self) -> None:
        """Count the sides on screen unless their report is shown or being counted already."""
        wanted = self._wanted()
        if wanted is None or same_inputs(wanted, self._job) or same_inputs(wanted, self._shown_for):
            return
        self.start(wanted)

    def start(self, wanted: tuple[Source, Source, IdiomSettings] | None = None) -> None:
        wanted = wanted or self._wanted()
        if wanted is None:
            return
        self._job = wanted
        a, b, settings = wanted
        self.w.tabs.setTabToolTip(TAB, "Counting idioms, words and reasoning markers…")
        if self.in_process:
            self.w.tasks.start(TASK, lambda: in_process(iter_idioms, a, b, settings))
        else:
            self.w.tasks.start(TASK, lambda: iter_idioms(a, b, settings))

    def use_list(self, path: Path | None) -> None:
        """Count the user's idioms (one phrase a line) instead of the shipped list; remembered."""
        self.store.setValue(LIST_KEY, str(path) if path else "")
        self.clear("Counting with the new idiom list…")
        self.start()

    # -- results of the task --------------------------------------------------------------------
    def done(self, report: IdiomReport) -> None:
        job, self._job = self._job, None
        if not same_inputs(job, self._wanted()):
            return  # counted for files or a list no longer on screen
        self.report, self._shown_for = report, job
        # Enabled first: charts take their text colours from the palette they are drawn with.
        self.w.tabs.setTabEnabled(TAB, True)
        self.w.tabs.setTabToolTip(TAB, "Words, phrases and reasoning markers each side over-uses")
        self.w.idiom_panel.set_report(report)
        self.w.idiomsReady.emit(report)

    def failed(self, error: BaseException, message: str) -> None:
        job, self._job = self._job, None
        saved = read_str(self.store, LIST_KEY)
        if job is not None and isinstance(error, LoadError) and saved and Path(saved) == error.path:
            # The user's list itself could not be read: say so, and count the shipped list instead.
            self.store.setValue(LIST_KEY, "")
            self.w.status_label.setText(f"Could not use that idiom list: {message}. Using the shipped list.")
            self.w.idiomListFailed.emit(message)
            self.start()
            return
        self.w.tabs.setTabToolTip(TAB, f"Counting failed: {message}. Recompute (F5) tries again.")
        self.w.idiom_panel.clear(f"Counting failed: {message}")

    def cancelled(self) -> None:
        self._job = None
        self.w.tabs.setTabToolTip(TAB, "Counting was cancelled: Recompute (F5) counts again.")
        self.w.idiom_panel.clear("Counting was cancelled: Recompute (F5) counts again.")
