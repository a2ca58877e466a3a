"""Which record of A is compared with which record of B, and which records are left out and why.

* trace vs trace — one pair;
* output set vs output set — records paired by ``Record.key`` (prompt id, plus sample when
  present); a key on one side only, a repeated key (the first record of a key is paired, later
  ones are left out), and records with no text are listed in ``left_out`` with the reason;
* trace vs output set (either order) — the trace is paired with every record of the set that
  has text.

Nothing is dropped silently: every record of both sides is either in a pair or in ``left_out``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tracepair.core.match.results import CompareError, LeftOut
from tracepair.core.model import Source


@dataclass
class Pairing:
    pairs: list[tuple[int, int, str | None]]  # (A record, B record, key); key None for trace vs trace
    left_out: list[LeftOut] = field(default_factory=list)

    def notes(self) -> list[str]:
        """One line per reason, for the reader: how many records of each side were left out."""
        out = []
        for why, n in Counter((x.why, x.side) for x in self.left_out).items():
            reason, side = why
            out.append(f"{n} record(s) of {side} left out: {reason}")
        return sorted(out)


def _empty_side(src: Source, side: str) -> CompareError:
    if src.kind == "trace":
        return CompareError(f"{side} ({src.name}) has no text to compare")
    return CompareError(f"every record of {side} ({src.name}) is empty: there is no text to compare")


def pair_records(a: Source, b: Source) -> Pairing:
    """Pair the records of ``a`` and ``b`` (see the module docstring); raises ``CompareError``
    when nothing can be paired."""
    if a.kind == "trace" or b.kind == "trace":
        return _with_trace(a, b)
    left: list[LeftOut] = []
    first_b: dict[str, int] = {}
    for j, r in enumerate(b.records):
        if r.key in first_b:
            left.append(LeftOut("B", j, r.key, "duplicate key"))
        else:
            first_b[r.key] = j
    seen_a: set[str] = set()
    pairs: list[tuple[int, int, str | None]] = []
    for i, r in enumerate(a.records):
        if r.key in seen_a:
            left.append(LeftOut("A", i, r.key, "duplicate key"))
            continue
        seen_a.add(r.key)
        j = first_b.get(r.key)
        if j is None:
            left.append(LeftOut("A", i, r.key, "no partner"))
        elif r.trace.empty or b.records[j].trace.empty:
            for side, idx, rec in (("A", i, r), ("B", j, b.records[j])):
                left.append(LeftOut(side, idx, rec.key, "no text" if rec.trace.empty else "partner has no text"))
        else:
            pairs.append((i, j, r.key))
    left += [LeftOut("B", j, key, "no partner") for key, j in first_b.items() if key not in seen_a]
    if not pairs:
        if all(r.trace.empty for r in a.records):
            raise _empty_side(a, "A")
        if all(r.trace.empty for r in b.records):
            raise _empty_side(b, "B")
        if not set(first_b) & seen_a:
            raise CompareError(f"{a.name} and {b.name} have no prompt id in common, so no records can be paired")
        raise CompareError(f"{a.name} and {b.name} share prompt ids, but no shared prompt has text on both sides")
    left.sort(key=lambda x: (x.side, x.record))
    return Pairing(pairs, left)


def _with_trace(a: Source, b: Source) -> Pairing:
    if a.kind == "trace" and b.kind == "trace":
        for src, side in ((a, "A"), (b, "B")):
            if src.trace.empty:
                raise _empty_side(src, side)
        return Pairing([(0, 0, None)])
    trace_side, (trace, group) = ("A", (a, b)) if a.kind == "trace" else ("B", (b, a))
    if trace.trace.empty:
        raise _empty_side(trace, trace_side)
    set_side = "B" if trace_side == "A" else "A"
    left = [LeftOut(set_side, k, r.key, "no text") for k, r in enumerate(group.records) if r.trace.empty]
    keep = [k for k, r in enumerate(group.records) if not r.trace.empty]
    if not keep:
        raise _empty_side(group, set_side)
    if trace_side == "A":
        return Pairing([(0, k, group.records[k].key) for k in keep], left)
    return Pairing([(k, 0, group.records[k].key) for k in keep], left)
