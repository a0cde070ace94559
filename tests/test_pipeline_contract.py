import json
import subprocess
import sys

import pipeline

CONTRACT_KEYS = {"source", "sha256", "format", "status", "error", "meta", "indicators", "references", "findings"}


def test_bad_file_gives_error_record_and_batch_goes_on(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    good = tmp_path / "good.txt"
    good.write_text("BÁO CÁO\nSở Công Thương đã tiếp nhận 331 hồ sơ.\n", encoding="utf-8")
    records = list(pipeline.extract_files([empty, good]))
    assert [r["status"] for r in records] == ["error", "ok"]
    assert records[0]["error"] == "empty file"
    assert CONTRACT_KEYS <= set(records[0]) and CONTRACT_KEYS <= set(records[1])


def test_cli_prints_one_json_line_per_file_in_input_order(tmp_path):
    a = tmp_path / "b.txt"
    a.write_text("một", encoding="utf-8")
    b = tmp_path / "a.txt"
    b.write_text("hai", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(a), str(b), "--format", "jsonl"],
                         capture_output=True, text=True, check=True).stdout
    lines = [json.loads(l) for l in out.splitlines()]
    assert [l["source"] for l in lines] == [str(a), str(b)]


def test_extract_gives_a_file_that_runs_past_its_time_limit_an_error_record_and_goes_on(tmp_path, monkeypatch):
    """`chiso extract --timeout` (300 s by default), like `chiso run`: a file that takes too long (here
    one whose reading hangs) is an error record and the next file is read."""
    import time
    slow, good = tmp_path / "slow.txt", tmp_path / "good.txt"
    slow.write_text("treo", encoding="utf-8")
    good.write_text("BÁO CÁO\nSở Công Thương đã tiếp nhận 331 hồ sơ.\n", encoding="utf-8")
    real = pipeline.extract_file

    def hangs_on_slow(path, **kw):
        if str(path).endswith("slow.txt"):
            while True:
                time.sleep(0.01)
        return real(path, **kw)
    monkeypatch.setattr(pipeline, "extract_file", hangs_on_slow)
    t0 = time.perf_counter()
    records = list(pipeline.extract_files([slow, good], timeout=0.5))
    assert time.perf_counter() - t0 < 5
    assert [(r["status"], r["error"]) for r in records] == [
        ("error", "took longer than 0.5 s (time limit per file)"), ("ok", None)]
    assert [m["value"] for m in records[1]["indicators"]] == [331]
    assert CONTRACT_KEYS <= set(records[0])
