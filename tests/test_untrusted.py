"""Untrusted text stays data, end to end: a report (and its file name) full of format strings, SQL, a
path, markup and spreadsheet formulas goes through `chiso run` → store → query / export / report.
The store keeps it byte for byte with every table intact (values go in as parameters or Arrow data,
never spliced into SQL), the exports neutralise formulas, the report escapes markup, and no file
is created from document text.

Closer tests of each outlet: tests/test_export.py (CSV/XLSX neutralisation on a synthetic record),
tests/test_report.py (what the HTML does with hostile text), tests/test_report_browser.py (a browser
runs nothing). The code was also read for SQL built from values, `.format` on document text and paths
from document content: SQL f-strings only splice the store's own table and column names; finding
messages fill templates from data files with `format_map`, which never re-reads a value as a template.
"""
from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

import pipeline

FIX = Path(__file__).resolve().parents[1] / "fixtures"
SQL = "'; DROP TABLE documents; --"
REPORT = f"""UBND TỈNH ĐỒNG NAI
SỞ CÔNG THƯƠNG
Số: 12/BC-SCT
BÁO CÁO
Kết quả cải cách hành chính Quý III năm 2023
Ghi chú: {{0}} %s %(x)s {{!r}} {SQL} ../../etc/passwd <script>alert(1)</script>.
@cmd Sở Công Thương đã tiếp nhận tổng số: 331 hồ sơ {{0}} %s {SQL}.
=HYPERLINK <svg onload=alert`x`> Sở Công Thương đã giải quyết 320 hồ sơ ../../etc/passwd.
Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,75% =CMD()|' /C calc'!A0.
Thực hiện Quyết định số 545/QĐ-UBND ngày 21/3/2023 của UBND tỉnh <img src=x onerror=alert(1)>.
"""
NAME = "{0} %s '; DROP TABLE files; -- =1+1.txt"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Inputs, a working directory two levels down (so ../../etc/passwd would land inside the test's
    folder), and everything chiso writes."""
    root = tmp_path_factory.mktemp("untrusted")
    inputs = root / "in"
    inputs.mkdir()
    (inputs / NAME).write_text(REPORT, encoding="utf-8")
    (inputs / "good.txt").write_bytes((FIX / "quangngai_sct_2021-H1.txt").read_bytes())
    work = root / "work" / "a" / "b"
    work.mkdir(parents=True)
    before = {p for p in root.rglob("*")}
    cwd = os.getcwd()
    os.chdir(work)
    try:
        summary = pipeline.run([inputs], db="chiso.duckdb", workers=0)
        pipeline.export("csv", db="chiso.duckdb", out="long.csv")
        pipeline.export("csv", db="chiso.duckdb", table="files", out="files.csv")
        pipeline.export("xlsx", db="chiso.duckdb", out="chiso.xlsx")
        pipeline.report("chiso.duckdb", "report.html")
    finally:
        os.chdir(cwd)
    made = {p for p in root.rglob("*")} - before
    return root, work, inputs, summary, made


def test_the_hostile_report_is_stored_whole_and_every_table_survives(world):
    _, work, inputs, summary, _ = world
    db = work / "chiso.duckdb"
    assert summary.stored == 2 and summary.failed == []
    tables = set(pipeline.query("SELECT table_name FROM information_schema.tables", db=db)["table_name"])
    assert {"documents", "files", "mentions", "indicators", "refs", "findings", "texts"} <= tables
    assert len(pipeline.query("SELECT * FROM documents", db=db)) == 2
    files = pipeline.query("SELECT path, status FROM files", db=db)
    assert sorted(files.values.tolist()) == sorted([[str(inputs / NAME), "stored"], [str(inputs / "good.txt"), "stored"]])
    text = pipeline.query("SELECT unzip_text(t.text_z) AS text FROM texts t JOIN files f USING (document) "
                          "WHERE f.path LIKE '%DROP TABLE files%'", db=db)["text"].iloc[0]
    for payload in ("{0} %s %(x)s", SQL, "../../etc/passwd", "<script>alert(1)</script>", "=CMD()|' /C calc'!A0",
                    "{!r}", "<img src=x onerror=alert(1)>", "<svg onload=alert`x`>"):
        assert payload in text


def test_evidence_keeps_the_payloads_as_written(world):
    _, work, *_ = world
    m = pipeline.query("SELECT indicator, value, evidence FROM mentions m JOIN files f USING (document) "
                       "WHERE f.path LIKE '%DROP TABLE files%' ORDER BY indicator", db=work / "chiso.duckdb")
    assert m.values.tolist() == [
        ["dossiers_received", 331.0, "@cmd Sở Công Thương đã tiếp nhận tổng số: 331 hồ sơ"],
        ["dossiers_resolved", 320.0, "=HYPERLINK <svg onload=alert`x`> Sở Công Thương đã giải quyết 320 hồ sơ"],
        ["on_time_rate", 99.75, "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,75%"],
    ]


def test_csv_neutralises_formulas_and_keeps_the_rest(world):
    _, work, inputs, *_ = world
    with open(work / "long.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    ev = {r["indicator"]: r["evidence"] for r in rows if r["source"].endswith(NAME)}
    assert ev["dossiers_received"] == "'@cmd Sở Công Thương đã tiếp nhận tổng số: 331 hồ sơ"
    assert ev["dossiers_resolved"] == "'=HYPERLINK <svg onload=alert`x`> Sở Công Thương đã giải quyết 320 hồ sơ"
    assert ev["on_time_rate"] == "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,75%"
    # no text cell of any export starts with a formula character
    for name in ("long.csv", "files.csv"):
        with open(work / name, encoding="utf-8-sig", newline="") as f:
            cells = [c for row in csv.reader(f) for c in row]
        assert not [c for c in cells if c[:1] in ("=", "@", "+", "\t", "\r") or (c[:1] == "-" and not _number(c))]


def _number(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


def test_xlsx_cells_are_strings_never_formulas(world):
    _, work, *_ = world
    wb = load_workbook(work / "chiso.xlsx")
    formulas = [(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    ws = wb["long"]
    header = [c.value for c in ws[1]]
    evidence = [r[header.index("evidence")] for r in ws.iter_rows(min_row=2)]
    hyper = [c for c in evidence if str(c.value).startswith("=HYPERLINK")]
    assert len(hyper) == 1 and hyper[0].data_type == "s"


def test_report_escapes_the_markup(world):
    _, work, *_ = world
    html = (work / "report.html").read_text(encoding="utf-8")
    for raw in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert`x`>"):
        assert raw not in html


def test_no_file_is_made_from_document_text(world):
    root, work, _, _, made = world
    assert {p.relative_to(work).as_posix() for p in made if p.is_file()} <= {
        "chiso.duckdb", "chiso.duckdb.wal", "long.csv", "files.csv", "chiso.xlsx", "report.html"}
    assert not (root / "work" / "etc").exists() and not list(root.rglob("passwd"))
