"""PDF reader on the fixture PDFs built by fixtures/build_fixtures.py (reportlab, DejaVu Sans)."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.readers import ReadError, read_document
from extract.readers import pdf as pdf_reader
from extract.readers.lines import Line, is_heading, is_page_number, join_lines

FIX = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def bacgiang():
    return read_document(FIX / "bacgiang_sct_2025-M04.pdf")


@pytest.fixture(scope="module")
def dongnai():
    return read_document(FIX / "dongnai_sct_2021-H1.pdf")


def body_text(doc) -> str:
    return "\n".join(doc.text[b.start:b.end] for b in doc.blocks if b.kind not in ("header", "footer"))


def test_sentence_broken_over_lines_is_one_paragraph(bacgiang):
    needle = "Sở Công Thương đã tiếp nhận tổng số: 331 hồ sơ"
    start = bacgiang.text.index(needle)
    block = bacgiang.block_at(start)
    assert block.kind == "paragraph" and block.page == 2
    para = bacgiang.text[block.start:block.end]
    # the whole list item, seven PDF lines, is one block ending in its last sentence
    assert para.startswith("+ Tổng hợp kết quả giải quyết hồ sơ TTHC tại cơ quan: Tháng 4/2025¹")
    assert "hồ sơ giải quyết trước hạn là: 319; đúng hạn là 3 hồ sơ" in para
    assert para.endswith("Hồ sơ gửi liên thông Văn phòng UBND tỉnh là 0 hồ sơ.")


def test_pages_are_numbered_from_one(bacgiang):
    assert bacgiang.pages == 8
    pages = [b.page for b in bacgiang.blocks if b.kind not in ("header", "footer")]
    assert pages[0] == 1 and pages[-1] == 8 and pages == sorted(pages)
    assert bacgiang.page_at(bacgiang.text.index("Dương Ngọc Chiên")) == 8


def test_headers_and_page_numbers_leave_the_body(bacgiang):
    body = body_text(bacgiang)
    assert "UBND TỈNH BẮC GIANG – SỞ CÔNG THƯƠNG" not in body
    assert "Trang 3/8" not in bacgiang.text and "Trang 1/8" not in bacgiang.text
    headers = [(b.page, bacgiang.text[b.start:b.end]) for b in bacgiang.blocks if b.kind == "header"]
    assert headers == [(1, "UBND TỈNH BẮC GIANG – SỞ CÔNG THƯƠNG")]
    assert not [b for b in bacgiang.blocks if b.kind == "footer"]      # page numbers only


@pytest.mark.parametrize("name, marks", [("dongnai_sct_2023-Q3", ["Trang 5", "Trang 12"]),
                                          ("dongnai_sct_2022-plan", ["- 3 -", "- 7 -"])])
def test_page_number_styles_removed(name, marks):
    doc = read_document(FIX / f"{name}.pdf")
    lines = doc.text.split("\n")
    for m in marks:
        assert m not in lines


def test_hyphen_at_line_end_kept():
    # PDFium hands "QĐ-" + line break + "UBND" back as one line with U+FFFE for the hyphen
    doc = read_document(FIX / "dongnai_sct_2022-plan.pdf")
    assert "Quyết định số 42/2021/QĐ-UBND ngày 23/9/2021" in doc.text
    assert "\ufffe" not in doc.text


def test_tables_have_the_cells_of_the_txt(dongnai):
    txt = read_document(FIX / "dongnai_sct_2021-H1.txt")
    assert [t.rows for t in dongnai.tables()] == [t.rows for t in txt.tables()]
    table = next(t for t in dongnai.tables() if any("9.423" in c for r in t.rows for c in r))
    assert table.page == 7
    assert table.rows[0][3:] == ["Dịch vụ công mức độ 3 và mức độ 4", "", "Hồ sơ nộp trực tiếp", ""]
    assert table.rows[2] == ["1", "Công Thương", "9.423", "9.293", "98,6%", "130", "1,4 %"]


def test_table_text_is_not_duplicated_and_sits_in_reading_order(dongnai):
    assert dongnai.text.count("Tên đơn vị, bộ phận trực thuộc được thanh tra, kiểm tra") == 1
    assert dongnai.text.count("9.293") == 2              # the two rows of the table, nothing else
    blocks = dongnai.blocks
    i = next(k for k, b in enumerate(blocks) if b.kind == "table" and "9.423" in dongnai.text[b.start:b.end])
    assert dongnai.text[blocks[i - 1].start:blocks[i - 1].end] == (
        "a) Kết quả triển khai dịch vụ công trực tuyến mức độ 3, 4 theo lộ trình trong kế hoạch CCHC và các "
        "chỉ đạo của tỉnh (số liệu tính từ 15/12/2020 đến ngày 14/6/2021)")
    assert dongnai.text[blocks[i + 1].start:blocks[i + 1].end].startswith("b) ")


def test_word_processor_table_keeps_its_letters_and_numbers_whole():
    """tests/data/libreoffice_table.pdf: a Word table (python-docx, style Table Grid) saved as PDF by
    LibreOffice (`soffice --headless --convert-to pdf`), the way most archived reports were made. Its
    stacked Vietnamese marks sit higher than the letters they belong to, and cutting the cells'
    characters into lines by height gave 'Tổ ố ng s' for 'Tổng số'; the cells now keep PDFium's order."""
    doc = read_document(Path(__file__).resolve().parent / "data" / "libreoffice_table.pdf")
    assert [t.rows for t in doc.tables()] == [[
        ["STT", "Tên thủ tục hành chính, dịch vụ công", "Tổng số hồ sơ đã tiếp nhận", "Tỷ lệ đúng hạn"],
        ["1", "Cấp Giấy chứng nhận sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh", "12.144", "99,75%"],
        ["2", "Đăng ký tổ chức hội chợ, triển lãm thương mại tại Việt Nam", "0", "100%"],
        ["", "Tổng số", "12.144", "99,75%"]]]
    assert doc.text.count("12.144") == 3                 # two cells and the paragraph: the table read once


