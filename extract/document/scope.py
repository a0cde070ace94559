"""Whose figure it is: the level or unit an indicator counts (`scope` of DESIGN.md).

    null                                  the document's own subject taken whole
    {"level": "commune", "unit": None}    a level group (cấp xã, the sở/ban/ngành together, ...)
    {"level": "district", "unit": "huyện Kim Sơn"}   one named unit, as written

The phrases are data (data/scopes.yaml, which also states the order the rules look in). All of them are
found once per document; a figure then asks for the phrases of its clause, of its sentence, and of the line
that opened its list or the heading above it. A level or unit that is the document's own subject (a Sở's
report and "Sở Công Thương", a district's report and "cấp huyện") is null. A figure of a body no level
fits (the nation's average) is OTHER: the caller leaves it out.
"""
from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex as re

from extract.lexicon.catalogue import FIRST_WORDS, GRAMMAR, KINDS, alternation, any_of, find_all
from extract.lexicon import SCOPES
from extract.document.subject import Subject, _central_city, _key, _province_names, _trim_unit
from extract.document.subject import unit_key  # noqa: F401  (the scope's users compare units by it)
from vn.fold import WORD_RUN, fold

OTHER = "other"       # the figure belongs to a body outside every level (toàn quốc): leave it out

_DATA = SCOPES
_CITY = _DATA["city_words"]             # thành phố, tp
_NAME = r"\p{Lu}[\p{L}\p{M}]*(?:(?: ?- ?| )\p{Lu}[\p{L}\p{M}]*)*"          # Kim Sơn, Phan Rang - Tháp Chàm
_JOIN = "|".join(_DATA["name_joins"])                                       # và
_WORDS = rf"(?:[A-ZĐ]+&[A-ZĐ]+|\p{{Lu}}[\p{{L}}\p{{M}}]*|[A-ZĐ]{{2,}})(?:,? (?:{_JOIN} )?(?:\p{{Lu}}[\p{{L}}\p{{M}}]*|[A-ZĐ]{{2,}}))*" \
         rf"(?: [\p{{Ll}}\p{{M}}]+(?: (?:{_JOIN}|-) \p{{Lu}}?[\p{{Ll}}\p{{M}}]+)*){{0,3}}"
_CLAUSE_MARK = re.compile(r"[;:]|,(?!\d)|(?<!\d),")
def _alt(words) -> str:
    return "|".join(sorted((re.escape(fold(w)) for w in words), key=len, reverse=True))


# a list marker, then one of the opener words (data/scopes.yaml), then the phrase
# "Tại Bộ phận Một cửa cấp huyện, ...", "Đối với 11 dịch vụ công thiết yếu của ngành Công an: ..." (after an
# opener word, what the level's figures are about may come before it, in the same clause)
_OPENER = re.compile(rf"^[\W\d]{{0,12}}(?:[a-zđ][).]\s*)?(?:(?:{_alt(_DATA['opener_words'])})(?:\s[^,:;.()]{{0,60}}?)?)?\s*"
                     rf"(?:(?:{_alt(_DATA['opener_nouns'])})\s*)?$")
_OPENER_END = re.compile(r"\s*(?:[,:]|$)")          # "Ở cấp huyện, ..." / "Cấp xã:" / a heading "b) Cấp xã"
_SEMI = re.compile(r";")
_LEVEL_JOIN = re.compile(rf"\s*(?:{_alt(_DATA['level_joins'])})\s*")
_JOINABLE = {(a, b): joined for joined, (a, b) in (_DATA.get("levels_joined") or {}).items()}
_GOES_ON = re.compile(rf"\s*(?:{_alt(_DATA['goes_on'])})")     # "...; trong đó: ..." continues the subject
_TENSE_GAP = re.compile(rf"\s*(?:(?:{alternation(GRAMMAR['tense_words'])}) )?")   # "Sở Nội vụ đã tổng hợp"
_BREAKDOWN = KINDS.breakdown_openers                            # "trong đó", "gồm" (data/kinds.yaml)
_LABEL_OF_FIGURE = re.compile(r"[\s:]*(?:" + "|".join(w + r"\s+" for w in GRAMMAR["label_links"]) + r")?\d")               # "cấp xã 18.582", "cấp xã: 18.582"
_DIGITS = re.compile(r"(?<![\d.,])\d")
_UBND = re.compile(rf"^(?i:{alternation(_DATA['committee_words'])})\s+")


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    what: str                 # whole | level | unit | other
    level: str | None = None
    unit: str | None = None

    def scope(self) -> dict | None | str:
        if self.what == "whole":
            return None
        if self.what == "other":
            return OTHER
        return {"level": self.level, "unit": self.unit}


