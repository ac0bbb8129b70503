"""Total: a stated total row ("TOTAL ANGGARAN", "Jumlah") equals the sum of its items.

The items are the table's top level in that column: the sections (A., B.) when they carry
amounts, else the shallowest numbered rows that do, else uncoded rows with amounts — so a
total is never compared with programs and their own kegiatan at once. A total sums the rows
since the previous total row; a later total with nothing of its own above it (a grand
total under subtotals) sums the whole table, and one after its own rows may be either.
Cells printed "-" count as zero when `dash_as_zero` (a program without budget before a
revision). One outcome per (total row, column); the arithmetic is `sum_outcome`'s.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from auditor.checks import CheckKind, GxMapping
from auditor.checks.cells import AuditContext
from auditor.checks.gx_mapping import ITEMS_HELPER
from auditor.checks.hierarchical_sum import gx_sum_expectations, has_value, sum_outcome
from auditor.findings import Outcome
from auditor.schema.params import SumParams

if TYPE_CHECKING:
    from auditor.arith import Rounding
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule

# Uncoded rows rank below every numbered level.
UNCODED = 1_000


def _rank(record: dict) -> int | None:
    """Nesting level of a row that can be an item of a total; None for totals and blanks."""
    role = record.get("role")
    depth = record.get("depth")
    if role in ("section", "item") and depth == depth and depth is not None:
        return int(depth)
    return UNCODED if role == "group" else None


def top_level(dataset: Dataset, rows: list[int], column: str) -> list[int]:
    """The rows of the shallowest level that prints an amount in `column`."""
    ranks = {i: _rank(dataset.records[i]) for i in rows}
    valued = [r for i, r in ranks.items() if r is not None and has_value(dataset, i, column)]
    if not valued:
        return []
    level = min(valued)
    return [i for i, r in ranks.items() if r == level]


def _candidates(dataset: Dataset, total_rows: list[int], n: int) -> list[list[int]]:
    """Row sets the n-th total row may sum, most specific first."""
    t = total_rows[n]
    start = total_rows[n - 1] + 1 if n else 0
    own = list(range(start, t))
    return [own, list(range(t))] if n else [own]


def items(dataset: Dataset, column: str) -> dict[int, list[list[int]]]:
    """Total row → the item rows it may sum in `column`, most specific candidate first."""
    totals = [i for i, r in enumerate(dataset.records) if r.get("role") == "total"]
    return {
        t: candidates
        for n, t in enumerate(totals)
        if (
            candidates := [
                parts
                for rows in _candidates(dataset, totals, n)
                if (parts := top_level(dataset, rows, column))
            ]
        )
    }


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    for ordinal, dataset in ctx.datasets(rule.tables):
        columns = [c for c in KIND.params_of(rule).columns if dataset.column(c)]
        by_column = {column: items(dataset, column) for column in columns}
        totals = sorted({t for candidates in by_column.values() for t in candidates})
        for t in totals:
            for column in columns:
                outcomes = [
                    sum_outcome(rule, ctx, ordinal, dataset, t, parts, column)
                    for parts in by_column[column].get(t, [])
                ]
                tested = [o for o in outcomes if o is not None]
                if tested:
                    yield next((o for o in tested if o.passed), tested[0])


def _gx_expectations(rule: Rule, known: set[str], rounding: Rounding) -> list[dict[str, Any]]:
    return gx_sum_expectations(rule, known, rounding, ITEMS_HELPER)


KIND = CheckKind(
    name="total",
    params=SumParams,
    evaluate=evaluate,
    summary="A stated total row (JUMLAH, TOTAL) equals the sum of the items it totals.",
    gx=GxMapping(_gx_expectations),
    rounding_sensitive=True,
    placeholders=("count", "difference", "header"),
)
