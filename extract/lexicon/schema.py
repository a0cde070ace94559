"""Checking a data file against its schema: every key known, every value of the expected type.

A schema is plain Python: a type (`str`, `int`, `bool`, `float`), a list `[spec]` (every item matches
spec), a mapping `{"key": spec, "key?": spec}` (exactly these keys; `?` marks an optional one), `Each(spec)`
(a mapping from any key to spec), or `OneOf(spec, ...)`. An unknown key fails with the closest known key
("unknown key 'cue' (did you mean 'cues'?)"), so a misspelt key never silently empties a list.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass


class LexiconError(ValueError):
    """A data file does not match its schema: the message names the file, where, and what is wrong."""


@dataclass(frozen=True)
class Each:
    value: object               # a mapping from any (string) key to this spec


@dataclass(frozen=True)
class OneOf:
    options: tuple

    def __init__(self, *options):
        object.__setattr__(self, "options", options)


def _type_name(spec) -> str:
    if isinstance(spec, type):
        return {"str": "text", "int": "a whole number", "bool": "true/false", "float": "a number"}[spec.__name__]
    if isinstance(spec, list):
        return "a list"
    if isinstance(spec, (dict, Each)):
        return "a mapping"
    return " or ".join(_type_name(o) for o in spec.options)


def _where(path: list) -> str:
    return "".join(p if isinstance(p, str) else f"[{p[0]}{_label(p[1])}]" for p in path) or "(top)"


def _errors(value, spec, path: list) -> list[str]:
    if isinstance(spec, OneOf):         # the option of the value's shape (text, list or mapping) decides
        for o in spec.options:
            if _shape_ok(value, o):
                return _errors(value, o, path)
        return [f"{_where(path)}: expected {_type_name(spec)}, got {value!r}"]
    if isinstance(spec, type):
        ok = isinstance(value, spec) and not (spec is int and isinstance(value, bool))
        if spec is float:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return [] if ok else [f"{_where(path)}: expected {_type_name(spec)}, got {value!r}"]
    if isinstance(spec, list):
        if not isinstance(value, list):
            return [f"{_where(path)}: expected a list, got {value!r}"]
        if spec[0] is str and all(isinstance(x, str) for x in value):
            return []                   # the common case, a list of phrases, at the cost of one pass
        out = []
        for i, item in enumerate(value):
            out += _errors(item, spec[0], path + [(i, item)])     # formatted only for a message
        return out
    if not isinstance(value, dict):
        return [f"{_where(path)}: expected a mapping, got {value!r}"]
    if isinstance(spec, Each):
        out = []
        for k, v in value.items():
            if not isinstance(k, str):
                out.append(f"{_where(path)}: key {k!r} is not text")
            out += _errors(v, spec.value, path + [f".{k}"])
        return out
    known, required = _keys(spec)
    out = []
    for k, v in value.items():
        if k not in known:
            close = difflib.get_close_matches(str(k), list(known), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(sorted(known))})"
            out.append(f"{_where(path)}: unknown key {k!r}{hint}")
        else:
            out += _errors(v, known[k], path + [f".{k}"])
    for k in required:
        if k not in value:
            out.append(f"{_where(path)}: missing key {k!r}")
    return out


_KEYS: dict[int, tuple[dict, list]] = {}


def _keys(spec: dict) -> tuple[dict, list]:
    """(key → spec, required keys) of a mapping schema, worked out once per schema."""
    if id(spec) not in _KEYS:
        _KEYS[id(spec)] = ({k.rstrip("?"): v for k, v in spec.items()}, [k for k in spec if not k.endswith("?")])
    return _KEYS[id(spec)]


def _shape_ok(value, spec) -> bool:
    """Whether value has spec's outer shape (to report the errors of the option it was meant as)."""
    if isinstance(spec, type):
        return isinstance(value, spec)
    if isinstance(spec, list):
        return isinstance(value, list)
    return isinstance(value, dict)


def _label(item) -> str:
    """` (id: x)`: what names a list item, so the message says which entry."""
    if isinstance(item, dict):
        for k in ("id", "code", "name", "word", "cue", "period"):
            if isinstance(item.get(k), str):
                return f" {k}: {item[k]}"
    return ""


def check(data, spec, name: str) -> None:
    """Raise LexiconError listing every place `data` (the file `name`) breaks `spec`."""
    errors = _errors(data, spec, [])
    if errors:
        more = f"\n  … and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise LexiconError(f"{name} does not match its schema (extract/lexicon/schemas.py):\n  "
                           + "\n  ".join(errors[:20]) + more)
