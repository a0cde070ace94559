"""Indicators of the core catalogue (INDICATORS.md) out of one Document, each with its evidence.

    Document ──sentences──▶ figures ──rules_text──▶ ┐
             ──tables─────────────────rules_table──▶ ├─▶ kinds (actual/target/change) ─▶ dedup ─▶ Mention
Phrasings live in data/indicators.yaml, kind words in data/kinds.yaml.
"""
from __future__ import annotations

import bisect
import unicodedata

from extract.lexicon.catalogue import INDICATORS
from extract.document.kinds import TargetScopes, is_plan
from extract.model import Document, Mention
from extract.text.figures import Masks, find_figures
from extract.indicators.figure_period import DROP, FigurePeriods
from extract.lexicon.catalogue import find_all
from extract.indicators.index import DocIndex, zero_matches
from extract.indicators.reading import Found
from extract.indicators.rules_text import SentenceRules
from extract.document.scope import NONE, OTHER, Scopes, unit_key
from extract.document.sentences import logical_paragraphs, sentences_with_heads
from vn.fold import fold
from vn.periods import period_bounds


def find_indicators(doc: Document, meta: dict | None = None, trace: list | None = None) -> list[Mention]:
    """trace: a list to which every figure the rules took but the output leaves out is added, with why
    (`chiso show --why`, see _left_out); None, the normal run: nothing is traced."""
    text = doc.text
    if not text:
        return []
    folded = fold(text)
    if len(folded) != len(text):           # not NFC: match on the NFC text would shift offsets
        folded = fold(unicodedata.normalize("NFC", text))
        if len(folded) != len(text):
            return []
    plan = is_plan(doc, meta)
    scopes = TargetScopes(doc, folded)
    masks = Masks(text, folded)
    whose = Scopes(text, folded, meta)
    active = []                              # sentences with a figure or a zero in words
    heads = set()                            # the lines that open their lists (searched for their words too)
    zeros = _zero_starts(folded)             # one pass over the text, not one per sentence
    paragraphs = logical_paragraphs(doc)
    para_starts = [p[0] for p in paragraphs]
    para, carried = -1, NONE                 # a scope the paragraph's opening words gave ("Ở cấp huyện, ...")
    for a, b, head in sentences_with_heads(doc, paragraphs):
        p = bisect.bisect_right(para_starts, a) - 1
        if p != para:
            para, carried = p, NONE
        figs = find_figures(folded, masks, a, b)
        k = bisect.bisect_left(zeros, a)
        if figs or (k < len(zeros) and zeros[k] < b):
            active.append((a, b, figs, head, carried))
            if head is not None:
                heads.add(head)
        opened = whose.opener(a, b)
        if opened is NONE and figs:          # "Cấp xã tiếp nhận 8.400 hồ sơ. Đã giải quyết 8.100 hồ sơ": its subject
            counted = [f.start for f in figs if f.kind == "percent" or f.noun not in (None, "unknown", "other")]
            if counted:
                opened = whose.subject_of(a, counted[0], counted)
        if opened is not NONE:
            carried = opened
    windows = sorted({(a, b) for a, b, _, _, _ in active} | heads)
    idx = DocIndex.build(text, folded, masks, windows)
    year = _plan_year(meta)
    rules = SentenceRules(idx, scopes.covers, plan, year if plan else None, year)
    rules.keep_other_periods = True          # figures of other periods get theirs (extract.indicators.figure_period)
    if trace is not None:
        rules.trace = []
        if hasattr(trace, "saw"):            # `--verbose` (report/trace_seen.py): what the rules saw, read after
            rules.seen = []
            trace.saw.update(index=idx, scopes=whose, cases=rules.seen, sentences=active)
    found: list[tuple[Found, str]] = []
    for a, b, figs, head, carried in active:
        # where the sentence's figures stand ("17 xã" counts something else: no figure of the catalogue)
        starts = [f.start for f in figs if not (f.noun == "other" and f.kind != "percent")]
        for f in rules.sentence(a, b, figs, head):
            fs, fe = (f.fig_start, f.fig_end) if f.fig_start >= 0 else (f.start, f.end)
            scope = whose.of_figure(fs, fe, a, b, starts, head, None if carried is NONE else carried)
            f.scope = None if scope is NONE else scope
            found.append((f, "text"))
    from extract.indicators.rules_table import table_mentions
    found.extend((f, "table") for f in table_mentions(doc, idx, scopes.covers, plan, whose))
    _on_time_alone(found, doc)
    _on_time_part_rate(found, idx)
    for f, _ in found:
        if f.qualifier and f.scope is not None and _same_scope(whose.of_label(f.qualifier), f.scope):
            f.qualifier = None               # "Công an tỉnh 167 TTHC": the label is the scope, not a breakdown
    when = FigurePeriods(doc, folded, meta, plan, windows, rules.other_figures)
    periods = [when.of(f) for f, _ in found]
    mentions = [_mention(doc, f, src, p) for (f, src), p in zip(found, periods)
                if p != DROP and _possible(f) and f.scope != OTHER]
    out = _dedup(mentions, by_period=when.period is not None)
    if trace is not None:
        trace += _left_out(found, periods, mentions, out)
        trace += [{"start": fig.start, "end": fig.end, "fig_start": fig.start, "fig_end": fig.end, "value": fig.value,
                   "why": "rule", "rule": name, "indicator": ind} for fig, name, ind in rules.trace]
    return out


