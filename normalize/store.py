"""The DuckDB store: schema, whole-document transactions, incremental skip.

One file (`chiso.duckdb` by default), nothing to start. Tables, all keyed by `document` (the sha256 of
the file's bytes):

  documents   one row per document read: source, format, pages, metadata (province, province_2025,
              agency, period, window...), counts of what was found
  mentions    every indicator mention as extracted, `chosen` on the one kept for its group
  indicators  the chosen value per document × indicator × kind × qualifier (normalize.choose)
  refs        the legal documents a report cites ("references" is an SQL keyword)
  findings    consistency findings (audit): `scope` document (one report's own) or across (between
              reports of one agency; `document` is the later report, evidence points into both)
  texts       each document's normalized text, which every span points into (the report shows it;
              nothing downstream re-reads a file), zlib-compressed in `text_z` (`unzip_text(text_z)` in
              `chiso query`; stores made before version 3 hold it as plain `text`), and the sketch of
              its word 3-grams (`grams`, `sketch`: normalize.sketch; NULL before version 6, made when needed)
  files       one row per path seen: size, mtime, the document it holds, status stored | duplicate |
              error (with the reason), seconds taken; this is what makes a re-run cheap
  ocr_pages   the OCR cache: per document and page, what Tesseract read (words with boxes and
              confidences, a ruled table's cells; zlib-compressed JSON in `words_z`, readable as
              `unzip_text(words_z)::JSON`), under which settings (`settings`: extract.readers.ocr.Settings.key,
              with dpi, psm and lang also as columns) and Tesseract (`tesseract`: version and language
              data). A re-read (a new extractor version) takes a page from here when both still match,
              so only the layout and the rules run again; the rows outlive extractor versions and go
              with the document when no file holds it any more (schema version 4)
Views: `figures` (the indicators of one copy of each report with their own period, and whether a report
of that period states them itself), `long` (figures joined with their document, the columns of
normalize.table.LONG_COLUMNS) and `wide` (one row per document × scope × period, one column per catalogue
indicator and kind).

Writes: a document is always written whole inside one transaction, together with its `files` row
(and the deletion of its rows from an older extractor version). `add()` groups several whole documents
in one transaction (at most `batch_size` documents or `max_delay` seconds) because a commit costs
~3 ms; `put()` writes one document in a transaction of its own. DuckDB writes a transaction to its
write-ahead log at commit, so a run killed at any moment leaves each document stored whole or not at
all; a file counts as stored only once its transaction has committed, and the next run skips what is
stored and does the rest.
"""
from __future__ import annotations

import datetime as dt
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import duckdb
import pyarrow as pa

from extract import EXTRACTOR_VERSION
from normalize import table as T
from normalize.sketch import text_sketch
from normalize.texts import pack_text, unpack_text

if TYPE_CHECKING:     # frames need pandas; the skip checks do not (a re-run starts in 0.1 s)
    import pandas as pd

SCHEMA_VERSION = 6   # 6: texts.grams, texts.sketch (normalize.sketch: which reports a copy may be of);
                     # 5: mentions.period, indicators.period/period_start/period_end (a figure's own period);
                     # 2: findings.scope, texts, documents.province_as_written; 3: texts.text_z;
                     # 4: mentions/indicators.scope_level, scope_unit (wide: one row per document × scope),
                     #    reports and documents.report (copies of one report, normalize.copies), ocr_pages
DEFAULT_DB = "chiso.duckdb"

_DOC_META = ", ".join(f"{k} DATE" if k in T.DATE_FIELDS else f"{k} VARCHAR" for k in T.META_FIELDS)

