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
import json
import secrets
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from normalize.store import connect
from normalize.texts import unpack_text
from report.charts import agency_kind, charts, labels
from report.charts import vn_number as _vn_number
from report.tables import row_with_headers

HERE = Path(__file__).resolve().parent
UNKNOWN = "(chưa rõ)"            # a province / agency / period the metadata did not find
SEVERITIES = ("error", "warning", "info")
KIND_LABELS = {"actual": "thực tế", "target": "chỉ tiêu", "change": "thay đổi"}

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


def _columns_of(con, table: str) -> set[str]:
    return {c for (c,) in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}


def _scope_cols(con, table: str = "indicators") -> str:
    """`scope_level, scope_unit,` when the store has them (schema version 4), else NULLs (older stores)."""
    if "scope_level" in _columns_of(con, table):
        return "scope_level, scope_unit,"
    return "NULL AS scope_level, NULL AS scope_unit,"


def _values(con, have: set[str]) -> list[dict]:
    """The chosen figures with whose they are (scope) and their own period. The store's `long` view
    gives each figure's period in `period` (the document's when the figure states none) and, once the
    store has it, the document's in `doc_period`; a store without the view gives the document's."""
    if "long" in have and "scope_level" in _columns_of(con, "long"):
        cols = _columns_of(con, "long")
        doc_period = "doc_period" if "doc_period" in cols else "NULL AS doc_period"
        fixed = ("corrected, original_value, original" if "original" in cols
                 else "false AS corrected, NULL AS original_value, NULL AS original")   # stores before corrections
        return _rows(con, f"""
            SELECT document, indicator, kind, scope_level, scope_unit, qualifier, value, unit, page, start, "end",
                   evidence, found_in, conflict, other_values, period, {doc_period}, {fixed}
            FROM long ORDER BY document, start, indicator""")
    return _rows(con, """
        SELECT i.document, indicator, kind, {scope} qualifier, value, unit, page, start, "end", evidence,
               found_in, conflict, other_values, d.period, NULL AS doc_period, false AS corrected,
               NULL AS original_value, NULL AS original
        FROM indicators i JOIN documents d USING (document)
        ORDER BY i.document, start, indicator""".format(scope=_scope_cols(con)))