def _folded_phrases(phrases) -> list[str]:
    return [fold(unicodedata.normalize("NFC", p)) for p in phrases or []]


@lru_cache(maxsize=1)
def _phrases() -> tuple[re.Pattern, dict[str, tuple[str, str | None]]]:
    """All phrases of whole/other/levels as one pattern (longest first: "cấp huyện và cấp xã" before
    "cấp xã"), and what each stands for, by its words."""
    kinds: dict[str, tuple[str, str | None]] = {}
    for p in _folded_phrases(_DATA["whole"]):
        kinds.setdefault(_words_of(p), ("whole", None))
    for p in _folded_phrases(_DATA.get("other")):
        kinds.setdefault(_words_of(p), ("other", None))
    for level, phrases in _DATA["levels"].items():
        for p in _folded_phrases(phrases):
            kinds.setdefault(_words_of(p), ("level", level))
    return any_of(list(kinds)), kinds


@lru_cache(maxsize=None)
def _level_pattern(level: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in _DATA["level_patterns"][level]))


def _words_of(phrase: str) -> str:
    return " ".join(phrase.split())


@lru_cache(maxsize=1)
def _unit_patterns() -> list[tuple[re.Pattern, str]]:
    out = []
    for level, pats in _DATA["units"].items():
        for p in pats:
            rx = re.compile(r"(?<![\p{L}\p{M}])" + p.replace("{Name}", _NAME).replace("{Words}", _WORDS))
            head = _ANY_CASE_HEAD.match(p)
            if head:      # "(?i:huyện|thị xã) {Name}" starts where "huyện" or "thị" stands in the folded text
                FIRST_WORDS[rx.pattern] = frozenset(WORD_RUN.match(fold(a))[0] for a in head[1].split("|"))
            out.append((rx, level))
    return out


_ANY_CASE_HEAD = re.compile(r"\(\?i:((?:\w[\w ]*(?:\\\.\?)?\|)*\w[\w ]*(?:\\\.\?)?)\)")


def _small_tail(name: str) -> str:
    """The words in small letters after a name's last capitalised word ("Bộ Nội vụ công bố" → "vụ công bố")."""
    words = name.split()
    k = max((i for i, w in enumerate(words) if w[:1].isupper()), default=-1)
    return " ".join(words[k + 1:])


def _province_label(label: str):
    """A column or row named by a province alone ("Vĩnh Phúc": a table with a column per old province)."""
    name = label.strip(" :*/")
    if _key(name) not in _province_names()[1]:
        return _NONE
    return {"level": "province", "unit": name}   # the subject's own too: beside the others, one old province


_BRACKET_FIGURE = re.compile(r"\(\s*\d[\d.,]*\s*%?\s*\)")


_ACTOR_AFTER = any_of(_folded_phrases(_DATA.get("actor_after")))
_OBJECT_BEFORE = re.compile(rf"(?<!\w)(?:{_alt(_DATA['object_before'])})\s*$")
_ACTOR_BEFORE = re.compile(r"^[\s(]*(?:" + "|".join(map(re.escape, _folded_phrases(_DATA.get("actor_before")))) +
                           r")\s[^,;:]*$") if _DATA.get("actor_before") else None     # opening its clause


_LABELS: dict[tuple, object] = {}     # (table label, subject) → scope


