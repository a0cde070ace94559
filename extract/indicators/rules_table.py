"""Indicator rules over tables.

A table's header rows (the rows before the first row of values; merged header cells are repeated to the
right) name each column; the first text cells of a row name the row. A value cell is read with its
column path and its row name as one phrase ("Hồ sơ nộp trực tiếp / Tổng số hồ sơ | Công Thương") and
matched against the same cues as sentences (data/indicators.yaml). The `Tổng`/`Tổng số` row gives the
unqualified figure; other rows are breakdowns and carry their row name as qualifier. Columns of an
earlier period (`Năm (Quý) trước`, `cùng kỳ`) are skipped; plan columns (`Kế hoạch`, `Chỉ tiêu`) are targets.
A number a PDF split in two (`1.039 2`) is used only when the sibling columns of its row add up to it.
"""
from __future__ import annotations

from functools import lru_cache

import regex as re

from extract.lexicon.catalogue import BY_ID, INDICATORS, KINDS, Indicator
from extract.model import Block, Document
from extract.text.numbers import NUMBER, parse_number
from extract.text.figures import NOUN_CLASSES
from extract.indicators.reading import Found
from extract.document.scope import NONE
from extract.lexicon import TABLES
from vn.fold import fold as _fold_text

# headers and labels are folded once per cell and repeat across cells and tables
fold = lru_cache(maxsize=8192)(_fold_text)

_TAGS = re.compile(r"</?\w+[^>]*>|[*_`]+")
_VALUE = re.compile(rf"^\s*(?P<num>{NUMBER})\s*(?P<pct>%)?\s*(?:\(.*\))?\s*$", re.S)
_SPLIT = re.compile(r"^\s*(\d{1,3}(?:\.\d{3})*)\s(\d{1,2})\s*$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")

# header and row-label words: data/tables.yaml
_WORDS = TABLES


def _words(key: str, form: str = "(?:{})") -> re.Pattern:
    alts = "|".join(p[3:] if p.startswith("re:") else re.escape(p) for p in _WORDS[key])
    return re.compile(form.format(alts))


_TOTAL = _words("total_rows", r"^(?:{})\b")
_TOTAL_CELL = _words("total_cells", "^(?:{})$")
_EARLIER = _words("earlier_columns")
_PLAN_COL = _words("plan_columns")
_RESULT_COL = _words("result_columns")
_COUNT_COL = _words("count_columns")
_SKIP_COL = _words("skip_columns", "^(?:{})$")
_RATE_COL = _words("rate_columns")
_POINTS = _words("points", r"^\W*(?:{})\b")        # a score sheet's points and ranks


def _clean(cell: str | None) -> str:
    return " ".join(_TAGS.sub("", cell or "").split())


def _value(cell: str) -> tuple[float | int, bool] | None:
    m = _VALUE.match(cell)
    if not m:
        return None
    v = parse_number(m["num"])
    return None if v is None else (v, bool(m["pct"]))


def _is_numbering(row: list[str]) -> bool:
    vals = [c for c in row if c]
    return len(vals) >= 3 and all(c.isascii() and c.isdigit() for c in vals) and [int(c) for c in vals] == list(range(1, len(vals) + 1))


def _is_data(row: list[str]) -> bool:
    return any(_value(c) is not None for c in row[1:]) and not _is_numbering(row)


def _cell_offsets(doc: Document, block: Block) -> list[list[tuple[int, int]]]:
    """(start, end) of every cell in doc.text: rows are lines of the block, cells are joined by tabs."""
    out = []
    pos = block.start
    for row in block.rows or []:
        spans = []
        for cell in row:
            spans.append((pos, pos + len(cell)))
            pos += len(cell) + 1
        out.append(spans)
    return out


@lru_cache(maxsize=4096)
def _nouns_in(text: str) -> tuple[str, ...]:
    """Noun classes named in a header or row name, in order (cached: a column's name is asked for each
    of its cells)."""
    from extract.text.figures import NOUN_CLASSES
    found = [NOUN_CLASSES[int(m.lastgroup[1:])] for m in KINDS.noun_any.finditer(fold(text))]
    return tuple(c for c in found if c not in ("other", "result"))


