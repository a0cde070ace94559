"""chiso on Word-like PDFs against bare pypdfium2 and PyMuPDF, engines interleaved.

    scripts/setup-bench.sh                               # once: LibreOffice headless and PyMuPDF
    .venv/bin/python bench/real_pdf.py [--rounds 5] [--extra ../shared/eval/real]

The PDFs are made by LibreOffice headless (`soffice --convert-to pdf`), which draws every cell border
of a Word table as its own path segment, as Word does: the fixtures' DOCX, and DOCX written here with
python-docx holding many ruled tables (merged header cells, 10-40 rows, units by figures). They are
converted once and kept in `bench/.realpdf/` (ignored by git). `--extra DIR` adds the PDFs of a folder
(read in place, never copied).

Each round runs every engine in turn over all the PDFs, in this process, and takes its CPU seconds
(`time.process_time`); the median over the rounds is printed with the ratio to bare pypdfium2, so a
busy moment of the shared machine hits all engines alike (the loop is bench/timing.py). Engines:
- `bare pypdfium2`: PDFium's text of every page and nothing else (the ceiling of reading);
- `PyMuPDF`: `page.get_text()` of every page;
- `chiso read`: chiso's PDF reader (text lines, ruled tables, headers, footnotes: `read_document`);
- `chiso extract`: the whole extraction of one file (`batch.files.extract_file`: reader, rules, scopes),
  what `chiso run` does in a worker.
`--profile` prints where `chiso read` spends its time instead; `--cell-text` what the table pages' cell
texts cost against the floor of taking them in one pass over the characters. `--floor` adds an engine
that makes only the PDFium calls chiso's reader makes (bare pypdfium2's and the reader's own: objects and
segments, cell texts, character boxes), each a raw ctypes call whose answer is dropped: the ratio chiso
could reach with no Python of its own. `--against DIR` adds `chiso read` of another checkout (a worktree
of main), run in this process in turn with the others: before and after in one run.
"""
from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(__file__).resolve().parent / ".realpdf"

UNITS = ["Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "Sở Công Thương",
         "Sở Giáo dục và Đào tạo", "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ",
         "Sở Văn hóa, Thể thao và Du lịch", "Ban Quản lý các khu công nghiệp", "Thanh tra tỉnh"]
PLACES = ["huyện Tân Phú", "huyện Định Quán", "huyện Xuân Lộc", "thành phố Long Khánh", "huyện Nhơn Trạch",
          "huyện Long Thành", "huyện Cẩm Mỹ", "huyện Thống Nhất", "huyện Trảng Bom", "huyện Vĩnh Cửu"]
HEADS = [("Tiếp nhận", "Tổng số hồ sơ", "Trực tuyến"), ("Đã giải quyết", "Đúng hạn", "Quá hạn"),
         ("Đang giải quyết", "Trong hạn", "Quá hạn")]
PROSE = ("Trong kỳ báo cáo, các cơ quan, đơn vị tiếp tục triển khai thực hiện nhiệm vụ cải cách hành chính "
         "theo kế hoạch của Ủy ban nhân dân tỉnh; việc tiếp nhận và giải quyết hồ sơ thủ tục hành chính "
         "được thực hiện qua Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh. ")


# ---------------------------------------------------------------- the PDFs