def _left_out(found: list[tuple[Found, str]], periods: list, mentions: list[Mention], out: list[Mention]) -> list:
    """The figures the rules took that the output does not hold, each with why: "period" (another
    period's, which figure_period cannot place), "above_100" (a rate above 100%), "outside" (a body
    outside every level) or "repeat" (the same figure as one kept, whose span is `kept`). The figures a
    sentence rule answered "no figure" for are traced too, as "rule" with the rule's name."""
    res = []
    for (f, _), p in zip(found, periods):
        why = "period" if p == DROP else "above_100" if not _possible(f) else "outside" if f.scope == OTHER else None
        if why:
            fs, fe = (f.fig_start, f.fig_end) if f.fig_start >= 0 else (f.start, f.end)
            res.append({"start": f.start, "end": f.end, "fig_start": fs, "fig_end": fe, "indicator": f.indicator,
                        "kind": f.kind, "value": f.value, "unit": f.unit, "rule": f.rule, "why": why, "kept": None})
    kept = {id(m) for m in out}
    for m in mentions:
        if id(m) not in kept:
            first = next((o for o in out if (o.indicator, o.kind, o.value) == (m.indicator, m.kind, m.value)), None)
            res.append({"start": m.start, "end": m.end, "fig_start": m.start, "fig_end": m.end,
                        "indicator": m.indicator, "kind": m.kind, "value": m.value, "unit": m.unit, "rule": m.rule,
                        "why": "repeat", "kept": (first.start, first.end) if first else None})
    return res


def _same_scope(a, b) -> bool:
    if not isinstance(a, dict) or not isinstance(b, dict) or a.get("level") != b.get("level"):
        return False
    ua, ub = unit_key(a.get("unit")), unit_key(b.get("unit"))
    return ua == ub or bool(ua and ub and (ua in ub or ub in ua))


def _on_time_alone(found: list[tuple[Found, str]], doc: Document) -> None:
    """`đúng hạn` is one part beside `trước hạn` (early + on time); with no early part of the same scope
    near it (its table, or a few lines: a list's items are paragraphs of their own) it means within the
    deadline (INDICATORS.md): `dossiers_resolved_in_time`."""
    def scope_key(f: Found):
        return (f.scope or {}).get("level"), unit_key((f.scope or {}).get("unit")), f.kind

    early = [(f, src) for f, src in found if f.indicator == "dossiers_resolved_early"]
    for f, src in found:
        if f.indicator != "dossiers_resolved_on_time":
            continue
        if not any(scope_key(e) == scope_key(f) and (
                doc.block_index_at(e.start) == doc.block_index_at(f.start) if src == esrc == "table"
                else abs(e.start - f.start) < _PARTS_NEAR) for e, esrc in early):
            f.indicator, f.rule = "dossiers_resolved_in_time", f.rule + "+on_time_alone"


