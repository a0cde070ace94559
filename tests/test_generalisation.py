"""Phrasings written for this test, in the style officials of other provinces and agencies write (Sở Nội
vụ, Sở Tư pháp, UBND huyện/xã, Trung tâm Phục vụ hành chính công, Văn phòng UBND), none taken from the
dev reports. The battery of sentence → figures cases (every catalogue indicator in several word orders,
tables with other headers, zero in words, sentences that must give nothing) is data now:
tests/examples/*.yaml, read by tests/test_examples.py. What stays here asserts what a case there cannot:
which figures are breakdowns (qualifiers), references, metadata, and whole reports end to end.
"""
from __future__ import annotations

import pytest

from extract.lexicon.catalogue import BY_ID
from indicator_helpers import extract

A, T, C = "actual", "target", "change"

# the national form II.06a (tests/examples/tables.yaml: table-form-ii06a): two levels of header
TABLE_FORM_II06A = [
    ["STT", "Lĩnh vực giải quyết", "Số hồ sơ nhận giải quyết", "", "", "", "Kết quả giải quyết", "", "", "", "", "", ""],
    ["", "", "Tổng số", "Trong đó", "", "", "Số hồ sơ đã giải quyết", "", "", "", "Số hồ sơ đang giải quyết", "", ""],
    ["", "", "", "Số kỳ trước chuyển qua", "Số mới tiếp nhận trực tuyến", "Số mới tiếp nhận trực tiếp, bưu chính",
     "Tổng số", "Trả trước hạn", "Trả đúng thời hạn", "Trả quá hạn", "Tổng số", "Chưa đến hạn", "Quá hạn"],
    ["1", "Hộ tịch", "1.200", "20", "900", "280", "1.180", "1.000", "170", "10", "20", "20", "0"],
    ["2", "Chứng thực", "800", "0", "500", "300", "800", "800", "0", "0", "0", "0", "0"],
    ["", "Tổng cộng", "2.000", "20", "1.400", "580", "1.980", "1.800", "170", "10", "20", "20", "0"]]
TABLE_DISTRICT_ROWS = [
    ["Đơn vị", "Tiếp nhận", "Đã giải quyết", "Quá hạn", "Tỷ lệ đúng hạn (%)"],
    ["UBND huyện Tân Phú", "1.200", "1.150", "5", "99,6"],
    ["UBND huyện Định Quán", "900", "880", "0", "100"],
    ["Tổng cộng", "2.100", "2.030", "5", "99,8"]]
TABLE_INDICATOR_ROWS = [
    ["STT", "Nội dung", "Số lượng", "Ghi chú"],
    ["1", "Tổng số hồ sơ tiếp nhận", "1.250", ""],
    ["2", "Số hồ sơ đã giải quyết", "1.200", ""],
    ["3", "Số hồ sơ giải quyết quá hạn", "10", ""],
    ["4", "Tỷ lệ giải quyết đúng hạn", "99,2%", ""]]
BREAKDOWN_LEVELS = ("Trung tâm tiếp nhận 5.000 hồ sơ, trong đó cấp tỉnh 3.000 hồ sơ, cấp huyện 1.500 hồ sơ, "
                    "cấp xã 500 hồ sơ.")


def test_form_ii06a_rows_are_breakdowns():
    ms = extract(TABLE_FORM_II06A)
    unq = {(m.indicator, m.value) for m in ms if m.qualifier is None and BY_ID[m.indicator].core}
    assert unq == {("dossiers_received", 2000), ("dossiers_carried_over", 20), ("dossiers_online", 1400),
                   ("dossiers_in_person", 580), ("dossiers_resolved", 1980), ("dossiers_resolved_early", 1800),
                   ("dossiers_resolved_on_time", 170), ("dossiers_resolved_late", 10), ("dossiers_pending", 20),
                   ("dossiers_pending_not_due", 20), ("dossiers_pending_overdue", 0)}
    assert ("dossiers_received", 1200, "Hộ tịch") in {(m.indicator, m.value, m.qualifier) for m in ms}


def test_district_rows_and_levels_carry_their_unit():
    ms = extract(TABLE_DISTRICT_ROWS)
    # whose figure is the scope now (extract.document.scope); a qualifier that only repeats it is dropped
    sc = {(m.indicator, m.value): m.scope for m in ms}
    assert sc[("dossiers_received", 2100)] == {"level": "district", "unit": None}   # the districts' total
    assert sc[("dossiers_received", 1200)]["level"] == "district" and "Tân Phú" in sc[("dossiers_received", 1200)]["unit"]
    ms = extract(BREAKDOWN_LEVELS)
    q = {(m.indicator, m.value): m.qualifier for m in ms}
    assert q[("dossiers_received", 5000)] is None
    sc = {(m.indicator, m.value): m.scope for m in ms}
    assert sc[("dossiers_received", 3000)]["level"] == "provincial" and sc[("dossiers_received", 1500)]["level"] == "district"


