"""Footing: any table's JUMLAH/TOTAL row equals the sum of its rows, a RATA-RATA row their mean.

Whatever the table's kind (staff by rank, visits, revenue: tabulations no other rule knows),
a total is footed in every number column whose meaning adds up: not one whose header names
a percentage, ratio, rate, year or code (`not_summed`), nor one whose cells print "%". The
rows a total sums are found as for the `total` check (its own rows since the previous
total, else the whole table above; the top level when there are subtotals). A mean row is
compared, in every number column, with the mean of the rows above it, each printed figure
taken as the interval it stands for and the mean read as rounded or truncated; a weighted
mean is not guessed, so the bundled mean rule is a warning. A row's own total column
("Laki-laki | Perempuan | Jumlah") is footed across, once most rows show it is that sum.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from auditor.arith import as_printed, exact_sum, minus, printed_interval, sum_intervals
from auditor.checks import CheckKind
from auditor.checks.cells import AuditContext, ref
from auditor.checks.hierarchical_sum import across_outcome, summand
from auditor.checks.total import judge_totals, top_level
from auditor.findings import Outcome
from auditor.schema.params import FootingParams

# A row's own total column: "Jumlah", "Total", "Jumlah (orang)"; not "Jumlah Indikator".
TOTAL_COLUMN_RE = re.compile(r"^(?:jumlah|total)(?:\s*\(.*\))?$")

if TYPE_CHECKING:
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule


def _summed_columns(dataset: Dataset, params: FootingParams) -> list[str]:
    """The number columns whose header meaning adds up and whose cells print no '%'."""
    return [
        column.name
        for column in dataset.columns
        if column.type == "number"
        and not any(p.search(" ".join(column.label.split())) for p in params.not_summed)
        and not any("%" in str(r.get(f"{column.name}__raw") or "") for r in dataset.records)
    ]


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    params = KIND.params_of(rule)
    for ordinal, dataset in ctx.datasets(rule.tables):
        if params.test == "mean":
            yield from _means(rule, ctx, ordinal, dataset)
        elif params.test == "across":
            yield from _across(rule, ctx, ordinal, dataset, _summed_columns(dataset, params))
        else:
            yield from judge_totals(rule, ctx, ordinal, dataset, _summed_columns(dataset, params))


def _across(
    rule: Rule, ctx: AuditContext, ordinal: int, dataset: Dataset, columns: list[str]
) -> Iterator[Outcome]:
    """A row's own total column ("Golongan | Laki-laki | Perempuan | Jumlah"): the last
    summed column titled JUMLAH/TOTAL against the summed columns before it. Judged only when
    it holds in most rows: otherwise that column totals something else (not every column
    before it), and saying so would be a guess."""
    totals = [c for c in columns if TOTAL_COLUMN_RE.match(_label(dataset, c))]
    if not totals or totals[-1] != columns[-1]:
        return
    subject, parts = columns[-1], [c for c in columns[:-1] if c not in totals]
    if len(parts) < 2:
        return
    dash = KIND.params_of(rule).dash_as_zero
    outcomes = []
    for i, record in enumerate(dataset.records):
        if record.get("role") == "mean":
            continue
        cell = summand(ctx, dataset, i, subject, dash)
        cells = [summand(ctx, dataset, i, c, dash) for c in parts]
        if cell is not None and all(c is not None for c in cells):
            summands = [c for c in cells if c is not None]
            outcomes.append(
                across_outcome(rule, ctx, ordinal, dataset, i, subject, cell, parts, summands)
            )
    if sum(o.passed for o in outcomes) * 2 > len(outcomes):
        yield from outcomes


def _label(dataset: Dataset, column: str) -> str:
    mapped = dataset.column(column)
    return " ".join(mapped.label.lower().split()) if mapped else ""


def _means(rule: Rule, ctx: AuditContext, ordinal: int, dataset: Dataset) -> Iterator[Outcome]:
    start = 0
    for m, record in enumerate(dataset.records):
        if record.get("role") != "mean":
            continue
        for column in (c.name for c in dataset.columns if c.type == "number"):
            outcome = _mean_outcome(rule, ctx, ordinal, dataset, m, range(start, m), column)
            if outcome is not None:
                yield outcome
        start = m + 1


def _mean_outcome(
    rule: Rule,
    ctx: AuditContext,
    ordinal: int,
    dataset: Dataset,
    m: int,
    rows: range,
    column: str,
) -> Outcome | None:
    """The mean row's cell against the mean of the rows' cells; None when not testable."""
    dash_as_zero = KIND.params_of(rule).dash_as_zero
    subject = summand(ctx, dataset, m, column, dash_as_zero)
    parts_rows = top_level(dataset, list(rows), column)
    parts = [summand(ctx, dataset, i, column, dash_as_zero) for i in parts_rows]
    if subject is None or subject.number.kind == "dash" or not parts:
        return None
    if any(p is None for p in parts):
        return None
    summands = [p for p in parts if p is not None]
    n = Decimal(len(summands))
    implied = sum_intervals([p.intervals[0] for p in summands]).scale(1 / n)
    printed = printed_interval(subject.value, subject.decimals, "either")
    mean = exact_sum(p.value for p in summands) / n
    return Outcome(
        rule=rule,
        passed=implied.intersects(printed),
        subject=ref(ordinal, dataset, m, column),
        related=tuple(ref(ordinal, dataset, i, column) for i in parts_rows),
        reported=subject.raw,
        expected=ctx.fmt(as_printed(mean, subject.decimals, "round"), subject.decimals),
        interval=implied,
        params={
            "header": mapped.label if (mapped := dataset.column(column)) else column,
            "count": str(len(summands)),
            "difference": ctx.fmt(minus(subject.value, mean), subject.decimals),
        },
    )


KIND = CheckKind(
    name="footing",
    params=FootingParams,
    evaluate=evaluate,
    summary="Any table's total row (JUMLAH, TOTAL) equals the sum of its rows in each column "
    "that adds up; a mean row (RATA-RATA) equals their mean.",
    gx="gx_native_footing",
    rounding_sensitive=True,
    placeholders=("count", "difference", "header"),
)