def test_a_table_row_cut_by_the_page_break_is_joined_back():
    """tests/data/libreoffice_dongnai_sct_2023-Q3.pdf: fixtures/dongnai_sct_2023-Q3.docx saved as PDF by
    LibreOffice. The header row of the dossier table starts at the foot of page 11 (`STT`, `Tên thủ
    tục`, `Tổng số hồ`, two merged cells) and runs on at the top of page 12, where the merged cells split
    into their columns. The two pieces make one row again, as the DOCX has it; the piece on page 11 is
    not left behind as loose text."""
    pdf = read_document(Path(__file__).resolve().parent / "data" / "libreoffice_dongnai_sct_2023-Q3.pdf")
    docx = read_document(FIX / "dongnai_sct_2023-Q3.docx")

    def dossier_table(doc):
        return next(t for t in doc.tables() if any("9.436" in c for r in t.rows for c in r))
    assert dossier_table(pdf).rows == dossier_table(docx).rows
    assert dossier_table(pdf).rows[0][:3] == ["STT", "Tên thủ tục hành chính, dịch vụ công", "Tổng số hồ sơ đã tiếp nhận"]
    assert "Tên thủ\n" not in pdf.text and pdf.text.count("Tổng số hồ sơ đã tiếp nhận") == 1


def test_a_row_cut_inside_a_table_that_runs_on_is_one_row_again():
    """The same PDF, the signatures table: its first row is cut after `Số lượng cán bộ, công chức lãnh
    đạo,` and the next page goes on with `quản lý sử dụng chữ ký số ...` in an unnumbered row; that row
    carries on the one before. A row of its own (a number, a capital, a figure) is never glued on."""
    pdf = read_document(Path(__file__).resolve().parent / "data" / "libreoffice_dongnai_sct_2023-Q3.pdf")
    docx = read_document(FIX / "dongnai_sct_2023-Q3.docx")

    def signatures(doc):
        return next(t for t in doc.tables() if any("chữ ký số" in c for r in t.rows for c in r)).rows
    assert signatures(pdf) == signatures(docx)
    assert signatures(pdf)[2][:2] == ["1", "Số lượng cán bộ, công chức lãnh đạo, quản lý sử dụng chữ ký số, "
                                           "chứng thư số, sim PKI ký số"]
    assert pdf_reader._carries_on(["1", "Số lượng cán bộ,", "52"], ["", "quản lý sử dụng", ""])
    assert not pdf_reader._carries_on(["1", "Sở Tư pháp", "52"], ["2", "sở khác", ""])
    assert not pdf_reader._carries_on(["1", "Sở Tư pháp", "52"], ["", "trong đó: cấp huyện", "12"])
    assert not pdf_reader._carries_on(["1", "Sở Tư pháp", "52"], ["", "Phòng Hành chính", ""])


