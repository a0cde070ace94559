"""The sentence rules are an ordered list of named rules with one signature (extract/indicators/
sentence_rules.py), and a figure's Mention.rule is the name of the rule that took it."""
import inspect
from pathlib import Path

import pipeline
from extract.indicators.sentence_rules import RULES, Case
from extract.lexicon.catalogue import INDICATORS

ROOT = Path(__file__).resolve().parents[1]


def test_the_rules_are_an_ordered_list_of_named_functions_with_one_signature():
    names = [fn.name for fn in RULES]
    assert names == ["text:other-noun", "text:number-row", "text:per-time", "text:bare-count", "text:bracket-noun", "text:from-value", "text:change", "text:units-reaching",
                     "text:fraction", "text:target-aside", "text:rate-after-count", "text:cue-in-clause",
                     "text:whole-of-parts", "text:whole-of-part", "text:from-to-list", "text:cue-before-clause", "text:list-head", "text:ranking", "text:this-rate", "text:compared-value",
                     "text:result-of-target",
                     "text:noun-default", "text:breakdown", "text:cue"]
    for fn in RULES:
        assert list(inspect.signature(fn).parameters) == ["r", "c"], fn.name
        assert fn.__doc__, f"{fn.name} says what it takes"
    assert set(Case.__dataclass_fields__) >= {"ring", "before", "a", "b", "choice"}


def _rule_names() -> tuple[set[str], set[str]]:
    cues = {"text:" + (c.text) for ind in INDICATORS for c in ind.cues}
    return {fn.name for fn in RULES} | {p for fn in RULES for p in fn.parts}, cues


def test_every_figure_of_the_fixtures_names_the_rule_that_took_it(tmp_path):
    """A text mention's rule is a rule's name (`text:ranking`), the cue rule's cue (`text:tiếp nhận`), the
    list-head rule with the cue of the line that opened the list, or the zeros in words; `+on_time_alone`
    says find_indicators renamed it afterwards."""
    names, cues = _rule_names()
    seen = set()
    for path in sorted((ROOT / "fixtures").glob("*.txt")):
        record = pipeline.extract_file(path)
        for m in record["indicators"]:
            if m["source"] != "text":
                continue
            rule = m["rule"].removesuffix("+on_time_alone")
            ok = (rule in names or rule in cues or rule == "text:zero-in-words"
                  or (rule.startswith("text:list-head:") and "text:" + rule.removeprefix("text:list-head:") in cues))
            assert ok, f"{path.name}: {m['indicator']} = {m['value']} by an unnamed rule {m['rule']!r}"
            seen.add(rule if rule in names else "text:cue")
    assert len(seen) >= 3
    assert "text:cue" in seen


def test_a_ranking_is_taken_by_the_ranking_rule(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("Tỷ lệ giải quyết hồ sơ đúng hạn của tỉnh đạt 97,5%, đứng sau Cần Thơ (99,1%).\n", encoding="utf-8")
    rules = {(m["value"], m["rule"]) for m in pipeline.extract_file(path)["indicators"]}
    assert (99.1, "text:ranking") in rules and (97.5, "text:đúng hạn") in rules
