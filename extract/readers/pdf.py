"""PDF: text from pypdfium2 on every page, ruled tables on the pages that draw lines.

pypdfium2 (PDFium, C++) reads text an order of magnitude faster than pdfplumber (pure-Python
pdfminer); `bench/read_speed.py` measures both. A page that draws enough path objects (grid lines) to
hold a table goes through `pdf_tables.py`: pdfplumber's table finder over PDFium's lines, each cell's
text from PDFium. Text lines inside a table's box are dropped from the flow and the table block takes
their place in reading order.

The rest undoes what a PDF does to text (one page: pdf_page.py; the pages into blocks: pdf_flow.py):
- lines broken mid-sentence are joined back into paragraphs (`lines.py` decides where a paragraph ends:
  sentence punctuation, list markers, headings, short last lines, wider gaps), also across pages, and
  a hyphen at a line's end is resolved;
- page headers and footers (a line repeated near the top or bottom of most pages, page numbers like
  `2`, `- 2 -`, `Trang 2/7`) are removed from the flow; repeated header/footer text is kept once, as
  header/footer blocks at the end of the document;
- a table cut by a page break is joined back into one table, and a row it cut into one row;
- footnotes under their short rule at a page's foot become footnote blocks (on pages without a table);
- text in the pre-Unicode TCVN3/VNI fonts is converted.

A page without a text layer goes through `ocr_page` (Tesseract, `ocr.py`) in mode `auto`; `always` reads
every page by OCR, `never` none; with an OCR cache (ocr.PageCache) a page read before comes from it. OCR lines carry their boxes, so they go through the same header/footer
and paragraph rules; their blocks are marked `ocr` and a warning names each page read by OCR. When no
page has text and OCR is off or missing, the file is an error that says why, as DESIGN.md asks.
"""
from __future__ import annotations

import re
import time

from extract.model import Document, DocumentBuilder
from extract.readers.errors import ReadError
from extract.readers.lines import Line
# one page's lines and tables (pdf_page.py); the pages into blocks (pdf_flow.py). _inside and _carries_on
# are reached through this module by bench/baseline.py and tests/test_reader_pdf.py
from extract.readers.pdf_flow import _carries_on, _emit  # noqa: F401
from extract.readers.pdf_page import (_add_tables, _find_tables, _flattened, _has_image,  # noqa: F401
                                      _inside, _lines_around, _merge_annotations, _Page, _page_lines, _paths,
                                      _split_footnotes)
from extract.readers.pdfxref import xref_intact

# a page drawing at least this many path objects may hold a ruled table: worth looking for its grid
TABLE_MIN_PATHS = 4
_PASSWORD = re.compile(r"password", re.I)


# the file's ocr_share.PageShare while `chiso run`'s worker reads it: a helper may read some of its OCR pages
SHARE = None
# called as PROGRESS("pages", n) when a PDF of n pages is opened and PROGRESS("page", k) when page k has
# been read by OCR: `chiso run`'s workers report to the driver's progress bar through it
PROGRESS = None


def ocr_page(page, number: int | None = None, cache=None):
    """(lines, tables) of a page image (a pypdfium2 PdfPage, page `number` of its file) read by
    Tesseract, or its text as a plain string; ocr.OcrUnavailable when Tesseract is missing. With an
    ocr.PageCache, the words come from it when it holds the page under today's settings. The reader
    marks the blocks as `ocr`."""
    from extract.readers import ocr
    tess = ocr.require()
    share = SHARE
    if share is not None and number is not None and not share.claim(number):
        got = share.take(number, ocr.PAGE_TIMEOUT + 30)     # a helper claimed the page: its reading
        if got is not None:
            entry, row = got
            if cache is not None:
                cache.new.append(row)
            return ocr.layout(entry)
    if cache is None or number is None:
        return ocr.read_page(page, tess)
    return ocr.layout(cache.read(page, number, tess))


