"""Metadata from where a file sits, and where each metadata field came from.

Archives are folders: `Lâm Đồng/2025/Tháng 10/BÁO CÁO ….doc`. What the text does not say, the place
may: a province's name (as vn.provinces finds it in a text) and a period (`Tháng 10`, `Quý III`, `6
tháng`, as vn.periods finds it), with the year the path or the document's date gives. The text wins
where both speak; a manifest (batch.manifest) wins over both. `meta["sources"]` records, for each field
found, `text`, `path` or `manifest`; a path value's words are in `meta["path_evidence"]`.
"""
from __future__ import annotations

from pathlib import Path, PurePath

import regex as re

from vn import periods as P
from extract.lexicon import PATH_WORDS
from vn import provinces as PR

# the fields whose source is recorded (the others follow from them: codes, the 2025 province, bounds)
SOURCED = ("province", "agency", "doc_type", "doc_number", "issue_date", "period", "signer")
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_SEPARATORS = re.compile(r"[_+]+")       # file names write spaces as underscores
_SLUG = re.compile(r"^[A-Za-z0-9 ._+\-]+$")   # a name without tone marks: words joined by - . _
_SLUG_SPLIT = re.compile(r"[\s._+\-]+")
_ACCENTS = PATH_WORDS["accents"]


def _parts(source: str) -> list[str]:
    """Path components nearest first: the file's name without its ending, then its folders upward."""
    p = PurePath(source)
    names = [p.stem] + [q.name for q in p.parents if q.name]
    return [_SEPARATORS.sub(" ", n).strip() for n in names if n.strip()]


def _readings(part: str) -> tuple[str, str]:
    """(the words as a province name may be written, the words as a period phrase is written): a slug's
    words apart and capitalised (lam-dong → Lam Dong) and its period words with their tone marks
    (quy-i → quý i); any other name as it is."""
    if not _SLUG.match(part):
        return part, part
    words = [w for w in _SLUG_SPLIT.split(part) if w]
    return " ".join(w.capitalize() for w in words), " ".join(_ACCENTS.get(w.lower(), w) for w in words)


def path_metadata(source: str, year_hint: int | None = None) -> dict:
    """{field: (value, words of the path)} for province and period, from the nearest component that
    names one. A period phrase without its year takes the nearest year of the path, else year_hint."""
    parts = [_readings(p) for p in _parts(source)]
    out: dict = {}
    for part, _ in parts:
        hits = PR.find_in_text(part)
        if hits:
            s, e, p = hits[0]
            out["province"] = (p, part[s:e])
            break
    year = next((int(m[0]) for _, part in parts for m in [_YEAR_RE.search(part)] if m), None) or year_hint
    for _, part in parts:
        y = _YEAR_RE.search(part)
        found = P.find_periods(part, int(y[0]) if y else year)
        if found:
            s, e, code = found[0]
            out["period"] = (code, part[s:e])
            break
    return out


def set_province(meta: dict, p, as_written: str | None = None) -> None:
    meta.update(province=p.name, province_code=p.code, province_2025=p.province_2025,
                province_2025_code=p.province_2025_code, province_as_written=as_written or p.name)


def set_period(meta: dict, code: str) -> None:
    meta["period"] = code
    meta["period_start"], meta["period_end"] = P.period_bounds(code)


def add_sources(meta: dict, source: str | None, use_path: bool = True) -> dict:
    """Mark the fields the text gave as `text`, then fill province and period from the path where the
    text gave none (use_path). Changes and returns `meta`."""
    sources = meta.setdefault("sources", {})
    for k in SOURCED:
        if meta.get(k) is not None and k not in sources:
            sources[k] = "text"
    if not (use_path and source):
        return meta
    year = int(str(meta["issue_date"])[:4]) if meta.get("issue_date") else None
    found = path_metadata(source, year)
    ev = meta.setdefault("path_evidence", {})
    if meta.get("province") is None and "province" in found:
        p, words = found["province"]
        set_province(meta, p, words)
        sources["province"], ev["province"] = "path", words
    if meta.get("period") is None and "period" in found:
        code, words = found["period"]
        set_period(meta, code)
        sources["period"], ev["period"] = "path", words
    if not ev:
        del meta["path_evidence"]
    return meta


def sources_text(meta: dict) -> str | None:
    """The sources as one readable cell: `province=path; period=text`."""
    s = (meta or {}).get("sources") or {}
    return "; ".join(f"{k}={v}" for k, v in s.items()) or None
