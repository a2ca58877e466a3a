"""Finding text as a user means it: across line breaks, either apostrophe, and idioms' trailing *."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QApplication

from test_compare_window import MAVERICK, SCOUT, open_pair
from tracepair.ui.sidebyside.find_bar import find_pattern


def test_pattern_treats_spacing_apostrophes_and_star_as_a_reader_would() -> None:
    def hits(query: str, text: str) -> list[str]:
        return re.findall(find_pattern(query), text, re.IGNORECASE)

    assert hits("it's important", "It’s\n  important to note") == ["It’s\n  important"]
    assert hits("whisper*", "a whisper, whispered, whispering") == ["whisper", "whispered", "whispering"]
    assert hits("3.5 (approx)", "about 3.5 (approx) or 3x5 (approx)") == ["3.5 (approx)"]  # literal, not regex
    assert hits("*", "a * b") == ["*"]  # a lone star is just a star


def test_clicking_a_wildcard_idiom_finds_its_words_in_a_pane(qtbot, window, shared_data: Path) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    assert window.find_phrase("whisper*")
    view = window.find_bar.view
    assert view.textCursor().selectedText().lower().startswith("whisper")
    assert "whisper*" in window.status_label.text() and "not in" not in window.status_label.text()
    # Enter in the find bar goes on to the next occurrence.
    first = view.textCursor().selectionStart()
    window.find_bar.find()
    QApplication.processEvents()
    assert view.textCursor().selectedText().lower().startswith("whisper")
    assert view.textCursor().selectionStart() != first or "whisper" not in view.toPlainText()[first + 1:].lower()


def test_a_phrase_no_pair_has_says_so(qtbot, window, shared_data: Path) -> None:
    open_pair(qtbot, window, shared_data / MAVERICK, shared_data / SCOUT)
    assert not window.find_phrase("quantum chromodynamics")
    assert "not in the text" in window.status_label.text()
