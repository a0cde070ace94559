"""The review report (report/): escaping of untrusted document text, no remote resources, and the
figures, findings and charts it carries."""
from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from report.build import _vn_number, build_report, collect, script_json, unpack
from tests.report_fixtures import HOSTILE, T1, T4, build_store

ROOT = Path(__file__).resolve().parents[1]


class Page(HTMLParser):
    """Every element and attribute as the browser's parser sees them, and each script's content."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._in_script = a
            self.scripts.append((a, ""))

    def handle_data(self, data):
        if self._in_script is not None:
            a, s = self.scripts[-1]
            self.scripts[-1] = (a, s + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def parse(html: str) -> Page:
    p = Page()
    p.feed(html)
    p.close()
    return p


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("report")
    db = d / "t.duckdb"
    pairs = build_store(db)
    info = build_report(db, d / "report.html")
    html = (d / "report.html").read_text(encoding="utf-8")
    return pairs, info, html, parse(html)


# ------------------------------------------------------------------ escaping

def test_script_json_cannot_close_its_element():
    s = str(script_json({"t": "</script><!-- \u2028 & >"}))
    assert "<" not in s and ">" not in s and "&" not in s and "\u2028" not in s
    assert json.loads(s) == {"t": "</script><!-- \u2028 & >"}


def test_document_markup_never_becomes_elements(built):
    _, _, html, page = built
    tags = {t for t, _ in page.tags}
    assert "img" not in tags and "svg" not in tags and "textarea" not in tags
    # no inline event handler anywhere, whatever the tag
    assert not [(t, k) for t, a in page.tags for k in a if k.lower().startswith("on")]
    # the only scripts: JSON data blocks, and the page's own three (Plotly, report.js, review.js) with the CSP nonce
    nonce = re.search(r"script-src 'nonce-([^']+)'", html).group(1)
    code = [a for a, _ in page.scripts if a.get("type") != "application/json"]
    assert len(code) == 3 and all(a.get("nonce") == nonce for a in code)
    data = [s for a, s in page.scripts if a.get("type") == "application/json"]
    assert len(data) == 1 + 4                        # the page's data + one text per document
    assert "PWNED" in html                            # the payload is there, as text only
    assert "<script>document.title='PWNED'" not in html


def test_json_blocks_round_trip_the_untrusted_text(built):
    _, _, _, page = built
    blocks = {a["id"]: json.loads(s) for a, s in page.scripts if a.get("type") == "application/json"}
    texts = [unpack(b["z"]) for k, b in blocks.items() if k.startswith("doc-text-")]
    assert T4 in texts and T1 in texts
    data = blocks["chiso-data"]
    assert any(d["province"] == "Tỉnh " + HOSTILE for d in data["docs"])
    ev = data["values"]["rows"][[r[0] for r in data["values"]["rows"]].index(
        next(d["i"] for d in data["docs"] if "PWNED" in d["source"]))]
    assert ev[data["values"]["cols"].index("evidence")] == "tiếp nhận 331 hồ sơ " + HOSTILE


def test_server_rendered_parts_are_escaped(built):
    _, _, html, _ = built
    body = html.split("<script", 1)[0]                 # overview, findings: rendered by Jinja2
    assert "&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;" in body
    assert "not a PDF &lt;script&gt;" in body          # the failed file's reason
    assert "<img" not in body and "<svg" not in body and "</textarea>" not in body


def test_plotly_labels_escape_names(built):
    _, _, _, page = built
    data = json.loads(next(s for a, s in page.scripts if a.get("id") == "chiso-data"))
    chart = next(c for c in data["charts"]["charts"] if c["id"] == "dossiers_received")
    names = [t["name"] for t in chart["by_level"][""]["traces"]]
    hovers = [h for t in chart["by_level"][""]["traces"] for h in t["hovertext"]]
    assert any(n.startswith("Tỉnh &lt;script&gt;document.title='PWNED'&lt;/script&gt;") for n in names)
    assert not any("<script" in x or "<img" in x for x in names + hovers)


# ------------------------------------------------------------------ offline

URL_ATTRS = ("src", "href", "action", "formaction", "data", "poster", "srcset", "xlink:href", "background", "manifest")


def test_no_remote_resource(built):
    _, _, html, page = built
    for tag, attrs in page.tags:
        for k in URL_ATTRS:
            v = attrs.get(k)
            if v is not None:
                assert v.startswith("#") or v.startswith("data:"), (tag, k, v)
        if tag == "link":
            pytest.fail(f"<link> loads a resource: {attrs}")
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            pytest.fail("meta refresh")
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "url(" not in style and "@import" not in style
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp


# ------------------------------------------------------------------ content

def test_overview_counts(built):
    pairs, info, html, _ = built
    assert (info.documents, info.values, info.findings, info.errors, info.texts) == (4, 6, 2, 1, 4)
    assert '<b id="n-docs">4</b>' in html and '<b id="n-values">6</b>' in html
    assert '<b id="n-findings">2</b>' in html and '<b id="n-errors">1</b>' in html
    assert "<th>2021-H1</th><th>2023-Y</th><th>2023-Q3</th><th>2025-M04</th>" in html   # periods by start date


def test_findings_grouped_by_severity_with_evidence(built):
    _, _, html, _ = built
    sec = html.split('<section id="findings">', 1)[1].split("</section>", 1)[0]
    assert sec.index('data-severity="error"') < sec.index('data-severity="warning"')
    assert sec.count('class="finding sev-') == 2
    assert "Tỷ lệ không khớp số hồ sơ" in sec and "<q>đúng hạn đạt 99,75%</q>" in sec
    # evidence pointing at a document by sha256 or by source both become a jump to that document
    docs = json.loads(next(s for a, s in parse(html).scripts if a.get("id") == "chiso-data"))["docs"]
    i1 = next(d["i"] for d in docs if d["source"] == "in/dongnai_2023-Q3.txt")
    assert f'data-doc="{i1}" data-start="{T1.index("đúng hạn")}"' in sec
    i4 = next(d["i"] for d in docs if d["source"].startswith("in/<script>"))
    assert f'data-doc="{i4}" data-start="0"' in sec


def test_charts_from_collected_payload(tmp_path):
    from report.build import charts
    build_store(tmp_path / "c.duckdb")
    figs = {c["id"]: c for c in charts(collect(tmp_path / "c.duckdb"))["charts"]}
    on_time = figs["on_time_rate"]["by_level"][""]["traces"]
    lines = {t["name"]: t for t in on_time if t.get("line", {}).get("dash") != "dash"}
    # one series per province × agency kind × period length
    assert set(lines) == {"Đồng Nai · sở, ban, ngành · quý", "Quảng Ngãi · sở, ban, ngành · 6 tháng"}
    dn = lines["Đồng Nai · sở, ban, ngành · quý"]
    assert dn["y"] == [99.75] and dn["x"] == ["2023-09-30"]
    target = next(t for t in on_time if t.get("line", {}).get("dash") == "dash")
    assert target["x"] == ["2023-01-01", "2023-12-31"] and target["y"] == [99, 99]
    assert target["line"]["color"] == dn["line"]["color"]   # same colour as its province
    received = {t["name"]: t for t in figs["dossiers_received"]["by_level"][""]["traces"]}
    assert received["Đồng Nai · sở, ban, ngành · quý"]["y"] == [9423]
    assert figs["online_dossier_rate"]["by_level"][""]["traces"] == []


def test_marks_and_values_point_into_the_text(tmp_path):
    pairs = build_store(tmp_path / "m.duckdb")
    p = collect(tmp_path / "m.duckdb")
    d1 = next(d for d in p["docs"] if d["source"] == "in/dongnai_2023-Q3.txt")
    assert [(d1["text"][m[0]:m[1]], m[2], m[3]) for m in d1["marks"]] == [
        ("tiếp nhận 9.423 hồ sơ", "dossiers_received", 9423), ("đúng hạn đạt 99,75%", "on_time_rate", 99.75)]
    v = next(r for r in p["values"] if r["d"] == d1["i"] and r["indicator"] == "on_time_rate")
    assert d1["text"][v["start"]:v["end"]] == v["evidence"] == "đúng hạn đạt 99,75%"


def test_text_comes_from_the_store_even_after_the_file_changed(tmp_path):
    """`chiso run` keeps each document's text (the `texts` table): the page shows the text the spans
    point into, whatever happened to the file since."""
    import pipeline
    src = tmp_path / "dongnai_sct_2023-Q3.txt"
    shutil.copy(ROOT / "fixtures" / "dongnai_sct_2023-Q3.txt", src)
    db = tmp_path / "r.duckdb"
    pipeline.run([src], db=db, workers=0)
    text = pipeline.read_file(src).text
    src.write_text("đã sửa", encoding="utf-8")
    p = collect(db, reread=False)
    assert p["docs"][0]["text"] == text and p["docs"][0]["marks"]
    # every highlighted figure falls inside that text, on a span that holds the figure's words
    assert all(0 <= s < e <= len(text) and any(ch.isdigit() for ch in text[s:e]) or "không" in text[s:e].lower()
               for s, e, *_ in p["docs"][0]["marks"])


def test_text_reread_only_from_an_unchanged_file(tmp_path):
    """A store without texts (built by batch.run.run alone): the text comes from the source file
    only when its bytes still match."""
    import pipeline
    from batch.run import run
    src = tmp_path / "dongnai_sct_2023-Q3.txt"
    shutil.copy(ROOT / "fixtures" / "dongnai_sct_2023-Q3.txt", src)
    db = tmp_path / "r.duckdb"
    run([src], db=db, workers=0)
    p = collect(db)
    assert p["docs"][0]["text"] == pipeline.read_file(src).text and p["docs"][0]["marks"]
    src.write_text("đã sửa", encoding="utf-8")                # another text: its spans would lie
    assert collect(db)["docs"][0]["text"] is None
    assert collect(db, reread=False)["docs"][0]["text"] is None


@pytest.mark.parametrize("value,unit,text", [
    (9423, "count", "9.423"), (99.75, "percent", "99,75%"), (0, "count", "0"), (1234567.5, "count", "1.234.567,5"),
    (100.0, "percent", "100%")])
def test_vietnamese_numbers(value, unit, text):
    assert _vn_number(value, unit) == text


def test_cli_report_writes_the_page(tmp_path, capsys):
    import pipeline
    build_store(tmp_path / "cli.duckdb")
    out = tmp_path / "sub" / "r.html"
    assert pipeline.main(["report", "--db", str(tmp_path / "cli.duckdb"), "--out", str(out)]) == 0
    assert '<b id="n-docs">4</b>' in out.read_text(encoding="utf-8")
    assert "4 documents, 6 figures, 2 findings, 1 failed files" in capsys.readouterr().err
    assert pipeline.main(["report", "--db", str(tmp_path / "none.duckdb"), "--out", str(out)]) == 1


def test_provinces_in_vietnamese_order():
    from report.build import sort_key
    names = ["Quảng Ngãi", "Đồng Nai", "Bắc Giang", "Hà Nội", "Điện Biên", "Cà Mau"]
    assert sorted(names, key=sort_key) == ["Bắc Giang", "Cà Mau", "Điện Biên", "Đồng Nai", "Hà Nội", "Quảng Ngãi"]


def test_two_values_at_one_point_are_both_drawn(tmp_path):
    """Two departments' reports of one province and period: never their sum or mean; both values
    are drawn at the point and the hover says there are two. The same value twice is one point."""
    from normalize.store import Store
    from report.build import charts
    from tests.report_fixtures import records
    db = tmp_path / "dup.duckdb"
    build_store(db)
    r2 = next(r for r, _ in records() if r["source"] == "in/quangngai_2021-H1.txt")
    stp = {**r2, "meta": {**r2["meta"], "agency": "Sở Tư pháp"}, "source": "in/quangngai_stp_2021-H1.txt",
           "sha256": "b" * 64, "indicators": [{**m, "value": 700} if m["indicator"] == "dossiers_received" else m
                                              for m in r2["indicators"]]}
    with Store(db) as s:
        s.put({**r2, "source": "in/quangngai_2021-H1.pdf", "format": "pdf", "sha256": "a" * 64})
        s.put(stp)
    chart = {c["id"]: c for c in charts(collect(db, reread=False))["charts"]}["dossiers_received"]["by_level"][""]
    qn = [t for t in chart["traces"] if t["name"].startswith("Quảng Ngãi")]
    assert [(t["mode"], t["x"], t["y"]) for t in qn] == [("lines+markers", ["2021-06-30"], [6279]),
                                                         ("markers", ["2021-06-30"], [700])]
    assert "2 giá trị khác nhau tại điểm này" in qn[0]["hovertext"][0] == qn[1]["hovertext"][0]
    assert "6.279 — Sở Công Thương" in qn[0]["hovertext"][0] and "700 — Sở Tư pháp" in qn[0]["hovertext"][0]
    on_time = [t for t in {c["id"]: c for c in charts(collect(db, reread=False))["charts"]}["on_time_rate"]
               ["by_level"][""]["traces"] if t["name"].startswith("Quảng Ngãi")]
    assert len(on_time) == 1 and on_time[0]["y"] == [98.5] and "3 báo cáo cùng giá trị" in on_time[0]["hovertext"][0]


def test_a_table_rows_evidence_carries_its_column_headers():
    from report.tables import row_with_headers
    text = ("Kết quả như sau:\n"
            "STT\tĐơn vị\tTiếp nhận\tĐúng hạn\t\n"
            "\t\t\tSố hồ sơ\tTỷ lệ (%)\n"
            "1\tSở Tư pháp\t1.200\t1.188\t99\n"
            "11\tThanh tra tỉnh\t85\t80\t94,1\n"
            "Hết bảng.\n")
    row = text.index("Thanh tra tỉnh")
    assert row_with_headers(text, row) == [["STT", "11"], ["Đơn vị", "Thanh tra tỉnh"], ["Tiếp nhận", "85"],
                                           ["Đúng hạn / Số hồ sơ", "80"], ["Đúng hạn / Tỷ lệ (%)", "94,1"]]
    assert row_with_headers(text, text.index("như sau")) is None        # prose, not a row
    assert row_with_headers("a\tb\n1\t2\n", 0) is None                    # the first line has no header above it


def test_findings_grouped_by_check_and_document_identical_ones_once():
    from report.build import findings_by_group
    doc = {"i": 0, "source": "a.txt"}
    f = lambda check, msg, quote: {"d": 0, "check": check, "severity": "error", "message": msg, "message_en": None,
                                   "evidence": [{"d": 0, "quote": quote}]}
    payload = {"docs": [doc], "findings": [f("table_total", "Tổng khác tổng các dòng", "Tổng 10")] * 12 +
               [f("table_total", "Tổng khác tổng các dòng", "Tổng 11"), f("rate_vs_counts", "Tỷ lệ sai", "99%")]}
    [(sev, n, checks)] = findings_by_group(payload)
    assert (sev, n) == ("error", 14)
    assert [(c, n) for c, n, _ in checks] == [("rate_vs_counts", 1), ("table_total", 13)]
    [(d, items)] = checks[1][2]
    assert d is doc and [(i["evidence"][0]["quote"], times) for i, times in items] == [("Tổng 10", 12), ("Tổng 11", 1)]


def test_the_page_carries_the_stores_corrections(tmp_path):
    """What the corrections file did reaches the page's data: values with their original, marks with
    their state and the figure as corrected (the anchor stays the mention's), the added figure as a
    mark, and the file's decisions (report.build.filed_decisions) for the page to drop from its list."""
    import pipeline
    from normalize import corrections as C
    from report.build import filed_decisions
    from tests.test_review_browser import MISSED, REPORT
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.txt").write_text(REPORT, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    pipeline.run([tmp_path / "in"], db=db, workers=0)
    text = pipeline.query("SELECT unzip_text(text_z) FROM texts", db=db).iloc[0, 0]
    long = pipeline.load_tables(db).long
    sha = long.document.iloc[0]
    at = {r.indicator: (int(r.start), int(r.end)) for r in long.itertuples()}

    def fix(ind, action, **kw):
        s, e = at[ind]
        return C.Correction(sha256=sha, start=s, end=e, quote=text[s:e], action=action, indicator=ind, **kw)
    s = text.index(MISSED)
    C.write(C.default_path(db), [
        fix("dossiers_online", "reject"), fix("dossiers_resolved", "set", field="indicator", new_value="dossiers_due"),
        C.Correction(sha256=sha, start=s, end=s + len(MISSED), quote=MISSED, action="add", indicator="feedback_received",
                     new_value="38")])
    pipeline.run([tmp_path / "in"], db=db, workers=0)
    p = collect(db)
    values = {v["indicator"]: v for v in p["values"]}
    assert "dossiers_online" not in values and "dossiers_resolved" not in values
    assert values["dossiers_due"]["corrected"] and values["dossiers_due"]["original"] == {"indicator": "dossiers_resolved"}
    assert values["feedback_received"]["original"] == {} and values["feedback_received"]["original_value"] is None
    marks = {m[2]: m for m in p["docs"][0]["marks"]}
    assert marks["dossiers_online"][12] == "rejected"
    assert marks["dossiers_resolved"][12] == "corrected" and marks["dossiers_resolved"][13][1] == "dossiers_due"
    assert marks["feedback_received"][12] == "added" and marks["feedback_received"][:4] == [s, s + len(MISSED), "feedback_received", 38]
    assert marks["dossiers_received"][12:] == [None, None]
    assert len(filed_decisions(db)) == 3 and all(k.startswith(sha) for k in filed_decisions(db))
