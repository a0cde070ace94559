"""A battery of phrasings written for this test, in the style officials of other provinces and agencies
write (Sở Nội vụ, Sở Tư pháp, UBND huyện/xã, Trung tâm Phục vụ hành chính công, Văn phòng UBND), none
taken from the dev reports: every catalogue indicator in at least three word orders and verbs, tables
with other headers, zero in words, breakdowns by unit, and sentences that must give nothing (targets,
earlier periods, cumulative figures, percentages and counts of other things, money, dates, phone numbers).

Each case asserts the exact set of (indicator, kind, value, unit) of the core catalogue.
"""
from __future__ import annotations

import unicodedata

import pytest

from extract.catalogue import BY_ID
from indicator_helpers import extract

PLAN = {"doc_type": "ke_hoach"}
A, T, C = "actual", "target", "change"


def n(ind, v, kind=A):
    return (ind, kind, v, "count")


def p(ind, v, kind=A):
    return (ind, kind, v, "percent")


def got(paras, meta=None):
    ms = extract(*paras, meta=meta)
    return {(m.indicator, m.kind, m.value, m.unit) for m in ms if BY_ID[m.indicator].core}


# (id, paragraphs (a list is a table), metadata, expected)
CASES = [
    # ------------------------------------------------------------ dossiers_received
    ("received-verb-first", ["Trong kỳ báo cáo, Sở Tư pháp đã tiếp nhận 2.150 hồ sơ thủ tục hành chính."], None,
     {n("dossiers_received", 2150)}),
    ("received-label-colon", ["Tổng số hồ sơ tiếp nhận trong kỳ: 12.345 hồ sơ."], None,
     {n("dossiers_received", 12345)}),
    ("received-thu-ly", ["Số hồ sơ đã thụ lý là 845 hồ sơ."], None, {n("dossiers_received", 845)}),
    ("received-nhan", ["Bộ phận Một cửa của UBND huyện đã nhận 1.024 hồ sơ của tổ chức, cá nhân."], None,
     {n("dossiers_received", 1024)}),
    ("received-passive", ["Có 3.456 hồ sơ được tiếp nhận tại Trung tâm Phục vụ hành chính công tỉnh."], None,
     {n("dossiers_received", 3456)}),
    # ------------------------------------------------------------ dossiers_carried_over
    ("carried-ton-tu-ky-truoc", ["Số hồ sơ tồn từ kỳ trước chuyển sang là 45 hồ sơ."], None,
     {n("dossiers_carried_over", 45)}),
    ("carried-label", ["Từ kỳ trước chuyển qua: 112 hồ sơ."], None, {n("dossiers_carried_over", 112)}),
    ("carried-after-number", ["Ngoài ra còn 38 hồ sơ của kỳ trước chuyển sang."], None,
     {n("dossiers_carried_over", 38)}),
    ("carried-previous-year", ["Số hồ sơ tồn của năm trước chuyển sang: 27 hồ sơ."], None,
     {n("dossiers_carried_over", 27)}),
    # ------------------------------------------------------------ dossiers_new
    ("new-label", ["Số hồ sơ mới tiếp nhận trong kỳ là 1.230 hồ sơ."], None, {n("dossiers_new", 1230)}),
    ("new-verb", ["Trong tháng, Trung tâm tiếp nhận mới 560 hồ sơ."], None, {n("dossiers_new", 560)}),
    ("new-in-list", ["Tổng số hồ sơ tiếp nhận là 1.150 hồ sơ, trong đó tiếp nhận trong kỳ 1.100 hồ sơ, kỳ trước "
                     "chuyển sang 50 hồ sơ."], None,
     {n("dossiers_received", 1150), n("dossiers_new", 1100), n("dossiers_carried_over", 50)}),
    ("new-phat-sinh", ["Số hồ sơ phát sinh trong kỳ: 980 hồ sơ."], None, {n("dossiers_new", 980)}),
    # ------------------------------------------------------------ dossiers_online / in person / postal
    ("online-portal", ["Sở Nội vụ tiếp nhận qua Cổng Dịch vụ công 1.560 hồ sơ."], None, {n("dossiers_online", 1560)}),
    ("online-label", ["Hồ sơ nộp trực tuyến: 2.340 hồ sơ."], None, {n("dossiers_online", 2340)}),
    ("online-with-share", ["Số hồ sơ tiếp nhận trực tuyến là 4.512 hồ sơ, chiếm 78,5% tổng số hồ sơ."], None,
     {n("dossiers_online", 4512), p("online_dossier_rate", 78.5)}),
    ("online-e-environment", ["Hồ sơ nộp qua môi trường điện tử là 300 hồ sơ."], None, {n("dossiers_online", 300)}),
    ("in-person-desk", ["Tiếp nhận trực tiếp tại Bộ phận Một cửa 820 hồ sơ."], None, {n("dossiers_in_person", 820)}),
    ("in-person-label", ["Hồ sơ nộp trực tiếp: 45 hồ sơ."], None, {n("dossiers_in_person", 45)}),
    ("in-person-and-post-together", ["Hồ sơ nộp trực tiếp và qua dịch vụ bưu chính công ích là 210 hồ sơ."], None,
     {n("dossiers_in_person", 210)}),
    ("postal-label", ["Qua dịch vụ bưu chính công ích: 56 hồ sơ."], None, {n("dossiers_postal", 56)}),
    ("postal-verb", ["Tiếp nhận qua bưu điện 12 hồ sơ."], None, {n("dossiers_postal", 12)}),
    ("postal-bcci", ["Hồ sơ gửi qua BCCI là 08 hồ sơ."], None, {n("dossiers_postal", 8)}),
    # ------------------------------------------------------------ dossiers_resolved
    ("resolved-label-la", ["Số hồ sơ đã giải quyết là 1.234 hồ sơ."], None, {n("dossiers_resolved", 1234)}),
    ("resolved-xong", ["Trong kỳ đã giải quyết xong 1.180 hồ sơ."], None, {n("dossiers_resolved", 1180)}),
    ("resolved-return-results", ["Đã trả kết quả cho tổ chức, công dân 2.100 hồ sơ."], None,
     {n("dossiers_resolved", 2100)}),
    ("resolved-has-result", ["Số hồ sơ đã có kết quả giải quyết: 560 hồ sơ."], None, {n("dossiers_resolved", 560)}),
    ("resolved-xu-ly", ["UBND xã đã xử lý 300 hồ sơ đúng quy trình."], None, {n("dossiers_resolved", 300)}),
    # ------------------------------------------------------------ dossiers_due
    ("due-label", ["Số hồ sơ đến hạn giải quyết trong kỳ: 1.150 hồ sơ."], None, {n("dossiers_due", 1150)}),
    ("due-return", ["Số hồ sơ đến hạn phải trả kết quả là 870 hồ sơ."], None, {n("dossiers_due", 870)}),
    ("due-after-number", ["Trong quý có 1.020 hồ sơ đến hạn phải giải quyết."], None, {n("dossiers_due", 1020)}),
    # ------------------------------------------------------------ in time / early / on time / late
    ("in-time-verb", ["Giải quyết đúng hạn và trước hạn 1.200 hồ sơ."], None, {n("dossiers_resolved_in_time", 1200)}),
    ("in-time-label", ["Trả kết quả đúng hạn, trước hạn: 950 hồ sơ."], None, {n("dossiers_resolved_in_time", 950)}),
    ("in-time-passive", ["Có 1.180 hồ sơ được giải quyết trước và đúng hạn, đạt tỷ lệ 98,3%."], None,
     {n("dossiers_resolved_in_time", 1180), p("on_time_rate", 98.3)}),
    ("on-time-count-with-rate", ["Giải quyết đúng hạn: 1.200 hồ sơ (đạt 97,2%)."], None,
     {n("dossiers_resolved_on_time", 1200), p("on_time_rate", 97.2)}),
    ("early-label", ["Hồ sơ giải quyết trước hạn: 800 hồ sơ."], None, {n("dossiers_resolved_early", 800)}),
    ("early-sooner", ["Có 45 hồ sơ được giải quyết sớm hơn thời hạn quy định."], None,
     {n("dossiers_resolved_early", 45)}),
    ("early-truoc-hen", ["Trả kết quả trước hẹn 120 hồ sơ."], None, {n("dossiers_resolved_early", 120)}),
    ("on-time-hen", ["Trả kết quả đúng hẹn: 25 hồ sơ."], None, {n("dossiers_resolved_on_time", 25)}),
    ("on-time-thoi-han", ["Số hồ sơ trả đúng thời hạn là 12 hồ sơ."], None, {n("dossiers_resolved_on_time", 12)}),
    ("on-time-in-list", ["Đã giải quyết 500 hồ sơ, gồm: trước hạn 420 hồ sơ, đúng hạn 78 hồ sơ, quá hạn 02 hồ sơ."],
     None, {n("dossiers_resolved", 500), n("dossiers_resolved_early", 420), n("dossiers_resolved_on_time", 78),
            n("dossiers_resolved_late", 2)}),
    ("late-verb", ["Giải quyết quá hạn 15 hồ sơ do phải xác minh thực địa."], None, {n("dossiers_resolved_late", 15)}),
    ("late-tre-hen", ["Trong kỳ có 04 hồ sơ trễ hẹn."], None, {n("dossiers_resolved_late", 4)}),
    ("late-label-zero", ["Số hồ sơ quá hạn: 0 hồ sơ."], None, {n("dossiers_resolved_late", 0)}),
    ("late-zero-words", ["Trong kỳ, không có hồ sơ giải quyết quá hạn."], None, {n("dossiers_resolved_late", 0)}),
    ("late-zero-nao", ["UBND huyện không có hồ sơ nào bị trễ hạn."], None, {n("dossiers_resolved_late", 0)}),
    ("late-zero-chua-co", ["Đến nay chưa có hồ sơ nào giải quyết trễ hạn."], None, {n("dossiers_resolved_late", 0)}),
    ("late-zero-tinh-trang", ["Sở không để xảy ra tình trạng hồ sơ trễ hạn."], None, {n("dossiers_resolved_late", 0)}),
    ("late-chậm-la", ["Số hồ sơ giải quyết chậm so với quy định là 02 hồ sơ."], None,
     {n("dossiers_resolved_late", 2)}),
    # ------------------------------------------------------------ pending
    ("pending-label", ["Số hồ sơ đang giải quyết: 120 hồ sơ."], None, {n("dossiers_pending", 120)}),
    ("pending-xu-ly", ["Hồ sơ đang xử lý: 56 hồ sơ."], None, {n("dossiers_pending", 56)}),
    ("pending-chua", ["Hiện còn 12 hồ sơ chưa giải quyết xong do công dân chưa bổ sung giấy tờ."], None,
     {n("dossiers_pending", 12)}),
    ("pending-split", ["Đang giải quyết 50 hồ sơ, trong đó chưa đến hạn 48 hồ sơ, quá hạn 02 hồ sơ."], None,
     {n("dossiers_pending", 50), n("dossiers_pending_not_due", 48), n("dossiers_pending_overdue", 2)}),
    ("pending-overdue-label", ["Số hồ sơ đang giải quyết quá hạn: 3 hồ sơ."], None,
     {n("dossiers_pending_overdue", 3)}),
    ("pending-not-due-tới-hạn", ["Số hồ sơ đang giải quyết chưa tới hạn là 40 hồ sơ."], None,
     {n("dossiers_pending_not_due", 40)}),
    ("pending-con-han", ["Hồ sơ đang giải quyết còn hạn: 15 hồ sơ; đã quá hạn: 01 hồ sơ."], None,
     {n("dossiers_pending_not_due", 15), n("dossiers_pending_overdue", 1)}),
    # ------------------------------------------------------------ rates
    ("on-time-rate-label", ["Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,7%."], None, {p("on_time_rate", 98.7)}),
    ("on-time-rate-first", ["100% hồ sơ được giải quyết đúng và trước hạn."], None, {p("on_time_rate", 100)}),
    ("on-time-rate-dat-ty-le", ["Đạt tỷ lệ 99,1% hồ sơ giải quyết trước hạn và đúng hạn."], None,
     {p("on_time_rate", 99.1)}),
    ("on-time-rate-ti-le", ["Tỉ lệ trả kết quả đúng hẹn: 97%."], None, {p("on_time_rate", 97)}),
    ("early-rate-is-not-on-time-rate", ["Tỷ lệ hồ sơ giải quyết trước hạn đạt 85,3%."], None, set()),
    ("on-time-rate-both-orders", ["Tỷ lệ đúng hạn và trước hạn đạt 99%."], None, {p("on_time_rate", 99)}),
    ("no-must-resolve", ["Số hồ sơ phải giải quyết: 1.300 hồ sơ."], None, set()),
    ("late-rate-label", ["Tỷ lệ hồ sơ quá hạn chiếm 0,8%."], None, {p("late_rate", 0.8)}),
    ("late-rate-after-count", ["Hồ sơ giải quyết quá hạn 12 hồ sơ, chiếm tỷ lệ 0,5%."], None,
     {n("dossiers_resolved_late", 12), p("late_rate", 0.5)}),
    ("late-rate-tre", ["Tỷ lệ trễ hạn là 1,25%."], None, {p("late_rate", 1.25)}),
    ("online-rate-label", ["Tỷ lệ hồ sơ tiếp nhận trực tuyến trên tổng số hồ sơ là 72,15%."], None,
     {p("online_dossier_rate", 72.15)}),
    ("online-rate-toan-trinh", ["Tỷ lệ hồ sơ được tiếp nhận, giải quyết trực tuyến toàn trình đạt 45%."], None,
     {p("online_dossier_rate", 45)}),
    ("online-rate-nop", ["Tỉ lệ hồ sơ nộp trực tuyến đạt 80,2 %."], None, {p("online_dossier_rate", 80.2)}),
    ("satisfaction-label", ["Tỷ lệ hài lòng của người dân, doanh nghiệp đối với sự phục vụ đạt 98,2%."], None,
     {p("satisfaction_rate", 98.2)}),
    ("satisfaction-survey", ["Kết quả khảo sát mức độ hài lòng của tổ chức, cá nhân đạt 97%."], None,
     {p("satisfaction_rate", 97)}),
    ("satisfaction-first", ["99,5% ý kiến đánh giá hài lòng về chất lượng giải quyết thủ tục hành chính."], None,
     {p("satisfaction_rate", 99.5)}),
    ("digitization-label", ["Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt 78,6%."], None,
     {p("digitization_rate", 78.6)}),
    ("digitization-verb-first", ["Đã số hóa 100% kết quả giải quyết thủ tục hành chính còn hiệu lực."], None,
     {p("digitization_rate", 100)}),
    ("digitization-old-tone", ["Tỷ lệ hồ sơ được số hoá đạt 92 %."], None, {p("digitization_rate", 92)}),
    ("e-doc-rate-label", ["Tỷ lệ văn bản điện tử đạt 98%."], None, {p("e_document_rate", 98)}),
    ("e-doc-rate-dang-dien-tu", ["Tỷ lệ văn bản đi được ký số và gửi dưới dạng điện tử đạt 99,5%."], None,
     {p("e_document_rate", 99.5)}),
    ("e-doc-rate-trao-doi", ["Tỷ lệ trao đổi văn bản điện tử giữa các cơ quan hành chính đạt 96,4%."], None,
     {p("e_document_rate", 96.4)}),
    # ------------------------------------------------------------ procedures
    ("procedures-total-la", ["Tổng số thủ tục hành chính thuộc thẩm quyền giải quyết của Sở là 135 thủ tục."], None,
     {n("procedures_total", 135)}),
    ("procedures-total-bo-gom", ["Bộ thủ tục hành chính của Sở Tư pháp gồm 98 thủ tục."], None,
     {n("procedures_total", 98)}),
    ("procedures-total-long-subject", ["Bộ thủ tục hành chính thuộc phạm vi quản lý của Sở Tư pháp gồm 145 thủ tục; "
                                       "trong đó cấp tỉnh 112 thủ tục, cấp huyện 21 thủ tục, cấp xã 12 thủ tục."], None,
     {n("procedures_total", 145), n("procedures_total", 112), n("procedures_total", 21), n("procedures_total", 12)}),
    ("procedures-new-not-total", ["Công bố Bộ thủ tục hành chính mới ban hành gồm 12 thủ tục."], None, set()),
    ("procedures-total-dang-ap-dung", ["Tổng số TTHC đang áp dụng tại UBND huyện là 285 thủ tục."], None,
     {n("procedures_total", 285)}),
    ("procedures-online-label", ["Số TTHC cung cấp dịch vụ công trực tuyến toàn trình: 58 thủ tục."], None,
     {n("procedures_online", 58)}),
    ("procedures-online-passive", ["Có 120 thủ tục được cung cấp dịch vụ công trực tuyến một phần."], None,
     {n("procedures_online", 120)}),
    ("procedures-online-verb", ["Sở Nội vụ đã cung cấp 45 dịch vụ công trực tuyến."], None,
     {n("procedures_online", 45)}),
    ("procedures-with-dossiers-label", ["Số dịch vụ công trực tuyến có phát sinh hồ sơ: 32 dịch vụ."], None,
     {n("online_procedures_with_dossiers", 32)}),
    ("procedures-with-dossiers-after", ["Trong đó có 25 thủ tục phát sinh hồ sơ trực tuyến."], None,
     {n("online_procedures_with_dossiers", 25)}),
    ("procedures-with-dossiers-dvctt", ["Có 40 DVCTT có phát sinh hồ sơ trong kỳ."], None,
     {n("online_procedures_with_dossiers", 40)}),
    # ------------------------------------------------------------ feedback
    ("feedback-verb", ["Sở đã tiếp nhận 05 phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính."], None,
     {n("feedback_received", 5)}),
    ("feedback-label", ["Tổng số PAKN tiếp nhận: 12 PAKN."], None, {n("feedback_received", 12)}),
    ("feedback-y-kien", ["Trong quý, Trung tâm nhận được 3 ý kiến phản ánh về thái độ phục vụ."], None,
     {n("feedback_received", 3)}),
    ("feedback-zero-khong-nhan", ["Trong kỳ, Sở không nhận được phản ánh, kiến nghị nào về quy định hành chính."],
     None, {n("feedback_received", 0)}),
    ("feedback-zero-phat-sinh", ["Trong tháng không phát sinh PAKN về thủ tục hành chính."], None,
     {n("feedback_received", 0)}),
    # ------------------------------------------------------------ tasks, signatures
    ("tasks-total-and-done", ["Tổng số nhiệm vụ theo Kế hoạch là 48 nhiệm vụ; đã hoàn thành 30 nhiệm vụ."], None,
     {n("tasks_total", 48), n("tasks_completed", 30)}),
    ("tasks-fraction-rate", ["Đến nay đã hoàn thành 20/25 nhiệm vụ (đạt 80%)."], None,
     {n("tasks_completed", 20), n("tasks_total", 25)}),
    ("tasks-fraction-after", ["Có 12/15 nhiệm vụ đã hoàn thành, 03 nhiệm vụ đang triển khai."], None,
     {n("tasks_completed", 12), n("tasks_total", 15)}),
    ("signatures-issued", ["Đã cấp 45 chứng thư số cho lãnh đạo và công chức của Sở."], None,
     {n("digital_signatures", 45)}),
    ("signatures-label", ["Số lượng chứng thư số đã cấp: 120."], None, {n("digital_signatures", 120)}),
    ("signatures-noun-alone", ["Có 1.250 chứng thư số được cấp cho lãnh đạo các cơ quan."], None,
     {n("digital_signatures", 1250)}),
    ("signatures-use", ["Hiện nay, cơ quan đang sử dụng 52 chữ ký số chuyên dùng."], None,
     {n("digital_signatures", 52)}),
    # ------------------------------------------------------------ several figures, one sentence
    ("summary-colons", ["Kết quả giải quyết TTHC: tổng số hồ sơ tiếp nhận 2.450 hồ sơ (trực tuyến 2.100 hồ sơ, "
                        "trực tiếp 350 hồ sơ); đã giải quyết 2.400 hồ sơ (trước hạn 2.000, đúng hạn 390, quá hạn 10); "
                        "đang giải quyết 50 hồ sơ."], None,
     {n("dossiers_received", 2450), n("dossiers_online", 2100), n("dossiers_in_person", 350),
      n("dossiers_resolved", 2400), n("dossiers_resolved_early", 2000), n("dossiers_resolved_on_time", 390),
      n("dossiers_resolved_late", 10), n("dossiers_pending", 50)}),
    ("summary-zero-late-and-rate", ["100% hồ sơ được giải quyết đúng hạn, không có hồ sơ trễ hạn."], None,
     {p("on_time_rate", 100), n("dossiers_resolved_late", 0)}),
    # ------------------------------------------------------------ NFD text
    ("nfd", [unicodedata.normalize("NFD", "Số hồ sơ đang giải quyết: 120 hồ sơ; tỷ lệ hài lòng đạt 99%.")], None,
     {n("dossiers_pending", 120), p("satisfaction_rate", 99)}),
    ("spelling-ti-le", ["Tỉ lệ văn bản điện tử đạt 98%; tỉ lệ hồ sơ giải quyết quá hạn chiếm 0,4 %."], None,
     {p("e_document_rate", 98), p("late_rate", 0.4)}),
    ("old-tones-nfd", [unicodedata.normalize("NFD", "Tỷ lệ hồ sơ được số hoá đạt 88%; mức độ hài lòng "
                                                    "của người dân đạt 99,1%.")], None,
     {p("digitization_rate", 88), p("satisfaction_rate", 99.1)}),
    ("eth-for-d", ["Ðã giải quyết 1.204 hồ sơ; Ðúng hạn 1.200 hồ sơ."], None,
     {n("dossiers_resolved", 1204), n("dossiers_resolved_on_time", 1200)}),
    ("upper-case-line", ["TỔNG SỐ HỒ SƠ TIẾP NHẬN: 3.210 HỒ SƠ."], None, {n("dossiers_received", 3210)}),
    # ------------------------------------------------------------ tables
    ("table-form-ii06a", [[
        ["STT", "Lĩnh vực giải quyết", "Số hồ sơ nhận giải quyết", "", "", "", "Kết quả giải quyết", "", "", "", "", "", ""],
        ["", "", "Tổng số", "Trong đó", "", "", "Số hồ sơ đã giải quyết", "", "", "", "Số hồ sơ đang giải quyết", "", ""],
        ["", "", "", "Số kỳ trước chuyển qua", "Số mới tiếp nhận trực tuyến", "Số mới tiếp nhận trực tiếp, bưu chính",
         "Tổng số", "Trả trước hạn", "Trả đúng thời hạn", "Trả quá hạn", "Tổng số", "Chưa đến hạn", "Quá hạn"],
        ["1", "Hộ tịch", "1.200", "20", "900", "280", "1.180", "1.000", "170", "10", "20", "20", "0"],
        ["2", "Chứng thực", "800", "0", "500", "300", "800", "800", "0", "0", "0", "0", "0"],
        ["", "Tổng cộng", "2.000", "20", "1.400", "580", "1.980", "1.800", "170", "10", "20", "20", "0"]]], None, None),
    ("table-indicator-rows", [[
        ["STT", "Nội dung", "Số lượng", "Ghi chú"],
        ["1", "Tổng số hồ sơ tiếp nhận", "1.250", ""],
        ["2", "Số hồ sơ đã giải quyết", "1.200", ""],
        ["3", "Số hồ sơ giải quyết quá hạn", "10", ""],
        ["4", "Tỷ lệ giải quyết đúng hạn", "99,2%", ""]]], None,
     {n("dossiers_received", 1250), n("dossiers_resolved", 1200), n("dossiers_resolved_late", 10),
      p("on_time_rate", 99.2)}),
    ("table-district-rows", [[
        ["Đơn vị", "Tiếp nhận", "Đã giải quyết", "Quá hạn", "Tỷ lệ đúng hạn (%)"],
        ["UBND huyện Tân Phú", "1.200", "1.150", "5", "99,6"],
        ["UBND huyện Định Quán", "900", "880", "0", "100"],
        ["Tổng cộng", "2.100", "2.030", "5", "99,8"]]], None,
     {n("dossiers_received", 2100), n("dossiers_resolved", 2030), n("dossiers_resolved_late", 5),
      p("on_time_rate", 99.8), n("dossiers_received", 1200), n("dossiers_resolved", 1150), p("on_time_rate", 99.6),
      n("dossiers_received", 900), n("dossiers_resolved", 880), n("dossiers_resolved_late", 0), p("on_time_rate", 100)}),
    ("table-two-years", [[
        ["Chỉ tiêu", "Năm 2023", "Năm 2024"],
        ["Số hồ sơ tiếp nhận", "8.500", "9.200"],
        ["Tỷ lệ hồ sơ trực tuyến (%)", "55,3", "68,1"]]], None,
     {n("dossiers_received", 9200), p("online_dossier_rate", 68.1)}),
    ("table-same-period-column", [[
        ["Nội dung", "Cùng kỳ năm 2023", "Quý I/2024", "So sánh (%)"],
        ["Tổng số hồ sơ tiếp nhận", "2.000", "2.300", "115"]]], None,
     {n("dossiers_received", 2300)}),
    # ------------------------------------------------------------ kinds: targets and changes
    ("target-list-without-bullets", ["Trong năm 2025, Sở xác định các chỉ tiêu phấn đấu cụ thể:",
                                     "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99%;", "Tỷ lệ hồ sơ trực tuyến đạt 85%.",
                                     "Trong quý, tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,2%."], None,
     {p("on_time_rate", 99, T), p("online_dossier_rate", 85, T), p("on_time_rate", 98.2)}),
    ("target-khong-qua", ["Tỷ lệ hồ sơ trễ hạn không quá 1%."], None, {p("late_rate", 1, T)}),
    ("no-spaced-thousands", ["Đã tiếp nhận 1 234 hồ sơ."], None, set()),
    ("target-phan-dau", ["Phấn đấu 100% hồ sơ được giải quyết đúng hạn."], None, {p("on_time_rate", 100, T)}),
    ("target-tro-len", ["Tỷ lệ hồ sơ trực tuyến đạt từ 80% trở lên."], None, {p("online_dossier_rate", 80, T)}),
    ("target-chi-tieu", ["Chỉ tiêu tỷ lệ hài lòng năm 2024 là 95%."], None, {p("satisfaction_rate", 95, T)}),
    ("target-exceeded-not-actual", ["Tỷ lệ hồ sơ trực tuyến đạt 85%, vượt chỉ tiêu 80%."], None,
     {p("online_dossier_rate", 85)}),
    ("target-exceeded-value", ["Tỷ lệ hồ sơ giải quyết trực tuyến vượt chỉ tiêu 80% do UBND tỉnh giao."], None,
     {p("online_dossier_rate", 80, T)}),
    ("target-plan-doc", ["KẾ HOẠCH", "Cải cách hành chính năm 2025 của Sở Nội vụ",
                         "- 100% hồ sơ giải quyết thủ tục hành chính được số hóa.",
                         "- Tỷ lệ giải quyết hồ sơ đúng hạn đạt 98%."], PLAN,
     {p("digitization_rate", 100, T), p("on_time_rate", 98, T)}),
    ("target-next-month-section", ["II. KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
                                   "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,1%.",
                                   "III. KẾ HOẠCH THÁNG TỚI",
                                   "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 100%."], None,
     {p("on_time_rate", 99.1), p("on_time_rate", 100, T)}),
    ("change-more-than", ["Tỷ lệ hồ sơ trực tuyến đạt 70%, cao hơn 5,5% so với cùng kỳ năm trước."], None,
     {p("online_dossier_rate", 70), p("online_dossier_rate", 5.5, C)}),
    ("change-count", ["Số hồ sơ tiếp nhận là 2.300 hồ sơ, tăng 300 hồ sơ so với cùng kỳ."], None,
     {n("dossiers_received", 2300), n("dossiers_received", 300, C)}),
    # ------------------------------------------------------------ breakdowns stay breakdowns
    ("breakdown-levels", ["Trung tâm tiếp nhận 5.000 hồ sơ, trong đó cấp tỉnh 3.000 hồ sơ, cấp huyện 1.500 hồ sơ, "
                          "cấp xã 500 hồ sơ."], None,
     {n("dossiers_received", 5000), n("dossiers_received", 3000), n("dossiers_received", 1500),
      n("dossiers_received", 500)}),
    # ------------------------------------------------------------ must give nothing
    ("no-previous-year", ["Cùng kỳ năm trước, Sở tiếp nhận 5.230 hồ sơ."], None, set()),
    ("no-previous-in-brackets", ["Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,5%, cao hơn cùng kỳ năm trước (98,7%)."],
     None, {p("on_time_rate", 99.5)}),
    ("no-cumulative", ["Lũy kế từ đầu năm đến nay, Trung tâm đã tiếp nhận 15.600 hồ sơ."], None, set()),
    ("no-documents", ["Trong kỳ, Sở tiếp nhận 2.345 văn bản đến, ban hành 1.200 văn bản đi."], None, set()),
    ("no-returned", ["Sở Tư pháp có 02 hồ sơ bị trả lại do không đủ điều kiện."], None, set()),
    ("no-other-rates", ["Tỷ lệ giải ngân vốn đầu tư công đạt 75%; tốc độ tăng trưởng kinh tế đạt 7,5%; 100% cán bộ, "
                        "công chức được tập huấn."], None, set()),
    ("no-money", ["Thu phí, lệ phí được 125.500.000 đồng; kinh phí thực hiện 250 triệu đồng."], None, set()),
    ("no-phone", ["Mọi phản ánh xin gửi về đường dây nóng 0258.3822.123 hoặc hotline 1900 1234."], None, set()),
    ("no-dates-and-decisions", ["Ngày 15/3/2024, UBND tỉnh ban hành Quyết định số 456/QĐ-UBND ngày 15 tháng 3 năm "
                                "2024 công bố 25 thủ tục hành chính mới ban hành."], None, set()),
    ("no-calls", ["Tổng đài đã tiếp nhận 320 cuộc gọi của người dân."], None, set()),
    ("no-payment-rate", ["Tỷ lệ hồ sơ thanh toán trực tuyến đạt 45%."], None, set()),
    ("no-staff", ["Bố trí 05 công chức tiếp nhận hồ sơ tại Bộ phận Một cửa."], None, set()),
]


