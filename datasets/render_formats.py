"""Render the sample report and its repaired copy as DOCX, PDF and XLSX fixtures.

    python datasets/render_formats.py

For each of `lkjip-sumenep-dinsos-p3a-2023{,-repaired}.txt` it writes, next to the text:

* `<stem>.docx` (python-docx): the blocks `auditor.ingest.text.parse_text` finds, in order.
  Headings use Word's "Heading 1-3" styles, paragraphs "Normal", each table is a "Table
  Grid" table after its caption (style "Caption"). Header rows repeat on every page
  (`w:tblHeader`); group header cells are merged across (`w:gridSpan`: "TAHUN 2023" over
  target/realisasi/capaian) and down (`w:vMerge`: "NO" over both rows of a two-row header);
  the "(1) (2) (3)" row follows the header as an ordinary row. Header cells break their
  line after "/ " and before " (", body cells after "/ " (`w:br`), as a word processor's
  wrapped cells do. The caption "Tabel 3" is a real caption field (`SEQ Table \\r 3`).
  Tables too wide for an A4 portrait page sit in a landscape section.
* `<stem>.pdf`: that DOCX converted by LibreOffice (headless, A4). The script checks with
  pdfplumber that the long budget table spans several pages, its header on each.
* `<stem>.xlsx` (openpyxl, then re-saved by LibreOffice so formulas carry cached values):
  one sheet per table, named by the caption number or "T<n>" (the text reader's table ids),
  the caption in A1 (captionless tables start at A1 with their header), the header rows with
  merged group cells, the column-number row, the body. Cells keep the printed text, except
  the whole-Rupiah columns in NUMBER_COLUMNS, written as numbers; their total rows are
  SUM formulas over the program rows, checked against the printed totals.

Everything is deterministic (fixed document properties, zip timestamps and PDF dates/ID)
except what LibreOffice writes about itself: its version in the PDF producer and the XLSX
`docProps/app.xml`, and its layout, so a different LibreOffice or font set may move page
breaks. Needs LibreOffice (`soffice`) on PATH, python-docx, openpyxl and pdfplumber.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pdfplumber
from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from docx.styles.style import ParagraphStyle
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from auditor.ingest.text import parse_text  # noqa: E402
from auditor.model import Paragraph, Table  # noqa: E402
from auditor.output import stable_zip  # noqa: E402

STEMS = ("lkjip-sumenep-dinsos-p3a-2023", "lkjip-sumenep-dinsos-p3a-2023-repaired")
FIXED_TIME = datetime(2024, 3, 1)  # the report's publication month, not the render time
ZIP_TIME = (2024, 3, 1, 0, 0, 0)
AUTHOR = "lkjip-auditor datasets/render_formats.py"
FONT = "Arial"  # LibreOffice renders it with the metric-compatible Liberation Sans
BODY_SIZE = 10
TABLE_SIZE = 8
A4 = (Cm(21), Cm(29.7))
MARGIN = Cm(2)
CELL_PADDING_PT = 2 * 5.4 + 2  # Word's default left + right cell margins, plus slack
MAX_COLUMN_PT = 230.0  # a long-text column wraps rather than take the whole page
TABLE_TEXT_ID = "TableText"  # the paragraph style of table cells
SEQ_CAPTION = "3"  # the caption written as a real Word caption field (SEQ Table)
# Whole-Rupiah columns written as numbers in the XLSX (caption number → bottom header text →
# number format); every other cell keeps its printed text.
NUMBER_COLUMNS = {
    "2.2.3": {"ANGGARAN": '"Rp. "#,##0'},
    "3.5.1": {"ALOKASI (Rp)": "#,##0", "REALISASI (Rp)": "#,##0"},
    "3.7.1": {"ANGGARAN": "#,##0", "REALISASI": "#,##0"},
}
RUPIAH_RE = re.compile(r"^(?:Rp\.?\s*)?([0-9]{1,3}(?:\.[0-9]{3})*)$")
TOTAL_RE = re.compile(r"^(?:total|jumlah)\b", re.IGNORECASE)
PROGRAM_CODE_RE = re.compile(r"^[0-9]+\.?$")  # "1" or "1.": a program, not "1.1" or "A."
NUMBER_TEXT_RE = re.compile(r"^(?:Rp\.?\s*)?[-+]?[0-9][0-9.,]*\s*%?$")


@dataclass
class Span:
    """A header cell and the grid rectangle it covers (0-based, inclusive)."""

    text: str
    row: int
    col: int
    last_row: int
    last_col: int

    @property
    def merged(self) -> bool:
        return (self.row, self.col) != (self.last_row, self.last_col)


def header_spans(rows: Sequence[Sequence[str]], width: int) -> list[Span]:
    """The header cells of a table with their merges, decided from the header's shape.

    A filled cell whose cells below are empty in a multi-row header spans down ("NO" over
    both rows); otherwise an empty cell right of a filled one in the same row belongs to
    it ("TAHUN 2023" over three sub-columns). Every other cell is its own span.
    """
    grid = [[*row, *[""] * (width - len(row))] for row in rows]
    spans: list[Span] = []
    owner: dict[tuple[int, int], Span] = {}
    for r, cells in enumerate(grid):
        for c, text in enumerate(cells):
            if (r, c) in owner:
                continue
            above = owner.get((r - 1, c))
            columns = range(above.col, above.last_col + 1) if above else range(0)
            if (
                not text
                and above is not None
                and above.text
                and c == above.col
                and not any(grid[r][k] for k in columns)
            ):
                above.last_row = r
                owner.update({(r, k): above for k in columns})
                continue
            left = owner.get((r, c - 1))
            if not text and left is not None and left.text and left.row == r:
                left.last_col = c
                owner[r, c] = left
                continue
            span = Span(text, r, c, r, c)
            spans.append(span)
            owner[r, c] = span
    return spans


def read_blocks(stem: str) -> list[Paragraph | Table]:
    return parse_text((HERE / f"{stem}.txt").read_text(encoding="utf-8"))


def _padded(texts: Sequence[str], width: int) -> list[str]:
    return [*texts, *[""] * (width - len(texts))]


def _table_texts(table: Table) -> tuple[list[list[str]], list[str] | None, list[list[str]]]:
    """Header rows, column-number row and body rows as texts, all padded to the table width."""
    width = table.width
    header = [_padded([c.text for c in row], width) for row in table.header_rows]
    numbers = table.column_numbers
    number_row = _padded([c.text for c in numbers], width) if numbers else None
    body = [_padded([c.text for c in row], width) for row in table.body_rows]
    return header, number_row, body


# --- DOCX -------------------------------------------------------------------------------


def _with_breaks(text: str, header: bool) -> str:
    """Where a narrow Word cell would have had a manual line break ("\\n" becomes w:br)."""
    text = text.replace("/ ", "/\n")
    return text.replace(" (", "\n(") if header else text


def _em(text: str) -> float:
    """Approximate width of Arial text in em, enough to keep words from breaking."""
    width = 0.0
    for ch in text:
        if ch in "iljI.,:;'|!":
            width += 0.28
        elif ch in "mwMW%":
            width += 0.9
        elif ch in "()/-ft ":
            width += 0.34
        elif ch.isupper():
            width += 0.72
        elif ch.isdigit():
            width += 0.56
        else:
            width += 0.53
    return width


def column_widths(table: Table, available_pt: float) -> list[float] | None:
    """Column widths (pt) in which no word breaks, or None when they cannot fit."""
    header, number_row, body = _table_texts(table)
    cells: list[tuple[int, str, bool]] = [
        (span.col, span.text, True)
        for span in header_spans(header, table.width)
        if span.last_col == span.col  # a cell spanning columns fits in their sum
    ]
    for row in [number_row or [], *body]:
        cells += [(c, text, False) for c, text in enumerate(row)]
    shortest = [CELL_PADDING_PT] * table.width
    natural = [CELL_PADDING_PT] * table.width
    for col, text, bold in cells:
        scale = TABLE_SIZE * (1.1 if bold else 1.0)
        lines = _with_breaks(text, bold).split("\n")
        longest_word = max((_em(w) for line in lines for w in line.split()), default=0)
        longest_line = max(_em(line) for line in lines)
        shortest[col] = max(shortest[col], longest_word * scale + CELL_PADDING_PT)
        natural[col] = max(natural[col], min(longest_line * scale + CELL_PADDING_PT, MAX_COLUMN_PT))
    natural = [max(n, s) for n, s in zip(natural, shortest, strict=True)]
    if sum(shortest) > available_pt:
        return None
    spare, wanted = available_pt - sum(shortest), sum(natural) - sum(shortest)
    if wanted <= spare:
        return natural
    return [s + spare * (n - s) / wanted for s, n in zip(shortest, natural, strict=True)]


def _use_font(style: ParagraphStyle, size: float | None = None, bold: bool | None = None) -> None:
    """Set a style's font, dropping theme font references that would override it."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.attrib.clear()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold


def _setup(doc: DocxDocument, title: str) -> None:
    props = doc.core_properties
    props.author = props.last_modified_by = AUTHOR
    props.title = title
    props.comments = "Rendered from the text sample for reader tests; numbers as printed."
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    props.language = "id-ID"
    normal = doc.styles["Normal"]
    _use_font(normal, BODY_SIZE)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 11)):
        _use_font(doc.styles[name], size)
    _use_font(doc.styles["Caption"], 9, bold=True)
    doc.styles["Caption"].paragraph_format.keep_with_next = True
    cell_style = doc.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    cell_style.style_id = TABLE_TEXT_ID
    cell_style.base_style = normal
    _use_font(cell_style, TABLE_SIZE)
    cell_style.paragraph_format.space_after = Pt(0)
    section = doc.sections[0]
    section.page_width, section.page_height = A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_field(footer, "PAGE", "1")


def _add_field(paragraph: DocxParagraph, instruction: str, result: str) -> None:
    """A complex field (begin / instruction / separate / cached result / end), as Word writes."""

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run(result)
    char("end")


def _heading_level(text: str, previous: Paragraph | Table | None) -> int:
    after_chapter = isinstance(previous, Paragraph) and re.match(r"^BAB\s", previous.text)
    if re.match(r"^BAB\s", text) or after_chapter:
        return 1
    return 2 if re.match(r"^[A-Z]\.\s", text) else 3


