"""One value per document × indicator × kind × qualifier (normalize.choose) and the table's rows,
columns and dtypes (normalize.table)."""
import sys
import types
import unicodedata
from collections import namedtuple

import pandas as pd
import pytest

from normalize import table as T
from normalize.choose import choose


def m(indicator="dossiers_received", value=331, unit="count", kind="actual", qualifier=None, source="text",
      start=0, approximate=False, ocr=False, evidence=""):
    return {"indicator": indicator, "value": value, "unit": unit, "kind": kind, "qualifier": qualifier,
            "page": 1, "start": start, "end": start + 10, "evidence": evidence or f"tiếp nhận {value} hồ sơ",
            "rule": "text:tiếp nhận", "approximate": approximate, "source": source, "ocr": ocr}


# ---------------------------------------------------------------- choosing

def test_table_cell_wins_over_prose_and_the_disagreement_is_a_conflict():
    rows, flags = choose([m(value=9432, start=10), m(value=9423, source="table", start=500)])
    assert len(rows) == 1
    r = rows[0]
    assert r["value"] == 9423 and r["source"] == "table"
    assert r["conflict"] is True and r["other_values"] == "9432" and r["n_mentions"] == 2 and r["n_values"] == 2
    assert r["choice"] == "table over text"
    assert flags == [False, True]


def test_identical_repeats_agree_and_are_not_a_conflict():
    rows, flags = choose([m(value=331, start=5), m(value=331.0, start=900)])
    assert rows[0]["conflict"] is False and rows[0]["other_values"] is None
    assert rows[0]["choice"] == "all agree" and rows[0]["start"] == 5   # the first in reading order
    assert flags == [True, False]


def test_exact_over_approximate_and_an_approximate_difference_is_no_conflict():
    rows, _ = choose([m(value=300, approximate=True, start=1), m(value=312, start=50)])
    assert rows[0]["value"] == 312 and rows[0]["choice"] == "exact over approximate"
    assert rows[0]["conflict"] is False and rows[0]["other_values"] == "300"


def test_most_often_stated_then_first_in_text():
    rows, _ = choose([m(value=3, start=1), m(value=1, start=2), m(value=1, start=3)])
    assert rows[0]["value"] == 1 and rows[0]["choice"] == "most often stated" and rows[0]["conflict"] is True
    rows, _ = choose([m(value=3, start=1), m(value=1, start=2)])
    assert rows[0]["value"] == 3 and rows[0]["choice"] == "first in text" and rows[0]["other_values"] == "1"


def test_text_over_ocr():
    rows, _ = choose([m(value=88, ocr=True, start=1), m(value=86, start=9)])
    assert rows[0]["value"] == 86 and rows[0]["choice"] == "text over OCR"


def test_kind_and_qualifier_make_separate_groups_and_nfd_qualifiers_are_one():
    nfc = "thuộc thẩm quyền giải quyết của địa phương"
    nfd = unicodedata.normalize("NFD", nfc)
    rows, _ = choose([
        m("procedures_total", 166), m("procedures_total", 24, qualifier=nfc, start=20),
        m("procedures_total", 24, qualifier=nfd + "  ", start=40), m("procedures_total", -2, kind="change", start=60),
        m("on_time_rate", 99, unit="percent", kind="target", start=80), m("on_time_rate", 99.75, unit="percent", start=99)])
    got = {(r["indicator"], r["kind"], r["qualifier"]): r["value"] for r in rows}
    assert got == {("procedures_total", "actual", None): 166, ("procedures_total", "actual", nfc): 24,
                   ("procedures_total", "change", None): -2, ("on_time_rate", "target", None): 99,
                   ("on_time_rate", "actual", None): 99.75}
    assert all(not r["conflict"] for r in rows)   # a target is never in conflict with the actual


def test_rates_close_in_float_are_one_value():
    rows, _ = choose([m("on_time_rate", 98.6, unit="percent"), m("on_time_rate", 98.60000000000001, unit="percent", start=3)])
    assert rows[0]["conflict"] is False and rows[0]["n_values"] == 1


# ---------------------------------------------------------------- rows of a record

def record(meta=None, indicators=(), sha="a" * 64, references=(), findings=()):
    return {"source": "r.txt", "sha256": sha, "format": "txt", "status": "ok", "error": None, "pages": 3,
            "extractor_version": "t", "warnings": [], "meta": meta or {}, "indicators": list(indicators),
            "references": list(references), "findings": list(findings)}


