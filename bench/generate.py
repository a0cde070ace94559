"""A synthetic corpus of N realistic reports, each with its own gold, for the benchmark.

    .venv/bin/python bench/generate.py --docs 1000 [--out bench/.corpus] [--seed 7] [--workers 2]

Every document is one of the five dev reports (`fixtures/NAME.txt`, gold in `bench/templates/`) made
into another report:
- another province (title and upper-case forms, the domain), another agency (Sở Tư pháp, Sở Nội vụ,
  ...; its short name replaces "Công Thương" everywhere, its code replaces "SCT" in the symbols),
  another period (every year shifted by the same number, so dates and windows stay consistent);
- other figures: a count or a percentage the gold names is given a new value, formatted as it was
  (`9.423`, `98,6%`), at every place the text writes it; a value written once inside `116/116`, a date
  or a symbol keeps its old value everywhere (the gold must stay true);
- 3–20 pages: figure-free paragraphs of the dev reports (checked once: chiso finds no figure in them)
  are added before section headings until the target length is reached;
- PDF 60% (reportlab, grid tables, page header and numbers), DOCX 25% (python-docx, real tables),
  TXT 15%, built with the functions of fixtures/build_fixtures.py.

The gold (`NAME.gold.json`, the format of GOLD.md: meta and indicators) comes from the generator: it
knows which values it wrote. Document i depends only on (seed, i), so a corpus of 5,000 holds the one of
1,000 and files already on disk are not built again.
"""
from __future__ import annotations

import argparse
import csv
import json
import multiprocessing as mp
import random
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / ".corpus"
TEMPLATES = ["bacgiang_sct_2025-M04", "dongnai_sct_2021-H1", "dongnai_sct_2022-plan",
             "dongnai_sct_2023-Q3", "quangngai_sct_2021-H1"]
FORMATS = (("pdf", 0.60), ("docx", 0.25), ("txt", 0.15))
# (full name, short name as in "ngành ...", code in symbols)
AGENCIES = [("Sở Công Thương", "Công Thương", "SCT"), ("Sở Tư pháp", "Tư pháp", "STP"),
            ("Sở Tài chính", "Tài chính", "STC"), ("Sở Xây dựng", "Xây dựng", "SXD"),
            ("Sở Y tế", "Y tế", "SYT"), ("Sở Giáo dục và Đào tạo", "Giáo dục và Đào tạo", "SGDĐT"),
            ("Sở Tài nguyên và Môi trường", "Tài nguyên và Môi trường", "STNMT"),
            ("Sở Giao thông vận tải", "Giao thông vận tải", "SGTVT")]
TEMPLATE_PROVINCES = {"bacgiang": ["Bắc Giang"], "dongnai": ["Đồng Nai", "Đông Nai"], "quangngai": ["Quảng Ngãi"]}
CHARS_PER_PAGE = 3000          # about one A4 page of the PDFs built here
PAGE_STYLES = ["{n}", "- {n} -", "Trang {n}"]

_COUNT = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:\.\d{3})+|\d+)(?![\w/-]|[.,]\d|\s?%)")
_PERCENT = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:,\d+)?)(\s?%)")
_YEAR = re.compile(r"(?<!\d)(20[0-3]\d)(?!\d)")
_HEADING = re.compile(r"^(#+ |[IVX]+\. |\d+\. )")


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _count_value(tok: str) -> int:
    return int(tok.replace(".", ""))


def _format_count(v: int, like: str) -> str:
    if "." in like and v >= 1000:
        return f"{v:,}".replace(",", ".")
    return str(v)


def _format_percent(v: float, like: str) -> str:
    dec = len(like.split(",")[1]) if "," in like else 0
    s = f"{v:.{dec}f}"
    return s.replace(".", ",")


# ---------------------------------------------------------------- templates (loaded once per process)

_templates: dict | None = None


