"""The recognised tables as flat frames for Great Expectations, and their CSV form.

One frame row per table row. Besides the row's identity (`table`, `row_key`, `label`, `key`,
`level`, `role`), every numeric column C holds the cell's primary reading as a `Decimal`
that keeps its printed decimals (86,10 → Decimal("86.10")): GX's built-in expectations
compare numbers, ours read the printed precision from the exponent. Cells that are not
numbers (N/A, text, a dash) are empty. What one number cannot say goes into companions:

- `C__alt`: the cell's other readings, "|"-joined (9.403 in a report that also prints
  1.234,5 reads 9403 or 9,403), or "-" when the cell is a dash;
- `exact_columns`: the row's columns that are exact by nature (whole Rupiah), space-separated;
- `C__children` / `C__items`: on rows that are a sum of other rows (a parent, a total), the
  summed cells as JSON: candidate lists of cells, each cell written as its readings
  ("9403|9.403"), "-" for a dash, null when it is not a number.

In CSV every value is text; `read_csv` turns the numeric columns back into `Decimal`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from auditor.checks.cells import parsed
from auditor.checks.gx_mapping import ALT, CHILDREN_HELPER, EXACT, ITEMS_HELPER
from auditor.checks.hierarchical_sum import children
from auditor.checks.total import items
from auditor.output import csv_text_read

if TYPE_CHECKING:
    from auditor.numbers import ParsedNumber, Reading
    from auditor.recognise.tables import Dataset

IDENTITY = ("table", "row_key", "label", "key", "level", "role")
DASH = "-"
# Helper columns of the sum expectations: suffix → the rows a row sums, per column.
PART_HELPERS = {
    CHILDREN_HELPER: lambda dataset, column: {i: [rows] for i, rows in children(dataset).items()},
    ITEMS_HELPER: items,
}


def table_keys(datasets: list[Dataset]) -> list[str]:
    """A unique key per table: its id (caption number), "#2", "#3" added to repeats."""
    seen: Counter[str] = Counter()
    keys = []
    for dataset in datasets:
        seen[dataset.id] += 1
        keys.append(dataset.id if seen[dataset.id] == 1 else f"{dataset.id}#{seen[dataset.id]}")
    return keys


def row_key(table: str, dataset: Dataset, i: int) -> str:
    """A row's stable key: its table's key and its row number in that table."""
    return f"{table}:{int(dataset.records[i]['row'])}"


def numeric_columns(dataset: Dataset) -> list[str]:
    return [c.name for c in dataset.columns if dataset.has_field(f"{c.name}__parsed")]


def reading_text(reading: Reading) -> str:
    return f"{reading.value:.{reading.decimals}f}"


def cell_text(cell: ParsedNumber | None) -> str | None:
    """A cell as the sum helpers write it: its readings "|"-joined, "-", or None."""
    if cell is None:
        return None
    if cell.kind == "dash":
        return DASH
    if not cell.is_number or cell.value is None:
        return None
    return "|".join(reading_text(r) for r in cell.readings)


def dataset_frame(dataset: Dataset, table: str, helpers: Iterable[str] = ()) -> pd.DataFrame:
    """The GX frame of one recognised table, keyed `table` (see `table_keys`); `helpers`
    names the sum helper columns (e.g. "anggaran__children") to add."""
    columns = numeric_columns(dataset)
    exact = " ".join(c.name for c in dataset.columns if c.exact)
    rows: list[dict] = []
    for i, record in enumerate(dataset.records):
        row: dict[str, object] = {
            "table": table,
            "row_key": row_key(table, dataset, i),
            **{k: _text(record.get(k)) for k in IDENTITY[2:]},
            EXACT: exact,
        }
        for column in columns:
            cell = parsed(dataset, i, column)
            text = cell_text(cell)
            readings = text.split("|") if text and text != DASH else []
            row[column] = Decimal(readings[0]) if readings else None
            row[column + ALT] = DASH if text == DASH else "|".join(readings[1:]) or None
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[*IDENTITY, EXACT, *_value_columns(columns)])
    for helper in helpers:
        column, suffix = _split_helper(helper)
        if column in columns:
            frame[helper] = _parts_column(dataset, column, PART_HELPERS[suffix])
    return frame


def _value_columns(columns: list[str]) -> list[str]:
    return [name for c in columns for name in (c, c + ALT)]


def _split_helper(helper: str) -> tuple[str, str]:
    suffix = next(s for s in PART_HELPERS if helper.endswith(s))
    return helper.removesuffix(suffix), suffix


def _parts_column(
    dataset: Dataset, column: str, rows_of: Callable[[Dataset, str], dict[int, list[list[int]]]]
) -> list[str | None]:
    candidates = rows_of(dataset, column)
    return [
        json.dumps(
            [[cell_text(parsed(dataset, r, column)) for r in rows] for rows in candidates[i]],
            ensure_ascii=False,
        )
        if i in candidates
        else None
        for i in range(len(dataset.records))
    ]


def _text(value: object) -> str | None:
    return None if value is None or value != value else str(value)  # NaN is not text


def kind_frame(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The frames of one table kind's tables as one (columns: the union, in first-seen order)."""
    columns = list(dict.fromkeys(c for f in frames for c in f.columns))
    return pd.concat([f.reindex(columns=columns) for f in frames], ignore_index=True)


def read_csv(path: str | Path) -> pd.DataFrame:
    """A frame exported as CSV (`auditor.gx.export`), numbers back as `Decimal` with their
    printed decimals."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).map(csv_text_read)  # export's
    frame = frame.astype(object).where(frame != "", None)
    for column in frame.columns:
        if _is_numeric(frame, column):
            values = [None if v is None else Decimal(v) for v in frame[column]]
            frame[column] = pd.Series(values, index=frame.index, dtype=object)
    return frame


def _is_numeric(frame: pd.DataFrame, column: str) -> bool:
    return column + ALT in frame.columns  # every number column has its companion
