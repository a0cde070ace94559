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

import pyarrow as pa

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


def _records(store, batches: list[list[str]], period_column: bool | None = None):
    """(batch index, {document: record}) for every batch of stored documents, in order: `chiso extract`-shaped
    records (meta, references and the figures the checks use). Each table is read in one scan, ordered by
    batch (a query per batch would scan the whole table each time: quadratic in the store)."""
    con = store.con
    if period_column is None:
        period_column = _has_column(con, "mentions", "period")
    wanted = pa.Table.from_pylist([{"document": d, "batch": k} for k, b in enumerate(batches) for d in b])  # noqa: F841
    if not wanted.num_rows:
        for k in range(len(batches)):
            yield k, {}
        return
    meta_cols = ", ".join(f"d.{c}" for c in T.META_FIELDS)
    docs = con.cursor().execute(
        f"SELECT w.batch, d.document, d.source, d.format, d.meta_extra, {meta_cols} FROM documents d "
        "JOIN wanted w USING (document) ORDER BY w.batch")
    # a figure's own period, where the store has it (the figure-period step): the checks compare one period
    cols = _MENTION if period_column else tuple(c for c in _MENTION if c != "period")
    # the figures a check can use (audit.findings.usable: the document's own scope, no breakdown, not
    # approximate) and every target (a plan's span of years); the rest would be built only to be skipped
    mentions = con.cursor().execute(
        f"SELECT w.batch, m.document, {', '.join('m.' + _q(c) for c in cols)} FROM mentions m JOIN wanted w USING (document) "
        "WHERE (m.kind = 'target' OR coalesce(m.kind, 'actual') = 'actual' AND coalesce(m.scope_level, '') = '' "
        "AND m.qualifier IS NULL AND NOT coalesce(m.approximate, false)) ORDER BY w.batch, m.document, m.mention_no")
    # the references a check reads: dated decisions of the kinds that change the procedures (audit.across)
    refs = con.cursor().execute(
        f"SELECT w.batch, r.document, {', '.join('r.' + _q(c) for c in _REF)} FROM refs r JOIN wanted w USING (document) "
        "WHERE r.type_code IN (SELECT unnest(?)) AND r.date IS NOT NULL ORDER BY w.batch, r.document, r.ref_no",
        [list(CONFIG["procedure_decision_codes"])])
    streams = [_by_batch(docs), _by_batch(mentions), _by_batch(refs)]
    try:
        yield from _build(batches, streams, cols)
    finally:
        for cur in (docs, mentions, refs):
            cur.close()


def _build(batches, streams, cols):
    for k in range(len(batches)):
        doc_rows, mention_rows, ref_rows = (next(s, []) for s in streams)
        records = {}
        for document, source, fmt, extra, *meta in doc_rows:
            m = {c: _plain(v) for c, v in zip(T.META_FIELDS, meta)}
            if extra:
                m.update(json.loads(extra))
            records[document] = {"source": source, "sha256": document, "format": fmt, "status": "ok", "meta": m,
                                 "indicators": [], "references": []}
        for document, *vals in mention_rows:
            m = dict(zip(cols, vals))
            m["value"] = _plain(m["value"])
            m["source"] = m.pop("found_in")
            level, unit = m.pop("scope_level"), m.pop("scope_unit")
            m["scope"] = {"level": level, "unit": unit} if level else None    # as `chiso extract` writes it
            records[document]["indicators"].append(m)
        for document, *vals in ref_rows:
            r = dict(zip(_REF, vals))
            r["date"] = _plain(r["date"])
            records[document]["references"].append(r)
        yield k, records


def _by_batch(cur):
    """The rows of a query ordered by its first column (a batch index), a list per batch index 0, 1, 2...
    (an empty list for a batch without rows)."""
    current, rows = 0, []
    while chunk := cur.fetchmany(1024):
        for k, *row in chunk:
            while k > current:
                yield rows
                rows, current = [], current + 1
            rows.append(row)
    yield rows
    while True:
        yield []


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
        docs = [d for keys in batches for key in keys for d in groups[key]]
        con.execute("DELETE FROM findings WHERE scope = 'across' AND document IN (SELECT unnest(?))", [docs or [""]])
        # numbered after the document's own findings, per document (groups do not share documents)
        per_doc = dict(con.execute(
            "SELECT document, max(finding_no) + 1 FROM findings WHERE document IN (SELECT unnest(?)) GROUP BY document",
            [docs or [""]]).fetchall())
        checked = [[d for key in keys if len(groups[key]) > 1 for d in groups[key]] for keys in batches]
        for k, records in _records(store, checked, period_column):
            found = []
            for key in batches[k]:
                if len(groups[key]) > 1:
                    found += check_records([records[d] for d in groups[key] if d in records])
            rows = [{"document": f.get("sha256"), "finding_no": 0, "check": f.get("check"),
                     "severity": f.get("severity"), "message": f.get("message"),
                     "message_en": f.get("message_en"), "scope": "across",
                     "evidence": json.dumps(f.get("evidence") or [], ensure_ascii=False)} for f in found]
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
