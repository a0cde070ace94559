"""The review report in a real browser: headless Chromium (Debian's `chromium`, installed by
scripts/setup.sh) opens the page from disk, runs its scripts, and the rendered DOM is checked.

Set CHISO_REPORT_SCREENSHOT=FILE.png to keep a screenshot of the fixtures' page (the README's come from test_report_scoped_browser.py)."""
from __future__ import annotations

import os
import re
import shutil
from urllib.parse import quote
import subprocess
from pathlib import Path

import duckdb
import pytest

from report.build import build_report, collect
from tests.report_fixtures import build_store

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/setup.sh installs Debian's chromium)")


def chromium(tmp: Path, url: str, *args: str) -> str:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
           f"--user-data-dir={tmp / 'profile'}", "--virtual-time-budget=5000", *args, url]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


def dom(tmp: Path, page: Path, fragment: str = "") -> str:
    return chromium(tmp, page.resolve().as_uri() + fragment, "--dump-dom", "--window-size=1400,3000")


@pytest.fixture(scope="module")
def fixtures_report(tmp_path_factory):
    import pipeline
    tmp = tmp_path_factory.mktemp("browser")
    db = tmp / "fixtures.duckdb"
    pipeline.run([ROOT / "fixtures"], db=db, workers=0)
    page = tmp / "report.html"
    info = build_report(db, page)
    return tmp, db, page, info


def test_fixtures_report_renders(fixtures_report):
    tmp, db, page, info = fixtures_report
    con = duckdb.connect(str(db), read_only=True)
    n_docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    # a copy's finding that its authoritative copy has too shows once (findings.copy_of, normalize.copies)
    n_findings = con.execute("SELECT count(*) FROM findings WHERE copy_of IS NULL").fetchone()[0]
    # copies of one report (normalize.copies) show once in the table
    n_reports = con.execute("SELECT count(*) FROM documents WHERE report IS NULL OR report = document").fetchone()[0]
    # reports with no figure at all are listed apart from the table
    n_bare = con.execute("SELECT count(*) FROM documents d WHERE (report IS NULL OR report = document) AND NOT EXISTS "
                         "(SELECT 1 FROM indicators i WHERE i.document = d.document)").fetchone()[0]
    con.close()
    assert n_docs >= 5 and info.documents == n_docs
    html = dom(tmp, page)
    assert re.search(r'<body[^>]* data-ready-ms="\d', html), "the page's script did not finish"
    # the wide table: one row per report (all on the first page), a link per figure
    grid = re.search(r'<table id="grid"[^>]*data-rows="(\d+)"', html)
    assert n_reports < n_docs and grid and int(grid.group(1)) == n_reports - n_bare
    body = html.split('<table id="grid"', 1)[1].split("</table>", 1)[0]
    assert body.count("<tr>") == n_reports - n_bare + 1
    bare = html.split('id="no-figures"', 1)[1].split("</details>", 1)[0]
    assert bare.count('<button class="jump"') == n_bare
    assert body.count('class="val') >= 20
    assert html.count('class="finding sev-') == n_findings
    # Plotly drew every chart that has data
    for cid, traces in re.findall(r'<div class="chart[^"]*" id="chart-(\w+)" data-traces="(\d+)"', html):
        chart = html.split(f'id="chart-{cid}"', 1)[1].split('id="chart-', 1)[0].split("</section>", 1)[0]
        assert ("main-svg" in chart) == (int(traces) > 0), cid


def test_jump_opens_the_sentence_of_a_figure(fixtures_report):
    tmp, db, page, _ = fixtures_report
    p = collect(db, reread=False)
    d = next(d for d in p["docs"] if "dongnai_sct_2021-H1." in d["source"] and d["copy_of"] is None)
    v = next(r for r in p["values"] if r["d"] == d["i"] and r["indicator"] == "dossiers_received")
    assert v["value"] == 9423
    html = dom(tmp, page, f"#doc={d['i']}&at={v['start']}")
    m = re.search(r'<mark class="fig chosen flash"[^>]*>([^<]*)</mark><span class="tag">([^<]*)</span>', html)
    assert m, "the figure's highlight was not found or not flashed"
    assert "9.423" in m.group(1)
    assert "dossiers_received · 9.423 · thực tế" in m.group(2)
    text = html.split('id="doc-text"', 1)[1].split("</section>", 1)[0]
    # every mention highlighted: overlapping spans share one highlight, so count the merged spans
    groups, end = 0, -1
    for start, stop, *_ in d["marks"]:
        groups += start >= end
        end = stop if start >= end else max(end, stop)
    assert len(d["marks"]) >= 20 and text.count("<mark ") == groups


def test_screenshot(fixtures_report):
    tmp, _, page, _ = fixtures_report
    out = Path(os.environ.get("CHISO_REPORT_SCREENSHOT") or tmp / "report.png")
    out.parent.mkdir(parents=True, exist_ok=True)
    chromium(tmp, page.resolve().as_uri(), f"--screenshot={out.resolve()}", "--window-size=1400,2000")
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_hostile_document_runs_nothing(tmp_path):
    """A report whose text, names, findings and failed-file reason carry <script>, an <img onerror>,
    </textarea> and </script>: opened in the browser, with that document shown, nothing executes."""
    build_store(tmp_path / "h.duckdb")
    page = tmp_path / "h.html"
    build_report(tmp_path / "h.duckdb", page)
    i = next(d["i"] for d in collect(tmp_path / "h.duckdb")["docs"] if "PWNED" in d["source"])
    html = dom(tmp_path, page, f"#doc={i}&at=0")
    assert re.search(r'<body[^>]* data-ready-ms="\d', html), "the page's script did not finish"
    assert not re.search(r"<body[^>]*data-pwned", html)
    assert "<title>chiso — báo cáo rà soát · review report</title>" in html
    assert "<img" not in html and "<textarea" not in html
    shown = html.split('id="doc-text"', 1)[1].split("</section>", 1)[0]
    assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in shown          # shown as text
    assert shown.count('<mark class="fig') == 1


def test_table_evidence_with_headers_and_findings_filter(fixtures_report):
    tmp, db, page, _ = fixtures_report
    p = collect(db, reread=False)
    v = next(r for r in p["values"] if r["columns"] and "dongnai_sct_2021-H1." in p["docs"][r["d"]]["source"]
             and r["indicator"] == "dossiers_received")
    html = dom(tmp, page, "#view=long&indicator=dossiers_received&period=2021-H1&q=" + quote("Tổng số"))
    grid = html.split('<table id="grid"', 1)[1].split("</table></td>", 1)[0]
    heads = re.findall(r'<table class="plain row-headers"><tr>(.*?)</tr><tr>(.*?)</tr>', grid)
    assert heads, "no table row with its headers"
    pairs = list(zip(re.findall(r"<th>([^<]*)</th>", heads[0][0]), re.findall(r"<td>([^<]*)</td>", heads[0][1])))
    assert [list(x) for x in pairs] == v["columns"] and ("Tổng số hồ sơ đã tiếp nhận", "9.423") in pairs
    # the findings filter: one check shown, the others hidden
    checks = sorted({f["check"] for f in p["findings"]})
    assert len(checks) >= 2
    html = dom(tmp, page, "#fcheck=" + checks[0])
    sec = html.split('<section id="findings">', 1)[1].split("</section>", 1)[0]
    shown = re.findall(r'<div class="check-group" data-check="([^"]*)"(?! hidden)>', sec)
    assert shown == [checks[0]] * len(shown) and shown
    assert re.search(r'<div class="check-group" data-check="%s" hidden' % re.escape(checks[1]), sec)
