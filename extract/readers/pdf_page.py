"""One page of a PDF (extract/readers/pdf.py): PDFium's text split into lines with their boxes, the
appearances of its annotations drawn in and their text put in its lines, the footnotes under their short
rule, the ruled tables (pdf_tables.py) whose lines leave the page's flow."""
from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field

from extract.readers import pdfium_c
from extract.readers.lines import Line, is_page_number
from extract.readers.pdfium_marks import HYPHENS

# a footnote rule is this share of the text's width long (Word draws 2 inches, LibreOffice 25%)
FOOTNOTE_RULE = (0.15, 0.5)
_FOOTNOTE_MARK = re.compile(r"^(?:\d{1,3}|[*†‡])\s*\S")


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
    `enough`: raw PDFium calls, as a text page holds dozens of objects and most pages no path at all
    (the compiled loop where it is built)."""
    if not form and pdfium_c.loops is not None:
        return pdfium_c.loops.count_paths(pdfium_c.address(holder), enough)
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


def _line_box(l0, r0, b0, t0, l1, r1, b1, t1, height: float) -> tuple[float, float, float, float]:
    """(x0, x1, top, bottom) of a line from the boxes of its first and last characters, y measured from the page
    top as pdfplumber measures (min and max written out: this runs per line)."""
    a, b = l0.value, l1.value
    x0 = b if b < a else a
    a, b = r0.value, r1.value
    x1 = b if b > a else a
    a, b = t0.value, t1.value
    top = height - (b if b > a else a)
    a, b = b0.value, b1.value
    return x0, x1, top, height - (b if b < a else a)


def _page_lines(tp, text: str, height: float, spans: list | None = None) -> list[Line]:
    """PDFium's text split at its line breaks; each line's box from its first and last character
    (PDFium counts the generated CR LF as characters, so string offsets are character indices). Raw
    PDFium calls into reused buffers: this runs for every line of every page. spans: if a list, gets
    each line's (first, last) character index."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    if "\ufffe" in text or "\x02" in text:
        text = text.translate(HYPHENS)        # one character for one: the offsets stay
    if pdfium_c.loops is not None:            # the same calls and arithmetic in C
        found, failed = pdfium_c.loops.line_boxes(pdfium_c.address(tp.raw), height, text, None)
        if failed:
            raise pdfium.PdfiumError("Failed to get charbox.")
        if spans is not None:
            spans += [(f, la) for *_, f, la in found]
        return [Line(t, x0, x1, top, bottom, base) for t, x0, x1, top, bottom, base, _, _ in found]
    lines = []
    l0, r0, b0, t0, l1, r1, b1, t1, ox, oy = (ctypes.c_double() for _ in range(10))
    first_box = (ctypes.byref(l0), ctypes.byref(r0), ctypes.byref(b0), ctypes.byref(t0))
    last_box = (ctypes.byref(l1), ctypes.byref(r1), ctypes.byref(b1), ctypes.byref(t1))
    origin = (ctypes.byref(ox), ctypes.byref(oy))
    box, get_origin = raw.FPDFText_GetCharBox, raw.FPDFText_GetCharOrigin
    handle = tp.raw
    pos = 0
    for s in text.split("\r\n"):
        stripped = s.strip()
        if stripped:
            first = pos + (len(s) - len(s.lstrip()))
            last = pos + len(s.rstrip()) - 1
            if not (box(handle, first, *first_box) and box(handle, last, *last_box)):
                raise pdfium.PdfiumError("Failed to get charbox.")     # as pypdfium2's get_charbox would
            get_origin(handle, first, *origin)
            lines.append(Line(stripped, *_line_box(l0, r0, b0, t0, l1, r1, b1, t1, height), height - oy.value))
            if spans is not None:
                spans.append((first, last))
        pos += len(s) + 2
    return lines


