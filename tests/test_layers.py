"""One direction through the code: every import between chiso's own modules goes to its own layer or a
layer below, and no modules import each other in a circle.

Every project module is read with `ast`, so an import at the top of a file, inside a function, under
`if TYPE_CHECKING:` or in a `try:` counts alike, as does a module named in a string (`"batch.files:
extract_file"`, a fork server's preload list), which the code imports later. Importing `a.b` is an
arrow to `a.b` only: the package `a` runs first, but a package that imports its submodules lazily does
not make a circle with them.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Bottom to top: vn < extract < normalize < audit, report < batch < pipeline < bench.
# For each layer, the layers it may import besides itself; an arrow not listed here is forbidden.
ALLOWED: dict[str, set[str]] = {
    "vn": set(),                                     # Vietnamese knowledge every stage shares
    "extract": {"vn"},                               # readers, rules, metadata, references
    "normalize": {"vn", "extract"},                  # one value per group, tables, store, exports
    "audit": {"vn", "extract", "normalize"},         # checks inside and across reports
    "report": {"vn", "extract", "normalize"},        # the review page, `chiso show`
    "batch": {"vn", "extract", "normalize", "audit", "report"},            # one file, many files
    "pipeline": {"vn", "extract", "normalize", "audit", "report", "batch"},  # the API and the CLI
    "bench": {"vn", "extract", "normalize", "audit", "report", "batch", "pipeline"},  # a tool
}

# Inside extract/, the same rule between its stages (issue 23). Each sub-package, and the Document model,
# with the stages it may import besides itself; the package `extract` itself (EXTRACTOR_VERSION) imports
# none. The language data and plain text are at the bottom; the readers build a Document and nothing of
# extract imports them (the rules never see a file, only a Document); the rules of indicators read all the rest.
EXTRACT_ALLOWED: dict[str, set[str]] = {
    "extract": set(),
    "extract.lexicon": set(),                         # the language data, read, checked and compiled
    "extract.text": {"extract.lexicon"},              # clean lines, numbers and dates, numbers that may be figures
    "extract.model": {"extract.text"},                # Document, Block, Mention: offsets that never move
    "extract.readers": {"extract.model", "extract.text"},                     # PDF, DOCX, DOC, TXT → Document
    "extract.document": {"extract.lexicon", "extract.text", "extract.model"},  # metadata, references, scope, sentences
    "extract.indicators": {"extract.lexicon", "extract.text", "extract.model", "extract.document"},  # the rules
}

# The arrows issue 15 named; they must stay out of ALLOWED.
NAMED_FORBIDDEN = [("extract", "pipeline"), ("normalize", "pipeline"), ("audit", "pipeline"),
                   ("report", "pipeline"), ("extract", "normalize"), ("normalize", "batch")]

# Directories at the top of the repository that hold no project module.
NOT_PROJECT = {"tests", "fixtures", "scripts", "docs", "setup.py"}   # setup.py: the build of the C loops, no layer

# "module" or "module:function", as a string the code hands to importlib
_SPEC = re.compile(r"^([A-Za-z_]\w*(?:\.\w+)*)(?::\w+)?$")


# ---------------------------------------------------------------- reading the imports

def project_modules(root: Path = ROOT) -> dict[str, Path]:
    """Dotted name → file of every module of the project's top-level packages and modules."""
    out: dict[str, Path] = {}
    for p in sorted(root.iterdir()):
        if p.name.startswith(".") or p.name in NOT_PROJECT:
            continue
        if p.suffix == ".py":
            out[p.stem] = p
        elif p.is_dir() and (p / "__init__.py").is_file():
            for f in sorted(p.rglob("*.py")):
                parts = list(f.relative_to(root).with_suffix("").parts)
                if parts[-1] == "__init__":
                    parts.pop()
                out[".".join(parts)] = f
    return out


def _known(name: str, modules) -> str | None:
    """The longest prefix of `name` that is a project module (`extract.readers.ReadError` → extract.readers)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(source: str, module: str, modules, is_package: bool = False) -> set[str]:
    """The project modules that `module` (whose text is `source`) imports, wherever the import stands."""
    package = module if is_package else module.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.update(filter(None, (_known(a.name, modules) for a in node.names)))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            for a in node.names:
                sub = f"{base}.{a.name}"
                target = sub if sub in modules else _known(base, modules)
                if target:
                    out.add(target)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            m = _SPEC.match(node.value)
            if m and ("." in node.value or ":" in node.value) and m[1] in modules:
                out.add(m[1])
    out.discard(module)
    return out


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    modules = project_modules(root)
    return {name: imports_of(path.read_text(encoding="utf-8"), name, modules, path.name == "__init__.py")
            for name, path in modules.items()}


# ---------------------------------------------------------------- circles and arrows

def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every circle of the graph, one per group of nodes that reach each other (Tarjan's strongly
    connected components), as a path that ends where it starts: [a, b, c, a]."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in graph.get(v, ()):
                groups.append(group)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_path_through(sorted(g), graph) for g in groups]


def _path_through(group: list[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest circle from the group's first node back to it, inside the group."""
    start, members = group[0], set(group)
    seen, frontier = {start: [start]}, [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph.get(v, ())):
                if w == start:
                    return seen[v] + [start]
                if w in members and w not in seen:
                    seen[w] = seen[v] + [w]
                    nxt.append(w)
        frontier = nxt
    return group + [start]      # not reached: a group of a strongly connected component has a circle


