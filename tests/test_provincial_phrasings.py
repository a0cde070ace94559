"""Provincial reports (their yearly CCHC reports, a steering committee's monthly report, a statistics
appendix): the sentence → figures cases are data in tests/examples/provincial_phrasings.yaml
(tests/test_examples.py); metadata and references stay here. The sentences are written for these tests."""
from __future__ import annotations

from indicator_helpers import doc_of


# ---------------------------------------------------------------- metadata and references

def test_steering_committee_report_and_an_appendix_without_a_title():
    from extract.document.metadata import find_metadata
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
    from extract.document.references import find_references
    refs = find_references(doc_of("UBND tỉnh ban hành Kế hoạch số 95/KH/UBND ngày 12/02/2025 về rà soát.",
                                  "Theo Nghị quyết số 12.3/2024/NQ-CP ngày 05/3/2024 của Chính phủ.",
                                  "Ngày 04/7/2025, HĐND tỉnh ban hành Nghị quyết số 05/NQ-HĐND về thành lập các sở.",
                                  "Biểu mẫu 06/VPCP/KSTT/KTTH kèm theo."))
    got = {(r.number, r.type_code, r.issuer_code, r.date) for r in refs}
    assert got == {("95", "KH", "UBND", "2025-02-12"), ("12.3", "NQ", "CP", "2024-03-05"),
                   ("5", "NQ", "HĐND", "2025-07-04")}
