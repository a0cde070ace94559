"""The review page's charts, as Plotly traces (plain dicts): one series per province × level × agency
kind × period length, drawn from each figure's own period, never an average.

A series holds the figures of one scope only: the report's own figures (scope null) by default, one
level's (cấp xã, the sở together, a named unit) when the page's level selector picks it, so a
commune count is never drawn on the line of the province's own totals. A monthly and a quarterly
report ending on the same day are two series. Where one series has two different values for one
period (two departments' reports, or two reports of one committee), both are drawn and the hover
of each says so; the line runs through the first report's value, the others are open diamonds.
"""
from __future__ import annotations

import html
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from vn.datafile import load_yaml
from vn.periods import CODE_RE, period_bounds

HERE = Path(__file__).resolve().parent
CHARTS = (("on_time_rate", "Tỷ lệ giải quyết đúng hạn", "on-time rate"),
          ("online_dossier_rate", "Tỷ lệ hồ sơ trực tuyến", "online rate"),
          ("dossiers_received", "Hồ sơ tiếp nhận", "received dossiers"))
SYMBOLS = {"M": "circle", "Q": "square", "H": "triangle-up", "9M": "star", "Y": "diamond", "?": "cross"}


@lru_cache(maxsize=1)
def labels() -> dict:
    return load_yaml(HERE / "data" / "labels.yaml")


def agency_kind(agency: str | None) -> str:
    name = (agency or "").casefold()
    for k in labels()["kinds"]:
        if any(name == p or name.startswith(p + " ") for p in k["prefixes"]):
            return k["kind"]
    return labels()["other"]


def period_length(code: str | None) -> str:
    """M | Q | H | 9M | Y from a period code; ? when it is not one."""
    m = CODE_RE.match(code or "")
    if not m:
        return "?"
    return "M" if m[2] else "Q" if m[3] else "H" if m[4] else "9M" if m[5] else "Y"


def level_label(level: str | None, unit: str | None = None) -> str:
    if not level:
        return labels()["own"]
    return unit or labels()["levels"].get(level, level)


def _bounds(code: str | None, doc: dict) -> tuple[str | None, str | None]:
    try:
        return period_bounds(code)
    except (ValueError, TypeError):
        return doc["period_start"], doc["period_end"]


def vn_number(v: float | None, unit: str | None) -> str:
    """9.423 and 99,75% as a Vietnamese reader writes them."""
    if v is None:
        return ""
    if float(v).is_integer():
        s = f"{int(v):,}".replace(",", ".")
    else:
        s = f"{v:,.2f}".rstrip("0").replace(",", " ").replace(".", ",").replace(" ", ".")
    return s + ("%" if unit == "percent" else "")


def _esc(s) -> str:
    # Plotly reads trace names and hover text as a small HTML subset: escape so a name is only text
    return html.escape(str(s), quote=False)


def _palette() -> list[str]:
    from plotly.colors import qualitative as q
    return list(q.Plotly) + list(q.D3) + list(q.Dark24) + list(q.Alphabet)


def series_name(province: str, level: str | None, unit: str | None, kind: str, length: str) -> str:
    parts = [province, kind, labels()["lengths"].get(length, "kỳ khác")]
    if level:
        parts.insert(1, level_label(level, unit))
    return " · ".join(parts)


def level_keys(payload: dict) -> list[str]:
    """The levels the charts can show: "" (the reports' own figures) and every scope_level present."""
    ids = {c[0] for c in CHARTS}
    return [""] + sorted({r["scope"] for r in payload["values"] if r["scope"] and r["indicator"] in ids})


