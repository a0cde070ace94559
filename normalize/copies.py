"""Copies of one report: the DOCX draft and its signed PDF, a TXT export, a scan of the same paper.

Two stored documents are copies of one report when their metadata agree (province, agency, document
type, period; numbers that both carry digits are equal) and their texts are alike: the Jaccard
similarity of their word 3-gram sets (letters and digits only, folded) is at least SAME_REPORT. A
draft and its signed copy with a changed figure score about 0.95; two monthly reports of one agency,
written from one template, score well under 0.6 because their figures and dates differ in most
3-grams. When one of the two has no period found, near-identical texts (NEAR_IDENTICAL) still make
one report; and a fragment (the appendix saved on its own: at least FRAGMENT of its 3-grams are in
the other's text) goes with the report it comes from. Periods that differ never do.

One copy is authoritative, the one the tables show (`documents.report` names it for every copy):

  1. `--prefer pdf|docx`, when given       an analyst's call for the whole archive
  2. signed and numbered over a draft       "Số: 329/BC-UBND" over "Số: /BC-UBND"
  3. a text layer over OCR                  OCR misreads digits
  4. PDF over DOCX over DOC over TXT        the PDF is the form a report is signed and sent in (a signed
                                            PDF often has its number stamped as an image, not as text)
  5. the later file (mtime)                 a corrected copy is saved after the first
  6. the smaller sha256                     a stable tie-break

Where copies disagree on a figure of the same indicator, kind and scope, the authoritative row keeps
the other value in `other_values` and a "copies disagree" finding (warning) points at both quotes.
A finding of a copy that the authoritative copy has too is marked `copy_of` (that copy's document and
finding_no): it is shown once, under the authoritative copy, with the copies named (audit.cli).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections import defaultdict

from extract.document.scope import unit_key
from normalize import sketch
from normalize.sketch import shingles  # noqa: F401 (copies.shingles, as before)
from normalize.texts import unpack_text

SAME_REPORT = 0.6          # Jaccard of word 3-grams at or above which two texts are one report
NEAR_IDENTICAL = 0.9       # ... when a period is missing on one side
FRAGMENT = 0.9             # share of a text's 3-grams found in the other's: a part of that report
MIN_FRAGMENT = 40          # 3-grams a fragment has at least (a cover page is no fragment of anything)
FRAGMENT_SIZE = 0.5        # ... and at most this share of the report's (two plans from one template are
                           # alike in size and share most 3-grams, yet are two plans)
_DIGIT = re.compile(r"\d")
assert sketch.SHARE <= min(NEAR_IDENTICAL, FRAGMENT)    # what a sketch never misses covers both


def _common(a, b) -> int:
    """How many n-grams two sorted arrays of distinct n-grams share."""
    import numpy as np
    if len(a) > len(b):
        a, b = b, a
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0
    return int(np.count_nonzero(b[at] == a))


def similarity(a, b) -> float:
    if not len(a) or not len(b):
        return 0.0
    common = _common(a, b)
    return common / (len(a) + len(b) - common)


def containment(a, b) -> float:
    """The share of the smaller set's 3-grams that are in the larger."""
    if not len(a) or not len(b):
        return 0.0
    return _common(a, b) / min(len(a), len(b))


def same_report(period_a: str | None, period_b: str | None, a, b) -> float | None:
    """The similarity by which two texts of the same province, agency and type are one report's copies
    (or one is a fragment of the other), or None when they are not."""
    if period_a and period_b and period_a != period_b:
        return None
    sim = similarity(a, b)
    if sim >= (SAME_REPORT if period_a and period_b else NEAR_IDENTICAL):
        return sim
    small, large = sorted((len(a), len(b)))
    if small >= MIN_FRAGMENT and small <= FRAGMENT_SIZE * large and containment(a, b) >= FRAGMENT:
        return sim
    return None


def whole_first(members: list, size) -> list:
    """A report's copies with the fragments last (stable otherwise): an appendix saved on its own is never
    the copy the tables show, whatever its format or number."""
    largest = max(size(m) for m in members)
    return sorted(members, key=lambda m: size(m) <= FRAGMENT_SIZE * largest)


