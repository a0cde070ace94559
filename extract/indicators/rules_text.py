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
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex as re

from extract.lexicon.catalogue import BY_ID, CUE_GROUPS, FIRST_WORDS, GRAMMAR, INDICATORS, KINDS, KINDS_DATA, Indicator, alternation, any_of
from extract.text.figures import NOUN_CLASSES, Figure, Masks, find_figures
from extract.lexicon import METADATA
from vn.fold import WORD_RUN      # runs of word characters, as phrase_keys cuts them

_CLAUSE = re.compile(rf"[;()\[\]]|,(?!\d)|(?<!\w)(?:{alternation(GRAMMAR['clause_words'])})(?!\w)|\s[-–]\s"
                     rf"|(?<!\w)(?:{alternation(GRAMMAR['clause_conjunctions'])})\s+(?=(?:{alternation(GRAMMAR['clause_openers'])})\s)")
_TRIM_LEFT = re.compile(r"[\s,;:.)\]*_\-–+•]+")
_TRIM_RIGHT = re.compile(r"[\s,;:(\[*_\-–]+$")
MAX_EVIDENCE = 200
_WINDOW_GAP = 200
_LABEL_TRIM = re.compile(r"^[\s\-+•·–—*_:]+|[\s:*_]+$")
_YEAR = re.compile(r"(?<![\d/.-])((?:19|20)\d\d)(?![\d/])")
_DW = METADATA["date_words"]         # ngày, tháng, năm
_YEAR_NAMED = re.compile(rf"(?<!\w){_DW['year']}\s+(?:19|20)\d\d(?!\d)")
_WORD_DATE_BEFORE = re.compile(rf"{_DW['month']}\s*\d{{1,2}}\s*[,.]?\s*$")
_VALUE_BEFORE = (":", *GRAMMAR["value_links"], "=")        # "đạt 95%": the words state the figure
_CHANGE_GAPS = ("", *GRAMMAR["change_gaps"])               # "tăng thêm 12": the change's figure
# what may stand between a target word and its value ("chỉ tiêu đề ra là 95%")
_TARGET_VALUE_GAP = re.compile(rf"[\s:(]*(?:(?:{alternation(GRAMMAR['target_value_links'])})[\s:(]*)?")
# the target an actual is measured against, right after it (data/kinds.yaml target_aside)
_ASIDE = KINDS_DATA["target_aside"]
_TARGET_ASIDE = re.compile(rf"[\s,(–-]*(?:(?:{alternation(_ASIDE['lead'])})\s+)?(?:{alternation(_ASIDE['nouns'])})"
                           rf"(?!\w)[^\d;.!?]{{0,60}}?[\s:(]*")
_TARGET_ASIDE_AHEAD = re.compile(_TARGET_ASIDE.pattern + r"(?=\d)")
# "nhiều hơn cùng kỳ 340 hồ sơ": a comparative, the period compared with, the value (data/kinds.yaml comparative)
_CMP = KINDS_DATA.get("comparative") or {}
_COMPARATIVE = any_of(_CMP.get("words"))
_COMPARED_PERIOD = re.compile(rf"\s*(?:{any_of(_CMP['periods']).pattern})\s*(?:(?:{alternation(_CMP['links'])})\s*)?") \
    if _CMP else None
_RATE_NOUNS = any_of(KINDS_DATA.get("rate_nouns"))
_ASIDE_BRACKETS = re.compile(r"\([^()]{0,200}\)")
# a fraction of services: its noun right after it, a verb of completion before it (data/kinds.yaml)
_SERVICES = KINDS_DATA.get("service_fraction") or {}
_SERVICE_NOUN = re.compile(rf"\s*(?:{alternation(_SERVICES['nouns'])})(?!\w)") if _SERVICES else None
_SERVICE_DONE = any_of(_SERVICES.get("done"))


def from_to_start(folded: str, a: int, pos: int) -> int | None:
    """Where `từ X … lên/xuống` starts when the figure at `pos` is its result Y: the words from there on are
    the earlier value's (`từ 61% (tháng trước) lên 70,4%`), not the result's."""
    m = _FROM_TO_BEFORE.search(folded, max(a, pos - 60), pos)
    return m.start() if m else None


def zero_matches(folded: str, a: int, b: int):
    """(indicator, match) of every zero stated in words inside folded[a:b]."""
    for ind in INDICATORS:
        if ind.zero is not None:
            for m in ind.zero.finditer(folded, a, b):
                yield ind, m


class Hits:
    """Matches of many patterns over one text, sorted by start, looked up by range."""

    def __init__(self, items: list[tuple[int, int, object]]):
        items.sort(key=lambda x: x[0])
        self.items = items
        self.starts = [x[0] for x in items]

    def within(self, a: int, b: int):
        i = bisect.bisect_left(self.starts, a)
        while i < len(self.items) and self.starts[i] < b:
            if self.items[i][1] <= b:
                yield self.items[i]
            i += 1

    def any_within(self, a: int, b: int) -> bool:
        return next(self.within(a, b), None) is not None


