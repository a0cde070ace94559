"""Legal-document references (stub)."""
from __future__ import annotations

from extract.model import Document, Reference


def find_references(doc: Document) -> list[Reference]:
    return []