def test_indicator_rows_are_not_breakdowns():
    ms = extract(TABLE_INDICATOR_ROWS)
    assert all(m.qualifier is None for m in ms)


# ---------------------------------------------------------------- references written other ways

def _refs(text):
    from extract.model import DocumentBuilder
    from extract.document.references import find_references
    b = DocumentBuilder("t.txt", "0" * 64, "txt")
    b.add("paragraph", text)
    return [(r.type_word, r.number, r.year, r.type_code, r.issuer_code, r.date) for r in find_references(b.build())]


@pytest.mark.parametrize("text, expected", [
    ("theo Quyết định số 1234/QĐ - UBND ngày 15/3/2024 của UBND tỉnh",
     [("Quyết định", "1234", None, "QĐ", "UBND", "2024-03-15")]),
    ("theo Quyết định số 1234 / QĐ-UBND ngày 15 tháng 3 năm 2024",
     [("Quyết định", "1234", None, "QĐ", "UBND", "2024-03-15")]),
    ("Nghị định số 107/2021/NĐ-CP ngày 06 tháng 12 năm 2021 của Chính phủ",
     [("Nghị định", "107", 2021, "NĐ", "CP", "2021-12-06")]),
    ("Công văn số 1520/UBND-KSTTHC ngày 5/4/2024 của UBND tỉnh",
     [("Công văn", "1520", None, None, "UBND-KSTTHC", "2024-04-05")]),
    ("Kế hoạch số 45/KH-UBND, ngày 20/01/2024", [("Kế hoạch", "45", None, "KH", "UBND", "2024-01-20")]),
    ("Quyết định 25/QĐ-SNV ngày 15-01-2024", [("Quyết định", "25", None, "QĐ", "SNV", "2024-01-15")]),
    ("Thông tư số 01/2023/TT-VPCP ngày 05 /4/ 2023", [("Thông tư", "1", 2023, "TT", "VPCP", "2023-04-05")]),
    ("văn bản số 345/STP-HCTP ngày 12/3/2024 của Sở Tư pháp",
     [("Văn bản", "345", None, None, "STP-HCTP", "2024-03-12")]),
    ("QUYẾT ĐỊNH SỐ 123/QĐ-UBND NGÀY 01/02/2024", [("Quyết định", "123", None, "QĐ", "UBND", "2024-02-01")]),
    ("Quyết định số 05/QĐ-TTHCC ngày 10/01/2024", [("Quyết định", "5", None, "QĐ", "TTHCC", "2024-01-10")]),
    ("các Quyết định số 12/QĐ-UBND, 13/QĐ-UBND và 14/QĐ-UBND ngày 5/1/2024",
     [("Quyết định", "12", None, "QĐ", "UBND", None), ("Quyết định", "13", None, "QĐ", "UBND", None),
      ("Quyết định", "14", None, "QĐ", "UBND", "2024-01-05")]),
    ("Chỉ thị số 27-CT/TU ngày 10/02/2024 của Ban Thường vụ Tỉnh ủy",
     [("Chỉ thị", "27", None, "CT", "TU", "2024-02-10")]),
    ("theo QĐ số 123/QĐ-UBND ngày 5/1/2024", [("Quyết định", "123", None, "QĐ", "UBND", "2024-01-05")]),
    ("KH số 45/KH-UBND ngày 20/01/2024", [("Kế hoạch", "45", None, "KH", "UBND", "2024-01-20")]),
    ("Quyết định số: 77/QĐ-UBND ngày 15.3.2024", [("Quyết định", "77", None, "QĐ", "UBND", "2024-03-15")]),
])
def test_reference_forms(text, expected):
    assert _refs(text) == expected


# ---------------------------------------------------------------- metadata of other agencies and periods

def _meta(lines):
    from extract.document.metadata import find_metadata
    from extract.model import DocumentBuilder
    b = DocumentBuilder("t.txt", "0", "txt")
    for line in lines:
        b.add("paragraph", line)
    m = find_metadata(b.build())
    return {k: m[k] for k in ("province", "agency", "doc_type", "doc_number", "issue_date", "period")}


