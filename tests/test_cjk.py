"""Chinese traces end to end: GB18030 files load, shared passages are found, idioms have a Chinese
baseline, and the window draws real glyphs (not empty boxes, which is what a missing CJK font gives).

The traces are constructed for the test (not model outputs): two short Chinese reasoning traces
with <think> tags that share one planted sentence.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tracepair.core.idioms.measures import Baseline
from tracepair.core.load.reader import load
from tracepair.core.match.comparison import find_shared_passages

PLANTED = "这个问题的关键在于船每次只能载一个人和一只动物"
A_TEXT = (f"<think>首先，我们来看题目。{PLANTED}。等等，题目没有说还有狼。"
          "所以农夫可以直接带羊过河。</think>答案：一次就够了。")
B_TEXT = (f"<think>好的，让我想一想。题目里只有一个人和一只羊。{PLANTED}，"
          "因此他们可以一起过去。</think>农夫和羊一起坐船过河，一趟即可。")


@pytest.fixture
def chinese_pair(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(A_TEXT.encode("gb18030"))
    b.write_bytes(B_TEXT.encode("gb18030"))
    return a, b


def test_gb18030_traces_load_with_reasoning_and_answer(chinese_pair: tuple[Path, Path]) -> None:
    a = load(chinese_pair[0])
    assert a.encoding.replace("-", "").lower() in ("gb18030", "gbk", "gb2312")
    assert a.trace.reasoning.startswith("首先") and a.trace.answer == "答案：一次就够了。"


def test_planted_chinese_sentence_is_a_shared_passage_at_its_offsets(chinese_pair: tuple[Path, Path]) -> None:
    ta, tb = load(chinese_pair[0]).trace, load(chinese_pair[1]).trace
    passages = find_shared_passages(ta.text, tb.text)
    spans = [(p.a_spans, p.b_spans) for p in passages]
    start_a, start_b = ta.text.index(PLANTED), tb.text.index(PLANTED)
    assert any((start_a, start_a + len(PLANTED)) in sa and (start_b, start_b + len(PLANTED)) in sb
               for sa, sb in spans), spans


def test_chinese_characters_have_an_ordinary_language_baseline() -> None:
    base = Baseline("en")  # the default baseline language; CJK still gets the Chinese list
    assert base.word("的") > base.word("鲲") > 0  # the commonest character vs a rare one
    assert base.phrase("的 人") > 0


def test_window_draws_chinese_glyphs_not_boxes(qtbot, window, chinese_pair: tuple[Path, Path]) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    with qtbot.waitSignal(window.comparisonReady, timeout=30000):
        window.open_file("A", chinese_pair[0])
        window.open_file("B", chinese_pair[1])
    view = window.panes["A"].view
    assert PLANTED in view.toPlainText()

    def glyph(ch: str) -> QImage:
        img = QImage(48, 48, QImage.Format.Format_ARGB32)
        img.fill(QColor("white"))
        p = QPainter(img)
        p.setFont(view.font())
        p.drawText(img.rect(), Qt.AlignmentFlag.AlignCenter, ch)
        p.end()
        return img

    # A font without CJK draws every character as the same box, like an unassigned code point.
    box = glyph("\ue000")
    chars = ["首", "先", "题", "船"]
    images = [glyph(c) for c in chars]
    assert all(img != box for img in images), "CJK text renders as empty boxes: install fonts-noto-cjk"
    assert len({bytes(img.constBits()) for img in images}) == len(chars)