def test_record_rows_keep_every_mention_and_one_chosen_per_group():
    rows = T.record_rows(record(
        {"province": "Bắc Giang", "period": "2025-M04", "window_start": "2025-03-15", "window_end": "2025-04-14",
         "issue_date": "2025-04-31"},   # an impossible date is stored as null, never guessed
        [m("dossiers_resolved_late", 1, start=5), m("dossiers_resolved_late", 3, start=90), m(value=331, start=40)],
        references=[{"type_word": "Quyết định", "number": "278", "year": None, "type_code": "QĐ",
                     "issuer_code": "UBND", "date": "2025-03-21", "start": 1, "end": 30}]))
    doc = rows["documents"][0]
    assert doc["province"] == "Bắc Giang" and doc["window_start"] == "2025-03-15" and doc["issue_date"] is None
    assert doc["n_mentions"] == 3 and doc["n_indicators"] == 2 and doc["n_conflicts"] == 1 and doc["n_references"] == 1
    assert [x["chosen"] for x in rows["mentions"]] == [True, False, True]
    assert [x["conflict"] for x in rows["mentions"]] == [True, True, False]
    late = next(r for r in rows["indicators"] if r["indicator"] == "dossiers_resolved_late")
    assert late["value"] == 1.0 and late["other_values"] == "3" and late["found_in"] == "text"
    assert rows["refs"][0]["date"] == "2025-03-21" and rows["refs"][0]["number"] == "278"


def test_provinces_and_periods_come_from_vn_when_present(monkeypatch):
    Province = namedtuple("Province", "name code province_2025 province_2025_code")
    provinces = types.ModuleType("vn.provinces")
    provinces.lookup = lambda name: {"bắc giang": Province("Bắc Giang", "24", "Bắc Ninh", "27")}.get(name.lower())
    periods = types.ModuleType("vn.periods")
    periods.period_bounds = lambda code: {"2025-M04": ("2025-04-01", "2025-04-30")}[code]
    monkeypatch.setitem(sys.modules, "vn.provinces", provinces)
    monkeypatch.setitem(sys.modules, "vn.periods", periods)
    meta = T.document_meta({"province": "BẮC GIANG", "period": "2025-M04"})
    assert (meta["province"], meta["province_code"], meta["province_2025"], meta["province_2025_code"]) == \
        ("Bắc Giang", "24", "Bắc Ninh", "27")
    assert (meta["period_start"], meta["period_end"]) == ("2025-04-01", "2025-04-30")
    # unknown province or period: the extractor's values stay, nothing invented
    meta = T.document_meta({"province": "Atlantis", "period": "2025-X9", "province_2025": None})
    assert meta["province"] == "Atlantis" and meta["province_2025"] is None and meta["period_start"] is None


# ---------------------------------------------------------------- columns and dtypes

def test_long_columns_and_dtypes_are_fixed_even_for_an_empty_frame():
    df = T.coerce(pd.DataFrame(), T.LONG_COLUMNS)
    assert list(df.columns) == list(T.LONG_COLUMNS)
    assert str(df["value"].dtype) == "float64" and str(df["period_start"].dtype) == "datetime64[s]"
    assert str(df["page"].dtype) == "Int32" and str(df["conflict"].dtype) == "boolean"
    assert isinstance(df["province"].dtype, pd.StringDtype)


def test_wide_columns_cover_the_whole_catalogue_for_each_kind():
    cols = T.wide_columns()
    assert list(cols)[:3] == ["province_2025", "province_2025_code", "province"]
    assert "dossiers_received" in cols and "on_time_rate__target" in cols and "procedures_total__change" in cols
    n = len(T.indicator_ids())
    assert n >= 20 and len([c for c in cols if cols[c] == "float64"]) == 3 * n
    assert list(cols)[-2:] == ["conflicts", "corrections"]


@pytest.mark.parametrize("value", ["2025-04", "15/3/2025", "", None])
def test_only_full_iso_dates_are_kept(value):
    assert T.document_meta({"window_start": value})["window_start"] is None


def test_the_tables_follow_vietnamese_alphabetical_order(tmp_path):
    """Đ comes after D and before E in Vietnamese; a byte order would put Đồng Nai after Quảng Ngãi."""
    import pipeline
    from normalize.store import Store
    with Store(tmp_path / "o.duckdb") as s:
        for i, (prov, p25) in enumerate([("Quảng Ngãi", "Quảng Ngãi"), ("Đồng Nai", "Đồng Nai"),
                                         ("Điện Biên", "Điện Biên"), ("Bắc Giang", "Bắc Ninh"), ("An Giang", "An Giang")]):
            s.put({"source": f"{i}.txt", "sha256": f"{i:064d}", "format": "txt", "status": "ok", "pages": 1,
                   "meta": {"province": prov, "province_2025": p25, "agency": "Sở Nội vụ", "period": "2024-Q1"},
                   "indicators": [{"indicator": "dossiers_received", "value": i + 1, "unit": "count",
                                   "kind": "actual", "page": 1, "start": 0, "end": 3, "evidence": "x"}],
                   "references": [], "findings": []})
    wide = pipeline.load_tables(tmp_path / "o.duckdb").wide
    assert wide["province_2025"].tolist() == ["An Giang", "Bắc Ninh", "Điện Biên", "Đồng Nai", "Quảng Ngãi"]
    long = pipeline.load_tables(tmp_path / "o.duckdb").long
    assert long["province"].tolist() == ["An Giang", "Bắc Giang", "Điện Biên", "Đồng Nai", "Quảng Ngãi"]