# A second batch, written after the first round of fixes and measured before any further change (longer
# paragraphs of district, commune and service-centre reports; more negatives).
CASES_2 = [
    ("district-paragraph", ["Trong 6 tháng đầu năm 2024, Bộ phận Tiếp nhận và Trả kết quả của UBND huyện đã tiếp nhận "
                            "tổng cộng 4.862 hồ sơ; trong đó, hồ sơ trực tuyến là 3.120 hồ sơ, hồ sơ trực tiếp là 1.742 "
                            "hồ sơ. Kết quả: đã giải quyết 4.790 hồ sơ (trước hạn 4.100 hồ sơ, đúng hạn 680 hồ sơ, trễ "
                            "hạn 10 hồ sơ); đang giải quyết 72 hồ sơ."], None,
     {n("dossiers_received", 4862), n("dossiers_online", 3120), n("dossiers_in_person", 1742),
      n("dossiers_resolved", 4790), n("dossiers_resolved_early", 4100), n("dossiers_resolved_on_time", 680),
      n("dossiers_resolved_late", 10), n("dossiers_pending", 72)}),
    ("justice-paragraph", ["Sở Tư pháp tiếp nhận 1.356 hồ sơ cấp Phiếu lý lịch tư pháp, đã trả kết quả 1.298 hồ sơ, "
                           "đạt tỷ lệ 100% đúng hạn."], None,
     {n("dossiers_received", 1356), n("dossiers_resolved", 1298), p("on_time_rate", 100)}),
    ("centre-paragraph", ["Trung tâm Phục vụ hành chính công tỉnh tiếp nhận 25.430 hồ sơ, tăng 12,5% so với cùng kỳ năm "
                          "2023; tỷ lệ hồ sơ trực tuyến đạt 82,3%."], None,
     {n("dossiers_received", 25430), p("dossiers_received", 12.5, C), p("online_dossier_rate", 82.3)}),
    ("commune-sentence", ["UBND xã tiếp nhận và giải quyết 356 hồ sơ, 100% hồ sơ được giải quyết trước và đúng hạn."],
     None, {n("dossiers_received", 356), p("on_time_rate", 100)}),
    ("received-gom", ["Số hồ sơ tiếp nhận: 2.045 hồ sơ, gồm: 45 hồ sơ kỳ trước chuyển sang và 2.000 hồ sơ tiếp nhận "
                      "mới."], None,
     {n("dossiers_received", 2045), n("dossiers_carried_over", 45), n("dossiers_new", 2000)}),
    ("resolved-ratio", ["Đã giải quyết 980/1.000 hồ sơ, đạt 98%."], None, {n("dossiers_resolved", 980)}),
    ("on-time-grouped-fraction", ["Giải quyết đúng hạn 1.180/1.200 hồ sơ, đạt tỷ lệ 98,3%."], None,
     {n("dossiers_resolved_on_time", 1180), p("on_time_rate", 98.3)}),
    ("late-with-reason", ["Có 05 hồ sơ giải quyết quá hạn (lĩnh vực đất đai) do phải lấy ý kiến các cơ quan liên quan."],
     None, {n("dossiers_resolved_late", 5)}),
    ("on-time-rate-tinh", ["Tỷ lệ giải quyết hồ sơ TTHC đúng hạn của tỉnh đạt 99,42%."], None,
     {p("on_time_rate", 99.42)}),
    ("online-rate-partial-full", ["Tỷ lệ hồ sơ trực tuyến toàn trình và một phần trên tổng số hồ sơ đạt 63,8%."], None,
     {p("online_dossier_rate", 63.8)}),
    ("online-count-thanh-toan-separate", ["Tiếp nhận trực tuyến 1.500 hồ sơ; thanh toán trực tuyến 320 hồ sơ."], None,
     {n("dossiers_online", 1500)}),
    ("satisfaction-sipas", ["Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) năm 2023 của tỉnh đạt 84,5%."], None,
     {p("satisfaction_rate", 84.5)}),
    ("satisfaction-rating", ["Qua đánh giá trên Hệ thống, 98,9% lượt đánh giá hài lòng và rất hài lòng."], None,
     {p("satisfaction_rate", 98.9)}),
    ("digitization-results", ["Tỷ lệ số hóa kết quả giải quyết thủ tục hành chính đạt 95,2%; tỷ lệ số hóa hồ sơ đạt "
                              "88,1%."], None, {p("digitization_rate", 95.2), p("digitization_rate", 88.1)}),
    ("procedures-public", ["Hiện nay, Sở Nội vụ đang thực hiện 112 thủ tục hành chính thuộc thẩm quyền giải quyết."],
     None, {n("procedures_total", 112)}),
    ("procedures-online-full-partial", ["Trong tổng số 135 TTHC, có 60 TTHC cung cấp dịch vụ công trực tuyến toàn trình "
                                        "và 75 TTHC cung cấp dịch vụ công trực tuyến một phần."], None,
     {n("procedures_total", 135), n("procedures_online", 60), n("procedures_online", 75)}),
    ("feedback-processed", ["Tiếp nhận 08 phản ánh, kiến nghị; đã xử lý xong 08 phản ánh, kiến nghị."], None,
     {n("feedback_received", 8)}),
    ("feedback-zero-chua", ["Trong kỳ báo cáo, chưa phát sinh phản ánh, kiến nghị về quy định hành chính."], None,
     {n("feedback_received", 0)}),
    ("tasks-plan", ["Kế hoạch CCHC năm 2024 có tổng số 36 nhiệm vụ; đến nay đã hoàn thành 28 nhiệm vụ, đang triển khai "
                    "8 nhiệm vụ."], None, {n("tasks_total", 36), n("tasks_completed", 28)}),
    ("signatures-fraction", ["100% lãnh đạo đã được cấp chữ ký số (15/15 chữ ký số)."], None,
     {n("digital_signatures", 15)}),
    ("pending-overdue-zero-words", ["Đang giải quyết 40 hồ sơ, không có hồ sơ quá hạn."], None,
     {n("dossiers_pending", 40), n("dossiers_pending_overdue", 0)}),
    ("late-zero-after-resolved", ["Đã giải quyết 960 hồ sơ, không có hồ sơ quá hạn; đang giải quyết 12 hồ sơ."], None,
     {n("dossiers_resolved", 960), n("dossiers_resolved_late", 0), n("dossiers_pending", 12)}),
    ("carried-and-new-table", [[
        ["TT", "Chỉ tiêu", "Quý III/2024"],
        ["1", "Hồ sơ kỳ trước chuyển sang", "35"],
        ["2", "Hồ sơ tiếp nhận mới trong kỳ", "1.265"],
        ["3", "Tổng số hồ sơ giải quyết", "1.300"],
        ["4", "Tỷ lệ trực tuyến (%)", "72,4"]]], None,
     {n("dossiers_carried_over", 35), n("dossiers_new", 1265), n("dossiers_resolved", 1300),
      p("online_dossier_rate", 72.4)}),
    # no "Trước hạn" column: "Đúng hạn" counts everything resolved in time (538 + 0 late = 538 resolved)
    ("fields-table", [[
        ["STT", "Lĩnh vực", "Tổng số hồ sơ tiếp nhận", "Trực tuyến", "Trực tiếp", "Đã giải quyết", "Đúng hạn", "Trễ hạn"],
        ["1", "Hộ tịch", "540", "400", "140", "538", "538", "0"],
        ["2", "Chứng thực", "1.210", "10", "1.200", "1.210", "1.205", "5"],
        ["", "Tổng", "1.750", "410", "1.340", "1.748", "1.743", "5"]]], None,
     {n("dossiers_received", 1750), n("dossiers_online", 410), n("dossiers_in_person", 1340),
      n("dossiers_resolved", 1748), n("dossiers_resolved_in_time", 1743), n("dossiers_resolved_late", 5),
      n("dossiers_received", 540), n("dossiers_online", 400), n("dossiers_in_person", 140), n("dossiers_resolved", 538),
      n("dossiers_resolved_in_time", 538), n("dossiers_resolved_late", 0), n("dossiers_received", 1210),
      n("dossiers_online", 10), n("dossiers_in_person", 1200), n("dossiers_resolved", 1210),
      n("dossiers_resolved_in_time", 1205)}),
    ("plan-table", [[
        ["STT", "Chỉ tiêu", "Chỉ tiêu năm 2025"],
        ["1", "Tỷ lệ hồ sơ trực tuyến", "80%"],
        ["2", "Tỷ lệ số hóa hồ sơ", "100%"]]], None,
     {p("online_dossier_rate", 80, T), p("digitization_rate", 100, T)}),
    ("target-report-direction", ["III. NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2024",
                                 "1. Tiếp tục nâng cao tỷ lệ hồ sơ trực tuyến đạt 85%; 100% hồ sơ được số hóa."], None,
     {p("online_dossier_rate", 85, T), p("digitization_rate", 100, T)}),
    ("target-phan-dau-count", ["Phấn đấu trong năm 2025 tiếp nhận trực tuyến 10.000 hồ sơ."], None,
     {n("dossiers_online", 10000, T)}),
    ("target-toi-thieu-sentence", ["Tỷ lệ hài lòng của người dân đạt tối thiểu 90%."], None,
     {p("satisfaction_rate", 90, T)}),
    ("change-decrease-count", ["Số hồ sơ trễ hạn giảm 12 hồ sơ so với quý trước."], None,
     {n("dossiers_resolved_late", -12, C)}),
    ("previous-quarter-value", ["Quý trước tiếp nhận 1.100 hồ sơ; quý này tiếp nhận 1.250 hồ sơ."], None,
     {n("dossiers_received", 1250)}),
    ("cumulative-after-month", ["Trong tháng, tiếp nhận 1.200 hồ sơ; lũy kế từ đầu năm tiếp nhận 9.800 hồ sơ."], None,
     {n("dossiers_received", 1200)}),
    ("no-training", ["Tổ chức 03 lớp tập huấn cho 250 lượt cán bộ, công chức; tỷ lệ tham gia đạt 95%."], None, set()),
    ("no-budget-rate", ["Giải ngân kế hoạch vốn đạt 62,4%; thu ngân sách đạt 105% dự toán."], None, set()),
    ("no-inspection", ["Thanh tra 12 cuộc, phát hiện 3 đơn vị vi phạm; xử lý 5 hồ sơ vi phạm hành chính."], None, set()),
    ("no-population", ["Dân số toàn huyện 125.340 người, có 15 xã, 2 thị trấn."], None, set()),
    ("no-procedures-reviewed", ["Rà soát 45 thủ tục hành chính, đề xuất đơn giản hóa 12 thủ tục."], None, set()),
    ("no-decision-count", ["UBND tỉnh ban hành 15 quyết định công bố danh mục 230 thủ tục hành chính."], None, set()),
    ("no-time-reduction", ["Cắt giảm 30% thời gian giải quyết so với quy định."], None, set()),
    ("no-article-numbers", ["Theo khoản 2 Điều 14 Nghị định số 61/2018/NĐ-CP, 100 hồ sơ mẫu được lưu."], None, set()),
]


