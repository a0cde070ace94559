"""The OCR cache (normalize.store table ocr_pages, extract.readers.ocr.PageCache): a re-read after a new
extractor version takes every scanned page's words from the store and calls Tesseract for none, with
the same records; `--ocr-cache off`, other OCR settings or another Tesseract read the pages again.

Tesseract's page reads are counted where each engine hands a page to Tesseract (`Library.tsv`, the
tesserocr call in this process, and `Command.tsv`, the program; one test runs the program through a
wrapper script named by CHISO_TESSERACT that logs its own calls). The runs are in this process
(workers=0) so that the counters and the bumped version reach the reader, except one through the
worker pool, which checks that no page was read again by the rows' own write times."""
from __future__ import annotations

import dataclasses
import shutil
import sys
from pathlib import Path

import pytest

import extract
import normalize.store
import pipeline
from extract.readers import ocr
from batch.run import run
from normalize.store import SCHEMA_VERSION, Store

FIX = Path(__file__).resolve().parent.parent / "fixtures"
SCANNED = FIX / "scanned_bacgiang_sct_2025-M04.pdf"

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract not installed (scripts/setup.sh installs it)")

RECORD_SQL = {
    "mentions": "SELECT * EXCLUDE (document) FROM mentions ORDER BY mention_no",
    "indicators": "SELECT * EXCLUDE (document) FROM indicators ORDER BY indicator, kind, qualifier",
    "refs": "SELECT * EXCLUDE (document) FROM refs ORDER BY ref_no",
    "findings": "SELECT * EXCLUDE (document) FROM findings ORDER BY finding_no",
    "documents": "SELECT * EXCLUDE (extractor_version, seconds, stored_at) FROM documents",
    "texts": "SELECT unzip_text(text_z) FROM texts",
}


def records(db: Path) -> dict:
    with Store(db, read_only=True) as s:
        return {t: s.con.execute(q).fetchall() for t, q in RECORD_SQL.items()}


def ocr_rows(db: Path) -> list[tuple]:
    with Store(db, read_only=True) as s:
        return s.con.execute("SELECT page, settings, tesseract, n_words, stored_at FROM ocr_pages ORDER BY page").fetchall()


@pytest.fixture
def counted(tmp_path, monkeypatch) -> Path:
    """Every page either engine gives the real Tesseract is logged (one word a page); returns the log."""
    log = tmp_path / "tesseract.log"
    log.write_text("")
    for engine in (ocr.Library, ocr.Command):
        def tsv(self, *args, _real=engine.tsv, **kw):
            with open(log, "a") as f:
                f.write(f"{type(self).__name__} ")
            return _real(self, *args, **kw)
        monkeypatch.setattr(engine, "tsv", tsv)
    return log


