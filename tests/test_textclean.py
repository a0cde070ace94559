import unicodedata

import pytest

from extract.textclean import detect_legacy, fix_legacy, normalize_line, to_legacy


# ---------------------------------------------------------------- normalize_line

def test_nfd_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Sở Công Thương tiếp nhận hồ sơ")
    assert nfd != "Sở Công Thương tiếp nhận hồ sơ"
    assert normalize_line(nfd) == "Sở Công Thương tiếp nhận hồ sơ"


@pytest.mark.parametrize("old,new", [
    ("hoà", "hòa"), ("Hoà", "Hòa"), ("HOÀ", "HÒA"), ("thuỷ", "thủy"), ("Thuỷ", "Thủy"),
    ("khoẻ", "khỏe"), ("hoá", "hóa"), ("hoạ", "họa"), ("tuỳ", "tùy"), ("uỷ ban", "ủy ban"),
    ("Qúy III", "Quý III"), ("qúa hạn", "quá hạn"),
])
def test_old_tone_marks_move_without_changing_length(old, new):
    assert normalize_line(old) == new
    assert len(normalize_line(old)) == len(old)


@pytest.mark.parametrize("word", ["quý", "Quý", "QUÝ", "quỳnh", "giữ", "hoàn", "khoảng", "thuở", "khuỷu",
                                  "huyện", "hòa", "thủy", "người", "được"])
def test_words_already_right_are_untouched(word):
    assert normalize_line(word) == word


def test_in_sentence_only_the_syllables_change():
    s = "Hoà giải tại Uỷ ban, hoàn thành quý III; chất lượng hoá đơn"
    assert normalize_line(s) == "Hòa giải tại Ủy ban, hoàn thành quý III; chất lượng hóa đơn"


def test_numbers_and_percent_untouched():
    s = "tiếp nhận 9.423 hồ sơ, đạt 99,75%; trực tiếp 1,4 %; 1.039 2"
    assert normalize_line(s) == s


def test_invisible_characters_and_spaces():
    s = "Tổng\u00a0số:\u200b 9.423\u00ad hồ  sơ\t\t(99,75 %)\ufeff"
    assert normalize_line(s) == "Tổng số: 9.423 hồ sơ (99,75 %)"


def test_ascii_line_only_spaces():
    assert normalize_line("STT  \t 1") == "STT 1"


# ---------------------------------------------------------------- legacy fonts

def test_tcvn3_literal_samples():
    assert fix_legacy("B¸o c¸o") == ("Báo cáo", "tcvn3")
    assert fix_legacy("Së C«ng Th\u00ad¬ng")[0] == "Sở Công Thương"
    assert fix_legacy("®· tiÕp nhËn tæng sè: 331 hå s¬")[0] == "đã tiếp nhận tổng số: 331 hồ sơ"


def test_vni_literal_samples():
    assert fix_legacy("Baùo caùo") == ("Báo cáo", "vni")
    assert fix_legacy("Sôû Coâng Thöông ñaõ tieáp nhaän 331 hoà sô")[0] == \
        "Sở Công Thương đã tiếp nhận 331 hồ sơ"
    assert fix_legacy("BAÙO CAÙO ÑIEÀU HAØNH")[0] == "BÁO CÁO ĐIỀU HÀNH"


SENTENCE = ("Sở Công Thương đã tiếp nhận tổng số: 331 hồ sơ; giải quyết đúng hạn 99,75%, "
            "trễ hạn 01 hồ sơ. Quyết định số 278/QĐ-UBND ngày 21/3/2025 của UBND tỉnh về việc "
            "ban hành quy định chức năng, nhiệm vụ; ứng dụng chữ ký số, dịch vụ công trực tuyến.")


@pytest.mark.parametrize("enc", ["tcvn3", "vni"])
def test_round_trip_through_real_bytes(enc):
    raw = to_legacy(SENTENCE, enc).encode("cp1252")      # what a legacy file holds
    assert raw[:1] == b"S" and raw[1] >= 0x80             # one byte a letter: "Sở" is S + one code
    text = raw.decode("cp1252")
    assert detect_legacy(text) == enc
    assert fix_legacy(text) == (SENTENCE, enc)


def test_tcvn3_bytes_are_the_standard_codes():
    assert to_legacy("á à ư đ ơ ô ố ộ", "tcvn3").encode("cp1252") == b"\xb8 \xb5 \xad \xae \xac \xab \xe8 \xe9"


def test_tcvn3_capitals_from_the_upper_case_font():
    # .VnTimeH text: capitals written with the lowercase codes
    assert fix_legacy("B¸O C¸O\nI. C¤NG T¸C CHØ §¹O, §IÒU HµNH CCHC\nSè: /BC-SCT")[0] == \
        "BÁO CÁO\nI. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC\nSố: /BC-SCT"


@pytest.mark.parametrize("text", [
    "Báo cáo kết quả thực hiện công tác cải cách hành chính quý III năm 2023 của Sở Công Thương.",
    "Hoà giải, thuỷ lợi, khoẻ mạnh, quý, giữ gìn — chữ cũ vẫn là Unicode thật.",
    unicodedata.normalize("NFD", "Sở Công Thương tiếp nhận 9.423 hồ sơ, đạt 99,75%."),
    "The quarterly report lists 9,423 applications; 99.75% were on time.",
    "A naïve café résumé from Zürich, «quoted» — déjà vu. Ærø, smörgåsbord, São Paulo, façade.",
    "Tỷ lệ 100 % (±0,5); nhiệt độ 25°C; giá 1.000 ₫ · mục ¶ 3",
    "",
])
def test_no_false_positives(text):
    assert detect_legacy(text) is None
    assert fix_legacy(text) == (text, None)


def test_unicode_with_a_few_stray_symbols_is_not_legacy():
    text = ("Sở Công Thương đã tiếp nhận 331 hồ sơ « đúng hạn » ¸ µ ¶ " * 20)
    assert detect_legacy(text) is None


# ---------------------------------------------------------------- marks on the wrong vowel (underthesea's map)

@pytest.mark.parametrize("typed,fixed", [
    ("Baó cáo kết quả", "Báo cáo kết quả"),     # mark on the second vowel of "ao"
    ("cuả Sở Nội vụ", "của Sở Nội vụ"),
    ("BAÓ CÁO", "BÁO CÁO"),
    ("Giaỉ quyết hồ sơ", "Giải quyết hồ sơ"),
])
def test_a_mark_on_the_wrong_vowel_is_moved_without_moving_anything_else(typed, fixed):
    assert normalize_line(typed) == fixed and len(normalize_line(typed)) == len(typed)


@pytest.mark.parametrize("word", ["quả", "của", "người", "giáo", "hoài", "khuya", "thuở", "quý", "Quỳnh", "hoạch", "99,75%"])
def test_correct_words_stay_as_they_are(word):
    assert normalize_line(word) == word


def test_our_tone_table_and_underthesea_agree_on_every_word_of_its_map():
    """underthesea's map (2,322 placement fixes) and data/tone_marks.tsv must pick the same form:
    every fix lands on a word that normalize_line leaves alone (hòa, thủy: new style for both)."""
    pytest.importorskip("underthesea")
    from extract.textclean import _placement_map
    fixes = _placement_map()
    assert len(fixes) > 2000 and fixes["hoà"] == "hòa" and fixes["baó"] == "báo"
    assert all(normalize_line(k) == v and normalize_line(v) == v for k, v in fixes.items())
