"""Ruled tables of a PDF: pdfplumber finds the grid, PDFium supplies the text.

pdfplumber (pdfminer, pure Python) spends nearly all its time on a table page turning every glyph into
a Python object (bench/README.md: 85% of the time of a PDF with tables). Its table finder needs only the
lines and rectangles, so it is given a copy of the page with the text objects taken out (PDFium removes
them and regenerates the page's content), and each cell's text is then cut from PDFium's text page by
pdfplumber's own rule: the characters whose centre lies in the cell, joined into words and lines by
pdfplumber's `extract_text` with its default tolerances. Same cells as `Table.extract()` on the full page,
an order of magnitude faster.
"""
from __future__ import annotations

import ctypes
import io
from bisect import bisect_left

# PDFium marks a hyphen it joined across a line end U+FFFE (older builds U+0002); pdf.py keeps it as "-"
_HYPHENS = {"\ufffe": "-", "\x02": "-"}


def find_tables(pdf, candidates: list[int], data: bytes | None = None) -> dict[int, list[tuple[tuple[float, float, float, float], list[list[str | None]]]]]:
    """{page index: [(bbox (x0, top, x1, bottom), rows)]} for the candidate pages of the open
    pypdfium2 document `pdf`; rows as pdfplumber's Table.extract() gives them."""
    import pdfplumber

    stripped = _without_text(pdf, candidates, data)
    out = {}
    with pdfplumber.open(io.BytesIO(stripped)) as pl:
        for i in candidates:
            found = pl.pages[i].find_tables()
            if not found:
                pl.pages[i].flush_cache()
                continue
            chars = _chars(pdf, i)
            tables = []
            for t in found:
                tables.append((t.bbox, _extract(t, chars)))
            out[i] = tables
            pl.pages[i].flush_cache()
    return out


def _without_text(pdf, candidates: list[int], data: bytes | None = None) -> bytes:
    """The document's bytes with the text objects of the candidate pages removed (a fresh copy: the
    caller's document is untouched)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    if data is None:
        buf = io.BytesIO()
        pdf.save(buf)
        data = buf.getvalue()
    copy = pdfium.PdfDocument(data)
    try:
        for i in candidates:
            page = copy[i]
            texts = list(page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=1))
            for obj in texts:
                page.remove_obj(obj)
                obj.close()
            page.gen_content()
            page.close()
        out = io.BytesIO()
        copy.save(out)
        return out.getvalue()
    finally:
        copy.close()


def _chars(pdf, i: int) -> list[dict]:
    """PDFium's characters of page i as pdfplumber char dicts (the keys its word extractor reads),
    boxes from the font's ascent/descent as pdfminer computes them; generated characters (the spaces
    and line breaks PDFium infers) left out. The text comes in one call (string index = character
    index), so only the box is asked per character."""
    import pypdfium2.raw as raw

    page = pdf[i]
    height = page.get_height()
    tp = page.get_textpage()
    try:
        text = tp.get_text_range()
        rect = raw.FS_RECTF()
        ref = ctypes.byref(rect)
        box, generated = raw.FPDFText_GetLooseCharBox, raw.FPDFText_IsGenerated
        chars = []
        for k, c in enumerate(text):
            if c in "\r\n" or (c == " " and generated(tp, k) == 1):
                continue
            if not box(tp, k, ref):
                continue
            top = height - rect.top
            chars.append({"text": _HYPHENS.get(c, c), "x0": rect.left, "x1": rect.right, "top": top,
                          "doctop": top, "bottom": height - rect.bottom, "upright": True,
                          "_v": (top + height - rect.bottom) / 2, "_h": (rect.left + rect.right) / 2, "_k": k})
        return chars
    finally:
        tp.close()
        page.close()


def _extract(table, chars: list[dict]) -> list[list[str | None]]:
    """pdfplumber's Table.extract() over `chars` (a character belongs to a cell when its centre is
    inside: left and top edges in, right and bottom out), the table's characters sorted by height once
    so each row takes its slice."""
    from pdfplumber.utils import extract_text

    x0, top, x1, bottom = table.bbox
    mine = sorted((c for c in chars if x0 <= c["_h"] < x1 and top <= c["_v"] < bottom), key=lambda c: c["_v"])
    vs = [c["_v"] for c in mine]
    rows = []
    for row in table.rows:
        rx0, rtop, rx1, rbottom = row.bbox
        row_chars = [c for c in mine[bisect_left(vs, rtop):bisect_left(vs, rbottom)] if rx0 <= c["_h"] < rx1]
        row_chars.sort(key=lambda c: c["_k"])         # the page's order, as pdfplumber has them
        arr = []
        for cell in row.cells:
            if cell is None:
                arr.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            cc = [c for c in row_chars if cx0 <= c["_h"] < cx1 and ctop <= c["_v"] < cbottom]
            arr.append(extract_text(cc) if cc else "")
        rows.append(arr)
    return rows
