"""OCR of a PDF page without a text layer: pypdfium2 renders it, Tesseract reads it.

Two engines give Tesseract the page and take back its TSV (one row per word with its box), which is
grouped into lines with their boxes in PDF points, so the PDF reader treats OCR lines like text-layer
lines (headers and footers dropped, paragraphs joined by geometry):
- `Library` (the default): tesserocr, Tesseract inside the worker's own process. The model is loaded
  once per process, not once a page, the page goes over as raw pixels, and the Tesseract its wheel
  carries (5.5) reads a page in about 2/3 of the CPU of Debian's 5.3 program, with the same words on the
  fixture's pages (4 words of about 5,200 differ by a full stop or colon). The language data is Debian's
  tesseract-ocr-vie (TESSDATA_PREFIX, else TESSDATA_DIRS); the wheel downloads nothing at run time.
- `Command`: the `tesseract` program, one process a page (PGM on standard input, TSV on standard
  output): what CHISO_TESSERACT names, and the fallback where tesserocr is not installed. pytesseract
  would be this same subprocess call, so it is not used.

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
extractor's rules runs only the layout and the rules (the scanned fixture: 12.9 s → 0.2 s).

Digits misread as letters inside numbers (1O0) are put back from data/ocr_digits.tsv; everything else
(NFC, tone marks) is the clean-up every reader gets in DocumentBuilder.
"""
from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from extract.readers.errors import ReadError
from extract.readers.lines import Line

MODES = ("auto", "always", "never")
DPI = 300
PSM = 4
LANG = "vie"
PAGE_TIMEOUT = 120.0                 # seconds for one page; a page that takes longer is an error
# the Tesseract binary: CHISO_TESSERACT if set, else `tesseract` on PATH
BINARY_ENV = "CHISO_TESSERACT"
INSTALL_HINT = "apt install tesseract-ocr tesseract-ocr-vie"
# where the Vietnamese data is looked for by the in-process engine when TESSDATA_PREFIX is not set:
# Debian/Ubuntu (5 and 4), Fedora, a source install, Homebrew
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata")

_DATA = Path(__file__).resolve().parent.parent / "data"


class OcrUnavailable(ReadError):
    """Tesseract or its Vietnamese data is missing; the message says how to install them."""


def _digit_map() -> dict[str, str]:
    out = {}
    with open(_DATA / "ocr_digits.tsv", encoding="utf-8") as f:
        rows = [ln.rstrip("\n").split("\t") for ln in f if ln.strip() and not ln.startswith("#")]
    for seen, digit in rows[1:]:                 # rows[0] is the header
        out[seen] = digit
    return out


_DIGITS = _digit_map()
_CONF = "".join(re.escape(c) for c in _DIGITS)
# a whole word made of digits and look-alike letters (separators . , / between them, % after),
# holding at least one real digit and at least one look-alike
_NUMBERISH = re.compile(
    rf"(?<![\w{_CONF}])(?=[\d{_CONF}.,/]*\d)(?=[\d.,/]*[{_CONF}])[\d{_CONF}]+(?:[.,/][\d{_CONF}]+)*(?=%|[^\w{_CONF}]|$)")
_LOOKALIKE = str.maketrans(_DIGITS)
_HAS_TEXT = re.compile(r"\w")


def fix_digits(s: str) -> str:
    """`1O0%` → `100%`, `2O21` → `2021`; words without a digit are untouched."""
    return _NUMBERISH.sub(lambda m: m.group(0).translate(_LOOKALIKE), s)


def _binary() -> str | None:
    setting = os.environ.get(BINARY_ENV)
    if setting:
        return setting if os.access(setting, os.X_OK) else None
    return shutil.which("tesseract")