def _set_orientation(doc: DocxDocument, landscape: bool) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = A4
    section.page_width, section.page_height = (height, width) if landscape else (width, height)


def _write_cell(
    cell: _Cell, text: str, *, header: bool, align: WD_ALIGN_PARAGRAPH | None = None
) -> None:
    paragraph = cell.paragraphs[0]
    # By id: python-docx's lookup by name scans every style, for each of ~1 400 cells.
    paragraph._p.style = TABLE_TEXT_ID
    if align is not None:
        paragraph.alignment = align
    if text:
        run = paragraph.add_run(_with_breaks(text, header))
        run.bold = header or None


def _add_caption(doc: DocxDocument, table: Table) -> None:
    caption = table.caption
    assert caption is not None
    paragraph = doc.add_paragraph(style="Caption")
    if caption.number == SEQ_CAPTION:
        head, tail = caption.text.split(caption.number, 1)
        paragraph.add_run(head)
        _add_field(paragraph, f"SEQ Table \\r {caption.number} \\* ARABIC", caption.number)
        paragraph.add_run(tail)
    else:
        paragraph.add_run(caption.text)


def _add_table(doc: DocxDocument, table: Table, widths: list[float]) -> None:
    header, number_row, body = _table_texts(table)
    rows = len(header) + (number_row is not None) + len(body)
    word_table = doc.add_table(rows=rows, cols=table.width)
    word_table.style = "Table Grid"
    word_table.autofit = False
    for column, width in zip(word_table.columns, widths, strict=True):
        column.width = Pt(width)
    # Every cell before merging (Table.cell() re-reads the whole table on each call).
    trs = word_table._tbl.tr_lst
    grid = [[_Cell(tc, word_table) for tc in tr.tc_lst] for tr in trs]
    for row in grid:
        for cell, width in zip(row, widths, strict=True):
            cell.width = Pt(width)
    for tr in trs[: len(header)]:
        # Repeated at the top of every page the table runs onto.
        tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for span in header_spans(header, table.width):
        cell = grid[span.row][span.col]
        if span.merged:
            cell = cell.merge(grid[span.last_row][span.last_col])
        _write_cell(cell, span.text, header=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    r = len(header)
    if number_row is not None:
        for cell, text in zip(grid[r], number_row, strict=True):
            _write_cell(cell, text, header=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        r += 1
    for cells, texts in zip(grid[r:], body, strict=True):
        for c, (cell, text) in enumerate(zip(cells, texts, strict=True)):
            numeric = c > 0 and NUMBER_TEXT_RE.match(text)
            align = WD_ALIGN_PARAGRAPH.RIGHT if numeric else None  # figures line up right
            _write_cell(cell, text, header=False, align=align)


def build_docx(blocks: Sequence[Paragraph | Table], title: str) -> bytes:
    """The DOCX of a parsed report, byte for byte the same on every run."""
    doc = new_document()
    _setup(doc, title)
    section = doc.sections[0]
    portrait_pt = Emu(section.page_width - 2 * MARGIN).pt
    landscape_pt = Emu(section.page_height - 2 * MARGIN).pt
    previous: Paragraph | Table | None = None
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.kind == "heading":
                doc.add_heading(block.text, _heading_level(block.text, previous))
            else:
                doc.add_paragraph(block.text)
        else:
            widths = column_widths(block, portrait_pt)
            landscape = widths is None
            if landscape:
                _set_orientation(doc, landscape=True)
                widths = column_widths(block, landscape_pt)
                if widths is None:
                    raise SystemExit(f"table {block.id} does not fit a landscape A4 page")
            if block.caption:
                _add_caption(doc, block)
            elif isinstance(previous, Table) and not landscape:
                # Word joins tables with no paragraph between them into one table.
                doc.add_paragraph()
            _add_table(doc, block, widths)
            if landscape:
                _set_orientation(doc, landscape=False)
        previous = block
    buffer = io.BytesIO()
    doc.save(buffer)
    return stable_zip(buffer.getvalue(), ZIP_TIME)


# --- shared: zips, LibreOffice ----------------------------------------------------------


def soffice(source: Path, target: str, outdir: Path) -> Path:
    """Convert with LibreOffice headless, in a throw-away profile (no user settings, no lock
    shared with another running LibreOffice)."""
    executable = shutil.which("soffice") or shutil.which("libreoffice")
    if executable is None:
        raise SystemExit("LibreOffice (soffice) is needed: apt-get install libreoffice-writer")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                executable,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(outdir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
    result = outdir / f"{source.stem}.{target.split(':')[0]}"
    if not result.exists():
        raise SystemExit(f"LibreOffice did not write {result.name}")
    return result


# --- PDF --------------------------------------------------------------------------------


def stable_pdf(data: bytes, seed: bytes) -> bytes:
    """LibreOffice's PDF with its clock-derived values fixed: the dates, the file ID and its
    own /DocChecksum, patched in place with values of the same length so the
    cross-reference offsets stay valid."""
    stamp = FIXED_TIME.strftime("%Y%m%d%H%M%S").encode()
    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)[0-9]{14}", rb"\g<1>" + stamp, data)
    digest = hashlib.md5(seed).hexdigest().upper().encode()
    data = re.sub(rb"(/DocChecksum\s*/)[0-9A-Fa-f]{32}", rb"\g<1>" + digest, data)
    return re.sub(
        rb"(/ID\s*\[\s*<)[0-9A-Fa-f]{32}(>\s*<)[0-9A-Fa-f]{32}(>)",
        rb"\g<1>" + digest + rb"\g<2>" + digest + rb"\g<3>",
        data,
    )


def table_pages(pdf_path: Path, header: list[str]) -> list[int]:
    """1-based pages with a ruled table whose first row reads as `header`."""
    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            for rows in page.extract_tables():
                if rows and [" ".join((cell or "").split()) for cell in rows[0]] == header:
                    pages.append(number)
                    break
    return pages


def pdf_page_count(pdf_path: Path) -> int:
    with pdfplumber.open(pdf_path) as pdf:
        return len(pdf.pages)


# --- XLSX -------------------------------------------------------------------------------


def _rupiah(text: str, where: str) -> int:
    match = RUPIAH_RE.match(text)
    if match is None:
        raise SystemExit(f"{where}: {text!r} is not a whole-Rupiah amount")
    return int(match.group(1).replace(".", ""))


def _bottom_header(header: list[list[str]], col: int) -> str:
    return next((row[col] for row in reversed(header) if row[col]), "")


def _write_sheet(ws: Worksheet, table: Table) -> dict[str, int]:
    """Fill one table's sheet; return {formula cell: printed total} for the total rows."""
    header, number_row, body = _table_texts(table)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = 1
    if table.caption:
        ws.cell(1, 1, table.caption.text).font = bold
        top = 2
    for span in header_spans(header, table.width):
        cell = ws.cell(top + span.row, span.col + 1, span.text or None)
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if span.merged:
            ws.merge_cells(
                start_row=top + span.row,
                start_column=span.col + 1,
                end_row=top + span.last_row,
                end_column=span.last_col + 1,
            )
    first_body = top + len(header) + (number_row is not None)
    if number_row is not None:
        for c, text in enumerate(number_row, 1):
            ws.cell(first_body - 1, c, text or None).alignment = Alignment(horizontal="center")
    formats = {
        c: NUMBER_COLUMNS.get(table.id, {}).get(_bottom_header(header, c))
        for c in range(table.width)
    }
    program_rows = [first_body + i for i, row in enumerate(body) if PROGRAM_CODE_RE.match(row[0])]
    totals: dict[str, int] = {}
    for i, texts in enumerate(body):
        r = first_body + i
        for c, text in enumerate(texts):
            if not text:
                continue
            cell = ws.cell(r, c + 1)
            number_format = formats[c]
            if number_format is None:
                cell.value = text
                cell.data_type = "s"  # "= Jumlah ..." is a formula text, not a formula
                cell.alignment = wrap
                continue
            value = _rupiah(text, f"table {table.id} row {i + 1}")
            cell.number_format = number_format
            if TOTAL_RE.match(texts[0]):
                letter = get_column_letter(c + 1)
                cell.value = "=SUM(" + _ranges(letter, [p for p in program_rows if p < r]) + ")"
                totals[f"{ws.title}!{cell.coordinate}"] = value
            else:
                cell.value = value
    for c in range(1, table.width + 1):
        longest = max(len(str(cell.value or "")) for cell in ws[get_column_letter(c)][1:])
        ws.column_dimensions[get_column_letter(c)].width = min(max(longest + 2, 6), 45)
    return totals


def _ranges(letter: str, rows: list[int]) -> str:
    """The cells to sum: "C4:C14" for consecutive rows, else "C6,C25,..."."""
    if rows == list(range(rows[0], rows[-1] + 1)):
        return f"{letter}{rows[0]}:{letter}{rows[-1]}"
    return ",".join(f"{letter}{r}" for r in rows)


def build_xlsx(blocks: Sequence[Paragraph | Table]) -> tuple[Workbook, dict[str, int]]:
    """The workbook before LibreOffice, and {formula cell: printed total}."""
    wb = Workbook()
    wb.remove(wb.active)
    totals: dict[str, int] = {}
    for table in (b for b in blocks if isinstance(b, Table)):
        totals |= _write_sheet(wb.create_sheet(table.id), table)
    props = wb.properties
    props.creator = props.lastModifiedBy = AUTHOR
    props.created = props.modified = FIXED_TIME
    return wb, totals


def _fixed_core_dates(name: str, content: bytes) -> bytes:
    if name != "docProps/core.xml":
        return content
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(
        rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
        lambda m: m.group(1) + stamp + m.group(2),
        content,
    )


def check_xlsx(data: bytes, totals: dict[str, int]) -> dict[str, int]:
    """Every formula cell's cached value equals the printed total; text stays text."""
    values = load_workbook(io.BytesIO(data), data_only=True)
    formulas = load_workbook(io.BytesIO(data))
    cached = {}
    for ref, printed in totals.items():
        sheet, coordinate = ref.split("!")
        formula = formulas[sheet][coordinate].value
        value = values[sheet][coordinate].value
        if not (isinstance(formula, str) and formula.startswith("=SUM(")) or value != printed:
            raise SystemExit(f"{ref}: {formula!r} cached {value!r}, printed {printed}")
        cached[ref] = value
    # Printed text such as "= Jumlah ... / 5" (a formula's description) must stay text.
    stray = [
        f"{ws.title}!{cell.coordinate}"
        for ws in formulas
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f" and f"{ws.title}!{cell.coordinate}" not in totals
    ]
    if stray:
        raise SystemExit(f"unexpected formula cells: {stray}")
    return cached


# --- main -------------------------------------------------------------------------------


def render_docx(stem: str) -> bytes:
    """The DOCX of one text sample (pure python: the drift test rebuilds it)."""
    title = "LKjIP 2023 Dinas Sosial P3A Kabupaten Sumenep"
    return build_docx(read_blocks(stem), title + (" (repaired)" if "repaired" in stem else ""))


def render(stem: str, work: Path) -> list[str]:
    """Write the three files for one text sample; return summary lines."""
    blocks = read_blocks(stem)
    tables = [b for b in blocks if isinstance(b, Table)]
    docx_bytes = render_docx(stem)
    docx_path = HERE / f"{stem}.docx"
    docx_path.write_bytes(docx_bytes)

    pdf_path = HERE / f"{stem}.pdf"
    raw_pdf = soffice(docx_path, "pdf", work)
    pdf_path.write_bytes(stable_pdf(raw_pdf.read_bytes(), docx_bytes))
    budget = max(tables, key=lambda t: len(t.body_rows))
    pages = table_pages(pdf_path, [c.text for c in budget.header_rows[-1]])
    if len(pages) < 2:
        raise SystemExit(f"{pdf_path.name}: table {budget.id} is on pages {pages}, not 2+")

    wb, totals = build_xlsx(blocks)
    draft = work / "openpyxl" / f"{stem}.xlsx"
    draft.parent.mkdir()
    wb.save(draft)
    resaved = soffice(draft, "xlsx:Calc MS Excel 2007 XML", work)
    xlsx_bytes = stable_zip(resaved.read_bytes(), ZIP_TIME, _fixed_core_dates)
    cached = check_xlsx(xlsx_bytes, totals)
    xlsx_path = HERE / f"{stem}.xlsx"
    xlsx_path.write_bytes(xlsx_bytes)

    kib = {p: p.stat().st_size / 1024 for p in (docx_path, pdf_path, xlsx_path)}
    return [
        f"{docx_path.name}: {kib[docx_path]:.0f} KiB, {len(tables)} tables",
        f"{pdf_path.name}: {kib[pdf_path]:.0f} KiB, {pdf_page_count(pdf_path)} pages, "
        f"table {budget.id} ({len(budget.body_rows)} rows) on pages "
        f"{', '.join(map(str, pages))}, header repeated on each",
        f"{xlsx_path.name}: {kib[xlsx_path]:.0f} KiB, {len(wb.sheetnames)} sheets, formulas "
        + ", ".join(f"{ref} = {value:,}".replace(",", ".") for ref, value in cached.items()),
    ]


def main() -> None:
    for stem in STEMS:
        with tempfile.TemporaryDirectory() as work:
            for line in render(stem, Path(work)):
                print(f"datasets/{line}")


if __name__ == "__main__":
    main()
