"""One test per phrasing family of data/indicators.yaml; several sentences are written the way other
provinces write them (not taken from the dev reports)."""
from __future__ import annotations

from indicator_helpers import extract, values


def test_received_with_breakdown_in_brackets():
    ms = extract("Trong 06 tháng đầu năm 2021 (tính đến 06/6) đã tiếp nhận 6.279 hồ sơ (trong đó: trực tuyến "
                 "3924 hồ sơ, trực tiếp 2.338 hồ sơ, 17 hồ sơ kỳ trước chuyển qua).")
    assert values(ms) == {("dossiers_received", 6279), ("dossiers_online", 3924), ("dossiers_in_person", 2338),
                          ("dossiers_carried_over", 17)}


def test_received_list_after_trong_do_with_colons():
    ms = extract("Sở Công Thương đã tiếp nhận tổng số: 331 hồ sơ, trong đó: kỳ trước chuyển sang là 6 hồ sơ, "
                 "trong kỳ là 325 hồ sơ; đã trả kết quả 322 hồ sơ, trong đó hồ sơ giải quyết trước hạn là: 319; "
                 "đúng hạn là 3 hồ sơ, quá hạn là 0 hồ sơ; hồ sơ đang giải quyết là 9 trong đó: chưa đến hạn là 9, "
                 "quá hạn là 0 hồ sơ; hồ sơ yêu cầu bổ sung là 0 hồ sơ.")
    assert values(ms) == {("dossiers_received", 331), ("dossiers_carried_over", 6), ("dossiers_new", 325),
                          ("dossiers_resolved", 322), ("dossiers_resolved_early", 319),
                          ("dossiers_resolved_on_time", 3), ("dossiers_resolved_late", 0),
                          ("dossiers_pending", 9), ("dossiers_pending_not_due", 9), ("dossiers_pending_overdue", 0)}


def test_resolved_subject_carries_over_to_list():
    ms = extract("Đã giải quyết 6.264 hồ sơ, trong đó: trước hạn 5.000, đúng hạn 1.000, quá hạn 264.")
    assert values(ms) == {("dossiers_resolved", 6264), ("dossiers_resolved_early", 5000),
                          ("dossiers_resolved_on_time", 1000), ("dossiers_resolved_late", 264)}


def test_pending_with_bracketed_split():
    ms = extract("Hiện còn đang giải quyết 9 hồ sơ (chưa đến hạn là 9, quá hạn là 0 hồ sơ).")
    assert values(ms) == {("dossiers_pending", 9), ("dossiers_pending_not_due", 9), ("dossiers_pending_overdue", 0)}


def test_pending_in_time_states_both():
    ms = extract("Đã giải quyết 6.264 hồ sơ, 15 hồ sơ trong hạn đang giải quyết.")
    assert values(ms) == {("dossiers_resolved", 6264), ("dossiers_pending", 15), ("dossiers_pending_not_due", 15)}


def test_number_after_the_clause_and_before_it():
    assert values(extract("Hồ sơ giải quyết trước hạn là: 319.")) == {("dossiers_resolved_early", 319)}
    assert values(extract("Có 319 hồ sơ giải quyết trước hạn.")) == {("dossiers_resolved_early", 319)}


def test_in_time_count_with_rate_in_brackets():
    ms = extract("Trả kết quả trước và đúng hạn 2.406 hồ sơ (đạt 97,12%), trễ hạn 71 hồ sơ (chiếm 2,88 %).")
    assert values(ms) == {("dossiers_resolved_in_time", 2406), ("on_time_rate", 97.12),
                          ("dossiers_resolved_late", 71), ("late_rate", 2.88)}


def test_rates_named_before_the_number():
    ms = extract("Tỷ lệ giải quyết hồ sơ đúng hạn và trước hạn đạt 99,99%; tỷ lệ chậm, quá hạn 0,01%.")
    assert values(ms) == {("on_time_rate", 99.99), ("late_rate", 0.01)}
    assert values(extract("Bộ phận Một cửa xử lý hồ sơ đạt 99,75% đúng và trước hạn.")) == {("on_time_rate", 99.75)}


def test_due_and_postal_and_new():
    ms = extract("Số hồ sơ đến hạn phải giải quyết: 2.477 hồ sơ. Số lượng hồ sơ tiếp nhận qua dịch vụ bưu chính "
                 "công ích: 102 hồ sơ. Trong quý, Sở tiếp nhận mới 2.518 hồ sơ.")
    assert values(ms) == {("dossiers_due", 2477), ("dossiers_postal", 102), ("dossiers_new", 2518)}


def test_carried_over_written_as_backlog():
    ms = extract("Hồ sơ tồn kỳ trước chuyển sang: 1.204 hồ sơ.")
    assert values(ms) == {("dossiers_carried_over", 1204)}


