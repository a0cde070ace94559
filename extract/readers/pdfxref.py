"""Is a PDF's cross-reference table (its index of object offsets) intact?

PDFium quietly rebuilds a damaged index by scanning the file, so the text still comes out; pdfplumber
(pdfminer) trusts the index and reads the wrong objects. A damaged index is therefore repaired once
(PDFium saves the document with a fresh one) before pdfplumber sees the file. Only the last section
(the one `startxref` names) is checked: that is the one both libraries start from.
"""
from __future__ import annotations

import re

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF", re.S)
_OBJ = re.compile(rb"\s*\d+\s+\d+\s+obj\b")
_SUBSECTION = re.compile(rb"(\d+)\s+(\d+)\s*\r?\n?")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")


def xref_intact(data: bytes) -> bool:
    """True when `startxref` points at a cross-reference table whose objects sit where it says, or at
    a cross-reference stream object (its entries are compressed; PDFium's check is enough there)."""
    tail = data[-4096:]
    found = list(_STARTXREF.finditer(tail))
    if not found:
        return False
    off = int(found[-1].group(1))
    if off >= len(data):
        return False
    if _OBJ.match(data, off):
        return True                    # a cross-reference stream (PDF 1.5+)
    if data[off:off + 4] != b"xref":
        return False
    pos = off + 4
    while True:
        while pos < len(data) and data[pos] in b" \r\n\t":
            pos += 1
        sub = _SUBSECTION.match(data, pos)
        if not sub or data.startswith(b"trailer", pos):
            return data.startswith(b"trailer", pos)
        count = int(sub.group(2))
        pos = sub.end()
        for _ in range(count):
            while pos < len(data) and data[pos] in b" \r\n":
                pos += 1
            e = _ENTRY.match(data, pos)
            if not e:
                return False
            if e.group(3) == b"n" and not _OBJ.match(data, int(e.group(1))):
                return False
            pos = e.end()
