"""Reading cells of recognised datasets: references, parsed numbers, printed intervals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from auditor.arith import Interval, Rounding, printed_interval
from auditor.findings import CellRef
from auditor.numbers import ParsedNumber, format_number

if TYPE_CHECKING:
    from auditor.recognise.tables import Dataset, Recognition


@dataclass
class AuditContext:
    recognition: Recognition
    rounding: Rounding  # how the document turns exact values into printed ones

    def datasets(self, kinds: tuple[str, ...]) -> list[tuple[int, Dataset]]:
        """(ordinal, dataset) for the recognised tables of the given kinds."""
        return [(n, d) for n, d in enumerate(self.recognition.datasets) if d.kind in kinds]

    def fmt(self, value: Decimal, decimals: int) -> str:
        return format_number(value, decimals, self.recognition.convention)


def ref(ordinal: int, dataset: Dataset, i: int, column: str | None) -> CellRef:
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


def interval(dataset: Dataset, i: int, column: str, rounding: Rounding) -> Interval | None:
    cell = number(dataset, i, column)
    if cell is None or cell.value is None:
        return None
    return printed_interval(cell.value, cell.decimals, rounding, is_exact(dataset, column))
