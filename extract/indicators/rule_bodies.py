"""The longer bodies of the sentence rules (extract/indicators/sentence_rules.py): a breakdown's parent,
a target measured against, a ranking's figure, a count's rate, a change, a fraction. Methods of
SentenceRules, through this class: they read its state (self.idx, the sentence, its list head, the
choices of the figures before)."""
from __future__ import annotations

import regex as re

from extract.indicators.reading import (COUNT_OF_RATE, RATE_THEN_BRACKET, _ASIDE_BRACKETS, _BARE_BRACKET, _COUNT_BRACKET,
                                        _LABEL_TRIM, _NAME_BEFORE, _OF_WHOLE, _OF_WHOLE_ONLY, _RANKING_RATE, _RANKING_WORDS, _RATE_NEAR, _RATE_NOUNS,
                                        _SERVICE_DONE, _SERVICE_NOUN, _SERVICES, _TARGET_ASIDE, Found, _nouns_ok, _Ring,
                                        _RANKING_COUNT, WHOLE_OF_PARTS)
from extract.lexicon.catalogue import BY_ID, KINDS, KINDS_DATA, Indicator, alternation

# where a figure's parts start right after it: a bracket or a breakdown opener ("(gồm …", ", gồm …", "(…")
_OPENERS = alternation(KINDS_DATA["breakdown_openers"])
_PARTS_OPEN = re.compile(rf"[^\d,;.()]{{0,20}}?(?:\(\s*(?:(?:{_OPENERS})\s*:?\s*)?|,?\s*(?:{_OPENERS})\s*:?\s*)")


_DIGIT = re.compile(r"\d")


