"""What the metadata readers share: the data of extract/data/metadata.yaml compiled once, the sizes of a
document's parts, and small helpers (evidence, lines, an agency's name as written).
"""
from __future__ import annotations

import unicodedata

import regex as re

from extract.lexicon.catalogue import METADATA
from extract.model import Document
from vn.fold import fold
from vn import provinces as PR

META_KEYS = ("province", "province_code", "province_2025", "agency", "doc_type", "doc_number", "issue_date",
             "period", "period_start", "period_end", "window_start", "window_end", "signer")

_DATA = METADATA                 # data/metadata.yaml, read once (extract.lexicon.catalogue)

HEAD_CHARS = 3000      # the header and title are within the first characters of any report
LEAD_CHARS, LEAD_LINES = 1500, 3  # a news summary's headline and lead paragraphs (LEAD_LINES of prose)
UNIT_CHARS = 800       # a unit that gives the province is named in the head or the first lines
PROSE = 60             # a shorter line of a news page is a byline, a date or a caption, not the lead
SHORT_TITLE = 90       # a first line this short that starts with a type word is a title, in any case
TAIL_CHARS = 3000      # the signature within the last
NEAR = 60              # a window label stands this close before `từ`


def _f(s: str) -> str:
    return fold(unicodedata.normalize("NFC", s))


def _words(phrase: str) -> str:
    """A folded phrase as a regex: words separated by any whitespace (and Markdown emphasis)."""
    return r"[\s*_]+".join(re.escape(w) for w in _f(phrase).split())


def _alt(phrases) -> str:
    return "|".join(_words(p) for p in sorted(set(phrases), key=lambda p: len(_f(p)), reverse=True))


# ---------------------------------------------------------------- compiled once from the data

_TYPE_OF_TITLE = {_f(t): d["code"] for d in _DATA["doc_types"] for t in d["titles"]}
_TYPE_OF_SYMBOL = {s: d["code"] for d in _DATA["doc_types"] for s in d["symbol"]}
_TITLE_RE = re.compile(rf"[\s#*_>]*(?P<w>{_alt(_TYPE_OF_TITLE)})(?!\w)")
_CONG_VAN_RE = re.compile(rf"(?<!\w)(?:{_alt(_DATA['cong_van_marks'])})(?!\w)")
# an appendix that goes with a document: "PHỤ LỤC ... (Kèm theo Báo cáo số .../BC-UBND ...)"
_ATTACHED_RE = re.compile(rf"(?<!\w)(?:{_alt(_DATA['attached'])})\s+(?P<w>{_alt(_TYPE_OF_TITLE)})(?!\w)")
_SALUTATION_RE = re.compile(rf"(?<!\w)(?:{_alt(_DATA['salutation'])})(?!\w)")
_CLOSING_RE = re.compile(rf"(?<!\w)(?:{_alt(_DATA['closing'])})\s+(?P<w>{_alt(_TYPE_OF_TITLE)})(?!\w)")
_TITLE_END_RE = re.compile(rf"[\s#*_>]*(?:(?:{_alt(_DATA['title_ends'])})(?!\w)|[ivx]+\.\s|\d+\.\s)")

_NUMBER_RE = re.compile(rf"(?<!\w)(?i:{_alt(_DATA['number_words'])})\s*:\s*(?P<num>\d+)?\s*/\s*(?P<sym>[^\s,;:()]*[^\s,;:().])")

_DW = {k: _words(v) for k, v in _DATA["date_words"].items()}
_PLACE_DATE_RE = re.compile(
    rf"(?P<place>[^\n\t,:;]{{2,60}}?)\s*,\s*{_DW['day']}\s*(?P<d>\d{{1,2}})?\s*[,.]?\s*{_DW['month']}\s*"
    rf"(?P<m>\d{{1,2}})?\s*[,.]?\s*{_DW['year']}\s*(?P<y>\d{{4}})?")

