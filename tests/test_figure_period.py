"""Every figure knows its period (extract/indicators/figure_period.py, data/figure_periods.yaml): next period's
targets, the year to date, the same period last year, a month or a year named, a plan's horizon; and the
store keys each figure by it. The documents are written here for the purpose."""
from __future__ import annotations

import pipeline
from pipeline import extract_file

HEAD = """ỦY BAN NHÂN DÂN	CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH PHÚ YÊN	Độc lập - Tự do - Hạnh phúc
SỞ XÂY DỰNG
Số: {number}	Phú Yên, ngày {date}

{title}
{subtitle}

"""


def _doc(tmp_path, name, body, number="101/BC-SXD", date="15 tháng 12 năm 2025", title="BÁO CÁO",
         subtitle="Kết quả công tác cải cách hành chính năm 2025"):
    path = tmp_path / name
    path.write_text(HEAD.format(number=number, date=date, title=title, subtitle=subtitle) + body, encoding="utf-8")
    return path


def _periods(rec) -> set[tuple]:
    return {(m["indicator"], m["kind"], m["value"], m["period"]) for m in rec["indicators"]}


YEARLY_2025 = """I. KẾT QUẢ THỰC HIỆN
Trong năm, Sở tiếp nhận 4.120 hồ sơ, đã giải quyết 4.080 hồ sơ; tỷ lệ giải quyết đúng hạn đạt 98,6%.
II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026
1. Phấn đấu tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 99%.
2. Tỷ lệ hồ sơ nộp trực tuyến đạt từ 80% trở lên.
"""


def test_a_yearly_reports_next_year_targets_land_on_next_year(tmp_path):
    rec = extract_file(_doc(tmp_path, "sxd_2025.txt", YEARLY_2025))
    assert rec["meta"]["period"] == "2025-Y"
    got = _periods(rec)
    assert ("on_time_rate", "actual", 98.6, None) in got
    assert ("on_time_rate", "target", 99, "2026-Y") in got
    assert ("online_dossier_rate", "target", 80, "2026-Y") in got
    t = next(m for m in rec["indicators"] if m["kind"] == "target" and m["indicator"] == "on_time_rate")
    assert (t["period_start"], t["period_end"]) == ("2026-01-01", "2026-12-31")
    # in the table: next year's row, not this year's target
    db = tmp_path / "y.duckdb"
    pipeline.run([tmp_path / "sxd_2025.txt"], db=db, workers=0)
    long = pipeline.query("SELECT period, doc_period, kind, value, period_start FROM long "
                          "WHERE indicator = 'on_time_rate' ORDER BY period", db=db)
    assert [tuple(r[:4]) for r in long.itertuples(index=False)] == [
        ("2025-Y", "2025-Y", "actual", 98.6), ("2026-Y", "2025-Y", "target", 99.0)]
    wide = pipeline.query("SELECT period, doc_period, on_time_rate, on_time_rate__target FROM wide "
                          "WHERE scope_level IS NULL ORDER BY period", db=db)
    rows = [tuple(None if v != v else v for v in r) for r in wide.itertuples(index=False)]
    assert rows == [("2025-Y", "2025-Y", 98.6, None), ("2026-Y", "2025-Y", None, 99.0)]


MONTHLY_OCT = """1. Kết quả giải quyết thủ tục hành chính
Trong tháng 10, Sở tiếp nhận 412 hồ sơ, đã giải quyết 398 hồ sơ.
Lũy kế từ đầu năm đến nay, Sở tiếp nhận 3.950 hồ sơ, đã giải quyết 3.870 hồ sơ.
"""


