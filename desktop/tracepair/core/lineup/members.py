"""From the paths a user names to counted output sets: expanding folders, loading, counting each part
(answer, reasoning) of every record the first time a lineup needs it, and remembering the counts
per file, so a change of part, replicates or members recounts nothing already counted.

Records with no text at all (an API failure in a real dump, ``Trace.empty``) are left out; a file
that cannot be loaded, a single trace, or a folder with nothing to read becomes an ``Excluded``
entry with the reason, never an error: the lineup goes on with the rest.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from pathlib import Path

import numpy as np

from tracepair.core.lineup.counted import Excluded, PartCounts, SetCounts
from tracepair.core.lineup.features import Counter, Vocabulary
from tracepair.core.lineup.profiles import read_profiles
from tracepair.core.load import load
from tracepair.core.load.records import Fields
from tracepair.core.model import LoadError, Progress, Source

#: The parts a lineup can read; "both" is their sum.
PARTS = ("answer", "reasoning", "both")


def counted_parts(part: str) -> tuple[str, ...]:
    """The parts whose counts a lineup of ``part`` adds up."""
    return ("answer", "reasoning") if part == "both" else (part,)
SUFFIXES = (".jsonl", ".json")
#: Texts counted per numpy pass: large enough to amortise the calls, small enough for steady progress.
BATCH = 32


def expand(paths: Iterable[Path | str]) -> tuple[list[Path], list[Excluded]]:
    """Files to read: each file named, and every ``*.jsonl``/``*.json`` directly inside each folder named."""
    files: list[Path] = []
    excluded: list[Excluded] = []
    seen: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            inside = sorted(c for c in p.iterdir() if c.is_file() and c.suffix.lower() in SUFFIXES)
            if not inside:
                excluded.append(Excluded(p.name or str(p), "folder holds no .jsonl or .json file"))
            found = inside
        elif p.exists():
            found = [p]
        else:
            excluded.append(Excluded(p.name or str(p), "no such file or folder"))
            found = []
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, excluded


class LineupCache:
    """Counts per input file, kept between runs: the window recounts only files it has not seen
    (or that changed on disk); changing part, replicates or members reuses everything else."""

    def __init__(self, fields: Fields = None) -> None:
        #: Where the files' records keep their text (``--field``, the window's choices); as ``load``'s.
        self.fields = fields
        self.vocab = Vocabulary()
        self.counter = Counter(self.vocab)
        self._files: dict[tuple[Path, int, int], list[SetCounts] | Excluded] = {}
        self.derived: dict[tuple, object] = {}  # assembled tables and replicates, see run.py

    @staticmethod
    def _identity(path: Path) -> tuple[Path, int, int]:
        st = path.stat()
        return path.resolve(), st.st_size, st.st_mtime_ns

    def cached(self, path: Path) -> list[SetCounts] | Excluded | None:
        try:
            return self._files.get(self._identity(path))
        except OSError:
            return None

    def iter_read(self, path: Path, parts: tuple[str, ...] = ("answer",)
                  ) -> Generator[Progress, None, list[SetCounts] | Excluded]:
        """Load ``path`` and count ``parts`` of its records (what the cache lacks); a file that fails is
        an ``Excluded``. A part is counted the first time a lineup needs it, then kept."""
        found = self.cached(path)
        if found is None:
            try:
                ident = self._identity(path)
            except OSError as err:
                return Excluded(path.name, f"cannot be read ({err.strerror or err})")
            found = self._read(path)
            self._files[ident] = found
        if isinstance(found, Excluded):
            return found
        for s in found:
            todo = [p for p in parts if p not in s.parts]
            if todo:
                yield from self._count(s, todo)
        return found

    def _read(self, path: Path) -> list[SetCounts] | Excluded:
        try:
            profiles = read_profiles(path, self.vocab)
        except LoadError as err:
            return Excluded(path.name, err.problem)
        if profiles is not None:
            return profiles
        try:
            source = load(path, self.fields)
        except LoadError as err:
            return Excluded(path.name, err.problem)
        if source.kind != "set":
            return Excluded(path.name, "is a single trace, not an output set (a lineup compares output sets)")
        return [_records_of(source)]

    def _count(self, s: SetCounts, parts: list[str]) -> Generator[Progress, None, None]:
        prompts = [self.counter.prompt_words(r.prompt) for r in s.records]
        n = len(s.records)
        for k, part in enumerate(parts):
            texts = [r.trace.answer if part == "answer" else r.trace.reasoning for r in s.records]
            rows = [i for i, t in enumerate(texts) if t.strip()]
            words = np.zeros(n, dtype=np.int64)
            got: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
            for lo in range(0, len(rows), BATCH):
                batch = rows[lo:lo + BATCH]
                tc = self.counter.count_texts([texts[i] for i in batch], [prompts[i] for i in batch])
                index = np.array(batch, dtype=np.int32)
                got.append((index[tc.text], tc.keys, tc.counts))
                words[index] = tc.words
                done = (k + (lo + len(batch)) / max(len(rows), 1)) / len(parts)
                yield done, f"counting {s.path.name} ({part}): record {lo + len(batch)} of {len(rows)}"
            if got:
                s.parts[part] = PartCounts(*(np.concatenate(x) for x in zip(*got, strict=True)), words)
            else:
                s.parts[part] = PartCounts(np.zeros(0, np.int32), np.zeros(0, np.int64), np.zeros(0, np.int32), words)


def _records_of(source: Source) -> SetCounts:
    """The set's records worth counting: not empty (API failures), first of each repeated key."""
    records = []
    seen: set[str] = set()
    kinds: dict[str | None, int] = {}
    empty = 0
    for rec in source.records:
        if rec.trace.empty:
            empty += 1
            continue
        if rec.key in seen:  # a repeated key: the first record counts, as when pairing two sets
            continue
        seen.add(rec.key)
        records.append(rec)
        if rec.trace.reasoning.strip():
            kinds[rec.trace.reasoning_kind] = kinds.get(rec.trace.reasoning_kind, 0) + 1
    models = source.models
    return SetCounts(
        name=models[0] if len(models) == 1 else source.path.stem, path=source.path, sha256=source.sha256,
        size=source.size, kind="set", keys=[r.key for r in records], prompt_ids=[r.prompt_id for r in records],
        parts={}, reasoning_kind=max(kinds, key=lambda k: kinds[k]) if kinds else None,
        records_read=len(source.records), records_empty=empty, notes=list(source.notes), records=records,
    )


def unique_names(sets: list[SetCounts]) -> list[str]:
    """Member names, unique: a repeated name gets its file stem, then a number if still repeated."""
    counts: dict[str, int] = {}
    for s in sets:
        counts[s.name] = counts.get(s.name, 0) + 1
    taken: set[str] = set()
    names = []
    for s in sets:
        name = s.name
        if counts[name] > 1 and s.kind == "set" and s.path.stem != name:
            name = f"{name} ({s.path.stem})"
        base, k = name, 2
        while name in taken:
            name, k = f"{base} #{k}", k + 1
        taken.add(name)
        names.append(name)
    return names
