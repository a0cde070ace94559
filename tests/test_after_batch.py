"""The steps after the batch (copy grouping, findings across reports) refresh only the groups a new
document joins: a store filled in two runs ends with the same reports, copies, findings and other values
as one filled in one run, and the grouping by period gives the groups that comparing every pair gives."""
from __future__ import annotations

import random

import duckdb
import numpy as np

import pipeline
from normalize import copies as C

HEAD = ["UBND TỈNH HÀ GIANG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "{agency}\tĐộc lập - Tự do - Hạnh phúc",
        "Số: {number}/BC-{code}\tHà Giang, ngày {day} năm 2025", "BÁO CÁO", "Kết quả cải cách hành chính {period}"]
BODY = ("Trong kỳ, {agency_lower} đã tiếp nhận {received} hồ sơ thủ tục hành chính, đã giải quyết {resolved} hồ sơ. "
        "Số hồ sơ kỳ trước chuyển sang là {carried} hồ sơ; số hồ sơ đang giải quyết là {pending} hồ sơ. "
        "Đơn vị tiếp tục rà soát, đơn giản hóa thủ tục hành chính, công khai thủ tục trên Cổng dịch vụ công "
        "của tỉnh, tiếp nhận và trả kết quả qua dịch vụ bưu chính công ích theo quy định. {extra}")


def _report(path, agency="SỞ NỘI VỤ", code="SNV", number="45", period="quý I năm 2025", day="20 tháng 3",
            received="1.204", resolved="1.180", carried="12", pending="20", extra=""):
    head = [line.format(agency=agency, number=number, code=code, day=day, period=period) for line in HEAD]
    if not period:
        head = head[:-1] + ["Kết quả cải cách hành chính"]
    body = BODY.format(agency_lower=agency.capitalize().replace("Sở nội vụ", "Sở Nội vụ").replace("Sở tư pháp", "Sở Tư pháp"),
                       received=received, resolved=resolved, carried=carried, pending=pending, extra=extra)
    path.write_text("\n".join(head) + "\n" + body + "\n", encoding="utf-8")


FIRST = {   # run 1: a report of each agency
    "snv_q1.txt": dict(),
    "stp_q1.txt": dict(agency="SỞ TƯ PHÁP", code="STP", number="12", received="310", resolved="300"),
}
SECOND = {  # run 2: the Nội vụ report's draft (another figure), its next quarter and a copy without a period
    "snv_q1_ban_nhap.txt": dict(number="", received="1.240"),
    "snv_q1_ban_nhap_2.txt": dict(number="", received="1.250"),
    "snv_q2.txt": dict(number="61", period="quý II năm 2025", day="20 tháng 6", received="1.330", carried="15",
                       pending="8", extra="Quý này đơn vị tổ chức tập huấn cho công chức."),
    "snv_q2_ban_sao.txt": dict(number="", period="", day="20 tháng 6", received="1.330", carried="15", pending="8",
                               extra="Quý này đơn vị tổ chức tập huấn cho công chức."),
}


def _snapshot(db) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        q = lambda sql: sorted(map(tuple, con.execute(sql).fetchall()), key=repr)  # noqa: E731
        src = "(SELECT source FROM documents x WHERE x.document = {}) "
        return {
            "reports": q(f"SELECT {src.format('r.report')}, {src.format('r.document')}, authoritative, similarity, reason "
                         "FROM reports r"),
            "documents": q(f"SELECT source, {src.format('d.report')} FROM documents d"),
            "findings": q(f"SELECT {src.format('f.document')}, finding_no, \"check\", severity, message, evidence, scope, "
                          f"{src.format('f.copy_of')}, copy_of_no FROM findings f"),
            "other_values": q(f"SELECT {src.format('i.document')}, indicator, kind, other_values FROM indicators i "
                              "WHERE other_values IS NOT NULL"),
        }
    finally:
        con.close()


