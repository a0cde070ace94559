"""The pages of one scanned PDF read by OCR in two processes at once: the worker reading the file and a
helper (another worker of `chiso run` that has no file left to take).

Each page is claimed by creating its claim file (O_EXCL, holding the claimer's pid) in a folder of the
file's own: the reader claims pages from the first up as it reaches them, the helper from the last down,
and the helper stops at the first page already claimed, where the two meet. The helper leaves each page
it read beside its claim (recognise()'s entry and its OCR cache row, written whole by a rename); the
reader, reaching a page the helper claimed, waits for it, or reads it itself if the helper is gone.
The reader's time limit, progress and record stay the file's: the helper only saves it the OCR.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import time
from pathlib import Path

POLL = 0.02          # seconds between looks for a page the helper is reading


class PageShare:
    def __init__(self, root: str | Path, path: str | Path):
        key = hashlib.sha1(os.path.abspath(str(path)).encode("utf-8", "surrogateescape")).hexdigest()
        self.dir = Path(root) / key

    # ---- the reader of the file
    owner = False

    def open(self) -> "PageShare":
        """As the file's reader: its folder is made at its first claim (most files have no OCR page)."""
        self.owner = True
        return self

    def close(self) -> None:
        if self.owner:
            shutil.rmtree(self.dir, ignore_errors=True)   # a helper still at work finds no folder and stops

    def take(self, number: int, timeout: float) -> tuple[dict, dict] | None:
        """(entry, cache row) of a page the helper claimed, once it has read it; None when it failed on
        the page or is gone (killed, or stopped at its time limit) without reading it."""
        done, claim = self.dir / f"{number}.done", self.dir / f"{number}.claim"
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if done.exists():
                try:
                    return pickle.loads(done.read_bytes())
                except (OSError, pickle.UnpicklingError, EOFError):
                    return None
            if not _alive(claim):
                return None if not done.exists() else pickle.loads(done.read_bytes())
            time.sleep(POLL)
        return None

    # ---- both
    def claim(self, number: int) -> bool:
        """True when this process now holds page `number`; False when another one does or the file's
        folder is gone (the reader is done with the file)."""
        name = self.dir / f"{number}.claim"
        try:
            fd = os.open(name, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileNotFoundError:
            if not self.owner:
                return False
            self.dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(name, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except OSError:
            return False
        try:
            os.write(fd, str(os.getpid()).encode())
        finally:
            os.close(fd)
        return True

    # ---- the helper
    def put(self, number: int, result: tuple[dict, dict] | None) -> bool:
        """Leave a page read (entry, cache row), or None for a page the helper failed on."""
        tmp = self.dir / f"{number}.tmp"
        try:
            tmp.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, self.dir / f"{number}.done")
            return True
        except OSError:
            return False


def _alive(claim: Path) -> bool:
    """Whether the process that claimed a page still runs (a claim file just made may not hold its pid yet)."""
    try:
        pid = int(claim.read_text() or 0)
    except (OSError, ValueError):
        return False
    if not pid:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
