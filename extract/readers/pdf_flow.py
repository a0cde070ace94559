"""The pages of a PDF into a Document's blocks (extract/readers/pdf.py): page headers and footers (lines
repeated near the top or bottom of most pages) taken out of the flow and kept once, a table cut by a page
break joined back (and the row it cut), lines joined into paragraphs across pages in reading order beside
the tables and footnotes, text in the TCVN3/VNI fonts converted."""
from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

from extract.model import DocumentBuilder
from extract.readers.lines import Line, is_page_number, join_lines, page_stats
from extract.readers.pdf_page import _FOOTNOTE_MARK, _inside, _Page
from extract.text.textclean import fix_legacy

# header/footer candidates: lines in this top/bottom share of the page height
EDGE_SHARE = 0.12
# an OCR'd edge line this similar to a repeated header/footer is that header/footer, misread
OCR_EDGE_SIMILARITY = 0.9
_DIGITS = re.compile(r"\d+")


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
