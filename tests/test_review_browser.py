"""Correcting figures from the review page, in the real Chromium driven over the DevTools protocol
(tests/cdp.py): on a report written here, a reviewer confirms one figure, rejects one, edits a value and
a scope, and adds a figure the rules missed by selecting its words with the mouse; the page keeps the
decisions across a reload and downloads them; normalize/corrections.py reads that file as it is;
`chiso corrections import` and `chiso run` apply it, and the next report shows the corrections."""
from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

import pipeline
from normalize import corrections as C
from tests.test_report_browser import CHROMIUM

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

REPORT = """ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH
SỞ NỘI VỤ

BÁO CÁO
Kết quả giải quyết thủ tục hành chính quý II năm 2024

Trong quý II năm 2024, Sở Nội vụ đã tiếp nhận 2.315 hồ sơ, đã giải quyết 2.290 hồ sơ, tỷ lệ giải quyết đúng hạn đạt 97,2%.
Số hồ sơ trực tuyến là 1.102 hồ sơ.
Số hồ sơ tồn chưa giải quyết là 25 hồ sơ.
Trong kỳ có 38 lượt người dân góp ý về thái độ phục vụ.
"""
MISSED = "38 lượt người dân góp ý"          # the rules find no figure here: the reviewer adds it
NOTE = 'sai, "gõ nhầm"'                     # a comma and quotes: the CSV must quote them as Python's csv does


def store_figure(db, indicator):
    long = pipeline.load_tables(db).long
    rows = long[long.indicator == indicator]
    assert len(rows) == 1, long[["indicator", "value"]]
    return rows.iloc[0]


def open_doc(c, page: Path) -> None:
    c.open(page.resolve().as_uri() + "#doc=0")
    c.wait_for("document.body.getAttribute('data-ready-ms') && document.querySelectorAll('#doc-text mark').length")


def mark(db, indicator) -> str:
    return f'#doc-text mark[data-s="{int(store_figure(db, indicator).start)}"]'