@pytest.mark.parametrize("nested", [False, True])
def test_grid_is_found_from_the_lines_inside_a_form_xobject(tmp_path, nested):
    """A table whose ruling lines are drawn inside a form XObject (a template reused on the page), or
    inside a form drawn by another form: the grid's coordinates are the form's own moved by the
    matrices around it, each applied once."""
    from reportlab.pdfgen import canvas
    path = tmp_path / "form_grid.pdf"
    c = canvas.Canvas(str(path), pagesize=(400, 400))
    c.beginForm("grid")
    for x in (0, 100, 200):
        c.line(x, 0, x, 60)
    for y in (0, 30, 60):
        c.line(0, y, 200, y)
    c.endForm()
    if nested:
        c.beginForm("outer")
        c.saveState()
        c.translate(30, 200)
        c.doForm("grid")
        c.restoreState()
        c.endForm()
    c.saveState()
    if nested:
        c.translate(20, 50)           # 20 + 30 pt right, 50 + 200 pt up: where the flat case puts it
        c.doForm("outer")
    else:
        c.translate(50, 250)          # the form drawn 50 pt right, 250 pt up
        c.doForm("grid")
    c.restoreState()
    c.setFont("Helvetica", 10)
    for (x, y), s in {(55, 290): "Don vi", (155, 290): "So ho so", (55, 260): "Phong A", (155, 260): "9.423"}.items():
        c.drawString(x, y, s)
    c.drawString(50, 100, "Ghi chu duoi bang.")
    c.save()
    doc = read_document(path)
    assert [t.rows for t in doc.tables()] == [[["Don vi", "So ho so"], ["Phong A", "9.423"]]]
    assert doc.text.count("9.423") == 1


def test_table_cut_by_a_page_break_is_joined(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table, Spacer
    # Helvetica (no font file needed) has no Vietnamese letters: ASCII cells
    rows = [["STT", "Don vi", "So ho so"]] + [[str(i), f"Phong {i}", str(100 + i)] for i in range(1, 91)]
    path = tmp_path / "long_table.pdf"
    doc = SimpleDocTemplate(str(path), pagesize=A4)
    doc.build([Spacer(1, 300), Table(rows, style=[("GRID", (0, 0), (-1, -1), 0.5, "black")], repeatRows=1)])
    got = read_document(path)
    assert got.pages == 3
    assert len(got.tables()) == 1 and got.tables()[0].page == 1
    assert got.tables()[0].rows == rows                  # the repeated header row dropped


def test_scanned_pdf_without_ocr_is_an_error():
    with pytest.raises(ReadError, match="^scanned PDF without text layer; OCR is not enabled$"):
        read_document(FIX / "scanned_bacgiang_sct_2025-M04.pdf", ocr="never")


def _mixed_pdf(tmp_path) -> Path:
    """Page 1 of the text PDF followed by page 2 of the scanned one."""
    import pypdfium2 as pdfium
    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(str(FIX / "quangngai_sct_2021-H1.pdf")), [0])
    out.import_pages(pdfium.PdfDocument(str(FIX / "scanned_bacgiang_sct_2025-M04.pdf")), [1])
    path = tmp_path / "mixed.pdf"
    out.save(str(path))
    return path


def test_page_without_text_layer_is_reported(tmp_path):
    doc = read_document(_mixed_pdf(tmp_path), ocr="never")
    assert doc.warnings == ["page 2 has no text layer (scanned); OCR is off (--ocr never)"]
    assert doc.pages == 2
    assert "Quảng Ngãi, ngày 09 tháng 6 năm 2021" in doc.text


def test_ocr_hook_fills_pages_without_text(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "ocr_page", lambda page: "Sở Công Thương đã tiếp nhận\ntổng số: 331 hồ sơ.")
    doc = read_document(_mixed_pdf(tmp_path))
    assert doc.warnings == ["page 2 read by OCR"]
    b = doc.block_at(doc.text.index("331 hồ sơ"))
    assert b.ocr and b.page == 2
    assert doc.text[b.start:b.end] == "Sở Công Thương đã tiếp nhận tổng số: 331 hồ sơ."
    assert not doc.block_at(doc.text.index("Quảng Ngãi")).ocr


