"""Pages of one scan read by OCR in two workers (extract/readers/ocr_share.py, batch.run's helper): the
claims meet in the middle, a page the helper read reaches the reader whole, a helper gone or late never
loses a page, and `chiso run` with two workers stores the same records as one process."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from batch.run import run
from extract.readers.ocr_share import PageShare
from normalize.store import Store

FIX = Path(__file__).resolve().parent.parent / "fixtures"


def test_claims_meet_and_a_read_page_reaches_the_reader(tmp_path):
    reader = PageShare(tmp_path, "a.pdf").open()
    helper = PageShare(tmp_path, "a.pdf")
    assert not helper.claim(6)                  # the reader has not started on the file: nothing to help
    assert reader.claim(1) and reader.claim(2)
    assert helper.claim(6) and helper.claim(5)
    assert helper.put(6, ({"dpi": 120, "words": []}, {"page": 6}))
    assert not reader.claim(6)
    assert reader.take(6, timeout=1) == ({"dpi": 120, "words": []}, {"page": 6})
    assert not helper.claim(2)                  # where they meet, the helper stops
    assert helper.put(5, None)                  # the helper failed on page 5: the reader reads it
    assert not reader.claim(5) and reader.take(5, timeout=1) is None
    reader.close()
    assert not helper.claim(4) and not helper.put(4, ({}, {}))     # the file is done: the helper stops
    assert not any(tmp_path.iterdir())


def test_a_page_claimed_by_a_helper_that_died_goes_back_to_the_reader(tmp_path):
    reader = PageShare(tmp_path, "b.pdf").open()
    assert reader.claim(1)
    gone = subprocess.Popen(["true"])
    gone.wait()
    (reader.dir / "3.claim").write_text(str(gone.pid))
    assert not reader.claim(3)
    assert reader.take(3, timeout=30) is None   # at once: its claimer is not running
    reader.close()


def _scan(folder: Path, pages: int = 4) -> Path:
    """An image-only PDF of the fixture's first pages, 1-bit at 200 dpi, as a scanner makes them."""
    pdf = pdfium.PdfDocument(str(FIX / "dongnai_sct_2023-Q3.pdf"))
    images = [pdf[i].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
              .point(lambda v: 255 if v > 160 else 0).convert("1") for i in range(pages)]
    path = folder / "scan.pdf"
    images[0].save(path, save_all=True, append_images=images[1:], resolution=200)
    return path


def _records(db: Path) -> dict:
    with Store(db, read_only=True) as s:
        q = {"mentions": "SELECT * EXCLUDE (document) FROM mentions ORDER BY mention_no",
             "texts": "SELECT unzip_text(text_z) FROM texts ORDER BY 1",
             "ocr_pages": "SELECT page, n_words FROM ocr_pages ORDER BY page"}
        return {k: s.con.execute(v).fetchall() for k, v in q.items()}


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed (scripts/setup.sh)")
def test_two_workers_share_a_scan_and_store_what_one_process_stores(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _scan(folder)
    shutil.copy(FIX / "quangngai_sct_2021-H1.txt", folder)
    one = run([folder], db=tmp_path / "one.duckdb", workers=0, progress=False, ocr_cache=True)
    two = run([folder], db=tmp_path / "two.duckdb", workers=2, progress=False, ocr_cache=True)
    assert one.stored == two.stored == 2 and not two.failed
    assert two.helped_pages >= 1 and one.helped_pages == 0
    a, b = _records(tmp_path / "one.duckdb"), _records(tmp_path / "two.duckdb")
    assert [p for p, _ in b["ocr_pages"]] == [1, 2, 3, 4]
    assert a == b
    assert "pages of scans read by OCR in a second worker" in two.format()
