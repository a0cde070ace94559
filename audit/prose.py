"""Checks that read a report's running text for what the extracted figures alone cannot show:

- a fraction whose part is larger than its whole (`552.693/513.672 hồ sơ (đạt 92,94%)`: the stated rate
  is 513.672/552.693, the counts are swapped);
- a part introduced by `trong đó` that is larger than the figure it is a part of (`... trên tổng số 13.633
  hồ sơ ... (Trong đó, ... Công an tỉnh ... trên tổng số 14.014 hồ sơ`);
- a sum stated in prose against the statistics table's row of the same documents (`36 Nghị quyết QPPL,
  ... 137 Quyết định QPPL` = 173 against `Số VBQPPL do cấp tỉnh ban hành | Văn bản | 174`).

Words (nouns a fraction counts, part markers, verbs a sum and a row share) and tolerances are in
data/checks.yaml (`prose`)."""
from __future__ import annotations

from collections import defaultdict

import regex as re

from audit.findings import CONFIG, DATA, TOL, finding, fmt_num, label, mention_evidence, usable
from audit.tables import PERCENT_UNITS, _body_spans, _key, _row_evidence, _unit_rows
from extract.text.numbers import parse_number
from vn.datafile import load_yaml
from vn.fold import phrase_body
from extract.lexicon import DOC_TYPES

_P = CONFIG.get("prose") or {}
_INT = r"(?:\d{1,3}(?:\.\d{3})+|\d+)"
_RATE = r"(?P<rate>\d{1,3}(?:,\d+)?)\s?%"


def _alt(phrases) -> str:
    return "|".join(phrase_body(p) for p in sorted(phrases, key=len, reverse=True))


# `552.693/513.672 hồ sơ (đạt 92,94%)`: a fraction, the thing it counts, and a rate stated with it (not a
# day and month: `ngày 15/8 hồ sơ ...`)
_FRACTION = re.compile(
    rf"(?<!(?<!\w)(?:{_alt(_P.get('fraction_not_after', ['ngày']))})\s+)(?<![\d/.,])(?P<a>{_INT})\s?/\s?(?P<b>{_INT})(?![\d/.,]*\d)(?!\s?%)\s+(?P<noun>{_alt(_P.get('fraction_nouns', ['hồ sơ']))})(?!\w)"
    rf"(?:[^.;\n%]{{0,{int(_P.get('rate_gap_chars', 40))}}}?{_RATE})?")
_PART = re.compile(rf"(?<!\w)(?:{_alt(_P.get('part_markers', ['trong đó']))})(?!\w)")

_DOC_TYPES = DOC_TYPES          # extract/data/doc_types.yaml, through the lexicon
_GENERIC = {w.lower() for w in load_yaml(DATA / "issuers.yaml").get("generic_type_words") or ()}
_TYPE_WORDS = [t["word"] for t in _DOC_TYPES["types"] if t["word"].lower() not in _GENERIC]   # `văn bản` is any document
# `36 Nghị quyết QPPL`: a count of documents of one type and a category written as an abbreviation (a
# footnote mark may stick to it: `QPPL4`)
_TERM = re.compile(rf"(?<![\d.,/])(?P<n>{_INT})\s+(?P<type>{'|'.join(map(re.escape, _TYPE_WORDS))})\s+(?P<cat>[A-ZĐ]{{2,}})\d{{0,2}}(?!\w)",
                   re.IGNORECASE)
_SENTENCE = re.compile(r"[^\n;]+?(?:[.;](?=\s)|$)", re.MULTILINE)     # a sentence or a clause of a list
_SENTENCE_END = re.compile(r"\n|\.\s")
_VERBS = [phrase_body(v) for v in _P.get("sum_verbs", [])]


def check_prose(record: dict, doc, folded: str) -> list[dict]:
    return check_fractions(record, doc, folded) + check_parts_said(record, doc, folded) + check_prose_sums(record, doc, folded)


# ---------------------------------------------------------------- a fraction's part above its whole

def check_fractions(record: dict, doc, folded: str) -> list[dict]:
    """`a/b <noun>` with a > b, in the text or a table's cell (a score sheet's evidence column quotes the
    report): an error when a rate stated with it makes the reading certain (it is b/a, the counts
    swapped, or a/b cannot be a share), else a warning."""
    out, seen = [], set()
    for block in doc.blocks:
        for m in _FRACTION.finditer(folded, block.start, block.end):
            a, b = parse_number(m["a"]), parse_number(m["b"])
            if a is None or b is None or b <= 0 or a <= b or (a, b) in seen:
                continue
            seen.add((a, b))
            rate = parse_number(m["rate"]) if m["rate"] else None
            swapped = rate is not None and abs(100.0 * b / a - rate) <= TOL["rate_pp_whole"]
            end = m.end() + 1 if m["rate"] and folded[m.end():m.end() + 1] == ")" else m.end()   # close the bracket
            quote = " ".join(doc.text[m.start():end].split())
            out.append(finding("fraction_above_whole", {
                "quote": quote, "part": (m["a"], fmt_num(a, "en")), "whole": (m["b"], fmt_num(b, "en")),
                "swap_vi": f" Tỷ lệ ghi kèm {m['rate']}% là {m['b']}/{m['a']}: hai số bị đảo." if swapped else "",
                "swap_en": f" The stated {m['rate']}% is {m['b']}/{m['a']}: the counts are swapped." if swapped else ""},
                [{"document": record.get("source"), "page": block.page, "start": m.start(), "end": end,
                  "quote": quote, "value": a, "whole": b, "rate": rate}],
                severity="error" if rate is not None else "warning",
                values=[{"value": a, "written": m["a"]}, {"value": b, "written": m["b"]}]
                + ([{"value": rate, "written": m["rate"] + "%"}] if rate is not None else [])))
    return out