def select_words(c, phrase: str) -> None:
    """Drag the mouse over `phrase` in the document view, from its first character to its last."""
    box = c.js("""(function (phrase) {
        var w = document.createTreeWalker(document.getElementById("doc-text"), NodeFilter.SHOW_TEXT), n;
        while ((n = w.nextNode())) {
          var k = n.data.indexOf(phrase);
          if (k < 0) continue;
          n.parentElement.scrollIntoView({block: "center"});
          var r = document.createRange(); r.setStart(n, k); r.setEnd(n, k + phrase.length);
          var rs = r.getClientRects(), a = rs[0], b = rs[rs.length - 1];
          return [a.left + 1, a.top + a.height / 2, b.right - 1, b.top + b.height / 2];
        }
        return null;
    })(%s)""" % json.dumps(phrase))
    assert box, phrase
    c.drag((box[0], box[1]), (box[2], box[3]))
    assert c.js("getSelection().toString()") == phrase


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """The reviewer's session: (store, folder, downloaded CSV, what the page said along the way)."""
    from tests.cdp import Chromium
    tmp = tmp_path_factory.mktemp("review")
    folder = tmp / "archive"
    folder.mkdir()
    (folder / "hatinh_snv_2024-Q2.txt").write_text(REPORT, encoding="utf-8")
    db = tmp / "chiso.duckdb"
    assert pipeline.main(["run", str(folder), "--db", str(db), "--workers", "0", "--no-progress"]) == 0
    assert "feedback_received" not in set(pipeline.load_tables(db).long.indicator)
    page = tmp / "report.html"
    assert pipeline.main(["report", "--db", str(db), "--out", str(page)]) == 0
    seen = {}
    c = Chromium(CHROMIUM, tmp / "profile", tmp / "downloads")
    try:
        open_doc(c, page)
        assert c.js("document.querySelectorAll('#rv-panel button').length") == 0    # nothing built per figure at load
        c.js("document.getElementById('rv-who').value = 'Lan'; document.getElementById('rv-who').dispatchEvent(new Event('change'))")
        # confirm, reject
        c.click(mark(db, "dossiers_received"))
        seen["panel"] = c.js("document.getElementById('rv-panel').textContent")
        c.click("#rv-panel button[data-act=confirm]")
        c.click("#rv-panel .rv-close")
        c.click(mark(db, "dossiers_online"))
        c.click("#rv-panel button[data-act=reject]")
        c.click("#rv-panel .rv-close")
        # edit a value, typed as it is written in Vietnamese, with a note
        c.click(mark(db, "dossiers_resolved"))
        c.click("#rv-panel button[data-act=edit]")
        c.type_into("#rv-panel input[name=value]", "2.291")
        c.type_into("#rv-panel input[name=note]", NOTE)
        # CHISO_REPORT_SCREENSHOTS=docs/ refreshes the README's picture of the panel
        shot = Path(os.environ.get("CHISO_REPORT_SCREENSHOTS") or tmp) / "report-review.png"
        seen["screenshot"] = c.screenshot(shot)[:8]
        c.click("#rv-panel button[data-act=save]")
        seen["pending"] = c.js("document.querySelector('#rv-panel .rv-pending').textContent")
        c.click("#rv-panel .rv-close")
        # edit a scope
        c.click(mark(db, "dossiers_pending"))
        c.click("#rv-panel button[data-act=edit]")
        c.type_into("#rv-panel input[name=period]", "2024-Q5")             # not a period: refused
        c.click("#rv-panel button[data-act=save]")
        seen["refused"] = c.js("document.querySelector('#rv-panel .rv-problem').textContent")
        seen["count_refused"] = c.js("+document.getElementById('rv-count').getAttribute('data-n')")
        c.type_into("#rv-panel input[name=period]", "")
        c.js("document.querySelector('#rv-panel select[name=scope_level]').value = 'commune'")
        c.click("#rv-panel button[data-act=save]")
        c.click("#rv-panel .rv-close")
        seen["marked"] = c.js("Array.from(document.querySelectorAll('#doc-text mark')).map(m => m.className)")
        # add a figure from a selection
        select_words(c, MISSED)
        c.click("#rv-add")
        seen["prefilled"] = c.js("document.querySelector('#rv-panel input[name=value]').value")
        c.js("document.querySelector('#rv-panel select[name=indicator]').value = 'feedback_received'")
        c.click("#rv-panel button[data-act=add]")
        seen["count"] = c.js("+document.getElementById('rv-count').getAttribute('data-n')")
        # a reload keeps them (localStorage, under this store)
        c.reload()
        c.wait_for("document.body.getAttribute('data-ready-ms')")
        seen["after_reload"] = c.js("+document.getElementById('rv-count').getAttribute('data-n')")
        csv_path = c.download("#rv-download")
    finally:
        c.close()
    return db, folder, csv_path, seen


def test_the_page_collects_decisions_and_keeps_them(reviewed):
    db, _, csv_path, seen = reviewed
    assert "dossiers_received" in seen["panel"] and "2.315" in seen["panel"]
    assert seen["pending"].endswith("value = 2291")
    assert sorted(seen["marked"]) == sorted(["fig chosen dec-confirm", "fig chosen dec-set", "fig chosen",
                                             "fig chosen dec-reject", "fig chosen dec-set"])
    assert seen["refused"].startswith("Kỳ theo mã GOLD.md") and seen["count_refused"] == 3
    assert seen["prefilled"] == "38"
    assert seen["count"] == seen["after_reload"] == 5
    assert seen["screenshot"] == b"\x89PNG\r\n\x1a\n"
    assert csv_path.name == "chiso.review.corrections.csv"


def test_the_pages_csv_is_the_corrections_format(reviewed):
    db, folder, csv_path, _ = reviewed
    text = csv_path.read_text(encoding="utf-8")
    rows = C.read(csv_path)                           # the reader accepts it: no invalid row
    sha = store_figure(db, "dossiers_received").document
    doc_text = pipeline.query("SELECT unzip_text(text_z) FROM texts", db=db).iloc[0, 0]
    assert all(r.sha256 == sha and r.path == str(folder / "hatinh_snv_2024-Q2.txt") and r.who == "Lan" for r in rows)
    assert all(doc_text[r.start:r.end] == r.quote for r in rows)       # every anchor holds in the stored text
    got = {(r.action, r.field, r.indicator, r.new_value) for r in rows}
    assert got == {("confirm", "", "dossiers_received", ""), ("reject", "", "dossiers_online", ""),
                   ("set", "value", "dossiers_resolved", "2291"), ("set", "scope_level", "dossiers_pending", "commune"),
                   ("add", "", "feedback_received", "38")}
    added = next(r for r in rows if r.action == "add")
    assert added.quote == MISSED and added.end - added.start == len(MISSED)
    assert next(r for r in rows if r.field == "value").note == NOTE
    # byte for byte what normalize/corrections.py writes for the same rows
    again = csv_path.with_name("rewritten.csv")
    C.write(again, rows)
    assert again.read_text(encoding="utf-8") == text
    assert list(csv.reader(io.StringIO(text)))[0] == list(C.COLUMNS)


