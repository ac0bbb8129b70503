"""Difference: a printed value equals minuend − subtrahend, within printed precision.

Efficiency as the sample computes it (efisiensi = capaian − penyerapan) and the unspent
budget (sisa = anggaran − realisasi). Each operand and the value are printed intervals, so a
correctly rounded or truncated row always passes; whole-Rupiah columns are exact. Every
reading of an ambiguous printed number is tried (the ambiguity itself is number_format's
finding). Efficiency formulas differ between reports: with `only_if_used`, a table where at
least two rows are testable and none fits is taken to use another formula and is not
tested, instead of raising an error on every row. Rows with a missing or N/A cell are not
testable and produce no outcome. Each outcome carries the constraint value − minuend +
subtrahend = 0 in the readings it was judged on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import product
from typing import TYPE_CHECKING, Any

from auditor.arith import Interval, Rounding, as_printed, printed_interval
from auditor.checks import CheckKind, GxMapping
from auditor.checks.cells import AuditContext, is_exact, number, ref
from auditor.checks.gx_mapping import on_row
from auditor.constraints import ONE, Constraint, Term
from auditor.findings import Outcome
from auditor.schema.params import DifferenceParams

if TYPE_CHECKING:
    from auditor.numbers import Reading
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule

# A table needs this many testable rows before "no row fits" means "another formula".
MIN_ROWS_FOR_FORMULA = 2


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    p = KIND.params_of(rule)
    for ordinal, dataset in ctx.datasets(rule.tables):
        if not all(dataset.has_field(c) for c in (p.value, p.minuend, p.subtrahend)):
            continue
        rows = range(len(dataset.records))
        outcomes = [o for i in rows if (o := _row(rule, ctx, ordinal, dataset, i)) is not None]
        if p.only_if_used and not formula_used([o.passed for o in outcomes]):
            continue
        yield from outcomes


def formula_used(verdicts: list[bool]) -> bool:
    """Whether a table's testable rows show that it uses this formula: one row fits, or
    too few rows are testable to tell."""
    return any(verdicts) or len(verdicts) < MIN_ROWS_FOR_FORMULA


def readings(
    cell_readings: Sequence[Reading], exact: bool, rounding: Rounding
) -> list[tuple[Reading, Interval]]:
    """Each reading of a printed cell with the interval it stands for."""
    return [(r, printed_interval(r.value, r.decimals, rounding, exact)) for r in cell_readings]


Operand = tuple["Reading", Interval]


def fit(
    value: list[Interval], minuend: list[Operand], subtrahend: list[Operand]
) -> tuple[tuple[Operand, Operand], Interval] | None:
    """The first operand readings whose difference fits a reading of the value, and that
    reading; None when none does (the verdict, also the Great Expectations engine's)."""
    pairs = product(minuend, subtrahend)
    return next(
        ((pair, v) for pair in pairs for v in value if (pair[0][1] - pair[1][1]).intersects(v)),
        None,
    )


def _row(rule: Rule, ctx: AuditContext, ordinal: int, dataset: Dataset, i: int) -> Outcome | None:
    p = KIND.params_of(rule)
    value = number(dataset, i, p.value)
    minuend = number(dataset, i, p.minuend)
    subtrahend = number(dataset, i, p.subtrahend)
    if value is None or minuend is None or subtrahend is None:
        return None
    printed = [iv for _, iv in readings(value.readings, is_exact(dataset, p.value), ctx.rounding)]
    a_readings = readings(minuend.readings, is_exact(dataset, p.minuend), ctx.rounding)
    b_readings = readings(subtrahend.readings, is_exact(dataset, p.subtrahend), ctx.rounding)
    fitting = fit(printed, a_readings, b_readings)
    # A failing row is stated in the primary readings.
    ((a, a_interval), (b, b_interval)), v_interval = fitting or (
        (a_readings[0], b_readings[0]),
        printed[0],
    )
    point = a.value - b.value
    subject = ref(ordinal, dataset, i, p.value)
    related = (ref(ordinal, dataset, i, p.minuend), ref(ordinal, dataset, i, p.subtrahend))
    constraint = Constraint(
        (
            Term(subject, value, v_interval),
            Term(related[0], minuend, a_interval, -ONE),
            Term(related[1], subtrahend, b_interval),
        ),
        derived=True,
    )
    return Outcome(
        rule=rule,
        passed=fitting is not None,
        subject=subject,
        related=related,
        reported=value.raw.strip(),
        expected=ctx.fmt(as_printed(point, value.decimals, ctx.rounding), value.decimals),
        interval=a_interval - b_interval,
        params={"minuend": minuend.raw.strip(), "subtrahend": subtrahend.raw.strip()},
        constraint=constraint,
    )


def _gx_expectations(rule: Rule, known: set[str], rounding: Rounding) -> list[dict[str, Any]]:
    p = KIND.params_of(rule)
    return on_row(
        "expect_column_pair_values_to_be_equal_within_printed_precision",
        rule,
        known,
        [p.value, p.minuend, p.subtrahend],
        "table",
        column_A=p.value,
        column_B=p.minuend,
        subtract_column=p.subtrahend,
        skip_unused_formula=p.only_if_used,
        rounding=rounding,
    )


KIND = CheckKind(
    name="difference",
    params=DifferenceParams,
    evaluate=evaluate,
    summary="A printed value equals minuend − subtrahend (efficiency, remaining budget), within "
    "printed precision.",
    gx=GxMapping(_gx_expectations),
    rounding_sensitive=True,
    placeholders=("minuend", "subtrahend"),
)
