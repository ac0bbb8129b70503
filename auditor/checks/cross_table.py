"""Cross-table equality: the same indicator, program or sasaran has the same value everywhere.

An LKjIP repeats its figures: a target set in the performance agreement (PK) reappears in
the achievement and efficiency tables, one year's realisation in the achievement, multi-year
and end-of-Renstra tables, a program budget in the program list, the budget-realisation
table and the PK attachment. Rows are matched across tables by their normalised name keys
(`<name>__key`): the exact key first, then a strict similarity (see `similarity`), and one
row is never matched to two rows of another table. Values are compared as printed intervals
(`%` or no unit is the same number); an ambiguous separator agrees if any reading does.

Three ways to decide which value is right, chosen by the rule:

- reference (default): cells of the `reference` kinds (first kind in the list that has the
  row) are authoritative, e.g. the signed PK for targets; every other cell is a subject.
  Two reference tables that disagree (a PK in the body, another in the appendix): the one
  the other tables follow is the reference and the other one a finding.
- majority: the value most cells agree on; `reference` kinds only break a tie. The finding
  is marked ambiguous on a tie, or when the majority repeats the same row's value for an
  earlier year (a stale copy of last year's figure is then as likely as a typo).
- sum (`groups` set): a subject row equals the sum of the `reference` rows that a grouping
  table places under it, e.g. a sasaran's budget = the budgets of the programs the program
  performance table lists under that sasaran.

Year-suffixed columns (`realisasi_2021`, `realisasi_2023`) resolve to the report year: the
year of the achievement tables' target column, else the most frequent year in captions.

Money is compared in whole Rupiah: a cell of a table in a stated unit (Rp 000, juta) stands
for every amount that rounds or truncates to it (recognise/units.py). Two rows are not
judged when they would agree only if a table that states no unit were in thousands,
millions or billions, nor when their rows state clashing units (per 1.000 and per 100.000
penduduk): a guess about a unit is never an error (LKJ705 and LKJ406 report those).

Each outcome carries its constraint: subject − reference = 0, or subject − Σ members = 0.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from auditor.arith import (
    Interval,
    Rounding,
    exact_sum,
    minus,
    plus,
    sum_intervals,
)
from auditor.checks import CheckKind
from auditor.checks.cells import (
    AuditContext,
    amount_interval,
    exponent,
    is_exact,
    number,
    ref,
    report_year,
    resolve_column,
    stated_unit,
    unit_unstated,
    year_columns,
)
from auditor.constraints import ONE, Constraint, Term
from auditor.findings import Outcome
from auditor.numbers import ParsedNumber
from auditor.recognise.names import pair
from auditor.recognise.units import GUESSED_EXPONENTS, factor, with_unit
from auditor.schema.params import CrossTableParams

if TYPE_CHECKING:
    from auditor.model import CellRef
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule


SKIPPED_ROLES = frozenset({"section", "total", "mean", "blank"})


# --- rows and columns --------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # identity: two rows may print the same
class Entry:
    """One row of one table taking part in a comparison. Its cell, reference and
    intervals are worked out once: an entity that appears in many tables compares each of
    its rows with the others."""

    ordinal: int
    dataset: Dataset
    i: int  # 0-based frame row
    column: str | None  # resolved value column (None for grouping rows)
    key: str
    name: str

    @property
    def kind(self) -> str | None:
        return self.dataset.kind

    @cached_property
    def cell(self) -> ParsedNumber | None:
        return number(self.dataset, self.i, self.column) if self.column else None

    def ref(self) -> CellRef:
        return self._ref

    @cached_property
    def _ref(self) -> CellRef:
        return ref(self.ordinal, self.dataset, self.i, self.column)

    def intervals(self, rounding: Rounding) -> list[Interval]:
        return list(self._intervals(rounding))

    def _intervals(self, rounding: Rounding) -> tuple[Interval, ...]:
        cache: dict[Rounding, tuple[Interval, ...]] = self.__dict__.setdefault("_by_rounding", {})
        if rounding not in cache:
            cell = self.cell
            exact = cell is not None and is_exact(self.dataset, self.column or "")
            scale = self.exponent
            cache[rounding] = tuple(
                amount_interval(r.value, r.decimals, scale, exact, rounding)
                for r in (cell.readings if cell is not None else ())
            )
        return cache[rounding]

    @cached_property
    def exponent(self) -> int:
        """The cell's money unit (3: Rp 000): its intervals are in whole Rupiah."""
        return exponent(self.dataset, self.column or "") or 0

    @property
    def factor(self) -> Decimal:
        return factor(self.exponent)

    def shown(self) -> str:
        """The cell as printed, with its unit when not whole Rupiah."""
        assert self.cell is not None
        return with_unit(self.cell.raw.strip(), self.exponent)

    def printed(self, rounding: Rounding) -> tuple[tuple[Interval, ...], ...]:
        """What `agree` looks at: the intervals under each convention `rounding` allows.
        Rows that print the same value have the same, and agree with the same rows."""
        return tuple(self._intervals(c) for c in conventions(rounding))


