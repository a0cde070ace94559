"""Why a number of a document gave no figure: the trace of `chiso show --why` and `chiso explain`.

Every number written in the text (`9.423`, `99,75 %`, `20/25`, `15/3/2024`) that no figure of the output
holds gets one reason, the first that applies:
  - a figure the rules took that the output leaves out (find_indicators' trace: another period's that
    cannot be placed, a rate above 100%, a body outside every level, a repeat of a figure kept);
  - the sentence rule that answered "no figure" for it (extract/indicators/sentence_rules.py), with what
    it had read (an indicator whose kind is unsure) or, for a figure no rule took, the hints below;
  - where it stands: a page header or footer, a table cell (with the indicators its row and column name);
  - a mask of extract/text/figures.py (a date, a web address, the number of a named document, a pattern
    of masks.yaml `not_figures`);
  - a figure of its sentence that no rule took: its noun no indicator counts, a rate above 100%, or the
    cues and other-period words its sentence holds;
  - a list number at the start of a line; else the shape of the number (a fraction whose part exceeds
    its whole, a decimal without %, glued to letters).
Loaded by these commands only: extraction pays nothing for it.
"""
from __future__ import annotations

import regex as re

# a number as written: 9.423, 99,75 %, 20/25, 15/3/2024, 0258.3822.123
_TOKEN = re.compile(r"\d(?:[\d.,/:]*\d)?(?:\s?%)?")
_FRACTION = re.compile(r"^(\d[\d.]*)/(\d[\d.]*)$")
_DECIMAL = re.compile(r"^\d+,\d+$")
_LIST_LEAD = re.compile(r"[\W_]*(?:\d+(?:\.\d+)*[.)]|[ivxlc]+[.)])(?=\s)")
_ROW_NUMBER = re.compile(r"^\s*(?:\d+\.)*\d+\.?\s*$")


def values_of(token: str) -> set[float]:
    """What a mention of this token may hold: the number, or either part of a fraction."""
    from extract.text.numbers import parse_number
    parts = [token.rstrip("% ")] + token.rstrip("% ").split("/")
    return {round(abs(float(v)), 4) for v in map(parse_number, parts) if v is not None}


def _num(v) -> str:
    from report.show import _num as num
    return num(v, None)


def _left_out_reason(t: dict) -> str:
    took = f"rule {t['rule']} read {t['indicator']} / {t['kind']} = {_num(t['value'])}" + (
        "%" if t.get("unit") == "percent" else "")
    why = t["why"]
    if why == "period":
        return f"{took}, of another period that figure_period cannot place (figure_periods.yaml): left out"
    if why == "above_100":
        return f"{took}: a rate above 100% is a misreading, left out"
    if why == "outside":
        return f"{took}, of a body outside every level (scopes.yaml): left out"
    kept = f" at [{t['kept'][0]}:{t['kept'][1]}]" if t.get("kept") else ""
    return f"{took}: a repeat of the figure kept{kept} (one per indicator, kind, value, scope and period)"


def _mask(spans, folded: str, a: int, b: int) -> str | None:
    from extract.lexicon import MASKS
    for s, e, what in spans:
        if s < b and e > a:
            if what == "date":
                return "masked: a date"
            if what == "url":
                return "masked: part of a web or e-mail address"
            if what == "named":
                return f"masked: the number of a named document or code («{folded[s:e].rstrip(' ,;.')}», masks.yaml named_number_words)"
            return f"masked: masks.yaml not_figures[{what}] {MASKS['not_figures'][what]}"
    return None


def _cues(folded: str, a: int, e: int) -> list[str]:
    from extract.lexicon.catalogue import CUE_GROUPS
    return sorted({ind.id for rx, pairs in CUE_GROUPS if rx.search(folded, a, e) for ind, _ in pairs})


def _listed(ids: list[str]) -> str:
    return ", ".join(ids[:4]) + (" …" if len(ids) > 4 else "")


