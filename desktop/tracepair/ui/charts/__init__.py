"""Idiom charts (pyqtgraph): paired bars, rate scatter, marker timeline, the panel holding them, export."""