def _name_column(dataset: Dataset, names: list[str]) -> str | None:
    return next((n for n in names if dataset.has_field(f"{n}__key")), None)


def entries(
    ordinal: int,
    dataset: Dataset,
    column: str | None,
    names: list[str],
    levels: list[str],
) -> list[Entry]:
    """The named rows of a table (no totals or section headings), optionally by level."""
    name = _name_column(dataset, names)
    if name is None:
        return []
    leveled = bool(levels) and bool(dataset.profile and dataset.profile.levels)
    return [
        Entry(ordinal, dataset, i, column, row[f"{name}__key"], str(row[name]))
        for i, row in enumerate(dataset.records)
        if row[f"{name}__key"]
        and row["role"] not in SKIPPED_ROLES
        and not (leveled and row["level"] not in levels)
    ]


def _tables(rule: Rule, ctx: AuditContext, kinds: Sequence[str]) -> list[list[Entry]]:
    p = KIND.params_of(rule)
    year = report_year(ctx)
    tables = []
    for ordinal, dataset in ctx.datasets(tuple(kinds)):
        column = resolve_column(dataset, p.column, year)
        if column is not None:
            tables.append(entries(ordinal, dataset, column, p.names, p.levels))
    return tables


# --- equality ----------------------------------------------------------------------------


def overlaps(x: Interval, y: Interval) -> bool:
    """Whether two printed values can stand for the same true value.

    A printed interval is half-open (truncated 65 is [65, 66), rounded 65 is [64,5; 65,5)),
    so two intervals that only touch, like those of "65" and "66", do not agree. An exact
    value (a point) is tested inclusively, which can only err towards agreement.
    """
    if x.lo == x.hi or y.lo == y.hi:
        return x.intersects(y)
    return x.lo < y.hi and y.lo < x.hi


def conventions(rounding: Rounding) -> tuple[Rounding, ...]:
    """One document follows one convention: "either" means one of them, not their union.

    The union would let a truncated 65 and a rounded 66 both stand for 65,7.
    """
    return ("round", "truncate") if rounding == "either" else (rounding,)


Printed = tuple[tuple[Interval, ...], ...]  # Entry.printed


def agree(a: Entry, b: Entry, rounding: Rounding) -> bool:
    return _agree(a.printed(rounding), b.printed(rounding))


def _agree(a: Printed, b: Printed) -> bool:
    return any(overlaps(x, y) for xs, ys in zip(a, b, strict=True) for x in xs for y in ys)


