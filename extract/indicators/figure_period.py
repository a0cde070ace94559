"""The period of each figure, where it is not the document's own (GOLD.md: an indicator's `period`).

Reports state figures of other periods beside their own: next period's targets in the direction section
(`PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV`), the year to date in a monthly report (`lũy kế từ đầu năm`), the same
period last year (`cùng kỳ năm 2024 là 9.000 hồ sơ`), a month inside a quarterly report (`Trong tháng
7/2025, ...`), another year's results (`Kết quả năm 2024: ...`, a table captioned with a year), a plan's
horizon (`Mục tiêu đến năm 2030`). A change (`tăng 5% so với cùng kỳ`) is the document's period's.

`FigurePeriods(...).of(found)` reads the words around one figure, after the rules found it, and gives its
period code (`2025-10M`), None for the document's own, or DROP for a figure of another period that cannot
be placed (a relative phrase in a document without a period). The words are in data/figure_periods.yaml;
period phrases and codes are vn.periods'.
"""
from __future__ import annotations

import bisect

import regex as re

from extract.lexicon.catalogue import any_of
from extract.document.kinds import heading_level, unmark
from extract.document.window import year_to_date_of
from extract.model import Document
from extract.indicators.reading import describes_figure_before, from_to_start
from extract.lexicon import FIGURE_PERIODS
from vn.fold import phrase_body
from vn.periods import find_periods, is_period, months_code, shift_year, step, year_to_date

_D = FIGURE_PERIODS
DROP = "drop"


def _rx(spec: str) -> re.Pattern:
    return re.compile(spec[3:] if spec.startswith("re:") else phrase_body(spec))


_DIRECTION = any_of(_D["direction_headings"])
_LEAD = re.compile(r"(?<!\w)(?:" + "|".join(sorted((phrase_body(w) for w in _D["period_leads"]), key=len, reverse=True))
                   + r")[\s,:\-–+*•.]*$")
_NAMED_BY = any_of(_D.get("named_by"))
_BARE_START = re.compile(r"[\W\d_]*$")          # (with match()) only bullets, numbering, punctuation before
_SAME_LAST = any_of(_D["same_period_last_year"])
_SAME_YEAR = _rx(_D["same_period_year"])
_PREVIOUS = {unit: any_of(words) for unit, words in _D["previous_period"].items()}
_PREVIOUS_VETO = _rx(_D["previous_veto"])
_YTD = any_of(_D["year_to_date"])
_RANGE = _rx(_D["date_range"])
_UNTIL = _rx(_D["until_date"])
_CURRENT = any_of(_D["current_period"])
_COMPARISON = _rx(_D["comparison"])
_COMPARISON_VALUE = _rx(_D["comparison_value"])
_AFTER = _rx(_D["after_figure"])
_END_DAY = _D["end_day_min"]
_CAPTION = _D["caption_chars"]