DDL = f"""
CREATE TABLE IF NOT EXISTS chiso_info (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    document VARCHAR PRIMARY KEY, source VARCHAR, format VARCHAR, pages INTEGER,
    extractor_version VARCHAR, warnings VARCHAR, {_DOC_META}, meta_extra VARCHAR,
    n_mentions INTEGER, n_indicators INTEGER, n_references INTEGER, n_findings INTEGER,
    n_conflicts INTEGER, seconds DOUBLE, stored_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS mentions (
    document VARCHAR, mention_no INTEGER, indicator VARCHAR, kind VARCHAR, scope_level VARCHAR,
    scope_unit VARCHAR, qualifier VARCHAR,
    value DOUBLE, unit VARCHAR, page INTEGER, start BIGINT, "end" BIGINT, evidence VARCHAR, rule VARCHAR,
    found_in VARCHAR, approximate BOOLEAN, ocr BOOLEAN, chosen BOOLEAN, conflict BOOLEAN);
CREATE TABLE IF NOT EXISTS indicators (
    document VARCHAR, indicator VARCHAR, kind VARCHAR, scope_level VARCHAR, scope_unit VARCHAR, qualifier VARCHAR, value DOUBLE, unit VARCHAR,
    page INTEGER, start BIGINT, "end" BIGINT, evidence VARCHAR, rule VARCHAR, found_in VARCHAR,
    approximate BOOLEAN, ocr BOOLEAN, n_mentions INTEGER, conflict BOOLEAN, other_values VARCHAR,
    choice VARCHAR);
CREATE TABLE IF NOT EXISTS refs (
    document VARCHAR, ref_no INTEGER, type_word VARCHAR, number VARCHAR, year INTEGER, type_code VARCHAR,
    issuer_code VARCHAR, date DATE, symbol VARCHAR, page INTEGER, start BIGINT, "end" BIGINT,
    evidence VARCHAR);
CREATE TABLE IF NOT EXISTS findings (
    document VARCHAR, finding_no INTEGER, "check" VARCHAR, severity VARCHAR, message VARCHAR,
    message_en VARCHAR, evidence VARCHAR, scope VARCHAR DEFAULT 'document');
ALTER TABLE findings ADD COLUMN IF NOT EXISTS scope VARCHAR DEFAULT 'document';
ALTER TABLE findings ADD COLUMN IF NOT EXISTS copy_of VARCHAR;
ALTER TABLE findings ADD COLUMN IF NOT EXISTS copy_of_no INTEGER;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS report VARCHAR;
CREATE TABLE IF NOT EXISTS reports (
    report VARCHAR, document VARCHAR PRIMARY KEY, authoritative BOOLEAN, similarity DOUBLE, reason VARCHAR);
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS scope_level VARCHAR;
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS scope_unit VARCHAR;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS scope_level VARCHAR;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS scope_unit VARCHAR;
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS period VARCHAR;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS period VARCHAR;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS period_start DATE;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS period_end DATE;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS province_as_written VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS meta_sources VARCHAR;
CREATE TABLE IF NOT EXISTS texts (document VARCHAR PRIMARY KEY, text VARCHAR, text_z BLOB);
ALTER TABLE texts ADD COLUMN IF NOT EXISTS text_z BLOB;
ALTER TABLE texts ADD COLUMN IF NOT EXISTS grams INTEGER;
ALTER TABLE texts ADD COLUMN IF NOT EXISTS sketch BLOB;
CREATE TABLE IF NOT EXISTS files (
    path VARCHAR PRIMARY KEY, size BIGINT, mtime_ns BIGINT, document VARCHAR, extractor_version VARCHAR,
    status VARCHAR, error VARCHAR, seconds DOUBLE, pages INTEGER, seen_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS ocr_pages (
    document VARCHAR, page INTEGER, settings VARCHAR, tesseract VARCHAR, dpi INTEGER, psm INTEGER,
    lang VARCHAR, n_words INTEGER, mean_conf DOUBLE, words_z BLOB, seconds DOUBLE, stored_at TIMESTAMP,
    PRIMARY KEY (document, page));
-- corrections (normalize.corrections): what a person decided, applied after every run; `original` keeps
-- the changed fields' extracted values (JSON) so the next run can put them back and apply again
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS corrected BOOLEAN;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS original_value DOUBLE;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS original VARCHAR;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS rejected BOOLEAN;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS added BOOLEAN;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS meta_original VARCHAR;
CREATE TABLE IF NOT EXISTS correction_log (
    line INTEGER, sha256 VARCHAR, document VARCHAR, figure BOOLEAN, start BIGINT, "end" BIGINT, action VARCHAR,
    field VARCHAR, indicator VARCHAR, rule VARCHAR, status VARCHAR, reason VARCHAR);
"""
OCR_COLUMNS = ("page", "settings", "tesseract", "dpi", "psm", "lang", "n_words", "mean_conf", "words_z", "seconds")