class Agreement:
    """`agree` among the rows of one entity, worked out once per pair of distinct printed
    values: an entity in many tables has many rows but few values."""

    def __init__(self, rounding: Rounding) -> None:
        self.rounding = rounding
        self.known: dict[tuple[Printed, Printed], bool] = {}

    def __call__(self, a: Entry, b: Entry) -> bool:
        pair = (a.printed(self.rounding), b.printed(self.rounding))
        verdict = self.known.get(pair)
        if verdict is None:
            verdict = self.known[pair] = _agree(*pair)
        return verdict

    def distinct(self, entries: list[Entry]) -> list[Entry]:
        """The first of the entries printing each value: whom the others agree with."""
        first: dict[Printed, Entry] = {}
        for entry in entries:
            first.setdefault(entry.printed(self.rounding), entry)
        return list(first.values())

    def with_any(self, entry: Entry, distinct: list[Entry]) -> bool:
        """Whether the entry agrees with any of `distinct` (see `distinct`)."""
        return any(self(entry, other) for other in distinct)

    def support(self, entries: list[Entry], among: list[Entry]) -> dict[int, int]:
        """id(entry) → how many of `among` agree with it."""
        counts: dict[Printed, int] = {}
        for other in among:
            printed = other.printed(self.rounding)
            counts[printed] = counts.get(printed, 0) + 1
        by_value: dict[Printed, int] = {}
        support = {}
        for entry in entries:
            printed = entry.printed(self.rounding)
            if printed not in by_value:
                by_value[printed] = sum(n for p, n in counts.items() if _agree(printed, p))
            support[id(entry)] = by_value[printed]
        return support


def _strict(x: Interval, y: Interval) -> Interval:
    """x narrowed so that it meets y as closed intervals (as `Constraint.holds` tests them)
    exactly when `overlaps(x, y)`.

    Printed intervals that only touch do not agree, yet closed ones meet at the shared end.
    All four ends are multiples of 10^g for the finest exponent g among them, so ends that
    differ do so by at least 10^g: moving x's ends inwards by any smaller step removes the
    touching case and nothing else. A thousandth of it keeps x close to its printed interval
    for a cell solved from it.
    """
    if x.lo == x.hi or y.lo == y.hi:
        return x
    grain = min(int(end.as_tuple().exponent) for end in (x.lo, x.hi, y.lo, y.hi))
    step = Decimal(1).scaleb(grain - 3)
    return Interval(plus(x.lo, step), minus(x.hi, step))


def _equality(subject: Entry, refs: list[Entry], rounding: Rounding, passed: bool) -> Constraint:
    """subject − reference = 0 on the intervals the verdict rests on.

    A pass is stated with the first reference, convention and readings that agree. A failure
    with the first reference the subject disagrees with (agreement is not transitive, so it
    may agree with another one), in primary readings: under "either" no convention agrees,
    so the first one shows the disagreement.
    """
    if passed:
        reference, x, y = next(
            (r, x, y)
            for r in refs
            for c in conventions(rounding)
            for x in subject.intervals(c)
            for y in r.intervals(c)
            if overlaps(x, y)
        )
    else:
        reference = next(r for r in refs if not agree(subject, r, rounding))
        convention = conventions(rounding)[0]
        x, y = subject.intervals(convention)[0], reference.intervals(convention)[0]
    subject_cell, reference_cell = subject.cell, reference.cell
    assert subject_cell is not None and reference_cell is not None
    # Each term in its cell's own unit, times that unit in whole Rupiah.
    return Constraint(
        (
            Term(
                subject.ref(),
                subject_cell,
                _strict(x, y).scale(ONE / subject.factor),
                subject.factor,
            ),
            Term(
                reference.ref(), reference_cell, y.scale(ONE / reference.factor), -reference.factor
            ),
        )
    )


def group_entities(tables: list[list[Entry]], threshold: float) -> list[list[Entry]]:
    """Rows of all tables grouped by what they name, at most one row per table each.

    A row is matched against each entity's distinct keys (a name repeated by many tables
    is one key, not one per table: the best score is the same)."""
    entities: list[list[Entry]] = []
    keys: list[dict[str, None]] = []  # each entity's distinct keys, in order
    for table in tables:
        matches = pair([[e.key] for e in table], [list(k) for k in keys], threshold)
        for n, entry in enumerate(table):
            if n in matches:
                entities[matches[n]].append(entry)
                keys[matches[n]].setdefault(entry.key)
            else:
                entities.append([entry])
                keys.append({entry.key: None})
    return entities


