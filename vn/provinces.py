"""Provinces: the 63 before the 2025 merger, the 34 after it, and the names reports write for them.

Data: vn/data/provinces.csv (codes and the merger crosswalk; its header comments say where the
codes come from), province_aliases.csv (other spellings, abbreviations, web-domain forms) and
province_words.yaml (the `tỉnh` / `TP.` prefixes).

Matching is done on a "skeleton" of the text: lower case, without diacritics, đ → d, same length as
the NFC text. So `Đồng Nai`, `ĐỒNG NAI`, `Dong Nai`, `dongnai` (sct.dongnai.gov.vn) and old tone marks
(`Thanh Hoá`) are one key, while offsets found in the skeleton are offsets in the text. A mistyped
accent (`Đông Nai`) still lands on the province, which is what a reader would understand.
"""
from __future__ import annotations

import csv
import re as _stdre   # the name alternation runs on ASCII skeletons, where the stdlib engine is ~4x faster
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import regex as re

from vn.datafile import load_yaml

DATA = Path(__file__).parent / "data"


class Province(NamedTuple):
    name: str                 # standard spelling of the name as written (a 2025 "Huế" stays "Huế")
    code: str                 # code before the merger (Quyết định 124/2004/QĐ-TTg)
    province_2025: str        # the province after Nghị quyết 202/2025/QH15
    province_2025_code: str   # its code (Quyết định 19/2025/QĐ-TTg)
    canonical: str            # the name in the list of 63
    kind: str                 # tỉnh | thành phố

    @property
    def is_city(self) -> bool:
        """A centrally-run city (Hà Nội, Cần Thơ, Huế after 2025), not a province (tỉnh)."""
        return self.kind != "tỉnh"


# ---------------------------------------------------------------- skeleton (same length as NFC text)

def _skeleton_table() -> dict[int, str]:
    table = {}
    for cp in range(0xC0, 0x1F00):
        c = chr(cp)
        base = unicodedata.normalize("NFD", c)
        if len(base) > 1 and base[0].isascii() and base[0].isalpha() and \
                all(unicodedata.combining(x) for x in base[1:]):
            table[cp] = base[0].lower()
    table[ord("đ")] = table[ord("Đ")] = "d"
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = chr(cp).lower()
    return table


_SKELETON = _skeleton_table()


_LAST: tuple[str, str] = ("", "")      # the last long text: metadata asks for a document's twice


def skeleton(text: str) -> str:
    """`Đồng Nai` → `dong nai`; len(skeleton(t)) == len(t) for NFC text."""
    global _LAST
    if text is _LAST[0]:
        return _LAST[1]
    sk = text.translate(_SKELETON)
    if len(text) >= 2000:
        _LAST = (text, sk)
    return sk


def _key(name: str) -> str:
    """Lookup key: skeleton without prefix words, spaces or punctuation (`TP. Hồ Chí Minh` → hochiminh)."""
    s = skeleton(unicodedata.normalize("NFC", name)).strip()
    s = _PREFIX_RE.sub("", s)
    return re.sub(r"[^a-z0-9]", "", s)


# ---------------------------------------------------------------- data

def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


PREFIXES: list[str] = load_yaml(DATA / "province_words.yaml")["prefixes"]
# longest first so `thành phố` wins over nothing and `tp.` over `tp`
_PREFIX_ALT = "|".join(re.escape(skeleton(p)) for p in sorted(PREFIXES, key=len, reverse=True))
_PREFIX_RE = re.compile(rf"^(?:{_PREFIX_ALT})(?:\s+|(?<=\.)\s*)")
# a prefix right before a name in running text (`tỉnh Đồng Nai`, `TP.HCM`), matched on the skeleton
PREFIX_BEFORE_RE = re.compile(rf"(?<![a-z0-9])(?:{_PREFIX_ALT})\s*$")


@lru_cache(maxsize=1)
def _tables():
    by_code: dict[str, Province] = {}
    for r in _rows(DATA / "provinces.csv"):
        by_code[r["code"]] = Province(r["name"], r["code"], r["name_2025"], r["code_2025"], r["name"], r["kind"])
    by_key: dict[str, Province] = {}
    patterns: list[tuple[str, Province, bool]] = []   # (alias skeleton, province, domain_only)
    for p in by_code.values():
        by_key[_key(p.name)] = p
        patterns.append((skeleton(p.name), p, False))
    for r in _rows(DATA / "province_aliases.csv"):
        p = by_code[r["code"]]._replace(name=r["name"])
        by_key.setdefault(_key(r["alias"]), p)
        patterns.append((skeleton(r["alias"]), p, bool(r["domain_only"])))
    return by_code, by_key, patterns


