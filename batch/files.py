"""One file through the stages: find the files, read one, extract one into the JSON Lines record of
DESIGN.md (with its findings inside the report), the record of a file that failed.

These are the file-level functions of the Python API (pipeline.py re-exports them); the stages below
(extract/, audit/) never import them, the batch runner (batch.run) and the commands do.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator

from extract import EXTRACTOR_VERSION
from extract.model import Document

DOCUMENT_SUFFIXES = {".pdf", ".docx", ".doc", ".txt", ".md"}


# ---------------------------------------------------------------- discover

def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files in the order given; directories walked recursively in sorted order, keeping files whose
    ending looks like a report (the format itself is then decided by content)."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES and not f.name.startswith("."):
                    yield f
        else:
            yield p


# ---------------------------------------------------------------- read + extract

def read_file(path: str | Path, ocr: str = "auto", ocr_cache=None) -> Document:
    """ocr: auto (OCR the PDF pages without a text layer) | always (every PDF page) | never.
    ocr_cache: an extract.readers.ocr.PageCache, or None."""
    from extract.readers import read_document
    return read_document(path, ocr=ocr, ocr_cache=ocr_cache)


def extract_document(doc: Document) -> dict:
    """Every extract stage over one Document; returns the JSON Lines record of DESIGN.md."""
    from extract.metadata import find_metadata
    from extract.indicators import find_indicators
    from extract.references import find_references
    from audit.document import check_record

    meta = find_metadata(doc)
    mentions = find_indicators(doc, meta)
    refs = find_references(doc)
    record = {
        "source": doc.source, "sha256": doc.sha256, "format": doc.format, "status": "ok", "error": None,
        "pages": doc.pages, "extractor_version": EXTRACTOR_VERSION, "warnings": list(doc.warnings),
        "meta": meta,
        "indicators": [m.to_dict() for m in mentions],
        "references": [r.to_dict() for r in refs],
        "findings": [],
    }
    record["findings"] = check_record(record, doc)
    return record


def error_record(source: str, message: str, sha256: str | None = None, fmt: str | None = None) -> dict:
    from extract.metadata import META_KEYS
    return {"source": source, "sha256": sha256, "format": fmt, "status": "error", "error": message,
            "pages": 0, "extractor_version": EXTRACTOR_VERSION, "warnings": [],
            "meta": {k: None for k in META_KEYS}, "indicators": [], "references": [], "findings": []}


def extract_file(path: str | Path, keep_text: bool = False, ocr: str = "auto", ocr_pages: dict | None = None) -> dict:
    """Read and extract one file. Never raises for a bad file: returns a record with status 'error'
    and a one-line message. keep_text: add the document's normalized text as "text" (what the spans
    point into; `chiso run` stores it so that nothing downstream re-reads a file). ocr: see read_file.
    ocr_pages: the OCR cache's rows of this file (page -> row, from normalize.store), or None for no
    cache; with it, pages are read from the cache where it holds them and the record gets the pages
    read now as "ocr_pages" (rows for the store's ocr_pages table)."""
    from extract.readers import ReadError
    source = str(path)
    cache = None
    if ocr_pages is not None:
        from extract.readers.ocr import PageCache
        cache = PageCache(ocr_pages)
    try:
        doc = read_file(path, ocr=ocr, ocr_cache=cache)
    except ReadError as e:
        return error_record(source, str(e), fmt=e.format)
    except Exception as e:  # a reader bug must not stop the batch; say what happened
        return error_record(source, f"unreadable file ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''})")
    try:
        record = extract_document(doc)
    except Exception as e:  # a rule tripped by this text: the file fails, the batch goes on
        first = str(e).splitlines()[0][:200] if str(e) else ""
        return error_record(source, f"extraction failed ({type(e).__name__}: {first})", fmt=doc.format)
    if keep_text:
        record["text"] = doc.text
    if cache is not None and cache.new:
        record["ocr_pages"] = cache.new
    return record


# ---------------------------------------------------------------- records of `chiso audit`

def load_records(paths: Iterable[str | Path]) -> list[dict]:
    """The records of report files and folders (extracted), or of `.jsonl` files of `chiso extract`
    output (read as they are, without extracting again): what `chiso audit` checks (audit.cli)."""
    records = []
    for p in paths:
        p = Path(p)
        if p.is_file() and p.suffix.lower() == ".jsonl":
            with p.open(encoding="utf-8") as f:
                records += [json.loads(line) for line in f if line.strip()]
        else:
            records += [extract_file(f) for f in discover([p])]
    return records