class RuleBodies:
    """The rules' longer bodies, as methods of SentenceRules (they read its state: self.idx, the sentence,
    its list head, the last choices)."""

    _FIELD_GAP = 8                          # characters between a part's noun and its field ("hồ sơ thuộc lĩnh vực")

    def _breakdown_of(self, ring: _Ring, before: list[_Ring]) -> tuple[Indicator, str | None] | None:
        """`tiếp nhận 5.000 hồ sơ, trong đó cấp tỉnh 3.000 hồ sơ, cấp huyện 1.500 hồ sơ`: a figure whose own
        clause is only a breakdown label (data/kinds.yaml `qualifiers`) takes the indicator of the figure before;
        so does a list item under a line ending in `trong đó:` (`+ Lĩnh vực hộ tịch: 800 hồ sơ`), with its
        label as the qualifier. Returns (indicator, qualifier) or None."""
        folded, fig = self.idx.folded, ring.fig
        labelled = KINDS.qualifiers is not None and KINDS.qualifiers.search(folded, ring.l1, fig.start)
        if not labelled and KINDS.qualifiers is not None and fig.kind == "count":
            # "…, có tới 743 hồ sơ về lĩnh vực đất đai": the part's field named right after its noun
            after = KINDS.qualifiers.search(folded, fig.local_end, min(ring.r1, fig.local_end + 60))
            labelled = after if after is not None and after.start() - fig.local_end <= self._FIELD_GAP else None
        prev = next((r for r in reversed(before) if not r.change), None)
        label = None
        if not labelled and prev is not None and KINDS.breakdown_labels is not None:
            unit = KINDS.breakdown_labels.search(folded, ring.l1, fig.start)
            if unit:                         # "..., trong đó Phòng Hành chính tư pháp 1.200 hồ sơ"
                labelled = unit
                label = _LABEL_TRIM.sub("", self.idx.text[unit.start():fig.start]) or None
        if prev is None and self._head is not None and (
                labelled or KINDS.breakdown_openers.search(folded, max(self._head[0], self._head[1] - 40), self._head[1])):
            prev = self._last_choice.get(self._head)
            item_start = max(self._sent_start, fig.start - 120)       # the item's label: all before its figure
            label = _LABEL_TRIM.sub("", self.idx.text[item_start:fig.start]) or None
            if label and len(label) > 80:
                return None                  # a sentence, not a label
            veto_start = item_start
        elif not labelled:
            return None
        else:
            veto_start = ring.l1
        if prev is None or prev.choice is None or prev.fig.kind != fig.kind or (
                fig.noun not in (None, "unknown") and prev.fig.noun not in (None, "unknown", fig.noun)):
            return None
        veto = self.idx.vetoes.get(prev.choice.id)
        if veto is not None and veto.any_within(veto_start, ring.r1):
            return None                      # "+ Hồ sơ yêu cầu bổ sung: 10" under the resolved ones
        return prev.choice, label

    def _measured_against(self, ring: _Ring, before: list[_Ring]) -> list[Found] | None:
        """"đạt 96,8% (chỉ tiêu Kế hoạch: tối thiểu 98%)", ", vượt chỉ tiêu đề ra (95%)", "so với mục tiêu 90%":
        the target of the actual right before it, of that actual's indicator."""
        prev = before[-1] if before else None
        if prev is None or prev.change or prev.choice is None or prev.fig.kind != ring.fig.kind:
            return None
        gap = _TARGET_ASIDE.fullmatch(self.idx.folded, max(prev.fig.end, prev.fig.local_end), ring.fig.start)
        if gap is None or self.idx.cues.any_within(gap.start(), gap.end()):
            return None
        ring.choice, ring.cue_span = prev.choice, None
        fig = ring.fig
        return [self._found(prev.choice.id, fig.value, prev.choice.unit, "target", gap.start(),
                            max(fig.end, fig.local_end), ring, "text:target-aside")]

    def _ranking(self, ring: _Ring, before: list[_Ring]) -> Indicator | None:
        """"đạt 72,5%, đứng sau Cần Thơ (81,02%), Huế (79,4%)": a bare percentage in brackets after a name is
        the same indicator as the percentage before it (extract.document.scope says whose)."""
        folded, fig = self.idx.folded, ring.fig
        if fig.kind != "percent" or not _BARE_BRACKET.match(folded, fig.start - 1 if fig.start else 0):
            return None
        end = fig.start - 1
        words = _RANKING_WORDS.search(folded, max(0, end - 40), end)
        if words:
            end = words.start()
            rate = _RANKING_RATE.search(folded, max(0, end - 60), end) if _RANKING_RATE is not None else None
            if rate and not _NAME_BEFORE.search(self.idx.text, max(0, end - 40), end):
                end = rate.start()           # "Sở Tư pháp có tỷ lệ đúng hạn cao nhất (100%)"
        if not _NAME_BEFORE.search(self.idx.text, max(0, end - 40), end):
            return None                      # "cao hơn cùng kỳ năm trước (98,7%)": no name, another period
        for prev in reversed(before):
            if prev.fig.kind != "percent" or prev.choice is None or prev.change:
                return None
            gap = folded[prev.fig.local_end:fig.start - 1]       # up to the bracket
            return prev.choice if len(gap) <= 80 and not re.search(r"[\d.]", gap) else None
        # the list's first rate: the indicator its sentence names before it ("dẫn đầu về tỷ lệ giải quyết
        # đúng hạn gồm: huyện A (99,86%)"), else the rate of the sentence just before ("... đạt bình quân
        # 91,37%. Sở Tư pháp đạt cao nhất (100%)")
        named = self._choose(ring, {"percent"}, self._sent_start, [(self._sent_start, ring.l1)],
                             (self._sent_start, fig.start))
        if named is not None:
            return named[0]
        last = self._last_rate
        return last[1] if last is not None and 0 <= fig.start - last[0] <= _RATE_NEAR else None

    def _count_ranking(self, ring: _Ring, before: list[_Ring]) -> Indicator | None:
        """"Các đơn vị tiếp nhận nhiều hồ sơ nhất là Sở Tư pháp (1.204 hồ sơ), Sở Y tế (233 hồ sơ)": a count
        in brackets right after a unit's name is that unit's, of the list's indicator: the one before it in the
        list, else the one its sentence names before it, else the noun's default (kinds.yaml ranking_count)."""
        folded, fig = self.idx.folded, ring.fig
        if fig.noun not in _RANKING_COUNT or not _COUNT_BRACKET.match(folded, fig.start, fig.local_end + 3):
            return None
        end = folded.rfind("(", 0, fig.start)
        if end < 0 or folded[end + 1:fig.start].strip() or not _NAME_BEFORE.search(self.idx.text, max(0, end - 40), end):
            return None                      # "1.200 hồ sơ (1.150 hồ sơ trực tuyến)": no name before the bracket
        for prev in reversed(before):
            if prev.change or prev.fig.kind != "count" or prev.choice is None:
                return None
            gap = folded[prev.fig.local_end:end]
            return prev.choice if len(gap) <= 80 and not re.search(r"\d", gap) else None
        named = self._choose(ring, {"count"}, self._sent_start, [(self._sent_start, end)], (self._sent_start, end))
        if named is not None and _nouns_ok(named[0], fig.noun):
            return named[0]
        return BY_ID[_RANKING_COUNT[fig.noun]]

    def _apposition(self, ring: _Ring, before: list[_Ring]) -> Indicator | None:
        for k in range(len(before) - 1, -1, -1):
            prev = before[k]
            if prev.change or self._closed_aside(prev.fig.start, ring.fig.start):
                continue                     # "15.539 hồ sơ (trong đó 9 hồ sơ quá hạn), đạt tỷ lệ 97,93%": not the 9
            if k > 0 and prev.choice is not None and not prev.choice.rate and before[k - 1].choice is not None \
                    and before[k - 1].choice.rate and _OF_WHOLE.fullmatch(self.idx.folded, before[k - 1].fig.local_end, prev.fig.start):
                before_whole, prev = prev, before[k - 1]   # "14.092 hồ sơ trực tuyến trên tổng số 18.114 hồ sơ, đạt 77,79%": the part's rate
            else:
                before_whole = prev
            rate = prev.choice.rate if prev.choice is not None else None
            if prev.choice is None and prev.fig.kind == "count":
                # "Đã số hóa 85.000 hồ sơ, …, đạt tỷ lệ 78%": no count id, the rate its clause names
                named = self._choose(ring, {"percent"}, prev.l1, [(prev.l1, prev.fig.start), (prev.fig.end, prev.r1)],
                                     (prev.l1, prev.r1))
                rate = named[0].id if named is not None else None
            else:
                named = None
            if rate is None or prev.fig.kind == "percent":
                return None
            gap_a, gap_b = before_whole.fig.local_end, ring.fig.start
            gap = _ASIDE_BRACKETS.sub("", self.idx.folded[gap_a:gap_b])     # the aside in brackets is skipped
            bare = gap.strip(" \t\n*_") in ("(", "-", "–", "")       # "2.440 hồ sơ (97,6%)", "1.800 hồ sơ - 72%"
            if not bare:
                # or the words after the count that name it, then the bracket: "1.240 lượt hài lòng (99,2%)",
                # "640 hồ sơ trực tuyến (72,5%)"
                name = named[2:4] if named is not None else prev.cue_span      # (start, end) of those words
                if name and prev is before_whole and name[0] >= prev.fig.end:
                    bare = self.idx.folded[name[1]:gap_b].strip(" \t\n*_") == "("
            if len(gap) > 70 or ";" in gap or not (bare or self.idx.rate_intro.any_within(gap_a, gap_b)):
                return None
            return BY_ID.get(rate)
        return None

    def _whole_of_parts(self, ring: _Ring, b: int) -> Indicator | None:
        """The whole (kinds.yaml whole_of_parts) whose parts all stand right after the figure: after a
        breakdown opener or a bracket, each named by one of its cues, before the sentence or bracket ends."""
        folded, fig = self.idx.folded, ring.fig
        after = max(fig.end, fig.local_end)
        m = _PARTS_OPEN.match(folded, after, b)
        if m is None:
            return None
        close = folded.find(")", m.end(), b)
        end = close if close >= 0 and "(" in m.group() else min(b, m.end() + 200)
        for whole, parts in WHOLE_OF_PARTS.items():
            if all(any(cue.regex.search(folded, m.end(), end) for cue in BY_ID[p].cues) for p in parts):
                return BY_ID[whole]
        return None

    def _whole_of(self, ring: _Ring, before: list[_Ring]) -> Indicator | None:
        """`35 nhiệm vụ đã hoàn thành trong tổng số 40 nhiệm vụ`, `14.092 hồ sơ trực tuyến trên tổng số 18.114
        hồ sơ`: the count after `trên/trong tổng số` is the whole of the part just before it (kinds.yaml
        fraction_whole_of_part, fraction_whole)."""
        prev = next((r for r in reversed(before) if not r.change), None)
        fig = ring.fig
        if prev is None or prev.choice is None or prev.fig.kind != "count":
            return None
        if not _OF_WHOLE_ONLY.fullmatch(self.idx.folded, max(prev.fig.end, prev.fig.local_end), fig.start):
            return None
        whole = KINDS.fraction_whole_of_part.get(prev.choice.id) or KINDS.fraction_whole.get(fig.noun)
        if whole is None or whole == prev.choice.id or not _nouns_ok(BY_ID[whole], fig.noun):
            return None
        return BY_ID[whole]

    def _change(self, ring: _Ring, before: list[_Ring], sign: int, a: int) -> list[Found]:
        fig = ring.fig
        ref = next(self.idx.reference.within(fig.end, ring.r1 + 80), None)
        right_end = ref[0] if ref else ring.r1
        # a change in hồ sơ is one of a count; a change in percent may be of a rate or of a count (tăng 12,5%)
        units = {"count", "percent"} if fig.kind == "percent" else {"count"}
        regions = [(ring.l1, fig.start), (fig.end, right_end)]
        choice = None
        if fig.kind == "percent" and _RATE_NOUNS is not None and _RATE_NOUNS.search(self.idx.folded, ring.l1, fig.start):
            choice = self._choose(ring, {"percent"}, a, regions, (ring.l1, right_end))   # "Tỷ lệ trễ hạn giảm 0,3%"
        if choice is None:
            choice = self._choose(ring, units, a, regions, (ring.l1, right_end))
        ind = choice[0] if choice else None
        if ind is None and fig.noun in KINDS.change_default:
            ind = BY_ID[KINDS.change_default[fig.noun]]
        if ind is None:
            for prev in reversed(before):
                if prev.choice is not None and not prev.change:
                    ind = prev.choice
                    break
        if ind is None:
            return []
        value = fig.value if fig.kind != "fraction" else fig.value
        unit = "percent" if fig.kind == "percent" else ind.unit
        end = ref[1] if ref else fig.local_end
        ring.choice = ind                # (the value of the period compared with, after it, is this indicator's)
        return [self._found(ind.id, sign * value, unit, "change", ring.l1, end, ring, "text:change")]

    def _fraction(self, ring: _Ring, a: int, before: list[_Ring] = ()) -> list[Found]:
        fig = ring.fig
        if _SERVICE_NOUN is not None and _SERVICE_NOUN.match(self.idx.folded, fig.end):
            return self._service_fraction(ring, a)
        out = []
        whole = KINDS.fraction_whole.get(fig.noun)
        part = None
        choice = self._choose(ring, {"count"}, a, [(ring.l1, fig.start), (fig.end, ring.r1)], (ring.l1, ring.r1))
        if choice is not None and choice[0].id != whole:
            part = choice[0]
            ring.cue_span = (choice[2], choice[3])
        elif fig.noun in KINDS.fraction_part_default:
            part = BY_ID[KINDS.fraction_part_default[fig.noun]]
        elif before and before[-1].fig.kind == "percent" and before[-1].choice is not None and not before[-1].change \
                and RATE_THEN_BRACKET.fullmatch(self.idx.folded, before[-1].fig.end, fig.start):
            # "đúng hạn đạt 100% (350/350 hồ sơ)": the counts of the rate before it
            count = COUNT_OF_RATE.get(before[-1].choice.id)
            if count is not None and (fig.noun in (None, "unknown") or fig.noun in count.nouns):
                part = count
        if part is None and fig.noun not in (None, "unknown", "other") and ring.r1 < self._sent_end:
            # "56/60 nhiệm vụ được theo dõi, đôn đốc, giám sát … đã hoàn thành": the part's verb after a list of
            # others, before any other figure of the sentence
            digit = _DIGIT.search(self.idx.folded, ring.r1, self._sent_end)
            end = digit.start() if digit else self._sent_end
            later = self._choose(ring, {"count"}, a, [(ring.r1, end)], (ring.l1, end))
            if later is not None and later[0].id != whole and fig.noun in later[0].nouns:
                part = later[0]
        if part is not None:            # the part's own whole first: "có phát sinh hồ sơ là 61/98 dịch vụ"
            whole = KINDS.fraction_whole_of_part.get(part.id) or whole
        elif whole is not None and self.idx.vetoes.get(whole) is not None \
                and self.idx.vetoes[whole].any_within(ring.l1, ring.r1):
            whole = None                 # "320/320 TTHC được triển khai thanh toán trực tuyến": not the total
        if part is not None:
            ring.choice = part
            out.extend(self._emit(ring, part, a, ring.r1, "text:fraction-part", value=fig.value))
        if whole is not None:
            if ring.choice is None:
                ring.choice = BY_ID[whole]
            out.extend(self._emit(ring, BY_ID[whole], a, ring.r1, "text:fraction-whole", value=fig.den))
        return out

    def _service_fraction(self, ring: _Ring, a: int) -> list[Found]:
        """`đã triển khai 40/52 dịch vụ công trực tuyến`: 40 provided; 52 the planned list (a target) after a
        verb of completion, else nothing (`Có 230/230 dịch vụ công ... đủ điều kiện`: the eligible ones)."""
        fig = ring.fig
        choice = self._choose(ring, {"count"}, a, [(ring.l1, fig.start), (fig.end, ring.r1)], (ring.l1, ring.r1))
        part = choice[0] if choice is not None and choice[0].id != "procedures_total" else BY_ID[_SERVICES["part"]]
        veto = self.idx.vetoes.get(part.id)
        if choice is None and veto is not None and veto.any_within(ring.l1, ring.r1):
            return []                    # "12/80 dịch vụ … còn lại được chuyển sang năm 2025": not provided
        ring.choice = part
        out = self._emit(ring, part, a, ring.r1, "text:service-fraction", value=fig.value)
        whole = KINDS.fraction_whole_of_part.get(part.id)
        if out and whole is not None:        # "34/120 dịch vụ công trực tuyến phát sinh hồ sơ": of the 120 online
            return out + self._emit(ring, BY_ID[whole], a, ring.r1, "text:fraction-whole", value=fig.den)
        if out and out[0].kind == "actual" and _SERVICE_DONE is not None \
                and _SERVICE_DONE.search(self.idx.folded, ring.l1, fig.start):
            f = out[0]
            out.append(Found(part.id, fig.den, part.unit, "target", f.start, f.end, "text:service-fraction-list",
                             f.qualifier, f.approximate, f.fig_start, f.fig_end))
        return out
