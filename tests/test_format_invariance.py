"""The same report read from TXT, DOCX, PDF (and DOC) gives the same text and the same table cells;
bad files in a batch each give a clear error and the batch goes on."""
from __future__ import annotations

import shutil
from difflib import SequenceMatcher
from pathlib import Path

import pytest

import pipeline
from extract.readers import read_document

FIX = Path(__file__).resolve().parent.parent / "fixtures"
REPORTS = ["bacgiang_sct_2025-M04", "dongnai_sct_2021-H1", "dongnai_sct_2022-plan",
           "dongnai_sct_2023-Q3", "quangngai_sct_2021-H1"]


def body(doc) -> str:
    """Text without page headers and footers (the TXT files have none)."""
    return " ".join(doc.text[b.start:b.end] for b in doc.blocks if b.kind not in ("header", "footer"))


def char_similarity(a: str, b: str) -> float:
    """SequenceMatcher's ratio on whitespace-collapsed text, fast on 60k characters: words are aligned
    first, and only the replaced stretches are compared character by character."""
    wa, wb = a.split(), b.split()
    total = sum(len(w) + 1 for w in wa) + sum(len(w) + 1 for w in wb)
    matched = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if tag == "equal":
            matched += sum(len(w) + 1 for w in wa[i1:i2])
        elif tag == "replace":
            x, y = " ".join(wa[i1:i2]) + " ", " ".join(wb[j1:j2]) + " "
            if len(x) * len(y) < 4_000_000:
                matched += sum(m.size for m in SequenceMatcher(None, x, y, autojunk=False).get_matching_blocks())
    return 2 * matched / total if total else 1.0


def test_similarity_measure():
    assert char_similarity("Tổng số  331 hồ sơ", "Tổng số 331\nhồ sơ") == 1.0
    assert char_similarity("đạt 99,75%", "đạt 99,76%") == pytest.approx(1 - 2 / 22)
    assert char_similarity("abc", "xyz") == 0.25          # only the word separator matches


@pytest.fixture(scope="module")
def txt_docs():
    return {n: read_document(FIX / f"{n}.txt") for n in REPORTS}


@pytest.mark.parametrize("ext", ["docx", "pdf"])
@pytest.mark.parametrize("name", REPORTS)
def test_same_text_and_tables(txt_docs, name, ext):
    txt = txt_docs[name]
    doc = read_document(FIX / f"{name}.{ext}")
    assert doc.format == ext
    assert char_similarity(body(txt), body(doc)) >= 0.98
    assert [t.rows for t in doc.tables()] == [t.rows for t in txt.tables()]


@pytest.mark.skipif(not shutil.which("antiword"), reason="antiword not installed")
def test_same_text_doc(txt_docs):
    doc = read_document(FIX / "quangngai_sct_2021-H1.doc")
    assert char_similarity(body(txt_docs["quangngai_sct_2021-H1"]), body(doc)) >= 0.98


def test_bad_files_do_not_stop_the_batch(tmp_path):
    pdf = (FIX / "dongnai_sct_2021-H1.pdf").read_bytes()
    files = {
        "a_empty.pdf": b"",
        "b_truncated.pdf": pdf[: len(pdf) // 2],
        "c_word.pdf": (FIX / "quangngai_sct_2021-H1.docx").read_bytes(),     # a DOCX named .pdf
        "d_random.pdf": bytes((i * 7919 + 13) % 256 for i in range(20000)),
        "e_scanned.pdf": (FIX / "scanned_bacgiang_sct_2025-M04.pdf").read_bytes(),
        "f_good.pdf": (FIX / "quangngai_sct_2021-H1.pdf").read_bytes(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    records = list(pipeline.extract_files([tmp_path], ocr="never"))     # OCR has its own tests
    got = [(Path(r["source"]).name, r["status"], r["format"] if r["status"] == "ok" else r["error"]) for r in records]
    assert got == [
        ("a_empty.pdf", "error", "empty file"),
        ("b_truncated.pdf", "error", "corrupt or truncated PDF: Data format error"),
        ("c_word.pdf", "ok", "docx"),                 # the format is decided by content
        ("d_random.pdf", "error", "not a document: binary data of unknown format"),
        ("e_scanned.pdf", "error", "scanned PDF without text layer; OCR is not enabled"),
        ("f_good.pdf", "ok", "pdf"),
    ]
    assert records[5]["pages"] == 4