def layer_of(module: str) -> str:
    return module.split(".")[0]


def stage_of(module: str) -> str | None:
    """The stage of extract/ a module belongs to (`extract.document.scope` → extract.document), None outside."""
    parts = module.split(".")
    if parts[0] != "extract":
        return None
    return ".".join(parts[:2])


def forbidden_arrows(graph: dict[str, set[str]], allowed: dict[str, set[str]] = ALLOWED,
                     layer=layer_of) -> list[str]:
    out = []
    for a in sorted(graph):
        for b in sorted(graph[a]):
            la, lb = layer(a), layer(b)
            if la is None or lb is None:
                continue
            if la != lb and lb not in allowed.get(la, set()):
                out.append(f"{a} → {b}  ({la} may not import {lb})")
    return out


# ---------------------------------------------------------------- the finder itself can fail

def test_the_cycle_finder_finds_a_circle_and_only_it():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": set(), "d": {"a", "c"}}) == []
    assert find_cycles({"x": {"x"}}) == [["x", "x"]]
    two = find_cycles({"p": {"q"}, "q": {"p"}, "r": {"s"}, "s": {"r", "p"}})
    assert sorted(two) == [["p", "q", "p"], ["r", "s", "r"]]


def test_an_upward_arrow_is_reported():
    graph = {"extract.document.metadata": {"vn.periods", "normalize.periods", "extract.fold"}, "vn.periods": set()}
    assert forbidden_arrows(graph) == ["extract.document.metadata → normalize.periods  (extract may not import normalize)"]
    assert forbidden_arrows({"batch.run": {"normalize.store", "audit.document"}}) == []


def test_an_arrow_between_stages_of_extract_against_their_order_is_reported():
    graph = {"extract.text.figures": {"extract.indicators.rules_text", "extract.lexicon.catalogue"},
             "extract.document.scope": {"extract.readers.pdf", "vn.fold"},
             "extract.readers.txt": {"extract.text.textclean", "extract.model"}}
    assert forbidden_arrows(graph, EXTRACT_ALLOWED, stage_of) == [
        "extract.document.scope → extract.readers.pdf  (extract.document may not import extract.readers)",
        "extract.text.figures → extract.indicators.rules_text  (extract.text may not import extract.indicators)"]


def test_imports_inside_functions_and_in_strings_are_read():
    modules = {"extract", "extract.readers", "extract.readers.pdf", "extract.readers.pdf_tables", "pipeline",
               "batch.files"}
    source = '''
from extract.readers import ReadError

def f():
    from pipeline import discover
    from . import pdf_tables
    import extract.readers.pdf as p

SPEC = "batch.files:extract_file"
TEXT = "extract"    # a bare word is no module name
'''
    assert imports_of(source, "extract.readers.ocr", modules) == {
        "extract.readers", "pipeline", "extract.readers.pdf_tables", "extract.readers.pdf", "batch.files"}


# ---------------------------------------------------------------- the project

def test_every_top_level_package_has_a_layer():
    tops = {layer_of(m) for m in project_modules()}
    assert tops == set(ALLOWED), "a new top-level package or module needs a place in ALLOWED"
    assert find_cycles(ALLOWED) == [], "the layers themselves must have an order"


def test_every_module_of_extract_has_a_stage():
    stages = {stage_of(m) for m in project_modules() if m.split(".")[0] == "extract"}
    assert stages == set(EXTRACT_ALLOWED), "a new module or sub-package of extract/ needs a place in EXTRACT_ALLOWED"
    assert find_cycles(EXTRACT_ALLOWED) == [], "the stages of extract/ must have an order"
    assert all(s.startswith("extract") for ss in EXTRACT_ALLOWED.values() for s in ss)


def test_no_module_of_extract_imports_a_stage_above_its_own():
    assert forbidden_arrows(import_graph(), EXTRACT_ALLOWED, stage_of) == []


def test_nothing_in_extract_imports_the_readers_but_the_readers():
    """The rules work on a Document, never on a file: only batch/, report/ and bench/ call a reader."""
    graph = import_graph()
    assert not [a for a, bs in graph.items() for b in bs
                if stage_of(a) not in (None, "extract.readers") and stage_of(b) == "extract.readers"]


@pytest.mark.parametrize("low, high", NAMED_FORBIDDEN)
def test_the_arrows_the_issue_named_stay_forbidden(low, high):
    assert high not in ALLOWED[low]


def test_no_module_imports_a_layer_above_its_own():
    assert forbidden_arrows(import_graph()) == []


def test_no_modules_import_each_other_in_a_circle():
    assert find_cycles(import_graph()) == []


def test_the_graph_sees_the_imports_it_should():
    """The project graph is not empty by mistake: arrows known to exist are in it."""
    graph = import_graph()
    assert "vn.periods" in graph["extract.document.metadata"]              # at the top of the file
    assert "audit.document" in graph["batch.files"]               # inside a function
    assert "batch.warm" in graph["batch.run"]                     # named only in the preload list
    assert "extract.document.scope" in graph["extract.indicators"]   # a stage above another
    assert "extract.text.textclean" in graph["extract.model"]        # inside a function
    assert graph["vn.periods"] <= {"vn.datafile", "vn.fold"}
