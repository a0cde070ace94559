"""The cross-province, cross-period table: its column names and dtypes, and the rows it is built from.

Two shapes, both with fixed column names and pandas dtypes (text `string`, dates `datetime64[s]`,
counts nullable `Int32`/`Int64`, values `float64`, flags nullable `boolean`):

- long: one row per document × indicator × kind × scope × qualifier × period (the chosen value, see
  normalize.choose; `period` the figure's own, `doc_period` the document's), with the document's province
  (as written and after the 2025 merger), agency,
  data window, whose figure it is (scope_level, scope_unit: null = the document's own subject) and the
  evidence (page, span, quote).
- wide: one row per document × scope × period (the document's own row first, then one per level or unit
  it reports on: cấp xã, huyện Kim Sơn, and one per other period it states figures of: 2025-10M), ordered province_2025 → agency → period, and one column per catalogue
  indicator: `<id>` the actual, `<id>__target` the target, `<id>__change` the change, all without a
  qualifier (qualified values stay in the long table). The columns are the whole catalogue, not the
  indicators that happen to occur, so a script written against the wide table keeps working.
  One row per document rather than per (province, agency, period) because two reports of one key
  can disagree, and choosing between documents is an analyst's call, visible in the rows.

The rows are built here from `chiso extract` records; normalize.store keeps them in DuckDB and
defines the long and wide views from the column lists here.
"""
from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from normalize.choose import choose, group_key, scope_of

if TYPE_CHECKING:     # pandas is imported where a frame is made: `chiso run` writes without it
    import pandas as pd

# ---------------------------------------------------------------- columns

DOCUMENT_KEYS = {   # name -> dtype; the document's identity, place and time as every table repeats them
    "document": "string",          # sha256 of the file's bytes: stable whatever the file is called
    "source": "string",            # path as given to `chiso run`
    "province": "string",          # the province the document names, canonical spelling (Bắc Giang)
    "province_as_written": "string",   # as the document writes it (BẮC GIANG, Tỉnh Bắc Giang, Bac Giang)
    "province_code": "string",     # 2-digit code of that province
    "province_2025": "string",     # the province after the 2025 merger (Bắc Ninh)
    "province_2025_code": "string",
    "agency": "string",
    "doc_type": "string",
    "period": "string",            # 2025-M04, 2023-Q3, 2021-H1, 2025-9M, 2022-Y
    "period_start": "datetime64[s]",
    "period_end": "datetime64[s]",
    "window_start": "datetime64[s]",   # the data window the figures cover (15/3 – 14/4), kept beside the period
    "window_end": "datetime64[s]",
    "meta_sources": "string",      # where each field came from: `province=path; period=text; agency=manifest`
}

LONG_COLUMNS = {
    **DOCUMENT_KEYS,                # period, period_start, period_end: the figure's own (the document's unless
                                   # it states another: next year's target, the year to date, last year's)
    "doc_period": "string",        # the document's period
    "indicator": "string",
    "kind": "string",              # actual | target | change
    "scope_level": "string",       # whose figure: null = the document's own subject; provincial | district |
                                   # commune | district,commune | agency | province | ministry
    "scope_unit": "string",        # the one unit, as written (huyện Kim Sơn, Sở Tư pháp), else null
    "qualifier": "string",
    "value": "float64",            # counts and percent numbers (99,75% -> 99.75)
    "unit": "string",              # count | percent
    "page": "Int32",
    "start": "Int64",              # span in the document's normalized text
    "end": "Int64",
    "evidence": "string",          # the quote
    "rule": "string",
    "found_in": "string",          # table | text
    "approximate": "boolean",
    "ocr": "boolean",
    "n_mentions": "Int32",         # how many mentions of this indicator × kind × qualifier
    "conflict": "boolean",         # exact mentions disagree (other_values lists the rest)
    "other_values": "string",
    "choice": "string",            # which rule chose the value (normalize.choose)
    "corrected": "boolean",        # a person changed or added this figure (normalize.corrections)
    "original_value": "float64",   # the extracted value before the correction (null for an added figure)
    "original": "string",          # the changed fields as extracted, JSON ({"scope_level": null})
}

WIDE_KEYS = {k: DOCUMENT_KEYS[k] for k in (
    "province_2025", "province_2025_code", "province", "province_as_written", "province_code", "agency", "period",
    "period_start", "period_end", "window_start", "window_end", "doc_type", "meta_sources", "document", "source")}
