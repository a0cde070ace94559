"""Checks inside one report: do its own figures, citations and data windows agree with each other?

`check_record(record, doc)` takes the extract record (indicators, references, meta) before findings
and returns Finding dicts. Figures only take part when they are actuals without a breakdown and not
approximate; a check runs only when all its terms are present and fires only when no reading of the
report's figures (several values of one indicator, alternative identities) makes it consistent.
Checks that need the text itself (data windows, the issuer named after a citation) run when the
Document is given. Which checks exist, their severity, messages and tolerances: data/checks.yaml.
"""
from __future__ import annotations

import datetime as _dt
import itertools
from collections import defaultdict

import regex as re

from audit.findings import (CONFIG, CORE, DATA, TOL, figures, finding, scopes, fmt_date, fmt_num, label,
                            mention_evidence, reference_evidence, values_field)
from audit.periods import record_bounds
from audit.prose import check_prose
from audit.tables import check_body_vs_table, check_table_percents, without_score_tables
from extract.lexicon import DOC_TYPES
from extract.text.numbers import parse_date
from vn.datafile import load_yaml
from vn.fold import fold, fold_phrase, phrase_body

# ---------------------------------------------------------------- language data (loaded once)

_ISSUERS = load_yaml(DATA / "issuers.yaml")
_DOC_TYPES = DOC_TYPES       # extract/data/doc_types.yaml, through the lexicon

# folded type word → the type codes it may carry
TYPE_CODES: dict[str, set[str]] = defaultdict(set)
for _t in _DOC_TYPES["types"]:
    if _t.get("code"):
        for _w in [_t["word"], *_t.get("aliases", [])]:
            TYPE_CODES[fold_phrase(_w)].add(_t["code"])
for _w, _codes in (_ISSUERS.get("also_codes") or {}).items():
    TYPE_CODES[fold_phrase(_w)].update(_codes)
GENERIC_WORDS = {fold_phrase(w) for w in _ISSUERS.get("generic_type_words") or ()}

KNOWN_ISSUERS: set[str] = set(_DOC_TYPES["issuers"])
# folded issuer name → code (canonical names from doc_types.yaml, aliases from issuers.yaml)
ISSUER_NAMES: dict[str, str] = {fold_phrase(name): code for code, name in _DOC_TYPES["issuers"].items()}
for _code, _names in (_ISSUERS.get("aliases") or {}).items():
    for _n in _names:
        ISSUER_NAMES[fold_phrase(_n)] = _code
ACCEPTS: dict[str, set[str]] = {k: set(v) for k, v in (_ISSUERS.get("accepts") or {}).items()}
_PARTY = re.compile(_ISSUERS["party_symbol"])


def state_references(record: dict) -> list[dict]:
    """The references the checks compare: state documents only; a Party symbol (`06-TB/CQTTBCĐ`) has its
    own codes, which the state's type and issuer codes would misjudge."""
    return [r for r in record.get("references") or () if not _PARTY.match(r.get("symbol") or "")]

# ---------------------------------------------------------------- patterns (compiled once)

_DATE = r"(?:\d{1,2}\s?/\s?\d{1,2}\s?/\s?\d{4}|ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4})"
# what may stand between a citation's symbol and `của <issuer>`: its date, commas, spaces
_OF_ISSUER = re.compile(
    r"[ \t]*,?[ \t]*(?:(?:ngày|ban hành ngày)[ \t]*" + _DATE + r"[ \t]*,?[ \t]*)?(?:" +
    phrase_body(_ISSUERS.get("of_word", "của")) + r")\s+(?P<name>" +
    "|".join(phrase_body(n) for n in sorted(ISSUER_NAMES, key=len, reverse=True)) + r")(?!\w)")

_WINDOW = re.compile(
    r"(?<!\w)(?:" + "|".join(phrase_body(p) for p in sorted(CONFIG["window_phrases"], key=len, reverse=True)) +
    r")(?!\w)[^;\n]{0," + str(CONFIG["window_gap_chars"]) + r"}?(?<!\w)(?:" +
    "|".join(phrase_body(p) for p in CONFIG.get("window_from", ["từ", "kể từ"])) + r")\s+(?:ngày\s*)?(?P<a>" + _DATE +
    r")\s*,?\s*(?:" + "|".join(phrase_body(p) for p in CONFIG.get("window_to", ["đến hết", "đến", "tới"])) +
    r")\s+(?:hết\s+)?(?:ngày\s*)?(?P<b>" + _DATE + r")")


