"""What the words around a figure say, for the sentence rules (extract/indicators/rules_text.py): the
patterns they read, the records they pass (Found, _Ring), and the questions they ask of a figure's
clause (is it another period's, introduced, in brackets, a list's total ...), as methods of Reading."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex as re

from extract.indicators.index import _CLAUSE
from extract.lexicon import METADATA
from extract.lexicon.catalogue import GRAMMAR, INDICATORS, KINDS, KINDS_DATA, Indicator, alternation, any_of
from extract.text.figures import NOUN_CLASSES, Figure

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
# a count whose parts are these is their whole; `loose` cues of its own do not keep it from that (kinds.yaml)
WHOLE_OF_PARTS = (KINDS_DATA.get("whole_of_parts") or {}).get("wholes") or {}
LOOSE = any_of((KINDS_DATA.get("whole_of_parts") or {}).get("loose"))
_RANKING_COUNT = KINDS_DATA.get("ranking_count") or {}     # a ranking by count: the noun's indicator
# "giảm xuống còn 0,8%" right before a figure: the new level (kinds.yaml change_to_level)
_TO_LEVEL = KINDS_DATA.get("change_to_level")
CHANGE_TO_LEVEL = re.compile(rf"(?<!\w)(?:{alternation(_TO_LEVEL)})\s*$") if _TO_LEVEL else None
# a clause that opens with a tense word and a verb of its own ("…, đã cập nhật 91.103 hồ sơ") states its own
# predicate: its figure borrows no cue from the clause before (that verb, had it been a cue, would be in the clause)
OWN_VERB = re.compile(rf"\s*(?:{alternation(GRAMMAR['tense_words'])})\s+\w")
RESULT_OF_TARGET = any_of(KINDS_DATA.get("result_of_target"))   # "…, kết quả đạt 56,2%" after a target (kinds.yaml)
COMPARED_VALUE = re.compile(KINDS_DATA["compared_value"][3:]) if KINDS_DATA.get("compared_value") else None
# the count a rate is the share of (indicators.yaml `rate:`; of two, the higher tier: on_time_rate → in time)
COUNT_OF_RATE: dict[str, Indicator] = {}
for _ind in INDICATORS:
    if _ind.rate and (_ind.rate not in COUNT_OF_RATE or _ind.tier > COUNT_OF_RATE[_ind.rate].tier):
        COUNT_OF_RATE[_ind.rate] = _ind
RATE_THEN_BRACKET = re.compile(r"\s*\(\s*")        # "đạt 100% (350/350 hồ sơ)"
_AFTER_NUMBER_ONLY = frozenset(KINDS_DATA.get("nouns_after_number_only") or ())   # kinds.yaml
# three or more numbers in a row with nothing but spaces between: the cells of a table a PDF laid out without rules
# ("Trước hạn Đúng hạn Quá hạn⏎1.245 1.102 1.230 1.050 175 5"); no cue in the words before is theirs
_NUM = r"\d[\d.,]*%?"
NUMBER_ROW = re.compile(rf"(?<![\w.,%]){_NUM}(?:[ \t]+{_NUM}){{2,}}(?![\w.,%])")
PER_TIME = any_of(KINDS_DATA.get("per_time"))      # "mỗi tháng … 4.500 hồ sơ": an average (kinds.yaml)
THIS_RATE = any_of(KINDS_DATA.get("this_rate"))       # "tỷ lệ này": the rate named before (kinds.yaml)
# a count of units, then (a few words on) the verb of the rate they reach (data/kinds.yaml units_reaching)
_UR = KINDS_DATA.get("units_reaching") or {}
UNITS_REACHING = re.compile(
    rf"(?<![\d.,])\d[\d.,/]*\s*%?\s+(?:(?:{alternation(_UR['determiners'])})\s+)?(?:{alternation(_UR['units'])})"
    rf"(?:\s*(?:{alternation(_UR['joins'])})\s*(?:{alternation(_UR['units'])}))*"
    rf"(?:\s+[^\s\d;]+){{0,5}}?\s+(?:{alternation(_UR['verbs'])})(?!\w)[^;\d]*$") if _UR else None
# ... or units named in a list after the bar: the plural subject before, the list's opening word after
UNITS_LISTED_BEFORE = re.compile(
    rf"(?<!\w)(?:{alternation(_UR['plural'])})\s+(?:{alternation(_UR['units'])})(?!\w)[^;\d]*?\s(?:{alternation(_UR['verbs'])})"
    rf"(?!\w)[^;\d]*$") if _UR.get("plural") else None
UNITS_LISTED_AFTER = re.compile(rf"\s*,?\s*(?:{alternation(_UR['listing'])})") if _UR.get("listing") else None
# a target word opening its sentence, and the words of a result that end its reach (data/kinds.yaml target_lead)
_LEAD = KINDS_DATA.get("target_lead") or {}
TARGET_LEAD, TARGET_LEAD_STOP = any_of(_LEAD.get("lead")), any_of(_LEAD.get("stops"))
LEAD_TIME = any_of(_LEAD.get("time_words"))
_REACHED = KINDS_DATA.get("target_reached") or {}
TARGET_NOUN = re.compile(rf"(?:{alternation(_REACHED['nouns'])})") if _REACHED else None
TARGET_REACHED = any_of(_REACHED.get("words"))
LEAD_COMMA = re.compile(r",(?!\d)")
TARGET_OPENS = re.compile(rf"[\W_]*(?:(?:\d+|[a-z]|[ivx]+)[.)]\s*)?(?:{alternation(_LEAD['opens'])})(?!\w)") \
    if _LEAD.get("opens") else None


_AFTER_A_FIGURE = re.compile(rf"\d[\d.,]*\s+(?:{KINDS.noun_any.pattern})(?:\s+[^\d\s,;:()]+){{0,2}}?\s*$")


def describes_figure_before(folded: str, a: int, s: int) -> bool:
    """A period word right after an earlier figure and its noun (`60 hồ sơ tồn kỳ trước`, `868 hồ sơ năm 2018
    chuyển sang`) says what that figure is, not when the figures after it are."""
    return _AFTER_A_FIGURE.search(folded, max(a, s - 50), s) is not None


def from_to_start(folded: str, a: int, pos: int) -> int | None:
    """Where `từ X … lên/xuống` starts when the figure at `pos` is its result Y: the words from there on are
    the earlier value's (`từ 61% (tháng trước) lên 70,4%`), not the result's."""
    m = _FROM_TO_BEFORE.search(folded, max(a, pos - 60), pos)
    return m.start() if m else None


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
_NAME_BEFORE = re.compile(r"(?<![\p{L}\p{M}])\p{Lu}[\p{L}\p{M}]*(?:[ -][\p{L}\p{M}]+){0,4}(?: \d{1,2})?\s*$")  # Sở Y tế, Quận 8
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


class Reading:
    """The questions; SentenceRules holds the state they read (self.idx, the sentence, its list head)."""

    # ---------------------------------------------------------------- candidates
    def _head_noun(self, a: int, b: int) -> str | None:
        """The first noun of a clause ("số dịch vụ công trực tuyến có phát sinh hồ sơ" → procedure)."""
        for m in KINDS.noun_any.finditer(self.idx.folded, a, b):
            cls = NOUN_CLASSES[int(m.lastgroup[1:])]
            if cls not in ("other", "result") and m.group() not in _AFTER_NUMBER_ONLY:
                return cls
        return None

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
            if ref is None and not describes_figure_before(self.idx.folded, a, s):
                last = s                     # ("so với cùng kỳ": the reference of a comparison)
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

    def _target_aside_at(self, fig: Figure, b: int) -> bool:
        """A target the figure is measured against follows it ("96,8% (chỉ tiêu: tối thiểu 98%)")."""
        m = _TARGET_ASIDE_AHEAD.match(self.idx.folded, max(fig.end, fig.local_end), b)
        return m is not None and not self.idx.cues.any_within(m.start(), m.end())

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
