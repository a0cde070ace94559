"""What the sentence rules saw for each figure: `chiso show --why --verbose FILE`, `chiso explain --verbose`.

For every figure of a sentence (taken or dropped) the rule that answered (and the rules asked before it, in
the order of sentence_rules.RULES), then the words the rules read:
  masks     the spans of its sentence that hold no figure (extract/text/figures.py mask_spans);
  clause    the rings around it: L2 (further left), L1 (its clause to the left), R1 (to the right);
  cues      every cue of indicators.yaml in those rings (and in the line opening its list) with its
            indicator and tier, and why one could not count (unit, context, a part-only cue, a veto);
  vetoes    the veto words of indicators.yaml found in its clause, and whose cues they veto;
  context   the group its clause is about (indicators.yaml contexts: pending, resolved, ...);
  kind      the kind words of kinds.yaml in its clause (target, past result, change, other period ...);
  scope     the phrase of scopes.yaml that gave its scope, and how (its clause, its sentence's opener,
            the line opening its list, its paragraph's opening words), or none: the document's own.
find_indicators fills `saw` only when given a Seen (a list with that dict): the normal run computes nothing.
"""
from __future__ import annotations


class Seen(list):
    """The trace list of find_indicators that also asks for what the rules saw (filled in `saw`)."""

    def __init__(self):
        super().__init__()
        self.saw: dict = {}


_KIND_WORDS = (("strong", "target"), ("weak", "target_weak"), ("negated", "target_negated"),
               ("past", "past_result"), ("up", "change_up"), ("down", "change_down"),
               ("reference", "change_reference"), ("rate_intro", "rate_intro"),
               ("other_period", "other_period"), ("current_period", "current_period"))


