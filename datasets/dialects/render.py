"""Render a generated report as .txt (TAB-separated tables, as copied from Word), .docx
(python-docx: real tables, merged header cells, vertical merges, landscape sections) and
.pdf (an HTML version printed by headless Chromium: ruled or borderless tables, landscape
pages, a running header and page-numbered footer).

Reproducible: DOCX zip entries and core properties are stamped with a fixed time; the PDF's
creation/modification dates are patched to a fixed value of the same length.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from docx import Document as new_document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from model import Paragraph, Report, Table

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from auditor.output import stable_zip

FIXED_TIME = datetime(2025, 1, 31)
ZIP_TIME = (2025, 1, 31, 0, 0, 0)
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")


# --- text --------------------------------------------------------------------------------


def _caption_lines(table: Table) -> list[str]:
    lines = [table.caption] if table.caption else []
    if table.title_next_line:
        lines.append(table.title_next_line)
    return lines


def to_text(report: Report) -> str:
    out: list[str] = []
    for block in report.blocks:
        if isinstance(block, Paragraph):
            out += [block.text, ""]
            continue
        if not block.caption_below:
            out += _caption_lines(block)
        out += block.notes
        out += ["\t".join(row) for row in block.header_grid()]
        if block.colnums:
            out.append("\t".join(block.colnums))
        out += ["\t".join(row.cells) for row in block.rows]
        if block.caption_below:
            out += _caption_lines(block)
        out += [*block.footnotes, ""]
    return "\n".join(out)


# --- DOCX --------------------------------------------------------------------------------


def _orientation(doc: object, landscape: bool) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)  # type: ignore[attr-defined]
    width, height = Cm(21), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def to_docx(report: Report) -> bytes:
    doc = new_document()
    props = doc.core_properties
    props.author = props.last_modified_by = "datasets/dialects/generate.py"
    props.title = f"LKjIP {report.agency} {report.year}"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    doc.styles["Normal"].font.size = Pt(10)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.header.paragraphs[0].text = f"LKjIP {report.agency} Tahun {report.year}"
    landscape = False
    for block in report.blocks:
        if isinstance(block, Paragraph):
            if block.heading:
                doc.add_heading(block.text, 2)
            else:
                doc.add_paragraph(block.text)
            continue
        if block.landscape != landscape:
            landscape = block.landscape
            _orientation(doc, landscape)
        if not block.caption_below:
            for line in _caption_lines(block):
                doc.add_paragraph(line, style="Caption")
        for note in block.notes:
            doc.add_paragraph(note)
        _docx_table(doc, block)
        if block.caption_below:
            for line in _caption_lines(block):
                doc.add_paragraph(line, style="Caption")
        else:
            doc.add_paragraph()
    buffer = io.BytesIO()
    doc.save(buffer)
    return stable_zip(buffer.getvalue(), ZIP_TIME)


def _docx_table(doc: object, table: Table) -> None:
    n_header = len(table.header)
    extra = 1 if table.colnums else 0
    grid = doc.add_table(
        rows=n_header + extra + len(table.rows),  # type: ignore[attr-defined]
        cols=table.width,
    )
    if table.ruled:
        grid.style = "Table Grid"
    for r, c, rowspan, colspan, text in table.header_spans():
        cell = grid.cell(r, c)
        if rowspan > 1 or colspan > 1:
            cell = cell.merge(grid.cell(r + rowspan - 1, c + colspan - 1))
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for r in range(n_header):
        _repeat_header(grid.rows[r])
    if table.colnums:
        for c, text in enumerate(table.colnums):
            grid.cell(n_header, c).text = text
    first = n_header + extra
    for i, row in enumerate(table.rows):
        for c, text in enumerate(row.cells):
            if c in table.merge_down and not text and i > 0 and row.role == "data":
                above = grid.cell(first + i - 1, c)
                keep = above.text
                merged = above.merge(grid.cell(first + i, c))
                merged.text = keep
                continue
            if row.role == "group" and not text:
                continue
            cell = grid.cell(first + i, c)
            cell.text = text
            if row.bold:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
        if row.role == "group":
            filled = [c for c, text in enumerate(row.cells) if text]
            if filled and filled[-1] < table.width - 1:
                start = grid.cell(first + i, filled[-1])
                keep = start.text
                start.merge(grid.cell(first + i, table.width - 1)).text = keep


# --- HTML / PDF --------------------------------------------------------------------------

CSS = """
@page { size: A4; margin: 22mm 16mm 20mm 16mm; font-family: "Liberation Sans", sans-serif;
  @top-center { content: "%(running)s"; font-size: 8pt; color: #444; }
  @bottom-center { content: "Halaman " counter(page); font-size: 8pt; } }
@page wide { size: A4 landscape; }
body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 10pt; }
h2 { font-size: 11pt; }
section.wide { page: wide; }
table { border-collapse: collapse; margin: 4pt 0 10pt 0; font-size: 8.5pt; }
table.ruled td, table.ruled th { border: 0.6pt solid #000; }
table.plain th { border-bottom: 0.6pt solid #000; }
td, th { padding: 2pt 4pt; vertical-align: top; }
td.n { text-align: right; }
.caption { font-weight: bold; font-size: 9pt; margin-top: 8pt; }
.note { text-align: right; font-size: 8.5pt; font-style: italic; }
"""


def to_html(report: Report) -> str:
    running = html.escape(f"LKjIP {report.agency} Tahun {report.year}").replace('"', "")
    out = [
        f"<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>{running}"
        f"</title><style>{CSS % {'running': running}}</style></head><body>"
    ]
    for block in report.blocks:
        if isinstance(block, Paragraph):
            tag = "h2" if block.heading else "p"
            out.append(f"<{tag}>{html.escape(block.text)}</{tag}>")
            continue
        out.append("<section class='wide'>" if block.landscape else "<section>")
        caption = "".join(
            f"<div class='caption'>{html.escape(x)}</div>" for x in _caption_lines(block)
        )
        if not block.caption_below:
            out.append(caption)
        out += [f"<div class='note'>{html.escape(n)}</div>" for n in block.notes]
        out.append(f"<table class='{'ruled' if block.ruled else 'plain'}'><thead>")
        by_row: dict[int, list[str]] = {}
        for r, _c, rowspan, colspan, text in block.header_spans():
            by_row.setdefault(r, []).append(
                f"<th rowspan='{rowspan}' colspan='{colspan}'>{html.escape(text)}</th>"
            )
        out += [f"<tr>{''.join(by_row.get(r, []))}</tr>" for r in range(len(block.header))]
        if block.colnums:
            out.append(
                "<tr>" + "".join(f"<th>{html.escape(x)}</th>" for x in block.colnums) + "</tr>"
            )
        out.append("</thead><tbody>")
        for row in block.rows:
            cells = []
            for c, text in enumerate(row.cells):
                klass = " class='n'" if c in row.nums else ""
                content = html.escape(text)
                cells.append(f"<td{klass}>{'<b>' + content + '</b>' if row.bold else content}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table>")
        if block.caption_below:
            out.append(caption)
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out)


def _chromium() -> str:
    for name in CHROMIUM:
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("Chromium is needed for the PDF (or use --formats txt,docx)")


def to_pdf(report: Report) -> bytes:
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "report.html"
        target = Path(work) / "report.pdf"
        source.write_text(to_html(report), encoding="utf-8")
        subprocess.run(
            [
                _chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                "--disable-pdf-tagging",
                f"--user-data-dir={work}/profile",
                f"--print-to-pdf={target}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        data = target.read_bytes()
    stamp = FIXED_TIME.strftime("%Y%m%d%H%M%S").encode()
    return re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)[0-9]{14}", rb"\g<1>" + stamp, data)


def render_all(report: Report, stem: Path, formats: list[str]) -> None:
    if "txt" in formats:
        stem.with_name(stem.name + ".txt").write_text(to_text(report), encoding="utf-8")
    if "docx" in formats:
        stem.with_name(stem.name + ".docx").write_bytes(to_docx(report))
    if "pdf" in formats:
        stem.with_name(stem.name + ".pdf").write_bytes(to_pdf(report))
