"""Hostile inputs too large to commit, made at test time (see tests/fixtures/hostile/)."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

MB = 1024 * 1024


def blank_pdf(pages: int) -> bytes:
    """A valid PDF of `pages` empty A4 pages, written by hand (the test dependencies have no
    PDF writer); each page inherits its size from the page tree, ~80 bytes a page."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /MediaBox [0 0 595 842] /Count %d /Kids [%s] >>"
        % (pages, b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))),
        *[b"<< /Type /Page /Parent 2 0 R >>"] * pages,
    ]
    return _pdf(objects)


def one_page_pdf(
    content: bytes, stream_dict: bytes = b"", width: int = 595, height: int = 842
) -> bytes:
    """A PDF of one page (A4 unless a size is given) whose content stream is `content`,
    stored as given (encoded by the filters `stream_dict` names: b"/Filter /FlateDecode")."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /MediaBox [0 0 %d %d] /Count 1 /Kids [3 0 R] >>" % (width, height),
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(content), stream_dict, content),
    ]
    return _pdf(objects)


def flate_bomb_pdf(inflated_mb: int) -> bytes:
    """One page whose Flate-encoded content stream inflates to `inflated_mb` MB of spaces
    (PDF whitespace), ~1 KB a MB. Quick to make: after a full flush a compressor starts
    afresh, so one compressed MB repeats, closed by an empty final block and the checksum."""
    chunk = b" " * MB
    compressor = zlib.compressobj(9)
    header = compressor.compress(b"") + compressor.flush(zlib.Z_SYNC_FLUSH)  # b"x\xda..."
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(inflated_mb):
        checksum = zlib.adler32(chunk, checksum)
    final = b"\x03\x00"  # an empty fixed-Huffman block marked final
    stream = header + block * inflated_mb + final + checksum.to_bytes(4, "big")
    return one_page_pdf(stream, b"/Filter /FlateDecode")


def ruled_grid_pdf(columns: int, rows: int) -> bytes:
    """One page ruled as a grid of `columns` × `rows` empty cells, 5 pt wide and 10 pt
    high (the page as wide as it needs): what pdfplumber's "lines" strategy finds as one
    table. ~30 bytes a line."""
    left, top = 20, 800
    right, bottom = left + 5 * columns, top - 10 * rows
    lines = [b"0.1 w"]
    lines += [b"%d %d m %d %d l S" % (x, bottom, x, top) for x in range(left, right + 1, 5)]
    lines += [b"%d %d m %d %d l S" % (left, y, right, y) for y in range(bottom, top + 1, 10)]
    return one_page_pdf(b"\n".join(lines), width=right + 20)


def ruling_lines_pdf(lines: int) -> bytes:
    """One page of `lines` short vertical lines side by side and as many short horizontal
    ones stacked apart from them: none crossing, but each pair is one pdfplumber tries."""
    rules = [b"0.1 w"]
    rules += [b"%d 10 m %d 20 l S" % (10 + 4 * n, 10 + 4 * n) for n in range(lines)]
    rules += [b"10 %d m 20 %d l S" % (30 + 4 * n, 30 + 4 * n) for n in range(lines)]
    size = 40 + 4 * lines
    return one_page_pdf(b"\n".join(rules), width=size, height=size)


def _pdf(objects: list[bytes]) -> bytes:
    """`objects` (numbered from 1, the catalog first) as a PDF file with its xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def docx_with_tables(path: Path, tables: int) -> None:
    """A Word document of `tables` small tables, each under a caption."""
    import docx

    document = docx.Document()
    for number in range(1, tables + 1):
        document.add_paragraph(f"Tabel {number} Capaian Kinerja")
        table = document.add_table(rows=2, cols=3)
        for cell, text in zip(table.rows[0].cells, ["NO", "INDIKATOR", "CAPAIAN"], strict=True):
            cell.text = text
        for cell, text in zip(table.rows[1].cells, ["1", "Persentase PMKS", "90%"], strict=True):
            cell.text = text
    document.save(path)