def _lines_around(tp, text: str, height: float, boxes: list[tuple]) -> list[Line]:
    """_page_lines of a page whose tables are known (their `boxes`), without the lines inside a table:
    the same lines, boxes and baselines, with fewer PDFium calls. A line whose first character lies
    inside a table, a margin of two of its heights (at least 8 pt) away from the table's top and bottom,
    is inside it (the middle of a line's box never strays that far from its first character) and is not
    measured further; any other line is measured whole and dropped if _inside a table."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    # in PDF coordinates (y up), as the character boxes come
    inner = [(x0, height - bottom - 1, x1, height - top + 1) for x0, top, x1, bottom in boxes]
    if "\ufffe" in text or "\x02" in text:
        text = text.translate(HYPHENS)        # one character for one: the offsets stay
    if pdfium_c.loops is not None:            # the same calls and arithmetic in C
        found, failed = pdfium_c.loops.line_boxes(pdfium_c.address(tp.raw), height, text, inner)
        if failed:
            raise pdfium.PdfiumError("Failed to get charbox.")
        lines = [Line(t, x0, x1, top, bottom, base) for t, x0, x1, top, bottom, base, _, _ in found]
        return [ln for ln in lines if not any(_inside(ln, bx) for bx in boxes)] if boxes else lines
    lines = []
    l0, r0, b0, t0, l1, r1, b1, t1, ox, oy = (ctypes.c_double() for _ in range(10))
    first_box = (ctypes.byref(l0), ctypes.byref(r0), ctypes.byref(b0), ctypes.byref(t0))
    last_box = (ctypes.byref(l1), ctypes.byref(r1), ctypes.byref(b1), ctypes.byref(t1))
    origin = (ctypes.byref(ox), ctypes.byref(oy))
    box, get_origin = raw.FPDFText_GetCharBox, raw.FPDFText_GetCharOrigin
    handle = tp.raw
    pos = 0
    for s in text.split("\r\n"):
        rest = s.lstrip()
        if rest:
            first = pos + (len(s) - len(rest))
            if not box(handle, first, *first_box):
                raise pdfium.PdfiumError("Failed to get charbox.")
            a, c, b, t = l0.value, r0.value, b0.value, t0.value
            m = 2 * (t - b)
            if m < 8:
                m = 8
            inside = False
            for x0, lo, x1, hi in inner:
                if a < x1 and c > x0 and b - m >= lo and t + m <= hi:
                    inside = True
                    break
            if inside:
                pos += len(s) + 2
                continue
            stripped = rest.rstrip()
            last = first + len(stripped) - 1
            if not box(handle, last, *last_box):
                raise pdfium.PdfiumError("Failed to get charbox.")
            ln = Line(stripped, *_line_box(l0, r0, b0, t0, l1, r1, b1, t1, height))
            if not any(_inside(ln, bx) for bx in boxes):
                get_origin(handle, first, *origin)
                ln.base = height - oy.value
                lines.append(ln)
        pos += len(s) + 2
    return lines


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
    boxes = _find_tables(p, page, tp, height, warnings)
    if boxes:
        p.lines = [ln for ln in p.lines if not any(_inside(ln, box) for box in boxes)]


def _find_tables(p: _Page, page, tp, height: float, warnings: list[str]) -> list[tuple]:
    """The ruled tables of a page that draws lines (pdf_tables.py) put in p.tables; the boxes of those
    whose lines leave the page's flow."""
    from extract.readers.pdf_tables import page_tables

    boxes = []
    try:
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
    except Exception as e:       # tables are a bonus: a failure here leaves the text as it is
        warnings.append(f"tables of page {p.number} not read ({type(e).__name__})")
        return []                # the tables read so far stay; the page's lines all stay in its flow
    return boxes


def _inside(ln: Line, box) -> bool:
    x0, top, x1, bottom = box
    mid = (ln.top + ln.bottom) / 2
    return top - 1 <= mid <= bottom + 1 and ln.x0 < x1 and ln.x1 > x0
