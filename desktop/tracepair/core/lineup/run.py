"""Making a lineup: read and count the inputs, choose members and prompts, fingerprint, bootstrap,
build the tree. A progress generator (``iter_lineup``) the window can cancel between yields; the
``LineupCache`` it is given keeps counts per file and the derived tables, so a second run with
another part, other replicates or one more member redoes only what changed.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from pathlib import Path

import numpy as np

from tracepair.core.lineup.bootstrap import Replicates, iter_bootstrap
from tracepair.core.lineup.counted import Excluded, SetCounts
from tracepair.core.lineup.features import label
from tracepair.core.lineup.fingerprint import Terms, iter_terms, z_scores
from tracepair.core.lineup.members import LineupCache, counted_parts, expand
from tracepair.core.lineup.result import PER, Lineup, LineupSettings, MemberInfo
from tracepair.core.lineup.selection import Selection, select
from tracepair.core.lineup.similarity import correlation, profile
from tracepair.core.lineup.table import Table, assemble
from tracepair.core.lineup.tree import average_linkage, clade_support
from tracepair.core.load.records import Fields
from tracepair.core.model import Progress, finish, stage

#: Derived results the cache keeps per kind, newest last: a table and terms per part, a few bootstraps.
_KEEP = {"table": 3, "terms": 3, "boot": 8}


def _remember(cache: LineupCache, key: tuple, value: object) -> None:
    cache.derived.pop(key, None)
    cache.derived[key] = value
    same = [k for k in cache.derived if k[0] == key[0]]
    for old in same[: max(len(same) - _KEEP[key[0]], 0)]:
        del cache.derived[old]


def iter_read_all(paths: Iterable[Path | str], cache: LineupCache, parts: tuple[str, ...] = ("answer",),
                  span: float = 1.0) -> Generator[Progress, None, tuple[list[SetCounts], list[Excluded]]]:
    """Every input read and ``parts`` counted (from the cache when unchanged); files that fail are
    excluded. The window calls this in the background for a part not on show yet, so switching is instant."""
    files, excluded = expand(paths)
    sets: list[SetCounts] = []
    for i, f in enumerate(files):
        got = yield from stage(cache.iter_read(f, parts), span * i / max(len(files), 1), span / max(len(files), 1))
        if isinstance(got, Excluded):
            excluded.append(got)
        else:
            sets.extend(got)
    return sets, excluded


def _members(sel: Selection, table: Table, part: str) -> list[MemberInfo]:
    out = []
    words = table.member_words
    for m, (s, name) in enumerate(zip(sel.members, sel.names, strict=True)):
        out.append(MemberInfo(name, s.path, s.sha256, s.size, s.kind, int(table.records[m]) if s.kind == "set" else 0,
                              int(words[m]), s.reasoning_kind if part != "answer" else None,
                              s.records_read, s.records_empty, s.texts))
    return out


def _notes(sel: Selection, members: list[MemberInfo], lineup_terms: Terms, settings: LineupSettings,
           replicates: int) -> list[str]:
    notes = []
    if sel.kind == "profiles":
        notes.append("slop-forensics profiles: no records, hence no bootstrap (no intervals, no support); "
                     "fingerprints from the listed words, bigrams and trigrams only")
        notes += sorted({f"{s.name}: {n}" for s in sel.members for n in s.notes})
    elif settings.bootstrap > 0 and replicates == 0:
        notes.append("one prompt only: nothing to resample, no intervals or support")
    if lineup_terms.grouped:
        notes.append(f"{lineup_terms.num.shape[0]} random groups of prompts are the bootstrap's units "
                     "(too many prompts to resample one by one in memory)")
    empty = [m for m in members if m.records_empty]
    if empty:
        notes.append("records with no text (API failures) left out: "
                     + ", ".join(f"{m.name} {m.records_empty}" for m in empty))
    if settings.part != "answer":
        kinds = {m.name: m.reasoning_kind for m in members if m.reasoning_kind}
        if kinds:
            notes.append("reasoning as the source labels it: " + ", ".join(f"{k} {v}" for k, v in kinds.items()))
    return notes


def iter_lineup(paths: Iterable[Path | str], settings: LineupSettings | None = None,
                cache: LineupCache | None = None, fields: Fields = None) -> Generator[Progress, None, Lineup]:
    """The lineup of the output sets (files, or folders of ``*.jsonl``/``*.json``) at ``paths``.

    Yields ``(fraction, message)``; returns the ``Lineup``. Raises ``LineupError`` when fewer than
    three members remain (every input left out is named in the message).
    """
    s = settings or LineupSettings()
    cache = cache if cache is not None else LineupCache(fields)  # a cache given reads with its own fields
    sets, excluded = yield from iter_read_all(paths, cache, counted_parts(s.part), span=0.6)
    sel = select(sets, s.part, excluded)
    excluded = sel.excluded
    ident = (tuple((m.path.resolve(), m.sha256, m.name) for m in sel.members), tuple(sel.keys), s.part,
             s.max_features)
    table = cache.derived.get(("table", *ident))
    if table is None:
        yield 0.6, "gathering counts"
        table = assemble(sel, s.part, s.max_features)
        _remember(cache, ("table", *ident), table)
    terms = cache.derived.get(("terms", s.seed, *ident))
    if terms is None:
        terms = yield from stage(iter_terms(table, s.seed), 0.62, 0.1)
        _remember(cache, ("terms", s.seed, *ident), terms)
    z = z_scores(terms.num.sum(axis=0, dtype=np.float64), terms.den.sum(axis=0, dtype=np.float64))
    sim = correlation(profile(z))
    reps: Replicates | None = None
    if sel.kind == "sets" and s.bootstrap > 0 and terms.units > 1:
        key = ("boot", s.bootstrap, s.seed, *ident)
        reps = cache.derived.get(key)
        if reps is None:
            reps = yield from stage(iter_bootstrap(terms, s.bootstrap, s.seed), 0.72, 0.2)
            _remember(cache, key, reps)
    yield 0.93, "building the tree"
    tree = average_linkage(1.0 - sim)
    low = high = support = None
    if reps is not None:
        low, high = reps.interval(sim)
        support = reps.nearest_support()
        tree.support = clade_support(tree, 1.0 - reps.similarity.astype(np.float64))
    else:
        tree.support = [None] * len(tree.merges)
    members = _members(sel, table, s.part)
    words = np.maximum(table.member_words, 1.0)[:, None]
    labels = [label(cache.vocab, int(k)) for k in table.features]
    n_reps = 0 if reps is None else reps.count
    yield 1.0, "done"
    return Lineup(
        members=members, settings=s, kind=sel.kind, similarity=sim, low=low, high=high, support=support,
        tree=tree, z=z, per_10k=PER * table.totals / words, features=labels, excluded=excluded,
        prompts=len(table.prompts), keys=len(sel.keys), units=terms.units, grouped=terms.grouped,
        replicates=n_reps, notes=_notes(sel, members, terms, s, n_reps),
    )


def lineup(paths: Iterable[Path | str], settings: LineupSettings | None = None,
           cache: LineupCache | None = None, fields: Fields = None) -> Lineup:
    """Plain wrapper of ``iter_lineup``."""
    return finish(iter_lineup(paths, settings, cache, fields))
