"""Corrections that last (normalize.corrections): decisions in a CSV file, applied after every run,
kept when their anchor no longer matches; stats per rule; reviewed documents as gold files."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import extract
import normalize.store
import pipeline
from normalize import corrections as C

SCORE = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "score.py"

REPORT = """ỦY BAN NHÂN DÂN TỈNH NINH BÌNH
SỞ TƯ PHÁP

BÁO CÁO
Kết quả giải quyết thủ tục hành chính quý I năm 2024

Trong quý I năm 2024, Sở Tư pháp đã tiếp nhận 1.204 hồ sơ, đã giải quyết 1.180 hồ sơ, tỷ lệ giải quyết đúng hạn đạt 98,5%.
Số hồ sơ trực tuyến là 870 hồ sơ.
Cấp xã đã tiếp nhận 5.320 hồ sơ.
Trong kỳ có 45 lượt người dân góp ý về thái độ phục vụ.
Số hồ sơ tồn chưa giải quyết là 24 hồ sơ.
"""


def bump(monkeypatch, version: str) -> None:
    """A new extractor version, as the store and the records see it: every file is read again."""
    import batch.files
    import batch.run
    for module in (extract, batch.files, batch.run, normalize.store):
        if hasattr(module, "EXTRACTOR_VERSION"):
            monkeypatch.setattr(module, "EXTRACTOR_VERSION", version)


def figure(long, indicator, value):
    rows = long[(long.indicator == indicator) & (long.value == value)]
    assert len(rows) == 1, (indicator, value, long[["indicator", "value"]])
    return rows.iloc[0]


def decision(doc, row, action, **kw) -> C.Correction:
    return C.Correction(sha256=doc["sha256"], path=doc["path"], start=int(row.start), end=int(row.end),
                        quote=row.evidence, action=action, indicator=kw.pop("indicator", row.indicator),
                        who="test", when="2026-01-05T10:00:00+00:00", **kw)


@pytest.fixture()
def reviewed(tmp_path, monkeypatch):
    """A store of one report and the store's own corrections file with one decision of each kind."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "archive" / "ninhbinh_stp_2024-Q1.txt"
    path.parent.mkdir()
    path.write_text(REPORT, encoding="utf-8")
    db = tmp_path / "chiso.duckdb"
    pipeline.run([path.parent], db=db, workers=0)
    long = pipeline.load_tables(db).long
    doc = {"sha256": long.document.iloc[0], "path": str(path)}
    text = pipeline.query("SELECT unzip_text(text_z) FROM texts", db=db).iloc[0, 0]    # spans point into it
    s = text.index("45 lượt người dân góp ý")
    fixes = [
        decision(doc, figure(long, "dossiers_received", 1204), "confirm"),
        decision(doc, figure(long, "dossiers_online", 870), "reject", note="counts the online procedures"),
        decision(doc, figure(long, "dossiers_pending", 24), "set", field="scope_level", new_value="commune"),
        decision(doc, figure(long, "dossiers_resolved", 1180), "set", field="value", new_value="1181"),
        decision(doc, figure(long, "on_time_rate", 98.5), "set", field="period", new_value="2023-Q1"),
        C.Correction(sha256=doc["sha256"], path=str(path), start=s, end=s + len("45 lượt người dân góp ý"),
                     quote="45 lượt người dân góp ý", action="add", indicator="feedback_received", new_value="45"),
        C.Correction(sha256=doc["sha256"], path=str(path), action="set", field="period", new_value="2024-M03"),
    ]
    C.write(C.default_path(db), fixes)
    return db, path, doc