def test_online_count_and_rate():
    ms = extract("Hồ sơ giải quyết dịch vụ công toàn trình và một phần là 325 hồ sơ (đạt tỷ lệ dịch vụ công "
                 "trực tuyến là 100%).")
    assert values(ms) == {("dossiers_online", 325), ("online_dossier_rate", 100)}
    ms = extract("Tiếp nhận, giải quyết 3924 hồ sơ trực tuyến, đạt tỷ lệ 67,73%/ tổng số hồ sơ.")
    assert values(ms) == {("dossiers_online", 3924), ("online_dossier_rate", 67.73)}


def test_late_written_several_ways():
    assert values(extract("Trong kỳ có 03 hồ sơ bị trễ hạn.")) == {("dossiers_resolved_late", 3)}
    assert values(extract("Sở có 01 hồ sơ giải quyết chậm so với quy định.")) == {("dossiers_resolved_late", 1)}
    assert values(extract("Có 2 hồ sơ trễ hẹn do chuyển nhầm tài khoản.")) == {("dossiers_resolved_late", 2)}


def test_procedures():
    ms = extract("Tổng số TTHC thuộc thẩm quyền quản lý của cơ quan tính đến thời điểm báo cáo: 166; trong đó "
                 "số TTHC thuộc thẩm quyền giải quyết của cơ quan: 142; số TTHC do địa phương quy định: 0.")
    assert values(ms) == {("procedures_total", 166), ("procedures_total", 142)}
    ms = extract("Tổng số thủ tục cung cấp dịch vụ công trực tuyến mức độ 3, 4: 141 thủ tục; trong đó số dịch vụ "
                 "công trực tuyến có phát sinh hồ sơ: 18, đạt tỷ lệ: 13%.")
    assert values(ms) == {("procedures_online", 141), ("online_procedures_with_dossiers", 18)}


def test_procedure_counts_that_are_not_totals():
    ms = extract("Triển khai rà soát 10 TTHC trên lĩnh vực thương mại; đơn giản hóa 06 thủ tục; 02 thủ tục này "
                 "được tiếp nhận trên Cổng dịch vụ công quốc gia.")
    assert values(ms, None) == set()


def test_satisfaction():
    ms = extract("Mức độ đánh giá hài lòng của tổ chức, cá nhân qua giải quyết TTHC đạt 100%, trong đó, mức độ "
                 "rất hài lòng đạt 98,5%.")
    assert values(ms) == {("satisfaction_rate", 100), ("satisfaction_rate", 98.5)}
    assert [m.qualifier for m in ms if m.value == 98.5] == ["rất hài lòng"]
    ms = extract("100% người dân và doanh nghiệp đều đánh giá mức độ hài lòng của Bộ phận một cửa.")
    assert values(ms) == {("satisfaction_rate", 100)}
    assert values(extract("Hiện trạng công khai mức độ hài lòng của người dân là 100%.")) == set()


def test_feedback():
    assert values(extract("Sở đã tiếp nhận và xử lý 97 lượt PAKN của cá nhân và tổ chức.")) == {("feedback_received", 97)}
    assert values(extract("Kết quả tiếp nhận, xử lý phản ánh, kiến nghị: 0 phản ánh, kiến nghị.")) == {("feedback_received", 0)}


def test_digitization_old_and_new_tone_marks():
    assert values(extract("100% hồ sơ được số hoá theo quy định.")) == {("digitization_rate", 100)}
    assert values(extract("Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt 87,5%.")) == {("digitization_rate", 87.5)}


def test_e_documents():
    ms = extract("Tỷ lệ văn bản điện tử/tổng số văn bản là 18.395 văn bản, đạt 100%.")
    assert ("e_document_rate", 100) in values(ms)
    assert values(extract("Sở thực hiện gửi, nhận 100% văn bản điện tử trong nội bộ cơ quan.")) == set()


def test_tasks_fraction():
    ms = extract("Đến nay, Sở đã hoàn thành 44/54 nhiệm vụ và đang thực hiện 10/54 nhiệm vụ.")
    assert values(ms) == {("tasks_completed", 44), ("tasks_total", 54)}
    ms = extract("Có 01/29 nhiệm vụ trong kế hoạch đã hoàn thành; 24/29 nhiệm vụ thực hiện thường xuyên.")
    assert values(ms) == {("tasks_completed", 1), ("tasks_total", 29)}


def test_procedures_fraction_and_change():
    ms = extract("Sở đã áp dụng tiếp nhận hồ sơ cấp phép qua mạng đối với 116/116 (giảm 02 thủ tục so với năm "
                 "2020) thủ tục hành chính (đạt 100%).")
    assert {(m.indicator, m.value, m.kind) for m in ms if m.indicator in
            ("procedures_online", "procedures_total")} == {
        ("procedures_online", 116, "actual"), ("procedures_total", 116, "actual"), ("procedures_total", -2, "change")}


def test_digital_signatures_fraction_and_aside():
    ms = extract("Đảm bảo 100% lãnh đạo triển khai ứng dụng với 53/53 chứng thư số của Ban Cơ yếu Chính phủ.")
    assert ("digital_signatures", 53) in values(ms, None)
    ms = extract("Tích hợp ký điện tử với việc sử dụng chữ ký số (46 Chứng thư số và 7 Sim PKI).")
    assert values(ms, None) == set()