class PhraseScan:
    """The matches of many phrase patterns in windows of a text: for each pattern exactly what
    `[m for a, b in windows for m in rx.finditer(text, a, b)]` gives, found in one pass over the words.

    Every match of a phrase pattern starts with one of its first words standing whole (catalogue.
    FIRST_WORDS), so each pattern is tried, anchored, only where one of its words starts; a pattern's
    matches never overlap one another, as with finditer. A pattern without known first words (a raw
    `re:` phrase) is searched as usual. Searching 200 patterns one after another over the same windows
    was a quarter of the extraction time."""

    def __init__(self, patterns: list[re.Pattern | None]):
        self.patterns = patterns
        self.by_word: dict[str, list[int]] = {}
        self.anywhere: list[int] = []
        for i, rx in enumerate(patterns):
            if rx is None:
                continue
            words = FIRST_WORDS.get(rx.pattern)
            if words is None:
                self.anywhere.append(i)
            for w in words or ():
                self.by_word.setdefault(w, []).append(i)

    def run(self, text: str, windows: list[tuple[int, int]]) -> list[list]:
        pats, by_word = self.patterns, self.by_word
        out: list[list] = [[] for _ in pats]
        for i in self.anywhere:
            out[i] = [m for a, b in windows for m in pats[i].finditer(text, a, b)]
        free = [0] * len(pats)          # where each pattern may match next (past its last match)
        for a, b in windows:
            for w in WORD_RUN.finditer(text, a, b):
                ids = by_word.get(w.group())
                if ids is None:
                    continue
                p = w.start()
                for i in ids:
                    if p >= free[i]:
                        m = pats[i].match(text, p, b)
                        if m is not None:
                            out[i].append(m)
                            free[i] = max(m.end(), p + 1)
        return out


def _hits(matches: list) -> Hits:
    return Hits([(m.start(), m.end(), None) for m in matches])


_KIND_FIELDS = ("target_strong", "target_weak", "target_negated", "past_result", "change_up", "change_down",
                "change_reference", "rate_intro", "other_period", "current_period")
_VETOED = [i for i in INDICATORS if i.veto is not None]
# every pattern DocIndex looks for: cue groups, the contexts, the vetoes, then the kind words
_SCAN = PhraseScan([rx for rx, _ in CUE_GROUPS] + [KINDS.contexts] + [i.veto for i in _VETOED]
                   + [getattr(KINDS, f) for f in _KIND_FIELDS])


@dataclass
class DocIndex:
    """Everything searched once per document."""
    text: str
    folded: str
    masks: Masks
    cues: Hits                     # payload (indicator, cue)
    vetoes: dict[str, Hits]
    contexts: list[tuple[int, int, str]]
    ctx_starts: list[int]
    strong: Hits
    weak: Hits
    negated: Hits
    past: Hits
    up: Hits
    down: Hits
    reference: Hits
    rate_intro: Hits
    other_period: Hits
    current_period: Hits
    joined: list[tuple[int, int]] = None      # cue hits holding a clause boundary ("đúng hạn, trước hạn")

    @classmethod
    def build(cls, text: str, folded: str, masks: Masks, windows: list[tuple[int, int]]) -> "DocIndex":
        """Search every phrase once, only inside `windows` (the sentences that hold a figure or a zero
        in words): most of a report has no figure, and this is where the time goes. Windows a few
        characters apart are searched as one (hits are looked up by range, so the gap does no harm): one
        search per phrase and run of sentences instead of one per phrase and sentence."""
        merged: list[list[int]] = []
        for a, b in windows:
            if merged and a - merged[-1][1] <= _WINDOW_GAP:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        found = iter(_SCAN.run(folded, [(a, b) for a, b in merged]))
        cue_items = [(m.start(), m.end(), owner) for _, owners in CUE_GROUPS for m in next(found) for owner in owners]
        ctx = [(m.start(), m.end(), m.lastgroup) for m in next(found)]
        vetoes = {i.id: _hits(next(found)) for i in _VETOED}
        kinds = [_hits(next(found)) for _ in _KIND_FIELDS]
        joined = sorted((s, e) for s, e, _ in cue_items if _CLAUSE.search(folded, s, e))
        return cls(text, folded, masks, Hits(cue_items), vetoes, ctx, [c[0] for c in ctx], *kinds, joined)

    def context_at(self, sent_start: int, l1: int, fig: Figure, r1: int) -> str | None:
        """The group the figure belongs to: named in its own clause, else the last one named before it."""
        i = bisect.bisect_left(self.ctx_starts, l1)
        local = [c for c in self.contexts[i:i + 12] if c[0] >= l1 and c[1] <= r1 and not (c[0] < fig.end and c[1] > fig.start)]
        if local:
            return min(local, key=lambda c: abs(c[0] - fig.start))[2]
        j = bisect.bisect_left(self.ctx_starts, l1) - 1
        while j >= 0 and self.contexts[j][0] >= sent_start:
            return self.contexts[j][2]
        return None


@dataclass
class Found:
    indicator: str
    value: float
    unit: str
    kind: str
    start: int
    end: int
    rule: str
    qualifier: str | None = None
    approximate: bool = False
    fig_start: int = -1              # the figure itself (for its scope); -1: the span start
    fig_end: int = -1
    scope: dict | None = None        # set by extract.document.scope after the rules (None: the document's own)


@dataclass
class _Ring:
    fig: Figure
    l2: int
    l1: int
    r1: int
    choice: Indicator | None = None
    cue_span: tuple[int, int] | None = None
    change: bool = False
    part: bool = False               # not the first figure of its sentence, or a list item
    noun_hint: str | None = None     # what a bare number in brackets counts: the noun of the figure it parts
    kind_lo: int | None = None       # the kind words reach back to here (a from-to result: the earlier value's clause)
    kind: str | None = None          # the kind it was given (its parts in brackets take it)


