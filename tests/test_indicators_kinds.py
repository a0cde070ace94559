"""Actual, target and change: a target is never an actual."""
from __future__ import annotations

from indicator_helpers import extract, triples, values

PLAN = {"doc_type": "ke_hoach"}


def test_targets_in_a_plan():
    ms = extract("2.1. Mục tiêu:",
                 "- Tỷ lệ hồ sơ giải quyết trực tuyến mức độ 3 và 4 trên tổng số hồ sơ đạt tối thiểu 99%.",
                 "- Tối thiểu 30% hồ sơ thủ tục hành chính tiếp nhận tại Trung tâm Hành chính công được số hóa.",
                 "- Tỷ lệ giải quyết hồ sơ đúng hạn và trước hạn đạt tối thiểu",
                 "99%; Mức độ hài lòng của người dân, doanh nghiệp về giải quyết thủ tục hành chính",
                 "đạt tối thiểu 95%.", meta=PLAN)
    assert triples(ms) >= {("online_dossier_rate", 99, "target"), ("digitization_rate", 30, "target"),
                           ("on_time_rate", 99, "target"), ("satisfaction_rate", 95, "target")}
    assert not [m for m in ms if m.kind == "actual"]


def test_no_figure_of_a_plan_is_an_actual_even_without_target_words():
    ms = extract("KẾ HOẠCH", "Cải cách hành chính năm 2024",
                 "- 100% hồ sơ được số hóa; tiếp nhận 2.000 hồ sơ trực tuyến.", heading=None)
    assert ms and all(m.kind == "target" for m in ms)


def test_plan_detected_from_the_title_when_metadata_is_missing():
    ms = extract("KẾ HOẠCH", "Tỷ lệ giải quyết hồ sơ đúng hạn đạt 98%.", meta={"doc_type": None})
    assert triples(ms) == {("on_time_rate", 98, "target")}


def test_direction_section_of_a_report_holds_targets():
    ms = extract("II. KẾT QUẢ THỰC HIỆN",
                 "Tỷ lệ giải quyết hồ sơ đúng hạn và trước hạn đạt 99,5%.",
                 "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM QUÝ TIẾP THEO",
                 "- Duy trì tỷ lệ giải quyết hồ sơ đúng hạn và trước hạn đạt 99%; 100% hồ sơ được số hóa.",
                 "V. KIẾN NGHỊ, ĐỀ XUẤT",
                 "Đề nghị bổ sung chức năng tra cứu; 100% hồ sơ được số hóa trong quý này.")
    assert ("on_time_rate", 99.5, "actual") in triples(ms)
    assert {("on_time_rate", 99, "target"), ("digitization_rate", 100, "target")} <= triples(ms)
    assert ("on_time_rate", 99, "actual") not in triples(ms)
    assert ("digitization_rate", 100, "actual") in triples(ms)      # after the section closed


def test_target_words_anywhere():
    ms = extract("Phấn đấu tỷ lệ hồ sơ giải quyết trực tuyến đạt 90% trở lên.",
                 "Tiếp tục duy trì mức độ hài lòng của người dân đạt tối thiểu 93%.")
    assert triples(ms) == {("online_dossier_rate", 90, "target"), ("satisfaction_rate", 93, "target")}


def test_a_commitment_in_a_results_section_is_left_out():
    # "đảm bảo tỷ lệ đạt 100%" may be a result or a promise: nothing rather than a wrong kind
    ms = extract("Thực hiện số hoá thành phần hồ sơ, kết quả giải quyết TTHC, đảm bảo tỷ lệ đạt 100%.")
    assert values(ms, None) == set()


def test_target_list_opened_in_a_report():
    ms = extract("Trong đó xác định một số nhiệm vụ trọng tâm năm 2024, cụ thể:",
                 "- Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98%;",
                 "- Những kết quả nổi bật đạt được trong kỳ báo cáo:",
                 "+ Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,2%.")
    assert triples(ms) == {("on_time_rate", 98, "target"), ("on_time_rate", 99.2, "actual")}


def test_compared_with_a_target_is_still_an_actual():
    ms = extract("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99%, vượt chỉ tiêu đề ra.")
    assert triples(ms) == {("on_time_rate", 99, "actual")}


def test_changes_are_signed():
    ms = extract("Tiếp nhận, giải quyết 3924 hồ sơ trực tuyến, đạt tỷ lệ 67,73%/ tổng số hồ sơ, tăng 20,73% so "
                 "với 6 tháng đầu năm 2020.")
    assert ("online_dossier_rate", 20.73, "change") in triples(ms)
    ms = extract("Tỷ lệ hồ sơ giải quyết trực tuyến đạt 80%, giảm 3,86% so với cùng kỳ năm trước.")
    assert ("online_dossier_rate", -3.86, "change") in triples(ms)
    assert ("online_dossier_rate", 80, "actual") in triples(ms)


def test_a_change_without_a_reference_period_is_left_out():
    assert values(extract("Giảm bình quân 1.5%/năm chi trực tiếp ngân sách; đã tiếp nhận 20 hồ sơ."), None) == {
        ("dossiers_received", 20)}


def test_a_results_heading_naming_the_targets_is_not_a_target_section():
    ms = extract("III. KẾT QUẢ ĐẠT ĐƯỢC SO VỚI MỤC TIÊU", "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,1%.")
    assert triples(ms) == {("on_time_rate", 99.1, "actual")}
