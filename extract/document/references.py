"""Legal-document references: `Quyết định số 545/QĐ-UBND ngày 09/02/2021`, `Nghị định 61/2018/NĐ-CP`,
`Nghị quyết số 19-NQ/TW`, `công văn số 733/SNV-TT`.

A reference is found by its symbol (number and letter code, the part every citation has), then read
outwards: the type word just before the number (`Quyết định số`), the date just after (`ngày 09/02/2021`).
Type words, type codes and issuer codes are data (data/doc_types.yaml). A symbol must hold a letter code,
so dates (`09/02/2021`), fractions (`44/54`) and the document's own blank number (`Số: /BC-SCT`) are not
references. One entry per distinct document and date (GOLD.md): the first place it is cited is kept.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

from extract.lexicon import DOC_TYPES
from extract.model import Document, Reference
from extract.text.numbers import find_dates
from vn.fold import fold, fold_phrase


@dataclass(frozen=True)
class _DocTypes:
    words: dict[str, str]          # folded type word -> canonical spelling
    codes: frozenset[str]          # type codes (QĐ, NĐ, TTr, ...)
    issuers: frozenset[str]        # known issuer codes
    form_words: tuple[str, ...]    # folded words that name a form before its number (`Mẫu số`)
    citation: dict                 # number, date, list and issued words of a citation


def _load() -> _DocTypes:
    data = DOC_TYPES
    words, codes = {}, set()
    for t in data["types"]:
        canonical = t.get("canonical", t["word"])
        for w in [t["word"], *t.get("aliases", [])]:
            words[fold_phrase(w)] = canonical
        if t.get("code"):
            codes.add(t["code"])
    return _DocTypes(words, frozenset(codes), frozenset(data["issuers"]),
                     tuple(fold_phrase(w) for w in data.get("form_words", [])), data["citation"])


TYPES = _load()

# ---------------------------------------------------------------- patterns (compiled once)

_C = TYPES.citation
_NO, _DATE = re.escape(_C["number"]), re.escape(_C["date"])
_LIST = "|".join(re.escape(w) for w in _C["list"])
_ISSUED = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _C["issued"])

# One part of a code: capitals, digits and `&` (QLG&CS, BCĐ389), with at most single lower-case ASCII
# letters inside (TTg, TTr, CTr, QyĐ). Codes carry no tone marks, so `VỀ`, `Kế` never pass.
_PART = r"[A-ZĐ](?:[A-ZĐ0-9&]|[a-z](?![a-z]))*(?![\p{L}\d])"
# PDFs put spaces around hyphens and slashes (`545 /QĐ- UBND`) and break lines after them (`166-⏎KH/TU`);
# a line break before a hyphen is a list bullet, never part of a symbol.
_AFTER = r"(?:[ \t]?|[ \t]*\n[ \t]*)"
_HYPHEN = rf"[ \t]?[-–]{_AFTER}"
_SLASH = rf"[ \t]?/{_AFTER}"
_BREAK = r"[ \t]*\n?[ \t]*"            # spaces with at most one line break
# The number stands alone (not the tail of `09/02`, `99,75`, `COVID-19`), but may be glued to `số` (`số545`)
# `12.3/2024/NQ-CP`: a number may carry one sub-number after a dot (never three digits: 1.234 is a thousand)
_NUM = r"(?:(?<=[sS][ốỐ])|(?<![\p{L}\d/.-])(?<!\d,))(?P<num>\d{1,6}(?:\.\d{1,2}(?![\d.]))?)"
_CODES = r"(?:" + "|".join(sorted(map(re.escape, TYPES.codes), key=len, reverse=True)) + r")(?![\p{L}\d])"
_ISSUERS = r"(?:" + "|".join(sorted(map(re.escape, TYPES.issuers), key=len, reverse=True)) + r")(?![\p{L}\d])"

SYMBOL_RE = re.compile(
    # Party documents: 19-NQ/TW, 26-CT/TU, 5782-CV/TU (the type code must be a known one)
    rf"{_NUM}{_HYPHEN}(?P<ptype>{_CODES}){_SLASH}(?P<pissuer>{_PART}(?:{_HYPHEN}{_PART})*)"
    # State documents: 545/QĐ-UBND, 61/2018/NĐ-CP, 733/SNV-TT, 80/2015/QH13; `131/QĐ SCT` (a space for
    # the hyphen) only between a known type code and a known issuer
    rf"|{_NUM}{_SLASH}(?:(?P<year>(?:19|20)\d\d){_SLASH})?"
    rf"(?>(?P<stype>{_CODES})[ \t](?P<sissuer>{_ISSUERS}(?:{_HYPHEN}{_PART})*)"
    rf"|(?P<code>{_PART}(?:{_HYPHEN}{_PART})*))"
    # `06/VPCP/KSTT/KTTH` names a form, not a document (the atomic group above keeps the code from
    # shrinking to make this pass)
    r"(?![ \t]?/)"
    # `180/KH/UBND`: a slash for the hyphen, only between a known type code and a known issuer
    rf"|{_NUM}{_SLASH}(?P<s2type>{_CODES}){_SLASH}(?P<s2issuer>{_ISSUERS})(?![ \t]?[/-])"
)

# What may stand between a type word and the number: `Quyết định số`, `Thông tư`, `Quyết định: số`
_TYPE_WORD_RE = re.compile(
    r"(?<![\p{L}])(?P<w>"
    + "|".join(re.escape(w).replace(r"\ ", r"(?:[ \t]+|[ \t]*\n[ \t]*)")
               for w in sorted(TYPES.words, key=len, reverse=True))
    # one two-syllable qualifier may stand before `số` (`Báo cáo thẩm định số`, `Công văn hỏa tốc số`)
    + rf"){_BREAK}(?::{_BREAK})?(?:(?:\p{{Ll}}+[ \t]+){{0,2}}{_NO}{_BREAK}:?{_BREAK})?$")
_FORM_WORD_RE = re.compile(
    r"(?<![\p{L}])(?:" + "|".join(re.escape(w).replace(r"\ ", "[ \t]+") for w in TYPES.form_words) + ")"
    + rf"{_BREAK}(?:{_NO}{_BREAK}:?{_BREAK})?$")
# A further item of a list (`..., 546/QĐ-UBND`, `; số 2/QĐ-UBND`, `và 117/QĐ-SCT`): the type word carries over.
_LIST_GAP_RE = re.compile(rf"^{_BREAK}(?:[,;]{_BREAK})?(?:(?:{_LIST}){_BREAK})?(?:{_NO}{_BREAK}:?{_BREAK})?$")
# What may stand between a symbol and its date: `545/QĐ-UBND ngày 09/02/2021`, `..., ngày ...`
_DATE_GAP_RE = re.compile(rf"^{_BREAK},?{_BREAK}(?:{_DATE}{_BREAK})?$")
_DATE_LOOKAHEAD = 40
_WORD_LOOKBEHIND = 40


_SEP_SPACES_RE = re.compile(r"\s*[-–]\s*")


def _number(s: str) -> str:
    return s.lstrip("0") or "0"


def _squash(s: str) -> str:
    """`QĐ- UBND` → `QĐ-UBND`: the spaces PDFs put around separators are not part of a code."""
    return _SEP_SPACES_RE.sub("-", s).strip()


def _split_code(m) -> tuple[str | None, str | None]:
    if m["ptype"]:
        return m["ptype"], _squash(m["pissuer"])
    if m["stype"]:
        return m["stype"], _squash(m["sissuer"])
    if m["s2type"]:
        return m["s2type"], m["s2issuer"]
    parts = _squash(m["code"]).split("-")
    if parts[0] in TYPES.codes:
        return parts[0], "-".join(parts[1:]) or None
    return None, "-".join(parts)


def _date_after(text: str, end: int) -> tuple[int, str | None] | None:
    """(end, iso) of a date that directly follows a symbol, or None."""
    for d_start, d_end, iso in find_dates(text, end, min(len(text), end + _DATE_LOOKAHEAD)):
        gap = text[end:d_start]
        if _DATE_GAP_RE.match(gap):
            return d_end, iso
        break
    return None


# "Ngày 03/7/2025, Hội đồng nhân dân tỉnh ban hành Nghị quyết số 03/NQ-HĐND": the date opens the sentence
_ISSUED_BEFORE_RE = re.compile(rf"(?:^|[.;:\n]\s*){_DATE}\s+(?P<d>[^,;.\n]{{3,25}}?)\s*,\s*[^.;\n]{{0,90}}?(?:{_ISSUED})\s*$")


def _date_before(text: str, start: int) -> str | None:
    """The issue date stated before the type word, at the head of its sentence, or None."""
    m = _ISSUED_BEFORE_RE.search(text, max(0, start - 160), start)
    if not m:
        return None
    found = list(find_dates(text, m.start("d") - 5, m.end("d")))
    return found[0][2] if len(found) == 1 else None


def find_references(doc: Document) -> list[Reference]:
    text = doc.text
    folded = fold(text)
    refs: list[Reference] = []
    seen: set[tuple] = set()
    dated_before: dict[tuple, str] = {}  # symbols whose date opened their sentence: their repeats share it
    prev_end, prev_word = -1, None
    for m in SYMBOL_RE.finditer(text):
        type_code, issuer = _split_code(m)
        start = m.start()
        window_start = max(0, start - _WORD_LOOKBEHIND)
        if _FORM_WORD_RE.search(folded, window_start, start):
            continue
        w = _TYPE_WORD_RE.search(folded, window_start, start)
        if w:
            type_word, start = TYPES.words[" ".join(w["w"].split())], w.start()
        elif prev_end >= 0 and prev_end <= start and _LIST_GAP_RE.match(folded[prev_end:start]):
            type_word = prev_word
        else:
            type_word = None
        end, date = m.end(), None
        after = _date_after(folded, end)   # `NGÀY` in an upper-case line too
        if after:
            end, date = after
        elif w:
            date = _date_before(folded, start)
        number = _number(m["num"])
        year = int(m["year"]) if m["year"] else None
        ident = (number, year, type_code, issuer)
        if date is not None and not after:
            dated_before.setdefault(ident, date)
        elif date is None and ident in dated_before:
            date = dated_before[ident]   # "Ngày 19/5/2023, ... ban hành Quyết định số 22/...; Quyết định 22/... thay thế"
        prev_end, prev_word = end, type_word

        key = (number, year, type_code, issuer, date)
        if key in seen:
            continue
        seen.add(key)
        refs.append(Reference(
            type_word=type_word, number=number, year=year, type_code=type_code, issuer_code=issuer,
            date=date, start=start, end=end, page=doc.page_at(start),
            evidence=text[start:end], symbol=text[m.start():m.end()].strip(),
        ))
    return refs