def test_import_and_run_show_the_corrections(reviewed, tmp_path):
    db, folder, csv_path, _ = reviewed
    assert pipeline.main(["corrections", "import", str(csv_path), "--db", str(db)]) == 0
    assert pipeline.main(["run", str(folder), "--db", str(db), "--workers", "0", "--no-progress"]) == 0
    long = pipeline.load_tables(db).long
    assert "dossiers_online" not in set(long.indicator)                         # rejected
    resolved = store_figure(db, "dossiers_resolved")
    assert resolved.value == 2291 and resolved.corrected and resolved.original_value == 2290
    pending = store_figure(db, "dossiers_pending")
    assert pending.scope_level == "commune" and pending.corrected and json.loads(pending.original) == {"scope_level": None}
    added = store_figure(db, "feedback_received")
    assert added.value == 38 and added.corrected and added.evidence.startswith("Trong kỳ có 38")
    assert not store_figure(db, "dossiers_received").corrected                   # confirmed: as extracted

    # the next report: the table shows the corrected values with the original beside, the document
    # view the rejected figure struck out and the added one highlighted
    from tests.cdp import Chromium
    page = tmp_path / "next.html"
    assert pipeline.main(["report", "--db", str(db), "--out", str(page)]) == 0
    c = Chromium(CHROMIUM, db.parent / "profile", tmp_path / "downloads")      # the reviewer's browser again
    try:
        c.open(page.resolve().as_uri() + "#view=long&indicator=*")
        c.wait_for("document.body.getAttribute('data-ready-ms')")
        # the decisions now in the store's corrections file leave the page's list
        pending = c.js("[+document.getElementById('rv-count').getAttribute('data-n'), "
                       "document.getElementById('rv-status').getAttribute('data-imported')]")
        cells = c.js("""Array.from(document.querySelectorAll('#grid tbody tr')).map(function (tr) {
            var v = tr.querySelector('a.val'); return [v.textContent, v.className, tr.querySelector('small.was') ?
            tr.querySelector('small.was').textContent : null]; })""")
        c.open(page.resolve().as_uri() + "#doc=0")
        c.wait_for("document.querySelectorAll('#doc-text mark').length")
        marks = c.js("""Array.from(document.querySelectorAll('#doc-text mark')).map(function (m) {
            return [m.textContent, m.className, m.nextSibling.textContent]; })""")
    finally:
        c.close()
    assert pending == [0, "5"]
    by_value = {v: (cls, was) for v, cls, was in cells}
    assert "1.102" not in by_value and len(cells) == 5
    assert by_value["2.291"] == ("val corrected", " (gốc · was 2.290)")
    assert by_value["25"] == ("val corrected", " (gốc · was phạm vi: của chính báo cáo)")
    assert by_value["38"] == ("val corrected", " (đã thêm · added)")
    assert by_value["2.315"] == ("val", None)
    shown = {text: (cls, tag) for text, cls, tag in marks}
    assert shown["Số hồ sơ trực tuyến là 1.102 hồ sơ"][0] == "fig chosen rejected"
    assert shown[MISSED][0] == "fig chosen added" and "feedback_received · 38" in shown[MISSED][1]
    assert shown["đã giải quyết 2.290 hồ sơ"][0] == "fig chosen corrected"
    assert "dossiers_resolved · 2.291" in shown["đã giải quyết 2.290 hồ sơ"][1]
    assert "cấp xã" in shown["Số hồ sơ tồn chưa giải quyết là 25 hồ sơ"][1]