# A third batch, written after the second round (plans that recall last year's results, a province's
# figures beside the agency's, long mixed paragraphs).
PLAN_2025 = {"doc_type": "ke_hoach", "period": "2025-Y"}
CASES_3 = [
    ("plan-recalls-last-year", ["KẾ HOẠCH", "Cải cách hành chính năm 2025",
                                "Năm 2024, tỷ lệ hồ sơ giải quyết đúng hạn của Sở đạt 98,5%.",
                                "- Tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 99%."], PLAN_2025,
     {p("on_time_rate", 98.5), p("on_time_rate", 99, T)}),
    ("plan-period-2021-2025", ["KẾ HOẠCH", "Cải cách hành chính năm 2025",
                               "- Thực hiện mục tiêu giai đoạn 2021-2025: 100% hồ sơ được số hóa."], PLAN_2025,
     {p("digitization_rate", 100, T)}),
    ("plan-to-year", ["KẾ HOẠCH", "Cải cách hành chính năm 2025",
                      "- Từ năm 2021 đến năm 2025, tỷ lệ hồ sơ trực tuyến đạt 80%."], PLAN_2025,
     {p("online_dossier_rate", 80, T)}),
    ("province-beside-agency", ["Toàn tỉnh tiếp nhận 152.300 hồ sơ; riêng Sở Tư pháp tiếp nhận 2.140 hồ sơ."], None,
     {n("dossiers_received", 152300), n("dossiers_received", 2140)}),
    ("long-paragraph", ["Về kết quả giải quyết TTHC: Trong Quý II/2024, Trung tâm Phục vụ hành chính công tỉnh đã tiếp "
                        "nhận 18.642 hồ sơ (trực tuyến: 15.210 hồ sơ, chiếm 81,6%; trực tiếp và qua bưu chính: 3.432 "
                        "hồ sơ); đã giải quyết 18.105 hồ sơ, trong đó giải quyết trước hạn và đúng hạn 18.020 hồ sơ "
                        "(đạt 99,53%), quá hạn 85 hồ sơ (chiếm 0,47%); số hồ sơ đang giải quyết là 537 hồ sơ."], None,
     {n("dossiers_received", 18642), n("dossiers_online", 15210), p("online_dossier_rate", 81.6),
      n("dossiers_in_person", 3432), n("dossiers_resolved", 18105), n("dossiers_resolved_in_time", 18020),
      p("on_time_rate", 99.53), n("dossiers_resolved_late", 85), p("late_rate", 0.47), n("dossiers_pending", 537)}),
    ("apology-letters", ["Đối với 85 hồ sơ quá hạn, các cơ quan đã gửi 85 thư xin lỗi đến tổ chức, công dân."], None,
     {n("dossiers_resolved_late", 85)}),
    ("percent-of-plan", ["Sở đã hoàn thành 100% kế hoạch đề ra; hoàn thành 95% nhiệm vụ."], None, set()),
    ("procedures-rate-not-core", ["Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình đạt 45,5%."], None, set()),
    ("resolved-rate-of-received", ["Đã giải quyết 1.200 hồ sơ, đạt 98% số hồ sơ tiếp nhận."], None,
     {n("dossiers_resolved", 1200)}),
    ("two-months", ["Tháng 3 tiếp nhận 1.050 hồ sơ, tháng 4 tiếp nhận 1.130 hồ sơ."], None,
     {n("dossiers_received", 1050), n("dossiers_received", 1130)}),
    ("on-time-rate-province", ["Tỷ lệ giải quyết hồ sơ đúng hạn của các cơ quan, đơn vị trên địa bàn tỉnh đạt 99,2%."],
     None, {p("on_time_rate", 99.2)}),
]


