"""The baselines the benchmark compares chiso with (used only by bench/run.py).

- `extract_file_pdfplumber`: chiso's whole pipeline with the PDF text read by pdfplumber on every
  page (`extract_text_lines`, the line form of `extract_text`: the same pdfminer parse and layout),
  instead of PDFium. Headers, paragraphs, tables and everything after the reader are chiso's own, so
  the two runs differ only in the text engine. An extractor spec for `batch.run.run(extractor=...)`.
- `pdfium_text`: bare pypdfium2 text of every page, nothing else: the speed ceiling of reading.
"""
from __future__ import annotations

import io

from extract.readers import pdf as _pdf
from extract.readers.lines import Line


def _read_pages_pdfplumber(pdf, data: bytes, warnings: list[str], *args, **kwargs):
    """extract/readers/pdf.py's _read_pages done by pdfplumber alone: every page's text lines, and the
    tables of the pages that draw enough lines found on the same parsed page (what chiso's reader did
    before it used PDFium)."""
    import pdfplumber

    pages, no_text = [], []
    with pdfplumber.open(io.BytesIO(data)) as pl:
        for i, page in enumerate(pl.pages):
            p = _pdf._Page(i + 1, float(page.height))
            lines = page.extract_text_lines(return_chars=False)
            if any(ln["text"].strip() for ln in lines):
                p.lines = [Line(ln["text"].strip(), ln["x0"], ln["x1"], ln["top"], ln["bottom"], base=ln["bottom"])
                           for ln in lines if ln["text"].strip()]
                if len(page.rects) + len(page.lines) + len(page.curves) >= _pdf.TABLE_MIN_PATHS:
                    boxes = []
                    for t in page.find_tables():
                        rows = t.extract()
                        if len(rows) < 2 or max(len(r) for r in rows) < 2:
                            continue
                        boxes.append(t.bbox)
                        p.tables.append((t.bbox[1], rows))
                    if boxes:
                        p.lines = [ln for ln in p.lines if not any(_pdf._inside(ln, box) for box in boxes)]
            elif page.images:
                no_text.append(i + 1)
            page.flush_cache()
            pages.append(p)
    return (pages, no_text) if _RETURNS == 2 else (pages, no_text, None)


# the reader's _read_pages returns (pages, no_text) or, with OCR, (pages, no_text, missing OCR)
_RETURNS = 3 if "missing" in (_pdf._read_pages.__doc__ or "") or _pdf._read_pages.__code__.co_argcount >= 4 else 2


def extract_file_pdfplumber(path, keep_text: bool = False) -> dict:
    from pipeline import extract_file
    saved = _pdf._read_pages
    _pdf._read_pages = _read_pages_pdfplumber
    try:
        return extract_file(path, keep_text=keep_text)
    finally:
        _pdf._read_pages = saved


def pdfium_text(path: str) -> int:
    """Every page's text through PDFium; returns the page count."""
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(path))
    try:
        n = len(pdf)
        for i in range(n):
            page = pdf[i]
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
        return n
    finally:
        pdf.close()
