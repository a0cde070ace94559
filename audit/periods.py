"""First and last day of a period code (GOLD.md): 2025-M04, 2023-Q3, 2021-H1, 2022-9M, 2022-Y."""
from __future__ import annotations

import calendar
import datetime as _dt
import re

_CODE = re.compile(r"^(\d{4})-(?:M(\d{1,2})|Q([1-4])|H([12])|(9)M|(Y))$")


def period_bounds(code: str | None) -> tuple[_dt.date, _dt.date] | None:
    m = _CODE.match(code or "")
    if not m:
        return None
    year = int(m[1])
    if m[2]:
        first = last = int(m[2])
    elif m[3]:
        first, last = 3 * int(m[3]) - 2, 3 * int(m[3])
    elif m[4]:
        first, last = (1, 6) if m[4] == "1" else (7, 12)
    elif m[5]:
        first, last = 1, 9
    else:
        first, last = 1, 12
    if not 1 <= first <= last <= 12:
        return None
    return _dt.date(year, first, 1), _dt.date(year, last, calendar.monthrange(year, last)[1])


def record_bounds(meta: dict) -> tuple[_dt.date, _dt.date] | None:
    """The period of a record's metadata: period_start/period_end when given, else from the code."""
    try:
        if meta.get("period_start") and meta.get("period_end"):
            return _dt.date.fromisoformat(meta["period_start"]), _dt.date.fromisoformat(meta["period_end"])
    except (TypeError, ValueError):
        pass
    return period_bounds(meta.get("period"))