ROW_TABLES = ("documents", "mentions", "indicators", "refs", "findings")
# Vietnamese alphabetical order (ICU, built into DuckDB): Đồng Nai after Điện Biên, before Quảng Ngãi
_ORDER = ("d.province_2025 COLLATE vi, d.agency COLLATE vi, d.period_start, d.period, d.province COLLATE vi, "
          "d.document")


# one row per report: a copy (normalize.copies) shows through its authoritative document only
_ONE_COPY = "(d.report IS NULL OR d.report = d.document)"
_KEPT = "NOT coalesce(i.rejected, false)"     # a figure a person rejected stays in `indicators`, out of the tables


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


# the same figure: one agency of one province, one indicator, kind, scope and qualifier
_SAME_FIGURE = ("o.pkey = q.pkey AND o.agency = q.agency AND o.indicator = q.indicator AND o.kind = q.kind "
                "AND o.scope_level IS NOT DISTINCT FROM q.scope_level AND o.scope_unit IS NOT DISTINCT FROM q.scope_unit "
                "AND o.qualifier IS NOT DISTINCT FROM q.qualifier")
_NUM = "CASE WHEN q.value = trunc(q.value) THEN CAST(CAST(q.value AS BIGINT) AS VARCHAR) ELSE CAST(q.value AS VARCHAR) END"


def figures_view_sql() -> str:
    """`figures`: the chosen indicators of one copy of each report, each with its own period (`fig_period`,
    `fig_start`, `fig_end`: the document's unless the figure states another) and the document's
    (`doc_period`). A figure quoted by a report for another period (`cùng kỳ năm 2024 là 9.000 hồ sơ`) is
    `superseded` when that period's own report of the same agency states the figure: the own report wins,
    and the values quoted differently are its `quoted_values` (value and source), for other_values."""
    return f"""CREATE OR REPLACE VIEW figures AS
WITH base AS (
  SELECT i.*, d.period AS doc_period, coalesce(i.period, d.period) AS fig_period,
         CASE WHEN i.period IS NULL THEN d.period_start ELSE i.period_start END AS fig_start,
         CASE WHEN i.period IS NULL THEN d.period_end ELSE i.period_end END AS fig_end,
         coalesce(d.province_code, d.province) AS pkey, d.agency AS agency, d.source AS doc_source
  FROM indicators i JOIN documents d USING (document) WHERE {_ONE_COPY} AND {_KEPT})
SELECT o.*,
  o.period IS NOT NULL AND o.pkey IS NOT NULL AND o.agency IS NOT NULL AND EXISTS (
    SELECT 1 FROM base q WHERE q.period IS NULL AND q.doc_period = o.period AND {_SAME_FIGURE}) AS superseded,
  CASE WHEN o.period IS NULL AND o.pkey IS NOT NULL AND o.agency IS NOT NULL THEN (
    SELECT string_agg(DISTINCT {_NUM} || ' (' || q.doc_source || ')', '; ') FROM base q
    WHERE q.period = o.doc_period AND q.document <> o.document AND q.value <> o.value AND {_SAME_FIGURE})
  END AS quoted_values
FROM base o"""


_FIGURE_COLS = {"period": "f.fig_period", "period_start": "f.fig_start", "period_end": "f.fig_end",
                "doc_period": "f.doc_period",
                "other_values": "nullif(concat_ws('; ', f.other_values, f.quoted_values), '')"}


def long_view_sql() -> str:
    """One row per figure with its own period; a figure quoted for a period whose own report states it is
    left to that report (its value in that row's other_values, with the quoting report)."""
    cols = []
    for c in T.LONG_COLUMNS:
        if c in _FIGURE_COLS:
            cols.append(f"{_FIGURE_COLS[c]} AS {_q(c)}")
        elif c == "corrected":
            cols.append("coalesce(f.corrected, false) AS corrected")
        else:
            cols.append(f"d.{_q(c)}" if c in T.DOCUMENT_KEYS else f"f.{_q(c)}")
    return (f"CREATE OR REPLACE VIEW long AS SELECT {', '.join(cols)} FROM figures f "
            f"JOIN documents d USING (document) WHERE NOT f.superseded "
            f"ORDER BY {_ORDER}, f.fig_start NULLS FIRST, f.page, f.start, f.indicator, f.kind")