# A fourth batch: things near a dossier figure that are not one (supplements, withdrawals, archives,
# civil-status registers, fee discounts compared with desk filing).
CASES_4 = [
    ("no-coordinating", ["Sở đang phối hợp giải quyết 3 hồ sơ vướng mắc về đất đai."], None, set()),
    ("no-supplement", ["Trong số hồ sơ đã giải quyết, có 12 hồ sơ phải yêu cầu bổ sung."], None, set()),
    ("no-returned-verb", ["Trả lại 5 hồ sơ do không đủ điều kiện giải quyết."], None, set()),
    ("no-withdrawn", ["Có 3 hồ sơ công dân xin rút không tiếp tục giải quyết."], None, set()),
    ("no-archive-digitization", ["Tỷ lệ số hóa tài liệu lưu trữ đạt 45%."], None, set()),
    ("no-civil-register-digitization", ["Đã số hóa 85% sổ hộ tịch và dữ liệu hộ tịch."], None, set()),
    ("no-fee-discount", ["Giảm 50% lệ phí đối với hồ sơ nộp trực tuyến so với nộp trực tiếp."], None, set()),
    ("no-e-results", ["100% kết quả giải quyết TTHC được trả dưới dạng điện tử cho người dân."], None,
     {p("digitization_rate", 100)} - {p("digitization_rate", 100)}),
    ("no-staff-counts", ["Sở có 35 công chức, 12 viên chức và 5 hợp đồng lao động."], None, set()),
    ("no-dialogue", ["Tổ chức 02 cuộc đối thoại trực tiếp với 150 doanh nghiệp."], None, set()),
    ("online-business", ["Tiếp nhận 25 hồ sơ đăng ký doanh nghiệp qua mạng."], None, {n("dossiers_online", 25)}),
    ("late-apology", ["Sở đã gửi 12 văn bản xin lỗi đối với 12 hồ sơ trễ hạn."], None, {n("dossiers_resolved_late", 12)}),
    ("change-vs-plan-is-no-change", ["Tỷ lệ hồ sơ trực tuyến đạt 85%, vượt 5% so với kế hoạch."], None,
     {p("online_dossier_rate", 85)}),
    ("rise-vs-plan-is-no-change", ["Tỷ lệ hồ sơ trực tuyến đạt 85%, tăng 5% so với kế hoạch đề ra."], None,
     {p("online_dossier_rate", 85)}),
    ("rise-vs-last-year", ["Tỷ lệ hồ sơ trực tuyến đạt 85%, tăng 5% so với năm 2023."], None,
     {p("online_dossier_rate", 85), p("online_dossier_rate", 5, C)}),
]


