"""`chiso explain --verbose` and `chiso show --why --verbose` (report/trace_seen.py): what the sentence
rules saw for each figure, taken or dropped. The sentences and the file are written for this test."""
from __future__ import annotations

import pipeline
from extract.indicators import find_indicators
from extract.model import DocumentBuilder
from report.trace_seen import Seen


def _seen(capsys, sentence: str, *argv) -> list[str]:
    assert pipeline.main(["explain", "--verbose", sentence, *argv]) == 0
    out = capsys.readouterr().out.splitlines()
    return out[out.index("what the rules saw") + 1:]


def _block(lines: list[str], head: str) -> list[str]:
    """The lines of the figure whose first line starts with `head`."""
    i = next(k for k, line in enumerate(lines) if line.startswith(head))
    j = next((k for k in range(i + 1, len(lines)) if lines[k].startswith("  «")), len(lines))
    return [line.strip() for line in lines[i + 1:j]]


def test_a_taken_figure_shows_its_rings_cue_kind_and_scope(capsys):
    out = _seen(capsys, "Ở cấp huyện, đã tiếp nhận 1.204 hồ sơ, giải quyết đúng hạn 1.150 hồ sơ.")
    assert "  «1.204» [26:31] count of dossier  rule text:cue: dossiers_received / actual as text:tiếp nhận" in out
    b = _block(out, "  «1.204»")
    # every rule of sentence_rules.RULES in turn, up to the one that took it (the last, by its cue)
    assert b[0].startswith("rules asked: other-noun → number-row → per-time → bare-count → ") and b[0].endswith(" → breakdown → cue")
    assert "clause: L2 «Ở cấp huyện,» L1 «đã tiếp nhận» R1 «»" in b
    assert "cue L1: «tiếp nhận» [16:25] dossiers_received tier 1" in b
    assert "kind words: past_result «đã tiếp nhận» (kind actual)" in b
    assert "context: received" in b
    assert "scope: district ← its sentence's opener «cấp huyện» [2:11]" in b


def test_cues_that_cannot_count_say_why_and_the_vetoes_are_listed(capsys):
    out = _seen(capsys, "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn đạt 97,2%.")
    b = _block(out, "  «97,2%»")
    assert "cue L1: «trước hạn và đúng hạn» [23:44] on_time_rate tier 3" in b
    assert "cue L1: «giải quyết» [12:22] dossiers_resolved tier 1 (a count indicator, the figure is a percent)" in b
    assert "cue L1: «trước hạn» [23:32] dossiers_resolved_early_rate tier 3 (vetoed)" in b
    assert any(line.startswith("vetoes: ") and "dossiers_resolved_early_rate «đúng»" in line for line in b)
    assert "chosen: on_time_rate by «trước hạn và đúng hạn» [23:44]" in b
    assert "scope: the document's own ← no scope phrase" in b


def test_a_dropped_figure_shows_what_the_rules_saw(capsys):
    out = _seen(capsys, "Trong năm 2024, cấp xã tiếp nhận 900 hồ sơ; chỉ tiêu năm 2024 là 98%.")
    head = next(line for line in out if line.startswith("  «98%»"))
    assert head.endswith("rule text:breakdown: no figure")
    b = _block(out, "  «98%»")
    assert b[0].startswith("rules asked: other-noun → ") and b[0].endswith(" → breakdown")
    assert "clause: L2 «;» L1 «chỉ tiêu năm 2024 là» R1 «.»" in b
    assert "cues: none in its clause, further left or its list's head" in b
    assert "kind words: target «chỉ tiêu»" in b
    assert "masks: «năm 2024» not_figures[3]" in b


def test_the_masks_near_a_figure_are_shown(capsys):
    out = _seen(capsys, "Theo Quyết định số 456/QĐ-UBND ngày 15/3/2024, Sở Tư pháp tiếp nhận 320 hồ sơ.")
    b = _block(out, "  «320»")
    masks = next(line for line in b if line.startswith("masks: "))
    assert "«15/3/2024» date" in masks and "«Quyết định số 456/» named" in masks
    assert "clause: L2 «Theo Quyết định số 456/QĐ-UBND ngày 15/3/2024,» L1 «Sở Tư pháp tiếp nhận» R1 «.»" in b


def test_show_why_verbose_on_a_file_gives_the_list_head(tmp_path, capsys):
    path = tmp_path / "baocao.txt"
    path.write_text("BÁO CÁO\nKết quả giải quyết TTHC 6 tháng đầu năm 2024\n"
                    "b) Cấp xã tiếp nhận hồ sơ như sau:\n- Tổng số: 2.310 hồ sơ.\n", encoding="utf-8")
    assert pipeline.main(["show", "--why", "--verbose", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    seen = out[out.index("what the rules saw") + 1:]
    b = _block(seen, "  «2.310»")
    assert any(line.startswith("cue list head: «tiếp nhận»") and "dossiers_received" in line for line in b)
    assert any(line.startswith("scope: commune ← ") for line in b)


def test_only_a_seen_trace_fills_what_the_rules_saw():
    b = DocumentBuilder("t", "0" * 64, "txt")
    b.add("paragraph", "Sở đã tiếp nhận 1.204 hồ sơ.")
    doc = b.build()
    plain, seen = [], Seen()
    find_indicators(doc, {}, plain)
    find_indicators(doc, {}, seen)
    assert not hasattr(plain, "saw")
    assert [name for _, name, _, _ in seen.saw["cases"]] == ["text:cue"]
    assert len(seen.saw["sentences"]) == 1