@pytest.mark.parametrize("lines, expected", [
    (["UBND TỈNH NGHỆ AN", "SỞ NỘI VỤ", "Số: 215/BC-SNV", "Nghệ An, ngày 20 tháng 3 năm 2024", "BÁO CÁO",
      "Kết quả công tác cải cách hành chính quý I năm 2024"],
     ("Nghệ An", "Sở Nội vụ", "bao_cao", "215/BC-SNV", "2024-03-20", "2024-Q1")),
    (["UBND TỈNH THANH HÓA", "VĂN PHÒNG", "Số: 98/BC-VP", "Thanh Hóa, ngày 10 tháng 6 năm 2023", "BÁO CÁO",
      "Tình hình, kết quả giải quyết thủ tục hành chính 6 tháng đầu năm 2023"],
     ("Thanh Hóa", "Văn phòng UBND tỉnh", "bao_cao", "98/BC-VP", "2023-06-10", "2023-H1")),
    (["UBND TỈNH LÂM ĐỒNG", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "Số: 12/BC-TTPVHCC",
      "Lâm Đồng, ngày 14 tháng 10 năm 2024", "BÁO CÁO", "Kết quả tiếp nhận, giải quyết TTHC tháng 10/2024"],
     ("Lâm Đồng", "Trung tâm Phục vụ hành chính công", "bao_cao", "12/BC-TTPVHCC", "2024-10-14", "2024-M10")),
    (["UBND TỈNH HÀ TĨNH", "SỞ TƯ PHÁP", "Số: /KH-STP", "Hà Tĩnh, ngày   tháng 01 năm 2025", "KẾ HOẠCH",
      "Cải cách hành chính năm 2025"],
     ("Hà Tĩnh", "Sở Tư pháp", "ke_hoach", "/KH-STP", None, "2025-Y")),
    (["UBND TỈNH BÌNH ĐỊNH", "SỞ NỘI VỤ", "Số: 300/BC-SNV", "Bình Định, ngày 15 tháng 9 năm 2022", "BÁO CÁO",
      "Công tác cải cách hành chính 9 tháng đầu năm 2022"],
     ("Bình Định", "Sở Nội vụ", "bao_cao", "300/BC-SNV", "2022-09-15", "2022-9M")),
    (["ỦY BAN NHÂN DÂN", "HUYỆN ĐỨC TRỌNG", "Số: 45/BC-UBND", "Đức Trọng, ngày 05 tháng 12 năm 2023", "BÁO CÁO",
      "Công tác cải cách hành chính năm 2023"],
     # the district's province from the unit list (vn.units): Đức Trọng is in Lâm Đồng only
     ("Lâm Đồng", "UBND huyện Đức Trọng", "bao_cao", "45/BC-UBND", "2023-12-05", "2023-Y")),
    (["UBND TỈNH CÀ MAU", "SỞ NỘI VỤ", "Số: 88/BC-SNV", "Cà Mau, ngày 12 tháng 7 năm 2021", "BÁO CÁO",
      "CÔNG TÁC CẢI CÁCH HÀNH CHÍNH QUÝ II NĂM 2021"],
     ("Cà Mau", "Sở Nội vụ", "bao_cao", "88/BC-SNV", "2021-07-12", "2021-Q2")),
    (["UBND TỈNH KHÁNH HÒA", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Số: 55/BC-STTTT", "Khánh Hòa, ngày 10 tháng 12 năm 2022",
      "BÁO CÁO", "Kết quả thực hiện công tác cải cách hành chính quí IV/2022"],
     ("Khánh Hòa", "Sở Thông tin và Truyền thông", "bao_cao", "55/BC-STTTT", "2022-12-10", "2022-Q4")),
    (["TỔNG CỤC THUẾ", "CỤC THUẾ TỈNH ĐỒNG NAI", "Số: 1520/BC-CT", "Đồng Nai, ngày 12 tháng 7 năm 2024", "BÁO CÁO",
      "Kết quả thực hiện cải cách hành chính 6 tháng đầu năm 2024"],
     ("Đồng Nai", "Cục Thuế tỉnh", "bao_cao", "1520/BC-CT", "2024-07-12", "2024-H1")),
    (["UBND TỈNH ĐỒNG NAI", "TRUNG TÂM HÀNH CHÍNH CÔNG", "Số: 45/BC-TTHCC", "Đồng Nai, ngày 15 tháng 5 năm 2023",
      "BÁO CÁO", "Tình hình tiếp nhận, giải quyết hồ sơ tháng 5/2023"],
     ("Đồng Nai", "Trung tâm Hành chính công", "bao_cao", "45/BC-TTHCC", "2023-05-15", "2023-M05")),
])
def test_metadata_of_other_agencies(lines, expected):
    keys = ("province", "agency", "doc_type", "doc_number", "issue_date", "period")
    assert _meta(lines) == dict(zip(keys, expected))



def test_a_units_headline_is_not_qualified_but_its_parts_are():
    # a district's or the province's own figure must stay unqualified (the wide table keeps only those)
    ms = extract("UBND huyện đã tiếp nhận 4.862 hồ sơ. Toàn tỉnh tiếp nhận 152.300 hồ sơ.")
    assert {m.value: m.qualifier for m in ms} == {4862: None, 152300: None}
    ms = extract("Sở Tư pháp tiếp nhận 2.000 hồ sơ, trong đó Phòng Hành chính tư pháp 1.200 hồ sơ, Phòng Bổ trợ "
                 "tư pháp 800 hồ sơ.")
    assert {(m.indicator, m.value): m.qualifier for m in ms} == {
        ("dossiers_received", 2000): None, ("dossiers_received", 1200): "Phòng Hành chính tư pháp",
        ("dossiers_received", 800): "Phòng Bổ trợ tư pháp"}