# A fifth batch: other table shapes (pending split in-time/overdue, months as rows, procedures by level,
# a unit column before the indicator columns, a percent column of the whole).
CASES_5 = [
    ("table-pending-split", [[
        ["Tổng số hồ sơ", "Đã giải quyết", "", "", "Đang giải quyết", ""],
        ["", "Trước hạn", "Đúng hạn", "Quá hạn", "Trong hạn", "Quá hạn"],
        ["640", "500", "120", "4", "14", "2"]]], None,
     {n("dossiers_received", 640), n("dossiers_resolved_early", 500), n("dossiers_resolved_on_time", 120),
      n("dossiers_resolved_late", 4), n("dossiers_pending_not_due", 14), n("dossiers_pending_overdue", 2)}),
    ("table-months", [[
        ["Tháng", "Hồ sơ tiếp nhận", "Hồ sơ đã giải quyết"],
        ["Tháng 1", "320", "310"],
        ["Tháng 2", "280", "285"],
        ["Tháng 3", "350", "340"],
        ["Cộng", "950", "935"]]], None,
     {n("dossiers_received", 950), n("dossiers_resolved", 935), n("dossiers_received", 320),
      n("dossiers_resolved", 310), n("dossiers_received", 280), n("dossiers_resolved", 285),
      n("dossiers_received", 350), n("dossiers_resolved", 340)}),
    ("table-procedures-levels", [[
        ["Tổng số TTHC", "DVC trực tuyến toàn trình", "DVC trực tuyến một phần"],
        ["152", "64", "88"]]], None,
     {n("procedures_total", 152), n("procedures_online", 64), n("procedures_online", 88)}),
    ("table-rate-columns", [[
        ["Đơn vị", "Tổng số hồ sơ tiếp nhận", "Số hồ sơ trực tuyến", "Tỷ lệ trực tuyến (%)", "Tỷ lệ đúng hạn (%)"],
        ["Sở Tư pháp", "2.100", "1.890", "90", "99,8"]]], None,
     {n("dossiers_received", 2100), n("dossiers_online", 1890), p("online_dossier_rate", 90), p("on_time_rate", 99.8)}),
    ("table-satisfaction", [[
        ["Nội dung", "Kết quả"],
        ["Tỷ lệ hài lòng của người dân (%)", "97,5"],
        ["Tỷ lệ số hóa hồ sơ (%)", "92,3"],
        ["Số phản ánh, kiến nghị tiếp nhận", "4"]]], None,
     {p("satisfaction_rate", 97.5), p("digitization_rate", 92.3), n("feedback_received", 4)}),
]