def docx_with_spans(path: Path, span: int, rows: int = 1, columns: int = 3) -> None:
    """A Word table: a header row of `columns` titles over `rows` rows of `columns` cells,
    each spanning `span` grid columns (w:gridSpan, set through python-docx's XML): a few KB
    that name rows × columns × span cells."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("Tabel 1 Capaian Kinerja")
    table = document.add_table(rows=rows + 1, cols=columns)
    titles = ["NO", "INDIKATOR", *(f"CAPAIAN {n}" for n in range(1, columns - 1))]
    for cell, text in zip(table.rows[0].cells, titles[:columns], strict=True):
        cell.text = text
    for number, row in enumerate(table.rows[1:], start=1):
        for cell in row.cells:
            cell.text = f"{number}"
            grid_span = OxmlElement("w:gridSpan")
            grid_span.set(qn("w:val"), str(span))
            cell._tc.get_or_add_tcPr().append(grid_span)
    document.save(path)


def xlsx_with_far_cells(path: Path, column: int, rows: int = 1, in_a: bool = True) -> None:
    """A worksheet of `rows` rows, each with a value in `column` (16,384 is Excel's last)
    and, if `in_a`, one in column A: a few KB whose rows span `column` columns."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in range(1, rows + 1):
        if in_a:
            sheet.cell(row=row, column=1, value=f"Indikator {row}")
        sheet.cell(row=row, column=column, value=row)
    workbook.save(path)


def xlsx_with_far_row(path: Path, row: int) -> None:
    """A small table, and a value in column A of row `row` (past Excel's 1,048,576 if you
    like: the sheet's XML is rewritten), which a reader must not reach by counting rows."""
    _xlsx_rewritten(path, lambda xml: xml.replace(b"1048576", str(row).encode()), far=True)


def xlsx_with_merges(path: Path, merges: int) -> None:
    """A table of 5,000 rows × 2 and `merges` merged ranges, each huge, that hold none of
    its cells (D1:XFD1048576, D2:XFD1048576, ...)."""
    refs = "".join(f'<mergeCell ref="D{n}:XFD1048576"/>' for n in range(1, merges + 1))
    tag = f'</sheetData><mergeCells count="{merges}">{refs}</mergeCells>'.encode()
    _xlsx_rewritten(path, lambda xml: xml.replace(b"</sheetData>", tag), rows=5_000)


def _xlsx_rewritten(
    path: Path, rewrite: Callable[[bytes], bytes], rows: int = 3, far: bool = False
) -> None:
    """A worksheet with a table of `rows` rows (and, if `far`, a value at A1048576) written
    by openpyxl, its sheet XML then passed through `rewrite`."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["INDIKATOR", "CAPAIAN"])
    for row in range(1, rows):
        sheet.append([f"Indikator {row}", row])
    if far:
        sheet.cell(row=1_048_576, column=1, value="Catatan")
    written = io.BytesIO()
    workbook.save(written)
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(path, "w") as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = rewrite(data)
            target.writestr(member, data, zipfile.ZIP_DEFLATED)


def tab_flood(tabs: int) -> str:
    """A text report whose one table row holds `tabs` TABs between two values."""
    return "Tabel 1 Capaian Kinerja\nNO\tINDIKATOR\tCAPAIAN\n1\tPMKS" + "\t" * tabs + "90%\n"


def markdown_table(rows: int) -> str:
    """A Markdown report with one pipe table of a header and `rows` body rows."""
    lines = ["Tabel 1 Capaian Kinerja", "| NO | INDIKATOR | CAPAIAN |", "|---|---|---|"]
    lines += [f"| {n} | Indikator {n} | 90% |" for n in range(1, rows + 1)]
    return "\n".join(lines) + "\n"


def assert_refused(path: Path, needle: str) -> None:
    """`audit PATH` refuses the file: exit 3, one line naming it, no traceback, file unchanged."""
    from click.testing import CliRunner

    from auditor.cli import main

    before = path.read_bytes()
    result = CliRunner().invoke(main, ["audit", str(path), "--format", "json"])
    assert result.exit_code == 3, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("lkjip-audit: ")
    assert needle in result.output and str(path) in result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == before
