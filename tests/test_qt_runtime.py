"""The Qt bindings we ship keep Python's reference counts straight.

PySide6 6.12.0 on Python 3.11 dropped a reference to ``None`` on every call of a
void method; the window died with ``none_dealloc`` after some ten thousand calls
(highlighting a long trace is far more). pyproject.toml keeps PySide6 below 6.12;
this test fails if a version with that fault is installed.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextDocument


def test_void_qt_calls_do_not_leak_references_to_none() -> None:
    doc = QTextDocument("hello world\n" * 50)
    cursor = QTextCursor(doc)
    fmt = QTextCharFormat()
    before = sys.getrefcount(None)
    for i in range(500):
        cursor.setPosition(i % 100)  # void
        fmt.setFontWeight(400)  # void
    drift = sys.getrefcount(None) - before
    assert drift > -100, f"None lost {-drift} references in 1,000 void calls: use another PySide6 version"
