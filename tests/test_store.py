"""The DuckDB store: whole-document writes, incremental skip, the long and wide views."""
import pandas as pd
import pytest

from extract import EXTRACTOR_VERSION
from normalize import table as T
from normalize.store import Store


def mention(indicator, value, unit="count", kind="actual", qualifier=None, start=0, source="text", evidence=None):
    return {"indicator": indicator, "value": value, "unit": unit, "kind": kind, "qualifier": qualifier, "page": 2,
            "start": start, "end": start + 20, "evidence": evidence or f"{indicator} {value}", "rule": "r",
            "approximate": False, "source": source, "ocr": False}


def record(sha, meta, indicators=(), source=None, version=EXTRACTOR_VERSION, references=(), findings=()):
    return {"source": source or f"{sha}.txt", "sha256": sha * 64 if len(sha) == 1 else sha, "format": "txt",
            "status": "ok", "error": None, "pages": 2, "extractor_version": version, "warnings": [],
            "meta": meta, "indicators": list(indicators), "references": list(references), "findings": list(findings)}


BAC_GIANG = record("b", {"province": "Bắc Giang", "province_code": "24", "province_2025": "Bắc Ninh",
                         "agency": "Sở Công Thương", "doc_type": "bao_cao", "period": "2025-M04",
                         "period_start": "2025-04-01", "period_end": "2025-04-30",
                         "window_start": "2025-03-15", "window_end": "2025-04-14"},
                   [mention("dossiers_received", 331, evidence="Sở Công Thương đã tiếp nhận tổng số: 331 hồ sơ"),
                    mention("dossiers_resolved_late", 1, start=100), mention("dossiers_resolved_late", 3, start=300),
                    mention("procedures_total", 24, qualifier="thuộc thẩm quyền giải quyết của địa phương", start=400)])


def dong_nai(sha, period, start, received):
    return record(sha, {"province": "Đồng Nai", "province_code": "75", "province_2025": "Đồng Nai",
                        "agency": "Sở Công Thương", "period": period, "period_start": start},
                  [mention("dossiers_received", received, source="table"),
                   mention("on_time_rate", 99, unit="percent", kind="target", start=50)])


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "t.duckdb")
    yield s
    s.close()


def test_wide_puts_bac_giang_under_bac_ninh_and_dong_nai_reports_in_period_order(store):
    for r in (dong_nai("3", "2023-Q3", "2023-07-01", 2406), BAC_GIANG, dong_nai("1", "2021-H1", "2021-01-01", 9423),
              dong_nai("2", "2022-Y", "2022-01-01", None)):
        if r["indicators"][0]["value"] is None:
            r["indicators"] = r["indicators"][1:]
        assert store.put(r) == "stored"
    wide = store.wide()
    assert list(wide.columns) == list(T.wide_columns())
    bg = wide[wide["province"] == "Bắc Giang"].iloc[0]
    assert bg["province_2025"] == "Bắc Ninh" and bg["dossiers_received"] == 331 and bg["period"] == "2025-M04"
    assert bg["window_start"] == pd.Timestamp("2025-03-15") and bg["conflicts"] == "dossiers_resolved_late"
    assert bg["dossiers_resolved_late"] == 1      # first in text; 3 stays in the long table as other_values
    assert pd.isna(bg["procedures_total"])        # qualified values are in the long table only
    dn = wide[wide["province_2025"] == "Đồng Nai"]
    assert list(dn["period"]) == ["2021-H1", "2022-Y", "2023-Q3"]
    assert list(dn["dossiers_received"].fillna(-1)) == [9423, -1, 2406]
    assert list(dn["on_time_rate__target"]) == [99, 99, 99]
    assert list(wide["province_2025"]) == ["Bắc Ninh", "Đồng Nai", "Đồng Nai", "Đồng Nai"]


