"""One file through the stages: find the files, read one, extract one into the JSON Lines record of
DESIGN.md (with its findings inside the report), the record of a file that failed.

These are the file-level functions of the Python API (pipeline.py re-exports them); the stages below
(extract/, audit/) never import them, the batch runner (batch.run) and the commands do.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable, Iterator

from extract import EXTRACTOR_VERSION
from extract.model import Document

# the endings of reports; kept for the API (pipeline re-exports it): discovery no longer filters on them,
# the content decides (extract.readers.sniff)
DOCUMENT_SUFFIXES = {".pdf", ".docx", ".doc", ".txt", ".md"}


# ---------------------------------------------------------------- discover

class NotRead(type(Path())):
    """A path found under a folder that cannot be offered to the readers (a folder that cannot be
    listed, a folder reached again through a symbolic link, a broken link, a device or pipe): it
    becomes a per-file error with `reason` rather than vanishing."""
    reason: str = ""


def _not_read(path: Path, reason: str) -> NotRead:
    p = NotRead(path)
    p.reason = reason
    return p


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files in the order given; folders walked recursively, entries in name order. Every file under a
    folder is offered to the readers, whatever its name (the content decides its format, and a file no
    reader knows is an error `not a document: ...`). Symbolic links to folders are followed, each
    folder read once (a link back to a folder already read is reported, so a loop ends). What cannot be
    read comes out as a NotRead path with its reason. A path given that does not exist is yielded as
    it is (its reader says so; `missing()` lets a command refuse it first)."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from _walk(p, {})
        else:
            yield p


def missing(paths: Iterable[str | Path]) -> list[str]:
    """The paths given that do not exist (a broken symbolic link counts as existing: its reader says why)."""
    return [str(p) for p in paths if not (Path(p).exists() or Path(p).is_symlink())]


def _walk(folder: Path, seen: dict) -> Iterator[Path]:
    try:
        st = folder.stat()
        key = (st.st_dev, st.st_ino)
        if key in seen:
            yield _not_read(folder, f"folder already read as {seen[key]} (symbolic link): not read again")
            return
        seen[key] = folder
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        yield _not_read(folder, f"cannot read folder: {e.strerror or e}")
        return
    for e in entries:
        path = Path(e.path)
        try:
            if e.is_dir():               # follows a symbolic link
                yield from _walk(path, seen)
            elif e.is_file():
                yield path
            elif e.is_symlink():
                yield _not_read(path, "broken symbolic link: its target does not exist")
            else:                        # a pipe or device would block or never end
                yield _not_read(path, "not a regular file (pipe, socket or device)")
        except OSError as err:
            yield _not_read(path, f"cannot read: {err.strerror or err}")


# ---------------------------------------------------------------- read + extract

def read_file(path: str | Path, ocr: str = "auto", ocr_cache=None) -> Document:
    """ocr: auto (OCR the PDF pages without a text layer) | always (every PDF page) | never.
    ocr_cache: an extract.readers.ocr.PageCache, or None."""
    from extract.readers import read_document
    return read_document(path, ocr=ocr, ocr_cache=ocr_cache)


def extract_document(doc: Document, trace: dict | None = None) -> dict:
    """Every extract stage over one Document; returns the JSON Lines record of DESIGN.md. trace: a dict
    that gets the Document as "document" and the figures the rules took but left out as "left_out"
    (`chiso show --why`); None, the normal run: nothing is traced."""
    from extract.document.metadata import find_metadata
    from extract.indicators import find_indicators
    from extract.document.references import find_references
    from audit.document import check_record
    from extract.document.pathmeta import add_sources

    meta = find_metadata(doc)
    if trace is None:
        mentions = find_indicators(doc, meta)
    else:
        mentions = find_indicators(doc, meta, trace.setdefault("left_out", []))
        trace["document"] = doc
    refs = find_references(doc)
    if meta.get("doc_number") and not meta["doc_number"].startswith("/"):
        # the document's own number (its header, an appendix's `Kèm theo Báo cáo số …`) cites nothing
        refs = [r for r in refs if r.symbol != meta["doc_number"]]
    record = {
        "source": doc.source, "sha256": doc.sha256, "format": doc.format, "status": "ok", "error": None,
        "pages": doc.pages, "extractor_version": EXTRACTOR_VERSION, "warnings": list(doc.warnings),
        "meta": meta,
        "indicators": [m.to_dict() for m in mentions],
        "references": [r.to_dict() for r in refs],
        "findings": [],
    }
    record["findings"] = check_record(record, doc)
    # where each field came from, and what the folder and file names say where the text is silent
    add_sources(meta, doc.source)
    return record


def error_record(source: str, message: str, sha256: str | None = None, fmt: str | None = None) -> dict:
    from extract.document.metadata import META_KEYS
    return {"source": source, "sha256": sha256, "format": fmt, "status": "error", "error": message,
            "pages": 0, "extractor_version": EXTRACTOR_VERSION, "warnings": [],
            "meta": {k: None for k in META_KEYS}, "indicators": [], "references": [], "findings": []}


def extract_file(path: str | Path, keep_text: bool = False, ocr: str = "auto", ocr_pages: dict | None = None,
                 trace: dict | None = None) -> dict:
    """Read and extract one file. Never raises for a bad file: returns a record with status 'error'
    and a one-line message. keep_text: add the document's normalized text as "text" (what the spans
    point into; `chiso run` stores it so that nothing downstream re-reads a file). ocr: see read_file.
    ocr_pages: the OCR cache's rows of this file (page -> row, from normalize.store), or None for no
    cache; with it, pages are read from the cache where it holds them and the record gets the pages
    read now as "ocr_pages" (rows for the store's ocr_pages table). trace: see extract_document."""
    from extract.readers import ReadError
    source = str(path)
    if isinstance(path, NotRead):
        return error_record(source, path.reason)
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
        record = extract_document(doc, trace)
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
