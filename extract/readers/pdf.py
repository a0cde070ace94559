"""PDF: text from pypdfium2 on every page, ruled tables on the pages that draw lines.

pypdfium2 (PDFium, C++) reads text an order of magnitude faster than pdfplumber (pure-Python
pdfminer); `bench/read_speed.py` measures both. A page that draws enough path objects (grid lines) to
hold a table goes through `pdf_tables.py`: pdfplumber's table finder over PDFium's lines, each cell's
text from PDFium. Text lines inside a table's box are dropped from the flow and the table block takes
their place in reading order.

The rest undoes what a PDF does to text:
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

import ctypes
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from extract.model import Document, DocumentBuilder
from extract.readers.errors import ReadError
from extract.readers.lines import Line, is_page_number, join_lines, page_stats
from extract.readers.pdfium_marks import HYPHENS
from extract.readers.pdfxref import xref_intact
from extract.text.textclean import fix_legacy

# a page drawing at least this many path objects may hold a ruled table: worth looking for its grid
TABLE_MIN_PATHS = 4
# header/footer candidates: lines in this top/bottom share of the page height
EDGE_SHARE = 0.12
# a footnote rule is this share of the text's width long (Word draws 2 inches, LibreOffice 25%)
FOOTNOTE_RULE = (0.15, 0.5)
_FOOTNOTE_MARK = re.compile(r"^(?:\d{1,3}|[*†‡])\s*\S")
# an OCR'd edge line this similar to a repeated header/footer is that header/footer, misread
OCR_EDGE_SIMILARITY = 0.9
_DIGITS = re.compile(r"\d+")
_PASSWORD = re.compile(r"password", re.I)


@dataclass
class _Page:
    number: int
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[tuple[float, list[list[str | None]]]] = field(default_factory=list)   # (top, rows)
    first_cells: dict = field(default_factory=dict)     # id(rows) -> the boxes of the table's first row
    ocr: bool = False
    boxes: bool = True       # lines carry page geometry (OCR text given as a plain string has none)
    # a one-row table at the page's foot, maybe the top of a row the page break cut: (box, row, cell boxes)
    split_head: tuple | None = None
    footnotes: list[Line] = field(default_factory=list)   # the lines under the page's footnote rule


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
            spans: list = []
            paths = _paths(page.raw, raw, TABLE_MIN_PATHS)
            # on a page that may hold a table, the baselines wait until the table's lines have left
            late = paths >= TABLE_MIN_PATHS and not annots
            p.lines = _page_lines(tp, text, height, spans if annots or late else None, base=not late)
            if annots:
                _merge_annotations(p.lines, spans, annots, tp, height)
            if paths >= TABLE_MIN_PATHS:
                firsts = {id(ln): first for ln, (first, _) in zip(p.lines, spans)} if late else None
                _add_tables(p, page, tp, height, warnings)
                if late:
                    _set_baselines(tp, p.lines, firsts, height)
            elif paths:
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


def _flattened(pdf, i: int, raw):
    """(page i, its annotations' rectangles) with the annotations' appearances (a signature's stamp, a
    form field, a text box) drawn into the page, so its text page holds them: a signed report carries
    its number and day there (`Số: 329`, `ngày 19`), and PDFium's text page leaves annotations out.
    Only the document in memory changes; PDFium applies a flattened page once it is loaded again."""
    page = pdf[i]
    n = raw.FPDFPage_GetAnnotCount(page.raw)
    if n <= 0:
        return page, []
    rects = []
    drawn = False               # an annotation with an appearance: only those draw anything when flattened
    r = raw.FS_RECTF()
    for k in range(n):
        annot = raw.FPDFPage_GetAnnot(page.raw, k)
        if annot and raw.FPDFAnnot_GetRect(annot, ctypes.byref(r)):
            rects.append((min(r.left, r.right), min(r.bottom, r.top), max(r.left, r.right), max(r.bottom, r.top)))
        if annot:
            drawn = drawn or bool(raw.FPDFAnnot_HasKey(annot, b"AP"))
            raw.FPDFPage_CloseAnnot(annot)
    if not drawn:
        # links (most often): flattening them adds no character and moves none, so the page is not loaded
        # a second time; their rectangles go on to _merge_annotations as a flattened page's would
        return page, rects
    if raw.FPDFPage_Flatten(page.raw, raw.FLAT_NORMALDISPLAY) != raw.FLATTEN_SUCCESS:
        return page, []
    page.close()
    return pdf[i], rects


def _merge_annotations(lines: list[Line], spans: list[tuple[int, int]], rects, tp, height: float) -> None:
    """A flattened annotation's text comes last in the page's text, all of it in one line when the
    annotations share a baseline; each piece of it (the characters inside one annotation) that sits in a
    line of the page (the number stamped into `Số:      /BC-UBND`) goes into that line where its x says."""
    import pypdfium2.raw as raw
    l_, r_, b_, t_ = (ctypes.c_double() for _ in range(4))

    def char_box(i):
        raw.FPDFText_GetCharBox(tp.raw, i, ctypes.byref(l_), ctypes.byref(r_), ctypes.byref(b_), ctypes.byref(t_))
        return l_.value, b_.value, r_.value, t_.value

    def rect_of(i):
        a, b, c, d = char_box(i)
        x, y = (a + c) / 2, (b + d) / 2
        return next((k for k, (x0, y0, x1, y1) in enumerate(rects) if x0 - 1 <= x <= x1 + 1 and y0 - 1 <= y <= y1 + 1), None)

    hosts, pieces = [], []            # pieces: (line index, text, x0, x1, top, bottom)
    for j, (ln, (first, last)) in enumerate(zip(lines, spans)):
        if rect_of(first) is None:    # its first character is outside every annotation: a line of the page
            hosts.append(j)
            continue
        where = [None if ln.text[c].isspace() else rect_of(first + c) for c in range(len(ln.text))]
        marks = [w for w in where if w is not None]
        if not marks or len(marks) < sum(1 for ch in ln.text if not ch.isspace()):
            hosts.append(j)           # a line of the page (text beside an annotation stays where it is)
            continue
        for k in dict.fromkeys(marks):
            idx = [c for c, w in enumerate(where) if w == k]
            boxes = [char_box(first + c) for c in idx]
            pieces.append((j, ln.text[idx[0]:idx[-1] + 1].strip(), min(b[0] for b in boxes), max(b[2] for b in boxes),
                           height - max(b[3] for b in boxes), height - min(b[1] for b in boxes)))
    merged: dict[int, list] = {}
    inserts: dict[int, list] = {}     # host -> (character index, text, x1), placed in the text as it was
    for j, text, x0, x1, top, bottom in pieces:
        mid = (top + bottom) / 2
        host = next((h for h in hosts if lines[h].top <= mid <= lines[h].bottom and lines[h].x0 <= x0 <= lines[h].x1), None)
        merged.setdefault(j, []).append(host is not None)
        if host is not None:
            o, first = lines[host], spans[host][0]
            k = next((c for c in range(len(o.text)) if not o.text[c].isspace() and char_box(first + c)[0] >= x0), len(o.text))
            inserts.setdefault(host, []).append((k, text, x1))
    for host, items in inserts.items():
        o = lines[host]
        for k, text, x1 in sorted(items, reverse=True):       # right to left: the earlier indices stay true
            before, after = o.text[:k], o.text[k:]
            glue = "" if not after or after[0] in "/,.;:)" else " "
            o.text = (before if not before or before.endswith(" ") else before + " ") + text + glue + after
            o.x1 = max(o.x1, x1)
    # a line made of annotations only gives way to its pieces that no line took, each a line of its own
    out = []
    for j, ln in enumerate(lines):
        if j not in merged:
            out.append(ln)
            continue
        out += [Line(text, x0, x1, top, bottom, base=bottom, page=ln.page)
                for (pj, text, x0, x1, top, bottom), took in zip((q for q in pieces if q[0] == j), merged[j]) if not took]
    lines[:] = out


def _paths(holder, raw, enough: int, form: bool = False, depth: int = 0) -> int:
    """How many path objects a page (or a form XObject inside it, two levels down) draws, counted up to
    `enough`: raw PDFium calls, as a text page holds dozens of objects and most pages no path at all."""
    count = raw.FPDFFormObj_CountObjects if form else raw.FPDFPage_CountObjects
    get = raw.FPDFFormObj_GetObject if form else raw.FPDFPage_GetObject
    n = 0
    for k in range(max(0, count(holder))):
        obj = get(holder, k)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            n += 1
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < 2:
            n += _paths(obj, raw, enough - n, True, depth + 1)
        if n >= enough:
            break
    return n


def _has_image(page, raw) -> bool:
    for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        return True
    return False


def _page_lines(tp, text: str, height: float, spans: list | None = None, base: bool = True) -> list[Line]:
    """PDFium's text split at its line breaks; each line's box from its first and last character
    (PDFium counts the generated CR LF as characters, so string offsets are character indices). Raw
    PDFium calls into reused buffers: this runs for every line of every page. spans: if a list, gets
    each line's (first, last) character index. base=False leaves the baselines at 0 for
    _set_baselines: the lines of a table leave the flow without one."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    lines = []
    l0, r0, b0, t0, l1, r1, b1, t1, ox, oy = (ctypes.c_double() for _ in range(10))
    first_box = (ctypes.byref(l0), ctypes.byref(r0), ctypes.byref(b0), ctypes.byref(t0))
    last_box = (ctypes.byref(l1), ctypes.byref(r1), ctypes.byref(b1), ctypes.byref(t1))
    origin = (ctypes.byref(ox), ctypes.byref(oy))
    box, get_origin = raw.FPDFText_GetCharBox, raw.FPDFText_GetCharOrigin
    handle = tp.raw
    if "\ufffe" in text or "\x02" in text:
        text = text.translate(HYPHENS)        # one character for one: the offsets stay
    pos = 0
    for s in text.split("\r\n"):
        stripped = s.strip()
        if stripped:
            first = pos + (len(s) - len(s.lstrip()))
            last = pos + len(s.rstrip()) - 1
            if not (box(handle, first, *first_box) and box(handle, last, *last_box)):
                raise pdfium.PdfiumError("Failed to get charbox.")     # as pypdfium2's get_charbox would
            if base:
                get_origin(handle, first, *origin)
            # y measured from the page top, as pdfplumber measures (min and max written out: per line)
            a, b = l0.value, l1.value
            x0 = b if b < a else a
            a, b = r0.value, r1.value
            x1 = b if b > a else a
            a, b = t0.value, t1.value
            top = height - (b if b > a else a)
            a, b = b0.value, b1.value
            lines.append(Line(stripped, x0, x1, top, height - (b if b < a else a), height - oy.value if base else 0.0))
            if spans is not None:
                spans.append((first, last))
        pos += len(s) + 2
    return lines


def _set_baselines(tp, lines: list[Line], firsts: dict[int, int], height: float) -> None:
    """The baseline of each line (from the origin of its first character, as _page_lines takes it)."""
    import pypdfium2.raw as raw
    ox, oy = ctypes.c_double(), ctypes.c_double()
    origin = (ctypes.byref(ox), ctypes.byref(oy))
    get_origin, handle = raw.FPDFText_GetCharOrigin, tp.raw
    for ln in lines:
        get_origin(handle, firsts[id(ln)], *origin)
        ln.base = height - oy.value


def _split_footnotes(p: _Page, page, raw) -> None:
    """Word and LibreOffice put a page's footnotes under a short rule at the foot of the page, left-aligned
    with the text (`1 Số liệu được lấy từ ngày ...`). Left in the flow they cut the sentence that runs
    on to the next page; they become footnote blocks instead. The rule: a horizontal path at most 1.5 pt
    high and FOOTNOTE_RULE of the text's width long, in the lower half of the page, starting at the left
    margin, with a line under it that opens with a footnote mark."""
    if not p.lines:
        return
    left = min(ln.x0 for ln in p.lines)
    right = max(ln.x1 for ln in p.lines)
    l_, b_, r_, t_ = (ctypes.c_float() for _ in range(4))
    rule = None
    for k in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, k)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, l_, b_, r_, t_):
            continue
        top = p.height - t_.value
        width, thick = r_.value - l_.value, t_.value - b_.value
        if (thick <= 1.5 and FOOTNOTE_RULE[0] * (right - left) <= width <= FOOTNOTE_RULE[1] * (right - left)
                and abs(l_.value - left) <= 15 and top > p.height / 2):
            rule = top if rule is None else max(rule, top)
    if rule is None:
        return
    under = [ln for ln in p.lines if ln.top >= rule and not is_page_number(ln.text)]
    if under and _FOOTNOTE_MARK.match(under[0].text):
        p.footnotes = under
        p.lines = [ln for ln in p.lines if ln not in under]


