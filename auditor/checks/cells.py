"""Reading cells of recognised datasets: references, parsed numbers, printed intervals."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from auditor.arith import Interval, Rounding, printed_interval
from auditor.model import CellRef
from auditor.numbers import ParsedNumber, format_number
from auditor.recognise.profiles import ALL_TABLES
from auditor.recognise.tables import YEAR_RE
from auditor.recognise.units import factor, is_money, unit_key

if TYPE_CHECKING:
    from auditor.checks.coverage import BlockedCell
    from auditor.constraints import CellKey
    from auditor.recognise.tables import Dataset, MappedColumn, Recognition


@dataclass
class AuditContext:
    recognition: Recognition
    rounding: Rounding  # how the document turns exact values into printed ones
    # Malformed value cells and what they kept from being checked: worked out by the
    # engine once the value rules have run, read by the coverage rules.
    blocked: dict[CellKey, BlockedCell] = field(default_factory=dict)

    def datasets(self, kinds: Collection[str]) -> list[tuple[int, Dataset]]:
        """(ordinal, dataset) for the tables of the given kinds (all of them for "*")."""
        every = ALL_TABLES in kinds
        return [(n, d) for n, d in enumerate(self.recognition.datasets) if every or d.kind in kinds]

    def fmt(self, value: Decimal, decimals: int) -> str:
        return format_number(value, decimals, self.recognition.convention)


def ref(ordinal: int, dataset: Dataset, i: int, column: str | None) -> CellRef:
    """The reference to a cell, made once per cell: the rules and rounding passes that
    name a cell share one (immutable) reference instead of each making its own."""
    made = dataset.refs.get((ordinal, i, column))
    if made is None:
        made = dataset.refs[(ordinal, i, column)] = _ref(ordinal, dataset, i, column)
    return made


def _ref(ordinal: int, dataset: Dataset, i: int, column: str | None) -> CellRef:
    row = dataset.records[i]
    key = row.get("key")
    line = row.get("line")
    page = row.get("page")
    return CellRef(
        table=dataset.id,
        row=key if isinstance(key, str) else str(int(row["row"])),
        column=column,
        line=int(line) if line == line and line is not None else None,
        page=int(page) if page == page and page is not None else None,
        dataset=ordinal,
        frame_row=i,
        label=str(row.get("label") or ""),
        source=row.get(f"{column}__loc") if column else None,
    )


def parsed(dataset: Dataset, i: int, column: str) -> ParsedNumber | None:
    value = dataset.records[i].get(f"{column}__parsed")
    return value if isinstance(value, ParsedNumber) else None


def number(dataset: Dataset, i: int, column: str) -> ParsedNumber | None:
    """The parsed cell if it holds a number (not N/A, text, dash or an ordinal)."""
    cell = parsed(dataset, i, column)
    return cell if cell is not None and cell.is_number else None


def is_exact(dataset: Dataset, column: str) -> bool:
    mapped = dataset.column(column)
    return bool(mapped and mapped.exact)


def exponent(dataset: Dataset, column: str) -> int | None:
    """The column's money unit as a power of ten (3: Rp 000); None when none is stated."""
    mapped = dataset.column(column)
    return mapped.exponent if mapped else None


def unit_unstated(dataset: Dataset, column: str) -> bool:
    """A money column whose unit nothing in the report states (whole Rupiah assumed)."""
    mapped = dataset.column(column)
    if mapped is None or mapped.exponent is not None:
        return False
    spec = dataset.profile.column(YEAR_SUFFIX_RE.sub("", mapped.name)) if dataset.profile else None
    return bool(spec and spec.amount) or is_money(mapped.label)


def stated_unit(dataset: Dataset, i: int, column: str = "satuan") -> tuple[str, str] | None:
    """The unit a row's `Satuan` cell states, by meaning (`units.unit_key`); None when the
    table has no such column or the text is not a unit known."""
    if not dataset.column(column):
        return None
    return unit_key(str(dataset.records[i].get(f"{column}__raw") or ""))


def amount_interval(
    value: Decimal, decimals: int, scale: int, exact: bool, rounding: Rounding
) -> Interval:
    """A printed amount in whole Rupiah: a scaled one (Rp 000) stands for any value that
    rounds or truncates to it, whatever the document does with its percentages."""
    if not scale:
        return printed_interval(value, decimals, rounding, exact)
    return printed_interval(value, decimals, "either").scale(factor(scale))


def interval(dataset: Dataset, i: int, column: str, rounding: Rounding) -> Interval | None:
    cell = number(dataset, i, column)
    if cell is None or cell.value is None:
        return None
    return printed_interval(cell.value, cell.decimals, rounding, is_exact(dataset, column))


YEAR_SUFFIX_RE = re.compile(r"_[0-9]{4}$")
YEAR_RANGE_RE = re.compile(r"\b(?:19|20)[0-9]{2}\s*[-\u2013\u2014/]\s*(?:19|20)[0-9]{2}\b")


def report_year(ctx: AuditContext) -> int | None:
    """The year reported on: the achievement tables' target year, else the captions' year."""
    years = Counter(
        c.year
        for _, d in ctx.datasets(("capaian",))
        for c in d.columns
        if c.year and re.fullmatch(r"target(?:_[0-9]{4})?", c.name)
    )
    if not years:
        # "Renstra 2021-2026" names a period, not the year reported on.
        years = Counter(
            int(y)
            for d in ctx.recognition.datasets
            if d.table.caption
            for y in YEAR_RE.findall(YEAR_RANGE_RE.sub(" ", d.table.caption.text))
        )
    return max(years, key=lambda y: (years[y], y)) if years else None


def year_columns(dataset: Dataset, base: str) -> list[MappedColumn]:
    """The columns named `base` or `base_<year>` (one per year in multi-year tables)."""
    pattern = re.compile(rf"{re.escape(base)}(?:_[0-9]{{4}})?")
    return [c for c in dataset.columns if pattern.fullmatch(c.name)]


def resolve_column(dataset: Dataset, base: str, year: int | None) -> str | None:
    """The column holding `base` for the report year: `base`, `base_<year>` or none."""
    candidates = year_columns(dataset, base)
    same_year = [c for c in candidates if year is not None and c.year == year]
    undated = [c for c in candidates if c.year is None]
    chosen = same_year or undated
    return chosen[0].name if chosen else None
