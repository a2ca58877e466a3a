"""Loading: a file the user names becomes a ``Source`` (a trace, or an output set of records).

The format is detected by content, not only by extension: plain text and Markdown (with
``<think>``-style tags), chat-completion and message JSON, JSON arrays and JSONL dumps of records.
Bytes are decoded by ``encoding``, JSON shapes are read by ``shapes``, think tags split by ``think_tags``.
"""

from tracepair.core.load.reader import iter_load, load
from tracepair.core.load.samples import sample_pair
from tracepair.core.load.shapes import record_of, trace_of
from tracepair.core.load.think_tags import split_think
from tracepair.core.model import LoadError, Record, Source, Trace

__all__ = [
    "LoadError", "Record", "Source", "Trace", "iter_load", "load", "record_of", "sample_pair", "split_think",
    "trace_of",
]
