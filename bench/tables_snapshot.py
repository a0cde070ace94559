"""Every ruled table chiso's PDF reader finds, as JSON, to compare two versions of the table finder.

    .venv/bin/python bench/tables_snapshot.py OUT.json PDF_OR_DIR...
    diff <(python -m json.tool before.json) <(python -m json.tool after.json)

For each page of each PDF: `pdf_tables.page_tables` (every grid, kept or not by the reader: box, rows
of cell texts, first row's cell boxes; coordinates rounded to 0.01 pt), then the tables of the document
the reader makes (`read_document`). Pages counted as the reader counts them.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _r(box):
    return None if box is None else [round(v, 2) for v in box]


def snapshot(path: Path) -> dict:
    import pypdfium2 as pdfium
    from extract.readers import ReadError, read_document
    from extract.readers.pdf_tables import page_tables
    pages = []
    pdf = pdfium.PdfDocument(str(path))
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        found = page_tables(page, tp, page.get_height())
        pages.append([[_r(box), rows, [_r(c) for c in cells]] for box, rows, cells in found])
        tp.close()
        page.close()
    pdf.close()
    try:
        tables = [b.rows for b in read_document(path, ocr="never").tables()]
    except ReadError as e:          # a scan: its tables come from OCR, not from here
        tables = str(e)
    return {"pages": pages, "tables": tables}


def main() -> None:
    out, *args = sys.argv[1:]
    pdfs = []
    for a in map(Path, args):
        pdfs += sorted(a.glob("*.pdf")) if a.is_dir() else [a]
    snap = {str(p): snapshot(p) for p in pdfs}
    Path(out).write_text(json.dumps(snap, ensure_ascii=False, indent=0))
    grids = sum(len(t) for s in snap.values() for t in s["pages"])
    cells = sum(len(r) for s in snap.values() for t in s["pages"] for g in t for r in g[1])
    tables = sum(len(s["tables"]) if isinstance(s["tables"], list) else 0 for s in snap.values())
    print(f"{len(pdfs)} PDFs: {grids} grids, {cells} cells, {tables} tables in the documents")


if __name__ == "__main__":
    main()