def _noun(paths: list[list[str]], j: int, label: str) -> str | None:
    """What the cell counts: a noun of its own column name (`Số hồ sơ ...`), else of the sibling columns
    under the same group (`Tỷ lệ (%)` beside `Số hồ sơ ...`), else of the group, else of the row name."""
    path = paths[j]
    if not path:
        return None
    own = _nouns_in(path[-1])
    if own:
        return own[0]                        # the head noun comes first: "Số hồ sơ thực hiện ... dịch vụ công"
    for p in paths:
        if p is not path and len(p) == len(path) and p[:-1] == path[:-1]:
            sib = _nouns_in(p[-1])
            if sib:
                return sib[0]
    for seg in reversed(path[:-1]):
        up = _nouns_in(seg)
        if up:
            return up[-1]
    first = _nouns_in(label)
    return first[0] if first else None


@lru_cache(maxsize=8192)
def _choose(header: str, label: str, unit: str, noun: str | None) -> Indicator | None:
    """The indicator a column/row phrase names; the highest tier wins, then the deepest header segment."""
    context = header + " | " + label
    folded = fold(context)
    ctx_name = None
    for m in KINDS.contexts.finditer(folded):
        ctx_name = m.lastgroup
    best: list[tuple[int, int, Indicator]] = []
    for ind in INDICATORS:
        if ind.unit != unit or (ind.nouns and noun and noun not in ind.nouns):
            continue
        if ind.veto is not None and ind.veto.search(folded):
            continue
        for cue in ind.cues:
            if cue.context and (cue.context.startswith("!") and ctx_name == cue.context[1:]
                                or not cue.context.startswith("!") and ctx_name != cue.context):
                continue
            m = None
            for m in cue.regex.finditer(folded):
                pass
            if m is not None:
                best.append((ind.tier, m.start(), ind))
    if not best:
        return None
    best.sort(key=lambda x: (x[0], x[1]), reverse=True)
    top = [b for b in best if b[0] == best[0][0] and b[1] == best[0][1]]
    if len({b[2].id for b in top}) > 1:
        return None
    return best[0][2]


def table_mentions(doc: Document, idx, in_scope, plan: bool, whose=None) -> list[Found]:
    """`whose`: the document's extract.document.scope.Scopes (row and column names say whose figure a cell is)."""
    out: list[Found] = []
    caption = None
    # row numbers → scopes, kept into a table that continues the last (a table split by a page break, a
    # page number between its parts); a table with its own header rows starts again
    numbering: dict[str, object] = {}
    for block in doc.blocks:
        if block.kind != "table":
            if block.kind in ("paragraph", "heading"):
                caption = block if block.end - block.start <= 200 else None
            continue
        if block.rows:
            out.extend(_table(doc, block, in_scope, plan, whose, caption, numbering))
    return out


_ROW_NUMBER = re.compile(r"^\s*((?:\d+\.)*\d+)\.?(?=\s|$)")
_LEVEL_NAMES = TABLES["total_levels"]           # cấp xã → commune, cấp huyện → district


def _row_scopes(rows: list[list[str]], first: int, whose, caption_scope, by_number: dict) -> dict[int, object]:
    """The scope each row gives its cells: its own name ("Cấp xã", "UBND huyện Kim Sơn"), else its
    parent's by numbering (3.2.1 under 3.2), else the table's caption."""
    out: dict[int, object] = {}
    if first > 0:
        by_number.clear()                 # a table with its own header starts its numbering again
    for i, r in enumerate(rows):
        if i < first:
            continue
        words = [c for c in r if c and _value(c) is None]
        own = whose.of_label(" ".join(words[:2]))
        m = _ROW_NUMBER.match(r[0]) if r and r[0] else None
        if m is None and len(r) > 1 and r[1]:
            m = _ROW_NUMBER.match(r[1]) if _ROW_NUMBER.fullmatch(r[0] or "") is None else _ROW_NUMBER.match(r[0])
        number = m[1] if m else None
        scope = own
        if scope is NONE and number and "." in number:
            scope = by_number.get(number.rsplit(".", 1)[0], NONE)
        if number:
            by_number[number] = scope
        out[i] = caption_scope if scope is NONE else scope
    return out


