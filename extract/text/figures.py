"""Figures in running text: every count, percentage and fraction that could be an indicator value,
with what it counts (the noun after it) — and the spans that only look like figures (dates, document
symbols, years, `mức độ 3`, list numbers), which are masked out.

Works on the folded text (vn.fold): same offsets as Document.text.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex as re

from extract.lexicon.catalogue import KINDS, KINDS_DATA, alternation
from extract.text.numbers import NUMBER, find_dates, parse_number
from extract.lexicon import MASKS

# One figure (after a space, a bracket or dot leaders `…:..........1.250`): a fraction `116/116`, a percentage
# `99,75%` / `1,4 %`, or a number `9.423` / `01`.
# A fraction's parts may be grouped (`1.180/1.200 hồ sơ`).
_INT = r"(?:\d{1,3}(?:\.\d{3})+|\d{1,5})"
_PCT_WORD = "|".join(r"\s+".join(map(re.escape, w.split()))
                     for w in sorted(KINDS_DATA.get("percent_words", ()), key=len, reverse=True))
_FIGURE = re.compile(
    rf"(?:(?<![\w.,/%-])|(?<=\p{{Ll}}/)|(?<=\.\.|…))(?:(?P<fn>{_INT})\s?/\s?(?P<fd>{_INT})(?![\d/.,]*\d)(?!\s?%)"
    rf"(?![\w/])|(?P<num>{NUMBER})(?:(?P<pct>\s?%|\s+(?:{_PCT_WORD or '(?!)'})(?!\w))|(?![\w/%])))")

# Things that are not figures (dates, symbols, years, `mức độ 3`, list numbers): data/masks.yaml
_MASK_DATA = MASKS
_MASKS = [re.compile(p) for p in _MASK_DATA["not_figures"]]
_URL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w.-])[\w.-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w.-])(?:[\w-]+\.)+gov\.vn\S*")
_URL_HINT = re.compile(r"@|http|www|\.vn")
_NON_SPACE = re.compile(r"\S*")
URL_REACH = 200


def _urls(folded: str, a: int, b: int) -> list[tuple[int, int]]:
    """The spans of the web and e-mail addresses that reach into folded[a:b], searched only in the tokens
    (runs without whitespace, where every match lies) that hold a hint (`@`, `http`, `www`, `.vn`, one of
    which every match contains); trying the pattern at every character was the costliest of the masks.
    An address is taken whole, up to URL_REACH characters around the window."""
    out: list[tuple[int, int]] = []
    done = lo = max(0, a - URL_REACH)
    hi = min(len(folded), b + URL_REACH)
    for h in _URL_HINT.finditer(folded, lo, hi):
        if h.start() < done:
            continue
        start = h.start()
        while start > lo and not folded[start - 1].isspace():
            start -= 1
        done = _NON_SPACE.match(folded, h.end(), hi).end()
        if done > a and start < b:
            out.extend(m.span() for m in _URL.finditer(folded, start, done))
    return out


def digit_windows(folded: str, before: int, after: int) -> list[tuple[int, int]]:
    """Merged spans reaching `before`/`after` characters around every run of digits."""
    out: list[list[int]] = []
    for m in re.finditer(r"\d+", folded):
        a, b = max(0, m.start() - before), m.end() + after
        if out and a <= out[-1][1]:
            out[-1][1] = b
        else:
            out.append([a, b])
    return [(a, min(b, len(folded))) for a, b in out]


# A number right after the name of a document or a code is its number, not a figure ("Nghị quyết 18, 19",
# "Đề án 06", "ISO 9001:2015"); checked backwards from each number, which is much faster than scanning.
_NAMED_NUMBER = re.compile(
    "".join(rf"(?<!{re.escape(w)}\s)" for w in _MASK_DATA["named_number_not_after"])
    + rf"(?<!\w)(?:{alternation(_MASK_DATA['named_number_words'])})\s+(?:{re.escape(_MASK_DATA['named_number_link'])}\s+)?$")
_NAMED_TAIL = re.compile(rf"\d[\d.,:/]*(?:\s*(?:,|{alternation(_MASK_DATA['named_number_joins'])})\s*\d+)*")
_SPACED_DIGITS = re.compile(r"(?<=\s)\d")
_PERCENT_AFTER = re.compile(r"\s*%")
_LEADING_MARKER = re.compile(r"[\W_]*(?:\d+(?:\.\d+)*[.)]|[ivxlc]+[.)])(?=\s)")


@dataclass
class Figure:
    start: int
    end: int
    kind: str                      # count | percent | fraction
    value: float | int
    den: int | None = None         # fractions: the denominator (value is the numerator)
    noun: str | None = None        # noun class right after the figure ("hồ sơ" → dossier), 'unknown' or None
    local_end: int = 0             # end of the figure with its noun
    approximate: str | None = None


def mask_spans(text: str, folded: str) -> list[tuple[int, int, str | int]]:
    """(start, end, what) of every span that holds no figure: what is "date", "url", "named" (the number
    of a named document or code) or the index of the masks.yaml `not_figures` pattern (`chiso explain`
    names it; Masks merges them)."""
    spans: list[tuple[int, int, str | int]] = [(a, b, "date") for a, b, _ in find_dates(text)]
    # every mask holds a digit and starts at most ~20 characters before it: scan only near digits
    for a, b in digit_windows(folded, 30, 30):
        for i, rx in enumerate(_MASKS):
            spans.extend((*m.span(), i) for m in rx.finditer(folded, a, b))
        spans.extend((*u, "url") for u in _urls(folded, a, b))
    for d in _SPACED_DIGITS.finditer(folded):    # the name ends in spaces: only runs after a space
        w = _NAMED_NUMBER.search(folded, max(0, d.start() - 30), d.start())
        if w:
            tail = _NAMED_TAIL.match(folded, d.start()).end()
            if not _PERCENT_AFTER.match(folded, tail):       # "kế hoạch 80%, thực hiện 72%": a share, no number
                spans.append((w.start(), tail, "named"))
    return spans


class Masks:
    """Spans of a text that hold no figure."""

    def __init__(self, text: str, folded: str):
        spans = [(a, b) for a, b, _ in mask_spans(text, folded)]
        spans.sort()
        merged: list[list[int]] = []
        for a, b in spans:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self._starts = [a for a, _ in merged]
        self._spans = merged

    def covers(self, a: int, b: int) -> bool:
        i = bisect.bisect_right(self._starts, b - 1) - 1
        return i >= 0 and self._spans[i][1] > a


_SPACE = re.compile(r"[\s*_]*")
_PAREN = re.compile(r"\([^()]{0,200}\)")
_WORD = re.compile(r"\p{L}")
NOUN_CLASSES = [cls for cls, _ in KINDS.nouns]


def noun_at(folded: str, pos: int, end: int) -> tuple[str | None, int]:
    """The noun class starting at pos (after spaces, a measure word, or one bracketed aside)."""
    p = _SPACE.match(folded, pos, end).end()
    for attempt in range(2):
        if KINDS.measure_words is not None:
            m = KINDS.measure_words.match(folded, p, end)
            if m:
                p = _SPACE.match(folded, m.end(), end).end()
        m = KINDS.noun_any.match(folded, p, end)
        if m:
            i = int(m.lastgroup[1:])
            return NOUN_CLASSES[i], m.end()
        paren = _PAREN.match(folded, p, end) if attempt == 0 else None
        if not paren:
            break
        p = _SPACE.match(folded, paren.end(), end).end()
    if _WORD.match(folded, p, min(end, p + 1)):
        return "unknown", pos
    return None, pos


_CLAUSE_END = re.compile(r"\s*(?:[,.;:()]|$)")
_CLAUSE_MARK = re.compile(r"[,;:()]")
COUNTED = ("dossier", "procedure", "task", "feedback", "signature")   # noun classes the catalogue counts


def _noun_before(folded: str, a: int, b: int) -> str | None:
    """The class of the last noun in folded[a:b] after its last clause mark, else None."""
    marks = [m.end() for m in _CLAUSE_MARK.finditer(folded, a, b)]
    found = None
    for m in KINDS.noun_any.finditer(folded, marks[-1] if marks else a, b):
        found = NOUN_CLASSES[int(m.lastgroup[1:])]
    return found


def _scaled(folded: str, pos: int, end: int, v: int | float) -> tuple[int, int] | None:
    """(value, end of the scale word) of `1,2 triệu hồ sơ` (KINDS.scales) when a noun of the catalogue
    follows the scale word, or nothing does before the clause ends (`giải quyết trên 83 ngàn, ...`, the
    noun named before it); None otherwise (`1,2 triệu đồng`, `3 nghìn người`, or no scale word)."""
    if KINDS.scale_words is None:
        return None
    p = _SPACE.match(folded, pos, end).end()
    m = KINDS.scale_words.match(folded, p, end)
    if not m or noun_at(folded, m.end(), end)[0] in ("unknown", "other") or (
            noun_at(folded, m.end(), end)[0] is None and not _CLAUSE_END.match(folded, m.end(), end)):
        return None
    return round(v * KINDS.scales[m.group(0)]), m.end()


def find_figures(folded: str, masks: Masks, start: int, end: int) -> list[Figure]:
    out: list[Figure] = []
    lead = _LEADING_MARKER.match(folded, start, end)
    for m in _FIGURE.finditer(folded, start, end):
        if lead and m.start() < lead.end():
            continue
        if masks.covers(m.start(), m.end()):
            continue
        if m["fn"]:
            num, den = int(m["fn"].replace(".", "")), int(m["fd"].replace(".", ""))
            if den == 0 or num > den:
                continue
            fig = Figure(m.start(), m.end(), "fraction", num, den)
        else:
            v = parse_number(m["num"])
            if v is None:
                continue
            scaled = None if m["pct"] else _scaled(folded, m.end(), end, v)
            if scaled:
                fig = Figure(m.start(), scaled[1], "count", scaled[0])
                fig.approximate = folded[m.end():scaled[1]].strip()      # a rounded figure
            elif m["pct"]:
                fig = Figure(m.start(), m.end(), "percent", float(v))
            else:
                if isinstance(v, float):       # a count has no decimals; 1,5 is no count
                    continue
                fig = Figure(m.start(), m.end(), "count", v)
        fig.noun, fig.local_end = noun_at(folded, fig.end, end)
        if fig.kind == "fraction" and fig.noun in (None, "unknown"):
            # 06/6 with nothing after is a date; 1.456/1.625 is not, and counts the noun its clause named
            # before it ("Số lượng hồ sơ được giải quyết là 1.456/1.625")
            if "." not in m["fn"] + m["fd"] or _noun_before(folded, max(start, fig.start - 60), fig.start) \
                    not in COUNTED:
                continue
        fig.local_end = max(fig.local_end, fig.end)
        if KINDS.approximate is not None:          # the word before wins over a scale word
            a = KINDS.approximate.search(folded, max(start, fig.start - 14), fig.start)
            if a and not folded[a.end():fig.start].strip():
                fig.approximate = folded[a.start():a.end()]
        out.append(fig)
    return out
