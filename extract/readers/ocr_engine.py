"""Tesseract, the engine that reads a page for extract/readers/ocr.py, and how a page is read (`Settings`).

Two engines give Tesseract the page and take back its TSV (one row per word with its box):
- `Library` (the default): tesserocr, Tesseract inside the worker's own process. The model is loaded
  once per process, not once a page, the page goes over as raw pixels, and the Tesseract its wheel
  carries (5.5) reads a page in about 2/3 of the CPU of Debian's 5.3 program, with the same words on the
  fixture's pages (4 words of about 5,200 differ by a full stop or colon). The language data is Debian's
  tesseract-ocr-vie (TESSDATA_PREFIX, else TESSDATA_DIRS); the wheel downloads nothing at run time.
- `Command`: the `tesseract` program, one process a page (PGM on standard input, TSV on standard
  output): what CHISO_TESSERACT names, and the fallback where tesserocr is not installed. pytesseract
  would be this same subprocess call, so it is not used.
The settings were measured with bench/ocr.py (extract/readers/ocr.py's docstring).
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass

from extract.readers.errors import ReadError

PSM = 4
LANG = "vie"
# the Tesseract binary: CHISO_TESSERACT if set, else `tesseract` on PATH
BINARY_ENV = "CHISO_TESSERACT"
INSTALL_HINT = "apt install tesseract-ocr tesseract-ocr-vie"
# where the Vietnamese data is looked for by the in-process engine when TESSDATA_PREFIX is not set:
# Debian/Ubuntu (5 and 4), Fedora, a source install, Homebrew
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata")


class OcrUnavailable(ReadError):
    """Tesseract or its Vietnamese data is missing; the message says how to install them."""


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
