"""Creating the application, opening the window, and rendering it offscreen."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QThreadPool
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from tracepair import __version__
from tracepair.core.load.reader import load
from tracepair.core.model import Source
from tracepair.resources import resource
from tracepair.ui.common import crash
from tracepair.ui.common.display import offscreen_without_display
from tracepair.ui.common.images import grab_png
from tracepair.ui.common.view_settings import ViewSettings
from tracepair.ui.shell.main_window import MainWindow


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        QCoreApplication.setOrganizationName("Tracepair")
        QCoreApplication.setApplicationName("Tracepair")
        QCoreApplication.setApplicationVersion(__version__)
        app = QApplication(argv or [sys.argv[0]])
        icon = resource("icons", "tracepair.svg")
        if icon.exists():
            app.setWindowIcon(QIcon(str(icon)))
    return app  # type: ignore[return-value]


def _scratch_settings() -> QSettings:
    """Settings for headless renders: defaults, never the user's saved layout."""
    store = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Tracepair", "snapshot")
    store.clear()
    return store


def build_window(a: str | Path | Source | None, b: str | Path | Source | None, key: str | None = None,
                 settings: ViewSettings | None = None) -> MainWindow:
    """A window with A and B (files, or sources already loaded) compared on this thread, settled
    before it returns."""
    store = _scratch_settings()
    if settings is not None:
        settings.save(store)  # the window reads its settings from the store it is given
    window = MainWindow(store=store)
    window.tasks.synchronous = True
    window.idioms_flow.in_process = False  # everything on this thread, settled before the render
    for side, path in (("A", a), ("B", b)):
        if path is not None:
            window.set_source(side, path if isinstance(path, Source) else load(path))
    if key is not None:
        window.show_pair_by_key(key)
    return window


def grab(widget: QWidget, out_png: str | Path, dpr: float = 2.0) -> Path:
    """Render ``widget`` to a PNG at ``dpr`` device pixels per logical pixel (crisp in reports)."""
    return grab_png(widget, out_png, dpr)


def render_offscreen(
    a: str | Path | Source | None, b: str | Path | Source | None, out_png: str | Path,
    size: tuple[int, int] = (1400, 900), dpr: float = 2.0, key: str | None = None,
    settings: ViewSettings | None = None,
) -> Path:
    """Open the window on A and B without showing it on a screen and save it as a PNG."""
    if QApplication.instance() is None:
        offscreen_without_display()
    app = make_app()
    window = build_window(a, b, key, settings)
    window.resize(*size)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.show()
    app.processEvents()
    window.compare_view.refresh_geometry()
    out = grab(window, out_png, dpr)
    window.close()
    return out


def run_window(a: str | Path | None = None, b: str | Path | None = None) -> int:
    app = make_app()
    crash.install()  # a bug in a slot or a thread: a dialog and a log, and the window goes on
    window = MainWindow()
    window.show()
    for side, path in (("A", a), ("B", b)):
        if path is not None:
            window.open_file(side, path)
    code = app.exec()
    # Closing the window cancelled its work; let a step already under way finish before Python exits.
    QThreadPool.globalInstance().waitForDone(5000)
    return code
