"""Checks that read a report's tables: a row whose unit column says `%` must not give more than 100.

Statistics appendices (`STT | Chỉ tiêu | Đơn vị tính | Kết quả`) state a rate's unit in its own column
and the number bare (`124`), so a count typed into a rate's row shows only there. The extractor leaves
such a figure out (every percent indicator is a share); this check tells the auditor the row is wrong,
as a warning, since a ratio to a plan or a growth may pass 100 and is left out by its words
(data/checks.yaml `table_units`).
"""
from __future__ import annotations

from audit.findings import CONFIG, finding
from extract.numbers import parse_number
from vn.fold import fold, fold_phrase

_UNITS = CONFIG.get("table_units") or {}
UNIT_HEADERS = {fold_phrase(w) for w in _UNITS.get("unit_headers", ())}
PERCENT_UNITS = {fold_phrase(w) for w in _UNITS.get("percent_units", ())}
MAY_PASS = [fold_phrase(w) for w in _UNITS.get("may_pass_100", ())]
HEADER_ROWS = 3               # the unit column is named in one of a table's first rows


def _key(cell: str) -> str:
    return " ".join(fold(cell).split())


def _unit_column(rows: list[list[str]]) -> tuple[int, int] | None:
    """(header row, column) of the `Đơn vị tính` column, or None."""
    for i, row in enumerate(rows[:HEADER_ROWS]):
        for j, cell in enumerate(row):
            if _key(cell) in UNIT_HEADERS:
                return i, j
    return None


def _row_spans(doc, block) -> list[tuple[int, int]]:
    """(start, end) of each row in doc.text: a table block's rows are lines, its cells joined by tabs."""
    out, pos = [], block.start
    for row in block.rows or []:
        end = pos + len("\t".join(row))
        out.append((pos, end))
        pos = end + 1
    return out


def check_table_percents(record: dict, doc) -> list[dict]:
    out = []
    for block in doc.blocks:
        rows = block.rows or []
        found = _unit_column(rows) if block.kind == "table" else None
        if not found:
            continue
        head, ju = found
        spans = _row_spans(doc, block)
        for i in range(head + 1, len(rows)):
            row = rows[i]
            if ju >= len(row) or _key(row[ju]) not in PERCENT_UNITS:
                continue
            label = next((c for c in reversed(row[:ju]) if c.strip() and parse_number(c) is None), "")
            folded = _key(label)
            if not label or any(w in folded for w in MAY_PASS):
                continue
            for cell in row[ju + 1:]:
                v = parse_number(cell.rstrip("% "))
                if v is None or v <= 100:
                    continue
                start, end = spans[i]
                quote = " | ".join(c for c in row if c.strip())
                if doc.text[start:end] != "\t".join(row):
                    start = end = None                   # the row is not where the block says: no span
                out.append(finding("table_percent_above_100", {"label": label, "value_text": f"{cell.strip()} %"},
                                   [{"document": record.get("source"), "page": block.page, "start": start,
                                     "end": end, "quote": quote[:200], "value": v, "unit": "percent"}],
                                   values=[{"value": v, "written": cell.strip(), "indicator": None}]))
                break                                    # one finding a row
    return out
