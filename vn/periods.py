"""Reporting periods: codes of GOLD.md ↔ first and last day, phrases ↔ codes, data windows.

Codes: `2025-M04` (month), `2023-Q3` (quarter), `2021-H1` / `2021-H2` (half year), `2022-9M` (the
first n months, n = 2..11: `2025-10M`), `2022-Y` (whole year, also a yearly plan). The phrases (`tháng 4/2025`, `Quý III năm 2023`,
`6 tháng đầu năm 2021`, `9 tháng`) live in vn/data/periods.yaml.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import unicodedata
from functools import lru_cache
from pathlib import Path

import regex as re

from vn.datafile import load_yaml
from vn.fold import fold

_DATA = load_yaml(Path(__file__).parent / "data" / "periods.yaml")

CODE_RE = re.compile(r"^(\d{4})-(?:M(\d{2})|Q([1-4])|H([12])|([2-9]|1[01])M|(Y))$")


# ---------------------------------------------------------------- code ↔ dates

def _months(code: str) -> tuple[int, int, int]:
    """(year, first month, last month) of a code; ValueError if it is not one."""
    m = CODE_RE.match(code or "")
    if not m:
        raise ValueError(f"not a period code: {code!r}")
    year = int(m[1])
    if m[2]:
        first = last = int(m[2])
        if not 1 <= first <= 12:
            raise ValueError(f"not a period code: {code!r}")
    elif m[3]:
        first, last = 3 * int(m[3]) - 2, 3 * int(m[3])
    elif m[4]:
        first, last = (1, 6) if m[4] == "1" else (7, 12)
    elif m[5]:                        # the first n months (2025-10M)
        first, last = 1, int(m[5])
    else:
        first, last = 1, 12
    return year, first, last


def period_dates(code: str) -> tuple[_dt.date, _dt.date]:
    year, first, last = _months(code)
    return _dt.date(year, first, 1), _dt.date(year, last, calendar.monthrange(year, last)[1])


def period_bounds(code: str) -> tuple[str, str]:
    """`2025-M04` → ("2025-04-01", "2025-04-30"); `2023-Q3` → Jul 1–Sep 30; ValueError for a non-code."""
    a, b = period_dates(code)
    return a.isoformat(), b.isoformat()


def is_period(code: str | None) -> bool:
    try:
        _months(code or "")
        return True
    except ValueError:
        return False


# ---------------------------------------------------------------- windows

_W = _DATA["window"]


def expected_window(code: str) -> tuple[_dt.date, _dt.date]:
    """The window of Nghị định 09/2019/NĐ-CP: the 15th of the month before the period to the 14th of
    its last month (`2023-Q3` → 2023-06-15 .. 2023-09-14)."""
    year, first, last = _months(code)
    y0, m0 = (year - 1, 12) if first == 1 else (year, first - 1)
    return _dt.date(y0, m0, _W["start_day"]), _dt.date(year, last, _W["end_day"])


def _date(d) -> _dt.date:
    return d if isinstance(d, _dt.date) else _dt.date.fromisoformat(str(d)[:10])


def window_fits(period: str, start, end, tolerance_days: int | None = None) -> bool:
    """Does a data window (ISO strings or dates) belong to the period: the usual offset window or the
    calendar period, each end within the tolerance (periods.yaml)?"""
    tol = _W["tolerance_days"] if tolerance_days is None else tolerance_days
    try:
        s, e = _date(start), _date(end)
        candidates = (expected_window(period), period_dates(period))
    except (TypeError, ValueError):
        return False
    return any(abs((s - a).days) <= tol and abs((e - b).days) <= tol for a, b in candidates)


# ---------------------------------------------------------------- phrases → codes

_TOKEN = re.compile(r"\{(?P<ph>[\w/]+\??)\}|(?P<sp>\s+)|(?P<lit>[^\s{]+)")


def _alt(words) -> str:
    return "|".join(re.escape(fold(unicodedata.normalize("NFC", str(w)))) for w in sorted(words, key=len, reverse=True))


def _phrase_regex(phrase: str, i: int) -> str:
    """Regex source of one phrase; groups carry the pattern index i so one alternation holds them all."""
    numbers = _DATA["numbers"]
    roman = _alt(k.lower() for k in _DATA["quarter_numerals"])
    out: list[str] = []
    for t in _TOKEN.finditer(phrase.strip()):
        if t["sp"]:
            out.append(r"\s+")
        elif t["lit"]:
            out.append(re.escape(fold(unicodedata.normalize("NFC", t["lit"]))))
        elif t["ph"] == "m":
            out.append(rf"(?P<m{i}>1[0-2]|0?[1-9])(?!\d)")
        elif t["ph"] == "q":
            out.append(rf"(?P<q{i}>{roman}|0?[1-4])(?!\w)")
        elif t["ph"] == "y":
            out.append(rf"(?P<y{i}>(?:19|20)\d\d)(?!\d)")
        elif t["ph"] == "y?":   # the space before an optional year goes with it
            if out and out[-1] == r"\s+":
                out.pop()
            out.append(rf"(?:\s*(?P<y{i}>(?:19|20)\d\d)(?!\d))?")
        elif t["ph"] == "/":
            out.append(r"\s*[/.\-]\s*")
        elif t["ph"] in numbers:
            # "Đề án 06 tháng 7/2025" is the month: a count of months is never followed by a month number
            month = _alt([_DATA["date_words"]["month"]])
            out.append(f"(?:{_alt(numbers[t['ph']])})(?!\\s*(?:{month})\\s*(?:1[0-2]|0?[1-9])(?![\\d]))")
        else:
            raise ValueError(f"periods.yaml: unknown placeholder {t[0]} in {phrase!r}")
    return "".join(out)


@lru_cache(maxsize=1)
def _matcher():
    alts, codes = [], []
    day, month = (_alt([_DATA["date_words"][k]]) for k in ("day", "month"))
    in_date = rf"(?:{day})\s*\d{{0,2}}\s*[,.]?\s*(?:(?:{month})\s*\d{{0,2}}\s*[,.]?\s*)?"
    for pattern in _DATA["patterns"]:
        for phrase in pattern["phrases"]:
            i = len(codes)
            codes.append(pattern["period"])
            alts.append(f"(?P<p{i}>{_phrase_regex(phrase.strip(), i)})")
    # a period never starts inside a word, inside a written date (ngày 09 tháng 6 năm 2021) or right
    # after a number (16 tháng 3: a date without `ngày`), unless the number names a programme (Đề án 06 tháng 5/2024)
    programme = _alt(_DATA["programme_words"])
    rx = re.compile(rf"(?<!\w)(?<!{in_date})(?:(?<!\d\s{{0,2}})|(?<=(?:{programme})\s+\d{{1,3}}\s{{1,2}}))"
                    rf"(?:{'|'.join(alts)})")
    return rx, codes


def _quarter(q: str) -> int:
    q = q.strip()
    if q.isdigit():
        return int(q)
    return {k.lower(): v for k, v in _DATA["quarter_numerals"].items()}[q.lower()]


def find_periods(text: str, year: int | None = None) -> list[tuple[int, int, str]]:
    """Every period phrase in text as (start, end, code), in order. A phrase without a year takes
    `year`; without either it is left out."""
    if not text:
        return []
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)   # offsets then refer to the NFC text
    rx, codes = _matcher()
    out = []
    for m in rx.finditer(fold(text)):
        i = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None and k[0] == "p")
        y = m[f"y{i}"] if f"y{i}" in m.groupdict() else None
        y = int(y) if y else year
        if y is None:
            continue
        code = codes[i]
        if "{m}" in code:
            code = code.replace("{m}", f"{int(m[f'm{i}']):02d}")
        if "{q}" in code:
            code = code.replace("{q}", str(_quarter(m[f"q{i}"])))
        out.append((m.start(), m.end(), f"{y}-{code}"))
    return out


def parse_period(text: str, year: int | None = None) -> str | None:
    """The first period phrase of text as a code: `tháng 4/2025` → 2025-M04, `Quý III năm 2023` →
    2023-Q3, `6 tháng đầu năm 2021` → 2021-H1, `năm 2022` → 2022-Y; `9 tháng` → f"{year}-9M"."""
    found = find_periods(text, year)
    return found[0][2] if found else None


# ---------------------------------------------------------------- arithmetic (a figure's own period)

def months_code(year: int, first: int, last: int) -> str | None:
    """The code of the months first..last of a year: one month `M04`, a quarter, a half, the first n
    months (`3M` is `Q1`, `6M` `H1`, `12M` `Y`); None for a run of months no code names (May–August)."""
    if not (1 <= first <= last <= 12):
        return None
    if first == last:
        return f"{year}-M{first:02d}"
    if first == 1 and last == 12:
        return f"{year}-Y"
    if last - first == 2 and first % 3 == 1:
        return f"{year}-Q{last // 3}"
    if (first, last) in ((1, 6), (7, 12)):
        return f"{year}-H{1 if first == 1 else 2}"
    if first == 1:
        return f"{year}-{last}M"
    return None


def year_to_date(code: str, last: int | None = None) -> str | None:
    """From 1 January to the end of the period (`2025-M10` → `2025-10M`, `2023-Q3` → `2023-9M`), or to
    month `last` of its year."""
    year, _, end = _months(code)
    return months_code(year, 1, last or end)


def shift_year(code: str, years: int) -> str:
    """The same period another year (`2025-Q1`, -1 → `2024-Q1`)."""
    _months(code)
    return f"{int(code[:4]) + years}{code[4:]}"


def step(code: str, n: int) -> str | None:
    """The period of the same length n steps later (n = -1: the one before): `2025-M12` +1 → `2026-M01`,
    `2023-Q3` +1 → `2023-Q4`, `2021-H2` +1 → `2022-H1`, `2025-Y` +1 → `2026-Y`; `2023-9M` +1 → `2023-Q4`,
    the rest of its year; None before that."""
    year, first, last = _months(code)
    span = last - first + 1
    if first == 1 and span not in (1, 3, 6, 12):           # the first n months: what is left of the year
        return months_code(year, last + 1, 12) if n == 1 else None
    index = year * 12 + first - 1 + n * span
    y, m = divmod(index, 12)
    return months_code(y, m + 1, m + span)
