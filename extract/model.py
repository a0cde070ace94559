"""The document model every stage shares (DESIGN.md, "The document model").

A reader turns one file into a `Document`: one normalized text and an ordered list of blocks, each
with its page and its character span in that text. Tables keep their cells and are also rendered
into the text (one row a line, cells separated by tabs), so sentence rules and table rules see the
same offsets. Everything downstream points back to (document, page, start, end).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, asdict
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
    clean-up (extract.textclean) and the same separators: blocks end with a newline, table rows are
    lines and cells are joined by tabs."""

    def __init__(self, source: str, sha256: str, fmt: str):
        self.doc = Document(source=source, sha256=sha256, format=fmt)
        self._parts: list[str] = []
        self._len = 0

    def add(self, kind: str, text: str, page: int = 1, ocr: bool = False) -> Block | None:
        from extract.textclean import normalize_line
        text = " ".join(normalize_line(line) for line in text.splitlines())
        text = " ".join(text.split(" ")).strip()
        if not text:
            return None
        return self._append(kind, text, page, None, ocr)

    def add_table(self, rows: list[list[str | None]], page: int = 1, ocr: bool = False) -> Block | None:
        from extract.textclean import normalize_line
        clean = []
        for row in rows:
            cells = [normalize_line(" ".join((c or "").split())) for c in row]
            if any(cells):
                clean.append(cells)
        if not clean:
            return None
        text = "\n".join("\t".join(cells) for cells in clean)
        return self._append("table", text, page, clean, ocr)

    def _append(self, kind, text, page, rows, ocr) -> Block:
        block = Block(kind=kind, page=page, start=self._len, end=self._len + len(text), rows=rows, ocr=ocr)
        self._parts.append(text + "\n")
        self._len += len(text) + 1
        self.doc.blocks.append(block)
        self.doc.pages = max(self.doc.pages, page)
        return block

    def build(self) -> Document:
        self.doc.text = "".join(self._parts)
        return self.doc


# ---- records the extract stage produces (serialised as the JSON Lines contract) ----

@dataclass
class Mention:
    indicator: str
    value: float | int
    unit: str                      # count | percent
    kind: str = "actual"           # actual | target | change
    qualifier: str | None = None
    page: int = 1
    start: int = 0
    end: int = 0
    evidence: str = ""
    rule: str = ""
    approximate: bool = False
    source: str = "text"           # text | table
    ocr: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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
        return asdict(self)


@dataclass
class Finding:
    check: str
    severity: str                  # error | warning | info
    message: str                   # Vietnamese
    message_en: str
    evidence: list[dict[str, Any]] = field(default_factory=list)  # {document, page, start, end, quote}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