# what marks a figure as one kind of thing (two_values): (group, where, only, compiled phrases)
MARKERS = [(name, g.get("in", "sentence"), tuple(g.get("only") or ()),
            re.compile(r"(?<!\w)(?:" + "|".join(phrase_body(p) for p in g["phrases"]) + r")(?!\w)" +
                       r"(?P<name>(?:\s+\w+){0,%d})" % int(g.get("name_words", 0))))
           for name, g in (CONFIG.get("two_values_markers") or {}).items()]
_LOCAL_STOP = re.compile(r"[;:(),\n]|\d")
_SENTENCE_END = re.compile(r"\n|\.\s")


def context_of(folded: str | None):
    """A function mention -> (sentence, local) of folded text: local = the words around the figure back
    to the last number or clause mark (`,;:()`) before it and on to the next; sentence = from the
    sentence's start to the end of local (`Trong tháng, ... 100 hồ sơ, lũy kế 900`: the 100 is the
    month's only). Without the text, both are the figure's quote."""
    def ctx(m: dict) -> tuple[str, str]:
        s, e = m.get("start"), m.get("end")
        if folded is None or s is None or e is None or e > len(folded):
            q = fold(m.get("evidence") or "")
            return q, q
        lo = max((x.end() for x in _SENTENCE_END.finditer(folded, max(0, s - 600), s)), default=max(0, s - 600))
        before = folded[lo:s]
        stops = [x.end() for x in _LOCAL_STOP.finditer(before)]
        nxt = _LOCAL_STOP.search(folded, e, min(len(folded), e + 200))
        end = nxt.start() if nxt else min(len(folded), e + 200)
        return folded[lo:end], before[stops[-1] if stops else 0:] + folded[s:end]
    return ctx


def markers(m: dict, ctx) -> frozenset[str]:
    """The marker groups (data/checks.yaml two_values_markers) the figure's context holds."""
    sentence, local = ctx(m)
    ind = m.get("indicator") or ""
    found = set()
    for name, where, only, rx in MARKERS:
        hit = rx.search(local if where == "local" else sentence) if not only or ind.startswith(only) else None
        if hit:
            found.add(f"{name}:{' '.join(hit['name'].split())}" if hit["name"] else name)
    return frozenset(found)


# ---------------------------------------------------------------- entry point

def check_record(record: dict, doc=None) -> list[dict]:
    """Findings of one extract record (DESIGN.md contract); `doc` (extract.model.Document) enables
    the checks that read the text."""
    if record.get("status", "ok") != "ok":
        return []
    if doc is not None:                      # a score sheet's points and ranks are nobody's counts
        record = {**record, "indicators": without_score_tables(record.get("indicators") or [], doc)}
    out: list[dict] = []
    folded = fold(doc.text) if doc is not None else None     # one matching copy of the text for the checks
    ctx = context_of(folded)
    for scope in scopes(record):             # the figures of one level or unit at a time
        figs = figures(record, scope=scope)
        out += check_identities(record, figs, folded)
        out += check_rates(record, figs, folded)
        out += check_two_values(record, figs, ctx)
        out += check_parts(record, figs, folded)
    out += check_ranges(record)
    out += check_reference_dates(record)
    out += check_reference_issuers(record)
    out += check_reference_types(record)
    if doc is not None:
        out += check_named_issuers(record, doc, folded)
        out += check_windows(record, doc, folded)
        out += check_table_percents(record, doc)
        out += check_body_vs_table(record, doc, folded)
        out += check_prose(record, doc, folded)
    return out


# ---------------------------------------------------------------- figures

def _term(t: str) -> tuple[str, int]:
    return (t[1:], -1) if t.startswith("-") else (t, 1)


def _combos(figs: dict, ids: list[str]):
    """Every choice of one mention per indicator (distinct values), capped."""
    return itertools.islice(itertools.product(*(figs[i] for i in ids)), TOL["max_combinations"])


