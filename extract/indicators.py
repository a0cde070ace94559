"""Indicator rules (stub)."""
from __future__ import annotations

from extract.model import Document, Mention


def find_indicators(doc: Document, meta: dict | None = None) -> list[Mention]:
    return []