def test_a_monthly_reports_year_to_date_is_its_own_row_and_no_two_values(tmp_path):
    path = _doc(tmp_path, "sxd_2025-10.txt", MONTHLY_OCT, date="20 tháng 10 năm 2025",
                subtitle="Kết quả giải quyết thủ tục hành chính tháng 10 năm 2025")
    rec = extract_file(path)
    assert rec["meta"]["period"] == "2025-M10"
    got = _periods(rec)
    assert {("dossiers_received", "actual", 412, None), ("dossiers_received", "actual", 3950, "2025-10M"),
            ("dossiers_resolved", "actual", 398, None), ("dossiers_resolved", "actual", 3870, "2025-10M")} <= got
    assert not [f for f in rec["findings"] if f["check"] == "two_values"]
    db = tmp_path / "m.duckdb"
    pipeline.run([path], db=db, workers=0)
    wide = pipeline.query("SELECT period, dossiers_received, dossiers_resolved FROM wide "
                          "WHERE scope_level IS NULL ORDER BY period_start DESC", db=db)
    assert [tuple(r) for r in wide.itertuples(index=False)] == [("2025-M10", 412, 398), ("2025-10M", 3950, 3870)]
    assert pipeline.query("SELECT count(*) AS n FROM long WHERE conflict", db=db)["n"][0] == 0


Q1_2025 = """Trong quý I năm 2025, Sở tiếp nhận 9.600 hồ sơ, tăng 6,7% so với cùng kỳ.
Cùng kỳ năm trước, Sở tiếp nhận 9.000 hồ sơ.
"""
Q1_2024 = """Trong quý I năm 2024, Sở tiếp nhận {n} hồ sơ.
"""


def _q1(tmp_path, name, body, year):
    return _doc(tmp_path, name, body, number=f"{year - 2000}/BC-SXD", date=f"20 tháng 3 năm {year}",
                subtitle=f"Kết quả công tác cải cách hành chính quý I năm {year}")


def test_same_period_last_year_fills_its_cell_when_that_report_is_missing(tmp_path):
    path = _q1(tmp_path, "q1_2025.txt", Q1_2025, 2025)
    rec = extract_file(path)
    assert {("dossiers_received", "actual", 9600, None), ("dossiers_received", "change", 6.7, None),
            ("dossiers_received", "actual", 9000, "2024-Q1")} <= _periods(rec)
    db = tmp_path / "c.duckdb"
    pipeline.run([path], db=db, workers=0)
    long = pipeline.query("SELECT period, value, other_values FROM long WHERE indicator = 'dossiers_received' "
                          "AND kind = 'actual' ORDER BY period", db=db)
    assert [tuple(None if v != v else v for v in r) for r in long.itertuples(index=False)] == [
        ("2024-Q1", 9000.0, None), ("2025-Q1", 9600.0, None)]
    wide = pipeline.query("SELECT period, doc_period, dossiers_received FROM wide WHERE scope_level IS NULL "
                          "ORDER BY period", db=db)
    assert [tuple(r) for r in wide.itertuples(index=False)] == [("2024-Q1", "2025-Q1", 9000.0),
                                                               ("2025-Q1", "2025-Q1", 9600.0)]


def test_same_period_last_year_stays_in_other_values_when_its_report_is_there(tmp_path):
    _q1(tmp_path, "q1_2025.txt", Q1_2025, 2025)
    _q1(tmp_path, "q1_2024.txt", Q1_2024.format(n="8.950"), 2024)    # the own report says 8.950
    db = tmp_path / "c.duckdb"
    pipeline.run([tmp_path], db=db, workers=0)
    long = pipeline.query("SELECT period, doc_period, value, other_values FROM long "
                          "WHERE indicator = 'dossiers_received' AND kind = 'actual' ORDER BY period", db=db)
    rows = [tuple(None if v != v else v for v in r) for r in long.itertuples(index=False)]
    assert rows == [("2024-Q1", "2024-Q1", 8950.0, "9000 (" + str(tmp_path / "q1_2025.txt") + ")"),
                    ("2025-Q1", "2025-Q1", 9600.0, None)]
    wide = pipeline.query("SELECT period, dossiers_received FROM wide WHERE scope_level IS NULL ORDER BY period", db=db)
    assert [tuple(r) for r in wide.itertuples(index=False)] == [("2024-Q1", 8950.0), ("2025-Q1", 9600.0)]


