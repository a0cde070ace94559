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

import regex as re

from audit.findings import CONFIG, finding, fmt_num
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


# ---------------------------------------------------------------- the body's whole against the table's total

_BODY = CONFIG.get("body_vs_table") or {}
TOTAL_WORDS = [fold_phrase(w).split() for w in _BODY.get("total_words", ())]
MIN_WORDS = int(_BODY.get("min_words", 5))
_INT = r"(?:\d{1,3}(?:\.\d{3})+|\d+)"
# a fraction in running text and the words it counts: "553/553 TTHC có yêu cầu nghĩa vụ tài chính được ..."
_FRACTION = re.compile(rf"(?<![\d/.,])(?P<a>{_INT})\s?/\s?(?P<b>{_INT})(?![\d/.,]*\d)(?!\s?%)\s+(?P<what>[^\d;:()\n]{{12,200}})")
_WORD = re.compile(r"\w+")


def _total_rows(doc) -> list[tuple[list[str], float, object, int]]:
    """(the words the row totals, its value, its block, its row index) of each count row of a statistics
    table (one with a unit column) whose label starts with a total word (`Tổng số TTHC ...`)."""
    out = []
    for block in doc.blocks:
        rows = block.rows or []
        found = _unit_column(rows) if block.kind == "table" else None
        if not found:
            continue
        head, ju = found
        for i in range(head + 1, len(rows)):
            row = rows[i]
            if ju >= len(row) or _key(row[ju]) in PERCENT_UNITS:
                continue
            label = next((c for c in reversed(row[:ju]) if c.strip() and parse_number(c) is None), "")
            words = _WORD.findall(_key(label).split("(")[0])     # "(tất cả các TTHC có phát sinh phí ...)" explains
            lead = next((len(t) for t in TOTAL_WORDS if words[:len(t)] == t), None)
            value = next((parse_number(c) for c in row[ju + 1:] if parse_number(c) is not None), None)
            if lead is None or value is None or len(words) - lead < MIN_WORDS:
                continue
            out.append((words[lead:], value, block, i))
    return out


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


PROSE_WORDS = 8      # a table cell this long that stands alone in its row is a line of prose


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
            for words, value, tblock, i in totals:
                if what[:len(words)] != words:       # the body counts what the whole label names, word for word
                    continue
                if whole is None or whole == value or (m["b"], value) in seen:
                    continue
                seen.add((m["b"], value))
                row = tblock.rows[i]
                label = " ".join(c for c in row if c.strip())
                body = doc.text[m.start():m.end("what")].rstrip()[:200]    # the quote is the span's text
                b_end = m.start() + len(body)
                spans = _row_spans(doc, tblock)
                start, end = spans[i] if doc.text[spans[i][0]:spans[i][1]] == "\t".join(row) else (None, None)
                out.append(finding("body_vs_table", {
                    "body": body[:160].rstrip(), "whole": (m["b"], fmt_num(whole, "en")), "label": label[:160],
                    "value": (fmt_num(value), fmt_num(value, "en"))},
                    [{"document": record.get("source"), "page": block.page, "start": m.start(), "end": b_end,
                      "quote": body, "value": whole, "role": "body"},
                     {"document": record.get("source"), "page": tblock.page, "start": start, "end": end,
                      "quote": " | ".join(c for c in row if c.strip())[:200], "value": value, "role": "table"}],
                    values=[{"value": whole, "written": m["b"], "indicator": None},
                            {"value": value, "written": fmt_num(value), "indicator": None}]))
    return out

