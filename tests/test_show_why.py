"""`chiso show --why FILE`: beside the figures and their rules, every other number of the text with the
reason it gave no figure (report/trace.py)."""
from pathlib import Path

import regex as re

import pipeline

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^  «(?P<token>[^»]+)»  p\.\d+ \[(?P<a>\d+):(?P<e>\d+)\]  (?P<why>\S.*)$")

# every reason report/trace.py gives starts so; a number left without one, or with a reason of a new
# kind, fails here
REASONS = ("masked: ", "a list number at the start of the line", "a table's row number", "a table cell ",
           "counts «", "a count", "a percent", "a rate above 100%", "rule ", "in the page header",
           "in the page footer", "not a fraction", "a fraction with nothing", "a number with a decimal part",
           "not read as a figure", "a number with no noun after it", "the earlier value of", "a rise or fall",
           "a fraction whose part")

DOC = """UBND TỈNH AN GIANG
SỞ NỘI VỤ
Số: 88/BC-SNV
BÁO CÁO
Kết quả giải quyết thủ tục hành chính 6 tháng đầu năm 2024
1. Ngày 15/3/2024, Sở tiếp nhận 1.204 hồ sơ, đã giải quyết 1.180 hồ sơ.
2. Tỷ lệ hồ sơ nộp trực tuyến đạt 120%.
3. Trong kỳ, Sở tiếp nhận 1.204 hồ sơ.
4. Tổng đài nhận 320 cuộc gọi, thời gian trung bình 3,5 ngày.
5. Cả nước đã tiếp nhận 75.000 hồ sơ trực tuyến.
6. Số hồ sơ trực tuyến tăng 12%.
7. Tỷ lệ hồ sơ giải quyết trễ hạn giảm từ 6,4% xuống còn 1,2%.
8. Phòng đã cử 02 cán bộ hỗ trợ.
"""


def _why(capsys, path) -> tuple[list[str], list[re.Match]]:
    assert pipeline.main(["show", "--why", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    head = next(i for i, line in enumerate(out) if line.endswith(" numbers gave no figure"))
    n = int(out[head].split()[0])
    rows = out[head + 1:head + 1 + n]
    return out, rows


def _reasons(rows: list[str]) -> dict[tuple[str, int], str]:
    out = {}
    for line in rows:
        m = LINE.match(line)
        assert m, f"a dropped number without its page, span or reason: {line!r}"
        assert m["why"].startswith(REASONS), f"a reason of no known kind: {line!r}"
        out[(m["token"], int(m["a"]))] = m["why"]
    return out


def test_every_number_a_txt_drops_says_why(tmp_path, capsys):
    path = tmp_path / "angiang_snv_2024-H1.txt"
    path.write_text(DOC, encoding="utf-8")
    out, rows = _why(capsys, path)
    assert "  dossiers_received / actual = 1.204   p.1 [129:153] text  rule text:tiếp nhận" in out
    why = _reasons(rows)
    by_token = {}
    for (token, _), reason in why.items():
        by_token.setdefault(token, []).append(reason)
    assert by_token["15/3/2024"] == ["masked: a date"]
    assert by_token["88"][0].startswith("masked: masks.yaml not_figures[")       # 88/BC-SNV, a document's symbol
    assert by_token["2024"][0].startswith("masked: masks.yaml not_figures[")     # năm 2024
    assert by_token["1"] == by_token["5"] == ["a list number at the start of the line"]
    assert by_token["120%"] == ["rule text:trực tuyến read online_dossier_rate / actual = 120%: a rate above "
                                "100% is a misreading, left out"]
    # the second 1.204 repeats the first, which the output keeps
    assert by_token["1.204"] == ["rule text:tiếp nhận read dossiers_received / actual = 1.204: a repeat of the "
                                 "figure kept at [129:153] (one per indicator, kind, value, scope and period)"]
    assert by_token["320"] == ["counts «other» (kinds.yaml nouns), which no indicator counts (rule text:other-noun)"]
    assert by_token["3,5"] == ["a number with a decimal part and no % is no count"]
    assert by_token["75.000"] == ["rule text:trực tuyến read dossiers_online / actual = 75.000, of a body outside "
                                  "every level (scopes.yaml): left out"]
    # the sentence rule that answered "no figure" (extract/indicators/sentence_rules.py)
    assert by_token["12%"] == ["a rise or fall (kinds.yaml change_up, change_down) with no reference period near it "
                               "to place it, or of no indicator (rule text:change)"]
    assert by_token["6,4%"] == ["the earlier value of a from … to … (kinds.yaml from_to): the figure is the value "
                                "after it (rule text:from-value)"]
    assert by_token["02"] == ["a count of people, no rule took it: no indicator's cue in its sentence; nor is it a "
                              "part of a figure before it (rule text:breakdown)"]
    # every number of the text but the three figures' (1.204, 1.180, 1,2%)
    assert len(rows) == 20 and "1,2%" not in by_token


def test_every_number_the_dong_nai_pdf_drops_says_why(capsys):
    out, rows = _why(capsys, ROOT / "fixtures" / "dongnai_sct_2021-H1.pdf")
    assert any(line.startswith("  dossiers_received / actual = 9.423 ") for line in out)   # the figures first
    why = _reasons(rows)
    assert len(why) == len(rows) > 300
    reasons = list(why.values())
    assert "masked: a date" in reasons
    assert "a table's row number" in reasons
    assert "a list number at the start of the line" in reasons
    assert any(r.startswith("a table cell ") for r in reasons)
    # the number of a figure the output holds is not listed; the same number in the row above is a repeat
    assert not any(t == "9.423" and 21783 <= a < 21796 for t, a in why)
    assert why[("9.423", 21754)].startswith("rule table:Tổng số hồ sơ đã tiếp nhận read dossiers_received / "
                                            "actual = 9.423: a repeat of the figure kept at [21783:21796]")


def test_without_why_show_lists_no_dropped_number(capsys):
    assert pipeline.main(["show", str(ROOT / "fixtures" / "bacgiang_sct_2025-M04.txt")]) == 0
    assert "gave no figure" not in capsys.readouterr().out


def test_the_normal_run_traces_nothing():
    """No cost when off: find_indicators fills a trace only when given one, and the figures are the same."""
    from extract.indicators import find_indicators
    from extract.model import DocumentBuilder
    b = DocumentBuilder("t", "0" * 64, "txt")
    b.add("paragraph", "Sở tiếp nhận 1.204 hồ sơ. Trong kỳ, Sở tiếp nhận 1.204 hồ sơ.")
    doc = b.build()
    trace: list = []
    assert find_indicators(doc, {}) == find_indicators(doc, {}, trace)
    assert [t["why"] for t in trace] == ["repeat"]