def test_corrections_survive_a_new_extractor_version(reviewed, monkeypatch):
    db, path, doc = reviewed
    bump(monkeypatch, "9.9.9-test")
    summary = pipeline.run([path.parent], db=db, workers=0)
    assert summary.corrections.unmatched == []
    assert len(summary.corrections.applied) == 7
    assert pipeline.query("SELECT DISTINCT extractor_version FROM documents", db=db).iloc[0, 0] == "9.9.9-test"

    long = pipeline.load_tables(db).long
    assert 870 not in set(long.value)                                   # rejected: out of the tables
    assert pipeline.query("SELECT count(*) FROM mentions WHERE value = 870", db=db).iloc[0, 0] == 1  # not lost
    pending = figure(long, "dossiers_pending", 24)
    assert pending.scope_level == "commune" and pending.corrected
    assert json.loads(pending.original) == {"scope_level": None}
    resolved = figure(long, "dossiers_resolved", 1181)
    assert resolved.corrected and resolved.original_value == 1180
    assert figure(long, "on_time_rate", 98.5).period == "2023-Q1"
    added = figure(long, "feedback_received", 45)
    assert added.corrected and added.rule == "correction" and added.evidence.startswith("Trong kỳ có 45")
    confirmed = figure(long, "dossiers_received", 1204)
    assert not confirmed.corrected
    assert set(long.doc_period) == {"2024-M03"} and set(long.period) == {"2024-M03", "2023-Q1"}   # the figure's own
    assert str(figure(long, "on_time_rate", 98.5).period_start)[:10] == "2023-01-01"

    wide = pipeline.load_tables(db).wide
    own = wide[wide.scope_level.isna() & (wide.period == "2024-M03")].iloc[0]    # not the 2023-Q1 row
    commune = wide[wide.scope_level == "commune"].iloc[0]
    assert own.dossiers_resolved == 1181 and own.dossiers_online != own.dossiers_online   # NaN: rejected
    assert commune.dossiers_pending == 24 and commune.dossiers_received == 5320
    assert "dossiers_resolved (was 1180" in own.corrections and "feedback_received (added)" in own.corrections

    info = pipeline.report(db, db.parent / "report.html")             # the review page leaves the rejected out
    assert info.values == len(long) == 6

    # applying again changes nothing: the original values are put back first
    pipeline.run([path.parent], db=db, workers=0)
    again = pipeline.load_tables(db).long
    assert figure(again, "dossiers_resolved", 1181).original_value == 1180
    assert len(again) == len(long)

    stats = {r["rule"]: r for r in pipeline.correction_stats(db)}
    assert stats["text:trực tuyến"]["rejected"] == 1
    assert stats["text:tiếp nhận"]["confirmed"] == 1
    assert stats["text:chưa giải quyết"]["changed"] == 1
    assert stats["text:đã giải quyết"]["changed"] == 1
    assert stats["(added)"]["added"] == 1


