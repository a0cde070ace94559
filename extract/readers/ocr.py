"""OCR of a PDF page without a text layer: pypdfium2 renders it, Tesseract reads it.

Two engines (ocr_engine.py) give Tesseract the page and take back its TSV (one row per word with its
box), which is grouped into lines with their boxes in PDF points (ocr_lines.py), so the PDF reader treats
OCR lines like text-layer lines (headers and footers dropped, paragraphs joined by geometry).

Where the time goes (perf and callgrind on a dense page of a 200 dpi scan): nearly all of it is
Tesseract, and most of Tesseract is its LSTM reading each text line: three quarters of Debian's
program's instructions at 120 dpi, and it hardly shrinks with the resolution, as each line is scaled
to the network's 36-pixel height. The program also spent 8 % writing the TSV (its row iterator restarting
at each word; 0.05 CPU-s a page in the library) and 5 % starting and loading the model. Measured with bench/ocr.py (228
pages: the scanned fixture and scans made of the five fixture PDFs at 200 and 300 dpi, 1-bit and grey,
turned and noised; 2 workers on a 2-core machine; each run's rows measured together), CPU-s a page
(worker + Tesseract), words of the text PDF read right, indicator F1 against the gold:

    settings                                     CPU-s/page  pages/s  words   F1
    before: 300 dpi for every page, the program     3.06      0.63    99.61%  0.9937
    now: 120 dpi (table pages' grid at 200), tesserocr 1.22   1.59    99.50%  0.9920   (2.50x fewer CPU-s)
    an earlier run: the same settings by the program  1.83 (of 2.99 before: 1.64x)
    110 dpi by the program                            1.63 (1.84x, F1 -0.012)

per kind of scan (before → now): fixture 2.68 → 1.29, 1-bit 200 dpi 2.73 → 1.19, grey 200 dpi 3.44 →
1.21, 1-bit 300 dpi 2.90 → 1.21, grey 300 dpi 3.22 → 1.28. `SETTINGS`:
- a page is rendered at 120 dpi, or at the scan's own resolution when lower (`native_dpi`: the largest
  image on the page; never enlarged past its pixels). Rendering a 200 dpi scan at 300 dpi was all cost:
  the same words, 20-25 % more of Tesseract's CPU. Below 120 dpi the small print goes (110: F1 -0.012);
- a 1-bit scan (the largest image has one bit a pixel) is rendered at 150 dpi (`bilevel_dpi`): shrunk to
  grey, black-and-white strokes thin out sooner than a grey scan's. One run of bench/ocr.py, 120 → 150
  for the 1-bit pages only: F1 0.9920 → 0.9968 (bw200 0.979 → 0.993, bw300 0.993 → 1.000), CPU-s a page
  1.00 → 1.05 over all 228 pages; 150 for grey pages too cost 9 % and gained nothing (grey200 lost one);
- a page with rules (`ocr_grid.has_rules`, cheap at 120 dpi) is rendered again at 200 dpi, straightened
  and its grid found there (a hairline rule breaks up at low resolution: with the grid looked for at
  150 dpi, 5 of a report's table figures were lost); the rules are painted out and the page shrunk back
  to 120 dpi for Tesseract, so it is read once, and the words' boxes are taken back to the grid's pixels;
- `tessedit_do_invert=0`: Tesseract no longer reads each doubtful line a second time as white on black
  (the reports' scans hold none); `textord_all_prop=1`: no search for typewriter (fixed-pitch) text;
  each up to about 10 % of Tesseract's time, the words unchanged on the pages compared;
- tried and left: `--oem 1` (the Debian vie data has only the LSTM: no change), no dictionaries, other
  SIMD dot products (the default is the fastest), page segmentation 6 (4 % at most), one Tesseract per
  file on a multi-page TIFF (model loaded once: 5-10 %, but no per-page progress, time limit or
  failure), squeezing the page horizontally (fewer LSTM steps, but glyphs narrower than the fonts).
Page segmentation 4 (one column of variable-size text) keeps a ruled table's header row on one line
where 3 splits its cells into separate blocks. One Tesseract thread per process (OMP_THREAD_LIMIT=1 for
the program; the wheel's Tesseract has no OpenMP): OpenMP threads spin against `chiso run`'s worker
processes and made a loaded 2-core machine 4x slower.
Ruled tables: Tesseract alone reads the rules as `|` and runs a row of numbers together, so a page with
a grid is straightened, its rules painted out and its words put in cells by position (`ocr_grid.py`);
the reader gets them as table blocks, like pdfplumber's.

The OCR cache: what `recognise` returns (words with boxes and confidences, a table page's grid, in
pixels) is plain data, and `layout` turns it into lines and tables. `chiso run` keeps it in the store
(table ocr_pages) under the settings' `key()` and the engine's `key` (Tesseract's version, the program's
or tesserocr's, and the language data);
`PageCache` gives a reader the stored page when both match, so a re-read after a change of the
"""
from __future__ import annotations

