"""Exports people open: CSV, Parquet, XLSX, JSON Lines, in the long or wide shape.

- CSV: UTF-8 with a byte-order mark (Excel then shows Vietnamese correctly), dates as ISO
  `YYYY-MM-DD`, whole numbers without a decimal point (331, 99.75), empty cells for missing values.
- Formula injection: text from documents is untrusted. A *text* cell that begins with `=`, `+`, `-`,
  `@`, a tab or a carriage return is written with a leading apostrophe (`'=HYPERLINK(...)`), which
  spreadsheet programs show as text (OWASP "CSV injection"). Numeric columns are never touched: a
  change of -2 in `value` is data and stays the number -2. A text column that happens to hold
  "-2; 3" (other_values) is text, so it becomes "'-2; 3".
- XLSX: one sheet per table, header row frozen, text cells stored as text (never as formulas, so no
  apostrophe is needed there), dates as dates.
- Parquet: the column types of normalize.table (dates as date32, counts as integers, flags boolean).
- JSON Lines: one object per row, dates ISO, missing values null.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from normalize import table as T

FORMATS = ("csv", "parquet", "xlsx", "jsonl")
TABLES = ("long", "wide", "documents", "mentions", "indicators", "refs", "findings", "files")
XLSX_TABLES = ("long", "wide", "documents", "mentions", "refs", "findings", "files")
DATE_COLUMNS = frozenset(T.DATE_FIELDS) | {"date"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_ROWS = 1_048_575


# ---------------------------------------------------------------- frames

def read_table(store, name: str) -> pd.DataFrame:
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; one of {', '.join(TABLES)}")
    if name == "long":
        return store.long()
    if name == "wide":
        return store.wide()
    df = store.frame(f"SELECT * FROM {name}")
    for c in df.columns:   # DuckDB returns str or object depending on nulls: one dtype per column
        if df[c].dtype == object or str(df[c].dtype) == "str":
            df[c] = df[c].astype("string")
    return df


def _is_text(s: pd.Series) -> bool:
    return isinstance(s.dtype, pd.StringDtype) or s.dtype == object or str(s.dtype) == "str"


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe; numbers,
    dates and flags are left alone (see the module docstring)."""
    out = df.copy()
    for c in out.columns:
        s = out[c]
        if not _is_text(s):
            continue
        mask = s.str.startswith(FORMULA_START, na=False)
        if mask.any():
            out[c] = s.where(~mask, "'" + s.astype("string"))
    return out


def _dates_as_text(df: pd.DataFrame) -> pd.DataFrame:
    """ISO text for date and timestamp columns, so every writer prints the same thing."""
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[c]):
            fmt = "%Y-%m-%d" if c in DATE_COLUMNS else "%Y-%m-%dT%H:%M:%S"
            out[c] = out[c].dt.strftime(fmt).astype("string")
    return out


# ---------------------------------------------------------------- writers

def _number(v: float) -> str:
    # 331 rather than 331.0 (every value is a float because rates share the column), full precision
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def write_csv(df: pd.DataFrame, out: str | Path | IO) -> None:
    text = neutralise(_dates_as_text(df))
    if hasattr(out, "write"):
        out.write("\ufeff")
        text.to_csv(out, index=False, lineterminator="\n", float_format=_number)
        return
    text.to_csv(out, index=False, encoding="utf-8-sig", lineterminator="\n", float_format=_number)


def write_jsonl(df: pd.DataFrame, out: str | Path | IO) -> None:
    text = _dates_as_text(df)
    cols = list(text.columns)
    own = not hasattr(out, "write")
    f = open(out, "w", encoding="utf-8") if own else out
    try:
        for row in text.itertuples(index=False, name=None):
            obj = {c: _json_value(v) for c, v in zip(cols, row)}
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")
    finally:
        if own:
            f.close()


def _json_value(v):
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, np.generic):
        return v.item()
    return v


def arrow_table(df: pd.DataFrame) -> pa.Table:
    t = pa.Table.from_pandas(df, preserve_index=False)
    fields = []
    for f in t.schema:
        if pa.types.is_timestamp(f.type) and f.name in DATE_COLUMNS:
            fields.append(pa.field(f.name, pa.date32()))
        elif pa.types.is_large_string(f.type):
            fields.append(pa.field(f.name, pa.string()))
        else:
            fields.append(f)
    return t.cast(pa.schema(fields))


def write_parquet(df: pd.DataFrame, out: str | Path) -> None:
    pq.write_table(arrow_table(df), out)


def write_xlsx(frames: dict[str, pd.DataFrame], out: str | Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = Workbook(write_only=True)
    for name, df in frames.items():
        if len(df) > XLSX_MAX_ROWS:
            raise ValueError(f"table {name} has {len(df)} rows, more than a sheet holds; export it as CSV or Parquet")
        ws = wb.create_sheet(name)
        ws.freeze_panes = "A2"
        for i, c in enumerate(df.columns, start=1):
            ws.column_dimensions[_col_letter(i)].width = max(10, min(40, len(str(c)) + 2))
        ws.append(list(df.columns))
        kinds = []
        for c in df.columns:
            s = df[c]
            kinds.append("date" if pd.api.types.is_datetime64_any_dtype(s) and c in DATE_COLUMNS
                         else "ts" if pd.api.types.is_datetime64_any_dtype(s) else "text" if _is_text(s) else "other")
        for row in df.itertuples(index=False, name=None):
            cells = []
            for v, kind in zip(row, kinds):
                v = _json_value(v) if not isinstance(v, pd.Timestamp) else v
                if v is None or v is pd.NaT:
                    cells.append(None)
                elif kind == "text":
                    cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", str(v)))
                    cell.data_type = "s"    # always a string, even '=...': never a formula
                    cells.append(cell)
                elif kind in ("date", "ts"):
                    cell = WriteOnlyCell(ws, value=v.date() if kind == "date" else v.to_pydatetime())
                    cell.number_format = "yyyy-mm-dd" if kind == "date" else "yyyy-mm-dd hh:mm:ss"
                    cells.append(cell)
                else:
                    cells.append(v)
            ws.append(cells)
    wb.save(out)


def _col_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(i)


# ---------------------------------------------------------------- one call

def default_out(fmt: str, table: str) -> str:
    return "chiso.xlsx" if fmt == "xlsx" else f"chiso_{table}.{fmt}"


def export(store, fmt: str, table: str = "long", out: str | Path | IO | None = None) -> str | Path | IO:
    """Write `table` (long, wide, documents, ...) of `store` as `fmt`; XLSX writes every table, one
    sheet each. `out` None = chiso_<table>.<fmt> (chiso.xlsx); '-' = standard output (csv, jsonl)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    out = out or default_out(fmt, table)
    if out == "-":
        if fmt in ("parquet", "xlsx"):
            raise ValueError(f"{fmt} is a binary format: give a file with --out")
        out = sys.stdout
    if fmt == "xlsx":
        write_xlsx({name: read_table(store, name) for name in XLSX_TABLES}, out)
        return out
    df = read_table(store, table)
    {"csv": write_csv, "jsonl": write_jsonl, "parquet": write_parquet}[fmt](df, out)
    return out
