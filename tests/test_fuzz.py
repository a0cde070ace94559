"""Fuzzing. Property tests (hypothesis) over the number/date parsers and the whole extract stage on text
assembled from the catalogue's own phrasings, numbers in every Vietnamese form and noise: it never
raises, every figure points at its evidence and its value is written in that evidence (a value never
invented). Then a mutation fuzz of the readers on the fixtures — bytes flipped, files cut, bytes
inserted, chunks repeated, XML inside a DOCX damaged — in worker processes with a time limit per file:
no crash, no hang, each file read or refused with a one-line message.

tests/test_numbers_properties.py holds the round-trip properties of the parsers; these add the
"any input" ones.
"""
from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import pipeline
from extract.lexicon import INDICATORS_DATA
from extract.model import DocumentBuilder
from extract.text.numbers import NUMBER, find_dates, parse_count, parse_date, parse_number, parse_percent, roman_to_int
from extract.indicators.index import zero_matches
from vn.fold import fold

from fuzz_mutants import SOURCES, make_mutants

# ---------------------------------------------------------------- numbers and dates, any text

ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
NUMERIC_TEXT = st.text(alphabet=st.sampled_from("0123456789.,%/- \u00a0ngàythángnăm"), max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_TEXT, NUMERIC_TEXT))
def test_number_parsers_never_raise_and_read_only_written_digits(s):
    v = parse_number(s)
    if v is not None:
        # the whole part's digits are in the text, once thousands dots are dropped (`9.423` → 9423)
        assert str(int(v)) in s.replace(".", "").lstrip("0") or int(v) == 0
    c = parse_count(s)
    assert c is None or (isinstance(c, int) and c == v)
    p = parse_percent(s)
    assert p is None or isinstance(p, float)
    r = roman_to_int(s)
    assert r is None or r >= 0


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_TEXT, NUMERIC_TEXT))
def test_dates_are_real_days_written_in_their_span(s):
    for start, end, iso in find_dates(s):
        assert 0 <= start < end <= len(s)
        if iso:
            day = dt.date.fromisoformat(iso)                   # a real calendar day
            span = s[start:end]
            assert str(day.year) in span
            nums = [int(x) for x in re.findall(r"\d+", span)]
            assert day.month in nums and day.day in nums
    iso = parse_date(s)
    assert iso is None or dt.date.fromisoformat(iso)


@given(st.integers(0, 10**9), st.integers(0, 99))
def test_grouped_number_with_decimals_round_trips(whole, frac):
    text = f"{whole:,}".replace(",", ".") + f",{frac:02d}"     # 1.234.567,05
    assert parse_number(text) == float(f"{whole}.{frac:02d}")
    assert parse_count(text) is None                         # a count has no decimal part


# ---------------------------------------------------------------- the rule engine, any report-like text

def _phrases() -> list[str]:
    """Cue, zero and veto phrases of the catalogue, `…` filled with a word: the text the rules look for."""
    out = []
    for ind in INDICATORS_DATA["indicators"]:
        for key in ("cues", "zero", "not"):
            for c in ind.get(key) or []:
                c = c["cue"] if isinstance(c, dict) else c
                if not c.startswith("re:"):
                    out.append(c.replace("…", "được"))
    return sorted(set(out))


PHRASES = _phrases()
WORDS = ["Sở Công Thương", "hồ sơ", "thủ tục hành chính", "đạt", "tỷ lệ", "trong đó", "so với cùng kỳ", "tăng",
         "giảm", "kế hoạch", "chỉ tiêu", "phấn đấu", "năm 2025", "Quý III/2023", "tháng 6", "ngày 15/6/2021",
         "theo Quyết định số 545/QĐ-UBND ngày 21/3/2025", "Nghị định 61/2018/NĐ-CP", "lượt", "công chức",
         "mức độ 3, 4", "(1)", "I.", "không", "Thanh Hoá", "thuỷ", "hoà", "…", "-", "–", ":", "\t"]
