"""A district or commune a text names gives its province from the unit list (vietnamadminunits), only
where the name belongs to one province in the province set of the text's date, and only when it names
the report's own subject (in the head or the lead), never a unit mentioned in passing."""
import datetime as dt

from extract.document.metadata import find_metadata
from extract.readers.txt import read_txt
from vn import units as U


def meta(text: str) -> dict:
    return find_metadata(read_txt("t.txt", text.encode("utf-8"), ""))


def test_the_unit_list_knows_districts_and_wards_of_both_province_sets():
    assert U.available()
    assert U.province_of("Huyện", "Định Quán") == "Đồng Nai"
    assert U.province_of("Huyện", "Đắk Glong") == "Đắk Nông"          # the list writes Đăk Glong
    assert U.province_of("Xã", "Tân Thành") is None                   # many provinces have one
    assert U.province_of("Huyện", "Côn Đảo", dt.date(2021, 3, 1)) == "Bà Rịa - Vũng Tàu"
    assert U.province_of("Đặc khu", "Côn Đảo", dt.date(2025, 9, 1)) == "Hồ Chí Minh"
    assert U.province_of("Huyện", "Côn Đảo", dt.date(2025, 9, 1)) is None      # no districts after the reform
    assert U.kind_of("TP") == ("district", "Thành phố") and U.kind_of("HUYỆN") == ("district", "Huyện")


def test_a_district_in_the_lead_gives_its_province():
    m = meta("Giải quyết hồ sơ đúng hạn đạt 98%\n\nUBND huyện Định Quán cho biết, năm 2019 đã tiếp nhận "
             "12.000 hồ sơ thủ tục hành chính.\n")
    assert (m["province"], m["province_2025"], m["province_unit"]) == ("Đồng Nai", "Đồng Nai", "huyện Định Quán")
    assert m["evidence"]["province"]["quote"] == "huyện Định Quán"
    m = meta("UBND HUYỆN ĐẮK GLONG\nBÁO CÁO\nKết quả giải quyết thủ tục hành chính năm 2020\nHuyện đã tiếp nhận 500 hồ sơ.\n")
    assert m["province"] == "Đắk Nông" and m["province_unit"] == "HUYỆN ĐẮK GLONG"


def test_no_province_from_a_name_many_provinces_have_or_units_of_two_provinces():
    assert meta("UBND xã Tân Thành cho biết, năm 2022 xã đã tiếp nhận 300 hồ sơ.\n")["province"] is None
    two = meta("Đoàn công tác của huyện Định Quán đến học tập tại TP Đà Lạt. Năm 2023 đã tiếp nhận 10 hồ sơ.\n")
    assert two["province"] is None


def test_a_unit_mentioned_in_passing_gives_nothing_and_the_text_province_wins():
    filler = "Công tác cải cách hành chính tiếp tục được quan tâm thực hiện. " * 20
    late = meta("Năm 2023 toàn huyện tiếp nhận 1.000 hồ sơ.\n" + filler + "\nKinh nghiệm của huyện Định Quán được học tập.\n")
    assert late["province"] is None
    named = meta("UBND TỈNH LÂM ĐỒNG\nBÁO CÁO\nKết quả năm 2023\nUBND huyện Định Quán tham dự.\n")
    assert named["province"] == "Lâm Đồng" and "province_unit" not in named