def test_spans_past_an_emoji_stay_code_points_and_metadata(tmp_path):
    """The store counts code points, the browser UTF-16 units: after a character beyond U+FFFF the
    highlights still cover their figures, and an added figure's span is the store's. The document's
    metadata is corrected from the page too (rows without a span)."""
    from tests.cdp import Chromium
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "r.txt").write_text(REPORT.replace("Số hồ sơ trực tuyến", "📌 Số hồ sơ trực tuyến"), encoding="utf-8")
    db = tmp_path / "chiso.duckdb"
    assert pipeline.main(["run", str(folder), "--db", str(db), "--workers", "0", "--no-progress"]) == 0
    text = pipeline.query("SELECT unzip_text(text_z) FROM texts", db=db).iloc[0, 0]
    quotes = [text[int(r.start):int(r.end)] for r in pipeline.load_tables(db).long.itertuples()]
    assert "📌" in text and any(q.startswith("📌") for q in quotes)
    page = tmp_path / "report.html"
    assert pipeline.main(["report", "--db", str(db), "--out", str(page)]) == 0
    c = Chromium(CHROMIUM, tmp_path / "profile", tmp_path / "downloads")
    try:
        open_doc(c, page)
        shown = c.js("Array.from(document.querySelectorAll('#doc-text mark')).map(m => m.textContent)")
        select_words(c, MISSED)
        c.click("#rv-add")
        c.js("document.querySelector('#rv-panel select[name=indicator]').value = 'feedback_received'")
        c.click("#rv-panel button[data-act=add]")
        c.click(mark(db, "dossiers_pending"))
        c.click("#rv-panel button[data-act=reject]")
        c.click("#rv-panel .rv-close")
        # the document's own metadata: its period and agency
        c.click("#rv-meta")
        c.type_into("#rv-panel input[name=period]", "2024-M06")
        c.type_into("#rv-panel input[name=agency]", "Sở Tư pháp")
        c.click("#rv-panel button[data-act=save-meta]")
        csv_path = c.download("#rv-download")
    finally:
        c.close()
    assert shown == quotes
    rows = C.read(csv_path)
    assert [(r.action, r.start is None or text[r.start:r.end] == r.quote) for r in rows] == [("add", True), ("reject", True),
                                                                                              ("set", True), ("set", True)]
    assert rows[0].quote == MISSED
    assert [(r.field, r.new_value, r.start, r.quote) for r in rows[2:]] == [("agency", "Sở Tư pháp", None, ""),
                                                                           ("period", "2024-M06", None, "")]
    assert pipeline.main(["corrections", "import", str(csv_path), "--db", str(db)]) == 0
    doc = pipeline.query("SELECT agency, period, CAST(period_start AS VARCHAR) FROM documents", db=db).iloc[0]
    assert list(doc) == ["Sở Tư pháp", "2024-M06", "2024-06-01"]


def test_a_hostile_documents_figure_is_decided_as_text(tmp_path):
    """A figure whose quote carries <script>, quotes, </script> and U+2028: its panel shows it as text,
    nothing runs, and the CSV keeps the quote exactly (quoted as Python's csv quotes it)."""
    from report.build import build_report, collect
    from tests.cdp import Chromium
    from tests.report_fixtures import HOSTILE, T4, build_store
    db = tmp_path / "h.duckdb"
    build_store(db)
    page = tmp_path / "h.html"
    build_report(db, page)
    i = next(d["i"] for d in collect(db)["docs"] if "PWNED" in d["source"])
    c = Chromium(CHROMIUM, tmp_path / "profile", tmp_path / "downloads")
    try:
        c.open(page.resolve().as_uri() + f"#doc={i}")
        c.wait_for("document.body.getAttribute('data-ready-ms') && document.querySelectorAll('#doc-text mark').length")
        c.click("#doc-text mark")
        panel = c.js("document.getElementById('rv-panel').innerHTML")
        c.click("#rv-panel button[data-act=reject]")
        csv_path = c.download("#rv-download")
        pwned = c.js("[document.body.getAttribute('data-pwned'), document.title]")
    finally:
        c.close()
    assert pwned == [None, "chiso — báo cáo rà soát · review report"]
    assert "<script" not in panel and "<img" not in panel
    rows = C.read(csv_path)
    start = T4.index("tiếp nhận 331 hồ sơ")
    assert [(r.action, r.start, r.quote) for r in rows] == [("reject", start, "tiếp nhận 331 hồ sơ " + HOSTILE)]