def help_ocr(path: str, share, mode: str = "auto", cached: dict | None = None, seconds: float | None = None) -> int:
    """The helper's side of ocr_share: the pages of the PDF at `path` that its reader will OCR (no text
    layer and an image, every page with mode "always"; not those the OCR cache holds), read from the
    last one down until one is already claimed or `seconds` are spent. How many pages it read."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    from extract.readers import ocr
    if mode == "never":
        return 0
    end = time.monotonic() + seconds if seconds else None
    tess = ocr.require()
    pdf = pdfium.PdfDocument(path)
    done = 0
    try:
        for i in reversed(range(len(pdf))):
            if end is not None and time.monotonic() > end:
                break
            if cached and (i + 1) in cached:
                continue
            page = pdf[i]
            try:
                if mode != "always":
                    tp = page.get_textpage()
                    text = tp.get_text_range()
                    tp.close()
                    if text.strip() or not _has_image(page, raw):
                        continue
                if not share.claim(i + 1):
                    break                       # the reader got here first: the rest is its own
                t0 = time.perf_counter()
                try:
                    entry = ocr.recognise(page, tess)
                    result = (entry, ocr.cache_row(i + 1, entry, tess, time.perf_counter() - t0))
                except Exception:               # the reader reads the page again and reports the failure
                    result = None
                if not share.put(i + 1, result):
                    break
                done += result is not None
            finally:
                page.close()
    finally:
        pdf.close()
    return done


def _progress(kind: str, n: int) -> None:
    if PROGRESS is not None:
        PROGRESS(kind, n)


def read_pdf(source: str, data: bytes, sha256: str, ocr: str = "auto", cache=None) -> Document:
    """ocr: auto (OCR the pages without a text layer) | always (OCR every page) | never. cache: an
    ocr.PageCache of this file's pages read before (the store's OCR cache), or None."""
    import pypdfium2 as pdfium

    if ocr not in ("auto", "always", "never"):
        raise ValueError(f"ocr must be auto, always or never, not {ocr!r}")

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if _PASSWORD.search(str(e)):
            raise ReadError("password-protected PDF: it opens only with its password") from e
        raise ReadError(f"corrupt or truncated PDF: {_reason(e)}") from e
    if b"%%EOF" not in data[-2048:]:
        # PDFium rebuilds a damaged cross-reference table and would hand back part of the file as if whole
        pdf.close()
        raise ReadError("corrupt or truncated PDF: the file ends before the PDF end marker (%%EOF)")
    b = DocumentBuilder(source, sha256, "pdf")
    if not xref_intact(data):      # PDFium rebuilt the index; say so, the file is damaged
        b.doc.warnings.append("damaged cross-reference table (the PDF's index of objects): rebuilt")
    try:
        _progress("pages", len(pdf))
        pages, no_text, missing = (_read_pages(pdf, data, b.doc.warnings, ocr, cache) if cache is not None
                                   else _read_pages(pdf, data, b.doc.warnings, ocr))
        if len(pdf) == 0:
            raise ReadError("corrupt or truncated PDF: no pages")
        n_pages = len(pdf)
    except pdfium.PdfiumError as e:     # the index opened but a page's own data is damaged
        raise ReadError("corrupt PDF: a page cannot be loaded (its data is damaged)") from e
    finally:
        pdf.close()
    if no_text and len(no_text) == n_pages:
        if missing:
            raise missing
        raise ReadError("scanned PDF without text layer; OCR is not enabled")
    why = f"OCR not available: {str(missing).split(': ', 1)[-1]}" if missing else "OCR is off (--ocr never)"
    for n in no_text:
        b.doc.warnings.append(f"page {n} has no text layer (scanned); {why}")
    b.doc.warnings.extend(f"page {p.number} read by OCR" for p in pages if p.ocr)
    _emit(b, pages)
    b.doc.pages = max(b.doc.pages, n_pages)
    return b.build()


def _reason(e: Exception) -> str:
    s = str(e).splitlines()[0] if str(e) else type(e).__name__
    m = re.search(r"PDFium: ([^)]+)", s)
    s = m.group(1) if m else s
    return "damaged file structure" if s == "Success" else s    # PDFium failed without an error code


# ---------------------------------------------------------------- pages → lines and tables

def _read_pages(pdf, data: bytes, warnings: list[str], mode: str = "auto", cache=None):
    """(pages, numbers of the pages left without text, OcrUnavailable if OCR was needed but missing).
    `data` (the file's bytes) is unused here; bench/baseline.py puts a pdfplumber reader in this place."""
    import pypdfium2.raw as raw
    from extract.readers.ocr import OcrUnavailable

    pages: list[_Page] = []
    no_text: list[int] = []
    missing: OcrUnavailable | None = None
    failed: list[tuple[int, str]] = []  # (page, reason) of the pages whose OCR raised
    for i in range(len(pdf)):
        page, annots = _flattened(pdf, i, raw)
        width, height = page.get_size()
        p = _Page(i + 1, height)
        tp = page.get_textpage()
        text = tp.get_text_range() if mode != "always" else ""
        if text.strip():
            paths = _paths(page.raw, raw, TABLE_MIN_PATHS)
            if paths >= TABLE_MIN_PATHS and not annots:
                # the tables first: the lines inside them leave the flow, most of them unmeasured
                p.lines = _lines_around(tp, text, height, _find_tables(p, page, tp, height, warnings))
            elif paths >= TABLE_MIN_PATHS:
                spans: list = []
                p.lines = _page_lines(tp, text, height, spans)
                _merge_annotations(p.lines, spans, annots, tp, height)
                _add_tables(p, page, tp, height, warnings)
            elif annots:
                spans = []
                p.lines = _page_lines(tp, text, height, spans)
                _merge_annotations(p.lines, spans, annots, tp, height)
            else:
                p.lines = _page_lines(tp, text, height)
            if 0 < paths < TABLE_MIN_PATHS:
                _split_footnotes(p, page, raw)
        else:
            ocr = None
            if mode != "never" and not missing and (mode == "always" or _has_image(page, raw)):
                try:
                    ocr = ocr_page(page) if cache is None and SHARE is None else ocr_page(page, i + 1, cache)
                except OcrUnavailable as e:
                    if mode == "always":
                        raise
                    missing = e
                except Exception as e:      # Tesseract failed on this page: the other pages still count
                    failed.append((i + 1, f"{type(e).__name__}: {str(e).splitlines()[0][:120] if str(e) else ''}"))
                _progress("page", i + 1)
            if isinstance(ocr, tuple):
                ocr, p.tables = ocr
            if isinstance(ocr, str):          # plain text without boxes
                ocr = [Line(s, 0, 0, 0, 0, base=0) for s in ocr.splitlines() if s.strip()]
                p.boxes = False
            if ocr or p.tables:
                p.lines = ocr or []
                p.ocr = True
            elif mode != "always" and _has_image(page, raw) and not (failed and failed[-1][0] == i + 1):
                no_text.append(i + 1)
        tp.close()
        page.close()
        pages.append(p)
    if failed and not any(p.lines or p.tables for p in pages):
        raise ReadError(f"scanned PDF: OCR failed on every page ({failed[0][1]})")
    warnings.extend(f"page {n}: OCR failed ({why})" for n, why in failed)
    return pages, no_text, missing
