"""Exports people open: CSV with BOM and neutralised formulas, Parquet types, XLSX sheets, JSON Lines."""
import datetime as dt
import io
import json

import pandas as pd
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

import pipeline
from normalize import export as E
from normalize.store import Store


def mention(indicator, value, unit="count", kind="actual", qualifier=None, evidence="", start=0):
    return {"indicator": indicator, "value": value, "unit": unit, "kind": kind, "qualifier": qualifier, "page": 1,
            "start": start, "end": start + 5, "evidence": evidence, "rule": "r", "approximate": False,
            "source": "text", "ocr": False}


RECORD = {
    "source": "hoà_bình.txt", "sha256": "c" * 64, "format": "txt", "status": "ok", "error": None, "pages": 1,
    "extractor_version": "0.1.0", "warnings": [],
    # old-style tone mark on purpose: the store writes the province table's spelling (Hòa Bình)
    "meta": {"province": "Hoà Bình", "province_2025": "Phú Thọ", "agency": "Sở Nội vụ", "period": "2024-Q2",
             "period_start": "2024-04-01", "period_end": "2024-06-30"},
    "indicators": [
        mention("procedures_total", -2, kind="change", evidence="giảm 02 thủ tục so với"),
        mention("dossiers_received", 9423, evidence="=HYPERLINK(\"http://x\",\"bấm\")", start=10),
        mention("dossiers_resolved", 9293, evidence="@SUM(A1)", start=20),
        mention("dossiers_resolved_late", 3, evidence="+1 hồ sơ trễ hạn", start=30),
        mention("dossiers_resolved_late", 1, evidence="-1 hồ sơ", start=40),
        mention("on_time_rate", 99.75, unit="percent", evidence="đạt 99,75% đúng hạn", start=50)],
    "references": [], "findings": []}


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "e.duckdb"
    with Store(path) as s:
        s.put(RECORD)
    return path


