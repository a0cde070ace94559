"""The OCR line of the benchmark: CPU-seconds a page, pages/s and accuracy of reading scans.

    .venv/bin/python bench/ocr.py                        # before and after, every kind of scan (about 15 min on 2 cores)
    .venv/bin/python bench/ocr.py --kinds fixture,bw200 --reports quangngai_sct_2021-H1
    .venv/bin/python bench/ocr.py --settings after --try 'dpi=120,params=tessedit_do_invert=0' --try dpi=150

The scans: the scanned fixture (fixtures/scanned_*.pdf, 1-bit 200 dpi) and scans made here of the five
fixture text PDFs, each page rendered at 200 or 300 dpi, turned by up to 0.8 degrees and noised, then
either made black and white (speckled, blurred, thresholded: 1-bit, CCITT G4, `bw200` / `bw300`) or kept
grey (blurred, paper tone, grain, JPEG quality 75: `grey200` / `grey300`) and put in an image-only PDF.
They are made at run time into a temporary folder (`--scans DIR` keeps them for the next run).

Each settings of extract/readers/ocr.py (`before` = ocr.BEFORE, chiso up to 0.1.1; `after` =
ocr.SETTINGS; `--try k=v,...` a variant of SETTINGS, try1, try2...) reads every scan with the whole extractor
(pipeline.extract_file, no OCR cache) in `--workers` processes, one file per task as `chiso run` does.
Per kind of scan:
- CPU-s/page: the CPU seconds of the worker and its Tesseract processes, per page (what a page costs,
  whatever else runs on the machine); pages/s: pages over the wall time of the whole settings phase;
- words: the share of the text PDF's words (\\w+ runs, in order) the scan's text has, and of those
  with a Vietnamese mark (`marks`);
- F1: indicator F1 against the reports' gold (bench/templates, bench/f1.py), with the text PDFs' own
  F1 as the ceiling.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing as mp
import os
import random
import re
import resource
import sys
import tempfile
import time
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "fixtures"
TEMPLATES = Path(__file__).resolve().parent / "templates"
REPORTS = ["bacgiang_sct_2025-M04", "dongnai_sct_2021-H1", "dongnai_sct_2022-plan", "dongnai_sct_2023-Q3",
           "quangngai_sct_2021-H1"]
SCANNED = "scanned_bacgiang_sct_2025-M04"
KINDS = ["fixture", "bw200", "grey200", "bw300", "grey300"]
_WORD = re.compile(r"\w+")


# ---------------------------------------------------------------- scans

def make_scan(src: Path, out: Path, dpi: int, mode: str, seed: int = 7) -> None:
    """An image-only PDF of `src`: every page rendered at `dpi`, turned a little, noised; `mode` bw
    (1-bit) or grey (JPEG)."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rnd = random.Random(f"{seed}:{src.name}:{dpi}:{mode}")
    rng = np.random.default_rng(rnd.randrange(1 << 30))
    pdf = pdfium.PdfDocument(str(src))
    images = []
    for i in range(len(pdf)):
        img = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        img = img.rotate(rnd.uniform(-0.8, 0.8), resample=Image.BICUBIC, fillcolor=255)
        if mode == "bw":
            px = img.load()
            w, h = img.size
            for _ in range(w * h // 2500):
                px[rnd.randrange(w), rnd.randrange(h)] = rnd.randrange(0, 160)
            img = img.filter(ImageFilter.GaussianBlur(0.5)).point(lambda v: 255 if v > 150 else 0).convert("1")
        else:
            img = img.filter(ImageFilter.GaussianBlur(0.6))
            a = np.asarray(img, dtype=np.float32) * 0.85 + 28 + rng.normal(0, 7, (img.height, img.width))
            img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
        images.append(img)
    pdf.close()
    extra = {} if mode == "bw" else {"quality": 75}
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi, **extra)


def scans(folder: Path, kinds: list[str], reports: list[str]) -> list[tuple[str, str, Path]]:
    """(kind, report, path) of every scan, made into `folder` when not there yet."""
    out = []
    for kind in kinds:
        if kind == "fixture":
            if SCANNED.removeprefix("scanned_") in reports:
                out.append((kind, SCANNED.removeprefix("scanned_"), FIXTURES / f"{SCANNED}.pdf"))
            continue
        mode, dpi = kind[:-3], int(kind[-3:])
        for rep in reports:
            path = folder / f"{kind}_{rep}.pdf"
            if not path.exists():
                make_scan(FIXTURES / f"{rep}.pdf", path, dpi, mode)
            out.append((kind, rep, path))
    return out


