"""Build the review report: one HTML file with its scripts, styles and data inline.

    DuckDB store ──collect──▶ payload (plain dicts) ──charts──▶ Plotly figures ──render──▶ report.html

Everything that comes from a document (text, quotes, names) is untrusted. It reaches the page only
(a) through Jinja2 with autoescape on, or (b) inside `<script type="application/json">` blocks whose
JSON has `<`, `>`, `&`, U+2028 and U+2029 written as \\u escapes, so no document can close the script
element; the page's own code then puts it in the DOM with textContent, never innerHTML. A Content
Security Policy with a per-build nonce backs this up: only the page's own scripts run, and the page
may not fetch anything (connect-src 'none'), so it works offline and leaks nothing.

Per-document texts are kept gzip-compressed (base64) in one JSON block per document and parsed and
inflated only when that document is opened, so a report over 1,000 documents neither builds 1,000
documents' DOM when it loads nor carries their text uncompressed.
"""
from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import html
import json
import secrets
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from markupsafe import Markup

from normalize.texts import unpack_text

HERE = Path(__file__).resolve().parent
UNKNOWN = "(chưa rõ)"            # a province / agency / period the metadata did not find
SEVERITIES = ("error", "warning", "info")
KIND_LABELS = {"actual": "thực tế", "target": "chỉ tiêu", "change": "thay đổi"}
RATE_CHARTS = (("on_time_rate", "Tỷ lệ giải quyết đúng hạn", "on-time rate"),
               ("online_dossier_rate", "Tỷ lệ hồ sơ trực tuyến", "online rate"))
COUNT_CHART = ("dossiers_received", "Hồ sơ tiếp nhận theo tỉnh", "received dossiers by province")

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                 0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_json(obj: Any) -> Markup:
    """JSON safe to place between <script type="application/json"> tags: no `</script>`, no `<!--`,
    no line separators that older parsers treat as newlines."""
    return Markup(json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str).translate(_JSON_ESCAPES))


# ---------------------------------------------------------------- collect

def _tables(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def _rows(con, sql: str, params=None) -> list[dict]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _has_column(con, table: str, column: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
                            [table, column]).fetchone()[0])


