"""`chiso run --manifest FILE.csv`: what the archive's keeper knows about its files.

The CSV's first column is a path or a glob (`Lâm Đồng/2025/*.doc`, `004_*.txt`), relative to the
manifest's folder or absolute; the others any of province, agency, doc_type, period (a code, 2025-M10,
or a phrase, `Quý III năm 2023`) and note. Every row that matches a file applies, in order (a later row
wins), and a manifest value wins over what the text and the path say; each field it sets is marked
`manifest` in `meta["sources"]`, and the note goes in `meta["manifest_note"]`.
"""
from __future__ import annotations

import csv
import fnmatch
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

FIELDS = ("province", "agency", "doc_type", "period", "note")


class ManifestError(ValueError):
    """The manifest cannot be used; the message says which row and why."""


@dataclass
class Manifest:
    folder: str
    rows: list[tuple[str, dict]]
    digest: str           # of the file's bytes: part of the version a stored document is compared with

    def match(self, path: str) -> dict:
        """The fields of every row that matches `path` (later rows win)."""
        full = os.path.abspath(path)
        rel = os.path.relpath(full, self.folder)
        name = os.path.basename(full)
        out: dict = {}
        for pattern, values in self.rows:
            pat = pattern if os.path.isabs(pattern) else os.path.normpath(pattern)
            target = full if os.path.isabs(pattern) else rel
            if fnmatch.fnmatchcase(target, pat) or ("/" not in pattern and fnmatch.fnmatchcase(name, pattern)):
                out.update({k: v for k, v in values.items() if v})
        return out


def read_manifest(path: str | Path) -> Manifest:
    from vn import periods as P
    from vn import provinces as PR
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ManifestError(f"cannot read the manifest {path}: {e.strerror or e}") from e
    reader = csv.reader(data.decode("utf-8-sig").splitlines())
    header = next(reader, None)
    if not header:
        raise ManifestError(f"{path}: empty manifest (a header row: path, then any of {', '.join(FIELDS)})")
    cols = [h.strip().lower() for h in header[1:]]
    unknown = [c for c in cols if c not in FIELDS]
    if unknown:
        raise ManifestError(f"{path}: unknown column {unknown[0]!r} (the columns after the path: {', '.join(FIELDS)})")
    rows = []
    for n, row in enumerate(reader, start=2):
        if not row or not row[0].strip():
            continue
        values = {c: (row[i + 1].strip() if i + 1 < len(row) else "") for i, c in enumerate(cols)}
        if values.get("province") and PR.lookup(values["province"]) is None:
            raise ManifestError(f"{path}, row {n}: {values['province']!r} is not a province chiso knows")
        if values.get("period") and not P.is_period(values["period"]):
            found = P.find_periods(values["period"])
            if not found:
                raise ManifestError(f"{path}, row {n}: period {values['period']!r} is neither a code (2025-M10) "
                                    "nor a phrase with its year (Quý III năm 2023)")
            values["period"] = found[0][2]
        rows.append((row[0].strip(), values))
    return Manifest(str(path.resolve().parent), rows, hashlib.sha256(data).hexdigest()[:12])


def apply(record: dict, manifest: Manifest | None, path: str | None = None) -> dict:
    """Set the record's metadata from the manifest rows matching its path (`path`, else its source)."""
    if manifest is None or record.get("status") != "ok":
        return record
    values = manifest.match(path or record.get("source") or "")
    if not values:
        return record
    from extract.document.pathmeta import set_period, set_province
    from vn import provinces as PR
    meta = record.setdefault("meta", {})
    sources = meta.setdefault("sources", {})
    if values.get("province"):
        set_province(meta, PR.lookup(values["province"]), values["province"])
        sources["province"] = "manifest"
    if values.get("period"):
        set_period(meta, values["period"])
        sources["period"] = "manifest"
    for k in ("agency", "doc_type"):
        if values.get(k):
            meta[k] = values[k]
            sources[k] = "manifest"
    if values.get("note"):
        meta["manifest_note"] = values["note"]
    return record
