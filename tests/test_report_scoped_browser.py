"""The review page in the real Chromium on reports written for it (tests/report_scoped.py): figures of
the report's own subject and of two levels, quarterly and monthly. Whose figure and which period stay
with every figure: the scope filter, the charts' series, the document view's labels."""
from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest

from report.build import build_report, collect
from tests.report_scoped import EXPECTED, write
from tests.test_report_browser import CHROMIUM, dom

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


@pytest.fixture(scope="module")
def scoped(tmp_path_factory):
    import pipeline
    tmp = tmp_path_factory.mktemp("scoped")
    write(tmp / "in")
    db = tmp / "s.duckdb"
    pipeline.run([tmp / "in"], db=db, workers=0)
    page = tmp / "report.html"
    build_report(db, page)
    return tmp, db, page


def stated(scope, column: int) -> list[float]:
    """What the reports state at one scope: column 0 received dossiers, 1 the on-time rate."""
    return sorted(float(f[scope][column]) for *_, f in EXPECTED if scope in f)


def grid(html: str) -> tuple[int, list[list[str]]]:
    n = int(re.search(r'<table id="grid"[^>]*data-rows="(\d+)"', html).group(1))
    body = html.split('<table id="grid"', 1)[1].split("</table>", 1)[0]
    rows = [[htmllib.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr)]
            for tr in re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1])]
    return n, rows


def vn(s: str) -> float:
    return float(s.replace(".", "").replace(",", ".").rstrip("%"))


def chart_rows(html: str, cid: str) -> list[tuple[str, str, float, bool]]:
    box = html.split(f'id="chart-data-{cid}"', 1)[1].split("</details>", 1)[0]
    return [(htmllib.unescape(s), p, float(v), "several" in (cls or ""))
            for cls, s, p, v in re.findall(r'<tr(?: class="(\w+)")? data-series="([^"]*)" data-period="([^"]*)" data-value="([^"]*)"', box)]


def test_scope_filter_returns_the_levels_rows(scoped):
    tmp, _, page = scoped
    html = dom(tmp, page, "#view=long&scope=commune")
    assert re.search(r'<body[^>]* data-ready-ms="\d', html)
    n, rows = grid(html)
    head = re.findall(r'<th[^>]*data-col[^>]*>([^<]*)', html.split('<table id="grid"', 1)[1].split("</thead>", 1)[0])
    scope, value = head.index("Phạm vi"), head.index("Giá trị")
    assert n == len(rows) == 2 * len(stated("commune", 0))
    assert {r[scope] for r in rows} == {"cấp xã"}
    assert sorted(vn(r[value]) for r in rows) == sorted(stated("commune", 0) + stated("commune", 1))
    # the report's own figures: none of a level's values
    n, rows = grid(dom(tmp, page, "#view=long&scope=own"))
    assert n == 2 * len(stated(None, 0)) and {r[scope] for r in rows} == {""}
    assert sorted(vn(r[value]) for r in rows) == sorted(stated(None, 0) + stated(None, 1))


def test_the_charts_own_series_never_hold_a_levels_value(scoped):
    tmp, _, page = scoped
    html = dom(tmp, page)
    rows = chart_rows(html, "on_time_rate")
    assert sorted(v for *_, v, _ in rows) == stated(None, 1)
    assert sorted(v for *_, v, _ in chart_rows(html, "dossiers_received")) == stated(None, 0)
    # a month and a quarter ending on 30 June are two series; each agency kind its own
    assert {s for s, *_ in rows} == {"Hà Giang · UBND tỉnh · quý", "Hà Giang · UBND tỉnh · tháng",
                                     "Hà Giang · sở, ban, ngành · quý", "Ninh Bình · UBND tỉnh · quý"}
    # Plotly drew every point (one SVG point per value: the two values at one point both)
    chart = html.split('id="chart-on_time_rate"', 1)[1].split('class="chart-data"', 1)[0]
    points = re.findall(r'<path class="point[ "][^>]*transform="translate\(([\d.]+),([\d.]+)\)"', chart)
    assert "main-svg" in chart and len(points) == len(rows)
    # the level selector: the commune series hold the commune figures only
    html = dom(tmp, page, "#level=commune")
    rows = chart_rows(html, "on_time_rate")
    assert sorted(v for *_, v, _ in rows) == stated("commune", 1)
    assert {s for s, *_ in rows} == {"Hà Giang · cấp xã · UBND tỉnh · quý", "Hà Giang · cấp xã · UBND tỉnh · tháng",
                                     "Ninh Bình · cấp xã · UBND tỉnh · quý"}


