"""Achieved count: "6 dari 8 indikator tercapai" equals the achievement tables.

The prose's count of indicators that reached their target (recognise/achieved.py) is
compared with the achievement tables: a table (or all of them, each indicator once by name)
that has as many indicators with a printed achievement as the claim's total is the one the
claim speaks of, and the claim's achieved count must equal its rows whose achievement is at
least `threshold`. A claim whose total no table has speaks of something else and is not
tested.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from auditor.arith import Interval
from auditor.checks import CheckKind
from auditor.checks.cells import AuditContext, number, ref
from auditor.findings import Outcome
from auditor.model import CellRef
from auditor.recognise.achieved import AchievedClaim, achieved_claims
from auditor.recognise.claims import excerpt
from auditor.recognise.names import name_key
from auditor.schema.params import AchievedCountParams

if TYPE_CHECKING:
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule

# (dataset ordinal, dataset, the rows with a printed achievement)
Source = tuple[int, "Dataset", list[int]]


def _rows(dataset: Dataset, column: str) -> list[int]:
    return [
        i
        for i, record in enumerate(dataset.records)
        if record.get("role") not in ("total", "mean") and number(dataset, i, column) is not None
    ]


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    p = KIND.params_of(rule)
    sources = [
        (ordinal, dataset, rows)
        for ordinal, dataset in ctx.datasets(rule.tables)
        if dataset.column(p.value) and (rows := _rows(dataset, p.value))
    ]
    if not sources:
        return
    for claim in achieved_claims(ctx.recognition.document):
        outcome = _outcome(rule, claim, sources, Decimal(str(p.threshold)))
        if outcome is not None:
            yield outcome


def _achieved(dataset: Dataset, rows: list[int], column: str, threshold: Decimal) -> set[int]:
    return {i for i in rows if (cell := number(dataset, i, column)) and cell.amount >= threshold}


def _outcome(
    rule: Rule, claim: AchievedClaim, sources: list[Source], threshold: Decimal
) -> Outcome | None:
    column = KIND.params_of(rule).value
    counts: list[tuple[int, Source]] = []
    for source in sources:
        _, dataset, rows = source
        if len(rows) == claim.total:
            counts.append((len(_achieved(dataset, rows, column, threshold)), source))
    # All tables together, each indicator once (by name).
    names: dict[str, bool] = {}
    for _, dataset, rows in sources:
        reached = _achieved(dataset, rows, column, threshold)
        for i in rows:
            names.setdefault(name_key(str(dataset.records[i].get("label") or "")), i in reached)
    if len(sources) > 1 and len(names) == claim.total:
        counts.append((sum(names.values()), sources[0]))
    if not counts:
        return None  # no table has as many indicators: the claim is about something else
    passed = any(n == claim.achieved for n, _ in counts)
    expected, (ordinal, dataset, rows) = counts[0]
    return Outcome(
        rule=rule,
        passed=passed,
        subject=CellRef.prose(claim.location, column, f"{claim.achieved}/{claim.total}"),
        related=(ref(ordinal, dataset, rows[0], column), ref(ordinal, dataset, rows[-1], column)),
        reported=str(claim.achieved),
        expected=str(expected),
        interval=Interval.point(Decimal(expected)),
        params={
            "total": str(claim.total),
            "threshold": str(threshold),
            "reference_table": dataset.id,
            "sentence": excerpt(claim.sentence, claim.start),
        },
    )


KIND = CheckKind(
    name="achieved_count",
    params=AchievedCountParams,
    evaluate=evaluate,
    summary='A count of achieved indicators the prose states ("6 dari 8 indikator tercapai") '
    "equals the achievement tables.",
    gx="gx_native_prose",
    constrains_values=False,
    placeholders=("total", "threshold", "reference_table", "sentence"),
)
