"""Document metadata: province, agency, document type and number, issue date, period, data window, signer.

Administrative documents have a fixed layout (Nghị định 30/2020/NĐ-CP): a header (parent authority,
issuing agency, `Số: 12/BC-SCT`, `Đồng Nai, ngày … tháng … năm …`), a title line in capitals
(`BÁO CÁO`) with its subject (`Công tác cải cách hành chính tháng 4/2025`), the body, and a signature
(`KT. GIÁM ĐỐC` / `PHÓ GIÁM ĐỐC` / name). Each field is read from the part of the layout that states
it, with fallbacks for drafts and conversions that lost the header (body sentences, the document's own
symbol, web and e-mail domains, the closing `Trên đây là …`). The words live in
extract/data/metadata.yaml; provinces and periods come from vn.provinces / vn.periods.

`find_metadata` returns the keys of META_KEYS plus `province_as_written`, `province_2025_code`,
`agency_code`, `window_source` and `evidence` ({field: {page, start, end, quote}}).
"""
from __future__ import annotations

import unicodedata
from collections import Counter

import regex as re

from extract.document.layout import (LEAD_CHARS, HEAD_CHARS, META_KEYS, SHORT_TITLE, TAIL_CHARS, UNIT_CHARS,
                                     _AGENCY_BY_CODE, _AGENCY_OF, _AGENCY_RE, _ATTACHED_RE, _CLOSING_RE,
                                     _CONG_VAN_RE, _NAME_WORD, _NUMBER_RE, _PLACE_DATE_RE, _PLACE_STOP_RE,
                                     _RANKED_AFTER, _REPORT_VERB_RE, _SALUTATION_RE, _SIGNER_TITLE_RE,
                                     _SPLIT_PARENT_RE, _SURNAMES, _TITLE_END_RE, _TITLE_RE, _TYPE_OF_SYMBOL,
                                     _TYPE_OF_TITLE, _YEAR_RE, _agency_name, _evidence, _f, _is_upper,
                                     _segments)
from extract.document.news import committee_of, _lead, _news_agency
from extract.document.window import _window, period_of_window
from extract.model import Document
from extract.text.numbers import make_date
from vn.fold import fold
from vn import periods as P
from vn import provinces as PR
from vn import units as U


# ---------------------------------------------------------------- the parts of the layout

def _find_title(text: str, ft: str):
    """(start, end, doc_type) of the title line: the first line near the top that starts with a
    document-type word in capitals. A type word inside a sentence or in lower case is not a title."""
    for s, e, clean in _segments(text, 0, min(len(text), HEAD_CHARS)):
        m = _TITLE_RE.match(ft, s, e)
        if m and _is_upper(text[m.start("w"):m.end("w")]):
            return m.start("w"), e, _TYPE_OF_TITLE[re.sub(r"[\s*_]+", " ", m["w"])]
    return None


def _title_subject(text: str, ft: str, title) -> tuple[int, int]:
    """Span of the title's subject: the rest of the title line and the following lines up to the
    salutation, the first legal basis or the first section heading (at most 3 lines, 400 characters)."""
    start = title[1]
    end = start
    n = 0
    for s, e, clean in _segments(text, title[1], min(len(text), title[1] + 400)):
        if _TITLE_END_RE.match(ft, s) or n == 3:
            break
        end, n = e, n + 1
    # the title line itself may hold the subject (BÁO CÁO Kết quả ... in one PDF line)
    return title[0], max(end, title[1])


def _place_date(text: str, head_end: int):
    # called with the folded text (same offsets as the text): the date words in any case
    return _PLACE_DATE_RE.search(text, 0, min(len(text), head_end + 200))


def _doc_number(text: str, head_end: int):
    m = _NUMBER_RE.search(text, 0, head_end)
    if not m:
        return None
    return m, f"{m['num'] or ''}/{m['sym']}"


def _symbol_parts(number: str) -> tuple[str | None, str | None]:
    """(type code, issuer code) of the document's own symbol: `/BC-SCT` → (BC, SCT), `733/SNV-TT` → (None, SNV)."""
    sym = number.split("/")[-1]
    parts = sym.split("-")
    if len(parts) >= 2 and parts[0] in _TYPE_OF_SYMBOL:
        return parts[0], parts[1]
    return None, parts[0] or None


# ---------------------------------------------------------------- agency