def test_list_items_keep_their_label():
    ms = extract("Tổng số hồ sơ tiếp nhận: 1.284 hồ sơ, trong đó:", "- Lĩnh vực hộ tịch: 800 hồ sơ;",
                 "- Phòng Công chứng số 1: 484 hồ sơ.")
    q = {m.value: m.qualifier for m in ms}
    assert q == {1284: None, 800: "Lĩnh vực hộ tịch", 484: "Phòng Công chứng số 1"}


# ---------------------------------------------------------------- one whole report, end to end

HA_TINH_STP_Q3 = """UBND TỈNH HÀ TĨNH	CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ TƯ PHÁP	Độc lập - Tự do - Hạnh phúc
Số: 1245/BC-STP	Hà Tĩnh, ngày 16 tháng 9 năm 2024

BÁO CÁO
Kết quả công tác cải cách hành chính quý III năm 2024

Kính gửi: Sở Nội vụ tỉnh Hà Tĩnh.

Thực hiện Kế hoạch số 456/KH-UBND ngày 28/12/2023 của UBND tỉnh về cải cách hành chính năm 2024; Công văn số 1520/SNV-CCHC ngày 05/9/2024 của Sở Nội vụ, Sở Tư pháp báo cáo kết quả công tác cải cách hành chính quý III năm 2024 (số liệu tính từ ngày 15/6/2024 đến ngày 14/9/2024) như sau:

I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH
1. Công tác chỉ đạo, điều hành
Sở đã ban hành 05 văn bản chỉ đạo, điều hành công tác CCHC; đến nay đã hoàn thành 18/25 nhiệm vụ theo Kế hoạch CCHC năm 2024 của Sở, 07 nhiệm vụ đang triển khai theo tiến độ.
Tổ chức 01 hội nghị tuyên truyền về CCHC cho 120 lượt cán bộ, công chức, viên chức.
2. Cải cách thủ tục hành chính
Bộ thủ tục hành chính thuộc phạm vi quản lý của Sở Tư pháp gồm 145 thủ tục; trong đó cấp tỉnh 112 thủ tục, cấp huyện 21 thủ tục, cấp xã 12 thủ tục. Trong quý, Sở đã rà soát 15 thủ tục hành chính, đề xuất đơn giản hóa 04 thủ tục.
Kết quả giải quyết TTHC: Tổng số hồ sơ tiếp nhận là 3.452 hồ sơ (kỳ trước chuyển sang 48 hồ sơ, tiếp nhận mới 3.404 hồ sơ), trong đó tiếp nhận trực tuyến 2.987 hồ sơ, đạt tỷ lệ 86,5%; tiếp nhận trực tiếp và qua dịch vụ bưu chính công ích 465 hồ sơ. Đã giải quyết 3.398 hồ sơ, trong đó trước hạn 3.102 hồ sơ, đúng hạn 290 hồ sơ, quá hạn 06 hồ sơ; đang giải quyết 54 hồ sơ (trong hạn 54 hồ sơ).
Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn đạt 99,82%, tăng 0,35% so với cùng kỳ năm 2023 (cùng kỳ năm 2023 đạt 99,47%).
Đối với 06 hồ sơ quá hạn, Sở đã thực hiện xin lỗi công dân bằng văn bản theo quy định.
Trong quý, Sở không nhận được phản ánh, kiến nghị nào của cá nhân, tổ chức về quy định hành chính.
Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt 92,6%; mức độ hài lòng của người dân, doanh nghiệp đạt 98,9%.
3. Hiện đại hóa hành chính
Tỷ lệ văn bản đi được ký số và gửi dưới dạng điện tử đạt 99,6% (trừ văn bản mật). Số lượng chứng thư số đã cấp cho lãnh đạo, công chức: 42 chứng thư số. Cổng thông tin điện tử của Sở có 125.430 lượt truy cập.
Luỹ kế 9 tháng năm 2024, Sở đã tiếp nhận 10.215 hồ sơ, giải quyết 10.140 hồ sơ.
II. TỒN TẠI, HẠN CHẾ
Vẫn còn 06 hồ sơ giải quyết quá hạn; tỷ lệ hồ sơ trực tuyến toàn trình còn thấp.
III. NHIỆM VỤ TRỌNG TÂM QUÝ IV NĂM 2024
1. Phấn đấu hoàn thành 100% nhiệm vụ theo Kế hoạch CCHC năm 2024.
2. Tỷ lệ hồ sơ giải quyết đúng hạn đạt 100%; tỷ lệ hồ sơ trực tuyến đạt trên 90%; mức độ hài lòng đạt tối thiểu 95%.
IV. ĐỀ XUẤT, KIẾN NGHỊ
Đề nghị UBND tỉnh bố trí kinh phí 350 triệu đồng để nâng cấp phần mềm.
Trên đây là báo cáo kết quả công tác cải cách hành chính quý III năm 2024 của Sở Tư pháp./.
Nơi nhận:
- Như trên;
- Lưu: VT, VP.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Trần Thị Minh Hạnh
"""


