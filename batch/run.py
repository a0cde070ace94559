"""The batch runner: files → worker processes → the store, with a progress bar and a summary.

    discover ──stat──▶ skip what `files` says is unchanged (no read, no hash)
             ──hash──▶ skip bytes already stored (only when the store is not empty)
             ──pool──▶ extract_file in N worker processes, one file at a time per worker
             ──────▶ the driver, the only writer, adds each record to the store (normalize.store)

Workers are plain processes started from a fork server (clean, no inherited database handle), each
joined to the driver by its own pipe, so the driver always knows which file a worker holds and since
when. A file gets `timeout` seconds: the worker interrupts itself (SIGALRM) and reports a per-file
error; a worker stuck in C code past the grace period is killed and replaced, and its file becomes a
per-file error too; a worker that dies (a crash in a native library) likewise. Workers are replaced
after `max_tasks` files so a leak in a native library cannot grow without bound. Memory stays flat:
paths are walked lazily, at most one file per worker is in flight, records go to the store as they
arrive and are committed in small batches.

The pool is an object with one method, `results(tasks) -> iterator of (task, record, seconds)`:
SerialPool (in the driver), LocalPool (worker processes here), DaskPool (the same stage function on a
Dask cluster, `run(..., scheduler="tcp://host:8786")`; the driver stays the only writer).
"""
from __future__ import annotations

import functools
import hashlib
import heapq
import importlib
import itertools
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Iterable, Iterator

DEFAULT_TIMEOUT = 300.0
CHUNK = 512            # paths probed against `files` per query
SLOWEST = 5
# DuckDB's memory in the driver: its cache would otherwise keep every block written, so the driver grew
# with the store (bench/README.md). With texts stored compressed, 32MB held for 5,000 documents of the
# benchmark and 64MB for 20,000 records; should a write still run out, the store lifts the cap and goes
# on (Store._recover). CHISO_DB_MEMORY=1GB sets another cap, CHISO_DB_MEMORY=none none.
DB_MEMORY = os.environ.get("CHISO_DB_MEMORY", "32MB")
IDLE_RELEASE = 1.0     # seconds the driver keeps the database open with nothing to do (readers wait meanwhile)


@dataclass
class FileTask:
    path: str
    size: int | None = None
    mtime_ns: int | None = None
    sha256: str | None = None
    # the OCR cache's rows of this file (normalize.store.Store.ocr_pages), sent to the worker with the
    # path; None when the cache is off (the worker then returns no OCR pages either)
    ocr_pages: dict | None = None


@dataclass
class RunSummary:
    db: str
    files: int = 0
    stored: int = 0
    unchanged: int = 0          # skipped: same path, size, mtime and extractor version
    duplicates: int = 0         # skipped: the same bytes are stored from another path
    failed: list[tuple[str, str]] = field(default_factory=list)       # (path, reason)
    skipped_failed: int = 0     # skipped: failed before and nothing changed (retry with retry_failed)
    pages: int = 0
    seconds: float = 0.0
    workers: int = 0
    slowest: list[tuple[float, str, int]] = field(default_factory=list)   # (seconds, path, pages)
    interrupted: bool = False
    helped_pages: int = 0       # pages of a scan OCR'd by a worker helping the one reading it

    @property
    def skipped(self) -> int:
        return self.unchanged + self.duplicates + self.skipped_failed

    def format(self, max_failed: int = 20) -> str:
        rate = self.stored / self.seconds if self.seconds else 0.0
        speed = f"; {self.pages} pages, {rate:.1f} documents/s" if self.stored else ""
        lines = [f"{self.files} files in {self.seconds:.1f} s ({self.workers or 'no'} worker processes): "
                 f"{self.stored} stored, {self.skipped} skipped, {len(self.failed)} failed{speed} → {self.db}"]
        if self.skipped:
            parts = [f"{self.unchanged} unchanged"]
            if self.duplicates:
                parts.append(f"{self.duplicates} same content as a stored file")
            if self.skipped_failed:
                parts.append(f"{self.skipped_failed} failed before and unchanged (--retry-failed to try again)")
            lines.append("skipped: " + ", ".join(parts))
        if self.failed:
            lines.append("failed:")
            lines += [f"  {p}: {r}" for p, r in self.failed[:max_failed]]
            if len(self.failed) > max_failed:
                lines.append(f"  … and {len(self.failed) - max_failed} more: "
                             "chiso query \"SELECT path, error FROM files WHERE status = 'error'\"")
        if self.helped_pages:
            lines.append(f"{self.helped_pages} pages of scans read by OCR in a second worker")
        if self.slowest:
            lines.append("slowest:")
            lines += [f"  {s:.2f} s  {pg} pages  {p}" for s, p, pg in sorted(self.slowest, reverse=True)]
        if self.interrupted:
            lines.append("interrupted: what was stored is kept; run the same command again to finish")
        return "\n".join(lines)


