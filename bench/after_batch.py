"""The steps after the batch (copy grouping, findings across reports) on stores of 1,000 to 20,000 documents.

    .venv/bin/python bench/after_batch.py [--sizes 1000,5000,20000] [--add 200]

Each store is built the way `chiso run` builds it, without running the extractor N times: the
fixtures' text reports (PDF, DOCX, DOC, TXT; no scan) are extracted once with the real extractor
(`batch.files.extract_file(keep_text=True)`, as a worker does; kept in `bench/.after_batch/templates.json`),
and each synthetic document is one of those records made into another report: province (63) and
agency (8), a period of the agency's run of reports (months, quarters, 6 and 9 months, the year, the
year's plan: 14 a year, years going back from 2025), every count of the record scaled by a factor
of its own (figures and across-report checks then disagree as real reports do), the digits of its
text changed, a sha256 of its own. One in five reports has a second copy (another format, a draft
without its number, one figure changed: a `copies_disagree`), and one in a hundred documents has no
period (compared with the documents of its group whose sketch may match: normalize.sketch). Each record
is packed and sketched as a worker does (`as_worker`: counted with the extraction, in parallel), then
goes through `Store.add` in the order they are made, as the run's driver adds what the workers send;
then `refresh_reports`
and `refresh_across` run as `pipeline.run` calls them, each timed apart. `--add K` then stores K
more documents (new reports of existing groups) into the same store and times both steps again:
an incremental run touches only the groups those documents join.

Times are CPU seconds (`time.process_time`, DuckDB's threads included), so a busy shared machine
moves them less than wall time. The share of the run: the run at N documents is taken as the
extraction (N × (the templates' mean CPU seconds a document + the packing and sketching), measured
here, over 2 workers) plus the store writes (measured) plus the two steps; the bench corpus of
`bench/run.py` reads ~35 documents/s on 2 cores (0.057 s a document), close to this estimate. The
findings across reports grow faster than the documents in this corpus (its groups fill up and adjacent
periods meet), so their time is also given per document + finding.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(__file__).resolve().parent / ".after_batch"
AGENCIES = ["Sở Công Thương", "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Xây dựng", "Sở Y tế",
            "Sở Giáo dục và Đào tạo", "Sở Khoa học và Công nghệ"]
# a year of one agency's reports: (period suffix, doc_type)
YEAR = [("Y", "ke_hoach"), ("M01", "bao_cao"), ("M02", "bao_cao"), ("Q1", "bao_cao"), ("M04", "bao_cao"),
        ("M05", "bao_cao"), ("H1", "bao_cao"), ("M07", "bao_cao"), ("M08", "bao_cao"), ("9M", "bao_cao"),
        ("M10", "bao_cao"), ("M11", "bao_cao"), ("Y", "bao_cao"), ("Q3", "bao_cao")]
FORMAT_OF_COPY = {"pdf": "docx", "docx": "pdf", "doc": "pdf", "txt": "pdf"}
_DIGITS = re.compile(r"\d+")


def templates() -> tuple[list[dict], float]:
    """The fixtures' text reports as extracted records, and the mean CPU seconds of one extraction."""
    WORK.mkdir(exist_ok=True)
    cache = WORK / "templates.json"
    if cache.exists():
        data = json.loads(cache.read_text())
        return data["records"], data["cpu_per_doc"]
    from batch.files import extract_file
    files = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".pdf", ".docx", ".doc", ".txt")
                   and not p.name.startswith(("scanned_", "legacy_")))
    extract_file(files[0], keep_text=True, ocr="never")     # imports and data files out of the timing
    t0 = time.process_time()
    records = [extract_file(p, keep_text=True, ocr="never") for p in files]
    cpu = (time.process_time() - t0) / len(files)
    records = [r for r in records if r.get("status") == "ok" and r["meta"].get("agency")]
    cache.write_text(json.dumps({"records": records, "cpu_per_doc": cpu}, ensure_ascii=False))
    return records, cpu


def provinces() -> list[str]:
    import csv
    lines = [ln for ln in (ROOT / "vn" / "data" / "provinces.csv").read_text().splitlines() if not ln.startswith("#")]
    return [row["name"] for row in csv.DictReader(lines)][:63]


