"""The schema of every language data file (extract/data/*.yaml, and the vn/data files extraction reads).

Keys are the files' own; `?` marks an optional key; a phrase list is `WORDS`. A new key in a data file
needs its line here first: that is what makes a misspelt key (`cue:` for `cues:`) an error instead of an
indicator with no cues. The forms are in extract/lexicon/schema.py.
"""
from __future__ import annotations

from extract.lexicon.schema import Each, OneOf

WORDS = [str]                   # phrases (`…` for a gap, `re:` for a regular expression, where the reader allows)
CODES = Each(str)               # a small table: key → an indicator id or a name

CUE = OneOf(str, {"cue": str, "context?": str, "also?": [str], "also_when?": str, "also_unless?": WORDS, "part?": bool,
                     "holds?": bool})

INDICATORS = {
    "indicators": [{
        "id": str, "unit": str, "label?": str, "core?": bool, "tier?": int, "rate?": str,
        "cues?": [CUE], "not?": WORDS, "nouns?": WORDS, "zero?": WORDS, "zero_context?": str,
    }],
}

KINDS = {
    "target_strong": WORDS, "target_weak": WORDS, "target_negated": WORDS, "target_sections": WORDS,
    "target_aside": {"lead": WORDS, "nouns": WORDS}, "ranking_words": WORDS, "ranking_count?": CODES, "ranking_rate_lead?": WORDS,
    "target_lead?": {"lead": WORDS, "opens": WORDS, "stops": WORDS, "time_words?": WORDS},
    "target_reached?": {"nouns": WORDS, "words": WORDS},
    "this_rate?": WORDS, "per_time?": WORDS, "change_to_level?": WORDS, "result_of_target?": WORDS, "compared_value?": str,
    "units_reaching?": {"units": WORDS, "verbs": WORDS, "determiners": WORDS, "joins": WORDS,
                        "plural?": WORDS, "listing?": WORDS},
    "target_lists": WORDS, "target_list_veto": WORDS, "target_list_end": WORDS, "past_result": WORDS,
    "change_up": WORDS, "change_down": WORDS, "change_reference": WORDS, "change_default?": CODES,
    "other_period": WORDS, "current_period": WORDS, "other_period_ok?": WORDS,
    "unit_levels?": Each(WORDS), "total_labels?": WORDS, "breakdown_openers": WORDS, "breakdown_labels": WORDS,
    "approximate": WORDS, "approximate_note": str, "scales?": Each(int), "percent_words?": WORDS, "rate_intro": WORDS,
    "contexts": Each(WORDS), "nouns": Each(WORDS), "measure_words?": WORDS, "nouns_after_number_only?": WORDS,
    "qualifiers?": WORDS,
    "fraction_whole?": CODES, "fraction_whole_of_part?": CODES, "fraction_part_default?": CODES,
    "count_default?": CODES, "from_to": {"from": WORDS, "to": WORDS}, "of_whole": WORDS,
    "service_fraction?": {"nouns": WORDS, "done": WORDS, "part": str},
    "comparative?": {"words": WORDS, "periods": WORDS, "links": WORDS}, "rate_nouns?": WORDS,
    "whole_of_parts?": {"wholes": Each([str]), "loose": WORDS},
}

GRAMMAR = {
    "clause_words": WORDS, "clause_conjunctions": WORDS, "clause_openers": WORDS, "target_value_links": WORDS,
    "tense_words": WORDS, "line_links": WORDS, "value_links": WORDS, "change_gaps": WORDS, "label_links": WORDS,
    "joined_phrases?": WORDS, "cue_free_names?": WORDS,
    "cue_negation?": {"words": WORDS, "gaps": WORDS, "max_words": int, "not_after": WORDS},
}

MASKS = {
    "not_figures": WORDS, "named_number_words": WORDS, "named_number_not_after": WORDS,
    "named_number_link": str, "named_number_joins": WORDS,
}

