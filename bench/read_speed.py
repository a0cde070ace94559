"""Pages per second of the two PDF text engines, and of chiso's PDF reader, on the fixture PDFs.

    .venv/bin/python bench/read_speed.py [PDF...]       # default: fixtures/*.pdf with a text layer

pdfplumber `extract_text` (pdfminer, pure Python) against pypdfium2 `get_textpage().get_text_range()`
(PDFium, C++): the measurement behind extract/readers/pdf.py using pypdfium2 for all text and
pdfplumber only for the tables of ruled pages. Each engine reads every file `--repeat` times.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pdfplumber_pages(path: Path) -> int:
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def pdfium_pages(path: Path) -> int:
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def chiso_pages(path: Path) -> int:
    from extract.readers import read_document
    return read_document(path).pages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    pdfs = args.pdfs or sorted(p for p in (ROOT / "fixtures").glob("*.pdf") if not p.name.startswith("scanned_"))
    for name, fn in (("pdfplumber extract_text", pdfplumber_pages),
                     ("pypdfium2 get_text_range", pdfium_pages),
                     ("chiso read_pdf (pdfium + pdfplumber tables)", chiso_pages)):
        fn(pdfs[0])                                   # imports and first-call costs out of the timing
        pages = 0
        t0 = time.perf_counter()
        for _ in range(args.repeat):
            for p in pdfs:
                pages += fn(p)
        dt = time.perf_counter() - t0
        print(f"{name:45s} {pages:5d} pages {dt:7.2f} s {pages / dt:8.1f} pages/s")


if __name__ == "__main__":
    main()