def one_passage(ms: list[dict], folded: str | None) -> bool:
    """Whether figures stand in one paragraph (or one table): the report then states them of one thing.
    Figures paragraphs apart may be of different levels or stretches the extractor did not see (the
    province's total in the opening, the provincial level's counts under its heading); unknown without
    the text."""
    if folded is None:
        return True
    spans = [(m.get("start"), m.get("end")) for m in ms]
    if any(a is None or b is None for a, b in spans):
        return False
    lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
    return "\n" not in folded[lo:hi] or all(m.get("source") == "table" for m in ms)


def check_identities(record: dict, figs: dict, folded: str | None = None) -> list[dict]:
    out = []
    for ident in CONFIG["identities"]:
        complete = [(t, alt) for t in [ident["total"], *ident.get("also_totals", ())] if t in figs
                    for alt in ident["alternatives"] if all(_term(x)[0] in figs for x in alt)]
        if not complete:
            continue
        holds = False
        for total_id, alt in complete:
            ids = [total_id, *(_term(x)[0] for x in alt)]
            signs = [_term(x)[1] for x in alt]
            for combo in _combos(figs, ids):
                if combo[0]["value"] == sum(s * m["value"] for s, m in zip(signs, combo[1:])):
                    holds = True
                    break
            if holds:
                break
        if holds:
            continue
        total_id, alt = complete[0]
        total, parts = figs[total_id][0], [figs[_term(x)[0]][0] for x in alt]
        # an error only when each term has one value (with two, another reading may be meant) and all
        # stand in one passage
        one = all(len(figs[i]) == 1 for i in [total_id, *(_term(x)[0] for x in alt)]) and one_passage([total, *parts], folded)
        s = sum(_term(x)[1] * m["value"] for x, m in zip(alt, parts))
        parts_text = (" + ".join(f"{label(m['indicator'])} {fmt_num(m['value'])}" for m in parts),
                      " + ".join(f"{m['indicator']} {fmt_num(m['value'], 'en')}" for m in parts))
        out.append(finding("identity", {
            "identity_vi": ident["vi"], "identity_en": ident["en"],
            "total_name": (label(total_id), total_id), "total": (fmt_num(total["value"]), fmt_num(total["value"], "en")),
            "parts": parts_text, "sum": (fmt_num(s), fmt_num(s, "en"))},
            [mention_evidence(record, total, role="total")] + [mention_evidence(record, m, role="part") for m in parts],
            severity=None if one else "warning", identity=ident["id"], indicator=total_id, values=values_field([total, *parts])))
    return out


def _amount(figs: dict, alt: list[str]):
    """(value, mentions) for each combination of an alternative's terms."""
    ids, signs = [_term(x)[0] for x in alt], [_term(x)[1] for x in alt]
    for combo in _combos(figs, ids):
        yield sum(s * m["value"] for s, m in zip(signs, combo)), list(combo)


def _short_quote(m: dict, limit: int = 60) -> str | None:
    q = " ".join((m.get("evidence") or "").split())
    return f"“{q}”" if q and len(q) <= limit else None