METADATA = {
    "doc_types": [{"code": str, "titles": WORDS, "symbol": WORDS}],
    "cong_van_marks": WORDS, "closing": WORDS, "attached": WORDS, "salutation": WORDS, "number_words": WORDS,
    "date_words": {"day": str, "month": str, "year": str}, "province_name_default": str,
    "agencies": [{"name": str, "code": str, "phrases?": WORDS, "province_name?": str}],
    "split_parent": WORDS, "place_stop": WORDS, "report_verbs": WORDS,
    "window": {"from": WORDS, "to": WORDS, "labels": WORDS},
    "title_ends": WORDS, "signer_titles": WORDS, "surnames": WORDS,
    "ministries?": [{"name": str, "phrases": WORDS}],
    "news_agency": {"ministry_before": WORDS, "cited_before": WORDS, "cited_after": WORDS, "province_whole": WORDS, "city_whole": WORDS,
                    "district_whole": WORDS, "province_committee": str, "city_committee": str,
                    "district_committee": str, "district_words": WORDS, "subject_verbs?": WORDS},
}

SCOPES = {
    "whole": WORDS, "levels": Each(WORDS), "units": Each(WORDS), "other?": WORDS, "level_patterns?": Each([str]),
    "actor_after?": WORDS, "actor_before?": WORDS, "object_before": WORDS, "subject_levels": Each(WORDS),
    "city_committee": WORDS, "committee_words": WORDS, "level_joins?": WORDS, "levels_joined?": Each([str]),
    "opener_words": WORDS, "opener_nouns": WORDS, "goes_on": WORDS,
    "name_joins": WORDS, "place_names": WORDS, "unit_key_heads": WORDS, "unit_key_plurals": WORDS,
    "province_word": str, "city_words": {"name": str, "short": str}, "department_word": str,
}

TABLES = {
    "total_rows": WORDS, "total_cells": WORDS, "earlier_columns": WORDS, "plan_columns": WORDS,
    "result_columns": WORDS, "count_columns": WORDS, "rate_columns": WORDS, "skip_columns": WORDS,
    "points": WORDS, "early_cells": WORDS, "total_levels": CODES,
}

DOC_TYPES = {
    "types": [{"word": str, "code?": str, "aliases?": WORDS, "canonical?": str}],
    "issuers": CODES, "form_words?": WORDS,
    "citation": {"number": str, "date": str, "list": WORDS, "issued": WORDS},
}

# vn/data: read by vn/ itself (below extract, so it cannot import this); checked by tests/test_lexicon.py
PERIODS = {
    "numbers": Each(WORDS), "quarter_numerals": Each(int),
    "patterns": [{"period": str, "phrases": WORDS}],
    "window": {"start_day": int, "end_day": int, "tolerance_days": int},
    "date_words": {"day": str, "month": str}, "programme_words": WORDS,
}
FIGURE_PERIODS = {
    "direction_headings": WORDS, "period_leads": WORDS, "named_by?": WORDS, "same_period_last_year": WORDS, "same_period_year": str,
    "previous_period": {"same": WORDS, "month": WORDS, "quarter": WORDS, "year": WORDS}, "previous_veto": str,
    "year_to_date": WORDS, "date_range": str, "until_date": str, "january_start_days": int,
    "december_start_day": int, "end_day_min": int, "current_period": WORDS, "comparison": str,
    "comparison_value": str, "after_figure": str, "caption_chars": int,
}
PATH_WORDS = {"accents": CODES}
PROVINCE_WORDS = {"prefixes": WORDS}
SPELLING = {"variants?": CODES, "characters?": CODES}

# file (relative to the repository) → schema
SCHEMAS = {
    "extract/data/indicators.yaml": INDICATORS, "extract/data/kinds.yaml": KINDS,
    "extract/data/grammar.yaml": GRAMMAR, "extract/data/masks.yaml": MASKS,
    "extract/data/metadata.yaml": METADATA, "extract/data/scopes.yaml": SCOPES,
    "extract/data/tables.yaml": TABLES, "extract/data/doc_types.yaml": DOC_TYPES,
    "extract/data/figure_periods.yaml": FIGURE_PERIODS, "extract/data/path_words.yaml": PATH_WORDS,
    "vn/data/periods.yaml": PERIODS, "vn/data/province_words.yaml": PROVINCE_WORDS,
    "vn/data/spelling.yaml": SPELLING,
}
