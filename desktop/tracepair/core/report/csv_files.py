"""A ``Report``'s data as CSV: ``passages.csv`` and ``idioms.csv``.

UTF-8 with a byte-order mark (``utf-8-sig``): Excel on Windows reads a BOM-less UTF-8 CSV as
the local code page and garbles non-ASCII text; LibreOffice, pandas (``encoding="utf-8-sig"``)
and Python's csv module (open with ``encoding="utf-8-sig"``) all read it. Spans are written
as JSON (``[[start, end], ...]``), the same as ``tracepair compare --json``.
"""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

from tracepair.core.idioms.counting import KINDS
from tracepair.core.idioms.stats import PhraseStat
from tracepair.core.report.contents import Report

ENCODING = "utf-8-sig"

PASSAGE_FIELDS = ["pair", "key", "prompt_id", "a_record", "b_record", "a_spans", "b_spans", "tokens", "rarity",
                  "similarity", "near_exact", "prompt_echo", "text", "b_text"]
IDIOM_FIELDS = ["list", "side", "name", "kind", "rank", "idiom", "count", "per_10k", "baseline_ratio",
                "ci_low", "ci_high", "baseline_per_10k"]


def _num(x: float | None, nd: int = 4) -> str:
    return "" if x is None else f"{x:.{nd}f}"


def passage_rows(report: Report) -> list[dict[str, object]]:
    """Every passage of the reported pairs (prompt echoes included and flagged), most evidential first."""
    keep = {p.index for p in report.pairs}
    pairs = report.comparison.pairs
    return [{
        "pair": p.pair, "key": pairs[p.pair].key or "", "prompt_id": p.prompt_id or "",
        "a_record": p.a_record, "b_record": p.b_record,
        "a_spans": json.dumps([list(s) for s in p.a_spans]), "b_spans": json.dumps([list(s) for s in p.b_spans]),
        "tokens": p.tokens, "rarity": p.rarity, "similarity": p.similarity, "near_exact": int(not p.exact),
        "prompt_echo": int(p.prompt_echo), "text": p.text, "b_text": p.b_text,
    } for p in report.comparison.passages if p.pair in keep]


def _stat(lst: str, side: str, name: str, kind: str, rank: int, s: PhraseStat,
          base: float | None = None) -> dict[str, object]:
    return {"list": lst, "side": side, "name": name, "kind": kind, "rank": rank, "idiom": s.phrase,
            "count": s.count, "per_10k": _num(s.per_10k), "baseline_ratio": _num(s.baseline_ratio, 3),
            "ci_low": _num(s.ci[0]) if s.ci else "", "ci_high": _num(s.ci[1]) if s.ci else "",
            "baseline_per_10k": _num(base)}


def idiom_rows(report: Report) -> list[dict[str, object]]:
    """For each kind: each side's top list, then the shared favourites (one row per phrase and side)."""
    rows: list[dict[str, object]] = []
    for kind in KINDS:
        v = report.idioms.view(replace(report.idiom_settings, kind=kind))
        for side, name, top in (("A", v.name_a, v.top_a), ("B", v.name_b, v.top_b)):
            rows += [_stat("top", side, name, kind, i + 1, s) for i, s in enumerate(top)]
        for i, p in enumerate(v.shared):
            rows.append(_stat("shared", "A", v.name_a, kind, i + 1, p.a, p.baseline_per_10k))
            rows.append(_stat("shared", "B", v.name_b, kind, i + 1, p.b, p.baseline_per_10k))
    return rows


def _write(path: Path, fields: list[str], rows: list[dict[str, object]]) -> Path:
    with path.open("w", encoding=ENCODING, newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    return path


def write_csv(report: Report, folder: Path | str) -> list[Path]:
    """Write ``passages.csv`` and ``idioms.csv`` into ``folder`` (created if needed); returns both paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [_write(folder / "passages.csv", PASSAGE_FIELDS, passage_rows(report)),
            _write(folder / "idioms.csv", IDIOM_FIELDS, idiom_rows(report))]