def wide_view_sql() -> str:
    """One row per document × scope × period: the document's own figures first (scope_level null, its own
    period; every document has that row, even with no figure of its own), then one row per level or unit
    it reports on and per other period it states figures of (`2025-10M` beside a monthly report's own
    `2025-M10`), except figures left to their period's own report (see figures_view_sql)."""
    own = {"period": "s.fig_period", "period_start": "s.fig_start", "period_end": "s.fig_end", "doc_period": "d.period"}
    keys = [f"{own[c]} AS {_q(c)}" if c in own else f"d.{_q(c)}" for c in T.WIDE_KEYS if c not in T.SCOPE_KEYS]
    group = [own[c] if c in own else f"d.{_q(c)}" for c in T.WIDE_KEYS if c not in T.SCOPE_KEYS]
    vals = [f"first(f.value) FILTER (WHERE f.indicator = {_sql_str(ind)} AND f.kind = {_sql_str(kind)} "
            f"AND f.qualifier IS NULL) AS {_q(col)}" for col, ind, kind in T.wide_value_columns()]
    conflicts = ("string_agg(DISTINCT f.indicator, '; ' ORDER BY f.indicator) FILTER (WHERE f.conflict) "
                 "AS conflicts")
    corrected = ("string_agg(DISTINCT f.indicator || CASE WHEN f.kind = 'actual' THEN '' ELSE '__' || f.kind END || "
                 "coalesce(' (was ' || f.original_value || ')', ' (added)'), '; ') FILTER (WHERE f.corrected) AS corrections")
    rows = ("(SELECT document, NULL::VARCHAR AS scope_level, NULL::VARCHAR AS scope_unit, period AS fig_period, "
            "period_start AS fig_start, period_end AS fig_end, 0 AS other FROM documents "
            "UNION SELECT DISTINCT document, scope_level, scope_unit, fig_period, fig_start, fig_end, "
            "CASE WHEN period IS NULL THEN 0 ELSE 1 END FROM figures "
            "WHERE NOT superseded AND (scope_level IS NOT NULL OR period IS NOT NULL))")
    order = _ORDER.replace("d.period_start", "s.fig_start").replace("d.period,", "s.fig_period,")
    return (f"CREATE OR REPLACE VIEW wide AS SELECT {', '.join(keys)}, s.scope_level, s.scope_unit, "
            f"{', '.join(vals)}, {conflicts}, {corrected} "
            f"FROM documents d JOIN {rows} s USING (document) LEFT JOIN figures f ON f.document = d.document "
            f"AND NOT f.superseded AND f.fig_period IS NOT DISTINCT FROM s.fig_period "
            f"AND f.scope_level IS NOT DISTINCT FROM s.scope_level AND f.scope_unit IS NOT DISTINCT FROM s.scope_unit "
            f"WHERE {_ONE_COPY} GROUP BY {', '.join(group)}, s.scope_level, s.scope_unit, s.other "
            f"ORDER BY {order}, s.other, s.scope_level IS NOT NULL, s.scope_level, s.scope_unit COLLATE vi")


@dataclass
class Outcome:
    """What happened to one file: stored | duplicate (same bytes stored under another path) |
    unchanged (already stored from this path) | error (reason in `error`)."""
    path: str
    status: str
    error: str | None
    document: str | None
    pages: int
    seconds: float


class StoreUnusable(RuntimeError):
    """The store cannot be used: the message says why, in one sentence."""


class StoreLocked(StoreUnusable):
    """Another process (a running `chiso run`) held the database longer than we waited."""


class StoreInvalid(StoreUnusable):
    """The file is not a chiso store (not a DuckDB database, or a DuckDB database of something else)."""


class StoreNewer(StoreUnusable):
    """The store was written by a newer chiso (a higher schema version): refused, never rewritten."""


