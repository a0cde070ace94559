"""The store as users meet it: a store of a newer chiso is refused and left as it is, a file that is not
a store gets one sentence from every command, and the store can be read while `chiso run` writes it."""
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb

import pipeline
from normalize.store import SCHEMA_VERSION, Store

ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, PYTHONPATH=str(ROOT))
REPORT = "BÁO CÁO\nSở Công Thương đã tiếp nhận tổng số: {n} hồ sơ, đã giải quyết {m} hồ sơ.\n"


def chiso(*args, cwd):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True,
                          env=ENV, cwd=cwd)


def reports(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"r{i:04d}.txt").write_text(REPORT.format(n=1000 + i, m=900 + i), encoding="utf-8")
    return folder


def every_store_command(db: Path, folder: Path, cwd: Path) -> dict[str, subprocess.CompletedProcess]:
    return {"run": chiso("run", folder, "--db", db, "--workers", "0", cwd=cwd),
            "query": chiso("query", "SELECT count(*) FROM documents", "--db", db, cwd=cwd),
            "export": chiso("export", "--db", db, "--out", cwd / "x.csv", cwd=cwd),
            "report": chiso("report", "--db", db, "--out", cwd / "r.html", cwd=cwd)}


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_a_store_of_a_newer_chiso_is_refused_and_left_as_it_is(tmp_path):
    folder = reports(tmp_path / "in", 2)
    db = tmp_path / "new.duckdb"
    pipeline.run([folder], db=db, workers=0)
    con = duckdb.connect(str(db))
    con.execute("UPDATE chiso_info SET value = '99' WHERE key = 'schema_version'")
    con.close()
    before = sha(db)
    for name, r in every_store_command(db, folder, tmp_path).items():
        assert r.returncode == 1, name
        assert r.stderr.strip() == (f"chiso: {db} was written by a newer chiso (store schema version 99); this "
                                    f"chiso reads versions up to {SCHEMA_VERSION}: upgrade chiso to use it "
                                    "(the store is left as it is)"), name
    assert sha(db) == before
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "r.html").exists()


def test_a_file_that_is_not_a_store_gets_one_sentence_from_every_command(tmp_path):
    folder = reports(tmp_path / "in", 1)
    text = tmp_path / "notes.duckdb"
    text.write_text("not a database\n", encoding="utf-8")
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE sales (n INTEGER)")
    con.close()
    for db, why in ((text, "not a DuckDB database file"), (other, "a DuckDB database without chiso's tables")):
        before = sha(db)
        for name, r in every_store_command(db, folder, tmp_path).items():
            assert (r.returncode, r.stderr.strip()) == (1, f"chiso: {db} is not a chiso store ({why})"), name
            assert "Traceback" not in r.stderr
        assert sha(db) == before
    # `chiso audit` reads reports, not the store: a store given to it is a file that is not a document,
    # and with nothing read it says so and fails, pointing at --db
    good = tmp_path / "good.duckdb"
    pipeline.run([folder], db=good, workers=0)
    r = chiso("audit", good, "--format", "csv", cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr and "--db" in r.stderr
    rec = pipeline.extract_file(good)
    assert rec["error"] == "not a document: DuckDB database (a chiso store? read it with chiso query, export or report)"


RUN = """
import sys
from batch.run import run
s = run([sys.argv[1]], db=sys.argv[2], workers=1, progress=False)
print(s.stored, len(s.failed))
"""


def test_the_store_can_be_queried_while_a_run_writes_it(tmp_path):
    folder = reports(tmp_path / "in", 600)
    db = tmp_path / "c.duckdb"
    run = subprocess.Popen([sys.executable, "-c", RUN, str(folder), str(db)], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, env=ENV, cwd=tmp_path)
    counts, waits = [], []
    try:
        while run.poll() is None:
            if not db.exists():
                time.sleep(0.05)
                continue
            t0 = time.monotonic()
            try:
                n = int(pipeline.query("SELECT count(*) AS n FROM documents", db=db)["n"][0])
            except pipeline.StoreError:       # the schema not yet written by the run
                continue
            waits.append(time.monotonic() - t0)
            if run.poll() is None:
                counts.append(n)
            time.sleep(0.2)
    finally:
        out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert out.split() == ["600", "0"]
    # several answers while the run went on, growing as it stored, each within a few seconds
    assert len(counts) >= 3 and counts == sorted(counts) and counts[-1] > counts[0], counts
    assert max(waits) < 10, waits
    with Store(db, read_only=True) as st:
        assert st.counts()["documents"] == 600
    assert not Path(str(db) + ".readers").exists()


SLOW = """
import sys, time
from pathlib import Path
from batch.files import extract_file
from batch.run import run

def slow(path, **kw):
    if path.endswith("r0003.txt"):          # a long file: the driver has nothing to write meanwhile
        Path(sys.argv[3]).touch()
        time.sleep(8)
    return extract_file(path, **kw)

s = run([sys.argv[1]], db=sys.argv[2], workers=0, extractor="__main__:slow", options={"keep_text": True},
        progress=False)
print(s.stored, len(s.failed))
"""


def test_while_a_slow_file_is_read_the_store_is_free_and_holds_what_came_before(tmp_path):
    folder = reports(tmp_path / "in", 5)
    db, marker = tmp_path / "c.duckdb", tmp_path / "slow-started"
    run = subprocess.Popen([sys.executable, "-c", SLOW, str(folder), str(db), str(marker)], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, env=ENV, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists()
        time.sleep(2.0)           # the driver closes the database after a second with nothing to do
        t0 = time.monotonic()
        n = int(pipeline.query("SELECT count(*) AS n FROM documents", db=db)["n"][0])
        waited = time.monotonic() - t0
        assert run.poll() is None                   # the slow file is still being read
        assert n == 3 and waited < 2.0, (n, waited)  # the three before it, committed; no wait for the slow one
    finally:
        out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert out.split() == ["5", "0"]
