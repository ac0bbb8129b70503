"""The review working paper (*kertas kerja reviu*) as an XLSX workbook.

Sheet 1 has one row per finding in the columns an Inspektorat working paper uses (No,
Tabel, Baris, Kolom, Kondisi, Kriteria, Akibat, Rekomendasi, Nilai dilaporkan, Nilai
seharusnya, Status, Tanggapan), with an empty Tanggapan column for the agency's response;
sheet 2 is the summary. The bytes are deterministic (fixed document properties and zip
entry timestamps): the same report always gives the same file.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import TYPE_CHECKING, Any

from auditor.enums import SEVERITIES
from auditor.output import stable_zip

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from auditor.report.view import AuditReport, FindingView

# (label key, width in characters, number format). The first 12 are the working paper's
# required columns, in order; severity, rule code and line/page come after the agency's
# response column, so the required layout stays intact and a reviewer can still filter by
# severity or rule.
# Number formats: No is a whole number. The reported and expected values stay the text the
# report printed ("9.403", "86,11%"): that string is the evidence, with the report's own
# separators and printed precision, and an ambiguous one like "9.403%" must not be silently
# read one way (nor re-read by a spreadsheet in another locale); the text format "@" keeps
# Excel from converting it when someone edits the cell.
COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("number", 6, "0"),
    ("table", 10, "General"),
    ("row", 30, "General"),
    ("column", 20, "General"),
    ("condition", 60, "General"),
    ("criteria", 50, "General"),
    ("impact", 40, "General"),
    ("recommendation", 40, "General"),
    ("reported", 18, "@"),
    ("expected", 18, "@"),
    ("status", 16, "General"),
    ("response", 40, "General"),
    ("severity", 12, "General"),
    ("rule", 10, "General"),
    ("location", 16, "General"),
)
# Light fills (Excel's own "bad" / "neutral" / a pale blue), so the wrapped text stays legible.
SEVERITY_FILL = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
HEADER_FILL = "D9E1F2"
# Fixed document timestamps: a regenerated workbook must not differ by the time it was made.
FIXED_TIME = datetime.datetime(2000, 1, 1)
MAX_CELL_TEXT = 32767  # Excel's limit per cell
LINE_HEIGHT = 15  # points per line of 11-point text
CHARS_PER_WIDTH = 1.2  # average proportional characters per unit of column width
MAX_ROW_HEIGHT = 409  # Excel's limit


def _text(value: str) -> str:
    """Text Excel accepts: no control characters openpyxl refuses, within the cell limit."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    clean: str = ILLEGAL_CHARACTERS_RE.sub("", value)
    return clean if len(clean) <= MAX_CELL_TEXT else clean[: MAX_CELL_TEXT - 1] + "…"


