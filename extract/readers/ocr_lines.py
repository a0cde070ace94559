"""Tesseract's TSV → words with boxes → lines (extract.readers.lines.Line) and ruled tables' cells
(ocr_grid): what extract/readers/ocr.py makes of a page Tesseract read, or of its OCR cache entry.

Digits misread as letters inside numbers (1O0) are put back from data/ocr_digits.tsv; everything else
(NFC, tone marks) is the clean-up every reader gets in DocumentBuilder.
"""
from __future__ import annotations

import re
from pathlib import Path

from extract.readers.lines import Line

_DATA = Path(__file__).resolve().parent.parent / "data"


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
