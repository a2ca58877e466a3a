"""``make run``: open the window on the bundled sample; with no display, render it to a PNG instead."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tracepair.core.load.samples import sample_pair
from tracepair.ui.shell.app import has_display, render_offscreen, run_window


def main() -> int:
    a, b = sample_pair()
    if has_display():
        return run_window(a, b)
    out = Path(tempfile.gettempdir()) / "tracepair-window.png"
    render_offscreen(a, b, out)
    print("No display found, so the window was rendered offscreen instead.")
    print(f"Screenshot of Tracepair on the bundled sample ({a.name} vs {b.name}): {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