# ---------------------------------------------------------------- a `trong đó` part above its whole

def check_parts_said(record: dict, doc, folded: str) -> list[dict]:
    """`<whole>. (Trong đó, ... <part>`: the last count before a part marker is the whole; a count of the
    same indicator after the marker, in the marker's sentence, is its part and cannot be larger. Scopes
    may differ (the part is often one unit's); a warning, since the two may cover other windows."""
    counts = sorted((m for m in record.get("indicators") or ()    # any qualifier: the text joins them
                     if usable({**m, "qualifier": None}) and m.get("unit") != "percent"
                     and m.get("start") is not None and m.get("end") is not None),
                    key=lambda m: m["start"])
    reach = int(_P.get("part_reach_chars", 400))
    out = []
    for marker in _PART.finditer(folded):
        whole = next((w for w in reversed(counts) if w["end"] <= marker.start()), None)
        if whole is None or marker.start() - whole["end"] > reach or "\n" in folded[whole["end"]:marker.start()]:
            continue
        end = _SENTENCE_END.search(folded, marker.end())
        end = end.start() if end else len(folded)
        parts = [p for p in counts if marker.end() <= p["start"] < end and p["indicator"] == whole["indicator"]
                 and p["value"] > whole["value"]]
        if not parts:
            continue
        part = parts[0]
        out.append(finding("part_said_above_whole", {
            "indicator": (label(whole["indicator"]), whole["indicator"]), "part": (fmt_num(part["value"]), fmt_num(part["value"], "en")),
            "whole": (fmt_num(whole["value"]), fmt_num(whole["value"], "en"))},
            [mention_evidence(record, whole, role="whole"), mention_evidence(record, part, role="part")],
            indicator=whole["indicator"],
            values=[{"value": whole["value"], "written": fmt_num(whole["value"]), "indicator": whole["indicator"]},
                    {"value": part["value"], "written": fmt_num(part["value"]), "indicator": part["indicator"]}]))
    return out


# ---------------------------------------------------------------- a sum in prose against a table's row

def check_prose_sums(record: dict, doc, folded: str) -> list[dict]:
    """Two or more counts of documents of one category in one sentence (`36 Nghị quyết QPPL`, `137
    Quyết định QPPL`) against a count row of a statistics table whose label holds the category (`Số
    VBQPPL do cấp tỉnh ban hành`) and a verb of the sentence (`ban hành`): a row within
    `prose.sum_rel` of the sum but not equal to it states the same documents with another total."""
    rows = [r for r in _unit_rows(doc) if r.unit not in PERCENT_UNITS and r.label]
    if not rows:
        return []
    out, seen = [], set()
    for block, lo, hi in _body_spans(doc):
        for sm in _SENTENCE.finditer(doc.text, lo, hi):
            terms = defaultdict(list)
            for t in _TERM.finditer(doc.text, sm.start(), sm.end()):
                terms[t["cat"].upper()].append(t)
            sentence = folded[sm.start():sm.end()]
            verbs = {v for v in _VERBS if re.search(rf"(?<!\w){v}(?!\w)", sentence)}
            for cat, ts in terms.items():
                if len(ts) < 2 or len({_key(t["type"]) for t in ts}) < 2:
                    continue
                total = sum(parse_number(t["n"]) or 0 for t in ts)
                for r in rows:
                    label = _key(r.label)
                    if cat.lower() not in label or not any(re.search(rf"(?<!\w){v}(?!\w)", label) for v in verbs):
                        continue
                    value = next((v for v in map(parse_number, r.values) if v is not None), None)
                    if value is None or value == total or abs(value - total) > _P.get("sum_rel", 0.1) * total \
                            or (total, value) in seen:
                        continue
                    seen.add((total, value))
                    parts = " + ".join(f"{t['n']} {t['type']} {t['cat']}" for t in ts)
                    quote = " ".join(doc.text[ts[0].start():ts[-1].end()].split())
                    out.append(finding("prose_sum_vs_table", {
                        "parts": parts, "sum": (fmt_num(total), fmt_num(total, "en")), "label": r.label.strip()[:160],
                        "value": (fmt_num(value), fmt_num(value, "en"))},
                        [{"document": record.get("source"), "page": block.page, "start": ts[0].start(),
                          "end": ts[-1].end(), "quote": quote, "value": total, "role": "body"},
                         _row_evidence(record, doc, r, value=value, role="table")],
                        values=[{"value": total, "written": fmt_num(total)}, {"value": value, "written": fmt_num(value)}]
                        + [{"value": parse_number(t["n"]), "written": t["n"], "type": t["type"], "category": t["cat"]}
                           for t in ts]))
    return out