def test_a_whole_report_of_another_agency(tmp_path):
    from pipeline import extract_file
    path = tmp_path / "hatinh_stp_2024-Q3.txt"
    path.write_text(HA_TINH_STP_Q3, encoding="utf-8")
    rec = extract_file(path)
    meta = rec["meta"]
    assert (meta["province"], meta["agency"], meta["doc_type"], meta["period"], meta["window_start"],
            meta["window_end"], meta["signer"]) == ("Hà Tĩnh", "Sở Tư pháp", "bao_cao", "2024-Q3", "2024-06-15",
                                                   "2024-09-14", "Trần Thị Minh Hạnh")
    found = {(m["indicator"], m["kind"], m["value"]) for m in rec["indicators"]
             if BY_ID[m["indicator"]].core and m["period"] is None}
    # the nine months to date and next quarter's targets carry their own period (extract.indicators.figure_period)
    assert {(m["indicator"], m["value"], m["period"]) for m in rec["indicators"] if m["period"]} == {
        ("dossiers_received", 10215, "2024-9M"), ("dossiers_resolved", 10140, "2024-9M"),
        ("on_time_rate", 100, "2024-Q4"), ("online_dossier_rate", 90, "2024-Q4"), ("satisfaction_rate", 95, "2024-Q4")}
    assert found == {
        ("tasks_completed", A, 18), ("tasks_total", A, 25), ("procedures_total", A, 145), ("procedures_total", A, 112),
        ("procedures_total", A, 21), ("procedures_total", A, 12),
        ("dossiers_received", A, 3452), ("dossiers_carried_over", A, 48), ("dossiers_new", A, 3404),
        ("dossiers_online", A, 2987), ("online_dossier_rate", A, 86.5), ("dossiers_in_person", A, 465),
        ("dossiers_resolved", A, 3398), ("dossiers_resolved_early", A, 3102), ("dossiers_resolved_on_time", A, 290),
        ("dossiers_resolved_late", A, 6), ("dossiers_pending", A, 54), ("dossiers_pending_not_due", A, 54),
        ("on_time_rate", A, 99.82), ("on_time_rate", C, 0.35), ("feedback_received", A, 0),
        ("digitization_rate", A, 92.6), ("satisfaction_rate", A, 98.9), ("e_document_rate", A, 99.6),
        ("digital_signatures", A, 42)}
    assert not rec["findings"]
    refs = {(r["type_word"], r["number"], r["type_code"], r["issuer_code"], r["date"]) for r in rec["references"]}
    assert {("Kế hoạch", "456", "KH", "UBND", "2023-12-28"), ("Công văn", "1520", None, "SNV-CCHC", "2024-09-05")} <= refs


DUC_TRONG_UBND_2023 = """ỦY BAN NHÂN DÂN	CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN ĐỨC TRỌNG	Độc lập - Tự do - Hạnh phúc
Số: 312/BC-UBND	Đức Trọng, ngày 08 tháng 12 năm 2023

BÁO CÁO
Công tác cải cách hành chính năm 2023
và phương hướng, nhiệm vụ năm 2024

Thực hiện Công văn số 2145/SNV-CCHC ngày 20/11/2023 của Sở Nội vụ tỉnh Lâm Đồng về việc
báo cáo công tác cải cách hành chính năm 2023, UBND huyện Đức Trọng báo cáo như sau:
I. KẾT QUẢ THỰC HIỆN
1. Công tác chỉ đạo, điều hành
UBND huyện ban hành Kế hoạch số 25/KH-UBND ngày 10/01/2023 về cải cách hành chính năm
2023 với 42 nhiệm vụ; đến ngày 30/11/2023 đã hoàn thành 40/42 nhiệm vụ, đạt 95,2%.
2. Kết quả giải quyết thủ tục hành chính
Trong năm 2023, Bộ phận Một cửa huyện và UBND các xã, thị trấn đã tiếp nhận
28.456 hồ sơ, trong đó cấp huyện 9.874 hồ sơ, cấp xã 18.582 hồ sơ; số hồ sơ tiếp nhận
trực tuyến là 21.302 hồ sơ, chiếm 74,9%. Đã giải quyết 28.210 hồ sơ, trong đó đúng hạn
và trước hạn 28.105 hồ sơ (đạt 99,63%), trễ hạn 105 hồ sơ; đang giải quyết 246 hồ sơ.
So với năm 2022, số hồ sơ tiếp nhận tăng 3.215 hồ sơ.
Năm 2022, huyện tiếp nhận 25.241 hồ sơ.
Kết quả cụ thể của các xã, thị trấn:
STT	Đơn vị	Tiếp nhận	Đã giải quyết	Trễ hạn	Tỷ lệ đúng hạn (%)
1	Thị trấn Liên Nghĩa	4.210	4.198	12	99,71
2	Xã Hiệp Thạnh	2.105	2.100	3	99,86
	Tổng cộng	18.582	18.512	15	99,92
3. Hiện đại hóa hành chính
100% cơ quan, đơn vị sử dụng phần mềm quản lý văn bản; tỷ lệ văn bản điện tử đạt 98,7%.
Chỉ số hài lòng của người dân đối với sự phục vụ của cơ quan hành chính đạt 91,2%.
II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024
- Phấn đấu tỷ lệ hồ sơ trực tuyến đạt 80%; tỷ lệ số hóa hồ sơ đạt 100%.
- Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 99%.
Nơi nhận:
- Sở Nội vụ;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Hùng
"""


