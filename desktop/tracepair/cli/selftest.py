"""``tracepair --self-test``: the check every bundle runs after it is built.

Loads the bundled sample pair, runs each analysis that exists (compare, align,
idioms), renders the window offscreen and checks the picture is not blank.
Each check prints one line; the exit code is 0 only when none failed. An
analysis module that is not part of this build is reported as "skip", not as
a failure (the packaging test compares the list against the source tree).
Besides the app's logic it exercises what a frozen bundle can lose: shipped
resources, wordfreq's word lists, charset detection and Qt's plugins.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import tempfile
import time
import typing
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tracepair import __version__
from tracepair.core.load.reader import load
from tracepair.core.model import Source, Trace
from tracepair.resources import resource, resources_dir

#: (check name, module, function): the analyses of tracepair.core, called when importable.
ANALYSES: tuple[tuple[str, str, str], ...] = (
    ("compare", "tracepair.core.match.comparison", "compare"),
    ("align", "tracepair.core.align.alignment", "align"),
    ("idioms", "tracepair.core.idioms.stats", "idioms"),
)
WINDOW_SIZE = (1400, 900)
WINDOW_DPR = 2.0
DATA_SUFFIXES = {".jsonl", ".json", ".ndjson", ".txt", ".md"}


class Skip(Exception):
    """The check does not apply to this build (its module is absent)."""


def sample_paths() -> tuple[Path, Path]:
    """The default sample pair: the one the window opens on, else the first two data files shipped."""
    try:
        from tracepair.core.load.samples import sample_pair
    except ImportError:
        files = sorted(p for p in resource("samples").iterdir() if p.suffix in DATA_SUFFIXES)
        if len(files) < 2:
            raise FileNotFoundError(f"fewer than two sample files in {resource('samples')}") from None
        return files[0], files[1]
    return sample_pair()


def _param_value(param: inspect.Parameter, hint: Any, side: Source) -> Any:
    # An analysis takes either the loaded Source or its Trace; the signature says which.
    if hint is Trace or param.name.startswith("trace"):
        return side.trace
    return side


def _default_settings(hint: Any) -> Any:
    """Settings objects have defaults for every field: build one from the annotation."""
    for candidate in (hint, *typing.get_args(hint)):
        if isinstance(candidate, type) and candidate is not type(None):
            return candidate()
    raise TypeError(f"cannot build default settings for annotation {hint!r}")


def call_analysis(func: Callable[..., Any], a: Source, b: Source) -> Any:
    """Call ``func(a, b[, settings])`` with default settings, passing Sources or Traces as annotated."""
    sig = inspect.signature(func)
    try:
        hints = typing.get_type_hints(func)
    except Exception:  # unresolved forward references: fall back to parameter names
        hints = {}
    params = list(sig.parameters.values())
    args = [_param_value(p, hints.get(p.name), side) for p, side in zip(params[:2], (a, b), strict=False)]
    for param in params[2:]:
        if param.default is inspect.Parameter.empty and param.kind in (
            inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD
        ):
            args.append(_default_settings(hints.get(param.name)))
    return func(*args)


def _describe(result: Any) -> str:
    size = f", {len(result)} items" if hasattr(result, "__len__") else ""
    return f"{type(result).__name__}{size}"


def check_png(path: Path, size: tuple[int, int], dpr: float) -> str:
    """The picture has the expected pixel size and is not one flat colour (a blank or black window)."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    if image.isNull():
        raise ValueError(f"{path.name} is not a readable PNG")
    want = (round(size[0] * dpr), round(size[1] * dpr))
    if (image.width(), image.height()) != want:
        raise ValueError(f"picture is {image.width()}x{image.height()}, expected {want[0]}x{want[1]}")
    step = 7  # a sparse grid is enough to tell text and panels from a blank window
    colours = Counter(
        image.pixel(x, y) for y in range(0, image.height(), step) for x in range(0, image.width(), step)
    )
    total = sum(colours.values())
    top_share = colours.most_common(1)[0][1] / total
    if len(colours) < 16 or top_share > 0.97:
        raise ValueError(f"picture looks blank ({len(colours)} colours, one covers {top_share:.0%})")
    return f"{want[0]}x{want[1]} px, {len(colours)} colours, {path.stat().st_size // 1024} KB"


