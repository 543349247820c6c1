"""What a text the server stores may contain: no control characters but newline and tab.

A NUL byte ends a string in C code that may read the database; other C0 and C1
controls, DEL among them, are invisible in every screen and can hide or reorder what
a reader sees, or corrupt a terminal that prints a log. They are refused with 400
`control_character`, naming the field, before anything is written.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def control_character_at(value: Any, where: str = "$") -> str | None:
    """The JSON path of the first string (or key) holding a control character."""
    if isinstance(value, str):
        return where if _CONTROL.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{where}.{key}" if isinstance(key, str) else where
            if isinstance(key, str) and _CONTROL.search(key):
                return where
            found = control_character_at(item, path)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = control_character_at(item, f"{where}[{index}]")
            if found is not None:
                return found
    return None
