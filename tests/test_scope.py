"""Whose figure it is (extract/document/scope.py, data/scopes.yaml). The sentence → figures cases are data in
tests/examples/scope_*.yaml (tests/test_examples.py); what stays here asserts what a case there cannot
(a qualifier), or what the document form gives otherwise (see test_actor_is_not_the_owner)."""
from __future__ import annotations

from indicator_helpers import extract

PROVINCE = {"agency": "UBND tỉnh", "province": "Hà Giang"}


def scoped(ms) -> set:
    out = set()
    for m in ms:
        sc = m.scope or {}
        out.add((m.indicator, m.value, sc.get("level"), sc.get("unit")))
    return out


def test_named_agencies_in_a_list():
    ms = extract("Tổng số TTHC thuộc thẩm quyền của các cơ quan ngành dọc là 310 TTHC (Công an tỉnh 160 TTHC; "
                 "Bảo hiểm xã hội tỉnh 30 TTHC; Cục Thuế tỉnh 120 TTHC).", meta=PROVINCE)
    got = scoped(ms)
    assert ("procedures_total", 160, "agency", "Công an tỉnh") in got
    assert ("procedures_total", 30, "agency", "Bảo hiểm xã hội tỉnh") in got
    assert ("procedures_total", 120, "agency", "Cục Thuế tỉnh") in got
    assert all(m.qualifier is None for m in ms if m.value in (160, 30, 120))   # the unit is the scope, not a breakdown


def test_actor_is_not_the_owner():
    # as a document under a province's heading (BÁO CÁO ... năm 2025) the figure is scoped to the
    # ministry: kept here, on the paragraph alone, until that is looked at
    ms = extract("Theo kết quả đánh giá của Bộ Nội vụ, tỷ lệ hồ sơ trực tuyến của tỉnh đạt 68,2%.", meta=PROVINCE)
    assert scoped(ms) == {("online_dossier_rate", 68.2, None, None)}