def test_a_correction_whose_anchor_is_gone_is_reported_and_kept(reviewed, capsys):
    db, path, doc = reviewed
    # the document changes: the pending dossiers' sentence is rewritten, the rest moves by a line
    path.write_text(REPORT.replace("Số hồ sơ tồn chưa giải quyết là 24 hồ sơ.", "Còn tồn 24 hồ sơ chưa giải quyết.")
                    .replace("BÁO CÁO\n", "BÁO CÁO\nSố: 12/BC-STP\n"), encoding="utf-8")
    assert pipeline.main(["run", str(path.parent), "--db", str(db), "--workers", "0", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "1 no longer match" in out and "dossiers_pending" in out and "quote no longer in the document's text" in out
    kept = C.read(C.default_path(db))
    assert len(kept) == 7                                              # kept, not dropped
    long = pipeline.load_tables(db).long
    assert long.document.iloc[0] != doc["sha256"]                       # new bytes: found again by path + quote
    assert 870 not in set(long.value) and figure(long, "dossiers_resolved", 1181).corrected
    added = figure(long, "feedback_received", 45)                     # the quote, moved by the new line
    text = pipeline.query("SELECT unzip_text(text_z) FROM texts", db=db).iloc[0, 0]
    assert text[added.start:added.end] == "45 lượt người dân góp ý"
    assert added.start == next(r for r in kept if r.action == "add").start + len("Số: 12/BC-STP\n")


def test_invalid_rows_are_listed_with_their_lines(tmp_path):
    sha = "ab" * 32
    bad = tmp_path / "c.csv"
    bad.write_text(",".join(C.COLUMNS) + "\n"
                   f"{sha},a.txt,10,20,x,reject,,,,,,\n"                       # fine
                   f"{sha},a.txt,10,20,x,set,colour,red,,,,\n"                  # unknown field
                   f"{sha},a.txt,,,,set,period,2024-Q7,,,,\n"                   # not a period code
                   f"{sha},a.txt,30,20,x,add,,12,,,,\n"                         # backwards span, no indicator
                   f"xyz,a.txt,1,2,x,confirm,,,no_such_indicator,,,\n", encoding="utf-8")
    with pytest.raises(C.CorrectionsInvalid) as e:
        C.read(bad)
    errors = e.value.errors
    assert errors[0].startswith("line 3: field of a figure must be one of value")
    assert any(x.startswith("line 4: period must be a code") for x in errors)
    assert "line 5: span 30-20 is not a span" in errors and "line 5: add needs the indicator of the new figure" in errors
    assert any(x.startswith("line 6: sha256 must be 64 hex digits") for x in errors)
    assert "line 6: unknown indicator 'no_such_indicator'" in errors
    assert pipeline.main(["run", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--corrections", str(bad)]) == 1
    assert not (tmp_path / "x.duckdb").exists()                         # a bad file stops the run before it starts
    assert pipeline.main(["run", str(tmp_path), "--db", str(tmp_path / "x.duckdb"),
                          "--corrections", str(tmp_path / "missing.csv")]) == 1


def test_import_merges_into_the_stores_file_and_applies(reviewed, tmp_path):
    db, path, doc = reviewed
    long = pipeline.load_tables(db).long
    incoming = tmp_path / "from_review_page.csv"
    C.write(incoming, [
        decision(doc, figure(long, "dossiers_resolved", 1180), "set", field="value", new_value="1182"),   # replaces 1181
        decision(doc, figure(long, "dossiers_received", 5320), "confirm"),                                # new
    ])
    assert pipeline.main(["corrections", "import", str(incoming), "--db", str(db)]) == 0
    rows = C.read(C.default_path(db))
    assert len(rows) == 8 and [r.new_value for r in rows if r.field == "value"] == ["1182"]
    after = pipeline.load_tables(db).long
    assert figure(after, "dossiers_resolved", 1182).original_value == 1180
    # the file is plain CSV a person can read and diff
    assert C.default_path(db).read_text(encoding="utf-8").splitlines()[0] == ",".join(C.COLUMNS)


@pytest.mark.skipif(not SCORE.exists(), reason="../shared/eval/score.py is not beside this checkout")
def test_gold_of_reviewed_documents_scores_one_against_the_corrected_store(reviewed, tmp_path):
    db, path, doc = reviewed
    pipeline.run([path.parent], db=db, workers=0)          # applies the store's file
    gold = tmp_path / "gold"
    assert pipeline.main(["corrections", "gold", str(gold), "--db", str(db)]) == 0
    files = sorted(gold.glob("*.gold.json"))
    assert [f.name for f in files] == ["ninhbinh_stp_2024-Q1.gold.json"]
    g = json.loads(files[0].read_text(encoding="utf-8"))
    assert (gold / g["source"]).resolve() == path.resolve() and g["meta"]["period"] == "2024-M03"
    assert {(x["indicator"], x["value"]) for x in g["indicators"]} >= {("feedback_received", 45), ("dossiers_resolved", 1181)}
    assert not any(x["value"] == 870 for x in g["indicators"])
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    score = lambda *a: subprocess.run([sys.executable, str(SCORE), "--gold", str(gold), "--scope", "--period", *a],
                                      capture_output=True, text=True, env=env, check=True).stdout
    line = lambda out, head: next(x for x in out.splitlines() if x.startswith(head))
    corrected = score("--pred", str(gold / "extraction.jsonl"))
    assert "F1 1.000" in line(corrected, "indicators:") and line(corrected, "metadata:").startswith("metadata: 1.000")
    raw = score()                                          # `chiso extract` itself, without the corrections
    assert "F1 1.000" not in line(raw, "indicators:") and "metadata: 0.750" in raw