def _agency(doc, text, ft, head_end, number, ev):
    # 1. the header: the lowest capitalised agency line above the title (the parent authority is above it)
    found = None
    for m in _AGENCY_RE.finditer(ft, 0, head_end):
        if _is_upper(text[m.start():m.end()]):
            found = m
    if found:
        name, code, end = _agency_name(text, ft, found)
        ev["agency"] = _evidence(doc, text, found.start(), end)
        return name, code
    # 1b. the header's left column on two lines, the motto between them in the right column:
    #     ỦY BAN NHÂN DÂN <tab> CỘNG HÒA ... / HUYỆN ĐỨC TRỌNG <tab> Độc lập ...
    segs = list(_segments(text, 0, head_end))
    for k, (s, e, clean) in enumerate(segs[:-1]):
        if not _is_upper(clean) or not _SPLIT_PARENT_RE.fullmatch(_f(clean)):
            continue
        for s2, e2, clean2 in segs[k + 1:k + 4]:
            if _PLACE_STOP_RE.match(_f(clean2)) or not _is_upper(clean2):
                continue
            joined = clean + " " + clean2
            m = _AGENCY_RE.match(_f(joined))
            if m and m.end() > len(clean):
                name, code, _ = _agency_name(joined, _f(joined), m)
                ev["agency"] = _evidence(doc, text, s2, e2)
                return name, code
            break
    # 2. the document's own symbol (/BC-SCT)
    if number:
        _, issuer = _symbol_parts(number[1])
        a = _AGENCY_BY_CODE.get(issuer)
        if a and "{place}" not in a["name"]:
            ev["agency"] = _evidence(doc, text, number[0].start(), number[0].end())
            return a["name"], a["code"]
    # 3. the body: the agency that reports (Sở Công Thương báo cáo …), or the closing sentence; a name
    # whose place is written (UBND huyện Đức Trọng báo cáo) before one without (UBND huyện ban hành ...)
    fallback = None
    for m in _AGENCY_RE.finditer(ft):
        if text[m.start()].isupper() and _REPORT_VERB_RE.match(ft, m.end()):
            name, code, end = _agency_name(text, ft, m)
            if end == m.end() and "{place}" in _AGENCY_OF[re.sub(r"[\s*_]+", " ", m.group())]["name"]:
                fallback = fallback or (name, code, m.start(), end)
                continue
            ev["agency"] = _evidence(doc, text, m.start(), end)
            return name, code
    for m in _AGENCY_RE.finditer(ft):       # the place written elsewhere in the body (UBND huyện Đức Trọng)
        if fallback and text[m.start()].isupper():
            name, code, end = _agency_name(text, ft, m)
            if end > m.end() and name.startswith(fallback[0]):
                ev["agency"] = _evidence(doc, text, m.start(), end)
                return name, code
    if fallback:
        ev["agency"] = _evidence(doc, text, fallback[2], fallback[3])
        return fallback[0], fallback[1]
    return None, None


# ---------------------------------------------------------------- province

_AGENCY_BEFORE_RE = re.compile(rf"(?:{_AGENCY_RE.pattern})[\s*_]*$")


def _province(doc, text, head_end, place_date, ev):
    """The province named in the header (UBND TỈNH …, the place of the date line); else the one the
    body names most with a prefix (tỉnh Đồng Nai), after an agency (Sở Công Thương Quảng Ngãi) or in
    web and e-mail addresses (sct.dongnai.gov.vn)."""
    head_stop = max(head_end, place_date.end() if place_date else 0)
    head = [f for f in PR.find_in_text(text[:head_stop]) if not _RANKED_AFTER.match(text, f[1])]
    if place_date:   # the place of the date line first (the header's first line may name a parent)
        head = [f for f in head if f[1] == place_date.end("place")] + [f for f in head if f[0] < head_end]
    if head:
        return head[0]
    found = PR.find_in_text(text)
    votes: Counter = Counter()
    first: dict = {}
    sk = PR.skeleton(text)
    for f in found:
        s, e, p = f
        if _RANKED_AFTER.match(text, e):
            continue                         # "tỉnh Quảng Ninh (90,10% điểm)": an entry of a national ranking
        before = sk[max(0, s - 12):s]
        if PR.PREFIX_BEFORE_RE.search(before):
            w = 1
        elif PR._in_address(text, s, e):
            w = 2
        elif _AGENCY_BEFORE_RE.search(fold(text[max(0, s - 60):s])):
            w = 2
        else:
            continue
        votes[p.code] += w
        first.setdefault(p.code, f)
    if not votes:
        return None
    best = max(votes, key=lambda c: (votes[c], -first[c][0]))
    return first[best]


# a unit below the province as a text names it: its kind word (data/units.yaml of vn), then a name of up to
# four words that each begin with a capital (huyện Định Quán, UBND TP Đà Lạt, THỊ XÃ PHÚ MỸ)
_UNIT_RE = re.compile(
    rf"(?<!\w)(?P<k>(?i:{'|'.join(re.escape(w) for w in sorted(U.KINDS, key=len, reverse=True))}))(?!\w)\.?[ \t]+"
    r"(?P<n>\p{Lu}[\p{L}'’]*(?:[ \t]+\p{Lu}[\p{L}'’]*){0,3})")


