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

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from auditor.arith import Interval, as_printed, printed_interval
from auditor.checks import Param
from auditor.checks.cells import AuditContext, interval, number, ref
from auditor.constraints import Constraint, Term
from auditor.findings import Outcome

if TYPE_CHECKING:
    from auditor.numbers import ParsedNumber
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule

ROUNDING_SENSITIVE = True
TWO = Decimal(2)

FORMULAS: dict[str, Callable[[Interval, Interval], Interval | None]] = {
    "positive": lambda r, t: r.divide(t),
    "negative_difference": lambda r, t: (t.scale(TWO) - r).divide(t),
    "negative_inverse": lambda r, t: t.divide(r),
}
POINT: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "positive": lambda r, t: r / t,
    "negative_difference": lambda r, t: (2 * t - r) / t,
    "negative_inverse": lambda r, t: t / r,
}
FORMULA_TEXT = {
    "positive": "{numerator} / {denominator} × {scale}",
    "negative_difference": "(2 × {denominator} − {numerator}) / {denominator} × {scale}",
    "negative_inverse": "{denominator} / {numerator} × {scale}",
}

PARAMS = {
    "value": Param("column"),
    "numerator": Param("column"),
    "denominator": Param("column"),
    "scale": Param("number", required=False, default=100),
    "formulas": Param("texts", required=False, default=["positive"]),
    # Rows whose name matches one of these are negative-polarity: positive is not allowed.
    "negative_names": Param("texts", required=False, default=[]),
    # Report rows whose fitting formula is one of these (for an informational rule).
    "flag_formulas": Param("texts", required=False, default=[]),
}


def _declared_negative(rule: Rule, name: str) -> bool:
    return any(re.search(p, name, re.IGNORECASE) for p in rule.params["negative_names"])


def _formulas(rule: Rule, name: str) -> list[str]:
    formulas = [f for f in rule.params["formulas"] if f in FORMULAS]
    if _declared_negative(rule, name):
        return [f for f in formulas if f != "positive"] or ["negative_difference"]
    return formulas


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    p = rule.params
    scale = Decimal(str(p["scale"]))
    for ordinal, dataset in ctx.datasets(rule.tables):
        columns = set(dataset.frame.columns)
        if not {p["value"], p["numerator"], p["denominator"]} <= columns:
            continue
        for i in range(len(dataset.frame)):
            outcome = _row(rule, ctx, ordinal, dataset, i, scale)
            if outcome is not None:
                yield outcome


def _row(
    rule: Rule, ctx: AuditContext, ordinal: int, dataset: Dataset, i: int, scale: Decimal
) -> Outcome | None:
    p = rule.params
    value = number(dataset, i, p["value"])
    num = interval(dataset, i, p["numerator"], ctx.rounding)
    den = interval(dataset, i, p["denominator"], ctx.rounding)
    if value is None or num is None or den is None:
        return None
    label = str(dataset.records[i].get("label") or "")
    if p["flag_formulas"] and _declared_negative(rule, label):
        return None  # the polarity is declared: nothing to confirm
    formulas = _formulas(rule, label)
    implied = {f: FORMULAS[f](num, den) for f in formulas}
    if all(v is None for v in implied.values()):
        return None  # denominator (or numerator, for T/R) may be zero: not testable
    fit = _fit(value, implied, scale, ctx)
    fitting = fit[0] if fit else None
    formula = fitting or next(f for f, v in implied.items() if v is not None)
    expected_interval = implied[formula].scale(scale)
    r_cell, t_cell = number(dataset, i, p["numerator"]), number(dataset, i, p["denominator"])
    expected = None
    point_fn = POINT[formula]
    try:
        point = point_fn(r_cell.value, t_cell.value) * scale
        expected = ctx.fmt(as_printed(point, value.decimals, ctx.rounding), value.decimals)
    except (ArithmeticError, TypeError):  # division by a printed zero: no point estimate
        pass
    # An informational rule (flag_formulas) reports only a fit by a flagged formula.
    passed = fitting not in p["flag_formulas"] if p["flag_formulas"] else fitting is not None
    subject = ref(ordinal, dataset, i, p["value"])
    related = (ref(ordinal, dataset, i, p["numerator"]), ref(ordinal, dataset, i, p["denominator"]))
    constraint = None
    # An informational rule judges which formula fits, not whether the value is right: it
    # asserts nothing a cell could be solved from.
    if not p["flag_formulas"]:
        # A failing value is stated in its primary reading.
        printed = fit[1] if fit else printed_interval(value.value, value.decimals, ctx.rounding)
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
        passed=passed,
        subject=subject,
        related=related,
        reported=value.raw.strip(),
        expected=expected,
        interval=expected_interval,
        params={
            "numerator": r_cell.raw.strip(),
            "denominator": t_cell.raw.strip(),
            "formula": FORMULA_TEXT[formula].format(
                numerator=r_cell.raw.strip(), denominator=t_cell.raw.strip(), scale=p["scale"]
            ),
            "formula_name": formula,
        },
        constraint=constraint,
    )


def _fit(
    value: ParsedNumber, implied: dict[str, Interval | None], scale: Decimal, ctx: AuditContext
) -> tuple[str, Interval] | None:
    """The first formula, for the first reading of the value, that the printed value fits,
    with that reading's interval; None when nothing fits."""
    for reading in value.readings:
        printed = printed_interval(reading.value, reading.decimals, ctx.rounding)
        for formula, v in implied.items():
            if v is not None and v.scale(scale).intersects(printed):
                return formula, printed
    return None
