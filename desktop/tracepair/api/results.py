"""The API's results: the core objects the CLI serialises (comparison, alignment, idiom report,
lineup), each with ``to_json()`` (exactly the CLI's ``--json``) and ``to_frame()``."""

from __future__ import annotations

from typing import Any

from tracepair.api.frames import frame
from tracepair.core.align import alignment as core_align
from tracepair.core.idioms import stats as core_idioms
from tracepair.core.lineup import result as core_lineup
from tracepair.core.match import comparison as core_match


class Comparison(core_match.Comparison):
    """Shared phrasing between two sources (``tracepair.core.match.Comparison``): ``metrics`` and
    ``chance_metrics`` (the control), ``passages``, ``pairs`` of records, ``left_out``, ``notes``."""

    def to_json(self) -> dict[str, Any]:
        """What ``tracepair compare --json`` prints."""
        return core_match.comparison_to_json(self)

    def to_frame(self) -> Any:
        """One row per shared passage, most evidential first (the columns of the JSON's passages)."""
        rows = self.to_json()["passages"]
        return frame(rows, None if rows else ["tokens", "rarity", "text", "a_spans", "b_spans", "similarity",
                                              "prompt_echo"])


class Alignment(core_align.Alignment):
    """Which step of A matches which step of B (``tracepair.core.align.Alignment``): ``steps_a``,
    ``steps_b``, ``pairs`` (match, merge or move, with a score), ``control``; ``prompt`` is the
    prompt id of the records aligned (None for two single traces)."""

    prompt: str | None = None

    def to_json(self) -> dict[str, Any]:
        """What ``tracepair align --json`` prints."""
        out = core_align.alignment_to_json(self)
        out["prompt"] = self.prompt
        return out

    def to_frame(self) -> Any:
        """One row per aligned pair: the step indices, kind, score, and the two steps' text."""
        rows = []
        for p in self.pairs:
            rows.append({"a": list(p.a), "b": list(p.b), "kind": p.kind, "score": p.score,
                         "a_text": "\n\n".join(self.steps_a[i].text for i in p.a),
                         "b_text": "\n\n".join(self.steps_b[j].text for j in p.b)})
        return frame(rows, ["a", "b", "kind", "score", "a_text", "b_text"])


class IdiomReport(core_idioms.IdiomReport):
    """What each side over-uses (``tracepair.core.idioms.IdiomReport``); ``view()`` re-slices it with
    other display settings (kind, top, min_count) without recounting."""

    def to_json(self) -> dict[str, Any]:
        """What ``tracepair idioms --json`` prints."""
        return core_idioms.idioms_to_json(self)

    def to_frame(self) -> Any:
        """One row per listed phrase: ``list`` ("top", "over_used_vs_other", "shared"), ``side``
        ("a", "b"; none for shared) and the JSON's columns."""
        out = self.to_json()
        rows: list[dict[str, Any]] = []
        for side in ("a", "b"):
            for name in ("top", "over_used_vs_other"):
                rows.extend({"list": name, "side": side, **row} for row in out[side][name])
        rows.extend({"list": "shared", "side": None, **row} for row in out["shared"])
        return frame(rows, None if rows else ["list", "side", "idiom"])


class Lineup(core_lineup.Lineup):
    """Where each output set stands among the others (``tracepair.core.lineup.Lineup``):
    ``similarity`` (members × members) with ``low``/``high`` intervals, ``nearest(name)``,
    ``features_of(name)``, ``newick()``, ``control()``."""

    def to_json(self) -> dict[str, Any]:
        """What ``tracepair lineup --json`` prints."""
        return core_lineup.lineup_to_json(self)

    def to_frame(self) -> Any:
        """The similarity matrix, rows and columns named by member."""
        names = self.names
        return frame([dict(zip(names, map(float, row), strict=True)) for row in self.similarity], names, names)