def _province_from_units(text, ft, end, on):
    """(start, end, Province, unit as written) when the districts and communes the head or lead names
    (text[:end]) all lie in one province, by the unit list of the date `on` (vn.units); a name that
    several provinces have gives nothing, and units of two provinces give nothing."""
    found = {}
    for m in _UNIT_RE.finditer(text, 0, end):
        kind = U.kind_of(m["k"])
        words = text[m.start("n"):m.end("n")].split()
        for n in range(len(words), 0, -1):
            candidates = U.provinces_of(kind[1], " ".join(words[:n]), on)
            if candidates:
                if len(candidates) == 1:
                    name_end = m.start("n") + len(" ".join(words[:n]))
                    found.setdefault(next(iter(candidates)), (m.start(), name_end))
                break
    if len(found) != 1:
        return None
    (name, (s, e)), = found.items()
    p = PR.lookup(name)
    return (s, e, p, text[s:e]) if p else None


def _date_of(meta) -> "dt.date | None":
    import datetime as dt
    for k in ("issue_date", "period_end"):
        if meta.get(k):
            try:
                return dt.date.fromisoformat(str(meta[k])[:10])
            except ValueError:
                pass
    return None


# ---------------------------------------------------------------- period and window

def _period(text, ft, title, year, lead=False):
    if title:
        s, e = _title_subject(text, ft, title)
        # a phrase without its year (tháng 4 và phương hướng tháng 5 năm 2025) takes the title's year
        y = _YEAR_RE.search(text, s, e)
        found = P.find_periods(text[s:e], int(y[0]) if y else year)
        if found:
            return found[0][2], s + found[0][0], s + found[0][1]
    else:
        # no title line: the heading in capitals at the top ("PHỤ LỤC / BIỂU MẪU ... BÁO CÁO CẢI CÁCH HÀNH
        # CHÍNH NĂM 2025"), up to the first line that is not in capitals
        for s, e, clean in _segments(text, 0, min(len(text), 600)):
            if not _is_upper(clean):
                break
            found = P.find_periods(text[s:e], year)
            if found:
                return found[0][2], s + found[0][0], s + found[0][1]
    # the introduction (… báo cáo công tác cải cách hành chính Quý III năm 2023 như sau) or the
    # closing sentence (Trên đây là Báo cáo kết quả … 6 tháng đầu năm 2021)
    for m in _CLOSING_RE.finditer(ft):
        line_end = ft.find("\n", m.end())
        line_end = len(ft) if line_end < 0 else min(line_end, m.end() + 300)
        found = P.find_periods(text[m.end():line_end], year)
        if found:
            return found[0][2], m.end() + found[0][0], m.end() + found[0][1]
    if lead:
        # a text without an official layout (a news summary): the headline and its lead paragraph say the
        # period ("9 tháng năm 2024, toàn tỉnh tiếp nhận ..."); only a phrase that writes its year counts
        for s, e in _lead(text):
            found = P.find_periods(text[s:e], None)
            if found:
                return found[0][2], s + found[0][0], s + found[0][1]
    return None, None, None


# ---------------------------------------------------------------- signer

def _as_name(clean: str) -> str | None:
    words = clean.split()
    if not 2 <= len(words) <= 5 or not all(_NAME_WORD.match(w) for w in words):
        return None
    if _is_upper(clean):
        words = [w.capitalize() for w in words]
    if _f(words[0]) not in _SURNAMES:
        return None
    return " ".join(words)


def _signer(doc, text, ft, ev):
    """The name after the last capitalised signature title (GIÁM ĐỐC, KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC) in
    the last lines; list items (Nơi nhận) and `(Đã ký)` between them are skipped."""
    segs = list(_segments(text, max(0, len(text) - TAIL_CHARS), len(text)))
    last_title = None
    for i, (s, e, clean) in enumerate(segs):
        if len(clean) < 80 and _is_upper(clean) and _SIGNER_TITLE_RE.search(ft, s, e):
            last_title = i
    if last_title is None:
        return None
    for s, e, clean in segs[last_title + 1:]:
        name = _as_name(clean)
        if name:
            ev["signer"] = _evidence(doc, text, s, e)
            return name
    return None


# ---------------------------------------------------------------- all together