def test_other_nouns_are_not_dossiers():
    ms = extract("Sở đã kiện toàn nhân sự tiếp nhận hồ sơ, trả kết quả tại Trung tâm (trong đó có 01 nhân sự chính "
                 "và 03 nhân sự dự phòng); cử 11 lượt người tham gia lớp tập huấn; tiếp nhận 02 công chức.")
    assert values(ms, None) == set()


def test_other_province_layout_with_colons_and_brackets():
    ms = extract("Tổng số hồ sơ tiếp nhận: 1.234 hồ sơ; trong đó: tiếp nhận trực tuyến: 1.000 hồ sơ; tiếp nhận trực "
                 "tiếp: 200 hồ sơ; qua dịch vụ BCCI: 34 hồ sơ.",
                 "Số hồ sơ đã giải quyết: 1.200 hồ sơ (trước hạn: 800 hồ sơ; đúng hạn: 390 hồ sơ; quá hạn: 10 hồ sơ).",
                 "Số hồ sơ đang giải quyết: 34 hồ sơ (trong hạn: 30 hồ sơ; quá hạn: 4 hồ sơ).")
    assert values(ms) == {("dossiers_received", 1234), ("dossiers_online", 1000), ("dossiers_in_person", 200),
                          ("dossiers_postal", 34), ("dossiers_resolved", 1200), ("dossiers_resolved_early", 800),
                          ("dossiers_resolved_on_time", 390), ("dossiers_resolved_late", 10),
                          ("dossiers_pending", 34), ("dossiers_pending_not_due", 30), ("dossiers_pending_overdue", 4)}


def test_one_sentence_summary_with_rate_after_count():
    ms = extract("Kết quả giải quyết hồ sơ: tiếp nhận 1.520 hồ sơ (kỳ trước chuyển qua 20 hồ sơ, tiếp nhận mới 1.500 "
                 "hồ sơ); đã giải quyết 1.480 hồ sơ, trong đó giải quyết đúng hạn và trước hạn 1.470 hồ sơ, đạt "
                 "99,32%, quá hạn 10 hồ sơ; đang giải quyết 40 hồ sơ.")
    assert values(ms) == {("dossiers_received", 1520), ("dossiers_carried_over", 20), ("dossiers_new", 1500),
                          ("dossiers_resolved", 1480), ("dossiers_resolved_in_time", 1470), ("on_time_rate", 99.32),
                          ("dossiers_resolved_late", 10), ("dossiers_pending", 40)}


def test_bare_verb_resolved_and_digitised_results():
    ms = extract("Trong tháng, Trung tâm đã tiếp nhận 2.345 hồ sơ, giải quyết 2.300 hồ sơ.",
                 "Tỷ lệ số hóa kết quả giải quyết TTHC đạt 95%.")
    assert values(ms) == {("dossiers_received", 2345), ("dossiers_resolved", 2300), ("digitization_rate", 95)}


def test_lines_broken_like_a_pdf():
    # one block per printed line, a clause cut after ';' and after 'chưa', a number at a line end
    ms = extract("Sở đã trả kết quả 322 hồ sơ, trong đó hồ sơ giải quyết trước hạn là: 319;",
                 "đúng hạn là 3 hồ sơ, quá hạn là 0 hồ sơ; hồ sơ đang giải quyết là 9 trong đó: chưa",
                 "đến hạn là 9, quá hạn là 0 hồ sơ.",
                 "Chủ tịch UBND tỉnh có Quyết định tiếp nhận đồng chí Tỉnh ủy viên và bổ nhiệm 01",
                 "Phó Giám đốc Sở.")
    assert values(ms) == {("dossiers_resolved", 322), ("dossiers_resolved_early", 319),
                          ("dossiers_resolved_on_time", 3), ("dossiers_resolved_late", 0), ("dossiers_pending", 9),
                          ("dossiers_pending_not_due", 9), ("dossiers_pending_overdue", 0)}


def test_national_template_dossier_block_with_bare_numbers_in_brackets():
    # the national reporting template's wording: labels, colons, bare numbers, a bracket of channels
    ms = extract("Tổng số hồ sơ yêu cầu giải quyết TTHC: 1.500 hồ sơ, trong đó: số hồ sơ mới tiếp nhận: 1.450 "
                 "(trực tuyến: 900; trực tiếp và qua BCCI: 550); số hồ sơ từ kỳ trước chuyển qua: 50.")
    assert values(ms) == {("dossiers_received", 1500), ("dossiers_new", 1450), ("dossiers_online", 900),
                          ("dossiers_in_person", 550), ("dossiers_carried_over", 50)}
    # a bare number in brackets counts what the figure before it counts (not a procedure "trực tuyến")
    assert values(extract("Tiếp nhận 1.450 hồ sơ (trực tuyến 900; trực tiếp 550).")) == {
        ("dossiers_received", 1450), ("dossiers_online", 900), ("dossiers_in_person", 550)}
