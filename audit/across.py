"""Checks across reports of one agency in one province, in period order.

`check_records(records)` takes extract records (any order, any mix of agencies) and returns Finding
dicts whose evidence points into the documents on both sides. Reports are grouped by province and
agency as the metadata gives them (a report without both, or without a period, takes no part):
- pending at the end of a period against carried over at the start of the next adjacent one;
- cumulative flows (Q1 → 6 months → 9 months → year, all from 1 January) that shrink;
- a procedure total that changes while the later report cites no decision issued in between;
- actual rates against the targets of that year's plan (`đạt tối thiểu 99%`);
- a figure a later report restates for an earlier report's period (`cùng kỳ năm trước`, a figure whose
  `period` the extractor gives) with another value than that report stated.
"""
from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from dataclasses import dataclass

from audit.findings import (CONFIG, figure_key, figures, finding, fmt_num, label, mention_evidence, scope_key, usable,
                            values_field)
from audit.periods import record_bounds
from vn.fold import fold
from vn.periods import period_dates

_DAY = _dt.timedelta(days=1)


@dataclass
class _Report:
    record: dict
    start: _dt.date
    end: _dt.date
    period: str
    plan: bool

    @property
    def source(self) -> str:
        return self.record.get("source") or ""


def _pair_finding(check: str, ind: str, a, old: dict, b, new: dict, roles: tuple[str, str]) -> dict:
    """A finding across two reports: `old` as report `a` states it, `new` as report `b` does."""
    return finding(check, {
        "indicator": (label(ind), ind), "prev_period": a.period, "period": b.period,
        "prev_value": (fmt_num(old["value"]), fmt_num(old["value"], "en")),
        "value": (fmt_num(new["value"]), fmt_num(new["value"], "en"))},
        [mention_evidence(a.record, old, role=roles[0]), mention_evidence(b.record, new, role=roles[1])],
        document=b.source, sha256=b.record.get("sha256"), documents=[a.source, b.source], scope="across",
        indicator=ind, values=values_field([old, new]))


def _key(meta: dict):
    province = meta.get("province_code") or meta.get("province")
    agency = meta.get("agency")
    if not province or not agency:
        return None
    return fold(" ".join(str(province).split())), fold(" ".join(str(agency).split()))


def _is_plan(meta: dict) -> bool:
    return meta.get("doc_type") == "ke_hoach"


def group_reports(records: list[dict]) -> dict[tuple, list[_Report]]:
    groups: dict[tuple, list[_Report]] = defaultdict(list)
    for r in records:
        if r.get("status", "ok") != "ok":
            continue
        meta = r.get("meta") or {}
        key, bounds = _key(meta), record_bounds(meta)
        if bounds is None and _is_plan(meta):      # a plan for years (2026-2030): the periods of its targets
            bounds = _span([t.get("period") for t in r.get("indicators") or () if t.get("kind") == "target"])
        if key is None or bounds is None:
            continue
        groups[key].append(_Report(r, bounds[0], bounds[1], meta.get("period") or "?", _is_plan(meta)))
    for reps in groups.values():
        reps.sort(key=lambda x: (x.start, x.end, x.source))
    return groups


def _span(codes) -> tuple[_dt.date, _dt.date] | None:
    dates = []
    for c in codes:
        try:
            dates.append(period_dates(c or ""))
        except ValueError:
            pass
    return (min(a for a, _ in dates), max(b for _, b in dates)) if dates else None


def check_records(records: list[dict]) -> list[dict]:
    out: list[dict] = []
    for reps in group_reports(records).values():
        reports = [x for x in reps if not x.plan]
        plans = [x for x in reps if x.plan]
        figs = {id(x): figures(x.record) for x in reports}
        out += _pending_carried(reports, figs)
        out += _cumulative(reports, figs)
        out += _procedures(reports, figs)
        out += _targets(reports, plans, figs)
        out += _restated(reports, figs)
    # one report kept as PDF and DOCX (or twice) gives the same finding per copy: keep the first
    seen: set[tuple] = set()
    unique = []
    for f in out:
        key = (f["check"], f["message"])
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _restated(reports, figs) -> list[dict]:
    """b states figures of a's period (each figure's own `period`, when the extractor gives it): they must
    be a's own figures of that indicator (the document's scope). Only the periods b names are looked up,
    so a group's time grows with its reports, not with their pairs."""
    out = []
    order = {id(x): i for i, x in enumerate(reports)}
    by_period: dict[str, list[_Report]] = defaultdict(list)
    for x in reports:
        by_period[x.period].append(x)
    for b in reports:
        named = {figure_key(m)[2] for m in b.record.get("indicators") or () if usable(m)} - {None, b.period}
        earlier = sorted((a for p in named for a in by_period.get(p, ()) if a is not b and a.end < b.end),
                         key=lambda a: order[id(a)])
        for a in earlier:
            again = figures(b.record, scope=(None, "", a.period))
            for ind, ms in again.items():
                mine = figs[id(a)].get(ind)
                if not mine or any(abs(float(m["value"]) - float(o["value"])) < 1e-9 for m in ms for o in mine):
                    continue
                out.append(_pair_finding("restated_differently", ind, a, mine[0], b, ms[0],
                                         ("stated by the earlier report", "restated by the later report")))
    return out


