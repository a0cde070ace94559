"""A table row quoted as evidence, with its column headers: `11 Thanh tra tỉnh 85.91 18.9 0 0 100 4`
cannot be checked without knowing which column says what.

The readers write a table into the document's text as lines of tab-separated cells, one line per row
(a merged header cell leaves empty cells beside it). The header is the first lines of that block that
hold no figure cell; a column's name joins its non-empty header cells top to bottom.
"""
from __future__ import annotations

import re

_FIGURE_CELL = re.compile(r"^[\s\d.,%()+\-–/]*\d[\s\d.,%()+\-–/]*$")
MAX_HEADER_LINES = 3
MAX_BLOCK_LINES = 400      # how far up a row looks for its table's first line


def _line_at(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, len(text) if b < 0 else b


def row_with_headers(text: str | None, start: int | None) -> list[list[str]] | None:
    """[[column name, cell]...] for the table row holding `start`, or None when the span is not in a
    table row or its table has no header line above it."""
    if not text or start is None or not 0 <= start < len(text):
        return None
    a, b = _line_at(text, start)
    row = text[a:b]
    if "\t" not in row:
        return None
    lines, top = [], a
    while top > 0 and len(lines) < MAX_BLOCK_LINES:        # up to the table's first line
        pa, pb = _line_at(text, top - 1)
        if "\t" not in text[pa:pb]:
            break
        lines.append(text[pa:pb])
        top = pa
    lines.reverse()
    header = []
    for line in lines[:MAX_HEADER_LINES]:
        if any(_FIGURE_CELL.match(c.strip()) for c in line.split("\t") if c.strip()):
            break
        header.append(line.split("\t"))
    if not header:
        return None
    for upper, lower in zip(header, header[1:]):      # a merged cell heads the columns below it
        for k in range(1, len(upper)):
            if not upper[k].strip() and k < len(lower) and lower[k].strip():
                upper[k] = upper[k - 1]
    cells = row.split("\t")
    width = max(len(cells), *(len(h) for h in header))
    names = []
    for k in range(width):
        parts = [h[k].strip() for h in header if k < len(h) and h[k].strip()]
        names.append(" / ".join(dict.fromkeys(parts)))
    return [[names[k], cells[k].strip() if k < len(cells) else ""] for k in range(width)
            if names[k] or (k < len(cells) and cells[k].strip())]
