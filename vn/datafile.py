"""Reading the language data files (vn/data, extract/data, audit/data).

PyYAML's C loader (libyaml, in the manylinux wheels) parses the data files about 10× faster than its
pure-Python one; every process that starts a run pays for that parse, so it is used when present.
"""
from __future__ import annotations

from pathlib import Path

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: str | Path):
    """The YAML file at `path`, as safe_load reads it."""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LOADER)