def test_password_protected_pdf(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas
    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt=StandardEncryption("mật-khẩu", canPrint=0))
    c.drawString(100, 700, "Bao cao")
    c.save()
    with pytest.raises(ReadError, match="^password-protected PDF: "):
        read_document(path)


def test_truncated_pdf(tmp_path):
    data = (FIX / "dongnai_sct_2021-H1.pdf").read_bytes()
    path = tmp_path / "half.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError, match="^corrupt or truncated PDF: "):
        read_document(path)


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with pytest.raises(ReadError, match="^corrupt or truncated PDF: "):
        read_document(path)


# ---------------------------------------------------------------- line joining (lines.py)

def _lines(*texts, x1=500.0, step=14.0):
    out = []
    for k, t in enumerate(texts):
        if isinstance(t, tuple):
            t, right = t
        else:
            right = x1
        out.append(Line(t, 60.0, right, 100 + k * step, 110 + k * step, base=110 + k * step, page=1))
    return out


def test_join_lines_rules():
    blocks = join_lines(_lines(
        ("II. KẾT QUẢ THỰC HIỆN", 250),
        "- Tổng số hồ sơ tiếp nhận trong kỳ là 9.423 hồ sơ, trong đó trực tuyến",
        "là 9.293 hồ sơ; giải quyết đúng hạn",
        ("99,75%.", 120),
        "a) Công tác tuyên truyền được quan tâm; kết quả rà soát đơn giản hóa thủ",
        "tục hành chính theo Quyết định số 545/QĐ-UBND; Quyết định số 278/QĐ-",
        ("UBND.", 100),
        ("+ Thứ hai", 120),
        ("Trân trọng báo cáo./.", 200),
        ("GIÁM ĐỐC", 200),
    ))
    assert blocks == [
        ("heading", "II. KẾT QUẢ THỰC HIỆN", 1),
        ("paragraph", "- Tổng số hồ sơ tiếp nhận trong kỳ là 9.423 hồ sơ, trong đó trực tuyến là 9.293 hồ sơ; "
                      "giải quyết đúng hạn 99,75%.", 1),
        ("paragraph", "a) Công tác tuyên truyền được quan tâm; kết quả rà soát đơn giản hóa thủ tục hành chính "
                      "theo Quyết định số 545/QĐ-UBND; Quyết định số 278/QĐ-UBND.", 1),
        ("paragraph", "+ Thứ hai", 1),
        ("paragraph", "Trân trọng báo cáo./.", 1),
        ("heading", "GIÁM ĐỐC", 1),
    ]


def test_join_lines_short_line_and_gap_end_a_paragraph():
    ls = _lines("Sở Công Thương tiếp tục triển khai Kế hoạch cải cách hành chính năm",
                ("2025 của UBND tỉnh", 200), "Kết quả đạt được", "Căn cứ")
    ls[3].base += 10                               # a wider gap above the last line
    assert [t for _, t, _ in join_lines(ls)] == [
        "Sở Công Thương tiếp tục triển khai Kế hoạch cải cách hành chính năm 2025 của UBND tỉnh",
        "Kết quả đạt được", "Căn cứ"]


def test_join_lines_across_pages_and_without_geometry():
    a = Line("Sở đã tiếp nhận 331 hồ sơ, trong đó giải quyết trước hạn", 60, 500, 700, 710, base=710, page=1)
    b = Line("319 hồ sơ.", 60, 120, 60, 70, base=70, page=2)
    assert join_lines([a, b]) == [("paragraph", "Sở đã tiếp nhận 331 hồ sơ, trong đó giải quyết trước hạn 319 hồ sơ.", 1)]
    ocr = [Line(t, 0, 0, 0, 0) for t in ("Tỷ lệ hồ sơ đúng hạn", "đạt 100%.", "Sở tiếp tục")]
    assert [t for _, t, _ in join_lines(ocr)] == ["Tỷ lệ hồ sơ đúng hạn đạt 100%.", "Sở tiếp tục"]