def _table(doc: Document, block: Block, in_scope, plan: bool, whose=None, caption: Block | None = None,
           numbering: dict | None = None) -> list[Found]:
    rows = [[_clean(c) for c in r] for r in block.rows]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    offsets = _cell_offsets(doc, block)
    first = next((i for i, r in enumerate(rows) if _is_data(r)), None)
    if first is None:
        return []
    header_rows = [r for r in rows[:first] if not _is_numbering(r)]
    filled = []
    for k, r in enumerate(header_rows):
        r = list(r)
        if k < len(header_rows) - 1:            # a merged group header spans the empty cells to its right
            for j in range(1, width):
                if not r[j] and r[j - 1] and any(h[j] for h in header_rows[k + 1:]):
                    r[j] = r[j - 1]
        filled.append(r)
    paths = []
    for j in range(width):
        path: list[str] = []
        for r in filled:
            if r[j] and (not path or path[-1] != r[j]):
                path.append(r[j])
        paths.append(path)

    earlier = _earlier_year_columns(paths)
    early_named = any(w in fold(c) for r in rows for c in r if c for w in TABLES["early_cells"])
    data = [(i, r) for i, r in enumerate(rows[first:], first) if _is_data(r)]
    labels = {}
    totals = set()
    for i, r in data:
        words = [c for c in r if c and _value(c) is None]
        labels[i] = " ".join(words[:2])
        if any(_TOTAL.match(fold(c)) for c in r[:3] if c and _value(c) is None):
            totals.add(i)
    unqualified = totals or ({data[0][0]} if len(data) == 1 else set())
    # the total of a table of communes (or of districts) is the total of that level, not the report's own
    level = _unit_level([labels[i] for i, _ in data if i not in totals])
    if whose is not None:
        caption_scope = whose.of_line(caption.start, caption.end) if caption is not None else NONE
        # a row's own name, else its column's (a table with a column per old province or district), else
        # the caption's
        row_scope = _row_scopes(rows, first, whose, NONE, {} if numbering is None else numbering)
        col_scope = [whose.of_label(" / ".join(p)) for p in paths]
        col_scope = [caption_scope if c is NONE else c for c in col_scope]

    out = []
    for i, r in data:
        if any(_POINTS.match(fold(c)) for c in r if c and _value(c) is None):
            continue                          # "Điểm dịch vụ trực tuyến | 77,23": points, no figure
        for j, cell in enumerate(r):
            path = paths[j]
            head = fold(" / ".join(path))
            if not path or _SKIP_COL.match(head) or _EARLIER.search(head) or j in earlier \
                    or any(_POINTS.match(fold(p)) for p in path):
                continue
            parsed = _value(cell)
            if parsed is None:
                parsed = _split_value(cell, r, j, paths)
                if parsed is None:
                    continue
            value, pct = parsed
            last = fold(path[-1])
            if pct or _RATE_COL.search(last):
                unit = "percent"
            elif _COUNT_COL.search(last):
                unit = "count"
            else:
                unit = "percent" if _RATE_COL.search(fold(labels[i])) else "count"
            if unit == "count" and isinstance(value, float):
                continue
            ind = _choose(" / ".join(path), labels[i], unit, _noun(paths, j, labels[i]))
            if ind is None:
                continue
            if unit == "count" and _counts_other(r, j):
                continue                     # "Số vấn đề phát hiện đã xử lý xong | Vấn đề | 23"
            if ind.id == "dossiers_resolved_on_time" and not early_named:
                ind = BY_ID["dossiers_resolved_in_time"]   # "đúng hạn" with no "trước hạn" beside it: early ones included
            start, end = offsets[i][j]
            row_start = offsets[i][0][0]
            ev_start = row_start if end - row_start <= 200 else start
            while ev_start < start and doc.text[ev_start] in " \t":
                ev_start += 1
            if _PLAN_COL.search(head):
                kind = "target"
            elif _RESULT_COL.search(head):
                kind = "actual"              # "Kết quả năm 2023" beside the plan column: a past result
            else:
                kind = "target" if (plan or in_scope(start)) else "actual"
            qualifier = (level if i in totals else None) if i in unqualified else (labels[i] or None)
            if qualifier and _choose(" / ".join(path), "", unit, _noun(paths, j, "")) is None:
                qualifier = None             # the row names the indicator ("Số hồ sơ đã giải quyết | 1.200"), no unit
            part = _part_of_total(paths, j)
            if part and _choose(" / ".join(part[1]), labels[i], unit, _noun(paths, paths.index(part[1]), labels[i])) is ind:
                qualifier = f"{qualifier}; {part[0]}" if qualifier else part[0]
            f = Found(ind.id, value, unit, kind, ev_start, end, "table:" + " / ".join(path)[:120], qualifier)
            if whose is not None:
                scope = row_scope.get(i, NONE)
                if scope is NONE:
                    scope = col_scope[j]
                if scope is NONE and i in totals and level in _LEVEL_NAMES:
                    scope = {"level": _LEVEL_NAMES[level], "unit": None}
                f.scope = None if scope is NONE else scope
            out.append(f)
    return out


