"""Reader for Excel workbooks (.xlsx, .xlsm): reports, or their annexes, kept as worksheets.

Each visible worksheet, in workbook order, becomes blocks the way a reader of the sheet
sees it:

* Rows holding values form runs, separated by empty rows and cut before a caption row
  ("Tabel 4.2 ..." alone in its row). In a run, the rows with one filled cell before the
  first and after the last row with several are prose (a caption in A1, merged across the
  width; a note under the table); the rows between them are one table, trimmed to its own
  filled columns. A run without a row of several cells is prose only.
* A merged cell's value stays in its top-left cell and the cells it covers are empty, as
  in the text form ("TAHUN 2023" "" "" over TARGET / REALISASI / CAPAIAN).
* A formula reads as the value Excel or LibreOffice cached when it last saved the file. A
  formula never calculated (a workbook written by a library and not opened since) has no
  cached value: its cell reads as empty, like a blank cell, so the checks treat it as one
  (the required-value rules report it in the tables they cover).
* Hidden sheets are skipped; hidden rows and columns are read (a SUM counts them too).
* Numbers are written as Excel shows them with Indonesian regional settings: thousands
  ".", decimals ",", and the cell's number format gives the decimals ("0.00"), thousands
  grouping ("#,##0"), percent ("0.00%" shows 0.8611 as "86,11%"), literal text ("Rp"), the
  negative and zero sections ("(1.234)", "-"). "General" shows the value at Excel's 15
  significant digits and, like Excel, without grouping, so a year stays "2023" and a
  column number "3". Values are exact Decimals, never float arithmetic. Dates are
  dd/mm/yyyy, booleans TRUE/FALSE, text exactly as typed.

Cells get the table/row/column that `BlockBuilder` gives them plus the sheet name and the
cell's Excel address ("C12") for reviewers.

openpyxl reads in read-only mode: it streams each sheet and never builds the cells a merged
range covers, which its normal mode does one object at a time (a small file merging
A1:XFD1048576 would never finish loading). Read-only mode does not report merged ranges,
so they are read from the sheet's own XML, only to empty a covered cell that still holds a
value (LibreOffice can keep one, hidden).
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree.ElementTree import iterparse

from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_from_string, get_column_letter, range_boundaries
from openpyxl.xml.constants import SHEET_MAIN_NS

from auditor.errors import InputError
from auditor.ingest.archive import XLSX, read_zip_safely
from auditor.ingest.blocks import BlockBuilder, RawRow, caption_match, clean_text
from auditor.model import Document, Location, Table
from auditor.numbers import format_number

if TYPE_CHECKING:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

MERGE_CELL_TAG = f"{{{SHEET_MAIN_NS}}}mergeCell"
EXCEL_DIGITS = 15  # significant digits Excel keeps and shows of a number
# One token of a number format: quoted text, an escaped character, a [$Rp-421] currency,
# another [...] (colour, condition, locale), _x padding or *x fill, "General" (or "@",
# text, which shows a number as General), a run of digit placeholders, or any other char.
FORMAT_TOKEN_RE = re.compile(
    r'"(?P<quoted>[^"]*)"?'
    r"|\\(?P<escaped>.)"
    r"|\[\$(?P<currency>[^\]\-]*)[^\]]*\]"
    r"|\[[^\]]*\]"
    r"|(?P<space>[_*].?)"
    r"|(?P<general>general|@)"
    r"|(?P<digits>[0#?.,]*[0#?][0#?.,]*)"
    r"|(?P<other>.)",
    re.IGNORECASE | re.DOTALL,
)

# (row, column) -> (value, number format) of each cell that holds a value.
SheetCells = dict[tuple[int, int], tuple[object, str]]


@dataclass(frozen=True)
class NumberSection:
    """One ";"-separated section of a number format, as far as its printed text goes."""

    prefix: str = ""
    suffix: str = ""
    general: bool = True  # as many decimals as the value has, no grouping
    literal_only: bool = False  # prints its text alone (the "-" of an accounting zero)
    min_decimals: int = 0
    max_decimals: int = 0
    grouping: bool = False
    percent: bool = False  # the value is shown x100
    scale: int = 0  # trailing commas: the value is shown in thousands (1), millions (2)


def _parse_number_format(number_format: str) -> list[NumberSection]:
    """The sections of an Excel number format: positive[;negative[;zero[;text]]]."""
    sections: list[list[re.Match[str]]] = [[]]
    for token in FORMAT_TOKEN_RE.finditer(number_format):
        if token.group("other") == ";":
            sections.append([])
        else:
            sections[-1].append(token)
    return [_parse_section(tokens) for tokens in sections]


def _parse_section(tokens: list[re.Match[str]]) -> NumberSection:
    prefix: list[str] = []
    suffix: list[str] = []
    number: str | None = None  # the run of digit placeholders
    general = percent = False
    for token in tokens:
        kind = token.lastgroup
        other = token.group("other") or ""
        if kind in ("digits", "general") and (number is not None or general):
            return NumberSection()  # a fraction "# ?/?": shown as General
        if kind == "digits":
            number = token.group(kind)
        elif kind == "general":
            general = True
        elif other in ("e", "E") and number is not None:
            return NumberSection()  # scientific "0.00E+00": shown as General
        elif kind is not None:  # literal text; a colour, condition or locale prints nothing
            percent = percent or other == "%"
            text = " " if kind == "space" else token.group(kind)
            (suffix if number is not None or general else prefix).append(text)
    before, after = "".join(prefix), "".join(suffix)
    if number is None:
        return NumberSection(before, after, general=general, literal_only=not general)
    run = number.rstrip(",")
    whole, _, fraction = run.partition(".")
    return NumberSection(
        before,
        after,
        general=False,
        min_decimals=fraction.count("0"),
        max_decimals=sum(fraction.count(c) for c in "0#?"),
        grouping="," in whole,
        percent=percent,
        scale=len(number) - len(run),
    )


def _number_text(value: int | float, number_format: str) -> str:
    """A number as Excel shows it in `number_format`, in the Indonesian convention."""
    number = Decimal(value) if isinstance(value, int) else _excel_precision(value)
    sections = _parse_number_format(number_format)
    section, negative = sections[0], number < 0
    if negative and len(sections) > 1:
        section, negative = sections[1], False  # the negative section prints its own sign
    elif number == 0 and len(sections) > 2:
        section = sections[2]
    digits = "" if section.literal_only else _digits(abs(number), section)
    sign = "-" if negative and any(c in "123456789" for c in digits) else ""
    return " ".join(f"{sign}{section.prefix}{digits}{section.suffix}".split())


def _excel_precision(value: float) -> Decimal:
    """The float as Excel shows it: its shortest repr, at 15 significant digits."""
    with localcontext(prec=EXCEL_DIGITS, rounding=ROUND_HALF_UP):
        return +Decimal(str(value))


def _digits(number: Decimal, section: NumberSection) -> str:
    if section.percent:
        number *= 100
    number = number.scaleb(-3 * section.scale)
    own = max(0, -int(number.normalize().as_tuple().exponent))
    if section.general:
        return format_number(number, own).replace(".", "")
    text = format_number(number, min(max(own, section.min_decimals), section.max_decimals))
    return text if section.grouping else text.replace(".", "")


def cell_text(value: object, number_format: str) -> str:
    """What a reader of the sheet sees in a cell holding `value` (see the module text)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _number_text(value, number_format)
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)  # text as typed, a cached error ("#DIV/0!"), a time or duration


