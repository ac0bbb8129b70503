"""Error localisation: which one cell, changed to which value, explains several failures.

One wrong cell usually breaks several rules: a copied kegiatan realisation breaks its own
children-sum and its program's children-sum. Following Fellegi–Holt error localisation and
Statistics Netherlands' `deductive` (see the research notes), restricted to one changed cell
per error and done with the rules' own printed-precision intervals:

1. Failing outcomes that share cells form a component.
2. Every cell of a component is a candidate. For each candidate, each failing constraint
   containing it implies an interval of values (`Constraint.solve`); the candidate
   *explains* the largest set of those constraints whose intervals meet.
3. A candidate value must not break a rule that passes today — except a rule that derives
   a value (a percentage) from the candidate: that derived cell is listed for recomputing.
4. Greedy cover: the candidate explaining the most remaining failures is *located*. When
   several explain the same number and exactly one of them matches a known slip (a digit
   typo, a ×100, a copied row: see diagnose.py), that one is located; otherwise the
   failures they explain are *ambiguous* and every alternative is reported — never one
   picked at random.

A located error becomes one finding on the wrong cell, with the failures it explains as
related cells, instead of a pile of symptoms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from auditor.arith import Interval, Rounding, as_printed, common, minus, plus
from auditor.checks.cells import AuditContext
from auditor.constraints import CellKey, Term, key_of
from auditor.findings import Alternative, Diagnosis, Outcome
from auditor.model import CellRef

MAX_VALUES = 400  # printed values enumerated inside an implied interval


@dataclass
class Candidate:
    term: Term
    value: Interval  # the values that explain `explains`
    explains: list[Outcome]
    recompute: list[CellRef] = field(default_factory=list)

    @property
    def key(self) -> CellKey:
        return self.term.key


def _candidate(
    key: CellKey,
    failing: list[Outcome],
    passing_by_cell: dict[CellKey, list[Outcome]],
    optional: list[Outcome],
) -> Candidate | None:
    solved = []
    for outcome in failing:
        assert outcome.constraint is not None
        interval = outcome.constraint.solve(key)
        if interval is None:
            return None  # a failure this cell cannot fix on its own
        solved.append(interval)
    value = common(solved)
    if value is None:
        return None  # no one value fixes every failing rule the cell is in
    explains = list(failing)
    # Failures their own check judged ambiguous: explained too when the same value fixes them.
    for outcome in optional:
        implied = outcome.constraint.solve(key)  # type: ignore[union-attr]
        narrower = common([value, implied]) if implied is not None else None
        if narrower is not None:
            value = narrower
            explains.append(outcome)
    term = explains[0].constraint.term(key)  # type: ignore[union-attr]
    assert term is not None
    recompute: list[CellRef] = []
    for outcome in passing_by_cell.get(key, []):
        constraint = outcome.constraint
        assert constraint is not None
        if constraint.holds({key: value}):
            continue
        derived_from_candidate = constraint.derived and constraint.terms[0].key != key
        if not derived_from_candidate:
            return None  # the correction would contradict a rule that holds today
        recompute.append(constraint.terms[0].cell)
    return Candidate(term, value, explains, recompute)


def is_derived(candidate: Candidate) -> bool:
    """The candidate is the computed value (a percentage) of one of the rules it explains."""
    return any(
        o.constraint is not None
        and o.constraint.derived
        and o.constraint.terms[0].key == candidate.key
        for o in candidate.explains
    )


def _prefer(tied: list[Candidate], is_known_slip: Callable[[Candidate], bool]) -> list[Candidate]:
    """Among equally good candidates, the only one with a known slip; among several with
    one, the only derived value (a percentage inconsistent with the figures it is computed
    from is more often miscalculated than a source figure mistyped and never propagated).
    A cell whose printed value a passing percentage was computed from is vouched for by
    it: the candidates that need no percentage recomputed are weighed first."""
    vouched = [c for c in tied if not c.recompute]
    if vouched and len(vouched) < len(tied):
        tied = vouched
        if len(tied) == 1:
            return tied
    slips = [c for c in tied if is_known_slip(c)]
    if len(slips) == 1:
        return slips
    derived = [c for c in slips if is_derived(c)]
    return derived if len(derived) == 1 else tied


def _components(failing: list[Outcome]) -> list[list[Outcome]]:
    parent = list(range(len(failing)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[CellKey, int] = {}
    for i, outcome in enumerate(failing):
        assert outcome.constraint is not None
        for key in outcome.constraint.cell_keys():
            if key in owner:
                parent[find(i)] = find(owner[key])
            else:
                owner[key] = i
    groups: dict[int, list[Outcome]] = defaultdict(list)
    for i, outcome in enumerate(failing):
        groups[find(i)].append(outcome)
    return list(groups.values())


@dataclass
class Localisation:
    located: list[Candidate]
    ambiguous: dict[int, list[Candidate]]  # id(outcome) -> the alternatives that explain it


def _settle(
    best: list[Candidate],
    remaining: list[Outcome],
    is_known_slip: Callable[[Candidate], bool],
    result: Localisation,
    located: set[int],
) -> set[int]:
    """Decide the failures the best candidates explain; return their ids.

    A failure only one of them explains is located there; one several explain is located
    on the candidate `_prefer` singles out, else it is ambiguous between them.
    """
    explained_by: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in best:
        for outcome in candidate.explains:
            explained_by[id(outcome)].append(candidate)
    settled: set[int] = set()
    for outcome in remaining:
        explainers = explained_by.get(id(outcome))
        if not explainers:
            continue
        chosen = _prefer(explainers, is_known_slip) if len(explainers) > 1 else explainers
        if len(chosen) == 1:
            if id(chosen[0]) not in located:
                located.add(id(chosen[0]))
                result.located.append(chosen[0])
        else:
            result.ambiguous[id(outcome)] = chosen
        settled.add(id(outcome))
    return settled


def _remembered(is_known_slip: Callable[[Candidate], bool]) -> Callable[[Candidate], bool]:
    """`is_known_slip` asked once per candidate (a diagnosis reads the candidate's column)."""
    known: dict[int, bool] = {}

    def remembered(candidate: Candidate) -> bool:
        if id(candidate) not in known:
            known[id(candidate)] = is_known_slip(candidate)
        return known[id(candidate)]

    return remembered


def _candidate_for(
    key: CellKey, failing: list[Outcome], passing_by_cell: dict[CellKey, list[Outcome]]
) -> Candidate | None:
    """The cell's candidate: the failures it must fix, and those its check left ambiguous
    that the same value fixes as well."""
    definite = [o for o in failing if o.status != "ambiguous"]
    if not definite:
        return _candidate(key, failing, passing_by_cell, [])
    optional = [o for o in failing if o.status == "ambiguous"]
    return _candidate(key, definite, passing_by_cell, optional)


def _locate(
    component: list[Outcome],
    passing: dict[CellKey, list[Outcome]],
    is_known_slip: Callable[[Candidate], bool],
    result: Localisation,
) -> None:
    """The greedy cover of one component: the candidates explaining the most failures that
    are still open, settled round by round.

    A cell's candidate depends only on the component's failures and the passing rules, so
    each is worked out once; a candidate drops out for good once a failure it explains is
    settled (it no longer explains only open ones), so each round looks only at the
    candidates still in, longest explanations first.
    """
    containing: dict[CellKey, list[Outcome]] = {}
    for outcome in component:
        for key in dict.fromkeys(outcome.constraint.cell_keys()):  # type: ignore[union-attr]
            containing.setdefault(key, []).append(outcome)
    candidates = [
        c for key, failing in containing.items() if (c := _candidate_for(key, failing, passing))
    ]
    # Longest explanations first; among equals, cells in the order they appear.
    by_length: dict[int, list[Candidate]] = defaultdict(list)
    explaining: dict[int, list[int]] = defaultdict(list)  # id(outcome) -> candidate ids
    for candidate in candidates:
        by_length[len(candidate.explains)].append(candidate)
        for outcome in candidate.explains:
            explaining[id(outcome)].append(id(candidate))
    lengths = sorted(by_length, reverse=True)
    is_known_slip = _remembered(is_known_slip)  # the candidates live as long as this call
    out: set[int] = set()  # ids of candidates that explain a settled failure
    located: set[int] = set()
    remaining = list(component)
    while remaining:
        best: list[Candidate] = []
        while lengths and not best:
            bucket = by_length[lengths[0]] = [c for c in by_length[lengths[0]] if id(c) not in out]
            if bucket:
                best = bucket
            else:
                lengths.pop(0)
        if not best:
            break
        settled = _settle(best, remaining, is_known_slip, result, located)
        remaining = [o for o in remaining if id(o) not in settled]
        out.update(c for o in settled for c in explaining.get(o, ()))


def localise(
    outcomes: list[Outcome], is_known_slip: Callable[[Candidate], bool] = lambda c: False
) -> Localisation:
    # Tables only: a sentence of the prose is reported as it stands, and one sentence is too
    # weak to declare a table cell wrong (or right).
    constrained = [
        o
        for o in outcomes
        if o.constraint is not None and all(k[0] >= 0 for k in o.constraint.cell_keys())
    ]
    # A failure its own check already judged ambiguous (a tie between two tables, a majority
    # that repeats last year's figure) is left as the check reported it, unless one cell
    # explains it together with failures of other rules (the realisation of a tie that also
    # breaks its own row's achievement is the wrong one).
    failing = [o for o in constrained if not o.passed]
    passing_by_cell: dict[CellKey, list[Outcome]] = defaultdict(list)
    for outcome in constrained:
        if outcome.passed:
            for key in outcome.constraint.cell_keys():  # type: ignore[union-attr]
                passing_by_cell[key].append(outcome)
    result = Localisation([], {})
    for component in _components(failing):
        if any(o.status != "ambiguous" for o in component):
            _locate(component, passing_by_cell, is_known_slip, result)
    undecided = {id(o) for o in failing if o.status == "ambiguous"}
    result.located = [c for c in result.located if {id(o) for o in c.explains} - undecided]
    for key in undecided:
        result.ambiguous.pop(key, None)
    return result


def printed_values(candidate: Candidate, rounding: Rounding) -> list[Decimal]:
    """The values, printed at the cell's precision, whose true value the interval allows."""
    decimals = candidate.term.number.decimals
    if candidate.term.interval.lo == candidate.term.interval.hi:  # exact cell: exact values
        rounding = "round"
    conventions: tuple[Rounding, ...] = (
        ("round", "truncate") if rounding == "either" else (rounding,)
    )
    step = Decimal(1).scaleb(-decimals)
    first = min(as_printed(candidate.value.lo, decimals, r) for r in conventions)
    last = max(as_printed(candidate.value.hi, decimals, r) for r in conventions)
    if minus(last, first) / step > MAX_VALUES:
        return []
    values, value = [], first
    while value <= last:
        values.append(value)
        value = plus(value, step)
    return values


def apply_localisation(
    findings: list[Outcome],
    localisation: Localisation,
    ctx: AuditContext,
    diagnose: Callable[[Candidate, AuditContext], Diagnosis | None],
) -> list[Outcome]:
    """Findings after localisation: one per located error, ambiguous ones marked."""
    absorbed = {id(o) for c in localisation.located for o in c.explains}
    out = []
    for outcome in findings:
        if id(outcome) in absorbed:
            continue
        alternatives = localisation.ambiguous.get(id(outcome))
        if alternatives:
            outcome = replace(
                outcome,
                status="ambiguous",
                alternatives=tuple(_alternative(c, ctx) for c in alternatives),
            )
        out.append(outcome)
    for candidate in localisation.located:
        out.append(_located_finding(candidate, ctx, diagnose(candidate, ctx)))
    return sorted(out, key=Outcome.sort_key)


def _printed(candidate: Candidate, ctx: AuditContext) -> str:
    """The suggested value as the report would print it (its rounding, its decimals)."""
    decimals = candidate.term.number.decimals
    rounding = "round" if ctx.rounding == "either" else ctx.rounding
    return ctx.fmt(as_printed(candidate.value.mid, decimals, rounding), decimals)


def own_expected(candidate: Candidate) -> str | None:
    """What a rule about this very cell computed from the printed inputs, if any."""
    return next(
        (
            o.expected
            for o in candidate.explains
            if o.expected and key_of(o.subject) == candidate.key
        ),
        None,
    )


def _alternative(candidate: Candidate, ctx: AuditContext) -> Alternative:
    suggested = own_expected(candidate) or _printed(candidate, ctx)
    return Alternative(
        candidate.term.cell, candidate.term.number.raw.strip(), suggested, candidate.value
    )


def _located_finding(
    candidate: Candidate, ctx: AuditContext, diagnosis: Diagnosis | None
) -> Outcome:
    # The primary outcome: the one about the wrong cell itself, else the first explained.
    primary = next(
        (o for o in candidate.explains if key_of(o.subject) == candidate.key),
        candidate.explains[0],
    )
    others = [
        cell
        for o in candidate.explains
        for cell in (o.subject, *o.related)
        if key_of(cell) != candidate.key
    ]
    related = tuple(dict.fromkeys([*others, *candidate.recompute]))
    # A named slip pins the value down (0,75 typed for 75,00); otherwise the middle of the
    # implied interval, printed the report's way.
    suggested = (
        diagnosis.suggested if diagnosis else own_expected(candidate) or _printed(candidate, ctx)
    )
    return replace(
        primary,
        subject=candidate.term.cell,
        related=related,
        reported=candidate.term.number.raw.strip(),
        expected=suggested,
        interval=candidate.value,
        status="located",
        explains=tuple(dict.fromkeys(o.rule.code for o in candidate.explains)),
        recompute=tuple(candidate.recompute),
        params={**primary.params, "explained": str(len(candidate.explains))},
        via_subject=key_of(primary.subject) == candidate.key,
        diagnosis=diagnosis,
    )
