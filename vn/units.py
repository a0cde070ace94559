"""Districts and communes → their province, from a maintained list: the `vietnamadminunits` package
(MIT, Tran Ngoc Minh Hieu): its `dataset.db` holds every district and ward of the 63 provinces before
the 2025 reform (admin_units_legacy) and every ward of the 34 after it (admin_units).

Only the data is read (its SQLite file, found without importing the package, whose import pulls in
shapely and geopy and takes about 1.5 s). A unit gives a province only where its kind and name (huyện
Định Quán, phường Hương Vân) belong to one province in the province set of the text's date: `xã Tân
Thành` exists in many provinces and gives none.
"""
from __future__ import annotations

import datetime as _dt
import importlib.util
import sqlite3
import unicodedata
from functools import lru_cache
from pathlib import Path

from vn.datafile import load_yaml

_DATA = load_yaml(Path(__file__).parent / "data" / "units.yaml")
KINDS = {w: ("district", t) for w, t in _DATA["district"].items()}
KINDS.update({w: ("commune", t) for w, t in _DATA["commune"].items()})
REFORM = _DATA["reform_date"] if isinstance(_DATA["reform_date"], _dt.date) else _dt.date.fromisoformat(str(_DATA["reform_date"]))


_SPELLING = {_w: _v for _w, _v in (_DATA.get("spelling") or {}).items()}


def _key(s: str) -> str:
    return " ".join(_SPELLING.get(w, w) for w in unicodedata.normalize("NFC", s).lower().split())


def dataset_path() -> Path | None:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        return None
    p = Path(list(spec.submodule_search_locations)[0]) / "data" / "dataset.db"
    return p if p.is_file() else None


@lru_cache(maxsize=1)
def _index() -> dict[str, dict[tuple[str, str], set[str]]]:
    """{"legacy" | "2025": {(type, name key): {province names}}}; empty when the package is missing."""
    path = dataset_path()
    out: dict = {"legacy": {}, "2025": {}}
    if path is None:
        return out
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for prov, dtype, dname, wtype, wname in con.execute(
                "SELECT provinceShort, districtType, districtShort, wardType, wardShort FROM admin_units_legacy"):
            if dtype and dname:
                out["legacy"].setdefault((dtype, _key(dname)), set()).add(prov)
            if wtype and wname:
                out["legacy"].setdefault((wtype, _key(wname)), set()).add(prov)
        for prov, wtype, wname in con.execute("SELECT provinceShort, wardType, wardShort FROM admin_units"):
            if wtype and wname:
                out["2025"].setdefault((wtype, _key(wname)), set()).add(prov)
    finally:
        con.close()
    return out


def available() -> bool:
    return bool(_index()["legacy"])


def kind_of(word: str) -> tuple[str, str] | None:
    """(district | commune, the list's type) of a kind word as written (huyện, TP, Thị xã), else None."""
    return KINDS.get(_key(word))


def provinces_of(unit_type: str, name: str, on: _dt.date | None = None) -> set[str]:
    """The provinces with a unit of this type and name in the province set of the date `on` (the
    legacy set before the 2025 reform, the 34-province set from it; both when the date is unknown)."""
    idx = _index()
    key = (unit_type, _key(name))
    if on is None:
        return idx["legacy"].get(key, set()) | idx["2025"].get(key, set())
    return set(idx["2025" if on >= REFORM else "legacy"].get(key, set()))


def province_of(unit_type: str, name: str, on: _dt.date | None = None) -> str | None:
    """The one province of this unit on that date, else None (unknown, or the name is not unique).
    Without a date the two sets must agree (a name in both gives a province only if it is one)."""
    found = provinces_of(unit_type, name, on)
    return next(iter(found)) if len(found) == 1 else None
