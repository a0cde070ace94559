"""Legal-document references: every symbol form the reports write, what is not a reference, one entry per
document and date."""
from __future__ import annotations

import time
import unicodedata

import pytest

from extract.model import DocumentBuilder
from extract.document.references import find_references


def doc_of(*paragraphs: str, pages: list[int] | None = None):
    b = DocumentBuilder("test.txt", "0" * 64, "txt")
    for i, p in enumerate(paragraphs):
        b.add("paragraph", p, page=pages[i] if pages else 1)
    return b.build()


def refs(*paragraphs: str):
    doc = doc_of(*paragraphs)
    found = find_references(doc)
    for r in found:                           # every reference points at its evidence
        assert doc.text[r.start:r.end] == r.evidence
        assert 0 < len(r.evidence) <= 200
    return found


def fields(r):
    return (r.type_word, r.number, r.year, r.type_code, r.issuer_code, r.date)


def one(text: str):
    found = refs(text)
    assert len(found) == 1, [r.symbol for r in found]
    return found[0]


# ---------------------------------------------------------------- symbol forms

@pytest.mark.parametrize("text, expected", [
    ("theo Quyết định số 545/QĐ-UBND ngày 09/02/2021 của UBND tỉnh",
     ("Quyết định", "545", None, "QĐ", "UBND", "2021-02-09")),
    ("Thực hiện Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ",
     ("Nghị định", "61", 2018, "NĐ", "CP", "2018-04-23")),
    ("Kế hoạch số 15965/KH-UBND ngày 29/12/2020 về cải cách hành chính",
     ("Kế hoạch", "15965", None, "KH", "UBND", "2020-12-29")),
    ("theo Thông tư 01/2020/TT-VPCP của Văn phòng Chính phủ",
     ("Thông tư", "1", 2020, "TT", "VPCP", None)),
    ("triển khai Nghị quyết số 19-NQ/TW: chuyển đổi cơ chế tài chính",
     ("Nghị quyết", "19", None, "NQ", "TW", None)),
    ("Chỉ thị số 26-CT/TU ngày 02/6/2023 của Ban Thường vụ Tỉnh ủy",
     ("Chỉ thị", "26", None, "CT", "TU", "2023-06-02")),
    ("Công văn số 5782-CV/TU ngày 28/8/2023 của Tỉnh ủy",
     ("Công văn", "5782", None, "CV", "TU", "2023-08-28")),
    ("Công văn số 733/SNV-TT ngày 06/3/2023 của Sở Nội vụ",
     ("Công văn", "733", None, None, "SNV-TT", "2023-03-06")),
    ("Văn bản số 1442/STC-QLG&CS ngày 23/03/2023 của Sở Tài chính",
     ("Văn bản", "1442", None, None, "STC-QLG&CS", "2023-03-23")),
    ("Quyết định số 131/QĐ SCT ngày 17/5/2021 về việc kiện toàn",
     ("Quyết định", "131", None, "QĐ", "SCT", "2021-05-17")),
    ("Số: 1234/BC-SCT\tĐồng Nai, ngày 15 tháng 6 năm 2021",
     (None, "1234", None, "BC", "SCT", None)),
    ("ban hành kèm theo Quyết định số 21/2023/QĐ-UBND của UBND tỉnh",
     ("Quyết định", "21", 2023, "QĐ", "UBND", None)),
    ("theo Quyết định số 545 /QĐ- UBND ngày 09/02/2021",
     ("Quyết định", "545", None, "QĐ", "UBND", "2021-02-09")),
    ("Quyết định số 1911/QĐ-TTg ngày 15 tháng 11 năm 2021 của Thủ tướng",
     ("Quyết định", "1911", None, "QĐ", "TTg", "2021-11-15")),
    ("Chương trình số 5720/CTr-SCT ngày 18/10/2021", ("Chương trình", "5720", None, "CTr", "SCT", "2021-10-18")),
    ("Tờ trình số 96/TTr-UBND ngày 05/9/2023", ("Tờ trình", "96", None, "TTr", "UBND", "2023-09-05")),
    ("Thông tư liên tịch số 01/2015/TTLT-BNV-BTC", ("Thông tư liên tịch", "1", 2015, "TTLT", "BNV-BTC", None)),
    ("Luật số 80/2015/QH13 ban hành văn bản quy phạm pháp luật", ("Luật", "80", 2015, None, "QH13", None)),
    ("Kết luận số 83-KL/TW ngày 29/7/2020", ("Kết luận", "83", None, "KL", "TW", "2020-07-29")),
    ("Đề án số 58/ĐA-SCT ngày 10/01/2025", ("Đề án", "58", None, "ĐA", "SCT", "2025-01-10")),
    ("Quyết định số 28/QĐ-TTXTTM ngày 17/4/2023", ("Quyết định", "28", None, "QĐ", "TTXTTM", "2023-04-17")),
])
def test_symbol_forms(text, expected):
    assert fields(one(text)) == expected


