"""Ruled tables on a scanned page: the page straightened, its grid lines found, the OCR words put in cells.

Tesseract reads a table's rules as `|` and runs a row of numbers together, so the grid is found in the
image first (numpy over the black-and-white page, no OpenCV):
- the page is turned by the small angle that makes its text rows sharpest (an office scanner feeds
  pages a little askew; a rule that drifts a few pixels would blur rows and columns);
- rules are runs of at least RULE_MM of black pixels, horizontal or vertical;
- consecutive horizontal rules joined by a vertical rule at their left end make one table;
- in each row band the vertical rules that cross it cut the cells (so a merged header cell stays one),
  and a cell with no rule above it continues the cell above (a cell merged down two rows);
- the rules are painted white before OCR, and each word goes to the cell holding its centre.
A cell's text lands in the first grid column it covers with "" in the others, as pdfplumber gives it.
"""
from __future__ import annotations

import re

import numpy as np

RULE_MM = 5.0                # shortest rule: longer than any stroke of a letter at report sizes
MAX_SKEW = 1.5               # degrees tried either way when straightening
SKEW_STEP = 0.1
# a word in a cell with no letter, digit or % in it (rules and specks read as `_`, `'`, `|`, `—`)
_NOISE = re.compile(r"^[^\w%]+$|^_+$")


