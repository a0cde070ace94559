"""The ruled-table finder (extract/readers/pdf_tables.py) on grids drawn as Word draws them: every cell
border its own segment. It must find what pdfplumber's table finder finds over the same segments (the
finder it replaced), on PDFs written here and on the LibreOffice PDFs of tests/data."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from extract.readers.pdf_tables import page_tables, path_segments

DATA = Path(__file__).parent / "data"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _word_grid(c, x0, top, widths, heights, merged=(), h=842.0):
    """Borders cell by cell, each a separate line, touching at the corners; `merged` holds (row, col) of
    cells whose right border is left out (merged with the next one)."""
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top]
    for t in heights:
        ys.append(ys[-1] + t)
    for r in range(len(heights)):
        for k in range(len(widths)):
            a, b, t, u = xs[k], xs[k + 1], ys[r], ys[r + 1]
            c.line(a, h - t, b, h - t)                  # top
            c.line(a, h - u, b, h - u)                  # bottom
            if (r, k - 1) not in merged:
                c.line(a, h - t, a, h - u)              # left
            if (r, k) not in merged:
                c.line(b, h - t, b, h - u)              # right


def _pdf(tmp_path: Path) -> Path:
    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    path = tmp_path / "word_like.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("DejaVu", 9)
    c.drawString(72, 842 - 60, "Bảng 1. Kết quả giải quyết hồ sơ")
    _word_grid(c, 72, 80, [40, 160, 80, 80], [20, 18, 18, 18], merged={(0, 2)})
    cells = [["STT", "Đơn vị", "Hồ sơ tiếp nhận"],
             ["1", "Sở Tư pháp", "1.204", "97,5"],
             ["2", "Sở Nội vụ", "316", "100"],
             ["", "Tổng cộng", "1.520", ""]]
    for r, row in enumerate(cells):
        x = 72
        for k, text in enumerate(row):
            c.drawString(x + 3, 842 - (80 + 20 * (r > 0) + 18 * max(0, r - 1) + 13), text)
            x += [40, 160, 80, 80][k]
    c.line(72, 842 - 200, 200, 842 - 200)               # a lone rule: no table
    _word_grid(c, 100, 260, [120, 120], [18, 18, 18])   # a second table, empty cells
    c.save()
    return path


def _pdfplumber_grid(page, height):
    """pdfplumber's TableFinder over the same segments: [(bbox, rows of cell boxes)]."""
    from pdfplumber.table import TableFinder, TableSettings
    hs, vs = path_segments(page, height)
    edges = [{"x0": s[0], "x1": s[2], "top": s[1], "bottom": s[3], "width": s[4], "height": 0.0,
              "orientation": "h", "object_type": "line"} for s in hs]
    edges += [{"x0": s[0], "x1": s[2], "top": s[1], "bottom": s[3], "width": 0.0, "height": s[4],
               "orientation": "v", "object_type": "line"} for s in vs]
    finder = TableFinder(SimpleNamespace(edges=edges, bbox=(0, 0, page.get_width(), height)),
                         TableSettings.resolve(None))
    return [(t.bbox, [row.cells for row in t.rows]) for t in finder.tables]


def _ours(page, height):
    tp = page.get_textpage()
    try:
        return page_tables(page, tp, height)
    finally:
        tp.close()


def test_word_drawn_grid_gives_its_cells_and_merged_header(tmp_path):
    pdf = pdfium.PdfDocument(str(_pdf(tmp_path)))
    page = pdf[0]
    found = _ours(page, page.get_height())
    assert len(found) == 2
    (bbox, rows, first), (bbox2, rows2, _) = found
    assert bbox == pytest.approx((72, 80, 432, 154), abs=0.2)     # A4 is 841.89 pt high
    assert rows == [["STT", "Đơn vị", "Hồ sơ tiếp nhận", None],
                    ["1", "Sở Tư pháp", "1.204", "97,5"],
                    ["2", "Sở Nội vụ", "316", "100"],
                    ["", "Tổng cộng", "1.520", ""]]
    assert first[3] is None and first[2] == pytest.approx((272, 80, 432, 100), abs=0.2)
    assert bbox2 == pytest.approx((100, 260, 340, 314), abs=0.2) and rows2 == [["", ""]] * 3


