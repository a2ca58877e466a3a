"""The model layer: everything the window shows, computed without a display.

One subpackage per concern, each on those below it (checked by import-linter):

    report           the reviewer's report (HTML, CSV, SVG) from the results below
    align            steps, step similarity, the alignment and its control
    match | idioms   shared passages and their control | idiom counts and statistics
    text | load      words, tokens, rarity, markers | files into Sources
    model            Trace, Record, Source, LoadError, progress generators

Pure Python + numpy. Nothing here may import Qt (an import-linter contract and
tests/test_layering.py).
"""