def templates() -> dict:
    global _templates
    if _templates is None:
        _templates = {}
        for name in TEMPLATES:
            text = _nfc((ROOT / "fixtures" / f"{name}.txt").read_text(encoding="utf-8"))
            gold = json.loads((HERE / "templates" / f"{name}.gold.json").read_text(encoding="utf-8"))
            _templates[name] = {"text": text, "gold": gold, "counts": _mappable_counts(text, gold),
                                "percents": _mappable_percents(text, gold)}
    return _templates


def _mappable_counts(text: str, gold: dict) -> set[int]:
    """Count values the gold names (10 and over, not year-like) that the text writes only as free
    numbers: every place that writes them can then be changed."""
    wanted = {int(i["value"]) for i in gold["indicators"]
              if i.get("unit", "count") == "count" and i["kind"] != "change" and float(i["value"]).is_integer()
              and (10 <= i["value"] < 1990 or i["value"] > 2040)}
    free = {_count_value(m.group(1)) for m in _COUNT.finditer(text)}
    # any other place writing the digits (116/116, 21/3/2025, 9,423) makes the value unsafe to change
    bad = set()
    for v in wanted:
        forms = {str(v), _format_count(v, "1.000")}
        for form in forms:
            for m in re.finditer(rf"(?<!\d){re.escape(form)}(?!\d)", text):
                if not _COUNT.fullmatch(form) or not _is_free(text, m.start(), m.end()):
                    bad.add(v)
    return {v for v in wanted if v in free and v not in bad}


def _is_free(text: str, a: int, b: int) -> bool:
    m = _COUNT.match(text, a)
    return bool(m) and m.end() == b and (a == 0 or not re.match(r"[\w.,/-]", text[a - 1]))


def _mappable_percents(text: str, gold: dict) -> set[str]:
    """Percent values (as written, '98,6') the gold names, other than 0 and 100, written only with %."""
    wanted = set()
    for i in gold["indicators"]:
        if i.get("unit") == "percent" or str(i["indicator"]).endswith("_rate"):
            v = float(i["value"])
            if 0 < v < 100 and i["kind"] != "change":
                wanted.add(v)
    ok = set()
    for m in _PERCENT.finditer(text):
        tok = m.group(1)
        v = float(tok.replace(",", "."))
        if v in wanted:
            others = [x for x in re.finditer(rf"(?<![\d,]){re.escape(tok)}(?![\d,])", text)]
            if all(re.match(r"\s?%", text[x.end():x.end() + 2]) for x in others):
                ok.add(tok)
    return ok


def _provinces() -> list[tuple[str, str]]:
    rows = []
    with open(ROOT / "vn" / "data" / "provinces.csv", encoding="utf-8") as f:
        for row in csv.DictReader(line for line in f if not line.startswith("#")):
            if row["kind"] == "tỉnh":
                rows.append((row["name"], row["code"]))
    return rows


def _skeleton(name: str) -> str:
    s = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in s if not unicodedata.combining(c)).replace(" ", "").lower()


_filler: list[str] | None = None


def filler(cache: Path | None = None) -> list[str]:
    """Paragraphs of the dev reports without a digit in which chiso finds no figure and no reference:
    text that lengthens a report without changing its gold. Checked once, cached beside the corpus."""
    global _filler
    if _filler is not None:
        return _filler
    if cache and cache.exists():
        _filler = json.loads(cache.read_text(encoding="utf-8"))
        return _filler
    from extract.readers.txt import read_txt
    from pipeline import extract_document
    seen, keep = set(), []
    for name in TEMPLATES:
        for para in re.split(r"\n\s*\n", templates()[name]["text"]):
            para = para.strip()
            if (len(para) < 120 or "\t" in para or re.search(r"\d", para) or _HEADING.match(para)
                    or para in seen):
                continue
            seen.add(para)
            rec = extract_document(read_txt("filler.txt", para.encode("utf-8"), ""))
            if not rec["indicators"] and not rec["references"]:
                keep.append(para)
    _filler = keep
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(keep, ensure_ascii=False), encoding="utf-8")
    return keep


# ---------------------------------------------------------------- one document

