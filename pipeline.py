"""chiso: the stages wired together, the Python API and the `chiso` command line.

    files ──discover──▶ sources ──read──▶ Document ──extract──▶ mentions + metadata + references
          ──audit──▶ findings ──normalize/store──▶ DuckDB ──export/report──▶ CSV · Parquet · XLSX · HTML

The command line only parses options, calls the functions here and prints (sqlite-utils style).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple

# the file-level functions of the API (batch/files.py), re-exported: find, read, extract one file
from batch.files import (DOCUMENT_SUFFIXES, NotRead, discover, error_record, extract_document,  # noqa: F401
                         extract_file, load_records, missing, read_file)

if TYPE_CHECKING:
    import pandas as pd


# ---------------------------------------------------------------- extract (chiso extract)

def extract_files(paths: Iterable[str | Path], ocr: str = "auto", timeout: float | None = None) -> Iterator[dict]:
    """extract_file over every file under `paths`; timeout: seconds per file, past which the file is an
    error record and the next one goes on (batch.run.extract_with_limit, as `chiso run` does)."""
    if not timeout:
        for path in discover(paths):
            yield extract_file(path, ocr=ocr)
        return
    from functools import partial

    from batch.run import extract_with_limit
    fn = partial(extract_file, ocr=ocr)
    for path in discover(paths):
        yield extract_file(path) if isinstance(path, NotRead) else extract_with_limit(fn, str(path), timeout)[0]


# ---------------------------------------------------------------- run, store, export, query

DEFAULT_DB = "chiso.duckdb"
# the same lists as normalize.export.FORMATS / TABLES (a test keeps them equal); literal here so that
# `chiso extract` does not import pandas and pyarrow just to build its parser
EXPORT_FORMATS = ("csv", "parquet", "xlsx", "jsonl")
EXPORT_TABLES = ("long", "wide", "documents", "mentions", "indicators", "refs", "findings", "files")


class StoreError(RuntimeError):
    """The store cannot be opened (missing, or in use by a running `chiso run`)."""


class InputError(RuntimeError):
    """A path given to a command does not exist: the command refuses it before doing anything."""


def _check_paths(paths) -> list:
    paths = list(paths)
    gone = missing(paths)
    if gone:
        raise InputError("no such file or folder: " + ", ".join(gone))
    return paths


def _open(db: str | Path, read_only: bool = True):
    from normalize.store import Store, StoreUnusable
    if read_only and not Path(db).exists():
        raise StoreError(f"no store at {db}: build it first with `chiso run PATH... --db {db}`")
    try:
        return Store(db, read_only=read_only)
    except StoreUnusable as e:     # in use past the wait, not a store, or a newer store
        raise StoreError(str(e)) from e


class Tables(NamedTuple):
    long: "pd.DataFrame"
    wide: "pd.DataFrame"


def run(paths: Iterable[str | Path], db: str | Path = DEFAULT_DB, workers: int | None = None,
        timeout: float | None = 300.0, retry_failed: bool = False, progress: bool | None = False,
        on_file=None, scheduler=None, ocr: str = "auto", prefer: str | None = None, ocr_cache: bool = True,
        manifest: str | Path | None = None, corrections: str | Path | None = None):
    """Extract every report under `paths` into the DuckDB file `db`, skipping files already stored
    with the same bytes and extractor version; returns a batch.run.RunSummary.
    workers: None = all cores, 0 = in this process; timeout: seconds per file; scheduler: a Dask
    scheduler address (tcp://host:8786) to run on a cluster instead (needs chiso[dask]); ocr: see
    read_file; prefer: pdf | docx, the format whose copy of a report the tables show (normalize.copies);
    ocr_cache: reuse the words of pages read by OCR before (the store's ocr_pages) when the OCR settings
    and Tesseract are the same, and keep the pages read now; manifest: a CSV of paths or globs with
    province, agency, doc_type, period, note (batch.manifest), which wins over text and path; corrections: a
    corrections file (normalize.corrections) applied after extraction, default the store's own
    (`chiso.corrections.csv` beside `chiso.duckdb`) when it exists; `summary.corrections` says what applied
    and what no longer matches."""
    from audit.stored import refresh_across
    from normalize.copies import refresh_reports
    from batch.run import run as run_batch
    from normalize.store import Store, StoreUnusable
    from batch.manifest import ManifestError, read_manifest
    from normalize import corrections as C
    paths = _check_paths(paths)
    try:
        manifest = read_manifest(manifest) if manifest else None
    except ManifestError as e:
        raise InputError(str(e)) from e
    if corrections and not Path(corrections).exists():
        raise StoreError(f"no corrections file at {corrections}")
    fixes = C.read(corrections or C.default_path(db))    # a bad file stops the run before it starts
    try:
        summary = run_batch(paths, db=db, workers=workers, timeout=timeout, retry_failed=retry_failed,
                            progress=progress, on_file=on_file, options={"keep_text": True, "ocr": ocr},
                            scheduler=scheduler, ocr_cache=ocr_cache, manifest=manifest)
        with Store(db) as store:
            # copies of one report (a draft and its signed PDF), then findings across reports for the
            # agencies that got a new report
            summary.copies = refresh_reports(store, prefer=prefer)
            summary.across_findings = refresh_across(store)
            summary.corrections = C.apply(store, fixes)
        return summary
    except StoreUnusable as e:
        raise StoreError(str(e)) from e


def import_corrections(path: str | Path, db: str | Path = DEFAULT_DB):
    """Merge a corrections file (from the review page, or a colleague's) into the store's own file and
    apply the result to the store now; returns (merge counts, normalize.corrections.Applied)."""
    from normalize import corrections as C
    if not Path(path).exists():
        raise StoreError(f"no corrections file at {path}")
    new = C.read(path)
    own = C.default_path(db)
    merged, counts = C.merge(C.read(own), new)
    with _open(db, read_only=False) as store:
        applied = C.apply(store, merged)
    C.write(own, merged)
    return counts, applied


def correction_stats(db: str | Path = DEFAULT_DB) -> list[dict]:
    """Per rule: its figures confirmed, rejected, changed by reviewers (normalize.corrections.stats)."""
    from normalize import corrections as C
    with _open(db) as store:
        return C.stats(store)


def write_gold(out_dir: str | Path, db: str | Path = DEFAULT_DB) -> list[Path]:
    """The reviewed documents as gold files (../shared/eval/GOLD.md) and the store's corrected
    extraction as JSON Lines (`extraction.jsonl`, for score.py --pred); returns the gold files."""
    from normalize.gold import write_gold as write
    with _open(db) as store:
        return write(store, out_dir)


def load_tables(db: str | Path = DEFAULT_DB) -> Tables:
    """The long and wide DataFrames (columns and dtypes of normalize.table)."""
    with _open(db) as store:
        return Tables(store.long(), store.wide())


def query(sql: str, db: str | Path = DEFAULT_DB) -> "pd.DataFrame":
    """Any SQL over the store (tables documents, mentions, indicators, refs, findings, files, ocr_pages;
    views long and wide), read-only."""
    with _open(db) as store:
        return store.frame(sql)


def export(fmt: str = "csv", db: str | Path = DEFAULT_DB, table: str = "long", wide: bool = False,
           out=None):
    """Write a table of the store as csv | parquet | xlsx | jsonl (normalize.export); returns where."""
    from normalize.export import export as export_table
    with _open(db) as store:
        return export_table(store, fmt, "wide" if wide else table, out)


# ---------------------------------------------------------------- command line

def cmd_extract(args) -> int:
    out = sys.stdout
    for record in extract_files(args.paths, ocr=args.ocr, timeout=args.timeout):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
    gone = missing(args.paths)     # each has its error record (the contract: one per input); the exit says it too
    if gone:
        print("chiso: no such file or folder: " + ", ".join(gone), file=sys.stderr)
        return 1
    return 0


def cmd_run(args) -> int:
    def on_file(o):
        print(f"{o.status}\t{o.path}" + (f"\t{o.error}" if o.error else ""), flush=True)
    summary = run(args.paths, db=args.db, workers=args.workers, timeout=args.timeout or None,
                  retry_failed=args.retry_failed, progress=None if args.progress is None else args.progress,
                  on_file=on_file if args.verbose else None, scheduler=args.scheduler, ocr=args.ocr,
                  prefer=args.prefer, ocr_cache=args.ocr_cache == "on", manifest=args.manifest,
                  corrections=args.corrections)
    print(summary.format(), flush=True)
    fixes = getattr(summary, "corrections", None)
    if fixes and (fixes.applied or fixes.unmatched):
        print(fixes.format(), flush=True)
    copies = getattr(summary, "copies", None)
    if copies and copies["copies"]:
        print(f"copies of one report: {copies['copies']} in {copies['reports']} reports re-grouped"
              + (f", {copies['disagreements']} figures that disagree" if copies["disagreements"] else ""), flush=True)
    if getattr(summary, "across_findings", 0):
        print(f"findings across reports, in the agencies re-checked: {summary.across_findings}", flush=True)
    return 130 if summary.interrupted else 0


def cmd_corrections(args) -> int:
    if args.action != "stats" and not args.file:
        raise StoreError(f"chiso corrections {args.action} needs a {'FILE' if args.action == 'import' else 'DIR'}")
    if args.action == "import":
        counts, applied = import_corrections(args.file, db=args.db)
        from normalize.corrections import default_path
        print(f"{default_path(args.db)}: {counts['added']} added, {counts['replaced']} replaced, "
              f"{counts['unchanged']} already there", flush=True)
        print(applied.format(), flush=True)
    elif args.action == "stats":
        rows = correction_stats(db=args.db)
        print(f"{'rule':<40} confirmed rejected changed added")
        for r in rows:
            print(f"{r['rule']:<40} {r['confirmed']:>9} {r['rejected']:>8} {r['changed']:>7} {r['added']:>5}")
    else:
        files = write_gold(args.file, db=args.db)
        print(f"{len(files)} gold files and extraction.jsonl in {args.file}", flush=True)
    return 0


def cmd_export(args) -> int:
    out = export(args.format, db=args.db, table=args.table, wide=args.wide, out=args.out)
    if out is not sys.stdout:
        print(out, file=sys.stderr)
    return 0


def cmd_query(args) -> int:
    import duckdb
    try:
        df = query(args.sql, db=args.db)
    except duckdb.Error as e:   # a typo in the SQL: DuckDB's message is the useful part
        print(f"chiso: {e}", file=sys.stderr)
        return 1
    if args.format == "csv":
        df.to_csv(sys.stdout, index=False)
    elif args.format == "jsonl":
        from normalize.export import write_jsonl
        write_jsonl(df, sys.stdout)
    else:
        import pandas as pd
        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200,
                               "display.max_colwidth", 60):
            print(df.to_string(index=False))
    return 0


def audit(paths: Iterable[str | Path]) -> list[dict]:
    """Findings inside and across the reports under `paths` (files, folders, or `chiso extract` .jsonl
    output), each with scope (document | across), check, severity, messages and evidence."""
    return audit_files(paths)[0]


def audit_files(paths: Iterable[str | Path]) -> tuple[list[dict], list[tuple[str, str]], int]:
    """(findings, files not read as (path, why), how many files) of the reports under `paths`."""
    from audit.cli import audit_records, unread
    records = []
    gone = set(missing(paths))
    for p in map(Path, paths):
        if str(p) in gone:               # listed with the files not read; the command exits 1
            records.append(error_record(str(p), "no such file or folder"))
        elif p.is_file() and p.suffix.lower() == ".jsonl":
            records += load_records([p])
        else:               # with its text: copies and fragments of a report are found on the whole text
            records += [extract_file(f, keep_text=True) for f in discover([p])]
    findings = audit_records(records)
    return findings, unread(records), len(records)


def audit_store(db: str | Path = DEFAULT_DB) -> list[dict]:
    """The findings kept in the store `db` (inside reports, across them, copies), as `audit` gives them."""
    from audit.cli import stored_findings
    store = _open(db)
    try:
        return stored_findings(store.con)
    finally:
        store.close()


def cmd_audit(args) -> int:
    from audit.cli import print_findings, print_unread
    if args.db:
        if args.paths:
            print("chiso audit: give report paths or --db STORE, not both", file=sys.stderr)
            return 2
        print_findings(audit_store(args.db), args.format, sys.stdout, args.lang)
        return 0
    if not args.paths:
        print("chiso audit: give report files or folders (or --db STORE)", file=sys.stderr)
        return 2
    findings, failed, n = audit_files(args.paths)
    if n == len(failed):           # nothing read: "no findings" would be a lie
        print_unread(failed, n, sys.stderr)
        print(f"chiso audit: no report could be read ({n} files)", file=sys.stderr)
        return 1
    print_findings(findings, args.format, sys.stdout, args.lang)
    print_unread(failed, n, sys.stderr)
    return 1 if missing(args.paths) else 0     # a path given that does not exist is an error


def show(path: str | Path, why: bool = False, verbose: bool = False) -> list[str]:
    """Why each figure of one file was extracted: every mention in its sentence with the figure marked,
    its page, span and rule; then references and findings (report.show). why: then every other number
    of the text and why it gave no figure (report.trace). verbose (implies why): then what the rules saw
    for each figure of a sentence: masks, clause rings, cues, vetoes, kind words, scope (report.trace_seen)."""
    from report.show import explain
    why = why or verbose
    trace: dict | None = {} if why else None
    if verbose:
        from report.trace_seen import Seen
        trace["left_out"] = Seen()
    record = extract_file(path, keep_text=True, trace=trace)
    lines = explain(record, record.pop("text", None), color=sys.stdout.isatty())
    if why and "document" in trace:
        from report.trace import why_lines
        lines += why_lines(trace["document"], record.get("indicators") or (), trace["left_out"])
        if verbose:
            from report.trace_seen import seen_lines
            lines += seen_lines(trace["document"], trace["left_out"].saw)
    return lines


def cmd_show(args) -> int:
    for path in args.paths:
        print("\n".join(show(path, args.why, args.verbose)), end="\n\n", flush=True)
    return 0


def explain(sentence: str, meta: dict | None = None, verbose: bool = False) -> list[str]:
    """What the rules make of one sentence: the figures found (indicator, kind, value, scope, rule) and,
    for every number that gave none, why where the code knows (report.sentence). meta: metadata to
    assume ({"doc_type": "ke_hoach"}, {"agency": "UBND tỉnh", "province": "Hà Giang"})."""
    from report.sentence import explain_sentence
    return explain_sentence(sentence, meta, verbose)


def cmd_explain(args) -> int:
    meta = {}
    for item in args.meta or ():
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            print(f"chiso explain: --meta wants key=value, got {item!r}", file=sys.stderr)
            return 2
        meta[key.strip()] = value.strip()
    print("\n".join(explain(args.sentence, meta, args.verbose)), flush=True)
    return 0


def _ocr_option(p) -> None:
    p.add_argument("--ocr", choices=["auto", "always", "never"], default="auto",
                   help="OCR of PDF pages with Tesseract (vie): auto = pages without a text layer (default), "
                        "always = every page, never = none")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="chiso", description="Figures out of Vietnamese provincial reports, with evidence.")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="read files and print one JSON object per file (JSON Lines)")
    p.add_argument("paths", nargs="+", help="files or folders (walked recursively)")
    p.add_argument("--format", choices=["jsonl"], default="jsonl")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds per file before it becomes an error (0 = no limit)")
    _ocr_option(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("show", help="why each figure was extracted: every mention in its sentence, with page, span and rule")
    p.add_argument("paths", nargs="+", help="files")
    p.add_argument("--why", action="store_true",
                   help="also every number of the text that gave no figure, and why (a mask, a list or row "
                        "number, a noun no indicator counts, a rate above 100%%, a repeat, no rule took it)")
    p.add_argument("--verbose", action="store_true",
                   help="with --why: what the rules saw for each figure (masks, clause rings, cues with their "
                        "indicator and tier, vetoes, context, kind words, the phrase that gave its scope)")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("explain", help="what the rules make of one sentence: the figures, and why each other number gave none")
    p.add_argument("sentence", help='one sentence, quoted: "Sở đã tiếp nhận 1.204 hồ sơ."')
    p.add_argument("--meta", action="append", metavar="KEY=VALUE",
                   help="metadata to assume, repeatable (doc_type=ke_hoach, agency=UBND tỉnh, province=Hà Giang)")
    p.add_argument("--verbose", action="store_true",
                   help="also what the rules saw for each figure (masks, clause rings, cues, vetoes, kind words, scope)")
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser("run", help="extract files into the DuckDB store (incremental: unchanged files are skipped)")
    p.add_argument("paths", nargs="+", help="files or folders (walked recursively)")
    p.add_argument("--db", default=DEFAULT_DB, help=f"DuckDB file (default {DEFAULT_DB})")
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores; 0 = none)")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds per file before it becomes an error (0 = no limit)")
    p.add_argument("--retry-failed", action="store_true", help="try again files that failed before and have not changed")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on standard error (default: when it is a terminal)")
    p.add_argument("-v", "--verbose", action="store_true", help="one line per file once it is stored or skipped")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run on a Dask cluster (tcp://host:8786; pip install chiso[dask]); workers read files by path")
    p.add_argument("--prefer", choices=("pdf", "docx"), default=None,
                   help="of the copies of one report (a DOCX draft and its signed PDF), the tables show this format's")
    _ocr_option(p)
    p.add_argument("--ocr-cache", choices=["on", "off"], default="on",
                   help="reuse the words of pages OCR'd before, kept in the store with their OCR settings and "
                        "Tesseract version (default on); off reads every page again and stores nothing")
    p.add_argument("--manifest", default=None, metavar="FILE.csv",
                   help="a CSV of paths or globs (relative to its folder) with any of province, agency, doc_type, "
                        "period, note: what it says wins over the text and the folder and file names")
    p.add_argument("--corrections", default=None, metavar="FILE",
                   help="corrections CSV applied after extraction (default: the store's own, chiso.corrections.csv "
                        "beside chiso.duckdb, when present)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("corrections", help="an analyst's decisions on figures: import a file, stats per rule, gold files")
    p.add_argument("action", choices=["import", "stats", "gold"],
                   help="import FILE: merge into the store's corrections file and apply; stats: per rule, figures "
                        "confirmed, rejected, changed; gold DIR: reviewed documents as gold files")
    p.add_argument("file", nargs="?", help="the file to import, or the folder for gold")
    p.add_argument("--db", default=DEFAULT_DB)
    p.set_defaults(func=cmd_corrections)

    p = sub.add_parser("export", help="write the long (or wide) table as csv | parquet | xlsx | jsonl")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="csv")
    p.add_argument("--wide", action="store_true", help="the wide table (one row per document, a column per indicator)")
    p.add_argument("--table", choices=EXPORT_TABLES, default="long", help="which table (default long; xlsx writes all)")
    p.add_argument("--out", default=None, help="file to write (default chiso_<table>.<format>; '-' = standard output)")
    p.add_argument("--db", default=DEFAULT_DB)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("query", help="run SQL over the store and print the result")
    p.add_argument("sql")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--format", choices=["table", "csv", "jsonl"], default="table")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("audit", help="consistency findings inside and across reports, with evidence")
    p.add_argument("paths", nargs="*", help="files or folders (walked recursively), or .jsonl output of chiso extract")
    p.add_argument("--db", default=None, help="list the findings kept in this store (built by chiso run) instead")
    p.add_argument("--format", choices=["table", "csv", "jsonl"], default="table")
    p.add_argument("--lang", choices=["vi", "en", "both"], default="vi", help="language of the messages in the listing")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("report", help="write the review report: one self-contained HTML page (works offline)")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--out", default="report.html", help="HTML file to write (default report.html)")
    p.set_defaults(func=cmd_report)
    return ap


def report(db: str | Path = DEFAULT_DB, out: str | Path = "report.html"):
    """Write the review report of the store `db` to `out` (report.build); returns a report.build.ReportInfo."""
    from report.build import build_report
    from normalize.store import StoreUnusable
    _open(db).close()         # not there, not a store, a newer store: one sentence, as for every command
    try:
        return build_report(db, out)
    except StoreUnusable as e:
        raise StoreError(str(e)) from e


def cmd_report(args) -> int:
    info = report(args.db, args.out)
    print(f"{info.path}: {info.documents} documents, {info.values} figures, {info.findings} findings, "
          f"{info.errors} failed files, {info.bytes / 1e6:.1f} MB", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (StoreError, InputError) as e:   # no store yet, another chiso holds it, a path that is not there
        print(f"chiso: {e}", file=sys.stderr)
        return 1
    except ValueError as e:   # a corrections file with bad rows: every one, with its line
        from normalize.corrections import CorrectionsInvalid
        if not isinstance(e, CorrectionsInvalid):
            raise
        print(f"chiso: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `chiso extract ... | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
