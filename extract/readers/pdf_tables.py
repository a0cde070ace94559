"""Ruled tables of a PDF, all from PDFium: the grid from the page's drawn lines, the text from its text page.

The grid follows pdfplumber's table finder (the `lines` strategy with its default tolerances), with the
same cells and tables, in steps that scale with the number of segments: Word and LibreOffice draw every
cell border apart, about a thousand segments on a table page, and pdfplumber's search for cells compares
every crossing with every later one (73% of the CPU of reading such PDFs, bench/README.md).
1. Segments: each straight segment of every path (stroked or only filled, inside form XObjects too), a
   closed sub-path closing back to its start; horizontal and vertical ones only (raw PDFium calls).
2. Lines: segments snapped onto shared coordinates (a chain of values each within SNAP of the last gets
   their mean) and collinear segments that touch or overlap within JOIN merged, by sorting.
3. Crossings: for each horizontal line the vertical lines in its x range, found by bisection.
4. Cells: from each crossing, the nearest crossing below and to the right joined to it by one line, and
   the corner they make; tables are the groups of cells that share corners.
No crossing, no table: most pages stop at step 3.

A cell's text is PDFium's text of the characters whose box meets the cell, shrunk by CELL_INSET so that a
glyph touching a ruling line does not leak into the next cell: one call into PDFium per cell.

Where the C loops are built (_pdfium_loops.c through pdfium_c.py), the segments, the crossings and cells,
the tables and the cell texts run there (the cell texts as PDFium's own scan over the page's characters
read once); the Python here is their fallback and their reference (tests/test_pdfium_c.py).
"""
from __future__ import annotations

import codecs
import ctypes
from bisect import bisect_left, bisect_right

from extract.readers import pdfium_c
from extract.readers.pdfium_marks import HYPHENS     # PDFium's mark of a hyphen it joined across a line end

# a cell's text: the characters whose box meets the cell shrunk by this much (points) on every side
CELL_INSET = 1.0
# pdfplumber's defaults (points): snap and join tolerances, shortest segment kept before and after
# merging, how far a line may stop short of a crossing
SNAP, JOIN, MIN_SEGMENT, MIN_LINE, CROSS = 3, 3, 1, 3, 3


def page_tables(page, tp, height: float) -> list[tuple[tuple[float, float, float, float], list[list[str | None]], list]]:
    """[(bbox (x0, top, x1, bottom), rows, the first row's cell boxes)] of an open pypdfium2 page and its
    text page; rows as pdfplumber's Table.extract() gives them (None for a cell merged away, whose box is
    None too)."""
    hs, vs = path_segments(page, height)
    if not hs or not vs:
        return []
    c_ = pdfium_c.loops
    lh, lv = _lines(hs, 1, 0, 2), _lines(vs, 0, 1, 3)
    cells = c_.cells(lh, lv) if c_ is not None else _cells(_crossings(lh, lv))
    if not cells:
        return []
    tables = [(g, _rows(g)) for g in (c_.tables(cells) if c_ is not None else _tables(cells))]
    # every cell's text at once: the compiled loop, or one ctypes call per cell
    kept = [c for _, rows in tables for row in rows for c in row if c is not None]
    if c_ is not None:
        texts, slow = c_.cell_texts(pdfium_c.address(tp.raw), height, kept, CELL_INSET)
        for i in slow:                              # cells of more than one line
            texts[i] = _clean(texts[i])
    else:
        texts = [_clean(s) if s else "" for s in map(_cell_reader(tp, height), kept)]
    texts = iter(texts)
    out = []
    for group, rows in tables:
        bbox = (min(c[0] for c in group), min(c[1] for c in group),
                max(c[2] for c in group), max(c[3] for c in group))
        out.append((bbox, [[None if c is None else next(texts) for c in row] for row in rows], rows[0]))
    return out


# ---------------------------------------------------------------- 1. segments

