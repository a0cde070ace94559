"""Indicator rules over sentences.

For each figure of a sentence (extract.text.figures) the words around it are read in three rings:
  L1  its own clause to the left (back to a comma, semicolon, bracket or `trong đó`),
  R1  its own clause to the right (to the next boundary or the next figure),
  L2  further left in the same sentence (≤160 characters), used only when L1/R1 name nothing.
The cues of data/indicators.yaml found there propose indicators; the highest tier wins, then the
nearest cue; a tie between different indicators is "unsure" and nothing is output. A rate right after a
count belongs to that count ("325 hồ sơ (đạt tỷ lệ 100%)"); `tăng/giảm N so với ...` is a change; the
group a sentence talks about (`đang giải quyết` vs `đã giải quyết`) decides cues such as `quá hạn`; a list
item takes that group, and the indicator of a total, from the line that opened its list (`..., trong đó:`).
A figure whose clause is only a breakdown label (`cấp huyện`, `Phòng ...`) is a part of the figure before it.
Figures of another period (`cùng kỳ năm trước`, `lũy kế`, a year before the report's) are left out.
All cue, veto, context and kind words are searched once per document and then looked up by offset.

Which rule answers for a figure is the ordered list RULES of sentence_rules.py (the longer bodies in
rule_bodies.py); this module holds what they share: the rings, the choice among the cues, the kind, the
evidence, the zeros in words. The patterns and the questions asked of a clause are in reading.py, the
document's index in index.py.
"""
from __future__ import annotations

import bisect

import regex as re

from extract.indicators.index import _CLAUSE, DocIndex, zero_matches
from extract.indicators.reading import (LEAD_COMMA, LEAD_TIME, TARGET_LEAD, TARGET_LEAD_STOP, TARGET_NOUN,
                                        TARGET_OPENS, TARGET_REACHED, _RATE_NOUNS, _TARGET_VALUE_GAP, _YEAR,
                                        _YEAR_NAMED, Found, Reading, _context_ok, _nouns_ok, _Ring)
from extract.indicators.rule_bodies import RuleBodies
from extract.indicators.sentence_rules import run
from extract.lexicon.catalogue import KINDS, KINDS_DATA, Indicator
from extract.text.figures import Figure, find_figures

_TRIM_LEFT = re.compile(r"[\s,;:.)\]*_\-–+•]+")
_TRIM_RIGHT = re.compile(r"[\s,;:(\[*_\-–]+$")
MAX_EVIDENCE = 200