def _scope_cols(con) -> str:
    """`scope_level, scope_unit,` when the store has them (schema version 4), else NULLs (older stores)."""
    cols = {c for (c,) in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'indicators'").fetchall()}
    if "scope_level" in cols:
        return "scope_level, scope_unit,"
    return "NULL AS scope_level, NULL AS scope_unit,"


def _iso(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()[:10]
    return str(v)[:10]


def _catalogue() -> dict[str, dict]:
    try:
        from extract.catalogue import INDICATORS
    except Exception:   # the report still builds from a store whatever the catalogue does
        return {}
    return {i.id: {"label": i.label, "unit": i.unit, "core": bool(i.core)} for i in INDICATORS}


def _reread_text(source: str, sha: str) -> str | None:
    """The normalized text of a document the store did not keep, read again from its file only when
    the file still holds the same bytes (otherwise the stored spans would point into another text)."""
    p = Path(source)
    try:
        if not p.is_file() or hashlib.sha256(p.read_bytes()).hexdigest() != sha:
            return None
        from extract.readers import read_document
        return read_document(p).text
    except Exception:
        return None


def collect(db: str | Path, reread: bool = True) -> dict:
    """Everything the page shows, as plain data. Texts come from the store's `texts` table when it
    has one, else (reread=True) from the source file if it is unchanged, else the document view
    shows its figures' quotes only."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        have = _tables(con)
        docs = _rows(con, """
            SELECT document, source, format, pages, province, province_2025, agency, doc_type, doc_number,
                   period, period_start, period_end, n_mentions, n_indicators, n_references, n_findings,
                   n_conflicts, {report} AS report
            FROM documents
            ORDER BY province_2025 NULLS LAST, province NULLS LAST, agency NULLS LAST,
                     period_start NULLS LAST, period NULLS LAST, source""".format(
            report="report" if _has_column(con, "documents", "report") else "NULL"))
        # Vietnamese order (SQL sorts Đồng Nai after Quảng Ngãi); the table's default order is this one
        docs.sort(key=lambda d: (sort_key(d["province_2025"] or d["province"] or "~"), sort_key(d["province"] or "~"),
                                 sort_key(d["agency"] or "~"), _iso(d["period_start"]) or "9999", d["period"] or "",
                                 d["source"] or ""))
        index = {d["document"]: i for i, d in enumerate(docs)}
        values = _rows(con, """
            SELECT document, indicator, kind, {scope} qualifier, value, unit, page, start, "end", evidence,
                   found_in, conflict, other_values
            FROM indicators {kept} ORDER BY document, start, indicator""".format(
            scope=_scope_cols(con),   # a figure rejected by a correction (normalize.corrections) is not shown
            kept="WHERE NOT coalesce(rejected, false)" if _has_column(con, "indicators", "rejected") else ""))
        mentions = _rows(con, """
            SELECT document, indicator, kind, qualifier, value, unit, page, start, "end", chosen
            FROM mentions ORDER BY document, start, "end" """)
        findings = _rows(con, """
            SELECT document, finding_no, "check", severity, message, message_en, evidence
            FROM findings ORDER BY document, finding_no""") if "findings" in have else []
        errors = _rows(con, "SELECT path, error FROM files WHERE status = 'error' ORDER BY path") \
            if "files" in have else []
        texts: dict[str, str] = {}
        if "texts" in have:
            cols = {c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'texts'").fetchall()}
            packed = "text_z" if "text_z" in cols else "NULL"          # stores before schema version 3
            texts = {d: t if t is not None else unpack_text(z)
                     for d, t, z in con.execute(f"SELECT document, text, {packed} FROM texts").fetchall()}
    finally:
        con.close()

    out_docs = []
    for i, d in enumerate(docs):
        text = texts.get(d["document"])
        if text is None and reread and d["source"]:
            text = _reread_text(d["source"], d["document"])
        out_docs.append({
            "i": i, "sha": d["document"], "source": d["source"], "format": d["format"], "pages": d["pages"],
            "province": d["province"] or UNKNOWN, "province_2025": d["province_2025"] or d["province"] or UNKNOWN,
            "agency": d["agency"] or UNKNOWN, "doc_type": d["doc_type"], "doc_number": d["doc_number"],
            "period": d["period"] or UNKNOWN, "period_start": _iso(d["period_start"]),
            "period_end": _iso(d["period_end"]), "n_mentions": d["n_mentions"] or 0,
            "n_values": d["n_indicators"] or 0, "n_references": d["n_references"] or 0,
            "n_findings": d["n_findings"] or 0, "n_conflicts": d["n_conflicts"] or 0,
            "report": d.get("report"), "text": text})
    # copies of one report (normalize.copies): each names the authoritative copy and lists the others
    by_sha = {d["sha"]: d["i"] for d in out_docs}
    for d in out_docs:
        head = by_sha.get(d.pop("report") or "")
        d["copy_of"] = head if head is not None and head != d["i"] else None
    for d in out_docs:
        d["copies"] = [c["i"] for c in out_docs if c["copy_of"] == d["i"]]

    marks: dict[int, list] = defaultdict(list)
    for m in mentions:
        i = index.get(m["document"])
        if i is not None and m["start"] is not None and m["end"] is not None:
            marks[i].append([int(m["start"]), int(m["end"]), m["indicator"], m["value"], m["unit"],
                             m["kind"], m["qualifier"], 1 if m["chosen"] else 0, m["page"]])
    for d in out_docs:
        d["marks"] = marks.get(d["i"], [])

    rows = []
    for v in values:
        i = index.get(v["document"])
        if i is None or out_docs[i]["copy_of"] is not None:
            continue                         # the table shows one copy of each report
        rows.append({"d": i, "indicator": v["indicator"], "kind": v["kind"], "qualifier": v["qualifier"],
                     "scope": v.get("scope_level"), "scope_unit": v.get("scope_unit"),
                     "value": v["value"], "unit": v["unit"], "page": v["page"], "start": v["start"],
                     "end": v["end"], "evidence": v["evidence"], "found_in": v["found_in"],
                     "conflict": bool(v["conflict"]), "other_values": v["other_values"]})

    by_source = {d["source"]: d["i"] for d in out_docs}
    out_findings = []
    for f in findings:
        i = index.get(f["document"])
        try:
            ev = json.loads(f["evidence"] or "[]")
        except ValueError:
            ev = []
        evidence = []
        for e in ev if isinstance(ev, list) else []:
            if not isinstance(e, dict):
                continue
            ref = e.get("document")
            j = index.get(ref, by_source.get(ref, i))
            evidence.append({"d": j, "document": out_docs[j]["source"] if j is not None else ref,
                             "page": e.get("page"), "start": e.get("start"), "end": e.get("end"),
                             "quote": e.get("quote")})
        severity = f["severity"] if f["severity"] in SEVERITIES else "info"
        out_findings.append({"d": i, "check": f["check"], "severity": severity, "message": f["message"],
                             "message_en": f["message_en"], "evidence": evidence})

    return {"generated_at": dt.datetime.now().isoformat(timespec="seconds"), "db": Path(str(db)).name,
            "catalogue": _catalogue(), "docs": out_docs, "values": rows, "findings": out_findings,
            "errors": [{"path": e["path"], "error": e["error"] or "?"} for e in errors]}


# ---------------------------------------------------------------- overview

def sort_key(name: str) -> tuple[str, str]:
    """Vietnamese alphabetical order, near enough for a list of names: Đồng Nai among the D's, not
    after Quảng Ngãi (code-point order)."""
    base = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return ("".join(c for c in base if not unicodedata.combining(c)).casefold(), name)


def overview(payload: dict) -> dict:
    docs = payload["docs"]
    periods = sorted({(d["period_start"] or "9999", d["period"]) for d in docs})
    period_list = [p for _, p in periods]
    matrix: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        matrix[d["province"]][d["period"]] += 1
    reasons = Counter(e["error"] for e in payload["errors"])
    severity = Counter(f["severity"] for f in payload["findings"])
    return {
        "n_docs": len(docs), "n_values": len(payload["values"]),
        "n_mentions": sum(len(d["marks"]) for d in docs), "n_findings": len(payload["findings"]),
        "n_errors": len(payload["errors"]), "n_provinces": len(matrix),
        "periods": period_list,
        "matrix": [(p, [matrix[p][q] for q in period_list], sum(matrix[p].values())) for p in sorted(matrix, key=sort_key)],
        "reasons": reasons.most_common(), "severity": [(s, severity[s]) for s in SEVERITIES],
    }


def findings_by_group(payload: dict) -> list[tuple[str, int, list[tuple[dict | None, list[dict]]]]]:
    """[(severity, count, [(document, [finding...])...])...] in severity order, documents in page order."""
    docs = payload["docs"]
    out = []
    for sev in SEVERITIES:
        per_doc: dict[int, list] = defaultdict(list)
        for f in payload["findings"]:
            if f["severity"] == sev:
                per_doc[-1 if f["d"] is None else f["d"]].append(f)
        if per_doc:
            out.append((sev, sum(map(len, per_doc.values())),
                        [(docs[k] if k >= 0 else None, per_doc[k]) for k in sorted(per_doc)]))
    return out


# ---------------------------------------------------------------- charts (Plotly figures)

def _vn_number(v: float, unit: str | None) -> str:
    """9.423 and 99,75% as a Vietnamese reader writes them."""
    if v is None:
        return ""
    if float(v).is_integer():
        s = f"{int(v):,}".replace(",", ".")
    else:
        s = f"{v:,.2f}".rstrip("0").replace(",", " ").replace(".", ",").replace(" ", ".")
    return s + ("%" if unit == "percent" else "")


def _palette() -> list[str]:
    from plotly.colors import qualitative as q
    return list(q.Plotly) + list(q.D3) + list(q.Dark24) + list(q.Alphabet)


def _esc(s: str) -> str:
    # Plotly reads trace names and hover text as a small HTML subset: escape so a name is only text
    return html.escape(str(s), quote=False)


def charts(payload: dict) -> list[dict]:
    """Plotly figures (as JSON-ready dicts): the two rates over time, one line per province, with
    targets as dashed segments over their period; received dossiers by province and period."""
    import plotly.graph_objects as go

    docs = payload["docs"]
    provinces = sorted({d["province"] for d in docs}, key=sort_key)
    palette = _palette()
    color = {p: palette[i % len(palette)] for i, p in enumerate(provinces)}
    common = dict(template="plotly_white", height=380, margin=dict(l=50, r=20, t=70, b=40),
                  legend=dict(orientation="h", y=-0.15), hovermode="closest")
    figs = []
    for ind, title, title_en in RATE_CHARTS:
        fig = go.Figure()
        series: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        targets = []
        for r in payload["values"]:
            if r["indicator"] != ind or r["qualifier"]:
                continue
            d = docs[r["d"]]
            if r["kind"] == "actual" and d["period_end"]:
                series[d["province"]][d["period_end"]].append((r, d))
            elif r["kind"] == "target" and d["period_start"] and d["period_end"]:
                targets.append((r, d))
        for p in provinces:
            pts = series.get(p)
            if not pts:
                continue
            xs, ys, texts, custom = [], [], [], []
            for x in sorted(pts):
                group = pts[x]
                xs.append(x)
                ys.append(round(sum(r["value"] for r, _ in group) / len(group), 4))
                texts.append("<br>".join(f"{_esc(d['agency'])} · {_esc(d['period'])}: {_vn_number(r['value'], 'percent')}"
                                         for r, d in group))
                custom.append([group[0][1]["i"], group[0][0]["start"]])
            fig.add_trace(go.Scatter(x=xs, y=ys, name=_esc(p), mode="lines+markers", legendgroup=_esc(p),
                                     line=dict(color=color[p]), hovertext=texts, customdata=custom,
                                     hovertemplate="<b>" + _esc(p) + "</b><br>%{hovertext}<extra></extra>"))
        per_province: dict[str, list] = defaultdict(list)
        for r, d in targets:
            per_province[d["province"]].append((r, d))
        for p in provinces:   # one trace per province, its segments split by gaps (None): few traces for 1,000 plans
            if p not in per_province:
                continue
            xs, ys, texts, custom = [], [], [], []
            for r, d in sorted(per_province[p], key=lambda t: (t[1]["period_start"], t[0]["value"])):
                label = f"{_esc(d['agency'])} — chỉ tiêu {_esc(d['period'])}: {_vn_number(r['value'], 'percent')}"
                xs += [d["period_start"], d["period_end"], None]
                ys += [r["value"], r["value"], None]
                texts += [label, label, ""]
                custom += [[d["i"], r["start"]]] * 2 + [None]
            fig.add_trace(go.Scatter(
                x=xs[:-1], y=ys[:-1], mode="lines", name=f"{_esc(p)} · chỉ tiêu", legendgroup=_esc(p),
                line=dict(color=color[p], dash="dash", width=2), hovertext=texts[:-1], customdata=custom[:-1],
                hovertemplate="<b>" + _esc(p) + "</b><br>%{hovertext}<extra></extra>"))
        fig.update_layout(title=dict(text=f"{title}<br><sup>{title_en}</sup>"), yaxis=dict(title="%", ticksuffix="%"),
                          xaxis=dict(type="date", title="kỳ báo cáo (ngày cuối kỳ)"), **common)
        figs.append({"id": ind, "title": f"{title} · {title_en}", "n": len(fig.data), "figure": json.loads(fig.to_json())})

    ind, title, title_en = COUNT_CHART
    # one value per province × agency × period (the same report as TXT, PDF and DOCX is one report:
    # the value most of its documents state), then the agencies of a province added up
    stated: dict[tuple, Counter] = defaultdict(Counter)
    first: dict[tuple, list] = {}
    period_order = {}
    for r in payload["values"]:
        if r["indicator"] != ind or r["kind"] != "actual" or r["qualifier"]:
            continue
        d = docs[r["d"]]
        stated[(d["period"], d["province"], d["agency"])][r["value"]] += 1
        first.setdefault((d["period"], d["province"]), [d["i"], r["start"]])
        period_order[d["period"]] = d["period_start"] or "9999"
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for (period, province, _), counts in stated.items():
        sums[period][province] += counts.most_common(1)[0][0]
    fig = go.Figure()
    for period in sorted(sums, key=lambda p: (period_order[p], p)):
        ps = sorted(sums[period], key=sort_key)
        fig.add_trace(go.Bar(x=[_esc(p) for p in ps], y=[sums[period][p] for p in ps], name=_esc(period),
                             customdata=[first[(period, p)] for p in ps],
                             hovertemplate="%{x} · " + _esc(period) + ": %{y:,.0f} hồ sơ<extra></extra>"))
    fig.update_layout(title=dict(text=f"{title}<br><sup>{title_en}</sup>"), barmode="group", yaxis=dict(title="hồ sơ"),
                      separators=",.", **common)
    figs.append({"id": ind, "title": f"{title} · {title_en}", "n": len(fig.data), "figure": json.loads(fig.to_json())})
    return figs


# ---------------------------------------------------------------- render

def _static(name: str) -> str:
    return (HERE / "static" / name).read_text(encoding="utf-8")


def _env():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(["html", "j2", "html.j2"], default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["vn"] = _vn_number
    env.filters["json_script"] = script_json
    return env


def _inline_js(source: str) -> Markup:
    # a library's code inside <script>: it must not contain the closing tag (Plotly's does not; check)
    if "</script" in source.lower():
        source = source.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT")
    return Markup(source)


VALUE_COLUMNS = ("d", "indicator", "kind", "qualifier", "value", "unit", "page", "start", "end", "evidence",
                 "found_in", "conflict", "other_values")


def _columns(rows: list[dict]) -> dict:
    # rows as lists under one header: a third smaller than repeating the keys 15,000 times
    return {"cols": VALUE_COLUMNS, "rows": [[r[c] for c in VALUE_COLUMNS] for r in rows]}


def _pack(text: str | None) -> str | None:
    """A document's text as base64 of gzip (a third of the JSON string for Vietnamese text); the
    page inflates it with the browser's DecompressionStream when the document is opened."""
    if text is None:
        return None
    return base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)).decode("ascii")


