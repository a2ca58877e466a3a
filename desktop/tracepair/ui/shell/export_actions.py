"""File-menu exports for reviewers: images (window, a pane, the chart on show), the clipboard, HTML, CSV.

The HTML report and CSV reuse what the window has already computed (comparison, the pair on
show's alignment, idioms) and compute the rest off the GUI thread through the window's task
runner, so a large output set never freezes the window. Each export has a method taking the
target path, which the menu actions call after asking for it (tests call them directly).
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QWidget

from tracepair.core.report.contents import iter_report
from tracepair.core.report.csv_files import write_csv
from tracepair.core.report.html_page import write_html
from tracepair.ui.charts.export import chart_paint
from tracepair.ui.common.images import copy_image, save_image
from tracepair.ui.common.stored import read_str

if TYPE_CHECKING:
    from tracepair.ui.shell.main_window import MainWindow

REPORT_TASK = "export-report"
CSV_TASK = "export-csv"
TARGETS = ("window", "A", "B", "chart")


class Exporter(QObject):
    """Owns the export actions of one window and announces what was written."""

    exported = Signal(object)  # list[Path] written
    exportFailed = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        window.tasks.finished.connect(self._task_finished)
        window.tasks.failed.connect(self._task_failed)

    # -- images ----------------------------------------------------------------------------------
    def widget_for(self, target: str) -> QWidget | None:
        """What an image of ``target`` shows: the window, one side's pane, or the idiom chart on show."""
        if target == "window":
            return self.w
        if target in ("A", "B"):
            return self.w.panes[target]
        panel = self.w.idiom_panel
        if panel.report is None:
            return None
        self._lay_out_charts()
        panel.sync_all()
        chart = panel.tabs.currentWidget()
        return chart if chart is not panel.shared else panel.bars

    def _lay_out_charts(self) -> None:
        """An Idioms tab never opened has never been laid out (its charts sit at a default 640 x 480,
        their titles over their labels): open it for a moment, with painting held back so the screen
        does not flicker, so the export has the size and layout the tab has on screen."""
        tabs, panel = self.w.tabs, self.w.idiom_panel
        if panel.isVisible() or not tabs.isTabEnabled(tabs.indexOf(panel)):
            return
        shown = tabs.currentIndex()
        tabs.setUpdatesEnabled(False)
        try:
            tabs.setCurrentWidget(panel)
            QApplication.sendPostedEvents()
            tabs.setCurrentIndex(shown)
        finally:
            tabs.setUpdatesEnabled(True)

    def export_image(self, target: str, path: str | Path) -> Path | None:
        widget = self.widget_for(target)
        if widget is None:
            return self._fail("There is no idiom chart yet: open two files first.")
        try:
            out = save_image(widget, path, paint=chart_paint(widget) if target == "chart" else None)
        except OSError as err:
            return self._fail(f"Could not write {path}: {err}")
        self._done([out])
        return out

    def copy_image(self) -> None:
        """The view on show (side-by-side panes or the chart) to the clipboard at 2x."""
        on_charts = self.w.tabs.currentWidget() is self.w.idiom_panel
        widget = self.widget_for("chart") if on_charts else self.w.tabs
        if widget is None:
            return
        size = copy_image(widget, paint=chart_paint(widget) if on_charts else None)
        self.w.status_label.setText(f"Copied an image of {size.width()}×{size.height()} pixels to the clipboard.")

    # -- report and data ---------------------------------------------------------------------------
    def _report_job(self):
        w = self.w
        a, b = w.sources["A"], w.sources["B"]
        if a is None or b is None or w.comparison is None:
            return None
        have = {"comparison": w.comparison}
        if w.idioms is not None:
            have["idioms"] = w.idioms
        if w.alignment is not None and w.current_pair is not None:
            have["alignments"] = {w.current_pair.index: w.alignment}
        # Read now, on the GUI thread, as the user clicked: the job runs later on a worker thread.
        compare_s, align_s = w.view_settings.compare_settings(), w.view_settings.align_settings()
        idiom_s = w.idiom_panel.display_settings()
        return lambda: iter_report(a, b, compare_s, align_s, idiom_s, have=have)

    def export_report(self, path: str | Path) -> bool:
        """Write the HTML report (and start any missing work); ``exported`` fires when it is on disk."""
        job = self._report_job()
        if job is None:
            self._fail("Nothing to report yet: open two files and wait for the comparison.")
            return False
        out = Path(path).with_suffix(".html") if not Path(path).suffix else Path(path)

        def run() -> Generator[tuple[float, str], None, list[Path]]:
            report = yield from job()
            return [write_html(report, out)]

        self.w.tasks.start(REPORT_TASK, run)
        return True

    def export_csv(self, folder: str | Path) -> bool:
        """Write passages.csv and idioms.csv into ``folder``."""
        job = self._report_job()
        if job is None:
            self._fail("Nothing to export yet: open two files and wait for the comparison.")
            return False

        def run() -> Generator[tuple[float, str], None, list[Path]]:
            report = yield from job()
            return write_csv(report, folder)

        self.w.tasks.start(CSV_TASK, run)
        return True

    # -- results -----------------------------------------------------------------------------------
    def _task_finished(self, name: str, result: object) -> None:
        if name in (REPORT_TASK, CSV_TASK) and isinstance(result, list):
            self._done(result)

    def _task_failed(self, name: str, error: object) -> None:
        if name in (REPORT_TASK, CSV_TASK):
            self._fail(f"Export failed: {error}")

    def _done(self, paths: list[Path]) -> None:
        self.w.store.setValue("export/dir", str(Path(paths[0]).parent))
        names = ", ".join(str(p) for p in paths)
        self.w.status_label.setText(f"Exported {names}")
        self.exported.emit(paths)

    def _fail(self, message: str) -> None:
        self.w.status_label.setText(message)
        self.exportFailed.emit(message)
        return None

    # -- dialogs -----------------------------------------------------------------------------------
    def _dir(self) -> str:
        return read_str(self.w.store, "export/dir", str(Path.home()))

    def _stem(self) -> str:
        a, b = self.w.sources["A"], self.w.sources["B"]
        if a is None or b is None:
            return "tracepair"
        return f"{Path(a.name).stem}-vs-{Path(b.name).stem}"

    def ask_image(self, target: str) -> None:
        suffix = {"window": "", "A": "-A", "B": "-B", "chart": "-chart"}[target]
        start = str(Path(self._dir()) / f"{self._stem()}{suffix}.png")
        path, _ = QFileDialog.getSaveFileName(self.w, "Export image", start, "PNG image, 2x (*.png);;SVG image (*.svg)")
        if path:
            self.export_image(target, path)

    def ask_report(self) -> None:
        start = str(Path(self._dir()) / f"{self._stem()}.html")
        path, _ = QFileDialog.getSaveFileName(self.w, "Export report", start, "HTML report (*.html)")
        if path:
            self.export_report(path)

    def ask_csv(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.w, "Export data (CSV) to folder", self._dir())
        if folder:
            self.export_csv(folder)


