"""OCR of scanned PDF pages (extract/readers/ocr.py): the scanned fixture's figures, --ocr auto|always|never,
a clear message when Tesseract or its Vietnamese data is missing, OCR'd spans marked `ocr`.

Tesseract is slow: the scanned fixture is read once for the module (about 8 pages), the other PDFs are
one short page each."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

import pipeline
from extract.readers import ReadError, read_document
from extract.readers import ocr, ocr_engine

FIX = Path(__file__).resolve().parent.parent / "fixtures"
SCANNED = FIX / "scanned_bacgiang_sct_2025-M04.pdf"
INSTALL = ("scanned PDF needs OCR: Tesseract is not installed "
           "(apt install tesseract-ocr tesseract-ocr-vie), or run with --ocr never")

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract not installed (scripts/setup.sh installs it)")


# ---------------------------------------------------------------- small PDFs built here

def _text_pdf(path: Path, lines: list[str]) -> Path:
    """One A4 page of real text (reportlab, DejaVu Sans for the Vietnamese letters)."""
    sys.path.insert(0, str(FIX))
    from build_fixtures import _fonts  # noqa: E402
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    _fonts()
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("DejaVu", 12)
    y = A4[1] - 90
    for line in lines:
        c.drawString(70, y, line)
        y -= 18
    c.save()
    return path


def _scan(src: Path, out: Path) -> Path:
    """The fixture builder's scanner: 200 dpi, turned a little, speckled, black and white."""
    sys.path.insert(0, str(FIX))
    from build_fixtures import build_scanned  # noqa: E402
    build_scanned(src, out)
    return out


def _join(out: Path, *pdfs: Path) -> Path:
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument.new()
    for p in pdfs:
        doc.import_pages(pdfium.PdfDocument(str(p)))
    doc.save(str(out))
    return out


PAGE_TEXT = ["Quảng Ngãi, ngày 09 tháng 6 năm 2021", "Kết quả thực hiện nhiệm vụ cải cách hành chính."]
PAGE_SCAN = ["Sở Công Thương đã tiếp nhận tổng số: 331 hồ sơ.",
             "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,75%."]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """Page 1 with a text layer, page 2 a scanned image."""
    d = tmp_path_factory.mktemp("mixed")
    text = _text_pdf(d / "text.pdf", PAGE_TEXT)
    scan = _scan(_text_pdf(d / "to_scan.pdf", PAGE_SCAN), d / "scan.pdf")
    return _join(d / "mixed.pdf", text, scan)


@pytest.fixture(scope="module")
def scanned_record():
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract not installed")
    return pipeline.extract_file(SCANNED, keep_text=True)


# ---------------------------------------------------------------- the scanned fixture

@needs_tesseract
def test_scanned_fixture_yields_its_figures_marked_ocr(scanned_record):
    r = scanned_record
    assert r["status"] == "ok" and r["pages"] == 8
    assert r["warnings"] == [f"page {n} read by OCR" for n in range(1, 9)]
    got = {(m["indicator"], m["value"]) for m in r["indicators"]}
    assert {("dossiers_received", 331), ("dossiers_resolved", 322), ("dossiers_resolved_early", 319),
            ("dossiers_resolved_on_time", 3), ("online_dossier_rate", 100), ("procedures_total", 166)} <= got
    received = next(m for m in r["indicators"] if m["indicator"] == "dossiers_received")
    assert received["ocr"] is True and received["page"] == 2
    assert all(m["ocr"] is True for m in r["indicators"])
    # the evidence is the document's own text at the span
    assert received["evidence"] == r["text"][received["start"]:received["end"]]
    assert "đã tiếp nhận tổng số: 331 hồ sơ" in received["evidence"]


@needs_tesseract
def test_scanned_fixture_metadata_and_references(scanned_record):
    meta = scanned_record["meta"]
    assert (meta["province"], meta["period"], meta["doc_type"]) == ("Bắc Giang", "2025-M04", "bao_cao")
    assert (meta["window_start"], meta["window_end"]) == ("2025-03-15", "2025-04-14")   # footnote on page 3
    symbols = {ref["symbol"] for ref in scanned_record["references"]}
    assert {"278/QĐ-UBND", "10/2025/QĐ-UBND", "18-NQ/TW", "1911/QĐ-TTg"} <= symbols


