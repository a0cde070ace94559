"""`chiso explain "câu …"`: what the rules make of one sentence.

First the figures found, each with its indicator, kind, value, scope and the rule that took it; then every
number of the sentence that gave no figure, with its reason (report/trace.py, shared with `chiso show
--why`). Loaded by this command only: extraction pays nothing.
"""
from __future__ import annotations

import unicodedata

from report.show import _num, _safe


def _scope(sc) -> str:
    if not sc:
        return "the document's own"
    return " ".join(str(x) for x in (sc.get("level"), sc.get("unit")) if x)


def explain_sentence(sentence: str, meta: dict | None = None, verbose: bool = False) -> list[str]:
    """The lines `chiso explain` prints for one sentence (meta: metadata to assume, as `--meta` gives;
    verbose: then what the rules saw for each figure, report/trace_seen.py)."""
    from extract.document.metadata import find_metadata
    from extract.indicators import find_indicators
    from extract.model import DocumentBuilder
    from report.trace import dropped_numbers

    b = DocumentBuilder("explain", "0" * 64, "txt")
    b.add("paragraph", unicodedata.normalize("NFC", sentence))
    doc = b.build()
    text = doc.text
    found_meta = {k: v for k, v in find_metadata(doc).items() if v and k != "evidence"}
    if meta and "period" in meta:           # the period's own dates come from the period given
        found_meta = {k: v for k, v in found_meta.items() if k not in ("period_start", "period_end")}
    found_meta.update(meta or {})
    from report.trace_seen import Seen
    left_out: list = Seen() if verbose else []
    mentions = sorted(find_indicators(doc, found_meta, left_out), key=lambda m: m.start)

    out = [f"câu: {_safe(text)}"]
    if found_meta:
        out.append("metadata: " + ", ".join(f"{k}={v}" for k, v in found_meta.items() if isinstance(v, str)))
    out.append(f"\n{len(mentions)} figures")
    for m in mentions:
        tag = [m.indicator, m.kind] + ([m.qualifier] if m.qualifier else [])
        out.append(f"  {' / '.join(tag)} = {_num(m.value, m.unit)}   scope: {_scope(m.scope)}   rule {m.rule}"
                   + ("  ≈" if m.approximate else ""))
        out.append(f"      «{_safe(m.evidence)}»")

    rows = dropped_numbers(doc, mentions, left_out)
    if rows and not rows[0][2]:             # not traced: the one line says why
        return out + [f"({rows[0][3]})"]
    dropped = [f"  «{_safe(token)}»  {why}" for _, _, token, why in rows]
    if dropped:
        out.append(f"\n{len(dropped)} numbers gave no figure")
        out += dropped
    if verbose:
        from report.trace_seen import seen_lines
        out += seen_lines(doc, left_out.saw)
    return out