def test_two_values_at_one_point_are_both_shown(scoped):
    tmp, _, page = scoped
    html = dom(tmp, page)
    rows = chart_rows(html, "on_time_rate")
    both = [(p, v, several) for s, p, v, several in rows if s == "Hà Giang · sở, ban, ngành · quý"]
    assert both == [("2024-Q2", 96.0, True), ("2024-Q2", 99.0, True)]      # neither averaged (97,5) nor dropped
    assert not any(several for s, p, v, several in rows if s != "Hà Giang · sở, ban, ngành · quý")
    # in the drawing: two points on one vertical (30 June), one higher than the other
    chart = html.split('id="chart-on_time_rate"', 1)[1].split('class="chart-data"', 1)[0]
    xs = [x for x, _ in re.findall(r'<path class="point[ "][^>]*transform="translate\(([\d.]+),([\d.]+)\)"', chart)]
    assert max(xs.count(x) for x in xs) >= 2


def test_document_view_labels_each_figure_with_its_scope(scoped):
    tmp, db, page = scoped
    p = collect(db, reread=False)
    d = next(d for d in p["docs"] if d["source"].endswith("hagiang_ubnd_2024-Q1.txt"))
    v = next(r for r in p["values"] if r["d"] == d["i"] and r["scope"] == "commune" and r["indicator"] == "on_time_rate")
    html = dom(tmp, page, f"#doc={d['i']}&at={v['start']}")
    tags = re.findall(r'<mark class="fig[^"]*"[^>]*>[^<]*</mark><span class="tag">([^<]*)</span>', html)
    assert "on_time_rate · 91,2% · thực tế · cấp xã" in tags
    assert "on_time_rate · 98,7% · thực tế · cấp tỉnh (sở, ngành)" in tags
    assert "on_time_rate · 97,5% · thực tế · của chính báo cáo" in tags
    flashed = re.search(r'<mark class="fig chosen flash"[^>]*>[^<]*</mark><span class="tag">([^<]*)</span>', html)
    assert flashed and flashed.group(1) == "on_time_rate · 91,2% · thực tế · cấp xã"


