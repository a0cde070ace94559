"""Checks inside one report (stub)."""
from __future__ import annotations


def check_record(record: dict) -> list[dict]:
    return []
