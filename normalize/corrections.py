"""Corrections that last: an analyst's decisions on figures and metadata, kept in a CSV file and applied
to the store after every run.

The file (UTF-8, one row per decision, columns COLUMNS) is meant to be read, diffed and kept in git:

  sha256, path      the document (its bytes; the path for people, and to find the document again when
                    the file at that path changed)
  start, end, quote the figure's anchor: the span in the document's normalized text and the text there
                    (empty on a metadata row)
  action            confirm | reject | set | add
  field             set on a figure: value | indicator | kind | scope_level | scope_unit | period (the
                    figure's own period); set on a document (no span): province | agency | period | doc_type
  new_value         the new value of `field` (empty = null, e.g. scope_level for the document's own subject);
                    for add, the figure's value
  indicator         the figure's indicator: which figure of the span (a span may give several); for add,
                    the indicator of the new figure
  note, who, when   for people

Application (apply()) is idempotent: the store keeps each changed row's original fields (`original`,
JSON) and every run first puts them back, then applies the file as it is now. A decision whose anchor
no longer matches (the document is gone, the quote is no longer in its text, no figure at the span) is
returned as unmatched and stays in the file.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from typing import Iterable

COLUMNS = ("sha256", "path", "start", "end", "quote", "action", "field", "new_value", "indicator",
           "note", "who", "when")
ACTIONS = ("confirm", "reject", "set", "add")
FIGURE_FIELDS = ("value", "indicator", "kind", "scope_level", "scope_unit", "period")
META_FIELDS = ("province", "agency", "period", "doc_type")
KINDS = ("actual", "target", "change")
SCOPE_LEVELS = ("provincial", "district", "commune", "district,commune", "agency", "province", "ministry")
# the figure's own period (GOLD.md `period` on an indicator) is kept in this column of `indicators`
FIGURE_PERIOD = "period"          # with period_start / period_end (extract.indicators.figure_period)
_STORE_FIELD = {"period": FIGURE_PERIOD}


class CorrectionsInvalid(ValueError):
    """The file has rows that cannot be applied; `errors` lists them as 'line N: reason'."""

    def __init__(self, path, errors: list[str]):
        self.errors = errors
        super().__init__(f"{path}: {len(errors)} invalid row(s):\n  " + "\n  ".join(errors))


@dataclass
class Correction:
    sha256: str
    path: str = ""
    start: int | None = None
    end: int | None = None
    quote: str = ""
    action: str = ""
    field: str = ""
    new_value: str = ""
    indicator: str = ""
    note: str = ""
    who: str = ""
    when: str = ""
    line: int = 0          # line in the file it was read from (for messages), not written

    @property
    def on_figure(self) -> bool:
        return self.start is not None

    def key(self) -> tuple:
        """Two decisions with one key are one decision: the later one replaces the earlier."""
        anchor = (self.sha256, self.start, self.end, self.quote, self.indicator)
        if self.action in ("confirm", "reject"):
            return anchor + ("verdict",)
        if self.action == "set":
            return anchor + ("set", self.field)
        return anchor + (self.action,)

    def row(self) -> dict:
        d = {c: getattr(self, c) for c in COLUMNS}
        d["start"] = "" if self.start is None else str(self.start)
        d["end"] = "" if self.end is None else str(self.end)
        return d

    def describe(self) -> str:
        where = f"{self.start}-{self.end} «{self.quote}»" if self.on_figure else "metadata"
        what = self.action + (f" {self.field}={self.new_value!r}" if self.action == "set" else "")
        what += f" {self.indicator}={self.new_value}" if self.action == "add" else ""
        ind = f" {self.indicator}" if self.indicator and self.action != "add" else ""
        return f"{self.path or self.sha256[:12]} {where}{ind}: {what}"


def _indicator_ids() -> set[str]:
    from normalize.table import indicator_ids
    return set(indicator_ids())


def validate(c: Correction, ids: set[str] | None = None) -> list[str]:
    """What is wrong with one row (empty when it can be applied)."""
    ids = ids if ids is not None else _indicator_ids()
    errs = []
    if len(c.sha256) != 64 or any(ch not in "0123456789abcdef" for ch in c.sha256):
        errs.append(f"sha256 must be 64 hex digits, got {c.sha256!r}")
    if c.action not in ACTIONS:
        errs.append(f"action must be one of {', '.join(ACTIONS)}, got {c.action!r}")
        return errs
    if c.on_figure:
        if c.end is None or c.end <= c.start or c.start < 0:
            errs.append(f"span {c.start}-{c.end} is not a span")
        if not c.quote:
            errs.append("a figure's anchor needs its quote")
        if c.indicator and c.indicator not in ids:
            errs.append(f"unknown indicator {c.indicator!r}")
        if c.action == "set":
            if c.field not in FIGURE_FIELDS:
                errs.append(f"field of a figure must be one of {', '.join(FIGURE_FIELDS)}, got {c.field!r}")
            else:
                errs += _check_value(c.field, c.new_value, ids)
        elif c.action == "add":
            if not c.indicator:
                errs.append("add needs the indicator of the new figure")
            errs += _check_value("value", c.new_value, ids)
    else:
        if c.end is not None:
            errs.append("end without start")
        if c.action != "set":
            errs.append(f"a row without a span is a metadata correction: action must be set, got {c.action!r}")
        elif c.field not in META_FIELDS:
            errs.append(f"field of a document must be one of {', '.join(META_FIELDS)}, got {c.field!r}")
        elif c.field == "period":
            errs += _check_period(c.new_value)
        elif not c.new_value:
            errs.append(f"{c.field} needs a new_value")
    return errs


def _check_value(name: str, v: str, ids: set[str]) -> list[str]:
    if name == "value":
        try:
            float(v)
        except ValueError:
            return [f"value must be a number (9423, 99.75, -2), got {v!r}"]
    elif name == "indicator" and v not in ids:
        return [f"unknown indicator {v!r}"]
    elif name == "kind" and v not in KINDS:
        return [f"kind must be one of {', '.join(KINDS)}, got {v!r}"]
    elif name == "scope_level" and v and v not in SCOPE_LEVELS:
        return [f"scope_level must be empty or one of {', '.join(SCOPE_LEVELS)}, got {v!r}"]
    elif name == "period" and v:
        return _check_period(v)
    return []


def _check_period(v: str) -> list[str]:
    from vn.periods import period_bounds
    try:
        if period_bounds(v):
            return []
    except (KeyError, ValueError, LookupError):
        pass
    return [f"period must be a code of GOLD.md (2025-M04, 2023-Q3, 2021-H1, 2025-9M, 2022-Y), got {v!r}"]


def _int(v: str, name: str, errs: list[str]) -> int | None:
    v = (v or "").strip()
    if not v:
        return None
    try:
        return int(v)
    except ValueError:
        errs.append(f"{name} must be a whole number, got {v!r}")
        return None


def parse(text: str, source: str = "corrections") -> list[Correction]:
    """The rows of a corrections file's text; raises CorrectionsInvalid listing every bad row."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in ("sha256", "action") if c not in (reader.fieldnames or ())]
    if missing:
        raise CorrectionsInvalid(source, [f"line 1: missing column(s) {', '.join(missing)} (columns: {', '.join(COLUMNS)})"])
    ids = _indicator_ids()
    out, errors = [], []
    for row in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in row.values()):
            continue
        errs: list[str] = []
        get = lambda k: (row.get(k) or "").strip()
        c = Correction(sha256=get("sha256").lower(), path=get("path"), start=_int(get("start"), "start", errs),
                       end=_int(get("end"), "end", errs), quote=row.get("quote") or "", action=get("action").lower(),
                       field=get("field"), new_value=get("new_value"), indicator=get("indicator"),
                       note=get("note"), who=get("who"), when=get("when"), line=line)
        errs += validate(c, ids)
        errors += [f"line {line}: {e}" for e in errs]
        out.append(c)
    if errors:
        raise CorrectionsInvalid(source, errors)
    return out


