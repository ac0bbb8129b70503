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

from bisect import bisect_left
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from auditor.arith import ZERO
from auditor.checks import CheckKind, GxMapping
from auditor.checks.cells import AuditContext, number
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


class _Levels:
    """`top_level` of the rows above a total, for every total of a table at the cost of one
    pass: the shallowest printed level of each prefix of the table, and each level's rows."""

    def __init__(self, dataset: Dataset, column: str) -> None:
        self.ranks = [_rank(r) for r in dataset.records]
        self.lowest: list[int | None] = [None]  # lowest[t]: min valued rank among rows < t
        self.rows: dict[int, list[int]] = {}  # rank -> its rows, in order
        for i, rank in enumerate(self.ranks):
            lowest = self.lowest[-1]
            if rank is not None:
                self.rows.setdefault(rank, []).append(i)
                if has_value(dataset, i, column) and (lowest is None or rank < lowest):
                    lowest = rank
            self.lowest.append(lowest)

    def below(self, t: int) -> list[int]:
        """top_level(dataset, list(range(t)), column)."""
        level = self.lowest[t]
        if level is None:
            return []
        rows = self.rows[level]
        return rows[: bisect_left(rows, t)]


def _candidates(
    dataset: Dataset, column: str
) -> Iterator[tuple[int, list[Callable[[], list[int]]]]]:
    """Each total row with the row sets it may sum in `column`, most specific first: its
    own rows (since the previous total), then for a later total the whole table above it.
    Each set is worked out when asked for."""
    totals = [i for i, r in enumerate(dataset.records) if r.get("role") == "total"]
    levels = _Levels(dataset, column) if len(totals) > 1 else None
    for n, t in enumerate(totals):
        start = totals[n - 1] + 1 if n else 0
        own = partial(top_level, dataset, list(range(start, t)), column)
        sets: list[Callable[[], list[int]]] = [own]
        if n and levels is not None:
            sets.append(partial(levels.below, t))
        if t == start:  # a total printed above its rows ("TOTAL" first): the rows below it
            end = totals[n + 1] if n + 1 < len(totals) else len(dataset.records)
            sets.append(partial(top_level, dataset, list(range(t + 1, end)), column))
        sets.append(partial(_subtotalled_of, dataset, own, column))
        yield t, sets


def _subtotalled_of(dataset: Dataset, rows: Callable[[], list[int]], column: str) -> list[int]:
    return subtotalled(dataset, rows(), column)


def subtotalled(dataset: Dataset, rows: list[int], column: str) -> list[int]:
    """`rows` read as subtotals over uncoded items ("Belanja Operasi" over "Belanja
    Pegawai", "Belanja Barang dan Jasa"): every row that equals the run of rows right below
    it, within their printed precision, stands for that run; [] when no row does."""
    values = [(i, cell) for i in rows if (cell := number(dataset, i, column)) is not None]
    if len(values) != len(rows):
        return []
    kept: list[int] = []
    k = 0
    while k < len(values):
        head, cell = values[k]
        kept.append(head)
        run = ZERO
        for j in range(k + 1, len(values)):
            run += values[j][1].value or ZERO
            step = Decimal(1).scaleb(-min(c.decimals for _, c in values[k : j + 1]))
            if abs(run - (cell.value or ZERO)) <= step * (j - k):
                k = j
                break
        k += 1
    return kept if len(kept) < len(rows) else []


def items(dataset: Dataset, column: str) -> dict[int, list[list[int]]]:
    """Total row → the item rows it may sum in `column`, most specific candidate first."""
    return {
        t: candidates
        for t, sets in _candidates(dataset, column)
        if (candidates := [parts for rows in sets if (parts := rows())])
    }


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    for ordinal, dataset in ctx.datasets(rule.tables):
        columns = [c for c in KIND.params_of(rule).columns if dataset.column(c)]
        yield from judge_totals(rule, ctx, ordinal, dataset, columns)


def judge_totals(
    rule: Rule, ctx: AuditContext, ordinal: int, dataset: Dataset, columns: list[str]
) -> Iterator[Outcome]:
    """One outcome per (total row, column) of `dataset` among `columns`: the first
    candidate sum that holds, else the first that could be tested."""
    by_column = {column: dict(_candidates(dataset, column)) for column in columns}
    totals = sorted({t for candidates in by_column.values() for t in candidates})
    for t in totals:
        for column in columns:
            outcome = _judged(rule, ctx, ordinal, dataset, t, column, by_column[column])
            if outcome is not None:
                yield outcome


def _judged(
    rule: Rule,
    ctx: AuditContext,
    ordinal: int,
    dataset: Dataset,
    t: int,
    column: str,
    candidates: dict[int, list[Callable[[], list[int]]]],
) -> Outcome | None:
    """The first candidate sum that holds, else the first that could be tested; the later
    candidates are not worked out once one holds."""
    first = None
    for rows in candidates.get(t, []):
        parts = rows()
        outcome = sum_outcome(rule, ctx, ordinal, dataset, t, parts, column) if parts else None
        if outcome is not None and outcome.passed:
            return outcome
        first = first or outcome
    return first


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
