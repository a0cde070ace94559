"""`chiso show FILE`: each figure in its sentence, marked, with page, span and rule."""
from pathlib import Path

import pipeline
from report.show import explain, sentence_around

ROOT = Path(__file__).resolve().parents[1]


def test_show_marks_the_figure_in_its_sentence_with_rule_and_span(capsys):
    assert pipeline.main(["show", str(ROOT / "fixtures" / "bacgiang_sct_2025-M04.txt")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("· txt · 1 page · Bắc Giang · Sở Công Thương · bao_cao · 2025-M04")
    i = next(i for i, line in enumerate(out) if line.startswith("  dossiers_received / actual = 331 "))
    assert "rule text:" in out[i] and " p.1 [" in out[i]
    # the quote is marked inside the sentence it came from
    assert "«Sở Công Thương đã tiếp nhận tổng số: 331 hồ sơ»" in out[i + 1]
    assert "trong đó: kỳ trước chuyển sang là 6 hồ sơ" in out[i + 1]
    assert any(line.startswith("  on_time_rate") or line.startswith("  dossiers_resolved / actual = 322") for line in out)
    assert any("references" in line for line in out)


def test_percent_and_vietnamese_thousands_are_printed_as_written():
    text = "Tỷ lệ đúng hạn đạt 99,75%. Đã tiếp nhận 9.423 hồ sơ."
    rec = {"source": "x.txt", "format": "txt", "pages": 1, "status": "ok", "meta": {}, "references": [],
           "findings": [], "indicators": [
               {"indicator": "on_time_rate", "kind": "actual", "value": 99.75, "unit": "percent", "page": 1,
                "start": 0, "end": 25, "rule": "r1", "source": "text"},
               {"indicator": "dossiers_received", "kind": "actual", "value": 9423.0, "unit": "count", "page": 1,
                "start": 27, "end": 52, "rule": "r2", "source": "text"}]}
    lines = explain(rec, text)
    assert "  on_time_rate / actual = 99,75%   p.1 [0:25] text  rule r1" in lines
    assert "  dossiers_received / actual = 9.423   p.1 [27:52] text  rule r2" in lines
    assert "      «Đã tiếp nhận 9.423 hồ sơ.»" in lines


def test_document_text_cannot_drive_the_terminal():
    text = "đã tiếp nhận \x1b[2J\x1b]0;pwned\x07 12 hồ sơ"
    rec = {"source": "evil\x1b[31m.txt", "status": "ok", "meta": {}, "references": [], "findings": [],
           "indicators": [{"indicator": "dossiers_received", "value": 12, "unit": "count", "page": 1,
                           "start": 0, "end": len(text), "rule": "r"}]}
    out = "\n".join(explain(rec, text))
    assert "\x1b" not in out and "\\x1b[2J" in out and "\\x07" in out


def test_a_bad_file_shows_its_error(tmp_path):
    bad = tmp_path / "rỗng.pdf"
    bad.write_bytes(b"")
    lines = pipeline.show(bad)
    assert len(lines) == 2 and lines[1].startswith("error: ")


def test_sentence_around_stops_at_sentence_ends_not_at_thousands_dots():
    text = "Câu trước. Đã giải quyết 1.234 hồ sơ đúng hạn; câu sau."
    s, e = sentence_around(text, text.index("1.234"), text.index("1.234") + 5)
    assert text[s:e] == "Đã giải quyết 1.234 hồ sơ đúng hạn;"


def test_a_figure_of_another_period_shows_its_period():
    text = "Lũy kế từ đầu năm, đã tiếp nhận 3.100 hồ sơ."
    rec = {"source": "x.txt", "format": "txt", "pages": 1, "status": "ok", "meta": {"period": "2025-M10"},
           "references": [], "findings": [], "indicators": [
               {"indicator": "dossiers_received", "kind": "actual", "value": 3100, "unit": "count", "page": 1,
                "start": 19, "end": 44, "rule": "r", "source": "text", "period": "2025-10M"},
               {"indicator": "dossiers_resolved", "kind": "actual", "value": 300, "unit": "count", "page": 1,
                "start": 0, "end": 10, "rule": "r", "source": "text", "period": None}]}
    lines = explain(rec, text)
    assert "  dossiers_received / actual / kỳ 2025-10M = 3.100   p.1 [19:44] text  rule r" in lines
    assert "  dossiers_resolved / actual = 300   p.1 [0:10] text  rule r" in lines
