"""chiso: the stages wired together, the Python API and the `chiso` command line.

    files ──discover──▶ sources ──read──▶ Document ──extract──▶ mentions + metadata + references
          ──audit──▶ findings ──normalize/store──▶ DuckDB ──export/report──▶ CSV · Parquet · XLSX · HTML

The command line only parses options, calls the functions here and prints (sqlite-utils style).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
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

def read_file(path: str | Path) -> Document:
    from extract.readers import read_document
    return read_document(path)


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
    record["findings"] = check_record(record)
    return record


def error_record(source: str, message: str, sha256: str | None = None, fmt: str | None = None) -> dict:
    from extract.metadata import META_KEYS
    return {"source": source, "sha256": sha256, "format": fmt, "status": "error", "error": message,
            "pages": 0, "extractor_version": EXTRACTOR_VERSION, "warnings": [],
            "meta": {k: None for k in META_KEYS}, "indicators": [], "references": [], "findings": []}


def extract_file(path: str | Path) -> dict:
    """Read and extract one file. Never raises for a bad file: returns a record with status 'error'
    and a one-line message."""
    from extract.readers import ReadError
    source = str(path)
    try:
        doc = read_file(path)
    except ReadError as e:
        return error_record(source, str(e))
    except Exception as e:  # a reader bug must not stop the batch; say what happened
        return error_record(source, f"unreadable file ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''})")
    return extract_document(doc)


def extract_files(paths: Iterable[str | Path]) -> Iterator[dict]:
    for path in discover(paths):
        yield extract_file(path)


# ---------------------------------------------------------------- command line

def cmd_extract(args) -> int:
    out = sys.stdout
    for record in extract_files(args.paths):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="chiso", description="Figures out of Vietnamese provincial reports, with evidence.")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="read files and print one JSON object per file (JSON Lines)")
    p.add_argument("paths", nargs="+", help="files or folders (walked recursively)")
    p.add_argument("--format", choices=["jsonl"], default="jsonl")
    p.set_defaults(func=cmd_extract)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `chiso extract ... | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