def _add_tables(p: _Page, page, tp, height: float, warnings: list[str]) -> None:
    """The ruled tables of a page that draws lines (pdf_tables.py), their lines dropped from the page's
    flow."""
    from extract.readers.pdf_tables import page_tables

    try:
        boxes = []
        for (x0, top, x1, bottom), rows, cells in page_tables(page, tp, height):
            if len(rows) == 1 and len(rows[0]) >= 2:
                p.split_head = ((x0, top, x1, bottom), rows[0], cells)    # _join_split_rows decides
            if len(rows) < 2 or max(len(r) for r in rows) < 2:
                continue          # a boxed paragraph, not a table
            if all(sum(1 for c in r if c and c.strip()) <= 1 for r in rows):
                # prose that a frame or a signature box crosses (no row has two filled cells): a grid of
                # it would drop the words outside its cells, so its lines stay in the page's flow
                continue
            boxes.append((x0, top, x1, bottom))
            p.tables.append((top, rows))
            p.first_cells[id(rows)] = cells
        if boxes:
            p.lines = [ln for ln in p.lines if not any(_inside(ln, box) for box in boxes)]
    except Exception as e:       # tables are a bonus: a failure here leaves the text as it is
        warnings.append(f"tables of page {p.number} not read ({type(e).__name__})")


