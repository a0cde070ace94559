"""DOCX: body paragraphs and tables in the order the body holds them, then headers, footers and notes.

Read from the WordprocessingML itself (python-docx opens the package; the XML is walked directly):
- paragraphs are headings when their style is a heading or title (`Heading 2`, `Title`, a localized
  `Tiêu đề`, or any style with an outline level), else paragraphs; content controls (`w:sdt`) are opened;
- tables keep their grid: a cell merged across columns gives its text once and empty cells for the
  columns it covers, a cell merged down gives empty cells below (python-docx would repeat the text);
  a table nested in a cell becomes its own table block right after the outer one;
- headers and footers of every section are read once each (identical text once), page-number fields
  dropped; footnotes and endnotes become footnote blocks at the end;
- Word's last-rendered page breaks (or hard page breaks when there are none) number the pages.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib

from extract.model import Document, DocumentBuilder
from extract.readers.errors import ReadError
from extract.readers.lines import is_page_number

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _SDT, _TR, _TC, _T = W + "p", W + "tbl", W + "sdt", W + "tr", W + "tc", W + "t"
_TAB, _BR, _CR, _NBH = W + "tab", W + "br", W + "cr", W + "noBreakHyphen"
_RENDERED_BREAK = W + "lastRenderedPageBreak"
_VAL = W + "val"
_TEXT_TAGS = {_T, _TAB, _BR, _CR, _NBH, _RENDERED_BREAK}
_HEADING_STYLE = re.compile(r"^(?:heading\s*\d|title|subtitle|tiêu\s*đề)", re.I)
# Zip bomb limits, checked on the central directory before anything is inflated. A report's DOCX is
# a few MB unpacked (document.xml of a 300-page report ~10 MB; images are stored, not deflated), so
# 400 MB total leaves room for big embedded media while lxml never gets a multi-GB tree; XML deflates
# 10-100x, so a part over 10 MB packed more than 400x is no report. Word writes a few dozen parts.
MAX_UNPACKED = 400 * 1024 * 1024
MAX_RATIO = 400
MAX_PARTS = 10_000
_INFLATE_STEP = 1 << 20
MAX_COLUMNS = 63                 # Word's own limit on a table's columns
_XML_WHERE = re.compile(r"\s*\(<string>, line \d+\)$")     # lxml's "(<string>, line 2)": no file to point at
RT_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
RT_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"


def read_docx(source: str, data: bytes, sha256: str) -> Document:
    _check_zip(data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    try:
        d = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as e:
        raise ReadError(f"corrupt DOCX: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from e
    except Exception as e:          # lxml XMLSyntaxError and friends: a damaged part
        if "Excessive depth" in str(e):      # libxml2's guard (256 levels): e.g. ~60 tables one in another
            raise ReadError("DOCX nested too deeply (XML over 256 levels, such as tables inside tables "
                            "inside tables): refused") from e
        why = _XML_WHERE.sub("", str(e).splitlines()[0]) if str(e) else type(e).__name__
        raise ReadError(f"corrupt DOCX: damaged XML ({why})" if "XMLSyntaxError" in type(e).__name__
                        else f"corrupt DOCX ({type(e).__name__}): {why}") from e
    b = DocumentBuilder(source, sha256, "docx")
    reader = _Body(b, _heading_styles(d))
    body = d.element.body
    reader.rendered = any(True for _ in body.iter(_RENDERED_BREAK))
    reader.children(body)

    seen: set[str] = set()
    for rel_type, kind in ((RT_HEADER, "header"), (RT_FOOTER, "footer")):
        for rel in d.part.rels.values():
            if rel.reltype == rel_type and not rel.is_external:
                for text in _part_paragraphs(rel.target_part):
                    if text not in seen and not is_page_number(text):
                        seen.add(text)
                        b.add(kind, text, 1)
    for rel in d.part.rels.values():
        if rel.reltype in (RT_FOOTNOTES, RT_ENDNOTES) and not rel.is_external:
            for text in _notes(rel.target_part):
                b.add("footnote", text, reader.page)
    return b.build()


def _check_zip(data: bytes) -> None:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as e:
        raise ReadError("corrupt DOCX (not a valid zip): the file is truncated or damaged") from e
    if len(infos) > MAX_PARTS:
        raise ReadError(f"DOCX holds {len(infos)} parts (limit {MAX_PARTS}): refused (zip bomb?)")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED or any(i.compress_size and i.file_size / i.compress_size > MAX_RATIO
                                   and i.file_size > 10 * 1024 * 1024 for i in infos):
        raise ReadError(f"DOCX unpacks to {total // (1024 * 1024)} MB: refused (zip bomb?)")
    if "word/document.xml" not in {i.filename for i in infos}:
        raise ReadError("corrupt DOCX: no word/document.xml in the package")
    for i in infos:
        _check_declared_size(data, i)


def _check_declared_size(data: bytes, info: zipfile.ZipInfo) -> None:
    """A part must not inflate past the size the directory declares: zipfile inflates a whole part in
    one go before it truncates it and checks the CRC, so a lying entry would take GBs of memory.
    Inflated here in 1 MB steps, stopping as soon as the declared size is passed."""
    if info.compress_type == zipfile.ZIP_STORED:
        return                                          # stored: read as declared, nothing to inflate
    name = info.filename
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise ReadError(f"corrupt DOCX: part {name} uses a compression Word does not write")
    off = info.header_offset
    if data[off:off + 4] != b"PK\x03\x04":
        raise ReadError("corrupt DOCX (not a valid zip): the file is truncated or damaged")
    n, m = int.from_bytes(data[off + 26:off + 28], "little"), int.from_bytes(data[off + 28:off + 30], "little")
    start = off + 30 + n + m
    pending = memoryview(data)[start:start + info.compress_size]
    d = zlib.decompressobj(-15)
    out = crc = 0
    try:
        while True:
            chunk = d.decompress(pending, _INFLATE_STEP)
            out += len(chunk)
            if out > info.file_size:
                raise ReadError(f"DOCX part {name} unpacks to more than the {info.file_size} bytes it "
                                "declares: refused (zip bomb?)")
            crc = zlib.crc32(chunk, crc)
            pending = d.unconsumed_tail
            if d.eof or not (chunk or pending):
                break
    except zlib.error as e:
        raise ReadError(f"corrupt DOCX: part {name} is damaged ({e})") from e
    if out != info.file_size or crc != info.CRC:
        raise ReadError(f"corrupt DOCX: part {name} is damaged (checksum or size does not match)")


def _heading_styles(d) -> set[str]:
    """Style ids whose name reads as a heading, or that set an outline level (Word's heading test)."""
    ids = set()
    for s in d.styles.element.iter(W + "style"):
        sid = s.get(W + "styleId") or ""
        name = s.find(W + "name")
        name = name.get(_VAL) if name is not None else ""
        if _HEADING_STYLE.match(name or "") or _HEADING_STYLE.match(sid) or s.find(f"{W}pPr/{W}outlineLvl") is not None:
            ids.add(sid)
    return ids


class _Body:
    def __init__(self, b: DocumentBuilder, heading_styles: set[str]):
        self.b = b
        self.headings = heading_styles
        self.page = 1
        self.rendered = False

    def children(self, parent) -> None:
        for el in parent:
            if el.tag == _P:
                self.paragraph(el)
            elif el.tag == _TBL:
                nested: list = []
                rows = self.table(el, nested)
                self.b.add_table(rows, self.page)
                for t in nested:                  # tables inside cells, after their outer table
                    self.b.add_table(self.table(t, nested), self.page)
            elif el.tag == _SDT:
                content = el.find(W + "sdtContent")
                if content is not None:
                    self.children(content)

    def paragraph(self, p) -> None:
        text, breaks = _text(p, self.rendered)
        page = self.page
        self.page += breaks
        if not text.strip():
            return
        style = p.find(f"{W}pPr/{W}pStyle")
        heading = (style is not None and style.get(_VAL) in self.headings) or p.find(f"{W}pPr/{W}outlineLvl") is not None
        self.b.add("heading" if heading else "paragraph", text, page)

    def table(self, tbl, nested: list) -> list[list[str]]:
        rows = []
        for tr in tbl.iter(_TR):
            if _owner_table(tr) is not tbl:
                continue
            row: list[str] = []
            before = tr.find(f"{W}trPr/{W}gridBefore")
            if before is not None:
                row += [""] * _count(before.get(_VAL), 0)
            for tc in _cells(tr):
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                span = _count(span.get(_VAL), 1) if span is not None else 1
                vmerge = tc.find(f"{W}tcPr/{W}vMerge")
                if vmerge is not None and vmerge.get(_VAL, "continue") == "continue":
                    text = ""                     # the cell above holds the merged text
                else:
                    parts = []
                    for el in tc:
                        if el.tag == _P:
                            t, breaks = _text(el, self.rendered)
                            self.page += breaks
                            parts.append(t)
                        elif el.tag == _TBL:
                            nested.append(el)
                        elif el.tag == _SDT:
                            parts += [_text(p, self.rendered)[0] for p in el.iter(_P)]
                    text = " ".join(x for x in parts if x.strip())
                row += [text] + [""] * (span - 1)
            rows.append(row)
        return rows


def _count(val: str | None, default: int) -> int:
    """A column count from the XML (gridSpan, gridBefore): a number Word could have written, else the
    default; a hostile `gridSpan="999999999"` must not build a row of a billion cells."""
    try:
        n = int(val)
    except (TypeError, ValueError):
        return default
    return n if 0 <= n <= MAX_COLUMNS else default


def _owner_table(tr):
    el = tr.getparent()
    while el is not None and el.tag != _TBL:
        el = el.getparent()
    return el


def _cells(tr):
    for el in tr:
        if el.tag == _TC:
            yield el
        elif el.tag == _SDT:                   # a content control around cells
            content = el.find(W + "sdtContent")
            if content is not None:
                yield from (c for c in content if c.tag == _TC)


def _text(p, rendered: bool) -> tuple[str, int]:
    """The paragraph's text and how many page breaks it holds (rendered ones when Word left them)."""
    out = []
    breaks = 0
    for el in p.iter(*_TEXT_TAGS):
        tag = el.tag
        if tag == _T:
            if el.text:
                out.append(el.text)
        elif tag == _TAB:
            if el.getparent().tag != W + "tabs":
                out.append(" ")
        elif tag == _BR:
            if el.get(W + "type") == "page":
                breaks += not rendered
            out.append(" ")
        elif tag == _CR:
            out.append(" ")
        elif tag == _NBH:
            out.append("-")
        elif tag == _RENDERED_BREAK:
            breaks += 1
    return "".join(out), breaks


def _part_paragraphs(part) -> list[str]:
    root = getattr(part, "element", None)
    if root is None:
        from lxml import etree
        root = etree.fromstring(part.blob)
    return [t for t in (_text(p, False)[0].strip() for p in root.iter(_P)) if t]


def _notes(part) -> list[str]:
    from lxml import etree
    root = getattr(part, "element", None)
    if root is None:
        root = etree.fromstring(part.blob)
    out = []
    for note in root:
        if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(t for t in (_text(p, False)[0].strip() for p in note.iter(_P)) if t)
        if text:
            out.append(text)
    return out
