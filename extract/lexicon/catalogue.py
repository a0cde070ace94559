"""The indicator catalogue and the kind words of extract/data/*.yaml (read and checked by
extract.lexicon), compiled once.

Nothing here knows a Vietnamese word: it turns the phrases of the data files into regular expressions
over the folded text (vn.fold).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex as re

from extract import lexicon
from vn.fold import fold_phrase, phrase_body, phrase_keys, phrase_pattern


@dataclass
class Cue:
    regex: re.Pattern
    text: str
    context: str | None = None
    also: tuple[str, ...] = ()
    part: bool = False             # counts only for a part of a total stated before it (a list item)
    also_when: str | None = None   # `also` only where this context is the figure's own clause's
    also_unless: re.Pattern | None = None   # ... and not where these words are in the sentence
    holds: bool = False            # the cue's words stand around the figure ("cấp 45 chứng thư số")


@dataclass
class Indicator:
    id: str
    unit: str
    label: str
    nouns: frozenset[str]
    tier: int
    cues: list[Cue]
    veto: re.Pattern | None
    rate: str | None
    zero: re.Pattern | None
    core: bool = True
    zero_context: str | None = None    # as a cue's context: "!pending", "pending"


# pattern source -> the words one of which starts every match (fold.phrase_key), None when a match may
# start anywhere; rules_text.PhraseScan tries a pattern only where one of its words stands
FIRST_WORDS: dict[str, frozenset[str] | None] = {}


def _first_words(phrases, guarded: bool = True) -> frozenset[str] | None:
    keys = [phrase_keys(p, guarded) for p in phrases]
    return None if None in keys else frozenset().union(*keys)


def any_of(phrases) -> re.Pattern | None:
    """One regex matching any of the phrases (longest first so alternatives do not shadow each other)."""
    phrases = [p for p in (phrases or []) if p]
    if not phrases:
        return None
    pats = sorted((phrase_body(p) for p in phrases), key=len, reverse=True)
    rx = re.compile(r"(?<!\w)(?:" + "|".join(pats) + r")(?!\w)")
    FIRST_WORDS[rx.pattern] = _first_words(phrases)
    return rx


def find_all(rx: re.Pattern, text: str, where: str | None = None) -> list:
    """list(rx.finditer(text)), found from where the pattern's first words occur (str.find, in C) when
    the catalogue knows them: one pass of the pattern over a whole report costs far more. `where`: the
    text the words are looked for in, when not `text` itself (its folded form, of the same length, for a
    pattern that matches the text as written but starts with a word in any case)."""
    words = FIRST_WORDS.get(rx.pattern)
    if words is None:
        return list(rx.finditer(text))
    where = text if where is None else where
    starts = set()
    for w in words:
        i = where.find(w)
        while i >= 0:
            starts.add(i)
            i = where.find(w, i + 1)
    out, free = [], 0
    for p in sorted(starts):
        if p >= free:
            m = rx.match(text, p)
            if m is not None:
                out.append(m)
                free = max(m.end(), p + 1)
    return out


def alternation(words) -> str:
    """`a|b c`: the words of a data list as one regex alternation, longest first, spaces as written."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


GRAMMAR = lexicon.GRAMMAR          # clause and line-joining words (data/grammar.yaml)
METADATA = lexicon.METADATA        # document types, agencies, header words: metadata, kinds and scope read it


def _cue(spec) -> Cue:
    text = spec if isinstance(spec, str) else spec["cue"]
    rx = re.compile(phrase_pattern(text))
    FIRST_WORDS[rx.pattern] = _first_words([text], guarded=False)   # a raw cue is used as written
    if isinstance(spec, str):
        return Cue(rx, spec, holds="…" in spec)
    return Cue(rx, spec["cue"], spec.get("context"), tuple(spec.get("also") or ()), bool(spec.get("part")),
               spec.get("also_when"), any_of(spec.get("also_unless")), bool(spec.get("holds", "…" in text)))


def _indicator(d: dict) -> Indicator:
    return Indicator(
        id=d["id"], unit=d["unit"], label=d.get("label", ""), nouns=frozenset(d.get("nouns") or ()),
        tier=int(d.get("tier", 1)), cues=[_cue(c) for c in d.get("cues") or ()], veto=any_of(d.get("not")),
        rate=d.get("rate"), zero=any_of(d.get("zero")), core=d.get("core", True), zero_context=d.get("zero_context"))