def read(path: str | Path) -> list[Correction]:
    p = Path(path)
    if not p.exists():
        return []
    return parse(p.read_text(encoding="utf-8-sig"), str(p))


def write(path: str | Path, corrections: Iterable[Correction]) -> None:
    """The file, whole or not at all (written beside it, then renamed)."""
    p = Path(path)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for c in corrections:
        w.writerow(c.row())
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text(buf.getvalue(), encoding="utf-8")
    os.replace(tmp, p)


def merge(existing: list[Correction], new: list[Correction]) -> tuple[list[Correction], dict[str, int]]:
    """`existing` with `new` merged in: a decision on the same figure and field replaces the one before
    (in its place); others are appended. Returns the rows and counts added / replaced / unchanged."""
    out = list(existing)
    where = {c.key(): i for i, c in enumerate(out)}
    counts = {"added": 0, "replaced": 0, "unchanged": 0}
    for c in new:
        k = c.key()
        if k not in where:
            where[k] = len(out)
            out.append(c)
            counts["added"] += 1
        elif out[where[k]].row() == c.row():
            counts["unchanged"] += 1
        else:
            out[where[k]] = c
            counts["replaced"] += 1
    return out, counts


def default_path(db: str | Path) -> Path:
    """The store's own corrections file: `chiso.corrections.csv` beside `chiso.duckdb`."""
    p = Path(db)
    return p.with_name(p.stem + ".corrections.csv")


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


