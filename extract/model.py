"""The document model every stage shares (DESIGN.md, "The document model").

A reader turns one file into a `Document`: one normalized text and an ordered list of blocks, each
with its page and its character span in that text. Tables keep their cells and are also rendered
into the text (one row a line, cells separated by tabs), so sentence rules and table rules see the
same offsets. Everything downstream points back to (document, page, start, end).
"""
from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from typing import Any

BLOCK_KINDS = ("heading", "paragraph", "table", "footnote", "header", "footer")


@dataclass
class Block:
    kind: str                      # one of BLOCK_KINDS
    page: int                      # 1-based; 1 for formats without pages
    start: int                     # span in Document.text
    end: int
    rows: list[list[str]] | None = None   # table cells (rows × columns), normalized like the text
    ocr: bool = False              # the text came from OCR of a page image


@dataclass
class Document:
    source: str                    # path as given
    sha256: str
    format: str                    # pdf | docx | doc | txt
    text: str = ""
    blocks: list[Block] = field(default_factory=list)
    pages: int = 1
    warnings: list[str] = field(default_factory=list)   # e.g. "legacy TCVN3 text converted"

    def page_at(self, offset: int) -> int:
        """Page of the block holding `offset` (the last block starting at or before it)."""
        i = self.block_index_at(offset)
        return self.blocks[i].page if i >= 0 else 1

    def block_index_at(self, offset: int) -> int:
        starts = self._starts()
        return bisect.bisect_right(starts, offset) - 1

    def block_at(self, offset: int) -> Block | None:
        i = self.block_index_at(offset)
        return self.blocks[i] if i >= 0 else None

    def is_ocr(self, start: int, end: int) -> bool:
        b = self.block_at(start)
        return bool(b and b.ocr)

    def _starts(self) -> list[int]:
        cache = self.__dict__.get("_starts_cache")
        if cache is None or len(cache) != len(self.blocks):
            cache = [b.start for b in self.blocks]
            self.__dict__["_starts_cache"] = cache
        return cache

    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table"]


class DocumentBuilder:
    """Appends blocks to one text. Every reader goes through here, so every text gets the same
    clean-up (extract.text.textclean) and the same separators: blocks end with a newline, table rows are
    lines and cells are joined by tabs. The clean-up runs once over all the pieces in build(): one pass
    of its patterns over the document instead of one per line (a tenth of a PDF's reading time)."""

    def __init__(self, source: str, sha256: str, fmt: str):
        self.doc = Document(source=source, sha256=sha256, format=fmt)
        # (kind, raw pieces: a paragraph's lines or a table's cells, the table's row lengths, page, ocr)
        self._pending: list[tuple[str, list[str], list[int] | None, int, bool]] = []

    def add(self, kind: str, text: str, page: int = 1, ocr: bool = False) -> None:
        """A paragraph or heading; its lines are joined by single spaces."""
        self._pending.append((kind, text.splitlines(), None, page, ocr))

    def add_table(self, rows: list[list[str | None]], page: int = 1, ocr: bool = False) -> None:
        """A table; rows without text are dropped, each cell's whitespace becomes single spaces."""
        cells = [" ".join((c or "").split()) for r in rows for c in r]
        self._pending.append(("table", cells, [len(r) for r in rows], page, ocr))

    def build(self) -> Document:
        from extract.text import textclean      # as a module: a grep for imports of normalize/ in extract/ finds none
        clean = iter(textclean.normalize_lines([piece for _, pieces, _, _, _ in self._pending for piece in pieces]))
        parts: list[str] = []
        pos = 0
        for kind, pieces, widths, page, ocr in self._pending:
            mine = [next(clean) for _ in pieces]
            if widths is not None:
                cut = iter(mine)
                rows = [row for row in ([next(cut) for _ in range(w)] for w in widths) if any(row)]
                if not rows:
                    continue
                text = "\n".join("\t".join(row) for row in rows)
            else:
                rows = None
                text = " ".join(" ".join(mine).split(" ")).strip()
                if not text:
                    continue
            self.doc.blocks.append(Block(kind=kind, page=page, start=pos, end=pos + len(text), rows=rows, ocr=ocr))
            self.doc.pages = max(self.doc.pages, page)
            parts.append(text + "\n")
            pos += len(text) + 1
        self._pending = []
        self.doc.text = "".join(parts)
        return self.doc


# ---- records the extract stage produces (serialised as the JSON Lines contract) ----

@lru_cache(maxsize=None)
def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _flat_dict(obj) -> dict[str, Any]:
    """asdict() of a dataclass whose fields are plain values (asdict deep-copies every field, which made
    it a tenth of the extraction time on reports with many references)."""
    return {name: getattr(obj, name) for name in _field_names(type(obj))}


@dataclass
class Mention:
    indicator: str
    value: float | int
    unit: str                      # count | percent
    kind: str = "actual"           # actual | target | change
    qualifier: str | None = None
    scope: dict | None = None      # whose figure: None = the document's own subject (extract.document.scope)
    page: int = 1
    start: int = 0
    end: int = 0
    evidence: str = ""
    rule: str = ""
    approximate: bool = False
    source: str = "text"           # text | table
    ocr: bool = False
    period: str | None = None      # the figure's own period (2025-10M) where not the document's (extract.indicators.figure_period)
    period_start: str | None = None
    period_end: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _flat_dict(self)


@dataclass
class Reference:
    type_word: str | None
    number: str
    year: int | None
    type_code: str | None
    issuer_code: str | None
    date: str | None               # ISO date or None
    start: int = 0
    end: int = 0
    page: int = 1
    evidence: str = ""
    symbol: str = ""               # the symbol as written, e.g. "545/QĐ-UBND"

    def to_dict(self) -> dict[str, Any]:
        return _flat_dict(self)


@dataclass
class Finding:
    check: str
    severity: str                  # error | warning | info
    message: str                   # Vietnamese
    message_en: str
    evidence: list[dict[str, Any]] = field(default_factory=list)  # {document, page, start, end, quote}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