def test_long_has_evidence_and_the_documents_place_and_time(store):
    store.put(BAC_GIANG)
    long = store.long()
    assert list(long.columns) == list(T.LONG_COLUMNS)
    assert {str(long[c].dtype) for c in ("period_start", "window_end")} == {"datetime64[s]"}
    r = long[long["indicator"] == "dossiers_received"].iloc[0]
    assert (r["province"], r["province_2025"], r["agency"], r["period"]) == ("Bắc Giang", "Bắc Ninh", "Sở Công Thương", "2025-M04")
    assert r["value"] == 331.0 and r["unit"] == "count" and r["page"] == 2
    assert r["evidence"] == "Sở Công Thương đã tiếp nhận tổng số: 331 hồ sơ"
    late = long[long["indicator"] == "dossiers_resolved_late"].iloc[0]
    assert bool(late["conflict"]) and late["other_values"] == "3" and late["n_mentions"] == 2
    q = long[long["indicator"] == "procedures_total"].iloc[0]
    assert q["qualifier"] == "thuộc thẩm quyền giải quyết của địa phương" and q["value"] == 24


def test_same_bytes_again_is_unchanged_under_its_path_and_a_duplicate_under_another(store):
    assert store.put(BAC_GIANG, path="a/bg.txt") == "stored"
    assert store.put(BAC_GIANG, path="a/bg.txt") == "unchanged"
    assert store.put(BAC_GIANG, path="b/copy.txt") == "duplicate"
    c = store.counts()
    assert (c["documents"], c["mentions"], c["indicators"], c["files"]) == (1, 4, 3, 2)
    err = store.frame("SELECT error FROM files WHERE path = 'b/copy.txt'").iloc[0, 0]
    assert err == "same content as a/bg.txt"


def test_a_new_extractor_version_replaces_the_documents_rows(store):
    store.put(BAC_GIANG)
    newer = dict(BAC_GIANG, extractor_version="9.9.9", indicators=BAC_GIANG["indicators"][:1])
    assert store.put(newer) == "stored"
    c = store.counts()
    assert (c["documents"], c["mentions"], c["indicators"]) == (1, 1, 1)
    assert store.frame("SELECT extractor_version FROM documents").iloc[0, 0] == "9.9.9"


def test_error_records_are_kept_with_their_reason_and_no_document_rows(store):
    bad = {"source": "x.pdf", "sha256": None, "status": "error", "error": "password-protected PDF",
           "extractor_version": EXTRACTOR_VERSION, "pages": 0, "meta": {}, "indicators": [], "references": [], "findings": []}
    assert store.put(bad, size=10, mtime_ns=5) == "error"
    assert store.counts()["documents"] == 0
    assert store.unchanged([("x.pdf", 10, 5)]) == {"x.pdf": ("error", "password-protected PDF", None)}


def test_one_unstorable_record_does_not_take_its_batch_down(store):
    good1, good2 = dong_nai("1", "2021-H1", "2021-01-01", 1), dong_nai("2", "2022-Y", "2022-01-01", 2)
    broken = dong_nai("3", "2023-Q3", "2023-07-01", 3)
    broken["references"] = [{"number": "1", "year": "năm ngoái"}]   # not an integer year: the insert fails
    out = []
    for r in (good1, broken, good2):
        out += store.add(r)
    out += store.flush()
    assert [o.status for o in out] == ["stored", "error", "stored"]
    assert out[1].error.startswith("could not store:")
    assert store.counts()["documents"] == 2 and store.counts()["mentions"] == 4


def test_unchanged_answers_from_path_size_and_mtime(store):
    store.put(BAC_GIANG, path="r/bg.txt", size=100, mtime_ns=7)
    assert set(store.unchanged([("r/bg.txt", 100, 7), ("r/other.txt", 1, 1)])) == {"r/bg.txt"}
    assert store.unchanged([("r/bg.txt", 101, 7)]) == {}              # edited
    assert store.unchanged([("r/bg.txt", 100, 8)]) == {}              # touched
    assert store.unchanged([("r/bg.txt", 100, 7)], version="9.9") == {}   # new extractor