# ---------------------------------------------------------------- extractor in a worker

class _FileTimeout(BaseException):
    """Raised by SIGALRM inside extraction; a BaseException so `except Exception` in readers lets it by."""


_alarm_fired = False


def _on_alarm(signum, frame):
    # The exception can land inside a __del__, where Python prints and drops it; the flag and the
    # repeating timer (see extract_with_limit) make sure the time limit still holds.
    global _alarm_fired
    _alarm_fired = True
    raise _FileTimeout()


def resolve(spec: str, options: dict | None = None) -> Callable[[str], dict]:
    """'module:function' -> the function (the default is batch.files:extract_file), with `options` bound
    as keyword arguments (e.g. {"ocr": "never"}): plain data, so it travels to any worker."""
    mod, _, name = spec.partition(":")
    fn = getattr(importlib.import_module(mod), name)
    return functools.partial(fn, **options) if options else fn


def extract_with_limit(fn: Callable[[str], dict], path: str, timeout: float | None,
                       ocr_pages: dict | None = None) -> tuple[dict, float]:
    """One file through `fn`, interrupted after `timeout` seconds. Never raises for the file's sake:
    any failure becomes an error record. In a process's main thread the limit is SIGALRM; in another
    thread (a Dask worker runs tasks in threads) a timer raises the same exception in the calling
    thread (it lands at the next Python bytecode, so a long call inside C code finishes first).
    ocr_pages: the OCR cache's rows of the file, passed on to `fn` (batch.files.extract_file) when not None."""
    from batch.files import error_record
    global _alarm_fired
    if ocr_pages is not None:
        fn = functools.partial(fn, ocr_pages=ocr_pages)
    main = _in_main_thread()
    use_alarm = bool(timeout) and hasattr(signal, "setitimer") and main
    _alarm_fired = False
    t0 = time.perf_counter()
    try:
        if use_alarm:
            old = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, timeout, 0.05)   # re-fires until the file gives up
            try:
                record = fn(path)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old)
            if _alarm_fired:
                raise _FileTimeout()
        elif timeout and not main:
            record = _call_with_thread_limit(fn, path, timeout)
        else:
            record = fn(path)
    except _FileTimeout:
        record = error_record(path, f"took longer than {timeout:g} s (time limit per file)")
    except Exception as e:
        first = str(e).splitlines()[0][:200] if str(e) else ""
        record = error_record(path, f"extraction failed ({type(e).__name__}: {first})")
    if isinstance(record, dict) and isinstance(record.get("text"), str):
        # packed and sketched here, in the worker: a quarter of the bytes through the pipe, and the driver
        # (the one process that writes) spends no time compressing or cutting texts into 3-grams
        from normalize.sketch import text_sketch
        from normalize.texts import pack_text
        record["grams"], record["sketch"] = text_sketch(record["text"])     # what copies are found by
        record["text_z"] = pack_text(record.pop("text"))
    return record, time.perf_counter() - t0


def _call_with_thread_limit(fn, path, timeout: float) -> dict:
    """fn(path) in this (non-main) thread; after `timeout` s a timer thread raises _FileTimeout in it
    (PyThreadState_SetAsyncExc). A lock decides the race between the timer and a finishing call: once
    the call has finished no exception is injected, and one injected but not yet raised is cleared and
    raised here instead, so it can never land in the caller's later code."""
    import ctypes
    import threading
    tid = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire():
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(_FileTimeout))

    timer = threading.Timer(timeout, fire)
    timer.daemon = True
    timer.start()
    try:
        return fn(path)
    finally:
        with lock:
            state["done"] = True
        timer.cancel()
        if state["fired"]:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), None)   # clear if still pending
            raise _FileTimeout()