def unpack(z: str | None) -> str | None:
    return None if z is None else gzip.decompress(base64.b64decode(z)).decode("utf-8")


def render(payload: dict) -> str:
    from plotly.offline import get_plotlyjs
    nonce = secrets.token_urlsafe(16)
    texts = [{"z": _pack(d["text"]), "marks": d["marks"]} for d in payload["docs"]]
    docs = [{k: v for k, v in d.items() if k not in ("text", "marks")} | {"has_text": d["text"] is not None,
            "n_marks": len(d["marks"])} for d in payload["docs"]]
    data = {"generated_at": payload["generated_at"], "db": payload["db"], "catalogue": payload["catalogue"],
            "kinds": KIND_LABELS, "docs": docs, "values": _columns(payload["values"]), "charts": charts(payload)}
    template = _env().get_template("report.html.j2")
    return template.render(
        nonce=nonce, data=data, texts=texts, overview=overview(payload), groups=findings_by_group(payload),
        errors=payload["errors"], generated_at=payload["generated_at"], db=payload["db"],
        plotly_js=_inline_js(get_plotlyjs()), report_js=_inline_js(_static("report.js")),
        report_css=Markup(_static("report.css").replace("</", "<\\/")), kinds=KIND_LABELS)


@dataclass
class ReportInfo:
    path: str
    bytes: int
    documents: int
    values: int
    findings: int
    errors: int
    texts: int


def build_report(db: str | Path = "chiso.duckdb", out: str | Path = "report.html", reread: bool = True) -> ReportInfo:
    """Write the report for the store `db` to `out`; returns what went in."""
    payload = collect(db, reread=reread)
    page = render(payload)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return ReportInfo(str(out), out.stat().st_size, len(payload["docs"]), len(payload["values"]),
                      len(payload["findings"]), len(payload["errors"]),
                      sum(1 for d in payload["docs"] if d["text"] is not None))
