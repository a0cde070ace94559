"""Property tests: the number and date parsers never raise and never invent a value."""
from hypothesis import given, settings, strategies as st

from extract.text.numbers import find_dates, parse_count, parse_number, parse_percent


def vn_grouped(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@given(st.integers(min_value=0, max_value=10**9))
def test_grouped_counts_round_trip(n):
    assert parse_number(vn_grouped(n)) == n
    assert parse_count(vn_grouped(n)) == n


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=99))
def test_decimal_comma_percent_round_trip(whole, frac):
    text = f"{whole},{frac:02d}%"
    assert parse_percent(text) == float(f"{whole}.{frac:02d}")
    assert parse_percent(text.replace("%", " %")) == float(f"{whole}.{frac:02d}")


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_parse_number_never_raises_and_only_reads_digits(s):
    v = parse_number(s)
    if v is not None:
        assert any(c.isdigit() for c in s)


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("0123456789/.- ngàytháмеnăm"), max_size=40))
def test_find_dates_spans_are_inside_text(s):
    for start, end, iso in find_dates(s):
        assert 0 <= start < end <= len(s)
        if iso:
            assert iso[:4] in s[start:end]