# ---------------------------------------------------------------- applying to the store

@dataclass
class Applied:
    applied: list[Correction] = dc_field(default_factory=list)
    unmatched: list[tuple[Correction, str]] = dc_field(default_factory=list)

    def format(self) -> str:
        lines = [f"corrections: {len(self.applied)} applied"
                 + (f", {len(self.unmatched)} no longer match (kept in the file):" if self.unmatched else "")]
        lines += [f"  line {c.line}: {c.describe()}: {why}" for c, why in self.unmatched]
        return "\n".join(lines)


_FIG_COLS = ("indicator", "kind", "scope_level", "scope_unit", "qualifier", "value", "unit", "page", "start", "end",
             "evidence", "rule", "found_in", FIGURE_PERIOD)


def _unit_of(indicator: str) -> str | None:
    from extract.lexicon import INDICATORS_DATA
    for d in INDICATORS_DATA["indicators"]:
        if d["id"] == indicator:
            return d.get("unit")
    return None


def _revert(con) -> None:
    """Put back what the last application changed (the file may have changed since)."""
    con.execute("DELETE FROM indicators WHERE added")
    for rowid, original in con.execute("SELECT rowid, original FROM indicators WHERE original IS NOT NULL").fetchall():
        orig = json.loads(original)
        sets = ", ".join(f'"{k}" = ?' for k in orig)
        con.execute(f"UPDATE indicators SET {sets + ', ' if sets else ''}corrected = NULL, original = NULL, "
                    "original_value = NULL WHERE rowid = ?", [*orig.values(), rowid])
    for doc, original in con.execute("SELECT document, meta_original FROM documents WHERE meta_original IS NOT NULL").fetchall():
        orig = json.loads(original)
        sets = ", ".join(f'"{k}" = ?' for k in orig)
        con.execute(f"UPDATE documents SET {sets}, meta_original = NULL WHERE document = ?", [*orig.values(), doc])


def _resolve(con, c: Correction, texts: dict) -> tuple[str | None, int | None, int | None, str | None]:
    """(document, start, end, None) where the anchor holds now, else (.., reason)."""
    from normalize.texts import unpack_text
    doc = con.execute("SELECT document FROM documents WHERE document = ?", [c.sha256]).fetchone()
    if doc is None and c.path:   # the file at that path now holds other bytes: look for the quote there
        doc = con.execute("SELECT f.document FROM files f JOIN documents d USING (document) WHERE f.path = ?",
                          [c.path]).fetchone()
    if doc is None:
        return None, None, None, "document not in the store"
    doc = doc[0]
    if not c.on_figure:
        return doc, None, None, None
    if doc not in texts:
        r = con.execute("SELECT text_z, text FROM texts WHERE document = ?", [doc]).fetchone()
        texts[doc] = (unpack_text(r[0]) if r and r[0] is not None else (r[1] if r else None)) or ""
    text = texts[doc]
    if text[c.start:c.end] == c.quote:
        return doc, c.start, c.end, None
    n = text.count(c.quote)
    if n == 1:     # the text moved around the figure: the quote, once, is still its anchor
        s = text.index(c.quote)
        return doc, s, s + len(c.quote), None
    return doc, None, None, (f"quote no longer in the document's text" if n == 0
                             else f"quote no longer at {c.start}-{c.end} and found {n} times elsewhere")


