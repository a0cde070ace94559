"""Whose report it is (the document's subject, from its metadata) and how units are named: a unit's key for
comparing, an agency's canonical name from its aliases, the province names. extract/document/scope.py asks
these whether a level or unit is the document's own (then null)."""
from __future__ import annotations

from functools import lru_cache

import regex as re

from extract.lexicon.catalogue import METADATA, alternation
from extract.lexicon import SCOPES
from vn.fold import fold, letters_key

_DATA = SCOPES
_MINISTRIES = frozenset(fold(m["name"]) for m in METADATA.get("ministries", ()))   # national ministries' names
_CITY = _DATA["city_words"]             # thành phố, tp
_UBND = re.compile(rf"^(?i:{alternation(_DATA['committee_words'])})\s+")


@lru_cache(maxsize=1)
def _province_names() -> tuple[re.Pattern, dict[str, str]]:
    """Every province name (before and after the 2025 merger), for rankings and `thành phố X`."""
    from vn import provinces as PR             # the list lives beside the province lookup
    names = {p.name for p in PR.provinces()} | {n for n, _ in PR.provinces_2025()} | set(_DATA["place_names"])
    names = sorted(names, key=len, reverse=True)
    rx = re.compile(rf"(?<![\p{{L}}\p{{M}}])(?:(?i:{alternation(PR.PREFIXES)}) )?(" + "|".join(map(re.escape, names)) + r")\s*$")
    return rx, {_key(n): n for n in names}


def _central_city(place: str) -> bool:
    """A centrally-run city (Hà Nội, Cần Thơ, Huế after 2025), not a province named like its capital."""
    from vn import provinces as PR
    p = PR.lookup(place)
    return p is None or p.is_city


_UNIT_HEAD = re.compile(r"^(?:(?:" + "|".join(_DATA["unit_key_heads"]) + r")\s+)?(?:"
                        + "|".join(w + r"\s+" for w in _DATA["unit_key_plurals"]) + ")?")


@lru_cache(maxsize=65536)      # the audit asks for the same few units' keys for every figure of a report
def unit_key(name: str | None) -> str:
    """A unit's name for comparing: no case, diacritics, spaces, "UBND"/"các" ("Các cơ quan ngành dọc" → "coquannganhdoc")."""
    if not name:
        return ""
    return _key(_UNIT_HEAD.sub("", name))


@lru_cache(maxsize=65536)      # unit names repeat through a report and across reports
def _key(s: str | None) -> str:
    return letters_key(s)


@lru_cache(maxsize=1)
def _known_agencies() -> list[tuple[str, str]]:
    """(name, folded) of the agencies of data/metadata.yaml (Sở Tư pháp, Sở Giao thông vận tải), longest first."""
    meta = METADATA
    names = [a["name"] for a in meta.get("agencies", ()) if "{" not in a["name"]]
    return [(n, fold(n)) for n in sorted(names, key=len, reverse=True)]


@lru_cache(maxsize=1)
def _agency_aliases() -> list[tuple[str, str]]:
    """(folded phrase, name) of every way data/metadata.yaml writes an agency ("sở tn&mt" → Sở Tài nguyên
    và Môi trường), longest first."""
    out = [(fold(p), a["name"]) for a in [*METADATA.get("agencies", ()), *METADATA.get("ministries", ())]
           if "{" not in a["name"] for p in a.get("phrases") or ()]
    return sorted(out, key=lambda x: len(x[0]), reverse=True)


@lru_cache(maxsize=4096)
def _canonical(unit: str) -> str:
    low = fold(unit)
    return next((name for p, name in _agency_aliases() if low.startswith(p)), unit)


@lru_cache(maxsize=65536)
def _trim_unit(name: str) -> str:
    """`Sở Tư pháp dẫn đầu` → `Sở Tư pháp`: a known agency's name (data/metadata.yaml) where one begins the
    match, else the capitalised words and at most one lower-case word after them."""
    low = fold(name)
    for known, k in _known_agencies():
        if low.startswith(k) and (len(low) == len(k) or not low[len(k)].isalnum()):
            return name[:len(known)]
    words = name.split(" ")
    lower = [k for k in range(1, len(words)) if not words[k][:1].isupper() and words[k] not in (*_DATA["name_joins"], "-")]
    if len(lower) >= 2 and lower[1] == lower[0] + 1:
        return " ".join(words[:lower[0] + 1]).rstrip(",")     # one lower-case word after the capitals
    return name.rstrip(",")


class Subject:
    """The document's own subject, from its metadata: whose figures are null."""

    def __init__(self, meta: dict | None):
        meta = meta or {}
        agency = meta.get("agency") or ""
        self.key = (meta.get("province"), agency)
        self.province = _key(meta.get("province"))
        self.agency = _key(_UBND.sub("", agency))
        low = fold(agency)
        levels = {k: tuple(fold(w) for w in v) for k, v in _DATA["subject_levels"].items()}
        city = next((w for w in _DATA["city_committee"] if low.startswith(fold(w))), None)
        if low.startswith(levels["district"]) or (city and not self._is_province_city(agency[len(city):])):
            self.level = "district"
        elif low.startswith(levels["commune"]):
            self.level = "commune"
        elif low in _MINISTRIES:
            self.level = "ministry"                # a ministry's own results (a news item on its report)
        elif low and not low.startswith(levels["province"]):
            self.level = "agency"                  # a Sở, a Ban, a Cục: the province's agencies are its level
        else:
            self.level = "province"

    def _is_province_city(self, name: str) -> bool:
        return _key(name) in _province_names()[1] or not _key(name)

    def own(self, level: str, unit: str | None) -> bool:
        if unit is None:    # a district's report: its district and commune levels together are the district
            # a district's own offices (cấp huyện) are its district level; only their sum with the
            # communes is the district whole (GOLD.md)
            return (level == "provincial" and self.level == "agency") or \
                (level == self.level and level != "district") or \
                (level == "district,commune" and self.level == "district")
        k = _key(_UBND.sub("", _canonical(unit) if level in ("agency", "ministry") else unit))
        if level == "province" or (level == "district" and fold(unit).startswith(_DATA["province_word"])) or (
                level == "district" and fold(unit).startswith(_CITY["name"])
                and _central_city(re.sub(rf"^(?:{_CITY['name']})\s*", "", unit, flags=re.I))):
            return bool(self.province) and self.province in k
        if level == "agency" and not self.agency:
            return True                      # whose report it is is unknown: a named agency may be its own
        if level == "agency" and self.level == "agency":
            return bool(self.agency) and (self.agency in k or k in self.agency)
        if level == self.level:
            return bool(self.agency) and (k in self.agency or self.agency in k)
        return False