def _table_docx(path: Path, seed: int, tables: int) -> None:
    """A report of `tables` ruled tables ('Table Grid': every border drawn), each under a heading and a
    paragraph: a two-row header whose first cells are merged down and group cells merged across, then
    one row per unit or district with counts and a percentage."""
    import docx
    rng = random.Random(seed)
    d = docx.Document()
    d.add_paragraph("ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI")
    d.add_paragraph(f"BÁO CÁO Kết quả giải quyết thủ tục hành chính năm {2020 + seed % 6}")
    for t in range(tables):
        d.add_paragraph(f"{t + 1}. Kết quả giải quyết hồ sơ của các đơn vị (bảng {t + 1})")
        d.add_paragraph(PROSE * rng.randint(1, 3))
        units = rng.sample(UNITS + PLACES, rng.randint(8, len(UNITS + PLACES)))
        groups = rng.sample(HEADS, rng.randint(1, 3))
        cols = 2 + 3 * len(groups) + 1
        tab = d.add_table(rows=2 + len(units) + 1, cols=cols)
        tab.style = "Table Grid"
        h0, h1 = tab.rows[0].cells, tab.rows[1].cells
        h0[0].merge(h1[0]).text = "STT"
        h0[1].merge(h1[1]).text = "Đơn vị"
        for g, (name, a, b) in enumerate(groups):
            c = 2 + 3 * g
            h0[c].merge(h0[c + 2]).text = name
            h1[c].text, h1[c + 1].text, h1[c + 2].text = "Tổng", a, b
        h0[-1].merge(h1[-1]).text = "Tỷ lệ đúng hạn (%)"
        totals = [0] * (3 * len(groups))
        for r, unit in enumerate(units):
            cells = tab.rows[2 + r].cells
            cells[0].text, cells[1].text = str(r + 1), unit
            for g in range(len(groups)):
                total = rng.randint(10, 12000)
                part = rng.randint(0, total)
                for k, v in enumerate((total, part, total - part)):
                    cells[2 + 3 * g + k].text = f"{v:,}".replace(",", ".")
                    totals[3 * g + k] += v
            cells[-1].text = f"{rng.uniform(90, 100):.1f}".replace(".", ",")
        last = tab.rows[-1].cells
        last[0].merge(last[1]).text = "Tổng cộng"
        for k, v in enumerate(totals):
            last[2 + k].text = f"{v:,}".replace(",", ".")
    d.add_paragraph("Trên đây là báo cáo kết quả giải quyết thủ tục hành chính của tỉnh.")
    d.save(path)


def build(work: Path = WORK) -> list[Path]:
    """The Word-like PDFs, converted once: the fixtures' DOCX and four generated DOCX of many tables."""
    work.mkdir(parents=True, exist_ok=True)
    docx = sorted((ROOT / "fixtures").glob("*.docx"))
    for i, tables in enumerate((6, 12, 20, 30)):
        p = work / f"tables_{i + 1}.docx"
        if not p.exists():
            _table_docx(p, i + 1, tables)
        docx.append(p)
    todo = [p for p in docx if not (work / (p.stem + ".pdf")).exists()]
    if todo:
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            sys.exit("LibreOffice not found: run scripts/setup-bench.sh")
        with tempfile.TemporaryDirectory() as profile:     # its own profile: no clash with a running one
            subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(work), *map(str, todo)],
                           check=True, capture_output=True, timeout=600)
    return [work / (p.stem + ".pdf") for p in docx]


# ---------------------------------------------------------------- the engines



def pymupdf(path: Path) -> int:
    import pymupdf as fitz
    with fitz.open(str(path)) as doc:
        for page in doc:
            page.get_text()
        return doc.page_count


def chiso_read(path: Path) -> int:
    from extract.readers import read_document
    return read_document(path, ocr="never").pages


def chiso_extract(path: Path) -> int:
    from batch.files import extract_file
    return extract_file(path, ocr="never")["pages"]


def engines() -> list[tuple[str, object]]:
    from timing import bare_pdfium
    out = [("bare pypdfium2", bare_pdfium)]
    try:
        import pymupdf as _  # noqa: F401
        out.append(("PyMuPDF", pymupdf))
    except ImportError:
        print("(PyMuPDF not installed: scripts/setup-bench.sh)", file=sys.stderr)
    return out + [("chiso read", chiso_read), ("chiso extract", chiso_extract)]


_PACKAGES = ("extract", "vn", "normalize", "batch", "audit", "report", "pipeline")


def _ours(name: str) -> bool:
    return name.split(".")[0] in _PACKAGES


def other_reader(tree: Path, sample: Path):
    """`chiso read` of another checkout (a worktree of main, say) as an engine of this process: its
    packages imported under their own names and put in place of this tree's while it runs. Both read
    `sample` first, so that the modules they import when called are loaded and swapped too."""
    chiso_read(sample)
    chiso_extract(sample)
    mine = {k: v for k, v in sys.modules.items() if _ours(k)}
    for k in mine:
        del sys.modules[k]
    sys.path.insert(0, str(tree))
    try:
        from extract.readers import read_document
        read_document(sample, ocr="never")
        theirs = {k: v for k, v in sys.modules.items() if _ours(k)}
    finally:
        sys.path.remove(str(tree))
        for k in [k for k in sys.modules if _ours(k)]:
            del sys.modules[k]
        sys.modules.update(mine)
    assert set(theirs) <= set(mine), "the other checkout imports modules this one does not: swap them too"

    def read(path: Path) -> int:
        sys.modules.update(theirs)
        try:
            return read_document(path, ocr="never").pages
        finally:
            sys.modules.update(mine)
    return read


