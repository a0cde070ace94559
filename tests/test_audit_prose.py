"""What an auditor can trust: errors only where both sides are the same thing, nothing for a score
sheet, a Party symbol or a month against its year to date; and the inconsistencies of the running text
(audit/prose.py) found: a prose sum against its table, a `trong đó` part above its whole, a swapped
fraction. Documents are written here (DocumentBuilder, or real DOCX/TXT files read end to end)."""
from __future__ import annotations

import docx

from audit.document import check_record
from batch.files import extract_file
from extract.model import DocumentBuilder


def build(*blocks):
    b = DocumentBuilder("test.txt", "0" * 64, "txt")
    for x in blocks:
        b.add_table(x) if isinstance(x, list) else b.add("paragraph", x)
    return b.build()


def at(doc, indicator, written, value, after=0, **extra):
    """A mention of `written` found in doc.text (from `after`), as the extractor would give it."""
    start = doc.text.index(written, after)
    return {"indicator": indicator, "value": value, "unit": "percent" if indicator.endswith("_rate") else "count",
            "kind": "actual", "qualifier": None, "page": 1, "start": start, "end": start + len(written),
            "evidence": written, "approximate": False, **extra}


def record(indicators=(), references=()):
    return {"source": "test.txt", "status": "ok", "meta": {}, "indicators": list(indicators),
            "references": list(references), "findings": []}


def checks(findings, check=None):
    return [f for f in findings if check is None or f["check"] == check]


# ---------------------------------------------------------------- no finding where there is none

def test_a_score_sheet_gives_no_error():
    doc = build("Bảng điểm tự đánh giá Chỉ số cải cách hành chính năm 2025",
                [["STT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá"],
                 ["5.1", "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến", "2", "0"],
                 ["5.2", "Số TTHC có phát sinh hồ sơ trực tuyến", "4", "4"]])
    row1 = doc.text.index("5.1")
    figs = [at(doc, "procedures_online", "0", 0, row1, source="table"),
            at(doc, "online_procedures_with_dossiers", "4", 4, doc.text.index("5.2"), source="table")]
    # read as counts, points make a part above its whole; the score sheet's cells take part in no check
    assert checks(check_record(record(figs)), "part_above_whole")[0]["severity"] == "error"
    assert check_record(record(figs), doc) == []


def test_a_statistics_table_is_no_score_sheet():
    doc = build([["STT", "Chỉ tiêu", "Thời điểm", "Số liệu"],
                 ["1", "Số TTHC cung cấp dịch vụ công trực tuyến", "31/12", "100"],
                 ["2", "Số TTHC có phát sinh hồ sơ trực tuyến", "31/12", "120"]])
    figs = [at(doc, "procedures_online", "100", 100, source="table"),
            at(doc, "online_procedures_with_dossiers", "120", 120, source="table")]
    f, = check_record(record(figs), doc)
    assert f["check"] == "part_above_whole" and f["severity"] == "error"


def test_a_party_symbol_raises_nothing(tmp_path):
    p = tmp_path / "bc.txt"
    p.write_text("ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH\nSố: 12/BC-UBND\nBÁO CÁO\nKết quả cải cách hành chính quý I năm 2026\n"
                 "Thực hiện Kết luận số 06-TB/CQTTBCĐ ngày 10/01/2026 của Cơ quan thường trực Ban Chỉ đạo, "
                 "Nghị quyết số 19-NQ/TW ngày 16/6/2022 của Ban Chấp hành Trung ương, Nghị quyết số 05-NQ/TU "
                 "ngày 03/3/2025 và Chỉ thị số 12-CT/TU ngày 05/3/2025 của Ban Thường vụ Tỉnh ủy.\n", encoding="utf-8")
    r = extract_file(p)
    assert {x["symbol"] for x in r["references"]} >= {"06-TB/CQTTBCĐ", "19-NQ/TW", "05-NQ/TU"}
    assert r["findings"] == []
    # a state symbol of the same shape of mistake is still found
    p.write_text(p.read_text(encoding="utf-8") + "Triển khai Kế hoạch số 50/QĐ-UBND ngày 05/01/2026.\n", encoding="utf-8")
    f, = extract_file(p)["findings"]
    assert f["check"] == "reference_type_mismatch" and "50/QĐ-UBND" in f["message"]


