"""tracepair.core never imports Qt: proven at run time in a fresh interpreter, and by import-linter."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import tracepair.core

REPO = Path(__file__).resolve().parents[1]


def test_core_imports_no_qt_at_runtime() -> None:
    modules = [m.name for m in pkgutil.walk_packages(tracepair.core.__path__, "tracepair.core.")]
    assert len(modules) >= 30  # every module of every concern, not only the packages' faces
    code = (
        "import sys, importlib\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6', 'pyqtgraph'}"
        " or m.startswith(('tracepair.ui', 'tracepair.cli')))\n"
        "print(','.join(bad))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "", f"core pulled in: {r.stdout.strip()}"


def test_import_linter_contracts_hold() -> None:
    exe = Path(sys.executable).with_name("lint-imports")
    r = subprocess.run([str(exe)], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "KEPT" in r.stdout and "BROKEN" not in r.stdout
    # Qt out of core, cli over ui over core, the layers inside core and inside ui, independent subcommands.
    assert "Contracts: 6 kept, 0 broken." in r.stdout, r.stdout


def test_core_holds_one_folder_per_concern() -> None:
    # The tree shows the architecture: nothing but the shared vocabulary sits directly in core/.
    core = Path(tracepair.core.__file__).parent
    loose = sorted(p.name for p in core.glob("*.py") if p.name not in {"__init__.py", "model.py"})
    assert loose == []
    concerns = sorted(p.name for p in core.iterdir() if (p / "__init__.py").is_file())
    assert {"load", "text", "match", "align", "idioms", "lineup", "report"} <= set(concerns)



def test_readme_layout_table_matches_the_tree() -> None:
    # Every code folder in the README's layout table exists, and every concern folder is in the table.
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text[text.index("## Layout"):text.index("## Performance")]
    listed = set(re.findall(r"^\| `(desktop/tracepair/[^`]*)`", table, flags=re.M))
    for path in listed:
        assert (REPO / path).exists(), f"README names {path}, which is not in the tree"
    package = REPO / "desktop" / "tracepair"
    folders = {f"desktop/tracepair/{layer}/{p.name}/" for layer in ("core", "ui")
               for p in (package / layer).iterdir() if (p / "__init__.py").is_file()}
    assert folders <= listed, f"not in the README's layout table: {sorted(folders - listed)}"