class SentenceRules(Reading, RuleBodies):
    """The rules over the sentences of one document (its DocIndex); `sentence` gives a sentence's Found."""

    def __init__(self, idx: DocIndex, in_scope, plan: bool, plan_year: int | None = None, year: int | None = None):
        self.idx = idx
        self.in_scope = in_scope     # offset -> bool: inside a plan/direction section or a target list
        self.plan = plan
        self.plan_year = plan_year   # the year a plan is for: "Năm 2024, ... đạt 98,5%" in it is a past result
        self.year = year             # the year of the report's period: figures of earlier years are left out
        # kept instead, with their starts in other_figures, when extract.indicators.figure_period gives them their period
        self.keep_other_periods = False
        self._compared: str | None = None    # what the last comparative compared with (_change_sign)
        self.other_figures: set[int] = set()
        self._head: tuple[int, int] | None = None
        self._sent_start = self._sent_end = 0
        self._first_fig = 0              # where the sentence's first figure starts (a target word before it leads)
        self._years_at: int | None = None
        self._years: list[tuple[int, bool]] = []
        self._last_choice: dict[tuple[int, int], _Ring] = {}
        self._last_rate: tuple[int, Indicator] | None = None   # the last rate of the sentence before (rankings)
        self.trace: list | None = None   # `chiso show --why`: (figure, rule that answered "no figure", its choice)
        self.seen: list | None = None    # `--verbose`: (Case, rule's name, its answer, list head) of every figure

    def _candidates(self, ring: _Ring, units: set[str], sent_start: int, regions) -> list[tuple]:
        idx, fig = self.idx, ring.fig
        ctx = idx.context_at(sent_start, ring.l1, fig, ring.r1)
        if ctx is None:
            ctx = self._head_context()
        out = []
        for a, b in regions:
            if a >= b:
                continue
            for s, e, (ind, cue) in idx.cues.within(a, b):
                if ind.unit not in units or not _context_ok(cue.context, ctx) or (cue.part and not ring.part):
                    continue
                if s < fig.end and e > fig.start:
                    continue
                dist = fig.start - e if e <= fig.start else s - fig.end
                out.append((ind, cue, s, e, dist))
        # a cue with a gap may hold the figure: "cấp … chứng thư số" around "cấp 45 chứng thư số"
        lo, hi = min(r[0] for r in regions), max(r[1] for r in regions)
        if lo < fig.start and hi > fig.end:
            for s, e, (ind, cue) in idx.cues.within(lo, hi):
                if s < fig.start and e > fig.end and cue.holds and ind.unit in units and _context_ok(cue.context, ctx):
                    out.append((ind, cue, s, e, 0))
        return out

    def _choose(self, ring: _Ring, units: set[str], sent_start: int, regions, veto_region) -> tuple | None:
        cands = self._candidates(ring, units, sent_start, regions)
        if not cands:
            return None
        noun = ring.fig.noun
        if noun in (None, "unknown"):
            lo = min(r[0] for r in regions)
            if ring.fig.kind == "percent" and _RATE_NOUNS is not None:
                # a rate's noun follows its "tỷ lệ" ("… nhiệm vụ … Phấn đấu tỷ lệ hồ sơ trực tuyến đạt 90%")
                rates = list(_RATE_NOUNS.finditer(self.idx.folded, lo, ring.fig.start))
                lo = rates[-1].end() if rates else lo
            noun = self._head_noun(lo, ring.fig.start) or ring.noun_hint or noun
        keep = []
        for c in cands:
            ind = c[0]
            veto = self.idx.vetoes.get(ind.id)
            # a veto word that is part of the cue itself does not count, unless it fills the cue's gap
            # ("bộ thủ tục hành chính mới ban hành gồm")
            if veto is not None and any(not (s >= c[2] and e <= c[3]) or c[1].holds
                                        for s, e, _ in veto.within(*veto_region)):
                continue
            if not _nouns_ok(ind, noun):
                continue
            keep.append(c)
        if not keep:
            return None
        top = max(c[0].tier for c in keep)
        best = [c for c in keep if c[0].tier == top]
        best.sort(key=lambda c: c[4])
        tied = [c for c in best if c[4] == best[0][4]]
        if len({c[0].id for c in tied}) > 1:
            # the longest cue wins when it holds the others ("đúng hạn và trước hạn" over "trước hạn")
            longest = max(tied, key=lambda c: c[3] - c[2])
            if all(longest[2] <= c[2] and c[3] <= longest[3] for c in tied) and \
                    sum(1 for c in tied if (c[2], c[3]) == (longest[2], longest[3]) and c[0].id != longest[0].id) == 0:
                return longest
            return None                      # two indicators equally likely: unsure
        return best[0]

    # ---------------------------------------------------------------- a sentence
    def sentence(self, a: int, b: int, figs: list[Figure] | None = None,
                 head: tuple[int, int] | None = None) -> list[Found]:
        """Indicators of the sentence folded[a:b]; `head` is the line that opened its list, if it is a list item
        (extract.document.sentences.sentences_with_heads): the item is about the group that line names."""
        idx = self.idx
        folded = idx.folded
        self._head = head
        self._sent_start, self._sent_end = a, b
        if figs is None:
            figs = find_figures(folded, idx.masks, a, b)
        self._first_fig = figs[0].start if figs else b
        rings: list[_Ring] = []
        prev_r1 = a
        for k, fig in enumerate(figs):
            nxt = figs[k + 1].start if k + 1 < len(figs) else b
            limit = min(nxt, b, fig.local_end + 120)
            r1 = limit
            for cm in _CLAUSE.finditer(folded, max(fig.local_end, fig.end), limit) if max(fig.local_end, fig.end) < limit else ():
                if not self._inside_cue(cm):
                    r1 = cm.start()
                    break
            r1 = max(r1, fig.end)
            if fig.noun == "other" and fig.kind != "percent":
                r1 = max(fig.local_end, fig.end)    # "thuộc 2 cấp huyện và xã đã được giải quyết là 45 ngàn": the
                #                                     words after a count of something else are the next figure's
            lo = max(a, min(prev_r1, fig.start))
            l1 = lo
            for cm in _CLAUSE.finditer(folded, lo, fig.start):
                if not self._inside_cue(cm):
                    l1 = cm.end()
            rings.append(_Ring(fig, max(lo, fig.start - 160), l1, r1, part=k > 0 or head is not None))
            prev_r1 = r1
        out: list[Found] = []
        for k, ring in enumerate(rings):
            out.extend(self._figure(ring, rings[:k], a, b))
        last = next((r for r in reversed(rings) if r.choice is not None and not r.change), None)
        if last is not None:
            self._last_choice[(a, b)] = last
        rate = next((r for r in reversed(rings) if r.choice is not None and not r.change
                     and r.fig.kind == "percent"), None)
        self._last_rate = (rate.fig.end, rate.choice) if rate is not None else None
        out.extend(self._zeros(a, b))
        return out

    def _figure(self, ring: _Ring, before: list[_Ring], a: int, b: int) -> list[Found]:
        """The first answer of the rules of extract/indicators/sentence_rules.py (RULES, in order)."""
        return run(self, ring, before, a, b)

    # ---------------------------------------------------------------- kinds, evidence
    def _kind(self, start: int, end: int, fig_start: int, sent_start: int | None = None) -> str | None:
        idx = self.idx
        for s, e, _ in idx.strong.within(max(start, fig_start - 40), fig_start):
            if _TARGET_VALUE_GAP.fullmatch(idx.folded, e, fig_start) and \
                    not any(ns <= s and ne > fig_start for ns, ne, _ in idx.negated.within(max(start, s - 40), end)):
                return "target"              # "vượt chỉ tiêu 80%": the 80% is the target itself ("đề ra 24 nhiệm vụ": not)
        negated = idx.negated.any_within(start, end)
        if idx.strong.any_within(start, end) and not negated:
            return "actual" if self._target_reached(start, end, fig_start) else "target"
        if sent_start is not None and not negated and self._led_by_target(sent_start, fig_start):
            return "target"
        if self.plan or self.in_scope(fig_start):
            if self.plan and (idx.past.any_within(start, end) or self._earlier_year(
                    start if sent_start is None else sent_start, end)):
                return "actual"
            return "target"
        if idx.weak.any_within(start, end):
            return None                      # "đảm bảo tỷ lệ đạt 100%" in a results section: unsure
        return "actual"

    def _target_reached(self, start: int, end: int, fig_start: int) -> bool:
        """In a report, the clause's only target words are nouns (`chỉ tiêu`, `mục tiêu`) and words saying it was
        reached stand between them and the figure ("Chỉ tiêu tỷ lệ hồ sơ trực tuyến đã đạt 62%")."""
        if self.plan or TARGET_REACHED is None:
            return False
        folded = self.idx.folded
        hits = list(self.idx.strong.within(start, end))
        if not hits or not all(TARGET_NOUN.fullmatch(folded, s, e) for s, e, _ in hits):
            return False
        return TARGET_REACHED.search(folded, hits[0][1], fig_start) is not None

    def _led_by_target(self, sent_start: int, fig_start: int) -> bool:
        """A target word opens the sentence before any of its figures ("Phấn đấu đến cuối năm 2025, tỷ lệ … đạt
        98%"), and no word of a result stands between it and this figure."""
        folded = self.idx.folded
        m = TARGET_OPENS.match(folded, sent_start, fig_start) if TARGET_OPENS is not None else None
        if m is None and TARGET_LEAD is not None:
            m = TARGET_LEAD.search(folded, sent_start, min(fig_start, self._first_fig))
        if m is None or TARGET_LEAD_STOP.search(folded, m.end(), fig_start) is not None:
            return False
        comma = LEAD_COMMA.search(folded, m.end(), fig_start)
        # past a comma only from a time ("Phấn đấu đến cuối năm 2025, …"), not from an aim of its own
        return comma is None or (LEAD_TIME is not None and LEAD_TIME.search(folded, m.end(), comma.start()) is not None
                                 and len(folded[m.end():comma.start()].split()) <= 8)

    def _earlier_year(self, a: int, b: int) -> bool:
        """A plan's sentence about years before the plan's own only ("Năm 2024, tỷ lệ ... đạt 98,5%"); a span
        of years reaching the plan's ("giai đoạn 2021-2025", "từ năm 2021 đến năm 2025") is not."""
        if not self.plan_year:
            return False
        years = [int(y) for y in _YEAR.findall(self.idx.folded, a, b)]
        return bool(years) and max(years) < self.plan_year and bool(_YEAR_NAMED.search(self.idx.folded, a, b))

    def _emit(self, ring: _Ring, ind: Indicator, a: int, b: int, rule: str, value=None,
              qualifier: str | None = None, kind: str | None = None) -> list[Found]:
        """`kind`: given (the part of a target is a target), else read from the words around the figure."""
        fig = ring.fig
        if value is None:
            value = fig.value
        if ind.unit == "count" and fig.kind == "percent":
            return []
        start = ring.l1
        end = max(fig.local_end, fig.end)
        if ring.cue_span:
            start = min(start, ring.cue_span[0])
            end = max(end, ring.cue_span[1])
        hi = max(end, ring.r1)
        if self._target_aside_at(fig, b):
            # measured against the target after it: a result, wherever it stands ("1. Các chỉ tiêu ..."),
            # unless its own words make it a target; the target's words are the target's
            hi = end = max(fig.end, fig.local_end)
            strong = self.idx.strong.any_within(min(start, ring.l1), hi) and \
                not self.idx.negated.any_within(min(start, ring.l1), hi)
            kind = "target" if strong else "actual"
        elif kind is None:
            kind = self._kind(min(start, ring.l1, ring.kind_lo if ring.kind_lo is not None else ring.l1), hi, fig.start, a)
        if kind is None:
            return []
        ring.kind = kind
        return [self._found(ind.id, value, ind.unit, kind, start, end, ring, rule, qualifier)]

    def _found(self, ind_id, value, unit, kind, start, end, ring: _Ring, rule, qualifier: str | None = None) -> Found:
        fig = ring.fig
        start, end = self._trim(start, end, fig)
        if qualifier is None and KINDS.qualifiers is not None:
            q = KINDS.qualifiers.search(self.idx.folded, ring.l1, max(ring.r1, fig.local_end))
            if q:
                qualifier = self.idx.text[q.start():q.end()].strip()
        if fig.approximate:
            note = f"{KINDS_DATA['approximate_note']} ({fig.approximate})"
            qualifier = f"{qualifier}; {note}" if qualifier else note
        return Found(ind_id, value, unit, kind, start, end, rule, qualifier, bool(fig.approximate),
                     fig.start, max(fig.end, fig.local_end))

    def _trim(self, start: int, end: int, fig: Figure) -> tuple[int, int]:
        text = self.idx.text
        m = _TRIM_LEFT.match(text, start, fig.start)
        if m:
            start = m.end()
        m = _TRIM_RIGHT.search(text, fig.end, end)
        if m:
            end = m.start()
        if end - start > MAX_EVIDENCE:
            start = max(start, fig.start - 120)
            end = min(end, max(fig.local_end, fig.end) + 60)
            if end - start > MAX_EVIDENCE:       # a long aside between the figure and its noun
                end = max(fig.end, min(end, start + MAX_EVIDENCE))
                start = max(start, end - MAX_EVIDENCE)
            sp = text.find(" ", start, fig.start)
            if 0 <= sp < fig.start and start > 0 and not text[start - 1].isspace():
                start = sp + 1
        return start, max(end, fig.end)

    # ---------------------------------------------------------------- zero in words
    def _zero_context(self, a: int, m) -> str | None:
        """The group a zero in words is about: the last one named in its sentence before the zero's last word
        ("Đang giải quyết 40 hồ sơ, không có hồ sơ quá hạn" → pending), else in the line opening its list."""
        i = bisect.bisect_left(self.idx.ctx_starts, m.end()) - 1
        if i >= 0 and self.idx.contexts[i][0] >= a:
            return self.idx.contexts[i][2]
        return self._head_context()

    def _zeros(self, a: int, b: int) -> list[Found]:
        out = []
        for ind, m in zero_matches(self.idx.folded, a, b):
            if ind.zero_context and not _context_ok(ind.zero_context, self._zero_context(a, m)):
                continue
            kind = self._kind(max(a, m.start() - 60), m.end(), m.start(), a)
            if kind is not None:
                out.append(Found(ind.id, 0, ind.unit, kind, m.start(), m.end(), "text:zero-in-words"))
        return out