_AGENCY_OF = {}
for _a in _DATA["agencies"]:
    for _p in _a["phrases"]:
        _AGENCY_OF[re.sub(r"\s+", " ", _f(_p))] = _a
_AGENCY_RE = re.compile(rf"(?<!\w)(?:{_alt(_AGENCY_OF)})(?!\w)")
_AGENCY_BY_CODE = {}
for _a in _DATA["agencies"]:
    _AGENCY_BY_CODE.setdefault(_a["code"], _a)
_PLACE_STOP_RE = re.compile(rf"(?<!\w)(?:{_alt(_DATA['place_stop'])})(?!\w)|[\n\t,;:()]")
_SPLIT_PARENT_RE = re.compile(rf"(?:{_alt(_DATA['split_parent'])})")
_REPORT_VERB_RE = re.compile(rf"[\s*_]+(?:{_alt(_DATA['report_verbs'])})(?!\w)")

_SIGNER_TITLE_RE = re.compile(rf"(?<!\w)(?:{_alt(_DATA['signer_titles'])})(?!\w)")
_SURNAMES = {_f(s).split()[0] for s in _DATA["surnames"]}
_NAME_WORD = re.compile(r"^\p{Lu}[\p{Ll}\p{Lu}]*$")
_SEGMENT_RE = re.compile(r"[^\n\t]+")
_STRIP = " \t*#_>"


# ---------------------------------------------------------------- helpers

def _evidence(doc: Document, text: str, start: int, end: int) -> dict:
    return {"page": doc.page_at(start), "start": start, "end": end, "quote": text[start:end]}


def _is_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _segments(text: str, start: int, end: int):
    """Lines and table cells of text[start:end] as (start, end, cleaned text), Markdown marks stripped."""
    for m in _SEGMENT_RE.finditer(text, start, end):
        s = m.group()
        lead = len(s) - len(s.lstrip(_STRIP))
        clean = s.strip(_STRIP)
        if clean:
            yield m.start() + lead, m.start() + lead + len(clean), clean
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_RANKED_AFTER = re.compile(r"\s*\(\s*\d")

_PREFIX_WORDS = {fold(w).rstrip(".") for w in PR.PREFIXES}      # tỉnh, thành phố, tp


def _agency_name(text: str, ft: str, m, province_of_place: bool = True) -> tuple[str, str, int]:
    """(name, code, end) of the agency matched by m; `{place}` filled with the words written after it."""
    a = _AGENCY_OF[re.sub(r"[\s*_]+", " ", m.group())]
    name, end = a["name"], m.end()
    if "{place}" not in name:
        return name, a["code"], end
    # the place: the capitalised words after the phrase, on its line, before the national motto
    stop = _PLACE_STOP_RE.search(ft, m.end(), min(len(ft), m.end() + 80))
    stretch_end = stop.start() if stop else min(len(ft), m.end() + 80)
    words = []
    for w in re.finditer(r"\S+", text[m.end():stretch_end]):
        if not words and fold(w.group()) in _PREFIX_WORDS:
            words.append(w)              # "Công an tỉnh Hà Tĩnh": the level word in small letters
            continue
        if len(words) == 5 or not w.group()[0].isupper():
            break
        words.append(w)
    if len(words) == 1 and fold(words[0].group()) in _PREFIX_WORDS and not _is_upper(words[0].group()):
        words = []                       # "công an tỉnh cam kết": no place written
    if not words:
        return name.replace(" {place}", ""), a["code"], end
    place = " ".join(w.group() for w in words)
    end = m.end() + words[-1].end()
    if province_of_place and (PR.lookup(place) or fold(place).rstrip(".") in _PREFIX_WORDS):
        # "CÔNG AN TỈNH KHÁNH HÒA", or the level word alone ("CÔNG AN TỈNH"): the province's own agency
        return a.get("province_name", _DATA["province_name_default"]), a["code"], end
    if _is_upper(place):
        place = " ".join(w.capitalize() for w in place.split())
    return name.replace("{place}", place), a["code"], end
