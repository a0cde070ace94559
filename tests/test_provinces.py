"""Provinces: the 63, the 2025 crosswalk to 34, spellings as reports write them, names in running text."""
import unicodedata

import pytest

from vn.provinces import by_code, find_in_text, lookup, provinces, provinces_2025, skeleton


def test_63_before_and_34_after_the_merger():
    assert len(provinces()) == 63
    assert len(provinces_2025()) == 34
    assert len({p.code for p in provinces()}) == 63


@pytest.mark.parametrize("code,name,after,after_code", [
    ("01", "Hà Nội", "Hà Nội", "01"),
    ("02", "Hà Giang", "Tuyên Quang", "08"),
    ("04", "Cao Bằng", "Cao Bằng", "04"),
    ("24", "Bắc Giang", "Bắc Ninh", "24"),
    ("27", "Bắc Ninh", "Bắc Ninh", "24"),
    ("46", "Thừa Thiên Huế", "Huế", "46"),
    ("51", "Quảng Ngãi", "Quảng Ngãi", "51"),
    ("62", "Kon Tum", "Quảng Ngãi", "51"),
    ("70", "Bình Phước", "Đồng Nai", "75"),
    ("74", "Bình Dương", "Hồ Chí Minh", "79"),
    ("75", "Đồng Nai", "Đồng Nai", "75"),
    ("77", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh", "79"),
    ("96", "Cà Mau", "Cà Mau", "96"),
])
def test_codes_and_crosswalk(code, name, after, after_code):
    p = by_code(code)
    assert (p.name, p.code, p.province_2025, p.province_2025_code) == (name, code, after, after_code)


def test_the_eleven_unchanged_provinces_map_to_themselves():
    unchanged = {p.name for p in provinces()
                 if sum(q.province_2025 == p.province_2025 for q in provinces()) == 1}
    assert unchanged == {"Hà Nội", "Thừa Thiên Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn",
                         "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng"}


@pytest.mark.parametrize("written,name,code", [
    ("Đồng Nai", "Đồng Nai", "75"),
    ("ĐỒNG NAI", "Đồng Nai", "75"),
    ("Dong Nai", "Đồng Nai", "75"),
    ("dongnai", "Đồng Nai", "75"),
    ("tỉnh Đồng Nai", "Đồng Nai", "75"),
    ("TỈNH QUẢNG NGÃI", "Quảng Ngãi", "51"),
    ("TP. Hồ Chí Minh", "Hồ Chí Minh", "79"),
    ("Thành phố Hồ Chí Minh", "Hồ Chí Minh", "79"),
    ("TP.HCM", "Hồ Chí Minh", "79"),
    ("TPHCM", "Hồ Chí Minh", "79"),
    ("Thanh Hoá", "Thanh Hóa", "38"),       # old tone mark placement
    ("Hoà Bình", "Hòa Bình", "17"),
    ("Khánh Hoà", "Khánh Hòa", "56"),
    ("Bà Rịa–Vũng Tàu", "Bà Rịa - Vũng Tàu", "77"),
    ("BR-VT", "Bà Rịa - Vũng Tàu", "77"),
    ("Thừa Thiên Huế", "Thừa Thiên Huế", "46"),
    ("Huế", "Huế", "46"),                      # the 2025 city keeps the name it was written with
    ("Thành phố Huế", "Huế", "46"),
    ("Đắc Lắc", "Đắk Lắk", "66"),
    ("Bắc Cạn", "Bắc Kạn", "06"),
    ("Đông Nai", "Đồng Nai", "75"),           # a dropped accent still reads as the province
    (unicodedata.normalize("NFD", "Quảng Ngãi"), "Quảng Ngãi", "51"),
])
def test_lookup_spellings(written, name, code):
    p = lookup(written)
    assert p is not None and (p.name, p.code) == (name, code)


@pytest.mark.parametrize("written", ["", None, "Atlantis", "Sở Công Thương", "Long Thành"])
def test_lookup_unknown(written):
    assert lookup(written) is None


def test_every_name_finds_itself():
    for p in provinces():
        assert lookup(p.name).code == p.code
        assert lookup(p.name.upper()).code == p.code


def test_skeleton_keeps_length():
    s = "Đồng Nai, Thừa Thiên Huế, Bà Rịa – Vũng Tàu"
    assert skeleton(s) == "dong nai, thua thien hue, ba ria – vung tau"
    assert len(skeleton(s)) == len(s)


def test_find_in_text_names_domains_and_case():
    t = ("Gửi cchc_snv@bacgiang.gov.vn; xem http://sct.dongnai.gov.vn. Vì hòa bình; tỉnh Hòa Bình; "
         "Thanh Hoá, BR-VT và Bà Rịa - Vũng Tàu.")
    got = [(t[s:e], p.code) for s, e, p in find_in_text(t)]
    assert got == [("bacgiang", "24"), ("dongnai", "75"), ("Hòa Bình", "17"), ("Thanh Hoá", "38"),
                   ("BR-VT", "77"), ("Bà Rịa - Vũng Tàu", "77")]


def test_find_in_text_needs_whole_words():
    assert find_in_text("Longan, Hà Namz, PhuYenx") == []
    # the province name inside a longer word of a domain is not a province
    assert find_in_text("www.hanoimoi.com.vn") == []


def test_find_in_text_nfd_offsets_point_into_the_given_text():
    t = unicodedata.normalize("NFD", "Sở Công Thương tỉnh Quảng Ngãi báo cáo")
    (s, e, p), = find_in_text(t)
    assert p.code == "51" and unicodedata.normalize("NFC", t[s:e]) == "Quảng Ngãi"
