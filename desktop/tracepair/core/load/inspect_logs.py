"""Inspect eval logs: the ``.eval`` form (a ZIP archive: ``header.json`` — or ``_journal/start.json``
while the run is unfinished — and one ``samples/{id}_epoch_{epoch}.json`` per sample) and the
``.json`` form (one document: ``eval`` header, ``samples`` list).

Each sample is one record, keyed by its id and epoch; the model is the header's (``eval.model``).
An archive is hostile input like any file: each member is bounded in size before it is inflated
(a ZIP bomb is refused by name), and a member that is not JSON names itself.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracepair.core.load.files import InputFile
from tracepair.core.load.records import Fields, RecordSet, depth_problem, json_error, too_deep
from tracepair.core.model import LoadError, Progress, Source

if TYPE_CHECKING:
    import zipfile

ZIP_MAGIC = b"PK\x03\x04"
#: A sample (one member of the archive) larger than this inflated is refused, not held in memory.
MAX_MEMBER = 256 << 20
#: Members an archive may hold: far more than any eval's samples, far fewer than a ZIP bomb's.
MAX_MEMBERS = 1_000_000
_SAMPLE = re.compile(r"^samples/(.+)_epoch_(\d+)\.json$")


NO_SAMPLES = ("is an Inspect eval log with no samples (logged with --no-log-samples, or no sample had finished): "
              "nothing to read")


def is_inspect_log(doc: Any) -> bool:
    """Whether a JSON document is an Inspect eval log (its header has ``eval`` and ``status``)."""
    return isinstance(doc, dict) and isinstance(doc.get("eval"), dict) and "status" in doc and (
        "samples" in doc or "results" in doc or "stats" in doc)


def _header_model(header: Any) -> str | None:
    spec = header.get("eval") if isinstance(header, dict) else None
    model = spec.get("model") if isinstance(spec, dict) else None
    return model if isinstance(model, str) and model.strip() else None


def from_json_log(path: Path, doc: dict[str, Any], encoding: str, fields: Fields) -> Source:
    """The samples of a ``.json`` eval log, read whole like any JSON document."""
    samples = doc.get("samples")
    if not isinstance(samples, list) or not samples:
        raise LoadError(path, NO_SAMPLES)
    records = RecordSet(path, "inspect-json", fields)
    records.file_model = _header_model(doc)
    for i, sample in enumerate(samples, start=1):
        records.add(sample, f"sample {i:,}")
    return records.source(encoding)


def read_eval_archive(f: InputFile, head: bytes, fields: Fields) -> Generator[Progress, None, Source]:
    """The samples of a ``.eval`` log: the file is read (hashed, checked unchanged) and then opened."""
    import zipfile  # here, not above: ``tracepair inspect`` of a JSONL file starts faster without it

    data = yield from f.read_rest(head, span=0.5)
    f.check_unchanged()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as err:
        raise LoadError(f.path, f"is a ZIP archive that cannot be opened ({err})") from err
    if len(members) > MAX_MEMBERS:
        raise LoadError(f.path, f"is a ZIP archive of {len(members):,} files: not an Inspect eval log")
    names = {m.filename: m for m in members}
    header_name = next((n for n in ("header.json", "_journal/start.json") if n in names), None)
    samples = sorted((m for m in members if _SAMPLE.match(m.filename)), key=_sample_order)
    if header_name is None and not samples:
        raise LoadError(f.path, "is a ZIP archive but not an Inspect eval log (no header.json or samples/ "
                        "inside): Tracepair reads .eval logs, not other archives")
    if not samples:
        raise LoadError(f.path, NO_SAMPLES)
    records = RecordSet(f.path, "inspect-eval", fields)
    if header_name is not None:
        records.file_model = _header_model(_member_json(f.path, archive, names[header_name]))
    for i, member in enumerate(samples, start=1):
        records.add(_member_json(f.path, archive, member), f"sample {member.filename}")
        yield 0.5 + 0.5 * i / len(samples), f"reading {f.path.name}: sample {i:,} of {len(samples):,}"
    return records.source("utf-8")


def _sample_order(member: zipfile.ZipInfo) -> tuple[int, Any, int]:
    m = _SAMPLE.match(member.filename)
    assert m is not None
    sample_id, epoch = m.group(1), int(m.group(2))
    return (0, int(sample_id), epoch) if sample_id.isdigit() else (1, sample_id, epoch)


def _member_json(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Any:
    """One member of the archive, parsed; its size is bounded before and while it is inflated."""
    import zipfile
    import zlib

    name = member.filename
    if member.file_size > MAX_MEMBER:
        raise LoadError(path, f"{name} inside is {member.file_size / (1 << 20):,.0f} MB inflated: "
                        f"larger than the {MAX_MEMBER >> 20} MB a sample may be (a damaged or hostile archive?)")
    try:
        with archive.open(member) as fh:
            raw = fh.read(MAX_MEMBER + 1)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError, zlib.error, ValueError) as err:
        raise LoadError(path, f"{name} inside cannot be read ({err})") from err
    if len(raw) > MAX_MEMBER:
        raise LoadError(path, f"{name} inside inflates past {MAX_MEMBER >> 20} MB: a damaged or hostile archive")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise LoadError(path, f"{name} inside is not UTF-8 text (byte {err.start:,})") from err
    deep = too_deep(text)
    if deep is not None:
        raise LoadError(path, f"{name} inside: {depth_problem(f'character {deep + 1:,}')}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise LoadError(path, f"{name} inside: {json_error(err)}") from err
