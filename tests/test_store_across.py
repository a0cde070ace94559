"""What `chiso run` keeps beyond the rows of each record: the documents' texts, the findings across
reports (refreshed for the agencies that got a new report), and one version of a file whose bytes
changed."""
import json
import shutil
from pathlib import Path

import pipeline
from audit.stored import refresh_across
from batch.run import run as run_batch
from normalize.store import Store

ROOT = Path(__file__).resolve().parents[1]
AUDIT = ROOT / "fixtures" / "audit"


def _copy_audit(tmp_path) -> Path:
    folder = tmp_path / "Đồng Nai báo cáo"        # a Vietnamese folder name with spaces, on purpose
    shutil.copytree(AUDIT, folder, ignore=shutil.ignore_patterns("*.md", "README"))
    return folder


def _across(db) -> list[tuple]:
    return [tuple(r) for r in pipeline.query(
        "SELECT f.\"check\", d.period, f.severity, f.evidence FROM findings f JOIN documents d USING (document) "
        "WHERE scope = 'across' ORDER BY 1, 2", db=db).itertuples(index=False)]


def test_run_stores_the_findings_across_reports_with_evidence_in_both(tmp_path):
    folder = _copy_audit(tmp_path)
    db = tmp_path / "a.duckdb"
    s = pipeline.run([folder], db=db, workers=0)
    assert s.across_findings == 4
    found = _across(db)
    assert [(c, p) for c, p, _, _ in found] == [
        ("cumulative_shrinks", "2024-9M"), ("pending_vs_carried_over", "2024-Q3"),
        ("procedures_changed", "2024-Q3"), ("target_missed", "2024-Q3")]
    pending = next(f for f in found if f[0] == "pending_vs_carried_over")
    ev = json.loads(pending[3])
    # the later report holds the finding; its evidence quotes both reports
    assert pending[1] == "2024-Q3" and [Path(e["document"]).name for e in ev] == [
        "dongnai_sct_2024-Q2.txt", "dongnai_sct_2024-Q3.txt"]
    assert [e["value"] for e in ev] == [20, 15]
    # the same findings as `chiso audit` over the files
    from_files = sorted(f["check"] for f in pipeline.audit([folder]) if f.get("scope") == "across")
    assert sorted(c for c, *_ in found) == from_files


def test_a_rerun_neither_repeats_nor_loses_them(tmp_path):
    folder = _copy_audit(tmp_path)
    db = tmp_path / "a.duckdb"
    pipeline.run([folder], db=db, workers=0)
    s = pipeline.run([folder], db=db, workers=0)
    assert s.stored == 0 and s.across_findings == 0        # no agency got a new report: nothing re-checked
    assert len(_across(db)) == 4


def test_a_run_killed_before_the_refresh_is_caught_up_by_the_next(tmp_path):
    folder = _copy_audit(tmp_path)
    db = tmp_path / "a.duckdb"
    run_batch([folder], db=db, workers=0)                    # stored, but no findings across yet
    assert _across(db) == []
    s = pipeline.run([folder], db=db, workers=0)
    assert s.stored == 0 and len(_across(db)) == 4


def test_fixing_a_report_clears_its_finding_and_drops_the_old_version(tmp_path):
    folder = _copy_audit(tmp_path)
    db = tmp_path / "a.duckdb"
    pipeline.run([folder], db=db, workers=0)
    q3 = folder / "dongnai_sct_2024-Q3.txt"
    text = q3.read_text(encoding="utf-8")
    assert "kỳ trước chuyển sang là 15 hồ sơ" in text
    q3.write_text(text.replace("kỳ trước chuyển sang là 15 hồ sơ", "kỳ trước chuyển sang là 20 hồ sơ"), encoding="utf-8")
    s = pipeline.run([folder], db=db, workers=0)
    assert s.stored == 1
    checks = [c for c, *_ in _across(db)]
    assert "pending_vs_carried_over" not in checks and len(checks) == 3
    # one document per file: the old Q3 is gone with its rows and text
    n = pipeline.query("SELECT (SELECT count(*) FROM documents) d, (SELECT count(*) FROM files) f, "
                       "(SELECT count(*) FROM texts) t, (SELECT count(DISTINCT document) FROM mentions) m", db=db)
    assert n.iloc[0].tolist() == [5, 5, 5, 5]
    carried = pipeline.query("SELECT value FROM long WHERE indicator = 'dossiers_carried_over' AND period = '2024-Q3'", db=db)
    assert carried["value"].tolist() == [20]


def test_the_same_bytes_under_two_paths_keep_their_document_when_one_changes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    src = AUDIT / "dongnai_sct_2024-Q2.txt"
    shutil.copy(src, folder / "a.txt")
    shutil.copy(src, folder / "b.txt")
    db = tmp_path / "d.duckdb"
    pipeline.run([folder], db=db, workers=0)
    (folder / "b.txt").write_text("BÁO CÁO\nKhông có số liệu.\n", encoding="utf-8")
    pipeline.run([folder], db=db, workers=0)
    docs = pipeline.query("SELECT source FROM documents ORDER BY source", db=db)["source"].map(lambda p: Path(p).name)
    assert docs.tolist() == ["a.txt", "b.txt"]              # a.txt's document stays; b.txt now holds new bytes


def test_texts_are_what_the_spans_point_into(tmp_path):
    folder = _copy_audit(tmp_path)
    db = tmp_path / "a.duckdb"
    pipeline.run([folder], db=db, workers=0)
    rows = pipeline.query("SELECT unzip_text(t.text_z) AS text, m.start, m.\"end\", m.evidence "
                          "FROM mentions m JOIN texts t USING (document)", db=db)
    assert len(rows) > 20
    assert all(t[s:e] == ev for t, s, e, ev in rows.itertuples(index=False))


def test_refresh_all_recomputes_every_group(tmp_path):
    folder = _copy_audit(tmp_path)
    db = tmp_path / "a.duckdb"
    pipeline.run([folder], db=db, workers=0)
    with Store(db) as store:
        assert refresh_across(store) == 0                    # nothing new
        assert refresh_across(store, full=True) == 4
    assert len(_across(db)) == 4


def test_copies_of_one_report_in_other_formats_do_not_repeat_a_finding(tmp_path):
    folder = _copy_audit(tmp_path)
    q3 = folder / "dongnai_sct_2024-Q3.txt"
    shutil.copy(q3, folder / "dongnai_sct_2024-Q3 (bản sao).txt")
    q3b = folder / "dongnai_sct_2024-Q3 (bản sao).txt"
    q3b.write_text(q3.read_text(encoding="utf-8") + "\n", encoding="utf-8")   # other bytes, same report
    db = tmp_path / "a.duckdb"
    s = pipeline.run([folder], db=db, workers=0)
    assert s.stored == 6 and [c for c, *_ in _across(db)].count("pending_vs_carried_over") == 1
