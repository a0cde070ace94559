"""Stores for the report tests: small synthetic records with known figures, and one whose text,
metadata and findings carry markup that must never run in the page."""
from __future__ import annotations

import hashlib

import duckdb

from extract import EXTRACTOR_VERSION
from extract.document.metadata import META_KEYS

# markup that would run if any document string reached the page unescaped
HOSTILE = ("<script>document.title='PWNED'</script>"
           "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"
           "</textarea><svg onload=\"document.body.setAttribute('data-pwned','2')\">"
           "</script><script>document.body.setAttribute('data-pwned','3')</script>\u2028<!--")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def meta(**kw) -> dict:
    m = {k: None for k in META_KEYS}
    m.update(kw)
    return m


def mention(text: str, phrase: str, indicator: str, value, unit: str, kind: str = "actual") -> dict:
    start = text.index(phrase)
    return {"indicator": indicator, "value": value, "unit": unit, "kind": kind, "qualifier": None, "page": 1,
            "start": start, "end": start + len(phrase), "evidence": phrase, "rule": "test",
            "approximate": False, "source": "text", "ocr": False}


def record(source: str, text: str, m: dict, indicators: list[dict], findings: list[dict] | None = None) -> dict:
    return {"source": source, "sha256": _sha(text), "format": "txt", "status": "ok", "error": None, "pages": 1,
            "extractor_version": EXTRACTOR_VERSION, "warnings": [], "meta": m, "indicators": indicators,
            "references": [], "findings": findings or []}


def error_record(source: str, message: str) -> dict:
    return {"source": source, "sha256": None, "format": None, "status": "error", "error": message, "pages": 0,
            "extractor_version": EXTRACTOR_VERSION, "warnings": [], "meta": meta(), "indicators": [],
            "references": [], "findings": []}


T1 = "Báo cáo quý III/2023.\nSở Công Thương tiếp nhận 9.423 hồ sơ; tỷ lệ giải quyết đúng hạn đạt 99,75%.\n"
T2 = "Báo cáo 6 tháng đầu năm 2021.\nĐã tiếp nhận 6.279 hồ sơ, tỷ lệ đúng hạn 98,5%.\n"
T3 = "Kế hoạch năm 2023.\nPhấn đấu tỷ lệ giải quyết đúng hạn đạt 99%.\n"
T4 = "Báo cáo tháng 4/2025 " + HOSTILE + "\nĐã tiếp nhận 331 hồ sơ " + HOSTILE + " xong.\n"


def records() -> list[tuple[dict, str]]:
    """(record, text) pairs: two provinces, three periods, a plan with a target, a hostile report."""
    r1 = record("in/dongnai_2023-Q3.txt", T1,
                meta(province="Đồng Nai", agency="Sở Công Thương", period="2023-Q3",
                     period_start="2023-07-01", period_end="2023-09-30"),
                [mention(T1, "tiếp nhận 9.423 hồ sơ", "dossiers_received", 9423, "count"),
                 mention(T1, "đúng hạn đạt 99,75%", "on_time_rate", 99.75, "percent")],
                [{"check": "rate_vs_counts", "severity": "warning", "message": "Tỷ lệ không khớp số hồ sơ",
                  "message_en": "rate does not match the counts",
                  "evidence": [{"document": None, "page": 1, "start": T1.index("đúng hạn"), "end": T1.index("đúng hạn") + 19,
                                "quote": "đúng hạn đạt 99,75%"}]}])
    r1["findings"][0]["evidence"][0]["document"] = r1["sha256"]
    r2 = record("in/quangngai_2021-H1.txt", T2,
                meta(province="Quảng Ngãi", agency="Sở Công Thương", period="2021-H1",
                     period_start="2021-01-01", period_end="2021-06-30"),
                [mention(T2, "tiếp nhận 6.279 hồ sơ", "dossiers_received", 6279, "count"),
                 mention(T2, "đúng hạn 98,5%", "on_time_rate", 98.5, "percent")])
    r3 = record("in/dongnai_2023-plan.txt", T3,
                meta(province="Đồng Nai", agency="Sở Công Thương", doc_type="ke_hoach", period="2023-Y",
                     period_start="2023-01-01", period_end="2023-12-31"),
                [mention(T3, "đúng hạn đạt 99%", "on_time_rate", 99, "percent", kind="target")])
    r4 = record("in/" + HOSTILE + ".txt", T4,
                meta(province="Tỉnh " + HOSTILE, agency="Sở " + HOSTILE, period="2025-M04",
                     period_start="2025-04-01", period_end="2025-04-30"),
                [mention(T4, "tiếp nhận 331 hồ sơ " + HOSTILE, "dossiers_received", 331, "count")],
                [{"check": "hostile", "severity": "error", "message": "Lỗi " + HOSTILE, "message_en": HOSTILE,
                  "evidence": [{"document": None, "page": 1, "start": 0, "end": 10, "quote": HOSTILE}]}])
    r4["findings"][0]["evidence"][0]["document"] = r4["source"]
    return [(r1, T1), (r2, T2), (r3, T3), (r4, T4)]


def build_store(path, texts: bool = True) -> list[tuple[dict, str]]:
    """A store with the records above, a failed file, and (texts=True) a `texts` table with each
    document's text as plain `text`, the way stores before schema version 3 kept it (pipeline.run
    stores it compressed, `text_z`: tests/test_report.py covers both)."""
    from normalize.store import Store
    pairs = records()
    with Store(path) as s:
        for rec, _ in pairs:
            s.put(rec)
        s.put(error_record("in/broken.pdf", "not a PDF " + HOSTILE))
    if texts:
        con = duckdb.connect(str(path))
        con.execute("CREATE TABLE IF NOT EXISTS texts (document VARCHAR PRIMARY KEY, text VARCHAR)")
        for rec, text in pairs:
            con.execute("INSERT OR REPLACE INTO texts (document, text) VALUES (?, ?)", [rec["sha256"], text])
        con.close()
    return pairs
