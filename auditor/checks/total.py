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
from typing import TYPE_CHECKING

from auditor.checks import Param
from auditor.checks.cells import AuditContext
from auditor.checks.hierarchical_sum import has_value, sum_outcome
from auditor.findings import Outcome

if TYPE_CHECKING:
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule

ROUNDING_SENSITIVE = True
# Uncoded rows rank below every numbered level.
UNCODED = 1_000

PARAMS = {
    "columns": Param("columns"),
    "dash_as_zero": Param("bool", required=False, default=True),
}


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
        columns = [c for c in rule.params["columns"] if dataset.column(c)]
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