def _pending_carried(reports, figs) -> list[dict]:
    out = []
    starting: dict[_dt.date, list[_Report]] = defaultdict(list)     # reports in order, by first day
    for b in reports:
        starting[b.start].append(b)
    for a in reports:
        for b in starting.get(a.end + _DAY, ()):
            pend = figs[id(a)].get("dossiers_pending")
            carried = figs[id(b)].get("dossiers_carried_over")
            if not pend or not carried:
                continue
            if any(p["value"] == c["value"] for p in pend for c in carried):
                continue
            p, c = pend[0], carried[0]
            out.append(finding("pending_vs_carried_over", {
                "prev_period": a.period, "period": b.period,
                "pending": (fmt_num(p["value"]), fmt_num(p["value"], "en")),
                "carried": (fmt_num(c["value"]), fmt_num(c["value"], "en"))},
                [mention_evidence(a.record, p, role="pending, earlier period"),
                 mention_evidence(b.record, c, role="carried over, next period")],
                document=b.source, sha256=b.record.get("sha256"), documents=[a.source, b.source], scope="across",
                indicator="dossiers_carried_over", values=values_field([p, c])))
    return out


def _cumulative(reports, figs) -> list[dict]:
    """Reports running from 1 January, by end date: each flow must not go down."""
    out = []
    by_year: dict[int, list[_Report]] = defaultdict(list)
    for x in reports:
        if x.start == _dt.date(x.start.year, 1, 1):
            by_year[x.start.year].append(x)
    for chain in by_year.values():
        chain.sort(key=lambda x: x.end)
        for ind in CONFIG["cumulative"]:
            having = [x for x in chain if ind in figs[id(x)]]
            for a, b in zip(having, having[1:]):
                if b.end <= a.end:
                    continue
                small = max(figs[id(b)][ind], key=lambda m: m["value"])
                big = min(figs[id(a)][ind], key=lambda m: m["value"])
                if small["value"] >= big["value"]:
                    continue
                out.append(_pair_finding("cumulative_shrinks", ind, a, big, b, small, ("shorter period", "longer period")))
    return out


def _procedures(reports, figs) -> list[dict]:
    """Consecutive reports (by end) giving the procedure total: a change needs a decision (a Quyết
    định công bố) cited by the later report and dated between the two periods' ends (± a month)."""
    out = []
    having = sorted((x for x in reports if "procedures_total" in figs[id(x)]), key=lambda x: x.end)
    codes = set(CONFIG["procedure_decision_codes"])
    slack = _dt.timedelta(days=CONFIG["tolerances"]["window_days"])
    for a, b in zip(having, having[1:]):
        if b.end <= a.end or (b.start - a.end).days > 366:   # not consecutive: too much may have changed
            continue
        va, vb = figs[id(a)]["procedures_total"], figs[id(b)]["procedures_total"]
        if any(x["value"] == y["value"] for x in va for y in vb):
            continue
        lo, hi = a.end - slack, b.end + slack
        cited = [r for r in b.record.get("references") or ()
                 if r.get("type_code") in codes and r.get("date") and lo <= _dt.date.fromisoformat(r["date"]) <= hi]
        if cited:
            continue
        x, y = va[0], vb[0]
        out.append(finding("procedures_changed", {
            "prev_period": a.period, "period": b.period,
            "prev_value": (fmt_num(x["value"]), fmt_num(x["value"], "en")),
            "value": (fmt_num(y["value"]), fmt_num(y["value"], "en"))},
            [mention_evidence(a.record, x, role="earlier period"), mention_evidence(b.record, y, role="later period")],
            document=b.source, sha256=b.record.get("sha256"), documents=[a.source, b.source], scope="across",
            indicator="procedures_total", values=values_field([x, y])))
    return out


def _plan_targets(plan: _Report) -> dict[tuple[str, int], list[dict]]:
    """(indicator, year) → a plan's percent targets of its own scope for that year: the plan's year, or the
    year a target names (`đến năm 2030`: the five-year plan's target lands on 2030)."""
    out: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for t in plan.record.get("indicators") or ():
        if not usable(t, "target") or scope_key(t) != (None, "") or t.get("unit") != "percent":
            continue
        try:
            year = period_dates(t["period"])[0].year if t.get("period") else plan.start.year
        except ValueError:
            continue
        if not any(abs(o["value"] - t["value"]) < 1e-9 for o in out[(t["indicator"], year)]):
            out[(t["indicator"], year)].append(t)
    return out


def _targets(reports, plans, figs) -> list[dict]:
    """Rates of each report against the target of the plan for the same year (the year the target is for).
    A plan giving one indicator several targets for a year is read at its most lenient one."""
    out = []
    ceilings = set(CONFIG["target_ceilings"])
    in_year: dict[int, list[_Report]] = defaultdict(list)       # reports within one calendar year, in order
    for x in reports:
        if x.start.year == x.end.year:
            in_year[x.start.year].append(x)
    for plan in plans:
        for (ind, year), ts in _plan_targets(plan).items():
            ceiling = ind in ceilings
            target = max(ts, key=lambda t: t["value"]) if ceiling else min(ts, key=lambda t: t["value"])
            for x in in_year.get(year, ()):
                for m in figs[id(x)].get(ind, ()):
                    if m.get("unit") != "percent":
                        continue
                    missed = m["value"] > target["value"] if ceiling else m["value"] < target["value"]
                    if not missed:
                        continue
                    word = ("tối đa", "at most") if ceiling else ("tối thiểu", "at least")
                    out.append(finding("target_missed", {
                        "indicator": (label(ind), ind), "period": x.period, "year": year,
                        "value_text": (fmt_num(m["value"]) + "%", fmt_num(m["value"], "en") + "%"),
                        "target_text": (f"{word[0]} {fmt_num(target['value'])}%", f"{word[1]} {fmt_num(target['value'], 'en')}%")},
                        [mention_evidence(plan.record, target, role="target"),
                         mention_evidence(x.record, m, role="actual")],
                        document=x.source, sha256=x.record.get("sha256"), documents=[plan.source, x.source], scope="across",
                        indicator=ind, values=values_field([target, m])))
    return out
