"""Plain text and Markdown.

Bytes → text: UTF-8 (BOM or not), UTF-16 (BOM, or guessed from where the NUL bytes fall), Windows-1258
(Vietnamese code page, combining tone marks → NFC) or cp1252; then TCVN3/VNI font text is converted
(extract.text.textclean). One line of the file is one paragraph; a form feed starts a new page.

Markdown is reduced to its text (`#`, `**`, `*`, `__`, `<b>`, `<br>`, `\\.`), `#` lines and all-caps or
`IV.` titles become headings, `[^1]:` lines footnotes. Tables come in three shapes:
- tab-separated rows (`1<TAB>Công Thương<TAB>9.423`) and Markdown pipe rows (`| a | b |`);
- "one cell per line", as Word-to-text converters write them: every cell a line starting with a TAB,
  a wrapped cell going on in lines without the TAB, rows separated by a blank line, the table ended by
  two blank lines. A two-row header whose top row has fewer cells gets its group cells widened
  (`Hồ sơ nộp trực tiếp` over `Tổng số hồ sơ | Tỷ lệ`) as empty cells to the right.
"""
from __future__ import annotations

import codecs
import html
import re
import unicodedata
from collections import Counter

from extract.model import Document, DocumentBuilder
from extract.text.textclean import fix_legacy, vietnamese_score

# ---------------------------------------------------------------- bytes → text

_LEGACY_NAMES = {"tcvn3": "TCVN3", "vni": "VNI"}
def _utf16_guess(data: bytes) -> str | None:
    """BOM-less UTF-16: Vietnamese is mostly ASCII letters, so one byte of most pairs is NUL."""
    head = data[:4096]
    pairs = len(head) // 2
    if pairs < 4:
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _single_byte(data: bytes) -> tuple[str, str]:
    """Windows-1258 or cp1252 (which legacy-font text also comes as): whichever reads as more Vietnamese."""
    # bytes cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) read as latin-1
    latin = data.decode("cp1252", errors="latin1fallback")
    vn = unicodedata.normalize("NFC", data.decode("cp1258", errors="latin1fallback"))
    if vietnamese_score(vn) > vietnamese_score(fix_legacy(latin)[0]):
        return vn, "cp1258"
    return latin, "cp1252"


def _latin1_fallback(err: UnicodeDecodeError):
    return err.object[err.start:err.end].decode("latin-1"), err.end


codecs.register_error("latin1fallback", _latin1_fallback)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace"), "utf-16"
    guess = _utf16_guess(data)
    if guess:
        return data.decode(guess, errors="replace"), guess
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if c > "\x7f") - bad
    if good >= 20 * max(bad, 1):        # a few broken bytes in a UTF-8 file
        return text, "utf-8"
    return _single_byte(data)


# ---------------------------------------------------------------- Markdown → text

_HEADING_MD = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
# an emphasised span is at most 500 characters: unbounded, a line of unmatched `*a *a *a` was quadratic
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.{1,500}?)(?<=\S)\1")
_STRAY_EMPHASIS = re.compile(r"\*{2,}|_{2,}")
_TAG = re.compile(r"<\s*/?\s*(?:b|i|u|em|strong|p|span|sup|sub|div|font|s|strike|del|mark|small|big|center)"
                  r"(?:\s[^<>]*)?/?\s*>", re.I)
_BR = re.compile(r"<\s*br\s*/?\s*>", re.I)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]{1,10}\]")
_FOOTNOTE_DEF = re.compile(r"^\s*\[\^[^\]\s]{1,10}\]:\s*")
_ROMAN_HEAD = re.compile(r"^(?:[IVX]{1,5})\s*[.)\-–]\s+\S")
_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_DASH_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")


def strip_markup(s: str) -> str:
    """Markdown/HTML markup out, text kept."""
    if "<" in s:
        s = _BR.sub(" ", s)
        s = _TAG.sub("", s)
    if "&" in s and ";" in s:
        s = html.unescape(s)
    if "\\" in s:
        s = _ESCAPE.sub(r"\1", s)
    if "[^" in s:
        s = _FOOTNOTE_REF.sub("", s)
    if "*" in s or "__" in s:
        s = _EMPHASIS.sub(r"\2", s)
        s = _EMPHASIS.sub(r"\2", s)          # ***x*** and nested **_x_**
        s = _STRAY_EMPHASIS.sub("", s)
    return s


