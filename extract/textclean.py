"""Vietnamese text clean-up. (Stub: a fuller version with tone marks and legacy fonts is coming.)"""
from __future__ import annotations

import unicodedata


def normalize_line(line: str) -> str:
    """NFC; never moves a digit."""
    return unicodedata.normalize("NFC", line)