def make_text(i: int, seed: int, pool: list[str]) -> tuple[str, str, str, dict, str]:
    """(name, format, text, gold, page header) of document i."""
    rnd = random.Random(seed * 1_000_003 + i)
    tname = TEMPLATES[i % len(TEMPLATES)] if i < len(TEMPLATES) else rnd.choice(TEMPLATES)
    t = templates()[tname]
    text, gold = t["text"], json.loads(json.dumps(t["gold"]))
    r = rnd.random()
    fmt = "pdf" if r < FORMATS[0][1] else "docx" if r < FORMATS[0][1] + FORMATS[1][1] else "txt"

    # figures: counts and percentages the gold names get new values, the same at every place
    used = {int(x["value"]) for x in gold["indicators"] if float(x["value"]).is_integer()}
    cmap: dict[int, int] = {}
    for v in sorted(t["counts"]):
        for _ in range(20):
            nv = max(10, int(v * rnd.uniform(0.5, 1.6)))
            if nv not in used and not 1990 <= nv <= 2040:
                break
        used.add(nv)
        cmap[v] = nv
    pmap: dict[str, str] = {}
    pvals: dict[float, float] = {}
    for tok in sorted(t["percents"]):
        v = float(tok.replace(",", "."))
        for _ in range(20):
            nv = round(rnd.uniform(max(50.0, v - 20), 99.99), len(tok.split(",")[1]) if "," in tok else 0)
            if 0 < nv < 100 and nv not in pvals.values():
                break
        pmap[tok] = _format_percent(nv, tok)
        pvals[v] = float(pmap[tok].replace(",", "."))
    text = _PERCENT.sub(lambda m: (pmap.get(m.group(1), m.group(1)) + m.group(2)), text)
    text = _COUNT.sub(lambda m: _format_count(cmap[_count_value(m.group(1))], m.group(1))
                      if _count_value(m.group(1)) in cmap and _is_free(text, m.start(), m.end()) else m.group(1), text)
    for x in gold["indicators"]:
        v = float(x["value"])
        if x["kind"] == "change":
            continue
        if (x.get("unit") == "percent" or x["indicator"].endswith("_rate")) and v in pvals:
            x["value"] = pvals[v]
        elif float(v).is_integer() and int(v) in cmap and not x["indicator"].endswith("_rate"):
            x["value"] = cmap[int(v)]

    # period: every year moved by the same number
    year = int(gold["meta"]["period"][:4])
    shift = rnd.randint(2019, 2026) - year
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
    meta = gold["meta"]
    meta["period"] = f"{year + shift}{meta['period'][4:]}"
    for k in ("window_start", "window_end"):
        if meta.get(k):
            meta[k] = f"{int(meta[k][:4]) + shift}{meta[k][4:]}"

    # province and agency
    prov, _code = rnd.choice(_provinces())
    for old in TEMPLATE_PROVINCES[tname.split("_")[0]]:
        text = text.replace(old, prov).replace(old.upper(), prov.upper())
    text = text.replace(_skeleton(TEMPLATE_PROVINCES[tname.split("_")[0]][0]), _skeleton(prov))
    present = {a[0] for a in AGENCIES if a[0] != "Sở Công Thương" and a[0] in text}
    agency, short, code = rnd.choice([a for a in AGENCIES if a[0] not in present])
    text = (text.replace("Công Thương", short).replace("CÔNG THƯƠNG", short.upper())
            .replace("-SCT", f"-{code}"))
    meta["province"] = prov
    meta["agency"] = agency

    # length: figure-free paragraphs before headings until the target page count
    pages = rnd.randint(3, 20)
    need = pages * CHARS_PER_PAGE - len(text)
    if need > 0 and pool:
        lines = text.split("\n")
        heads = [k for k, ln in enumerate(lines) if _HEADING.match(ln) and k > 10] or [len(lines)]
        inserts: dict[int, list[str]] = {}
        while need > 0:
            p = rnd.choice(pool)
            p = p.replace("Công Thương", short)
            inserts.setdefault(rnd.choice(heads), []).append(p)
            need -= len(p) + 2
        out = []
        for k, ln in enumerate(lines):
            for p in inserts.get(k, []):
                out += [p, ""]
            out.append(ln)
        text = "\n".join(out)

    name = f"doc{i:05d}_{_skeleton(prov)}_{tname.split('_')[2]}"
    gold = {"source": f"{name}.{fmt}", "meta": meta,
            "indicators": [x for x in gold["indicators"]]}
    header = f"UBND TỈNH {prov.upper()} – {agency.upper()}"
    return name, fmt, text, gold, header


