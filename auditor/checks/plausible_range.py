"""Plausible range: values that can be arithmetically right and still be wrong (warnings).

Three tests, chosen by `test`:

- `band`: the value lies within [min, max] (an achievement above 200 % or below 0 % is
  almost always a unit or separator slip, e.g. 9.403 %);
- `factor`: the value and the other column differ by less than `factor` times (a target of
  1 % against a realisation of 94,03 % means one of them is in other units);
- `at_most`: the value does not exceed the other column (spending above the budget).

`value` and `other` list candidate columns; the first one a table has is used, so one rule
covers tables that name the same quantity differently (realisasi_anggaran in the
efficiency table, realisasi in the budget table). The primary reading of an ambiguous
number is judged (the ambiguity itself is number_format's finding); when another reading
would be plausible, the message says so through the `alternative_id` / `alternative_en`
template parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from itertools import product
from typing import TYPE_CHECKING, Any

from auditor.arith import ZERO, Interval
from auditor.checks import CheckKind, GxMapping
from auditor.checks.cells import AuditContext, number, ref
from auditor.checks.gx_mapping import expectation
from auditor.checks.number_format import plain_number
from auditor.findings import Outcome
from auditor.schema.params import PlausibleRangeParams

if TYPE_CHECKING:
    from auditor.arith import Rounding
    from auditor.numbers import ParsedNumber
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule


Judge = Callable[[tuple[Decimal, ...]], bool]


def _first(dataset: Dataset, candidates: list[str]) -> str | None:
    return next((c for c in candidates if dataset.has_field(f"{c}__parsed")), None)


def _judge(rule: Rule) -> Judge:
    """Whether the values (value, then other if the test has one) are plausible."""
    p = KIND.params_of(rule)
    if p.test == "band":
        low, high = Decimal(str(p.min)), Decimal(str(p.max))
        return lambda v: low <= v[0] <= high
    if p.test == "factor":
        factor = Decimal(str(p.factor))
        # Zero or negative values have no meaningful ratio: nothing to judge.
        return lambda v: min(v) <= 0 or max(v) < factor * min(v)
    return lambda v: v[0] <= v[1]


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    p = KIND.params_of(rule)
    judge = _judge(rule)
    for ordinal, dataset in ctx.datasets(rule.tables):
        value = _first(dataset, p.value)
        other = _first(dataset, p.other)
        found = [value] if p.test == "band" else [value, other]
        columns = [c for c in found if c is not None]
        if len(columns) < len(found):
            continue
        for i in range(len(dataset.records)):
            cells = [cell for c in columns if (cell := number(dataset, i, c)) is not None]
            if len(cells) < len(columns):
                continue
            yield _outcome(rule, ctx, ordinal, dataset, i, columns, cells, judge)


def _outcome(
    rule: Rule,
    ctx: AuditContext,
    ordinal: int,
    dataset: Dataset,
    i: int,
    columns: list[str],
    cells: list[ParsedNumber],
    judge: Judge,
) -> Outcome:
    p = KIND.params_of(rule)
    values = tuple(c.amount for c in cells)
    passed = judge(values)
    params = {"alternative_id": "", "alternative_en": ""}
    if p.test == "band":
        params["min"] = plain_number(ctx, Decimal(str(p.min)))
        params["max"] = plain_number(ctx, Decimal(str(p.max)))
    else:
        params["other"] = cells[1].raw.strip()
    if p.test == "factor" and min(values) > 0:
        params["factor"] = plain_number(ctx, (max(values) / min(values)).to_integral_value())
    if not passed and (choice := _plausible_alternative(cells, judge)):
        params.update(_alternative_text(ctx, cells, choice))
    return Outcome(
        rule=rule,
        passed=passed,
        subject=ref(ordinal, dataset, i, columns[0]),
        related=tuple(ref(ordinal, dataset, i, c) for c in columns[1:]),
        reported=cells[0].raw.strip(),
        interval=_plausible_interval(rule, values),
        params=params,
    )


def _plausible_interval(rule: Rule, values: tuple[Decimal, ...]) -> Interval | None:
    p = KIND.params_of(rule)
    if p.test == "band":
        return Interval(Decimal(str(p.min)), Decimal(str(p.max)))
    other = values[1]
    if p.test == "factor":
        factor = Decimal(str(p.factor))
        return Interval(other / factor, other * factor) if other > 0 else None
    return Interval(ZERO, other) if other >= 0 else None


def _plausible_alternative(cells: list[ParsedNumber], judge: Judge) -> tuple[int, ...] | None:
    """The first choice of readings (an index per cell, 0 = primary), not all primary, whose
    values would be plausible."""
    for choice in product(*(range(len(c.readings)) for c in cells)):
        values = tuple(c.readings[k].value for c, k in zip(cells, choice, strict=True))
        if any(choice) and judge(values):
            return choice
    return None


def _alternative_text(
    ctx: AuditContext, cells: list[ParsedNumber], choice: tuple[int, ...]
) -> dict[str, str]:
    changed = [
        (c.raw.strip(), plain_number(ctx, c.readings[k].value, c.readings[k].decimals))
        for c, k in zip(cells, choice, strict=True)
        if k
    ]
    as_id = ", ".join(f"{raw} dibaca {text}" for raw, text in changed)
    as_en = ", ".join(f"{raw} read as {text}" for raw, text in changed)
    return {
        "alternative_id": f"; bila {as_id}, nilainya wajar",
        "alternative_en": f"; with {as_en}, it would be plausible",
    }


def _gx_native_for(rule: Rule) -> str | None:
    """The factor test compares two columns by a ratio band: GX has no such expectation."""
    return "gx_native_factor" if KIND.params_of(rule).test == "factor" else None


def _gx_expectations(rule: Rule, known: set[str], rounding: Rounding) -> list[dict[str, Any]]:
    p = KIND.params_of(rule)
    value = next((c for c in p.value if c in known), None)
    other = next((c for c in p.other if c in known), None)
    if p.test == "band":
        if value is None:
            return []
        between = "expect_column_values_to_be_between"
        return [expectation(between, rule, value, column=value, min_value=p.min, max_value=p.max)]
    if value is None or other is None:
        return []
    return [  # at_most: value ≤ other
        expectation(
            "expect_column_pair_values_a_to_be_greater_than_b",
            rule,
            value,
            column_A=other,
            column_B=value,
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        )
    ]


KIND = CheckKind(
    name="plausible_range",
    params=PlausibleRangeParams,
    evaluate=evaluate,
    summary="A value lies in a plausible band, two values are not ~100x apart, or one does not "
    "exceed another.",
    gx=GxMapping(_gx_expectations, native_for=_gx_native_for),
    placeholders=("min", "max", "factor", "other", "alternative"),
)