def _check_resources() -> str:
    from tracepair.core.text.markers import load_markers

    markers = load_markers()
    if not markers:
        raise ValueError(f"no markers in {resources_dir()}")
    return f"{len(markers)} markers in {resources_dir()}"


def _check_wordfreq() -> str:
    import wordfreq

    zipf = wordfreq.zipf_frequency("the", "en")
    if zipf < 6:  # "the" is ~7.7 on the Zipf scale; 0 means the word lists are missing
        raise ValueError(f"zipf('the') = {zipf}: word lists missing")
    return f"zipf('the', en) = {zipf}"


def _check_encoding() -> str:
    from tracepair.core.load.encoding import decode

    text = "首先，我们需要理解题目。然后逐步推理，最后给出答案。" * 4
    decoded, encoding = decode(text.encode("gb18030"))
    if decoded != text:
        raise ValueError(f"GB18030 text came back as {encoding} and garbled")
    return f"GB18030 detected as {encoding}"


def _check_window(a: Path, b: Path) -> str:
    from tracepair.ui.shell.app import render_offscreen

    with tempfile.TemporaryDirectory(prefix="tracepair-selftest-") as tmp:
        out = render_offscreen(a, b, Path(tmp) / "window.png", size=WINDOW_SIZE, dpr=WINDOW_DPR)
        return check_png(Path(out), WINDOW_SIZE, WINDOW_DPR)


def _check_worker_process(a: Source, b: Source) -> str:
    """The window counts idioms in a second process: a frozen bundle must be able to start one."""
    from tracepair.core.idioms.stats import iter_idioms
    from tracepair.core.model import finish
    from tracepair.ui.common.process_work import in_process

    report = finish(in_process(iter_idioms, a, b))
    words = report.a.words + report.b.words
    if not words:
        raise ValueError("the worker process counted no words")
    return f"idioms counted in a worker process ({words:,} words)"


def _check_icon() -> str:
    from PySide6.QtGui import QImage

    path = resource("icons", "tracepair.svg")
    image = QImage(str(path))  # needs Qt's SVG image-format plugin in the bundle
    if image.isNull():
        raise ValueError(f"{path} could not be drawn (SVG plugin missing?)")
    return f"SVG icon drawn at {image.width()}x{image.height()}"


def run_self_test() -> int:
    frozen = getattr(sys, "frozen", False)
    print(f"tracepair {__version__} self-test ({'bundle' if frozen else 'source'}, {sys.platform})")
    from tracepair.ui.common.display import offscreen_without_display  # Qt-free

    offscreen_without_display()
    failed = passed = skipped = 0

    def check(name: str, func: Callable[[], str]) -> None:
        nonlocal failed, passed, skipped
        start = time.perf_counter()
        try:
            detail = func()
        except Skip as why:
            skipped += 1
            print(f"skip  {name:<12} {why}")
            return
        except Exception as err:
            failed += 1
            print(f"FAIL  {name:<12} {type(err).__name__}: {err}")
            return
        passed += 1
        print(f"ok    {name:<12} {detail} ({time.perf_counter() - start:.1f} s)")

    sources: list[Source] = []

    def load_samples() -> str:
        sources.extend(load(p) for p in sample_paths())
        return " vs ".join(f"{s.name} ({len(s.records)} records)" for s in sources)

    check("samples", load_samples)
    check("resources", _check_resources)
    check("wordfreq", _check_wordfreq)
    check("encoding", _check_encoding)
    for name, module_name, func_name in ANALYSES:

        def analysis(module_name: str = module_name, func_name: str = func_name) -> str:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as err:
                if err.name == module_name:
                    raise Skip(f"{module_name} is not part of this build") from None
                raise
            if len(sources) != 2:
                raise RuntimeError("no samples loaded")
            return _describe(call_analysis(getattr(module, func_name), *sources))

        check(name, analysis)
    check("window", lambda: _check_window(*sample_paths()))
    check("process", lambda: _check_worker_process(*sources))
    check("icon", _check_icon)
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0
