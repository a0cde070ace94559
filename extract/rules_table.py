"""Indicator rules over tables (stub, filled next)."""
from __future__ import annotations


def table_mentions(doc, idx, in_scope, plan):
    return []
