"""Findings across reports, kept in the store: `refresh_across(store)` after each run.

The checks of audit.across compare reports of one agency in one province, so only the groups that
received a document since the last refresh are checked again, one group at a time (memory stays that
of the largest group, not of the archive). The refresh time is kept in `chiso_info`; a run killed
before its refresh leaves those documents newer than it, and the next run refreshes their groups.
Records are rebuilt from the stored rows in the shape `chiso extract` gives, so the checks see the
same data as `chiso audit` on the files.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from audit.across import _key, check_records
from audit.findings import CONFIG
from normalize import table as T

_MENTION = ("indicator", "kind", "scope_level", "scope_unit", "qualifier", "period", "value", "unit", "page", "start", "end", "evidence", "rule",
            "found_in", "approximate", "ocr")
_REF = ("type_word", "number", "year", "type_code", "issuer_code", "date", "symbol", "page", "start", "end",
        "evidence")


def _plain(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()[:10]
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _records(store, docs: list[str], period_column: bool | None = None) -> list[dict]:
    """`chiso extract`-shaped records of stored documents: meta, references and the figures the checks use."""
    con = store.con
    if not docs:
        return []
    meta_cols = ", ".join(T.META_FIELDS)
    rows = con.execute(f"SELECT document, source, format, meta_extra, {meta_cols} FROM documents "
                       "WHERE document IN (SELECT unnest(?))", [docs]).fetchall()
    records = {}
    for document, source, fmt, extra, *meta in rows:
        m = {k: _plain(v) for k, v in zip(T.META_FIELDS, meta)}
        if extra:
            m.update(json.loads(extra))
        records[document] = {"source": source, "sha256": document, "format": fmt, "status": "ok", "meta": m,
                             "indicators": [], "references": []}
    # a figure's own period, where the store has it (the figure-period step): the checks compare one period
    if period_column is None:
        period_column = _has_column(con, "mentions", "period")
    cols = _MENTION if period_column else tuple(c for c in _MENTION if c != "period")
    # the figures a check can use (audit.findings.usable: the document's own scope, no breakdown, not
    # approximate) and every target (a plan's span of years); the rest would be built only to be skipped
    for document, *vals in con.execute(
            f"SELECT document, {', '.join(_q(c) for c in cols)} FROM mentions "
            "WHERE document IN (SELECT unnest(?)) AND (kind = 'target' OR coalesce(kind, 'actual') = 'actual' "
            "AND coalesce(scope_level, '') = '' AND qualifier IS NULL AND NOT coalesce(approximate, false)) "
            "ORDER BY document, mention_no", [docs]).fetchall():
        m = dict(zip(cols, vals))
        m["value"] = _plain(m["value"])
        m["source"] = m.pop("found_in")
        level, unit = m.pop("scope_level"), m.pop("scope_unit")
        m["scope"] = {"level": level, "unit": unit} if level else None    # as `chiso extract` writes it
        records[document]["indicators"].append(m)
    # the references a check reads: dated decisions of the kinds that change the procedures (audit.across)
    for document, *vals in con.execute(
            f"SELECT document, {', '.join(_q(c) for c in _REF)} FROM refs "
            "WHERE document IN (SELECT unnest(?)) AND type_code IN (SELECT unnest(?)) AND date IS NOT NULL "
            "ORDER BY document, ref_no", [docs, list(CONFIG["procedure_decision_codes"])]).fetchall():
        r = dict(zip(_REF, vals))
        r["date"] = _plain(r["date"])
        records[document]["references"].append(r)
    return [records[d] for d in docs if d in records]


def _q(col: str) -> str:
    return f'"{col}"'


def _has_column(con, table: str, column: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
                            [table, column]).fetchone()[0])


def _has_report(con) -> bool:
    return _has_column(con, "documents", "report")


GROUP_BATCH = 1000          # documents whose rows are read in one query (groups are never split)


def refresh_across(store, full: bool = False) -> int:
    """Recompute the across-report findings of the groups touched since the last refresh (all groups
    when `full`); returns how many findings those groups now have. The touched groups' rows are read
    a batch of groups per query, and their old findings deleted and new ones written a batch at a time:
    time grows with the documents of the touched groups."""
    con = store.con
    last = con.execute("SELECT value FROM chiso_info WHERE key = 'across_at'").fetchone()
    since = None if full or not last else dt.datetime.fromisoformat(last[0])
    now = dt.datetime.now()
    groups: dict[tuple, list[str]] = defaultdict(list)
    touched: set[tuple] = set()
    for document, province, province_code, agency, stored_at in con.execute(
            "SELECT document, province, province_code, agency, stored_at FROM documents "
            # one copy of each report (normalize.copies): a draft beside its signed copy is no second report
            f"WHERE {'report IS NULL OR report = document' if _has_report(con) else 'true'} ORDER BY document").fetchall():
        key = _key({"province": province, "province_code": province_code, "agency": agency})
        if key is None:
            continue
        groups[key].append(document)
        if since is None or (stored_at and stored_at >= since):
            touched.add(key)
    period_column = _has_column(con, "mentions", "period")
    batches: list[list[tuple]] = [[]]
    size = 0
    for key in sorted(touched):
        if size >= GROUP_BATCH:
            batches.append([])
            size = 0
        batches[-1].append(key)
        size += len(groups[key])
    # a document replaced or gone leaves its group's old findings behind: they go with the refresh of
    # that group, and findings of documents no longer stored go now
    n = 0
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM findings WHERE scope = 'across' AND document NOT IN (SELECT document FROM documents)")
        if _has_report(con):             # a copy's findings across reports are its authoritative copy's
            con.execute("DELETE FROM findings WHERE scope = 'across' AND document IN "
                        "(SELECT document FROM documents WHERE report IS NOT NULL AND report <> document)")
        for keys in batches:
            docs = [d for key in keys for d in groups[key]]
            if not docs:
                continue
            con.execute("DELETE FROM findings WHERE scope = 'across' AND document IN (SELECT unnest(?))", [docs])
            checked = [d for key in keys if len(groups[key]) > 1 for d in groups[key]]
            records = {r["sha256"]: r for r in _records(store, checked, period_column)}
            found = []
            for key in keys:
                if len(groups[key]) > 1:
                    found += check_records([records[d] for d in groups[key] if d in records])
            rows = [{"document": f.get("sha256"), "finding_no": 0, "check": f.get("check"),
                     "severity": f.get("severity"), "message": f.get("message"),
                     "message_en": f.get("message_en"), "scope": "across",
                     "evidence": json.dumps(f.get("evidence") or [], ensure_ascii=False)} for f in found]
            # numbered after the document's own findings, per document
            per_doc = dict(con.execute(
                "SELECT document, max(finding_no) + 1 FROM findings WHERE document IN (SELECT unnest(?)) GROUP BY document",
                [sorted({r["document"] for r in rows}) or [""]]).fetchall())
            for r in rows:
                r["finding_no"] = per_doc.get(r["document"]) or 0
                per_doc[r["document"]] = r["finding_no"] + 1
            store._insert("findings", rows)
            n += len(rows)
        con.execute("INSERT OR REPLACE INTO chiso_info VALUES ('across_at', ?)", [now.isoformat()])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return n
