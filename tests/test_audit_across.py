"""Checks across reports of one agency and province (audit/across.py), the `chiso audit` listing and
the cross-report fixtures in fixtures/audit."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from audit.across import check_records
from audit.cli import audit_records, print_findings
from pipeline import audit as audit_paths
from tests.test_audit_document import M, R

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "audit"


def rep(period, *indicators, references=(), province="Đồng Nai", agency="Sở Công Thương", doc_type="bao_cao",
        source=None):
    return {"source": source or f"{province}-{period}.txt", "status": "ok", "indicators": list(indicators),
            "references": list(references), "findings": [],
            "meta": {"province": province, "agency": agency, "period": period, "doc_type": doc_type}}


def checks(findings, check):
    return [f for f in findings if f["check"] == check]


# ---------------------------------------------------------------- a figure restated by a later report

def test_a_later_report_restating_an_earlier_figure_differently():
    h1 = rep("2024-H1", M("dossiers_received", 5100, evidence="6 tháng đầu năm tiếp nhận 5.100 hồ sơ"))
    again = {**M("dossiers_received", 5010, evidence="cùng kỳ năm trước (6 tháng đầu năm 2024) tiếp nhận 5.010 hồ sơ"),
             "period": "2024-H1"}
    h1_2025 = rep("2025-H1", M("dossiers_received", 5600), again)
    f, = checks(check_records([h1_2025, h1]), "restated_differently")
    assert f["severity"] == "warning" and f["document"] == "Đồng Nai-2025-H1.txt"
    assert [v["value"] for v in f["values"]] == [5100, 5010] and "2024-H1" in f["message"]
    # restated as it was, or a figure of the later report's own period: nothing
    same = rep("2025-H1", M("dossiers_received", 5600), {**again, "value": 5100})
    assert checks(check_records([same, h1]), "restated_differently") == []
    assert checks(check_records([rep("2025-H1", M("dossiers_received", 5010)), h1]), "restated_differently") == []


# ---------------------------------------------------------------- pending → carried over

def test_pending_against_next_carried_over():
    q2 = rep("2024-Q2", M("dossiers_pending", 20, evidence="hồ sơ đang giải quyết là 20"))
    q3 = rep("2024-Q3", M("dossiers_carried_over", 15, evidence="kỳ trước chuyển sang là 15 hồ sơ"))
    f, = check_records([q3, q2])                      # any order in, period order inside
    assert f["check"] == "pending_vs_carried_over" and f["severity"] == "warning" and f["scope"] == "across"
    assert "2024-Q2" in f["message"] and "(20)" in f["message"] and "(15)" in f["message"]
    assert [(e["document"], e["quote"]) for e in f["evidence"]] == [
        ("Đồng Nai-2024-Q2.txt", "hồ sơ đang giải quyết là 20"), ("Đồng Nai-2024-Q3.txt", "kỳ trước chuyển sang là 15 hồ sơ")]
    assert f["document"] == "Đồng Nai-2024-Q3.txt"


def test_pending_carried_over_that_agree_or_do_not_touch():
    q2 = rep("2024-Q2", M("dossiers_pending", 20))
    assert check_records([q2, rep("2024-Q3", M("dossiers_carried_over", 20))]) == []
    assert check_records([q2, rep("2024-Q4", M("dossiers_carried_over", 15))]) == []          # a gap
    assert check_records([rep("2025-M03", M("dossiers_pending", 9)), rep("2025-M04", M("dossiers_carried_over", 6))])
    assert check_records([q2, rep("2024-Q3", M("dossiers_carried_over", 15), province="Bắc Giang")]) == []
    assert check_records([q2, rep("2024-Q3", M("dossiers_carried_over", 15), agency="Sở Nội vụ")]) == []
    assert check_records([q2, rep("2024-Q3", M("dossiers_carried_over", 15, qualifier="cấp huyện"))]) == []


def test_reports_without_metadata_take_no_part():
    a = rep("2024-Q2", M("dossiers_pending", 20))
    b = rep(None, M("dossiers_carried_over", 15))
    c = rep("2024-Q3", M("dossiers_carried_over", 15), province=None)
    assert check_records([a, b, c]) == []
    assert check_records([a, {"source": "x.pdf", "status": "error", "meta": {}, "indicators": []}]) == []


def test_province_spelling_and_case_do_not_split_a_series():
    q2 = rep("2024-Q2", M("dossiers_pending", 20), province="ĐỒNG NAI", agency="SỞ CÔNG THƯƠNG")
    q3 = rep("2024-Q3", M("dossiers_carried_over", 15))
    assert len(check_records([q2, q3])) == 1


# ---------------------------------------------------------------- cumulative figures

def test_cumulative_figures_that_shrink():
    q1 = rep("2024-Q1", M("dossiers_received", 2400))
    h1 = rep("2024-H1", M("dossiers_received", 5100))
    m9 = rep("2024-9M", M("dossiers_received", 4900, evidence="đã tiếp nhận tổng số: 4.900 hồ sơ"))
    y = rep("2024-Y", M("dossiers_received", 9800))
    f, = check_records([y, m9, q1, h1])
    assert f["check"] == "cumulative_shrinks" and f["indicator"] == "dossiers_received"
    assert "5.100" in f["message"] and "4.900" in f["message"] and "2024-H1" in f["message"] and "2024-9M" in f["message"]
    assert [e["value"] for e in f["evidence"]] == [5100, 4900]


def test_cumulative_figures_that_grow_or_are_not_cumulative():
    assert check_records([rep("2024-H1", M("dossiers_received", 5100)), rep("2024-9M", M("dossiers_received", 7600))]) == []
    # Q3 runs from July: less than the 6 months is normal
    assert check_records([rep("2024-H1", M("dossiers_received", 5100)), rep("2024-Q3", M("dossiers_received", 2500))]) == []
    # another year
    assert check_records([rep("2023-9M", M("dossiers_received", 7000)), rep("2024-H1", M("dossiers_received", 5100))]) == []
    # a rate is not a flow
    assert check_records([rep("2024-H1", M("on_time_rate", 99.9)), rep("2024-9M", M("on_time_rate", 99.5))]) == []


# ---------------------------------------------------------------- procedure totals

def test_procedure_total_changes_without_a_decision():
    q2 = rep("2024-Q2", M("procedures_total", 127))
    q3 = rep("2024-Q3", M("procedures_total", 131))
    f, = check_records([q2, q3])
    assert f["check"] == "procedures_changed" and f["severity"] == "info"
    assert "127" in f["message"] and "131" in f["message"]


def test_procedure_total_changes_with_a_cited_decision():
    q2 = rep("2024-Q2", M("procedures_total", 127))
    decision = R("1844", "QĐ", "UBND", "2024-08-04", type_word="Quyết định")
    assert check_records([q2, rep("2024-Q3", M("procedures_total", 131), references=[decision])]) == []
    old = R("1844", "QĐ", "UBND", "2023-08-04", type_word="Quyết định")           # too early to explain it
    assert check_records([q2, rep("2024-Q3", M("procedures_total", 131), references=[old])])
    plan = R("282", "KH", "UBND", "2024-08-04", type_word="Kế hoạch")             # a plan announces no procedures
    assert check_records([q2, rep("2024-Q3", M("procedures_total", 131), references=[plan])])
    assert check_records([q2, rep("2024-Q3", M("procedures_total", 127))]) == []


# ---------------------------------------------------------------- plan targets

PLAN = rep("2024-Y", M("on_time_rate", 99, kind="target", evidence="đúng hạn và trước hạn ... đạt tối thiểu 99%"),
           M("satisfaction_rate", 95, kind="target"), M("late_rate", 1, kind="target"), doc_type="ke_hoach",
           source="plan-2024.txt")


def test_actual_against_the_plan_target():
    q3 = rep("2024-Q3", M("on_time_rate", 98.48, evidence="đạt 98,48%"), M("satisfaction_rate", 100),
             M("late_rate", 1.52))
    fs = check_records([PLAN, q3])
    assert sorted(f["indicator"] for f in fs) == ["late_rate", "on_time_rate"]
    f = next(f for f in fs if f["indicator"] == "on_time_rate")
    assert f["check"] == "target_missed" and "98,48%" in f["message"] and "tối thiểu 99%" in f["message"]
    assert [e["document"] for e in f["evidence"]] == ["plan-2024.txt", "Đồng Nai-2024-Q3.txt"]


def test_targets_met_or_of_another_year_or_kind():
    assert check_records([PLAN, rep("2024-Q3", M("on_time_rate", 99.75), M("late_rate", 0.25))]) == []
    assert check_records([PLAN, rep("2025-Q1", M("on_time_rate", 90.0))]) == []
    # a report's own target for the next period is not an actual
    assert check_records([PLAN, rep("2024-Q3", M("on_time_rate", 96, kind="target"))]) == []
    assert check_records([PLAN, rep("2024-Q3", M("on_time_rate", 90, qualifier="cấp xã"))]) == []


# ---------------------------------------------------------------- the fixtures and the listing

FIXTURE_META = {   # what the metadata stage says about each fixture (its title and header)
    "dongnai_sct_2024-Q2.txt": ("2024-Q2", "bao_cao"), "dongnai_sct_2024-Q3.txt": ("2024-Q3", "bao_cao"),
    "dongnai_sct_2024-H1.txt": ("2024-H1", "bao_cao"), "dongnai_sct_2024-9M.txt": ("2024-9M", "bao_cao"),
    "dongnai_sct_2024-plan.txt": ("2024-Y", "ke_hoach"),
}
EXPECTED = {"pending_vs_carried_over", "cumulative_shrinks", "procedures_changed", "target_missed"}


def _fixture_records():
    from batch.files import load_records
    records = load_records(sorted(FIXTURES.glob("*.txt")))    # the reports (the folder's README is read too)
    assert sorted(Path(r["source"]).name for r in records) == sorted(FIXTURE_META)
    return records


def test_fixtures_cross_findings():
    records = _fixture_records()
    for r in records:            # the figures come from the extractor; the metadata as the title states it
        period, doc_type = FIXTURE_META[Path(r["source"]).name]
        r["meta"].update(province="Đồng Nai", agency="Sở Công Thương", period=period, doc_type=doc_type)
    findings = audit_records(records)
    assert [f for f in findings if f["scope"] == "document"] == []        # each fixture is consistent inside
    across = [f for f in findings if f["scope"] == "across"]
    assert sorted(f["check"] for f in across) == sorted(EXPECTED)
    by = {f["check"]: f for f in across}
    assert [e["value"] for e in by["pending_vs_carried_over"]["evidence"]] == [20, 15]
    assert [e["value"] for e in by["cumulative_shrinks"]["evidence"]] == [5100, 4900]
    assert [e["value"] for e in by["procedures_changed"]["evidence"]] == [127, 131]
    assert [e["value"] for e in by["target_missed"]["evidence"]] == [99, 98.48]


def test_chiso_audit_fixtures_end_to_end():
    records = _fixture_records()
    if not all(r["meta"].get("period") and r["meta"].get("province") for r in records):
        pytest.skip("metadata extraction has not landed yet")
    assert {f["check"] for f in audit_paths([FIXTURES]) if f["scope"] == "across"} == EXPECTED


def _sample():
    from audit.document import check_record
    recs = [rep("2024-Q2", M("dossiers_pending", 20)),
            rep("2024-Q3", M("dossiers_carried_over", 15), M("on_time_rate", 130.0, evidence="đạt 130%"))]
    for r in recs:                 # as `chiso extract` leaves them: the per-report findings in the record
        r["findings"] = check_record(r)
    return audit_records(recs)


def test_listing_groups_by_severity_then_document():
    out = io.StringIO()
    print_findings(_sample(), "table", out)
    text = out.getvalue()
    assert text.index("ERROR (1)") < text.index("WARNING (1)")
    assert "rate_out_of_range" in text and "[across reports]" in text and "“đạt 130%”" in text
    assert text.rstrip().endswith("2 findings: 1 error, 1 warning, 0 info")
    out = io.StringIO()
    print_findings(_sample(), "table", out, lang="en")
    assert "is outside 0–100%" in out.getvalue()


def test_csv_and_jsonl():
    out = io.StringIO()
    print_findings(_sample(), "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["severity"], r["check"]) for r in rows] == [("error", "rate_out_of_range"),
                                                          ("warning", "pending_vs_carried_over")]
    assert json.loads(rows[0]["evidence_json"])[0]["quote"] == "đạt 130%"
    out = io.StringIO()
    print_findings(_sample(), "jsonl", out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [f["check"] for f in lines] == ["rate_out_of_range", "pending_vs_carried_over"]


def test_audit_reads_extract_output(tmp_path):
    p = tmp_path / "out.jsonl"
    recs = [rep("2024-Q2", M("dossiers_pending", 20)), rep("2024-Q3", M("dossiers_carried_over", 15))]
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    assert [f["check"] for f in audit_paths([p])] == ["pending_vs_carried_over"]


def test_procedure_totals_years_apart_are_not_compared():
    assert check_records([rep("2021-H1", M("procedures_total", 116)), rep("2023-Q3", M("procedures_total", 127))]) == []


def test_chiso_audit_command(tmp_path, capsys):
    from pipeline import main
    p = tmp_path / "out.jsonl"
    recs = [rep("2024-Q2", M("dossiers_pending", 20)), rep("2024-Q3", M("dossiers_carried_over", 15))]
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    assert main(["audit", str(p)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("WARNING (1)") and "pending_vs_carried_over [across reports]" in out
    assert main(["audit", str(p), "--format", "jsonl"]) == 0
    assert json.loads(capsys.readouterr().out)["check"] == "pending_vs_carried_over"


# ---------------------------------------------------------------- copies of one report in `chiso audit`

def _copies():
    from audit.document import check_record
    text = [M("dossiers_received", 331, evidence="Sở Công Thương đã tiếp nhận tổng số: 331 hồ sơ"),
            M("dossiers_resolved_late", 3, evidence="03 hồ sơ bị trễ hạn"),
            M("dossiers_resolved_late", 1, evidence="01 hồ sơ giải quyết chậm"),
            M("dossiers_pending", 9, evidence="hồ sơ đang giải quyết là 9")]
    pdf = rep("2025-M04", *text, source="bc.pdf")
    docx = rep("2025-M04", *[dict(m) for m in text], source="bc.docx")
    docx["indicators"][0].update(value=313, evidence="Sở Công Thương đã tiếp nhận tổng số: 313 hồ sơ")   # a draft's typo
    pdf["format"], docx["format"] = "pdf", "docx"
    nxt = rep("2025-M05", M("dossiers_carried_over", 6, evidence="kỳ trước chuyển sang là 6 hồ sơ"), source="m05.pdf")
    for r in (pdf, docx, nxt):
        r["findings"] = check_record(r)
    return [docx, nxt, pdf]


def test_copies_of_one_report_are_audited_once():
    fs = audit_records(_copies())
    two, = checks(fs, "two_values")                      # stated in both copies, listed once, for the PDF
    assert two["document"] == "bc.pdf" and two["copies"] == ["bc.docx"]
    across, = checks(fs, "pending_vs_carried_over")      # one report against the next, not one per copy
    assert across["documents"] == ["bc.pdf", "m05.pdf"]
    diff, = checks(fs, "copies_disagree")                # the draft's 313 against the signed 331
    assert diff["severity"] == "warning" and diff["document"] == "bc.pdf"
    assert [(e["document"], e["value"]) for e in diff["evidence"]] == [("bc.pdf", 331), ("bc.docx", 313)]
    out = io.StringIO()
    print_findings(fs, "table", out)
    assert "also in: bc.docx" in out.getvalue() and "[copies of one report]" in out.getvalue()


def test_reports_of_other_periods_are_not_copies():
    from normalize.copies import group_record_copies
    a, b = rep("2025-M04", M("dossiers_received", 331), source="a.pdf"), rep("2025-M05", M("dossiers_received", 331), source="b.pdf")
    assert [[r["source"] for r in g] for g in group_record_copies([a, b])] == [["a.pdf"], ["b.pdf"]]
