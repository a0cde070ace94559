import pytest

from extract.text.numbers import find_dates, parse_count, parse_date, parse_number, parse_percent, roman_to_int


@pytest.mark.parametrize("text, value", [
    ("9.423", 9423), ("6.279", 6279), ("1.234.567", 1234567), ("01", 1), ("03", 3), ("331", 331),
    ("99,75", 99.75), ("1.5", 1.5), ("1.234,5", 1234.5), ("0", 0),
])
def test_parse_number(text, value):
    assert parse_number(text) == value
    assert type(parse_number(text)) is type(value)


def test_thousands_dot_is_never_a_decimal():
    assert parse_count("6.279") == 6279
    assert parse_count("99,75") is None


@pytest.mark.parametrize("text, value", [("99,75%", 99.75), ("1,4 %", 1.4), ("100 %", 100.0), ("0,41%", 0.41)])
def test_parse_percent(text, value):
    assert parse_percent(text) == value


def test_not_numbers():
    assert parse_number("abc") is None
    assert parse_number("") is None
    assert parse_number("1.2.3") is None


@pytest.mark.parametrize("text, iso", [
    ("ngày 09/02/2021", "2021-02-09"), ("5/5/2021", "2021-05-05"), ("09-02-2021", "2021-02-09"),
    ("Quảng Ngãi, ngày 09 tháng 6 năm 2021", "2021-06-09"), ("ngày 31/02/2021", None),
    ("Bắc Giang, ngày      tháng 4 năm 2025", None),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_find_dates_keeps_spans_and_blank_dates():
    text = "từ 15/12/2020 đến ngày 14/6/2021; ngày    tháng 4 năm 2025"
    found = find_dates(text)
    assert [iso for _, _, iso in found] == ["2020-12-15", "2021-06-14", None]
    s, e, _ = found[1]
    assert text[s:e] == "14/6/2021"


def test_roman():
    assert [roman_to_int(r) for r in ("I", "II", "III", "IV", "IX", "XII")] == [1, 2, 3, 4, 9, 12]
    assert roman_to_int("IIA") is None


def test_digits_of_other_scripts_are_no_number():
    # the regex module's \d takes every script's digits; a report's figures are written in 0-9 only
    assert parse_number("𑋵") is None and parse_number("٣") is None and parse_number("９") is None
    assert parse_number("9.423") == 9423 and parse_number("99,75%") == 99.75
