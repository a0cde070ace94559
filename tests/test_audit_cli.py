"""`chiso audit`: files it could not read are listed and nothing read is a failure; `--db STORE` lists the
store's findings as the files give them; copies of one report (also without a period, and a fragment
saved on its own) are grouped and their shared findings shown once, under the authoritative copy."""
from __future__ import annotations

import docx
import duckdb

import pipeline
from normalize.copies import group_record_copies

HEAD = ["UBND TỈNH HÀ GIANG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỞ NỘI VỤ\tĐộc lập - Tự do - Hạnh phúc",
        "Số: {number}/BC-SNV\tHà Giang, ngày 20 tháng 3 năm 2025", "BÁO CÁO", "Kết quả cải cách hành chính{period}"]
BODY = ["Thực hiện Kế hoạch số 50/QĐ-UBND ngày 05/01/2025 của UBND tỉnh, Sở Nội vụ đã tiếp nhận 1.204 hồ sơ, "
        "đã giải quyết 1.180 hồ sơ, trong đó giải quyết trước hạn và đúng hạn 1.175 hồ sơ, trễ hạn 5 hồ sơ.",
        "Sở tiếp tục rà soát, đơn giản hóa thủ tục hành chính, công khai thủ tục trên Cổng dịch vụ công của tỉnh; "
        "tổ chức đối thoại với người dân và doanh nghiệp về giải quyết thủ tục hành chính tại bộ phận một cửa.",
        "Công tác tuyên truyền về cải cách hành chính được đẩy mạnh qua Cổng thông tin điện tử của Sở, các hội nghị "
        "giao ban và các buổi sinh hoạt chuyên đề của chi bộ; việc kiểm tra cải cách hành chính được thực hiện tại "
        "năm đơn vị trực thuộc, qua kiểm tra đã chấn chỉnh kịp thời việc niêm yết công khai thủ tục hành chính.",
        "Việc ứng dụng công nghệ thông tin, chuyển đổi số trong hoạt động của Sở tiếp tục được quan tâm; văn bản đi, "
        "đến được xử lý trên phần mềm quản lý văn bản và điều hành, chữ ký số được sử dụng cho toàn bộ văn bản "
        "phát hành, hồ sơ công việc được lập và lưu trữ điện tử theo quy định của Ủy ban nhân dân tỉnh."]
TABLE = [["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"]] + [
    [f"{i}.", f"Số hồ sơ tiếp nhận của lĩnh vực {name}", "Hồ sơ", str(100 + i)]
    for i, name in enumerate(["nội vụ", "tôn giáo", "thi đua khen thưởng", "văn thư lưu trữ", "thanh niên",
                              "công chức", "viên chức", "tổ chức bộ máy", "chính quyền địa phương", "hội, quỹ"], 1)]


def _docx(path, number="", period="", body=BODY, table=TABLE, head=True):
    d = docx.Document()
    for line in HEAD if head else []:
        d.add_paragraph(line.format(number=number, period=period))
    for p in body:
        d.add_paragraph(p)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for i, row in enumerate(table):
            for j, c in enumerate(row):
                t.cell(i, j).text = c
    d.save(path)
    return path


def test_files_not_read_are_listed_and_nothing_read_fails(tmp_path, capsys):
    empty = tmp_path / "rong.docx"
    empty.write_bytes(b"")
    assert pipeline.main(["audit", str(tmp_path / "khong_co.pdf"), str(empty)]) == 1
    out = capsys.readouterr()
    assert "no findings" not in out.out
    assert "khong_co.pdf" in out.err and "rong.docx: empty file" in out.err and "no report could be read (2 files)" in out.err
    # one readable report beside them: its findings, the others listed, success
    good = _docx(tmp_path / "bc.docx", number="45", period=" quý I năm 2025")
    assert pipeline.main(["audit", str(good), str(empty)]) == 0
    out = capsys.readouterr()
    assert "reference_type_mismatch" in out.out and "not read (1 of 2 files)" in out.err


def test_a_store_path_and_files_without_an_ending(tmp_path, capsys):
    db = tmp_path / "s.duckdb"
    folder = tmp_path / "in"
    folder.mkdir()
    _docx(folder / "bao_cao", number="45", period=" quý I năm 2025")        # no ending: read by its content
    assert pipeline.main(["audit", str(folder)]) == 0
    assert "reference_type_mismatch" in capsys.readouterr().out
    pipeline.run([folder], db=db, workers=0)
    assert pipeline.main(["audit", str(db)]) == 1
    assert f"chiso store, not a report: use `chiso audit --db {db}`" in capsys.readouterr().err


def test_copies_without_a_period_and_a_fragment_are_one_report_and_the_store_shows_findings_once(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    _docx(folder / "du_thao.docx")                                   # a draft: no number, no period found
    signed = folder / "ban_ky.txt"
    signed.write_text("\n".join(x.format(number="45", period="") for x in HEAD) + "\n" + "\n".join(BODY) + "\n"
                      + "\n".join("\t".join(r) for r in TABLE) + "\n", encoding="utf-8")
    _docx(folder / "phu_luc.docx", number="45", body=[])           # the appendix saved on its own
    records = [pipeline.extract_file(p, keep_text=True) for p in sorted(folder.iterdir())]
    assert all(not r["meta"].get("period") and r["meta"].get("agency") for r in records)
    groups = group_record_copies(records)
    assert [[r["source"].rsplit("/", 1)[-1] for r in g] for g in groups] == [["ban_ky.txt", "du_thao.docx", "phu_luc.docx"]]
    db = tmp_path / "c.duckdb"
    pipeline.run([folder], db=db, workers=0)
    con = duckdb.connect(str(db), read_only=True)
    try:
        reports = con.execute("SELECT count(DISTINCT report) FROM documents WHERE report IS NOT NULL").fetchone()[0]
        shown = con.execute("SELECT count(*) FROM findings WHERE \"check\" = 'reference_type_mismatch' "
                            "AND copy_of IS NULL").fetchone()[0]
        stored = con.execute("SELECT count(*) FROM findings WHERE \"check\" = 'reference_type_mismatch'").fetchone()[0]
    finally:
        con.close()
    assert reports == 1 and stored == 2 and shown == 1          # the draft's finding is kept, marked a copy's
    assert pipeline.main(["audit", "--db", str(db)]) == 0
    from_db = capsys.readouterr().out
    assert pipeline.main(["audit", str(folder)]) == 0
    from_files = capsys.readouterr().out
    for out in (from_db, from_files):
        assert out.count("reference_type_mismatch") == 1 and "also in: du_thao.docx" in out
        assert out.strip().endswith("1 findings: 1 error, 0 warning, 0 info")