def read_xlsx(path: Path) -> Document:
    data = read_zip_safely(path, XLSX)
    builder = BlockBuilder()
    for sheet, cells in _read_sheets(path, data):
        _add_sheet(builder, sheet, cells)
    return Document.from_source(path, "xlsx", data, builder.blocks)


def _read_sheets(path: Path, data: bytes) -> list[tuple[str, SheetCells]]:
    """Name and cells of each visible sheet, in workbook order."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about parts it does not read
            workbook = load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    return [
                        (ws.title, _sheet_cells(ws, archive))
                        for ws in workbook.worksheets
                        if ws.sheet_state == "visible"
                    ]
            finally:
                workbook.close()
    except Exception as exc:  # openpyxl meets a damaged part with any kind of exception
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(f"{path} is damaged: {detail}") from exc


def _sheet_cells(ws: ReadOnlyWorksheet, archive: zipfile.ZipFile) -> SheetCells:
    ws.reset_dimensions()  # some writers store a wrong <dimension>: read every row there is
    cells: SheetCells = {
        (cell.row, cell.column): (cell.value, cell.number_format)
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    }
    # openpyxl has no public name for a read-only sheet's part in the archive.
    for bounds in _merged_ranges(archive, ws._worksheet_path):
        _empty_covered(cells, bounds)
    return cells


def _merged_ranges(archive: zipfile.ZipFile, part: str) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of each <mergeCell> of a sheet part."""
    ranges = []
    with archive.open(part) as source:
        for _, element in iterparse(source):
            if element.tag == MERGE_CELL_TAG:
                ranges.append(range_boundaries(element.get("ref", "")))
            element.clear()
    return ranges