def _both_runs_stored(tmp_path):
    """The reports of both runs in one folder, read into a new store: (folder, store)."""
    folder = tmp_path / "Hà Giang"
    folder.mkdir()
    for name, kw in {**FIRST, **SECOND}.items():
        _report(folder / name, **kw)
    db = tmp_path / "a.duckdb"
    pipeline.run([folder], db=db, workers=0)
    return folder, db


def test_two_runs_end_as_one_run(tmp_path):
    folder = tmp_path / "Hà Giang"
    folder.mkdir()
    for name, kw in FIRST.items():
        _report(folder / name, **kw)
    pipeline.run([folder], db=tmp_path / "two.duckdb", workers=0)
    for name, kw in SECOND.items():
        _report(folder / name, **kw)
    second = pipeline.run([folder], db=tmp_path / "two.duckdb", workers=0)
    assert second.stored == 4
    pipeline.run([folder], db=tmp_path / "one.duckdb", workers=0)
    two, one = _snapshot(tmp_path / "two.duckdb"), _snapshot(tmp_path / "one.duckdb")
    assert two == one

    # and what they hold: the signed Q1 over its draft, the dated Q2 over its copy without a period
    reports = {(a.rsplit("/", 1)[1], b.rsplit("/", 1)[1]): reason for a, b, _, _, reason in one["reports"]}
    assert reports == {("snv_q1.txt", "snv_q1.txt"): "authoritative", ("snv_q1.txt", "snv_q1_ban_nhap.txt"): "a draft without its number",
                       ("snv_q1.txt", "snv_q1_ban_nhap_2.txt"): "a draft without its number",
                       ("snv_q2.txt", "snv_q2.txt"): "authoritative", ("snv_q2.txt", "snv_q2_ban_sao.txt"): "a draft without its number"}
    checks = sorted((f[0].rsplit("/", 1)[1], f[2]) for f in one["findings"] if f[6] in ("copies", "across"))
    assert checks == [("snv_q1.txt", "copies_disagree")] * 2 + [("snv_q2.txt", "pending_vs_carried_over")]
    # numbered after the signed copy's own findings, one after the other
    nos = sorted(f[1] for f in one["findings"] if f[2] == "copies_disagree")
    assert nos == [nos[0], nos[0] + 1]
    assert [o[1:] for o in one["other_values"] if o[0].endswith("snv_q1.txt") and o[1] == "dossiers_received"] == [
        ("dossiers_received", "actual", "1250; 1240")]       # both drafts' values, the later file's first


def test_a_third_run_touching_one_group_leaves_the_others_as_they_were(tmp_path):
    folder, db = _both_runs_stored(tmp_path)
    before = _snapshot(db)
    _report(folder / "stp_q1_ban_nhap.txt", agency="SỞ TƯ PHÁP", code="STP", number="", received="301", resolved="300")
    pipeline.run([folder], db=db, workers=0)
    after = _snapshot(db)
    new = lambda rows: [r for r in rows if "stp_" not in repr(r)]  # noqa: E731
    for table in before:
        assert new(after[table]) == new(before[table])            # the Nội vụ group is as it was
    assert any(r[1].endswith("stp_q1_ban_nhap.txt") and r[0].endswith("stp_q1.txt") for r in after["reports"])


def _brute_force(ds, sh, prefer=None):
    """Every document against every report so far (the grouping before it was indexed by period)."""
    reports = []
    for d in ds:
        for rep in reports:
            head = rep[0]
            if C.same_report(head["period"], d["period"], sh[head["document"]], sh[d["document"]]) is not None \
                    and C._numbers_agree(head["doc_number"], d["doc_number"]):
                rep.append(d)
                break
        else:
            reports.append([d])
    return sorted(sorted(x["document"] for x in rep) for rep in reports if len(rep) > 1)