NUMBERS = st.one_of(
    st.integers(0, 10**7).map(lambda n: f"{n:,}".replace(",", ".")),            # 9.423
    st.integers(0, 999).map(str),
    st.integers(0, 99).map(lambda n: f"{n:02d}"),                               # 01
    st.tuples(st.integers(0, 100), st.integers(0, 99)).map(lambda t: f"{t[0]},{t[1]:02d}%"),
    st.tuples(st.integers(0, 100), st.integers(0, 9)).map(lambda t: f"{t[0]}.{t[1]} %"),
    st.tuples(st.integers(1, 500), st.integers(1, 500)).map(lambda t: f"{min(t)}/{max(t)}"),
    st.integers(0, 10**6).map(lambda n: f"{n:,}".replace(",", " ")),            # 9 423
)
UNICODE_DIGITS = ["²", "٣", "３", "①", "1²"]        # str.isdigit() says yes, int() says no
PIECE = st.one_of(st.sampled_from(PHRASES), st.sampled_from(WORDS), NUMBERS,
                  st.sampled_from([",", ";", ".", "(", ")", "\n", " "]),
                  st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8))
SENTENCE = st.lists(PIECE, min_size=1, max_size=25).map(" ".join)


@st.composite
def documents(draw):
    b = DocumentBuilder("fuzz.txt", "0" * 64, "txt")
    for _ in range(draw(st.integers(1, 6))):
        s = draw(SENTENCE)
        if draw(st.booleans()) and draw(st.booleans()):
            s = unicodedata.normalize("NFD", s)
        kind = draw(st.sampled_from(["paragraph", "paragraph", "heading", "table"]))
        if kind == "table":
            rows = draw(st.lists(st.lists(st.one_of(NUMBERS, st.sampled_from(PHRASES + WORDS + UNICODE_DIGITS), st.just("")),
                                          min_size=1, max_size=5), min_size=1, max_size=5))
            b.add_table(rows, draw(st.integers(1, 3)))
        else:
            b.add(kind, s, draw(st.integers(1, 3)))
    return b.build()


def _numbers_in(quote: str) -> set[float]:
    out = set()
    for m in re.finditer(NUMBER, quote):
        v = parse_number(m.group())
        if v is not None:
            out.add(round(float(v), 4))
    out.update(float(x) for x in re.findall(r"\d+", quote))     # each side of 320/331, 9 423 read as 9 and 423
    return out


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents())
def test_extract_never_raises_and_never_invents_a_value(doc):
    record = pipeline.extract_document(doc)
    text = doc.text
    assert record["status"] == "ok"
    for m in record["indicators"]:
        assert 0 <= m["start"] < m["end"] <= len(text)
        quote = text[m["start"]:m["end"]]
        assert m["evidence"] == quote
        value = abs(m["value"])
        if value == 0 and not re.search(r"(?<![\d.,])0+(?![\d])", quote):
            # a zero in words: one of the catalogue's zero phrases is in the quote
            assert next(zero_matches(fold(quote), 0, len(quote)), None), quote
            continue
        assert round(float(value), 4) in _numbers_in(quote), (m, quote)
    for r in record["references"]:
        assert 0 <= r["start"] < r["end"] <= len(text)
        quote = text[r["start"]:r["end"]]
        assert r["evidence"] == quote
        assert r["number"].lstrip("0") in quote or r["number"] in quote
        if r["year"]:
            assert str(r["year"]) in quote or str(r["year"])[2:] in quote
    for f in record["findings"]:
        for e in f["evidence"]:
            if e.get("start") is not None and e.get("quote") is not None:
                assert text[e["start"]:e["end"]] == e["quote"]


# ---------------------------------------------------------------- mutation fuzz of the readers

SEEDS = range(24)            # × 7 fixtures = 168 mutants, ~20 s on two cores; the CI budget is ~30 s
PER_FILE_S = 20              # far above the slowest mutant seen (~1.5 s): only a hang reaches it