def build_one(args) -> tuple[str, bool]:
    i, seed, out, pool = args
    out = Path(out)
    from fixtures import build_fixtures as bf
    name, fmt, text, gold, header = make_text(i, seed, pool)
    path = out / f"{name}.{fmt}"
    gpath = out / f"{name}.gold.json"
    if path.exists() and gpath.exists():
        return str(path), False
    tmp = path.with_name("." + path.name)
    if fmt == "txt":
        tmp.write_text(text, encoding="utf-8")
    else:
        from extract.readers.txt import read_txt
        doc = read_txt(name + ".txt", text.encode("utf-8"), "")
        blocks = [(b.kind, doc.text[b.start:b.end], b.rows) for b in doc.blocks]
        bf.AGENCY[name.split("_")[0]] = header       # the page header build_fixtures writes
        if fmt == "docx":
            bf.build_docx(name, blocks, tmp)
        else:
            _build_pdf(bf, name, blocks, tmp, header, PAGE_STYLES[i % len(PAGE_STYLES)])
    tmp.rename(path)
    gpath.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return str(path), True


def _build_pdf(bf, name, blocks, out: Path, header: str, page_style: str) -> None:
    """build_fixtures.build_pdf in one pass (page styles without the page total)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    bf._fonts()

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont("DejaVu", 8.5)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, header)
        canvas.setFont("DejaVu", 9)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, page_style.format(n=doc.page))
        canvas.restoreState()

    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm, title=name, author="chiso bench")
    doc.build(bf._pdf_story(blocks), onFirstPage=decorate, onLaterPages=decorate)


# ---------------------------------------------------------------- the corpus

def corpus(n: int, out: Path = DEFAULT_OUT, seed: int = 7, workers: int | None = None,
           quiet: bool = False) -> list[Path]:
    """The first n documents of the corpus of `seed` under out/seed{seed}/ (built when missing);
    returns their paths (gold beside each as NAME.gold.json)."""
    d = Path(out) / f"seed{seed}"
    d.mkdir(parents=True, exist_ok=True)
    pool = filler(d / "filler.json")
    index = d / "index.json"
    known: list[str] = json.loads(index.read_text()) if index.exists() else []
    if len(known) >= n and all((d / p).exists() for p in known[:n]):
        return [d / p for p in known[:n]]
    t0 = time.perf_counter()
    jobs = [(i, seed, str(d), pool) for i in range(n)]
    paths: list[str] = []
    built = 0
    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(workers or mp.cpu_count()) as p:
        for k, (path, new) in enumerate(p.imap(build_one, jobs, chunksize=8), 1):
            paths.append(Path(path).name)
            built += new
            if not quiet and k % 250 == 0:
                print(f"  generated {k}/{n} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
    if len(paths) > len(known):
        index.write_text(json.dumps(paths))
    if not quiet and built:
        print(f"generated {built} documents in {time.perf_counter() - t0:.1f} s → {d}", file=sys.stderr)
    return [d / p for p in paths]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    paths = corpus(args.docs, args.out, args.seed, args.workers)
    fmts: dict[str, int] = {}
    for p in paths:
        fmts[p.suffix] = fmts.get(p.suffix, 0) + 1
    print(f"{len(paths)} documents in {paths[0].parent}: " + ", ".join(f"{v} {k[1:].upper()}" for k, v in sorted(fmts.items())))


if __name__ == "__main__":
    main()