def _counts_other(row: list[str], j: int) -> bool:
    """The row's unit cell (`Đơn vị tính`: "Vấn đề", "Cơ quan, đơn vị") names something no indicator counts."""
    cells = [c for c in row[:j] if c and _value(c) is None and not _ROW_NUMBER.fullmatch(c)]
    if len(cells) < 2 or len(cells[-1]) > 25:
        return False
    m = KINDS.noun_any.match(fold(cells[-1]))
    return m is not None and NOUN_CLASSES[int(m.lastgroup[1:])] == "other"


def _unit_level(row_labels: list[str]) -> str | None:
    """`cấp xã` when every unit row names a commune (Xã ..., Thị trấn ...), likewise for districts
    (data/kinds.yaml `unit_levels`); None for a mixed or a single-unit table."""
    if len(row_labels) < 2:
        return None
    for name, rx in KINDS.unit_levels:
        if all(rx.match(fold(lab)) for lab in row_labels):
            return name
    return None


def _earlier_year_columns(paths: list[list[str]]) -> set[int]:
    """Columns of an earlier year beside a later one (`Năm 2023 | Năm 2024`): the report's figure is the later.
    A plan column (`Kế hoạch năm 2024`) does not make the result of 2023 an earlier one."""
    years = {}
    for j, path in enumerate(paths):
        head = fold(" / ".join(path))
        found = [int(y) for y in _YEAR.findall(head)]
        if found and not _PLAN_COL.search(head):
            years[j] = max(found)
    if len(set(years.values())) < 2:
        return set()
    last = max(years.values())
    return {j for j, y in years.items() if y < last}


def _part_of_total(paths: list[list[str]], j: int) -> tuple[str, list[str]] | None:
    """`Số văn bản điện tử / Gửi` beside `... / Tổng` is a part: its last header is the qualifier (returned
    with the path of the total column, so that a column of another indicator is not called a part)."""
    path = paths[j]
    if len(path) < 2 or _TOTAL_CELL.match(fold(path[-1])) or _RATE_COL.search(fold(path[-1])):
        return None
    for p in paths:
        if p[:-1] == path[:-1] and len(p) == len(path) and _TOTAL_CELL.match(fold(p[-1])):
            return path[-1], p
    return None


def _split_value(cell: str, row: list[str], j: int, paths: list[list[str]]) -> tuple[int, bool] | None:
    """`1.039 2` → 10392 only when the other columns under the same group header add up to it."""
    m = _SPLIT.match(cell)
    if not m or len(paths[j]) < 2:
        return None
    v = int((m[1] + m[2]).replace(".", ""))
    group = paths[j][:-1]
    siblings = [k for k in range(len(row)) if k != j and paths[k][:-1] == group and len(paths[k]) == len(paths[j])]
    vals = [_value(row[k]) for k in siblings]
    if siblings and all(x is not None and not x[1] for x in vals) and sum(x[0] for x in vals) == v:
        return v, False
    return None