# ---------------------------------------------------------------- reading, in worker processes

def _init(settings: dict) -> None:
    from extract.readers import ocr
    ocr.SETTINGS = ocr.Settings(**dict(settings, params=tuple(settings["params"])))


def _cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def _read(path: str) -> dict:
    import pipeline
    c0 = _cpu()
    rec = pipeline.extract_file(path, keep_text=True)
    return {"path": path, "cpu": _cpu() - c0, "pages": rec.get("pages") or 0, "status": rec["status"],
            "error": rec.get("error"), "text": rec.get("text") or "",
            "indicators": [{k: m.get(k) for k in ("indicator", "kind", "value", "unit")} for m in rec["indicators"]]}


def read_all(paths: list[Path], settings, workers: int) -> tuple[dict[str, dict], float]:
    """{path: result} of every scan read with `settings`, and the wall seconds of the whole phase."""
    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    order = sorted(paths, key=lambda p: -p.stat().st_size)          # the long ones first: no idle core at the end
    t0 = time.perf_counter()
    with ctx.Pool(workers, initializer=_init, initargs=(dataclasses.asdict(settings),)) as pool:
        # the workers import and load everything once before the clock matters
        pool.map(_warm, range(workers))
        t0 = time.perf_counter()
        results = {r["path"]: r for r in pool.imap_unordered(_read, [str(p) for p in order])}
    return results, time.perf_counter() - t0


def _warm(_) -> None:
    import pipeline  # noqa: F401
    from extract.readers import ocr
    ocr.require()


# ---------------------------------------------------------------- scores

def word_match(ref: str, hyp: str) -> tuple[int, int, int, int]:
    """(reference words found in order, reference words, the same for words with a mark (non-ASCII))."""
    a, b = _WORD.findall(ref), _WORD.findall(hyp)
    marked = [not w.isascii() for w in a]
    sm = SequenceMatcher(None, a, b, autojunk=False)
    hit = hit_marked = 0
    for blk in sm.get_matching_blocks():
        hit += blk.size
        hit_marked += sum(marked[blk.a:blk.a + blk.size])
    return hit, len(a), hit_marked, sum(marked)


def gold(report: str) -> list[dict]:
    return json.loads((TEMPLATES / f"{report}.gold.json").read_text(encoding="utf-8"))["indicators"]


def score(rows: list[tuple[str, str, dict]], refs: dict[str, dict]) -> dict[str, dict]:
    """Per kind (and `all`): pages, CPU, word and mark matches, F1 counts."""
    from bench.f1 import counts
    out: dict[str, dict] = {}
    for kind, rep, r in rows:
        for k in (kind, "all"):
            s = out.setdefault(k, {"files": 0, "pages": 0, "cpu": 0.0, "w": [0, 0, 0, 0], "f1": [0, 0, 0], "errors": 0})
            s["files"] += 1
            s["pages"] += r["pages"]
            s["cpu"] += r["cpu"]
            s["errors"] += r["status"] != "ok"
            s["w"] = [x + y for x, y in zip(s["w"], word_match(refs[rep]["text"], r["text"]))]
            s["f1"] = [x + y for x, y in zip(s["f1"], counts(gold(rep), r["indicators"]))]
    return out


def ocr_engine(settings) -> str:
    """Which Tesseract the settings read with (the program or tesserocr, and its version)."""
    from extract.readers import ocr
    tess = ocr.require(settings)
    return f"{type(tess).__name__.lower()}: {tess.key}"


def _f1(c) -> float:
    from bench.f1 import f1
    return f1(*c)


