"""The model layer: loading, tokenising, matching, alignment, idioms, reports.

Pure Python + numpy. Nothing here may import Qt (enforced by an import-linter
contract and by tests/test_layering.py).
"""
