"""Phrasings of data/indicators.yaml: the sentence → figures cases are data in tests/examples/phrasings.yaml
(tests/test_examples.py); what stays here asserts what a case there cannot (a qualifier)."""
from __future__ import annotations

from indicator_helpers import extract, values


def test_satisfaction_very_satisfied_is_a_qualified_part():
    ms = extract("Mức độ đánh giá hài lòng của tổ chức, cá nhân qua giải quyết TTHC đạt 100%, trong đó, mức độ "
                 "rất hài lòng đạt 98,5%.")
    assert values(ms) == {("satisfaction_rate", 100), ("satisfaction_rate", 98.5)}
    assert [m.qualifier for m in ms if m.value == 98.5] == ["rất hài lòng"]