def test_csv_has_a_bom_iso_dates_and_formulas_neutralised_in_text_cells_only(db, tmp_path):
    out = tmp_path / "long.csv"
    pipeline.export("csv", db=db, out=out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "Hòa Bình" in text and "Sở Nội vụ" in text and ",2024-04-01," in text
    df = pd.read_csv(out, encoding="utf-8-sig")
    ev = dict(zip(df["indicator"] + "/" + df["value"].astype(str), df["evidence"]))
    assert ev["dossiers_received/9423.0"] == "'=HYPERLINK(\"http://x\",\"bấm\")"
    assert ev["dossiers_resolved/9293.0"] == "'@SUM(A1)"
    assert ev["dossiers_resolved_late/3.0"] == "'+1 hồ sơ trễ hạn"
    assert ev["procedures_total/-2.0"] == "giảm 02 thủ tục so với"
    # a negative number in a numeric column is data: written as -2, not '-2
    assert df.loc[df["indicator"] == "procedures_total", "value"].iloc[0] == -2
    assert ",-2,percent" not in text and ",change,,,,-2,count," in text and ",99.75,percent," in text
    # the late count was stated as 3 and as 1: the first is kept, the other is listed
    assert df.loc[df["indicator"] == "dossiers_resolved_late", "other_values"].iloc[0] == 1


def test_neutralise_leaves_numbers_dates_and_missing_values_alone():
    df = pd.DataFrame({"t": pd.Series(["-2; 3", "=1+1", "ok", None, "\tx"], dtype="string"),
                       "v": [-2.0, 1.0, 0.0, None, 5.0],
                       "d": pd.to_datetime(["2025-04-01", None, None, None, None])})
    out = E.neutralise(df)
    assert list(out["t"].fillna("<NA>")) == ["'-2; 3", "'=1+1", "ok", "<NA>", "'\tx"]
    assert list(out["v"].fillna(0)) == [-2.0, 1.0, 0.0, 0.0, 5.0] and out["v"].dtype == "float64"
    assert out["d"].iloc[0] == pd.Timestamp("2025-04-01")


def test_wide_csv_has_one_row_per_document_and_the_catalogue_columns(db, tmp_path):
    out = tmp_path / "wide.csv"
    pipeline.export("csv", db=db, wide=True, out=out)
    df = pd.read_csv(out, encoding="utf-8-sig")
    assert len(df) == 1
    row = df.iloc[0]
    assert row["province_2025"] == "Phú Thọ" and row["province"] == "Hòa Bình"
    assert row["province_as_written"] == "Hoà Bình"          # the document's own spelling is kept beside it
    assert row["dossiers_received"] == 9423 and row["on_time_rate"] == 99.75 and row["procedures_total__change"] == -2
    assert row["conflicts"] == "dossiers_resolved_late"


def test_parquet_has_proper_types(db, tmp_path):
    out = tmp_path / "long.parquet"
    pipeline.export("parquet", db=db, out=out)
    schema = pq.read_schema(out)
    types = {f.name: str(f.type) for f in schema}
    assert types["period_start"] == "date32[day]" and types["value"] == "double"
    assert types["page"] == "int32" and types["start"] == "int64" and types["conflict"] == "bool"
    assert types["province"] == "string"
    t = pq.read_table(out).to_pandas()
    assert t.loc[t["indicator"] == "procedures_total", "value"].iloc[0] == -2
    assert t["period_start"].iloc[0] == dt.date(2024, 4, 1)
    assert t.loc[t["indicator"] == "dossiers_received", "evidence"].iloc[0].startswith("=HYPERLINK")  # data as is


def test_xlsx_has_one_sheet_per_table_a_frozen_header_and_text_never_a_formula(db, tmp_path):
    out = tmp_path / "chiso.xlsx"
    pipeline.export("xlsx", db=db, out=out)
    wb = load_workbook(out)
    assert wb.sheetnames == list(E.XLSX_TABLES)
    ws = wb["long"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header[:3] == ["document", "source", "province"]
    col = {name: i for i, name in enumerate(header)}
    rows = list(ws.iter_rows(min_row=2, values_only=False))
    by_ind = {r[col["indicator"]].value: r for r in rows}
    ev = by_ind["dossiers_received"][col["evidence"]]
    assert ev.value == "=HYPERLINK(\"http://x\",\"bấm\")" and ev.data_type == "s"
    assert by_ind["procedures_total"][col["value"]].value == -2
    ps = by_ind["on_time_rate"][col["period_start"]]
    assert ps.value == dt.datetime(2024, 4, 1) and ps.number_format == "yyyy-mm-dd"
    assert wb["wide"].max_row == 2 and wb["wide"].freeze_panes == "A2"


def test_jsonl_is_utf8_with_iso_dates_and_nulls(db, tmp_path):
    out = tmp_path / "long.jsonl"
    pipeline.export("jsonl", db=db, out=out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5 and "Hòa Bình" in lines[0]
    objs = [json.loads(l) for l in lines]
    o = next(x for x in objs if x["indicator"] == "on_time_rate")
    assert o["period_start"] == "2024-04-01" and o["window_start"] is None and o["value"] == 99.75
    assert o["page"] == 1 and o["conflict"] is False


def test_csv_to_standard_output(db, capsys):
    pipeline.main(["export", "--db", str(db), "--format", "csv", "--out", "-"])
    out = capsys.readouterr().out
    assert out.startswith("\ufeffdocument,source,province") and "Hòa Bình" in out


def test_the_command_line_lists_match_the_exporter():
    assert pipeline.EXPORT_FORMATS == E.FORMATS and pipeline.EXPORT_TABLES == E.TABLES


def test_missing_store_is_a_sentence_not_a_traceback(tmp_path, capsys):
    assert pipeline.main(["export", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "no store at" in capsys.readouterr().err


def test_query_errors_are_reported_and_the_store_is_read_only(db, capsys):
    assert pipeline.main(["query", "--db", str(db), "SELECT nope FROM long"]) == 1
    assert "nope" in capsys.readouterr().err
    assert pipeline.main(["query", "--db", str(db), "DELETE FROM documents"]) == 1
    assert pipeline.query("SELECT count(*) AS n FROM documents", db=db)["n"].iloc[0] == 1
