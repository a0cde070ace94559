"""Indicators read from tables: two-row headers with merged cells, the total row, breakdown rows,
earlier-period columns and numbers a PDF split."""
from __future__ import annotations

from indicator_helpers import extract, triples, values

DOSSIER_TABLE = [
    ["STT", "Tên thủ tục hành chính, dịch vụ công", "Tổng số hồ sơ đã tiếp nhận",
     "Dịch vụ công trực tuyến toàn trình và dịch vụ công trực tuyến một phần", "", "Hồ sơ nộp trực tiếp", ""],
    ["", "", "", "Số hồ sơ thực hiện trực tuyến toàn trình và dịch vụ công trực tuyến một phần", "Tỷ lệ (%)",
     "Tổng số hồ sơ", "Tỷ lệ (%)"],
    ["1", "Công Thương", "9.436", "9.436", "100 %", "0", "0 %"],
    ["", "Tổng số", "9.436", "9.436", "100 %", "0", "0 %"],
]


def test_two_row_header_and_total_row():
    ms = extract("a) Kết quả triển khai dịch vụ công trực tuyến:", DOSSIER_TABLE)
    assert values(ms) == {("dossiers_received", 9436), ("dossiers_online", 9436), ("online_dossier_rate", 100),
                          ("dossiers_in_person", 0)}
    assert all(m.source == "table" and m.qualifier is None for m in ms)
    received = next(m for m in ms if m.indicator == "dossiers_received")
    assert "9.436" in received.evidence


def test_level_3_4_columns_with_percent_in_cells():
    table = [["STT", "Tên", "Tổng số hồ sơ đã tiếp nhận", "Dịch vụ công mức độ 3 và mức độ 4", "", "Hồ sơ nộp trực tiếp", ""],
             ["", "", "", "Số hồ sơ thực hiện mức độ 3 và 4", "Tỷ lệ (%)", "Tổng số hồ sơ", "Tỷ lệ (%)"],
             ["1", "Công Thương", "9.423", "9.293", "98,6%", "130", "1,4 %"],
             ["", "Tổng số", "9.423", "9.293", "98,6 %", "130", "1,4 %"]]
    assert values(extract(table)) == {("dossiers_received", 9423), ("dossiers_online", 9293),
                                      ("online_dossier_rate", 98.6), ("dossiers_in_person", 130)}


def test_unit_rows_are_breakdowns_of_the_total():
    table = [["Đơn vị", "Số hồ sơ tiếp nhận", "Đã giải quyết", "Trễ hạn"],
             ["Phòng Quản lý Công nghiệp", "120", "118", "2"],
             ["Phòng Quản lý Thương mại", "80", "80", "0"],
             ["Tổng cộng", "200", "198", "2"]]
    ms = extract(table)
    unqualified = {(m.indicator, m.value) for m in ms if m.qualifier is None}
    assert unqualified == {("dossiers_received", 200), ("dossiers_resolved", 198), ("dossiers_resolved_late", 2)}
    assert ("dossiers_received", 120, "Phòng Quản lý Công nghiệp") in {(m.indicator, m.value, m.qualifier) for m in ms}


def test_row_indicators_and_an_earlier_period_column():
    table = [["STT", "Tiêu chí", "Năm (Quý) trước", "Năm (Quý) báo cáo", ""],
             ["", "", "", "Số lượng", "Tỷ lệ"],
             ["1", "Số lượng cán bộ, công chức lãnh đạo, quản lý sử dụng chữ ký số, chứng thư số, sim PKI ký số",
              "52 (1cts do cty TS24 cấp)", "62", "100%"],
             ["2", "Số lượng cán bộ, công chức lãnh đạo, quản lý sử dụng chữ ký số do Ban Cơ yếu Chính phủ cấp",
              "51 (44cts + 7 sim PKI)", "61 (44cts + 17 sim PKI)", "100%"]]
    ms = extract(table)
    assert values(ms) == {("digital_signatures", 62), ("digital_signatures", 61)}


def test_e_document_rate_and_a_split_number():
    table = [["STT", "Cơ quan đơn vị", "Số văn bản", "", "", "Số văn bản điện tử", "", "",
              "Tỷ lệ văn bản điện tử/tổng số văn bản"],
             ["", "", "Tổng", "Gửi", "Nhận", "Tổng", "Gửi", "Nhận", ""],
             ["1", "2", "3", "4", "5", "6", "7", "8", "9"],
             ["Tổng", "", "1.039 2", "3462", "6930", "9353", "3446", "5907", "90%"]]
    ms = extract(table)
    assert ("e_document_rate", 90) in values(ms)
    # 3462 + 6930 = 10392: the split "1.039 2" is recovered only because its sibling columns prove it
    from extract.indicators.rules_table import _split_value
    paths = [["STT"], ["Cơ quan đơn vị"], ["Số văn bản", "Tổng"], ["Số văn bản", "Gửi"], ["Số văn bản", "Nhận"]]
    row = ["Tổng", "", "1.039 2", "3462", "6930"]
    assert _split_value("1.039 2", row, 2, paths) == (10392, False)
    assert _split_value("1.039 2", ["Tổng", "", "1.039 2", "3462", "6931"], 2, paths) is None


def test_plan_table_columns_are_targets():
    table = [["Chỉ tiêu", "Kết quả năm 2023", "Kế hoạch năm 2024"],
             ["Tỷ lệ hồ sơ giải quyết đúng hạn (%)", "98,5", "99"]]
    ms = extract(table)
    assert triples(ms) == {("on_time_rate", 98.5, "actual"), ("on_time_rate", 99, "target")}