# A sixth batch: a whole report's sections, and counts of things that follow a cue word (awards, visits).
REPORT_SECTIONS = [
    "I. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
    "Trong quý, Sở tiếp nhận 1.420 hồ sơ; tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,3%.",
    "II. TỒN TẠI, HẠN CHẾ",
    "Còn 02 hồ sơ giải quyết quá hạn do phải xác minh.",
    "III. NHIỆM VỤ QUÝ IV NĂM 2024",
    "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 100%; tỷ lệ hồ sơ trực tuyến đạt 85%.",
    "IV. ĐỀ XUẤT, KIẾN NGHỊ",
    "Đề nghị UBND tỉnh bổ sung 02 biên chế cho Bộ phận Một cửa.",
]
CASES_6 = [
    ("report-sections", REPORT_SECTIONS, None,
     {n("dossiers_received", 1420), p("on_time_rate", 99.3), n("dossiers_resolved_late", 2), p("on_time_rate", 100, T),
      p("online_dossier_rate", 85, T)}),
    ("no-awards", ["Năm 2023, Sở nhận được 5 bằng khen của UBND tỉnh."], None, set()),
    ("no-visits", ["Cổng dịch vụ công trực tuyến của tỉnh có 1.250.000 lượt truy cập."], None, set()),
    ("no-sms", ["Hệ thống đã gửi 2.300 tin nhắn thông báo trả kết quả qua mạng."], None, set()),
    ("cases-late", ["Có 03 trường hợp giải quyết trễ hạn."], None, {n("dossiers_resolved_late", 3)}),
    ("bullets-under-their-group", ["- Tổng số hồ sơ đã giải quyết: 1.234 hồ sơ, trong đó:", "+ Trước hạn: 1.000 hồ sơ;",
                                   "+ Đúng hạn: 200 hồ sơ;", "+ Quá hạn: 34 hồ sơ.",
                                   "- Số hồ sơ đang giải quyết: 50 hồ sơ, trong đó:", "+ Trong hạn: 45 hồ sơ;",
                                   "+ Quá hạn: 5 hồ sơ."], None,
     {n("dossiers_resolved", 1234), n("dossiers_resolved_early", 1000), n("dossiers_resolved_on_time", 200),
      n("dossiers_resolved_late", 34), n("dossiers_pending", 50), n("dossiers_pending_not_due", 45),
      n("dossiers_pending_overdue", 5)}),
    ("total-item-under-heading", ["a) Kết quả tiếp nhận hồ sơ:", "- Tổng số: 1.250 hồ sơ;", "- Trực tuyến: 1.000 hồ sơ.",
                                  "b) Hồ sơ đang giải quyết:", "- Tổng số: 50 hồ sơ;", "- Quá hạn: 2 hồ sơ."], None,
     {n("dossiers_received", 1250), n("dossiers_online", 1000), n("dossiers_pending", 50),
      n("dossiers_pending_overdue", 2)}),
    ("heading-names-the-group", ["c) Hồ sơ đang giải quyết", "Số hồ sơ: 50 hồ sơ, trong đó quá hạn 2 hồ sơ.",
                                 "d) Kết quả giải quyết", "Có 3 hồ sơ quá hạn."], None,
     {n("dossiers_pending_overdue", 2), n("dossiers_resolved_late", 3)}),
    ("word-bullets-not-in-text", ["Số hồ sơ đang giải quyết: 50 hồ sơ, trong đó:", "Trong hạn: 45 hồ sơ;",
                                  "Quá hạn: 5 hồ sơ.", "Quá hạn 3 hồ sơ do lỗi hệ thống."], None,
     {n("dossiers_pending", 50), n("dossiers_pending_not_due", 45), n("dossiers_pending_overdue", 5),
      n("dossiers_resolved_late", 3)}),
    ("bullets-zero-under-pending", ["Số hồ sơ đang giải quyết: 16 hồ sơ, trong đó:", "- Chưa đến hạn: 16 hồ sơ;",
                                    "- Không có hồ sơ quá hạn."], None,
     {n("dossiers_pending", 16), n("dossiers_pending_not_due", 16), n("dossiers_pending_overdue", 0)}),
    ("bullets-fields", ["Tổng số hồ sơ tiếp nhận: 1.284 hồ sơ, trong đó:", "- Lĩnh vực hộ tịch: 800 hồ sơ;",
                        "- Lĩnh vực chứng thực: 484 hồ sơ.", "Hồ sơ yêu cầu bổ sung: 12 hồ sơ."], None,
     {n("dossiers_received", 1284), n("dossiers_received", 800), n("dossiers_received", 484)}),
    ("bullets-supplement-not-resolved", ["Số hồ sơ đã giải quyết: 900 hồ sơ, trong đó:", "- Trả kết quả đúng hạn: 890 hồ sơ;",
                                         "- Hồ sơ yêu cầu bổ sung, hoàn thiện: 10 hồ sơ."], None,
     {n("dossiers_resolved", 900), n("dossiers_resolved_on_time", 890)}),
]


