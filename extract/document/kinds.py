"""Where a document states targets rather than results.

Three scopes make a figure a target by default: a plan (`KẾ HOẠCH`, doc_type ke_hoach), a section whose
heading announces directions or targets (`Phương hướng, nhiệm vụ ...`, `Mục tiêu`), and a bullet list
opened by a paragraph such as `... nhiệm vụ trọng tâm ..., cụ thể:`. The words are in data/kinds.yaml.
"""
from __future__ import annotations

import bisect

import regex as re

from extract.lexicon.catalogue import KINDS, METADATA
from extract.model import Document

_ROMAN = re.compile(r"^([IVXLC]+)[.)]\s", re.I)
_ARABIC = re.compile(r"^(\d+(?:\.\d+)*)\.?[)]?\s")
_LETTER = re.compile(r"^[a-zđ][).]\s")
_LOWER = re.compile(r"\p{Ll}")
_BULLET = re.compile(r"^[-+•·–—*]\s|^[a-zđ][).]\s")
_CONTINUATION = re.compile(r"^[a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ0-9]")
_LIST_PUNCT = re.compile(r"[:;]$")
# title words of each document type: data/metadata.yaml (doc_types)
_DOC_TYPES = METADATA["doc_types"]
_TITLE_ANY = re.compile(r"^(?:{})\b".format("|".join(re.escape(w) for t in _DOC_TYPES for w in t["titles"])))
_TITLE_PLAN = re.compile(r"^(?:{})\b".format("|".join(re.escape(w) for t in _DOC_TYPES if t["code"] == "ke_hoach"
                                                      for w in t["titles"])))


_LEAD_MARKUP = frozenset("#*_>|")
_TAIL_MARKUP = frozenset("*_")


def unmark(text: str) -> str:
    """The text without the whitespace and Markdown-ish markup around it (`# `, `> `, `**`, `_`, `|` in
    front; `*`, `_` behind); only the ends are looked at, where a pattern scanned the whole paragraph."""
    i, j = 0, len(text)
    while i < j and (text[i].isspace() or text[i] in _LEAD_MARKUP):
        i += 1
    while j > i and (text[j - 1].isspace() or text[j - 1] in _TAIL_MARKUP):
        j -= 1
    return text[i:j]


def heading_level(block_text: str, kind: str, t: str | None = None) -> int | None:
    """1 for `IV. ...` or an upper-case heading, 2 for `2. ...`, 3 for `2.1. ...`, 4 for `a) ...`; None for
    a paragraph that is not a heading. `t`: unmark(block_text), when the caller has it."""
    t = unmark(block_text) if t is None else t
    if not t or len(t) > 200:
        return None
    if _ROMAN.match(t):
        return 1
    m = _ARABIC.match(t)
    if m:
        return 1 + m[1].count(".") + 1 if len(t) < 160 else None
    if _LETTER.match(t) and len(t) < 160:
        return 5
    if kind == "heading":
        return 1
    if 5 * len(_LOWER.findall(t)) >= len(t):     # the usual paragraph: too many small letters, counted in C
        return None
    letters = [c for c in t if c.isalpha()]
    if len(letters) > 8 and sum(c.isupper() for c in letters) > 0.8 * len(letters):
        return 1
    return None


def is_plan(doc: Document, meta: dict | None) -> bool:
    if meta and meta.get("doc_type") not in (None, "other"):     # "other": no layout, the lines may say
        return meta["doc_type"] == "ke_hoach"
    for b in doc.blocks[:25]:
        t = unmark(doc.text[b.start:b.end]).strip().lower()
        if _TITLE_ANY.match(t) and len(t) < 40:
            return bool(_TITLE_PLAN.match(t))
    return False


class TargetScopes:
    """Spans of doc.text where a figure is a target unless it says otherwise."""

    def __init__(self, doc: Document, folded: str):
        spans: list[tuple[int, int]] = []
        open_level: int | None = None
        open_start = 0
        list_start: int | None = None
        list_bullet = ""
        prev_item = ""
        for i, b in enumerate(doc.blocks):
            text = doc.text[b.start:b.end]
            ftext = folded[b.start:b.end]
            stripped = unmark(text)
            level = heading_level(text, b.kind, stripped) if b.kind in ("heading", "paragraph") else None
            if level is not None and not _BULLET.match(stripped):
                if open_level is not None and level <= open_level:
                    spans.append((open_start, b.start))
                    open_level = None
                if (open_level is None and KINDS.target_sections.search(ftext)
                        and not KINDS.target_list_veto.search(ftext)):   # "Kết quả ... so với mục tiêu" is results
                    open_level, open_start = level, b.start
            # bullet lists opened by "... nhiệm vụ trọng tâm ..., cụ thể:"
            if list_start is not None:
                same_bullet = list_bullet and stripped.startswith(list_bullet)
                if b.kind == "paragraph" and not same_bullet and not KINDS.target_list_end.search(ftext) and (
                        _BULLET.match(stripped) or _CONTINUATION.match(stripped)
                        or _LIST_PUNCT.search(prev_item)):          # Word's bullets are not in the text
                    prev_item = stripped
                    continue
                spans.append((list_start, b.start))
                list_start = None
            if (b.kind == "paragraph" and stripped.endswith(":") and KINDS.target_lists.search(ftext)
                    and not KINDS.target_list_veto.search(ftext)):
                list_start = b.end
                prev_item = stripped
                list_bullet = stripped[:1] if _BULLET.match(stripped) else ""
        if open_level is not None:
            spans.append((open_start, len(doc.text)))
        if list_start is not None:
            spans.append((list_start, len(doc.text)))
        spans.sort()
        self._starts = [a for a, _ in spans]
        self._spans = spans

    def covers(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self._spans)
