"""Hierarchical sum: every parent row equals the sum of its direct children, per column.

Budget tables nest urusan sections (A., B.) › programs (1.) › kegiatan (1.1) › sub kegiatan
(1.1.1), and each level's amount is the sum of the level below; a subtotal that is off
means a row was dropped, typed wrong or copied. Recognition gives the row tree (`key`,
`parent`: the nearest existing ancestor, so a numbering gap does not break it). One outcome
per (parent row, column); a parent without children is not tested, nor one whose cells
are empty, N/A or text. Printed precision is the tolerance: whole-Rupiah columns are
exact, others are printed intervals. `sum_outcome` is shared with the total-row check.
Each outcome carries the constraint parent − Σ children = 0 in the readings it was judged on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from auditor.arith import (
    ZERO,
    Interval,
    Rounding,
    as_printed,
    exact_sum,
    minus,
    plus,
    printed_interval,
    sum_intervals,
)
from auditor.checks import CheckKind, GxMapping
from auditor.checks.cells import AuditContext, exponent, is_exact, parsed, ref
from auditor.checks.gx_mapping import CHILDREN_HELPER, expectation, with_companions
from auditor.checks.narrative_total import guessed_exponent
from auditor.constraints import ONE, Constraint, Term
from auditor.findings import Outcome
from auditor.schema.params import SumParams

if TYPE_CHECKING:
    from auditor.numbers import ParsedNumber, Reading
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule


@dataclass(frozen=True)
class Summand:
    """One cell read as a summand: its printed value and every interval it can stand for."""

    number: ParsedNumber  # the cell as parsed (a dash too)
    raw: str
    value: Decimal  # primary reading
    decimals: int
    intervals: tuple[Interval, ...]  # primary reading first, then other separator readings


def summand(
    ctx: AuditContext, dataset: Dataset, i: int, column: str, dash_as_zero: bool
) -> Summand | None:
    """The cell as a summand; None when it cannot take part in a sum (not testable)."""
    cell = parsed(dataset, i, column)
    if cell is None:
        return None
    if cell.kind == "dash" and dash_as_zero:
        return Summand(cell, cell.raw.strip(), ZERO, 0, (Interval.point(ZERO),))
    if not cell.is_number or cell.value is None:
        return None
    # Amounts in a stated unit (Rp 000) are rounded from whole Rupiah one way or the other.
    # So are the amounts of a table whose unit only the prose's totals reveal.
    scaled = exponent(dataset, column) or guessed_exponent(ctx, dataset, column)
    rounding: Rounding = "either" if scaled else ctx.rounding
    intervals = summand_intervals(cell.readings, is_exact(dataset, column) and not scaled, rounding)
    return Summand(cell, cell.raw.strip(), cell.value, cell.decimals, intervals)


def summand_intervals(
    readings: Sequence[Reading], exact: bool, rounding: Rounding
) -> tuple[Interval, ...]:
    """The intervals a printed summand stands for, primary reading first."""
    # Whole-Rupiah columns are exact, but decimals there mean a scaled unit (juta Rupiah)
    # that was rounded, or cents, where a printed tolerance costs nothing.
    return tuple(
        printed_interval(r.value, r.decimals, rounding, exact and not r.decimals) for r in readings
    )


def has_value(dataset: Dataset, i: int, column: str) -> bool:
    """The cell holds a number or a dash (an amount was printed, even if nil)."""
    cell = parsed(dataset, i, column)
    return cell is not None and (cell.is_number or cell.kind == "dash")


def fit_sum(
    subject: Sequence[Interval], parts: Sequence[Sequence[Interval]]
) -> tuple[Interval, list[Interval]] | None:
    """The readings (subject, parts), each given as its intervals primary first, under which
    the parts add up to the subject: as read, or after re-reading one ambiguous separator;
    None when no reading does (the verdict, also the Great Expectations engine's).

    "500.000" or "1,447" read either way; a single cell read in the other convention is
    another rule's finding (number format), not a sum error.
    """
    primary = [p[0] for p in parts]
    total = sum_intervals(primary)
    for reading in subject:
        if total.intersects(reading):
            return reading, primary
    for n, part in enumerate(parts):
        first = part[0]
        for other in part[1:]:
            swapped = Interval(
                plus(minus(total.lo, first.lo), other.lo), plus(minus(total.hi, first.hi), other.hi)
            )
            if swapped.intersects(subject[0]):
                return subject[0], [*primary[:n], other, *primary[n + 1 :]]
    return None


def sum_outcome(
    rule: Rule,
    ctx: AuditContext,
    ordinal: int,
    dataset: Dataset,
    subject_row: int,
    part_rows: list[int],
    column: str,
) -> Outcome | None:
    """Outcome of "the subject cell equals the sum of the part cells" in one column."""
    dash_as_zero = bool(getattr(rule.params, "dash_as_zero", True))  # sum, total, footing
    subject = summand(ctx, dataset, subject_row, column, dash_as_zero)
    parts = [summand(ctx, dataset, i, column, dash_as_zero) for i in part_rows]
    if subject is None or not parts or any(p is None for p in parts):
        return None
    summands = [p for p in parts if p is not None]
    primary = [p.intervals[0] for p in summands]
    implied = sum_intervals(primary)
    total = exact_sum(p.value for p in summands)
    expected = as_printed(total, subject.decimals, ctx.rounding)
    fit = fit_sum(subject.intervals, [p.intervals for p in summands])
    # A failing sum is stated in the primary readings, a passing one in those that fit.
    subject_interval, part_intervals = fit or (subject.intervals[0], primary)
    subject_ref = ref(ordinal, dataset, subject_row, column)
    part_refs = tuple(ref(ordinal, dataset, i, column) for i in part_rows)
    constraint = Constraint(
        (
            Term(subject_ref, subject.number, subject_interval),
            *(
                Term(cell, p.number, interval, -ONE)
                for cell, p, interval in zip(part_refs, summands, part_intervals, strict=True)
            ),
        )
    )
    return Outcome(
        rule=rule,
        passed=fit is not None,
        subject=subject_ref,
        related=part_refs,
        reported=subject.raw,
        expected=ctx.fmt(expected, subject.decimals),
        interval=implied,
        params={
            "header": mapped.label if (mapped := dataset.column(column)) else column,
            "count": str(len(summands)),
            "difference": ctx.fmt(minus(subject.value, total), subject.decimals),
        },
        constraint=constraint,
    )


def across_outcome(
    rule: Rule,
    ctx: AuditContext,
    ordinal: int,
    dataset: Dataset,
    i: int,
    column: str,
    subject: Summand,
    part_columns: Sequence[str],
    parts: Sequence[Summand],
) -> Outcome:
    """Outcome of "the cell in `column` equals the sum of the cells in `part_columns`" in
    row `i` (a row's own total column, a year and its quarters)."""
    implied = sum_intervals([p.intervals[0] for p in parts])
    total = exact_sum(p.value for p in parts)
    subject_ref = ref(ordinal, dataset, i, column)
    related = tuple(ref(ordinal, dataset, i, c) for c in part_columns)
    constraint = Constraint(
        (
            Term(subject_ref, subject.number, subject.intervals[0]),
            *(Term(c, p.number, p.intervals[0], -ONE) for c, p in zip(related, parts, strict=True)),
        )
    )
    return Outcome(
        rule=rule,
        passed=any(implied.intersects(reading) for reading in subject.intervals),
        subject=subject_ref,
        related=related,
        reported=subject.raw,
        expected=ctx.fmt(as_printed(total, subject.decimals, ctx.rounding), subject.decimals),
        interval=implied,
        params={
            "header": mapped.label if (mapped := dataset.column(column)) else column,
            "count": str(len(parts)),
            "difference": ctx.fmt(minus(subject.value, total), subject.decimals),
        },
        constraint=constraint,
    )


def children(dataset: Dataset) -> dict[int, list[int]]:
    """Row → its direct child rows, for the rows that have children."""
    by_key: dict[str, list[int]] = {}
    for i, record in enumerate(dataset.records):
        parent = record.get("parent")
        if isinstance(parent, str):
            by_key.setdefault(parent, []).append(i)
    return {
        i: by_key[key]
        for i, record in enumerate(dataset.records)
        if isinstance(key := record.get("key"), str) and key in by_key
    }


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    for ordinal, dataset in ctx.datasets(rule.tables):
        columns = [c for c in KIND.params_of(rule).columns if dataset.column(c)]
        for i, parts in children(dataset).items():
            for column in columns:
                outcome = sum_outcome(rule, ctx, ordinal, dataset, i, parts, column)
                if outcome is not None:
                    yield outcome


def gx_sum_expectations(
    rule: Rule, known: set[str], rounding: Rounding, helper_suffix: str
) -> list[dict[str, Any]]:
    """A sum of children (or of a total's items) per column, read from the helper column
    `<column><helper_suffix>` that lists the summed cells (auditor/gx/frames.py)."""
    p = rule.params
    assert isinstance(p, SumParams)
    return [
        expectation(
            "expect_column_values_to_equal_sum_of_children",
            rule,
            column,
            column_list=with_companions([column], column + helper_suffix),
            value_column=column,
            children_column=column + helper_suffix,
            dash_as_zero=p.dash_as_zero,
            rounding=rounding,
        )
        for column in p.columns
        if column in known
    ]


def _gx_expectations(rule: Rule, known: set[str], rounding: Rounding) -> list[dict[str, Any]]:
    return gx_sum_expectations(rule, known, rounding, CHILDREN_HELPER)


KIND = CheckKind(
    name="hierarchical_sum",
    params=SumParams,
    evaluate=evaluate,
    summary="A parent row (urusan, program, kegiatan) equals the sum of its direct children, "
    "within printed precision.",
    gx=GxMapping(_gx_expectations),
    rounding_sensitive=True,
    placeholders=("count", "difference", "header"),
)
