"""Document metadata from the layout of administrative documents: header, title, place-date line,
body, footnotes, signature. Documents are built the way readers build them (one block a line, tables
as cells), in provinces, agencies and periods other than the dev reports."""
import unicodedata
from pathlib import Path

import pytest

from extract.document.metadata import META_KEYS, find_metadata
from extract.model import DocumentBuilder

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def make(lines, nfd=False):
    b = DocumentBuilder("t.txt", "0", "txt")
    for line in lines:
        if isinstance(line, list):
            b.add_table(line)
        else:
            b.add("paragraph", line)
    d = b.build()
    if nfd:
        d.text = unicodedata.normalize("NFD", d.text)
    return d


def core(meta):
    return {k: meta[k] for k in META_KEYS}


QUANG_NGAI_TU_PHAP = [
    "UBND TỈNH QUẢNG NGÃI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỞ TƯ PHÁP Độc lập - Tự do - Hạnh phúc",
    "Số: 125/BC-STP Quảng Ngãi, ngày 15 tháng 3 năm 2022", "BÁO CÁO",
    "Kết quả thực hiện công tác cải cách hành chính Quý I/2022",
    "Kính gửi: Sở Nội vụ tỉnh Quảng Ngãi.",
    "Căn cứ Kế hoạch số 10/KH-UBND ngày 10/01/2022 của UBND tỉnh về cải cách hành chính năm 2022.",
    "Tiếp nhận 120 hồ sơ (Từ ngày 15/12/2021 đến ngày 14/3/2022), có 2 hồ sơ trễ hạn.",
    "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "(Đã ký)", "NGUYỄN VĂN AN"]


@pytest.mark.parametrize("nfd", [False, True])
def test_uppercase_header_quarter_and_signer(nfd):
    m = find_metadata(make(QUANG_NGAI_TU_PHAP, nfd))
    assert core(m) == {
        "province": "Quảng Ngãi", "province_code": "51", "province_2025": "Quảng Ngãi", "agency": "Sở Tư pháp",
        "doc_type": "bao_cao", "doc_number": "125/BC-STP", "issue_date": "2022-03-15",
        "period": "2022-Q1", "period_start": "2022-01-01", "period_end": "2022-03-31",
        "window_start": "2021-12-15", "window_end": "2022-03-14", "signer": "Nguyễn Văn An"}
    assert m["agency_code"] == "STP" and m["province_2025_code"] == "51" and m["window_source"] == "fits_period"


def test_evidence_points_into_the_text():
    d = make(QUANG_NGAI_TU_PHAP)
    ev = find_metadata(d)["evidence"]
    for field in ("province", "agency", "doc_type", "doc_number", "issue_date", "period", "window", "signer"):
        e = ev[field]
        assert d.text[e["start"]:e["end"]] == e["quote"] and e["page"] == 1
    assert ev["period"]["quote"] == "Quý I/2022"
    assert ev["window"]["quote"] == "Từ ngày 15/12/2021 đến ngày 14/3/2022"


def test_district_people_committee_nine_months():
    m = find_metadata(make([
        "ỦY BAN NHÂN DÂN HUYỆN LONG THÀNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Số: 88/BC-UBND Long Thành, ngày 20 tháng 9 năm 2023", "BÁO CÁO",
        "Công tác cải cách hành chính 9 tháng đầu năm 2023",
        "Thực hiện Kế hoạch của UBND tỉnh Đồng Nai, UBND huyện báo cáo như sau:",
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Bình"]))
    assert (m["province"], m["agency"], m["doc_number"], m["issue_date"], m["period"], m["signer"]) == \
        ("Đồng Nai", "UBND huyện Long Thành", "88/BC-UBND", "2023-09-20", "2023-9M", "Trần Thị Bình")


def test_service_centre_signature_in_a_table_and_labelled_footnote():
    m = find_metadata(make([
        "UBND TỈNH BẮC GIANG", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "Số: 15/BC-TTPVHCC",
        "Bắc Giang, ngày 05 tháng 10 năm 2024", "BÁO CÁO", "Kết quả giải quyết thủ tục hành chính 9 tháng năm 2024",
        "Số liệu tính từ ngày 15/12/2023 đến ngày 14/9/2024.",
        [["Nơi nhận:\n- UBND tỉnh;", "GIÁM ĐỐC"], ["- Lưu: VT.", "Hoàng Văn Cường"]]]))
    assert (m["province"], m["province_2025"], m["agency"], m["period"], m["window_start"], m["window_end"],
            m["signer"]) == ("Bắc Giang", "Bắc Ninh", "Trung tâm Phục vụ hành chính công", "2024-9M",
                             "2023-12-15", "2024-09-14", "Hoàng Văn Cường")


def test_cong_van_has_no_title_line():
    m = find_metadata(make([
        "SỞ CÔNG THƯƠNG TỈNH THANH HOÁ", "Số: 733/SCT-VP", "V/v báo cáo kết quả cải cách hành chính",
        "Thanh Hoá, ngày 3 tháng 7 năm 2023", "Kính gửi: Sở Nội vụ.", "Sở Công Thương báo cáo như sau."]))
    assert (m["doc_type"], m["doc_number"], m["agency"], m["province"], m["province_as_written"], m["issue_date"]) == \
        ("cong_van", "733/SCT-VP", "Sở Công Thương", "Thanh Hóa", "Thanh Hóa", "2023-07-03")  # readers re-place tone marks


def test_no_header_province_from_addresses_agency_from_the_body():
    m = find_metadata(make([
        "BÁO CÁO Tình hình giải quyết thủ tục hành chính 6 tháng cuối năm 2022",
        "Sở Xây dựng trân trọng báo cáo kết quả như sau (chi tiết tại sxd.hanoi.gov.vn, sxd@hanoi.gov.vn).",
        "Học tập và làm theo tư tưởng Hồ Chí Minh; trao đổi kinh nghiệm với tỉnh Bắc Ninh.",
        "GIÁM ĐỐC", "Lê Minh Hà"]))
    assert (m["province"], m["province_code"], m["agency"], m["doc_type"], m["doc_number"], m["period"], m["signer"]) == \
        ("Hà Nội", "01", "Sở Xây dựng", "bao_cao", None, "2022-H2", "Lê Minh Hà")


def test_city_plan_and_post_merger_huế():
    m = find_metadata(make([
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "SỞ NỘI VỤ", "Số: 12/KH-SNV",
        "Thành phố Hồ Chí Minh, ngày 5 tháng 1 năm 2024", "KẾ HOẠCH", "Cải cách hành chính năm 2024",
        "Căn cứ Quyết định số 1/QĐ-UBND ngày 02/01/2024 về nhiệm vụ năm 2023."]))
    assert (m["province"], m["province_code"], m["agency"], m["doc_type"], m["period"], m["period_end"]) == \
        ("Hồ Chí Minh", "79", "Sở Nội vụ", "ke_hoach", "2024-Y", "2024-12-31")
    m = find_metadata(make([
        "UBND THÀNH PHỐ HUẾ", "SỞ CÔNG THƯƠNG", "Số:    /BC-SCT", "Huế, ngày    tháng 4 năm 2025",
        "BÁO CÁO", "Công tác cải cách hành chính tháng 4 năm 2025"]))
    assert (m["province"], m["province_code"], m["province_2025"], m["doc_number"], m["issue_date"], m["period"]) == \
        ("Huế", "46", "Huế", "/BC-SCT", None, "2025-M04")


def test_provincial_people_committee_is_ubnd_tinh():
    m = find_metadata(make([
        "ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU", "Số: 200/BC-UBND", "Bà Rịa - Vũng Tàu, ngày 10 tháng 12 năm 2022",
        "BÁO CÁO", "Kết quả công tác cải cách hành chính năm 2022", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Phạm Viết Thanh"]))
    assert (m["province"], m["province_2025"], m["province_2025_code"], m["agency"], m["period"], m["signer"]) == \
        ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh", "79", "UBND tỉnh", "2022-Y", "Phạm Viết Thanh")


def test_window_that_fits_the_period_wins_over_an_earlier_one():
    m = find_metadata(make([
        "BÁO CÁO", "Kết quả cải cách hành chính Quý III năm 2023 của Sở Công Thương tỉnh Đồng Nai",
        "Kiểm tra từ ngày 03/7/2023 đến ngày 07/7/2023 tại các phòng.",
        "Dịch vụ công (số liệu tính từ 15/6/2022 đến ngày 13/9/2023); hồ sơ đúng hạn 99,99% "
        "(số liệu tính từ 15/6/2023 đến ngày 13/9/2023)."]))
    assert (m["period"], m["window_start"], m["window_end"], m["window_source"]) == \
        ("2023-Q3", "2023-06-15", "2023-09-13", "fits_period")


def test_labelled_window_when_none_fits_and_no_unlabelled_guess():
    m = find_metadata(make(["BÁO CÁO", "Công tác CCHC 6 tháng đầu năm 2021",
                            "Hội thi diễn ra từ ngày 10/5/2021 đến ngày 12/5/2021.",
                            "Số liệu được lấy từ ngày 01/01/2021 đến hết ngày 09/6/2021."]))
    assert (m["window_start"], m["window_end"], m["window_source"]) == ("2021-01-01", "2021-06-09", "labelled")
    m = find_metadata(make(["BÁO CÁO", "Công tác CCHC 6 tháng đầu năm 2021",
                            "Hội thi diễn ra từ ngày 10/5/2021 đến ngày 12/5/2021."]))
    assert (m["window_start"], m["window_end"]) == (None, None)


def test_window_start_without_year():
    m = find_metadata(make(["BÁO CÁO", "Công tác cải cách hành chính tháng 01/2025",
                            "(số liệu từ ngày 15/12 đến ngày 14/01/2025)"]))
    assert (m["window_start"], m["window_end"]) == ("2024-12-15", "2025-01-14")


def test_markdown_title_and_bold_signature():
    m = find_metadata(make(["Số: 45/BC-SCT", "Quảng Ngãi, ngày 09 tháng 6 năm 2021", "## BÁO CÁO",
                            "**Công tác CCHC 6 tháng đầu năm 2021**", "**GIÁM ĐỐC**", "**Nơi nhận:**",
                            "- Sở Nội vụ;", "**Võ Văn Rân**"]))
    assert (m["doc_type"], m["doc_number"], m["period"], m["signer"]) == ("bao_cao", "45/BC-SCT", "2021-H1", "Võ Văn Rân")


def test_type_word_inside_a_sentence_is_not_a_title():
    m = find_metadata(make(["Sở Công Thương báo cáo kết quả năm 2021 như sau:", "Kế hoạch năm 2022 đã ban hành."]))
    # no title, number or date line: none of the official types
    assert m["doc_type"] == "other" and m["agency"] == "Sở Công Thương"


def test_official_layout_without_title_takes_no_period_from_the_body():
    m = find_metadata(make(["Quảng Ngãi, ngày 09 tháng 6 năm 2021", "Sở Công Thương đã tiếp nhận hồ sơ năm 2021.",
                            "Kế hoạch năm 2022 đã ban hành."]))
    assert m["issue_date"] == "2021-06-09" and m["period"] is None


def test_news_summary_period_from_headline_or_lead():
    m = find_metadata(make(["Đồng Tháp: hồ sơ được giải quyết đúng hạn tăng",
                            "Theo Văn phòng UBND tỉnh, 9 tháng năm 2024, toàn tỉnh tiếp nhận 52.000 hồ sơ, "
                            "tăng so với cùng kỳ năm 2023."]))
    assert (m["province"], m["period"], m["doc_type"]) == ("Đồng Tháp", "2024-9M", "other")
    m = find_metadata(make(["Kế hoạch cải cách hành chính năm 2025", "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99%."]))
    assert (m["doc_type"], m["period"]) == ("ke_hoach", "2025-Y")     # a title in small letters
    # a lead without a year does not guess one, and a third paragraph is no longer the lead
    m = find_metadata(make(["Hồ sơ trực tuyến tăng mạnh", "Trong 6 tháng đầu năm, tỉnh tiếp nhận 4.000 hồ sơ.",
                            "Năm 2025, tỉnh phấn đấu đạt 99%."]))
    assert m["period"] is None


def test_period_from_the_closing_sentence_when_the_title_has_none():
    m = find_metadata(make(["KẾ HOẠCH", "Cải cách hành chính", "I. MỤC TIÊU",
                            "Trên đây là Kế hoạch cải cách hành chính năm 2022 của Sở Công Thương./."]))
    assert (m["doc_type"], m["period"]) == ("ke_hoach", "2022-Y")


def test_empty_document_has_every_key_and_nothing_invented():
    m = find_metadata(make([]))
    assert all(m[k] is None for k in META_KEYS)


@pytest.mark.parametrize("name,expected", [
    ("bacgiang_sct_2025-M04.txt", {"province": "Bắc Giang", "province_2025": "Bắc Ninh", "agency": "Sở Công Thương",
                                   "doc_type": "bao_cao", "doc_number": "/BC-SCT", "issue_date": None,
                                   "period": "2025-M04", "window_start": "2025-03-15", "window_end": "2025-04-14",
                                   "signer": "Dương Ngọc Chiên"}),
    ("quangngai_sct_2021-H1.txt", {"province": "Quảng Ngãi", "issue_date": "2021-06-09", "period": "2021-H1",
                                   "window_start": None, "signer": "Võ Văn Rân"}),
    ("dongnai_sct_2021-H1.txt", {"province": "Đồng Nai", "province_as_written": "Đông Nai", "period": "2021-H1",
                                 "window_start": "2020-12-15", "window_end": "2021-06-14",
                                 "signer": "Trương Thị Mỹ Dung"}),
    ("dongnai_sct_2022-plan.txt", {"doc_type": "ke_hoach", "doc_number": "/KH-SCT", "period": "2022-Y",
                                   "signer": "Nguyễn Trí Phương"}),
    ("dongnai_sct_2023-Q3.txt", {"province": "Đồng Nai", "agency": "Sở Công Thương", "doc_number": None,
                                 "period": "2023-Q3", "window_start": "2023-06-15", "window_end": "2023-09-13"}),
])
def test_real_reports(name, expected):
    path = FIXTURES / name
    if not path.exists():
        pytest.skip(f"{name} not in fixtures")
    from extract.readers import read_document
    m = find_metadata(read_document(path))
    assert {k: m[k] for k in expected} == expected


def test_title_month_without_its_year_takes_the_titles_year():
    m = find_metadata(make(["BÁO CÁO", "Kết quả công tác cải cách hành chính tháng 4 và phương hướng tháng 5 năm 2025",
                            "Kính gửi: Sở Nội vụ tỉnh Bắc Ninh."]))
    assert (m["period"], m["province"]) == ("2025-M04", "Bắc Ninh")


@pytest.mark.parametrize("header, agency", [("CÔNG AN TỈNH", "Công an tỉnh"), ("CÔNG AN TỈNH KHÁNH HÒA", "Công an tỉnh"),
                                            ("CỤC THUẾ TỈNH", "Cục Thuế tỉnh"), ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
                                                                             "Sở Thông tin và Truyền thông")])
def test_a_central_bodys_provincial_agency_from_an_upper_case_header(header, agency):
    m = find_metadata(make(["UBND TỈNH KHÁNH HÒA", header, "Số: 12/BC-CAT", "Khánh Hòa, ngày 05 tháng 7 năm 2024",
                            "BÁO CÁO", "Kết quả giải quyết TTHC 6 tháng đầu năm 2024"]))
    assert (m["agency"], m["province"]) == (agency, "Khánh Hòa")     # not "Công an Tỉnh"


def test_a_district_office_under_its_committee():
    m = find_metadata(make(["UBND HUYỆN LẠC DƯƠNG", "PHÒNG NỘI VỤ", "Số: 12/BC-PNV", "Lạc Dương, ngày 05 tháng 7 năm 2024",
                            "BÁO CÁO", "Kết quả công tác cải cách hành chính 6 tháng đầu năm 2024"]))
    assert (m["agency"], m["agency_code"], m["period"]) == ("Phòng Nội vụ", "PNV", "2024-H1")