@pytest.fixture
def program(tmp_path, monkeypatch) -> Path:
    """CHISO_TESSERACT set to a wrapper of the real program that logs every call reading an image (the
    two calls asking its version and languages are not OCR); returns the log."""
    log = tmp_path / "program.log"
    log.write_text("")
    wrapper = tmp_path / "tesseract"
    wrapper.write_text(f'#!/bin/sh\ncase " $* " in *" stdin "*) echo page >> "{log}";; esac\n'
                       f'exec "{shutil.which("tesseract")}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv(ocr.BINARY_ENV, str(wrapper))
    return log


def calls(log: Path) -> int:
    n = len(log.read_text().split())
    log.write_text("")
    return n


def engines(log: Path) -> set[str]:
    return set(log.read_text().split())


def bump(monkeypatch, version: str) -> None:
    """A new extractor version, as the store and the records see it: every file is read again."""
    import batch.files
    import batch.run
    for module in (extract, batch.files, batch.run, normalize.store):
        if hasattr(module, "EXTRACTOR_VERSION"):
            monkeypatch.setattr(module, "EXTRACTOR_VERSION", version)


def one_page_scan(folder: Path) -> Path:
    sys.path.insert(0, str(FIX))
    from test_ocr import PAGE_SCAN, _scan, _text_pdf  # noqa: E402
    folder.mkdir(parents=True, exist_ok=True)
    return _scan(_text_pdf(folder / "text.pdf", PAGE_SCAN), folder / "scan.pdf")


# ---------------------------------------------------------------- whole runs

@needs_tesseract
def test_a_new_extractor_version_reads_the_scan_from_the_cache(tmp_path, counted, monkeypatch, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SCANNED, folder / SCANNED.name)
    db = tmp_path / "c.duckdb"
    s = pipeline.run([folder], db=db, workers=0, progress=True)
    assert engines(counted) == {"Library"}                   # tesserocr, installed with chiso
    assert s.stored == 1 and calls(counted) == 8
    assert "8/8" in capsys.readouterr().err                  # the bar counts the scan's pages
    first, rows = records(db), ocr_rows(db)
    assert [r[0] for r in rows] == list(range(1, 9)) and all(r[3] > 50 for r in rows)
    assert {r[1] for r in rows} == {ocr.SETTINGS.key()} and rows[0][2].startswith("tesseract ")

    bump(monkeypatch, "9.9.9")
    s = pipeline.run([folder], db=db, workers=0)
    assert s.stored == 1 and calls(counted) == 0             # no page read by Tesseract
    assert records(db) == first and ocr_rows(db) == rows
    with Store(db, read_only=True) as st:
        assert st.con.execute("SELECT DISTINCT extractor_version FROM documents").fetchall() == [("9.9.9",)]


@needs_tesseract
def test_cache_off_or_other_settings_read_the_page_again(tmp_path, counted, monkeypatch):
    scan = one_page_scan(tmp_path / "in")
    db = tmp_path / "c.duckdb"
    pipeline.run([scan], db=db, workers=0)
    assert calls(counted) == 1
    rows = ocr_rows(db)

    bump(monkeypatch, "9.9.1")
    s = pipeline.run([scan], db=db, workers=0, ocr_cache=False)
    assert s.stored == 1 and calls(counted) == 1
    assert ocr_rows(db) == rows                              # off: nothing written either

    bump(monkeypatch, "9.9.2")
    monkeypatch.setattr(ocr, "SETTINGS", dataclasses.replace(ocr.SETTINGS, psm=6))
    pipeline.run([scan], db=db, workers=0)
    assert calls(counted) == 1
    [(page, settings, *_)] = ocr_rows(db)
    assert page == 1 and settings == ocr.SETTINGS.key() != rows[0][1]      # the new reading replaced it

    bump(monkeypatch, "9.9.3")
    monkeypatch.setattr(ocr.Library, "key", "tesseract 9.0.0; vie.traineddata 1 bytes")
    pipeline.run([scan], db=db, workers=0)
    assert calls(counted) == 1 and ocr_rows(db)[0][2] == "tesseract 9.0.0; vie.traineddata 1 bytes"


@needs_tesseract
def test_the_tesseract_program_is_its_own_engine_in_the_cache(tmp_path, counted, program, monkeypatch):
    """CHISO_TESSERACT: the program reads every page, in its own process; its pages are cached under
    its own version, so a switch between the program and the library reads the page again."""
    scan = one_page_scan(tmp_path / "in")
    db = tmp_path / "c.duckdb"
    pipeline.run([scan], db=db, workers=0)
    assert engines(counted) == {"Command"} and calls(counted) == 1 and calls(program) == 1
    [(_, _, version, *_)] = ocr_rows(db)
    assert version.startswith("tesseract 5.") and "tesserocr" not in version

    bump(monkeypatch, "9.9.4")
    pipeline.run([scan], db=db, workers=0)
    assert calls(program) == 0                               # the same program: from the cache

    bump(monkeypatch, "9.9.5")
    monkeypatch.delenv(ocr.BINARY_ENV)
    pipeline.run([scan], db=db, workers=0)
    assert engines(counted) == {"Library"} and calls(counted) == 1 and calls(program) == 0
    assert "tesserocr" in ocr_rows(db)[0][2]


@needs_tesseract
def test_worker_processes_get_the_cached_pages_and_return_the_new_ones(tmp_path):
    scan = one_page_scan(tmp_path / "in")
    db = tmp_path / "c.duckdb"
    opts = {"keep_text": True}
    assert run([scan], db=db, workers=1, options=opts, ocr_cache=True).stored == 1
    [row] = ocr_rows(db)                                     # read in the worker, written by the driver
    first = records(db)
    with Store(db) as s:                                     # as if stored by an older extractor version
        s.con.execute("UPDATE documents SET extractor_version = '0.0.1'")
        s.con.execute("UPDATE files SET extractor_version = '0.0.1'")
    assert run([scan], db=db, workers=1, options=opts, ocr_cache=True).stored == 1
    assert ocr_rows(db) == [row]                             # the same row: the worker read the page from it
    assert records(db) == first


# ---------------------------------------------------------------- pieces

def test_page_cache_uses_a_row_only_under_the_same_settings_and_tesseract(monkeypatch):
    entry = {"dpi": 120, "scale": 120 / 72, "grids": [],
             "words": [[10, 10, 60, 30, "Tổng", 1, 1, 1, 96.5], [70, 10, 100, 30, "331", 1, 1, 1, 91.0]]}
    read = []
    monkeypatch.setattr(ocr, "recognise", lambda page, tess, settings=None: read.append(page) or entry)
    tess = ocr.Command("tesseract")
    monkeypatch.setattr(ocr.Command, "key", "tesseract 5.3.0; x")
    fresh = ocr.PageCache()
    assert fresh.read("p1", 1, tess) == entry and read == ["p1"]
    [row] = fresh.new
    assert (row["page"], row["n_words"], row["mean_conf"], row["dpi"]) == (1, 2, 93.75, 120)
    assert ocr.layout(ocr.unpack_entry(row["words_z"])) == ocr.layout(entry)

    again = ocr.PageCache({1: row})
    assert again.read("p1", 1, tess) == entry and read == ["p1"] and again.hits == 1 and again.new == []
    assert ocr.PageCache({1: dict(row, settings="dpi=300")}).read("p1", 1, tess) == entry
    assert ocr.PageCache({1: dict(row, tesseract="tesseract 4.1.1; x")}).read("p1", 1, tess) == entry
    assert ocr.PageCache({1: dict(row, words_z=b"damaged")}).read("p1", 1, tess) == entry
    assert read == ["p1"] * 4


def _record(sha: str, pages: list[dict] | None = None) -> dict:
    rec = pipeline.error_record("r.pdf", "")
    rec.update(status="ok", error=None, sha256=sha, pages=1, format="pdf")
    if pages is not None:
        rec["ocr_pages"] = pages
    return rec


def _page(n: int) -> dict:
    return {"page": n, "settings": "k", "tesseract": "t", "dpi": 120, "psm": 4, "lang": "vie", "n_words": 1,
            "mean_conf": 90.0, "words_z": ocr.pack_entry({"dpi": 120, "scale": 1, "words": [], "grids": []}),
            "seconds": 1.0}


def test_store_keeps_ocr_pages_with_the_document_and_drops_them_with_it(tmp_path):
    db = tmp_path / "c.duckdb"
    with Store(db) as s:
        s.put(_record("a" * 64, [_page(1), _page(2), _page(2)]), "r.pdf", 1, 1)
        assert sorted(s.ocr_pages("a" * 64)) == [1, 2] and s.has_ocr_pages()
        assert s.ocr_pages("a" * 64)[1]["settings"] == "k"
        s.put(_record("b" * 64), "r.pdf", 2, 2)         # the file now holds other bytes: its old pages go
        assert s.ocr_pages("a" * 64) == {} and not s.has_ocr_pages()
        err = dict(_record("c" * 64, [_page(1)]), status="error", error="boom")
        s.put(err, "e.pdf", 1, 1)                         # an error record stores no pages
        assert not s.has_ocr_pages()


def test_a_store_of_schema_version_3_gains_the_cache_table(tmp_path):
    db = tmp_path / "old.duckdb"
    with Store(db) as s:
        s.put(_record("a" * 64), "r.pdf", 1, 1)
        s.con.execute("DROP TABLE ocr_pages")
        s.con.execute("UPDATE chiso_info SET value = '3' WHERE key = 'schema_version'")
    with Store(db) as s:
        assert s.con.execute("SELECT value FROM chiso_info WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
        assert s.ocr_pages("a" * 64) == {} and s.has_document("a" * 64)


@needs_tesseract
def test_workers_report_a_pdfs_pages_and_each_page_read_by_ocr(tmp_path):
    """What moves `chiso run`'s progress bar (counted in pages) while a long scan is read."""
    from batch.run import FileTask, LocalPool
    scan = one_page_scan(tmp_path / "in")
    text = FIX / "quangngai_sct_2021-H1.pdf"
    pool = LocalPool(1, options={"keep_text": True})
    events = []
    pool.on_progress = lambda task, kind, n: events.append((Path(task.path).name, kind, n))
    done = [(Path(t.path).name, r["pages"]) for t, r, _ in pool.results([FileTask(str(scan)), FileTask(str(text))])]
    assert done == [("scan.pdf", 1), (text.name, 4)]
    assert events == [("scan.pdf", "pages", 1), ("scan.pdf", "page", 1), (text.name, "pages", 4)]
