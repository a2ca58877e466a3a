"""``to_frame()`` for every result: pandas, imported only when a frame is asked for.

pandas is not a dependency of Tracepair: a notebook has it, the app does not need it. Without it,
``to_frame()`` raises ``ImportError`` with one line saying so; ``to_json()`` works either way.
"""

from __future__ import annotations

from typing import Any


class NeedsPandas(ImportError):
    """``to_frame()`` was called where pandas is not installed."""


def frame(rows: list[dict[str, Any]], columns: list[str] | None = None, index: Any = None) -> Any:
    """A ``pandas.DataFrame`` of ``rows`` (``columns`` fixes their order when there are no rows)."""
    try:
        import pandas
    except ImportError as err:
        raise NeedsPandas("to_frame() needs pandas, which is not installed here: pip install pandas "
                          "(Tracepair itself does not need it; to_json() gives the same data)") from err
    return pandas.DataFrame(rows, columns=columns, index=index)