class Scopes:
    """Every scope phrase of one document, and the scope of a figure at an offset."""

    def __init__(self, text: str, folded: str, meta: dict | None = None, subject: Subject | None = None):
        self.text, self.folded = text, folded
        self.subject = subject or Subject(meta)
        cues: list[Cue] = []
        rx, kinds = _phrases()
        for m in find_all(rx, folded):            # from the phrases' first words: one scan cost 10 ms a report
            what, level = kinds.get(_words_of(m[0]), ("level", None))
            if level is not None or what != "level":
                cues.append(Cue(m.start(), m.end(), what, level))
        for level in _DATA.get("level_patterns") or {}:                 # "UBND 23 xã, 1 thị trấn"
            for m in _level_pattern(level).finditer(folded):
                cues.append(Cue(m.start(), m.end(), "level", level))
        for rx, level in _unit_patterns():
            for m in find_all(rx, text, folded):
                cue = self._unit(m, level)
                if cue is not None:
                    cues.append(cue)
        rx, _names = _province_names()
        for b in _BRACKET_FIGURE.finditer(text):     # a ranking: "Cần Thơ (61,02%)"; brackets are few
            lo = max(0, b.start() - 40)
            m = rx.search(text, lo, b.start())
            if m:
                cues.append(Cue(m.start(), m.start() + len(m[0].rstrip()), "unit", "province", m[0].rstrip()))
        cues.sort(key=lambda c: (c.start, -(c.end - c.start)))
        kept: list[Cue] = []
        for c in cues:                      # of overlapping phrases the longest ("các sở, ban, ngành, địa phương")
            if kept and c.start < kept[-1].end:
                if c.end - c.start > kept[-1].end - kept[-1].start:
                    kept[-1] = c
                continue
            kept.append(c)
        self.cues = [self._own(c) for c in self._joined(kept)]
        self.starts = [c.start for c in self.cues]

    def _joined(self, cues: list[Cue]) -> list[Cue]:
        """`các huyện, thành phố và UBND các xã, phường` — two levels named as one subject, nothing between
        them but a joining word (data/scopes.yaml level_joins): one phrase of both levels."""
        out: list[Cue] = []
        for c in cues:
            p = out[-1] if out else None
            if p is not None and p.what == c.what == "level" and p.unit is None and c.unit is None \
                    and (p.level, c.level) in _JOINABLE and _LEVEL_JOIN.fullmatch(self.folded, p.end, c.start):
                out[-1] = Cue(p.start, c.end, "level", _JOINABLE[(p.level, c.level)])
                continue
            out.append(c)
        return out

    def _unit(self, m, level: str) -> Cue | None:
        name = _UBND.sub("", m[0]).rstrip(" ,")
        if level == "agency" and fold(name).startswith(_DATA["department_word"]):
            name = _trim_unit(name)
            if len(name.split()) < 2:
                return None
        if level == "ministry" and len(name.split()) < 2:
            return None
        if level == "district" and fold(name).startswith((_CITY["name"], _CITY["short"])):
            place = re.sub(rf"^(?:{_CITY['name']}|{_CITY['short']}\.?)\s*", "", name, flags=re.I)
            if _key(place) in _province_names()[1] and _central_city(place):
                level = "province"           # thành phố Cần Thơ; thành phố Tuyên Quang is a district's city
        start = m.start() + m[0].find(name)
        end = start + len(name)
        if self._actor(start, end) or (_ACTOR_AFTER is not None and _ACTOR_AFTER.search(fold(_small_tail(name)))):
            return None                      # "Bộ Nội vụ công bố ...": the actor, its verb caught in the name
        return Cue(start, end, "unit", level, name)

    def _actor(self, a: int, b: int) -> bool:
        """A unit that is the actor of its clause ("Sở Nội vụ đã tổng hợp ...", "theo ... của Bộ Nội vụ")."""
        after = self.folded[b:b + 30]
        if _ACTOR_AFTER is not None:
            m = _ACTOR_AFTER.search(after)
            if m and _TENSE_GAP.fullmatch(after[:m.start()]):
                return True
        if _ACTOR_BEFORE is not None:
            lo = max(0, a - 80)
            before = self.folded[lo:a]
            cut = max(before.rfind(","), before.rfind(";"), before.rfind("."), before.rfind(":"))
            if _ACTOR_BEFORE.search(before[cut + 1:]):
                return True
        return False

    def _own(self, c: Cue) -> Cue:
        if c.what in ("level", "unit") and self.subject.own(c.level, c.unit):
            return Cue(c.start, c.end, "whole")
        return c

    # ------------------------------------------------------------------ a figure

    def in_range(self, a: int, b: int) -> list[Cue]:
        i = bisect.bisect_left(self.starts, a)
        out = []
        while i < len(self.cues) and self.cues[i].start < b:
            if self.cues[i].end <= b:
                out.append(self.cues[i])
            i += 1
        return out

    def clause(self, a: int, b: int, start: int, end: int) -> tuple[int, int]:
        """The clause of folded[start:end] inside the sentence [a, b): between commas, semicolons, colons
        (a comma inside a scope phrase, "các sở, ban, ngành", does not count)."""
        lo, hi = a, b
        for m in _CLAUSE_MARK.finditer(self.folded, a, start):
            if not self._inside(m.start()):
                lo = m.end()
        for m in _CLAUSE_MARK.finditer(self.folded, end, b):
            if not self._inside(m.start()):
                hi = m.start()
                break
        return lo, hi

    def _inside(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.cues[i].start < pos < self.cues[i].end

    def of_figure(self, start: int, end: int, a: int, b: int, fig_starts: list[int] | tuple = (),
                  head: tuple[int, int] | None = None, carried: dict | None | str = None):
        """The scope of the figure at folded[start:end] in the sentence [a, b); `fig_starts` are the
        sentence's figures, `head` the line that opened its list, `carried` a scope its paragraph opened."""
        lo, hi = self.clause(a, b, start, end)
        # a phrase after the figure that labels a figure of its own is that one's ("98.540 hồ sơ (cấp tỉnh: 12.300")
        own = [c for c in self.in_range(lo, hi) if c.start < end or not _LABEL_OF_FIGURE.match(self.folded, c.end)]
        op = self._opener_cue(a, b)
        if op is not None and op.end <= start:
            return self._in_span(op, start, end, lo, own, fig_starts)
        near = _nearest(own, start, end, lo, fig_starts)
        if near is not _NONE:
            return near
        subject = self.opening(a, lo, fig_starts)
        if subject is not _NONE:
            return subject
        if head is not None:
            got = self.of_line(*head)
            if got is not _NONE:
                return got
        return carried

    def _in_span(self, op: Cue, start: int, end: int, lo: int, own: list[Cue], fig_starts) -> dict | None | str:
        """A figure in the span a sentence opener opened ("Với cấp tỉnh, ...; ..., đạt 98,97%; ..."): a
        nearer level or unit says otherwise, but a `whole` phrase before the span's first figure ("Với cấp
        xã, toàn tỉnh tiếp nhận ...") is the opener's own statement, not a reset."""
        first = min((f for f in fig_starts if f >= op.end), default=start)
        own = [c for c in own if c is not op and c.start >= op.end and not (c.what == "whole" and c.start < first)]
        near = _nearest(own, start, end, lo, fig_starts)
        if near is not _NONE:
            return near
        nearer = self.opening(max(op.end, first), lo, fig_starts)   # "...; cấp huyện tiếp nhận 300, giải quyết 290"
        return op.scope() if nearer is _NONE else nearer

    def _opener_cue(self, a: int, b: int) -> Cue | None:
        cues = self.in_range(a, min(b, a + 80))
        if not cues:
            return None
        c = cues[0]
        if not _OPENER.match(self.folded[a:c.start]) or not _OPENER_END.match(self.folded, c.end):
            return None
        return c

    def opening(self, a: int, upto: int, fig_starts=()) -> dict | None | str:
        """The nearest phrase in [a, upto) that opens its clause (no figure of its clause before it)."""
        for c in reversed(self.in_range(a, upto)):
            between = self.folded[c.end:upto]
            if any(not _GOES_ON.match(between, m.end()) for m in _SEMI.finditer(between)):
                return _NONE                 # "...; số hồ sơ trực tuyến là ...": a new statement, its own subject
            lo, _ = self.clause(a, upto, c.start, c.end)
            lo = max(lo, self.folded.rfind("(", lo, c.start) + 1)     # a bracket opens a clause of its own
            if any(lo <= f < c.start for f in fig_starts) or _OBJECT_BEFORE.search(self.folded, max(lo, c.start - 20), c.start):
                continue                     # "phối hợp với các sở, ban, ngành ...": a verb's object
            seg = self.folded[a:c.start]
            seg = seg[seg.rfind(";") + 1:]
            if _BREAKDOWN.search(seg) and _LABEL_OF_FIGURE.match(self.folded, c.end):
                continue                     # "trong đó cấp huyện 9.874 hồ sơ, cấp xã ...": a part, not the subject
            return c.scope()
        return _NONE

    def of_line(self, a: int, b: int) -> dict | None | str:
        """The scope a heading or list-opening line gives the lines under it: its last phrase that opens
        a clause ("b) Cấp xã", "- Ở cấp huyện, kết quả như sau:", "Cấp xã tiếp nhận 500 hồ sơ, trong đó:")."""
        return self.opening(a, b, [a + m.start() for m in _DIGITS.finditer(self.folded[a:b])])

    def opener(self, a: int, b: int) -> dict | None | str:
        """The scope a sentence's opening words give the rest of its paragraph ("Ở cấp huyện, ..."):
        a phrase standing first in the sentence, before a comma or colon; else nothing (_NONE)."""
        c = self._opener_cue(a, b)          # "UBND các xã tiếp nhận 3.100 hồ sơ.": its own sentence's subject
        return _NONE if c is None else c.scope()

    def subject_of(self, a: int, first: int, fig_starts=()) -> dict | None | str:
        """The scope a sentence's subject gives the subjectless sentences after it in its paragraph: the phrase
        its first figure takes from before it (`Bộ phận Một cửa cấp huyện và cấp xã … đã tiếp nhận 21.300 hồ
        sơ`, `Toàn tỉnh đã giải quyết …`) in that figure's clause; _NONE when none stands there, or only a
        verb's object (`phối hợp với các sở`)."""
        lo, _ = self.clause(a, first + 1, first, first + 1)
        before = [c for c in self.in_range(lo, first) if c.end <= first
                  and not _OBJECT_BEFORE.search(self.folded, max(lo, c.start - 20), c.start)]
        return _nearest(before, first, first + 1, lo, fig_starts) if before else _NONE

    def of_label(self, label: str) -> dict | None | str:
        """The scope a table's row or column name gives its cells ("Cấp xã", "UBND huyện Kim Sơn")."""
        if not label:
            return _NONE
        key = (label, self.subject.key)
        got = _LABELS.get(key)
        if got is None:                      # tables repeat their row and column names, across reports too
            sub = Scopes(label, fold(label), subject=self.subject)
            got = sub.cues[-1].scope() if sub.cues else _province_label(label)
            if len(_LABELS) > 20000:
                _LABELS.clear()
            _LABELS[key] = got
        return dict(got) if isinstance(got, dict) else got


def _nearest(own: list[Cue], start: int, end: int, lo: int, fig_starts) -> dict | None | str:
    """The scope the phrases of a figure's own clause give it: the nearest before it, else the first after
    it; a phrase after an earlier figure of the clause is that figure's. _NONE when the clause has none."""
    before = [c for c in own if c.end <= start]
    after = [c for c in own if c.start >= end]
    if before and not (after and any(lo <= f < before[-1].start for f in fig_starts)):
        return before[-1].scope()
    if after:
        return after[0].scope()
    return before[-1].scope() if before else _NONE


class _Missing:
    def __repr__(self):
        return "<no scope phrase>"


_NONE = _Missing()     # no phrase found (distinct from None: a `whole` phrase, the document's own)
NONE = _NONE