def _inside(ln: Line, box) -> bool:
    x0, top, x1, bottom = box
    mid = (ln.top + ln.bottom) / 2
    return top - 1 <= mid <= bottom + 1 and ln.x0 < x1 and ln.x1 > x0


# ---------------------------------------------------------------- headers and footers

def _edges(pages: list[_Page]) -> tuple[set[str], set[str]]:
    """Keys (digits as #) of lines repeated near the top / bottom of at least half of the pages."""
    top, bottom = Counter(), Counter()
    with_text = 0
    for p in pages:
        if not p.lines or not p.boxes:
            continue
        with_text += 1
        seen_top, seen_bottom = set(), set()
        for ln in p.lines:
            if ln.bottom <= p.height * EDGE_SHARE:
                seen_top.add(_key(ln.text))
            elif ln.top >= p.height * (1 - EDGE_SHARE):
                seen_bottom.add(_key(ln.text))
        top.update(seen_top)
        bottom.update(seen_bottom)
    need = max(2, (with_text + 1) // 2)
    return {k for k, c in top.items() if c >= need}, {k for k, c in bottom.items() if c >= need}


def _key(s: str) -> str:
    return _DIGITS.sub("#", " ".join(s.split())).lower()


def _near(k: str, keys: set[str]) -> str:
    """The key in `keys` that `k` (an OCR line) differs from by a letter or two, else `k`."""
    if k in keys:
        return k
    for key in keys:
        if abs(len(key) - len(k)) <= 3 and SequenceMatcher(None, k, key).ratio() >= OCR_EDGE_SIMILARITY:
            return key
    return k


def _strip_edges(pages: list[_Page]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Drop header/footer lines and page numbers from every page; return the repeated header and
    footer texts once each (text, first page)."""
    top_keys, bottom_keys = _edges(pages)
    headers: dict[str, tuple[str, int]] = {}
    footers: dict[str, tuple[str, int]] = {}
    for p in pages:
        if not p.boxes:
            continue
        kept = []
        for ln in p.lines:
            in_top = ln.bottom <= p.height * EDGE_SHARE
            in_bottom = ln.top >= p.height * (1 - EDGE_SHARE)
            if in_top or in_bottom:
                if is_page_number(ln.text):
                    continue
                k = _key(ln.text)
                if p.ocr:               # a letter misread on one page must not keep its header in the text
                    k = _near(k, top_keys if in_top else bottom_keys)
                if in_top and k in top_keys:
                    headers.setdefault(k, (ln.text, p.number))
                    continue
                if in_bottom and k in bottom_keys:
                    footers.setdefault(k, (ln.text, p.number))
                    continue
            kept.append(ln)
        p.lines = kept
    return list(headers.values()), list(footers.values())


# ---------------------------------------------------------------- emit blocks

def _join_split_rows(pages: list[_Page]) -> None:
    """A table row cut by a page break: Word and LibreOffice let a tall row (often the header) run on to
    the next page, which leaves a one-row table at the foot of one page and the rest of that row as the
    first row of the table at the top of the next. When nothing but the footer lies below the one-row
    table and nothing but the header above the next page's table, and both have the same columns, the
    two pieces of the row are joined cell by cell and the one-row table's lines leave the text."""
    for p, q in zip(pages, pages[1:]):
        if p.split_head is None or not q.tables or not p.boxes or not q.boxes:
            continue
        (x0, top, x1, bottom), head, head_cells = p.split_head
        if any(ln.top > bottom for ln in p.lines if ln.top < p.height * (1 - EDGE_SHARE)):
            continue                                    # text below it: the table ended on this page
        first_top, first_rows = min(q.tables, key=lambda t: t[0])
        cells = q.first_cells.get(id(first_rows))
        if not cells or any(ln.bottom <= first_top for ln in q.lines if ln.bottom > q.height * EDGE_SHARE):
            continue
        # each piece goes to the cell of the next page's first row that starts under it (the sub-columns
        # of a merged header cell begin on the next page)
        into = []
        for box in head_cells:
            k = next((j for j, c in enumerate(cells) if box and c and abs(c[0] - box[0]) <= 3), None)
            if box is not None and k is None:
                break
            into.append(k)
        else:
            row = list(first_rows[0])
            for k, text in zip(into, head):
                if k is not None and text:
                    row[k] = f"{text} {row[k]}" if row[k] else text
            q.tables = [(t, [row] + rows[1:]) if rows is first_rows else (t, rows) for t, rows in q.tables]
            p.lines = [ln for ln in p.lines if not _inside(ln, (x0, top, x1, bottom))]
            p.split_head = None


def _emit(b: DocumentBuilder, pages: list[_Page]) -> None:
    _join_split_rows(pages)
    headers, footers = _strip_edges(pages)
    # one flow for the whole document: runs of lines (joined into paragraphs across pages) and tables
    flow: list[dict] = []
    for p in pages:
        for item in _page_items(p):
            if isinstance(item, Line):
                if not flow or flow[-1]["kind"] != "lines" or flow[-1]["ocr"] != p.ocr:
                    flow.append({"kind": "lines", "lines": [], "ocr": p.ocr})
                item.page = p.number
                flow[-1]["lines"].append(item)
                continue
            rows = [[c or "" for c in r] for r in item]
            last = flow[-1] if flow else None
            if (last and last["kind"] == "table" and last["last_page"] == p.number - 1
                    and len(last["rows"][0]) == len(rows[0])):
                # a table cut by the page break, maybe with its header row repeated, maybe inside a row
                if rows[0] == last["rows"][0]:
                    rows = rows[1:]
                elif _carries_on(last["rows"][-1], rows[0]):
                    last["rows"][-1] = [f"{a} {b}" if a and b else a or b for a, b in zip(last["rows"][-1], rows[0])]
                    rows = rows[1:]
                last["rows"].extend(rows)
                last["last_page"] = p.number
            else:
                flow.append({"kind": "table", "rows": rows, "page": p.number, "last_page": p.number, "ocr": p.ocr})
        if flow and flow[-1]["kind"] == "table" and flow[-1]["last_page"] != p.number:
            flow[-1]["last_page"] = -1          # lines came after it: the table does not go on
    headers, footers = _fix_legacy(b, flow, headers, footers)
    stats = page_stats([ln for p in pages for ln in p.lines])
    for item in flow:
        if item["kind"] == "table":
            b.add_table(item["rows"], item["page"], ocr=item["ocr"])
        else:
            for kind, text, page in join_lines(item["lines"], stats):
                b.add(kind, text, page, ocr=item["ocr"])
    for p in pages:
        note: list[str] = []
        for ln in p.footnotes:                       # a mark opens a footnote, other lines go on with it
            if note and _FOOTNOTE_MARK.match(ln.text):
                b.add("footnote", " ".join(note), p.number)
                note = []
            note.append(ln.text)
        if note:
            b.add("footnote", " ".join(note), p.number)
    for text, page in headers:
        b.add("header", text, page, ocr=pages[page - 1].ocr)
    for text, page in footers:
        b.add("footer", text, page, ocr=pages[page - 1].ocr)


def _carries_on(prev: list[str], row: list[str]) -> bool:
    """The first row of a table's next page only carries on the row the page break cut: it has no number
    of its own (first cell empty, the row before has one) and every cell it fills goes on in lower case
    (`quản lý sử dụng chữ ký số` after `Số lượng cán bộ, công chức lãnh đạo,`). A row of its own starts
    with a number, a capital or a figure."""
    filled = [c for c in row if c]
    return bool(filled) and not row[0] and bool(prev[0]) and all(c[0].islower() for c in filled)


def _page_items(p: _Page) -> list:
    """Lines in PDFium's order with each table put before the first line below the table's top. A
    table is the only thing on the page that ends a page when no line comes after it."""
    if not p.tables:
        return list(p.lines)
    items: list = []
    tables = sorted(p.tables, key=lambda t: t[0])
    k = 0
    for ln in p.lines:
        while k < len(tables) and tables[k][0] <= ln.top:
            items.append(tables[k][1])
            k += 1
        items.append(ln)
    items.extend(t[1] for t in tables[k:])
    return items


def _fix_legacy(b: DocumentBuilder, flow: list[dict], headers, footers):
    """TCVN3/VNI font text: detected on the whole text at once, converted piece by piece."""
    texts: list[str] = []
    for item in flow:
        if item["kind"] == "table":
            texts.extend(c for r in item["rows"] for c in r)
        else:
            texts.extend(ln.text for ln in item["lines"])
    texts += [t for t, _ in headers + footers]
    fixed, legacy = fix_legacy("\x1e".join(texts))
    if not legacy:
        return headers, footers
    b.doc.warnings.append(f"legacy {legacy.upper()} font encoding converted to Unicode")
    it = iter(fixed.split("\x1e"))
    for item in flow:
        if item["kind"] == "table":
            item["rows"] = [[next(it) for _ in r] for r in item["rows"]]
        else:
            for ln in item["lines"]:
                ln.text = next(it)
    return [(next(it), pg) for _, pg in headers], [(next(it), pg) for _, pg in footers]