# "giảm từ 6,40% xuống còn 1,15%", "tăng từ 45% lên 62%": an earlier value, then the result
_FROM_TO = KINDS_DATA
_FROM_W = "|".join(sorted((r"\s+".join(map(re.escape, w.split())) for w in _FROM_TO["from_to"]["from"]), key=len, reverse=True))
_TO_W = "|".join(sorted((r"\s+".join(map(re.escape, w.split())) for w in _FROM_TO["from_to"]["to"]), key=len, reverse=True))
_WHOLE_W = "|".join(sorted((r"\b" + r"\s+".join(map(re.escape, w.split())) for w in _FROM_TO["of_whole"]), key=len, reverse=True))
_FROM_BEFORE = re.compile(rf"(?<!\w)(?:{_FROM_W})\s*$")
_WHEN_ASIDE = r"(?:\s*\([^()\d]{0,20}\d{0,4}[^()\d]{0,10}\))?"        # "từ 42,3% (tháng 5) lên 47,9%"
# (an earlier value with its own time in brackets, "từ 410 hồ sơ (tháng 7) xuống", is that time's figure)
_TO_AFTER = re.compile(rf"(?:\s+[^\d\s,;.]+){{0,6}}?\s*(?:{_TO_W})\s*\d")
_FROM_TO_BEFORE = re.compile(rf"(?<!\w)(?:{_FROM_W})\s*[\d.,]+\s*%?{_WHEN_ASIDE}(?:\s+[^\d\s,;.]+){{0,6}}?\s*(?:{_TO_W})\s*$")
# a percentage alone in brackets after a name written with capitals: "Cần Thơ (81,02%)"
_NAME_BEFORE = re.compile(r"(?<![\p{L}\p{M}])\p{Lu}[\p{L}\p{M}]*(?:[ -][\p{L}\p{M}]+){0,4}\s*$")    # Sở Y tế, Cần Thơ
_BARE_BRACKET = re.compile(r"\(\s*[\d.,]+\s*%\s*\)")
_RANKING_RATE = re.compile(rf"\s+(?:{alternation(KINDS_DATA['ranking_rate_lead'])})(?:\s+[^\s\d(),;.:]+){{0,6}}?\s*$") \
    if KINDS_DATA.get("ranking_rate_lead") else None          # "… có tỷ lệ đúng hạn" before the ranking words
_COUNT_BRACKET = re.compile(r"[\d.,]+\s+[^\d()]{1,30}\)")        # "(590 hồ sơ)": the count and its noun only
# "Sở Tư pháp đạt cao nhất (": ranking words between a unit's name and its rate (data/kinds.yaml)
_RANKING_WORDS = re.compile(rf"(?:\s+(?:{alternation(KINDS_DATA['ranking_words'])}))+\s*$")
_RATE_NEAR = 240      # characters: a ranking's first rate may follow the rate of its sentence before
# between a part and its whole: "113.014 hồ sơ trực tuyến/114.932", "14.092 hồ sơ ... trên tổng số 18.114"
_OF_WHOLE = re.compile(rf"[^.;()%\d]{{0,80}}?(?:/|{_WHOLE_W})\s*")
_OF_WHOLE_ONLY = re.compile(rf"[^.;,()%\d]{{0,60}}?(?:{_WHOLE_W})\s*")    # "đã hoàn thành trong tổng số"


def _opens_paren(text: str, a: int, b: int) -> bool:
    depth = 0
    for ch in text[a:b]:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
    return depth > 0


def _context_ok(cue_ctx: str | None, ctx: str | None) -> bool:
    if not cue_ctx:
        return True
    if cue_ctx.startswith("!"):
        return ctx != cue_ctx[1:]
    return ctx == cue_ctx


def _nouns_ok(ind: Indicator, noun: str | None) -> bool:
    if not ind.nouns or noun in (None, "unknown"):
        return True
    return noun in ind.nouns