def cells(html: str, table: str) -> tuple[list[str], list[tuple[str, str, list[list[str]]]]]:
    """(column headers, [(data-province, row header, [[each cell's data-values]...])]) of a table."""
    t = html.split(f'<table id="{table}"', 1)[1].split("</table>", 1)[0]
    head = [htmllib.unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<th[^>]*>(.*?)</th>", t.split("</thead>", 1)[0])]
    rows = []
    for prov, th, body in re.findall(r'<tr data-province="([^"]*)"><th[^>]*>([^<]*)</th>(.*?)</tr>', t, re.S):
        tds = re.findall(r"<td[^>]*>(.*?)</td>", body)
        rows.append((htmllib.unescape(prov), htmllib.unescape(th),
                     [re.findall(r'data-value="([^"]*)"', td) or [re.sub(r"<[^>]+>", "", td)] for td in tds]))
    return head, rows


@pytest.mark.parametrize("level", ["", "commune"])
def test_comparison_cells_equal_the_wide_tables(scoped, level):
    tmp, _, page = scoped
    html = dom(tmp, page, f"#compare=on_time_rate&clevel={level}")
    head, rows = cells(html, "compare-grid")
    assert head[1:] == ["2024-Q1", "2024-M06", "2024-Q2"]     # by last day, then length
    # 2025 names, the old name where it differs
    assert [(p, th) for p, th, _ in rows] == [("Ninh Bình", "Ninh Bình"), ("Hà Giang", "Tuyên Quang (Hà Giang)")]
    # the wide table at that level: one row per report, the on-time rate in its column
    wide_html = dom(tmp, page, "#scope=" + (level or "own"))
    n, wide = grid(wide_html)
    whead = [htmllib.unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<th[^>]*>(.*?)</th>", html_of_grid_head(wide_html))]
    col = next(k for k, h in enumerate(whead) if h.endswith(" on_time_rate"))
    in_wide: dict[tuple, list[str]] = {}
    for r in wide:
        if r[col]:
            in_wide.setdefault((r[0], r[2]), []).append(r[col])
    in_compare = {}
    for prov, _, tds in rows:
        for period, vals in zip(head[1:], tds):
            if vals != [""]:
                in_compare[(prov, period)] = sorted(float(v) for v in vals)
    assert in_compare == {k: sorted(vn(v) for v in vs) for k, vs in in_wide.items()}
    assert len(in_compare) == 5     # Hà Giang 2024-Q2, own figures: three reports in one cell
    if level == "":     # two departments' reports: both values in one cell
        assert in_compare[("Hà Giang", "2024-Q2")] == [96.0, 96.4, 99.0]


def html_of_grid_head(html: str) -> str:
    return html.split('<table id="grid"', 1)[1].split("</thead>", 1)[0]


def test_coverage_shows_what_the_archive_lacks(scoped):
    tmp, _, page = scoped
    head, rows = cells(dom(tmp, page, "#cmode=coverage"), "compare-grid")
    assert head[1:] == ["2024-Q1", "2024-M06", "2024-Q2", "(chưa rõ)"]      # the cover letter states no period
    assert {p: [c[0] for c in tds] for p, _, tds in rows} == {"Ninh Bình": ["1", "", "1", "1"],
                                                              "Hà Giang": ["1", "1", "3", ""]}


def test_documents_without_figures_are_listed_apart(scoped):
    tmp, _, page = scoped
    html = dom(tmp, page)
    n, rows = grid(html)
    assert n == sum(len(f) for *_, f in EXPECTED) and not any("cong-van" in c for r in rows for c in r)   # report × scope
    bare = html.split('id="no-figures"', 1)[1].split("</details>", 1)[0]
    assert "hidden" not in bare.split(">", 1)[0]
    assert re.findall(r'<button class="jump"[^>]*>([^<]*)</button>', bare) == [
        "Ninh Bình · UBND tỉnh · (chưa rõ) — " + str(tmp / "in" / "ninhbinh_ubnd_2024-Q1_cong-van.txt")]


@pytest.mark.parametrize("name,fragment", [("overview", ""), ("compare", "#compare=on_time_rate&focus=compare"),
                                           ("document", "#doc={doc}&at={at}&focus=document")])
def test_screenshots(scoped, name, fragment):
    """CHISO_REPORT_SCREENSHOTS=docs/ refreshes the README's screenshots (docs/report-*.png)."""
    import os
    from tests.test_report_browser import chromium
    tmp, db, page = scoped
    p = collect(db, reread=False)
    d = next(d for d in p["docs"] if d["source"].endswith("hagiang_ubnd_2024-Q1.txt"))
    v = next(r for r in p["values"] if r["d"] == d["i"] and r["scope"] == "commune")
    out = Path(os.environ.get("CHISO_REPORT_SCREENSHOTS") or tmp) / f"report-{name}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    chromium(tmp, page.resolve().as_uri() + fragment.format(doc=d["i"], at=v["start"]),
             f"--screenshot={out.resolve()}", "--window-size=1400,1100")
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
