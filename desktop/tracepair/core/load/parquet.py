"""Parquet files (the Hugging Face datasets format): each row is a record, read like a JSONL line.

Reading Parquet takes pyarrow, an optional extra (``pip install 'tracepair[parquet]'``): it is
larger than the rest of the app together, so the installers leave it out. Without it, a Parquet
file is refused in one line that says how to enable it.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from tracepair.core.load.files import InputFile
from tracepair.core.load.records import Fields, RecordSet
from tracepair.core.model import LoadError, Progress, Source

PARQUET_MAGIC = b"PAR1"
#: Rows converted to Python objects at a time (progress moves, memory stays bounded per batch).
BATCH_ROWS = 2048
ENABLE = ("reading Parquet needs pyarrow, which this installation lacks: pip install 'tracepair[parquet]' "
          "(or save the data as JSONL)")


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        return None
    return pyarrow


def read_parquet(f: InputFile, head: bytes, fields: Fields) -> Generator[Progress, None, Source]:
    """The rows of a Parquet file as the records of an output set."""
    pa = _pyarrow()
    if pa is None:
        raise LoadError(f.path, f"is a Parquet file: {ENABLE}")
    data = yield from f.read_rest(head, span=0.5)
    f.check_unchanged()
    try:
        table = pa.parquet.ParquetFile(pa.BufferReader(bytes(data)))
        total = table.metadata.num_rows
        records = RecordSet(f.path, "parquet", fields)
        done = 0
        for batch in table.iter_batches(batch_size=BATCH_ROWS):
            for row in batch.to_pylist():
                done += 1
                records.add(row, f"row {done:,}")
            yield 0.5 + 0.5 * done / max(total, 1), f"reading {f.path.name}: row {done:,} of {total:,}"
    except (pa.ArrowException, OSError, ValueError) as err:
        raise LoadError(f.path, f"is a Parquet file that cannot be read ({str(err).splitlines()[0][:200]})") from err
    if not records.records:
        raise LoadError(f.path, "is a Parquet file with no rows: no records")
    return records.source("utf-8")
