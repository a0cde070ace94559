"""Legacy Word 97-2003 `.doc` through antiword (Debian package `antiword`).

`antiword -m UTF-8.txt -w 0` writes each paragraph on one line (no wrapping), blank lines between
paragraphs, a form feed at hard page breaks, and tables as `|cell |cell |` lines padded to the column
widths, a row's wrapped text going on in the following lines. Rows are rebuilt from the wrapping: a
line continues the row above only when each of its filled cells starts with a word that could not
have fitted at the end of the same cell above (that is why Word wrapped it); otherwise it is a new row.

antiword is known to drop parts of long documents with tables written by LibreOffice (seen on a
Word 97 export of the Đồng Nai 2021-H1 report: a quarter of the text lost, with no error); what it
gives is used as it is.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile

from extract.model import Document, DocumentBuilder
from extract.readers.errors import ReadError
from extract.readers.lines import is_heading

TIMEOUT_S = 60
_ROW = re.compile(r"^\|(.*)\|\s*$")
_PICTURE = re.compile(r"^\s*\[pic\]\s*$")


def read_doc(source: str, data: bytes, sha256: str) -> Document:
    exe = shutil.which("antiword")
    if not exe:
        raise ReadError("legacy .doc needs antiword: apt-get install antiword")
    fd, tmp = tempfile.mkstemp(suffix=".doc")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        try:
            run = subprocess.run([exe, "-m", "UTF-8.txt", "-w", "0", tmp], capture_output=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired as e:
            raise ReadError(f"legacy .doc: antiword took longer than {TIMEOUT_S} s") from e
    finally:
        os.unlink(tmp)
    err = run.stderr.decode("utf-8", "replace").strip().replace(tmp, source)
    if run.returncode != 0 or not run.stdout.strip():
        raise ReadError(_explain(err))
    b = DocumentBuilder(source, sha256, "doc")
    add_antiword_text(b, run.stdout.decode("utf-8", "replace"))
    return b.build()


def _explain(err: str) -> str:
    low = err.lower()
    if "encrypt" in low:
        return "password-protected DOC: antiword cannot read encrypted files"
    if "not a word document" in low or "not a word" in low:
        return "not a readable Word document: truncated, or an OLE file of another kind (Excel, PowerPoint)"
    first = err.splitlines()[0] if err else "no text"
    return f"legacy .doc could not be read by antiword: {first}"


def add_antiword_text(b: DocumentBuilder, text: str) -> None:
    """Blocks from antiword's output: paragraphs, headings, tables; form feeds turn pages."""
    page = 1
    table: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        pages = raw.count("\f")
        line = raw.replace("\f", "")
        lead = len(raw) - len(raw.lstrip("\f"))        # a break before the text: it is on the next page
        if table and lead:
            b.add_table(table_rows(table), page)
            table = []
        page += lead
        pages -= lead
        if _ROW.match(line):
            table.append(line)
            page += pages
            continue
        if table:
            b.add_table(table_rows(table), page)
            table = []
        s = line.strip()
        if s and not _PICTURE.match(s):
            b.add("heading" if is_heading(s) else "paragraph", s, page)
        page += pages
    if table:
        b.add_table(table_rows(table), page)


def _split(line: str) -> list[str]:
    """Cells of one `|a  |b  |` line, padding kept (its length is the column width)."""
    return _ROW.match(line).group(1).split("|")


def table_rows(lines: list[str]) -> list[list[str]]:
    rows: list[list[str]] = []
    prev: list[str] | None = None
    for line in lines:
        cells = _split(line)
        if prev is not None and rows and len(cells) == len(prev) and _continues(prev, cells):
            row = rows[-1]
            for k, c in enumerate(cells):
                if c.strip():
                    row[k] = (row[k] + " " + c.strip()).strip()
        else:
            rows.append([c.strip() for c in cells])
        prev = cells
    return rows


def _continues(above: list[str], cells: list[str]) -> bool:
    """Every filled cell of this line is the wrap of a filled cell above: its first word would not
    have fitted after the text above within the column width."""
    filled = False
    for a, c in zip(above, cells):
        text = c.strip()
        if not text:
            continue
        filled = True
        before = a.rstrip()
        if not before.strip():
            return False
        first = text.split()[0]
        if len(before) + 1 + len(first) <= len(a):
            return False
    return filled
