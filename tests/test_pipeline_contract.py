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