def _empty_covered(cells: SheetCells, bounds: tuple[int, int, int, int]) -> None:
    """Drop the values of the cells a merged range covers, all but its top-left one."""
    min_col, min_row, max_col, max_row = bounds
    area = (max_col - min_col + 1) * (max_row - min_row + 1)
    # Walk the range or the cells with a value, whichever is smaller: a range may be huge.
    if area <= len(cells):
        inside = [(r, c) for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)]
    else:
        inside = [(r, c) for r, c in cells if min_row <= r <= max_row and min_col <= c <= max_col]
    for key in inside:
        if key != (min_row, min_col):
            cells.pop(key, None)


def _address(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


def _add_sheet(builder: BlockBuilder, sheet: str, cells: SheetCells) -> None:
    rows: dict[int, dict[int, str]] = {}
    for (r, c), (value, number_format) in sorted(cells.items()):
        text = cell_text(value, number_format)
        if text.strip():
            rows.setdefault(r, {})[c] = text
    builder.caption_open = False  # a caption's title does not go on into the next sheet
    for run in _runs(rows):
        wide = [i for i, r in enumerate(run) if len(rows[r]) > 1]
        first, last = (wide[0], wide[-1] + 1) if wide else (len(run), len(run))
        for r in run[:first]:
            _add_line(builder, sheet, r, rows[r])
        if wide:
            _add_table(builder, sheet, [(r, rows[r]) for r in run[first:last]])
        for r in run[last:]:
            _add_line(builder, sheet, r, rows[r])


def _runs(rows: dict[int, dict[int, str]]) -> list[list[int]]:
    """Row numbers in runs: a run ends at an empty row and before a caption row."""
    runs: list[list[int]] = []
    for r, line in rows.items():
        caption = len(line) == 1 and caption_match(clean_text(next(iter(line.values()))))
        if not runs or r != runs[-1][-1] + 1 or caption:
            runs.append([])
        runs[-1].append(r)
    return runs


def _add_line(builder: BlockBuilder, sheet: str, row: int, line: dict[int, str]) -> None:
    ((column, text),) = line.items()
    builder.add_paragraph(text, Location(sheet=sheet, cell=_address(row, column)))


def _add_table(builder: BlockBuilder, sheet: str, rows: list[tuple[int, dict[int, str]]]) -> None:
    first = min(min(line) for _, line in rows)
    last = max(max(line) for _, line in rows)
    raw_rows = [
        RawRow(
            [line.get(c, "") for c in range(first, last + 1)],
            Location(sheet=sheet, cell=_address(r, first)),
        )
        for r, line in rows
    ]
    count = len(builder.blocks)
    builder.add_table(raw_rows)
    if len(builder.blocks) > count:
        table = builder.blocks[-1]
        assert isinstance(table, Table)
        _address_cells(table, first)


def _address_cells(table: Table, first_column: int) -> None:
    """Move each cell's address from its row's first cell to the cell's own column."""
    numbers = [table.column_numbers] if table.column_numbers else []
    for row in [*table.header_rows, *numbers, *table.body_rows]:
        for cell in row:
            location = cell.location
            assert location.cell is not None and location.column is not None
            _, sheet_row = coordinate_from_string(location.cell)
            column = first_column + location.column - 1
            cell.location = replace(location, cell=_address(sheet_row, column))
