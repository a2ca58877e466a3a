"""Who is in a lineup for a part, and on which prompts.

* **Part**: the answer lineup holds sets with answers; the reasoning lineup only sets with reasoning
  in most (more than half) of their records; "both" every set with text.
* **Prompts**: the lineup's record keys are those at least half of its members hold (for the part).
  A set holding fewer than half of them, or fewer than ``MIN_SHARED``, is left out with the reason,
  and the keys are worked out again without it.
* **Names**: the records' model when uniform, else the file stem, made unique.

slop-forensics profiles make a lineup of their own: mixed with output sets they are left out (their
features are not counted the same way), and they have no reasoning part.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tracepair.core.lineup.counted import Excluded, SetCounts
from tracepair.core.lineup.members import PARTS, unique_names
from tracepair.core.model import BadInput

#: Fewest prompt keys a set must share with the lineup.
MIN_SHARED = 10
#: Fewest members a lineup needs: with two, "the others" is one set and every z profile mirrors the other.
MIN_MEMBERS = 3


class LineupError(BadInput):
    """No lineup can be made (too few usable members); ``str(err)`` says why in one line. Bad input the
    user can fix, so the window names it in the view rather than as a crash."""


@dataclass
class Selection:
    members: list[SetCounts]
    names: list[str]  # unique, one per member
    keys: list[str]
    excluded: list[Excluded]
    kind: str  # "sets" or "profiles"


def present(s: SetCounts, part: str) -> np.ndarray:
    """Per record of ``s``: whether the part has text."""
    if part == "both":
        return s.parts["answer"].present | s.parts["reasoning"].present
    return s.parts[part].present


def _part_reason(s: SetCounts, part: str) -> str | None:
    n = len(s.keys)
    if n == 0:
        return "no records with text"
    if s.kind == "profile":
        return "a slop-forensics profile has no reasoning part" if part == "reasoning" else None
    if part == "reasoning":
        k = int(s.parts["reasoning"].present.sum())
        return None if 2 * k > n else f"reasoning in only {k} of {n} records"
    if part == "answer" and not s.parts["answer"].present.any():
        return "no answers (reasoning only: try the reasoning lineup)"
    return None


def _shared_keys(members: list[SetCounts], part: str) -> tuple[list[str], list[set[str]]]:
    held = [{k for k, ok in zip(s.keys, present(s, part), strict=True) if ok} for s in members]
    tally: dict[str, int] = {}
    for h in held:
        for k in h:
            tally[k] = tally.get(k, 0) + 1
    keys = sorted(k for k, c in tally.items() if 2 * c >= len(members))
    return keys, held


def select(sets: list[SetCounts], part: str, left_out: list[Excluded] | None = None) -> Selection:
    """The members and prompt keys of the ``part`` lineup over ``sets``; raises ``LineupError`` if under 3.

    ``left_out``: inputs already left out (unreadable files), named in that error too.
    """
    if part not in PARTS:
        raise ValueError(f"part must be one of {', '.join(PARTS)}, not {part!r}")
    excluded: list[Excluded] = list(left_out or [])
    record_sets = [s for s in sets if s.kind == "set"]
    kind = "sets" if record_sets else "profiles"
    members = []
    for s in sets:
        if kind == "sets" and s.kind == "profile":
            entry = Excluded(s.path.name, "a slop-forensics profile: open profiles on their own, not with output sets")
            if entry not in excluded:
                excluded.append(entry)
            continue
        why = _part_reason(s, part)
        if why:
            excluded.append(Excluded(s.name if s.kind == "profile" else s.path.name, why))
        else:
            members.append(s)
    if kind == "profiles":
        keys = ["profile"]
    else:
        keys, held = _shared_keys(members, part)
        kept = []
        for s, h in zip(members, held, strict=True):
            shared = len(h.intersection(keys))
            if shared < MIN_SHARED or 2 * shared < len(keys):
                need = max(MIN_SHARED, (len(keys) + 1) // 2)
                excluded.append(Excluded(s.path.name, f"shares only {shared} of the lineup's {len(keys)} prompt keys "
                                                 f"(needs at least {need})"))
            else:
                kept.append(s)
        if len(kept) != len(members):
            members = kept
            keys, _ = _shared_keys(members, part)
    if len(members) < MIN_MEMBERS:
        why = "; ".join(f"{e.name}: {e.why}" for e in excluded[:4])
        raise LineupError(f"a lineup needs at least {MIN_MEMBERS} output sets; {len(members)} usable"
                          + (f" ({why}{'; …' if len(excluded) > 4 else ''})" if why else ""))
    return Selection(members, unique_names(members), keys, excluded, kind)