def _figure_reason(fig, nouns: set[str], folded: str, a: int, e: int) -> str:
    """Why a figure of the sentence folded[a:e] gave no mention, as far as the data tells."""
    from extract.lexicon.catalogue import KINDS
    if fig.kind == "percent" and fig.value > 100:
        return "a rate above 100% is read as no result or target (a misreading); no change was read here"
    if fig.noun not in (None, "unknown") and fig.noun not in nouns:
        return f"counts «{fig.noun}» (kinds.yaml nouns), which no indicator counts"
    what = f"a {fig.kind}" + (f" of {fig.noun}" if fig.noun not in (None, "unknown") else "")
    cues = _cues(folded, a, e)
    hints = [f"cues in its sentence: {_listed(cues)}" if cues else "no indicator's cue in its sentence"]
    other = KINDS.other_period.search(folded, a, e)
    if other:
        hints.append(f"«{other.group()}» names another period (kinds.yaml other_period)")
    return f"{what}, no rule took it: " + "; ".join(hints)


def _table_reason(doc, block, folded: str, a: int) -> str:
    """A cell of a table no table rule took: its row number, or the indicators its row and column name."""
    rows = block.rows or []
    before = doc.text[block.start:a]
    r, c = before.count("\n"), before.rpartition("\n")[2].count("\t")
    row = rows[r] if r < len(rows) else []
    cell = row[c] if c < len(row) else ""
    if c == 0 and _ROW_NUMBER.match(cell):
        return "a table's row number"
    start = block.start + len(before) - len(before.rpartition("\n")[2])      # the row's first character
    label_end = start + sum(len(x) + 1 for x in row[:1])                      # its first cell names the row
    head_end = block.start + sum(len(x) + 1 for x in rows[0]) if rows else block.start
    named = _cues(folded, start, label_end) + _cues(folded, block.start, head_end)
    if not named:
        return "a table cell whose row name and header row name no indicator (indicators.yaml cues)"
    return f"a table cell no table rule took (rules_table), though its row or header names {_listed(sorted(set(named)))}"


def _shape_reason(token: str) -> str:
    m = _FRACTION.match(token)
    if m:
        from extract.text.numbers import parse_number
        num, den = parse_number(m.group(1)), parse_number(m.group(2))
        if not den or (num is not None and num > den):
            return "not a fraction: the part exceeds its whole (or the whole is 0)"
        return "a fraction with nothing counted after it reads as a date (06/6)"
    if _DECIMAL.match(token):
        return "a number with a decimal part and no % is no count"
    return "not read as a figure (the figure pattern of extract/text/figures.py: glued to letters or other digits)"


def _held(m) -> tuple[int, int, float]:
    """A mention's span and value, from a Mention or from its record (a dict)."""
    if isinstance(m, dict):
        return m.get("start") or 0, m.get("end") or 0, round(abs(float(m.get("value") or 0)), 4)
    return m.start, m.end, round(abs(float(m.value)), 4)


