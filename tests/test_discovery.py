"""Nothing under a folder is skipped in silence: every file is offered to the readers (content decides),
folders behind symbolic links are read once, what cannot be read is a per-file error, and a path that
does not exist stops the command with a non-zero exit."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pipeline
from batch.files import NotRead, discover
from batch.run import run

ROOT = Path(__file__).resolve().parents[1]
REPORT = "BÁO CÁO\nSở Công Thương đã tiếp nhận tổng số: {n} hồ sơ, đã giải quyết {m} hồ sơ.\n"
ENV = dict(os.environ, PYTHONPATH=str(ROOT))


def chiso(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True,
                          env=ENV, cwd=cwd)


def test_every_file_is_offered_whatever_its_name(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "ket-qua-quy-i.html.txt").write_text(REPORT.format(n=11, m=10), encoding="utf-8")
    (folder / "BAO CAO thang 4").write_text(REPORT.format(n=22, m=20), encoding="utf-8")      # no extension
    (folder / "data.dat").write_text(REPORT.format(n=33, m=30), encoding="utf-8")
    (folder / ".hidden report").write_text(REPORT.format(n=44, m=40), encoding="utf-8")
    (folder / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with zipfile.ZipFile(folder / "table.xlsx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    s = run([folder], db=tmp_path / "c.duckdb", workers=0)
    assert (s.files, s.stored) == (6, 4)
    assert sorted((Path(p).name, r) for p, r in s.failed) == [
        ("scan.png", "not a document: PNG image"), ("table.xlsx", "not a document: Excel workbook (XLSX)")]
    values = pipeline.query("SELECT value FROM long WHERE indicator = 'dossiers_received' ORDER BY value",
                            db=tmp_path / "c.duckdb")["value"].tolist()
    assert values == [11, 22, 33, 44]


def test_folder_links_are_followed_once_and_a_loop_ends(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.txt").write_text("x", encoding="utf-8")
    folder = tmp_path / "archive"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "r.txt").write_text("r", encoding="utf-8")
    (folder / "a" / "back").symlink_to(folder)                  # a loop: a/back -> the archive itself
    (folder / "b-link").symlink_to(folder / "a")                 # the same folder a second time
    (folder / "c-ext").symlink_to(outside)                       # a folder kept elsewhere
    (folder / "dead.txt").symlink_to(tmp_path / "nothing.txt")   # a broken link
    os.mkfifo(folder / "pipe")
    found = list(discover([folder]))
    plain = [str(p.relative_to(tmp_path)) for p in found if not isinstance(p, NotRead)]
    assert plain == ["archive/a/r.txt", "archive/c-ext/x.txt"]
    notes = {str(p.relative_to(tmp_path)): p.reason for p in found if isinstance(p, NotRead)}
    assert notes == {
        "archive/a/back": f"folder already read as {folder} (symbolic link): not read again",
        "archive/b-link": f"folder already read as {folder / 'a'} (symbolic link): not read again",
        "archive/dead.txt": "broken symbolic link: its target does not exist",
        "archive/pipe": "not a regular file (pipe, socket or device)",
    }
    # in a run, each is a per-file error with that reason
    s = run([folder], db=tmp_path / "c.duckdb", workers=0)
    assert s.stored == 2 and {Path(p).name: r for p, r in s.failed}["pipe"] == "not a regular file (pipe, socket or device)"
    errors = pipeline.query("SELECT path, error FROM files WHERE status = 'error' ORDER BY path", db=tmp_path / "c.duckdb")
    assert len(errors) == 4 and errors["path"].tolist()[0] == str(folder / "a" / "back")


SCRIPT = """
import json, sys
import pipeline
for r in pipeline.extract_files([sys.argv[1]]):
    print(json.dumps({"source": r["source"], "status": r["status"], "error": r["error"]}))
"""


def test_unreadable_folder_and_file_are_per_file_errors():
    # read as an unprivileged user (root reads everything); under /tmp so that user can reach it
    base = Path(tempfile.mkdtemp(prefix="chiso-perm-"))
    try:
        base.chmod(0o755)
        (base / "ok").mkdir()
        (base / "ok" / "r.txt").write_text(REPORT.format(n=5, m=5), encoding="utf-8")
        (base / "secret.txt").write_text(REPORT.format(n=6, m=6), encoding="utf-8")
        (base / "closed").mkdir()
        (base / "closed" / "inside.txt").write_text("x", encoding="utf-8")
        for p in (base / "ok", base / "ok" / "r.txt"):
            p.chmod(0o755)
        (base / "secret.txt").chmod(0o000)
        (base / "closed").chmod(0o000)
        cmd = [sys.executable, "-c", SCRIPT, str(base)]
        if os.geteuid() == 0:
            cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
        out = subprocess.run(cmd, capture_output=True, text=True, env=ENV, cwd="/", check=True).stdout
        got = {Path(r["source"]).name: (r["status"], r["error"]) for r in map(json.loads, out.splitlines())}
        assert got == {"closed": ("error", "cannot read folder: Permission denied"),
                       "r.txt": ("ok", None),
                       "secret.txt": ("error", "cannot open file: Permission denied")}
    finally:
        for p in (base / "closed", base / "secret.txt"):
            p.chmod(0o700)
        shutil.rmtree(base)


def test_a_path_that_does_not_exist_is_an_error(tmp_path):
    db = tmp_path / "c.duckdb"
    r = chiso("run", tmp_path / "no" / "such", "--db", db)
    assert r.returncode == 1 and r.stderr.strip() == f"chiso: no such file or folder: {tmp_path / 'no' / 'such'}"
    assert not db.exists()                   # refused before anything was done
    r = chiso("audit", tmp_path / "gone.txt")
    assert r.returncode == 1 and "no such file or folder" in r.stderr
    real = tmp_path / "r.txt"
    real.write_text(REPORT.format(n=1, m=1), encoding="utf-8")
    r = chiso("extract", real, tmp_path / "gone.txt")
    records = [json.loads(line) for line in r.stdout.splitlines()]
    # one record per input (the contract), and the exit says a path was not there
    assert r.returncode == 1 and [x["status"] for x in records] == ["ok", "error"]
    assert records[1]["error"] == "cannot open file: No such file or directory"
