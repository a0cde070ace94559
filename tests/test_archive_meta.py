"""Metadata from the archive: what folder and file names say where the text is silent, a manifest that
wins over both, and where each field came from, in the record, the store and the exports."""
import csv
import os
import subprocess
import sys
from pathlib import Path

import pipeline
from extract.document.pathmeta import path_metadata

ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, PYTHONPATH=str(ROOT))
SILENT = "BÁO CÁO\nSở Công Thương đã tiếp nhận tổng số: {n} hồ sơ, đã giải quyết {n} hồ sơ.\n"
SPEAKS = ("UBND TỈNH ĐỒNG NAI\nSỞ CÔNG THƯƠNG\nBÁO CÁO\nKết quả giải quyết thủ tục hành chính quý II năm 2024\n"
          "Sở Công Thương đã tiếp nhận tổng số: {n} hồ sơ.\n")


def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    month = root / "Lâm Đồng" / "2025" / "Tháng 10"
    month.mkdir(parents=True)
    (month / "BÁO CÁO ĐỀ ÁN 06 tính đến 20-10-2025.txt").write_text(SILENT.format(n=10), encoding="utf-8")
    (month / "Đồng Nai gửi.txt").write_text(SPEAKS.format(n=20), encoding="utf-8")
    other = root / "Kon_Tum" / "Quý III"
    other.mkdir(parents=True)
    (other / "bc.txt").write_text(SILENT.format(n=30), encoding="utf-8")
    (root / "khac").mkdir()
    (root / "khac" / "bc.txt").write_text(SILENT.format(n=40), encoding="utf-8")
    return root


def test_path_words():
    assert {k: (getattr(v[0], "name", v[0]), v[1]) for k, v in path_metadata(
        "/data/Lâm Đồng/2025/Tháng 10/BÁO CÁO.doc").items()} == {
        "province": ("Lâm Đồng", "Lâm Đồng"), "period": ("2025-M10", "Tháng 10")}
    # a period phrase without a year anywhere takes the document's year, else none
    assert path_metadata("Kon_Tum/Quý III/bc.txt", 2023)["period"] == ("2023-Q3", "Quý III")
    assert "period" not in path_metadata("Kon_Tum/Quý III/bc.txt")
    assert path_metadata("x/6 tháng 2021/bc.txt")["period"] == ("2021-H1", "6 tháng")
    # a folder of a year is not a yearly report; a word run together names no province
    assert path_metadata("reports/2024/lamdong-bc.txt") == {}
    # names written as slugs, without tone marks: a downloaded page, a folder of a province
    assert path_metadata("tai-ve/2024/ket-qua-giai-quyet-tthc-quy-i.html.txt") == {"period": ("2024-Q1", "quý i")}
    slug = path_metadata("lam-dong/bao-cao-6-thang-dau-nam-2021.doc")
    assert (slug["province"][0].name, slug["province"][1]) == ("Lâm Đồng", "Lam Dong")
    assert slug["period"] == ("2021-H1", "6 tháng đầu năm 2021")


def test_text_wins_over_the_path_and_every_field_says_where_it_came_from(tmp_path):
    root = archive(tmp_path)
    month = root / "Lâm Đồng" / "2025" / "Tháng 10"
    silent = pipeline.extract_file(month / "BÁO CÁO ĐỀ ÁN 06 tính đến 20-10-2025.txt")["meta"]
    assert (silent["province"], silent["province_2025"], silent["period"], silent["period_start"]) == \
        ("Lâm Đồng", "Lâm Đồng", "2025-M10", "2025-10-01")
    assert silent["sources"] == {"doc_type": "text", "province": "path", "period": "path"}
    assert silent["path_evidence"] == {"province": "Lâm Đồng", "period": "Tháng 10"}
    speaks = pipeline.extract_file(month / "Đồng Nai gửi.txt")["meta"]
    assert (speaks["province"], speaks["period"]) == ("Đồng Nai", "2024-Q2")
    assert speaks["sources"]["province"] == "text" and speaks["sources"]["period"] == "text"
    assert speaks["evidence"]["province"]["quote"] == "ĐỒNG NAI"


