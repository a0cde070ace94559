"""Indicator F1 against the generator's gold: the matching of the project's scorer (GOLD.md), small
enough to keep here so the benchmark runs from a clone: one-to-one by (indicator, kind) and value
(percentages within 0.011), only the core catalogue counted."""
from __future__ import annotations

import json
from pathlib import Path

CORE = {
    "dossiers_received", "dossiers_carried_over", "dossiers_new", "dossiers_online", "dossiers_in_person",
    "dossiers_postal", "dossiers_due", "dossiers_resolved", "dossiers_resolved_in_time", "dossiers_resolved_early",
    "dossiers_resolved_on_time", "dossiers_resolved_late", "dossiers_pending", "dossiers_pending_not_due",
    "dossiers_pending_overdue", "on_time_rate", "late_rate", "online_dossier_rate", "procedures_total",
    "procedures_online", "online_procedures_with_dossiers", "satisfaction_rate", "feedback_received",
    "digitization_rate", "tasks_completed", "tasks_total", "e_document_rate", "digital_signatures",
}


def gold_of(path: str | Path) -> dict:
    p = Path(path)
    return json.loads(p.with_name(p.stem + ".gold.json").read_text(encoding="utf-8"))


def _same(a, b, unit) -> bool:
    return abs(float(a) - float(b)) <= (0.011 if unit == "percent" else 1e-9)


def counts(gold: list[dict], pred: list[dict]) -> tuple[int, int, int]:
    """(true positives, predicted, gold) for one document; dicts with indicator, kind, value, unit."""
    g = [x for x in gold if x["indicator"] in CORE]
    free = [x for x in pred if x["indicator"] in CORE]
    tp = 0
    for x in g:
        for i, p in enumerate(free):
            if (x["indicator"], x.get("kind") or "actual") == (p["indicator"], p.get("kind") or "actual") \
                    and _same(x["value"], p["value"], x.get("unit") or p.get("unit")):
                free.pop(i)
                tp += 1
                break
    return tp, len([x for x in pred if x["indicator"] in CORE]), len(g)


def f1(tp: int, n_pred: int, n_gold: int) -> float:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def store_f1(db: str | Path, paths: list[Path]) -> tuple[float, int, int, int]:
    """F1 of what the store holds for `paths` (its mentions) against their gold."""
    import duckdb
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT f.path, m.indicator, m.kind, m.value, m.unit FROM files f "
                           "JOIN mentions m USING (document)").fetchall()
    finally:
        con.close()
    by_path: dict[str, list[dict]] = {}
    for path, ind, kind, value, unit in rows:
        by_path.setdefault(path, []).append({"indicator": ind, "kind": kind, "value": value, "unit": unit})
    tp = n_pred = n_gold = 0
    for p in paths:
        a, b, c = counts(gold_of(p)["indicators"], by_path.get(str(p), []))
        tp, n_pred, n_gold = tp + a, n_pred + b, n_gold + c
    return f1(tp, n_pred, n_gold), tp, n_pred, n_gold
