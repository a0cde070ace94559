"""DOCX reader: the fixture DOCX files and small documents built here with python-docx."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from extract.readers import ReadError, read_document
from extract.readers import docx as docx_reader

FIX = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def bacgiang():
    return read_document(FIX / "bacgiang_sct_2025-M04.docx")


def kinds(doc, kind):
    return [doc.text[b.start:b.end] for b in doc.blocks if b.kind == kind]


def test_fixture_text_headings_header_and_footnotes(bacgiang):
    assert bacgiang.format == "docx" and bacgiang.pages == 1
    assert "Sở Công Thương đã tiếp nhận tổng số: 331 hồ sơ" in bacgiang.text
    assert kinds(bacgiang, "heading")[:3] == ["BÁO CÁO", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC",
                                              "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CCHC"]
    assert kinds(bacgiang, "header") == ["UBND TỈNH BẮC GIANG – SỞ CÔNG THƯƠNG"]
    assert kinds(bacgiang, "footer") == []                 # "Trang {PAGE}" is only a page number
    notes = kinds(bacgiang, "footnote")
    assert notes[0] == "Số liệu được lấy từ ngày 15/3/2025 đến hết ngày 14/4/2025."
    assert len(notes) == 3
    # header and notes come after the body: the body keeps its order and offsets
    assert bacgiang.blocks[-4].kind == "header"


def test_merged_cells_keep_the_grid_without_repeating_text():
    doc = read_document(FIX / "dongnai_sct_2021-H1.docx")
    txt = read_document(FIX / "dongnai_sct_2021-H1.txt")
    assert [t.rows for t in doc.tables()] == [t.rows for t in txt.tables()]
    t = doc.tables()[2]
    assert t.rows[0] == ["STT", "Tên thủ tục hành chính, dịch vụ công", "Tổng số hồ sơ đã tiếp nhận",
                         "Dịch vụ công mức độ 3 và mức độ 4", "", "Hồ sơ nộp trực tiếp", ""]
    assert t.rows[1][:3] == ["", "", ""]                   # merged down from the row above
    assert doc.text.count("Dịch vụ công mức độ 3 và mức độ 4") == 1


def _built(tmp_path, build) -> Path:
    from docx import Document
    d = Document()
    build(d)
    path = tmp_path / "t.docx"
    d.save(path)
    return path


def test_body_order_nested_tables_sections_and_styles(tmp_path):
    def build(d):
        d.add_heading("I. KẾT QUẢ", level=1)
        d.add_paragraph("Trước bảng.")
        t = d.add_table(rows=2, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = "Chỉ tiêu", "Kết quả"
        t.cell(1, 0).text = "Hồ sơ"
        inner = t.cell(1, 1).add_table(rows=1, cols=2)
        inner.cell(0, 0).text, inner.cell(0, 1).text = "Đúng hạn", "99,75%"
        t.cell(1, 1).paragraphs[0].text = "9.423"
        d.add_paragraph("Sau bảng.")
        d.sections[0].header.paragraphs[0].text = "SỞ CÔNG THƯƠNG"
        d.sections[0].footer.paragraphs[0].text = "Báo cáo CCHC"
        d.add_section()                                   # linked to the previous header: read once
        d.add_paragraph("Mục mới.", style="Title")
    doc = read_document(_built(tmp_path, build))
    assert [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks] == [
        ("heading", "I. KẾT QUẢ"),
        ("paragraph", "Trước bảng."),
        ("table", "Chỉ tiêu\tKết quả\nHồ sơ\t9.423"),
        ("table", "Đúng hạn\t99,75%"),
        ("paragraph", "Sau bảng."),
        ("heading", "Mục mới."),
        ("header", "SỞ CÔNG THƯƠNG"),
        ("footer", "Báo cáo CCHC"),
    ]


def test_same_header_in_two_sections_once(tmp_path):
    def build(d):
        d.add_paragraph("Một.")
        d.sections[0].header.paragraphs[0].text = "UBND TỈNH ĐỒNG NAI"
        s = d.add_section()
        s.header.is_linked_to_previous = False
        s.header.paragraphs[0].text = "UBND TỈNH ĐỒNG NAI"
        d.add_paragraph("Hai.")
    doc = read_document(_built(tmp_path, build))
    assert kinds(doc, "header") == ["UBND TỈNH ĐỒNG NAI"]


def test_nfd_and_old_tone_marks_normalized(tmp_path):
    import unicodedata
    def build(d):
        d.add_paragraph(unicodedata.normalize("NFD", "Tỷ lệ hồ sơ đúng hạn đạt 99,75%") + " tại Thanh Hoá")
    doc = read_document(_built(tmp_path, build))
    assert doc.text == "Tỷ lệ hồ sơ đúng hạn đạt 99,75% tại Thanh Hóa\n"


def test_not_a_zip(tmp_path):
    data = (FIX / "quangngai_sct_2021-H1.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError, match=r"^corrupt DOCX \(not a valid zip\)"):
        read_document(path)


def test_zip_without_document_part(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/other.xml", "<x/>")
    path = tmp_path / "empty.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(ReadError, match="^corrupt DOCX: no word/document.xml"):
        read_document(path)


def test_zip_bomb_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_UNPACKED", 1000)
    with pytest.raises(ReadError, match=r"^DOCX unpacks to \d+ MB: refused \(zip bomb\?\)$"):
        read_document(FIX / "quangngai_sct_2021-H1.docx")