_PARTS_NEAR = 400       # characters: the parts of one resolved block stand within a few lines
_SUM_NAMED = ("dossiers_resolved_early", "dossiers_resolved_in_time")


def _on_time_part_rate(found: list[tuple[Found, str]], idx: DocIndex) -> None:
    """The rate of `đúng hạn` beside an early rate of the same scope (`trước hạn chiếm 61,2%, đúng hạn chiếm
    37,1%`) is the on-time part's, not the on-time rate (early + on time), unless its own words name the early
    part too (`tỷ lệ trước và đúng hạn 99%`)."""
    early = [f for f, src in found if f.indicator == "dossiers_resolved_early_rate" and src == "text"]
    if not early:
        return
    for f, src in found:
        if f.indicator != "on_time_rate" or src != "text":
            continue
        fs = f.fig_start if f.fig_start >= 0 else f.start
        if any(ind.id in _SUM_NAMED for _, _, (ind, _) in idx.cues.within(f.start, max(fs, f.end))):
            continue
        if any(e.kind == f.kind and e.scope == f.scope and abs(e.start - f.start) < _PARTS_NEAR for e in early):
            f.indicator, f.rule = "dossiers_resolved_on_time_rate", f.rule + "+on_time_part"


def _possible(f: Found) -> bool:
    """Every percent indicator of the catalogue is a share of a whole: a result or target above 100%
    is a misreading (OCR's `986%` for `98,6%`, a split cell), and no figure beats a wrong one. A change
    (`tăng 150%`) may exceed it."""
    return not (f.unit == "percent" and f.kind in ("actual", "target") and f.value > 100)


def _zero_starts(folded: str) -> list[int]:
    """Where a zero stated in words starts (data/indicators.yaml `zero`), sorted."""
    return sorted(m.start() for ind in INDICATORS if ind.zero is not None for m in find_all(ind.zero, folded))


def _plan_year(meta: dict | None) -> int | None:
    """The year of the document's period (`2025-Y` → 2025, `2023-Q3` → 2023)."""
    period = (meta or {}).get("period") or ""
    return int(period[:4]) if period[:4].isdigit() else None


def _mention(doc: Document, f: Found, source: str, period: str | None = None) -> Mention:
    value = f.value
    if f.unit == "count" and float(value).is_integer():
        value = int(value)
    elif isinstance(value, float):
        value = round(value, 4)
    bounds = period_bounds(period) if period else (None, None)
    return Mention(indicator=f.indicator, value=value, unit=f.unit, kind=f.kind, qualifier=f.qualifier,
                   scope=f.scope, page=doc.page_at(f.start), start=f.start, end=f.end, evidence=doc.text[f.start:f.end],
                   rule=f.rule, approximate=f.approximate, source=source, ocr=doc.is_ocr(f.start, f.end),
                   period=period, period_start=bounds[0] if period else None, period_end=bounds[1] if period else None)


def _dedup(mentions: list[Mention], by_period: bool = True) -> list[Mention]:
    """One mention per (indicator, kind, value, scope, period): the first unqualified one, else the first. One
    unit written two ways ("ngành dọc", "các cơ quan ngành dọc") is one scope. In a document without a
    period (`by_period` False) a figure is one whatever period its mentions name: the one kept takes the
    period a repeat of it names (the headline `đạt 97%` and `Trong quý I/2023, ... đạt 97%`)."""
    kept: dict[tuple, int] = {}
    units: dict[tuple, list[str]] = {}
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.start):
        sc = m.scope or {}
        base = (m.indicator, m.kind, round(float(m.value), 4), sc.get("level"), m.period if by_period else None)
        unit = unit_key(sc.get("unit"))
        seen = units.setdefault(base, [])
        same = next((u for u in seen if u == unit or (u and unit and (u in unit or unit in u))), None)
        if same is None:
            seen.append(unit)
            same = unit
        key = base + (same,)
        i = kept.get(key)
        if i is None:
            kept[key] = len(out)
            out.append(m)
        else:
            if out[i].qualifier and not m.qualifier and not m.approximate:
                m, out[i] = out[i], m
            if out[i].period is None and m.period is not None:
                out[i].period, out[i].period_start, out[i].period_end = m.period, m.period_start, m.period_end
    return out