def _figure_rows(con, doc: str, start: int, end: int, indicator: str) -> list[int]:
    """rowids of the `indicators` rows of the figure at the span: the chosen row itself, or the row chosen
    for the group of a mention at the span (a figure stated twice is one row)."""
    ind = " AND i.indicator = ?" if indicator else ""
    p = [doc, start, end] + ([indicator] if indicator else [])
    rows = [r for (r,) in con.execute(
        f'SELECT rowid FROM indicators i WHERE document = ? AND start = ? AND "end" = ?{ind}',
        p).fetchall()]
    if rows:
        return rows
    return [r for (r,) in con.execute(
        "SELECT DISTINCT i.rowid FROM mentions m JOIN indicators i ON i.document = m.document "
        "AND i.indicator = m.indicator AND i.kind = m.kind AND i.scope_level IS NOT DISTINCT FROM m.scope_level "
        "AND i.scope_unit IS NOT DISTINCT FROM m.scope_unit AND i.qualifier IS NOT DISTINCT FROM m.qualifier "
        f'WHERE m.document = ? AND m.start = ? AND m."end" = ?{ind.replace("i.", "m.")}',
        p).fetchall()]


def _set(con, rowid: int, column: str, value) -> None:
    cur, original = con.execute(f'SELECT "{column}", original FROM indicators WHERE rowid = ?', [rowid]).fetchone()
    orig = json.loads(original) if original else {}
    orig.setdefault(column, cur)
    orig_value = orig.get("value", None) if "value" in orig else con.execute(
        "SELECT value FROM indicators WHERE rowid = ?", [rowid]).fetchone()[0]
    con.execute(f'UPDATE indicators SET "{column}" = ?, corrected = true, original = ?, original_value = ? WHERE rowid = ?',
                [value, json.dumps(orig, ensure_ascii=False, default=str), orig_value, rowid])


def _set_bounds(con, rowid: int, period: str | None) -> None:
    """A figure's period with its first and last day, as the figure-period step writes them."""
    from vn.periods import period_bounds
    start, end = period_bounds(period) if period else (None, None)
    _set(con, rowid, "period_start", start)
    _set(con, rowid, "period_end", end)


def _new_value(c: Correction):
    if c.field == "value":
        return float(c.new_value)
    return c.new_value or None