def test_a_district_report_with_a_table_of_communes(tmp_path):
    from pipeline import extract_file
    path = tmp_path / "ductrong_ubnd_2023-Y.txt"
    path.write_text(DUC_TRONG_UBND_2023, encoding="utf-8")
    rec = extract_file(path)
    meta = rec["meta"]
    assert (meta["province"], meta["agency"], meta["period"], meta["signer"]) == (
        "Lâm Đồng", "UBND huyện Đức Trọng", "2023-Y", "Nguyễn Văn Hùng")
    headline = {(m["indicator"], m["kind"], m["value"]) for m in rec["indicators"] if BY_ID[m["indicator"]].core
                and m["scope"] is None and m["period"] is None and (m["qualifier"] is None or m["approximate"])}
    # last year's count and next year's targets carry their own year (extract.indicators.figure_period)
    assert {(m["indicator"], m["value"], m["period"]) for m in rec["indicators"] if m["period"]} == {
        ("dossiers_received", 25241, "2022-Y"), ("online_dossier_rate", 80, "2024-Y"),
        ("digitization_rate", 100, "2024-Y"), ("on_time_rate", 99, "2024-Y")}
    assert headline == {
        ("tasks_completed", A, 40), ("tasks_total", A, 42), ("dossiers_received", A, 28456),
        ("dossiers_online", A, 21302), ("online_dossier_rate", A, 74.9), ("dossiers_resolved", A, 28210),
        ("dossiers_resolved_in_time", A, 28105), ("on_time_rate", A, 99.63), ("dossiers_resolved_late", A, 105),
        ("dossiers_pending", A, 246), ("dossiers_received", C, 3215), ("e_document_rate", A, 98.7),
        ("satisfaction_rate", A, 91.2)}
    values = {m["value"] for m in rec["indicators"] if m["period"] is None}
    assert 25241 not in values                # the year before, stated as such: not this year's
    assert not rec["findings"]                # the communes' totals are qualified, no second headline


BINH_DINH_SNV_PLAN_2025 = """UBND TỈNH BÌNH ĐỊNH	CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NỘI VỤ	Độc lập - Tự do - Hạnh phúc
Số: 18/KH-SNV	Bình Định, ngày 10 tháng 01 năm 2025

KẾ HOẠCH
Cải cách hành chính năm 2025 của Sở Nội vụ

Căn cứ Quyết định số 4512/QĐ-UBND ngày 25/12/2024 của UBND tỉnh ban hành Kế hoạch cải cách hành chính tỉnh Bình Định năm 2025; Sở Nội vụ xây dựng Kế hoạch cải cách hành chính năm 2025 như sau:
I. MỤC ĐÍCH, YÊU CẦU
Năm 2024, tỷ lệ hồ sơ giải quyết trước và đúng hạn của Sở đạt 99,1%; Chỉ số CCHC của Sở xếp thứ 3/19 sở, ban, ngành.
Tiếp tục đẩy mạnh cải cách hành chính, nâng cao chất lượng phục vụ người dân, doanh nghiệp.
II. MỤC TIÊU, CHỈ TIÊU
1. 100% hồ sơ TTHC được tiếp nhận, giải quyết trên Hệ thống thông tin giải quyết TTHC của tỉnh.
2. Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình trên tổng số hồ sơ đạt tối thiểu 60%.
3. Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt 100%.
4. Mức độ hài lòng của người dân, doanh nghiệp đối với việc giải quyết TTHC đạt trên 95%.
5. Phấn đấu 100% văn bản đi được ký số và gửi dưới dạng điện tử (trừ văn bản mật).
III. NHIỆM VỤ VÀ GIẢI PHÁP
STT	Nội dung nhiệm vụ	Cơ quan chủ trì	Thời gian hoàn thành	Sản phẩm
1	Rà soát, đơn giản hóa TTHC	Văn phòng Sở	Quý II/2025	Báo cáo
2	Tổ chức 02 lớp tập huấn nghiệp vụ	Phòng CCHC	Tháng 6/2025	02 lớp
3	Khảo sát sự hài lòng của 300 tổ chức, cá nhân	Văn phòng Sở	Tháng 10/2025	Báo cáo kết quả
IV. TỔ CHỨC THỰC HIỆN
Kinh phí thực hiện Kế hoạch là 120 triệu đồng từ nguồn ngân sách năm 2025.
Nơi nhận:
- UBND tỉnh;
- Lưu: VT, CCHC.
GIÁM ĐỐC
Lê Văn Thành
"""