def dropped_numbers(doc, mentions, left_out=()) -> list[tuple[int, int, str, str]]:
    """(start, end, token, reason) of every number of doc.text that no mention holds, in text order.
    mentions: the Mentions extracted (or their records); left_out: find_indicators' trace of the same run."""
    from extract.document.sentences import logical_paragraphs, sentences_with_heads
    from extract.lexicon.catalogue import INDICATORS
    from extract.text.figures import Masks, find_figures, mask_spans
    from vn.fold import fold

    text = doc.text
    folded = fold(text)
    if len(folded) != len(text):
        return [(0, 0, "", "the folded text is not as long as the text: numbers are not traced")]
    spans = mask_spans(text, folded)
    masks = Masks(text, folded)
    figures, leads = [], []                  # (figure, its sentence's start and end)
    for a, e, _ in sentences_with_heads(doc, logical_paragraphs(doc)):
        figures += [(f, a, e) for f in find_figures(folded, masks, a, e)]
        lead = _LIST_LEAD.match(folded, a, e)
        if lead:
            leads.append((a, lead.end()))
    nouns = {n for ind in INDICATORS for n in ind.nouns}
    held = [_held(m) for m in mentions]
    out = []
    for t in _TOKEN.finditer(text):
        a, e, token = t.start(), t.end(), t.group().strip()
        values = values_of(token)
        if any(s <= a and e <= f and v in values for s, f, v in held):
            continue
        traced = [x for x in left_out if x["fig_start"] < e and a < x["fig_end"]
                  and round(abs(float(x["value"])), 4) in values]
        gone = next((x for x in traced if x["why"] != "rule"), None) or next(iter(traced), None)
        if gone is not None and gone["why"] == "rule":
            gone = {**gone, "token": token}
        if gone is not None and gone["why"] == "rule":
            why = _rule_reason(gone, lambda: _reason(doc, folded, spans, figures, leads, nouns, a, e, token))
        elif gone is not None:
            why = _left_out_reason(gone)
        else:
            why = _reason(doc, folded, spans, figures, leads, nouns, a, e, token)
        out.append((a, e, token, why))
    return out


# what a sentence rule that answers "no figure" with no indicator in hand says of the figure
_RULE_WHY = {
    "text:bare-count": "a number with no noun after it that nothing introduces (no `:`, grammar.yaml "
                       "value_links or cue right before it)",
    "text:from-value": "the earlier value of a from … to … (kinds.yaml from_to): the figure is the value after it",
    "text:change": "a rise or fall (kinds.yaml change_up, change_down) with no reference period near it to "
                   "place it, or of no indicator",
    "text:fraction": "a fraction whose part and whole name no indicator",
}


def _rule_reason(t: dict, otherwise) -> str:
    """Why the sentence rule `t["rule"]` answered "no figure" (find_indicators' trace)."""
    from extract.lexicon.catalogue import BY_ID
    name, ind = t["rule"], t.get("indicator")
    if ind is not None:
        if BY_ID[ind].unit == "count" and "%" in t.get("token", "%"):
            return f"rule {name} read {ind}, a count, where the figure is a percent: no figure"
        return (f"rule {name} read {ind}, but its kind is unsure (a target word of kinds.yaml target_weak in "
                f"a results section: neither a target nor a result)")
    if name in _RULE_WHY:
        return f"{_RULE_WHY[name]} (rule {name})"
    if name == "text:breakdown":                 # the last rule: no cue chose, and no figure it is a part of
        return f"{otherwise()}; nor is it a part of a figure before it (rule {name})"
    return f"{otherwise()} (rule {name})"


def _reason(doc, folded, spans, figures, leads, nouns, a: int, e: int, token: str) -> str:
    """Why text[a:e], a number no rule took, gave no figure: the first reason of the module's list."""
    block = doc.block_at(a)
    if block is not None and block.kind in ("header", "footer"):
        return f"in the page {block.kind} (not read for figures)"
    masked = _mask(spans, folded, a, e)
    if masked is not None:
        return masked
    if block is not None and block.kind == "table":
        return _table_reason(doc, block, folded, a)
    fig = next((f for f in figures if f[0].start < e and f[0].end > a), None)
    if fig is not None:
        return _figure_reason(fig[0], nouns, folded, fig[1], fig[2])
    if any(s <= a and e <= f for s, f in leads):
        return "a list number at the start of the line"
    return _shape_reason(token)


def why_lines(doc, mentions, left_out) -> list[str]:
    """The lines `chiso show --why` adds: every number that gave no figure, with its page, span and reason."""
    from report.show import _safe
    rows = dropped_numbers(doc, mentions, left_out)
    if rows and not rows[0][2]:
        return [f"\n({rows[0][3]})"]
    out = [f"\n{len(rows)} numbers gave no figure"]
    out += [f"  «{_safe(token)}»  p.{doc.page_at(a)} [{a}:{e}]  {why}" for a, e, token, why in rows]
    return out