def test_grouping_by_period_gives_the_groups_of_every_pair():
    rng = random.Random(28)
    bases = [set(rng.sample(range(10_000), 300)) for _ in range(6)]
    for trial in range(200):
        ds, sh = [], {}
        for i in range(rng.randint(2, 25)):
            base = rng.choice(bases)
            keep = rng.choice([1.0, 0.97, 0.8, 0.4])          # a copy, a near copy, a report from one template, a fragment
            s = {x for x in base if rng.random() < keep} | {rng.randrange(10**6) for _ in range(rng.randint(0, 40))}
            doc = f"{trial}-{i:02d}"
            ds.append({"document": doc, "format": rng.choice(["pdf", "docx", "txt"]), "doc_number":
                       rng.choice([None, "45/BC", "46/BC", "/BC"]), "ocr": False, "mtime_ns": rng.randrange(5),
                       "period": rng.choice([None, "2025-Q1", "2025-Q1", "2025-Q2", "2025-H1"])})
            sh[doc] = np.array(sorted(s), dtype=np.int64)     # as C.shingles gives them
        ds.sort(key=lambda d: C._rank(d, None), reverse=True)
        rows: list[dict] = []
        found = C._group(ds, sh, None, rows)
        assert sorted(sorted([h, *cs]) for h, cs in found) == _brute_force(ds, sh)
        # only documents with a possible partner need their text
        wanted = set(C._partnered(ds))
        assert {r["document"] for r in rows} <= wanted


def _hashed(values) -> np.ndarray:
    """Distinct 64-bit 3-gram hashes as C.shingles gives them (sorted, signed), for a set of small ints."""
    from normalize.sketch import _word_hash
    return np.unique(np.array([_word_hash(str(v)) for v in values], dtype=np.int64))


def test_sketches_find_every_copy_of_a_document_without_a_period():
    """Grouping with the pairs the sketches let through gives the groups of comparing every pair, with
    near-copies, fragments (tiny ones too: their sketch is not covered) and reports from one template;
    and the sketches let through far fewer pairs than every pair with a document without a period."""
    from normalize import sketch
    rng = random.Random(2828)
    bases = [list(range(k * 10_000, k * 10_000 + rng.choice([45, 120, 600]))) for k in range(8)]
    let_through = every = 0
    for trial in range(150):
        ds, sh = [], {}
        for i in range(rng.randint(2, 30)):
            base = rng.choice(bases)
            keep = rng.choice([1.0, 0.97, 0.92, 0.5, 0.3])   # copies, near copies, other reports, fragments
            s = [x for x in base if rng.random() < keep] + [rng.randrange(10**6, 2 * 10**6) for _ in range(rng.randint(0, 5))]
            doc = f"{trial}-{i:02d}"
            ds.append({"document": doc, "format": rng.choice(["pdf", "docx", "txt"]), "doc_number":
                       rng.choice([None, "45/BC", "/BC"]), "ocr": False, "mtime_ns": rng.randrange(5),
                       "period": rng.choice([None, None, "2025-Q1", "2025-Q2"])})
            sh[doc] = _hashed(s)
        ds.sort(key=lambda d: C._rank(d, None), reverse=True)
        sk = {d: (len(a), sketch.values(sketch.sketch(a))) for d, a in sh.items()}
        pairs = C._undated_pairs(ds, sk)
        rows: list[dict] = []
        found = C._group(ds, sh, None, rows, pairs)
        assert sorted(sorted([h, *cs]) for h, cs in found) == _brute_force(ds, sh)
        assert set(C._partnered(ds, pairs)) >= {r["document"] for r in rows}
        undated = [d for d in ds if not d["period"]]
        let_through += len(pairs)
        every += len(undated) * (len(ds) - 1) - len(undated) * (len(undated) - 1) // 2
    assert let_through < every / 3


