"""Numbers, percentages and dates as Vietnamese reports write them.

Vietnamese uses `.` for thousands and `,` for decimals (`9.423` = 9423, `99,75%` = 99.75), but a dot
decimal also occurs (`1.5%/năm`) and counts are zero-padded (`01`, `03`). The rule that decides: a dot
followed by exactly three digits (and no further digit) is a thousands separator; any other dot or comma
is the decimal mark.
"""
from __future__ import annotations

import datetime as _dt

import regex as re

from extract.lexicon import METADATA

# A number as written: grouped thousands (9.423, 1.234.567, 1.234,5) or plain with an optional decimal
# part (99,75  1.5  01). Used inside larger patterns, so it has no groups of its own.
NUMBER = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![.,]?\d)|\d+(?:[.,]\d+)?)"
PERCENT = NUMBER + r"\s?%"

_NUMBER_RE = re.compile(rf"^\s*({NUMBER})\s*$")
# no report figure has 40 characters; a run of thousands of digits would overflow int() (4,300 digits)
MAX_CHARS = 40
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")


def parse_number(s: str) -> int | float | None:
    """`9.423` → 9423, `99,75` → 99.75, `1.5` → 1.5, `01` → 1, `1.234,5` → 1234.5; None if not a number."""
    if s is None:
        return None
    s = s.strip().rstrip("%").strip()
    if len(s) > MAX_CHARS or not s.isascii() or not _NUMBER_RE.match(s):
        return None                      # only the digits 0-9 (regex's \d also takes other scripts' digits)
    if _GROUPED.match(s):
        whole, _, frac = s.partition(",")
        whole = whole.replace(".", "")
        return float(f"{whole}.{frac}") if frac else int(whole)
    if "," in s or "." in s:
        return float(s.replace(",", "."))
    return int(s)


def parse_count(s: str) -> int | None:
    """A whole count (`9.423`, `01`); None for anything with a decimal part."""
    v = parse_number(s)
    if isinstance(v, float):
        return int(v) if v.is_integer() and "," not in s and "." not in s else None
    return v


def parse_percent(s: str) -> float | None:
    """`99,75%` → 99.75, `1,4 %` → 1.4, `100 %` → 100.0."""
    v = parse_number(s.replace("%", ""))
    return None if v is None else float(v)


# ---------------------------------------------------------------- roman numerals (Quý III, Phần II)

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(s: str) -> int | None:
    s = s.strip().upper()
    if not s or any(c not in _ROMAN for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN[c]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total


# ---------------------------------------------------------------- dates

# `09/02/2021`, `5/5/2021`, `09-02-2021`, `09.02.2021`
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{4})(?![\d/])")
# `ngày 09 tháng 6 năm 2021`; day or month may be left blank in drafts (`ngày   tháng 4 năm 2025`)
_DW = METADATA["date_words"]        # ngày, tháng, năm (data/metadata.yaml)
_WORD_DATE = re.compile(rf"{_DW['day']}\s*(\d{{1,2}})?\s*(?:[,.]\s*)?{_DW['month']}\s*(\d{{1,2}})?\s*(?:[,.]\s*)?"
                        rf"{_DW['year']}\s*(\d{{4}})", re.I)


def make_date(day, month, year) -> str | None:
    """ISO date, or None when a part is blank or the date does not exist."""
    try:
        return _dt.date(int(year), int(month), int(day)).isoformat()
    except (TypeError, ValueError):
        return None


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str | None]]:
    """Every date in text[start:end] as (start, end, iso-or-None), in order. A date with a blank day or
    month is found (so callers can tell "a date was written") with iso None."""
    end = len(text) if end is None else end
    found = []
    for m in _NUMERIC_DATE.finditer(text, start, end):
        found.append((m.start(), m.end(), make_date(m[1], m[2], m[3])))
    for m in _WORD_DATE.finditer(text, start, end):
        found.append((m.start(), m.end(), make_date(m[1], m[2], m[3])))
    found.sort()
    return found


def parse_date(text: str) -> str | None:
    """The first date in text as ISO, or None."""
    for _, _, iso in find_dates(text):
        return iso
    return None
