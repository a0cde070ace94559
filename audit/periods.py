"""The period of a record as dates, for the checks (codes of GOLD.md: 2025-M04, 2023-Q3, 2021-H1,
2022-9M, 2022-Y; vn.periods knows them)."""
from __future__ import annotations

import datetime as _dt

from vn.periods import period_dates


def record_bounds(meta: dict) -> tuple[_dt.date, _dt.date] | None:
    """The period of a record's metadata: period_start/period_end when given, else from the code."""
    try:
        if meta.get("period_start") and meta.get("period_end"):
            return _dt.date.fromisoformat(meta["period_start"]), _dt.date.fromisoformat(meta["period_end"])
    except (TypeError, ValueError):
        pass
    try:
        return period_dates(meta.get("period") or "")
    except ValueError:
        return None