def _in_main_thread() -> bool:
    import threading
    return threading.current_thread() is threading.main_thread()


def _report(conn):
    """The PDF reader's progress (pages of a file, each page read by OCR) sent to the driver."""
    def send(kind: str, n: int) -> None:
        try:
            conn.send(("progress", kind, n))
        except (BrokenPipeError, OSError):
            pass
    return send


def _worker_main(conn, spec: str, timeout: float | None, max_tasks: int, options: dict | None = None,
                 share_root: str | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the driver's to handle
    fn = resolve(spec, options)
    from extract.readers import pdf
    from extract.readers.ocr_share import PageShare
    pdf.PROGRESS = _report(conn)
    for _ in range(max_tasks):
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return                                  # the driver is gone
        if msg is None:
            return
        if isinstance(msg, tuple) and msg[0] == HELP:
            _, path, cached = msg
            try:
                n = pdf.help_ocr(path, PageShare(share_root, path), (options or {}).get("ocr", "auto"), cached, timeout)
            except Exception:                       # helping is a bonus: the reader reads what is left
                n = 0
            result = (HELP, n)
        else:
            path, ocr_pages = msg if isinstance(msg, tuple) else (msg, None)
            pdf.SHARE = PageShare(share_root, path).open() if share_root else None
            try:
                result = extract_with_limit(fn, path, timeout, ocr_pages)
            finally:
                if pdf.SHARE is not None:
                    pdf.SHARE.close()
                pdf.SHARE = None
        try:
            conn.send(result)
        except (BrokenPipeError, OSError):
            return


# ---------------------------------------------------------------- pools

class SerialPool:
    """In the driver's process: for one core, debugging and tests."""
    workers = 0

    def __init__(self, timeout: float | None = DEFAULT_TIMEOUT, extractor: str = "batch.files:extract_file",
                 options: dict | None = None):
        self.timeout, self.fn = timeout, resolve(extractor, options)
        _preload()        # the first file's clock must not pay for importing the extractor

    on_progress: Callable | None = None        # (task, "pages" | "page", n), see extract.readers.pdf.PROGRESS

    def results(self, tasks: Iterable[FileTask]) -> Iterator[tuple[FileTask, dict, float]]:
        from extract.readers import pdf
        for t in tasks:
            if self.on_progress:
                pdf.PROGRESS = functools.partial(self.on_progress, t)
            try:
                record, secs = extract_with_limit(self.fn, t.path, self.timeout, t.ocr_pages)
            finally:
                pdf.PROGRESS = None
            yield t, record, secs


# a worker with no file left to take helps one reading a scan (extract/readers/ocr_share.py): message
# (HELP, path, OCR cache rows) to the worker, (HELP, pages read) back
HELP = "help"
# ... when the scan has at least this many pages after the one its reader is at
HELP_MIN_PAGES = 3


class _Worker:
    def __init__(self, ctx, spec, timeout, max_tasks, options=None, share_root=None):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, spec, timeout, max_tasks, options, share_root),
                                daemon=True)
        self.proc.start()
        child.close()
        self.task: FileTask | None = None
        self.started = 0.0
        self.done = 0
        self.helping = False        # self.task is another worker's file, some of whose pages it reads
        self.pages = self.at = 0    # the file's pages and the last page read by OCR, from its progress

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.proc.kill()
            else:
                self.conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        self.proc.join(timeout=None if kill else 5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


PRELOAD = ["batch.files", "extract.readers", "extract.document.metadata", "extract.indicators", "extract.document.references",
           "audit.document", "batch.run", "batch.warm"]


def _preload() -> None:
    """Import what the fork server preloads for the local workers (the extractor imports lazily)."""
    for name in PRELOAD:
        importlib.import_module(name)


class LocalPool:
    """N worker processes on this machine."""
    on_progress: Callable | None = None        # (task, "pages" | "page", n), from the workers' PDF readers

    def __init__(self, workers: int | None = None, timeout: float | None = DEFAULT_TIMEOUT,
                 extractor: str = "batch.files:extract_file", max_tasks: int = 1000, options: dict | None = None):
        self.workers = workers or os.cpu_count() or 1
        self.timeout, self.spec, self.max_tasks, self.options = timeout, extractor, max_tasks, options
        # past the soft limit a worker gets a grace period to report, then it is killed
        self.hard = (timeout + max(5.0, 0.1 * timeout)) if timeout else None
        self.ctx = mp.get_context("forkserver") if "forkserver" in mp.get_all_start_methods() else mp.get_context("spawn")
        if self.ctx.get_start_method() == "forkserver":
            self.ctx.set_forkserver_preload(PRELOAD)   # the extractor's modules imported once, not per worker

    def prestart(self) -> None:
        """Start the fork server now: it imports and warms up (batch/warm.py) on another core while
        the driver opens the store, instead of after."""
        if self.ctx.get_start_method() == "forkserver":
            from multiprocessing import forkserver
            forkserver.ensure_running()

    def _new(self) -> _Worker:
        return _Worker(self.ctx, self.spec, self.timeout, self.max_tasks, self.options, self.share_root)

    share_root: str | None = None
    helped_pages = 0

    def results(self, tasks: Iterable[FileTask]) -> Iterator[tuple[FileTask, dict, float]]:
        import shutil
        import tempfile
        it = iter(tasks)
        first = next(it, None)
        if first is None:
            return                     # nothing to extract (a re-run): no process started
        it = itertools.chain([first], it)
        # the folder where a scan's reader and its helper share pages (ocr_share.py)
        self.share_root = tempfile.mkdtemp(prefix="chiso-pages-") if self.workers > 1 else None
        try:
            yield from self._results(it)
        finally:
            if self.share_root:
                shutil.rmtree(self.share_root, ignore_errors=True)
            self.share_root = None

    def _results(self, it: Iterator[FileTask]) -> Iterator[tuple[FileTask, dict, float]]:
        from batch.files import error_record
        pool = [self._new() for _ in range(self.workers)]
        exhausted = False
        helped: set[str] = set()
        try:
            while True:
                for w in pool:
                    if w.task is None and not exhausted:
                        t = next(it, None)
                        if t is None:
                            exhausted = True
                            break
                        w.task, w.started, w.pages, w.at = t, time.monotonic(), 0, 0
                        w.conn.send(t.path if t.ocr_pages is None else (t.path, t.ocr_pages))
                if exhausted and self.share_root:
                    self._help(pool, helped)
                busy = [w for w in pool if w.task is not None]
                if not busy:
                    if exhausted:
                        return
                    continue
                wait_for = None
                if self.hard:
                    wait_for = max(0.0, min(w.started for w in busy) + self.hard - time.monotonic())
                ready = set(wait([w.conn for w in busy], timeout=wait_for))
                now = time.monotonic()
                for i, w in enumerate(pool):
                    if w.task is None:
                        continue
                    task, replace, result = w.task, False, None
                    if w.conn in ready:
                        try:
                            result = w.conn.recv()
                            if isinstance(result, tuple) and len(result) == 3 and result[0] == "progress":
                                if result[1] == "pages":
                                    w.pages = result[2]
                                else:
                                    w.at = max(w.at, result[2])
                                if self.on_progress:
                                    self.on_progress(task, result[1], result[2])
                                continue                # the file is still being read
                            if w.helping:               # the helper is done: its pages went to the reader
                                self.helped_pages += result[1]
                                w.task, w.helping = None, False
                                w.done += 1
                                if w.done >= self.max_tasks:
                                    w.stop()
                                    pool[i] = self._new()
                                continue
                            w.done += 1
                            replace = w.done >= self.max_tasks
                        except (EOFError, OSError):
                            if w.helping:               # a helper that died: the reader reads its pages
                                w.stop(kill=True)
                                pool[i] = self._new()
                                continue
                            w.proc.join(timeout=1)
                            code = w.proc.exitcode
                            why = f"killed by signal {-code}" if code and code < 0 else f"exit code {code}"
                            result = (error_record(task.path, f"the worker reading this file stopped ({why})"), now - w.started)
                            replace = True
                    elif self.hard and now - w.started > self.hard:
                        if w.helping:
                            w.stop(kill=True)
                            pool[i] = self._new()
                            continue
                        limit = self.timeout or self.hard
                        result = (error_record(task.path, f"took longer than {limit:g} s (time limit per file; worker stopped)"),
                                  now - w.started)
                        w.stop(kill=True)
                        w.task = None
                        pool[i] = self._new()
                        yield task, *result
                        continue
                    else:
                        continue
                    w.task = None
                    if replace:
                        w.stop(kill=w.done < self.max_tasks)
                        pool[i] = self._new()
                    yield task, *result
        finally:
            for w in pool:
                w.stop(kill=w.task is not None)

    def _help(self, pool: list[_Worker], helped: set[str]) -> None:
        """Idle workers (no file left) each help one worker that reads a scan by OCR with pages to go."""
        for w in pool:
            if w.task is not None:
                continue
            owner = next((o for o in pool if o.task is not None and not o.helping and o.at
                          and o.pages - o.at >= HELP_MIN_PAGES and o.task.path not in helped), None)
            if owner is None:
                return
            helped.add(owner.task.path)
            w.task, w.started, w.helping = owner.task, time.monotonic(), True
            w.conn.send((HELP, owner.task.path, owner.task.ocr_pages))


class DaskPool:
    """The same stage function on a Dask cluster (`pip install chiso[dask]`): `scheduler` is an address
    (tcp://host:8786), a distributed Client, or a cluster object (LocalCluster in the tests).

    Workers read each file by its path, so they must see the same files at the same absolute paths
    (a shared or network filesystem, or the same mount on every machine): sending paths keeps the
    driver's memory and network flat and lets every worker read at disk speed; sending bytes would
    put every file through the driver. The records come back to the driver, the only writer to
    DuckDB. At most `in_flight` files are submitted at a time (default 4 per worker thread), new ones
    as results arrive, so a million-file run holds a bounded number of futures. The per-file limit is
    applied inside the task (extract_with_limit); a task lost with its worker becomes a per-file error.
    """

    def __init__(self, scheduler, timeout: float | None = DEFAULT_TIMEOUT,
                 extractor: str = "batch.files:extract_file", options: dict | None = None,
                 in_flight: int | None = None):
        from distributed import Client
        if isinstance(scheduler, Client):
            self.client, self._own = scheduler, False
        else:
            self.client, self._own = Client(scheduler), True
        self.timeout, self.spec, self.options = timeout, extractor, options
        threads = sum(self.client.nthreads().values()) or 1
        self.workers = threads
        self.in_flight = in_flight or 4 * threads

    def results(self, tasks: Iterable[FileTask]) -> Iterator[tuple[FileTask, dict, float]]:
        from distributed import as_completed

        from batch.files import error_record
        it = iter(tasks)
        pending: dict[str, FileTask] = {}
        ac = as_completed()

        def submit(t: FileTask) -> None:
            fut = self.client.submit(_dask_extract, self.spec, self.options, os.path.abspath(t.path),
                                     self.timeout, t.ocr_pages, pure=False)
            pending[fut.key] = t
            ac.add(fut)

        for t in itertools.islice(it, self.in_flight):
            submit(t)
        try:
            while not ac.is_empty():
                for fut in ac.next_batch(block=True):
                    t = pending.pop(fut.key)
                    try:
                        record, secs = fut.result()
                        record["source"] = t.path           # the path as given, as the local pools store it
                    except Exception as e:                  # the worker died or the task could not run
                        record, secs = error_record(t.path, f"the Dask task failed ({type(e).__name__}: {e})"), 0.0
                    fut.release()
                    nxt = next(it, None)
                    if nxt is not None:
                        submit(nxt)
                    yield t, record, secs
        finally:
            for fut in list(ac.futures):
                fut.cancel()

    def close(self) -> None:
        if self._own:
            self.client.close()


_dask_fns: dict = {}


def _dask_extract(spec: str, options: dict | None, path: str, timeout: float | None,
                  ocr_pages: dict | None = None) -> tuple[dict, float]:
    """The task run on a Dask worker: the extractor resolved once per worker process."""
    key = (spec, repr(sorted((options or {}).items())))
    fn = _dask_fns.get(key)
    if fn is None:
        _preload()
        fn = _dask_fns[key] = resolve(spec, options)
    return extract_with_limit(fn, path, timeout, ocr_pages)


# ---------------------------------------------------------------- the run

def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _stat(path: Path) -> FileTask:
    try:
        st = path.stat()
        return FileTask(str(path), st.st_size, st.st_mtime_ns)
    except OSError:
        return FileTask(str(path))   # the reader reports why it cannot be opened


def run(paths: Iterable[str | Path], db: str | Path = "chiso.duckdb", workers: int | None = None,
        timeout: float | None = DEFAULT_TIMEOUT, retry_failed: bool = False, progress: bool | None = None,
        on_file: Callable | None = None, pool=None, extractor: str = "batch.files:extract_file",
        options: dict | None = None, scheduler=None, ocr_cache: bool = False, manifest=None) -> RunSummary:
    """Extract every report under `paths` into the DuckDB file `db`; see the module docstring.
    workers: None = all cores, 0 = in this process. progress: None = a bar when stderr is a terminal;
    it counts pages: a file counts one until a worker opens it (a PDF reports its page count then, and
    each page it reads by OCR as it goes), a skipped file counts one.
    ocr_cache: send each file's pages from the store's OCR cache with it and store the pages the
    workers read (the extractor must take `ocr_pages`, as batch.files:extract_file does).
    on_file(outcome) is called for each file once its result is committed (or skipped).
    options: keyword arguments for the extractor in every worker (e.g. {"ocr": "never"}).
    scheduler: a Dask scheduler address (tcp://host:8786), Client or cluster: run on it (DaskPool).
    manifest: a batch.manifest.Manifest, applied to each record in the driver; its digest is part of the
    version stored files are compared with, so a changed manifest reaches every file."""
    t0 = time.perf_counter()
    own_pool = pool is None
    if pool is None and scheduler is not None:
        pool = DaskPool(scheduler, timeout, extractor, options)
    elif pool is None:
        pool = (SerialPool(timeout, extractor, options) if workers == 0
                else LocalPool(workers, timeout, extractor, options=options))
    if hasattr(pool, "prestart") and not Path(db).exists():
        pool.prestart()         # a new store: every file will be extracted, so warm the workers up now
        import pandas  # noqa: F401  DuckDB imports it at the first insert; better now, while they warm up

    from tqdm import tqdm

    from extract import EXTRACTOR_VERSION
    from normalize.store import Outcome, Store
    from batch.files import NotRead, discover, error_record
    from batch.manifest import apply as apply_manifest
    version = EXTRACTOR_VERSION + (f"+manifest.{manifest.digest}" if manifest else "")

    paths = [Path(p) for p in paths]
    total = sum(1 for _ in discover(paths))   # a walk without reading: the bar's total
    summary = RunSummary(db=str(db), workers=getattr(pool, "workers", 0))
    slowest: list[tuple[float, str, int]] = []
    bar = tqdm(total=total, unit=" pages", disable=(not sys.stderr.isatty()) if progress is None else not progress,
               dynamic_ncols=True, smoothing=0.1)
    extracted = 0
    counted: dict[str, list[int]] = {}      # path -> [pages in the bar's total, pages shown done]

    def on_progress(task: FileTask, kind: str, n: int) -> None:
        c = counted.setdefault(task.path, [1, 0])
        if kind == "pages":
            bar.total += max(1, n) - c[0]
            c[0] = max(1, n)
            bar.refresh()
        else:
            c[1] += 1
            bar.update(1)

    def finished(task: FileTask, pages: int) -> None:
        c = counted.pop(task.path, [1, 0])
        pages = max(1, pages)
        bar.total += pages - c[0]
        bar.update(pages - c[1])

    if hasattr(pool, "on_progress"):
        pool.on_progress = on_progress

    def done(o: Outcome) -> None:
        if o.status == "stored":
            summary.stored += 1
            summary.pages += o.pages
        elif o.status in ("unchanged", "skipped"):
            summary.unchanged += 1
        elif o.status == "duplicate":
            summary.duplicates += 1
        elif o.status == "skipped_failed":
            summary.skipped_failed += 1
        else:
            summary.failed.append((o.path, o.error or "unknown error"))
        if on_file:
            on_file(o)

    def tick() -> None:
        el = time.perf_counter() - t0
        bar.set_postfix_str(f"files={extracted + summary.skipped}/{total} docs/s={extracted / el if el else 0:.1f} "
                            f"errors={len(summary.failed)} skipped={summary.skipped}", refresh=False)

    store = Store(db, memory_limit=DB_MEMORY if DB_MEMORY and DB_MEMORY.lower() != "none" else None)
    fresh = store.is_empty()
    # fresh store: nothing cached (a document's OCR pages go with it); else look files up by their hash
    lookup = ocr_cache and not fresh and store.has_ocr_pages()

    def todo() -> Iterator[FileTask]:
        """Files that need extracting; the others are reported as skipped on the way."""
        chunk: list[FileTask] = []
        for f in discover(paths):
            if isinstance(f, NotRead):      # a folder that cannot be listed, a broken link: a per-file error
                for o in store.add(error_record(str(f), f.reason), str(f), None, None, 0.0):
                    done(o)
                bar.update(1)
                continue
            chunk.append(_stat(f))
            if len(chunk) >= CHUNK:
                yield from probe(chunk)
                chunk = []
        yield from probe(chunk)

    def probe(chunk: list[FileTask]) -> Iterator[FileTask]:
        known = store.unchanged([(t.path, t.size, t.mtime_ns) for t in chunk if t.size is not None], version)
        for t in chunk:
            k = known.get(t.path)
            if k and (k[0] != "error" or not retry_failed):
                done(Outcome(t.path, "skipped_failed" if k[0] == "error" else "unchanged", k[1], k[2], 0, 0.0))
                bar.update(1)
                continue
            if not fresh and t.size is not None:
                # touched or moved but maybe the same bytes: a hash is far cheaper than extraction
                try:
                    sha = sha256_file(t.path)
                except OSError:
                    sha = None
                if sha and store.has_document(sha, version):
                    stub = {"source": t.path, "sha256": sha, "status": "ok", "extractor_version": version}
                    for o in store.add(stub, t.path, t.size, t.mtime_ns, 0.0):
                        done(o)
                    bar.update(1)
                    continue
                t.sha256 = sha
            if ocr_cache:
                t.ocr_pages = store.ocr_pages(t.sha256) if lookup and t.sha256 else {}
            yield t

    # while the workers read a slow file, the driver would hold the database with nothing to write:
    # a thread closes it once idle for a second (normalize.store), so readers get in meanwhile
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.5):
            store.idle_release(IDLE_RELEASE)

    watcher = threading.Thread(target=watch, name="chiso-store-idle", daemon=True)
    watcher.start()
    results = pool.results(todo())
    try:
        for task, record, secs in results:
            extracted += 1
            pages = record.get("pages") or 0
            heapq.heappush(slowest, (secs, task.path, pages))
            if len(slowest) > SLOWEST:
                heapq.heappop(slowest)
            if manifest is not None:
                apply_manifest(record, manifest, task.path)
                record["extractor_version"] = version
            written = store.add(record, task.path, task.size, task.mtime_ns, secs)
            for o in store.take_later() + written:
                done(o)
            if written:
                store.release()     # between batches the database is free for readers (normalize.store)
            finished(task, pages)
            tick()
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        results.close()   # stops the workers now, not whenever the generator is collected
        stop.set()
        watcher.join()
        try:
            for o in store.take_later() + store.flush():
                done(o)
            tick()
        finally:
            store.close()
            bar.close()
            if own_pool and hasattr(pool, "close"):
                pool.close()
    summary.files = total
    summary.seconds = time.perf_counter() - t0
    summary.helped_pages = getattr(pool, "helped_pages", 0)
    summary.slowest = sorted(slowest, reverse=True)
    return summary