class Maker:
    """Synthetic records: report j of group g is period YEAR[j % 14] of year 2025 - j // 14."""

    def __init__(self, temps: list[dict], seed: int = 7):
        self.rng = random.Random(seed)
        self.plans = [t for t in temps if t["meta"].get("doc_type") == "ke_hoach"]
        self.reports = [t for t in temps if t["meta"].get("doc_type") != "ke_hoach"]
        self.groups = [(p, a) for p in provinces() for a in AGENCIES]
        self.next = {g: 0 for g in range(len(self.groups))}
        self.active = len(self.groups)   # groups the reports go to (--per-group: fewer, as many as the size needs)
        self.n = 0

    def _sha(self) -> str:
        self.n += 1
        return hashlib.sha256(f"after-batch {self.n}".encode()).hexdigest()

    def report(self, g: int | None = None) -> list[dict]:
        """One report (a record, and a second copy of it one time in five)."""
        rng = self.rng
        g = rng.randrange(self.active) if g is None else g
        j = self.next[g]
        self.next[g] += 1
        suffix, doc_type = YEAR[j % len(YEAR)]
        year = 2025 - j // len(YEAR)
        period = None if rng.random() < 0.01 else f"{year}-{suffix}"
        t = rng.choice(self.plans if doc_type == "ke_hoach" else self.reports)
        r = copy.deepcopy(t)
        province, agency = self.groups[g]
        meta = r["meta"]
        for k in ("period_start", "period_end", "window_start", "window_end", "window_source", "issue_date",
                  "province_code", "province_2025_code", "agency_code", "evidence", "sources"):
            meta.pop(k, None)
        meta.update(province=province, province_2025=province, province_as_written=province, agency=agency,
                    doc_type=doc_type, period=period, doc_number=f"{rng.randint(1, 900)}/BC-{g}")
        factor = rng.uniform(0.5, 2.0)
        old = t["meta"].get("period")
        for m in r["indicators"]:
            if m.get("unit") == "count" and isinstance(m.get("value"), (int, float)):
                m["value"] = int(m["value"] * factor) or 1
            if m.get("period"):
                m["period"] = period if m["period"] == old else (f"{year}-Y" if m.get("kind") == "target" else None)
                m.pop("period_start", None), m.pop("period_end", None)
        salt = rng.randrange(1000)
        r["text"] = _DIGITS.sub(lambda x: str((int(x.group()[:9]) * 7 + salt) % 10000), r["text"]) \
            + f"\n{province} {agency} {period} {self.n}"
        r["sha256"] = self._sha()
        r["source"] = f"archive/{g}/{j}.{r['format']}"
        out = [r]
        if rng.random() < 0.2:             # a draft in another format, one figure written otherwise
            c = copy.deepcopy(r)
            c["sha256"] = self._sha()
            c["format"] = FORMAT_OF_COPY.get(r["format"], "pdf")
            c["source"] = f"archive/{g}/{j}-draft.{c['format']}"
            c["meta"]["doc_number"] = None
            figs = [m for m in c["indicators"] if m.get("unit") == "count"]
            if figs:
                figs[0]["value"] += 1
            out.append(c)
        return out


def as_worker(r: dict) -> float:
    """What a worker does to a record before sending it (batch.run): the text packed and sketched; its CPU
    seconds (part of the extraction, in parallel, not of the driver's writes)."""
    from normalize.sketch import text_sketch
    from normalize.texts import pack_text
    t0 = time.process_time()
    r["grams"], r["sketch"] = text_sketch(r["text"])
    r["text_z"] = pack_text(r.pop("text"))
    return time.process_time() - t0


def build(db: Path, n: int, temps: list[dict], seed: int, per_group: int = 0) -> tuple[Maker, float, int, float]:
    """A new store of n documents through Store.add; returns the maker, the writes' seconds, documents,
    the workers' seconds of packing and sketching. `per_group`: spread the reports over just enough groups
    to hold about that many each, so every size has groups of the same density (an archive that grows by
    agencies and provinces); 0: all 504 groups at every size (an archive that grows by years)."""
    from normalize.store import Store
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
    maker = Maker(temps, seed)
    if per_group:
        maker.active = min(len(maker.groups), max(1, round(n / per_group)))
    docs, writes, worker = 0, 0.0, 0.0
    with Store(db) as store:
        while docs < n:
            rs = maker.report()
            worker += sum(as_worker(r) for r in rs)
            t0 = time.process_time()
            for r in rs:
                store.add(r, r["source"], 1000, 0, 0.1)
            writes += time.process_time() - t0
            docs += len(rs)
        t0 = time.process_time()
        store.flush()
        writes += time.process_time() - t0
    return maker, writes, docs, worker


