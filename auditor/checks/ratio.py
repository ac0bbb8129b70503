"""Ratio: a printed percentage equals numerator / denominator × scale, within printed precision.

Achievement (capaian = realisasi / target × 100) and absorption (penyerapan = realisasi /
anggaran × 100). Negative-polarity indicators ("semakin kecil semakin baik") use
(2·target − realisasi) / target or target / realisasi; when a row's polarity is not
declared every allowed formula is tried and the one that fits is named. Each reading of an
ambiguous printed value (9.403 → 9403 or 9,403) is tried; the ambiguity itself is another
rule's finding. Rows where the denominator can be zero, or a cell is missing, are not
testable and produce no outcome. Each outcome carries the constraint value = formula(numerator,
denominator) × scale in the formula and reading it was judged on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from auditor.arith import Interval, Rounding, as_printed, printed_interval
from auditor.checks import CheckKind, GxMapping
from auditor.checks.cells import AuditContext, interval, number, ref
from auditor.checks.gx_mapping import on_row
from auditor.constraints import Constraint, Term
from auditor.findings import Outcome
from auditor.formulas import FORMULAS, Formula, implied
from auditor.schema.params import RatioParams

if TYPE_CHECKING:
    from auditor.numbers import Reading
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule


def declared_negative(params: RatioParams, name: str) -> bool:
    return any(pattern.search(name) for pattern in params.negative_names)


def _formulas(params: RatioParams, name: str) -> list[Formula]:
    if declared_negative(params, name):
        negative: list[Formula] = [f for f in params.formulas if f != Formula.POSITIVE]
        return negative or [Formula.NEGATIVE_DIFFERENCE]
    return list(params.formulas)


@dataclass(frozen=True)
class RatioFit:
    """How one row's printed value relates to the formulas allowed for it."""

    implied: dict[Formula, Interval | None]  # formula → implied share (None: not testable)
    formula: Formula | None  # the first formula the value fits, if any
    printed: Interval | None  # the reading of the value that fits
    passed: bool


def judge(
    params: RatioParams,
    label: str,
    value: Sequence[Reading],
    numerator: Interval,
    denominator: Interval,
    rounding: Rounding,
) -> RatioFit | None:
    """The verdict on one row (also the Great Expectations engine's); None when the row is
    not testable: its polarity is declared under an informational rule, or every allowed
    formula divides by an interval that contains zero."""
    if params.flag_formulas and declared_negative(params, label):
        return None  # the polarity is declared: nothing to confirm
    shares = {f: implied(f, numerator, denominator) for f in _formulas(params, label)}
    if all(v is None for v in shares.values()):
        return None  # denominator (or numerator, for T/R) may be zero: not testable
    scale = Decimal(str(params.scale))
    fit = _fit(value, shares, scale, rounding)
    formula = fit[0] if fit else None
    # An informational rule (flag_formulas) reports only a fit by a flagged formula.
    flagged = params.flag_formulas
    passed = formula not in flagged if flagged else formula is not None
    return RatioFit(shares, formula, fit[1] if fit else None, passed)


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    p = KIND.params_of(rule)
    scale = Decimal(str(p.scale))
    for ordinal, dataset in ctx.datasets(rule.tables):
        if not all(dataset.column(c) for c in (p.value, p.numerator, p.denominator)):
            continue
        for i in range(len(dataset.records)):
            outcome = _row(rule, ctx, ordinal, dataset, i, scale)
            if outcome is not None:
                yield outcome


def _row(
    rule: Rule, ctx: AuditContext, ordinal: int, dataset: Dataset, i: int, scale: Decimal
) -> Outcome | None:
    p = KIND.params_of(rule)
    value = number(dataset, i, p.value)
    num = interval(dataset, i, p.numerator, ctx.rounding)
    den = interval(dataset, i, p.denominator, ctx.rounding)
    if value is None or num is None or den is None:
        return None
    label = str(dataset.records[i].get("label") or "")
    fit = judge(p, label, value.readings, num, den, ctx.rounding)
    if fit is None:
        return None
    formula = fit.formula or next(f for f, v in fit.implied.items() if v is not None)
    share = fit.implied[formula]
    assert share is not None  # the first testable formula, when none fits
    expected_interval = share.scale(scale)
    r_cell, t_cell = number(dataset, i, p.numerator), number(dataset, i, p.denominator)
    assert r_cell is not None and r_cell.value is not None
    assert t_cell is not None and t_cell.value is not None
    expected = None
    try:
        point = FORMULAS[formula].on_points(r_cell.value, t_cell.value) * scale
        expected = ctx.fmt(as_printed(point, value.decimals, ctx.rounding), value.decimals)
    except (ArithmeticError, TypeError):  # division by a printed zero: no point estimate
        pass
    subject = ref(ordinal, dataset, i, p.value)
    related = (ref(ordinal, dataset, i, p.numerator), ref(ordinal, dataset, i, p.denominator))
    constraint = None
    # An informational rule judges which formula fits, not whether the value is right: it
    # asserts nothing a cell could be solved from.
    if not p.flag_formulas:
        # A failing value is stated in its primary reading.
        printed = fit.printed or printed_interval(value.amount, value.decimals, ctx.rounding)
        constraint = Constraint(
            (
                Term(subject, value, printed),
                Term(related[0], r_cell, num),
                Term(related[1], t_cell, den),
            ),
            formula=formula,
            scale=scale,
            derived=True,
        )
    return Outcome(
        rule=rule,
        passed=fit.passed,
        subject=subject,
        related=related,
        reported=value.raw.strip(),
        expected=expected,
        interval=expected_interval,
        params={
            "numerator": r_cell.raw.strip(),
            "denominator": t_cell.raw.strip(),
            "formula": FORMULAS[formula].text.format(
                numerator=r_cell.raw.strip(), denominator=t_cell.raw.strip(), scale=p.scale
            ),
            "formula_name": formula,
        },
        constraint=constraint,
    )


def _fit(
    value: Sequence[Reading],
    implied: dict[Formula, Interval | None],
    scale: Decimal,
    rounding: Rounding,
) -> tuple[Formula, Interval] | None:
    """The first formula, for the first reading of the value, that the printed value fits,
    with that reading's interval; None when nothing fits."""
    for reading in value:
        printed = printed_interval(reading.value, reading.decimals, rounding)
        for formula, v in implied.items():
            if v is not None and v.scale(scale).intersects(printed):
                return formula, printed
    return None


def _gx_expectations(rule: Rule, known: set[str], rounding: Rounding) -> list[dict[str, Any]]:
    p = KIND.params_of(rule)
    return on_row(
        "expect_column_values_to_equal_ratio_within_printed_precision",
        rule,
        known,
        [p.value, p.numerator, p.denominator],
        "label",
        value_column=p.value,
        numerator=p.numerator,
        denominator=p.denominator,
        scale=p.scale,
        formulas=[str(f) for f in p.formulas],
        negative_names=[pattern.pattern for pattern in p.negative_names],
        flag_formulas=[str(f) for f in p.flag_formulas],
        rounding=rounding,
    )


KIND = CheckKind(
    name="ratio",
    params=RatioParams,
    evaluate=evaluate,
    summary="A printed percentage equals numerator / denominator × scale (or a "
    "negative-polarity formula), within printed precision.",
    gx=GxMapping(_gx_expectations),
    rounding_sensitive=True,
    placeholders=("numerator", "denominator", "formula", "formula_name"),
)