def _rank(rule: Rule, entry: Entry) -> tuple[int, int, int]:
    reference = KIND.params_of(rule).reference
    kind_rank = reference.index(entry.kind) if entry.kind in reference else len(reference)
    return (kind_rank, entry.ordinal, entry.i)


def _outcome(
    rule: Rule,
    ctx: AuditContext,
    subject: Entry,
    refs: list[Entry],
    passed: bool,
    status: str = "located",
) -> Outcome:
    cell = subject.cell
    assert cell is not None
    # One printing per distinct value: "48,00%" and "48%" are the same reference.
    printed: dict[tuple[Decimal | None, int], str] = {}
    for r in refs:
        if r.cell is not None:
            printed.setdefault((r.cell.value, r.exponent), r.shown())
    return Outcome(
        rule=rule,
        passed=passed,
        subject=subject.ref(),
        related=tuple(r.ref() for r in refs),
        reported=subject.shown(),
        expected=" / ".join(printed.values()),
        interval=refs[0].intervals(ctx.rounding)[0],
        params={
            "name": subject.name,
            "reference_table": ", ".join(dict.fromkeys(r.dataset.id for r in refs)),
        },
        status=status,
        constraint=_equality(subject, refs, ctx.rounding, passed),
    )


def _witness(subject: Entry, refs: list[Entry], agreement: Agreement) -> list[Entry]:
    """The first reference a passing subject agrees with: one agreeing cell is the whole
    evidence of a pass. Naming every copy instead would make an indicator repeated in k
    tables cost k² (each copy related to every other)."""
    return next(([r] for r in refs if agreement(subject, r)), refs[:1])


def _consensus(
    rule: Rule, candidates: list[Entry], valued: list[Entry], agreement: Agreement
) -> tuple[list[Entry], bool]:
    """The candidates agreeing with the one most cells agree with, and whether that is a tie.

    Ties go to the preferred kind (the `reference` order), then to document order.
    """
    support = agreement.support(candidates, valued)
    best = min(candidates, key=lambda e: (-support[id(e)], _rank(rule, e)))
    group = [e for e in candidates if agreement(e, best)]
    in_group = {id(e) for e in group}
    tie = any(support[id(e)] >= support[id(best)] for e in candidates if id(e) not in in_group)
    return group, tie


def units_clash(subject: Entry, others: list[Entry]) -> bool:
    """Whether the subject's row states another unit (Satuan) than one of `others`' rows:
    per 1.000 and per 100.000 penduduk. Which figure is wrong, the number or the unit, is
    then not certain: the unit rule (`unit_consistency`) reports the clash, not this one."""
    mine = stated_unit(subject.dataset, subject.i)
    return mine is not None and any(
        (theirs := stated_unit(o.dataset, o.i)) is not None and theirs != mine for o in others
    )


def unit_guessed(subject: Entry, others: list[Entry], rounding: Rounding) -> bool:
    """Whether the subject agrees with one of `others` once either of the two, a money cell
    whose unit nothing states, is read in thousands, millions or billions: a guess about a
    unit is never an error, so such a pair is not judged here."""
    for a, b in ((subject, o) for o in others):
        for unstated, other in ((a, b), (b, a)):
            cell = unstated.cell
            if cell is None or not unit_unstated(unstated.dataset, unstated.column or ""):
                continue
            if any(
                overlaps(amount_interval(r.value, r.decimals, e, False, rounding), y)
                for e in GUESSED_EXPONENTS
                for r in cell.readings
                for c in conventions(rounding)
                for y in other.intervals(c)
            ):
                return True
    return False


