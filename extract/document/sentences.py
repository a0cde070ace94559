"""Sentences with their offsets in Document.text.

PDF and Word exports break lines in the middle of sentences, so consecutive paragraph blocks are first
joined into logical paragraphs (a block that does not end a sentence continues into the next one when
that one starts in lower case or with a digit, or the first ends on a linking word). The paragraph is then
cut at sentence ends. Offsets are never changed: a sentence is a span of doc.text whose line breaks
are plain whitespace to the rules. (underthesea's sent_tokenize is as fast here — 7.3 ms against 4.2 ms
on the 70k-character Đồng Nai report — but it works on one block at a time, so it cannot join lines a
PDF broke mid-sentence, and it returns strings without offsets; the genre's sentences end in a few
predictable ways that this module spells out.)
"""
from __future__ import annotations

import regex as re

from extract.lexicon.catalogue import GRAMMAR, METADATA, alternation
from extract.document.kinds import unmark
from extract.model import Document

# A line ending in ';' or ':' goes on ("...trước hạn là: 319;⏎đúng hạn là 3 hồ sơ"); bullets still start anew.
_ENDS_SENTENCE = re.compile(r"[.!?][*_)\"”’»\s]*$")
_BULLET = re.compile(r"^\W{0,3}(?:[-+•·–—*]\s|\d+(?:\.\d+)*[.)]\s|[a-zđ][).]\s|\(\d+\)|[IVXLC]+[.)]\s)", re.I)
_CONTINUES = re.compile(r"^[\s*_]*(?:[a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ0-9%(]|\d)")
_LINKS_ON = re.compile(rf"(?:\b(?:{alternation(GRAMMAR['line_links'])})|,)\W*$", re.I)
# Sentence end: . ! ? followed by space and an upper-case letter, a bullet or an opening bracket.
_SPLIT = re.compile(r"(?<=[.!?…])[*_\"”’)\]]*\s+(?=[\p{Lu}\-+•(“\"*])")
# ... or by a digit, after a word or a year ("… hồ sơ. 15 hồ sơ đang giải quyết", "… quý III/2024. 12/40 dịch
# vụ …"), not after other digits ("98. 5%": a number a PDF broke)
_SPLIT_DIGIT = re.compile(r"(?:(?<=\p{L}[.!?])|(?<=(?<![\d.,])(?:19|20)\d\d[.!?]))[\s*_]+(?=\d)")
_MARKER_ONLY = re.compile(r"[\W_]*(?:\d+(?:\.\d+)*|[IVXLC]+|[a-zđ])[.)]", re.I)
_ABBREV = re.compile(r"(?:\b(?:TP|Tp|tp|ThS|TS|PGS|GS|v\.v|St|Q|P|Mr|Ms|TT|Th)\.|\b[A-ZĐ]\.)$")


def _LONG_LINE(text: str) -> bool:
    """A long line that does not end a sentence runs on (a PDF line break), unless it is an upper-case title."""
    letters = [c for c in text if c.isalpha()]
    return len(text) >= 60 and sum(c.isupper() for c in letters) < 0.6 * max(1, len(letters))


_STARTS_DIGIT = re.compile(r"[\s*_]*\d")
# a document's title line in capitals (BÁO CÁO, KẾ HOẠCH): data/metadata.yaml doc_types
_TITLE = re.compile(r"(?:{})\W*$".format("|".join(re.escape(w.upper()) for t in METADATA["doc_types"]
                                                   for w in t["titles"])))


def _short_heading(text: str) -> bool:
    """A numbered heading line: a section marker, at most 100 characters, no figure after the marker."""
    return (len(text) <= 100 and _marker_kind(text) in ("1.", "a)", "I.")
            and not _HAS_DIGIT_AFTER_MARKER.search(text))


def logical_paragraphs(doc: Document) -> list[tuple[int, int]]:
    """Spans (start, end) of joined paragraph blocks; tables, headers and footers are left out."""
    spans: list[tuple[int, int]] = []
    cur: list[int] | None = None
    prev_text = ""
    headline = True           # the paragraph is a headline or a title's subject line (see below)
    for b in doc.blocks:
        if b.kind not in ("paragraph", "heading", "footnote"):
            if cur:
                spans.append((cur[0], cur[1]))
            cur, prev_text = None, ""
            if b.kind == "table":
                spans.extend(prose_cells(doc, b))
            continue
        text = doc.text[b.start:b.end]
        if not text.strip():
            continue
        joinable = (cur is not None and b.kind == "paragraph" and prev_kind == "paragraph"
                    and not _ENDS_SENTENCE.search(prev_text) and not _BULLET.match(text)
                    and (_CONTINUES.match(text) or _LINKS_ON.search(prev_text) or _LONG_LINE(prev_text))
                    # "3. Hiện đại hóa hành chính" then "100% cơ quan ...": a numbered heading, then its text
                    and not (_STARTS_DIGIT.match(text) and _short_heading(prev_text))
                    # a document's first line (a news headline) or the subject line under its title
                    # (BÁO CÁO / Kết quả ... năm 2024) wraps only into words in small letters or a figure, not
                    # into a bracket ("(BĐ) - Năm 2023, …": the lead's source)
                    and not (headline and (not _CONTINUES.match(text) or text.lstrip(" *_").startswith("("))))
        if joinable:
            cur[1] = b.end
        else:
            if cur:
                spans.append((cur[0], cur[1]))
            headline = cur is None and not spans or bool(_TITLE.match(unmark(prev_text)))
            cur = [b.start, b.end]
        prev_text, prev_kind = text, b.kind
    if cur:
        spans.append((cur[0], cur[1]))
    return spans


