"""Checks that read a report's tables: a row whose unit column says `%` must not give more than 100, and
the body's `553/553 TTHC có yêu cầu nghĩa vụ tài chính …` against the appendix row that totals the same
thing (`Tổng số TTHC có yêu cầu nghĩa vụ tài chính … | Thủ tục | 453`).

Statistics appendices (`STT | Chỉ tiêu | Đơn vị tính | Kết quả`) state a rate's unit in its own column
and the number bare (`124`), so a count typed into a rate's row shows only there. The extractor leaves
such a figure out (every percent indicator is a share); this check tells the auditor the row is wrong,
as a warning, since a ratio to a plan or a growth may pass 100 and is left out by its words
(data/checks.yaml `table_units`).
"""
from __future__ import annotations

from typing import NamedTuple

import regex as re

from audit.findings import CONFIG, finding, fmt_num
from extract.text.numbers import parse_number
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


class _UnitRow(NamedTuple):
    block: object
    index: int          # the row's index in block.rows
    cells: list[str]
    unit: str           # the unit column's cell, folded
    label: str          # the row's name: the last text cell before the unit column
    values: list[str]   # the cells after the unit column


def _unit_rows(doc):
    """The rows under the header of every statistics table (one with a `Đơn vị tính` column)."""
    for block in doc.blocks:
        rows = block.rows or []
        found = _unit_column(rows) if block.kind == "table" else None
        if not found:
            continue
        head, ju = found
        for i in range(head + 1, len(rows)):
            row = rows[i]
            if ju < len(row):
                label = next((c for c in reversed(row[:ju]) if c.strip() and parse_number(c) is None), "")
                yield _UnitRow(block, i, row, _key(row[ju]), label, row[ju + 1:])


def _row_evidence(record: dict, doc, r: _UnitRow, **extra) -> dict:
    """The evidence of a table row: its span in doc.text (None when the row is not where the block says)
    and its cells as the quote."""
    start, end = _row_spans(doc, r.block)[r.index]
    if doc.text[start:end] != "\t".join(r.cells):
        start = end = None
    return {"document": record.get("source"), "page": r.block.page, "start": start, "end": end,
            "quote": " | ".join(c for c in r.cells if c.strip())[:200], **extra}


def check_table_percents(record: dict, doc) -> list[dict]:
    out = []
    for r in _unit_rows(doc):
        if r.unit not in PERCENT_UNITS or not r.label or any(w in _key(r.label) for w in MAY_PASS):
            continue
        for cell in r.values:
            v = parse_number(cell.rstrip("% "))
            if v is None or v <= 100:
                continue
            out.append(finding("table_percent_above_100", {"label": r.label, "value_text": f"{cell.strip()} %"},
                               [_row_evidence(record, doc, r, value=v, unit="percent")],
                               values=[{"value": v, "written": cell.strip(), "indicator": None}]))
            break                                    # one finding a row
    return out


# ---------------------------------------------------------------- the body's whole against the table's total

_BODY = CONFIG.get("body_vs_table") or {}
TOTAL_WORDS = [fold_phrase(w).split() for w in _BODY.get("total_words", ())]
MIN_WORDS = int(_BODY.get("min_words", 5))
_INT = r"(?:\d{1,3}(?:\.\d{3})+|\d+)"
# a fraction in running text and the words it counts: "553/553 TTHC có yêu cầu nghĩa vụ tài chính được ..."
_FRACTION = re.compile(rf"(?<![\d/.,])(?P<a>{_INT})\s?/\s?(?P<b>{_INT})(?![\d/.,]*\d)(?!\s?%)\s+(?P<what>[^\d;:()\n]{{12,200}})")
_WORD = re.compile(r"\w+")


