"""One value per document × indicator × kind × scope × qualifier × period, chosen by a stated rule; conflicts kept.

A report often states a figure more than once: in the summary, in a table, again in the conclusion.
The table keeps one value per (indicator, kind, scope, qualifier) of a document. The mentions are ranked by,
in this order (the first criterion that separates two mentions decides):

  1. a table cell over prose            tables are the report's own tally; prose rounds and paraphrases
  2. an exact figure over an approximate one ("khoảng", "gần", "trên ...")
  3. text over OCR                      OCR misreads digits
  4. the value stated most often        three mentions of 9.423 against one of 9.432
  5. the first in reading order         reports put the headline figure first

Every mention stays in the `mentions` table (with `chosen` set on the one kept). When the exact
mentions of one group disagree, the chosen row says so (`conflict`, `other_values`) rather than
dropping the other values silently; approximate mentions that differ are not counted as a conflict
when an exact figure exists. `choice` names the criterion that decided, for a person checking why.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Any, Iterable

CHOICE_RULE = ("table over text", "exact over approximate", "text over OCR", "most often stated", "first in text")


def scope_of(m: dict) -> tuple[str | None, str | None]:
    """(scope_level, scope_unit) of a mention: (None, None) for the document's own subject."""
    sc = m.get("scope")
    if isinstance(sc, dict):
        return sc.get("level") or None, sc.get("unit") or None
    return m.get("scope_level") or None, m.get("scope_unit") or None


def group_key(m: dict) -> tuple:
    """(indicator, kind, scope level, scope unit as a comparable key, qualifier, period): values of different
    scopes (the commune level, one district) or periods (the month, the year to date) are different cells,
    never a conflict. The period is the figure's own, None for the document's."""
    from extract.document.scope import unit_key
    q = m.get("qualifier")
    # one qualifier however it was typed: NFD/NFC, stray spaces
    q = " ".join(unicodedata.normalize("NFC", q).split()) if isinstance(q, str) else q
    level, unit = scope_of(m)
    return (m["indicator"], m.get("kind") or "actual", level, unit_key(unit) or None, q or None, m.get("period") or None)


def _same(a: float, b: float) -> bool:
    # 98.6 and 98.60000000001 are one value; 9423 and 9432 are two
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)), abs(float(b)))


def _distinct(values: Iterable[float]) -> list[float]:
    out: list[float] = []
    for v in values:
        if not any(_same(v, o) for o in out):
            out.append(v)
    return out


def fmt_value(v: float) -> str:
    """9423.0 -> '9423', 99.75 -> '99.75' (for other_values, a text column people read)."""
    f = float(v)
    return str(int(f)) if f.is_integer() else repr(f)


def _rank(m: dict, counts: Counter, order: int) -> tuple:
    return (
        0 if m.get("source") == "table" else 1,
        1 if m.get("approximate") else 0,
        1 if m.get("ocr") else 0,
        -counts[_norm(m["value"])],
        order,
    )


def _norm(v: Any) -> float:
    return round(float(v), 9)


def _decided_by(best: tuple, second: tuple) -> str:
    for crit, a, b in zip(CHOICE_RULE, best, second):
        if a != b:
            return crit
    return CHOICE_RULE[-1]


def choose(mentions: list[dict]) -> tuple[list[dict], list[bool]]:
    """Chosen rows (one per group, in order of first mention) and, for each input mention, whether it
    is the one chosen for its group.

    A chosen row is the chosen mention's fields plus: n_mentions, n_values (distinct exact values),
    conflict, other_values ('; '-joined distinct values other than the chosen one, exact and
    approximate), choice ('only mention', 'all agree' or the criterion of CHOICE_RULE that decided).
    """
    groups: dict[tuple, list[int]] = {}
    for i, m in enumerate(mentions):
        groups.setdefault(group_key(m), []).append(i)

    chosen_flags = [False] * len(mentions)
    rows: list[dict] = []
    for key, idx in groups.items():
        ms = [mentions[i] for i in idx]
        counts = Counter(_norm(m["value"]) for m in ms)
        ranked = sorted(range(len(ms)), key=lambda j: _rank(ms[j], counts, j))
        best = ms[ranked[0]]
        chosen_flags[idx[ranked[0]]] = True

        exact = [m["value"] for m in ms if not m.get("approximate")] or [m["value"] for m in ms]
        exact_values = _distinct(exact)
        units = {m.get("unit") for m in ms}
        conflict = len(exact_values) > 1 or len(units) > 1
        others = [v for v in _distinct(m["value"] for m in ms) if not _same(v, best["value"])]

        if len(ms) == 1:
            choice = "only mention"
        elif len(_distinct(m["value"] for m in ms)) == 1 and len(units) == 1:
            choice = "all agree"
        else:
            # what set the chosen value apart from the best-ranked mention of another value
            rival = next((j for j in ranked[1:] if not _same(ms[j]["value"], best["value"])), ranked[1])
            choice = _decided_by(_rank(best, counts, ranked[0]), _rank(ms[rival], counts, rival))

        row = dict(best)
        row["qualifier"] = key[4]
        row["kind"] = key[1]
        row["scope_level"], row["scope_unit"] = scope_of(best)
        row["period"] = key[5]
        row.update(n_mentions=len(ms), n_values=len(exact_values), conflict=conflict,
                   other_values="; ".join(fmt_value(v) for v in others) or None, choice=choice)
        rows.append(row)
    return rows, chosen_flags