WIDE_KEYS["doc_period"] = "string"   # one wide row per document × scope × period: `period` the figures' own
SCOPE_KEYS = {"scope_level": "string", "scope_unit": "string"}
WIDE_KEYS.update(SCOPE_KEYS)     # one wide row per document × scope: the document's own first
WIDE_KINDS = (("actual", ""), ("target", "__target"), ("change", "__change"))
WIDE_ORDER = ("province_2025", "agency", "period_start", "period", "province", "document")

META_FIELDS = ("province", "province_as_written", "province_code", "province_2025", "province_2025_code", "agency", "doc_type",
               "doc_number", "issue_date", "period", "period_start", "period_end", "window_start",
               "window_end", "signer", "meta_sources")
DATE_FIELDS = ("issue_date", "period_start", "period_end", "window_start", "window_end")


@lru_cache(maxsize=1)
def indicator_ids() -> tuple[str, ...]:
    """Catalogue ids in catalogue order (extract/data/indicators.yaml), read without compiling the
    catalogue's patterns (the driver needs only the names)."""
    from extract.lexicon import INDICATORS_DATA
    return tuple(d["id"] for d in INDICATORS_DATA["indicators"])


def wide_value_columns() -> list[tuple[str, str, str]]:
    """(column, indicator, kind) for every wide value column: all actuals, then targets, then changes."""
    return [(ind + suffix, ind, kind) for kind, suffix in WIDE_KINDS for ind in indicator_ids()]


def wide_columns() -> dict[str, str]:
    cols = dict(WIDE_KEYS)
    cols.update({c: "float64" for c, _, _ in wide_value_columns()})
    cols["conflicts"] = "string"   # indicators of this row whose mentions disagree, '; '-joined
    cols["corrections"] = "string"  # columns of this row a person corrected, with the extracted value: 'x (was 120)'
    return cols


# ---------------------------------------------------------------- rows from a record

def _iso(v: Any) -> str | None:
    if v is None or v == "":
        return None
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()[:10]
    s = str(v)[:10]
    try:
        dt.date.fromisoformat(s)
    except ValueError:
        return None   # a date with a blank day is null by convention; never store a guess
    return s


def _lookup_province(name: str | None):
    if not name:
        return None
    try:
        from vn.provinces import lookup
    except ImportError:
        return None
    try:
        return lookup(name)
    except (KeyError, ValueError, LookupError):
        return None


def _period_bounds(code: str | None):
    if not code:
        return None
    try:
        from vn.periods import period_bounds
    except ImportError:
        return None
    try:
        return period_bounds(code)
    except (KeyError, ValueError, LookupError):
        return None


def document_meta(meta: dict | None) -> dict:
    """The metadata of one record, completed from vn.provinces and vn.periods: the
    province's codes and its 2025 province, the period's first and last day. Values the extractor
    gave are kept unless the province table knows the canonical spelling (the written form stays in
    province_as_written)."""
    meta = dict(meta or {})
    out = {k: meta.get(k) for k in META_FIELDS}
    out["province_as_written"] = out["province_as_written"] or out["province"]
    p = _lookup_province(out["province"])
    if p is not None:
        out["province"] = getattr(p, "name", None) or out["province"]
        out["province_code"] = getattr(p, "code", None) or out["province_code"]
        out["province_2025"] = getattr(p, "province_2025", None) or out["province_2025"]
        out["province_2025_code"] = getattr(p, "province_2025_code", None) or out["province_2025_code"]
    if not (out["period_start"] and out["period_end"]):
        b = _period_bounds(out["period"])
        if b:
            out["period_start"] = out["period_start"] or b[0]
            out["period_end"] = out["period_end"] or b[1]
    for k in DATE_FIELDS:
        out[k] = _iso(out[k])
    sources = meta.get("sources") or {}
    out["meta_sources"] = "; ".join(f"{k}={v}" for k, v in sources.items()) or None
    return out


def _bool(v) -> bool:
    return bool(v) if v is not None else False


