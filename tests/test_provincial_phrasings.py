"""Phrasings of provincial reports (their yearly CCHC reports, a steering committee's monthly report, a
statistics appendix), one test per family. The sentences are written for these tests."""
from __future__ import annotations

from indicator_helpers import doc_of, extract, values

PROVINCE = {"agency": "UBND tỉnh", "province": "Hà Giang"}


def kinds(ms) -> set:
    return {(m.indicator, m.value, m.kind) for m in ms}


# ---------------------------------------------------------------- counts, their parts and rates

def test_parts_of_a_count_in_brackets_count_the_same_thing():
    ms = extract("Toàn tỉnh phát sinh 3.120 hồ sơ dịch vụ công liên thông (2.400 hồ sơ liên thông khai sinh và "
                 "720 hồ sơ liên thông khai tử).")
    assert values(ms) == {("dossiers_received", 3120), ("dossiers_received", 2400), ("dossiers_received", 720)}
    ms = extract("Đã cấp 5.210 chứng thư cá nhân (4.900 Token, 310 SIM PKI).")
    assert values(ms) == {("digital_signatures", 5210), ("digital_signatures", 4900), ("digital_signatures", 310)}


def test_an_aside_after_a_bare_noun_is_not_a_part():
    ms = extract("Sở đã triển khai sử dụng chữ ký số (25 chứng thư số và 4 SIM PKI của Ban Cơ yếu).")
    assert values(ms) == set()


def test_part_and_whole_with_a_slash_and_the_rate_of_the_part():
    ms = extract("Ngành Thuế tiếp nhận, giải quyết 8.410 hồ sơ trực tuyến/9.002 tổng hồ sơ tiếp nhận, "
                 "đạt tỷ lệ 93,42%.")
    assert values(ms) == {("dossiers_online", 8410), ("dossiers_received", 9002), ("online_dossier_rate", 93.42)}


def test_an_online_share_as_a_fraction_has_the_received_as_its_whole():
    ms = extract("Các sở, ngành đã tiếp nhận hồ sơ trên Cổng dịch vụ công trực tuyến 6.105/8.230 hồ sơ "
                 "(đạt tỷ lệ 74,2%).")
    assert values(ms) == {("dossiers_online", 6105), ("dossiers_received", 8230), ("online_dossier_rate", 74.2)}


def test_rate_after_on_the_total_of_belongs_to_the_part():
    ms = extract("Toàn tỉnh đã phát sinh 2.044 hồ sơ cấp phiếu trên ứng dụng VNeID trên tổng số 2.610 hồ sơ "
                 "tiếp nhận, đạt tỷ lệ 78,31%.")
    assert values(ms) == {("dossiers_online", 2044), ("dossiers_received", 2610), ("online_dossier_rate", 78.31)}


def test_rate_in_its_own_clause_naming_dossiers_is_not_the_procedures_rate():
    ms = extract("Toàn tỉnh đã cung cấp 1.950 dịch vụ công trực tuyến, tỷ lệ tiếp nhận hồ sơ hình thức trực "
                 "tuyến đạt 71,6%.")
    assert values(ms) == {("procedures_online", 1950), ("online_dossier_rate", 71.6)}


def test_from_x_down_to_y_keeps_the_result_only():
    ms = extract("Tỷ lệ hồ sơ trễ hạn giảm từ 3,20% xuống còn 0,85%.")
    assert kinds(ms) == {("late_rate", 0.85, "actual")}
    ms = extract("Số hồ sơ trễ hạn giảm từ 140 hồ sơ xuống còn 36 hồ sơ.")
    assert kinds(ms) == {("dossiers_resolved_late", 36, "actual")}
    ms = extract("Tỷ lệ hồ sơ trực tuyến tăng từ 52% lên 68,5%.")
    assert kinds(ms) == {("online_dossier_rate", 68.5, "actual")}


def test_phat_sinh_and_da_va_dang_giai_quyet_are_received():
    assert values(extract("Trong tháng, toàn tỉnh phát sinh 4.020 hồ sơ.")) == {("dossiers_received", 4020)}
    assert values(extract("Đã và đang giải quyết 2.318 hồ sơ.")) == {("dossiers_received", 2318)}


def test_directly_received_is_not_in_person():
    ms = extract("Công an tỉnh trực tiếp tiếp nhận 1.204 hồ sơ trên ứng dụng VNeID.")
    assert values(ms) == {("dossiers_online", 1204)}


