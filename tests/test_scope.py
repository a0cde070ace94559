"""Whose figure it is (extract/scope.py, data/scopes.yaml): one test per family of scope phrasing.
The sentences are written for these tests, in the way provincial reports put them."""
from __future__ import annotations

from indicator_helpers import extract

PROVINCE = {"agency": "UBND tỉnh", "province": "Hà Giang"}
DISTRICT = {"agency": "UBND huyện Yên Minh", "province": "Hà Giang"}
SO = {"agency": "Sở Tư pháp", "province": "Hà Giang"}


def scoped(ms) -> set:
    out = set()
    for m in ms:
        sc = m.scope or {}
        out.add((m.indicator, m.value, sc.get("level"), sc.get("unit")))
    return out


def test_level_in_the_subject_carries_over_its_clauses():
    ms = extract("Tổng số hồ sơ cấp xã đã giải quyết là 52.310 hồ sơ; trong đó: số hồ sơ giải quyết trước và "
                 "đúng hạn là 52.004 (tỷ lệ 99,42%), số hồ sơ trễ hạn là 306.", meta=PROVINCE)
    assert scoped(ms) == {("dossiers_resolved", 52310, "commune", None),
                          ("dossiers_resolved_in_time", 52004, "commune", None),
                          ("on_time_rate", 99.42, "commune", None),
                          ("dossiers_resolved_late", 306, "commune", None)}


def test_departments_together_are_the_provincial_level():
    ms = extract("Các sở, ban, ngành đã tiếp nhận 18.240 hồ sơ, giải quyết đúng hạn đạt 98,7%.", meta=PROVINCE)
    assert scoped(ms) == {("dossiers_received", 18240, "provincial", None),
                          ("on_time_rate", 98.7, "provincial", None)}


def test_levels_together_and_the_whole_province():
    ms = extract("Cấp huyện và cấp xã tiếp nhận 7.015 hồ sơ. Toàn tỉnh tiếp nhận 25.255 hồ sơ.", meta=PROVINCE)
    assert scoped(ms) == {("dossiers_received", 7015, "district,commune", None),
                          ("dossiers_received", 25255, None, None)}


def test_breakdown_by_level_in_brackets():
    ms = extract("Tổng số TTHC thuộc thẩm quyền giải quyết trên địa bàn tỉnh là 1.820 (trong đó, cấp tỉnh "
                 "1.402 TTHC, cấp huyện 265 TTHC, cấp xã 153 TTHC).", meta=PROVINCE)
    assert scoped(ms) == {("procedures_total", 1820, None, None), ("procedures_total", 1402, "provincial", None),
                          ("procedures_total", 265, "district", None), ("procedures_total", 153, "commune", None)}


def test_a_phrase_after_the_figure_names_its_level():
    ms = extract("Đã cấp 2.410 chứng thư số, trong đó 930 chứng thư thuộc các đơn vị cấp tỉnh và 1.480 chứng thư "
                 "ở cấp xã.", meta=PROVINCE)
    assert scoped(ms) == {("digital_signatures", 2410, None, None), ("digital_signatures", 930, "provincial", None),
                          ("digital_signatures", 1480, "commune", None)}


def test_opener_carries_to_the_next_sentences_of_its_paragraph():
    ms = extract("Ở cấp huyện, tổng số hồ sơ đã tiếp nhận là 6.120 hồ sơ. Số hồ sơ đã giải quyết là 5.980 hồ sơ.",
                 "Số hồ sơ trực tuyến là 3.000 hồ sơ.", meta=PROVINCE)
    assert scoped(ms) == {("dossiers_received", 6120, "district", None), ("dossiers_resolved", 5980, "district", None),
                          ("dossiers_online", 3000, None, None)}


def test_heading_names_the_level_of_what_follows():
    ms = extract("b) Cấp xã", "Tiếp nhận 9.870 hồ sơ, đã giải quyết 9.801 hồ sơ.", meta=PROVINCE)
    assert scoped(ms) == {("dossiers_received", 9870, "commune", None), ("dossiers_resolved", 9801, "commune", None)}


def test_named_district_from_x_down_to_y():
    ms = extract("Tỷ lệ hồ sơ trễ hạn của huyện Bắc Mê giảm từ 6,40% xuống còn 1,15%.", meta=PROVINCE)
    assert ("late_rate", 1.15, "district", "huyện Bắc Mê") in scoped(ms)
    assert not [m for m in ms if m.value == 6.4 and m.kind == "actual"]     # the earlier value is no result


def test_named_agencies_in_a_list():
    ms = extract("Tổng số TTHC thuộc thẩm quyền của các cơ quan ngành dọc là 310 TTHC (Công an tỉnh 160 TTHC; "
                 "Bảo hiểm xã hội tỉnh 30 TTHC; Cục Thuế tỉnh 120 TTHC).", meta=PROVINCE)
    got = scoped(ms)
    assert ("procedures_total", 160, "agency", "Công an tỉnh") in got
    assert ("procedures_total", 30, "agency", "Bảo hiểm xã hội tỉnh") in got
    assert ("procedures_total", 120, "agency", "Cục Thuế tỉnh") in got
    assert all(m.qualifier is None for m in ms if m.value in (160, 30, 120))   # the unit is the scope, not a breakdown


def test_province_in_a_ranking_bracket_and_the_nation_left_out():
    ms = extract("Tỷ lệ hồ sơ trực tuyến của tỉnh đạt 72,5%, đứng sau Cần Thơ (81,02%).",
                 "Bình quân chung cả nước tỷ lệ hồ sơ trực tuyến đạt 55,4%.", meta=PROVINCE)
    got = scoped(ms)
    assert ("online_dossier_rate", 72.5, None, None) in got
    assert ("online_dossier_rate", 81.02, "province", "Cần Thơ") in got
    assert not any(v == 55.4 for _, v, *_ in got)      # the nation's figure is nobody's in this table