def check_rates(record: dict, figs: dict, folded: str | None = None) -> list[dict]:
    out = []
    for rate_id, spec in CONFIG["rates"].items():
        misses = []
        for rate in figs.get(rate_id, ()):
            if rate.get("unit") != "percent":
                continue
            best = None
            for nalt in spec["numerators"]:
                if not all(_term(x)[0] in figs for x in nalt):
                    continue
                for dalt in spec["denominators"]:
                    if not all(_term(x)[0] in figs for x in dalt):
                        continue
                    for n, nms in _amount(figs, nalt):
                        for d, dms in _amount(figs, dalt):
                            if d <= 0 or n < 0:
                                continue
                            computed = 100.0 * n / d
                            diff = abs(computed - float(rate["value"]))
                            if best is None or diff < best[0]:
                                best = (diff, computed, n, d, nms, dms)
            if best is None:
                continue
            diff, computed, n, d, nms, dms = best
            whole = float(rate["value"]).is_integer()
            tol = TOL["rate_pp_whole"] if whole else TOL["rate_last_digits"] * 10.0 ** -_decimals(rate["value"]) + 1e-9
            if diff <= tol:
                misses = None     # the report states this rate in agreement with its counts somewhere
                break
            # an error only when the counts are unambiguous: two values of one count in the same scope
            # ("599 DVCTT có phát sinh hồ sơ", "575 ... trực tuyến") may be a part and its whole
            ambiguous = any(len(figs.get(_term(x)[0], ())) > 1 for alt in (spec["numerators"] + spec["denominators"])
                            for x in alt)
            if ambiguous and _some_ratio(figs, spec, float(rate["value"]), tol):
                misses = None     # 575 of those 599 is the stated 95,99%: the rate has another base
                break
            stated = rate["value"]
            counts = [m for m in nms + dms]
            severity = "error" if diff > TOL["rate_error_pp"] and not ambiguous and one_passage([rate, *counts], folded) \
                else None
            misses.append(finding("rate_vs_counts", {
                "indicator": (label(rate_id), rate_id),
                "stated_text": (_short_quote(rate) or fmt_num(stated) + "%", fmt_num(stated, "en") + "%"),
                "computed": (fmt_num(round(computed, 2)), fmt_num(round(computed, 2), "en")),
                "numerator": (fmt_num(n), fmt_num(n, "en")), "denominator": (fmt_num(d), fmt_num(d, "en")),
                "diff": (fmt_num(round(diff, 2)), fmt_num(round(diff, 2), "en"))},
                [mention_evidence(record, rate, role="stated rate")] +
                [mention_evidence(record, m, role="count") for m in counts],
                severity=severity, indicator=rate_id,
                values=values_field([rate]) + [{"value": round(computed, 2), "written": fmt_num(round(computed, 2)),
                                                "computed": True}]))
        # another stated value of the same rate is a two-values matter, not a miscount
        out += misses or []
    return out


def _without_breakdowns(ms: list[dict]) -> list[dict]:
    """The counts left once every value that is the sum of two to four others ("10.386 chứng thư: 1.495 ...
    và 8.891 ...") has taken its parts away, smallest whole first so that a part may itself be a whole.
    Past a dozen values the sums are not searched (their combinations grow too fast)."""
    if len(ms) > 12:
        return ms
    left = sorted(ms, key=lambda m: m["value"])
    changed = True
    while changed:
        changed = False
        for w in left:
            others = [m for m in left if m is not w and m["value"] < w["value"]]
            for k in range(2, min(4, len(others)) + 1):
                parts = next((c for c in itertools.combinations(others, k)
                              if abs(sum(m["value"] for m in c) - w["value"]) < 1e-9), None)
                if parts:
                    left = [m for m in left if not any(m is p for p in parts)]
                    changed = True
                    break
            if changed:
                break
    return sorted(left, key=lambda m: ms.index(m))


def _decimals(value) -> int:
    """Decimals a rate was written with (98,7 → 1, 99,75 → 2), read back from its value."""
    text = f"{float(value):.4f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def _some_ratio(figs: dict, spec: dict, rate: float, tol: float) -> bool:
    """Whether two of the counts a rate is made of (any values of its numerator and denominator
    indicators, the smaller over the larger) give the stated rate."""
    ids = {_term(x)[0] for alt in spec["numerators"] + spec["denominators"] for x in alt}
    vals = sorted({float(m["value"]) for i in ids for m in figs.get(i, ())})
    return any(abs(100.0 * a / b - rate) <= tol for a, b in itertools.combinations(vals, 2) if b > 0)


_NUMERIC_CELL = re.compile(r"[\d\W]*|[IVXLC]+\.?")


def _table_cell(m: dict) -> tuple | None:
    """(column, row label) of a figure read from a table; None for one read from a sentence."""
    if m.get("source") != "table":
        return None
    label = tuple(c.strip() for c in (m.get("evidence") or "").split("\t") if not _NUMERIC_CELL.fullmatch(c.strip()))
    return m.get("rule"), label


def _may_be_one_figure(a: dict, b: dict, rates: list[float]) -> bool:
    """Whether two values could be meant as the same figure: not two cells of different rows or columns,
    not a part and its whole that the report's own rate joins (575 of 599 = the stated 95,99%)."""
    ca, cb = _table_cell(a), _table_cell(b)
    if ca is not None and cb is not None and ca != cb:
        return False
    lo, hi = sorted((float(a["value"]), float(b["value"])))
    return not (a.get("unit") != "percent" and hi > 0 and any(abs(100.0 * lo / hi - r) <= TOL["rate_pp"] for r in rates))


