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

Nor does anything here build a cell the file does not hold until a table is made: the
cells are read from openpyxl's parser of the sheet (its row iterator pads each row to its
last column and yields every missing row: a few KB naming XFD1048576 would cost it 17
billion cells), counted against the cell limit as they are read, and a table's width and
cells are checked against the limits before its rows are built.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree.ElementTree import iterparse

from openpyxl import load_workbook
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.utils.cell import coordinate_from_string, get_column_letter, range_boundaries
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

from auditor.errors import InputError
from auditor.ingest.archive import XLSX, read_zip_safely
from auditor.ingest.blocks import BlockBuilder, RawRow, caption_match, clean_text
from auditor.limits import check_cells, check_columns
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
    return Document.from_source(path, "xlsx", data, builder.finish())


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
                    sheets: list[tuple[str, SheetCells]] = []
                    held = 0  # cells with a value in the sheets before
                    for ws in workbook.worksheets:
                        if ws.sheet_state == "visible":
                            sheets.append((ws.title, _sheet_cells(ws, archive, held)))
                            held += len(sheets[-1][1])
                    return sheets
            finally:
                workbook.close()
    except InputError:
        raise  # a limit, not damage
    except Exception as exc:  # openpyxl meets a damaged part with any kind of exception
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(f"{path} is damaged: {detail}") from exc


def _sheet_cells(ws: ReadOnlyWorksheet, archive: zipfile.ZipFile, held: int) -> SheetCells:
    """The cells of a sheet that hold a value; `held`: those of the sheets before.

    Read as `ws.iter_rows()` reads them (a row out of order is skipped; a cell right of its
    row's last one is dropped, a repeated one replaces the first), but from the parser it
    uses, without the empty cells and rows it fills in (see the module text), and with the
    ones that hold a value counted against the cell limit as they come: each is a table cell
    or a line of prose. Every row is read, whatever `<dimension>` the sheet states.
    """
    workbook = ws.parent
    cells: SheetCells = {}
    next_row = 1
    # openpyxl has no public way to read a read-only sheet's rows without the padding, nor
    # a public name for its part in the archive.
    with ws._get_source() as source:
        parser = WorkSheetParser(
            source,
            ws._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, row in parser.parse():
            if number < next_row:
                continue
            next_row = number + 1
            last = row[-1]["column"] if row else 0
            in_row = {cell["column"]: cell for cell in row if 1 <= cell["column"] <= last}
            for found in in_row.values():
                if found["value"] is not None:
                    cell = ReadOnlyCell(ws, **found)
                    cells[cell.row, cell.column] = (cell.value, cell.number_format)
            check_cells(held + len(cells))
    _empty_covered(cells, _merged_ranges(archive, ws._worksheet_path))
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


def _empty_covered(cells: SheetCells, ranges: list[tuple[int, int, int, int]]) -> None:
    """Drop the values of the cells merged ranges cover, all but each range's top-left one.

    A cell goes if a range holds it and it is not that range's top-left. One sweep down the
    rows finds them, keeping how many ranges are over each column (a Fenwick tree): range by
    range, thousands of huge ranges over a sheet of many cells would take minutes.
    """
    if any(bound is None for bounds in ranges for bound in bounds):
        raise ValueError("a merged range that is not rectangular")
    # A range whose end comes before its start holds no cell.
    ranges = [(c0, r0, c1, r1) for c0, r0, c1, r1 in ranges if c0 <= c1 and r0 <= r1]
    if not ranges or not cells:
        return
    size = max(max(c for _, c in cells), max(c1 for _, _, c1, _ in ranges)) + 1
    tree = [0] * (size + 1)

    def add(column: int, delta: int) -> None:  # to the count over `column` and right of it
        while column <= size:
            tree[column] += delta
            column += column & -column

    def over(column: int) -> int:  # ranges over `column` in the rows swept
        total = 0
        while column > 0:
            total += tree[column]
            column -= column & -column
        return total

    starts = sorted(ranges, key=itemgetter(1))
    ends = sorted(ranges, key=itemgetter(3))
    corners = Counter((r0, c0) for c0, r0, _, _ in ranges)
    started = ended = 0
    covered = []
    for row, column in sorted(cells):
        while started < len(starts) and starts[started][1] <= row:
            c0, _, c1, _ = starts[started]
            add(c0, 1)
            add(c1 + 1, -1)
            started += 1
        while ended < len(ends) and ends[ended][3] < row:
            c0, _, c1, _ = ends[ended]
            add(c0, -1)
            add(c1 + 1, 1)
            ended += 1
        if over(column) > corners[row, column]:
            covered.append((row, column))
    for key in covered:
        del cells[key]


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
    # Filled in between the sparse cells: checked before a row is built.
    check_columns(last - first + 1, Location(sheet=sheet, cell=_address(rows[0][0], first)))
    builder.check_pending((last - first + 1) * len(rows))
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