PLAN_2026_2030 = """I. MỤC TIÊU
1. Mục tiêu chung
Xây dựng nền hành chính chuyên nghiệp, hiện đại.
2. Mục tiêu cụ thể đến năm 2030
- Tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 99%.
- Mức độ hài lòng của người dân, doanh nghiệp đạt tối thiểu 95%.
"""
YEAR_2030 = """I. KẾT QUẢ THỰC HIỆN
Trong năm, Sở tiếp nhận 5.020 hồ sơ; tỷ lệ giải quyết đúng hạn đạt 97,5%.
"""


def test_a_five_year_plans_2030_target_is_compared_with_a_2030_actual(tmp_path):
    plan = _doc(tmp_path, "kh_2026-2030.txt", PLAN_2026_2030, number="12/KH-SXD", date="05 tháng 01 năm 2026",
                title="KẾ HOẠCH", subtitle="Cải cách hành chính giai đoạn 2026 - 2030")
    rec = extract_file(plan)
    assert rec["meta"]["doc_type"] == "ke_hoach"
    assert {("on_time_rate", "target", 99, "2030-Y"), ("satisfaction_rate", "target", 95, "2030-Y")} <= _periods(rec)
    _doc(tmp_path, "bc_2030.txt", YEAR_2030, number="88/BC-SXD", date="15 tháng 12 năm 2030",
         subtitle="Kết quả công tác cải cách hành chính năm 2030")
    _doc(tmp_path, "bc_2027.txt", YEAR_2030.replace("97,5", "97,0"), number="77/BC-SXD",
         date="15 tháng 12 năm 2027", subtitle="Kết quả công tác cải cách hành chính năm 2027")
    found = [f for f in pipeline.audit([tmp_path]) if f["check"] == "target_missed"]
    assert len(found) == 1                    # 2030 against the 2030 target; 2027 has no target of its own
    assert "2030" in found[0]["message"] and "97,5" in found[0]["message"] and "99" in found[0]["message"]


# ---------------------------------------------------------------- the rules, each in several phrasings

def _one(tmp_path, body, **kw) -> set[tuple]:
    return _periods(extract_file(_doc(tmp_path, "x.txt", body, **kw)))


Q3 = dict(date="25 tháng 9 năm 2024", subtitle="Kết quả công tác cải cách hành chính quý III năm 2024")
M10 = dict(date="20 tháng 10 năm 2025", subtitle="Kết quả giải quyết thủ tục hành chính tháng 10 năm 2025")


def test_direction_sections(tmp_path):
    cases = [
        ("III. NHIỆM VỤ TRỌNG TÂM QUÝ IV NĂM 2024\nTỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 98%.\n", "2024-Q4"),
        ("III. PHƯƠNG HƯỚNG THỜI GIAN TỚI\nPhấn đấu tỷ lệ hồ sơ trực tuyến đạt 75%.\n", "2024-Q4"),
        ("III. NHIỆM VỤ 3 THÁNG CUỐI NĂM 2024\nMức độ hài lòng đạt tối thiểu 92%.\n", "2024-Q4"),
        ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025\nTỷ lệ số hóa hồ sơ đạt 100%.\n", "2025-Y"),
        ("III. KẾ HOẠCH QUÝ TỚI\nTỷ lệ hồ sơ giải quyết đúng hạn đạt trên 97%.\n", "2024-Q4"),
    ]
    for body, want in cases:
        got = _one(tmp_path, "I. KẾT QUẢ\nSở tiếp nhận 1.200 hồ sơ.\n" + body, **Q3)
        assert {p for i, k, v, p in got if k == "target"} == {want}, body
        assert ("dossiers_received", "actual", 1200, None) in got