def _by_reference(rule: Rule, ctx: AuditContext, valued: list[Entry]) -> Iterator[Outcome]:
    kind = next(
        (k for k in KIND.params_of(rule).reference if any(e.kind == k for e in valued)), None
    )
    if kind is None:
        return
    refs = [e for e in valued if e.kind == kind]
    # Two reference tables (a PK in the body and the signed PK in the appendix) that
    # disagree: the one the rest of the report follows is the reference, the other a finding.
    agreement = Agreement(ctx.rounding)
    group, tie = _consensus(rule, refs, valued, agreement)
    in_group, in_refs = {id(e) for e in group}, {id(e) for e in refs}
    values = agreement.distinct(group)
    named = False  # the reference cells are named in full by the first pass (and failures)
    for subject in valued:
        if id(subject) in in_group:
            continue
        passed = id(subject) not in in_refs and agreement.with_any(subject, values)
        if not passed and (
            unit_guessed(subject, group, ctx.rounding) or units_clash(subject, group)
        ):
            continue
        status = "ambiguous" if tie and id(subject) in in_refs else "located"
        witnesses = _witness(subject, group, agreement) if passed and named else group
        named = named or passed
        yield _outcome(rule, ctx, subject, witnesses, passed, status)


def _earlier(entry: Entry, base: str) -> list[Entry]:
    """The same row's cells of `base` for years before the compared column's year."""
    mapped = entry.dataset.column(entry.column or "")
    if mapped is None or mapped.year is None:
        return []
    return [
        replace(entry, column=c.name)
        for c in year_columns(entry.dataset, base)
        if c.year is not None and c.year < mapped.year
    ]


def _by_majority(
    rule: Rule, ctx: AuditContext, entity: list[Entry], valued: list[Entry]
) -> Iterator[Outcome]:
    agreement = Agreement(ctx.rounding)
    winners, tie = _consensus(rule, valued, valued, agreement)
    # A majority that repeats an earlier year's value may be a stale copy, not the truth.
    earlier = [x for e in entity for x in _earlier(e, KIND.params_of(rule).column)]
    values = agreement.distinct(winners)
    stale = any(agreement.with_any(x, values) for x in agreement.distinct(earlier))
    in_winners = {id(w) for w in winners}
    for subject in valued:
        if id(subject) in in_winners:
            others = [w for w in winners if w is not subject]
            if others:
                yield _outcome(rule, ctx, subject, _witness(subject, others, agreement), True)
        elif not (unit_guessed(subject, winners, ctx.rounding) or units_clash(subject, winners)):
            status = "ambiguous" if tie or stale else "located"
            yield _outcome(rule, ctx, subject, winners, False, status)


# --- sum of members ----------------------------------------------------------------------


def _descendants(dataset: Dataset, i: int, level: str) -> list[int]:
    """Rows at `level` whose chain of parents reaches row i."""
    rows = dataset.records
    top = rows[i]["key"]
    parents = {r["key"]: r["parent"] for r in rows if isinstance(r["key"], str)}
    found = []
    for n, row in enumerate(rows):
        parent = row["parent"]
        while isinstance(parent, str) and parent != top:
            parent = parents.get(parent)
        if row["level"] == level and parent == top:
            found.append(n)
    return found


def _below(dataset: Dataset, level: str) -> dict[str, set[int]]:
    """Row key → the rows at `level` whose chain of parents reaches it: `_descendants` of
    every row at once."""
    rows = dataset.records
    parents = {r["key"]: r["parent"] for r in rows if isinstance(r["key"], str)}
    below: dict[str, set[int]] = {}
    for n, row in enumerate(rows):
        if row["level"] != level:
            continue
        parent = row["parent"]
        while isinstance(parent, str):
            below.setdefault(parent, set()).add(n)
            parent = parents.get(parent)
    return below