class FigurePeriods:
    """The periods of the figures of one document. `sentences`: the (start, end) windows the text rules
    read (sorted); `other`: starts of the figures the text rules saw as another period's (they are dropped
    when no period can be given them, as before there was a period to give)."""

    def __init__(self, doc: Document, folded: str, meta: dict | None, plan: bool,
                 sentences: list[tuple[int, int]], other: set[int] | frozenset = frozenset()):
        self.doc, self.folded, self.plan, self.other = doc, folded, plan, other
        period = (meta or {}).get("period")
        self.period = period if is_period(period) else None
        self.year = int(self.period[:4]) if self.period else _year_of(meta)
        self.sentences = sentences
        self._starts = [a for a, _ in sentences]
        self._headings = self._sections()
        self._cache: dict[tuple[int, int], list] = {}

    # ------------------------------------------------------------ entry
    def of(self, f) -> str | None:
        """Period code of a Found (extract.indicators.rules_text), None (the document's) or DROP."""
        if f.kind == "change":
            return None
        pos = f.fig_start if f.fig_start >= 0 else f.start
        end = f.fig_end if f.fig_end >= 0 else f.end
        code, relative = None, False
        if f.rule.startswith("table:"):
            code = self._table(f)
            code = code and self._explicit(code, f.kind == "target")
        else:
            code = self._after(end, target=f.kind == "target")
            if code is None:
                a, b = self._sentence(pos)
                code, relative = self._before(a, b, pos, target=f.kind == "target")
                if code is None and not relative and f.kind == "target":
                    code = self._first_after(end, b)
        if code is None and not relative and f.kind == "target":
            code = self._from_headings(pos)
        if code is None and (relative or pos in self.other):
            return DROP                      # another period's figure that cannot be placed
        if f.rule == "text:compared-value" and code in (None, self.period):
            return DROP                      # the value compared with is another period's: never the report's
        return None if code == self.period else code

    # ------------------------------------------------------------ sentence words
    def _sentence(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self.sentences[i][0] <= pos < self.sentences[i][1]:
            return self.sentences[i]
        return max(0, pos - 200), pos + 1

    def _periods(self, a: int, b: int) -> list[tuple[int, int, str]]:
        key = (a, b)
        if key not in self._cache:
            self._cache[key] = [(a + s, a + e, c) for s, e, c in find_periods(self.doc.text[a:b], self.year)]
        return self._cache[key]

    def _before(self, a: int, b: int, pos: int, target: bool) -> tuple[str | None, bool]:
        """The last period the sentence names before the figure: (code, whether that was a relative phrase
        such as `cùng kỳ năm trước`, which needs the document's period)."""
        folded = self.folded
        earlier = pos in self.other          # the text rules saw an earlier year before it (reading.py)
        ft = from_to_start(folded, a, pos)
        pos = pos if ft is None else ft      # "từ 61% (tháng trước) lên 70,4%": the earlier value's time
        events: list[tuple[int, int, str | None, bool]] = []   # (start, end, code, relative)
        taken: list[tuple[int, int]] = []

        def add(s, e, code, relative):
            if describes_figure_before(folded, a, s):
                taken.append((s, e))         # "gồm 60 hồ sơ tồn kỳ trước và 800 hồ sơ mới": the 60's, not the 800's
                return
            if _COMPARISON.search(folded, max(a, s - 12), s):
                # `so với cùng kỳ năm 2024`: the comparison's reference; only `(9.000 hồ sơ)` or `là 9.000` after it
                if not (_COMPARISON_VALUE.match(folded, e, pos) and pos - e < 24):
                    taken.append((s, e))
                    return
            events.append((s, e, code, relative))
            taken.append((s, e))

        for m in _RANGE.finditer(folded, a, pos):
            add(m.start(), m.end(), self._range(m), False)
        for m in _SAME_YEAR.finditer(folded, a, pos):
            if not _inside(m.start(), taken):
                add(m.start(), m.end(), self._shift_to(int(m["y"])), True)
        for m in _SAME_LAST.finditer(folded, a, pos):
            if not _inside(m.start(), taken):
                add(m.start(), m.end(), shift_year(self.period, -1) if self.period else None, True)
        for m in _YTD.finditer(folded, a, pos):
            if not _inside(m.start(), taken):
                until = _UNTIL.match(folded, m.end(), min(pos, m.end() + 40)) or \
                    _UNTIL.search(folded, m.end(), min(pos, m.end() + 40))
                add(m.start(), m.end(), self._to_date(until) if until else
                    (year_to_date(self.period) if self.period else None), until is None)
        for unit, rx in _PREVIOUS.items():
            for m in rx.finditer(folded, a, pos):
                if not _inside(m.start(), taken) and not _PREVIOUS_VETO.match(folded, m.end()):
                    add(m.start(), m.end(), self._previous(unit), True)
        for s, e, code in self._periods(a, b):
            if e > pos or _inside(s, taken) or _inside(e - 1, taken):
                continue
            if _COMPARISON.search(folded, max(a, s - 12), s):
                if _COMPARISON_VALUE.match(folded, e, pos) and pos - e < 24:
                    events.append((s, e, code, False))   # `so với năm 2023 (10.000 hồ sơ)`: that period's value
                    taken.append((s, e))
                continue
            if not target and not self._leads(a, s) and not (earlier and code.endswith("-Y") and not (
                    _NAMED_BY is not None and _NAMED_BY.search(folded, max(a, s - 40), s))):
                continue                     # `Kế hoạch CCHC năm 2025, Sở tiếp nhận ...`: names a plan, not the time
            add(s, e, self._explicit(code, target), False)
        for m in _CURRENT.finditer(folded, a, pos):
            events.append((m.start(), m.end(), self.period, False))
        if not events:
            return None, False
        s, e, code, relative = max(events, key=lambda x: (x[0], x[1]))
        return code, relative and code is None

    def _leads(self, a: int, s: int) -> bool:
        before = self.folded[max(a, s - 60):s]
        if s - a <= 60 and _BARE_START.match(self.folded, a, s):
            return True
        return bool(_LEAD.search(before))

    def _explicit(self, code: str, target: bool) -> str:
        """A period phrase as the time of a figure: the whole of the report's year named in a report of part
        of it (`Trong năm 2025, ...` in an October report) is its year to date, for a result."""
        if (not target and self.period and code.endswith("-Y") and code[:4] == self.period[:4]
                and not self.period.endswith("-Y")):
            return year_to_date(self.period)
        return code

    def _after(self, end: int, target: bool) -> str | None:
        """`42,3% (tháng 5)`, `90% của năm 2024`: a period tied to the figure right after it."""
        m = _AFTER.match(self.folded, end, min(len(self.folded), end + 50))
        if not m:
            return None
        s = m.start("p") if m["p"] is not None else m.start("q")
        e = m.end("p") if m["p"] is not None else m.end("q")
        found = find_periods(self.doc.text[s:e], self.year)
        if not found or found[0][0] != 0:
            return None
        return self._explicit(found[0][2], target)

    def _first_after(self, end: int, b: int) -> str | None:
        """A target's period named after it in its sentence (`đạt 100% vào năm 2030`), before the next figure."""
        for s, e, code in self._periods(*self._sentence(end - 1)):
            if s >= end and e <= b and not _COMPARISON.search(self.folded, max(0, s - 12), s):
                return code
        return None

    # ------------------------------------------------------------ relative periods
    def _shift_to(self, year: int) -> str | None:
        return shift_year(self.period, year - int(self.period[:4])) if self.period else None

    def _previous(self, unit: str) -> str | None:
        p = self.period
        if not p:
            return None
        if unit == "same":
            return step(p, -1)
        if unit == "month":
            return step(p, -1) if "-M" in p else None
        if unit == "quarter":
            return step(p, -1) if "-Q" in p else None
        return f"{int(p[:4]) - 1}-Y"

    def _range(self, m) -> str | None:
        """`từ ngày 02/01/2018 đến ngày 17/5/2018`: the year to date when the range starts with the year (or
        with the data window that opens it, in the second half of December)."""
        d1, m1, d2, m2, y2 = (int(m[k]) for k in ("d1", "m1", "d2", "m2", "y2"))
        return year_to_date_of(int(m["y1"]) if m["y1"] else y2, m1, d1, y2, m2, d2)

    def _to_date(self, m) -> str | None:
        d2, m2, y2 = int(m["d2"]), int(m["m2"]), int(m["y2"])
        return months_code(y2, 1, m2 if d2 >= _END_DAY else m2 - 1)

    # ------------------------------------------------------------ sections and tables
    def _sections(self) -> list[tuple[int, int, int, int]]:
        """(start, end of its section, heading end, level) of every heading, in text order."""
        doc, out, open_ = self.doc, [], []
        for b in doc.blocks:
            if b.kind not in ("heading", "paragraph"):
                continue
            text = doc.text[b.start:b.end]
            level = heading_level(text, b.kind, unmark(text))
            if level is None:
                continue
            while open_ and out[open_[-1]][3] >= level:
                i = open_.pop()
                out[i] = (out[i][0], b.start, out[i][2], out[i][3])
            open_.append(len(out))
            out.append((b.start, len(doc.text), b.end, level))
        return out

    def _from_headings(self, pos: int) -> str | None:
        """A target's period from the headings above it, innermost first: the period a heading names, else,
        under a report's direction heading (`PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI`), the period after the
        report's."""
        for s, end, hend, _ in reversed(self._headings):
            if not (s <= pos < end) or pos < hend:
                continue
            found = [c for _, _, c in self._periods(s, hend)]
            if found:
                return found[-1]
            if not self.plan and _DIRECTION.search(self.folded, s, hend):
                return step(self.period, 1) if self.period else None
        return None

    def _table(self, f) -> str | None:
        """A table's figure: the period its column path names, else the one its caption names."""
        path = f.rule[len("table:"):]
        found = find_periods(path, self.year)
        if found:
            return found[-1][2]
        i = self.doc.block_index_at(f.start)
        if i <= 0 or self.doc.blocks[i].kind != "table":
            return None
        cap = self.doc.blocks[i - 1]
        if cap.kind not in ("heading", "paragraph") or cap.end - cap.start > _CAPTION:
            return None
        found = self._periods(cap.start, cap.end)
        return found[-1][2] if found else None


def _inside(x: int, spans) -> bool:
    return any(s <= x < e for s, e in spans)


def _year_of(meta: dict | None) -> int | None:
    for k in ("period_start", "issue_date"):
        v = str((meta or {}).get(k) or "")[:4]
        if v.isdigit():
            return int(v)
    return None
