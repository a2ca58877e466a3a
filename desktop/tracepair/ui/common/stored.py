"""Reading the window's ``QSettings`` store defensively: a value of the wrong type or garbage (a
damaged or hand-edited settings file, one written by another version) reads as the default.

Every ``store.value`` read in the window goes through one of these.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings


def read_str(store: QSettings, key: str, default: str = "") -> str:
    value = _value(store, key)
    return value if isinstance(value, str) else default


def read_strs(store: QSettings, key: str) -> list[str]:
    """A list of strings (QSettings gives a single one as a plain string); anything else: ``[]``."""
    value = _value(store, key)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return []


def read_int(store: QSettings, key: str, default: int, low: int, high: int) -> int:
    """An integer in ``[low, high]`` (INI files store numbers as text)."""
    value = _value(store, key)
    if isinstance(value, bool):
        return default
    try:
        number = int(value) if isinstance(value, int | str) else default
    except ValueError:
        return default
    return number if low <= number <= high else default


def read_bool(store: QSettings, key: str, default: bool) -> bool:
    value = _value(store, key)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
        return value.lower() in ("true", "1")
    return default


def read_bytes(store: QSettings, key: str) -> QByteArray | None:
    """Saved geometry or state; None if missing or not bytes."""
    value = _value(store, key)
    if isinstance(value, QByteArray):
        return value
    if isinstance(value, bytes | bytearray):
        return QByteArray(bytes(value))
    return None


def _value(store: QSettings, key: str) -> object:
    try:
        return store.value(key)
    except (TypeError, ValueError, RuntimeError, EOFError):  # a value PySide6 cannot convert
        return None