def test_batched_adds_commit_whole_documents(tmp_path):
    s = Store(tmp_path / "b.duckdb", batch_size=3, max_delay=3600)
    out = []
    for i in range(7):
        out += s.add(dong_nai(f"{i:064d}", "2021-H1", "2021-01-01", i))
        assert len(out) == 3 * ((i + 1) // 3)      # committed in threes, reported only once committed
    out += s.flush()
    assert len(out) == 7 and s.counts()["mentions"] == 14
    s.close()


def test_the_wide_view_and_the_long_view_agree(store):
    store.put(BAC_GIANG)
    store.put(dong_nai("1", "2021-H1", "2021-01-01", 9423))
    long, wide = store.long(), store.wide()
    plain = long[long["qualifier"].isna()]
    for _, r in plain.iterrows():
        suffix = {"actual": "", "target": "__target", "change": "__change"}[r["kind"]]
        assert wide.loc[wide["document"] == r["document"], r["indicator"] + suffix].iloc[0] == r["value"]


def test_duckdb_running_out_of_memory_under_its_cap_lifts_the_cap_and_keeps_every_document(tmp_path):
    """`chiso run` caps DuckDB's memory (64MB by default). A write that cannot get its memory under the
    cap (here 4MB against 400 incompressible texts) must not turn into per-file errors, nor leave an
    invalidated database: the store lifts the cap once and writes everything."""
    import random
    import string
    rng = random.Random(1)
    db = tmp_path / "capped.duckdb"
    s = Store(db, batch_size=50)
    s.con.execute("SET memory_limit = '4MB'")
    out = []
    for i in range(400):
        r = dict(BAC_GIANG, sha256=f"{i:064x}", source=f"in/{i}.txt",
                 text="".join(rng.choices(string.ascii_letters + " ", k=20000)))
        out += s.add(r, r["source"], 1, i, 0.1)
    out += s.flush()
    assert s._recovered
    s.close()
    assert [o.status for o in out] == ["stored"] * 400
    with Store(db, read_only=True) as r:
        assert r.con.execute("SELECT count(*) FROM documents").fetchone()[0] == 400
        text = r.con.execute("SELECT unzip_text(text_z) FROM texts WHERE document = ?", [f"{7:064x}"]).fetchone()[0]
    assert len(text) == 20000 and text.strip(string.ascii_letters + " ") == ""


def test_one_provincial_report_gives_three_wide_rows_own_provincial_commune_and_no_conflict(tmp_path):
    """The province's own total, the departments' count and the communes' count are three cells of three
    rows, not one cell in conflict (written from a real extraction of a made-up report)."""
    from batch.files import extract_document
    from extract.model import DocumentBuilder
    b = DocumentBuilder("tinh.txt", "e" * 64, "txt")
    b.add("paragraph", "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG")
    b.add("paragraph", "BÁO CÁO Kết quả công tác cải cách hành chính năm 2025")
    b.add("paragraph", "Toàn tỉnh đã giải quyết 71.600 hồ sơ. Tổng số hồ sơ các sở, ngành đã giải quyết là 19.290 "
                       "hồ sơ, tỷ lệ đúng hạn 99,1%. Tổng số hồ sơ cấp xã đã giải quyết là 52.310 hồ sơ, tỷ lệ đúng "
                       "hạn 99,8%.")
    rec = extract_document(b.build())
    with Store(tmp_path / "s.duckdb") as s:
        s.add(rec, path="tinh.txt")
        s.flush()
        wide = s.wide()
        long = s.long()
    assert list(zip(wide["scope_level"].fillna("-"), wide["dossiers_resolved"])) == [
        ("-", 71600), ("commune", 52310), ("provincial", 19290)]
    assert wide["conflicts"].isna().all() and not long["conflict"].any()
    rates = long[long["indicator"] == "on_time_rate"].set_index("scope_level")["value"].to_dict()
    assert rates == {"provincial": 99.1, "commune": 99.8}
