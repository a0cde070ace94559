"""News items and report texts without an official header: their lead (headline and first lines of
prose) and the body whose results they give (GOLD.md: the body an item cites, a ministry's own report, the
headline's subject, else the committee of the province or district it speaks of as a whole)."""
from __future__ import annotations

import regex as re

from extract.document.layout import (LEAD_CHARS, LEAD_LINES, PROSE, _AGENCY_RE, _DATA, _RANKED_AFTER,
                                     _agency_name, _alt, _evidence, _f, _segments)
from extract.lexicon.catalogue import GRAMMAR, alternation
from vn import provinces as PR

_NEWS = _DATA["news_agency"]
_CITED_BEFORE_RE = re.compile(rf"(?<!\w)(?:{_alt(_NEWS['cited_before'])})\s[^.;:]{{0,80}}$")
_CITED_AFTER_RE = re.compile(rf"(?:\s+\p{{Lu}}[\p{{L}}\p{{M}}.]*){{0,4}}[\s,]+(?i:{_alt(_NEWS['cited_after'])})(?!\w)")  # on the text: a place's capitals
# a national ministry whose own results an item gives: its name right after "của" / "theo báo cáo của"
_MINISTRY_OF = {_f(ph): m["name"] for m in _DATA.get("ministries") or () for ph in m["phrases"]}
_MINISTRY_RE = re.compile(rf"(?<!\w)(?:{_alt(_NEWS['ministry_before'])})\s+(?P<m>{_alt(_MINISTRY_OF)})(?!\w)") \
    if _MINISTRY_OF else None
_PROVINCE_WHOLE_RE = re.compile(rf"(?<!\w)(?:{_alt(_NEWS['province_whole'])})(?!\w)")
_CITY_WHOLE_RE = re.compile(rf"(?<!\w)(?:{_alt(_NEWS['city_whole'])})(?!\w)")
_DISTRICT_WHOLE_RE = re.compile(rf"(?<!\w)(?:{_alt(_NEWS['district_whole'])})(?!\w)")
_DISTRICT_NAME_RE = re.compile(rf"(?<![\p{{L}}\p{{M}}])(?i:{_alt(_NEWS['district_words'])})(?: \p{{Lu}}[\p{{L}}\p{{M}}]*)+")

# after a body's name: its place written out, a tense word, a verb of results (metadata.yaml subject_verbs)
_SUBJECT_VERB = re.compile(
    rf"(?:\s+(?i:{_alt(PR.PREFIXES)})(?:\s+\p{{Lu}}[\p{{L}}\p{{M}}]*)+)?\s+(?:(?i:{alternation(GRAMMAR['tense_words'])})\s+)?"
    rf"(?i:{_alt(_NEWS['subject_verbs'])})(?!\w)") if _NEWS.get("subject_verbs") else None
# a count or a rate, not a year nor the "9" of "9 tháng": grouped thousands, three digits or more, a percent
_FIGURE_LIKE = re.compile(r"(?<![\d/.,])(?!(?:19|20)\d\d(?!\d))(?:\d{1,3}(?:\.\d{3})+|\d{3,})|\d+(?:,\d+)?\s*%")
_SUBJECT_END = re.compile(r"\s*[:–-]\s")          # "Huyện Tuy Phước: …", "Thị xã Hoài Nhơn - …"
_PROVINCE_NAMED = re.compile(rf"(?<!\w)(?i:{_alt(PR.PREFIXES)})\s+\p{{Lu}}")   # "tỉnh Hà Tĩnh", in the lead


def _lead(text: str):
    """The headline and the lead of a text without an official layout: its first line, then the first
    LEAD_LINES lines of prose (bylines, dates and captions between them are skipped)."""
    prose = 0
    for n, (s, e, clean) in enumerate(_segments(text, 0, min(len(text), LEAD_CHARS))):
        if n and len(clean) < PROSE:
            continue
        yield s, e
        if n:
            prose += 1
            if prose == LEAD_LINES:
                return


