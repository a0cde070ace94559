"""Ruled tables of a PDF, all from PDFium: the grid from the page's drawn lines, the text from its text page.

The grid is pdfplumber's table finder (the `lines` strategy: edges snapped and joined, intersections,
cells, tables) run on the edges of the page's path objects as PDFium reads them, so pdfminer never
parses the page: pdfminer turned every glyph of a table page into a Python object, which was 85% of the
time of a PDF with tables (bench/README.md). The edges are the ones pdfminer would give pdfplumber: each
straight segment of every path (stroked or only filled, inside form XObjects too), a closed sub-path
closing back to its start.

A cell's text is PDFium's text of the characters whose box meets the cell, shrunk by CELL_INSET so that a
glyph touching a ruling line does not leak into the next cell: one call into PDFium per cell.
"""
from __future__ import annotations

import ctypes
from types import SimpleNamespace

from extract.readers.pdfium_marks import HYPHENS     # PDFium's mark of a hyphen it joined across a line end

# a cell's text: the characters whose box meets the cell shrunk by this much (points) on every side
CELL_INSET = 1.0
_SETTINGS = None


def _settings():
    global _SETTINGS
    if _SETTINGS is None:
        from pdfplumber.table import TableSettings
        _SETTINGS = TableSettings.resolve(None)     # pdfplumber's defaults: the `lines` strategy
    return _SETTINGS


def page_tables(page, tp, height: float) -> list[tuple[tuple[float, float, float, float], list[list[str | None]], list]]:
    """[(bbox (x0, top, x1, bottom), rows, the first row's cell boxes)] of an open pypdfium2 page and its
    text page; rows as pdfplumber's Table.extract() gives them (None for a cell merged away, whose box is
    None too)."""
    from pdfplumber.table import TableFinder

    edges = path_edges(page, height)
    if len(edges) < 4:
        return []
    tables = TableFinder(SimpleNamespace(edges=edges, bbox=(0, 0, page.get_width(), height)), _settings()).tables
    return [(t.bbox, [[None if c is None else _cell_text(tp, c, height) for c in row.cells] for row in t.rows],
             t.rows[0].cells) for t in tables]


def path_edges(page, height: float) -> list[dict]:
    """pdfplumber edge dicts (x0, x1, top, bottom, width, height, orientation) of every straight segment of
    the page's path objects, in page coordinates with y measured from the top."""
    import pypdfium2.raw as raw

    x, y = ctypes.c_float(), ctypes.c_float()
    rx, ry = ctypes.byref(x), ctypes.byref(y)
    get_seg, get_pt = raw.FPDFPath_GetPathSegment, raw.FPDFPathSegment_GetPoint
    get_type, get_close = raw.FPDFPathSegment_GetType, raw.FPDFPathSegment_GetClose
    moveto = raw.FPDF_SEGMENT_MOVETO
    edges: list[dict] = []
    forms: list[tuple] = []         # page matrices of the enclosing form XObjects, by nesting level
    wanted = (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM)
    for obj in page.get_objects(filter=None, max_depth=3):   # levels 0-2, as pdf._paths counts
        del forms[obj.level:]
        if obj.type not in wanted:  # mostly text objects
            continue
        m = obj.get_matrix()
        mat = (m.a, m.b, m.c, m.d, m.e, m.f)
        if forms:                   # the enclosing form's matrix already holds the forms around it
            mat = _compose(mat, forms[-1])
        if obj.type == raw.FPDF_PAGEOBJ_FORM:
            forms.append(mat)
            continue
        a, b, c, d, e, f = mat
        start = prev = None
        for k in range(raw.FPDFPath_CountSegments(obj.raw)):
            seg = get_seg(obj.raw, k)
            if not get_pt(seg, rx, ry):
                continue
            pt = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
            if get_type(seg) == moveto or prev is None:
                start = pt
            else:
                _edge(edges, prev, pt)
            if get_close(seg) and start is not None and start != pt:
                _edge(edges, pt, start)
                pt = start
            prev = pt
    return edges


def _compose(inner: tuple, outer: tuple) -> tuple:
    """The matrix of applying `inner`, then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _edge(edges: list[dict], p0: tuple, p1: tuple) -> None:
    """A segment as pdfplumber's edge dict; pdfplumber keeps only horizontal and vertical ones (a slanted
    line has no orientation and never makes a cell)."""
    x0, x1 = (p0[0], p1[0]) if p0[0] <= p1[0] else (p1[0], p0[0])
    top, bottom = (p0[1], p1[1]) if p0[1] <= p1[1] else (p1[1], p0[1])
    if abs(p0[1] - p1[1]) < 0.01:
        orientation, top = "h", bottom
    elif abs(p0[0] - p1[0]) < 0.01:
        orientation, x0 = "v", x1
    else:
        return
    edges.append({"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
                  "height": bottom - top, "orientation": orientation, "object_type": "line"})


def _cell_text(tp, cell: tuple, height: float) -> str:
    """PDFium's text inside a cell (x0, top, x1, bottom), its lines joined by "\\n" as pdfplumber joins them."""
    x0, top, x1, bottom = cell
    d = CELL_INSET
    if x1 - x0 <= 2 * d or bottom - top <= 2 * d:
        return ""
    text = tp.get_text_bounded(left=x0 + d, bottom=height - bottom + d, right=x1 - d, top=height - top - d)
    return "\n".join(" ".join(ln.split()) for ln in text.translate(HYPHENS).splitlines() if ln.strip())