# A seventh batch, written last and measured before its fixes (indices, service levels, PAKN handled).
CASES_7 = [
    ("no-par-index", ["Chỉ số CCHC (PAR INDEX) năm 2023 của Sở đạt 88,45 điểm, xếp thứ 12/19 sở, ngành."], None, set()),
    ("sipas", ["Chỉ số SIPAS năm 2023 đạt 84,5%."], None, set()),
    ("target-in-brackets", ["Tỷ lệ hồ sơ giải quyết trực tuyến đạt 45,2% (chỉ tiêu 50%)."], None,
     {p("online_dossier_rate", 45.2)}),
    ("procedures-full-rate-not-dossiers", ["Tỷ lệ TTHC cung cấp DVCTT toàn trình đạt 52%."], None, set()),
    ("online-full-and-partial", ["Tiếp nhận 1.520 hồ sơ trực tuyến toàn trình và 2.100 hồ sơ trực tuyến một phần."],
     None, {n("dossiers_online", 1520), n("dossiers_online", 2100)}),
    ("feedback-handled-fraction", ["Tiếp nhận 15 phản ánh, kiến nghị, đã xử lý 15/15 phản ánh (đạt 100%)."], None,
     {n("feedback_received", 15)}),
    ("no-inter-agency", ["Tiếp nhận 120 hồ sơ liên thông giữa các cơ quan."], None, set()),
    ("on-time-share", ["Có 98,5% hồ sơ được giải quyết đúng hạn và trước hạn."], None, {p("on_time_rate", 98.5)}),
    ("online-share-of-total", ["Hồ sơ trực tuyến chiếm 65% tổng số hồ sơ tiếp nhận."], None,
     {p("online_dossier_rate", 65)}),
    ("received-luot", ["Trong kỳ tiếp nhận 1.234 lượt hồ sơ."], None, {n("dossiers_received", 1234)}),
    ("estimated-year", ["Ước thực hiện cả năm 2024, tiếp nhận khoảng 25.000 hồ sơ."], {"period": "2024-Y"},
     {n("dossiers_received", 25000)}),
    ("online-portal-abbreviation", ["Số hồ sơ tiếp nhận qua Cổng DVC quốc gia: 500 hồ sơ."], None,
     {n("dossiers_online", 500)}),
    ("system-name-is-no-verb", ["Tiếp nhận trên Hệ thống thông tin giải quyết TTHC của tỉnh 800 hồ sơ."], None,
     {n("dossiers_received", 800)}),
    ("results-paper-and-electronic", ["Trả kết quả điện tử 3.200 hồ sơ; trả kết quả bản giấy 450 hồ sơ."], None, set()),
]


# An eighth batch, written last (labels with "số lượng", fractions of resolved ones, bare brackets).
CASES_8 = [
    ("so-luong-labels", ["Số lượng hồ sơ tiếp nhận: 2.500; số lượng hồ sơ đã giải quyết: 2.450; tỷ lệ giải quyết đúng "
                         "hạn: 98%."], None,
     {n("dossiers_received", 2500), n("dossiers_resolved", 2450), p("on_time_rate", 98)}),
    ("fraction-on-time", ["Kết quả: 2.450/2.500 hồ sơ được giải quyết đúng hạn, đạt 98%."], None,
     {n("dossiers_resolved_on_time", 2450), p("on_time_rate", 98)}),
    ("backlog-under-received", ["Tổng số hồ sơ tiếp nhận: 3.000 (tiếp nhận mới: 2.950; tồn: 50)."], None,
     {n("dossiers_received", 3000), n("dossiers_new", 2950), n("dossiers_carried_over", 50)}),
    ("rate-in-bare-brackets", ["Hồ sơ giải quyết đúng hạn: 2.440 hồ sơ (97,6%)."], None,
     {n("dossiers_resolved_on_time", 2440), p("on_time_rate", 97.6)}),
    ("online-rate-after-count-dash", ["Hồ sơ trực tuyến: 1.800 hồ sơ - 72%."], None,
     {n("dossiers_online", 1800), p("online_dossier_rate", 72)}),
    ("no-procedure-steps", ["Cắt giảm 2 bước trong quy trình nội bộ của 15 thủ tục."], None, set()),
    ("no-hours", ["Thời gian giải quyết trung bình 3,5 ngày/hồ sơ."], None, set()),
]


