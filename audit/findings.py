"""What every check shares: the check table (data/checks.yaml), the Finding dict, evidence items
and the figures of a record that take part in checks."""
from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from vn.datafile import load_yaml


DATA = Path(__file__).resolve().parent / "data"
CONFIG: dict = load_yaml(DATA / "checks.yaml")
TOL: dict = CONFIG["tolerances"]
SEVERITIES = ("error", "warning", "info")


def _labels() -> dict[str, str]:
    try:
        from extract.lexicon.catalogue import BY_ID
    except Exception:      # the catalogue is optional for the audit: messages then use the id only
        return {}
    return {k: v.label for k, v in BY_ID.items()}


def _core() -> set[str] | None:
    try:
        from extract.lexicon.catalogue import BY_ID
    except Exception:
        return None
    return {k for k, v in BY_ID.items() if v.core}


LABELS = _labels()
CORE = _core()


class _Blank(dict):
    def __missing__(self, key):
        return "?"


def fmt_num(v: Any, lang: str = "vi") -> str:
    """9423 → `9.423`, 99.75 → `99,75` (vi); plain in English."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, int):
        return f"{v:,}".replace(",", ".") if lang == "vi" else f"{v:,}"
    if isinstance(v, float):
        s = f"{v:.2f}".rstrip("0").rstrip(".")
        return s.replace(".", ",") if lang == "vi" else s
    return str(v)


def fmt_date(iso: str | None) -> str:
    """2020-12-15 → 15/12/2020 (as reports write it)."""
    if not iso:
        return "?"
    d = _dt.date.fromisoformat(iso)
    return f"{d.day}/{d.month}/{d.year}"


def label(indicator: str, lang: str = "vi") -> str:
    return f"{LABELS[indicator]} ({indicator})" if lang == "vi" and indicator in LABELS else indicator


def finding(check: str, fields: dict, evidence: list[dict], severity: str | None = None, **extra) -> dict:
    """A Finding dict (extract.model.Finding) with messages filled from the check's templates.
    `fields` fills the templates; a field may be a (vi, en) pair when the languages differ."""
    spec = CONFIG["checks"][check]
    vi = _Blank({k: (v[0] if isinstance(v, tuple) else v) for k, v in fields.items()})
    en = _Blank({k: (v[1] if isinstance(v, tuple) else v) for k, v in fields.items()})
    out = {"check": check, "severity": severity or spec["severity"],
           "message": spec["message"].format_map(vi), "message_en": spec["message_en"].format_map(en),
           "evidence": evidence}
    out.update(extra)
    return out


def mention_evidence(record: dict, m: dict, **extra) -> dict:
    ev = {"document": record.get("source"), "page": m.get("page"), "start": m.get("start"), "end": m.get("end"),
          "quote": m.get("evidence"), "indicator": m.get("indicator"), "value": m.get("value")}
    if m.get("scope"):
        ev["scope"] = m["scope"]
    ev.update(extra)
    return ev


def reference_evidence(record: dict, r: dict, **extra) -> dict:
    ev = {"document": record.get("source"), "page": r.get("page"), "start": r.get("start"), "end": r.get("end"),
          "quote": r.get("evidence"), "symbol": r.get("symbol"), "date": r.get("date")}
    ev.update(extra)
    return ev


def usable(m: dict, kind: str = "actual") -> bool:
    """A figure that may take part in a check: the kind asked for, no breakdown, not approximate."""
    return (m.get("kind") or "actual") == kind and m.get("qualifier") is None and not m.get("approximate") \
        and isinstance(m.get("value"), (int, float)) and bool(m.get("indicator"))


def scope_key(m: dict) -> tuple[str | None, str]:
    """Whose figure (extract.document.scope): (level, unit key); (None, "") for the document's own subject."""
    from extract.document.scope import unit_key
    sc = m.get("scope") if isinstance(m.get("scope"), dict) else {}
    return (sc.get("level") or m.get("scope_level") or None, unit_key(sc.get("unit") or m.get("scope_unit")))


def period_of(m: dict) -> str | None:
    """The figure's own period when the text gives it another one than the document's (`period`, from
    the extractor's figure-period step), else None: the document's period."""
    p = m.get("period")
    return p if isinstance(p, str) and p else None


def figure_key(m: dict) -> tuple:
    """Whose figure and for when: (level, unit key, period). Checks compare figures of one key only."""
    return (*scope_key(m), period_of(m))


OWN = (None, "", None)


def scopes(record: dict) -> list[tuple]:
    """The scopes × periods a record has figures for, its own first: the checks compare figures of one
    scope and period only (a commune-level count against a provincial rate, a month against the year
    to date are no inconsistency)."""
    seen = {OWN: None}
    for m in record.get("indicators") or ():
        seen.setdefault(figure_key(m), None)
    return list(seen)


def figures(record: dict, kind: str = "actual", scope: tuple = OWN) -> dict[str, list[dict]]:
    """indicator → its usable mentions of one scope and period (default: the document's own) with
    distinct values, in text order (first of each value kept)."""
    by: dict[str, list[dict]] = defaultdict(list)
    for m in sorted(record.get("indicators") or (), key=lambda m: (m.get("start") or 0)):
        if not usable(m, kind) or figure_key(m) != scope:
            continue
        if not any(same_value(m["value"], o["value"], m.get("unit")) for o in by[m["indicator"]]):
            by[m["indicator"]].append(m)
    return dict(by)


def same_value(a, b, unit: str | None) -> bool:
    return abs(float(a) - float(b)) <= (TOL["same_percent"] if unit == "percent" else 1e-9)


def values_field(mentions: list[dict]) -> list[dict]:
    """`values` of a finding: each value as a number and as the report writes it."""
    return [{"value": m["value"], "written": fmt_num(m["value"]), "indicator": m.get("indicator")} for m in mentions]