def test_both_channels_named_together_are_the_total():
    rows = [["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"],
            ["4.1", "Tổng số hồ sơ của DVCTT toàn trình (gồm hồ sơ nộp trực tuyến + trực tiếp)", "Hồ sơ", "12.400"],
            ["4.2", "Số hồ sơ nộp trực tuyến của các DVCTT toàn trình", "Hồ sơ", "10.100"]]
    assert values(extract(rows)) == {("dossiers_received", 12400), ("dossiers_online", 10100)}


def test_tasks_completed_out_of_the_tasks_set_is_a_result():
    ms = extract("Năm 2025, tỉnh đã hoàn thành 38/38 nhiệm vụ đề ra (đạt 100% kế hoạch).")
    assert kinds(ms) == {("tasks_completed", 38, "actual"), ("tasks_total", 38, "actual")}
    ms = extract("Đến nay, đã triển khai 9/14 nhiệm vụ.")
    assert values(ms) == {("tasks_completed", 9), ("tasks_total", 14)}


# ---------------------------------------------------------------- cue words about other things

def test_cue_words_about_other_things_are_left_out():
    assert values(extract("Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa đạt 64,2%.")) == set()
    assert values(extract("Phấn đấu 100% hồ sơ trễ hẹn được xin lỗi người dân.", meta={"doc_type": "ke_hoach"})) == set()
    assert values(extract("Mô hình “Một lần đến” đã thực hiện 1.204 hồ sơ.")) == set()
    rows = [["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"],
            ["2.1", "Số VBQPPL có kiến nghị xử lý đã được xử lý xong", "Văn bản", "12"],
            ["3.1", "Số vấn đề phát hiện đã xử lý xong", "Vấn đề", "7"],
            ["4.1", "Số TTHC đã triển khai thanh toán trực tuyến", "Thủ tục", "210"],
            ["5.1", "Số nhiệm vụ đã hoàn thành nhưng quá hạn", "Nhiệm vụ", "2"]]
    assert values(extract(rows)) == set()


# ---------------------------------------------------------------- a statistics appendix

def test_appendix_rows_chi_tieu_don_vi_ket_qua():
    rows = [["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"],
            ["1.1", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", "52"],
            ["1.2", "Số TTHC cấp tỉnh", "Thủ tục", "1.530"],
            ["1.3", "Tỷ lệ sử dụng văn bản điện tử của UBND cấp xã", "%", "99"],
            ["1.4", "Số hồ sơ TTHC giải quyết đúng hạn", "Hồ sơ", "40.120"]]
    ms = extract(rows, meta=PROVINCE)
    assert values(ms) == {("tasks_total", 52), ("procedures_total", 1530), ("e_document_rate", 99),
                          ("dossiers_resolved_in_time", 40120)}     # no "trước hạn" row: on time includes early


# ---------------------------------------------------------------- metadata and references

def test_steering_committee_report_and_an_appendix_without_a_title():
    from extract.metadata import find_metadata
    meta = find_metadata(doc_of("UBND TỈNH HÀ GIANG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ TỈNH\tĐộc lập - Tự do - Hạnh phúc",
                                "Số: 12/BC-BCĐ\tHà Giang, ngày 05 tháng 8 năm 2025", "BÁO CÁO",
                                "Kết quả thực hiện Đề án 06 tháng 7/2025"))
    assert (meta["agency"], meta["doc_type"], meta["period"]) == ("Ban Chỉ đạo tỉnh", "bao_cao", "2025-M07")
    meta = find_metadata(doc_of("PHỤ LỤC", "BIỂU MẪU THỐNG KÊ SỐ LIỆU CẢI CÁCH HÀNH CHÍNH NĂM 2025",
                                "(Kèm theo Báo cáo số /BC-UBND ngày tháng 12 năm 2025 của UBND tỉnh Hà Giang)",
                                "Biểu mẫu 1"))
    assert (meta["doc_type"], meta["period"]) == ("bao_cao", "2025-Y")


def test_references_with_slashes_a_sub_number_and_a_date_before():
    from extract.references import find_references
    refs = find_references(doc_of("UBND tỉnh ban hành Kế hoạch số 95/KH/UBND ngày 12/02/2025 về rà soát.",
                                  "Theo Nghị quyết số 12.3/2024/NQ-CP ngày 05/3/2024 của Chính phủ.",
                                  "Ngày 04/7/2025, HĐND tỉnh ban hành Nghị quyết số 05/NQ-HĐND về thành lập các sở.",
                                  "Biểu mẫu 06/VPCP/KSTT/KTTH kèm theo."))
    got = {(r.number, r.type_code, r.issuer_code, r.date) for r in refs}
    assert got == {("95", "KH", "UBND", "2025-02-12"), ("12.3", "NQ", "CP", "2024-03-05"),
                   ("5", "NQ", "HĐND", "2025-07-04")}