def _expected_table_form():
    return {n("dossiers_received", 2000), n("dossiers_carried_over", 20), n("dossiers_online", 1400),
            n("dossiers_in_person", 580), n("dossiers_resolved", 1980), n("dossiers_resolved_early", 1800),
            n("dossiers_resolved_on_time", 170), n("dossiers_resolved_late", 10), n("dossiers_pending", 20),
            n("dossiers_pending_not_due", 20), n("dossiers_pending_overdue", 0)}


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_phrasing(case):
    name, paras, meta, expected = case
    if name == "table-form-ii06a":
        found = got(paras, meta)
        totals = _expected_table_form()
        assert totals <= found
        return
    assert got(paras, meta) == expected


def test_form_ii06a_rows_are_breakdowns():
    ms = extract(CASES[[c[0] for c in CASES].index("table-form-ii06a")][1][0])
    unq = {(m.indicator, m.value) for m in ms if m.qualifier is None and BY_ID[m.indicator].core}
    assert unq == {(i, v) for i, _, v, _ in _expected_table_form()}
    assert ("dossiers_received", 1200, "Hộ tịch") in {(m.indicator, m.value, m.qualifier) for m in ms}


def test_district_rows_and_levels_carry_their_unit():
    ms = extract(CASES[[c[0] for c in CASES].index("table-district-rows")][1][0])
    # whose figure is the scope now (extract.scope); a qualifier that only repeats it is dropped
    sc = {(m.indicator, m.value): m.scope for m in ms}
    assert sc[("dossiers_received", 2100)] == {"level": "district", "unit": None}   # the districts' total
    assert sc[("dossiers_received", 1200)]["level"] == "district" and "Tân Phú" in sc[("dossiers_received", 1200)]["unit"]
    ms = extract(*CASES[[c[0] for c in CASES].index("breakdown-levels")][1])
    q = {(m.indicator, m.value): m.qualifier for m in ms}
    assert q[("dossiers_received", 5000)] is None
    sc = {(m.indicator, m.value): m.scope for m in ms}
    assert sc[("dossiers_received", 3000)]["level"] == "provincial" and sc[("dossiers_received", 1500)]["level"] == "district"


def test_indicator_rows_are_not_breakdowns():
    ms = extract(CASES[[c[0] for c in CASES].index("table-indicator-rows")][1][0])
    assert all(m.qualifier is None for m in ms)


@pytest.mark.parametrize("case", CASES_2, ids=[c[0] for c in CASES_2])
def test_phrasing_second_batch(case):
    name, paras, meta, expected = case
    assert got(paras, meta) == expected


# ---------------------------------------------------------------- references written other ways

def _refs(text):
    from extract.model import DocumentBuilder
    from extract.references import find_references
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
    from extract.metadata import find_metadata
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


@pytest.mark.parametrize("case", CASES_3, ids=[c[0] for c in CASES_3])
def test_phrasing_third_batch(case):
    name, paras, meta, expected = case
    assert got(paras, meta) == expected


def test_a_units_headline_is_not_qualified_but_its_parts_are():
    # a district's or the province's own figure must stay unqualified (the wide table keeps only those)
    ms = extract("UBND huyện đã tiếp nhận 4.862 hồ sơ. Toàn tỉnh tiếp nhận 152.300 hồ sơ.")
    assert {m.value: m.qualifier for m in ms} == {4862: None, 152300: None}
    ms = extract("Sở Tư pháp tiếp nhận 2.000 hồ sơ, trong đó Phòng Hành chính tư pháp 1.200 hồ sơ, Phòng Bổ trợ "
                 "tư pháp 800 hồ sơ.")
    assert {(m.indicator, m.value): m.qualifier for m in ms} == {
        ("dossiers_received", 2000): None, ("dossiers_received", 1200): "Phòng Hành chính tư pháp",
        ("dossiers_received", 800): "Phòng Bổ trợ tư pháp"}


@pytest.mark.parametrize("case", CASES_4, ids=[c[0] for c in CASES_4])
def test_phrasing_fourth_batch(case):
    name, paras, meta, expected = case
    assert got(paras, meta) == expected


@pytest.mark.parametrize("case", CASES_5, ids=[c[0] for c in CASES_5])
def test_tables_fifth_batch(case):
    name, paras, meta, expected = case
    assert got(paras, meta) == expected


@pytest.mark.parametrize("case", CASES_6, ids=[c[0] for c in CASES_6])
def test_sixth_batch(case):
    name, paras, meta, expected = case
    assert got(paras, meta) == expected


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
    found = {(m["indicator"], m["kind"], m["value"]) for m in rec["indicators"] if BY_ID[m["indicator"]].core}
    assert found == {
        ("tasks_completed", A, 18), ("tasks_total", A, 25), ("procedures_total", A, 145), ("procedures_total", A, 112),
        ("procedures_total", A, 21), ("procedures_total", A, 12),
        ("dossiers_received", A, 3452), ("dossiers_carried_over", A, 48), ("dossiers_new", A, 3404),
        ("dossiers_online", A, 2987), ("online_dossier_rate", A, 86.5), ("dossiers_in_person", A, 465),
        ("dossiers_resolved", A, 3398), ("dossiers_resolved_early", A, 3102), ("dossiers_resolved_on_time", A, 290),
        ("dossiers_resolved_late", A, 6), ("dossiers_pending", A, 54), ("dossiers_pending_not_due", A, 54),
        ("on_time_rate", A, 99.82), ("on_time_rate", C, 0.35), ("feedback_received", A, 0),
        ("digitization_rate", A, 92.6), ("satisfaction_rate", A, 98.9), ("e_document_rate", A, 99.6),
        ("digital_signatures", A, 42),
        ("on_time_rate", T, 100), ("online_dossier_rate", T, 90), ("satisfaction_rate", T, 95)}
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
    headline = {(m["indicator"], m["kind"], m["value"]) for m in rec["indicators"]
                if BY_ID[m["indicator"]].core and m["scope"] is None and (m["qualifier"] is None or m["approximate"])}
    assert headline == {
        ("tasks_completed", A, 40), ("tasks_total", A, 42), ("dossiers_received", A, 28456),
        ("dossiers_online", A, 21302), ("online_dossier_rate", A, 74.9), ("dossiers_resolved", A, 28210),
        ("dossiers_resolved_in_time", A, 28105), ("on_time_rate", A, 99.63), ("dossiers_resolved_late", A, 105),
        ("dossiers_pending", A, 246), ("dossiers_received", C, 3215), ("e_document_rate", A, 98.7),
        ("satisfaction_rate", A, 91.2), ("online_dossier_rate", T, 80), ("digitization_rate", T, 100),
        ("on_time_rate", T, 99)}
    values = {m["value"] for m in rec["indicators"]}
    assert 25241 not in values                # the year before, stated as such
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
      ("e_document_rate", A, 97.8), ("digital_signatures", A, 1250), ("online_dossier_rate", T, 90),
      ("on_time_rate", T, 99.8)}),
    ("binhdinh_snv_2025-plan.txt", BINH_DINH_SNV_PLAN_2025,
     ("Bình Định", "Sở Nội vụ", "ke_hoach", "2025-Y"),
     {("on_time_rate", A, 99.1), ("online_dossier_rate", T, 60), ("digitization_rate", T, 100),
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
                    if BY_ID[m["indicator"]].core and m["scope"] is None and (m["qualifier"] is None or m["approximate"])}
    assert got_headline == headline
    assert not rec["findings"]


@pytest.mark.parametrize("case", CASES_7, ids=[c[0] for c in CASES_7])
def test_seventh_batch(case):
    name, paras, meta, expected = case
    assert got(paras, meta) == expected


@pytest.mark.parametrize("case", CASES_8, ids=[c[0] for c in CASES_8])
def test_eighth_batch(case):
    name, paras, meta, expected = case
    assert got(paras, meta) == expected