def _numbered(number: str | None) -> bool:
    return bool(number and _DIGIT.search(number.split("/")[0]))


def _numbers_agree(a: str | None, b: str | None) -> bool:
    """Both signed with a number: the numbers must be the same; a draft's blank number agrees with any."""
    if not (_numbered(a) and _numbered(b)):
        return True
    return a.split("/")[0].strip().lstrip("0") == b.split("/")[0].strip().lstrip("0")


_ISSUED_FORM = {"pdf": 3, "docx": 2, "doc": 1}   # the fixed-layout PDF is the form a report is signed in


def _rank(d: dict, prefer: str | None) -> tuple:
    """Larger is more authoritative (see the module's docstring)."""
    return (1 if prefer and d["format"] == prefer else 0, 1 if _numbered(d["doc_number"]) else 0,
            0 if d["ocr"] else 1, _ISSUED_FORM.get(d["format"], 0), d["mtime_ns"] or 0,
            "".join(chr(255 - ord(c)) for c in d["document"]))


TEXT_BATCH = 400           # texts held in memory at once while grouping (a text is 5-50 KB)
SKETCH_BATCH = 4000        # sketches held at once (a sketch: ~1 byte a 3-gram, half its compressed text)
ROW_BATCH = 2000           # documents per query of their findings and figures