def after(db: Path) -> tuple[float, float, dict, int]:
    """The two steps as pipeline.run calls them: CPU seconds of each (DuckDB's threads included; the
    driver runs them alone, so on an idle machine that is their wall time), and what they found."""
    from audit.stored import refresh_across
    from normalize.copies import refresh_reports
    from normalize.store import Store
    with Store(db) as store:
        t0 = time.process_time()
        copies = refresh_reports(store)
        t1 = time.process_time()
        across = refresh_across(store)
        t2 = time.process_time()
    return t1 - t0, t2 - t1, copies, across


def add_more(db: Path, maker: Maker, k: int) -> int:
    from normalize.store import Store
    docs = 0
    with Store(db) as store:
        while docs < k:
            for r in maker.report(maker.rng.randrange(maker.active)):
                as_worker(r)
                store.add(r, r["source"], 1000, 0, 0.1)
                docs += 1
        store.flush()
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--add", type=int, default=200, help="documents added to each store afterwards (incremental run)")
    ap.add_argument("--workers", type=int, default=2, help="workers the run's extraction is spread over")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-group", type=int, default=0,
                    help="reports per province x agency group at every size (0: all 504 groups, which fill up)")
    args = ap.parse_args()
    temps, cpu = templates()
    print(f"templates: {len(temps)} records of the fixtures, extraction {cpu:.3f} CPU-s a document "
          f"(run estimate: N x {cpu:.3f} / {args.workers} workers + writes + the two steps)")
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        db = WORK / f"store_{n}.duckdb"
        maker, writes, docs, worker = build(db, n, temps, args.seed, args.per_group)
        cp, fd, copies, across = after(db)
        added = add_more(db, maker, args.add) if args.add else 0
        cp2, fd2, _, _ = after(db) if args.add else (0.0, 0.0, None, None)
        run = docs * (cpu + worker / docs) / args.workers + writes + cp + fd
        rows.append((docs, writes, worker, cp, fd, run, copies, across, added, cp2, fd2))
        print(f"  {docs} documents stored in {writes:.1f} s (workers: {1000 * worker / docs:.2f} ms a document packing "
              f"and sketching); copies {cp:.2f} s, findings {fd:.2f} s", flush=True)
    base = rows[0]
    print()
    print("| documents | writes CPU s | x 1k | copies CPU s | x 1k | ms a document | texts read | findings CPU s | x 1k | "
          "ms a document | findings across | ms a document + finding | both: share of run | "
          "reports with copies / copies / disagree | +K docs: copies s / findings s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for docs, writes, worker, cp, fd, run, copies, across, added, cp2, fd2 in rows:
        print(f"| {docs:,} | {writes:.1f} | {writes / base[1]:.1f} | {cp:.2f} | {cp / base[3]:.1f} | {1000 * cp / docs:.3f} | "
              f"{copies['texts']:,} | {fd:.2f} | {fd / base[4]:.1f} | {1000 * fd / docs:.3f} | {across:,} | "
              f"{1000 * fd / (docs + across):.3f} | {100 * (cp + fd) / run:.1f}% of {run:.0f} s | {copies['reports']} / "
              f"{copies['copies']} / {copies['disagreements']} | +{added}: {cp2:.2f} / {fd2:.2f} |")
    print(f"\n(groups: {'all 504, filling up' if not args.per_group else f'about {args.per_group} reports each'}; "
          f"size ratio to the first row: {', '.join(f'{r[0] / base[0]:.1f}' for r in rows)}; findings across "
          f"ratio: {', '.join(f'{r[7] / max(base[7], 1):.1f}' for r in rows)})")

if __name__ == "__main__":
    main()