def _total_rows(doc) -> list[tuple[list[str], float, _UnitRow]]:
    """(the words the row totals, its value, the row) of each count row of a statistics table whose label
    starts with a total word (`Tổng số TTHC ...`)."""
    out = []
    for r in _unit_rows(doc):
        if r.unit in PERCENT_UNITS:
            continue
        words = _WORD.findall(_key(r.label).split("(")[0])     # "(tất cả các TTHC có phát sinh phí ...)" explains
        lead = next((len(t) for t in TOTAL_WORDS if words[:len(t)] == t), None)
        value = next((v for v in map(parse_number, r.values) if v is not None), None)
        if lead is None or value is None or len(words) - lead < MIN_WORDS:
            continue
        out.append((words[lead:], value, r))
    return out


PROSE_WORDS = 8      # a table cell this long that stands alone in its row is a line of prose


def _body_spans(doc):
    """(block, start, end) of the running text: every block but a table, and the rows of a table that hold
    one long cell (prose a PDF's frame made into a table's rows)."""
    for block in doc.blocks:
        if block.kind != "table":
            yield block, block.start, block.end
            continue
        for row, (lo, hi) in zip(block.rows or [], _row_spans(doc, block)):
            filled = [c for c in row if c.strip()]
            if len(filled) == 1 and len(filled[0].split()) >= PROSE_WORDS:
                yield block, lo, hi


def check_body_vs_table(record: dict, doc, folded: str) -> list[dict]:
    """A whole the body states as a fraction's denominator (`553/553 TTHC có yêu cầu nghĩa vụ tài chính`)
    against a statistics table's total row whose label, after its total word and before a bracket, the
    body's words after the fraction begin with (`Tổng số TTHC có yêu cầu nghĩa vụ tài chính (...)`; at
    least MIN_WORDS words): different numbers are a warning."""
    totals = _total_rows(doc)
    if not totals:
        return []
    out, seen = [], set()
    for block, lo, hi in _body_spans(doc):
        for m in _FRACTION.finditer(folded, lo, hi):
            what = _WORD.findall(m["what"])
            whole = parse_number(m["b"])
            for words, value, row in totals:
                if what[:len(words)] != words:       # the body counts what the whole label names, word for word
                    continue
                if whole is None or whole == value or (m["b"], value) in seen:
                    continue
                seen.add((m["b"], value))
                label = " ".join(c for c in row.cells if c.strip())
                body = doc.text[m.start():m.end("what")].rstrip()[:200]    # the quote is the span's text
                out.append(finding("body_vs_table", {
                    "body": body[:160].rstrip(), "whole": (m["b"], fmt_num(whole, "en")), "label": label[:160],
                    "value": (fmt_num(value), fmt_num(value, "en"))},
                    [{"document": record.get("source"), "page": block.page, "start": m.start(),
                      "end": m.start() + len(body), "quote": body, "value": whole, "role": "body"},
                     _row_evidence(record, doc, row, value=value, role="table")],
                    values=[{"value": whole, "written": m["b"], "indicator": None},
                            {"value": value, "written": fmt_num(value), "indicator": None}]))
    return out



# ---------------------------------------------------------------- score sheets

SCORE_HEADERS = [fold_phrase(w) for w in (CONFIG.get("score_tables") or {}).get("header_words", ())]
SCORE_CELLS = {fold_phrase(w) for w in (CONFIG.get("score_tables") or {}).get("header_cells", ())}


def _score_spans(doc) -> list[tuple[int, int]]:
    """(start, end) of every table whose first rows name points or ranks (`Điểm tối đa`, `Xếp hạng`): a
    score sheet grades a unit; its cells are points, ranks and rates of a ranking, not its counts."""
    out = []
    for block in doc.blocks:
        if block.kind != "table":
            continue
        cells = [_key(c) for row in (block.rows or [])[:HEADER_ROWS] for c in row]
        head = " | ".join(cells)
        if SCORE_CELLS.intersection(cells) or any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", head) for w in SCORE_HEADERS):
            out.append((block.start, block.end))
    return out


def without_score_tables(mentions: list[dict], doc) -> list[dict]:
    """The mentions that are not cells of a score sheet."""
    spans = _score_spans(doc)
    if not spans:
        return mentions
    return [m for m in mentions if not any(lo <= (m.get("start") or -1) < hi for lo, hi in spans)]
