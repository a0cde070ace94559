"""How fast the review page is on a store: build seconds, page size, and what headless Chromium reports
(the page's own timings: data-init-ms, data-charts-ms, data-table-ms, data-review-ms, data-ready-ms), median of N loads.

    .venv/bin/python bench/report_page.py --db bench/.runs/STORE.duckdb [--runs 3]
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from report.build import build_report  # noqa: E402

TIMINGS = ("init", "charts", "table", "review", "ready")


def load(chromium: str, page: Path, profile: Path) -> tuple[float, dict[str, float]]:
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
           "--virtual-time-budget=30000", "--dump-dom", page.resolve().as_uri()]
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600).stdout
    wall = time.perf_counter() - t
    body = re.search(r"<body[^>]*>", out)
    got = {k: float(m.group(1)) for k in TIMINGS
           if body and (m := re.search(rf'data-{k}-ms="([\d.]+)"', body.group(0)))}
    return wall, got


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        t = time.perf_counter()
        info = build_report(a.db, page)
        print(f"build {time.perf_counter() - t:.1f} s · {info.bytes / 1e6:.1f} MB · {info.documents} documents · "
              f"{info.values} figures · {info.findings} findings")
        if not chromium:
            print("chromium not found")
            return 1
        walls, runs = [], []
        for k in range(a.runs):
            wall, got = load(chromium, page, Path(tmp) / f"profile{k}")
            walls.append(wall)
            runs.append(got)
        print(f"chromium process (start, load, dump) median {statistics.median(walls):.2f} s over {a.runs}")
        for k in TIMINGS:
            xs = [r[k] for r in runs if k in r]
            if xs:
                print(f"  {k:7s} median {statistics.median(xs) / 1000:.2f} s  (runs: {', '.join(f'{x / 1000:.2f}' for x in xs)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