def _is_caps_title(s: str) -> bool:
    """`BÁO CÁO`, `CÔNG TÁC CHỈ ĐẠO`: every letter a capital, a few of them."""
    if len(s) > 200 or s != s.upper() or s == s.lower():
        return False
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and (" " in s or len(letters) >= 6) and all(c.isupper() for c in letters)


def _line_kind(s: str) -> str:
    if _ROMAN_HEAD.match(s) and len(s) <= 200:
        return "heading"
    if _is_caps_title(s):
        return "heading"
    return "paragraph"


# ---------------------------------------------------------------- tables

def _is_tab_row(line: str) -> bool:
    """A TAB after some text (or several): cells on one line. A single leading TAB is one cell."""
    return "\t" in line.lstrip("\t") or line.startswith("\t\t") and line.strip() != ""


def _is_pipe_row(line: str) -> bool:
    s = line.strip()
    return len(s) >= 3 and s[0] == "|" and s[-1] == "|"


def _tab_cells(line: str) -> list[str]:
    if _is_pipe_row(line):
        s = line.strip()[1:-1].replace("\\|", "\x00")
        return [strip_markup(c.replace("\x00", "|")).strip() for c in s.split("|")]
    return [strip_markup(c).strip() for c in line.split("\t")]


def _is_separator(cells: list[str]) -> bool:
    return any(cells) and all(not c or _DASH_CELL.match(c) for c in cells)


def _tab_table(lines: list[str], i: int) -> tuple[list[list[str]], int]:
    """Consecutive tab or pipe rows from line i; one blank line between rows keeps the table going."""
    rows = []
    n = len(lines)
    while i < n:
        line = lines[i]
        if _is_tab_row(line) or _is_pipe_row(line):
            if _PIPE_SEP.match(line) and "|" in line:
                i += 1
                continue
            cells = _tab_cells(line)
            if not _is_separator(cells):
                rows.append(cells)
            i += 1
            continue
        if not line.strip() and i + 1 < n and (_is_tab_row(lines[i + 1]) or _is_pipe_row(lines[i + 1])):
            i += 1
            continue
        break
    return rows, i


def _is_cell_line(line: str) -> bool:
    return line.startswith("\t") and not _is_tab_row(line)


class _Row:
    """One row of a one-cell-per-line table: its cells, its lines [first, end), how many wrapped lines."""
    __slots__ = ("cells", "first", "end", "wraps")

    def __init__(self, cells: list[str], first: int, end: int, wraps: int):
        self.cells, self.first, self.end, self.wraps = cells, first, end, wraps

    def prose_like(self) -> bool:
        """One cell, or more wrapped lines than cells: paragraphs that happen to be indented."""
        return len(self.cells) == 1 and bool(self.cells[0]) or self.wraps > len(self.cells)

    def sentence_like(self) -> bool:
        """A cell that is a long sentence (ends in . ; :) — header cells are short names."""
        return any(len(c) > 40 and c[-1] in ".;:" for c in self.cells)


def _cell_table(lines: list[str], i: int) -> list[_Row]:
    """One-cell-per-line rows from line i (a TAB line); the table ends at two blank lines or at a line
    without TAB after a blank line."""
    rows: list[_Row] = []
    cells: list[str] = []
    first = last = i
    blanks = wraps = 0
    n = len(lines)
    j = i
    while j < n:
        line = lines[j]
        if not line.strip() and not _is_cell_line(line):
            blanks += 1
            j += 1
            continue
        if _is_cell_line(line):
            if blanks >= 2:
                break
            if blanks == 1 and cells:
                rows.append(_Row(cells, first, last + 1, wraps))
                cells, first, wraps = [], j, 0
            cells.append(line[1:].strip())
        elif _is_tab_row(line) or _is_pipe_row(line) or not cells:
            break
        elif blanks == 0:
            cells[-1] = (cells[-1] + " " + line.strip()).strip()     # the cell wraps onto this line
            wraps += 1
        elif blanks == 1 and not cells[-1]:
            cells[-1] = line.strip()        # an empty first paragraph inside the cell
        else:
            break
        blanks = 0
        last = j
        j += 1
    if cells:
        rows.append(_Row(cells, first, last + 1, wraps))
    return rows


