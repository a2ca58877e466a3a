"""Where the shipped resources (idiom lists, markers, samples, icons) live.

A checkout keeps them at the repository's top-level ``resources/``; a wheel
installs them as the ``tracepair._resources`` package; a PyInstaller bundle
puts them in ``<bundle>/resources``.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    checkout = Path(__file__).resolve().parents[2] / "resources"
    if checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parent / "_resources"


def resource(*parts: str) -> Path:
    """Path of a shipped resource, e.g. ``resource("samples", "a.jsonl")``."""
    return resources_dir().joinpath(*parts)