import json
import time
import zlib

# what readers, the driver and bench/ reach through this module: the engines and the settings
# (ocr_engine.py), the layout of the words (ocr_lines.py)
from extract.readers.ocr_engine import (BEFORE, BINARY_ENV, INSTALL_HINT, LANG, PREPROCESS, PSM,  # noqa: F401
                                        SETTINGS, TESSDATA_DIRS, Command, Library, OcrUnavailable,
                                        Settings, _library, require)
from extract.readers.ocr_lines import fix_digits, layout, tsv_lines, tsv_words  # noqa: F401

MODES = ("auto", "always", "never")
DPI = 300
PAGE_TIMEOUT = 120.0                 # seconds for one page; a page that takes longer is an error


def native_dpi(page) -> float | None:
    """The resolution of the largest image on the page (pixels per inch of the page it covers), or None
    when the page holds no image."""
    found = _largest_image(page)
    return found[0] if found else None


def _largest_image(page) -> tuple[float, int] | None:
    """(dpi, bits per pixel) of the largest image on the page, or None when it holds none."""
    import pypdfium2.raw as raw
    best = None
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            w, h = obj.get_px_size()
            # get_bounds in pypdfium2 5, get_pos in 4
            left, bottom, right, top = (obj.get_bounds if hasattr(obj, "get_bounds") else obj.get_pos)()
        except Exception:
            continue
        if right - left < 1 or top - bottom < 1 or not w or not h:
            continue
        area = (right - left) * (top - bottom)
        dpi = min(w / ((right - left) / 72), h / ((top - bottom) / 72))
        if best is None or area > best[0]:
            try:
                bits = obj.get_metadata().bits_per_pixel
            except Exception:
                bits = 8
            best = (area, dpi, bits)
    return (best[1], best[2]) if best else None


def render_dpi(page, settings: Settings, dpi: int | None = None) -> int:
    """`dpi` (default settings.dpi, or bilevel_dpi for a 1-bit scan), lowered to the scan's own
    resolution when settings.native."""
    image = _largest_image(page) if (settings.native or settings.bilevel_dpi) else None
    if dpi is None:
        dpi = settings.bilevel_dpi if settings.bilevel_dpi and image and image[1] == 1 else settings.dpi
    if settings.native and image and image[0] < dpi:
        dpi = max(72, int(round(image[0])))
    return dpi


class PageCache:
    """The OCR cache of one file as its reader sees it. `cached`: the store's rows of this file's pages
    (page number -> {settings, tesseract, words_z}); a row is used when its settings key and Tesseract
    engine are today's, else the page is read again. `new`: rows of the pages read now, for the driver
    to write with the document's records (normalize.store, table ocr_pages)."""

    def __init__(self, cached: dict[int, dict] | None = None):
        self.cached = cached or {}
        self.new: list[dict] = []
        self.hits = 0

    def read(self, page, number: int, tess: Command | Library) -> dict:
        """recognise(page), or what the cache holds for page `number` under today's settings and engine."""
        settings = SETTINGS
        key, eng = settings.key(), tess.key
        row = self.cached.get(number)
        if row and row.get("settings") == key and row.get("tesseract") == eng:
            try:
                entry = unpack_entry(row["words_z"])
                self.hits += 1
                return entry
            except (ValueError, KeyError, zlib.error):
                pass                     # a damaged row: read the page again
        t0 = time.perf_counter()
        entry = recognise(page, tess, settings=settings)
        self.new.append(cache_row(number, entry, tess, time.perf_counter() - t0))
        return entry