def check_two_values(record: dict, figs: dict, ctx=None) -> list[dict]:
    """One indicator, one scope and period, two values, said of the same kind of thing (the same marker
    groups around both: a month's count is not the year to date's, a part not its whole)."""
    ctx = ctx or context_of(None)
    out = []
    skip = set(CONFIG.get("two_values_skip") or ())
    for ind, ms in figs.items():
        if len(ms) < 2 or ind in skip or (CORE is not None and ind not in CORE):
            continue
        kinds: dict[frozenset, list[dict]] = defaultdict(list)
        for m in ms:
            kinds[markers(m, ctx)].append(m)
        for same in kinds.values():
            out += _two_values(record, figs, ind, same)
    return out


def _two_values(record: dict, figs: dict, ind: str, ms: list[dict]) -> list[dict]:
    if len(ms) < 2:
        return []
    rates = [float(m["value"]) for xs in figs.values() for m in xs if m.get("unit") == "percent"]
    if ms[0].get("unit") != "percent":
        ms = _without_breakdowns(ms)      # a whole and its parts are one figure broken down
    ms = [m for m in ms if any(_may_be_one_figure(m, o, rates) for o in ms if o is not m)]
    if len(ms) < 2:
        return []
    pct = "%" if ms[0].get("unit") == "percent" else ""
    return [finding("two_values", {
        "indicator": (label(ind), ind),
        "values_text": (", ".join(f"{fmt_num(m['value'])}{pct} (“{' '.join((m.get('evidence') or '').split())}”)" for m in ms),
                        ", ".join(f"{fmt_num(m['value'], 'en')}{pct}" for m in ms))},
        [mention_evidence(record, m) for m in ms], indicator=ind, values=values_field(ms))]


def check_ranges(record: dict) -> list[dict]:
    out = []
    suffixes = tuple(CONFIG["share_suffixes"])
    for m in record.get("indicators") or ():
        ind = m.get("indicator") or ""
        if (m.get("kind") or "actual") != "actual" or m.get("unit") != "percent" or not ind.endswith(suffixes) \
                or ind in CONFIG.get("not_shares", ()) or not isinstance(m.get("value"), (int, float)):
            continue
        if 0 <= m["value"] <= 100:
            continue
        out.append(finding("rate_out_of_range", {
            "indicator": (label(ind), ind), "value_text": (fmt_num(m["value"]) + "%", fmt_num(m["value"], "en") + "%")},
            [mention_evidence(record, m)], indicator=ind, values=values_field([m])))
    return out


def check_parts(record: dict, figs: dict, folded: str | None = None) -> list[dict]:
    out = []
    for part_id, whole_id in CONFIG["parts_within"]:
        if part_id not in figs or whole_id not in figs:
            continue
        part = min(figs[part_id], key=lambda m: m["value"])
        whole = max(figs[whole_id], key=lambda m: m["value"])
        if part["value"] <= whole["value"]:
            continue
        # an error only when both are unambiguous (one value each); else a warning
        one = len(figs[part_id]) == 1 and len(figs[whole_id]) == 1 and one_passage([part, whole], folded)
        out.append(finding("part_above_whole", {
            "part": (label(part_id), part_id), "whole": (label(whole_id), whole_id),
            "part_value": (fmt_num(part["value"]), fmt_num(part["value"], "en")),
            "whole_value": (fmt_num(whole["value"]), fmt_num(whole["value"], "en"))},
            [mention_evidence(record, part, role="part"), mention_evidence(record, whole, role="whole")],
            severity=None if one else "warning", indicator=part_id, values=values_field([part, whole])))
    return out


# ---------------------------------------------------------------- references

def _symbol(r: dict) -> str:
    if r.get("symbol"):
        return r["symbol"]
    year = f"/{r['year']}" if r.get("year") else ""
    code = "-".join(x for x in (r.get("type_code"), r.get("issuer_code")) if x)
    return f"{r.get('number')}{year}/{code}"