def _action(parent: QObject, text: str, slot, shortcut: str | None = None, tip: str = "") -> QAction:
    act = QAction(text, parent)
    act.triggered.connect(slot)
    if shortcut:
        act.setShortcut(QKeySequence(shortcut))
    if tip:
        act.setStatusTip(tip)
    return act


def install(window: MainWindow, menu: QMenu) -> Exporter:
    """Add the export actions to ``menu`` (the File menu) before ``window.file_menu_export_anchor``."""
    ex = Exporter(window)
    images = QMenu("Export &Image", menu)
    for target, text, key in (("window", "&Window…", "Ctrl+Shift+E"), ("A", "Pane &A…", None),
                              ("B", "Pane &B…", None), ("chart", "Idiom &Chart on Show…", None)):
        images.addAction(_action(window, text, lambda _=False, t=target: ex.ask_image(t), key,
                                 "PNG at 2x or SVG"))
    actions = [
        _action(window, "&Copy Image", ex.copy_image, "Ctrl+Shift+C", "The view on show to the clipboard at 2x"),
        _action(window, "Export &Report (HTML)…", ex.ask_report, "Ctrl+E",
                "One self-contained HTML file: texts, passages, alignment, metrics, charts, inputs' SHA-256"),
        _action(window, "Export &Data (CSV)…", ex.ask_csv, "Ctrl+Shift+D", "passages.csv and idioms.csv"),
    ]
    anchor = window.file_menu_export_anchor
    menu.insertMenu(anchor, images)
    for act in actions:
        menu.insertAction(anchor, act)
        window.addAction(act)  # shortcuts work with the menu bar hidden
    for act in images.actions():
        window.addAction(act)
    menu.insertSeparator(images.menuAction())
    window.act_copy_image, window.act_export_report, window.act_export_csv = actions
    window.export_image_menu = images
    return ex
