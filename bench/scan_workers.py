"""`chiso run` with 1 and with 2 workers over a folder of one long scan and a few small files.

    .venv/bin/python bench/scan_workers.py [--pages 40] [--rounds 1]

The scan is made once (kept in `bench/.scans/`, ignored by git): pages of the fixture text PDFs rendered
at 200 dpi, grey, made 1-bit as an office scanner makes them, put into an image-only PDF. Beside it: the
fixtures' quangngai PDF (4 pages), bacgiang DOCX and two TXT. Each run writes a new store (so no OCR
cache); the two settings alternate over `--rounds`. Printed: seconds of the run (as `chiso run` prints
them, start-up included), pages/s, and the scan's pages read by the helping worker; then the ratio.
A single worker reads the scan's pages one after another; with two, the worker left without a file
reads the scan's pages from the last one down while the other goes on from the first
(extract/readers/ocr_share.py).
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(__file__).resolve().parent / ".scans"
SOURCES = ["dongnai_sct_2021-H1", "dongnai_sct_2023-Q3", "dongnai_sct_2022-plan", "bacgiang_sct_2025-M04"]
SMALL = ["quangngai_sct_2021-H1.pdf", "bacgiang_sct_2025-M04.docx", "dongnai_sct_2021-H1.txt", "dongnai_sct_2023-Q3.txt"]


def make_scan(pages: int) -> Path:
    import pypdfium2 as pdfium
    out = WORK / f"scan_{pages}p" / f"scan_{pages}p.pdf"
    if out.exists():
        return out.parent
    out.parent.mkdir(parents=True, exist_ok=True)
    images = []
    for name in SOURCES:
        pdf = pdfium.PdfDocument(str(ROOT / "fixtures" / f"{name}.pdf"))
        for i in range(len(pdf)):
            if len(images) == pages:
                break
            grey = pdf[i].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
            images.append(grey.point(lambda v: 255 if v > 160 else 0).convert("1"))
    images[0].save(out, save_all=True, append_images=images[1:], resolution=200)
    for f in SMALL:
        shutil.copy(ROOT / "fixtures" / f, out.parent / f)
    return out.parent


def run(folder: Path, workers: int) -> tuple[float, int, int]:
    """(seconds, pages, pages read by a helper) as `chiso run` reports them."""
    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.run([str(ROOT / ".venv/bin/chiso"), "run", str(folder), "--db", f"{tmp}/s.duckdb",
                            "--workers", str(workers), "--no-progress"], capture_output=True, text=True, check=True)
    m = re.search(r"files in ([\d.]+) s .*?; (\d+) pages", p.stdout + p.stderr)
    if not m:
        sys.exit(p.stdout + p.stderr)
    helped = re.search(r"(\d+) pages of scans read by OCR in a second worker", p.stdout + p.stderr)
    return float(m.group(1)), int(m.group(2)), int(helped.group(1)) if helped else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    folder = make_scan(args.pages)
    res: dict[int, list[tuple[float, int, float]]] = {1: [], 2: []}
    for r in range(args.rounds):
        for w in ((1, 2) if r % 2 == 0 else (2, 1)):
            res[w].append(run(folder, w))
    print(f"one {args.pages}-page scan (1-bit, 200 dpi) and {len(SMALL)} small files, {args.rounds} round(s)\n")
    print("| workers | seconds | pages | pages/s | scan pages read by the helper |")
    print("|---|---|---|---|---|")
    speed = {}
    for w, rows in res.items():
        secs = statistics.median(r[0] for r in rows)
        pages = rows[0][1]
        speed[w] = pages / secs
        print(f"| {w} | {secs:.1f} | {pages} | {speed[w]:.2f} | {rows[0][2]} |")
    print(f"\n2 workers / 1: {speed[2] / speed[1]:.2f}x pages/s")


if __name__ == "__main__":
    main()