@needs_tesseract
def test_scanned_page_header_and_page_numbers_leave_the_text(scanned_record):
    text = scanned_record["text"]
    assert "Trang 2/8" not in text
    assert text.count("UBND TỈNH B") == 1                     # kept once, as the header block at the end
    assert text.rstrip("\n").endswith("SỞ CÔNG THƯƠNG")
    # a sentence cut by the page break (and the header between) is one paragraph again
    assert "nghiêm túc chấp hành kỷ luật, kỷ cương hành chính và đạo đức" in text


def test_never_leaves_a_scanned_pdf_an_error(capsys):
    assert pipeline.main(["extract", "--ocr", "never", str(SCANNED)]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert (rec["status"], rec["error"]) == ("error", "scanned PDF without text layer; OCR is not enabled")


# ---------------------------------------------------------------- Tesseract missing

def test_missing_tesseract_says_how_to_install_it(monkeypatch, capsys):
    monkeypatch.setenv(ocr.BINARY_ENV, "/nonexistent/tesseract")
    assert pipeline.main(["extract", str(SCANNED)]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert (rec["status"], rec["error"]) == ("error", INSTALL)


def test_tesseract_not_on_path(monkeypatch):
    monkeypatch.delenv(ocr.BINARY_ENV, raising=False)
    monkeypatch.setattr(ocr_engine, "TESSDATA_DIRS", ())     # nor tesserocr's language data
    monkeypatch.delenv("TESSDATA_PREFIX", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    ocr._library.cache_clear()
    try:
        with pytest.raises(ocr.OcrUnavailable, match=r"^scanned PDF needs OCR: Tesseract is not installed"):
            read_document(SCANNED, ocr="always")
    finally:
        ocr._library.cache_clear()                       # the next test finds the data again


@needs_tesseract
def test_tesserocr_reads_the_page_in_this_process_and_the_program_reads_it_alike(tmp_path):
    """The two engines give the same words on a page (tesserocr's Tesseract is a newer release than
    Debian's program; a word or two of a page may differ, here none)."""
    import pypdfium2 as pdfium
    lib = ocr.require()
    assert isinstance(lib, ocr.Library) and "tesserocr" in lib.key
    cmd = ocr.require(ocr.Settings(engine="command"))
    assert isinstance(cmd, ocr.Command)
    page = pdfium.PdfDocument(str(_scan(_text_pdf(tmp_path / "t.pdf", PAGE_SCAN), tmp_path / "s.pdf")))[0]
    words = [[w[4] for w in ocr.recognise(page, t)["words"]] for t in (lib, cmd)]
    assert words[0] == words[1] and "331" in words[0]


def test_tesseract_without_vietnamese_data(monkeypatch, tmp_path):
    fake = tmp_path / "tesseract"
    fake.write_text("#!/bin/sh\necho 'List of available languages in \"/usr/share/tessdata/\" (2):'\n"
                    "echo eng\necho osd\n")
    fake.chmod(0o755)
    monkeypatch.setenv(ocr.BINARY_ENV, str(fake))
    with pytest.raises(ReadError) as e:
        read_document(SCANNED)
    assert str(e.value) == ("scanned PDF needs OCR: Tesseract has no Vietnamese language data "
                            "(apt install tesseract-ocr tesseract-ocr-vie), or run with --ocr never")


def test_missing_tesseract_on_a_mixed_pdf_keeps_the_text_pages(mixed, monkeypatch):
    monkeypatch.setenv(ocr.BINARY_ENV, "/nonexistent/tesseract")
    doc = read_document(mixed)
    assert doc.warnings == ["page 2 has no text layer (scanned); OCR not available: Tesseract is not "
                            "installed (apt install tesseract-ocr tesseract-ocr-vie), or run with --ocr never"]
    assert "Quảng Ngãi, ngày 09 tháng 6 năm 2021" in doc.text and "331" not in doc.text


def test_text_pdf_needs_no_tesseract_in_auto(tmp_path, monkeypatch):
    monkeypatch.setenv(ocr.BINARY_ENV, "/nonexistent/tesseract")
    doc = read_document(_text_pdf(tmp_path / "t.pdf", PAGE_TEXT))
    assert doc.warnings == [] and not any(b.ocr for b in doc.blocks)


# ---------------------------------------------------------------- modes on small PDFs

@needs_tesseract
def test_mixed_pdf_reads_both_pages(mixed):
    doc = read_document(mixed)
    assert doc.warnings == ["page 2 read by OCR"]
    text_block = doc.block_at(doc.text.index("Quảng Ngãi, ngày 09 tháng 6 năm 2021"))
    assert (text_block.page, text_block.ocr) == (1, False)
    ocr_block = doc.block_at(doc.text.index("đã tiếp nhận tổng số: 331 hồ sơ"))
    assert (ocr_block.page, ocr_block.ocr) == (2, True)
    assert "đúng hạn đạt 99,75%" in doc.text                  # decimal comma and diacritics kept


@needs_tesseract
def test_always_reads_a_text_pdf_by_ocr(tmp_path):
    path = _text_pdf(tmp_path / "t.pdf", PAGE_SCAN)
    doc = read_document(path, ocr="always")
    assert doc.warnings == ["page 1 read by OCR"]
    assert doc.blocks and all(b.ocr for b in doc.blocks)
    assert "Sở Công Thương đã tiếp nhận tổng số: 331 hồ sơ." in doc.text
    rec = pipeline.extract_file(path, ocr="always")
    m = next(m for m in rec["indicators"] if m["indicator"] == "dossiers_received")
    assert (m["value"], m["ocr"]) == (331, True)
    plain = pipeline.extract_file(path)
    assert [m["ocr"] for m in plain["indicators"] if m["indicator"] == "dossiers_received"] == [False]


@needs_tesseract
def test_run_passes_the_ocr_mode_to_its_workers(mixed, tmp_path):
    from batch.run import run
    summary = run([mixed], db=tmp_path / "s.duckdb", workers=1, options={"keep_text": True, "ocr": "never"})
    assert summary.stored == 1
    got = pipeline.query("SELECT indicator, value, ocr FROM mentions", db=tmp_path / "s.duckdb")
    assert "dossiers_received" not in set(got["indicator"])
    summary = run([mixed], db=tmp_path / "a.duckdb", workers=1, options={"keep_text": True, "ocr": "auto"})
    got = pipeline.query("SELECT indicator, value, ocr FROM mentions WHERE indicator = 'dossiers_received'",
                         db=tmp_path / "a.duckdb")
    assert got.values.tolist() == [["dossiers_received", 331, True]]


def test_bad_mode_is_refused():
    with pytest.raises(ValueError, match="auto, always or never"):
        read_document(SCANNED, ocr="sometimes")


# ---------------------------------------------------------------- OCR text → lines

@pytest.mark.parametrize("seen,fixed", [
    ("1O0%", "100%"), ("2O21", "2021"), ("l5 hồ sơ", "15 hồ sơ"), ("ngày 1O/3/2O25", "ngày 10/3/2025"),
    ("9.4O3", "9.403"), ("Io lo", "Io lo"), ("VnelD", "VnelD"), ("QĐ-UBND", "QĐ-UBND"), ("O", "O"),
    ("99,75%", "99,75%"),
])
def test_letters_read_for_digits_inside_numbers(seen, fixed):
    assert ocr.fix_digits(seen) == fixed


TSV = "\n".join([
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
    "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t",
    "5\t1\t1\t1\t1\t1\t300\t400\t120\t40\t96\tTổng",
    "5\t1\t1\t1\t1\t2\t440\t398\t60\t52\t95\tsố:",           # a descender reaches lower
    "5\t1\t1\t1\t1\t3\t520\t401\t90\t39\t91\t1O0",
    "5\t1\t1\t1\t2\t1\t1200\t900\t8\t30\t20\t|",               # a speck
    "5\t1\t2\t1\t1\t1\t300\t500\t200\t40\t93\tđạt",
])


def test_tsv_words_become_lines_with_boxes_in_points():
    lines = ocr.tsv_lines(TSV, 300 / 72)
    assert [ln.text for ln in lines] == ["Tổng số: 100", "đạt"]
    first = lines[0]
    assert (round(first.x0, 1), round(first.x1, 1)) == (72.0, 146.4)
    assert (round(first.top, 1), round(first.bottom, 1)) == (95.5, 108.0)
    assert round(first.base, 1) == 105.6             # the highest word bottom: 440 px


# ---------------------------------------------------------------- ruled tables in scans

TABLE = [["STT", "Lĩnh vực", "Số hồ sơ tiếp nhận", "Tỷ lệ đúng hạn"],
         ["1", "Công Thương", "9.423", "98,6%"],
         ["2", "Điện lực", "130", "100%"]]


@pytest.fixture(scope="module")
def scanned_table(tmp_path_factory) -> Path:
    """A paragraph and a ruled table (a merged header cell over two columns), scanned."""
    sys.path.insert(0, str(FIX))
    from build_fixtures import _fonts  # noqa: E402
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table
    _fonts()
    d = tmp_path_factory.mktemp("table")
    style = ParagraphStyle("p", fontName="DejaVu", fontSize=12, leading=16)
    rows = [["Kết quả", "", "", ""]] + TABLE
    doc = SimpleDocTemplate(str(d / "t.pdf"), pagesize=A4)
    doc.build([Paragraph("Kết quả giải quyết hồ sơ trong kỳ như sau:", style), Spacer(1, 12),
               Table(rows, colWidths=[50, 150, 150, 120], style=[
                   ("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTNAME", (0, 0), (-1, -1), "DejaVu"),
                   ("FONTSIZE", (0, 0), (-1, -1), 11), ("SPAN", (0, 0), (-1, 0))])])
    return _scan(d / "t.pdf", d / "scan.pdf")


def _image_pdf(path: Path, mode: str, dpi: int) -> Path:
    from PIL import Image
    Image.new(mode, (int(8.27 * dpi), int(11.69 * dpi)), 255).save(path, resolution=dpi)   # an A4 page
    return path


def test_render_resolution_by_the_scans_own_dpi_and_bits(tmp_path):
    import pypdfium2 as pdfium
    page = lambda p: pdfium.PdfDocument(str(p))[0]   # noqa: E731
    s = ocr.Settings(dpi=120, table_dpi=200, native=True, bilevel_dpi=150)
    bw200 = page(SCANNED)                                     # the fixture: 1-bit, 200 dpi
    assert round(ocr.native_dpi(bw200)) == 200
    assert ocr.render_dpi(bw200, s) == 150 and ocr.render_dpi(bw200, s, 300) == 200   # never past its pixels
    grey = page(_image_pdf(tmp_path / "grey.pdf", "L", 200))
    assert ocr.render_dpi(grey, s) == 120                     # grey keeps its strokes at 120
    low = page(_image_pdf(tmp_path / "low.pdf", "1", 100))
    assert ocr.render_dpi(low, s) == 100                      # a 100 dpi scan is not enlarged
    assert ocr.render_dpi(bw200, ocr.Settings(dpi=300)) == 300   # without `native`, as asked
    assert "bilevel_dpi=150" in s.key() and "bilevel" not in ocr.BEFORE.key()   # a cached page is re-read


@needs_tesseract
def test_ruled_table_in_a_scan_comes_back_as_cells(scanned_table):
    doc = read_document(scanned_table)
    assert doc.warnings == ["page 1 read by OCR"]
    [table] = doc.tables()
    assert table.ocr and table.page == 1
    # the merged header row keeps its text in its first column, as pdfplumber gives it
    assert table.rows == [["Kết quả", "", "", ""]] + TABLE
    para = doc.block_at(doc.text.index("Kết quả giải quyết"))
    assert para.kind == "paragraph" and para.end < table.start
    assert "|" not in doc.text