def test_the_manifest_wins_and_the_store_and_exports_show_the_sources(tmp_path):
    root = archive(tmp_path)
    (root / "manifest.csv").write_text(
        "path,province,agency,period,note\n"
        "Lâm Đồng/2025/Tháng 10/Đồng Nai*,Bình Phước,,,sent by Bình Phước\n"
        "khac/*.txt,Hà Giang,Sở Nội vụ,Quý I năm 2022,\n"
        "bc.txt,,,2023-Q3,every bc.txt\n", encoding="utf-8")
    db = tmp_path / "c.duckdb"
    s = pipeline.run([root], db=db, workers=0, manifest=root / "manifest.csv")
    assert s.stored == 5 and not s.failed                    # the manifest itself is a text file, read too
    rows = pipeline.query("SELECT source, province, province_2025, agency, period, meta_sources FROM documents",
                          db=db)
    got = {str(Path(r.source).relative_to(root)): (r.province, r.province_2025, r.agency, r.period, r.meta_sources)
           for r in rows.itertuples()}
    assert got["Lâm Đồng/2025/Tháng 10/Đồng Nai gửi.txt"] == (
        "Bình Phước", "Đồng Nai", "Sở Công Thương", "2024-Q2",
        "province=manifest; agency=text; doc_type=text; period=text")
    assert got["khac/bc.txt"] == ("Hà Giang", "Tuyên Quang", "Sở Nội vụ", "2023-Q3",
                                  "doc_type=text; province=manifest; period=manifest; agency=manifest")
    kt = got["Kon_Tum/Quý III/bc.txt"]
    assert (kt[0], kt[1], kt[3]) == ("Kon Tum", "Quảng Ngãi", "2023-Q3") and kt[2] != kt[2]     # no agency (NaN)
    assert got["Kon_Tum/Quý III/bc.txt"][4] == "doc_type=text; province=path; period=manifest"
    assert got["Lâm Đồng/2025/Tháng 10/BÁO CÁO ĐỀ ÁN 06 tính đến 20-10-2025.txt"][4] == \
        "doc_type=text; province=path; period=path"
    out = pipeline.export("csv", db=db, wide=True, out=tmp_path / "w.csv")
    with open(out, encoding="utf-8-sig") as f:
        wide = {Path(r["source"]).name: r for r in csv.DictReader(f) if not r["scope_level"]}
    assert wide["Đồng Nai gửi.txt"]["meta_sources"].startswith("province=manifest")
    note = pipeline.query("SELECT json_extract_string(meta_extra, '$.manifest_note') AS n FROM documents "
                          "WHERE source LIKE '%Đồng Nai gửi.txt'", db=db)["n"][0]
    assert note == "sent by Bình Phước"

    # a changed manifest reaches the files already stored
    (root / "manifest.csv").write_text("path,province\nkhac/*,Cao Bằng\n", encoding="utf-8")
    s = pipeline.run([root], db=db, workers=0, manifest=root / "manifest.csv")
    assert s.stored == 5
    p = pipeline.query("SELECT province FROM documents WHERE source LIKE '%khac%'", db=db)["province"][0]
    assert p == "Cao Bằng"


def test_a_bad_manifest_is_refused_with_its_row(tmp_path):
    root = archive(tmp_path)
    bad = tmp_path / "m.csv"
    bad.write_text("path,province\nkhac/*,Atlantis\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "pipeline", "run", str(root), "--db", str(tmp_path / "c.duckdb"),
                        "--manifest", str(bad)], capture_output=True, text=True, env=ENV, cwd=tmp_path)
    assert r.returncode == 1 and r.stderr.strip() == f"chiso: {bad}, row 2: 'Atlantis' is not a province chiso knows"
    bad.write_text("path,region\nkhac/*,North\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "pipeline", "run", str(root), "--db", str(tmp_path / "c.duckdb"),
                        "--manifest", str(bad)], capture_output=True, text=True, env=ENV, cwd=tmp_path)
    assert r.returncode == 1 and "unknown column 'region'" in r.stderr


def test_the_review_page_says_where_the_metadata_came_from(tmp_path):
    import html as H
    import re
    import pytest
    from tests.test_report_browser import CHROMIUM, dom
    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    from report.build import build_report, collect
    root = archive(tmp_path)
    (root / "manifest.csv").write_text("path,province\nkhac/*,Hà Giang\n", encoding="utf-8")
    db = tmp_path / "c.duckdb"
    pipeline.run([root], db=db, workers=0, manifest=root / "manifest.csv")
    page = tmp_path / "r.html"
    build_report(db, page)
    d = next(d for d in collect(db, reread=False)["docs"] if d["source"].endswith("khac/bc.txt"))
    out = dom(tmp_path, page, f"#doc={d['i']}")
    got = re.search(r'<div class="meta-sources">([^<]*)', out)
    assert got and H.unescape(got.group(1)) == "Nguồn siêu dữ liệu (metadata from): doc_type=text; province=manifest"