@pytest.mark.parametrize("name", ["word_like", "libreoffice_table", "libreoffice_dongnai_sct_2023-Q3"])
def test_same_grids_as_pdfplumber_table_finder(tmp_path, name):
    path = _pdf(tmp_path) if name == "word_like" else DATA / f"{name}.pdf"
    pdf = pdfium.PdfDocument(str(path))
    grids = 0
    for i in range(len(pdf)):
        page = pdf[i]
        height = page.get_height()
        ours = [(bbox, rows) for bbox, rows, _ in _ours(page, height)]
        theirs = _pdfplumber_grid(page, height)
        assert [b for b, _ in ours] == [b for b, _ in theirs]
        assert [[len(r) for r in rows] for _, rows in ours] == [[len(r) for r in rows] for _, rows in theirs]
        assert [[c is None for r in rows for c in r] for _, rows in ours] == \
               [[c is None for r in rows for c in r] for _, rows in theirs]
        grids += len(ours)
    assert grids >= 1


def _cells_pdf(tmp_path: Path) -> Path:
    """One ruled table whose cells hold one line, two lines, a line ending in a hyphen, spaced-out
    text and nothing."""
    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    path = tmp_path / "cells.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("DejaVu", 9)
    _word_grid(c, 72, 80, [150, 150], [30, 30, 30])
    texts = [[["Tổng số hồ sơ", "tiếp nhận"], ["1.204"]],
             [["Quyết định số 12/QĐ-"], ["UBND", "ngày 3/4/2025"]],
             [["Sở   Tư    pháp"], []]]
    for r, row in enumerate(texts):
        for k, lines in enumerate(row):
            for j, s in enumerate(lines):
                c.drawString(72 + 150 * k + 3, 842 - (80 + 30 * r + 11 + 10 * j), s)
    c.save()
    return path


def test_cell_text_is_pdfiums_bounded_text_cleaned_line_by_line(tmp_path):
    from extract.readers.pdf_tables import CELL_INSET
    from extract.readers.pdfium_marks import HYPHENS
    pdf = pdfium.PdfDocument(str(_cells_pdf(tmp_path)))
    page = pdf[0]
    height = page.get_height()
    tp = page.get_textpage()
    [(_, rows, _)] = page_tables(page, tp, height)
    assert rows == [["Tổng số hồ sơ\ntiếp nhận", "1.204"],
                    ["Quyết định số 12/QĐ-", "UBND\nngày 3/4/2025"],
                    ["Sở Tư pháp", ""]]
    # the same as the general rule on PDFium's own text of each cell (the reader's one-line shortcut)
    from extract.readers.pdf_tables import _cell_reader, _cells, _clean, _crossings, _lines
    hs, vs = path_segments(page, height)
    cells = _cells(_crossings(_lines(hs, 1, 0, 2), _lines(vs, 0, 1, 3)))
    text, d = _cell_reader(tp, height), CELL_INSET
    assert len(cells) == 6
    for x0, top, x1, bottom in cells:
        s = tp.get_text_bounded(x0 + d, height - bottom + d, x1 - d, height - top - d)
        want = "\n".join(" ".join(ln.split()) for ln in s.translate(HYPHENS).splitlines() if ln.strip())
        assert _clean(text((x0, top, x1, bottom))) == want
    tp.close()


def test_lines_around_tables_are_the_page_lines_outside_them():
    """_lines_around skips measuring most lines of a table: the lines it keeps are exactly those of
    _page_lines outside every table, boxes and baselines alike (LibreOffice PDF of a DOCX)."""
    from extract.readers.pdf_page import _find_tables, _inside, _lines_around, _page_lines, _Page
    pdf = pdfium.PdfDocument(str(DATA / "libreoffice_dongnai_sct_2023-Q3.pdf"))
    kept = dropped = 0
    for i in range(len(pdf)):
        page = pdf[i]
        height = page.get_height()
        tp = page.get_textpage()
        text = tp.get_text_range()
        boxes = _find_tables(_Page(i + 1, height), page, tp, height, [])
        every = _page_lines(tp, text, height)
        outside = [ln for ln in every if not any(_inside(ln, b) for b in boxes)]
        assert _lines_around(tp, text, height, boxes) == outside
        kept, dropped = kept + len(outside), dropped + len(every) - len(outside)
        tp.close()
    assert (kept, dropped) == (820, 189)