def _put(ws: Worksheet, row: int, column: int, value: str | int | None) -> Any:
    """Write one value; empty text leaves the cell empty."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str) and value:
        cell.value = _text(value)
        # Text from the document is never a formula, even when it starts with "=".
        cell.data_type = "s"
    elif isinstance(value, int):
        cell.value = value
    return cell


def _row_text(finding: FindingView) -> str:
    if finding.row and finding.row_label:
        return f"{finding.row} — {finding.row_label}"
    return finding.row or finding.row_label


def _row_height(values: dict[str, str | int]) -> float:
    """Height for the wrapped text: LibreOffice (and Excel, for rows it did not lay out
    itself) shows a row without an explicit height as one line, hiding the rest."""
    lines = 1
    for key, width, _ in COLUMNS:
        value = values[key]
        if isinstance(value, str) and value:
            per_line = int(width * CHARS_PER_WIDTH)
            wrapped = sum(-(-len(part) // per_line) or 1 for part in value.split("\n"))
            lines = max(lines, wrapped)
    return min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT)


def _finding_values(finding: FindingView, report: AuditReport) -> dict[str, str | int]:
    criteria = finding.criteria
    if finding.source:
        criteria += f"\n{report.label('source')}: {finding.source}"
    return {
        "number": finding.number,
        "table": finding.table_label,
        "row": _row_text(finding),
        "column": finding.column_label,
        "condition": finding.condition,
        "criteria": criteria,
        "impact": finding.impact,
        "recommendation": finding.recommendation,
        "reported": finding.reported,
        "expected": finding.expected,
        "status": finding.status_label,
        "response": "",  # Tanggapan: for the agency
        "severity": finding.severity_label,
        "rule": finding.code,
        "location": finding.where,
    }


def _findings_sheet(ws: Worksheet, report: AuditReport) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, (key, width, _) in enumerate(COLUMNS, 1):
        cell = _put(ws, 1, index, report.label(key))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", start_color=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = border
        ws.column_dimensions[get_column_letter(index)].width = width
    for row, finding in enumerate(report.findings, 2):
        fill = PatternFill("solid", start_color=SEVERITY_FILL[finding.severity])
        values = _finding_values(finding, report)
        ws.row_dimensions[row].height = _row_height(values)
        for index, (key, _, number_format) in enumerate(COLUMNS, 1):
            cell = _put(ws, row, index, values[key])
            cell.number_format = number_format
            cell.alignment = wrap
            cell.border = border
            cell.fill = fill
    last = get_column_letter(len(COLUMNS))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{len(report.findings) + 1}"
    # Printed as a working paper: A4 landscape, one page wide, the header on every page.
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _summary_sheet(ws: Worksheet, report: AuditReport) -> None:
    from openpyxl.styles import Alignment, Font

    h = report.header
    about: list[list[str | int | None]] = [
        [report.label("document"), h.file_name],
        [report.label("format"), h.format],
        ["SHA-256", h.sha256],
        [report.label("agency"), h.agency],
        [report.label("report_year"), h.year],
        [
            report.label("tables"),
            report.label("tables_recognised", read=h.tables_read, recognised=h.tables_recognised),
        ],
        [report.label("coverage"), report.coverage],
        [report.label("rules_run_title"), report.rules_line],
        [report.label("rounding"), h.rounding],
        [report.label("convention"), h.convention],
    ]
    about += [[report.label("engine"), line] for line in (*h.engine, *h.engine_reasons)]
    about += [[report.label("generated_by", tool="lkjip-auditor", version=h.tool_version)]]
    about += [[], [report.label("verdict"), report.verdict_text]]
    severities = [report.label(s) for s in SEVERITIES]
    # (heading row, body rows): counts by severity, by status, by table.
    sections: list[tuple[list[str], list[list[str | int | None]]]] = [
        (
            [report.label("by_severity"), report.label("total")],
            [[report.label(s), report.counts[s]] for s in SEVERITIES],
        ),
        (
            [report.label("status"), report.label("total")],
            [[report.label(f"status_{s}"), n] for s, n in report.status_counts.items()],
        ),
        (
            [report.label("by_table"), report.label("kind"), *severities],
            [[t, kind, *(c[s] for s in SEVERITIES)] for t, kind, c in report.by_table()],
        ),
    ]
    lines: list[tuple[list, bool]] = [([report.label("report_title")], True), ([], False)]
    lines += [(values, False) for values in about]
    for heading, body in sections:
        lines += [([], False), (heading, True), *((values, False) for values in body)]
    lines += [([], False), ([report.claims], False)]
    for row, (values, bold) in enumerate(lines, 1):
        for column, value in enumerate(values, 1):
            cell = _put(ws, row, column, value)
            cell.font = Font(bold=bold)
            if isinstance(value, int):
                # Left-aligned under their (text) headings rather than at the far edge of the
                # wide value column.
                cell.number_format = "0"
                cell.alignment = Alignment(horizontal="left")
    ws["A1"].font = Font(bold=True, size=14)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for letter, width in zip("ABCDE", (28, 70, 12, 12, 12), strict=True):
        ws.column_dimensions[letter].width = width


def _coverage_sheet(ws: Worksheet, report: AuditReport) -> None:
    """One row per table read: its kind, whether it was checked and how much of it."""
    from openpyxl.styles import Font

    headings = ["table", "kind", "caption", "location", "status", "coverage", "why_not_recognised"]
    ws.append([report.label(h) for h in headings])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row, t in enumerate(report.tables, 2):
        values = [t.id, t.kind_title, t.caption, t.where, report.label(t.state), t.coverage, t.why]
        for column, value in enumerate(values, 1):
            _put(ws, row, column, value)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:G{len(report.tables) + 1}"
    for letter, width in zip("ABCDEFG", (10, 30, 40, 18, 22, 26, 60), strict=True):
        ws.column_dimensions[letter].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def render(report: AuditReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    findings = wb.active
    findings.title = report.label("findings")
    _findings_sheet(findings, report)
    _summary_sheet(wb.create_sheet(report.label("summary")), report)
    _coverage_sheet(wb.create_sheet(report.label("coverage")), report)
    props = wb.properties
    props.creator = "lkjip-auditor"
    # The file name may hold characters XML refuses (an ESC in a name): cleaned as cells are.
    props.title = _text(f"{report.label('report_title')} — {report.header.file_name}")
    props.language = report.lang
    props.created = props.modified = FIXED_TIME
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps the current time as "modified".
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return stable_zip(buffer.getvalue())


def sheet_values(data: bytes) -> dict[str, list[list[Any]]]:
    """Every sheet's cell values by row, for comparing workbooks by content (drift tests)."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in wb}
