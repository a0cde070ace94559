"""Copies of one report (normalize.copies): a DOCX draft and its signed copy are one report in the tables;
the signed one is authoritative unless `--prefer` says otherwise; a figure they disagree on is a finding."""
from __future__ import annotations

import docx
import duckdb

import pipeline
from normalize.copies import SAME_REPORT, shingles, similarity

BODY = ("Trong quý, Sở Nội vụ đã tiếp nhận {received} hồ sơ, đã giải quyết 1.180 hồ sơ, trong đó giải quyết "
        "trước hạn và đúng hạn 1.175 hồ sơ, trễ hạn 5 hồ sơ. Tỷ lệ hồ sơ trực tuyến đạt 86,4%. Sở tiếp tục rà "
        "soát, đơn giản hóa thủ tục hành chính, công khai thủ tục trên Cổng dịch vụ công của tỉnh.")
HEAD = ["UBND TỈNH HÀ GIANG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỞ NỘI VỤ\tĐộc lập - Tự do - Hạnh phúc",
        "Số: {number}/BC-SNV\tHà Giang, ngày 20 tháng 3 năm 2025", "BÁO CÁO",
        "Kết quả cải cách hành chính quý I năm 2025"]


def _draft(path):
    d = docx.Document()
    for line in HEAD:
        d.add_paragraph(line.format(number=""))
    d.add_paragraph(BODY.format(received="1.204"))
    d.save(path)


def _signed(path, received="1.240"):
    path.write_text("\n".join(line.format(number="45") for line in HEAD) + "\n" + BODY.format(received=received) + "\n",
                    encoding="utf-8")


def _q(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_similarity_of_a_draft_and_its_signed_copy_and_of_two_reports():
    a = shingles("\n".join(HEAD) + BODY.format(received="1.204"))
    b = shingles("\n".join(HEAD) + BODY.format(received="1.240"))
    other = shingles("Báo cáo tháng 4: tiếp nhận 310 hồ sơ trong tháng, giải quyết 300 hồ sơ đúng hạn; tổ chức "
                     "hội nghị tập huấn cho công chức bộ phận một cửa của các xã.")
    assert similarity(a, b) > 0.9 >= SAME_REPORT
    assert similarity(a, other) < SAME_REPORT


def test_draft_and_changed_signed_copy_are_one_report_and_disagree(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _draft(folder / "du_thao.docx")
    _signed(folder / "ban_ky.txt")
    db = tmp_path / "c.duckdb"
    pipeline.run([folder], db=db, workers=0)
    assert _q(db, "SELECT count(*) FROM wide WHERE scope_level IS NULL") == [(1,)]
    rows = _q(db, "SELECT d.source, r.authoritative FROM reports r JOIN documents d USING (document) ORDER BY d.source")
    assert [(s.rsplit("/", 1)[-1], a) for s, a in rows] == [("ban_ky.txt", True), ("du_thao.docx", False)]
    assert _q(db, "SELECT value, other_values FROM long WHERE indicator = 'dossiers_received'") == [(1240.0, "1204")]
    found = _q(db, "SELECT \"check\", message_en FROM findings WHERE scope = 'copies'")
    assert len(found) == 1 and found[0][0] == "copies_disagree" and "1240" in found[0][1] and "1204" in found[0][1]

    s = pipeline.run([folder], db=db, workers=0)       # nothing new: nothing re-read, the grouping stays
    assert s.stored == 0 and s.copies == {"reports": 0, "copies": 0, "disagreements": 0, "texts": 0}
    assert _q(db, "SELECT count(*) FROM reports") == [(2,)]

    pipeline.run([folder], db=db, workers=0, prefer="docx")     # the analyst's call: the DOCX copy
    assert _q(db, "SELECT value FROM long WHERE indicator = 'dossiers_received'") == [(1204.0,)]


def test_two_reports_of_one_agency_are_not_copies(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _signed(folder / "q1.txt")
    other = ("\n".join(line.format(number="46") for line in HEAD).replace("quý I", "quý I")
             + "\nSở tổ chức hội nghị triển khai nhiệm vụ năm 2025 với 120 đại biểu; ban hành 14 văn bản chỉ đạo; "
               "kiểm tra 6 phòng chuyên môn, kết quả đều đạt yêu cầu.\n")
    (folder / "q1_khac.txt").write_text(other, encoding="utf-8")
    db = tmp_path / "c.duckdb"
    pipeline.run([folder], db=db, workers=0)
    assert _q(db, "SELECT count(*) FROM reports") == [(0,)]
    assert _q(db, "SELECT count(*) FROM wide WHERE scope_level IS NULL") == [(2,)]
