"""Legacy .doc through antiword: the fixture (LibreOffice's Word 97 export of the Quảng Ngãi report) and
antiword's table layout."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extract.model import DocumentBuilder
from extract.readers import ReadError, read_document
from extract.readers import doc as doc_reader

FIX = Path(__file__).resolve().parent.parent / "fixtures"
needs_antiword = pytest.mark.skipif(not shutil.which("antiword"), reason="antiword not installed (scripts/setup.sh)")

# antiword -w 0 output of a table of the Đồng Nai 2021-H1 report: wrapped cells go on in the next
# lines; the row of "02 Trung tâm" is followed by a row whose first cells are empty
ANTIWORD_TABLE = """\
Nội dung kiểm tra:

|Tên đơn vị, bộ phận trực thuộc |Thời gian thực hiện            |Nội dung thanh tra, kiểm tra   |Xử lý hoặc kiến nghị xử lý các |
|được thanh tra, kiểm tra       |                               |                               |vấn đề phát hiện qua thanh tra,|
|                               |                               |                               |kiểm tra                       |
|Các phòng chuyên môn           |10/5/2021-19/5/2021            |- Việc chấp hành giờ giấc làm  |Qua kết quả thanh tra, kiểm    |
|                               |                               |việc, tham gia chào cờ.        |tra.                           |
|02 Trung tâm thuộc Sở          |19/5/2021-21/5/2021            |                               |                               |
|                               |                               |- Việc thực hiện nhiệm vụ, công|ngành, văn hóa giao tiếp, thực |
|                               |                               |vụ được Giám đốc Sở giao.      |hiện nhiệm vụ.                 |

\fII. KẾT QUẢ
"""


@needs_antiword
def test_fixture_doc():
    doc = read_document(FIX / "quangngai_sct_2021-H1.doc")
    assert doc.format == "doc"
    assert "Trong 06 tháng đầu năm 2021 (tính đến 06/6) đã tiếp nhận 6.279 hồ sơ" in doc.text
    heads = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "heading"]
    assert heads[:2] == ["BÁO CÁO", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"]
    txt = read_document(FIX / "quangngai_sct_2021-H1.txt")
    assert [txt.text[b.start:b.end] for b in txt.blocks] == [doc.text[b.start:b.end] for b in doc.blocks]


def test_antiword_tables_rebuilt_from_wrapping():
    b = DocumentBuilder("x.doc", "", "doc")
    doc_reader.add_antiword_text(b, ANTIWORD_TABLE)
    doc = b.build()
    assert [(x.kind, x.page) for x in doc.blocks] == [("paragraph", 1), ("table", 1), ("heading", 2)]
    assert doc.tables()[0].rows == [
        ["Tên đơn vị, bộ phận trực thuộc được thanh tra, kiểm tra", "Thời gian thực hiện",
         "Nội dung thanh tra, kiểm tra", "Xử lý hoặc kiến nghị xử lý các vấn đề phát hiện qua thanh tra, kiểm tra"],
        ["Các phòng chuyên môn", "10/5/2021-19/5/2021", "- Việc chấp hành giờ giấc làm việc, tham gia chào cờ.",
         "Qua kết quả thanh tra, kiểm tra."],
        ["02 Trung tâm thuộc Sở", "19/5/2021-21/5/2021", "", ""],
        ["", "", "- Việc thực hiện nhiệm vụ, công vụ được Giám đốc Sở giao.",
         "ngành, văn hóa giao tiếp, thực hiện nhiệm vụ."],
    ]


def test_missing_antiword(monkeypatch):
    monkeypatch.setattr(doc_reader.shutil, "which", lambda name: None)
    with pytest.raises(ReadError, match="^legacy .doc needs antiword: apt-get install antiword$"):
        read_document(FIX / "quangngai_sct_2021-H1.doc")


@needs_antiword
def test_truncated_doc(tmp_path):
    path = tmp_path / "cut.doc"
    path.write_bytes((FIX / "quangngai_sct_2021-H1.doc").read_bytes()[:6000])
    with pytest.raises(ReadError, match="^not a readable Word document: truncated"):
        read_document(path)
