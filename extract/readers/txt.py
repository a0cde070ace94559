"""Plain text and Markdown. (Minimal version: UTF-8, one block per line, tab rows as tables.)"""
from __future__ import annotations

from extract.model import Document, DocumentBuilder


def read_txt(source: str, data: bytes, sha256: str) -> Document:
    text = data.decode("utf-8-sig", errors="replace")
    b = DocumentBuilder(source, sha256, "txt")
    table: list[list[str]] = []
    for line in text.splitlines():
        if "\t" in line:
            table.append(line.split("\t"))
            continue
        if table:
            b.add_table(table)
            table = []
        b.add("paragraph", line)
    if table:
        b.add_table(table)
    return b.build()
