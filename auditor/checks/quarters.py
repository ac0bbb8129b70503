"""Quarters: a quarterly table's annual realisation reconciles with its quarter columns.

A quarterly table (TW I–IV) prints the realisation per quarter, or cumulative to each
quarter ("s.d. TW II", "kumulatif"), and often the year's figure beside them. Cumulative
columns end at the year's figure: realisasi = TW IV. Quarters on their own add up to it for
counts (realisasi = TW I + … + TW IV); a percentage or an index per quarter does not add up,
so rows printing "%" or a percentage unit are not tested, nor rows missing a quarter.
The quarter columns are never the year's realisation (the profile maps them to tw_1…tw_4).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from auditor.checks import CheckKind
from auditor.checks.cells import AuditContext
from auditor.checks.hierarchical_sum import Summand, across_outcome, summand
from auditor.findings import Outcome
from auditor.schema.params import QuartersParams

if TYPE_CHECKING:
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule

QUARTERS = ("tw_1", "tw_2", "tw_3", "tw_4")
CUMULATIVE_RE = re.compile(r"\bs\.?\s?d\.?\b|sampai|kumulatif", re.IGNORECASE)
PERCENT_RE = re.compile(r"%|persen", re.IGNORECASE)


def is_cumulative(dataset: Dataset) -> bool:
    """Whether the quarter columns' headers say they are cumulative."""
    return any(
        CUMULATIVE_RE.search(column.label) for q in QUARTERS if (column := dataset.column(q))
    )


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    cumulative = KIND.params_of(rule).cumulative
    for ordinal, dataset in ctx.datasets(rule.tables):
        if not dataset.column("realisasi") or not all(dataset.column(q) for q in QUARTERS):
            continue
        if is_cumulative(dataset) != cumulative:
            continue
        for i in range(len(dataset.records)):
            outcome = _row(rule, ctx, ordinal, dataset, i, cumulative)
            if outcome is not None:
                yield outcome


def _row(
    rule: Rule, ctx: AuditContext, ordinal: int, dataset: Dataset, i: int, cumulative: bool
) -> Outcome | None:
    record = dataset.records[i]
    year = summand(ctx, dataset, i, "realisasi", False)
    quarters = [summand(ctx, dataset, i, q, False) for q in QUARTERS]
    if year is None or any(q is None for q in quarters):
        return None
    parts: list[Summand] = [q for q in quarters if q is not None]
    names = list(QUARTERS)
    if cumulative:
        parts, names = parts[-1:], names[-1:]
    else:
        texts = [record.get("satuan") or "", *(str(record.get(f"{c}__raw")) for c in QUARTERS)]
        if any(PERCENT_RE.search(t) for t in [*texts, year.raw]):
            return None
    return across_outcome(rule, ctx, ordinal, dataset, i, "realisasi", year, names, parts)


KIND = CheckKind(
    name="quarters",
    params=QuartersParams,
    evaluate=evaluate,
    summary="A quarterly table's annual realisation equals its last cumulative quarter, or the "
    "sum of its quarters for counts.",
    gx="gx_native_quarters",
    rounding_sensitive=True,
    placeholders=("count", "difference", "header"),
)