def deskew(img):
    """(PIL L image turned upright, angle in degrees): coarse steps, then SKEW_STEP around the best."""
    from PIL import Image
    small = img.resize((img.width // 4, img.height // 4))

    def sharpness(angle: float) -> float:
        arr = np.asarray(small.rotate(angle, resample=Image.NEAREST, fillcolor=255)) < 128
        rows = arr.sum(axis=1).astype(np.float64)
        return float(((rows[1:] - rows[:-1]) ** 2).sum())      # sharp row edges: text rows level

    coarse = 5 * SKEW_STEP
    n = int(MAX_SKEW / coarse)
    best = max((k * coarse for k in range(-n, n + 1)), key=sharpness)
    best = max((best + k * SKEW_STEP for k in range(-4, 5)), key=sharpness)
    if abs(best) < SKEW_STEP / 2:
        return img, 0.0
    return img.rotate(best, resample=Image.BICUBIC, fillcolor=255), best


def has_rules(gray: np.ndarray, dpi: float, at_least: int = 3) -> bool:
    """At least `at_least` horizontal rules on the page as scanned (a rule a little askew still
    holds runs longer than RULE_MM): worth straightening the page to look for a table."""
    length = int(RULE_MM / 25.4 * dpi)
    rows = _runs(gray < 128, length, 1).sum(axis=1)
    return len(_group(np.nonzero(rows >= length)[0])) >= at_least


def _runs(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Pixels lying on a run of at least `length` black pixels along `axis`."""
    m = mask if axis == 1 else mask.T
    c = np.zeros((m.shape[0], m.shape[1] + 1), dtype=np.int32)
    np.cumsum(m, axis=1, out=c[:, 1:])
    full = (c[:, length:] - c[:, :-length]) == length           # window starting at j is all black
    # spread each full window back over its pixels
    acc = np.zeros((m.shape[0], m.shape[1] + 1), dtype=np.int32)
    acc[:, :full.shape[1]] += full
    acc[:, length:length + full.shape[1]] -= full
    out = np.cumsum(acc[:, :-1], axis=1) > 0
    return out if axis == 1 else out.T


def _group(positions: np.ndarray, gap: int = 3) -> list[tuple[int, int]]:
    """Runs of consecutive positions (allowing `gap`) as (first, last)."""
    out: list[tuple[int, int]] = []
    for p in positions.tolist():
        if out and p - out[-1][1] <= gap:
            out[-1] = (out[-1][0], p)
        else:
            out.append((p, p))
    return out


def find_grids(gray: np.ndarray, dpi: float) -> tuple[list[dict], np.ndarray]:
    """Tables of a straightened page: [{box: (x0, y0, x1, y1), rows: [y...], cells: [[(x0, x1, col, top_row)]]}]
    in pixels, and the mask of rule pixels (to paint white)."""
    black = gray < 128
    length = int(RULE_MM / 25.4 * dpi)
    h = _runs(black, length, 1)
    v = _runs(black, length, 0)
    rules = h | v
    lines = []                                   # horizontal rules (y, x0, x1)
    row_counts = h.sum(axis=1)
    for a, b in _group(np.nonzero(row_counts >= length * 2)[0]):
        xs = np.nonzero(h[a:b + 1].any(axis=0))[0]
        lines.append(((a + b) // 2, int(xs[0]), int(xs[-1])))
    tables = []
    tol = max(3, length // 6)
    i = 0
    while i < len(lines):
        group = [lines[i]]
        j = i + 1
        while j < len(lines):
            (y0, x0, _), (y1, _, _) = group[-1], lines[j]
            band = v[y0 + tol:y1 - tol, max(0, x0 - tol):x0 + tol + 1]
            if band.size and band.any(axis=1).mean() >= 0.9:     # the left border joins them
                group.append(lines[j])
                j += 1
            else:
                break
        if len(group) >= 3:
            tables.append(_cells(group, h, v, tol))
        i = j
    return tables, rules


def _cells(group, h, v, tol) -> dict:
    ys = [g[0] for g in group]
    x0, x1 = min(g[1] for g in group), max(g[2] for g in group)
    cols_present = v[ys[0]:ys[-1], :].sum(axis=0) >= min(b - a for a, b in zip(ys, ys[1:])) * 0.8
    xs = [(a + b) // 2 for a, b in _group(np.nonzero(cols_present)[0])]
    xs = [x for x in xs if x0 - tol <= x <= x1 + tol]
    if not xs or xs[0] > x0 + tol:
        xs = [x0] + xs
    if xs[-1] < x1 - tol:
        xs.append(x1)
    rows = []
    for r, (ya, yb) in enumerate(zip(ys, ys[1:])):
        cuts = [x for k, x in enumerate(xs) if k in (0, len(xs) - 1)
                or v[ya + tol:yb - tol, max(0, x - tol):x + tol + 1].any(axis=1).mean() >= 0.8]
        cells = []
        for ca, cb in zip(cuts, cuts[1:]):
            col = xs.index(ca)
            top = r
            mid0, mid1 = ca + (cb - ca) // 4, cb - (cb - ca) // 4
            while top > 0 and h[max(0, ys[top] - tol):ys[top] + tol + 1, mid0:mid1].any(axis=0).mean() < 0.5:
                top -= 1                         # no rule above: the cell goes on from the row above
            cells.append((ca, cb, col, top))
        rows.append(cells)
    return {"box": (x0, ys[0], x1, ys[-1]), "rows": ys, "cols": xs, "cells": rows}


def fill(table: dict, words: list[tuple[int, int, int, int, str]]) -> tuple[list[list[str]], list]:
    """Rows of cell texts from the words whose centre is in the table, and the words left over."""
    ys, xs = table["rows"], table["cols"]
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    x0, y0, x1, y1 = table["box"]
    found: dict[tuple[int, int], list] = {}
    rest = []
    for w in words:
        cx, cy = (w[0] + w[2]) / 2, (w[1] + w[3]) / 2
        if not (x0 <= cx <= x1 and y0 <= cy <= y1):
            rest.append(w)
            continue
        r = max(k for k in range(n_rows) if ys[k] <= cy)
        cell = next((c for c in table["cells"][r] if c[0] <= cx <= c[1]), None)
        if cell is None:
            continue
        found.setdefault((cell[3], cell[2]), []).append(w)
    grid = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    for (r, c), ws in found.items():
        grid[r][c] = _text(ws)
    return [row for row in grid if any(row)], rest


def _text(words) -> str:
    """Words of one cell in reading order: Tesseract's lines top to bottom, words left to right."""
    lines: dict[tuple, list] = {}
    for w in words:
        lines.setdefault(w[5], []).append(w)
    ordered = sorted(lines.values(), key=lambda ws: min(w[1] for w in ws))
    out = []
    for ws in ordered:
        for k, w in enumerate(sorted(ws, key=lambda w: w[0])):
            if _NOISE.match(w[4]) and not (k == 0 and w[4] in "-+"):
                continue             # a rule's leftover or a speck read as `_`, `'`, `|`, `-`
            out.append(w[4])
    return " ".join(out)


def widen(mask: np.ndarray, px: int = 2) -> np.ndarray:
    """The mask grown by `px` pixels every way: a rule's grey edge goes with it."""
    out = mask.copy()
    for d in range(1, px + 1):
        out[d:, :] |= mask[:-d, :]
        out[:-d, :] |= mask[d:, :]
        out[:, d:] |= mask[:, :-d]
        out[:, :-d] |= mask[:, d:]
    return out
