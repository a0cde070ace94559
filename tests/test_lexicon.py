"""The lexicon (extract/lexicon/): every language data file matches its schema, a misspelt key is an
error that names it, and nothing outside the lexicon opens a YAML file of extract/data."""
from __future__ import annotations

import ast
import copy
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import regex as re

from extract import lexicon
from extract.lexicon.schema import LexiconError, check
from extract.lexicon.schemas import SCHEMAS
from vn.datafile import load_yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("vn", "extract", "normalize", "audit", "report", "batch", "bench")


@pytest.mark.parametrize("relpath", sorted(SCHEMAS))
def test_every_data_file_matches_its_schema(relpath):
    check(load_yaml(ROOT / relpath), SCHEMAS[relpath], relpath)


def test_every_yaml_file_of_extract_data_has_a_schema():
    files = {f"extract/data/{p.name}" for p in (ROOT / "extract" / "data").glob("*.yaml")}
    assert files and files <= set(SCHEMAS)
    assert {f"extract/data/{name}" for name in lexicon.VIEWS.values()} == files


def _indicators():
    return copy.deepcopy(load_yaml(ROOT / "extract/data/indicators.yaml"))


def test_a_misspelt_key_is_an_error_that_names_it():
    data = _indicators()
    first = data["indicators"][0]
    first["cue"] = first.pop("cues")               # `cue:` typed for `cues:`
    with pytest.raises(LexiconError) as e:
        check(data, SCHEMAS["extract/data/indicators.yaml"], "extract/data/indicators.yaml")
    msg = str(e.value)
    assert f".indicators[0 id: {first['id']}]: unknown key 'cue' (did you mean 'cues'?)" in msg
    assert msg.startswith("extract/data/indicators.yaml does not match its schema")


def test_a_cue_mapping_with_a_misspelt_key_and_a_wrong_type_fail_too():
    data = _indicators()
    data["indicators"][1]["cues"].append({"cue": "tiếp nhận", "contxt": "received"})
    data["indicators"][2]["tier"] = "2"
    del data["indicators"][3]["unit"]
    with pytest.raises(LexiconError) as e:
        check(data, SCHEMAS["extract/data/indicators.yaml"], "indicators.yaml")
    msg = str(e.value)
    assert "unknown key 'contxt' (did you mean 'context'?)" in msg
    assert ".tier: expected a whole number, got '2'" in msg
    assert "missing key 'unit'" in msg


def test_a_top_level_key_unknown_lists_the_known_ones():
    with pytest.raises(LexiconError, match=r"unknown key 'qqq' \(known: .*goes_on.*\)"):
        check({**load_yaml(ROOT / "extract/data/scopes.yaml"), "qqq": []}, SCHEMAS["extract/data/scopes.yaml"],
              "scopes.yaml")


def test_a_view_is_its_file_read_once_and_only_when_used():
    assert lexicon.SCOPES is lexicon.load("extract/data/scopes.yaml")
    assert lexicon.TABLES["total_rows"]
    # a process that asks for one view reads that file only (normalize needs only the indicator ids)
    code = "import extract.lexicon as L; L.TABLES; print(sorted(L._loaded))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['extract/data/tables.yaml']"


def _modules():
    for pkg in PACKAGES:
        for p in sorted((ROOT / pkg).rglob("*.py")):
            yield p.relative_to(ROOT).as_posix(), p
    yield "pipeline.py", ROOT / "pipeline.py"


def _docstrings(tree) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def test_nothing_outside_the_lexicon_opens_a_yaml_file_of_extract_data():
    names = {p.name for p in (ROOT / "extract" / "data").glob("*.yaml")}
    bad = []
    for rel, path in _modules():
        if rel.startswith("extract/lexicon/") or rel == "vn/datafile.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import) and any(a.name == "yaml" for a in node.names):
                bad.append(f"{rel}:{node.lineno} imports yaml")
            elif isinstance(node, ast.ImportFrom) and node.module == "yaml":
                bad.append(f"{rel}:{node.lineno} imports yaml")
            elif (isinstance(node, ast.ImportFrom) and node.module == "vn.datafile"
                  and rel.startswith("extract/")):
                bad.append(f"{rel}:{node.lineno} reads data files itself (use extract.lexicon)")
            elif (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
                  and any(node.value == n or node.value.endswith("/" + n) for n in names)):
                bad.append(f"{rel}:{node.lineno} names {node.value!r}")
    assert not bad, "\n".join(bad)


# ---------------------------------------------------------------- no Vietnamese in extraction code

_CHAR_CLASS = re.compile(r"\[(?:\\.|[^\]\\])*\]")      # [a-zđ], [^\W\d_]: letters a pattern spells out


def _vietnamese_letter(c: str) -> bool:
    """đ/Đ, or a Latin letter with a diacritic (ă, ơ, ư, á, ệ …); a tone mark alone is no letter."""
    base = unicodedata.normalize("NFD", c)
    return c in "đĐ" or (c.isalpha() and len(base) > 1 and base[0].isascii())


def vietnamese_literals(source: str) -> list[tuple[int, str]]:
    """(line, literal) of every string literal of `source` that holds a Vietnamese letter outside a
    regular expression's character class; docstrings and comments do not count."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
            and any(_vietnamese_letter(c) for c in _CHAR_CLASS.sub("", node.value))]


def test_the_finder_sees_a_literal_and_only_it():
    source = '''"""Đọc báo cáo: a docstring may quote the text."""
import regex as re

_BULLET = re.compile(r"^[a-zđ][).]\\s")          # a character class spells letters out: allowed
_LOWER = "[àáạ]" + "x"

def f(t):
    """Số hồ sơ: docstrings do not count."""
    # comments do not count: tiếp nhận
    ok = t.endswith("ok")
    return t.startswith("tiếp nhận") or f"{t} hồ sơ" or "Đ"
'''
    assert sorted(text for _, text in vietnamese_literals(source)) == [" hồ sơ", "tiếp nhận", "Đ"]


def test_no_vietnamese_in_a_string_literal_of_extraction_code():
    """Vietnamese words live in extract/data/*.yaml, read through extract.lexicon (the readers, which
    decode text and fonts, are outside this rule)."""
    bad = []
    for rel, path in _modules():
        if not rel.startswith("extract/") or rel.startswith("extract/readers/"):
            continue
        bad += [f"{rel}:{line} {text[:60]!r}" for line, text in vietnamese_literals(path.read_text(encoding="utf-8"))]
    assert not bad, "Vietnamese in code (move it to a data file and its schema):\n" + "\n".join(bad)


def test_the_agency_the_schema_found_split_by_a_comma():
    # `{name: Sở Văn hóa, Thể thao và Du lịch, …}` read as name "Sở Văn hóa" and a key "Thể thao và Du lịch"
    from extract.document.metadata import find_metadata
    from indicator_helpers import doc_of
    meta = find_metadata(doc_of("UBND TỈNH QUẢNG NAM", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Số: 15/BC-SVHTTDL",
                                "BÁO CÁO", "Kết quả công tác cải cách hành chính năm 2024"))
    assert meta["agency"] == "Sở Văn hóa, Thể thao và Du lịch"
