"""Document metadata (stub)."""
from __future__ import annotations

from extract.model import Document

META_KEYS = ("province", "province_code", "province_2025", "agency", "doc_type", "doc_number", "issue_date",
             "period", "period_start", "period_end", "window_start", "window_end", "signer")


def find_metadata(doc: Document) -> dict:
    return {k: None for k in META_KEYS}