def _q(text: str, a: int, b: int, limit: int = 70) -> str:
    from report.show import _safe
    s = _safe(text[a:b]).strip()
    if len(s) > limit:
        s = s[:limit // 2 - 1] + " … " + s[-(limit // 2 - 1):]
    return f"«{s}»"


def _scope_label(sc) -> str:
    from extract.document.scope import NONE, OTHER
    if sc is NONE or sc is None:
        return "the document's own"
    if sc == OTHER:
        return "a body outside every level"
    return " ".join(str(x) for x in (sc.get("level"), sc.get("unit")) if x)


def _cue_phrase(text, scopes, a: int, b: int, sc, before: int):
    """The phrase of [a, b) whose scope is sc, the nearest before `before` (else the first after)."""
    cues = [c for c in scopes.in_range(a, b) if c.scope() == sc]
    pick = [c for c in cues if c.end <= before][-1:] or cues[:1]
    return f" {_q(text, pick[0].start, pick[0].end)} [{pick[0].start}:{pick[0].end}]" if pick else ""


def scope_line(text: str, scopes, fs: int, fe: int, a: int, b: int, starts, head, carried) -> str:
    """The scope of the figure at [fs, fe) and the phrase and step of Scopes.of_figure that gave it."""
    from extract.document import scope as S
    got = scopes.of_figure(fs, fe, a, b, starts, head, None if carried is S.NONE else carried)
    lo, hi = scopes.clause(a, b, fs, fe)
    op = scopes._opener_cue(a, b)
    if op is not None and op.end <= fs:
        how = "its sentence's opener" + _cue_phrase(text, scopes, a, fe, got, fs)
    elif S._nearest(scopes.in_range(lo, hi), fs, fe, lo, starts) is not S.NONE:
        how = "its clause's phrase" + _cue_phrase(text, scopes, lo, hi, got, fs)
    elif scopes.opening(a, lo, starts) is not S.NONE:
        how = "the phrase opening its sentence" + _cue_phrase(text, scopes, a, lo, got, fs)
    elif head is not None and scopes.of_line(*head) is not S.NONE:
        how = f"the line opening its list {_q(text, *head)}" + _cue_phrase(text, scopes, *head, got, head[1])
    elif carried is not S.NONE:
        how = "its paragraph's opening words (an earlier sentence)"
    else:
        how = "no scope phrase"
    return f"scope: {_scope_label(got)} ← {how}"


def _cue_lines(idx, case, head, ctx) -> list[str]:
    from extract.indicators.reading import _context_ok
    ring, fig, text = case.ring, case.ring.fig, idx.text
    regions = [("L1", ring.l1, fig.start), ("R1", max(fig.end, fig.local_end), ring.r1), ("L2", ring.l2, ring.l1)]
    if head is not None:
        regions.append(("list head", *head))
    out = []
    for where, a, b in regions:
        for s, e, (ind, cue) in (idx.cues.within(a, b) if a < b else ()):
            why = []
            if ind.unit not in case.units:
                why.append(f"a {ind.unit} indicator, the figure is a {fig.kind}")
            if not _context_ok(cue.context, ctx):
                why.append(f"wants context {cue.context}")
            if cue.part and not ring.part:
                why.append("counts only for a part of a total")
            veto = idx.vetoes.get(ind.id)
            if veto is not None and any(not (vs >= s and ve <= e) for vs, ve, _ in veto.within(*case.veto_region)):
                why.append("vetoed")
            note = f" ({'; '.join(why)})" if why else ""
            out.append(f"cue {where}: {_q(text, s, e)} [{s}:{e}] {ind.id} tier {ind.tier}{note}")
    return out or ["cues: none in its clause, further left or its list's head"]


def _asked(name: str | None) -> str:
    """The rules of sentence_rules.RULES asked in turn, up to the one that answered."""
    from extract.indicators.sentence_rules import RULES
    names = [fn.name for fn in RULES]
    upto = names[:names.index(name) + 1] if name in names else names
    return "rules asked: " + " → ".join(n.removeprefix("text:") for n in upto)


def seen_lines(doc, saw: dict, only: tuple[int, int] | None = None) -> list[str]:
    """The lines of what the rules saw, one block per figure of every sentence (only: the figures in
    [only[0], only[1]))."""
    from extract.document.scope import NONE
    from extract.text.figures import mask_spans
    from vn.fold import fold
    if not saw:
        return ["\n(nothing seen: no sentence with a figure)"]
    idx, scopes, text = saw["index"], saw["scopes"], doc.text
    sentences = {a: (figs, head, carried) for a, b, figs, head, carried in saw["sentences"]}
    spans = sorted(mask_spans(text, fold(text)) if len(fold(text)) == len(text) else [])
    out = ["\nwhat the rules saw"]
    for case, name, found, head in saw["cases"]:
        ring, fig = case.ring, case.ring.fig
        if only is not None and not (only[0] <= fig.start < only[1]):
            continue
        fs, fe = fig.start, max(fig.end, fig.local_end)
        taken = ", ".join(f"{f.indicator} / {f.kind}" + (f" as {f.rule}" if f.rule != name else "") for f in found)
        answer = f"rule {name}: " + (taken or "no figure") if name else "no rule answered: no figure"
        out.append(f"  {_q(text, fig.start, fig.end)} [{fig.start}:{fig.end}] {fig.kind}"
                   + (f" of {fig.noun}" if fig.noun not in (None, "unknown") else "") + f"  {answer}")
        masks = [f"{_q(text, s, e)} {w if isinstance(w, str) else f'not_figures[{w}]'}"
                 for s, e, w in spans if ring.l2 <= s and e <= ring.r1]
        sub = [_asked(name)] + [f"masks: {'; '.join(masks) if masks else 'none in its clause rings'}",
               f"clause: L2 {_q(text, ring.l2, ring.l1)} L1 {_q(text, ring.l1, fig.start)} "
               f"R1 {_q(text, fe, ring.r1)}"]
        ctx = idx.context_at(case.a, ring.l1, fig, ring.r1)
        sub += _cue_lines(idx, case, head, ctx)
        vetoes = [f"{ind} {_q(text, s, e)}" for ind, hits in sorted(idx.vetoes.items())
                  for s, e, _ in hits.within(*case.veto_region)]
        sub.append(f"vetoes: {'; '.join(vetoes) if vetoes else 'none'}")
        sub.append(f"context: {ctx or 'none'}")
        lo = min(ring.l1, ring.kind_lo if ring.kind_lo is not None else ring.l1)
        kinds = [f"{label} {_q(text, s, e)}" for field, label in _KIND_WORDS
                 for s, e, _ in getattr(idx, field).within(lo, max(ring.r1, fe))]
        sub.append(f"kind words: {'; '.join(kinds) if kinds else 'none'}" + (f" (kind {ring.kind})" if ring.kind else ""))
        if case.choice is not None:
            ind, cue, s, e, _ = case.choice
            sub.append(f"chosen: {ind.id} by {_q(text, s, e)} [{s}:{e}]")
        figs, shead, carried = sentences.get(case.a, ([], head, NONE))
        starts = [f.start for f in figs if not (f.noun == "other" and f.kind != "percent")]
        sub.append(scope_line(text, scopes, fs, fe, case.a, case.b, starts, shead, carried))
        out += [f"      {x}" for x in sub]
    return out