LAM_DONG_TTPVHCC_M10 = """UBND TỈNH LÂM ĐỒNG	CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG	Độc lập - Tự do - Hạnh phúc
Số: 215/BC-TTPVHCC	Lâm Đồng, ngày 16 tháng 10 năm 2024

BÁO CÁO
Kết quả tiếp nhận, giải quyết thủ tục hành chính tháng 10/2024

Kính gửi: Ủy ban nhân dân tỉnh.

Trung tâm Phục vụ hành chính công tỉnh báo cáo kết quả tiếp nhận, giải quyết TTHC tháng 10/2024 (từ ngày 15/9/2024 đến ngày 14/10/2024) như sau:
1. Tình hình tiếp nhận hồ sơ
Trong tháng, Trung tâm tiếp nhận 6.832 hồ sơ (tăng 4,2% so với tháng trước), trong đó:
- Hồ sơ trực tuyến: 5.914 hồ sơ, chiếm 86,6%;
- Hồ sơ trực tiếp: 781 hồ sơ;
- Hồ sơ qua dịch vụ bưu chính công ích: 137 hồ sơ.
2. Kết quả giải quyết
Số hồ sơ đã giải quyết: 6.701 hồ sơ, trong đó:
- Trước hạn: 5.120 hồ sơ;
- Đúng hạn: 1.560 hồ sơ;
- Quá hạn: 21 hồ sơ (chiếm 0,31%).
Số hồ sơ đang giải quyết: 131 hồ sơ, trong đó:
- Trong hạn: 128 hồ sơ;
- Quá hạn: 03 hồ sơ.
Kết quả của các cơ quan:
TT	Cơ quan	Tiếp nhận	Đã giải quyết	Quá hạn
1	Sở Kế hoạch và Đầu tư	1.250	1.240	0
2	Sở Tư pháp	2.030	2.001	12
3	Sở Tài nguyên và Môi trường	3.552	3.460	9
	Tổng cộng	6.832	6.701	21
3. Đánh giá sự hài lòng
Có 5.426 lượt đánh giá, trong đó 99,2% lượt đánh giá hài lòng và rất hài lòng.
Lũy kế từ đầu năm đến nay, Trung tâm tiếp nhận 61.245 hồ sơ.
Trên đây là báo cáo kết quả tháng 10/2024 của Trung tâm Phục vụ hành chính công tỉnh./.
Nơi nhận:
- UBND tỉnh;
- Lưu: VT.
GIÁM ĐỐC
Phạm Thị Thu Hà
"""