def check_reference_dates(record: dict) -> list[dict]:
    """One symbol, two dates. Without a year in the symbol, numbers restart every year, so only dates
    of the same calendar year contradict each other."""
    groups: dict[tuple, dict[str, dict]] = defaultdict(dict)
    for r in state_references(record):
        if not r.get("date") or not r.get("number"):
            continue
        key = (str(r["number"]).lstrip("0"), r.get("year"), r.get("type_code"), r.get("issuer_code"))
        if not r.get("year"):
            key += (r["date"][:4],)
        groups[key].setdefault(r["date"], r)
    out = []
    for refs in groups.values():
        if len(refs) < 2:
            continue
        rs = list(refs.values())
        symbol = _symbol(rs[0])
        out.append(finding("reference_two_dates", {
            "symbol": symbol, "dates_text": (", ".join(fmt_date(d) for d in refs), ", ".join(refs))},
            [reference_evidence(record, r) for r in rs], symbol=symbol,
            values=[{"date": d, "written": fmt_date(d)} for d in refs]))
    return out


def check_reference_issuers(record: dict) -> list[dict]:
    """Same number, year, type and date but another issuer: one document, a wrong code."""
    groups: dict[tuple, dict[str, dict]] = defaultdict(dict)
    for r in state_references(record):
        if r.get("year") and r.get("date") and r.get("type_code") and r.get("issuer_code"):
            key = (str(r["number"]).lstrip("0"), r["year"], r["type_code"], r["date"])
            groups[key].setdefault(r["issuer_code"], r)
    out = []
    for (number, year, code, date), refs in groups.items():
        if len(refs) < 2:
            continue
        rs = list(refs.values())
        out.append(finding("reference_two_issuers", {
            "number": f"{number}/{year}", "type_code": code, "date": (fmt_date(date), date),
            "issuers_text": ", ".join(_symbol(r) for r in rs)},
            [reference_evidence(record, r) for r in rs], symbol=_symbol(rs[0]),
            values=[{"issuer_code": i} for i in refs]))
    return out


def check_reference_types(record: dict) -> list[dict]:
    """`Kế hoạch số 5067/QĐ-UBND`: the type word names one kind of document, the code another."""
    out = []
    seen = set()
    for r in state_references(record):
        word, code = r.get("type_word"), r.get("type_code")
        if not word or not code:
            continue
        w = fold_phrase(word)
        expected = TYPE_CODES.get(w)
        if w in GENERIC_WORDS or not expected or code in expected:
            continue
        key = (_symbol(r), w)
        if key in seen:
            continue
        seen.add(key)
        exp = "/".join(sorted(expected))
        out.append(finding("reference_type_mismatch", {
            "symbol": _symbol(r), "type_word": word, "type_code": code, "expected_code": exp},
            [reference_evidence(record, r, type_word=word, type_code=code, expected_code=exp)],
            symbol=_symbol(r), values=[{"type_word": word, "type_code": code, "expected_code": exp}]))
    return out


def _issuer_parts(code: str | None) -> list[str]:
    return [p for p in (code or "").replace(" ", "-").split("-") if p]


def check_named_issuers(record: dict, doc, folded: str | None = None) -> list[dict]:
    """`Thông tư số 61/2017/TT-BCT ngày 15/6/2017 của Bộ Tài chính`: the issuer named right after a
    citation against the issuer code in its symbol."""
    out = []
    folded = fold(doc.text) if folded is None else folded
    for r in state_references(record):
        parts = _issuer_parts(r.get("issuer_code"))
        if not parts or parts[0] not in KNOWN_ISSUERS or r.get("end") is None:
            continue
        m = _OF_ISSUER.match(folded, r["end"], min(len(folded), r["end"] + 160))
        if not m:
            continue
        named = ISSUER_NAMES.get(" ".join(m["name"].split()))
        if named is None or named in parts or ACCEPTS.get(named, set()) & set(parts):
            continue
        name = doc.text[m.start("name"):m.end("name")]
        quote = doc.text[r["start"]:m.end("name")]
        out.append(finding("reference_issuer_mismatch", {
            "symbol": _symbol(r), "issuer_name": name, "named_code": named, "issuer_code": r.get("issuer_code")},
            [{"document": record.get("source"), "page": r.get("page"), "start": r["start"], "end": m.end("name"),
              "quote": " ".join(quote.split()), "symbol": _symbol(r), "issuer_code": r.get("issuer_code"),
              "named_issuer": name, "named_code": named}],
            symbol=_symbol(r), values=[{"issuer_code": r.get("issuer_code"), "named_issuer": name, "named_code": named}]))
    return out