def test_own_subject_is_null_for_a_department_and_a_district_whole():
    ms = extract("Sở Tư pháp đã tiếp nhận 1.204 hồ sơ thuộc thẩm quyền cấp tỉnh.", meta=SO)
    assert scoped(ms) == {("dossiers_received", 1204, None, None)}
    # a district's report: its own offices (cấp huyện) are the district level, only the sum is null
    ms = extract("Cấp huyện tiếp nhận 3.400 hồ sơ; cấp xã tiếp nhận 8.100 hồ sơ. Cấp huyện và cấp xã tiếp nhận "
                 "11.500 hồ sơ.", meta=DISTRICT)
    assert scoped(ms) == {("dossiers_received", 3400, "district", None), ("dossiers_received", 8100, "commune", None),
                          ("dossiers_received", 11500, None, None)}


def test_actor_is_not_the_owner():
    ms = extract("Theo kết quả đánh giá của Bộ Nội vụ, tỷ lệ hồ sơ trực tuyến của tỉnh đạt 68,2%.", meta=PROVINCE)
    assert scoped(ms) == {("online_dossier_rate", 68.2, None, None)}


def test_nfd_and_old_tone_marks_find_the_same_level():
    import unicodedata
    text = unicodedata.normalize("NFD", "Cấp xã đã giải quyết 4.500 hồ sơ, đạt tỷ lệ đúng hạn 99,1%.")
    # the builder normalises to NFC; the phrase must still be found
    ms = extract(text, meta=PROVINCE)
    assert ("dossiers_resolved", 4500, "commune", None) in scoped(ms)
    ms = extract("UBND các xã đã số hoá 88,5% hồ sơ.", meta=PROVINCE)
    assert {(m.scope or {}).get("level") for m in ms} == {"commune"}


def test_table_rows_name_the_level_and_numbering_carries_it():
    rows = [["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"],
            ["3.1.", "Tỷ lệ hồ sơ do các sở, ngành tiếp nhận được giải quyết đúng hạn", "%", "98,20"],
            ["3.1.1.", "Tổng số hồ sơ đã giải quyết xong", "Hồ sơ", "41.200"],
            ["3.2.", "Tỷ lệ hồ sơ do UBND cấp xã tiếp nhận được giải quyết đúng hạn", "%", "99,60"],
            ["3.2.1.", "Tổng số hồ sơ đã giải quyết xong", "Hồ sơ", "88.450"]]
    ms = extract(rows, meta=PROVINCE)
    assert scoped(ms) == {("on_time_rate", 98.2, "provincial", None), ("dossiers_resolved", 41200, "provincial", None),
                          ("on_time_rate", 99.6, "commune", None), ("dossiers_resolved", 88450, "commune", None)}


def test_table_of_districts_gives_each_row_its_unit():
    rows = [["STT", "Đơn vị", "Số hồ sơ tiếp nhận", "Tỷ lệ đúng hạn (%)"],
            ["1", "Huyện Đồng Văn", "1.200", "99,5"],
            ["2", "Huyện Mèo Vạc", "980", "98,9"]]
    ms = extract(rows, meta=PROVINCE)
    got = scoped(ms)
    assert ("dossiers_received", 1200, "district", "Huyện Đồng Văn") in got
    assert ("on_time_rate", 98.9, "district", "Huyện Mèo Vạc") in got


def test_agencies_in_a_ranking_and_tiep_theo_is_no_actor():
    ms = extract("Sở Tư pháp dẫn đầu với tỷ lệ hồ sơ đúng hạn 100%, tiếp theo là Sở Y tế (99,8%) và "
                 "Sở Giao thông vận tải (99,5%).", meta=PROVINCE)
    assert scoped(ms) == {("on_time_rate", 100, "agency", "Sở Tư pháp"), ("on_time_rate", 99.8, "agency", "Sở Y tế"),
                          ("on_time_rate", 99.5, "agency", "Sở Giao thông vận tải")}


def test_a_subject_is_no_opener_for_the_next_sentence():
    ms = extract("UBND huyện đã tiếp nhận 5.200 hồ sơ. UBND các xã, thị trấn tiếp nhận 3.100 hồ sơ. "
                 "Bộ phận Một cửa huyện tiếp nhận 2.100 hồ sơ.", meta=DISTRICT)
    assert scoped(ms) == {("dossiers_received", 5200, None, None), ("dossiers_received", 3100, "commune", None),
                          ("dossiers_received", 2100, "district", None)}   # its own one-stop office (GOLD.md)


def test_the_districts_and_communes_named_in_plural():
    ms = extract("Phòng Nội vụ các huyện đã tiếp nhận 120 hồ sơ; các xã tiếp nhận 430 hồ sơ.", meta=SO)
    assert scoped(ms) == {("dossiers_received", 120, "district", None), ("dossiers_received", 430, "commune", None)}


def test_a_numbered_heading_ends_the_list_above_it():
    # the heading's next line starts with a figure: it is the section's text, not a wrapped heading
    ms = extract("Kết quả cụ thể của các xã, thị trấn:", "3. Hiện đại hóa hành chính",
                 "100% cơ quan sử dụng phần mềm; tỷ lệ văn bản điện tử đạt 98,7%.", meta=DISTRICT)
    assert ("e_document_rate", 98.7, None, None) in scoped(ms)