def _iso(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()[:10]
    return str(v)[:10]


def _catalogue() -> dict[str, dict]:
    try:
        from extract.lexicon.catalogue import INDICATORS
    except Exception:   # the report still builds from a store whatever the catalogue does
        return {}
    return {i.id: {"label": i.label, "unit": i.unit, "core": bool(i.core)} for i in INDICATORS}


def _doc_types() -> list[str]:
    try:
        from extract.lexicon import METADATA
    except Exception:   # the report still builds whatever the extractor's data does
        return []
    return [d["code"] for d in METADATA["doc_types"]]


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


def _original(original: str | None) -> dict:
    """The corrected fields as extracted ({"scope_level": null}); the period's days follow the period."""
    try:
        orig = json.loads(original or "{}")
    except ValueError:
        return {}
    return {k: v for k, v in orig.items() if k not in ("period_start", "period_end")} if isinstance(orig, dict) else {}


def filed_decisions(db) -> list[str]:
    """The decisions already in the store's corrections file, as review.js names them (its filedKey):
    the page drops those from the decisions it keeps, once they are imported."""
    from normalize.corrections import CorrectionsInvalid, default_path, read
    try:
        rows = read(default_path(db))
    except (CorrectionsInvalid, OSError, UnicodeDecodeError):
        return []
    out = []
    for c in rows:
        what = "verdict" if c.action in ("confirm", "reject") else f"set:{c.field}" if c.action == "set" else c.action
        anchor = [c.sha256, "" if c.start is None else str(c.start), "" if c.end is None else str(c.end), c.quote,
                  c.indicator, what]
        out.append("\u0001".join(anchor) + "\u0002" + c.action + "\u0002" + c.new_value)
    return out


MARK_FIX = ("value", "indicator", "kind", "scope_level", "scope_unit", "period", "original")


def _fixes(con) -> dict[tuple, tuple[str, list, dict]]:
    """{(document, start, end, extracted indicator): (state, fix, row)} for the figures the store's
    corrections touched: state rejected | corrected | added, fix the figure now (MARK_FIX, `original`
    the changed fields as extracted)."""
    if not {"rejected", "added", "original"} <= _columns_of(con, "indicators"):
        return {}
    out = {}
    for r in _rows(con, """SELECT document, indicator, kind, scope_level, scope_unit, value, unit, page, start,
                                  "end", period, original, coalesce(rejected, false) AS rejected,
                                  coalesce(added, false) AS added
                           FROM indicators WHERE rejected OR added OR corrected"""):
        if r["start"] is None or r["end"] is None:
            continue
        try:
            original = json.loads(r["original"] or "{}")
        except ValueError:
            original = {}
        state = "rejected" if r["rejected"] else "added" if r["added"] else "corrected"
        fix = [r[k] for k in MARK_FIX[:-1]] + [_original(r["original"])]
        out[(r["document"], int(r["start"]), int(r["end"]), original.get("indicator", r["indicator"]))] = (state, fix, r)
    return out


def collect(db: str | Path, reread: bool = True) -> dict:
    """Everything the page shows, as plain data. Texts come from the store's `texts` table when it
    has one, else (reread=True) from the source file if it is unchanged, else the document view
    shows its figures' quotes only."""
    con = connect(str(db), read_only=True)     # waits its turn while a `chiso run` writes (normalize.store)
    try:
        have = _tables(con)
        docs = _rows(con, """
            SELECT document, source, format, pages, province, province_2025, agency, doc_type, doc_number,
                   period, period_start, period_end, n_mentions, n_indicators, n_references, n_findings,
                   n_conflicts, {report} AS report, {sources} AS meta_sources
            FROM documents
            ORDER BY province_2025 NULLS LAST, province NULLS LAST, agency NULLS LAST,
                     period_start NULLS LAST, period NULLS LAST, source""".format(
            report="report" if _has_column(con, "documents", "report") else "NULL",
            sources="meta_sources" if _has_column(con, "documents", "meta_sources") else "NULL"))
        # Vietnamese order (SQL sorts Đồng Nai after Quảng Ngãi); the table's default order is this one
        docs.sort(key=lambda d: (sort_key(d["province_2025"] or d["province"] or "~"), sort_key(d["province"] or "~"),
                                 sort_key(d["agency"] or "~"), _iso(d["period_start"]) or "9999", d["period"] or "",
                                 d["source"] or ""))
        index = {d["document"]: i for i, d in enumerate(docs)}
        values = _values(con, have)
        mentions = _rows(con, """
            SELECT document, indicator, kind, {scope} qualifier, value, unit, page, start, "end", chosen, {period} AS period
            FROM mentions ORDER BY document, start, "end" """.format(
            scope=_scope_cols(con, "mentions"), period="period" if _has_column(con, "mentions", "period") else "NULL"))
        fixes = _fixes(con)
        # a copy's finding that its authoritative copy has too (copy_of, normalize.copies) is shown once
        once = "WHERE copy_of IS NULL" if _has_column(con, "findings", "copy_of") else ""
        findings = _rows(con, f"""
            SELECT document, finding_no, "check", severity, message, message_en, evidence
            FROM findings {once} ORDER BY document, finding_no""") if "findings" in have else []
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
            "agency": d["agency"] or UNKNOWN, "agency_kind": agency_kind(d["agency"]),
            "doc_type": d["doc_type"], "doc_number": d["doc_number"],
            "period": d["period"] or UNKNOWN, "period_start": _iso(d["period_start"]),
            "period_end": _iso(d["period_end"]), "n_mentions": d["n_mentions"] or 0,
            "n_values": d["n_indicators"] or 0, "n_references": d["n_references"] or 0,
            "n_findings": d["n_findings"] or 0, "n_conflicts": d["n_conflicts"] or 0,
            "report": d.get("report"), "meta_sources": d.get("meta_sources"), "text": text})
    # copies of one report (normalize.copies): each names the authoritative copy and lists the others
    by_sha = {d["sha"]: d["i"] for d in out_docs}
    for d in out_docs:
        head = by_sha.get(d.pop("report") or "")
        d["copy_of"] = head if head is not None and head != d["i"] else None
    for d in out_docs:
        d["copies"] = [c["i"] for c in out_docs if c["copy_of"] == d["i"]]

    # a mark: [start, end, indicator, value, unit, kind, qualifier, chosen, page, scope_level, scope_unit,
    # period, state, fix]; state is what a person decided in the store's corrections file (rejected |
    # corrected | added) and fix the figure as corrected (MARK_FIX); indicator and span stay the mention's:
    # they anchor the next decision on the figure (normalize.corrections)
    marks: dict[int, list] = defaultdict(list)
    for m in mentions:
        i = index.get(m["document"])
        if i is not None and m["start"] is not None and m["end"] is not None:
            fix = fixes.get((m["document"], int(m["start"]), int(m["end"]), m["indicator"])) if m["chosen"] else None
            marks[i].append([int(m["start"]), int(m["end"]), m["indicator"], m["value"], m["unit"],
                             m["kind"], m["qualifier"], 1 if m["chosen"] else 0, m["page"],
                             m["scope_level"], m["scope_unit"], m["period"],
                             fix[0] if fix else None, fix[1] if fix else None])
    for (doc, start, end, indicator), (state, fix, row) in fixes.items():
        i = index.get(doc)
        if state == "added" and i is not None:
            marks[i].append([start, end, indicator, row["value"], row["unit"], row["kind"], None, 1, row["page"],
                             row["scope_level"], row["scope_unit"], row["period"], state, fix])
    for d in out_docs:
        d["marks"] = sorted(marks.get(d["i"], []), key=lambda m: (m[0], m[1]))

    rows = []
    for v in values:
        i = index.get(v["document"])
        if i is None or out_docs[i]["copy_of"] is not None:
            continue                         # the table shows one copy of each report
        rows.append({"d": i, "indicator": v["indicator"], "kind": v["kind"], "qualifier": v["qualifier"],
                     "scope": v.get("scope_level"), "scope_unit": v.get("scope_unit"),
                     "value": v["value"], "unit": v["unit"], "page": v["page"], "start": v["start"],
                     "end": v["end"], "evidence": v["evidence"], "found_in": v["found_in"],
                     "conflict": bool(v["conflict"]), "other_values": v["other_values"],
                     "corrected": bool(v["corrected"]), "original_value": v["original_value"],
                     "original": _original(v["original"]) if v["corrected"] else None,
                     # the figure's own period; the document's beside it only when it differs
                     "period": v["period"] or out_docs[i]["period"],
                     "doc_period": v["doc_period"] if v["doc_period"] and v["doc_period"] != v["period"] else None,
                     "columns": row_with_headers(out_docs[i]["text"], v["start"]) if v["found_in"] == "table" else None})

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
                             "quote": e.get("quote"),
                             "columns": row_with_headers(out_docs[j]["text"], e.get("start")) if j is not None else None})
        severity = f["severity"] if f["severity"] in SEVERITIES else "info"
        out_findings.append({"d": i, "check": f["check"], "severity": severity, "message": f["message"],
                             "message_en": f["message_en"], "evidence": evidence})

    return {"generated_at": dt.datetime.now().isoformat(timespec="seconds"), "db": Path(str(db)).name,
            # the page keeps a reviewer's decisions in localStorage under the store they are about
            "store": str(Path(str(db)).resolve()), "filed": filed_decisions(db),
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


def findings_by_group(payload: dict) -> list[tuple[str, int, list]]:
    """[(severity, count, [(check, count, [(document, [(finding, times)...])...])...])...]: severity order,
    then checks by name, documents in page order. A finding one document gives several times with the
    same message and evidence quotes (twelve rows of one table failing one check) is listed once, × times."""
    docs = payload["docs"]
    out = []
    for sev in SEVERITIES:
        per_check: dict[str, dict[int, dict]] = defaultdict(dict)
        for f in payload["findings"]:
            if f["severity"] != sev:
                continue
            same = per_check[f["check"] or "?"].setdefault(-1 if f["d"] is None else f["d"], {})
            key = (f["message"], tuple((e.get("d"), e.get("quote")) for e in f["evidence"]))
            if key in same:
                same[key][1] += 1
            else:
                same[key] = [f, 1]
        if per_check:
            checks = []
            for check in sorted(per_check):
                per_doc = per_check[check]
                n = sum(t for items in per_doc.values() for _, t in items.values())
                checks.append((check, n, [(docs[k] if k >= 0 else None, [tuple(v) for v in per_doc[k].values()])
                                          for k in sorted(per_doc)]))
            out.append((sev, sum(n for _, n, _ in checks), checks))
    return out


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


VALUE_COLUMNS = ("d", "indicator", "kind", "scope", "scope_unit", "qualifier", "value", "unit", "page", "start",
                 "end", "evidence", "found_in", "conflict", "other_values", "period", "doc_period", "columns",
                 "corrected", "original_value", "original")


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
    from normalize.corrections import COLUMNS, KINDS, SCOPE_LEVELS
    data = {"generated_at": payload["generated_at"], "db": payload["db"], "store": payload["store"],
            "filed": payload.get("filed", []),
            "corrections": {"columns": COLUMNS, "kinds": KINDS, "levels": SCOPE_LEVELS, "doc_types": _doc_types(),
                            "unknown": UNKNOWN},
            "catalogue": payload["catalogue"],
            "kinds": KIND_LABELS, "levels": labels()["levels"], "own": labels()["own"], "docs": docs, "values": _columns(payload["values"]), "charts": charts(payload)}
    template = _env().get_template("report.html.j2")
    return template.render(
        nonce=nonce, data=data, texts=texts, overview=overview(payload), groups=findings_by_group(payload),
        finding_checks=sorted({f["check"] or "?" for f in payload["findings"]}),
        errors=payload["errors"], generated_at=payload["generated_at"], db=payload["db"],
        plotly_js=_inline_js(get_plotlyjs()), report_js=_inline_js(_static("report.js")),
        review_js=_inline_js(_static("review.js")),
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
