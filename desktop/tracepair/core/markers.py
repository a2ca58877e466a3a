"""The reasoning-marker lists shipped in ``resources/markers/`` (and user-supplied ones)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tracepair.resources import resource


@dataclass(frozen=True)
class Marker:
    phrase: str
    move: str  # what the turn does: start, plan, doubt, verify, conclude, ...


def read_marker_file(path: Path) -> list[Marker]:
    """One marker a line, ``phrase<TAB>move``; ``#`` starts a comment line; a missing move is "other"."""
    markers: list[Marker] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        phrase, _, move = line.partition("\t")
        markers.append(Marker(phrase.strip(), move.strip() or "other"))
    return markers


def load_markers(extra: Path | None = None) -> list[Marker]:
    """All shipped markers (every language file), plus ``extra`` if given; longest phrase first."""
    markers: list[Marker] = []
    for path in sorted(resource("markers").glob("*.txt")):
        markers.extend(read_marker_file(path))
    if extra is not None:
        markers.extend(read_marker_file(extra))
    unique = {m.phrase: m for m in markers}
    return sorted(unique.values(), key=lambda m: -len(m.phrase))