NGHE_AN_SNV_H1 = """UBND TỈNH NGHỆ AN	CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NỘI VỤ	Độc lập - Tự do - Hạnh phúc
Số: 1876/BC-SNV	Nghệ An, ngày 18 tháng 6 năm 2024

BÁO CÁO
Công tác cải cách hành chính 6 tháng đầu năm 2024 trên địa bàn tỉnh

I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH
UBND tỉnh đã ban hành 12 văn bản chỉ đạo; 21/21 sở, ban, ngành và 21/21 UBND cấp huyện đã ban hành kế hoạch CCHC năm 2024 (đạt 100%). Tổ chức 08 cuộc kiểm tra công tác CCHC tại 15 cơ quan, đơn vị.
Năm 2023, Chỉ số CCHC (PAR INDEX) của tỉnh đạt 87,12%, xếp thứ 15/63 tỉnh, thành phố; Chỉ số SIPAS đạt 82,6%.
II. KẾT QUẢ THỰC HIỆN
1. Cải cách thể chế
Ban hành 34 văn bản quy phạm pháp luật; rà soát 1.245 văn bản, phát hiện 12 văn bản cần sửa đổi.
2. Cải cách thủ tục hành chính
Chủ tịch UBND tỉnh ban hành 28 Quyết định công bố 356 TTHC mới ban hành, sửa đổi, bổ sung và bãi bỏ. Tổng số TTHC đang áp dụng trên địa bàn tỉnh là 1.892 thủ tục.
Toàn tỉnh tiếp nhận 452.361 hồ sơ, trong đó trực tuyến 381.204 hồ sơ (chiếm 84,27%); đã giải quyết 440.128 hồ sơ, trong đó đúng hạn và trước hạn 438.522 hồ sơ (đạt 99,64%), quá hạn 1.606 hồ sơ.
Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt 78,45%; tỷ lệ thanh toán trực tuyến đạt 45,3%.
3. Cải cách tổ chức bộ máy
Giảm 15 phòng chuyên môn, 42 đơn vị sự nghiệp công lập so với năm 2023. Tinh giản biên chế 356 người.
4. Xây dựng chính quyền điện tử
100% cơ quan hành chính sử dụng phần mềm quản lý văn bản; tỷ lệ văn bản điện tử đạt 97,8%. Có 1.250 chứng thư số được cấp cho lãnh đạo các cơ quan.
III. NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2024
1. Phấn đấu Chỉ số CCHC năm 2024 tăng ít nhất 3 bậc.
2. Tỷ lệ hồ sơ trực tuyến đạt 90%; tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,8%.
Trên đây là báo cáo công tác CCHC 6 tháng đầu năm 2024 của tỉnh./.
Nơi nhận:
- Bộ Nội vụ;
- Lưu: VT.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Hồ Thị Lan
"""


@pytest.mark.parametrize("name, text, meta_expected, headline", [
    ("nghean_snv_2024-H1.txt", NGHE_AN_SNV_H1,
     ("Nghệ An", "Sở Nội vụ", "bao_cao", "2024-H1"),
     {("procedures_total", A, 1892), ("dossiers_received", A, 452361), ("dossiers_online", A, 381204),
      ("online_dossier_rate", A, 84.27), ("dossiers_resolved", A, 440128), ("dossiers_resolved_in_time", A, 438522),
      ("on_time_rate", A, 99.64), ("dossiers_resolved_late", A, 1606), ("digitization_rate", A, 78.45),
      ("e_document_rate", A, 97.8), ("digital_signatures", A, 1250)}),
    ("binhdinh_snv_2025-plan.txt", BINH_DINH_SNV_PLAN_2025,
     ("Bình Định", "Sở Nội vụ", "ke_hoach", "2025-Y"),
     {("online_dossier_rate", T, 60), ("digitization_rate", T, 100),
      ("satisfaction_rate", T, 95), ("e_document_rate", T, 100)}),
    ("lamdong_ttpvhcc_2024-M10.txt", LAM_DONG_TTPVHCC_M10,
     ("Lâm Đồng", "Trung tâm Phục vụ hành chính công", "bao_cao", "2024-M10"),
     {("dossiers_received", A, 6832), ("dossiers_received", C, 4.2), ("dossiers_online", A, 5914),
      ("online_dossier_rate", A, 86.6), ("dossiers_in_person", A, 781), ("dossiers_postal", A, 137),
      ("dossiers_resolved", A, 6701), ("dossiers_resolved_early", A, 5120), ("dossiers_resolved_on_time", A, 1560),
      ("dossiers_resolved_late", A, 21), ("late_rate", A, 0.31), ("dossiers_pending", A, 131),
      ("dossiers_pending_not_due", A, 128), ("dossiers_pending_overdue", A, 3), ("satisfaction_rate", A, 99.2)}),
])
def test_whole_documents(tmp_path, name, text, meta_expected, headline):
    from pipeline import extract_file
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    rec = extract_file(path)
    meta = rec["meta"]
    assert (meta["province"], meta["agency"], meta["doc_type"], meta["period"]) == meta_expected
    got_headline = {(m["indicator"], m["kind"], m["value"]) for m in rec["indicators"]
                    if BY_ID[m["indicator"]].core and m["scope"] is None and m["period"] is None
                    and (m["qualifier"] is None or m["approximate"])}
    assert got_headline == headline
    assert not rec["findings"]
    # figures of other periods carry theirs (extract.indicators.figure_period): the direction section's targets are
    # the next half year's, a plan's look back is last year's, a monthly report's year to date is its own row
    other = {(m["indicator"], m["value"], m["period"]) for m in rec["indicators"] if m["period"]}
    assert other == {
        "nghean_snv_2024-H1.txt": {("online_dossier_rate", 90, "2024-H2"), ("on_time_rate", 99.8, "2024-H2"),
                                   ("satisfaction_rate", 82.6, "2023-Y")},     # SIPAS in %, last year's
        "binhdinh_snv_2025-plan.txt": {("on_time_rate", 99.1, "2024-Y")},
        "lamdong_ttpvhcc_2024-M10.txt": {("dossiers_received", 61245, "2024-10M")}}[name]

