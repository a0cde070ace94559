"""What the sentence rules look up by offset: every cue, veto, context and kind word of the catalogue,
searched once per document (DocIndex) in one pass over the words (PhraseScan)."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex as re

from extract.lexicon.catalogue import CUE_GROUPS, FIRST_WORDS, GRAMMAR, INDICATORS, KINDS, alternation, any_of
from extract.text.figures import Figure, Masks
from vn.fold import WORD_RUN      # runs of word characters, as phrase_keys cuts them

_JOINED = any_of(GRAMMAR.get("joined_phrases"))
_CUE_FREE = any_of(GRAMMAR.get("cue_free_names"))     # names whose words are no cues (grammar.yaml)
_NEG = GRAMMAR.get("cue_negation") or {}
# a negation right before a cue, a few words between at most (grammar.yaml cue_negation)
_NEGATED = re.compile(
    rf"(?<!\w)(?:{alternation(_NEG['words'])})(?!\s+(?:{alternation(_NEG['not_after'])})(?!\w))"
    rf"(?:\s+(?:{alternation(_NEG['gaps'])}))?(?:\s+[^\s\d,;:.()]+){{0,{_NEG['max_words']}}}?\s+$") if _NEG else None
_CLAUSE = re.compile(rf"[;()\[\]]|,(?!\d)|(?<!\w)(?:{alternation(GRAMMAR['clause_words'])})(?!\w)|\s[-–]\s"
                     rf"|(?<!\w)(?:{alternation(GRAMMAR['clause_conjunctions'])})\s+(?=(?:{alternation(GRAMMAR['clause_openers'])})\s)")
_WINDOW_GAP = 200


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
        if _NEGATED is not None:             # "tỷ lệ không hài lòng": the cue says the opposite
            cue_items = [c for c in cue_items if not _NEGATED.search(folded, max(0, c[0] - 40), c[0])]
        if _CUE_FREE is not None:
            names = [m.span() for a, b in merged for m in _CUE_FREE.finditer(folded, a, b)]
            if names:
                cue_items = [c for c in cue_items if not any(s <= c[0] and c[1] <= e for s, e in names)]
        ctx = [(m.start(), m.end(), m.lastgroup) for m in next(found)]
        vetoes = {i.id: _hits(next(found)) for i in _VETOED}
        kinds = [_hits(next(found)) for _ in _KIND_FIELDS]
        joined = [(s, e) for s, e, _ in cue_items if _CLAUSE.search(folded, s, e)]
        if _JOINED is not None:              # "người dân, doanh nghiệp": a comma inside a pair of people
            joined += [m.span() for a, b in merged for m in _JOINED.finditer(folded, a, b)]
        joined.sort()
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