def test_a_copy_without_a_period_through_its_sketch_and_a_report_from_one_template_not(tmp_path):
    """Two quarterly reports from one template (a table of 80 communes' figures) and a copy of the first
    without its period and number: the copy meets the first report through the sketches, never the second,
    and the grouping puts it under the first."""
    from normalize import sketch
    rng = random.Random(5)
    communes = lambda: " ".join(f"Xã số {i} tiếp nhận {rng.randint(10, 900)} hồ sơ, trả đúng hạn {rng.randint(10, 900)} hồ sơ."  # noqa: E731
                                for i in range(1, 81))
    q1, q2 = communes(), communes()
    texts = {"q1": dict(extra=q1), "q1_copy": dict(number="", period="", extra=q1),
             "q2": dict(number="61", period="quý II năm 2025", received="1.330", carried="15", pending="8", extra=q2)}
    sk, sh, ds = {}, {}, []
    for name, kw in texts.items():
        _report(tmp_path / name, **kw)
        text = (tmp_path / name).read_text(encoding="utf-8")
        sh[name] = C.shingles(text)
        grams, blob = sketch.text_sketch(text)
        assert grams == len(sh[name]) > 800
        sk[name] = (grams, sketch.values(blob))
        ds.append({"document": name, "format": "txt", "doc_number": kw.get("number", "45") + "/BC", "ocr": False,
                   "mtime_ns": 0, "period": {"q1": "2025-Q1", "q2": "2025-Q2"}.get(name)})
    ds.sort(key=lambda d: C._rank(d, None), reverse=True)
    pairs = C._undated_pairs(ds, sk)
    assert pairs == {("q1", "q1_copy")}                      # q2, from the same template, never compared
    assert sketch.common(sk["q1_copy"][1], sk["q2"][1]) > 0  # though their sketches share values
    assert C._group(ds, sh, None, [], pairs) == [("q1", ["q1_copy"])]


def test_shingles_are_the_same_in_every_process():
    """The worker sketches a text and the driver compares: the 3-gram hashes may not depend on the process
    (Python's own str hash does, PYTHONHASHSEED)."""
    import subprocess
    import sys
    code = ("from normalize.sketch import shingles; import sys; "
            "sys.stdout.write(shingles('Sở Nội vụ đã tiếp nhận 1.204 hồ sơ thủ tục hành chính trong quý I').tobytes().hex())")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": ""}, cwd=str(C.__file__).rsplit("/normalize/", 1)[0]).stdout
            for seed in ("1", "2")}
    assert len(outs) == 1 and len(outs.pop()) == 15 * 16          # 17 words, 15 3-grams of 8 bytes, in hex


def test_a_store_without_sketches_groups_the_same_and_gets_them(tmp_path):
    folder, db = _both_runs_stored(tmp_path)
    before = _snapshot(db)
    con = duckdb.connect(str(db))
    assert con.execute("SELECT count(*) FROM texts WHERE sketch IS NULL OR grams IS NULL").fetchone() == (0,)
    # a store of schema version 5: texts without the sketch columns; grouped again from the start
    con.execute("ALTER TABLE texts DROP COLUMN grams")
    con.execute("ALTER TABLE texts DROP COLUMN sketch")
    con.execute("UPDATE chiso_info SET value = '5' WHERE key = 'schema_version'")
    con.execute("DELETE FROM chiso_info WHERE key = 'reports_at'")
    con.close()
    from normalize.store import SCHEMA_VERSION, Store
    with Store(db) as store:                 # gains the columns, empty
        assert store.con.execute("SELECT count(*), count(sketch) FROM texts").fetchone() == (6, 0)
        assert store.con.execute("SELECT value FROM chiso_info WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
        assert C.refresh_reports(store)["copies"] == 3
    assert _snapshot(db) == before
    con = duckdb.connect(str(db), read_only=True)
    # the texts it read (the group with a document without a period) have their sketches now
    assert con.execute("SELECT count(*) FROM texts WHERE sketch IS NOT NULL").fetchone() == (5,)
    con.close()
