"""Pages per second of the two PDF text engines, and of chiso's PDF reader, on the fixture PDFs.

    .venv/bin/python bench/read_speed.py [PDF...]       # default: fixtures/*.pdf with a text layer

pdfplumber `extract_text` (pdfminer, pure Python) against pypdfium2 `get_textpage().get_text_range()`
(PDFium, C++): the measurement behind extract/readers/pdf.py using pypdfium2 for all text. Engines
in turn, `--repeat` rounds, median pages per CPU-second (bench/timing.py).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pdfplumber_pages(path: Path) -> int:
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)




def chiso_pages(path: Path) -> int:
    from extract.readers import read_document
    return read_document(path).pages


def main() -> None:
    from timing import bare_pdfium as pdfium_pages, interleaved, table
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3, help="rounds (engines in turn, median printed)")
    args = ap.parse_args()
    pdfs = args.pdfs or sorted(p for p in (ROOT / "fixtures").glob("*.pdf") if not p.name.startswith("scanned_"))
    speeds, pages = interleaved([("pdfplumber extract_text", pdfplumber_pages),
                                 ("pypdfium2 get_text_range", pdfium_pages),
                                 ("chiso read_pdf", chiso_pages)], pdfs, args.repeat)
    print(f"{len(pdfs)} PDFs, {pages['chiso read_pdf']} pages, {args.repeat} rounds, engines in turn\n")
    print(table(speeds, "pypdfium2 get_text_range"))


if __name__ == "__main__":
    main()