def record_rows(record: dict) -> dict[str, list[dict]]:
    """Rows for each stored table from one ok record: document (one), mentions, indicators (chosen),
    references, findings. Pure: no I/O, so a worker or the driver can call it."""
    sha = record["sha256"]
    meta = document_meta(record.get("meta"))
    raw = [m for m in record.get("indicators") or () if m.get("value") is not None and m.get("indicator")]
    chosen, flags = choose(raw)
    by_group = {group_key(c): c for c in chosen}

    mentions = []
    for i, (m, f) in enumerate(zip(raw, flags)):
        c = by_group[group_key(m)]
        mentions.append({
            "document": sha, "mention_no": i, "indicator": m["indicator"], "kind": m.get("kind") or "actual",
            "scope_level": scope_of(m)[0], "scope_unit": scope_of(m)[1], "qualifier": m.get("qualifier"),
            "period": m.get("period") or None, "value": float(m["value"]), "unit": m.get("unit"),
            "page": m.get("page"), "start": m.get("start"), "end": m.get("end"), "evidence": m.get("evidence"),
            "rule": m.get("rule"), "found_in": m.get("source"), "approximate": _bool(m.get("approximate")),
            "ocr": _bool(m.get("ocr")), "chosen": f, "conflict": c["conflict"]})
    indicators = []
    for c in chosen:
        indicators.append({
            "document": sha, "indicator": c["indicator"], "kind": c["kind"], "scope_level": c["scope_level"],
            "scope_unit": c["scope_unit"], "qualifier": c["qualifier"], "period": c["period"],
            "period_start": (_period_bounds(c["period"]) or (None, None))[0] if c["period"] else None,
            "period_end": (_period_bounds(c["period"]) or (None, None))[1] if c["period"] else None,
            "value": float(c["value"]), "unit": c.get("unit"), "page": c.get("page"), "start": c.get("start"),
            "end": c.get("end"), "evidence": c.get("evidence"), "rule": c.get("rule"), "found_in": c.get("source"),
            "approximate": _bool(c.get("approximate")), "ocr": _bool(c.get("ocr")), "n_mentions": c["n_mentions"],
            "conflict": c["conflict"], "other_values": c["other_values"], "choice": c["choice"]})
    refs = []
    for i, r in enumerate(record.get("references") or ()):
        refs.append({"document": sha, "ref_no": i, "type_word": r.get("type_word"), "number": r.get("number"),
                     "year": r.get("year"), "type_code": r.get("type_code"), "issuer_code": r.get("issuer_code"),
                     "date": _iso(r.get("date")), "symbol": r.get("symbol"), "page": r.get("page"),
                     "start": r.get("start"), "end": r.get("end"), "evidence": r.get("evidence")})
    findings = []
    for i, f in enumerate(record.get("findings") or ()):
        findings.append({"document": sha, "finding_no": i, "check": f.get("check"), "severity": f.get("severity"),
                         "message": f.get("message"), "message_en": f.get("message_en"),
                         "evidence": json.dumps(f.get("evidence") or [], ensure_ascii=False)})
    extra = {k: v for k, v in (record.get("meta") or {}).items() if k not in META_FIELDS}
    document = {
        "document": sha, "source": record.get("source"), "format": record.get("format"),
        "pages": record.get("pages"), "extractor_version": record.get("extractor_version"),
        "warnings": json.dumps(record.get("warnings") or [], ensure_ascii=False),
        **meta, "meta_extra": json.dumps(extra, ensure_ascii=False) if extra else None,
        "n_mentions": len(mentions), "n_indicators": len(indicators), "n_references": len(refs),
        "n_findings": len(findings), "n_conflicts": sum(1 for c in indicators if c["conflict"])}
    return {"documents": [document], "mentions": mentions, "indicators": indicators,
            "refs": refs, "findings": findings}


# ---------------------------------------------------------------- dtypes

def coerce(df: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """The frame with exactly `columns`, in that order and with those dtypes, whatever the source
    returned (DuckDB gives int32 or Int32, str or object, depending on whether a column has nulls)."""
    import pandas as pd
    out = {}
    n = len(df)
    for name, dtype in columns.items():
        s = df[name] if name in df.columns else pd.Series([None] * n, index=df.index, dtype="object")
        if dtype.startswith("datetime64"):
            s = pd.to_datetime(s, errors="coerce").astype(dtype)
        elif dtype == "boolean":
            s = s.astype("boolean")
        elif dtype in ("Int32", "Int64"):
            s = pd.to_numeric(s, errors="coerce").astype(dtype)
        elif dtype == "float64":
            s = pd.to_numeric(s, errors="coerce").astype("float64")
        else:
            s = s.astype(dtype)
        out[name] = s
    return pd.DataFrame(out, index=df.index).reset_index(drop=True)