class SentenceRules:
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
        self._years_at: int | None = None
        self._years: list[tuple[int, bool]] = []
        self._last_choice: dict[tuple[int, int], _Ring] = {}
        self._last_rate: tuple[int, Indicator] | None = None   # the last rate of the sentence before (rankings)

    # ---------------------------------------------------------------- candidates
    def _head_noun(self, a: int, b: int) -> str | None:
        """The first noun of a clause ("số dịch vụ công trực tuyến có phát sinh hồ sơ" → procedure)."""
        for m in KINDS.noun_any.finditer(self.idx.folded, a, b):
            cls = NOUN_CLASSES[int(m.lastgroup[1:])]
            if cls not in ("other", "result"):
                return cls
        return None

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
                if s < fig.start and e > fig.end and "…" in cue.text and ind.unit in units and _context_ok(cue.context, ctx):
                    out.append((ind, cue, s, e, 0))
        return out

    def _choose(self, ring: _Ring, units: set[str], sent_start: int, regions, veto_region) -> tuple | None:
        cands = self._candidates(ring, units, sent_start, regions)
        if not cands:
            return None
        noun = ring.fig.noun
        if noun in (None, "unknown"):
            noun = self._head_noun(min(r[0] for r in regions), ring.fig.start) or ring.noun_hint or noun
        keep = []
        for c in cands:
            ind = c[0]
            veto = self.idx.vetoes.get(ind.id)
            # a veto word that is part of the cue itself does not count, unless it fills the cue's gap
            # ("bộ thủ tục hành chính mới ban hành gồm")
            if veto is not None and any(not (s >= c[2] and e <= c[3]) or "…" in c[1].text
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

    def _inside_cue(self, cm) -> bool:
        """A comma inside a cue phrase ("đúng hạn, trước hạn", "gửi, nhận") does not end a clause."""
        joined = self.idx.joined
        if not joined:
            return False
        i = bisect.bisect_left(joined, (cm.start(), 0)) - 1
        while i >= 0 and joined[i][0] > cm.start() - 80:
            if joined[i][1] >= cm.end():
                return True
            i -= 1
        return False

    def _other_period(self, a: int, fig: Figure) -> bool:
        """The figure belongs to an earlier period or a running total: the last period word before it in its
        sentence names another period ("Cùng kỳ năm trước, ...", "Lũy kế từ đầu năm ...")."""
        last = None
        ft = from_to_start(self.idx.folded, a, fig.start)
        for s, e, _ in self.idx.other_period.within(a, fig.start if ft is None else ft):
            # (the earlier value's own time, "từ 61% (tháng trước) lên 70,4%", is not the result's)
            ref = next(self.idx.reference.within(max(a, s - 25), s), None)
            if ref is None:                  # "so với cùng kỳ": the reference of a comparison
                last = s
        reset = earlier = None
        if self.year and not self.plan:      # "Năm 2022, huyện tiếp nhận 25.241 hồ sơ" in a 2023 report
            for pos, is_earlier in self._years_named(a):
                if pos >= fig.start:
                    break
                if is_earlier:
                    earlier, reset = pos, None
                else:
                    reset = pos              # "năm 2022 ...; năm 2023 tiếp nhận ..."
            if earlier is not None and reset is None:
                last = max(last or 0, earlier)
        if last is None:
            return False
        other = not self.idx.current_period.any_within(last, fig.start)
        if other and self.keep_other_periods:
            self.other_figures.add(fig.start)
            return False
        return other

    def _years_named(self, a: int) -> list[tuple[int, bool]]:
        """(position, before the report's year?) of every `năm YYYY` of the current sentence that names a
        period (not a written date, not the reference of a comparison); computed once per sentence."""
        if self._years_at == a:
            return self._years
        folded, out = self.idx.folded, []
        for m in _YEAR_NAMED.finditer(folded, a, self._sent_end):
            if _WORD_DATE_BEFORE.search(folded, max(a, m.start() - 12), m.start()):
                continue                     # "ngày 05 tháng 01 năm 2023": a date, not a period
            if next(self.idx.reference.within(max(a, m.start() - 25), m.start()), None) is not None:
                continue
            out.append((m.start(), int(m[0][-4:]) < self.year))
        self._years_at, self._years = a, out
        return out

    def _total_item(self, fig: Figure) -> bool:
        """A list item labelled only as the total of what its list's opening line names."""
        if self._head is None or KINDS.total_labels is None:
            return False
        if not self.idx.text[self._head[0]:self._head[1]].rstrip(" *_\t\n").endswith(":"):
            return False                     # a section heading ("1. Kết quả giải quyết TTHC") names no single figure
        label = self.idx.folded[self._sent_start:fig.start]
        return bool(label.strip()) and KINDS.total_labels.fullmatch(label) is not None

    def _head_context(self) -> str | None:
        """The group named last in the line that opened this list item's list."""
        if self._head is None:
            return None
        ha, hb = self._head
        i = bisect.bisect_left(self.idx.ctx_starts, hb) - 1
        if i >= 0 and self.idx.contexts[i][0] >= ha:
            return self.idx.contexts[i][2]
        return None

    def _breakdown_of(self, ring: _Ring, before: list[_Ring]) -> tuple[Indicator, str | None] | None:
        """`tiếp nhận 5.000 hồ sơ, trong đó cấp tỉnh 3.000 hồ sơ, cấp huyện 1.500 hồ sơ`: a figure whose own
        clause is only a breakdown label (data/kinds.yaml `qualifiers`) takes the indicator of the figure before;
        so does a list item under a line ending in `trong đó:` (`+ Lĩnh vực hộ tịch: 800 hồ sơ`), with its
        label as the qualifier. Returns (indicator, qualifier) or None."""
        folded, fig = self.idx.folded, ring.fig
        labelled = KINDS.qualifiers is not None and KINDS.qualifiers.search(folded, ring.l1, fig.start)
        prev = next((r for r in reversed(before) if not r.change), None)
        label = None
        if not labelled and prev is not None and KINDS.breakdown_labels is not None:
            unit = KINDS.breakdown_labels.search(folded, ring.l1, fig.start)
            if unit:                         # "..., trong đó Phòng Hành chính tư pháp 1.200 hồ sơ"
                labelled = unit
                label = _LABEL_TRIM.sub("", self.idx.text[unit.start():fig.start]) or None
        if prev is None and self._head is not None and (
                labelled or KINDS.breakdown_openers.search(folded, max(self._head[0], self._head[1] - 40), self._head[1])):
            prev = self._last_choice.get(self._head)
            item_start = max(self._sent_start, fig.start - 120)       # the item's label: all before its figure
            label = _LABEL_TRIM.sub("", self.idx.text[item_start:fig.start]) or None
            if label and len(label) > 80:
                return None                  # a sentence, not a label
            veto_start = item_start
        elif not labelled:
            return None
        else:
            veto_start = ring.l1
        if prev is None or prev.choice is None or prev.fig.kind != fig.kind or (
                fig.noun not in (None, "unknown") and prev.fig.noun not in (None, "unknown", fig.noun)):
            return None
        veto = self.idx.vetoes.get(prev.choice.id)
        if veto is not None and veto.any_within(veto_start, ring.r1):
            return None                      # "+ Hồ sơ yêu cầu bổ sung: 10" under the resolved ones
        return prev.choice, label

    def _figure(self, ring: _Ring, before: list[_Ring], a: int, b: int) -> list[Found]:
        idx, fig = self.idx, ring.fig
        if fig.noun == "other" and fig.kind != "percent":
            return []                        # "07 phòng", "06 tháng": counts of something else
        if fig.kind == "count" and fig.noun in (None, "unknown") and not self._introduced(ring):
            return []                        # "bổ nhiệm 01⏎Phó Giám đốc": a bare number needs "là", ":" or its cue
        local = [(ring.l1, fig.start), (fig.end, ring.r1)]
        veto_region = (ring.l1, ring.r1)
        if fig.noun in (None, "unknown"):
            # "1.450 hồ sơ (trực tuyến 900; trực tiếp 550)": the bracket's numbers count what the figure before does
            prev = next((r for r in reversed(before) if not r.change), None)
            if prev is not None and _opens_paren(idx.folded, prev.fig.end, fig.start):
                hint = prev.fig.noun
                if hint in (None, "unknown"):      # "Số hồ sơ mới tiếp nhận: 1.450 (...)": named before it
                    hint = self._head_noun(max(a, prev.l1), prev.fig.start)
                if hint not in (None, "unknown", "other"):
                    ring.noun_hint = hint

        # "giảm từ 6,40% xuống còn 1,15%": the first is an earlier value, the second the result
        if _FROM_BEFORE.search(idx.folded, max(a, fig.start - 12), fig.start) and \
                _TO_AFTER.match(idx.folded, max(fig.end, fig.local_end)):
            return []
        # a change against an earlier period: "tăng 20,73% so với ...", "giảm 02 thủ tục so với ..."
        self._compared = None
        sign = None if self._from_to_result(fig, a) else self._change_sign(fig, a)
        if sign is None and before and self._from_to_result(fig, a):
            ring.kind_lo = before[-1].l1     # "số dịch vụ cần triển khai đã giảm từ 110 … còn 84": a target
        if sign is None and self._compared == "other":
            return []                        # "cao hơn cấp huyện 2,1%": a comparison with another level
        if sign is not None:
            if not (self._compared == "period" or idx.reference.any_within(fig.end, min(b, fig.local_end + 80))
                    or idx.reference.any_within(a, fig.start)):    # "So với năm 2022, ... tăng 3.215 hồ sơ"
                return []                    # "giảm 1,5%/năm" without a reference: not a change we can place
            ring.change = True
            return self._change(ring, before, sign, a)

        if fig.kind == "fraction":
            return self._fraction(ring, a)
        measured = self._measured_against(ring, before)
        if measured is not None:
            return measured

        units = {"percent"} if fig.kind == "percent" else {"count"}
        choice = None
        if fig.kind == "percent":
            own = self._choose(ring, units, a, [(ring.l1, fig.start)], veto_region)
            app = self._apposition(ring, before)
            if own is not None and app is not None and not (own[0].nouns & app.nouns) \
                    and not (self._names_noun(ring.l1, fig.start, own[0].nouns) and not self._aside(ring, before)):
                own = None                   # "325 hồ sơ (đạt tỷ lệ dịch vụ công trực tuyến 100%)": the count's rate
            if own is not None:
                choice = own
            elif app is not None:
                ring.choice, ring.cue_span = app, None
                return self._emit(ring, app, a, b, "text:rate-after-count")
        if choice is None:
            choice = self._choose(ring, units, a, local, veto_region)
        if choice is None and fig.kind == "count":
            whole = self._whole_of(ring, before)
            if whole is not None:
                ring.choice, ring.cue_span = whole, None
                return self._emit(ring, whole, a, b, "text:whole-of-part")
        if choice is None and before and self._from_to_result(fig, a):
            x = before[-1]                   # "Tỷ lệ trễ hạn giảm từ 6,40% xuống còn 1,15%": X's clause names Y
            choice = self._choose(ring, units, a, [(x.l1, x.fig.start)], (x.l1, ring.r1))
            if choice is None:               # "huyện A giảm ... từ 8% xuống 2%; huyện B từ 5% xuống 1%": the list's
                prev = next((r for r in reversed(before[:-1]) if r.choice is not None and not r.change
                             and r.fig.kind == fig.kind and self._from_to_result(r.fig, a)), None)
                if prev is not None:
                    ring.choice, ring.cue_span = prev.choice, None
                    return self._emit(ring, prev.choice, a, b, "text:from-to-list")
        if choice is None and ring.l2 < ring.l1:
            choice = self._choose(ring, units, a, [(ring.l2, ring.l1)], (ring.l2, ring.r1))
            if choice is not None and _opens_paren(self.idx.folded, choice[3], fig.start):
                choice = None                # "chữ ký số (46 chứng thư số và 7 sim PKI)": an aside, not the figure
        if choice is None and not before and self._total_item(fig):
            # "- Tổng số: 1.250 hồ sơ" under "a) Kết quả tiếp nhận hồ sơ:": the line opening the list names it
            named = self._choose(ring, units, a, [self._head], self._head)
            if named is not None and not self._other_period(a, fig):
                ring.choice, ring.cue_span = named[0], None
                return self._emit(ring, named[0], a, b, f"text:list-head:{named[1].text}")
        if choice is None and fig.kind in ("percent", "count"):
            ranked = self._ranking(ring, before) if fig.kind == "percent" else self._count_ranking(ring, before)
            if ranked is not None:
                ring.choice, ring.cue_span = ranked, None
                return self._emit(ring, ranked, a, b, "text:ranking")
        if choice is None:
            parent = self._breakdown_of(ring, before)
            if parent is None and fig.kind == "count" and fig.noun in KINDS.count_default \
                    and (not _opens_paren(self.idx.folded, a, fig.start) or self._parts_in_brackets(ring, before)):
                ind = BY_ID[KINDS.count_default[fig.noun]]
                ring.choice, ring.cue_span = ind, None
                return [] if self._other_period(a, fig) else self._emit(ring, ind, a, b, "text:noun-default")
            if parent is None and fig.kind == "count":
                # "5.854 hồ sơ (4.679 hồ sơ khai sinh và 1.175 hồ sơ khai tử)": parts of the count before
                up = self._bracket_parent(ring, before)
                if up is not None:
                    parent = (up.choice, None)
            if parent is None:
                return []
            ring.choice, ring.cue_span = parent[0], None
            if self._other_period(a, fig):
                return []
            prev = next((r for r in reversed(before) if not r.change), None)
            return self._emit(ring, parent[0], a, b, "text:breakdown", qualifier=parent[1],
                              kind="target" if prev is not None and prev.kind == "target" else None)
        ind, cue, s, e, _ = choice
        if ind.id not in KINDS.other_period_ok and self._other_period(a, fig):
            ring.choice = ind
            return []
        ring.choice, ring.cue_span = ind, (s, e)
        found = self._emit(ring, ind, a, b, f"text:{cue.text}")
        also = cue.also if self._context_is_local(ring, cue.context or cue.also_when) and not (
            cue.also_unless is not None and cue.also_unless.search(self.idx.folded, a, b)) else ()
        for extra in also:
            found.extend(self._emit(ring, BY_ID[extra], a, b, f"text:{cue.text}"))
        return found

    def _target_aside_at(self, fig: Figure, b: int) -> bool:
        """A target the figure is measured against follows it ("96,8% (chỉ tiêu: tối thiểu 98%)")."""
        m = _TARGET_ASIDE_AHEAD.match(self.idx.folded, max(fig.end, fig.local_end), b)
        return m is not None and not self.idx.cues.any_within(m.start(), m.end())

    def _measured_against(self, ring: _Ring, before: list[_Ring]) -> list[Found] | None:
        """"đạt 96,8% (chỉ tiêu Kế hoạch: tối thiểu 98%)", ", vượt chỉ tiêu đề ra (95%)", "so với mục tiêu 90%":
        the target of the actual right before it, of that actual's indicator."""
        prev = before[-1] if before else None
        if prev is None or prev.change or prev.choice is None or prev.fig.kind != ring.fig.kind:
            return None
        gap = _TARGET_ASIDE.fullmatch(self.idx.folded, max(prev.fig.end, prev.fig.local_end), ring.fig.start)
        if gap is None or self.idx.cues.any_within(gap.start(), gap.end()):
            return None
        ring.choice, ring.cue_span = prev.choice, None
        fig = ring.fig
        return [self._found(prev.choice.id, fig.value, prev.choice.unit, "target", gap.start(),
                            max(fig.end, fig.local_end), ring, "text:target-aside")]

    def _aside(self, ring: _Ring, before: list[_Ring]) -> bool:
        """The figure stands in a bracket opened after the count before it ("325 hồ sơ (đạt tỷ lệ ... 100%)")."""
        prev = next((r for r in reversed(before) if not r.change), None)
        return prev is not None and _opens_paren(self.idx.folded, prev.fig.local_end, ring.fig.start)

    def _names_noun(self, a: int, b: int, nouns) -> bool:
        """The words folded[a:b] name a noun of these classes ("tỷ lệ tiếp nhận hồ sơ trực tuyến")."""
        return any(NOUN_CLASSES[int(m.lastgroup[1:])] in nouns for m in KINDS.noun_any.finditer(self.idx.folded, a, b))

    def _bracket_parent(self, ring: _Ring, before: list[_Ring]) -> _Ring | None:
        """The count a bracket right after holds the parts of (see _parts_in_brackets), if it has an indicator."""
        if not self._parts_in_brackets(ring, before):
            return None
        paren = self.idx.folded.rfind("(", self._sent_start, ring.fig.start)
        prev = next((r for r in reversed(before) if r.fig.start < paren), None)
        return prev if prev is not None and prev.choice is not None and not prev.change else None

    def _parts_in_brackets(self, ring: _Ring, before: list[_Ring]) -> bool:
        """`8.891 chứng thư cá nhân (8.250 Token, 641 SIM PKI)`: a bracket right after a count of the same
        noun holds its parts, which count the same thing (unlike an aside after a bare noun)."""
        folded, fig = self.idx.folded, ring.fig
        paren = folded.rfind("(", self._sent_start, fig.start)
        if paren < 0:
            return False
        for prev in reversed(before):
            if prev.fig.start < paren:
                return prev.fig.noun == fig.noun and prev.fig.kind == "count" and 0 <= paren - prev.fig.local_end <= 40
        return False

    def _from_to_result(self, fig: Figure, a: int) -> bool:
        """The Y of "từ X xuống còn Y" / "từ X lên Y": a result, not a change."""
        return _FROM_TO_BEFORE.search(self.idx.folded, max(a, fig.start - 60), fig.start) is not None

    def _ranking(self, ring: _Ring, before: list[_Ring]) -> Indicator | None:
        """"đạt 72,5%, đứng sau Cần Thơ (81,02%), Huế (79,4%)": a bare percentage in brackets after a name is
        the same indicator as the percentage before it (extract.document.scope says whose)."""
        folded, fig = self.idx.folded, ring.fig
        if fig.kind != "percent" or not _BARE_BRACKET.match(folded, fig.start - 1 if fig.start else 0):
            return None
        end = fig.start - 1
        words = _RANKING_WORDS.search(folded, max(0, end - 40), end)
        if words:
            end = words.start()
            rate = _RANKING_RATE.search(folded, max(0, end - 60), end) if _RANKING_RATE is not None else None
            if rate and not _NAME_BEFORE.search(self.idx.text, max(0, end - 40), end):
                end = rate.start()           # "Sở Tư pháp có tỷ lệ đúng hạn cao nhất (100%)"
        if not _NAME_BEFORE.search(self.idx.text, max(0, end - 40), end):
            return None                      # "cao hơn cùng kỳ năm trước (98,7%)": no name, another period
        for prev in reversed(before):
            if prev.fig.kind != "percent" or prev.choice is None or prev.change:
                return None
            gap = folded[prev.fig.local_end:fig.start - 1]       # up to the bracket
            return prev.choice if len(gap) <= 80 and not re.search(r"[\d.]", gap) else None
        # the list's first rate: the indicator its sentence names before it ("dẫn đầu về tỷ lệ giải quyết
        # đúng hạn gồm: huyện A (99,86%)"), else the rate of the sentence just before ("... đạt bình quân
        # 91,37%. Sở Tư pháp đạt cao nhất (100%)")
        named = self._choose(ring, {"percent"}, self._sent_start, [(self._sent_start, ring.l1)],
                             (self._sent_start, fig.start))
        if named is not None:
            return named[0]
        last = self._last_rate
        return last[1] if last is not None and 0 <= fig.start - last[0] <= _RATE_NEAR else None

    def _count_ranking(self, ring: _Ring, before: list[_Ring]) -> Indicator | None:
        """"Các đơn vị tiếp nhận nhiều hồ sơ nhất là Sở Tư pháp (1.204 hồ sơ), Sở Y tế (233 hồ sơ)": a count
        in brackets right after a unit's name is that unit's, of the list's indicator: the one before it in the
        list, else the one its sentence names before it, else the noun's default (kinds.yaml ranking_count)."""
        folded, fig = self.idx.folded, ring.fig
        if fig.noun not in KINDS_DATA.get("ranking_count", {}) or not _COUNT_BRACKET.match(folded, fig.start, fig.local_end + 3):
            return None
        end = folded.rfind("(", 0, fig.start)
        if end < 0 or folded[end + 1:fig.start].strip() or not _NAME_BEFORE.search(self.idx.text, max(0, end - 40), end):
            return None                      # "1.200 hồ sơ (1.150 hồ sơ trực tuyến)": no name before the bracket
        for prev in reversed(before):
            if prev.change or prev.fig.kind != "count" or prev.choice is None:
                return None
            gap = folded[prev.fig.local_end:end]
            return prev.choice if len(gap) <= 80 and not re.search(r"\d", gap) else None
        named = self._choose(ring, {"count"}, self._sent_start, [(self._sent_start, end)], (self._sent_start, end))
        if named is not None and _nouns_ok(named[0], fig.noun):
            return named[0]
        return BY_ID[KINDS_DATA["ranking_count"][fig.noun]]

    def _introduced(self, ring: _Ring) -> bool:
        """A count with no noun after it is a figure only when introduced: `là 9`, `: 166`, `đạt 5`, or
        right after its cue (`trước hạn 5.000`, `trực tuyến 3924`)."""
        fig = ring.fig
        base = max(ring.l2, fig.start - 40)
        before = self.idx.folded[base:fig.start].rstrip(" *_\n\t")
        if fig.approximate and KINDS.approximate is not None:   # "giải quyết trên 83 ngàn": the cue, then "trên"
            m = KINDS.approximate.search(before, max(0, len(before) - 14))
            if m and m.end() == len(before):
                before = before[:m.start()].rstrip()
        if before.endswith(_VALUE_BEFORE):
            return True
        words_end = base + len(before)       # where the words before the figure stop
        return any(e >= words_end for _, e, _ in self.idx.cues.within(base, fig.start))

    def _context_is_local(self, ring: _Ring, name: str | None) -> bool:
        """`15 hồ sơ trong hạn đang giải quyết` states the pending count too; `(trong hạn: 30 hồ sơ)` under
        an earlier `đang giải quyết: 34` does not. A cue that needs no context states both itself."""
        if name is None:
            return True
        i = bisect.bisect_left(self.idx.ctx_starts, ring.l1)
        return any(c[2] == name and c[1] <= ring.r1 for c in self.idx.contexts[i:i + 12] if c[0] < ring.r1)

    def _apposition(self, ring: _Ring, before: list[_Ring]) -> Indicator | None:
        for k in range(len(before) - 1, -1, -1):
            prev = before[k]
            if prev.change or self._closed_aside(prev.fig.start, ring.fig.start):
                continue                     # "15.539 hồ sơ (trong đó 9 hồ sơ quá hạn), đạt tỷ lệ 97,93%": not the 9
            if k > 0 and prev.choice is not None and not prev.choice.rate and before[k - 1].choice is not None \
                    and before[k - 1].choice.rate and _OF_WHOLE.fullmatch(self.idx.folded, before[k - 1].fig.local_end, prev.fig.start):
                before_whole, prev = prev, before[k - 1]   # "14.092 hồ sơ trực tuyến trên tổng số 18.114 hồ sơ, đạt 77,79%": the part's rate
            else:
                before_whole = prev
            rate = prev.choice.rate if prev.choice is not None else None
            if prev.choice is None and prev.fig.kind == "count":
                # "Đã số hóa 85.000 hồ sơ, …, đạt tỷ lệ 78%": no count id, the rate its clause names
                named = self._choose(ring, {"percent"}, prev.l1, [(prev.l1, prev.fig.start), (prev.fig.end, prev.r1)],
                                     (prev.l1, prev.r1))
                rate = named[0].id if named is not None else None
            if rate is None or prev.fig.kind == "percent":
                return None
            gap_a, gap_b = before_whole.fig.local_end, ring.fig.start
            gap = _ASIDE_BRACKETS.sub("", self.idx.folded[gap_a:gap_b])     # the aside in brackets is skipped
            bare = gap.strip(" \t\n*_") in ("(", "-", "–", "")       # "2.440 hồ sơ (97,6%)", "1.800 hồ sơ - 72%"
            if len(gap) > 70 or ";" in gap or not (bare or self.idx.rate_intro.any_within(gap_a, gap_b)):
                return None
            return BY_ID.get(rate)
        return None

    def _whole_of(self, ring: _Ring, before: list[_Ring]) -> Indicator | None:
        """`35 nhiệm vụ đã hoàn thành trong tổng số 40 nhiệm vụ`, `14.092 hồ sơ trực tuyến trên tổng số 18.114
        hồ sơ`: the count after `trên/trong tổng số` is the whole of the part just before it (kinds.yaml
        fraction_whole_of_part, fraction_whole)."""
        prev = next((r for r in reversed(before) if not r.change), None)
        fig = ring.fig
        if prev is None or prev.choice is None or prev.fig.kind != "count":
            return None
        if not _OF_WHOLE_ONLY.fullmatch(self.idx.folded, max(prev.fig.end, prev.fig.local_end), fig.start):
            return None
        whole = KINDS.fraction_whole_of_part.get(prev.choice.id) or KINDS.fraction_whole.get(fig.noun)
        if whole is None or whole == prev.choice.id or not _nouns_ok(BY_ID[whole], fig.noun):
            return None
        return BY_ID[whole]

    def _closed_aside(self, pos: int, end: int) -> bool:
        """The figure at `pos` stands in brackets that close before `end`."""
        folded = self.idx.folded
        close = folded.find(")", pos, end)
        if close < 0:
            return False
        open_ = folded.rfind("(", 0, pos)
        return open_ >= 0 and folded.find(")", open_, pos) < 0

    def _change_sign(self, fig: Figure, a: int) -> int | None:
        """+1 / -1 when the figure is a change (`tăng 215 hồ sơ`, `nhiều hơn cùng kỳ 340 hồ sơ`), else None;
        `self._compared` is set when a comparative before it names what it is compared with: a period (then
        that is the change's reference) or something else (`cao hơn cấp huyện 2,1%`: "other", no figure)."""
        self._compared = None
        folded = self.idx.folded
        for hits, sign in ((self.idx.down, -1), (self.idx.up, 1)):
            for s, e, _ in hits.within(max(a, fig.start - 20), fig.start):
                between = folded[e:fig.start].strip()
                if between in _CHANGE_GAPS:
                    return sign
        if _COMPARATIVE is None:
            return None
        for hits, sign in ((self.idx.down, -1), (self.idx.up, 1)):
            for s, e, _ in hits.within(max(a, fig.start - 60), fig.start):
                m = _COMPARATIVE.match(folded, s)
                if m is None or m.end() != e or _CLAUSE.search(folded, e, fig.start):
                    continue
                if _COMPARED_PERIOD.fullmatch(folded, e, fig.start):
                    self._compared = "period"
                    return sign
                self._compared = "other"
        return None

    def _change(self, ring: _Ring, before: list[_Ring], sign: int, a: int) -> list[Found]:
        fig = ring.fig
        ref = next(self.idx.reference.within(fig.end, ring.r1 + 80), None)
        right_end = ref[0] if ref else ring.r1
        # a change in hồ sơ is one of a count; a change in percent may be of a rate or of a count (tăng 12,5%)
        units = {"count", "percent"} if fig.kind == "percent" else {"count"}
        regions = [(ring.l1, fig.start), (fig.end, right_end)]
        choice = None
        if fig.kind == "percent" and _RATE_NOUNS is not None and _RATE_NOUNS.search(self.idx.folded, ring.l1, fig.start):
            choice = self._choose(ring, {"percent"}, a, regions, (ring.l1, right_end))   # "Tỷ lệ trễ hạn giảm 0,3%"
        if choice is None:
            choice = self._choose(ring, units, a, regions, (ring.l1, right_end))
        ind = choice[0] if choice else None
        if ind is None and fig.noun in KINDS.change_default:
            ind = BY_ID[KINDS.change_default[fig.noun]]
        if ind is None:
            for prev in reversed(before):
                if prev.choice is not None and not prev.change:
                    ind = prev.choice
                    break
        if ind is None:
            return []
        value = fig.value if fig.kind != "fraction" else fig.value
        unit = "percent" if fig.kind == "percent" else ind.unit
        end = ref[1] if ref else fig.local_end
        return [self._found(ind.id, sign * value, unit, "change", ring.l1, end, ring, "text:change")]

    def _fraction(self, ring: _Ring, a: int) -> list[Found]:
        fig = ring.fig
        if _SERVICE_NOUN is not None and _SERVICE_NOUN.match(self.idx.folded, fig.end):
            return self._service_fraction(ring, a)
        out = []
        whole = KINDS.fraction_whole.get(fig.noun)
        part = None
        choice = self._choose(ring, {"count"}, a, [(ring.l1, fig.start), (fig.end, ring.r1)], (ring.l1, ring.r1))
        if choice is not None and choice[0].id != whole:
            part = choice[0]
            ring.cue_span = (choice[2], choice[3])
        elif fig.noun in KINDS.fraction_part_default:
            part = BY_ID[KINDS.fraction_part_default[fig.noun]]
        if whole is None and part is not None:
            whole = KINDS.fraction_whole_of_part.get(part.id)
        if part is not None:
            ring.choice = part
            out.extend(self._emit(ring, part, a, ring.r1, "text:fraction-part", value=fig.value))
        if whole is not None:
            if ring.choice is None:
                ring.choice = BY_ID[whole]
            out.extend(self._emit(ring, BY_ID[whole], a, ring.r1, "text:fraction-whole", value=fig.den))
        return out

    def _service_fraction(self, ring: _Ring, a: int) -> list[Found]:
        """`đã triển khai 40/52 dịch vụ công trực tuyến`: 40 provided; 52 the planned list (a target) after a
        verb of completion, else nothing (`Có 230/230 dịch vụ công ... đủ điều kiện`: the eligible ones)."""
        fig = ring.fig
        choice = self._choose(ring, {"count"}, a, [(ring.l1, fig.start), (fig.end, ring.r1)], (ring.l1, ring.r1))
        part = choice[0] if choice is not None and choice[0].id != "procedures_total" else BY_ID[_SERVICES["part"]]
        ring.choice = part
        out = self._emit(ring, part, a, ring.r1, "text:service-fraction", value=fig.value)
        if out and out[0].kind == "actual" and _SERVICE_DONE is not None \
                and _SERVICE_DONE.search(self.idx.folded, ring.l1, fig.start):
            f = out[0]
            out.append(Found(part.id, fig.den, part.unit, "target", f.start, f.end, "text:service-fraction-list",
                             f.qualifier, f.approximate, f.fig_start, f.fig_end))
        return out

    # ---------------------------------------------------------------- kinds, evidence
    def _kind(self, start: int, end: int, fig_start: int, sent_start: int | None = None) -> str | None:
        idx = self.idx
        for s, e, _ in idx.strong.within(max(start, fig_start - 40), fig_start):
            if _TARGET_VALUE_GAP.fullmatch(idx.folded, e, fig_start):
                return "target"              # "vượt chỉ tiêu 80%": the 80% is the target itself
        negated = idx.negated.any_within(start, end)
        if idx.strong.any_within(start, end) and not negated:
            return "target"
        if self.plan or self.in_scope(fig_start):
            if self.plan and (idx.past.any_within(start, end) or self._earlier_year(
                    start if sent_start is None else sent_start, end)):
                return "actual"
            return "target"
        if idx.weak.any_within(start, end):
            return None                      # "đảm bảo tỷ lệ đạt 100%" in a results section: unsure
        return "actual"

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
