"""A first guess at where a record of unknown shape keeps its text, by the names of its keys: the
mapping dialog's starting choice (core, so every front end can offer the same guess)."""

from __future__ import annotations

from typing import Any

from tracepair.core.load.shapes import (
    ANSWER_FIELDS,
    ID_FIELDS,
    MODEL_FIELDS,
    PROMPT_FIELDS,
    REASONING_FIELDS,
    SUMMARY_FIELDS,
)

#: Key names that usually hold each role (the last step of a path), for the dialog's first guess.
_NAMES = {"output": ANSWER_FIELDS, "reasoning": REASONING_FIELDS + SUMMARY_FIELDS,
          "prompt": (*PROMPT_FIELDS, "user", "human"), "id": (*ID_FIELDS, "key", "custom_id", "doc_id"),
          "model": (*MODEL_FIELDS, "engine", "deployment")}


def guess_fields(leaves: list[tuple[str, Any]]) -> dict[str, str]:
    """A first choice per role, by the names of the keys; the answer falls back on the longest text
    not taken by another role (most likely what the model wrote)."""
    guess: dict[str, str] = {}
    for role, names in _NAMES.items():
        for path, value in leaves:
            usable = isinstance(value, str) or (role == "id" and type(value) is int)
            if usable and path.rsplit(".", 1)[-1].lower() in names and path not in guess.values():
                guess[role] = path
                break
    if "output" not in guess:
        free = [(len(v), k) for k, v in leaves if isinstance(v, str) and k not in guess.values()]
        if free:
            guess["output"] = max(free)[1]
    return guess
