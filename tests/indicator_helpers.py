"""Small Documents for the indicator tests."""
from __future__ import annotations

from extract.lexicon.catalogue import BY_ID
from extract.indicators import find_indicators
from extract.model import DocumentBuilder


def doc_of(*paragraphs: str, tables: list[list[list[str]]] | None = None, heading: str | None = None):
    b = DocumentBuilder("test.txt", "0" * 64, "txt")
    if heading:
        b.add("heading", heading)
    for p in paragraphs:
        if isinstance(p, list):
            b.add_table(p)
        else:
            b.add("paragraph", p)
    for t in tables or []:
        b.add_table(t)
    return b.build()


def extract(*paragraphs: str, meta: dict | None = None, **kw):
    doc = doc_of(*paragraphs, **kw)
    mentions = find_indicators(doc, meta)
    for m in mentions:                       # every figure points at its evidence
        assert doc.text[m.start:m.end] == m.evidence
        assert 0 < len(m.evidence) <= 200
    return mentions


def values(mentions, kind: str | None = "actual") -> set[tuple[str, float]]:
    """(indicator, value) of the core catalogue (welcome extras are left out)."""
    return {(m.indicator, m.value) for m in mentions if (kind is None or m.kind == kind) and BY_ID[m.indicator].core}


def triples(mentions) -> set[tuple[str, float, str]]:
    return {(m.indicator, m.value, m.kind) for m in mentions}