def test_year_to_date(tmp_path):
    cases = [
        "Từ đầu năm đến nay, Sở tiếp nhận 3.100 hồ sơ.",
        "Lũy kế từ đầu năm, Sở đã tiếp nhận 3.100 hồ sơ.",
        "Tính từ đầu năm, tổng số hồ sơ tiếp nhận là 3.100 hồ sơ.",
        "Cộng dồn 10 tháng, Sở tiếp nhận 3.100 hồ sơ.",
        "Tính từ ngày 01/01/2025 đến ngày 31/10/2025, Sở tiếp nhận 3.100 hồ sơ.",
        "Trong năm 2025, Sở tiếp nhận 3.100 hồ sơ.",
    ]
    for body in cases:
        got = _one(tmp_path, "Trong tháng, Sở tiếp nhận 300 hồ sơ.\n" + body + "\n", **M10)
        assert ("dossiers_received", "actual", 3100, "2025-10M") in got, body
        assert ("dossiers_received", "actual", 300, None) in got, body


def test_same_period_of_another_year(tmp_path):
    cases = [
        ("Cùng kỳ năm trước, Sở tiếp nhận 800 hồ sơ.", "2023-Q3"),
        ("Cùng kỳ năm 2022, Sở tiếp nhận 800 hồ sơ.", "2022-Q3"),
        ("Cùng kỳ năm ngoái, số hồ sơ tiếp nhận là 800 hồ sơ.", "2023-Q3"),
        ("Sở tiếp nhận 1.000 hồ sơ; cùng kỳ năm 2023, Sở tiếp nhận 800 hồ sơ.", "2023-Q3"),
        ("Sở tiếp nhận 1.000 hồ sơ. Cùng kỳ năm liền trước, Sở đã tiếp nhận 800 hồ sơ.", "2023-Q3"),
    ]
    for body, want in cases:
        got = _one(tmp_path, body + "\n", **Q3)
        assert ("dossiers_received", "actual", 800, want) in got, body


def test_a_change_keeps_the_documents_period(tmp_path):
    cases = [
        "Sở tiếp nhận 1.000 hồ sơ, tăng 5% so với cùng kỳ.",
        "Sở tiếp nhận 1.000 hồ sơ, tăng 50 hồ sơ so với cùng kỳ năm trước.",
        "So với quý trước, số hồ sơ tiếp nhận tăng 120 hồ sơ.",
        "Số hồ sơ tiếp nhận giảm 30 hồ sơ so với cùng kỳ năm 2023.",
        "Tỷ lệ hồ sơ trực tuyến tăng 4% so với năm trước.",
    ]
    for body in cases:
        got = _one(tmp_path, body + "\n", **Q3)
        changes = [x for x in got if x[1] == "change"]
        assert changes and all(p is None for *_, p in changes), body


def test_a_period_named_for_the_figure(tmp_path):
    cases = [
        ("Riêng tháng 8/2024, Sở tiếp nhận 410 hồ sơ.", "2024-M08"),
        ("Trong tháng 7, Sở tiếp nhận 410 hồ sơ.", "2024-M07"),
        ("Kết quả năm 2023: Sở tiếp nhận 410 hồ sơ.", "2023-Y"),
        ("Năm 2022, Sở tiếp nhận 410 hồ sơ.", "2022-Y"),
        ("Số hồ sơ tiếp nhận giảm từ 410 hồ sơ (tháng 7) xuống còn 380 hồ sơ.", "2024-M07"),
    ]
    for body, want in cases:
        got = _one(tmp_path, body + "\n", **Q3)
        assert ("dossiers_received", "actual", 410, want) in got or \
            ("dossiers_received", "actual", 410, want) in got, (body, got)


