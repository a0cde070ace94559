"""rules_text.PhraseScan must find, for every pattern of the catalogue, exactly what finditer over the
same windows finds: it only changes how the search is done (one pass over the words)."""
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.readers import read_document
from extract.indicators.index import _SCAN
from vn.fold import fold

FIX = Path(__file__).resolve().parent.parent / "fixtures"


def _finditer_all(text, windows):
    return [[] if rx is None else [m.span() for a, b in windows for m in rx.finditer(text, a, b)]
            for rx in _SCAN.patterns]


def _scan_all(text, windows):
    return [[m.span() for m in ms] for ms in _SCAN.run(text, windows)]


def test_same_matches_as_finditer_on_the_fixtures_in_random_windows():
    rng = random.Random(7)
    for name in ("dongnai_sct_2021-H1.txt", "bacgiang_sct_2025-M04.txt", "quangngai_sct_2021-H1.txt",
                 "dongnai_sct_2022-plan.txt"):
        text = fold(read_document(FIX / name).text)
        cuts = sorted(rng.sample(range(len(text)), 40))      # windows that cut words in two, too
        windows = [(a, b) for a, b in zip(cuts[::2], cuts[1::2])] + [(0, 0)]
        assert _scan_all(text, windows) == _finditer_all(text, windows)
        whole = [(0, len(text))]
        expected = _finditer_all(text, whole)
        assert _scan_all(text, whole) == expected
        assert sum(map(len, expected)) > 100                 # the fixtures do hold phrases


# words of the catalogue's phrases, run together, repeated, glued to letters and punctuation
_WORDS = ["hồ", "sơ", "tiếp", "nhận", "trực", "tuyến", "đúng", "hạn", "trễ", "quá", "chỉ", "tiêu", "kế",
          "hoạch", "tỷ", "lệ", "đạt", "năm", "trước", "so", "với", "cùng", "kỳ", "không", "có", "giải", "quyết",
          "đang", "đã", "x", "1.234", "98,5%", ",", ";", "(", ")", "-", "trong", "đó"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=60), st.lists(st.sampled_from([" ", "  ", "\n", ""]), max_size=60),
       st.integers(0, 40), st.integers(0, 400))
def test_same_matches_as_finditer_on_any_text(words, seps, a, width):
    text = "".join(w + (seps[i] if i < len(seps) else " ") for i, w in enumerate(words))
    windows = [(min(a, len(text)), min(a + width, len(text)))]
    assert _scan_all(text, windows) == _finditer_all(text, windows)


def test_find_all_is_finditer_over_a_whole_report():
    """catalogue.find_all (used for zeros stated in words and scope phrases) finds what finditer finds."""
    from extract.lexicon.catalogue import INDICATORS
    from extract.lexicon.catalogue import find_all
    text = fold(read_document(FIX / "dongnai_sct_2021-H1.txt").text) + (
        " không có hồ sơ nào trễ hạn; chưa nhận được phản ánh, kiến nghị nào; khôngcó; chưa chưa phát sinh "
        "phản ánh. Không để xảy ra hồ sơ trễ hạn")
    text = fold(text)
    zeros = [i.zero for i in INDICATORS if i.zero is not None]
    assert len(zeros) >= 3
    found = [[m.span() for m in find_all(rx, text)] for rx in zeros]
    assert found == [[m.span() for m in rx.finditer(text)] for rx in zeros]
    assert sum(map(len, found)) >= 3


def test_unit_patterns_found_from_their_words_in_the_folded_text():
    """A unit pattern that starts with words in any case (`(?i:huyện|thị xã) {Name}`) is tried only where
    those words stand in the folded text, and finds what a scan of the whole text finds."""
    from extract.lexicon.catalogue import FIRST_WORDS, find_all
    from extract.document.scope import _unit_patterns
    from vn.fold import fold
    text = ("UBND HUYỆN Kim Sơn và huyện Sông Lô; Thị xã Phú Thọ, thị trấn Hùng Sơn, Xã Tân Lập, TP. Đà Lạt, "
            "thành phố Cần Thơ, Sở Tư pháp, SỞ Y tế, Công an tỉnh, Bộ Nội vụ, phường 3, xã nghèo. ") * 3
    pats = _unit_patterns()
    assert sum(FIRST_WORDS.get(rx.pattern) is not None for rx, _ in pats) >= 10
    for rx, _ in pats:
        assert [m.span() for m in find_all(rx, text, fold(text))] == [m.span() for m in rx.finditer(text)]
    district = next(rx for rx, level in pats if level == "district")
    assert [m[0] for m in find_all(district, text, fold(text))][:3] == ["HUYỆN Kim Sơn", "huyện Sông Lô", "Thị xã Phú Thọ"]


def test_every_zero_phrase_keeps_the_first_word_prefilter():
    """A raw zero pattern that does not start with a group of single words makes the scan run over the
    whole report for its indicator (it cost about 10 % of a PDF's extraction once): the data must keep them."""
    from extract.lexicon.catalogue import FIRST_WORDS, INDICATORS
    zeros = [ind for ind in INDICATORS if ind.zero is not None]
    assert len(zeros) >= 4
    assert [ind.id for ind in zeros if FIRST_WORDS.get(ind.zero.pattern) is None] == []
