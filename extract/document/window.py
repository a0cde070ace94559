"""The data window of a document: a `từ … đến …` span that fits its period, stands in a news item's lead,
or is labelled as the data's."""
from __future__ import annotations

import regex as re

from extract.document.layout import (NEAR, _DATA, _DW, _alt, _evidence)
from extract.lexicon import FIGURE_PERIODS
from extract.text.numbers import make_date
from vn import periods as P

_W = _DATA["window"]
_DATE = (rf"(?:(?P<d{{n}}>\d{{1,2}})\s*[/.\-]\s*(?P<m{{n}}>\d{{1,2}})(?:\s*[/.\-]\s*(?P<y{{n}}>\d{{4}}))?(?![\d/])"
         rf"|(?P<d{{n}}>\d{{1,2}})\s*{_DW['month']}\s*(?P<m{{n}}>\d{{1,2}})(?:\s*[,.]?\s*{_DW['year']}\s*(?P<y{{n}}>\d{{4}}))?)")
_DATE1, _DATE2 = _DATE.replace("{n}", "1"), _DATE.replace("{n}", "2")
_WINDOW_RE = re.compile(
    rf"(?<!\w)(?:{_alt(_W['from'])})[\s*_]+{_DATE1}[\s*_,]*(?:{_alt(_W['to'])})[\s*_]*{_DATE2}")
_LABEL_RE = re.compile(rf"(?<!\w)(?:{_alt(_W['labels'])})(?!\w)[^\n.;]*$")



def _window_dates(m, year_hint):
    d1, m1, y1 = m["d1"], m["m1"], m["y1"]
    d2, m2, y2 = m["d2"], m["m2"], m["y2"]
    if not y2:
        return None
    if not y1:   # `từ ngày 15/3 đến ngày 14/4/2025`: the start takes the end's year (or the one before)
        y1 = int(y2) - (1 if int(m1 or 0) > int(m2) else 0)
    a, b = make_date(d1, m1, y1), make_date(d2, m2, y2)
    if not a or not b or a >= b:
        return None
    return a, b


def _window(doc, text, ft, period, ev, lead=()):
    """The data window: of the `từ … đến …` spans, the first that fits the period (Nghị định
    09/2019/NĐ-CP offset or calendar period); if none fits, the first in the lead of a text without an
    official layout (`lead`: a news item's `Tin từ Trung tâm …, từ ngày 2.1.2018 đến 17.5.2018 đã tiếp
    nhận …`), else the first one labelled as the data's (`số liệu tính từ …`)."""
    labelled = in_lead = None
    for m in _WINDOW_RE.finditer(ft):
        dates = _window_dates(m, None)
        if not dates:
            continue
        if period and P.window_fits(period, *dates):
            ev["window"] = _evidence(doc, text, m.start(), m.end())
            return dates[0], dates[1], "fits_period"
        if in_lead is None and any(s <= m.start() and m.end() <= e for s, e in lead):
            in_lead = (m, dates)
        if labelled is None and _LABEL_RE.search(ft, max(0, m.start() - NEAR), m.start()):
            labelled = (m, dates)
    for found, source in ((in_lead, "lead"), (labelled, "labelled")):
        if found:
            m, dates = found
            ev["window"] = _evidence(doc, text, m.start(), m.end())
            return dates[0], dates[1], source
    return None, None, None


def year_to_date_of(y1: int, m1: int, d1: int, y2: int, m2: int, d2: int) -> str | None:
    """The period a range of dates stands for when it opens the year: from the first days of January (or the second
    half of December before, as Nghị định 09/2019's windows open) to the end date, the year to date up to that
    month (the month before when the end falls in its first days); None for any other range
    (figure_periods.yaml's days). Read by a news item's window and by a figure's own range (figure_period.py)."""
    fp = FIGURE_PERIODS
    if not ((m1 == 1 and d1 <= fp["january_start_days"] and y1 == y2)
            or (m1 == 12 and d1 >= fp["december_start_day"] and y1 == y2 - 1)):
        return None
    return P.months_code(y2, 1, m2 if d2 >= fp["end_day_min"] else m2 - 1)


def period_of_window(start: str | None, end: str | None) -> str | None:
    """A news item's period from the window of its lead when nothing else names one (`từ ngày 01.01.2024 đến ngày
    31.5.2024` → 2024-5M)."""
    if not start or not end:
        return None
    return year_to_date_of(*(int(x) for x in start.split("-")), *(int(x) for x in end.split("-")))
