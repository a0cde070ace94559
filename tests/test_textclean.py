import unicodedata

import pytest

from extract.text.textclean import detect_legacy, fix_legacy, normalize_line, to_legacy


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
    from extract.text.textclean import _placement_map
    fixes = _placement_map()
    assert len(fixes) > 2000 and fixes["hoà"] == "hòa" and fixes["baó"] == "báo"
    assert all(normalize_line(k) == v and normalize_line(v) == v for k, v in fixes.items())


# ---------------------------------------------------------------- the builder cleans every piece at once

def test_builder_cleans_each_line_and_cell_as_normalize_line_would():
    """DocumentBuilder cleans all pieces in one pass over their join (textclean.normalize_lines); each
    piece must come out as if cleaned alone: NFD, old tone marks, a mark on the wrong vowel, invisible
    characters, tabs and runs of spaces, a piece starting with a combining mark, the join's separator."""
    from extract.model import DocumentBuilder
    from extract.text.textclean import normalize_lines
    nfd = unicodedata.normalize("NFD", "Tỷ lệ hồ sơ đúng hạn")
    pieces = [nfd, "Uỷ ban  nhân\tdân", "baì\u200b viết", "\u0301a", "9.423 hồ sơ\x1ecòn lại", "", "   ", "HOÀ"]
    assert normalize_lines(pieces) == [normalize_line(p) for p in pieces[:4]] + [
        "9.423 hồ sơ còn lại", "", " ", "HÒA"]
    b = DocumentBuilder("x.txt", "0" * 64, "txt")
    b.add("paragraph", nfd + "\n" + "đạt 99,75%")
    b.add_table([["STT", "Đơn vị", "Số hồ sơ"], [None, "", None], ["1", "Uỷ ban", "9.423"], ["2", "Sở Tư pháp"]])
    b.add("heading", "  \n ")                        # nothing left: no block
    b.add("paragraph", "Hoà Bình, ngày 5/6/2024")
    doc = b.build()
    assert doc.text == ("Tỷ lệ hồ sơ đúng hạn đạt 99,75%\n"
                        "STT\tĐơn vị\tSố hồ sơ\n1\tỦy ban\t9.423\n2\tSở Tư pháp\n"
                        "Hòa Bình, ngày 5/6/2024\n")
    assert [b.kind for b in doc.blocks] == ["paragraph", "table", "paragraph"]
    assert doc.blocks[1].rows == [["STT", "Đơn vị", "Số hồ sơ"], ["1", "Ủy ban", "9.423"], ["2", "Sở Tư pháp"]]
    assert all(doc.text[b.start:b.end + 1].endswith("\n") for b in doc.blocks)


def test_misplaced_mark_fixed_in_any_position_of_the_text():
    assert normalize_line("Sở đã tiếp nhận baì viết, caí mới") == "Sở đã tiếp nhận bài viết, cái mới"
    assert normalize_line("baì") == "bài" and normalize_line("(baì)") == "(bài)"


def test_fold_remembers_only_the_very_same_text():
    """fold() keeps its last long result (four stages fold each document's text): a different text of
    the same length, or an equal one built anew, is folded on its own."""
    from vn.fold import fold
    a = "Hoà Bình " * 400
    b = "Uỷ Ban " * 400 + "xx" * 400
    assert fold(a) == "hòa bình " * 400 and fold(a) is fold(a)
    assert fold(b) == "ủy ban " * 400 + "xx" * 400
    assert fold("".join(["Hoà Bình "] * 400)) == "hòa bình " * 400