# Sharing the file with a running `chiso run`. DuckDB lets one process write or several read, never both
# at once, so the run's driver closes the database after each batch it commits and opens it again when
# it next needs it; a reader that finds it held leaves a marker (<db>.readers/<pid>), which makes the
# driver hold back until the reader has opened it, and tries again. A reader waits CHISO_WAIT seconds
# (default 120) at most; the driver waits for readers as long as they read.
WAIT = float(os.environ.get("CHISO_WAIT", "120"))
WRITER_WAIT = 3600.0
RETRY = 0.02
READER_HEAD_START = 2.0     # the longest the driver holds back for a reader that asked


def _readers(path: str) -> Path:
    return Path(path + ".readers")


def _waiting_readers(path: str) -> list[Path]:
    """Markers of readers that are waiting and alive (a marker left by a killed reader is removed)."""
    folder = _readers(path)
    try:
        markers = list(folder.iterdir())
    except OSError:
        return []
    alive = []
    for m in markers:
        try:
            os.kill(int(m.name), 0)
            alive.append(m)
        except (ValueError, ProcessLookupError):
            m.unlink(missing_ok=True)
        except PermissionError:       # another user's live process
            alive.append(m)
    return alive


def _locked(e: Exception) -> bool:
    return isinstance(e, duckdb.IOException) and "lock" in str(e).lower()


def connect(path: str, read_only: bool, wait: float | None = None) -> "duckdb.DuckDBPyConnection":
    """A DuckDB connection to `path`, waiting while another process holds the file (see above).
    Raises StoreLocked after `wait` seconds, StoreInvalid for a file that is not a DuckDB database."""
    wait = (WAIT if read_only else WRITER_WAIT) if wait is None else wait
    deadline = time.monotonic() + wait
    marker = None
    try:
        while True:
            if not read_only:
                # readers asked for the file: let them open it first (they remove their marker once in)
                hold = time.monotonic() + READER_HEAD_START
                while _waiting_readers(path) and time.monotonic() < hold:
                    time.sleep(RETRY)
            try:
                return duckdb.connect(path, read_only=read_only)
            except duckdb.Error as e:
                if not _locked(e):
                    if "not a valid DuckDB database" in str(e) or isinstance(e, duckdb.SerializationException):
                        raise StoreInvalid(f"{path} is not a chiso store (not a DuckDB database file)") from e
                    raise
                if time.monotonic() >= deadline:
                    raise StoreLocked(f"{path} is in use by another chiso process; wait for it to finish") from e
                if read_only and marker is None:
                    try:
                        _readers(path).mkdir(exist_ok=True)
                        marker = _readers(path) / str(os.getpid())
                        marker.touch()
                    except OSError:
                        marker = None
                time.sleep(RETRY)
    finally:
        if marker is not None:
            marker.unlink(missing_ok=True)
            try:
                _readers(path).rmdir()
            except OSError:
                pass


def check_schema(con, path: str) -> int | None:
    """The store's schema version (None for an empty database, a new store). Refuses a DuckDB database
    that is not a chiso store and a store of a newer schema, whose tables this chiso would get wrong."""
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if not tables:
        return None
    if "chiso_info" not in tables:
        raise StoreInvalid(f"{path} is not a chiso store (a DuckDB database without chiso's tables)")
    row = con.execute("SELECT value FROM chiso_info WHERE key = 'schema_version'").fetchone()
    version = int(row[0]) if row and str(row[0]).isdigit() else None
    if version is not None and version > SCHEMA_VERSION:
        raise StoreNewer(f"{path} was written by a newer chiso (store schema version {version}); this chiso "
                         f"reads versions up to {SCHEMA_VERSION}: upgrade chiso to use it (the store is left as it is)")
    return version


def _serial(method):
    """Run the method under the store's lock: the run's driver has a thread that closes an idle
    database (Store.idle_release) while the main thread waits for its workers."""
    import functools

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.lock:
            try:
                return method(self, *args, **kwargs)
            finally:
                self._used = time.monotonic()
    return wrapper