def chart(payload: dict, indicator: str, level: str, palette: list[str]) -> dict:
    """Traces and a table of points for one indicator at one level ("" = scope null)."""
    docs = payload["docs"]
    series: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    targets: dict[str, list] = defaultdict(list)
    for r in payload["values"]:
        if r["indicator"] != indicator or r["qualifier"] or (r["scope"] or "") != level:
            continue
        d = docs[r["d"]]
        start, end = _bounds(r["period"], d)
        if not end:
            continue
        if r["kind"] == "actual":
            key = (d["province"], r["scope"], r["scope_unit"], agency_kind(d["agency"]), period_length(r["period"]))
            series[key][r["period"]].append((end, r, d))
        elif r["kind"] == "target" and start:
            targets[d["province"]].append((start, end, r, d))
    traces, table, color = [], [], {}
    for n, key in enumerate(sorted(series, key=lambda k: (k[0], k[2] or "", k[3], k[4]))):
        province, lvl, unit, kind, length = key
        name = series_name(province, lvl, unit, kind, length)
        line = {"x": [], "y": [], "hovertext": [], "customdata": []}
        extra = {"x": [], "y": [], "hovertext": [], "customdata": []}
        for period in sorted(series[key], key=lambda p: series[key][p][0][0]):
            pts = sorted(series[key][period], key=lambda p: p[2]["i"])    # the page's order of documents
            distinct = list(dict.fromkeys(r["value"] for _, r, _ in pts))
            stated = "<br>".join(f"{vn_number(r['value'], r['unit'])} — {_esc(d['agency'])} · {_esc(d['source'].split('/')[-1])}"
                                 for _, r, d in pts)
            if len(distinct) > 1:
                head = f"{len(distinct)} giá trị khác nhau tại điểm này · {len(distinct)} different values here:"
            elif len(pts) > 1:
                head = f"{len(pts)} báo cáo cùng giá trị · {len(pts)} reports, one value:"
            else:
                head = ""
            hover = f"<b>{_esc(name)}</b><br>{_esc(period)}<br>" + (head + "<br>" if head else "") + stated
            for j, v in enumerate(distinct):
                end, r, d = next(p for p in pts if p[1]["value"] == v)
                t = line if j == 0 else extra
                t["x"].append(end)
                t["y"].append(v)
                t["hovertext"].append(hover)
                t["customdata"].append([d["i"], r["start"]])
                table.append([name, period, v, r["unit"], d["i"], r["start"], len(distinct)])
        c = palette[n % len(palette)]         # a colour per series; a province's target takes its first
        color.setdefault(province, c)
        common = {"type": "scatter", "legendgroup": _esc(name), "line": {"color": c},
                  "hovertemplate": "%{hovertext}<extra></extra>"}
        traces.append({**common, **line, "name": _esc(name), "mode": "lines+markers",
                       "marker": {"symbol": SYMBOLS[length], "size": 8}})
        if extra["x"]:
            traces.append({**common, **extra, "name": _esc(name) + " (giá trị khác)", "mode": "markers",
                           "showlegend": False, "marker": {"symbol": "diamond-open", "size": 11, "color": c}})
    for province in sorted(targets):   # one trace per province, its segments split by gaps (None)
        xs, ys, texts, custom = [], [], [], []
        for start, end, r, d in sorted(targets[province], key=lambda t: (t[0], t[2]["value"])):
            label = f"{_esc(d['agency'])} — chỉ tiêu {_esc(r['period'])}: {vn_number(r['value'], r['unit'])}"
            xs += [start, end, None]
            ys += [r["value"], r["value"], None]
            texts += [label, label, ""]
            custom += [[d["i"], r["start"]]] * 2 + [None]
            table.append([f"{province} · chỉ tiêu", r["period"], r["value"], r["unit"], d["i"], r["start"], 1])
        traces.append({"type": "scatter", "x": xs[:-1], "y": ys[:-1], "mode": "lines", "name": f"{_esc(province)} · chỉ tiêu",
                       "line": {"color": color.get(province, "#667085"), "dash": "dash", "width": 2}, "hovertext": texts[:-1],
                       "customdata": custom[:-1], "hovertemplate": "<b>" + _esc(province) + "</b><br>%{hovertext}<extra></extra>"})
    return {"traces": traces, "table": table}


def charts(payload: dict) -> dict:
    """{"levels": [[key, label]...], "template": Plotly layout template, "charts": [{id, title, layout,
    by_level: {key: {traces, table}}}]}: the page draws one level at a time."""
    import plotly.io as pio
    palette = _palette()
    levels = level_keys(payload)
    out = []
    for ind, title, title_en in CHARTS:
        rate = ind.endswith("_rate")
        layout = {"title": {"text": f"{title}<br><sup>{title_en}</sup>"}, "height": 440,
                  "margin": {"l": 60, "r": 20, "t": 70, "b": 40}, "legend": {"orientation": "h", "y": -0.25},
                  "hovermode": "closest", "separators": ",.",
                  "xaxis": {"type": "date", "title": {"text": "kỳ của số liệu (ngày cuối kỳ)"}},
                  "yaxis": {"title": {"text": "%" if rate else "hồ sơ"}, "ticksuffix": "%" if rate else ""}}
        out.append({"id": ind, "title": f"{title} · {title_en}", "layout": layout,
                    "by_level": {lv: chart(payload, ind, lv, palette) for lv in levels}})
    template = pio.templates["plotly_white"].to_plotly_json()
    return {"levels": [[lv, level_label(lv)] for lv in levels], "template": template, "charts": out}