def find_metadata(doc: Document) -> dict:
    text = doc.text if unicodedata.is_normalized("NFC", doc.text) else unicodedata.normalize("NFC", doc.text)
    ft = fold(text)
    ev: dict = {}
    meta: dict = {k: None for k in META_KEYS}

    title = _find_title(text, ft)
    kg = _SALUTATION_RE.search(ft, 0, HEAD_CHARS)
    if title:
        head_end = title[0]
    else:
        head_end = kg.start() if kg else min(len(text), 800)

    # document type: the title line, else the document's own symbol, else V/v, else the closing sentence
    number = _doc_number(text, head_end if title else min(len(text), HEAD_CHARS))
    if number:
        meta["doc_number"] = number[1]
        ev["doc_number"] = _evidence(doc, text, number[0].start(), number[0].end())
    if title:
        meta["doc_type"] = title[2]
        ev["doc_type"] = _evidence(doc, text, title[0], title[1])
    elif number:
        type_code, _ = _symbol_parts(number[1])
        meta["doc_type"] = _TYPE_OF_SYMBOL.get(type_code, "cong_van" if type_code is None else "other")
    elif _CONG_VAN_RE.search(ft, 0, head_end):
        meta["doc_type"] = "cong_van"
    else:
        m = _ATTACHED_RE.search(ft, 0, min(len(ft), HEAD_CHARS)) or _CLOSING_RE.search(ft)
        if m:
            meta["doc_type"] = _TYPE_OF_TITLE[re.sub(r"[\s*_]+", " ", m["w"])]

    # issue date: the place-and-date line (a blank day or month gives null, the year still helps)
    pd = _place_date(ft, head_end)
    year = None
    if pd:
        meta["issue_date"] = make_date(pd["d"], pd["m"], pd["y"])
        year = int(pd["y"]) if pd["y"] else None
        if meta["issue_date"]:
            ev["issue_date"] = _evidence(doc, text, pd.start("place"), pd.end())

    # province
    hit = _province(doc, text, head_end, pd, ev)
    if hit:
        s, e, p = hit
        meta.update(province=p.name, province_code=p.code, province_2025=p.province_2025,
                    province_2025_code=p.province_2025_code, province_as_written=text[s:e])
        ev["province"] = _evidence(doc, text, s, e)

    # agency
    meta["agency"], meta["agency_code"] = _agency(doc, text, ft, head_end, number, ev)

    # period
    # no title, number, place-and-date line or salutation: not an official document's layout
    bare = not (title or number or pd or kg)
    if bare and meta["agency"] is None:
        meta["agency"], meta["agency_code"] = _news_agency(doc, text, ft, meta["province"], ev)
    if bare and meta["doc_type"] is None and text.strip():
        # a title in small letters on the first line ("Kế hoạch cải cách hành chính năm 2025"), else none
        # of the official types (a news summary, a table on its own)
        first = next(_segments(text, 0, min(len(text), LEAD_CHARS)), None)
        m = _TITLE_RE.match(ft, first[0], first[1]) if first else None
        short = first and first[1] - first[0] <= SHORT_TITLE and not first[2].rstrip("*_ ").endswith(".")
        meta["doc_type"] = _TYPE_OF_TITLE[re.sub(r"[\s*_]+", " ", m["w"])] if m and short else "other"
    code, s, e = _period(text, ft, title, year, lead=bare)
    if code:
        meta["period"] = code
        meta["period_start"], meta["period_end"] = P.period_bounds(code)
        ev["period"] = _evidence(doc, text, s, e)

    # no province named: a district or commune of the head or lead that one province has (vn.units)
    if meta["province"] is None and U.available():
        end = min(len(text), max(head_end, pd.end() if pd else 0, UNIT_CHARS))
        unit = _province_from_units(text, ft, end, _date_of(meta))
        if unit:
            s, e, p, written = unit
            meta.update(province=p.name, province_code=p.code, province_2025=p.province_2025,
                        province_2025_code=p.province_2025_code, province_as_written=None, province_unit=written)
            ev["province"] = _evidence(doc, text, s, e)

    if bare and meta["agency"] is None and meta["province"]:
        # a news item that names no body whose results it gives: the province's results, its committee's (GOLD.md)
        meta["agency"], meta["agency_code"] = committee_of(meta["province"]), "UBND"
        if "province" in ev:
            ev["agency"] = ev["province"]

    # data window
    meta["window_start"], meta["window_end"], meta["window_source"] = _window(doc, text, ft, meta["period"], ev,
                                                                             list(_lead(text)) if bare else ())
    if bare and not meta["period"] and meta["window_source"] == "lead":
        code = period_of_window(meta["window_start"], meta["window_end"])
        if code:                             # "Từ ngày 01.01.2024 đến ngày 31.5.2024, …": the first five months
            meta["period"] = code
            meta["period_start"], meta["period_end"] = P.period_bounds(code)
            ev["period"] = ev["window"]

    meta["signer"] = _signer(doc, text, ft, ev)
    meta["evidence"] = ev
    return meta