def measure(pdfs: list[Path], rounds: int, floor: bool = False, against: Path | None = None) -> None:
    from timing import interleaved, table
    more = []
    if against is not None:
        more.append((f"chiso read of {against.name}", other_reader(against, pdfs[0])))
    if floor:
        for p in pdfs:                              # planned before the clock runs
            _PLANS[p] = _plan(p)
        more.append(("PDFium calls of chiso read", pdfium_floor))
    speeds, pages = interleaved(engines() + more, pdfs, rounds)
    print(f"{len(pdfs)} PDFs, {pages['bare pypdfium2']} pages, {rounds} rounds, engines in turn\n")
    print(table(speeds, "bare pypdfium2"))


def profile(pdfs: list[Path]) -> None:
    import cProfile
    import pstats
    chiso_read(pdfs[0])
    pr = cProfile.Profile()
    pr.enable()
    for p in pdfs:
        chiso_read(p)
    pr.disable()
    pstats.Stats(pr).sort_stats("cumulative").print_stats(25)


def cell_text_cost(pdfs: list[Path]) -> None:
    """CPU seconds of the table pages' cell texts as the reader takes them (one PDFium call per cell,
    each scanning the page's characters in C) against the least a one-pass assignment in Python would
    pay: one PDFium call per character for its box, before any assigning."""
    import ctypes
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    from extract.readers import pdf_tables as pt
    refs = [ctypes.byref(ctypes.c_double()) for _ in range(4)]
    per_cell = per_char = 0.0
    n_pages = n_cells = n_chars = 0
    for path in pdfs:
        pdf = pdfium.PdfDocument(str(path))
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            height = page.get_height()
            hs, vs = pt.path_segments(page, height)
            cells = pt._cells(pt._crossings(pt._lines(hs, 1, 0, 2), pt._lines(vs, 0, 1, 3))) if hs and vs else []
            if cells:
                t0 = time.process_time()
                text = pt._cell_reader(tp, height)
                for c in cells:
                    text(c)
                t1 = time.process_time()
                box, handle, n = raw.FPDFText_GetCharBox, tp.raw, raw.FPDFText_CountChars(tp.raw)
                for k in range(n):
                    box(handle, k, *refs)
                per_char += time.process_time() - t1
                per_cell += t1 - t0
                n_pages, n_cells, n_chars = n_pages + 1, n_cells + len(cells), n_chars + n
            tp.close()
            page.close()
        pdf.close()
    print(f"{n_pages} table pages, {n_cells:,} cells, {n_chars:,} characters")
    print(f"cell texts, one PDFium call per cell:        {per_cell:.3f} CPU-s")
    print(f"one box call per character (one-pass floor): {per_char:.3f} CPU-s")


_PLANS: dict = {}