PROSE_WORDS = 16     # a table cell of this many words is prose (a criteria table's evidence column)


def is_prose(cell: str) -> bool:
    """A cell that is written text, not a label or a value: read by the sentence rules, not the table's."""
    return cell.count(" ") + 1 >= PROSE_WORDS


def prose_cells(doc: Document, block) -> list[tuple[int, int]]:
    """Spans of a table's prose cells (`Cấp tỉnh có 193.457/195.197 hồ sơ giải quyết đúng hạn, đạt tỷ lệ
    99,1%` as the evidence of a criterion): each is a paragraph of its own."""
    out = []
    pos = block.start
    for row in block.rows or []:
        for cell in row:
            if is_prose(cell) and doc.text[pos:pos + len(cell)] == cell:
                out.append((pos, pos + len(cell)))
            pos += len(cell) + 1
    return out


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end]."""
    out = []
    s = start
    cuts = sorted([*_SPLIT.finditer(text, start, end), *_SPLIT_DIGIT.finditer(text, start, end)], key=lambda m: m.start())
    for m in cuts:
        if _ABBREV.search(text, max(start, m.start() - 6), m.start()) or _MARKER_ONLY.fullmatch(text, s, m.start()):
            continue
        if m.start() > s:
            out.append((s, m.start()))
        s = m.end()
    if end > s:
        out.append((s, end))
    return out


def document_sentences(doc: Document) -> list[tuple[int, int]]:
    return [sp for a, b in logical_paragraphs(doc) for sp in sentences(doc.text, a, b)]


# ---------------------------------------------------------------- list items and the line that opens them

_MARKER = re.compile(r"^[\s*_]*(?:(?P<sym>[-+•·–—*])\s|(?P<num>\d+(?:\.\d+)*)[.)]\s|(?P<let>[a-zđ])[).]\s"
                     r"|(?P<par>\(\d+\))|(?P<rom>[IVXLC]+)[.)]\s)")
_OPENS_LIST = re.compile(r":[\s*_]*$")


def _marker_kind(text: str) -> str | None:
    m = _MARKER.match(text)
    if not m:
        return None
    if m["sym"]:
        return "-" if m["sym"] in "-–—" else m["sym"]
    return "1." if m["num"] else "a)" if m["let"] else "(1)" if m["par"] else "I."


def sentences_with_heads(doc: Document, paragraphs: list[tuple[int, int]] | None = None,
                         ) -> list[tuple[int, int, tuple[int, int] | None]]:
    """Sentences with the sentence that opens their list, if any: in
        Số hồ sơ đang giải quyết: 50 hồ sơ, trong đó:
        + Trong hạn: 45 hồ sơ;
        + Quá hạn: 5 hồ sơ.
    the two items belong to the first line (they are about the pending dossiers). An item's list is the
    nearest earlier line that ends with ':' and is not a sibling item (same bullet). `paragraphs`: the
    document's logical_paragraphs when the caller has them already."""
    out = []
    stack: list[tuple[str | None, tuple[int, int]]] = []      # (bullet of the opener, its last sentence)
    prev = ""
    heading: tuple[int, int] | None = None    # a short numbered heading without figures ("c) Hồ sơ đang giải quyết")
    for a, b in logical_paragraphs(doc) if paragraphs is None else paragraphs:
        sents = sentences(doc.text, a, b)
        if not sents:
            continue
        text = doc.text[a:b]
        kind = _marker_kind(text)
        if _short_heading(text) and not _ENDS_SENTENCE.search(text) and not _OPENS_LIST.search(text):
            heading, stack, prev = sents[-1], [], text
            out.extend((sa, sb, None) for sa, sb in sents)
            continue
        if kind is None and stack and _UNMARKED_ITEM_AFTER.search(prev) and len(text) <= 160 and not _is_caps(text):
            kind = "unmarked"                # Word's automatic bullets are not in the text: "…, trong đó:" / "Trong hạn: 45 hồ sơ;"
        if kind is None:
            stack = []
        else:
            while stack and stack[-1][0] == kind:
                stack.pop()
        head = stack[-1][1] if stack else heading
        out.extend((sa, sb, head) for sa, sb in sents)
        if _OPENS_LIST.search(text):
            stack.append((kind, sents[-1]))
        prev = text
    return out


_UNMARKED_ITEM_AFTER = re.compile(r"[:;][\s*_]*$")
_HAS_DIGIT_AFTER_MARKER = re.compile(r"^[\s*_]*\S+\s.*\d")


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)
