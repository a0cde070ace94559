"""The compiled loops over PDFium (extract/readers/_pdfium_loops.c) give what the Python loops give, to
the bit: segments, grids and cell texts, line boxes, baselines and character spans, on every page of the
fixtures' PDFs, the PDFs of tests/data and LibreOffice-like ruled tables."""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extract.readers import pdfium_c
import pypdfium2.raw as raw

from extract.readers.pdf_page import _find_tables, _lines_around, _page_lines, _Page, _paths
from extract.readers.pdf_tables import page_tables, path_segments

ROOT = Path(__file__).resolve().parent.parent
PDFS = sorted(ROOT.glob("fixtures/*.pdf")) + sorted((ROOT / "tests" / "data").rglob("*.pdf"))


def _read(path: Path) -> list:
    """Everything the loops give on each page of a PDF."""
    out = []
    pdf = pdfium.PdfDocument(str(path))
    for i in range(len(pdf)):
        page = pdf[i]
        height = page.get_height()
        tp = page.get_textpage()
        text = tp.get_text_range()
        spans: list = []
        lines = _page_lines(tp, text, height, spans)
        boxes = _find_tables(_Page(i + 1, height), page, tp, height, [])
        out.append(([_paths(page.raw, raw, enough) for enough in (1, 5, 10**6)], path_segments(page, height), page_tables(page, tp, height), lines, spans,
                    _lines_around(tp, text, height, boxes)))
        tp.close()
        page.close()
    pdf.close()
    return out


@pytest.mark.skipif(pdfium_c.loops is None, reason="the extension was not built (no C compiler)")
def test_compiled_loops_match_python(monkeypatch):
    assert len(PDFS) >= 5
    pages = tables = 0
    for path in PDFS:
        fast = _read(path)
        with monkeypatch.context() as m:
            m.setattr(pdfium_c, "loops", None)
            slow = _read(path)
        assert fast == slow, path.name
        pages += len(fast)
        tables += sum(len(p[1]) for p in fast)
    assert pages > 20 and tables > 5


def test_compiled_loops_built():
    """setup.py builds the module where a C compiler is (CI machines have gcc); its absence is allowed
    (optional=True) but must be seen: this test names it."""
    import sysconfig
    if not sysconfig.get_config_var("CC"):
        pytest.skip("no C compiler configured")
    assert pdfium_c.loops is not None, "extract/readers/_pdfium_loops did not build: pip install -e . again"


@pytest.mark.skipif(pdfium_c.loops is None, reason="the extension was not built (no C compiler)")
def test_compiled_cells_match_python_on_random_grids():
    """_cells(_crossings(...)) against the compiled cells on 400 random sets of lines: broken rulings,
    lines that stop short of a crossing or overshoot it, duplicates, merged cells."""
    import random

    from extract.readers.pdf_tables import _cells, _crossings, _tables
    rnd = random.Random(7)
    found = 0
    for _ in range(400):
        xs = sorted(rnd.sample(range(0, 400, 20), rnd.randint(2, 8)))
        ys = sorted(rnd.sample(range(0, 400, 15), rnd.randint(2, 8)))
        j = lambda: rnd.choice([0.0, 0.0, 0.5, -1.5, 2.9, 3.1])     # noqa: E731
        hs = [(xs[0] + j(), y, xs[-1] + j(), y) for y in ys if rnd.random() > 0.1]
        hs += [(a + j(), y, b + j(), y) for y in ys for a, b in zip(xs, xs[1:]) if rnd.random() > 0.7]
        vs = [(x, ys[0] + j(), x, ys[-1] + j()) for x in xs if rnd.random() > 0.1]
        vs += [(x, a + j(), x, b + j()) for x in xs for a, b in zip(ys, ys[1:]) if rnd.random() > 0.7]
        hs += rnd.sample(hs, min(2, len(hs)))
        rnd.shuffle(hs)
        want = _cells(_crossings(hs, vs))
        assert pdfium_c.loops.cells(hs, vs) == want
        found += len(want)
        assert pdfium_c.loops.tables(want) == _tables(want)
        # cells of several tables in any order
        more = want + [(x0 + 500, top, x1 + 500, bottom) for x0, top, x1, bottom in want if rnd.random() > 0.3]
        rnd.shuffle(more)
        assert pdfium_c.loops.tables(more) == _tables(more)
    assert found > 2000