def refresh_reports(store, prefer: str | None = None, full: bool = False) -> dict:
    """Group the stored documents into reports (incremental: only the metadata groups that got a new
    document since the last refresh, or all when `full`, `prefer` changed or the store predates it).
    Returns counts: reports, copies, disagreements, texts (read and cut into 3-grams).

    Time grows with the documents of the touched groups, not with their square: a document is compared
    only with reports of its own period, and a document without a period only with the documents of its
    group whose stored sketches may match its own (`same_report` never joins two periods; the sketches
    never miss a pair it joins: normalize.sketch, _undated_pairs); texts are read (in one scan of the store) and cut into
    3-grams only for documents that have such a partner, a batch of groups at a time, and the copies'
    findings and figures are read, and written back, a batch of reports per statement."""
    con = store.con
    last = dict(con.execute("SELECT key, value FROM chiso_info WHERE key IN ('reports_at', 'reports_prefer')").fetchall())
    full = full or "reports_at" not in last or last.get("reports_prefer", "") != (prefer or "")
    since = None if full else dt.datetime.fromisoformat(last["reports_at"])
    now = dt.datetime.now()
    docs = _group_docs(con, since)
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for d in docs:
        groups[(d["province"], d["agency"], d["doc_type"])].append(d)
    touched = sorted(groups, key=lambda k: tuple("" if x is None else x for x in k))

    out_rows, reports_found = [], []
    ordered = [sorted(groups[key], key=lambda d: _rank(d, prefer), reverse=True) for key in touched]
    # a document without a period may be a copy of any report of its group: the stored sketches tell
    # which (_undated_pairs), read for the groups that have one, a batch at a time from one scan
    pairs: list[set] = [set() for _ in ordered]
    undated = [i for i, ds in enumerate(ordered) if any(not d["period"] for d in ds)]
    sk_batches = _batched(undated, lambda i: len(ordered[i]), SKETCH_BATCH)
    for k, rows in _by_batch(con, [[d["document"] for i in b for d in ordered[i]] for b in sk_batches],
                             "t.grams, t.sketch", "t.sketch IS NOT NULL"):
        for i in sk_batches[k]:
            sk = {d["document"]: (rows[d["document"]][0], sketch.values(rows[d["document"]][1]))
                  for d in ordered[i] if d["document"] in rows}
            pairs[i] = _undated_pairs(ordered[i], sk)
    # the groups in batches of about TEXT_BATCH texts, the texts of all batches in one scan of the store
    # (a query per batch would read the whole table each time), batch after batch
    wanted = [_partnered(ds, pairs[i]) for i, ds in enumerate(ordered)]
    batches = _batched(range(len(ordered)), lambda i: len(wanted[i]), TEXT_BATCH)
    sketched = []          # sketches of texts stored before sketches were: kept once made
    n_texts = sum(map(len, wanted))
    for k, texts in _by_batch(con, [[d for i in b for d in wanted[i]] for b in batches],
                              "t.text, t.text_z, t.sketch IS NULL"):
        for i in batches[k]:
            sh = {}
            for d in wanted[i]:
                t, z, missing = texts.get(d, (None, None, False))
                sh[d] = shingles(t if t is not None else (unpack_text(z) if z is not None else ""))
                if missing:
                    sketched.append({"document": d, "grams": len(sh[d]), "sketch": sketch.sketch(sh[d])})
            reports_found.extend(_group(ordered[i], sh, prefer, out_rows, pairs[i]))

    shared, disagreements = [], []
    for k in range(0, len(reports_found), ROW_BATCH // 2):
        chunk = reports_found[k:k + ROW_BATCH // 2]
        involved = [x for head, copies in chunk for x in (head, *copies)]
        findings = _document_findings(con, involved)
        mentions = _mentions(con, involved)
        src = _sources(con, involved)
        for head, copies in chunk:
            shared.extend(_shared_findings(findings, head, copies))
            disagreements.extend(_disagree(mentions, head, copies, src))

    # every document of a touched group, and any stored since (its metadata may have left its group)
    touched_docs = [d["document"] for d in docs] + [d for (d,) in con.execute(
        "SELECT document FROM documents" + ("" if since is None else " WHERE stored_at >= ?"),
        [] if since is None else [since]).fetchall()]
    touched_docs = list(dict.fromkeys(touched_docs))
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM reports WHERE document IN (SELECT unnest(?)) OR document NOT IN (SELECT document FROM documents)",
                    [touched_docs or [""]])
        con.execute("UPDATE documents SET report = NULL WHERE document IN (SELECT unnest(?))", [touched_docs or [""]])
        con.execute("DELETE FROM findings WHERE scope = 'copies' AND document IN (SELECT unnest(?))", [touched_docs or [""]])
        con.execute("UPDATE findings SET copy_of = NULL, copy_of_no = NULL WHERE document IN (SELECT unnest(?))",
                    [touched_docs or [""]])
        if shared:
            data = _arrow([{"doc": doc, "no": no, "head": head, "head_no": head_no}     # noqa: F841 (read by DuckDB)
                           for doc, no, head, head_no in shared])
            con.execute("UPDATE findings SET copy_of = data.head, copy_of_no = data.head_no FROM data "
                        "WHERE findings.document = data.doc AND findings.finding_no = data.no")
        store._insert("reports", out_rows)
        if out_rows:
            con.execute("UPDATE documents SET report = r.report FROM reports r WHERE r.document = documents.document "
                        "AND documents.document IN (SELECT unnest(?))", [touched_docs])
        heads = sorted({head for head, *_ in disagreements})
        next_no = dict(con.execute("SELECT document, max(finding_no) + 1 FROM findings WHERE document IN (SELECT unnest(?)) "
                                   "GROUP BY document", [heads or [""]]).fetchall())
        findings = []
        for head, ev, msg, msg_en, _ in disagreements:
            n = next_no.get(head) or 0
            next_no[head] = n + 1
            findings.append({"document": head, "finding_no": n, "check": "copies_disagree",
                             "severity": "warning", "message": msg, "message_en": msg_en, "scope": "copies",
                             "evidence": json.dumps(ev, ensure_ascii=False)})
        store._insert("findings", findings)
        _other_values(con, [update for *_, update in disagreements])
        if sketched:
            data = _arrow(sketched)        # noqa: F841 (read by DuckDB)
            con.execute("UPDATE texts SET grams = data.grams, sketch = data.sketch FROM data "
                        "WHERE texts.document = data.document")
        con.execute("INSERT OR REPLACE INTO chiso_info VALUES ('reports_at', ?)", [now.isoformat()])
        con.execute("INSERT OR REPLACE INTO chiso_info VALUES ('reports_prefer', ?)", [prefer or ""])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {"reports": len({r["report"] for r in out_rows}), "copies": sum(1 for r in out_rows if not r["authoritative"]),
            "disagreements": len(disagreements), "texts": n_texts}


_DOC_COLS = ("document", "format", "province", "agency", "doc_type", "period", "doc_number", "stored_at", "mtime_ns", "ocr")


def _group_docs(con, since: dt.datetime | None) -> list[dict]:
    """The documents of every metadata group (province, agency, type) that got a document stored since
    `since` (every group when None); a document without agency or type is in none."""
    touched = "" if since is None else (
        "AND EXISTS (SELECT 1 FROM documents n WHERE n.stored_at >= ? AND n.province IS NOT DISTINCT FROM d.province "
        "AND n.agency = d.agency AND n.doc_type = d.doc_type)")
    rows = con.execute(f"""
        WITH d AS (SELECT d.document, d.format, d.province, d.agency, d.doc_type, d.period, d.doc_number, d.stored_at
                   FROM documents d WHERE d.agency IS NOT NULL AND d.doc_type IS NOT NULL
                   AND d.agency <> '' AND d.doc_type <> '' {touched})
        SELECT d.*, f.mtime_ns, m.ocr FROM d
        LEFT JOIN (SELECT document, max(mtime_ns) AS mtime_ns FROM files WHERE document IN (SELECT document FROM d)
                   GROUP BY document) f USING (document)
        LEFT JOIN (SELECT document, bool_or(ocr) AS ocr FROM mentions WHERE document IN (SELECT document FROM d)
                   GROUP BY document) m USING (document)""", [since] if since is not None else []).fetchall()
    return [dict(zip(_DOC_COLS, r)) for r in rows]


def _partnered(ds: list[dict], pairs: set | None = None) -> list[str]:
    """The documents of a group that may be compared with another: same period, or (a period missing on
    one side) a pair of `pairs` (every pair with a document without a period when None). Only their
    texts are needed."""
    per: dict = defaultdict(int)
    for d in ds:
        per[d["period"] or None] += 1
    undated = per.get(None, 0)
    if pairs is None:
        return [d["document"] for d in ds
                if (len(ds) > 1 if not d["period"] else per[d["period"]] > 1 or undated > 0)]
    paired = {x for pair in pairs for x in pair}
    return [d["document"] for d in ds if d["document"] in paired or d["period"] and per[d["period"]] > 1]


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _may_match(a: tuple, b: tuple) -> bool:
    """Whether two documents, one without a period, may be one report, from their (3-grams, sketch values):
    False only where same_report finds them apart (normalize.sketch). The 3-grams they have in common are
    at most the sketch values they share plus the 3-grams outside either's sketch."""
    (na, ka), (nb, kb) = a, b
    if not na or not nb:
        return False
    at_most = sketch.common(ka, kb) + min(na - len(ka), nb - len(kb))
    # Jaccard >= t takes t / (1 + t) of both sizes in common (one 3-gram of slack for rounding)
    if min(na, nb) >= NEAR_IDENTICAL * max(na, nb) - 1 \
            and at_most >= int(NEAR_IDENTICAL / (1 + NEAR_IDENTICAL) * (na + nb)) - 1:
        return True
    ns, nl = min(na, nb), max(na, nb)
    return MIN_FRAGMENT <= ns <= FRAGMENT_SIZE * nl and at_most >= int(FRAGMENT * ns) - 1


def _undated_pairs(ds: list[dict], sk: dict) -> set[tuple[str, str]]:
    """The pairs of a group's documents, one of them without a period, that may be one report, found
    through the group's sketch values (an index: value -> documents), so a document without a period
    meets only the documents sharing a value with it. sk: document -> (3-grams, sketch values), absent
    for a document stored before sketches (it is paired with every document without a period)."""
    import numpy as np
    docs = [d["document"] for d in ds]
    undated = [d["document"] for d in ds if not d["period"]]
    out: set[tuple[str, str]] = set()
    if not undated:
        return out
    known = [d for d in docs if d in sk]
    vals = np.concatenate([sk[d][1] for d in known]) if known else np.empty(0, dtype=np.uint32)
    ids = np.repeat(np.arange(len(known)), [len(sk[d][1]) for d in known])
    order = np.argsort(vals, kind="stable")
    vals, ids = vals[order], ids[order]
    odd = [d for d in docs if d not in sk or not sketch.covered(*sk[d])]      # tiny texts: met by every one
    for x in undated:
        if x not in sk:
            out.update(_pair(x, y) for y in docs if y != x)
            continue
        kx = sk[x][1]
        lo, hi = np.searchsorted(vals, kx, "left"), np.searchsorted(vals, kx, "right")
        hits = {known[i] for i in np.unique(ids[_ranges(lo, hi)])}
        for y in hits.union(odd if sketch.covered(*sk[x]) else docs):
            if y != x and (y not in sk or _may_match(sk[x], sk[y])):
                out.add(_pair(x, y))
    return out


def _ranges(lo, hi):
    """The indexes lo[i] .. hi[i] - 1 of every i, in one array."""
    import numpy as np
    n = hi - lo
    keep = n > 0
    lo, n = lo[keep], n[keep]
    if not len(n):
        return np.empty(0, dtype=np.int64)
    return np.repeat(lo - np.concatenate(([0], np.cumsum(n)[:-1])), n) + np.arange(int(n.sum()))


def _group(ds: list[dict], sh: dict, prefer: str | None, out_rows: list[dict],
           pairs: set | None = None) -> list[tuple[str, list[str]]]:
    """One metadata group, most authoritative first, into reports: a document joins the first report
    whose authoritative-so-far copy it resembles. Adds the reports' rows to out_rows; returns (head,
    copies) of each report with copies. pairs: where a period is missing on one side, only these pairs
    (_undated_pairs) can be one report; the others are not compared."""
    reports: list[list[tuple[dict, float]]] = []
    by_period: dict[str, list[int]] = defaultdict(list)    # report indexes whose head has that period
    undated: list[int] = []                                # ... whose head has none
    for d in ds:
        if d["period"]:
            cands = by_period.get(d["period"], [])
            cands = sorted(cands + undated) if undated else cands
        else:
            cands = range(len(reports))
        for i in cands:
            rep = reports[i]
            head = rep[0][0]
            if pairs is not None and not (head["period"] and d["period"]) \
                    and _pair(head["document"], d["document"]) not in pairs:
                continue
            sim = same_report(head["period"], d["period"], sh[head["document"]], sh[d["document"]])
            if sim is not None and _numbers_agree(head["doc_number"], d["doc_number"]):
                rep.append((d, sim))
                break
        else:
            (by_period[d["period"]] if d["period"] else undated).append(len(reports))
            reports.append([(d, 1.0)])
    out = []
    for rep in reports:
        if len(rep) < 2:
            continue
        rep = whole_first(rep, lambda x: len(sh[x[0]["document"]]))
        first = sh[rep[0][0]["document"]]
        rep = [(d, 1.0 if k == 0 else similarity(first, sh[d["document"]])) for k, (d, _) in enumerate(rep)]
        head = rep[0][0]["document"]
        for k, (d, sim) in enumerate(rep):
            out_rows.append({"report": head, "document": d["document"], "authoritative": k == 0,
                             "similarity": round(sim, 4),
                             "reason": "authoritative" if k == 0 else _why(rep[0][0], d, prefer)})
        out.append((head, [d["document"] for d, _ in rep[1:]]))
    return out


def _arrow(rows: list[dict]):
    import pyarrow as pa
    return pa.Table.from_pylist(rows)


def _other_values(con, updates: list[list]) -> None:
    """Each disagreement's other values into the authoritative row's other_values (not twice). One
    statement for the rows named once; a row two copies disagree with is updated in turn."""
    per: dict[tuple, list] = defaultdict(list)
    for u in updates:
        per[tuple(u[2:])].append(u)
    once = [u for us in per.values() if len(us) == 1 for u in us]
    if once:
        data = _arrow([{"vals": u[0], "document": u[2], "indicator": u[3], "kind": u[4], "scope_level": u[5],  # noqa: F841
                        "scope_unit": u[6], "qualifier": u[7]} for u in once])
        con.execute(
            "UPDATE indicators SET other_values = CASE WHEN coalesce(indicators.other_values, '') LIKE '%' || data.vals || '%' "
            "THEN indicators.other_values ELSE concat_ws('; ', indicators.other_values, data.vals) END FROM data "
            "WHERE indicators.document = data.document AND indicators.indicator = data.indicator "
            "AND indicators.kind = data.kind AND indicators.scope_level IS NOT DISTINCT FROM data.scope_level "
            "AND indicators.scope_unit IS NOT DISTINCT FROM data.scope_unit "
            "AND indicators.qualifier IS NOT DISTINCT FROM data.qualifier")
    for us in per.values():
        if len(us) > 1:
            for u in us:
                con.execute(_OTHER_VALUES_SQL, u)


def _finding_key(check: str, message: str, evidence: str | None) -> tuple:
    """A finding as its copies in other formats repeat it: the values its evidence points at (quotes and
    messages may break or cut lines differently), else its message."""
    try:
        ev = json.loads(evidence) if evidence else []
    except ValueError:
        ev = []
    vals = tuple((e.get("indicator"), e.get("value")) for e in ev if isinstance(e, dict) and e.get("value") is not None)
    return (check, vals) if vals else (check, " ".join((message or "").split()))


def _document_findings(con, documents: list[str]) -> dict[str, list[tuple]]:
    """Each document's own findings (scope document), in finding_no order: (finding_no, key)."""
    out: dict[str, list[tuple]] = defaultdict(list)
    for doc, no, check, msg, ev in con.execute(
            "SELECT document, finding_no, \"check\", message, evidence FROM findings WHERE scope = 'document' "
            "AND document IN (SELECT unnest(?)) ORDER BY document, finding_no", [documents or [""]]).fetchall():
        out[doc].append((no, _finding_key(check, msg, ev)))
    return out


def _shared_findings(findings: dict[str, list[tuple]], head: str, copies: list[str]) -> list[tuple]:
    """(copy, finding_no, head, head's finding_no) of each finding of a copy inside its document that the
    authoritative copy has too (same check and message)."""
    mine = {}
    for no, key in findings.get(head, ()):
        mine.setdefault(key, no)
    return [(doc, no, head, mine[key]) for doc in sorted(copies) for no, key in findings.get(doc, ()) if key in mine]


def _record_text(r: dict) -> str:
    """The record's text when it was kept (`extract_file(keep_text=True)`), else what a record of `chiso
    extract` keeps of it: the quotes of its figures and references."""
    if r.get("text"):
        return r["text"]
    return "\n".join(str(x.get("evidence") or "") for part in ("indicators", "references") for x in r.get(part) or ())


def group_record_copies(records: list[dict], prefer: str | None = None) -> list[list[dict]]:
    """The records of `chiso extract` grouped into reports as refresh_reports groups stored documents (same
    metadata, numbers that agree, alike texts: a record's "text" when kept, else its quotes), each group
    authoritative copy first, in the order of the records' first copies."""
    def doc(r: dict) -> dict:
        meta, src = r.get("meta") or {}, r.get("source") or ""
        try:
            mtime = os.stat(src).st_mtime_ns
        except OSError:
            mtime = 0
        sha = r.get("sha256") or hashlib.sha256(src.encode()).hexdigest()   # _rank's tie-break reads hex digits
        return {"document": sha, "format": r.get("format"), "doc_number": meta.get("doc_number"),
                "ocr": any(m.get("ocr") for m in r.get("indicators") or ()), "mtime_ns": mtime,
                "period": meta.get("period")}
    keyed: dict[tuple, list[int]] = defaultdict(list)
    groups: dict[int, list[int]] = {}
    for i, r in enumerate(records):
        meta = r.get("meta") or {}
        key = (meta.get("province"), meta.get("agency"), meta.get("doc_type"))
        if r.get("status", "ok") == "ok" and all(key[1:]):
            keyed[key].append(i)
        else:
            groups[i] = [i]
    for idx in keyed.values():
        info = {i: doc(records[i]) for i in idx}
        sh = {i: shingles(_record_text(records[i])) for i in idx}
        reports: list[list[int]] = []
        for i in sorted(idx, key=lambda i: _rank(info[i], prefer), reverse=True):
            for rep in reports:
                h = info[rep[0]]
                if same_report(h["period"], info[i]["period"], sh[rep[0]], sh[i]) is not None \
                        and _numbers_agree(h["doc_number"], info[i]["doc_number"]):
                    rep.append(i)
                    break
            else:
                reports.append([i])
        for rep in reports:
            groups[min(rep)] = whole_first(rep, lambda i: len(sh[i]))
    return [[records[i] for i in groups[k]] for k in sorted(groups)]


def _why(head: dict, d: dict, prefer: str | None) -> str:
    if prefer and head["format"] == prefer and d["format"] != prefer:
        return f"--prefer {prefer}"
    if _numbered(head["doc_number"]) and not _numbered(d["doc_number"]):
        return "a draft without its number"
    if d["ocr"] and not head["ocr"]:
        return "OCR"
    if _ISSUED_FORM.get(head["format"], 0) > _ISSUED_FORM.get(d["format"], 0):
        return f"{d['format']} beside the {head['format']}"
    return "an earlier file" if (d["mtime_ns"] or 0) < (head["mtime_ns"] or 0) else "same rank (sha256 order)"


def _batched(items, size, limit: int) -> list[list]:
    """items in consecutive batches of about `limit` by size (an item is never split)."""
    out: list[list] = [[]]
    n = 0
    for i in items:
        if n >= limit:
            out.append([])
            n = 0
        out[-1].append(i)
        n += size(i)
    return out


def _by_batch(con, batches: list[list[str]], cols: str, where: str = "true"):
    """(batch index, {document: (cols of its texts row)}) for every batch of documents, in order, from one
    query."""
    wanted = _arrow([{"document": d, "batch": k} for k, b in enumerate(batches) for d in b])   # noqa: F841
    rows: dict[str, tuple] = {}
    current = 0
    if wanted.num_rows:
        cur = con.execute(f"SELECT w.batch, t.document, {cols} FROM texts t JOIN wanted w USING (document) "
                          f"WHERE {where} ORDER BY w.batch")
        while chunk := cur.fetchmany(256):
            for k, d, *vals in chunk:
                while k > current:
                    yield current, rows
                    rows, current = {}, current + 1
                rows[d] = vals
    while current < len(batches):
        yield current, rows
        rows, current = {}, current + 1


def _sources(con, documents: list[str]) -> dict[str, str]:
    return dict(con.execute("SELECT document, source FROM documents WHERE document IN (SELECT unnest(?))",
                            [documents or [""]]).fetchall())


def _mentions(con, documents: list[str]) -> dict[str, list[tuple]]:
    """The documents' exact figures in text order, for comparing copies."""
    out: dict[str, list[tuple]] = defaultdict(list)
    q = ("SELECT document, indicator, kind, scope_level, scope_unit, qualifier, value, page, start, \"end\", evidence "
         "FROM mentions WHERE document IN (SELECT unnest(?)) AND NOT approximate ORDER BY document, start, mention_no")
    for row in con.execute(q, [documents or [""]]).fetchall():
        out[row[0]].append(row)
    return out


_OTHER_VALUES_SQL = (
    "UPDATE indicators SET other_values = CASE WHEN coalesce(other_values, '') LIKE '%' || ? || '%' THEN other_values "
    "ELSE concat_ws('; ', other_values, ?) END WHERE document = ? AND indicator = ? AND kind = ? "
    "AND scope_level IS NOT DISTINCT FROM ? AND scope_unit IS NOT DISTINCT FROM ? AND qualifier IS NOT DISTINCT FROM ?")


def _disagree(mentions: dict[str, list[tuple]], head: str, copies: list[str], src: dict) -> list[tuple]:
    """Figures one copy states and another does not, for an indicator, kind and scope both state (the draft's
    553 against the signed copy's 453); the authoritative row lists the other values in other_values."""
    by: dict[tuple, dict[str, dict[float, tuple]]] = defaultdict(lambda: defaultdict(dict))
    for doc in sorted([head] + copies):
        for _, ind, kind, lv, un, ql, val, page, s, e, ev in mentions.get(doc, ()):
            by[(ind, kind, lv, un, ql)][doc].setdefault(round(float(val), 6), (val, page, s, e, ev))
    return _compare(by, head, copies, src)


def record_disagreements(group: list[dict]) -> list[dict]:
    """The copies_disagree findings (warnings) of one report's copies as `chiso extract` records,
    authoritative copy first: the same comparison as the store makes."""
    if len(group) < 2:
        return []
    ids = [str(i) for i in range(len(group))]
    src = {i: r.get("source") for i, r in zip(ids, group)}
    by: dict[tuple, dict[str, dict[float, tuple]]] = defaultdict(lambda: defaultdict(dict))
    for i, r in zip(ids, group):
        for m in sorted(r.get("indicators") or (), key=lambda m: m.get("start") or 0):
            if m.get("approximate") or not isinstance(m.get("value"), (int, float)):
                continue
            sc = m.get("scope") or {}
            key = (m.get("indicator"), m.get("kind") or "actual", sc.get("level"), unit_key(sc.get("unit")), m.get("qualifier"))
            by[key][i].setdefault(round(float(m["value"]), 6), (m["value"], m.get("page"), m.get("start"), m.get("end"),
                                                                m.get("evidence")))
    return [{"check": "copies_disagree", "severity": "warning", "message": msg, "message_en": msg_en, "evidence": ev,
             "indicator": ev[0]["indicator"], "document": group[0].get("source"), "scope": "copies"}
            for _, ev, msg, msg_en, _ in _compare(by, ids[0], ids[1:], src)]


def _compare(by: dict, head: str, copies: list[str], src: dict) -> list[tuple]:
    out = []
    for key, per in by.items():
        if head not in per:
            continue
        mine = per[head]
        for d in copies:
            theirs = per.get(d)
            if not theirs or set(theirs) == set(mine):
                continue
            only_mine = [mine[v] for v in mine if v not in theirs]
            only_theirs = [theirs[v] for v in theirs if v not in mine]
            if not (only_mine and only_theirs):
                continue                     # one copy states a figure more: not a contradiction
            ind = key[0]
            vals = "; ".join(_fmt(v[0]) for v in only_theirs)
            ev = [{"document": src[head], "page": v[1], "start": v[2], "end": v[3], "quote": v[4], "indicator": ind,
                   "value": v[0], "role": "authoritative copy"} for v in only_mine]
            ev += [{"document": src[d], "page": v[1], "start": v[2], "end": v[3], "quote": v[4], "indicator": ind,
                    "value": v[0], "role": "other copy"} for v in only_theirs]
            mine_txt = "; ".join(_fmt(v[0]) for v in only_mine)
            msg = f"Các bản của cùng một báo cáo ghi khác nhau: {ind} là {mine_txt} trong bản chính, {vals} trong bản khác."
            msg_en = f"Copies of one report disagree: {ind} is {mine_txt} in the authoritative copy, {vals} in another."
            out.append((head, ev, msg, msg_en, [vals, vals, head] + list(key)))
    return out


def _fmt(v) -> str:
    f = float(v)
    return str(int(f)) if f.is_integer() else repr(f)
