"""A matching copy of the text: lower case, one tone-mark placement and one spelling of words written two
ways (tỉ/tỷ), with the same length.

Rules match against `fold(doc.text)` so that `Số hoá`, `số hóa` and `SỐ HÓA` are one phrase, while every
offset found there is an offset in doc.text too (each character maps to exactly one character).
"""
from __future__ import annotations

import unicodedata

import regex as re

from vn.datafile import load_yaml

# Old-style tone placement on the second vowel of open oa/oe/uy syllables (hoà, thuỷ) → new style (hòa, thủy).
# Both spellings are two NFC characters, so the length is kept. `qu`+y keeps its mark on y (quý).
_TONED = {"a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ"}
_BASE_TONED = {"o": "òóỏõọ", "u": "ùúủũụ"}
_OLD_STYLE = {}
for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
    for i, marked in enumerate(_TONED[second]):
        _OLD_STYLE[first + marked] = _BASE_TONED[first][i] + second
_OLD_RE = re.compile(r"(?<![qg])(" + "|".join(_OLD_STYLE) + r")(?!\w)")


# Interchangeable spellings of a word (tỉ lệ/tỷ lệ, xử lí/xử lý): data/spelling.yaml
def _load_spelling() -> dict:
    from pathlib import Path
    return load_yaml(Path(__file__).parent / "data" / "spelling.yaml")


def _load_variants(data: dict) -> dict[str, str]:
    out = {}
    for a, b in (data.get("variants") or {}).items():
        a, b = unicodedata.normalize("NFC", a.lower()), unicodedata.normalize("NFC", b.lower())
        if len(a) == len(b):                  # offsets must not move
            out[a] = b
    return out


_SPELLING = _load_spelling()
_VARIANTS = _load_variants(_SPELLING)
_LOOKALIKES = str.maketrans({a: b for a, b in (_SPELLING.get("characters") or {}).items() if len(a) == len(b) == 1})
_LOOKALIKE_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _LOOKALIKES) + "]") if _LOOKALIKES else None
_VARIANT_RE = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, _VARIANTS), key=len, reverse=True)) + r")(?!\w)") \
    if _VARIANTS else None


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# the last document folded: indicators, metadata, references and the audit each fold the same doc.text
_LAST: tuple[str, str] = ("", "")
_REMEMBER = 2000      # characters: shorter texts are cheaper to fold again than to remember


def fold(text: str) -> str:
    """Lower case, new-style tone marks; len(fold(t)) == len(t) for NFC text."""
    global _LAST
    last = _LAST
    if text is last[0]:
        return last[1]
    low = _fold(text)
    if len(text) >= _REMEMBER:
        _LAST = (text, low)
    return low


def _fold(text: str) -> str:
    low = _lower_same_length(text)
    if _LOOKALIKE_RE is not None and _LOOKALIKE_RE.search(low):     # rare: translate only when needed
        low = low.translate(_LOOKALIKES)
    low = _OLD_RE.sub(lambda m: _OLD_STYLE[m[1]], low)
    if _VARIANT_RE is not None:
        low = _VARIANT_RE.sub(lambda m: _VARIANTS[m[1]], low)
    return low


def fold_phrase(phrase: str) -> str:
    return fold(unicodedata.normalize("NFC", phrase.strip()))


def phrase_pattern(phrase: str) -> str:
    """Regex source for a phrase of the data files: words separated by any whitespace, `…` = up to four
    words (none of them past a `;`), a leading `re:` = a raw regular expression. Whole words only."""
    if phrase.startswith("re:"):
        return phrase[3:]
    return rf"(?<!\w){phrase_body(phrase)}(?!\w)"


WORD_RUN = re.compile(r"\w+")


# a raw pattern that starts with a word or a group of alternative words, then a space: `so\s+với…`,
# `(?:không|chưa)\s+…`, `(?<!\w)trong kỳ…`
_RAW_START = re.compile(r"(\(\?<!\\w\))?(?:\(\?:((?:\w+\|)*\w+)\)|(\w+))(?= |\\s|\(\?:\\s)")


def phrase_keys(phrase: str, guarded: bool = True) -> frozenset[str] | None:
    r"""The words (runs of word characters, folded) one of which every match of the phrase starts with,
    standing whole in the text: where the text has none of them the phrase cannot start. `guarded`: the
    phrase's pattern starts at a word boundary (any_of, phrase_pattern; a raw `re:` phrase used alone
    must say so itself with `(?<!\w)`). None when that cannot be told (most raw patterns)."""
    if phrase.startswith("re:"):
        m = _RAW_START.match(phrase[3:])
        if not m or not (guarded or m.group(1)):
            return None
        return frozenset((m.group(2) or m.group(3)).split("|"))
    m = WORD_RUN.match(fold_phrase(phrase).split("…")[0])
    return frozenset([m.group()]) if m else None


def phrase_body(phrase: str) -> str:
    """phrase_pattern without the whole-word guards (to share them in an alternation)."""
    if phrase.startswith("re:"):
        return f"(?:{phrase[3:]})"
    parts = []
    for chunk in fold_phrase(phrase).split("…"):
        words = chunk.split()
        if words:
            parts.append(r"\s+".join(re.escape(w) for w in words))
    return r"(?:\s+[^\s;]+){0,4}?\s+".join(parts)    # a gap never crosses a ";" (another clause)


def letters_key(s: str | None) -> str:
    """Letters and digits only, without case or diacritics (đ → d): two spellings of a name compare
    equal (`Các cơ quan ngành dọc` → `caccoquannganhdoc`)."""
    s = unicodedata.normalize("NFD", s or "").replace("đ", "d").replace("Đ", "d")
    return "".join(c for c in s if unicodedata.category(c) != "Mn" and c.isalnum()).casefold()