def test_lower_case_type_word_gets_its_canonical_spelling():
    r = one("Sở đã ban hành quyết định số 90/QĐ-SCT ngày 28/3/2025")
    assert (r.type_word, r.evidence) == ("Quyết định", "quyết định số 90/QĐ-SCT ngày 28/3/2025")


def test_type_word_before_a_short_qualifier_and_plural_lists():
    assert one("Sở Tư pháp đã có Báo cáo thẩm định số 102/BC-STP về dự thảo").type_word == "Báo cáo"
    assert one("theo Kế hoạch cải cách hành chính số 383/KH-SCT của Sở").type_word is None
    assert one("Văn bản số 383/KH-SCT ngày 30/01/2023").type_word == "Văn bản"


def test_evidence_span_runs_from_type_word_through_date():
    text = "Thực hiện Quyết định số 278/QĐ-UBND ngày 21/3/2025 của Chủ tịch UBND tỉnh"
    r = one(text)
    assert r.evidence == "Quyết định số 278/QĐ-UBND ngày 21/3/2025"
    assert r.start == text.index("Quyết định") and r.end == text.index(" của")
    assert r.symbol == "278/QĐ-UBND"


def test_symbol_as_written_and_page():
    doc = doc_of("Mở đầu.", "Căn cứ Nghị định 111/2022/NĐ-CP của Chính phủ", pages=[1, 3])
    (r,) = find_references(doc)
    assert (r.page, r.symbol, r.year, r.date) == (3, "111/2022/NĐ-CP", 2022, None)


def test_date_in_words_and_blank_day():
    assert one("Kế hoạch số 04/KH-SCT ngày 20 tháng 01 năm 2025").date == "2025-01-20"
    r = one("Kế hoạch số 04/KH-SCT ngày    tháng 01 năm 2025 của Sở")
    assert (r.number, r.date) == ("4", None)


def test_a_date_far_from_the_symbol_is_not_its_date():
    r = one("Quyết định số 545/QĐ-UBND của UBND tỉnh, đến ngày 09/02/2021 đã hoàn thành")
    assert r.date is None
    r = one("Kế hoạch số 177-KH/TU ngày 16/4/2018 của Ban chấp hành")
    assert r.date == "2018-04-16"


def test_nfd_and_old_tone_marks():
    text = unicodedata.normalize("NFD", "thực hiện Quyết định số 545/QĐ-UBND ngày 09/02/2021")
    assert fields(one(text)) == ("Quyết định", "545", None, "QĐ", "UBND", "2021-02-09")
    assert one("Công văn hoả tốc số 12/UBND-KT ngày 01/02/2023").type_word == "Công văn"


# ---------------------------------------------------------------- PDF line breaks