def _whole_after(ft: str, a: int, e: int) -> str | None:
    """`province`, `city` or `district` when the cited body's sentence goes on about that whole before its first
    figure, else None."""
    end = ft.find(".", a, e)
    end = e if end < 0 else end
    digit = _FIGURE_LIKE.search(ft, a, end)
    upto = digit.start() if digit else end
    for kind, rx in (("city", _CITY_WHOLE_RE), ("province", _PROVINCE_WHOLE_RE), ("district", _DISTRICT_WHOLE_RE)):
        if rx.search(ft, a, upto):
            return kind
    return None


def _news_agency(doc, text, ft, province, ev):
    """Whose results a news item gives (GOLD.md: a document about one body has that body as its agency;
    a province-wide one the provincial committee): the body its lead cites, else the body its headline
    starts with, else the province's or a district's committee where the lead speaks of the whole."""
    lead = list(_lead(text))
    for n, (s, e) in enumerate(lead):
        for m in _AGENCY_RE.finditer(ft, s, e):
            if not text[m.start()].isupper():
                continue
            cited = _CITED_BEFORE_RE.search(ft, max(s, m.start() - 100), m.start()) or \
                _CITED_AFTER_RE.match(text, m.end())
            subject = n > 0 and _SUBJECT_VERB is not None and _SUBJECT_VERB.match(text, _agency_name(text, ft, m)[2])
            if cited or subject or (n == 0 and not ft[s:m.start()].strip(" :-–")):
                name, code, end = _agency_name(text, ft, m)
                whole = _whole_after(ft, end, e) if cited else None
                if whole == "district":
                    continue                 # "Theo Văn phòng … huyện X, trên địa bàn huyện …": the district's
                if whole is not None:        # "Theo Sở Nội vụ, năm 2024 toàn tỉnh tiếp nhận …": the province's results
                    ev["agency"] = _evidence(doc, text, m.start(), end)
                    return committee_of(province) if whole == "province" else _NEWS["city_committee"], "UBND"
                ev["agency"] = _evidence(doc, text, m.start(), end)
                return name, code
    if _MINISTRY_RE is not None:
        for s, e in lead:
            m = _MINISTRY_RE.search(ft, s, e)
            if m and text[m.start("m")].isupper():
                ev["agency"] = _evidence(doc, text, m.start("m"), m.end("m"))
                return _MINISTRY_OF[re.sub(r"\s+", " ", m["m"])], None
    if lead:                                 # "Thị xã Hoài Nhơn: nâng cao …": the headline's subject is a district
        s, e = lead[0]
        d = _DISTRICT_NAME_RE.match(text, s, e)
        if d and _SUBJECT_END.match(text, d.end()):
            ev["agency"] = _evidence(doc, text, d.start(), d.end())
            return _NEWS["district_committee"].replace("{unit}", d[0][0].lower() + d[0][1:]), "UBND"
    for s, e in lead:
        m = _DISTRICT_WHOLE_RE.search(ft, s, e)
        d = _DISTRICT_NAME_RE.search(text, s, e) if m else None
        if d:
            ev["agency"] = _evidence(doc, text, d.start(), d.end())
            return _NEWS["district_committee"].replace("{unit}", d[0]), "UBND"
    for s, e in lead:
        city = _CITY_WHOLE_RE.search(ft, s, e)
        named = next((n for n in _PROVINCE_NAMED.finditer(text, s, e)
                      if not _RANKED_AFTER.search(text[n.end():n.end() + 40].split(",")[0])), None)
        m = city or _PROVINCE_WHOLE_RE.search(ft, s, e) or named
        if m:
            ev["agency"] = _evidence(doc, text, m.start(), m.end())
            return (_NEWS["city_committee"] if city else committee_of(province)), "UBND"
    return None, None


def committee_of(province: str | None) -> str:
    """The committee of a province (`UBND tỉnh`), or of a centrally-run city (`UBND thành phố`)."""
    p = PR.lookup(province) if province else None
    return _NEWS["city_committee" if p is not None and p.is_city else "province_committee"]
