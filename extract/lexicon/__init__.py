"""The lexicon: the one place that reads the language data of extract/data/*.yaml.

Each file is checked against its schema (extract/lexicon/schemas.py) when it loads, so an unknown or
misspelt key is an error that names the file and the key, never a phrase list silently empty. The rest
of the code imports the views below instead of opening a YAML file; a view loads on first use (PEP 562
`__getattr__`), so a module that needs one file reads only that file, once per process. The views are
the files' data as read (mappings, lists, text): nothing may change them.

    from extract.lexicon import SCOPES          # data/scopes.yaml, checked

(vn/data files are read by vn/ itself, which sits below extract; tests/test_lexicon.py checks them
against the same schemas.)
"""
from __future__ import annotations

from pathlib import Path

from extract.lexicon.schema import LexiconError, check
from extract.lexicon.schemas import SCHEMAS
from vn.datafile import load_yaml

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "extract" / "data"

# view name → file of extract/data
VIEWS = {
    "INDICATORS_DATA": "indicators.yaml",   # the indicator catalogue (compiled by extract.lexicon.catalogue)
    "KINDS_DATA": "kinds.yaml",             # target, change, period, noun and breakdown words
    "GRAMMAR": "grammar.yaml",              # clause and line-joining words
    "MASKS": "masks.yaml",                  # what only looks like a figure
    "METADATA": "metadata.yaml",            # document types, agencies, header words
    "SCOPES": "scopes.yaml",                # whose figure it is
    "TABLES": "tables.yaml",                # table header and row words
    "DOC_TYPES": "doc_types.yaml",          # cited documents: type words, codes, issuers
    "FIGURE_PERIODS": "figure_periods.yaml",
    "PATH_WORDS": "path_words.yaml",        # words of folder and file names written without tone marks  # a figure's own period (direction sections, year to date, ...)
}

_loaded: dict[str, object] = {}


def load(relpath: str):
    """The data file at `relpath` (from the repository root, e.g. `extract/data/scopes.yaml`), checked
    against its schema; read once per process."""
    if relpath not in _loaded:
        data = load_yaml(ROOT / relpath)
        check(data, SCHEMAS[relpath], relpath)
        _loaded[relpath] = data
    return _loaded[relpath]


def __getattr__(name: str):
    if name in VIEWS:
        value = load(f"extract/data/{VIEWS[name]}")
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["DATA", "LexiconError", "VIEWS", "check", "load", *VIEWS]
