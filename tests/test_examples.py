"""Examples as data: every case of tests/examples/*.yaml, one test id per case.

A case is a short document (TXT, read as `chiso extract` reads a file) and the figures it must give:

    family: target_bracket
    about: a target in brackets next to an actual
    cases:
      - id: bracket-minimum
        text: |
          Tỷ lệ hồ sơ giải quyết đúng hạn đạt 96,1% (chỉ tiêu giao tối thiểu 98%).
        expect:
          - {indicator: on_time_rate, value: 96.1}
          - {indicator: on_time_rate, value: 98, kind: target}
        meta: {period: 2025-Q1}            # optional: metadata fields the document must give

`kind` defaults to actual and `scope` to null (the document's whole subject); `scope` is
`{level: ..., unit: ...}` as in ../shared/eval/GOLD.md. `expect: []` is a negative: nothing of the core
catalogue. Figures are compared as sets of (indicator, kind, value, scope) over the core catalogue;
where one expectation names a `period`, every figure's own period is compared too (absent = the
document's). `header:` at the top of a file is put before the text of every case (a report's heading).
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml

from batch.files import extract_file
from extract.lexicon.catalogue import BY_ID

HERE = Path(__file__).parent / "examples"
KEYS = {"family", "about", "header", "cases"}
CASE_KEYS = {"id", "text", "expect", "meta", "note"}
EXPECT_KEYS = {"indicator", "value", "kind", "scope", "period", "note"}


def _load():
    for path in sorted(HERE.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data) <= KEYS, f"{path.name}: unknown keys {set(data) - KEYS}"
        header = data.get("header") or ""
        for case in data["cases"]:
            assert set(case) <= CASE_KEYS, f"{path.name} {case.get('id')}: unknown keys {set(case) - CASE_KEYS}"
            for e in case["expect"]:
                assert set(e) <= EXPECT_KEYS, f"{path.name} {case['id']}: unknown keys {set(e) - EXPECT_KEYS}"
                assert e["indicator"] in BY_ID, f"{path.name} {case['id']}: unknown indicator {e['indicator']}"
            yield pytest.param(header, case, id=f"{path.stem}:{case['id']}")


def _unit(u) -> str:
    return " ".join(unicodedata.normalize("NFC", u).casefold().split()) if u else ""


def _key(x: dict, periods: bool):
    sc = x.get("scope") or {}
    return (x["indicator"], x.get("kind") or "actual", round(float(x["value"]), 4),
            sc.get("level"), _unit(sc.get("unit")), (x.get("period") if periods else None))


@pytest.mark.parametrize("header,case", list(_load()))
def test_example(header, case, tmp_path):
    path = tmp_path / "case.txt"
    path.write_text(header + case["text"], encoding="utf-8")
    record = extract_file(path)
    assert record["status"] == "ok", record["error"]
    periods = any("period" in e for e in case["expect"])
    got = {_key(x, periods) for x in record["indicators"] if BY_ID[x["indicator"]].core}
    want = {_key(e, periods) for e in case["expect"]}
    assert got == want, f"missing {sorted(map(str, want - got))}; unexpected {sorted(map(str, got - want))}"
    for field, value in (case.get("meta") or {}).items():
        assert record["meta"].get(field) == value, f"meta {field}: {record['meta'].get(field)!r} != {value!r}"