@functools.lru_cache(maxsize=8)
def _check(binary: str | None, prefix: str | None) -> str | None:
    """None when `binary` can read Vietnamese, else why not (cached per binary and TESSDATA_PREFIX)."""
    if not binary:
        return f"Tesseract is not installed ({INSTALL_HINT})"
    try:
        r = subprocess.run([binary, "--list-langs"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"Tesseract does not run ({type(e).__name__}; reinstall: {INSTALL_HINT})"
    langs = set((r.stdout + r.stderr).decode("utf-8", "replace").split())
    if LANG not in langs:
        return f"Tesseract has no Vietnamese language data ({INSTALL_HINT})"
    return None


def _data_size(folder: str | None) -> str:
    try:
        return str(os.path.getsize(os.path.join(folder or "", f"{LANG}.traineddata")))
    except OSError:
        return "?"


class Command:
    """The `tesseract` program, one process a page (PGM on standard input, TSV on standard output):
    what CHISO_TESSERACT names, and the fallback where tesserocr is not installed."""

    def __init__(self, binary: str):
        self.binary = binary

    @property
    def key(self) -> str:
        return _command_key(self.binary, os.environ.get("TESSDATA_PREFIX"))

    def tsv(self, gray, dpi: int, settings: "Settings", timeout: float) -> str:
        h, w = gray.shape
        # binary PGM: a 15-byte header on the raw pixels, which Tesseract (Leptonica) reads from stdin
        data = b"P5\n%d %d\n255\n" % (w, h) + gray.tobytes()
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        args = [self.binary, "stdin", "stdout", "-l", settings.lang, "--psm", str(settings.psm), "--dpi", str(dpi)]
        for p in settings.params:
            args += ["-c", p]
        try:
            r = subprocess.run(args + ["tsv"], input=data, capture_output=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired as e:
            raise ReadError(f"OCR of a page took longer than {timeout:.0f} s") from e
        if r.returncode != 0:
            msg = r.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ReadError(f"OCR failed: {msg[-1] if msg else 'tesseract exit code %d' % r.returncode}")
        return r.stdout.decode("utf-8", "replace")


@functools.lru_cache(maxsize=8)
def _command_key(binary: str, prefix: str | None = None) -> str:
    """Tesseract's version and its language data (`tesseract 5.3.0; vie.traineddata 531275 bytes`), the
    part of an OCR cache entry's key the settings do not cover: an upgrade of either reads pages again.
    Asked once per process (two short calls to the binary)."""
    def out(*args: str) -> str:
        try:
            r = subprocess.run([binary, *args], capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return ""
        return (r.stdout + r.stderr).decode("utf-8", "replace")
    version = next((ln.strip() for ln in out("--version").splitlines() if ln.strip().startswith("tesseract")),
                   "tesseract ?")
    m = re.search(r'"([^"]+)"', out("--list-langs"))              # List of available languages in "DIR" (n):
    return f"{version}; {LANG}.traineddata {_data_size(m.group(1) if m else None)} bytes"


class Library:
    """Tesseract inside the worker's own process, through tesserocr: the model is loaded once per process
    and settings, not once a page, and the Tesseract its wheel carries (5.5) reads a page in about 2/3
    of the CPU of Debian's 5.3 program (the module docstring). The language data is Debian's."""

    def __init__(self, datapath: str):
        self.datapath = datapath
        self._apis: dict[tuple, object] = {}
        self._pid = os.getpid()

    @property
    def key(self) -> str:
        return _library_key(self.datapath)

    def _api(self, settings: "Settings"):
        if self._pid != os.getpid():          # made in a parent before a fork: each process its own
            self._apis, self._pid = {}, os.getpid()
        k = (settings.lang, settings.params)
        api = self._apis.get(k)
        if api is None:
            import tesserocr
            api = tesserocr.PyTessBaseAPI(path=self.datapath, lang=settings.lang)
            for p in settings.params:
                name, _, value = p.partition("=")
                api.SetVariable(name, value)
            self._apis[k] = api
        return api

    def tsv(self, gray, dpi: int, settings: "Settings", timeout: float) -> str:
        api = self._api(settings)
        api.SetPageSegMode(settings.psm)
        h, w = gray.shape
        api.SetImageBytes(gray.tobytes(), w, h, 1, w)
        api.SetSourceResolution(dpi)
        t0 = time.perf_counter()
        if not api.Recognize(timeout=int(timeout * 1000)):
            if time.perf_counter() - t0 >= 0.9 * timeout:
                raise ReadError(f"OCR of a page took longer than {timeout:.0f} s")
            raise ReadError("OCR failed: Tesseract could not read the page")
        return api.GetTSVText(0)


@functools.lru_cache(maxsize=8)
def _library_key(datapath: str) -> str:
    import tesserocr
    version = tesserocr.tesseract_version().splitlines()[0].strip()
    return f"{version} (tesserocr {tesserocr.__version__}); {LANG}.traineddata {_data_size(datapath)} bytes"


@functools.lru_cache(maxsize=8)
def _library(prefix: str | None) -> Library | None:
    """The in-process engine, or None when tesserocr is not installed or no folder holds the Vietnamese
    data (TESSDATA_PREFIX, else where the distributions put it)."""
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return None
    for folder in ([prefix] if prefix else []) + list(TESSDATA_DIRS):
        if os.path.isfile(os.path.join(folder, f"{LANG}.traineddata")):
            return Library(folder.rstrip("/") + "/")
    return None


def require(settings: "Settings | None" = None) -> "Command | Library":
    """The Tesseract to read with: the program CHISO_TESSERACT names; else tesserocr in this process
    (when settings.engine is `library` and it finds the Vietnamese data); else the `tesseract` program
    on PATH. OcrUnavailable, with the install command, when there is none."""
    settings = settings or SETTINGS
    if not os.environ.get(BINARY_ENV) and settings.engine == "library":
        lib = _library(os.environ.get("TESSDATA_PREFIX"))
        if lib is not None:
            return lib
    binary = _binary()
    problem = _check(binary, os.environ.get("TESSDATA_PREFIX"))
    if problem:
        raise OcrUnavailable(f"scanned PDF needs OCR: {problem}, or run with --ocr never")
    return Command(binary)


@dataclass(frozen=True)
class Settings:
    """How a page is read: part of every OCR cache entry's key (`key()`), with Tesseract's version.
    dpi: the resolution a page is rendered at and read by Tesseract, never above the scan's own when
    `native` (rendering a 200 dpi scan at 300 dpi only enlarges its pixels); table_dpi: the resolution a
    page with rules is rendered at to find its grid (a thin rule must stay a solid line); params:
    Tesseract variables (`-c name=value`); engine: `library` (tesserocr in the process, where installed)
    or `command` (the tesseract program, a process a page); bilevel_dpi: the dpi for a page whose scan is
    1-bit (0: as dpi), as a black-and-white page shrunk to grey loses thin strokes sooner. The engine is
    not part of the key: the Tesseract version that `require().key` gives is."""
    dpi: int = 300
    table_dpi: int = 300
    native: bool = False
    psm: int = PSM
    lang: str = LANG
    params: tuple[str, ...] = ()
    engine: str = "command"
    bilevel_dpi: int = 0

    def key(self) -> str:
        return (f"dpi={self.dpi}{'/native' if self.native else ''};table_dpi={self.table_dpi};psm={self.psm};"
                f"lang={self.lang};params={','.join(self.params)};prep={PREPROCESS}"
                + (f";bilevel_dpi={self.bilevel_dpi}" if self.bilevel_dpi else ""))


# what the page goes through before Tesseract (straightening and painting out the rules of a table
# page, grey rendering): a change here makes every cached page be read again
PREPROCESS = "grid1"
BEFORE = Settings()                   # the settings up to chiso 0.1.1 (Debian's program), for bench/ocr.py
# measured with bench/ocr.py (the module docstring): 2.5x fewer CPU-seconds a page than BEFORE
SETTINGS = Settings(dpi=120, table_dpi=200, native=True, bilevel_dpi=150,
                    params=("tessedit_do_invert=0", "textord_all_prop=1"), engine="library")


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


def layout(entry: dict):
    """(lines, tables) of a page from what recognise() returned (or the OCR cache kept)."""
    from extract.readers import ocr_grid
    scale = entry["scale"]
    words = [(w[0], w[1], w[2], w[3], w[4], (w[5], w[6], w[7]), w[8]) for w in entry["words"]]
    tables = []
    for g in entry["grids"]:
        rows, words = ocr_grid.fill(g, words)
        rows = [[fix_digits(c) for c in row] for row in rows]
        if len(rows) >= 2:
            tables.append((g["box"][1] / scale, rows))
    return _lines(words, scale), tables


def tsv_words(tsv: str) -> list[tuple]:
    """Tesseract TSV (level, page, block, par, line, word, left, top, width, height, conf, text) →
    words (left, top, right, bottom, text, line key (block, par, line), confidence) in pixels."""
    words = []
    for row in tsv.splitlines():          # the program's output starts with a header row, the library's not
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        left, top, width, height = int(f[6]), int(f[7]), int(f[8]), int(f[9])
        try:
            conf = round(float(f[10]), 2)
        except ValueError:
            conf = -1.0
        words.append((left, top, left + width, top + height, f[11].strip(), (int(f[2]), int(f[3]), int(f[4])), conf))
    return words


def tsv_lines(tsv: str, scale: float) -> list[Line]:
    return _lines(tsv_words(tsv), scale)


def _lines(words: list[tuple], scale: float) -> list[Line]:
    """Words grouped by Tesseract's lines; pixel boxes divided by `scale` (pixels per point). The
    baseline is the highest bottom among the line's words with a letter or digit (words with
    descenders and dots below reach lower)."""
    lines: dict[tuple, list[tuple]] = {}
    for w in words:
        lines.setdefault(w[5], []).append(w)
    out = []
    for ws in lines.values():
        text = fix_digits(" ".join(w[4] for w in ws))
        if not _HAS_TEXT.search(text):
            continue                 # specks read as `|`, `-`, `.`: no line of a report is only that
        bottoms = [w[3] for w in ws if _HAS_TEXT.search(w[4])]
        out.append(Line(text, min(w[0] for w in ws) / scale, max(w[2] for w in ws) / scale,
                        min(w[1] for w in ws) / scale, max(w[3] for w in ws) / scale,
                        base=min(bottoms) / scale))
    return out
