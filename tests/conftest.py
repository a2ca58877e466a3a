"""Shared fixtures. Qt runs offscreen unless the run asks for a real display (make test's Xvfb pass)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Hypothesis: tests that do not set their own number of examples (the fuzz tests) run a few dozen
# cases each in the default suite; `make fuzz` picks the "fuzz" profile (--hypothesis-profile=fuzz).
settings.register_profile("quick", max_examples=40)
settings.register_profile("fuzz", max_examples=1500)
settings.load_profile("quick")

REPO = Path(__file__).resolve().parents[1]
#: Real model outputs collected by third parties (see its README); CI clones with shared/ beside the repo.
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    assert SHARED_DATA.is_dir(), f"real data not found at {SHARED_DATA}"
    return SHARED_DATA


@pytest.fixture(scope="session")
def slop_dir(shared_data: Path) -> Path:
    return shared_data / "slop-forensics"


@pytest.fixture(scope="session")
def misguided_dir(shared_data: Path) -> Path:
    return shared_data / "misguided-attention"


@pytest.fixture(scope="session", autouse=True)
def _data_home(tmp_path_factory: pytest.TempPathFactory):
    """Error logs (the user's data folder, Qt's AppDataLocation) go to a scratch folder, not the user's."""
    old = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("data-home"))
    yield
    if old is None:
        os.environ.pop("XDG_DATA_HOME", None)
    else:
        os.environ["XDG_DATA_HOME"] = old


@pytest.fixture
def store(tmp_path: Path):
    """A scratch QSettings file, so window tests never touch the user's settings."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "tracepair.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, store):
    """The main window, shown (offscreen or under Xvfb) at a size a user would have."""
    from tracepair.ui.shell.main_window import MainWindow

    w = MainWindow(store=store)
    qtbot.addWidget(w)
    w.resize(1500, 950)
    w.show()
    qtbot.waitExposed(w)
    return w


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    import sys

    fuzz = sys.modules.get("test_fuzz_inputs")
    if fuzz is not None and fuzz.CASES:
        per_test = ", ".join(f"{name} {n:,}" for name, n in sorted(fuzz.CASES.items()))
        terminalreporter.write_line(f"fuzz cases: {sum(fuzz.CASES.values()):,} ({per_test})")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # Windows closed by the tests cancelled their work; let steps under way end before Qt is torn down.
    import sys

    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone(30000)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Tests marked xvfb need a real X server: they run in make test's second pass (QT_QPA_PLATFORM=xcb).
    if os.environ.get("QT_QPA_PLATFORM") == "xcb":
        return
    skip = pytest.mark.skip(reason="needs a real display: runs in make test's Xvfb pass")
    for item in items:
        if "xvfb" in item.keywords:
            item.add_marker(skip)