def _plan(path: Path) -> list:
    """Per page of a PDF, the PDFium calls chiso's reader makes beyond bare pypdfium2's (found by the
    reader's own code, not timed): (walks the page's objects for segments, [each cell's GetBoundedText
    arguments], [(first, last or -1) character of each line: -1 when only its first box is asked])."""
    import pypdfium2 as pdfium
    from extract.readers import pdf_page as pp
    from extract.readers import pdf_tables as pt
    from extract.readers.pdf import TABLE_MIN_PATHS
    import pypdfium2.raw as raw
    plan = []
    pdf = pdfium.PdfDocument(str(path))
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        text, height = tp.get_text_range(), page.get_height()
        table = pp._paths(page.raw, raw, TABLE_MIN_PATHS) >= TABLE_MIN_PATHS
        cells, lines, inner = [], [], []
        if table:
            hs, vs = pt.path_segments(page, height)
            found = pt._cells(pt._crossings(pt._lines(hs, 1, 0, 2), pt._lines(vs, 0, 1, 3))) if hs and vs else []
            d = pt.CELL_INSET
            cells = [(x0 + d, height - top - d, x1 - d, height - bottom + d) for group in pt._tables(found)
                     for x0, top, x1, bottom in group if x1 - x0 > 2 * d and bottom - top > 2 * d]
            boxes = pp._find_tables(pp._Page(i + 1, height), page, tp, height, [])
            inner = [(x0, height - bottom - 1, x1, height - top + 1) for x0, top, x1, bottom in boxes]
        pos = 0
        for s in text.split("\r\n"):
            if s.strip():
                first, last = pos + len(s) - len(s.lstrip()), pos + len(s.rstrip()) - 1
                a, b, c, t = tp.get_charbox(first)          # left, bottom, right, top
                m = max(2 * (t - b), 8)           # _lines_around's test: only the first box of this line
                inside = any(a < x1 and c > x0 and b - m >= lo and t + m <= hi for x0, lo, x1, hi in inner)
                lines.append((first, -1 if inside else last))
            pos += len(s) + 2
        plan.append((table, cells, lines))
        tp.close()
        page.close()
    pdf.close()
    return plan


def pdfium_floor(path: Path) -> int:
    """bare pypdfium2 plus only the PDFium calls chiso's reader makes (_plan), each one raw ctypes call
    with nothing done with its answer: what chiso read would cost with no Python of its own."""
    import ctypes
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    plan = _PLANS.get(path) or _PLANS.setdefault(path, _plan(path))
    v = [ctypes.c_double() for _ in range(4)]
    refs = [ctypes.byref(x) for x in v]
    fx, fy = ctypes.c_float(), ctypes.c_float()
    m = raw.FS_MATRIX()
    box, origin = raw.FPDFText_GetCharBox, raw.FPDFText_GetCharOrigin
    pdf = pdfium.PdfDocument(str(path))
    for i, (table, cells, lines) in enumerate(plan):
        page = pdf[i]
        raw.FPDFPage_GetAnnotCount(page.raw)
        tp = page.get_textpage()
        tp.get_text_range()
        h = tp.raw
        paths = 0                                   # pdf_page._paths: are there paths enough for a table?
        for k in range(raw.FPDFPage_CountObjects(page.raw)):
            paths += raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page.raw, k)) == raw.FPDF_PAGEOBJ_PATH
            if paths >= 4:
                break
        if table:
            for k in range(raw.FPDFPage_CountObjects(page.raw)):
                obj = raw.FPDFPage_GetObject(page.raw, k)
                if raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_PATH:
                    raw.FPDFPageObj_GetMatrix(obj, m)
                    for j in range(raw.FPDFPath_CountSegments(obj)):
                        seg = raw.FPDFPath_GetPathSegment(obj, j)
                        raw.FPDFPathSegment_GetPoint(seg, fx, fy)
                        if j:
                            raw.FPDFPathSegment_GetType(seg)
                            raw.FPDFPathSegment_GetClose(seg)
            size = 3 * raw.FPDFText_CountChars(h) + 64
            buf = (ctypes.c_ushort * (size + 1))()
            for a, b, c, d in cells:
                raw.FPDFText_GetBoundedText(h, a, b, c, d, buf, size)
        for first, last in lines:
            box(h, first, *refs)
            if last >= 0:
                box(h, last, *refs)
                origin(h, first, *refs[:2])
        tp.close()
        page.close()
    pdf.close()
    return len(plan)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--extra", type=Path, action="append", default=[], help="a folder of more PDFs")
    ap.add_argument("--only-extra", action="store_true", help="the --extra PDFs alone")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--cell-text", action="store_true", help="cost of the cell texts against a one-pass floor")
    ap.add_argument("--floor", action="store_true", help="also time chiso's PDFium calls alone (no Python of its own)")
    ap.add_argument("--against", type=Path, help="also time chiso read of another checkout (before/after)")
    args = ap.parse_args()
    pdfs = [] if args.only_extra else build()
    for d in args.extra:
        pdfs += sorted(d.glob("*.pdf"))
    if args.profile:
        profile(pdfs)
    elif args.cell_text:
        cell_text_cost(pdfs)
    else:
        measure(pdfs, args.rounds, args.floor, args.against)


if __name__ == "__main__":
    main()
