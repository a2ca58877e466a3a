"""Offline, proven; inputs untouched, proven.

Every subcommand runs (as a user runs it, in its own process) and the window opens, loads, compares
and exports, with network access blocked: socket connects and DNS lookups are replaced by a function
that records the attempt and fails. Zero attempts are allowed. The inputs are read-only copies of
real files; their SHA-256 (and time stamps) are the same after every run, and nothing new appears
beside them. Local (Unix-domain) sockets are not network and are let through: Qt may use one to
talk to the desktop session.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from tracepair.cli.main import COMMANDS
from tracepair.ui.shell.main_window import MainWindow

# Installed before Tracepair is imported in each subprocess: any network attempt is written to the
# file named by NET_LOG and fails.
GUARD = r"""
import os, socket, sys
LOG = os.environ["NET_LOG"]

def attempt(what, detail):
    with open(LOG, "a", encoding="utf-8") as f:
        f.write(f"{what} {detail!r}\n")
    raise OSError(f"network blocked by the test: {what}")

local = getattr(socket, "AF_UNIX", None)
real_connect, real_connect_ex, real_sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto

def connect(self, address):
    return real_connect(self, address) if self.family == local else attempt("connect", address)

def connect_ex(self, address):
    return real_connect_ex(self, address) if self.family == local else attempt("connect_ex", address)

def sendto(self, *args):
    return real_sendto(self, *args) if self.family == local else attempt("sendto", args[-1])

socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto
for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "getnameinfo",
             "create_connection"):
    setattr(socket, name, lambda *a, _n=name, **k: attempt(_n, a))

from tracepair.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def sha256_of(folder: Path) -> dict[str, tuple[str, int, int]]:
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns, p.stat().st_mode)
            for p in sorted(folder.iterdir())}


@pytest.fixture
def inputs(tmp_path: Path, misguided_dir: Path) -> Path:
    """Read-only copies of real files, and a user's idiom and marker list, in a folder of their own."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    # the second has empty records; the third makes a lineup of three
    for name in ("deepseek-r1-0528.jsonl", "gemini-exp-1206.jsonl", "gpt-4.1.jsonl"):
        shutil.copy(misguided_dir / name, folder / name)
    (folder / "idioms.txt").write_text("let me think\nwait\nhmm\ndouble-check\n", encoding="utf-8")
    (folder / "markers.txt").write_text("Wait,\tdoubt\nLet me check\tverify\n", encoding="utf-8")
    for p in folder.iterdir():
        p.chmod(0o444)
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def _runs(i: Path, out: Path) -> dict[str, list[str]]:
    a, b = str(i / "deepseek-r1-0528.jsonl"), str(i / "gemini-exp-1206.jsonl")
    return {
        "inspect": ["inspect", "--json", a],
        "compare": ["compare", "--json", a, b],
        "align": ["align", "--json", "--markers", str(i / "markers.txt"), a, b],
        "idioms": ["idioms", "--json", "--idioms", str(i / "idioms.txt"), "--bootstrap", "100", a, b],
        "snapshot": ["snapshot", a, b, "-o", str(out / "view.png"), "--size", "1200x800", "--scale", "1"],
        "report": ["report", a, b, "-o", str(out / "r.html"), "--csv", str(out / "csv"), "--png", str(out / "png"),
                   "--idioms", str(i / "idioms.txt")],
        "lineup": ["lineup", "--json", str(i), "--bootstrap", "20", "-o", str(out / "lineup.html"), "--newick",
                   str(out / "lineup.nwk"), "--png", str(out / "lineup-png")],
    }


@pytest.mark.slow
def test_every_subcommand_runs_offline_and_leaves_its_inputs_untouched(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    net_log = tmp_path / "network-attempts.txt"
    runs = _runs(inputs, out)
    assert set(runs) == set(COMMANDS), "a subcommand is missing from this test"
    before = sha256_of(inputs)
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "share"), "NET_LOG": str(net_log)}
    for name, args in runs.items():
        r = subprocess.run([sys.executable, "-c", GUARD, *args], capture_output=True, text=True, timeout=300,
                           env=env, cwd=tmp_path)
        assert r.returncode == 0, (name, r.stderr)
        assert not net_log.exists(), (name, net_log.read_text(encoding="utf-8"))
        assert sha256_of(inputs) == before, name
    assert (out / "view.png").stat().st_size > 0 and (out / "r.html").stat().st_size > 0
    assert sorted(p.name for p in (out / "csv").iterdir()) == ["idioms.csv", "passages.csv"]
    assert sorted(p.name for p in (out / "lineup-png").iterdir()) == ["lineup-window.png", "lineup.png", "nearest.png"]


def test_the_guard_catches_an_attempt(tmp_path: Path) -> None:
    """The control: the same guard, on a process that does try to reach the network."""
    net_log = tmp_path / "network-attempts.txt"
    code = GUARD.replace("from tracepair.cli.main import main\nsys.exit(main(sys.argv[1:]))",
                         "socket.getaddrinfo('example.org', 443)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                       env={"NET_LOG": str(net_log), "PATH": os.environ.get("PATH", "")})
    assert r.returncode == 1 and "network blocked by the test: getaddrinfo" in r.stderr
    assert net_log.read_text(encoding="utf-8").startswith("getaddrinfo ('example.org', 443)")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """This process's sockets: every network attempt is recorded and fails."""
    attempts: list[str] = []

    def refuse(what: str):
        def f(*args: object, **_kw: object) -> None:
            attempts.append(f"{what} {args!r}")
            raise OSError(f"network blocked by the test: {what}")
        return f

    local = getattr(socket, "AF_UNIX", None)
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        if self.family == local:
            return real_connect(self, address)
        return refuse("connect")(address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", lambda self, a: refuse("connect_ex")(a))
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "getnameinfo",
                 "create_connection"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts


def test_the_window_works_offline_and_leaves_its_inputs_untouched(qtbot, no_network: list[str], inputs: Path,
                                                                   tmp_path: Path) -> None:
    before = sha256_of(inputs)
    w = MainWindow(store=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    with qtbot.waitSignals([w.alignmentReady, w.idiomsReady], timeout=90000):
        w.open_file("A", inputs / "deepseek-r1-0528.jsonl")
        w.open_file("B", inputs / "gemini-exp-1206.jsonl")
    QApplication.processEvents()
    with qtbot.waitSignal(w.idiomsReady, timeout=60000):
        w.use_idiom_list(inputs / "idioms.txt")
    with qtbot.waitSignal(w.exporter.exported, timeout=90000):
        w.exporter.export_report(tmp_path / "report.html")
    lineup = w.open_lineup([inputs])  # the folder's three sets, and its text files left out
    qtbot.addWidget(lineup)
    with qtbot.waitSignal(lineup.work.ready, timeout=90000):
        pass
    with qtbot.waitSignal(lineup.exported, timeout=30000):
        lineup.export("heatmap", tmp_path / "lineup.png")
    lineup.close()
    w.close()
    assert no_network == []
    assert sha256_of(inputs) == before
