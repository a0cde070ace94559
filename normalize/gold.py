"""Reviewed documents as gold files (../shared/eval/GOLD.md), so each one can join an evaluation set.

A document is reviewed when a correction applied to it. Its gold is the store's corrected figures
(rejected ones left out, added ones in) and metadata; beside the gold files, `extraction.jsonl` holds
the same documents as `chiso extract` records from the store, so `score.py --pred` measures the
corrected store against them (1.000 when the corrections applied as written).
"""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

GOLD_META = ("province", "agency", "doc_type", "period", "window_start", "window_end")


def _iso(v):
    return v.isoformat()[:10] if isinstance(v, (dt.date, dt.datetime)) else v


def _figures(store, doc: str) -> list[dict]:
    rows = store.con.execute(
        'SELECT indicator, value, unit, kind, qualifier, scope_level, scope_unit, period, evidence, start, "end" '
        "FROM indicators WHERE document = ? AND NOT coalesce(rejected, false) ORDER BY start, indicator, kind",
        [doc]).fetchall()
    out = []
    for ind, value, unit, kind, qual, level, sunit, period, evidence, start, end in rows:
        f = {"indicator": ind, "value": int(value) if float(value).is_integer() else value, "unit": unit,
             "kind": kind, "qualifier": qual, "scope": {"level": level, "unit": sunit} if level else None,
             "evidence": evidence, "start": start, "end": end}
        if period:
            f["period"] = period
        out.append(f)
    return out


def reviewed(store) -> list[tuple[str, str]]:
    """(document, source) of every document a correction applied to."""
    if not store.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'correction_log'").fetchone()[0]:
        return []
    return store.con.execute(
        "SELECT DISTINCT d.document, d.source FROM correction_log l JOIN documents d USING (document) "
        "WHERE l.status = 'applied' ORDER BY d.source").fetchall()


def write_gold(store, out_dir: str | Path) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written, records, names = [], [], set()
    for doc, source in reviewed(store):
        cols = [d[0] for d in store.con.execute("SELECT * FROM documents LIMIT 0").description]
        row = dict(zip(cols, store.con.execute("SELECT * FROM documents WHERE document = ?", [doc]).fetchone()))
        meta = {k: _iso(row[k]) for k in GOLD_META if row.get(k) is not None}
        figures = _figures(store, doc)
        src = Path(source).resolve()
        name = src.stem if src.stem not in names else f"{src.stem}_{doc[:8]}"
        names.add(name)
        gold = {"source": os.path.relpath(src, out.resolve()), "sha256": doc, "meta": meta,
                "indicators": [{k: v for k, v in f.items() if k not in ("start", "end")} for f in figures]}
        path = out / f"{name}.gold.json"
        path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
        records.append({"source": str(src), "sha256": doc, "status": "ok", "error": None,
                        "meta": {k: _iso(row.get(k)) for k in GOLD_META}, "indicators": figures,
                        "references": [], "findings": []})
    (out / "extraction.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                          encoding="utf-8")
    return written