def cache_row(number: int, entry: dict, tess: Command | Library, seconds: float) -> dict:
    """The OCR cache's row of page `number` read now (recognise()'s entry): table ocr_pages."""
    settings = SETTINGS
    confs = [w[8] for w in entry["words"] if w[8] >= 0]
    return {"page": number, "settings": settings.key(), "tesseract": tess.key, "dpi": entry["dpi"],
            "psm": settings.psm, "lang": settings.lang, "n_words": len(entry["words"]),
            "mean_conf": round(sum(confs) / len(confs), 2) if confs else None,
            "words_z": pack_entry(entry), "seconds": round(seconds, 3)}


def pack_entry(entry: dict) -> bytes:
    """zlib-compressed JSON, as the store keeps texts: `unzip_text(words_z)::JSON` reads it in SQL."""
    return zlib.compress(json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def unpack_entry(blob: bytes) -> dict:
    return json.loads(zlib.decompress(blob).decode("utf-8"))


def read_page(page, tess: Command | Library, timeout: float = PAGE_TIMEOUT, settings: Settings | None = None):
    """(lines, tables) of a pypdfium2 page image: lines in reading order with boxes in PDF points from
    the top; tables as (top in points, rows of cell texts) where the page has ruled tables (ocr_grid)."""
    return layout(recognise(page, tess, timeout, settings))


def recognise(page, tess: Command | Library, timeout: float = PAGE_TIMEOUT, settings: Settings | None = None) -> dict:
    """What Tesseract saw on the page, as plain data (what the OCR cache keeps): {dpi, scale (pixels per
    point), words: [[left, top, right, bottom, text, block, par, line, conf]] in pixels, grids: the
    ruled tables' cells in the same pixels (ocr_grid.find_grids)}. A page with rules is rendered again
    at table_dpi to find its grid, then read by Tesseract at dpi; its words' boxes are in the grid's pixels."""
    import numpy as np
    from extract.readers import ocr_grid

    settings = settings or SETTINGS
    dpi = render_dpi(page, settings)
    img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    gray = np.asarray(img)
    # tables are looked for on the page turned upright, rendered at table_dpi; only a page with a table is
    # read that way (prose reads as well or better as scanned: Tesseract straightens its own lines)
    grids, grid_dpi = [], dpi
    if ocr_grid.has_rules(gray, dpi):
        grid_dpi = render_dpi(page, settings, max(dpi, settings.table_dpi))
        big = img if grid_dpi == dpi else page.render(scale=grid_dpi / 72, grayscale=True).to_pil().convert("L")
        upright, _ = ocr_grid.deskew(big)
        grids, rules = ocr_grid.find_grids(np.asarray(upright), grid_dpi)
        if grids:                   # rules read as `|` and glue cells together: paint them out
            painted = np.asarray(upright).copy()
            painted[ocr_grid.widen(rules)] = 255
            if grid_dpi != dpi:     # and read at `dpi` like any page; the words go back to the grid's pixels
                from PIL import Image
                painted = np.asarray(Image.fromarray(painted).resize(
                    (round(painted.shape[1] * dpi / grid_dpi), round(painted.shape[0] * dpi / grid_dpi)), Image.BOX))
            gray = painted
        else:
            grid_dpi = dpi
    tsv = tess.tsv(gray, dpi, settings, timeout)
    k = grid_dpi / dpi
    words = [[round(w[0] * k), round(w[1] * k), round(w[2] * k), round(w[3] * k), w[4], *w[5], w[6]]
             for w in tsv_words(tsv)]
    return {"dpi": dpi, "scale": grid_dpi / 72, "words": words, "grids": grids}
