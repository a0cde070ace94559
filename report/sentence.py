"""`chiso explain "câu …"`: what the rules make of one sentence.

First the figures found, each with its indicator, kind, value, scope and the rule that took it; then every
number of the sentence that gave no figure, with the reason where the code knows one: a mask of
extract/text/figures.py (a date, the number of a named document, a pattern of masks.yaml `not_figures`), a
list number, a figure whose noun no indicator counts, a rate above 100%, or a figure no rule took, with
the cues and other-period words its sentence holds (the rules do not yet say which one set it aside).
Loaded by this command only: extraction pays nothing.
"""
from __future__ import annotations

import unicodedata

import regex as re

from report.show import _num, _safe

# a number as written: 9.423, 99,75 %, 20/25, 15/3/2024, 0258.3822.123
_TOKEN = re.compile(r"\d(?:[\d.,/:]*\d)?(?:\s?%)?")
_FRACTION = re.compile(r"^(\d[\d.]*)/(\d[\d.]*)$")
_DECIMAL = re.compile(r"^\d+,\d+$")


def _values(token: str) -> set[float]:
    """What a mention of this token may hold: the number, or either part of a fraction."""
    from extract.text.numbers import parse_number
    parts = [token.rstrip("% ")] + token.rstrip("% ").split("/")
    return {round(abs(float(v)), 4) for v in map(parse_number, parts) if v is not None}


def _scope(sc) -> str:
    if not sc:
        return "the document's own"
    return " ".join(str(x) for x in (sc.get("level"), sc.get("unit")) if x)


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


def _figure_reason(fig, nouns: set[str], folded: str, a: int, e: int) -> str:
    """Why a figure of the sentence folded[a:e] gave no mention, as far as the data tells."""
    from extract.lexicon.catalogue import CUE_GROUPS, KINDS
    if fig.kind == "percent" and fig.value > 100:
        return "a rate above 100% is read as no result or target (a misreading); no change was read here"
    if fig.noun not in (None, "unknown") and fig.noun not in nouns:
        return f"counts «{fig.noun}» (kinds.yaml nouns), which no indicator counts"
    what = f"a {fig.kind}" + (f" of {fig.noun}" if fig.noun not in (None, "unknown") else "")
    cues = sorted({ind.id for rx, pairs in CUE_GROUPS if rx.search(folded, a, e) for ind, _ in pairs})
    hints = [("cues in its sentence: " + ", ".join(cues[:4]) + (" …" if len(cues) > 4 else ""))
             if cues else "no indicator's cue in its sentence"]
    other = KINDS.other_period.search(folded, a, e)
    if other:
        hints.append(f"«{other.group()}» names another period (kinds.yaml other_period)")
    return f"{what}, no rule took it: " + "; ".join(hints)


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


def explain_sentence(sentence: str, meta: dict | None = None) -> list[str]:
    """The lines `chiso explain` prints for one sentence (meta: metadata to assume, as `--meta` gives)."""
    from extract.lexicon.catalogue import INDICATORS
    from extract.text.figures import Masks, find_figures, mask_spans
    from extract.indicators import find_indicators
    from extract.document.metadata import find_metadata
    from extract.model import DocumentBuilder
    from extract.document.sentences import logical_paragraphs, sentences_with_heads
    from vn.fold import fold

    b = DocumentBuilder("explain", "0" * 64, "txt")
    b.add("paragraph", unicodedata.normalize("NFC", sentence))
    doc = b.build()
    text = doc.text
    found_meta = {k: v for k, v in find_metadata(doc).items() if v and k != "evidence"}
    if meta and "period" in meta:           # the period's own dates come from the period given
        found_meta = {k: v for k, v in found_meta.items() if k not in ("period_start", "period_end")}
    found_meta.update(meta or {})
    mentions = sorted(find_indicators(doc, found_meta), key=lambda m: m.start)

    out = [f"câu: {_safe(text)}"]
    if found_meta:
        out.append("metadata: " + ", ".join(f"{k}={v}" for k, v in found_meta.items() if isinstance(v, str)))
    out.append(f"\n{len(mentions)} figures")
    for m in mentions:
        tag = [m.indicator, m.kind] + ([m.qualifier] if m.qualifier else [])
        out.append(f"  {' / '.join(tag)} = {_num(m.value, m.unit)}   scope: {_scope(m.scope)}   rule {m.rule}"
                   + ("  ≈" if m.approximate else ""))
        out.append(f"      «{_safe(m.evidence)}»")

    folded = fold(text)
    if len(folded) != len(text):
        return out + ["(the folded text is not as long as the text: numbers are not traced)"]
    spans = mask_spans(text, folded)
    masks = Masks(text, folded)
    figures, leads = [], []                  # (figure, its sentence's start and end)
    for a, e, _ in sentences_with_heads(doc, logical_paragraphs(doc)):
        figures += [(f, a, e) for f in find_figures(folded, masks, a, e)]
        lead = re.match(r"[\W_]*(?:\d+(?:\.\d+)*[.)]|[ivxlc]+[.)])(?=\s)", folded[a:e])
        if lead:
            leads.append((a, a + lead.end()))
    nouns = {n for ind in INDICATORS for n in ind.nouns}
    dropped = []
    for t in _TOKEN.finditer(text):
        a, e, token = t.start(), t.end(), t.group().strip()
        values = _values(token)
        if any(m.start <= a and e <= m.end and round(abs(float(m.value)), 4) in values for m in mentions):
            continue
        why = _mask(spans, folded, a, e)
        if why is None:
            fig = next((f for f in figures if f[0].start < e and f[0].end > a), None)
            if fig is not None:
                why = _figure_reason(fig[0], nouns, folded, fig[1], fig[2])
            elif any(s <= a and e <= f for s, f in leads):
                why = "a list number at the start of the line"
            else:
                why = _shape_reason(token)
        dropped.append(f"  «{_safe(token)}»  {why}")
    if dropped:
        out.append(f"\n{len(dropped)} numbers gave no figure")
        out += dropped
    return out
