"""`chiso show FILE`: why each figure was extracted, in the terminal.

Every mention in its sentence with the figure marked, the indicator, kind and value read, the page, the
span and the rule that matched; then the references and the findings. The way pdfplumber lets a user
draw the table finder over a page: a person sees what the rules saw, without opening the store.
Document text is printed as text; control characters are made visible so a document cannot drive the
terminal.
"""
from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SENTENCE_END = re.compile(r"[.;!?]\s|\n")
CONTEXT = 160   # characters of the sentence shown on each side of a figure, at most


def _safe(s: str) -> str:
    """One line of document text, with tabs as ' | ' (table cells) and control characters visible."""
    s = s.replace("\t", " | ").replace("\r", " ").replace("\n", " ")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", s)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence (or table row) holding text[start:end], cut to CONTEXT on each side."""
    lo = max(0, start - CONTEXT)
    left = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    s = left[-1] if left else lo
    m = _SENTENCE_END.search(text, end, min(len(text), end + CONTEXT))
    e = m.start() + 1 if m else min(len(text), end + CONTEXT)
    return s, e


def _num(v, unit: str | None) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, int):
        s = f"{v:,}".replace(",", ".")
    else:
        s = f"{v}".replace(".", ",")
    return s + ("%" if unit == "percent" else "")


def explain(record: dict, text: str | None, color: bool = False) -> list[str]:
    """The lines `chiso show` prints for one `chiso extract` record (with the document's text)."""
    on, off = ("\x1b[7m", "\x1b[0m") if color else ("«", "»")
    meta = record.get("meta") or {}
    head = [record.get("source") or "?", record.get("format") or "?", f"{record.get('pages') or 0} page" + ("" if record.get("pages") == 1 else "s")]
    head += [str(meta[k]) for k in ("province", "agency", "doc_type", "period") if meta.get(k)]
    out = [" · ".join(_safe(h) for h in head)]
    if record.get("status") != "ok":
        return out + [f"error: {_safe(record.get('error') or '?')}"]
    for w in record.get("warnings") or ():
        out.append(f"warning: {_safe(w)}")
    mentions = sorted(record.get("indicators") or (), key=lambda m: (m.get("start") or 0))
    out.append(f"\n{len(mentions)} figures")
    for m in mentions:
        tag = [m.get("indicator"), m.get("kind") or "actual"] + ([m["qualifier"]] if m.get("qualifier") else [])
        if m.get("period"):                  # the figure's own period, where it is not the document's
            tag.append(f"kỳ {m['period']}")
        flags = [f for f, on_ in (("≈", m.get("approximate")), ("OCR", m.get("ocr"))) if on_]
        out.append(f"  {' / '.join(map(str, tag))} = {_num(m.get('value'), m.get('unit'))}"
                   f"   p.{m.get('page')} [{m.get('start')}:{m.get('end')}] {m.get('source') or ''}"
                   f"  rule {m.get('rule')}" + (f"  {' '.join(flags)}" if flags else ""))
        s0, e0 = m.get("start"), m.get("end")
        if text is not None and s0 is not None and e0 is not None and 0 <= s0 <= e0 <= len(text):
            s, e = sentence_around(text, s0, e0)
            out.append("      " + _safe(text[s:s0]) + on + _safe(text[s0:e0]) + off + _safe(text[e0:e]).rstrip())
        else:
            out.append("      " + on + _safe(m.get("evidence") or "") + off)
    refs = record.get("references") or ()
    if refs:
        out.append(f"\n{len(refs)} references")
        for r in refs:
            date = f" ngày {r['date']}" if r.get("date") else ""
            out.append(f"  {_safe(r.get('type_word') or '')} {_safe(r.get('symbol') or r.get('number') or '')}{date}"
                       f"   p.{r.get('page')} [{r.get('start')}:{r.get('end')}]")
    findings = record.get("findings") or ()
    if findings:
        out.append(f"\n{len(findings)} findings")
        for f in findings:
            out.append(f"  {f.get('severity')}: {f.get('check')}: {_safe(f.get('message') or '')}")
    return out