def test_symbol_broken_after_hyphen_across_lines():
    found = refs("Quyết định số 42/2021/QĐ-", "UBND ngày 23/9/2021 của UBND tỉnh")
    assert [fields(r) for r in found] == [("Quyết định", "42", 2021, "QĐ", "UBND", "2021-09-23")]
    found = refs("theo Kế hoạch số 166-", "KH/TU ngày 02/4/2018")
    assert [fields(r) for r in found] == [("Kế hoạch", "166", None, "KH", "TU", "2018-04-02")]


def test_type_word_and_date_across_lines():
    found = refs("Tổ chức thực hiện Nghị", "định số 138/2020/NĐ-CP ngày 27/11/2020 của Chính phủ")
    assert fields(found[0]) == ("Nghị định", "138", 2020, "NĐ", "CP", "2020-11-27")
    found = refs("và Nghị quyết số 19-NQ/TW", "ngày 25/10/2017 của Ban Chấp hành Trung ương")
    assert fields(found[0]) == ("Nghị quyết", "19", None, "NQ", "TW", "2017-10-25")


def test_a_bullet_on_the_next_line_does_not_extend_the_issuer():
    found = refs("theo Quyết định số 12/QĐ-UBND", "- UBND tỉnh chỉ đạo")
    assert [(r.type_code, r.issuer_code) for r in found] == [("QĐ", "UBND")]


# ---------------------------------------------------------------- lists

def test_list_items_carry_the_type_word_and_take_their_own_date():
    found = refs("Ban hành Quyết định số 118/QĐ-SCT và 117/QĐ-SCT ngày 29/4/2021 quy định chức năng")
    assert [fields(r) for r in found] == [
        ("Quyết định", "118", None, "QĐ", "SCT", None),
        ("Quyết định", "117", None, "QĐ", "SCT", "2021-04-29"),
    ]
    found = refs("các Quyết định: số 343/QĐ-SCT ngày 15/12/2020, số 344/QĐ-SCT ngày 15/12/2020; 35/QĐ-SCT ngày 20/3/2020")
    assert [(r.type_word, r.number, r.date) for r in found] == [
        ("Quyết định", "343", "2020-12-15"), ("Quyết định", "344", "2020-12-15"), ("Quyết định", "35", "2020-03-20")]


def test_type_word_does_not_carry_over_a_description():
    found = refs("các Kế hoạch, cụ thể: số 116/KH-SCT ngày 07/01/2021 kiểm soát thủ tục hành chính; "
                 "số 569/KH-SCT ngày 01/02/2021 cải cách hành chính")
    assert [(r.type_word, r.number) for r in found] == [(None, "116"), (None, "569")]


# ---------------------------------------------------------------- not references

@pytest.mark.parametrize("text", [
    "Từ ngày 09/02/2021 đến ngày 14/6/2021",
    "đã hoàn thành 44/54 nhiệm vụ và đang thực hiện 10/54 nhiệm vụ",
    "giải quyết 116/116 hồ sơ, đạt 99,75%",
    "MC: 126 hồ sơ; điện thoại 0251.3822.123",
    "bình quân 12 TTHC/năm, tăng 20,73% so với cùng kỳ",
    "Số: /BC-SCT\tBắc Giang, ngày    tháng 4 năm 2025",
    "theo biểu mẫu số 06/VPCP/KSTT/KTTH để các sở có số liệu",
    "Quý I/2021 và 6 tháng đầu năm 2021",
    "tỷ lệ 3/4 KẾ HOẠCH",
    "Quyết định số 12/Kế hoạch năm",
])
def test_not_references(text):
    assert refs(text) == []


# ---------------------------------------------------------------- one entry per document and date

def test_same_reference_same_date_is_listed_once_first_span_kept():
    text = ("Thực hiện Kế hoạch số 116/KH-SCT ngày 07/01/2021. "
            "Về kiểm soát TTHC: Sở xây dựng Kế hoạch số 116/KH-SCT ngày 07/01/2021 kiểm soát TTHC")
    found = refs(text)
    assert [(r.number, r.date, r.start) for r in found] == [("116", "2021-01-07", text.index("Kế hoạch"))]