@dataclass
class Kinds:
    target_strong: re.Pattern
    target_weak: re.Pattern
    target_negated: re.Pattern
    target_sections: re.Pattern
    target_lists: re.Pattern
    target_list_end: re.Pattern
    target_list_veto: re.Pattern
    past_result: re.Pattern
    change_up: re.Pattern
    change_down: re.Pattern
    change_reference: re.Pattern
    change_default: dict
    approximate: re.Pattern
    scales: dict                    # folded scale word → multiplier
    scale_words: re.Pattern | None
    rate_intro: re.Pattern
    other_period: re.Pattern
    current_period: re.Pattern
    other_period_ok: frozenset
    breakdown_openers: re.Pattern
    breakdown_labels: re.Pattern | None
    total_labels: re.Pattern | None
    contexts: re.Pattern            # named groups, one per context
    nouns: list[tuple[str, re.Pattern]] = field(default_factory=list)   # (class, phrase at a position)
    noun_any: re.Pattern | None = None
    measure_words: re.Pattern | None = None
    qualifiers: re.Pattern | None = None
    fraction_whole: dict = field(default_factory=dict)
    fraction_whole_of_part: dict = field(default_factory=dict)
    fraction_part_default: dict = field(default_factory=dict)
    count_default: dict = field(default_factory=dict)
    unit_levels: list = field(default_factory=list)     # (name, regex at a row label's start)


def _kinds(d: dict) -> Kinds:
    ctx = "|".join(f"(?P<{name}>{any_of(words).pattern})" for name, words in d["contexts"].items())
    FIRST_WORDS[ctx] = _first_words([w for words in d["contexts"].values() for w in words])
    noun_items = [(cls, p) for cls, words in d["nouns"].items() for p in words]
    noun_items.sort(key=lambda x: len(x[1]), reverse=True)
    nouns = [(cls, re.compile(phrase_pattern(p))) for cls, p in noun_items]
    noun_any = re.compile("|".join(f"(?P<n{i}>{phrase_pattern(p)})" for i, (_, p) in enumerate(noun_items)))
    return Kinds(
        target_strong=any_of(d["target_strong"]), target_weak=any_of(d["target_weak"]),
        target_negated=any_of(d["target_negated"]), target_sections=any_of(d["target_sections"]),
        target_lists=any_of(d["target_lists"]), target_list_end=any_of(d["target_list_end"]), target_list_veto=any_of(d["target_list_veto"]),
        past_result=any_of(d["past_result"]), change_up=any_of(d["change_up"]), change_down=any_of(d["change_down"]),
        change_reference=any_of(d["change_reference"]), change_default=dict(d.get("change_default") or {}),
        approximate=any_of(d["approximate"]), scales={fold_phrase(k): v for k, v in (d.get("scales") or {}).items()},
        scale_words=any_of(list(d.get("scales") or ())), rate_intro=any_of(d["rate_intro"]),
        other_period=any_of(d["other_period"]), current_period=any_of(d["current_period"]),
        other_period_ok=frozenset(d.get("other_period_ok") or ()),
        breakdown_openers=any_of(d["breakdown_openers"]),
        total_labels=re.compile(r"[\W_]*(?:" + any_of(d.get("total_labels")).pattern + r")[\s:*_]*") if d.get("total_labels") else None,
        unit_levels=[(name, re.compile(r"\W*(?:" + "|".join(pats) + r")(?!\w)")) for name, pats in (d.get("unit_levels") or {}).items()],
        breakdown_labels=re.compile("|".join(f"(?:{q})" for q in d["breakdown_labels"])) if d.get("breakdown_labels") else None,
        contexts=re.compile(ctx), nouns=nouns, noun_any=noun_any,
        measure_words=any_of(d.get("measure_words")),
        qualifiers=re.compile("|".join(f"(?:{q})" for q in d.get("qualifiers") or ())) if d.get("qualifiers") else None,
        fraction_whole=dict(d.get("fraction_whole") or {}),
        fraction_whole_of_part=dict(d.get("fraction_whole_of_part") or {}), fraction_part_default=dict(d.get("fraction_part_default") or {}),
        count_default=dict(d.get("count_default") or {}),
    )


INDICATORS: list[Indicator] = [_indicator(d) for d in lexicon.INDICATORS_DATA["indicators"]]
BY_ID: dict[str, Indicator] = {i.id: i for i in INDICATORS}


def _cue_groups() -> list[tuple[re.Pattern, list[tuple[Indicator, Cue]]]]:
    """Cues by regular expression: a phrase several indicators share ("trực tuyến") is searched once."""
    groups: dict[str, tuple[re.Pattern, list]] = {}
    for ind in INDICATORS:
        for cue in ind.cues:
            groups.setdefault(cue.regex.pattern, (cue.regex, []))[1].append((ind, cue))
    return list(groups.values())


CUE_GROUPS = _cue_groups()
KINDS_DATA: dict = lexicon.KINDS_DATA       # the raw data too, for the few rules that read it directly
KINDS: Kinds = _kinds(KINDS_DATA)