def test_mutated_fixtures_are_read_or_refused_without_crash_or_hang(tmp_path):
    from batch.run import FileTask, LocalPool
    mutants = make_mutants(tmp_path, SEEDS)
    how = {str(p): h for p, h in mutants}
    pool = LocalPool(workers=2, timeout=PER_FILE_S)
    t0 = time.perf_counter()
    bad, statuses = [], {"ok": 0, "error": 0}
    for task, record, secs in pool.results(FileTask(str(p)) for p, _ in mutants):
        err = record["error"] or ""
        statuses[record["status"]] += 1
        # a worker that died (crash), a time limit (hang), an exception no reader turned into a message
        if (record["status"] not in ("ok", "error") or "\n" in err or secs > PER_FILE_S
                or err.startswith(("the worker", "took longer", "unreadable file", "extraction failed"))):
            bad.append((how[task.path], err))
        if record["status"] == "ok":
            assert record["pages"] >= 1
    elapsed = time.perf_counter() - t0
    assert bad == []
    assert sum(statuses.values()) == len(SOURCES) * len(SEEDS)
    assert statuses["ok"] > 0 and statuses["error"] > 0          # the mutations do bite
    assert elapsed < 120


def test_mutants_are_deterministic(tmp_path):
    a = make_mutants(tmp_path / "a", range(3), SOURCES[:2])
    b = make_mutants(tmp_path / "b", range(3), SOURCES[:2])
    assert [(h, p.read_bytes()) for p, h in a] == [(h, p.read_bytes()) for p, h in b]


# ---------------------------------------------------------------- hostile text shapes (found by probing)

@pytest.mark.parametrize("unit,n", [
    ("1.", 50_000),      # a number mask re-scanned the chain from every dot: quadratic (10k → 13 s, 100k → hours)
    ("12/", 30_000),     # the same through slashes
    ("9", 100_000),      # `\d+h` backtracked over the whole digit run from every digit; int() of 100k digits raised
])
def test_long_runs_of_digits_are_read_in_linear_time(unit, n):
    b = DocumentBuilder("x.txt", "0" * 64, "txt")
    b.add("paragraph", "Sở Nội vụ đã tiếp nhận 12 hồ sơ. " + unit * n)
    doc = b.build()
    t0 = time.perf_counter()
    record = pipeline.extract_document(doc)
    assert time.perf_counter() - t0 < 10
    assert [(m["indicator"], m["value"]) for m in record["indicators"]][:1] == [("dossiers_received", 12)]


def test_a_number_too_long_for_int_is_no_number():
    assert parse_number("9" * 5000) is None and parse_count("1" * 41) is None
    assert parse_number("1.234.567.890,12") == 1234567890.12


def test_extract_file_never_raises_for_a_text_that_trips_a_rule(tmp_path, monkeypatch):
    """A rule's exception is a per-file error (chiso extract would have stopped the batch)."""
    def boom(doc, meta=None):
        raise ValueError("a rule tripped\nsecond line")
    monkeypatch.setattr("extract.indicators.find_indicators", boom)
    path = tmp_path / "báo cáo.txt"
    path.write_text("Sở Nội vụ đã tiếp nhận 12 hồ sơ.\n", encoding="utf-8")
    r = pipeline.extract_file(path)
    assert (r["status"], r["format"], r["error"]) == ("error", "txt", "extraction failed (ValueError: a rule tripped)")


def test_a_numbering_column_with_unicode_digits_is_no_crash():
    """`STT` column `1, ², 3`: isdigit() is true for ², int() raised ValueError (found by reading)."""
    b = DocumentBuilder("x.txt", "0" * 64, "txt")
    b.add("paragraph", "Sở Nội vụ tiếp nhận hồ sơ")
    b.add_table([["STT", "Nội dung", "Số hồ sơ"], ["1", "²", "3"], ["Tiếp nhận", "12", "5"]])
    assert pipeline.extract_document(b.build())["status"] == "ok"