def test_leading_zeros_and_spacing_do_not_make_a_new_entry():
    found = refs("Kế hoạch số 04/KH-SCT ngày 20/01/2025; Kế hoạch số 4/KH- SCT ngày 20/01/2025")
    assert [(r.number, r.symbol) for r in found] == [("4", "04/KH-SCT")]


def test_same_reference_with_two_dates_gives_two_entries():
    found = refs("Thông tư số 01/2020/TT-VPCP ngày 21/10/2020 quy định; Thông tư số 01/2020/TT-VPCP ngày 20/10/2020")
    assert [(r.number, r.year, r.date) for r in found] == [("1", 2020, "2020-10-21"), ("1", 2020, "2020-10-20")]


def test_undated_citation_is_its_own_entry_once():
    # GOLD.md: one entry per distinct (number, type code, issuer code, date); no date is one such value
    found = refs("Nghị định số 59/2012/NĐ-CP ngày 23/7/2012 của Chính phủ; sửa đổi Nghị định số 59/2012/NĐ-CP; "
                 "thi hành Nghị định số 59/2012/NĐ-CP ngày 23/7/2012; bổ sung Nghị định số 59/2012/NĐ-CP.")
    assert [(r.number, r.date) for r in found] == [("59", "2012-07-23"), ("59", None)]


def test_different_years_are_different_documents():
    found = refs("Nghị định số 107/2020/NĐ-CP và Nghị định số 107/2021/NĐ-CP")
    assert [(r.number, r.year) for r in found] == [("107", 2020), ("107", 2021)]


def test_type_word_disagreeing_with_code_keeps_both_as_written():
    r = one("Kế hoạch số 5067/QĐ-UBND ngày 31/12/2020")
    assert (r.type_word, r.type_code, r.issuer_code) == ("Kế hoạch", "QĐ", "UBND")


# ---------------------------------------------------------------- speed

def test_a_long_document_takes_milliseconds():
    para = ("Thực hiện Quyết định số 545/QĐ-UBND ngày 09/02/2021 của UBND tỉnh, Sở đã giải quyết 116/116 hồ sơ "
            "(từ 15/12/2020 đến ngày 14/6/2021), đạt 99,75%; Công văn số 733/SNV-TT ngày 06/3/2023. ")
    doc = doc_of(*[para.replace("545", str(i)) for i in range(380)])   # ~70k characters
    assert len(doc.text) > 60_000
    t = time.perf_counter()
    found = find_references(doc)
    assert len(found) == 381
    assert time.perf_counter() - t < 0.2


def test_list_without_space_after_comma_and_number_glued_to_so():
    found = refs("các Kế hoạch số 116/KH-SCT,569/KH-SCT ngày 01/02/2021; Quyết định số545/QĐ-UBND")
    assert [fields(r) for r in found] == [
        ("Kế hoạch", "116", None, "KH", "SCT", None),
        ("Kế hoạch", "569", None, "KH", "SCT", "2021-02-01"),
        ("Quyết định", "545", None, "QĐ", "UBND", None),
    ]


def test_form_numbers_are_not_references():
    assert refs("báo cáo theo Biểu mẫu số 01/TK-ĐT và mẫu số 02/KK-TNCN") == []
    assert [r.number for r in refs("theo mẫu của Quyết định số 12/QĐ-UBND")] == ["12"]


def test_a_form_code_is_not_shortened_into_a_reference():
    assert refs("theo biểu số 06/VPCP-KSTT/KTTH gửi Văn phòng") == []
    assert refs("đề nghị 12/QĐ-UBND/2021 trong bảng") == []


def test_list_joined_by_capitalised_conjunction():
    found = refs("Quyết định số 343/QĐ-SCT VÀ 344/QĐ-SCT ngày 15/12/2020")
    assert [(r.type_word, r.number) for r in found] == [("Quyết định", "343"), ("Quyết định", "344")]
