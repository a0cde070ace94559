"""Lines of a laid-out page back into paragraphs (PDF text, OCR text).

A PDF breaks lines where the page is full, not where the sentence ends. A line starts a new block when
- it begins with a list marker (`-`, `+`, `•`, `a)`, `1.`, `1.2.`, `II.`) or is a heading (all capitals,
  or a Roman numeral title), or the line before was one, or the line before ends with `./.`;
- the gap above it is clearly wider than the page's line spacing, or it has a first-line indent;
- the line before ends short of the right margin (the last line of a paragraph) and this one does not
  begin in lower case or with a digit;
- the line before runs to the margin but ends a sentence (`.`, `!`, `?`) and this one begins a new one.
A full line ending in `;` or `:` goes on (Vietnamese reports chain clauses and document lists that
way). Without geometry (OCR text) only punctuation and case decide. Otherwise the line continues the
paragraph, across a page break too. A hyphen at the end of a line joins the
word (`hoạt-` + `động` → `hoạt-động` stays hyphenated; Vietnamese words are single syllables, so only a
lower-case Latin word split mid-word loses its hyphen).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

_END = re.compile(r"(?:[.;:!?…]|\./\.)[\"”’)\]*]*$")
_STRONG_END = re.compile(r"[.!?…][\"”’)\]*]*$")
_LIST = re.compile(r"^(?:[-+•–—*]\s|[a-zđ][)/]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[IVXLC]{1,6}[.)\-]\s)")
_ROMAN_HEAD = re.compile(r"^[IVXLC]{1,6}\s*[.)\-–]\s+\S")
_SOFT_HYPHEN = re.compile(r"[a-z]{2,}-$")


_PAGE_NUMBER = re.compile(r"^\s*(?:(?:trang|page)\s*)?[-–—]?\s*\d{1,3}\s*(?:(?:/|trên|of)\s*\d{1,3})?\s*[-–—]?\s*$", re.I)


def is_page_number(s: str) -> bool:
    """`2`, `- 2 -`, `Trang 2`, `Trang 2/7`, `Page 2 of 7`."""
    return bool(_PAGE_NUMBER.match(s))


@dataclass(slots=True)   # one per line of every page: slots make them cheaper to build and read
class Line:
    text: str
    x0: float
    x1: float
    top: float          # from the page top
    bottom: float
    base: float = 0.0   # baseline, from the page top
    page: int = 1


def is_heading(s: str) -> bool:
    """A Roman-numeral title (`II. KẾT QUẢ ...`) or a short line in capitals (`BÁO CÁO`)."""
    if len(s) > 200:
        return False
    if _ROMAN_HEAD.match(s):
        return True
    if not s.isupper():         # a lower-case letter, or no letter at all: the usual line, decided in C
        return False
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and (" " in s or len(letters) >= 6)


def page_stats(lines: list[Line]) -> dict[int, tuple[float, float, float]]:
    """Per page: (left margin, right margin, usual distance between baselines)."""
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    stats = {}
    for page, ls in by_page.items():
        x0s = sorted(ln.x0 for ln in ls)
        x1s = sorted(ln.x1 for ln in ls)
        left = x0s[len(x0s) // 10]
        right = x1s[(len(x1s) * 9) // 10]
        steps = [b.base - a.base for a, b in zip(ls, ls[1:]) if 2 < b.base - a.base < 60]
        stats[page] = (left, right, median(steps) if steps else 0.0)
    return stats


def _breaks(prev: Line, cur: Line, stats) -> bool:
    p, c = prev.text, cur.text
    if _LIST.match(c) or is_heading(c) or is_heading(p) or p.endswith("./."):
        return True
    first = c.lstrip("\"“‘'")[:1]
    goes_on = first.islower() or first.isdigit()
    left, right, step = stats.get(prev.page, (0.0, 0.0, 0.0))
    if right <= left:                       # no geometry (OCR text): punctuation only
        return bool(_END.search(p)) and not goes_on
    width = right - left
    if cur.page == prev.page and step and cur.base - prev.base > 1.25 * step:
        return True                          # a wider gap than the page's line spacing
    if cur.x0 > left + 0.03 * width and cur.x0 > prev.x0 + 0.03 * width:
        return True                          # first-line indent
    if prev.x1 < right - 0.12 * width:
        return not goes_on                   # the line stopped short: its paragraph ended
    # a full line: the paragraph goes on unless a sentence ended and a new one starts
    return bool(_STRONG_END.search(p)) and not goes_on and first != "("


def _glue(a: str, b: str) -> str:
    if a.endswith("-") and not a.endswith(" -"):
        if _SOFT_HYPHEN.search(a) and b[:1].islower() and b[:1].isascii():
            return a[:-1] + b
        return a + b
    return a + " " + b


def join_lines(lines: list[Line], stats: dict | None = None) -> list[tuple[str, str, int]]:
    """(kind, text, page) blocks; kind is heading or paragraph, page where the block starts. `stats`:
    page_stats() of all the pages' lines, when `lines` is only part of them (text between tables)."""
    out: list[tuple[str, str, int]] = []
    if not lines:
        return out
    if stats is None:
        stats = page_stats(lines)
    text, page = lines[0].text, lines[0].page
    for prev, cur in zip(lines, lines[1:]):
        if _breaks(prev, cur, stats):
            out.append(("heading" if is_heading(text) else "paragraph", text, page))
            text, page = cur.text, cur.page
        else:
            text = _glue(text, cur.text)
    out.append(("heading" if is_heading(text) else "paragraph", text, page))
    return out