def test_the_reports_own_period_named_is_null(tmp_path):
    cases = [
        "Trong quý III năm 2024, Sở tiếp nhận 1.000 hồ sơ.",
        "Quý III/2024, Sở tiếp nhận 1.000 hồ sơ.",
        "Thực hiện Kế hoạch cải cách hành chính năm 2024, Sở tiếp nhận 1.000 hồ sơ.",
        "Trong kỳ báo cáo, Sở tiếp nhận 1.000 hồ sơ.",
        "Sở tiếp nhận 1.000 hồ sơ trong quý.",
        "Tính đến hết tháng 9/2024, Sở tiếp nhận 1.000 hồ sơ.",
    ]
    for body in cases:
        got = _one(tmp_path, body + "\n", **Q3)
        assert ("dossiers_received", "actual", 1000, None) in got, (body, got)


def test_a_plans_horizon(tmp_path):
    plan = dict(number="5/KH-SXD", date="05 tháng 01 năm 2026", title="KẾ HOẠCH",
                subtitle="Cải cách hành chính năm 2026")
    cases = [
        ("Phấn đấu đến năm 2030, tỷ lệ hồ sơ trực tuyến đạt 90%.", "2030-Y"),
        ("Tỷ lệ hồ sơ trực tuyến đạt 90% vào năm 2030.", "2030-Y"),
        ("2. Mục tiêu đến năm 2030\nTỷ lệ hồ sơ trực tuyến đạt tối thiểu 90%.", "2030-Y"),
        ("Tỷ lệ hồ sơ trực tuyến đạt tối thiểu 90%.", None),
        ("Trong năm 2026, tỷ lệ hồ sơ trực tuyến đạt tối thiểu 90%.", None),
    ]
    for body, want in cases:
        got = _one(tmp_path, "I. MỤC TIÊU\n" + body + "\n", **plan)
        assert ("online_dossier_rate", "target", 90, want) in got, (body, got)


def test_a_table_of_another_year(tmp_path):
    own = "I. KẾT QUẢ THỰC HIỆN\nTrong năm, Sở tiếp nhận 4.120 hồ sơ.\n"
    cases = [
        "Bảng 2. Kết quả giải quyết hồ sơ năm 2024\nChỉ tiêu\tSố lượng\nTổng số hồ sơ tiếp nhận\t3.870\n",
        "Số liệu năm 2024 như sau:\nChỉ tiêu\tSố lượng\nTổng số hồ sơ tiếp nhận\t3.870\n",
        "Bảng 2. Tình hình giải quyết hồ sơ\nChỉ tiêu\tNăm 2024\nTổng số hồ sơ tiếp nhận\t3.870\n",
    ]
    for body in cases:
        got = _one(tmp_path, own + body + "II. TỒN TẠI\nKhông.\n")
        assert ("dossiers_received", "actual", 4120, None) in got, body
        assert ("dossiers_received", "actual", 3870, "2024-Y") in got, (body, got)
    # the report's own year in the caption is the report's own figure
    got = _one(tmp_path, "Bảng 1. Kết quả giải quyết hồ sơ năm 2025\nChỉ tiêu\tSố lượng\nTổng số hồ sơ tiếp nhận\t4.120\n")
    assert ("dossiers_received", "actual", 4120, None) in got


def test_a_store_of_schema_version_4_gains_the_period_columns(tmp_path):
    from normalize.store import Store
    path = _doc(tmp_path, "sxd_2025.txt", YEARLY_2025)
    db = tmp_path / "old.duckdb"
    with Store(db) as s:
        s.con.execute("DROP VIEW wide; DROP VIEW long; DROP VIEW figures")
        for t, cols in (("mentions", ["period"]), ("indicators", ["period", "period_start", "period_end"])):
            for c in cols:
                s.con.execute(f"ALTER TABLE {t} DROP COLUMN {c}")
    pipeline.run([path], db=db, workers=0)
    long = pipeline.query("SELECT period, kind FROM long WHERE indicator = 'on_time_rate' ORDER BY period", db=db)
    assert [tuple(r) for r in long.itertuples(index=False)] == [("2025-Y", "actual"), ("2026-Y", "target")]