def test_a_month_against_its_year_to_date_raises_nothing():
    doc = build("Trong tháng, Sở tiếp nhận 120 hồ sơ, đã giải quyết 110 hồ sơ.",
                "Lũy kế từ đầu năm, Sở tiếp nhận 950 hồ sơ, đã giải quyết 900 hồ sơ.")
    second = doc.text.index("Lũy kế")
    figs = [at(doc, "dossiers_received", "120 hồ sơ", 120), at(doc, "dossiers_resolved", "110 hồ sơ", 110),
            at(doc, "dossiers_received", "950 hồ sơ", 950, second), at(doc, "dossiers_resolved", "900 hồ sơ", 900, second)]
    assert check_record(record(figs), doc) == []
    # the same figures said of one stretch are two values
    same = build("Sở tiếp nhận 120 hồ sơ, đã giải quyết 110 hồ sơ.", "Sở tiếp nhận 950 hồ sơ, đã giải quyết 900 hồ sơ.")
    two = same.text.index("Sở", 5)
    figs = [at(same, "dossiers_received", "120 hồ sơ", 120), at(same, "dossiers_received", "950 hồ sơ", 950, two)]
    f, = check_record(record(figs), same)
    assert f["check"] == "two_values" and f["severity"] == "warning"
    # a figure the extractor dates to another period is not compared with the document's
    figs[1]["period"] = "2025-M01-to-M06"
    assert check_record(record(figs), same) == []


def test_a_whole_against_its_part_raises_nothing():
    doc = build("Toàn tỉnh cung cấp 2.227 dịch vụ công trực tuyến (gồm 1.870 dịch vụ công trực tuyến toàn trình "
                "và 357 dịch vụ công trực tuyến một phần).",
                "Tổng số nhiệm vụ Thủ tướng Chính phủ giao là 123, đã hoàn thành 123/123 nhiệm vụ.",
                "Đến nay, tỉnh đã hoàn thành 45/45 nhiệm vụ của Kế hoạch.")
    figs = [at(doc, "procedures_online", "2.227", 2227), at(doc, "procedures_online", "1.870", 1870),
            at(doc, "procedures_online", "357", 357), at(doc, "tasks_total", "123", 123),
            at(doc, "tasks_total", "45/45 nhiệm vụ", 45)]
    assert check_record(record(figs), doc) == []


# ---------------------------------------------------------------- what the text shows

def test_a_part_said_with_trong_do_above_its_whole():
    doc = build("Tính đến ngày 15/8/2025, toàn tỉnh đã tiếp nhận 13.633 hồ sơ cấp phiếu lý lịch tư pháp, đạt tỷ lệ "
                "73,56%. (Trong đó, từ ngày 01/3/2025 đến nay, Công an tỉnh trực tiếp tiếp nhận 14.014 hồ sơ.)",
                "Trong tháng, tiếp nhận 3.090 hồ sơ, trong đó: 2.341 hồ sơ đã trả kết quả. Tính đến nay, đã tiếp nhận "
                "52.642 hồ sơ, trong đó: 36.001 hồ sơ đã trả kết quả.")
    figs = [at(doc, "dossiers_received", "13.633 hồ sơ", 13633),
            at(doc, "dossiers_received", "14.014 hồ sơ", 14014, scope={"level": "agency", "unit": "Công an tỉnh"}),
            at(doc, "dossiers_received", "3.090 hồ sơ", 3090), at(doc, "dossiers_resolved", "2.341 hồ sơ", 2341),
            at(doc, "dossiers_received", "52.642 hồ sơ", 52642), at(doc, "dossiers_resolved", "36.001 hồ sơ", 36001)]
    f, = checks(check_record(record(figs), doc), "part_said_above_whole")
    assert f["severity"] == "warning" and [v["value"] for v in f["values"]] == [13633, 14014]
    assert [e["role"] for e in f["evidence"]] == ["whole", "part"]