# ---------------------------------------------------------------- data windows

def find_windows(doc, folded: str | None = None) -> list[dict]:
    """Every stated data window (`số liệu tính từ 15/12/2020 đến ngày 14/6/2021`) with its span."""
    folded = fold(doc.text) if folded is None else folded
    found = []
    for m in _WINDOW.finditer(folded):
        a, b = parse_date(m["a"]), parse_date(m["b"])
        if not a or not b:
            continue
        found.append({"start_date": a, "end_date": b, "start": m.start(), "end": m.end(),
                      "page": doc.page_at(m.start()), "quote": " ".join(doc.text[m.start():m.end()].split())})
    return found


def _days(w: dict) -> int:
    return (_dt.date.fromisoformat(w["end_date"]) - _dt.date.fromisoformat(w["start_date"])).days + 1


def _window_text(w: dict) -> tuple[str, str]:
    return (f"{fmt_date(w['start_date'])} – {fmt_date(w['end_date'])}", f"{w['start_date']} – {w['end_date']}")


def _window_evidence(record: dict, w: dict) -> dict:
    return {"document": record.get("source"), "page": w["page"], "start": w["start"], "end": w["end"],
            "quote": w["quote"], "window_start": w["start_date"], "window_end": w["end_date"]}


def check_windows(record: dict, doc, folded: str | None = None) -> list[dict]:
    windows = find_windows(doc, folded)
    out = []
    plausible = []
    for w in windows:
        days = _days(w)
        if days < 1 or days > TOL["window_max_days"]:
            out.append(finding("window_implausible", {"window_text": _window_text(w), "days": days},
                               [_window_evidence(record, w)], values=[w["start_date"], w["end_date"]]))
        else:
            plausible.append(w)
    # the same stretch stated twice with both ends moved: one of them is wrong. Windows sharing an end
    # (month and year-to-date) or not overlapping (an earlier period for comparison) are fine.
    distinct: dict[tuple, dict] = {}
    for w in plausible:
        distinct.setdefault((w["start_date"], w["end_date"]), w)
    clash = []
    ws = list(distinct.values())
    for x, y in itertools.combinations(ws, 2):
        if x["start_date"] != y["start_date"] and x["end_date"] != y["end_date"] \
                and x["start_date"] <= y["end_date"] and y["start_date"] <= x["end_date"]:
            clash += [w for w in (x, y) if w not in clash]
    if clash:
        out.append(finding("windows_disagree", {
            "windows_text": ("; ".join(f"{_window_text(w)[0]} (“{w['quote']}”)" for w in clash),
                             "; ".join(_window_text(w)[1] for w in clash))},
            [_window_evidence(record, w) for w in clash], values=[[w["start_date"], w["end_date"]] for w in clash]))
    out += _windows_vs_period(record, plausible)
    return out


def _windows_vs_period(record: dict, windows: list[dict]) -> list[dict]:
    meta = record.get("meta") or {}
    bounds = record_bounds(meta)
    if not bounds or meta.get("doc_type") not in (None, "bao_cao"):
        return []
    p_start, p_end = bounds
    tol = _dt.timedelta(days=TOL["window_days"])
    year_start = _dt.date(p_start.year, 1, 1)
    out = []
    for w in {(w["start_date"], w["end_date"]): w for w in windows}.values():
        a, b = _dt.date.fromisoformat(w["start_date"]), _dt.date.fromisoformat(w["end_date"])
        # the end must meet the period's end; the start may go back to the year's start (year to date)
        if abs(b - p_end) <= tol and year_start - tol <= a <= p_start + tol:
            continue
        out.append(finding("window_period_mismatch", {
            "window_text": _window_text(w), "period": meta.get("period") or "?",
            "period_start": (fmt_date(p_start.isoformat()), p_start.isoformat()),
            "period_end": (fmt_date(p_end.isoformat()), p_end.isoformat())},
            [_window_evidence(record, w)], values=[w["start_date"], w["end_date"]]))
    return out
