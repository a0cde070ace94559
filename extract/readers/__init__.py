"""Readers: one file in, one `Document` out. The format is chosen by content, never by extension."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from extract.model import Document
from extract.readers.errors import ReadError   # the readers' exception, offered here with read_document


# C0 control characters that no text file holds in numbers (tab, newlines, form feed excluded)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


# formats no reader knows, by their magic bytes: named in the file's error so the listing says what it is
_OTHER_FORMATS = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"),
    (b"II*\x00", "TIFF image"), (b"MM\x00*", "TIFF image"), (b"BM", None), (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"), (b"\x1f\x8b", "gzip archive"), (b"%!PS", None),
)
_ZIP_KINDS = ((b"xl/", "Excel workbook (XLSX)"), (b"ppt/", "PowerPoint presentation (PPTX)"),
              (b"mimetypeapplication/vnd.oasis", "OpenDocument file"))


def other_format(data: bytes) -> str | None:
    """The name of a known non-document format, else None."""
    for magic, name in _OTHER_FORMATS:
        if name and data.startswith(magic):
            return name
    if data[8:12] == b"DUCK":
        return "DuckDB database (a chiso store? read it with chiso query, export or report)"
    if data.startswith(b"PK\x03\x04"):
        for mark, name in _ZIP_KINDS:
            if mark in data[:200_000]:
                return name
        return "zip archive that is not a Word document"
    return None


def sniff(data: bytes) -> str:
    """Format from magic bytes: pdf, docx, doc, txt, or 'unknown'."""
    head = data[:8]
    if data[:1024].lstrip().startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        part = data[:200_000]
        if b"word/" in part:
            return "docx"
        if any(mark in part for mark, _ in _ZIP_KINDS):    # a workbook or a presentation
            return "zip"
        return "docx" if b"[Content_Types].xml" in part else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    return "txt"


def read_document(path: str | Path, ocr: str = "auto", ocr_cache=None) -> Document:
    """ocr: auto | always | never, for PDF pages (extract.readers.ocr); other formats ignore it.
    ocr_cache: an ocr.PageCache (the pages of this file read before; the pages read now are added)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(f"cannot open file: {e.strerror or e}") from e
    if not data.strip():
        raise ReadError("empty file")
    sha = hashlib.sha256(data).hexdigest()
    fmt = sniff(data)
    try:
        return _read(str(path), data, sha, fmt, ocr, ocr_cache)
    except ReadError as e:
        if e.format is None and fmt in ("pdf", "docx", "doc"):
            e.format = fmt
        raise


def _read(source: str, data: bytes, sha: str, fmt: str, ocr: str = "auto", ocr_cache=None) -> Document:
    if fmt == "pdf":
        from extract.readers.pdf import read_pdf
        return read_pdf(source, data, sha, ocr=ocr, cache=ocr_cache)
    if fmt == "docx":
        from extract.readers.docx import read_docx
        return read_docx(source, data, sha)
    if fmt == "doc":
        from extract.readers.doc import read_doc
        return read_doc(source, data, sha)
    other = other_format(data)
    if fmt == "zip" or other:
        raise ReadError(f"not a document: {other}")
    from extract.readers.txt import decode, read_txt
    head = decode(data[:65536])[0]
    if len(_CONTROL.findall(head)) > 0.02 * len(head):
        raise ReadError("not a document: binary data of unknown format")
    return read_txt(source, data, sha)