def test_page_numbers_and_headings():
    for s in ("2", "- 12 -", "Trang 2", "Trang 2/7", "trang 3 / 10", "Page 4 of 9"):
        assert is_page_number(s), s
    for s in ("2021", "Trang 2 của báo cáo", "12.345"):
        assert not is_page_number(s), s
    assert is_heading("BÁO CÁO") and is_heading("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ") and is_heading("II. Kết quả")
    assert not is_heading("CCHC") and not is_heading("Tổng số hồ sơ: 331")


def test_a_page_whose_ocr_fails_is_a_warning_and_the_other_pages_are_read(tmp_path, monkeypatch):
    """Tesseract failing on one scanned page (a crash, a broken image) loses that page, not the file."""
    def broken(page):
        raise RuntimeError("tesseract exited with code -11\nsegfault")
    monkeypatch.setattr(pdf_reader, "ocr_page", broken)
    doc = read_document(_mixed_pdf(tmp_path))
    assert doc.warnings == ["page 2: OCR failed (RuntimeError: tesseract exited with code -11)"]
    assert "Quảng Ngãi" in doc.text and doc.pages == 2


def test_ocr_failing_on_every_page_is_a_clear_error(monkeypatch):
    def broken(page):
        raise RuntimeError("tesseract exited with code -11")
    monkeypatch.setattr(pdf_reader, "ocr_page", broken)
    with pytest.raises(ReadError, match=r"scanned PDF: OCR failed on every page \(RuntimeError: tesseract exited"):
        read_document(FIX / "scanned_bacgiang_sct_2025-M04.pdf")


def test_footnotes_at_the_foot_of_a_page_leave_the_sentence_they_cut():
    """tests/data/libreoffice_bacgiang_sct_2025-M04.pdf: fixtures/bacgiang_sct_2025-M04.docx saved as PDF
    by LibreOffice, its footnotes under a short rule at the foot of their pages. The sentence `... Đề án
    số 58/ĐA-SCT ngày` runs on to the next page (`10/01/2025 ...`); the footnote between them used to cut
    it, and the reference lost its date. Footnotes are footnote blocks, each whole, on its page."""
    pdf = read_document(Path(__file__).resolve().parent / "data" / "libreoffice_bacgiang_sct_2025-M04.pdf")
    assert "Đề án số 58/ĐA-SCT ngày 10/01/2025 về tiếp nhận" in pdf.text
    notes = [(b.page, pdf.text[b.start:b.end]) for b in pdf.blocks if b.kind == "footnote"]
    assert notes[0] == (4, "1 Số liệu được lấy từ ngày 15/3/2025 đến hết ngày 14/4/2025.")
    assert len(notes) == 3 and all(t[:2] in ("1 ", "2 ", "3 ") for _, t in notes)
    from extract.document.references import find_references
    assert ("58/ĐA-SCT", "2025-01-10") in {(r.symbol, r.date) for r in find_references(pdf)}


def test_prose_crossed_by_a_frame_keeps_every_word(tmp_path):
    """A signed PDF draws a frame (a stamp box, a text box's border) across the lines of a footnote: the
    table finder makes a grid of it whose cells hold one line each and miss the words outside them. A grid
    in which no row has two filled cells is prose, and its lines stay in the flow."""
    from reportlab.pdfgen import canvas
    path = tmp_path / "framed.pdf"
    c = canvas.Canvas(str(path), pagesize=(400, 400))
    c.setFont("Helvetica", 10)
    lines = ["Quyet dinh so 15/QD-UBND ve kiem soat thu tuc; Ke hoach so 129/KH-UBND",
             "ngay 28/02/2025 ve trien khai cac nhiem vu de an nam 2025 tren dia ban tinh,",
             "va cac van ban khac."]
    for k, s in enumerate(lines):
        c.drawString(20, 300 - 14 * k, s)
    for y in (311, 297, 283, 269):        # a frame whose rules cut the prose into rows and two columns,
        c.line(200, y, 395, y)            # the right one past the lines' ends
    for x in (200, 370, 395):
        c.line(x, 269, x, 311)
    c.save()
    doc = read_document(path)
    assert not doc.tables()
    assert "129/KH-UBND" in doc.text and "ngay 28/02/2025" in doc.text
