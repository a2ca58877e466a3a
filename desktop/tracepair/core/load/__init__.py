"""Loading: a file the user names becomes a ``Source`` (a trace, or an output set of records).

The format is detected by content, not only by extension: plain text and Markdown (with
``<think>``-style tags), chat-completion and message JSON, JSON arrays and JSONL dumps of records,
conversations (OpenAI ``messages``, ShareGPT ``conversations``), OpenAI and Anthropic batch results,
lm-evaluation-harness samples, Inspect eval logs (``.json`` and ``.eval``) and, with pyarrow,
Parquet. Where Tracepair cannot tell where the text is, a ``FieldMap`` says (``--field``).
Bytes are decoded by ``encoding``, JSON shapes are read by ``shapes`` and ``envelopes``, think tags
split by ``think_tags``.
"""

from tracepair.core.load.fields import FieldError, FieldMap, UnmappedRecord, paths, resolve, shape_of
from tracepair.core.load.reader import first_record, iter_load, load
from tracepair.core.load.recognise import record_of
from tracepair.core.load.samples import sample_pair
from tracepair.core.load.shapes import trace_of
from tracepair.core.load.think_tags import split_think
from tracepair.core.model import LoadError, Record, Source, Trace

__all__ = [
    "FieldError", "FieldMap", "LoadError", "Record", "Source", "Trace", "UnmappedRecord",
    "first_record", "iter_load", "load", "paths", "record_of", "resolve", "sample_pair", "shape_of", "split_think",
    "trace_of",
]
