"""Build the onedir bundle with PyInstaller (what ``make bundle`` runs), then self-test it.

    .venv/bin/python packaging/build_bundle.py [--distpath DIR] [--workpath DIR] [--clean] [--no-check]

Installs PyInstaller (the ``bundle`` extra in pyproject.toml) into the running
interpreter when it is missing, builds ``dist/tracepair/`` from
``packaging/tracepair.spec``, prints its size and the build time, and runs
``tracepair --self-test`` from the bundle in an environment without Python on
the path (unless ``--no-check``).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "packaging" / "tracepair.spec"


def ensure_pyinstaller() -> None:
    """Install the ``bundle`` extra's requirements (PyInstaller) when they are missing."""
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    with open(REPO / "pyproject.toml", "rb") as f:
        requirements = tomllib.load(f)["project"]["optional-dependencies"]["bundle"]
    print(f"installing {' '.join(requirements)} into {sys.prefix}", flush=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", *requirements], check=True)


def build(distpath: Path, workpath: Path, clean: bool = False) -> Path:
    """Run PyInstaller on the spec; return the bundle folder ``<distpath>/tracepair``."""
    ensure_pyinstaller()
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(distpath), "--workpath", str(workpath), str(SPEC)]
    if clean:
        cmd.insert(3, "--clean")
    subprocess.run(cmd, check=True, cwd=REPO)
    return distpath / "tracepair"


def tree_size(path: Path) -> int:
    """Bytes in all files under ``path`` (symlinks not followed: macOS frameworks use many)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def executable(bundle: Path) -> Path:
    return bundle / ("tracepair.exe" if sys.platform == "win32" else "tracepair")


def clean_env(home: Path | None = None) -> dict[str, str]:
    """An environment with no Python, no venv and no display: what a fresh desktop session gives a bundle."""
    if sys.platform == "win32":
        env = {k: v for k, v in os.environ.items()
               if not k.upper().startswith(("PYTHON", "VIRTUAL_ENV", "CONDA"))}
        env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                      if "python" not in p.lower() and ".venv" not in p.lower())
    else:
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
        env["HOME"] = str(home or Path.home())
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def self_test(bundle: Path, home: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``tracepair --self-test`` from the bundle in ``clean_env()``; output is captured as text."""
    return subprocess.run([str(executable(bundle)), "--self-test"], env=clean_env(home), cwd=bundle,
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=timeout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--distpath", type=Path, default=REPO / "dist")
    parser.add_argument("--workpath", type=Path, default=REPO / "build")
    parser.add_argument("--clean", action="store_true", help="drop PyInstaller's cache first")
    parser.add_argument("--no-check", action="store_true", help="do not run the bundle's self-test")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    bundle = build(args.distpath.resolve(), args.workpath.resolve(), clean=args.clean)
    seconds = time.perf_counter() - start
    print(f"bundle      {bundle}")
    print(f"size        {tree_size(bundle) / 1e6:.1f} MB ({sum(1 for _ in bundle.rglob('*'))} files)")
    app = args.distpath / "Tracepair.app"
    if app.is_dir():
        print(f"app         {app} ({tree_size(app) / 1e6:.1f} MB)")
    print(f"build time  {seconds:.0f} s")
    if args.no_check:
        return 0
    result = self_test(bundle)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    print(f"self-test   exit {result.returncode}")
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