def settings_of(name: str, tried: str | None):
    from extract.readers import ocr
    if name == "before":
        return ocr.BEFORE
    if name == "after":
        return ocr.SETTINGS
    base = ocr.SETTINGS
    fields = {f.name: f.type for f in dataclasses.fields(base)}
    kw = {}
    for part in (tried or "").split(","):
        if not part.strip():
            continue
        k, _, v = part.partition("=")
        k = k.strip()
        if k not in fields:
            sys.exit(f"--try: no setting {k!r} (settings: {', '.join(fields)})")
        cur = getattr(base, k)
        v = v.strip()
        if isinstance(cur, bool):
            kw[k] = v.lower() in ("1", "true", "yes")
        elif isinstance(cur, tuple):          # params=name=value+name=value
            kw[k] = tuple(x for x in v.split("+") if x)
        else:
            kw[k] = type(cur)(v)
    return dataclasses.replace(base, **kw)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kinds", default=",".join(KINDS), help=f"kinds of scan (default {','.join(KINDS)})")
    ap.add_argument("--reports", default=",".join(REPORTS), help="fixture reports to scan (default all five)")
    ap.add_argument("--settings", default="before,after", help="before, after (comma-separated, in order)")
    ap.add_argument("--try", dest="tried", action="append", default=[],
                    help="settings to try: k=v,... over ocr.SETTINGS (again for more; named try1, try2...)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--scans", default=None, help="folder to make the scans in and keep (default: a temporary one)")
    ap.add_argument("--json", default=None, help="write the scores to this file too")
    args = ap.parse_args(argv)
    kinds = [k for k in args.kinds.split(",") if k]
    reports = [r for r in args.reports.split(",") if r]
    names = [n for n in args.settings.split(",") if n]
    tried = {}
    for i, t in enumerate(args.tried):
        tried[f"try{i + 1}"] = t
        names.append(f"try{i + 1}")

    import pipeline
    tmp = None
    if args.scans:
        folder = Path(args.scans)
        folder.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="chiso-ocr-bench-")
        folder = Path(tmp.name)
    t0 = time.perf_counter()
    todo = scans(folder, kinds, reports)
    print(f"{len(todo)} scans in {folder} ({time.perf_counter() - t0:.0f} s to make)", file=sys.stderr, flush=True)
    refs = {}
    for rep in reports:
        rec = pipeline.extract_file(FIXTURES / f"{rep}.pdf", keep_text=True)
        refs[rep] = {"text": rec["text"], "f1": __import__("bench.f1", fromlist=["counts"]).counts(gold(rep), rec["indicators"])}
    ceiling = [sum(refs[r]["f1"][i] for r in reports) for i in range(3)]

    report: dict[str, dict] = {}
    for name in names:
        st = settings_of(name, tried.get(name))
        print(f"{name}: {st}", file=sys.stderr, flush=True)
        results, wall = read_all([p for _, _, p in todo], st, args.workers)
        sc = score([(k, rep, results[str(p)]) for k, rep, p in todo], refs)
        sc["all"]["wall"] = wall
        report[name] = {"settings": dataclasses.asdict(st), "key": f"{st.key()}; {ocr_engine(st)}", "scores": sc}
        for r in results.values():
            if r["status"] != "ok":
                print(f"  {Path(r['path']).name}: {r['error']}", file=sys.stderr)

    print(f"\nOCR: {len(todo)} scans, {args.workers} workers; text PDFs' own F1 {_f1(ceiling):.4f} "
          f"({ceiling[0]} of {ceiling[2]} gold, {ceiling[1]} predicted)\n")
    print("| settings | scans | pages | CPU-s/page | pages/s | words | marks | F1 (tp/pred/gold) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in report.items():
        for kind in [*kinds, "all"]:
            s = r["scores"].get(kind)
            if not s:
                continue
            w = s["w"]
            rate = f"{s['pages'] / s['wall']:.2f}" if "wall" in s else ""
            print(f"| {name} | {kind} | {s['pages']} | {s['cpu'] / max(1, s['pages']):.2f} | {rate} | "
                  f"{100 * w[0] / max(1, w[1]):.2f}% | {100 * w[2] / max(1, w[3]):.2f}% | "
                  f"{_f1(s['f1']):.4f} ({s['f1'][0]}/{s['f1'][1]}/{s['f1'][2]}) |")
    if "before" in report and len(report) > 1:
        b = report["before"]["scores"]["all"]
        for name, r in report.items():
            if name == "before":
                continue
            a = r["scores"]["all"]
            print(f"\n{name} against before: {(b['cpu'] / b['pages']) / (a['cpu'] / a['pages']):.2f}x fewer "
                  f"CPU-s a page, {(a['pages'] / a['wall']) / (b['pages'] / b['wall']):.2f}x pages/s, "
                  f"F1 {_f1(a['f1']) - _f1(b['f1']):+.4f}")
    for name, r in report.items():
        print(f"{name}: {r['key']}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1), encoding="utf-8")
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
