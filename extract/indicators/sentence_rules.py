"""The sentence rules: an ordered list of small named rules, each asked in turn about one figure of a
sentence (as duckling keeps its `rules`). A rule takes the SentenceRules of the document and the Case
of the figure and answers None (not mine: ask the next) or a list of Found (mine; empty: no figure). A
rule may also leave what it learnt on the Case for the rules after it: the indicator the cues of the
figure's clause propose (`choice`) or the group a list item belongs to (`parent`).

A rule's name is what Mention.rule says of a figure it takes: `text:ranking`, `text:breakdown`, ...; the
rule that takes a figure by its cue names the cue (`text:tiếp nhận`). A rule that only drops or passes on
has a name too. The bodies too long to read inline are methods of RuleBodies (rule_bodies.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from extract.indicators.reading import _FROM_BEFORE, _TO_AFTER, Found, _opens_paren, _Ring
from extract.indicators.reading import (_RATE_NEAR, CHANGE_TO_LEVEL, COMPARED_VALUE, LOOSE, NUMBER_ROW, OWN_VERB, PER_TIME,
                                        RESULT_OF_TARGET, THIS_RATE, UNITS_LISTED_AFTER, UNITS_LISTED_BEFORE,
                                        UNITS_REACHING, WHOLE_OF_PARTS)
from extract.lexicon.catalogue import BY_ID, KINDS


@dataclass
class Case:
    """One figure of a sentence folded[a:b], with the figures before it in the sentence."""
    ring: _Ring
    before: list[_Ring]
    a: int
    b: int
    choice: tuple | None = None      # (indicator, cue, start, end, distance): what the cues proposed
    parent: tuple | None = None      # (indicator, qualifier): the figure this one is a part of
    local: list = field(default_factory=list)
    veto_region: tuple[int, int] = (0, 0)
    units: set = field(default_factory=set)

    def __post_init__(self):
        fig = self.ring.fig
        self.local = [(self.ring.l1, fig.start), (fig.end, self.ring.r1)]
        self.veto_region = (self.ring.l1, self.ring.r1)
        self.units = {"percent"} if fig.kind == "percent" else {"count"}


RULES: list = []


def rule(name: str, parts: tuple[str, ...] = ()):
    """Add the function to RULES, in the order of this module, under `name`; `parts`: the names it gives
    the figures it takes when it takes them in more than one way (a fraction's part and whole)."""
    def add(fn):
        fn.name, fn.parts = name, parts
        RULES.append(fn)
        return fn
    return add


def run(r, ring: _Ring, before: list[_Ring], a: int, b: int) -> list[Found]:
    """The first answer of the rules about one figure."""
    case = Case(ring, before, a, b)
    for fn in RULES:
        out = fn(r, case)
        if out is not None:
            if not out and r.trace is not None:
                choice = ring.choice or (case.choice[0] if case.choice else None)
                r.trace.append((ring.fig, fn.name, choice.id if choice is not None else None))
            if r.seen is not None:           # `--verbose`: what the rules saw (report/trace_seen.py)
                r.seen.append((case, fn.name, out, r._head))
            return out
    if r.seen is not None:
        r.seen.append((case, None, [], r._head))
    return []


# ---------------------------------------------------------------- the rules, in order

@rule("text:other-noun")
def other_noun(r, c: Case):
    """"07 phòng", "06 tháng": counts of something else."""
    fig = c.ring.fig
    return [] if fig.noun == "other" and fig.kind != "percent" else None


@rule("text:number-row")
def number_row(r, c: Case):
    """"Trước hạn Đúng hạn Quá hạn⏎1.245 1.102 1.230 …": a run of three or more numbers with only spaces between is
    a table laid out without rules; its columns are lost, so none of its numbers is a figure of the words before."""
    fig = c.ring.fig
    m = NUMBER_ROW.search(r.idx.folded, max(c.a, fig.start - 60), min(c.b, fig.end + 60))
    while m is not None and m.end() < fig.end:
        m = NUMBER_ROW.search(r.idx.folded, m.end(), min(c.b, fig.end + 60))
    return [] if m is not None and m.start() <= fig.start and fig.end <= m.end() else None


@rule("text:per-time")
def per_time(r, c: Case):
    """"Bình quân mỗi tháng … tiếp nhận 4.500 hồ sơ", "350 hồ sơ mỗi ngày": a count per unit of time near it is an
    average, not the period's count (kinds.yaml per_time)."""
    fig, folded = c.ring.fig, r.idx.folded
    if fig.kind == "percent" or PER_TIME is None:
        return None
    lo = max(c.a, folded.rfind(";", c.a, fig.start) + 1, fig.start - 80)     # not past a ";": another statement
    near = PER_TIME.search(folded, lo, fig.start) or \
        PER_TIME.search(folded, fig.end, min(c.ring.r1, max(fig.end, fig.local_end) + 30))
    return [] if near else None


@rule("text:bare-count")
def bare_count(r, c: Case):
    """"bổ nhiệm 01⏎Phó Giám đốc": a bare number needs "là", ":" or its cue."""
    fig = c.ring.fig
    return [] if fig.kind == "count" and fig.noun in (None, "unknown") and not r._introduced(c.ring) else None


@rule("text:bracket-noun")
def bracket_noun(r, c: Case):
    """"1.450 hồ sơ (trực tuyến 900; trực tiếp 550)": the bracket's numbers count what the figure before
    does (a hint for the rules after; never an answer)."""
    ring, fig = c.ring, c.ring.fig
    if fig.noun in (None, "unknown"):
        prev = next((x for x in reversed(c.before) if not x.change), None)
        if prev is not None and _opens_paren(r.idx.folded, prev.fig.end, fig.start):
            hint = prev.fig.noun
            if hint in (None, "unknown"):      # "Số hồ sơ mới tiếp nhận: 1.450 (...)": named before it
                hint = r._head_noun(max(c.a, prev.l1), prev.fig.start)
            if hint not in (None, "unknown", "other"):
                ring.noun_hint = hint
    return None


@rule("text:from-value")
def from_value(r, c: Case):
    """"giảm từ 6,40% xuống còn 1,15%": the first is an earlier value, the second the result."""
    fig, folded = c.ring.fig, r.idx.folded
    if _FROM_BEFORE.search(folded, max(c.a, fig.start - 12), fig.start) and \
            _TO_AFTER.match(folded, max(fig.end, fig.local_end)):
        return []
    return None


@rule("text:change")
def change(r, c: Case):
    """A change against an earlier period: "tăng 20,73% so với ...", "giảm 02 thủ tục so với ..."."""
    ring, fig, before, a, b, idx = c.ring, c.ring.fig, c.before, c.a, c.b, r.idx
    r._compared = None
    sign = None if r._from_to_result(fig, a) else r._change_sign(fig, a)
    if sign is None and before and r._from_to_result(fig, a):
        ring.kind_lo = before[-1].l1     # "số dịch vụ cần triển khai đã giảm từ 110 … còn 84": a target
    if sign is None and r._compared == "other":
        return []                        # "cao hơn cấp huyện 2,1%": a comparison with another level
    if sign is None:
        return None
    if not (r._compared == "period" or idx.reference.any_within(fig.end, min(b, fig.local_end + 80))
            or idx.reference.any_within(a, fig.start)):    # "So với năm 2022, ... tăng 3.215 hồ sơ"
        if CHANGE_TO_LEVEL is not None and CHANGE_TO_LEVEL.search(idx.folded, max(a, fig.start - 30), fig.start):
            return None                  # "tỷ lệ trễ hạn giảm xuống còn 0,8%": the new level, read as a result
        return []                        # "giảm 1,5%/năm" without a reference: not a change we can place
    ring.change = True
    return r._change(ring, before, sign, a)


@rule("text:units-reaching")
def units_reaching(r, c: Case):
    """"Có 15/18 sở, ngành đạt tỷ lệ … 100%": a rate that units counted before it reach is a bar (kinds.yaml)."""
    fig, folded = c.ring.fig, r.idx.folded
    if fig.kind != "percent" or UNITS_REACHING is None:
        return None
    if UNITS_REACHING.search(folded, c.a, fig.start):
        return []
    if UNITS_LISTED_BEFORE is not None and UNITS_LISTED_AFTER.match(folded, fig.end) \
            and UNITS_LISTED_BEFORE.search(folded, c.a, fig.start):
        return []                        # "Các sở có tỷ lệ … đạt 100% gồm: Sở Tư pháp, …"
    return None


@rule("text:fraction", parts=("text:fraction-part", "text:fraction-whole", "text:service-fraction",
                               "text:service-fraction-list"))
def fraction(r, c: Case):
    """`980/1.000 hồ sơ`: its part and its whole (RuleBodies._fraction)."""
    return r._fraction(c.ring, c.a, c.before) if c.ring.fig.kind == "fraction" else None


@rule("text:target-aside")
def target_aside(r, c: Case):
    """"đạt 96,8% (chỉ tiêu: tối thiểu 98%)": the target of the actual right before it."""
    return r._measured_against(c.ring, c.before)


@rule("text:rate-after-count")
def rate_after_count(r, c: Case):
    """A rate right after a count is that count's rate ("325 hồ sơ (đạt tỷ lệ 100%)"), unless its own
    clause names a rate of what it counts; that rate is the choice for the rules after."""
    ring, fig, before, a = c.ring, c.ring.fig, c.before, c.a
    if fig.kind != "percent":
        return None
    own = r._choose(ring, c.units, a, [(ring.l1, fig.start)], c.veto_region)
    app = r._apposition(ring, before)
    if own is not None and app is not None and not (own[0].nouns & app.nouns) \
            and not (r._names_noun(ring.l1, fig.start, own[0].nouns) and not r._aside(ring, before)):
        own = None                   # "325 hồ sơ (đạt tỷ lệ dịch vụ công trực tuyến 100%)": the count's rate
    if own is not None:
        c.choice = own
    elif app is not None:
        ring.choice, ring.cue_span = app, None
        return r._emit(ring, app, a, c.b, "text:rate-after-count")
    return None


@rule("text:cue-in-clause")
def cue_in_clause(r, c: Case):
    """The cues of the figure's own clause, left and right (the choice; never an answer)."""
    if c.choice is None:
        c.choice = r._choose(c.ring, c.units, c.a, c.local, c.veto_region)
    return None


@rule("text:whole-of-parts")
def whole_of_parts(r, c: Case):
    """`xử lý tổng số 2.340 hồ sơ (gồm 410 hồ sơ chuyển tiếp và 1.930 hồ sơ nộp mới)`: a count the text
    does not name, or names only loosely (kinds.yaml whole_of_parts `loose`), whose parts right after it are
    the carried-over and the new dossiers, is the dossiers received (kinds.yaml whole_of_parts)."""
    ring, fig = c.ring, c.ring.fig
    if fig.kind != "count" or not WHOLE_OF_PARTS:
        return None
    if c.choice is not None and not (LOOSE is not None and LOOSE.fullmatch(r.idx.folded, c.choice[2], c.choice[3])):
        return None
    whole = r._whole_of_parts(ring, c.b)
    if whole is None:
        return None
    ring.choice, ring.cue_span = whole, None
    return r._emit(ring, whole, c.a, c.b, "text:whole-of-parts")


@rule("text:whole-of-part")
def whole_of_part(r, c: Case):
    """`35 nhiệm vụ đã hoàn thành trong tổng số 40 nhiệm vụ`: the count after `trên/trong tổng số` is the
    whole of the part just before it."""
    ring, fig = c.ring, c.ring.fig
    if c.choice is None and fig.kind == "count":
        whole = r._whole_of(ring, c.before)
        if whole is not None:
            ring.choice, ring.cue_span = whole, None
            return r._emit(ring, whole, c.a, c.b, "text:whole-of-part")
    return None


@rule("text:from-to-list")
def from_to(r, c: Case):
    """"Tỷ lệ trễ hạn giảm từ 6,40% xuống còn 1,15%": X's clause names Y; "huyện A giảm ... từ 8% xuống 2%;
    huyện B từ 5% xuống 1%": a later item of the list takes the list's indicator."""
    ring, fig, before, a = c.ring, c.ring.fig, c.before, c.a
    if c.choice is not None or not before or not r._from_to_result(fig, a):
        return None
    x = before[-1]
    c.choice = r._choose(ring, c.units, a, [(x.l1, x.fig.start)], (x.l1, ring.r1))
    if c.choice is None:
        prev = next((p for p in reversed(before[:-1]) if p.choice is not None and not p.change
                     and p.fig.kind == fig.kind and r._from_to_result(p.fig, a)), None)
        if prev is not None:
            ring.choice, ring.cue_span = prev.choice, None
            return r._emit(ring, prev.choice, a, c.b, "text:from-to-list")
    return None


@rule("text:cue-before-clause")
def cue_before_clause(r, c: Case):
    """The cues further left in the sentence (the choice; never an answer)."""
    ring, fig = c.ring, c.ring.fig
    own_verb = OWN_VERB is not None and OWN_VERB.match(r.idx.folded, ring.l1)    # "…, đã cập nhật 91.103 hồ sơ"
    if c.choice is None and ring.l2 < ring.l1 and not own_verb:
        c.choice = r._choose(ring, c.units, c.a, [(ring.l2, ring.l1)], (ring.l2, ring.r1))
        if c.choice is not None and _opens_paren(r.idx.folded, c.choice[3], fig.start):
            c.choice = None                # "chữ ký số (46 chứng thư số và 7 sim PKI)": an aside, not the figure
    return None


@rule("text:list-head")
def list_head(r, c: Case):
    """"- Tổng số: 1.250 hồ sơ" under "a) Kết quả tiếp nhận hồ sơ:": the line opening the list names it."""
    ring, fig, a = c.ring, c.ring.fig, c.a
    if c.choice is None and not c.before and r._total_item(fig):
        named = r._choose(ring, c.units, a, [r._head], r._head)
        if named is not None and not r._other_period(a, fig):
            ring.choice, ring.cue_span = named[0], None
            return r._emit(ring, named[0], a, c.b, f"text:list-head:{named[1].text}")
    return None


@rule("text:ranking")
def ranking(r, c: Case):
    """"đứng sau Cần Thơ (81,02%)", "Sở Tư pháp (1.204 hồ sơ)": a ranking's figure takes its list's indicator."""
    ring, fig = c.ring, c.ring.fig
    if c.choice is None and fig.kind in ("percent", "count"):
        ranked = r._ranking(ring, c.before) if fig.kind == "percent" else r._count_ranking(ring, c.before)
        if ranked is not None:
            ring.choice, ring.cue_span = ranked, None
            return r._emit(ring, ranked, c.a, c.b, "text:ranking")
    return None


@rule("text:this-rate")
def this_rate(r, c: Case):
    """"Năm 2025, phấn đấu tỷ lệ này đạt 60%": a rate named by pointing back (`tỷ lệ này`, kinds.yaml this_rate)
    is the rate named last before it, in its sentence or the one before."""
    ring, fig = c.ring, c.ring.fig
    if c.choice is not None or fig.kind != "percent" or THIS_RATE is None \
            or not THIS_RATE.search(r.idx.folded, ring.l1, fig.start):
        return None
    earlier = next((b.choice for b in reversed(c.before) if b.choice is not None and b.fig.kind == "percent"
                    and not b.change), None)
    if earlier is None and r._last_rate is not None and 0 <= fig.start - r._last_rate[0] <= _RATE_NEAR:
        earlier = r._last_rate[1]
    if earlier is None:
        return []
    ring.choice, ring.cue_span = earlier, None
    return r._emit(ring, earlier, c.a, c.b, "text:this-rate")


@rule("text:compared-value")
def compared_value(r, c: Case):
    """"tăng 2.000 hồ sơ so với năm 2023 (10.000 hồ sơ)": the value of the period a change is compared with is an
    actual of the change's indicator (its period: figure_period.py)."""
    ring, fig = c.ring, c.ring.fig
    prev = c.before[-1] if c.before else None
    if c.choice is not None or COMPARED_VALUE is None or prev is None or not prev.change or prev.choice is None \
            or (prev.choice.unit == "percent") != (fig.kind == "percent") \
            or not COMPARED_VALUE.fullmatch(r.idx.folded, max(prev.fig.local_end, prev.fig.end), fig.start):
        return None
    ring.choice, ring.cue_span = prev.choice, None    # (figure_period.py leaves it out when it cannot place it)
    return r._emit(ring, prev.choice, c.a, c.b, "text:compared-value", kind="actual")


@rule("text:result-of-target")
def result_of_target(r, c: Case):
    """"Chỉ tiêu … là 50%, kết quả thực hiện đạt 56,2%": the result stated after a target of its sentence, with no
    indicator of its own, is an actual of the target's indicator (kinds.yaml result_of_target)."""
    ring, fig = c.ring, c.ring.fig
    if c.choice is not None or RESULT_OF_TARGET is None \
            or not RESULT_OF_TARGET.search(r.idx.folded, ring.l1, fig.start):
        return None
    prev = next((b for b in reversed(c.before) if b.choice is not None and b.kind == "target" and not b.change
                 and (b.fig.kind == "percent") == (fig.kind == "percent")), None)
    if prev is None:
        return None
    ring.choice, ring.cue_span = prev.choice, None
    return r._emit(ring, prev.choice, c.a, c.b, "text:result-of-target", kind="actual")


@rule("text:noun-default")
def noun_default(r, c: Case):
    """A count no cue names, of a noun with a default indicator (kinds.yaml count_default), unless it is a
    part of the figure before (the breakdown rule's, found here and left on the Case)."""
    ring, fig, a = c.ring, c.ring.fig, c.a
    if c.choice is not None:
        return None
    c.parent = r._breakdown_of(ring, c.before)
    if c.parent is None and fig.kind == "count" and fig.noun in KINDS.count_default \
            and (not _opens_paren(r.idx.folded, a, fig.start) or r._parts_in_brackets(ring, c.before)):
        ind = BY_ID[KINDS.count_default[fig.noun]]
        ring.choice, ring.cue_span = ind, None
        return [] if r._other_period(a, fig) else r._emit(ring, ind, a, c.b, "text:noun-default")
    return None


@rule("text:breakdown")
def breakdown(r, c: Case):
    """`..., trong đó cấp huyện 1.500 hồ sơ`, a list item under `trong đó:`, the parts of a count in brackets
    after it: the indicator of the figure they are a part of; with no cue and no such figure, nothing."""
    ring, fig, a, before = c.ring, c.ring.fig, c.a, c.before
    if c.choice is not None:
        return None
    parent = c.parent
    if parent is None and fig.kind == "count":
        # "5.854 hồ sơ (4.679 hồ sơ khai sinh và 1.175 hồ sơ khai tử)": parts of the count before
        up = r._bracket_parent(ring, before)
        if up is not None:
            parent = (up.choice, None)
    if parent is None:
        return []
    ring.choice, ring.cue_span = parent[0], None
    if r._other_period(a, fig):
        return []
    prev = next((x for x in reversed(before) if not x.change), None)
    return r._emit(ring, parent[0], a, c.b, "text:breakdown", qualifier=parent[1],
                   kind="target" if prev is not None and prev.kind == "target" else None)


@rule("text:cue")
def cue(r, c: Case):
    """The indicator the cues proposed (the rule names the cue: `text:tiếp nhận`), and those its cue
    states too (`also`), unless the figure is another period's."""
    ring, fig, a, b = c.ring, c.ring.fig, c.a, c.b
    ind, cue_, s, e, _ = c.choice
    if ind.id not in KINDS.other_period_ok and r._other_period(a, fig):
        ring.choice = ind
        return []
    ring.choice, ring.cue_span = ind, (s, e)
    found = r._emit(ring, ind, a, b, f"text:{cue_.text}")
    also = cue_.also if r._context_is_local(ring, cue_.context or cue_.also_when) and not (
        cue_.also_unless is not None and cue_.also_unless.search(r.idx.folded, a, b)) else ()
    for extra in also:
        found.extend(r._emit(ring, BY_ID[extra], a, b, f"text:{cue_.text}"))
    return found
