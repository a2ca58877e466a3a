"""The Report model: everything a reviewer's report shows, gathered from core results.

A report covers two Sources: their files (name, size, SHA-256, so another researcher can
check they have the same inputs), the comparison with its chance baseline, the alignment of
each reported pair with its control, and the idiom statistics. Renderers (``html_page``,
``csv_files``) only format a ``Report``; they compute nothing.

What a report shows for a pair is what the window shows for it: the pair's shared passages
minus prompt echoes, and the alignment computed with the same passage spans
(``core.align.passage_spans``) the window hands ``iter_align``.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tracepair import __version__
from tracepair.core.align.alignment import MAX_PLACES, Alignment, AlignSettings, iter_align, passage_spans
from tracepair.core.idioms.stats import IdiomReport, IdiomSettings, IdiomView, iter_idioms
from tracepair.core.match.comparison import CompareSettings, Comparison, PairResult, Passage, iter_compare
from tracepair.core.match.results import shown_passages
from tracepair.core.model import Progress, Record, Source, finish, stage


@dataclass(frozen=True)
class InputFile:
    """One input as loaded: enough to check that someone else has the very same file."""

    name: str
    path: str
    kind: str  # "trace" | "set"
    format: str
    encoding: str
    records: int
    size: int  # bytes
    sha256: str
    models: tuple[str, ...] = ()

    @classmethod
    def of(cls, s: Source) -> InputFile:
        return cls(s.name, str(s.path), s.kind, s.format, s.encoding, len(s.records), s.size, s.sha256,
                   tuple(s.models))


@dataclass
class PairReport:
    """One pair in detail: both records, the passages shown, and its alignment (None: not aligned)."""

    pair: PairResult
    a: Record
    b: Record
    passages: list[Passage]
    alignment: Alignment | None

    @property
    def index(self) -> int:
        return self.pair.index

    @property
    def label(self) -> str:
        return self.pair.key or "trace vs trace"


@dataclass
class Report:
    a: InputFile
    b: InputFile
    comparison: Comparison
    pairs: list[PairReport]  # the pairs shown in detail, in the comparison's order
    idioms: IdiomReport
    idiom_settings: IdiomSettings
    align_settings: AlignSettings | None
    show_echo: bool = False
    version: str = __version__
    created: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))

    @property
    def compare_settings(self) -> CompareSettings:
        return self.comparison.settings

    @property
    def idiom_view(self) -> IdiomView:
        return self.idioms.view(self.idiom_settings)

    @property
    def title(self) -> str:
        return f"{self.a.name} vs {self.b.name}"

    def settings_used(self) -> dict[str, dict[str, Any]]:
        """Every setting that changes a figure in the report, by stage (JSON-friendly values)."""
        def plain(obj: Any) -> dict[str, Any]:
            return {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(obj).items()}

        out = {"compare": plain(self.compare_settings)}
        if self.align_settings is not None:
            align = plain(self.align_settings)
            align.update({f"similarity.{k}": v for k, v in align.pop("similarity").items()})
            align["passages per side (cap)"] = MAX_PLACES
            out["align"] = align
        out["idioms"] = plain(self.idiom_settings)
        out["idioms"]["baseline"] = self.idioms.baseline
        return out


def pairs_for_key(c: Comparison, key: str) -> list[int]:
    """Indices of the pairs whose key (``prompt#sample``) or prompt id is ``key``."""
    return [p.index for p in c.pairs if key in (p.key, p.prompt_id)]


def build_report(
    a: Source, b: Source, comparison: Comparison, alignments: dict[int, Alignment], idioms: IdiomReport,
    *, idiom_settings: IdiomSettings | None = None, pairs: Sequence[int] | None = None,
    show_echo: bool = False,
) -> Report:
    """Gather already computed results into a ``Report``.

    ``alignments`` are keyed by ``PairResult.index``; a reported pair without one is shown
    unaligned (``iter_report`` computes the missing ones). ``pairs`` limits the pairs shown in
    detail (default: all); metrics and the chance baseline always cover the whole comparison.
    """
    chosen = range(len(comparison.pairs)) if pairs is None else sorted(set(pairs))
    rows = []
    for i in chosen:
        pr = comparison.pairs[i]
        rows.append(PairReport(pr, a.records[pr.a_record], b.records[pr.b_record],
                               shown_passages(pr.passages, show_echo), alignments.get(pr.index)))
    settings = next((al.settings for al in alignments.values()), None)
    return Report(
        a=InputFile.of(a), b=InputFile.of(b), comparison=comparison, pairs=rows, idioms=idioms,
        idiom_settings=idiom_settings or idioms.settings, align_settings=settings, show_echo=show_echo,
    )



def iter_report(
    a: Source, b: Source, compare_settings: CompareSettings | None = None,
    align_settings: AlignSettings | None = None, idiom_settings: IdiomSettings | None = None,
    *, have: dict | None = None, pairs: Sequence[int] | None = None, show_echo: bool = False,
) -> Generator[Progress, None, Report]:
    """Compute what is missing for a report of A vs B, yielding ``(fraction, message)``; returns it.

    ``have`` may carry "comparison", "alignments" ({pair index: Alignment}) and "idioms" already
    computed (e.g. by the window) so they are not recomputed. Each reported pair without an
    alignment is aligned the way the window aligns the pair on show.
    """
    have = have or {}
    c: Comparison | None = have.get("comparison")
    if c is None:
        c = yield from stage(iter_compare(a, b, compare_settings), 0.0, 0.3, "comparing")
    rep: IdiomReport | None = have.get("idioms")
    if rep is None:
        rep = yield from stage(iter_idioms(a, b, idiom_settings), 0.3, 0.25, "idioms")
    alignments: dict[int, Alignment] = dict(have.get("alignments") or {})
    if alignments and align_settings is None:
        align_settings = next(iter(alignments.values())).settings
    align_settings = align_settings or AlignSettings()
    chosen = list(range(len(c.pairs))) if pairs is None else sorted(set(pairs))
    todo = [i for i in chosen if i not in alignments or alignments[i].settings != align_settings]
    for n, i in enumerate(todo):
        pr = c.pairs[i]
        ta, tb = a.records[pr.a_record].trace, b.records[pr.b_record].trace
        span = 0.43 / len(todo)
        alignments[i] = yield from stage(iter_align(ta, tb, align_settings, passage_spans(pr.passages)),
                                         0.55 + n * span, span, f"aligning pair {n + 1} of {len(todo)}")
    yield 0.99, "assembling the report"
    report = build_report(a, b, c, {i: alignments[i] for i in chosen}, rep, idiom_settings=idiom_settings,
                          pairs=chosen, show_echo=show_echo)
    report.align_settings = align_settings
    yield 1.0, "done"
    return report


def make_report(
    a: Source, b: Source, compare_settings: CompareSettings | None = None,
    align_settings: AlignSettings | None = None, idiom_settings: IdiomSettings | None = None,
    *, have: dict | None = None, pairs: Sequence[int] | None = None, show_echo: bool = False,
) -> Report:
    """Plain-function form of ``iter_report``."""
    return finish(iter_report(a, b, compare_settings, align_settings, idiom_settings, have=have, pairs=pairs,
                      show_echo=show_echo))