class Store:
    """One DuckDB database. `Store(path)` creates the schema when needed; `read_only=True` for
    queries and exports (several readers may share a file that no writer has open).
    release(): close the database until it is next used (the run's driver, between batches, so that
    readers get their turn); memory_limit: DuckDB's cap, set on every connection."""

    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False,
                 batch_size: int = 200, max_delay: float = 1.0, memory_limit: str | None = None,
                 wait: float | None = None):
        self.path = str(path)
        # add() commits every `batch_size` documents or `max_delay` seconds: one commit costs ~3 ms,
        # so a transaction per document would cap the driver near 100 documents/s
        self.batch_size, self.max_delay = batch_size, max_delay
        self._pending: list[tuple] = []
        self._since = time.monotonic()
        self.read_only, self.memory_limit, self.wait = read_only, memory_limit, wait
        self._recovered = False
        self._con = None
        self.lock = threading.RLock()
        self._used = time.monotonic()
        self.later: list[Outcome] = []      # outcomes of records written by idle_release, for the caller
        con = self.con
        try:
            check_schema(con, self.path)
            if not read_only:
                con.execute(DDL)
                con.execute(figures_view_sql())
                con.execute(long_view_sql())
                con.execute(wide_view_sql())
                con.execute("INSERT OR REPLACE INTO chiso_info VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        except BaseException:
            con.close()
            self._con = None
            raise

    @property
    def con(self) -> "duckdb.DuckDBPyConnection":
        if self._con is None:
            self._con = connect(self.path, self.read_only, self.wait)
            self._functions()
            if self.memory_limit and not self._recovered:
                self._con.execute(f"SET memory_limit = '{self.memory_limit}'")
        return self._con

    @con.setter
    def con(self, value) -> None:
        self._con = value

    @_serial
    def release(self) -> None:
        """Close the database (after writing what is queued) until it is next used."""
        if self._pending:
            self.flush()
        if self._con is not None:
            self._con.close()
            self._con = None

    def idle_release(self, idle: float) -> bool:
        """Write what is queued and close the database if nothing used it for `idle` seconds (called
        from another thread while the run waits for a slow file, so readers are not kept out meanwhile;
        the outcomes of what it wrote go to `later`). True if it closed it."""
        with self.lock:
            if self._con is None or time.monotonic() - self._used < idle:
                return False
            self.later.extend(self.flush())
            self._con.close()
            self._con = None
            return True

    def take_later(self) -> list["Outcome"]:
        with self.lock:
            out, self.later = self.later, []
            return out

    @_serial
    def close(self) -> None:
        if not self.read_only and self._pending:
            self.flush()
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ skip checks

    @_serial
    def unchanged(self, stats: list[tuple[str, int, int]], version: str | None = None) -> dict[str, tuple]:
        """For (path, size, mtime_ns) items, the ones whose `files` row has the same size, mtime and
        extractor version: path -> (status, error, document). Answered without reading the files."""
        if not stats:
            return {}
        version = version or EXTRACTOR_VERSION
        # lists as parameters: a frame or an Arrow table here would make DuckDB import pandas (0.3 s of a re-run)
        rows = self.con.execute(
            "SELECT f.path, f.status, f.error, f.document FROM files f JOIN "
            "(SELECT unnest(?) AS path, unnest(?) AS size, unnest(?) AS mtime_ns) p USING (path) "
            "WHERE f.size = p.size AND f.mtime_ns = p.mtime_ns AND f.extractor_version = ?",
            [[s[0] for s in stats], [s[1] for s in stats], [s[2] for s in stats], version]).fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    @_serial
    def has_document(self, sha256: str, version: str | None = None) -> str | None:
        """The source of the stored document with these bytes and extractor version, else None."""
        version = version or EXTRACTOR_VERSION
        r = self.con.execute("SELECT source FROM documents WHERE document = ? AND extractor_version = ?",
                             [sha256, version]).fetchone()
        return r[0] if r else None

    @_serial
    def is_empty(self) -> bool:
        return self.con.execute("SELECT count(*) FROM documents").fetchone()[0] == 0

    @_serial
    def has_ocr_pages(self) -> bool:
        return self.con.execute("SELECT count(*) FROM (SELECT 1 FROM ocr_pages LIMIT 1)").fetchone()[0] > 0

    @_serial
    def ocr_pages(self, sha256: str) -> dict[int, dict]:
        """The OCR cache's rows of one document: page -> {settings, tesseract, words_z} (what a reader's
        extract.readers.ocr.PageCache takes)."""
        return {p: {"settings": s, "tesseract": t, "words_z": w} for p, s, t, w in self.con.execute(
            "SELECT page, settings, tesseract, words_z FROM ocr_pages WHERE document = ?", [sha256]).fetchall()}

    # ------------------------------------------------------------ writes

    @_serial
    def add(self, record: dict, path: str | None = None, size: int | None = None,
            mtime_ns: int | None = None, seconds: float | None = None) -> list["Outcome"]:
        """Queue one `chiso extract` record; writes when the batch is full or old enough and returns
        the outcomes written then (empty while the batch fills). Call flush() at the end."""
        self._pending.append((record, path or record.get("source"), size, mtime_ns, seconds))
        if len(self._pending) >= self.batch_size or time.monotonic() - self._since >= self.max_delay:
            return self.flush()
        if len(self._pending) == 1:
            self._since = time.monotonic()
        return []

    @_serial
    def put(self, record: dict, path: str | None = None, size: int | None = None,
            mtime_ns: int | None = None, seconds: float | None = None) -> str:
        """Store one record now, in a transaction of its own; returns its status."""
        self.flush()
        self._pending.append((record, path or record.get("source"), size, mtime_ns, seconds))
        return self.flush()[-1].status

    @_serial
    def flush(self) -> list["Outcome"]:
        """Write the queued records: each document whole, with its `files` row, in one transaction.
        If the transaction fails, each record is retried alone, so one unstorable record becomes a
        per-file error instead of taking its batch down."""
        batch, self._pending = self._pending, []
        self._since = time.monotonic()
        if not batch:
            return []
        try:
            return self._write(batch)
        except Exception as e:
            if self._recover(e):
                self._pending = batch + self._pending
                return self.flush()
            if len(batch) == 1:
                record, path, size, mtime_ns, seconds = batch[0]
                err = dict(record, status="error", error=f"could not store: {type(e).__name__}: {str(e).splitlines()[0][:200]}")
                return self._write([(err, path, size, mtime_ns, seconds)])
            out = []
            for item in batch:
                self._pending = [item]
                out.extend(self.flush())
            return out

    def _recover(self, e: Exception) -> bool:
        """Once per store, for DuckDB running out of memory under a cap (CHISO_DB_MEMORY): lift the cap.
        After a fatal error DuckDB refuses every statement on the connection ("database has been
        invalidated", e.g. a rollback that could not get memory); what was committed is safe in the
        file and its write-ahead log, so the file is opened again, without the cap."""
        fatal = isinstance(e, duckdb.FatalException) or "invalidated" in str(e)
        if self._recovered or not (fatal or isinstance(e, duckdb.OutOfMemoryException)):
            return False
        self._recovered = True
        if not fatal:
            try:
                self.con.execute("RESET memory_limit")
                return True
            except Exception:
                pass
        try:
            self.con.close()
        except Exception:
            pass
        self._con = None      # opened again on next use, without the cap (self._recovered)
        return True

    def _functions(self) -> None:
        self.con.create_function("unzip_text", unpack_text, ["BLOB"], "VARCHAR")

    def _write(self, batch: list[tuple]) -> list["Outcome"]:
        now = dt.datetime.now()
        shas = list({r.get("sha256") for r, *_ in batch if r.get("status") == "ok" and r.get("sha256")})
        existing = {}
        if shas:
            existing = {d: (v, s) for d, v, s in self.con.execute(
                "SELECT document, extractor_version, source FROM documents WHERE document IN (SELECT unnest(?))",
                [shas]).fetchall()}
        rows: dict[str, list[dict]] = {t: [] for t in ROW_TABLES}
        files: dict[str, dict] = {}
        replace: list[str] = []
        texts: list[dict] = []
        ocr_rows: list[dict] = []
        seen: dict[str, str] = {}
        outcomes = []
        for record, path, size, mtime_ns, seconds in batch:
            sha = record.get("sha256")
            version = record.get("extractor_version") or EXTRACTOR_VERSION
            same_as = None
            if record.get("status") != "ok" or not sha:
                status = "error"
            elif sha in seen:
                status, same_as = "duplicate", seen[sha]
            elif sha in existing and existing[sha][0] == version:
                status, same_as = ("duplicate", existing[sha][1]) if existing[sha][1] != path else ("unchanged", None)
            else:
                status = "stored"
                seen[sha] = path
                if sha in existing:
                    replace.append(sha)
                for t, rs in T.record_rows(record).items():
                    rows[t].extend(rs)
                rows["documents"][-1].update(source=path, seconds=seconds, stored_at=now)
                if record.get("text_z") is not None:          # packed and sketched by the worker (batch.run)
                    texts.append({"document": sha, "text_z": record["text_z"], "grams": record.get("grams"),
                                  "sketch": record.get("sketch")})
                elif record.get("text") is not None:
                    grams, sk = text_sketch(record["text"])
                    texts.append({"document": sha, "text_z": pack_text(record["text"]), "grams": grams, "sketch": sk})
            if status != "error" and record.get("ocr_pages"):      # pages the worker read by OCR (batch.files.extract_file)
                ocr_rows.extend(dict({k: r.get(k) for k in OCR_COLUMNS}, document=sha, stored_at=now)
                                for r in record["ocr_pages"])
            error = record.get("error") if status == "error" else (f"same content as {same_as}" if same_as else None)
            files[path] = {"path": path, "size": size, "mtime_ns": mtime_ns, "document": sha,
                           "extractor_version": version, "status": "stored" if status == "unchanged" else status,
                           "error": error, "seconds": seconds, "pages": record.get("pages"), "seen_at": now}
            outcomes.append(Outcome(path, status, error, sha, record.get("pages") or 0, seconds or 0.0))
        con = self.con
        # what these paths held before: a file whose bytes changed leaves its old document behind
        previous = [d for (d,) in con.execute(
            "SELECT DISTINCT document FROM files WHERE path IN (SELECT unnest(?)) AND document IS NOT NULL",
            [list(files)]).fetchall()]
        con.execute("BEGIN TRANSACTION")
        try:
            if replace:   # an older extractor version's rows go in the same transaction as the new ones
                for t in (*ROW_TABLES, "texts"):
                    con.execute(f"DELETE FROM {t} WHERE document IN (SELECT unnest(?))", [replace])
            for t in ROW_TABLES:
                self._insert(t, rows[t])
            self._insert("texts", texts)
            # one row per page (the same bytes twice in a batch read it twice): the last one
            self._insert("ocr_pages", list({(r["document"], r["page"]): r for r in ocr_rows}.values()), replace=True)
            self._insert("files", list(files.values()), replace=True)
            self._drop_orphans(previous)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return outcomes

    def _drop_orphans(self, documents: list[str]) -> None:
        """Delete the documents of `documents` that no file holds any more (the file now has other
        bytes): they are no longer in the archive, and an old version left beside the new one would
        count twice in the tables and in the checks across reports."""
        if not documents:
            return
        gone = [d for (d,) in self.con.execute(
            "SELECT unnest(?) AS d EXCEPT SELECT document FROM files WHERE document IS NOT NULL",
            [documents]).fetchall()]
        if gone:
            for t in (*ROW_TABLES, "texts", "ocr_pages"):
                self.con.execute(f"DELETE FROM {t} WHERE document IN (SELECT unnest(?))", [gone])

    def _insert(self, table: str, rows: list[dict], replace: bool = False) -> None:
        if not rows:
            return
        data = pa.Table.from_pylist(rows)   # noqa: F841 (read by DuckDB by name)
        self.con.execute(f"INSERT {'OR REPLACE ' if replace else ''}INTO {table} BY NAME SELECT * FROM data")

    # ------------------------------------------------------------ reads

    def frame(self, sql: str, params: Iterable | None = None) -> pd.DataFrame:
        return self.con.execute(sql, list(params) if params else None).df()

    def long(self) -> pd.DataFrame:
        return T.coerce(self.frame("SELECT * FROM long"), T.LONG_COLUMNS)

    def wide(self) -> pd.DataFrame:
        return T.coerce(self.frame("SELECT * FROM wide"), T.wide_columns())

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (*ROW_TABLES, "files")}