def test_a_fraction_above_its_whole():
    doc = build("- Tỷ lệ hồ sơ thanh toán trực tuyến: 552.693/513.672 hồ sơ (đạt 92,94%).",
                "- Đã giải quyết 1.200/1.250 hồ sơ (đạt 96%); ngày 15/8 hồ sơ được chuyển về tỉnh.")
    f, = checks(check_record(record(), doc), "fraction_above_whole")
    assert f["severity"] == "error" and "hai số bị đảo" in f["message"]
    assert [v["value"] for v in f["values"]] == [552693, 513672, 92.94]
    ev, = f["evidence"]
    assert doc.text[ev["start"]:ev["end"]].startswith("552.693/513.672 hồ sơ")
    # without a stated rate the reading is less certain: a warning
    f, = checks(check_record(record(), build("Đã số hóa 420/400 hồ sơ.")), "fraction_above_whole")
    assert f["severity"] == "warning"


def _report_docx(path, body: list[str], rows: list[list[str]]):
    d = docx.Document()
    d.add_paragraph("ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH")
    d.add_paragraph("Số: 45/BC-UBND")
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph("Kết quả công tác cải cách hành chính năm 2025")
    for p in body:
        d.add_paragraph(p)
    d.add_paragraph("Biểu mẫu 2: Cải cách thể chế")
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, c in enumerate(row):
            t.cell(i, j).text = c
    d.save(path)
    return path


def test_the_prose_sum_and_the_body_against_its_appendix(tmp_path):
    body = ["Trong năm 2025, HĐND tỉnh đã ban hành 28 Nghị quyết QPPL, Ủy ban nhân dân tỉnh ban hành 95 Quyết định "
            "QPPL và đã cập nhật vào Cơ sở dữ liệu quốc gia về pháp luật.",
            "Toàn tỉnh có 412/412 TTHC có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến."]
    rows = [["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu"],
            ["1.", "Tổng số VBQPPL do địa phương ban hành", "Văn bản", "180"],
            ["1.1.", "Số VBQPPL do cấp tỉnh ban hành", "Văn bản", "124"],
            ["1.2.", "Số VBQPPL đã kiểm tra theo thẩm quyền", "Văn bản", "122"],
            ["4.5.1.", "Tổng số TTHC có yêu cầu nghĩa vụ tài chính (các TTHC có phí, lệ phí)", "Thủ tục", "421"]]
    r = extract_file(_report_docx(tmp_path / "bc.docx", body, rows))
    f, = checks(r["findings"], "prose_sum_vs_table")
    assert f["severity"] == "warning" and [v["value"] for v in f["values"][:2]] == [123, 124]
    assert "28 Nghị quyết QPPL + 95 Quyết định QPPL = 123" in f["message"] and "Số VBQPPL do cấp tỉnh ban hành" in f["message"]
    f, = checks(r["findings"], "body_vs_table")
    assert [v["value"] for v in f["values"]] == [412, 421]
    # the table agreeing with the prose: nothing
    rows[2][3] = "123"
    r = extract_file(_report_docx(tmp_path / "ok.docx", body, rows))
    assert checks(r["findings"], "prose_sum_vs_table") == []


def test_one_sector_against_all_or_another_is_not_two_values():
    doc = build("Sở tiếp nhận 1.204 hồ sơ; riêng lĩnh vực đất đai tiếp nhận 640 hồ sơ, lĩnh vực tư pháp tiếp nhận 210 hồ sơ.",
                "Trong năm, lĩnh vực đất đai tiếp nhận 604 hồ sơ.")
    figs = [at(doc, "dossiers_received", "1.204 hồ sơ", 1204), at(doc, "dossiers_received", "640 hồ sơ", 640),
            at(doc, "dossiers_received", "210 hồ sơ", 210)]
    assert check_record(record(figs), doc) == []
    # the same sector stated twice with two values is one
    f, = check_record(record(figs + [at(doc, "dossiers_received", "604 hồ sơ", 604)]), doc)
    assert f["check"] == "two_values" and [v["value"] for v in f["values"]] == [640, 604]


def test_essential_services_of_two_owners_are_not_two_values():
    doc = build("- Đối với 11 dịch vụ công thiết yếu của ngành Công an: tiếp nhận 61.660 hồ sơ trực tuyến/62.089 tổng hồ sơ.",
                "- Đối với 12 dịch vụ công thiết yếu của các sở, ban, ngành: tiếp nhận 62.904/73.124 hồ sơ.")
    figs = [at(doc, "dossiers_received", "62.089 tổng hồ sơ", 62089), at(doc, "dossiers_received", "73.124 hồ sơ", 73124)]
    assert check_record(record(figs), doc) == []