def _merge_split_rows(rows: list[_Row]) -> list[_Row]:
    """A blank line inside a row cuts it in two: join a short row with the smaller piece after it when
    together they make the table's usual width (the commonest width below the first row)."""
    widths = Counter(len(r.cells) for r in rows[1:] or rows)
    width = max(widths, key=lambda w: (widths[w], w))
    out = []
    k = 0
    while k < len(rows):
        r = rows[k]
        nxt = rows[k + 1] if k + 1 < len(rows) else None
        if nxt and len(r.cells) < width and len(nxt.cells) < len(r.cells) and len(r.cells) + len(nxt.cells) == width:
            r = _Row(r.cells + nxt.cells, r.first, nxt.end, r.wraps + nxt.wraps)
            k += 1
        out.append(r)
        k += 1
    return out


def _widen_header(rows: list[list[str]]) -> list[list[str]]:
    """Top header row with fewer cells than the row below, which starts with empty cells (the columns
    merged down from the top row): spread each remaining top cell over an equal share of columns."""
    if len(rows) < 2:
        return rows
    top, below = rows[0], rows[1]
    k = 0
    while k < len(below) and not below[k]:
        k += 1
    groups = len(top) - k
    if len(top) >= len(below) or k == 0 or groups <= 0 or (len(below) - k) % groups:
        return rows
    span = (len(below) - k) // groups
    wide = top[:k]
    for c in top[k:]:
        wide += [c] + [""] * (span - 1)
    return [wide] + rows[1:]


def _accept_cell_table(rows: list[_Row]) -> bool:
    return len(rows) >= 2 and sum(len(r.cells) >= 2 for r in rows) >= 2


# ---------------------------------------------------------------- reader

def read_txt(source: str, data: bytes, sha256: str) -> Document:
    text, encoding = decode(data)
    text, legacy = fix_legacy(text)
    b = DocumentBuilder(source, sha256, "txt")
    if legacy:
        b.doc.warnings.append(f"legacy {_LEGACY_NAMES[legacy]} font encoding converted to Unicode")
    elif encoding not in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"):
        b.doc.warnings.append(f"text decoded as {encoding}")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for page, chunk in enumerate(text.split("\f"), 1):
        _read_page(b, chunk.split("\n"), page)
    return b.build()


def _paragraph(b: DocumentBuilder, line: str, page: int) -> None:
    m = _HEADING_MD.match(line)
    if m:
        b.add("heading", strip_markup(m.group(2)), page)
        return
    if _FOOTNOTE_DEF.match(line):
        b.add("footnote", strip_markup(_FOOTNOTE_DEF.sub("", line, count=1)), page)
        return
    s = strip_markup(line).strip()
    if s:
        b.add(_line_kind(s), s, page)


def _read_page(b: DocumentBuilder, lines: list[str], page: int) -> None:
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if not line.strip() and not line.startswith("\t"):
            i += 1
            continue
        if _is_tab_row(line) or _is_pipe_row(line):
            rows, j = _tab_table(lines, i)
            if len(rows) >= 2:
                b.add_table(rows, page)
                i = j
            else:
                # no table from here, so none from any of these lines either: each is a paragraph (starting
                # again one line further rescanned the run: 4,000 "|---|---|" lines took 5 s)
                for k in range(i, j):
                    _paragraph(b, lines[k], page)
                i = j
            continue
        elif _is_cell_line(line):
            found = _cell_table(lines, i)
            lead = 0                        # indented paragraphs just before the table are not rows
            while lead < len(found) and (found[lead].prose_like() or found[lead].sentence_like()):
                lead += 1
            body = _merge_split_rows(found[lead:]) if lead < len(found) else []
            while body and body[-1].prose_like():
                body.pop()
            if _accept_cell_table(body):
                for r in found[:lead]:
                    for k in range(r.first, r.end):
                        _paragraph(b, lines[k], page)
                b.add_table(_widen_header([r.cells for r in body]), page)
                i = body[-1].end
                continue
            if lead:
                # indented paragraphs that make no table from here; starting again at each of them would
                # scan the same block once per paragraph (quadratic: 30,000 "\ta" paragraphs took 10 min)
                for k in range(i, found[lead - 1].end):
                    _paragraph(b, lines[k], page)
                i = found[lead - 1].end
                continue
            if found and found[0].end - i > 1:
                # not a table: its first row's lines are paragraphs. Starting again one line further would
                # rescan the same block line after line (quadratic: 60 KB of "\ta" lines took 84 s)
                for k in range(i, found[0].end):
                    _paragraph(b, lines[k], page)
                i = found[0].end
                continue
        _paragraph(b, line, page)
        i += 1