def path_segments(page, height: float) -> tuple[list[list[float]], list[list[float]]]:
    """(horizontal, vertical) straight segments of the page's path objects, as [x0, top, x1, bottom,
    length], in page coordinates with y measured from the top; those shorter than MIN_SEGMENT left out.
    The compiled loop where it is built (the same calls and arithmetic), else _path_segments."""
    if pdfium_c.loops is not None:
        return pdfium_c.loops.segments(pdfium_c.address(page.raw), height)
    return _path_segments(page, height)


def _path_segments(page, height: float) -> tuple[list[list[float]], list[list[float]]]:
    import pypdfium2.raw as raw

    hs: list[list[float]] = []
    vs: list[list[float]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    rx, ry = ctypes.byref(x), ctypes.byref(y)
    m = raw.FS_MATRIX()
    rm = ctypes.byref(m)
    get_seg, get_pt = raw.FPDFPath_GetPathSegment, raw.FPDFPathSegment_GetPoint
    get_type, get_close, count_segs = raw.FPDFPathSegment_GetType, raw.FPDFPathSegment_GetClose, raw.FPDFPath_CountSegments
    obj_type, get_matrix = raw.FPDFPageObj_GetType, raw.FPDFPageObj_GetMatrix
    PATH, FORM, MOVETO = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM, raw.FPDF_SEGMENT_MOVETO

    def add(p0, p1):
        if abs(p0[1] - p1[1]) < 0.01:                       # horizontal: at the end point's y
            x0, x1 = (p0[0], p1[0]) if p0[0] <= p1[0] else (p1[0], p0[0])
            if x1 - x0 >= MIN_SEGMENT:
                y_ = max(p0[1], p1[1])
                hs.append([x0, y_, x1, y_, x1 - x0])
        elif abs(p0[0] - p1[0]) < 0.01:                     # vertical: a slanted one never makes a cell
            top, bottom = (p0[1], p1[1]) if p0[1] <= p1[1] else (p1[1], p0[1])
            if bottom - top >= MIN_SEGMENT:
                x_ = p1[0] if p0[0] <= p1[0] else p0[0]
                vs.append([x_, top, x_, bottom, bottom - top])

    def walk(holder, form: bool, level: int, outer):
        count = raw.FPDFFormObj_CountObjects if form else raw.FPDFPage_CountObjects
        get = raw.FPDFFormObj_GetObject if form else raw.FPDFPage_GetObject
        for k in range(max(0, count(holder))):
            obj = get(holder, k)
            kind = obj_type(obj)
            if kind != PATH and kind != FORM:               # mostly text objects
                continue
            get_matrix(obj, rm)
            mat = (m.a, m.b, m.c, m.d, m.e, m.f)
            if outer is not None:                           # the enclosing form's matrix holds those around it
                mat = _compose(mat, outer)
            if kind == FORM:
                if level < 2:                               # levels 0-2, as pdf._paths counts
                    walk(obj, True, level + 1, mat)
                continue
            a, b, c, d, e, f = mat
            start = prev = None
            for i in range(count_segs(obj)):
                seg = get_seg(obj, i)
                if not get_pt(seg, rx, ry):
                    continue
                pt = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
                if prev is None:                # a path's first point: it starts there, closed or not
                    start = prev = pt
                    continue
                if get_type(seg) == MOVETO:
                    start = pt
                else:
                    add(prev, pt)
                if get_close(seg) and start != pt:
                    add(pt, start)
                    pt = start
                prev = pt

    walk(page.raw, False, 0, None)
    return hs, vs


def _compose(inner: tuple, outer: tuple) -> tuple:
    """The matrix of applying `inner`, then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


# ---------------------------------------------------------------- 2. lines

def _lines(segs: list[list[float]], at: int, lo: int, hi: int) -> list[tuple[float, float, float, float]]:
    """Merged lines (x0, top, x1, bottom) of segments of one orientation: `at` is the index of their
    coordinate across (top of a horizontal one), `lo`/`hi` of their start and end along. The arithmetic
    is pdfplumber's (snap_objects, join_edge_group), so the coordinates come out the same to the bit."""
    values = sorted({s[at] for s in segs})
    cluster, c, last = {}, 0, values[0]
    for v in values:
        if v > last + SNAP:
            c += 1
        cluster[v] = c
        last = v
    groups: list[list[list[float]]] = [[] for _ in range(c + 1)]
    for s in segs:                                          # in the page's order, as pdfplumber sums them
        groups[cluster[s[at]]].append(s)
    by_coord: dict[float, list[list[float]]] = {}
    far = 2 if at == 0 else 3                               # the other end across: x1 / bottom
    for g in groups:
        mean = sum(s[at] for s in g) / len(g)
        for s in g:
            d = mean - s[at]
            s = s[:]
            s[at] += d
            s[far] += d
            by_coord.setdefault(s[at], []).append(s)
    lines = []
    for segs_ in by_coord.values():
        segs_.sort(key=lambda s: s[lo])
        cur = segs_[0]
        for s in segs_[1:]:
            if s[lo] <= cur[hi] + JOIN:
                if s[hi] > cur[hi]:
                    cur = cur[:]
                    # pdfplumber's resize_object: a width is recomputed, a height shifted by the change
                    cur[4] = s[hi] - cur[lo] if at == 1 else cur[4] + (s[hi] - cur[hi])
                    cur[hi] = s[hi]
            else:
                if cur[4] >= MIN_LINE:
                    lines.append(tuple(cur[:4]))
                cur = s
        if cur[4] >= MIN_LINE:
            lines.append(tuple(cur[:4]))
    return lines


# ---------------------------------------------------------------- 3. crossings

def _crossings(hs: list[tuple], vs: list[tuple]) -> dict[tuple[float, float], tuple[set, set]]:
    """(x, y) -> (vertical lines, horizontal lines) through it: a vertical line at x crosses a horizontal
    one at y when each reaches the other within CROSS."""
    vs = sorted(vs)
    xs = [v[0] for v in vs]
    out: dict[tuple[float, float], tuple[set, set]] = {}
    for h in hs:
        x0, y, x1 = h[0], h[1], h[2]
        for v in vs[bisect_left(xs, x0 - CROSS):bisect_right(xs, x1 + CROSS)]:
            if v[1] <= y + CROSS and v[3] >= y - CROSS and x0 - CROSS <= v[0] <= x1 + CROSS:
                k = (v[0], y)
                if k not in out:
                    out[k] = (set(), set())
                out[k][0].add(v)
                out[k][1].add(h)
    return out


# ---------------------------------------------------------------- 4. cells and tables

def _cells(cross: dict) -> list[tuple[float, float, float, float]]:
    """pdfplumber's intersections_to_cells: from each crossing in (x, y) order, the first crossing below
    it on a shared vertical line and the first to its right on a shared horizontal line (in that order
    of search) whose far corner is a crossing joined to both; with columns and rows indexed, each
    crossing looks only at its own column and row."""
    cols: dict[float, list[float]] = {}
    rows: dict[float, list[float]] = {}
    items = sorted(cross.items())
    for (x, y), _ in items:
        cols.setdefault(x, []).append(y)
        rows.setdefault(y, []).append(x)
    cells = []
    get = cross.get
    for (x, y), (pv, ph) in items:
        col, row = cols[x], rows[y]
        ahead = row[bisect_right(row, x):]
        if not ahead:
            continue
        # the crossings to the right on a shared horizontal line, taken as far as the search needs them:
        # in a Word table the first one below and the first one to the right make the cell
        rights: list[tuple[float, set]] = []
        k = 0
        for by in col[bisect_right(col, y):]:
            below = cross[(x, by)]
            if pv.isdisjoint(below[0]):
                continue
            found = False
            j = 0
            while True:
                if j == len(rights):            # the next crossing to the right on a shared horizontal line
                    while k < len(ahead):
                        rx = ahead[k]
                        k += 1
                        right = cross[(rx, y)]
                        if not ph.isdisjoint(right[1]):
                            rights.append((rx, right[0]))
                            break
                    if j == len(rights):
                        break
                rx, rv = rights[j]
                j += 1
                corner = get((rx, by))
                if corner is not None and not corner[0].isdisjoint(rv) and not corner[1].isdisjoint(below[1]):
                    cells.append((x, y, rx, by))
                    found = True
                    break
            if found or not rights:     # no crossing to the right on a shared line: no cell from here
                break
    return cells


def _tables(cells: list[tuple]) -> list[list[tuple]]:
    """pdfplumber's cells_to_tables: cells that share a corner, directly or through others, make a
    table; tables of one cell dropped, the others by their top-left cell (top, then left)."""
    parent = list(range(len(cells)))
    owner: dict[tuple[float, float], int] = {}
    setdefault = owner.setdefault
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = setdefault(corner, i)
            if j != i:
                a = i                           # the roots of both, halving the paths on the way
                while parent[a] != a:
                    parent[a] = parent[parent[a]]
                    a = parent[a]
                b = j
                while parent[b] != b:
                    parent[b] = parent[parent[b]]
                    b = parent[b]
                if a != b:
                    parent[max(a, b)] = min(a, b)
    for i in range(len(cells)):
        a = i
        while parent[a] != a:
            a = parent[a]
        parent[i] = a
    groups: dict[int, list[tuple]] = {}
    for i, c in enumerate(cells):
        groups.setdefault(parent[i], []).append(c)
    tables = sorted(groups.values(), key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _rows(cells: list[tuple]) -> list[list[tuple | None]]:
    """pdfplumber's Table.rows: cells by top, each row over every left edge of the table (None where a
    merged cell covers it)."""
    xs = sorted({c[0] for c in cells})
    rows: dict[float, dict[float, tuple]] = {}
    for c in sorted(cells, key=lambda c: (c[1], c[0])):
        rows.setdefault(c[1], {})[c[0]] = c
    return [[r.get(x) for x in xs] for r in rows.values()]


# ---------------------------------------------------------------- cell text

def _cell_reader(tp, height: float):
    """A function giving PDFium's text inside a cell (x0, top, x1, bottom) shrunk by CELL_INSET, as
    PDFium gives it (_clean makes it a cell's text): one raw call per cell into a buffer made once for
    the page (what _pdfium_loops.cell_texts does in C)."""
    import pypdfium2.raw as raw
    size = 3 * max(0, raw.FPDFText_CountChars(tp.raw)) + 64     # room for a CR LF PDFium may add per char
    buf = (ctypes.c_ushort * (size + 1))()
    # the buffer's bytes decoded in place (ctypes.string_at copying them was a third of the Python here)
    raw_bytes, decode = memoryview(buf).cast("B"), codecs.utf_16_le_decode
    bounded, handle = raw.FPDFText_GetBoundedText, tp.raw
    into = ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort))     # the argument's own type: no conversion per call
    d, d2 = CELL_INSET, 2 * CELL_INSET

    def text(cell: tuple) -> str:
        x0, top, x1, bottom = cell
        if x1 - x0 <= d2 or bottom - top <= d2:
            return ""
        n = bounded(handle, x0 + d, height - top - d, x1 - d, height - bottom + d, into, size)
        if n <= 1:                  # n counts the NUL PDFium ends the text with
            return ""
        return decode(raw_bytes[:2 * n], "ignore", True)[0].rstrip("\x00")

    return text


def _clean(s: str) -> str:
    """A cell's text from PDFium's: its lines joined by "\n" as pdfplumber joins them, spaces collapsed."""
    s = s.translate(HYPHENS)
    if "\r" not in s and s.isprintable():        # one line (no line boundary is printable): most cells
        return " ".join(s.split())
    return "\n".join(" ".join(ln.split()) for ln in s.splitlines() if ln.strip())
