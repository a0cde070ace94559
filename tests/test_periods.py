"""Periods: codes ↔ dates, Vietnamese period phrases → codes, data windows against periods."""
import unicodedata

import pytest

from vn.periods import expected_window, find_periods, is_period, parse_period, period_bounds, window_fits


@pytest.mark.parametrize("code,bounds", [
    ("2025-M04", ("2025-04-01", "2025-04-30")),
    ("2024-M02", ("2024-02-01", "2024-02-29")),     # leap year
    ("2023-M02", ("2023-02-01", "2023-02-28")),
    ("2023-Q3", ("2023-07-01", "2023-09-30")),
    ("2022-Q1", ("2022-01-01", "2022-03-31")),
    ("2021-H1", ("2021-01-01", "2021-06-30")),
    ("2021-H2", ("2021-07-01", "2021-12-31")),
    ("2022-9M", ("2022-01-01", "2022-09-30")),
    ("2022-Y", ("2022-01-01", "2022-12-31")),
])
def test_period_bounds(code, bounds):
    assert period_bounds(code) == bounds
    assert is_period(code)


@pytest.mark.parametrize("code", ["2025-M13", "2025-M4", "2023-Q5", "2021-H3", "2022", "", "Y-2022"])
def test_not_a_period(code):
    assert not is_period(code)
    with pytest.raises(ValueError):
        period_bounds(code)


@pytest.mark.parametrize("text,code", [
    ("Công tác cải cách hành chính tháng 4/2025", "2025-M04"),
    ("tháng 4 năm 2025", "2025-M04"),
    ("THÁNG 12/2024 VÀ PHƯƠNG HƯỚNG THÁNG 01/2025", "2024-M12"),
    ("tháng 04-2025", "2025-M04"),
    ("Kết quả thực hiện công tác cải cách hành chính Quý III năm 2023", "2023-Q3"),
    ("Quý I/2022", "2022-Q1"),
    ("quý 3/2023", "2023-Q3"),
    ("QUÝ IV NĂM 2024", "2024-Q4"),
    ("quý II, năm 2020", "2020-Q2"),
    ("6 tháng đầu năm 2021", "2021-H1"),
    ("06 tháng đầu năm 2021", "2021-H1"),
    ("sáu tháng đầu năm 2021", "2021-H1"),
    ("BÁO CÁO 6 THÁNG ĐẦU NĂM 2021", "2021-H1"),
    ("06 tháng năm 2020", "2020-H1"),
    ("6 tháng cuối năm 2022", "2022-H2"),
    ("9 tháng đầu năm 2022", "2022-9M"),
    ("09 tháng năm 2023", "2023-9M"),
    ("3 tháng đầu năm 2024", "2024-Q1"),
    ("năm 2022", "2022-Y"),
    ("Kế hoạch cải cách hành chính của Sở Công Thương năm 2022", "2022-Y"),
    ("Kết quả năm 2021 và phương hướng năm 2022", "2021-Y"),
    (unicodedata.normalize("NFD", "Quý III năm 2023"), "2023-Q3"),
])
def test_parse_period(text, code):
    assert parse_period(text) == code


@pytest.mark.parametrize("text,year,code", [
    ("9 tháng", 2022, "2022-9M"),
    ("6 tháng cuối năm", 2021, "2021-H2"),
    ("báo cáo quý II", 2020, "2020-Q2"),
    ("9 tháng", None, None),            # no year anywhere: nothing invented
])
def test_parse_period_year_from_caller(text, year, code):
    assert parse_period(text, year) == code


@pytest.mark.parametrize("text", [
    "Quảng Ngãi, ngày 09 tháng 6 năm 2021",         # a date, not the month of June
    "Bắc Giang, ngày\ntháng 4 năm 2025",             # a date with a blank day
    "Đồng Nai, ngày   tháng    năm",
    "giai đoạn 2021-2025",
    "trong 16 tháng",
])
def test_dates_and_spans_are_not_periods(text):
    assert parse_period(text) is None


def test_find_periods_offsets():
    t = "Báo cáo Quý I/2022 và phương hướng quý II"
    assert find_periods(t, 2022) == [(8, 18, "2022-Q1"), (35, 41, "2022-Q2")]
    assert t[8:18] == "Quý I/2022"


def test_expected_window_of_decree_09_2019():
    assert [d.isoformat() for d in expected_window("2023-Q3")] == ["2023-06-15", "2023-09-14"]
    assert [d.isoformat() for d in expected_window("2021-H1")] == ["2020-12-15", "2021-06-14"]
    assert [d.isoformat() for d in expected_window("2025-M01")] == ["2024-12-15", "2025-01-14"]


@pytest.mark.parametrize("period,start,end,fits", [
    ("2025-M04", "2025-03-15", "2025-04-14", True),
    ("2023-Q3", "2023-06-15", "2023-09-13", True),     # a day short: within tolerance
    ("2021-H1", "2020-12-15", "2021-06-14", True),
    ("2021-H1", "2020-12-10", "2021-06-09", True),
    ("2025-M04", "2025-04-01", "2025-04-30", True),     # the calendar month itself
    ("2022-Y", "2021-12-15", "2022-12-14", True),
    ("2023-Q3", "2022-06-15", "2023-09-13", False),     # a typo'd year
    ("2021-H1", "2021-01-01", "2021-06-09", False),     # ends three weeks early
    ("2025-M04", "2025-02-15", "2025-03-14", False),    # the month before
    ("2025-M04", "bad", "2025-04-14", False),
    ("nonsense", "2025-03-15", "2025-04-14", False),
])
def test_window_fits(period, start, end, fits):
    assert window_fits(period, start, end) is fits


def test_month_without_year_takes_the_callers_year():
    assert parse_period("tháng 4 và phương hướng tháng 5 năm 2025") == "2025-M05"
    assert parse_period("tháng 4 và phương hướng tháng 5 năm 2025", 2025) == "2025-M04"
    assert parse_period("trong 16 tháng 3 lần", 2025) is None     # a date without `ngày`, not March
