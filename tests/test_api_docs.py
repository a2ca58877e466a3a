"""docs/api.md runs: every ``python`` block, in order, in one namespace (as a notebook would run
them), from the repository's root. A change that breaks an example breaks this test."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "api.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def test_the_page_has_examples_for_every_function() -> None:
    code = "\n".join(BLOCK.findall(DOC.read_text(encoding="utf-8")))
    for name in ("load", "compare", "align", "idioms", "lineup"):
        assert f"tracepair.{name}(" in code, name
    assert "to_json()" in code and "to_frame()" in code


@pytest.mark.slow
def test_every_example_in_docs_api_runs(shared_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pandas")
    blocks = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 6
    namespace: dict = {"__name__": "docs_api"}
    old = Path.cwd()
    os.chdir(REPO)
    try:
        for i, code in enumerate(blocks, start=1):
            exec(compile(code, f"docs/api.md block {i}", "exec"), namespace)
    finally:
        os.chdir(old)
    out = capsys.readouterr().out
    assert "set jsonl 8 ['deepseek-r1-0528']" in out  # the comment in the first block says so
