"""Tracepair: forensic side-by-side comparison of LLM outputs."""

__version__ = "0.1.0"