def provinces() -> list[Province]:
    """The 63 provinces before the merger, in code order."""
    return sorted(_tables()[0].values(), key=lambda p: p.code)


def provinces_2025() -> list[tuple[str, str]]:
    """The 34 (name, code) after the merger, in code order."""
    return sorted({(p.province_2025, p.province_2025_code) for p in provinces()}, key=lambda t: t[1])


def by_code(code: str) -> Province | None:
    return _tables()[0].get(str(code).zfill(2))


def lookup(name_as_written: str | None) -> Province | None:
    """`Đồng Nai`, `TỈNH ĐỒNG NAI`, `dong nai`, `dongnai`, `TP. HCM`, `Thanh Hoá` → the Province; else None.
    A post-merger name (`Huế`) is found too, and keeps the spelling it was written with."""
    if not name_as_written:
        return None
    return _tables()[1].get(_key(name_as_written))


# ---------------------------------------------------------------- in running text

def _alias_pattern(alias_skeleton: str) -> str:
    # between the words: spaces, a hyphen or dash (Bà Rịa - Vũng Tàu, BR-VT), a dot (TP.HCM) or
    # nothing (dongnai in a web address)
    words = re.findall(r"[a-z0-9]+", alias_skeleton)
    return r"[\s\-–—.]{0,3}".join(re.escape(w) for w in words)


@lru_cache(maxsize=1)
def _matcher():
    _, _, patterns = _tables()
    # key without separators → (province, domain only, fewest words it is written in)
    by_alias: dict[str, tuple[Province, bool, int]] = {}
    for alias, p, domain_only in patterns:
        k = re.sub(r"[^a-z0-9]", "", alias)
        n = len(re.findall(r"[a-z0-9]+", alias))
        old = by_alias.get(k)
        by_alias[k] = (p, domain_only, n) if old is None else (old[0], old[1], min(old[2], n))
    alts = sorted({_alias_pattern(a) for a, _, _ in patterns}, key=len, reverse=True)
    rx = _stdre.compile(rf"(?<![a-z0-9])(?:{'|'.join(alts)})(?![a-z0-9])")
    return rx, by_alias


_DOMAIN_BEFORE = set("./@_")
_SEPARATOR = re.compile(r"[\s\-–—.]")


def _in_address(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end:end + 2]
    return before in _DOMAIN_BEFORE or (len(after) == 2 and after[0] == "." and after[1].isalpha())


def _capitalised(span: str) -> bool:
    words = re.findall(r"\w+", span)
    return bool(words) and all(w[0].isupper() or w[0].isdigit() for w in words)


def find_in_text(text: str) -> list[tuple[int, int, Province]]:
    """Every province name in text as (start, end, Province), in order. A name must be capitalised as
    a proper name (`hòa bình` is peace, `Hòa Bình` the province) unless it stands inside a web or
    e-mail address (`@bacgiang.gov.vn`); domain-only forms must."""
    if not unicodedata.is_normalized("NFC", text):
        return _find_nfd(text)
    rx, by_alias = _matcher()
    sk = skeleton(text)
    found = []
    for m in rx.finditer(sk):
        s, e = m.span()
        hit = by_alias.get(re.sub(r"[^a-z0-9]", "", m[0]))
        if hit is None:
            continue
        p, domain_only, n_words = hit
        in_addr = _in_address(text, s, e)
        # run-together words (dongnai) and domain-only forms stand only in addresses
        if (domain_only or (n_words > 1 and not _SEPARATOR.search(m[0]))) and not in_addr:
            continue
        if not in_addr and not _capitalised(text[s:e]):
            continue
        found.append((s, e, p))
    return found


def _find_nfd(text: str) -> list[tuple[int, int, Province]]:
    """Slow path for text that is not NFC: match on its NFC form, then map offsets back by grapheme."""
    starts, parts = [], []
    for m in re.finditer(r"\X", text):
        starts.append(m.start())
        parts.append(unicodedata.normalize("NFC", m[0]))
    nfc_to_orig, pos = [], 0
    for i, part in enumerate(parts):
        nfc_to_orig.extend([starts[i]] * len(part))
    nfc_to_orig.append(len(text))
    return [(nfc_to_orig[s], nfc_to_orig[e], p) for s, e, p in find_in_text("".join(parts))]
