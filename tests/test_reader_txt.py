import codecs
import time
import unicodedata
from pathlib import Path

import pytest

from extract.readers import read_document
from extract.readers.txt import decode, read_txt

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLE = "BÁO CÁO\nSở Công Thương đã tiếp nhận 9.423 hồ sơ, đạt 99,75%.\n"


def read(data: bytes):
    return read_txt("t.txt", data, "0" * 64)


def lines(doc):
    return doc.text.splitlines()


# ---------------------------------------------------------------- encodings

@pytest.mark.parametrize("data,enc", [
    (SAMPLE.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
    (SAMPLE.encode("utf-16"), "utf-16"),                    # with BOM
    (SAMPLE.encode("utf-16-be"), "utf-16-be"),              # BOM-less, NULs first
    (SAMPLE.encode("utf-16-le"), "utf-16-le"),
])
def test_unicode_encodings(data, enc):
    text, got = decode(data)
    assert got == enc
    doc = read(data)
    assert lines(doc) == ["BÁO CÁO", "Sở Công Thương đã tiếp nhận 9.423 hồ sơ, đạt 99,75%."]
    assert doc.warnings == []


def _cp1258(text: str) -> bytes:
    """As Windows-1258 writes Vietnamese: precomposed where the code page has the letter, else the
    letter without its tone followed by a combining tone mark."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            nfd = unicodedata.normalize("NFD", ch)
            tone = next(c for c in nfd if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", nfd.replace(tone, ""))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return out


def test_windows_1258_with_combining_tone_marks_becomes_nfc():
    data = _cp1258(SAMPLE)
    # cp1258 has no precomposed "ở"/"ậ": they are base letter + combining mark bytes
    assert b"\xf5\xd2" in data            # ơ + combining hook above
    doc = read(data)
    assert lines(doc)[1] == "Sở Công Thương đã tiếp nhận 9.423 hồ sơ, đạt 99,75%."
    assert unicodedata.is_normalized("NFC", doc.text)
    assert doc.warnings == ["text decoded as cp1258"]


def test_cp1252_fallback_for_western_text():
    doc = read("Café report: 9,423 items — naïve façade\n".encode("cp1252"))
    assert lines(doc) == ["Café report: 9,423 items — naïve façade"]
    assert doc.warnings == ["text decoded as cp1252"]


def test_utf8_with_one_broken_byte_stays_utf8():
    data = ("Sở Công Thương tiếp nhận hồ sơ đúng hạn, đạt tỷ lệ cao. " * 5).encode("utf-8") + b"\xff end"
    text, enc = decode(data)
    assert enc == "utf-8" and text.startswith("Sở Công Thương")


def test_legacy_tcvn3_fixture():
    doc = read_document(FIXTURES / "legacy_tcvn3.txt")
    assert doc.warnings == ["legacy TCVN3 font encoding converted to Unicode"]
    assert lines(doc)[:5] == ["Số: /BC-SCT", "Bắc Giang, ngày", "tháng 4 năm 2025", "BÁO CÁO",
                              "Công tác cải cách hành chính tháng 4/2025"]
    assert "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC" in lines(doc)
    assert "Sở Công Thương xây dựng Kế hoạch số 04/KH-SCT ngày 20/01/2025" in doc.text
    # the same report read from the Unicode original gives the same text
    orig = read_document(FIXTURES / "bacgiang_sct_2025-M04.txt")
    assert orig.text.startswith(doc.text)


def test_legacy_vni_fixture():
    doc = read_document(FIXTURES / "legacy_vni.txt")
    assert doc.warnings == ["legacy VNI font encoding converted to Unicode"]
    assert lines(doc)[3:5] == ["BÁO CÁO", "Công tác cải cách hành chính tháng 4/2025"]
    orig = read_document(FIXTURES / "bacgiang_sct_2025-M04.txt")
    assert orig.text.startswith(doc.text)


# ---------------------------------------------------------------- markdown, headings, paragraphs

def test_markdown_markers_and_tags_are_stripped():
    doc = read("## **2. Cải cách thủ tục hành chính**\n"
               "#### ***Nơi nhận:***\n"
               "Tiếp nhận <b>9.423</b> hồ sơ<br>đạt __99,75%__ và *đúng hạn* 1\\. \n"
               "[^1]: Số liệu tính đến ngày 14/6/2021.\n".encode("utf-8"))
    assert lines(doc) == ["2. Cải cách thủ tục hành chính", "Nơi nhận:",
                          "Tiếp nhận 9.423 hồ sơ đạt 99,75% và đúng hạn 1.",
                          "Số liệu tính đến ngày 14/6/2021."]
    assert [b.kind for b in doc.blocks] == ["heading", "heading", "paragraph", "footnote"]


def test_caps_and_roman_lines_are_headings_and_each_line_a_paragraph():
    doc = read("BÁO CÁO\nI. CÔNG TÁC CHỈ ĐẠO\n\nSở đã ban hành Kế hoạch.\n- Tiếp nhận 331 hồ sơ.\nTTHC\n"
               .encode("utf-8"))
    assert [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks] == [
        ("heading", "BÁO CÁO"), ("heading", "I. CÔNG TÁC CHỈ ĐẠO"),
        ("paragraph", "Sở đã ban hành Kế hoạch."), ("paragraph", "- Tiếp nhận 331 hồ sơ."),
        ("paragraph", "TTHC")]


def test_form_feed_is_a_page_break_and_old_tone_marks_are_normalised():
    doc = read("Trang một: hoà giải\fTrang hai: thuỷ lợi\n".encode("utf-8"))
    assert [(b.page, doc.text[b.start:b.end]) for b in doc.blocks] == [
        (1, "Trang một: hòa giải"), (2, "Trang hai: thủy lợi")]
    assert doc.pages == 2


# ---------------------------------------------------------------- tables

def test_tab_rows_with_blank_line_and_separator_are_one_table():
    doc = read("Bảng:\n"
               "STT\tTên\tTổng số\n"
               "1\t<b>Công Thương</b>\t9.423\n"
               "\n"
               "--\t--\t--\n"
               "\tTổng số\t9.423\n"
               "Hết.\n".encode("utf-8"))
    tables = doc.tables()
    assert len(tables) == 1
    assert tables[0].rows == [["STT", "Tên", "Tổng số"], ["1", "Công Thương", "9.423"], ["", "Tổng số", "9.423"]]
    assert doc.text[tables[0].start:tables[0].end] == "STT\tTên\tTổng số\n1\tCông Thương\t9.423\n\tTổng số\t9.423"
    assert lines(doc)[-1] == "Hết."


def test_pipe_table():
    doc = read("| STT | Chỉ tiêu | Tỷ lệ |\n|---|:---|---:|\n| 1 | Đúng hạn | 99,75% |\n".encode("utf-8"))
    assert doc.tables()[0].rows == [["STT", "Chỉ tiêu", "Tỷ lệ"], ["1", "Đúng hạn", "99,75%"]]


ONE_CELL = (
    "a) Kết quả giải quyết hồ sơ\n"
    "\t\n"
    "\n"
    "STT\n"
    "\tTên thủ tục hành chính\n"
    "\t\n"
    "Tổng số hồ sơ đã tiếp nhận\n"
    "\tHồ sơ trực tuyến\n"
    "\tHồ sơ nộp\n"
    " trực \n"
    "tiếp\n"
    "\n"
    "\t\n"
    "\t\n"
    "\t\n"
    "\tSố hồ sơ\n"
    "\tTỷ lệ\n"
    "(%)\n"
    "\tTổng số\n"
    "hồ sơ\n"
    "\tTỷ lệ\n"
    "(%)\n"
    "\n"
    "\t1\n"
    "\tCông Thương\n"
    "\t9.436\n"
    "\t9.436\n"
    "\t100 %\n"
    "\t0\n"
    "\t0 %\n"
    "\n"
    "\t2\n"
    "\tĐiện lực\n"
    "\t51\n"
    "(44cts + 7 sim)\n"
    "\t50\n"
    "\t98 %\n"
    "\t1\n"
    "\n"
    "\t2 %\n"
    "\n"
    "\n"
    "b) Phản ánh kiến nghị\n"
)


def test_one_cell_per_line_table():
    doc = read(ONE_CELL.encode("utf-8"))
    [t] = doc.tables()
    assert t.rows == [
        ["STT", "Tên thủ tục hành chính", "Tổng số hồ sơ đã tiếp nhận", "Hồ sơ trực tuyến", "",
         "Hồ sơ nộp trực tiếp", ""],
        ["", "", "", "Số hồ sơ", "Tỷ lệ (%)", "Tổng số hồ sơ", "Tỷ lệ (%)"],
        ["1", "Công Thương", "9.436", "9.436", "100 %", "0", "0 %"],
        ["2", "Điện lực", "51 (44cts + 7 sim)", "50", "98 %", "1", "2 %"],   # blank line inside the row
    ]
    assert lines(doc)[0] == "a) Kết quả giải quyết hồ sơ"
    assert lines(doc)[-1] == "b) Phản ánh kiến nghị"


def test_indented_paragraphs_are_not_a_table():
    text = ("- Báo cáo tài chính:\n"
            "\t+ Báo cáo số 4516/BC-SCT ngày 11/7/2023;\n"
            "+ Báo cáo số 4531/BC-SCT ngày 11/7/2023;\n"
            "+ Báo cáo số 4690/BC-SCT ngày 19/7/2023.\n"
            "\t- Kết quả ứng dụng chữ ký số:\n"
            "\n"
            "\tSTT\n\tTiêu chí\n\tSố lượng\n\n\t1\n\tChữ ký số\n\t62\n\n\n"
            "Hết.\n")
    doc = read(text.encode("utf-8"))
    [t] = doc.tables()
    assert t.rows == [["STT", "Tiêu chí", "Số lượng"], ["1", "Chữ ký số", "62"]]
    paras = [doc.text[b.start:b.end] for b in doc.blocks if b.kind != "table"]
    assert paras == ["- Báo cáo tài chính:", "+ Báo cáo số 4516/BC-SCT ngày 11/7/2023;",
                     "+ Báo cáo số 4531/BC-SCT ngày 11/7/2023;", "+ Báo cáo số 4690/BC-SCT ngày 19/7/2023.",
                     "- Kết quả ứng dụng chữ ký số:", "Hết."]


def test_lone_indented_line_is_a_paragraph():
    doc = read("Mở đầu\n\tMột dòng thụt lề.\nKết thúc\n".encode("utf-8"))
    assert doc.tables() == []
    assert lines(doc) == ["Mở đầu", "Một dòng thụt lề.", "Kết thúc"]


def test_dongnai_2023_fixture_tables():
    doc = read_document(FIXTURES / "dongnai_sct_2023-Q3.txt")
    rows = [r for t in doc.tables() for r in t.rows]
    assert ["", "Tổng số", "9.436", "9.436", "100 %", "0", "0 %"] in rows
    assert ["1", "Công Thương", "9.436", "9.436", "100 %", "0", "0 %"] in rows
    assert ["", "", "", "Số lượng", "Tỷ lệ"] in rows
    sig = [r for r in rows if r[:1] == ["2"] and r[1].startswith("Số lượng cán bộ")]
    assert sig and sig[0][2:] == ["51 (44cts + 7 sim PKI)", "61 (44cts + 17 sim PKI)", "100%"]
    first = doc.tables()[0].rows
    assert first[0] == ["STT", "Thủ tục hành chính, dịch vụ công", "Theo Quy định của Trung ương, UBND tỉnh",
                        "Đơn vị thực hiện", "Các đơn vị liên thông thực hiện"]      # wrapped cells joined
    assert first[1] == ["1", "Thủ tục Cấp giấy phép thành lập Văn phòng đại diện của thương nhân nước ngoài "
                             "tại Việt Nam", "Trung ương", "Sở Công Thương", "Công an tỉnh"]
    assert "Từ Quý I đến Quý IV/2023" in doc.text        # Qúy → Quý


def test_dongnai_2021_fixture_tab_tables():
    doc = read_document(FIXTURES / "dongnai_sct_2021-H1.txt")
    rows = [r for t in doc.tables() for r in t.rows]
    assert ["1", "Công Thương", "9.423", "9.293", "98,6%", "130", "1,4 %"] in rows
    assert ["Tổng", "", "05", "01", "05", "05", "05"] in rows
    assert not any(all(c.startswith("--") or not c for c in r) for r in rows)
    assert "<b>" not in doc.text and "**" not in doc.text and "##" not in doc.text


def test_all_dev_reports_read_fast():
    paths = sorted(p for p in FIXTURES.glob("*.txt"))
    assert len(paths) >= 5
    t0 = time.perf_counter()
    docs = [read_document(p) for p in paths]
    assert time.perf_counter() - t0 < 2.0
    assert all(d.text and d.blocks for d in docs)


@pytest.mark.parametrize("unit,n,blocks", [
    ("\ta\n\n", 30_000, 30_000),        # indented one-line paragraphs: each restarted the table scan (10 min)
    ("|---|---|\n", 30_000, 30_000),     # separator rows without a table: each rescanned the run (4,000: 5 s)
    ("*a ", 40_000, 1),                 # one line of unmatched emphasis marks: quadratic in the line
])
def test_hostile_text_shapes_are_read_in_linear_time(tmp_path, unit, n, blocks):
    import time
    from extract.readers import read_document
    p = tmp_path / "hostile.txt"
    p.write_text(unit * n, encoding="utf-8")
    t = time.perf_counter()
    doc = read_document(p)
    assert time.perf_counter() - t < 10
    assert len(doc.blocks) == blocks and doc.text.count("a") + doc.text.count("-") >= n


def test_indented_lines_that_are_no_table_are_read_in_linear_time(tmp_path):
    """300k lines of "\ta" used to be rescanned from each line on (quadratic: 60 KB took 84 s)."""
    import time
    from extract.readers import read_document
    p = tmp_path / "tabs.txt"
    p.write_text("\ta\n" * 100_000, encoding="utf-8")
    t = time.perf_counter()
    doc = read_document(p)
    assert time.perf_counter() - t < 30 and doc.text.count("a") >= 100_000
