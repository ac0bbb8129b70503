"""Ratio per year: a multi-year table's achievement of each past year from that year's cells.

A table that repeats TARGET / REALISASI / CAPAIAN under each year ("TAHUN 2022", "TAHUN
2023", …) has, besides the report year's columns (the `ratio` check's), the columns
`capaian_2022`, `realisasi_2022`, `target_2022`, …: each year's achievement is computed from
its own year's cells, never from another year's. This check runs the `ratio` check once per
such year, with the rule's columns given that year's suffix, so the formulas, polarity and
tolerances are the same; its outcomes carry the rule as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from auditor.checks import CheckKind, ratio
from auditor.checks.cells import AuditContext
from auditor.findings import Outcome
from auditor.schema.params import RatioParams

if TYPE_CHECKING:
    from auditor.rules import Rule


def _years(ctx: AuditContext, rule: Rule, params: RatioParams) -> list[int]:
    """The years whose value, numerator and denominator columns a table of the rule's kinds
    prints with a year suffix."""
    years: set[int] = set()
    for _, dataset in ctx.datasets(rule.tables):
        for column in dataset.columns:
            if column.year is None or column.name != f"{params.value}_{column.year}":
                continue
            base = (params.numerator, params.denominator)
            if all(dataset.column(f"{c}_{column.year}") for c in base):
                years.add(column.year)
    return sorted(years)


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    params = KIND.params_of(rule)
    for year in _years(ctx, rule, params):
        dated = params.model_copy(
            update={
                name: f"{getattr(params, name)}_{year}"
                for name in ("value", "numerator", "denominator")
            }
        )
        for outcome in ratio.evaluate(rule.model_copy(update={"params": dated}), ctx):
            yield replace(outcome, rule=rule)


KIND = CheckKind(
    name="ratio_per_year",
    params=RatioParams,
    evaluate=evaluate,
    summary="In a multi-year table, each past year's percentage equals that year's numerator "
    "/ denominator × scale (or a negative-polarity formula), within printed precision.",
    gx="gx_native_ratio_per_year",
    rounding_sensitive=True,
    placeholders=ratio.KIND.placeholders,
)
