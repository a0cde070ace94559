"""`chiso audit [PATH...]`: the findings of reports, inside each and across them, as a readable
listing (grouped by severity, then document), CSV or JSON Lines.

PATH may be report files, folders, or `.jsonl` files of `chiso extract` output (read as they are,
without extracting again); batch.files.load_records turns them into the records checked here
(pipeline.audit wires the two). Files that could not be read are listed after the findings (and the
command fails when it read nothing); `--db STORE` lists a store's findings instead (stored_findings)."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import TextIO

from audit.findings import SEVERITIES

CSV_COLUMNS = ("scope", "severity", "check", "document", "message", "message_en", "evidence", "evidence_json", "copies")


def _same(f: dict) -> tuple:
    """A finding as its copies in other formats repeat it (their quotes may break lines differently)."""
    vals = json.dumps(f.get("values"), sort_keys=True, default=str) if f.get("values") else None
    return (f.get("check"), f.get("indicator"), vals or " ".join(str(f.get("message") or "").split()))


def audit_records(records: list[dict]) -> list[dict]:
    """Findings of each record (as extracted) plus those across records; each with `scope`
    (document | across) and `document` (the report it concerns; the later one across reports).

    Copies of one report (its DOCX draft, signed PDF, TXT export: normalize.copies) are audited as one:
    a finding the copies share is listed once, for the authoritative copy, with the others in `copies`;
    a finding of one copy only stays with that copy; the checks across reports see each report once."""
    from audit.across import check_records
    from normalize.copies import group_record_copies, record_disagreements
    out, heads = [], []
    for group in group_record_copies(records):
        head = group[0]
        heads.append(head)
        mine = [{"scope": "document", "document": head.get("source"), **f} for f in head.get("findings") or ()]
        by = {_same(f): f for f in mine}
        for other in group[1:]:
            for f in other.get("findings") or ():
                same = by.get(_same(f))
                if same is not None:
                    same.setdefault("copies", []).append(other.get("source"))
                else:
                    out.append({"scope": "document", "document": other.get("source"), **f})
        out += mine
        out += record_disagreements(group)
    for f in check_records(heads):
        out.append({"scope": "across", **f})
    return out


# ---------------------------------------------------------------- files that could not be read

_DUCKDB_MAGIC = b"DUCK"        # bytes 8-11 of a DuckDB file


def _store_hint(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            head = f.read(12)
    except OSError:
        return None
    return "a chiso store, not a report: use `chiso audit --db " + path + "`" if head[8:12] == _DUCKDB_MAGIC else None


def unread(records: list[dict]) -> list[tuple[str, str]]:
    """(source, why) of every record that could not be read."""
    out = []
    for r in records:
        if r.get("status", "ok") != "ok":
            src = str(r.get("source") or "?")
            out.append((src, _store_hint(src) or r.get("error") or "could not be read"))
    return out


def print_unread(failed: list[tuple[str, str]], n_records: int, out: TextIO = sys.stderr) -> None:
    if not failed:
        return
    print(f"not read ({len(failed)} of {n_records} files):", file=out)
    for src, why in failed:
        print(f"  {src}: {why}", file=out)


# ---------------------------------------------------------------- the store's findings (--db)

def stored_findings(con) -> list[dict]:
    """The findings kept in a store, shaped as audit_records gives them: a copy's finding that its
    authoritative copy also has (`copy_of`, normalize.copies) is listed once, under that copy, with the
    other copies named in `copies`."""
    cols = {c for (c,) in con.execute("SELECT column_name FROM information_schema.columns "
                                      "WHERE table_name = 'findings'").fetchall()}
    copy_of = "f.copy_of, f.copy_of_no" if "copy_of" in cols else "NULL, NULL"
    rows = con.execute(f"""
        SELECT f.document, d.source, f.finding_no, f."check", f.severity, f.message, f.message_en, f.evidence,
               coalesce(f.scope, 'document'), {copy_of}
        FROM findings f LEFT JOIN documents d USING (document) ORDER BY f.document, f.finding_no""").fetchall()
    out, heads = [], {}
    for document, source, no, check, sev, msg, msg_en, ev, scope, of, of_no in rows:
        f = {"scope": scope, "document": source or document, "check": check, "severity": sev, "message": msg,
             "message_en": msg_en, "evidence": json.loads(ev) if ev else [], "sha256": document}
        if of:
            heads.setdefault((of, of_no), []).append(source or document)
            continue
        out.append(f)
        f["_key"] = (document, no)
    for f in out:
        names = heads.get(f.pop("_key"))
        if names:
            f["copies"] = names
    return out


def _order(f: dict):
    sev = f.get("severity")
    return (SEVERITIES.index(sev) if sev in SEVERITIES else len(SEVERITIES), f.get("document") or "",
            f.get("scope") != "document", f.get("check") or "")


def _evidence_line(e: dict) -> str:
    doc = Path(e.get("document") or "?").name
    quote = " ".join(str(e.get("quote") or "").split())
    if len(quote) > 120:
        quote = quote[:117] + "…"
    role = f"{e['role']}: " if e.get("role") else ""
    return f"{role}{doc} p.{e.get('page', '?')} [{e.get('start')}:{e.get('end')}] “{quote}”"


def print_listing(findings: list[dict], out: TextIO = sys.stdout, lang: str = "vi") -> None:
    if not findings:
        print("no findings", file=out)
        return
    findings = sorted(findings, key=_order)
    for sev in [*SEVERITIES, None]:
        group = [f for f in findings if (f.get("severity") if f.get("severity") in SEVERITIES else None) == sev]
        if not group:
            continue
        print(f"{(sev or 'other').upper()} ({len(group)})", file=out)
        doc = object()
        for f in group:
            if f.get("document") != doc:
                doc = f.get("document")
                print(f"  {doc}", file=out)
            msg = f.get("message_en") if lang == "en" else f.get("message")
            tag = {"across": " [across reports]", "copies": " [copies of one report]"}.get(f.get("scope"), "")
            print(f"    {f.get('check')}{tag}: {msg}", file=out)
            if lang == "both":
                print(f"      {f.get('message_en')}", file=out)
            for e in f.get("evidence") or ():
                print(f"      - {_evidence_line(e)}", file=out)
            if f.get("copies"):
                print(f"      also in: {', '.join(Path(c).name for c in f['copies'])}", file=out)
        print(file=out)
    counts = ", ".join(f"{sum(1 for f in findings if f.get('severity') == s)} {s}" for s in SEVERITIES)
    print(f"{len(findings)} findings: {counts}", file=out)


def write_csv(findings: list[dict], out: TextIO = sys.stdout) -> None:
    w = csv.writer(out)
    w.writerow(CSV_COLUMNS)
    for f in sorted(findings, key=_order):
        ev = f.get("evidence") or []
        w.writerow([f.get("scope"), f.get("severity"), f.get("check"), f.get("document"), f.get("message"),
                    f.get("message_en"), " | ".join(_evidence_line(e) for e in ev),
                    json.dumps(ev, ensure_ascii=False), " | ".join(f.get("copies") or ())])


def write_jsonl(findings: list[dict], out: TextIO = sys.stdout) -> None:
    for f in sorted(findings, key=_order):
        out.write(json.dumps(f, ensure_ascii=False) + "\n")


def print_findings(findings: list[dict], fmt: str = "table", out: TextIO = sys.stdout, lang: str = "vi") -> None:
    if fmt == "csv":
        write_csv(findings, out)
    elif fmt == "jsonl":
        write_jsonl(findings, out)
    else:
        print_listing(findings, out, lang)
