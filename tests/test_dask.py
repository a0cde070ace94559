"""`chiso run --scheduler`: the same stage function on a Dask cluster gives the same table as the local
run; the per-file time limit holds inside a Dask worker thread."""
import threading
import time
from pathlib import Path

import pytest

import pipeline
from batch.run import extract_with_limit, run

distributed = pytest.importorskip("distributed")   # the dev extra installs it; CI runs this test

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
KEY = ["document", "indicator", "kind", "qualifier"]


@pytest.fixture(scope="module")
def cluster():
    # threads in this process: starts in about a second, and runs tasks off the main thread as real
    # Dask workers do (so the thread-based time limit is the one exercised)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as c:
        yield c


def _table(db):
    long = pipeline.load_tables(db).long
    return long.sort_values(KEY)[KEY + ["value", "page", "start", "end"]].reset_index(drop=True)


def test_fixtures_on_a_dask_cluster_match_the_local_run(tmp_path, cluster):
    # the five reports as TXT, two as PDF (tables) and DOCX, and the scanned PDF (a per-file error
    # without OCR): every reader and both outcomes, in well under a minute
    files = sorted([p for p in FIXTURES.glob("*.txt") if not p.name.startswith("legacy_")]
                   + [FIXTURES / f"{n}.{ext}" for n in ("dongnai_sct_2021-H1", "quangngai_sct_2021-H1")
                      for ext in ("pdf", "docx")] + [FIXTURES / "scanned_bacgiang_sct_2025-M04.pdf"])
    local = run(files, db=tmp_path / "local.duckdb", workers=0, options={"keep_text": True, "ocr": "never"})
    dask = run(files, db=tmp_path / "dask.duckdb", scheduler=cluster, options={"keep_text": True, "ocr": "never"})
    assert dask.workers == 2
    assert (dask.stored, sorted(dask.failed)) == (local.stored, sorted(local.failed))
    assert local.stored == 9 and len(local.failed) == 1           # the scanned PDF (OCR off)
    a, b = _table(tmp_path / "local.duckdb"), _table(tmp_path / "dask.duckdb")
    assert len(a) > 100 and a.equals(b)
    # the stored paths are the ones given, not the absolute paths the workers were sent
    got = pipeline.query("SELECT path FROM files ORDER BY path", db=tmp_path / "dask.duckdb")["path"].tolist()
    assert got == sorted(str(f) for f in files)
    # a re-run on the cluster finds everything unchanged and sends nothing
    again = run(files, db=tmp_path / "dask.duckdb", scheduler=cluster, options={"keep_text": True, "ocr": "never"})
    assert (again.stored, again.unchanged) == (0, local.stored)


def _slow(path):
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:    # Python bytecode: the injected exception lands here
        pass
    return {"source": path}


def test_time_limit_in_a_worker_thread():
    out = {}

    def go():
        t0 = time.monotonic()
        out["rec"], _ = extract_with_limit(_slow, "slow.txt", 0.3)
        out["took"] = time.monotonic() - t0
        out["fast"], _ = extract_with_limit(lambda p: {"source": p, "status": "ok"}, "fast.txt", 0.3)
        time.sleep(0.5)                   # a cancelled timer must not fire later in this thread
        out["after"] = True

    th = threading.Thread(target=go)
    th.start()
    th.join(10)
    assert out["rec"]["status"] == "error" and out["rec"]["error"] == "took longer than 0.3 s (time limit per file)"
    assert out["took"] < 2
    assert out["fast"] == {"source": "fast.txt", "status": "ok"} and out["after"]


def test_cli_has_the_scheduler_option():
    args = pipeline.build_parser().parse_args(["run", "x", "--scheduler", "tcp://10.0.0.5:8786"])
    assert args.scheduler == "tcp://10.0.0.5:8786"