def _sum_of_members(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    p = KIND.params_of(rule)
    threshold = p.similarity
    subject_kinds = [k for k in rule.tables if k not in p.reference and k not in p.groups]
    subjects = [e for t in _tables(rule, ctx, subject_kinds) for e in t]
    sources = _tables(rule, ctx, p.reference)
    for ordinal, grouping in ctx.datasets(tuple(p.groups)):
        heads = entries(ordinal, grouping, None, p.names, [p.group_level])
        matches = pair([[s.key] for s in subjects], [[h.key] for h in heads], threshold)
        if not matches:
            continue
        candidates = entries(ordinal, grouping, None, p.names, [p.member_level])
        below_key = _below(grouping, p.member_level)
        for n, head in ((n, heads[j]) for n, j in matches.items()):
            top = grouping.records[head.i]["key"]
            below = (
                below_key.get(top, set())
                if isinstance(top, str)
                else set(_descendants(grouping, head.i, p.member_level))
            )
            members = [m for m in candidates if m.i in below]
            outcome = _member_sum(rule, ctx, subjects[n], head, members, sources, threshold)
            if outcome is not None:
                yield outcome


def _member_sum(
    rule: Rule,
    ctx: AuditContext,
    subject: Entry,
    head: Entry,
    members: list[Entry],
    sources: list[list[Entry]],
    threshold: float,
) -> Outcome | None:
    """Subject vs the sum of its members' values in the first source table that has all."""
    cell = subject.cell
    if cell is None or not members:
        return None
    for source in sources:
        matches = pair([[m.key] for m in members], [[s.key] for s in source], threshold)
        found = [source[matches[n]] for n in range(len(members)) if n in matches]
        cells = [f.cell for f in found]
        if len(found) < len(members) or any(c is None or c.value is None for c in cells):
            continue
        sums = {
            c: sum_intervals([f.intervals(c)[0] for f in found])
            for c in {ctx.rounding, *conventions(ctx.rounding)}
        }
        agreeing = next(
            (c for c in conventions(ctx.rounding) if overlaps(subject.intervals(c)[0], sums[c])),
            None,
        )
        # A failure is stated in the first convention: under "either" none agrees.
        convention = agreeing or conventions(ctx.rounding)[0]
        constraint = Constraint(
            (
                Term(
                    subject.ref(),
                    cell,
                    _strict(subject.intervals(convention)[0], sums[convention]),
                ),
                *(
                    Term(f.ref(), c, f.intervals(convention)[0], -ONE)
                    for f, c in zip(found, cells, strict=True)
                    if c is not None
                ),
            )
        )
        point = exact_sum(c.value for c in cells if c is not None and c.value is not None)
        return Outcome(
            rule=rule,
            passed=agreeing is not None,
            subject=subject.ref(),
            related=tuple(f.ref() for f in found),
            reported=cell.raw.strip(),
            expected=ctx.fmt(point, cell.decimals),
            interval=sums[ctx.rounding],
            params={
                "name": subject.name,
                "group_table": head.dataset.id,
                "reference_table": found[0].dataset.id,
                "programs": " + ".join(
                    f"{f.name} ({c.raw.strip()})" for f, c in zip(found, cells, strict=True) if c
                ),
            },
            constraint=constraint,
        )
    return None


# --- entry point -------------------------------------------------------------------------


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    p = KIND.params_of(rule)
    if p.groups:
        yield from _sum_of_members(rule, ctx)
        return
    # Reference kinds first, so every entity is seeded by its authoritative row.
    kinds = list(dict.fromkeys([*p.reference, *rule.tables]))
    tables = _tables(rule, ctx, kinds)
    tables.sort(key=lambda t: min((_rank(rule, e) for e in t), default=(len(kinds), 0, 0)))
    for entity in group_entities(tables, p.similarity):
        valued = [e for e in entity if e.cell is not None]
        if len(valued) < 2:
            continue
        if p.majority:
            yield from _by_majority(rule, ctx, entity, valued)
        else:
            yield from _by_reference(rule, ctx, valued)


KIND = CheckKind(
    name="cross_table",
    params=CrossTableParams,
    evaluate=evaluate,
    summary="The same indicator, program or sasaran has the same value in every table that holds "
    "it.",
    gx="gx_native_cross_table",
    rounding_sensitive=True,
    placeholders=("name", "reference_table", "group_table", "programs"),
)