def apply(store, corrections: list[Correction]) -> Applied:
    """Apply the decisions to the store, in one transaction: revert the last application, then adds,
    sets, rejects and confirms, then metadata. Records each decision's outcome and the rule of its
    figure in `correction_log` (read by `chiso corrections stats`)."""
    con = store.con
    out = Applied()
    log = []
    texts: dict = {}
    order = {"add": 0, "set": 1, "reject": 2, "confirm": 3}
    con.execute("BEGIN TRANSACTION")
    try:
        _revert(con)
        for c in sorted(corrections, key=lambda c: (not c.on_figure, order[c.action])):
            doc, start, end, why = _resolve(con, c, texts)
            rule = None
            if why is None and c.on_figure:
                if c.action == "add":
                    text = texts.get(doc, "")
                    page = con.execute('SELECT max(page) FROM mentions WHERE document = ? AND start <= ?',
                                       [doc, start]).fetchone()[0]
                    con.execute(
                        'INSERT INTO indicators (document, indicator, kind, value, unit, page, start, "end", evidence, '
                        "rule, found_in, approximate, ocr, n_mentions, conflict, choice, corrected, added, original) "
                        "VALUES (?, ?, 'actual', ?, ?, ?, ?, ?, ?, 'correction', 'correction', false, false, 1, false, "
                        "'correction', true, true, '{}')",
                        [doc, c.indicator, float(c.new_value), _unit_of(c.indicator), page, start, end,
                         _sentence(text, start, end)])
                    rule = "(added)"
                else:
                    rows = _figure_rows(con, doc, start, end, c.indicator)
                    if not rows:
                        why = "no figure at the span any more" + (f" for {c.indicator}" if c.indicator else "")
                    elif len(rows) > 1 and not c.indicator:
                        why = f"{len(rows)} figures at the span: name the indicator"
                    else:
                        rule = con.execute("SELECT CASE WHEN added THEN '(added)' ELSE rule END FROM indicators "
                                           "WHERE rowid = ?", [rows[0]]).fetchone()[0]
                        for r in rows:
                            if c.action == "reject":
                                _set(con, r, "rejected", True)
                            elif c.action == "set":
                                _set(con, r, _STORE_FIELD.get(c.field, c.field), _new_value(c))
                                if c.field == "period":
                                    _set_bounds(con, r, _new_value(c))
            elif why is None:
                _set_meta(con, doc, c)
            log.append({"line": c.line, "sha256": c.sha256, "document": doc, "figure": c.on_figure, "start": start,
                        "end": end, "action": c.action, "field": c.field,
                        "indicator": c.indicator, "rule": rule, "status": "unmatched" if why else "applied",
                        "reason": why})
            (out.unmatched.append((c, why)) if why else out.applied.append(c))
        con.execute("DELETE FROM correction_log")
        if log:
            import pyarrow as pa
            data = pa.Table.from_pylist(log)   # noqa: F841 (read by DuckDB by name)
            con.execute("INSERT INTO correction_log BY NAME SELECT * FROM data")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return out


def _sentence(text: str, start: int, end: int) -> str:
    """The line around a span, as the evidence of an added figure."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return text[a:b if b >= 0 else len(text)].strip()


def _set_meta(con, doc: str, c: Correction) -> None:
    """A document's metadata field, with what follows from it (the province's codes and 2025 province,
    the period's first and last day) recomputed by normalize.table.document_meta."""
    from normalize.table import META_FIELDS as COLS, document_meta
    names = [d[0] for d in con.execute("SELECT * FROM documents WHERE document = ?", [doc]).description]
    row = dict(zip(names, con.execute("SELECT * FROM documents WHERE document = ?", [doc]).fetchone()))
    meta = {k: row.get(k) for k in COLS}
    if c.field == "province":
        for k in ("province", "province_as_written", "province_code", "province_2025", "province_2025_code"):
            meta[k] = None
    if c.field == "period":
        meta["period_start"] = meta["period_end"] = None
    meta[c.field] = c.new_value
    new = document_meta(meta)
    changed = {k: v for k, v in new.items() if _iso(row.get(k)) != v}
    if not changed:
        return
    orig = json.loads(row["meta_original"]) if row.get("meta_original") else {}
    for k in changed:
        orig.setdefault(k, _iso(row.get(k)))
    sets = ", ".join(f'"{k}" = ?' for k in changed)
    con.execute(f"UPDATE documents SET {sets}, meta_original = ? WHERE document = ?",
                [*changed.values(), json.dumps(orig, ensure_ascii=False), doc])


def _iso(v):
    return v.isoformat()[:10] if isinstance(v, (dt.date, dt.datetime)) else v


# ---------------------------------------------------------------- what reviewers taught us

def stats(store) -> list[dict]:
    """Per rule: how many of its figures were confirmed, rejected and changed (set), from the last
    application; figures a person added are under rule '(added)'. Empty for a store no run has
    applied corrections to."""
    if not store.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'correction_log'").fetchone()[0]:
        return []
    rows = store.con.execute(
        "SELECT coalesce(rule, '(added)') AS rule, "
        "count(*) FILTER (WHERE action = 'confirm') AS confirmed, "
        "count(*) FILTER (WHERE action = 'reject') AS rejected, "
        "count(DISTINCT (document, start, \"end\", indicator)) FILTER (WHERE action = 'set') AS changed, "
        "count(*) FILTER (WHERE action = 'add') AS added "
        "FROM correction_log WHERE status = 'applied' AND figure GROUP BY 1 ORDER BY 1").fetchall()
    return [dict(zip(("rule", "confirmed", "rejected", "changed", "added"), r)) for r in rows]
