"""The benchmark: chiso over a synthetic corpus of N reports (bench/generate.py), one table of figures.

    .venv/bin/python bench/run.py --docs 1000              # speed, F1 and the ratios (about 6 min on 2 cores)
    .venv/bin/python bench/run.py --memory 1000,5000       # peak memory against corpus size

Every measured phase runs in a fresh child process (`--phase`), timed from outside, its whole process
tree (driver, fork server, workers) sampled for resident memory every 0.1 s. A phase is the batch
runner of `chiso run` (batch.run.run: read → extract → normalize → store into a new DuckDB file,
the document texts kept), with `--workers` worker processes (default: all cores).

Figures (see bench/README.md):
- full run: documents/s, pages/s, peak RSS (sum over the tree: pages shared by forked workers count
  once per process, so this overstates), indicator F1 against the generator's gold;
- re-run over the unchanged corpus into the same store: speed-up over the first run;
- 1 worker against --workers on a sample of the corpus (--scale-sample documents);
- on a sample of text PDFs (--pdf-sample): chiso against the same pipeline reading every page with
  pdfplumber (F1 of both), and against bare pypdfium2 text extraction of those files (as many
  processes as workers), i.e. the share of the reading ceiling the whole pipeline keeps.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = Path(__file__).resolve().parent / ".runs"


# ---------------------------------------------------------------- memory of a process tree

def _children_proc() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            kids.setdefault(ppid, []).append(int(d))
    return kids


def _tree(pid: int) -> list[int]:
    kids, todo, out = _children_proc(), [pid], []
    while todo:
        q = todo.pop()
        out.append(q)
        todo += kids.get(q, [])
    return out


def tree_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes summed over `pid` and all its descendants. PSS (Linux smaps_rollup) shares
    each page among the processes mapping it, so it is what the tree really holds; RSS counts the
    pages forked workers share with the fork server once per process. Without /proc: psutil RSS."""
    if not os.path.isdir("/proc"):
        import psutil
        p = psutil.Process(pid)
        rss = sum(q.memory_info().rss for q in [p] + p.children(recursive=True))
        return rss, rss
    rss = pss = 0
    for q in _tree(pid):
        try:
            with open(f"/proc/{q}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
    return rss, pss


def _cpu(pids: list[int]) -> dict[int, float]:
    """CPU seconds (user + system) so far of each process."""
    out = {}
    tick = os.sysconf("SC_CLK_TCK")
    for q in pids:
        try:
            with open(f"/proc/{q}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            out[q] = (int(fields[11]) + int(fields[12])) / tick
        except (OSError, ValueError, IndexError):
            pass
    return out


def measured(argv: list[str]) -> tuple[dict, float, tuple[int, int]]:
    """Run a child; (its JSON result, wall seconds, (peak RSS, peak PSS) of its tree in bytes)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    peak = [0, 0]
    cpu: dict[int, float] = {}
    stop = threading.Event()

    def sample():
        while not stop.wait(0.1):
            rss, pss = tree_memory(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            if os.path.isdir("/proc"):
                cpu.update(_cpu(_tree(proc.pid)))

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - t0
    stop.set()
    th.join()
    if proc.returncode:
        sys.exit(f"phase failed ({proc.returncode}): {' '.join(argv[:6])} ...")
    res = json.loads(out.strip().splitlines()[-1])
    res["cpu"] = sum(cpu.values())      # the tree's CPU seconds: what the work costs, whatever else runs
    return res, wall, (peak[0], peak[1])


def phase(kind: str, files: list[Path], db: Path | None, workers: int, extractor: str | None = None):
    """A measured child process; returns (result dict, seconds, peak bytes)."""
    RUNS.mkdir(exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=RUNS, suffix=".list", delete=False) as f:
        f.write("\n".join(str(p) for p in files))
    spec = {"kind": kind, "list": f.name, "db": str(db) if db else None, "workers": workers,
            "extractor": extractor or "batch.files:extract_file"}
    try:
        return measured([sys.executable, str(Path(__file__).resolve()), "--phase", json.dumps(spec)])
    finally:
        os.unlink(f.name)


def run_phase(spec: dict) -> None:
    """Inside the child: one phase; prints its result as one JSON line."""
    files = [Path(p) for p in Path(spec["list"]).read_text().splitlines() if p]
    t0 = time.perf_counter()
    if spec["kind"] == "pdfium":
        from bench.baseline import pdfium_text
        if spec["workers"] > 1:
            import multiprocessing as mp
            with mp.get_context("forkserver").Pool(spec["workers"]) as pool:
                pages = sum(pool.imap_unordered(pdfium_text, map(str, files), chunksize=4))
        else:
            pages = sum(pdfium_text(str(p)) for p in files)
        print(json.dumps({"files": len(files), "stored": len(files), "pages": pages, "failed": 0,
                          "seconds": time.perf_counter() - t0}))
        return
    from batch.run import run
    s = run(files, db=spec["db"], workers=spec["workers"], timeout=300, progress=False,
            extractor=spec["extractor"], options={"keep_text": True})
    import resource
    ru = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"files": s.files, "stored": s.stored, "pages": s.pages, "failed": len(s.failed),
                      "driver_cpu": ru.ru_utime + ru.ru_stime,
                      "unchanged": s.unchanged, "seconds": s.seconds,
                      "slowest": [(round(a, 2), Path(b).name, c) for a, b, c in s.slowest]}))


# ---------------------------------------------------------------- the report

def _fresh(name: str) -> Path:
    RUNS.mkdir(exist_ok=True)
    db = RUNS / f"{name}.duckdb"
    for p in (db, Path(str(db) + ".wal")):
        if p.exists():
            p.unlink()
    return db


def _row(label: str, res: dict, wall: float, peak: tuple[int, int], f1: float | None = None) -> str:
    n, secs = res.get("stored", 0), res["seconds"]
    f = f"{f1:.4f}" if f1 is not None else "-"
    return (f"{label:44s} {res['files']:6d} {secs:8.1f} {n / secs:8.2f} {res['pages'] / secs:8.1f} "
            f"{peak[0] / 2**20:8.0f} {peak[1] / 2**20:8.0f} {res.get('cpu', 0):8.1f} {res.get('failed', 0):6d}  {f}")


HEAD = (f"{'phase':44s} {'files':>6s} {'seconds':>8s} {'docs/s':>8s} {'pages/s':>8s} {'RSS MB':>8s} "
        f"{'PSS MB':>8s} {'CPU s':>8s} {'errors':>6s}  F1")


def bench(args) -> None:
    from bench.f1 import store_f1
    from bench.generate import corpus
    w = args.workers
    files = corpus(args.docs, seed=args.seed)
    fmts = {}
    for p in files:
        fmts[p.suffix[1:]] = fmts.get(p.suffix[1:], 0) + 1
    print(f"corpus: {len(files)} documents ({', '.join(f'{v} {k.upper()}' for k, v in sorted(fmts.items()))}), "
          f"seed {args.seed}, {os.cpu_count()} cores, {w} workers\n")
    print(HEAD)
    ratios = []

    db = _fresh("full")
    full, _, m_full = phase("run", files, db, w)
    t_full = full["seconds"]
    f1_full = store_f1(db, files)
    print(_row(f"chiso run, {w} workers", full, t_full, m_full, f1_full[0]), flush=True)
    again, _, m_again = phase("run", files, db, w)
    t_again = again["seconds"]
    print(_row("re-run, unchanged corpus (same store)", again, t_again, m_again), flush=True)
    ratios.append(("re-run vs first run (time)", t_full / t_again, ">= 50x"))

    sample = files[:args.scale_sample]
    one, _, m_one = phase("run", sample, _fresh("w1"), 1)
    t_one = one["seconds"]
    print(_row(f"sample of {len(sample)}: 1 worker", one, t_one, m_one), flush=True)
    many, _, m_many = phase("run", sample, _fresh(f"w{w}"), w)
    t_many = many["seconds"]
    print(_row(f"sample of {len(sample)}: {w} workers", many, t_many, m_many), flush=True)
    ratios.append((f"{w} workers vs 1 (docs/s)", t_one / t_many, ">= 1.7x"))
    ratios.append((f"  CPU seconds, {w} workers / 1", many["cpu"] / one["cpu"], "(1.0 = no parallel overhead)"))

    pdfs = [p for p in files if p.suffix == ".pdf"][:args.pdf_sample]
    db_c = _fresh("pdf_chiso")
    c, _, m_c = phase("run", pdfs, db_c, w)
    t_c = c["seconds"]
    f1_c = store_f1(db_c, pdfs)
    print(_row(f"{len(pdfs)} PDFs: chiso (pdfium + tables)", c, t_c, m_c, f1_c[0]), flush=True)
    db_p = _fresh("pdf_plumber")
    pl, _, m_pl = phase("run", pdfs, db_p, w, "bench.baseline:extract_file_pdfplumber")
    t_pl = pl["seconds"]
    f1_p = store_f1(db_p, pdfs)
    print(_row(f"{len(pdfs)} PDFs: same pipeline, pdfplumber text", pl, t_pl, m_pl, f1_p[0]), flush=True)
    bare, _, m_b = phase("pdfium", pdfs, None, w)
    t_b = bare["seconds"]
    print(_row(f"{len(pdfs)} PDFs: bare pypdfium2 text only", bare, t_b, m_b), flush=True)
    ratios.append(("chiso vs pdfplumber-text pipeline (PDFs)", t_pl / t_c, ">= 10x, same F1"))
    ratios.append(("  the same in CPU seconds", pl["cpu"] / c["cpu"], ""))
    ratios.append(("chiso speed / bare pypdfium2 text (PDFs)", t_b / t_c, ">= 0.30"))
    ratios.append(("  the same in CPU seconds", bare["cpu"] / c["cpu"], ""))

    print(f"\nindicator F1 (full run): {f1_full[0]:.4f} ({f1_full[1]} of {f1_full[3]} gold figures, "
          f"{f1_full[2]} predicted); PDF sample: chiso {f1_c[0]:.4f}, pdfplumber pipeline {f1_p[0]:.4f}")
    print("\nratio                                         measured   target")
    for label, v, target in ratios:
        print(f"{label:44s} {v:9.2f}   {target}")
    print("\nslowest files (full run): " + "; ".join(f"{s:.2f} s {n} ({pg} p.)" for s, n, pg in full["slowest"]))
    print("\nseconds: inside each phase's process (interpreter start-up left out); phases run one after another;\n"
          "RSS / PSS MB: peak resident / proportional memory summed over the phase's process tree, sampled every 0.1 s;\n"
          "CPU s: CPU seconds of the tree (robust to other load on the machine; wall-clock ratios are not)")


def memory(args) -> None:
    from bench.generate import corpus
    sizes = [int(x) for x in args.memory.split(",")]
    pool = corpus(max(sizes), seed=args.seed)
    print(HEAD)
    peaks = []
    for n in sizes:
        res, secs, peak = phase("run", pool[:n], _fresh(f"mem{n}"), args.workers)
        peaks.append(peak)
        print(_row(f"chiso run, {n} documents, {args.workers} workers", res, secs, peak), flush=True)
    for k, name in ((0, "RSS"), (1, "PSS")):
        vals = [p[k] for p in peaks]
        print(f"\npeak {name}: {' / '.join(f'{v / 2**20:.0f} MB' for v in vals)}; largest / smallest = "
              f"{max(vals) / min(vals):.3f} (target within 1.15); max {max(vals) / 2**20:.0f} MB (target < 600 MB)", end="")
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000, help="corpus size (default 1000)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scale-sample", type=int, default=200, help="documents for 1 worker vs many (default 200)")
    ap.add_argument("--pdf-sample", type=int, default=100, help="PDFs for the reader comparisons (default 100)")
    ap.add_argument("--memory", default=None, metavar="N,N", help="only the memory check over these corpus sizes")
    ap.add_argument("--phase", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        run_phase(json.loads(args.phase))
    elif args.memory:
        memory(args)
    else:
        bench(args)


if __name__ == "__main__":
    main()
