"""The committed renders of the sample (datasets/*.docx, *.pdf, *.xlsx) and hostile inputs.

`python datasets/render_formats.py` writes the renders (it needs LibreOffice); these tests
only read the committed files, except the drift test, which rebuilds the DOCX in memory
with the script's pure-python part and compares it with the committed one.
"""

from __future__ import annotations

import importlib.util
import io
import re
import sys
import zipfile
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from openpyxl import load_workbook
from pdfplumber.utils.exceptions import PdfminerException

from auditor.ingest.text import parse_text
from auditor.model import Paragraph, Table

DATASETS = Path(__file__).resolve().parent.parent / "datasets"
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
spec = importlib.util.spec_from_file_location("render_formats", DATASETS / "render_formats.py")
render_formats = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = render_formats  # its dataclass looks its module up while defined
spec.loader.exec_module(render_formats)
STEMS = render_formats.STEMS
BUDGET = "3.7.1"  # the long budget table, 76 body rows
# Whole-Rupiah columns written as numbers in the XLSX; every other cell is text.
NUMBER_CELLS = {("2.2.3", "C"), ("3.5.1", "H"), ("3.5.1", "I"), ("3.7.1", "C"), ("3.7.1", "D")}


@cache
def blocks(stem: str) -> list[Paragraph | Table]:
    return parse_text((DATASETS / f"{stem}.txt").read_text(encoding="utf-8"))


def tables(stem: str) -> list[Table]:
    return [b for b in blocks(stem) if isinstance(b, Table)]


def printed_rows(table: Table) -> list[list[str]]:
    """Header rows, column-number row and body rows as printed, padded to the table width."""
    numbers = [table.column_numbers] if table.column_numbers else []
    return [
        [c.text for c in row] + [""] * (table.width - len(row))
        for row in [*table.header_rows, *numbers, *table.body_rows]
    ]


def head_and_body(table: Table) -> tuple[list[list[str]], list[list[str]]]:
    rows = printed_rows(table)
    cut = len(rows) - len(table.body_rows)
    return rows[:cut], rows[cut:]


def squeeze(text: str | None) -> str:
    """Cell text with line breaks and runs of spaces as single spaces; a line broken after a
    word's hyphen ("Perundang-" / "undangan") joins without one."""
    return " ".join(re.sub(r"(?<=\w-)\n", "", text or "").split())


def rupiah(text: str) -> int:
    return int(re.sub(r"^Rp\.?\s*", "", text).replace(".", ""))


# --- DOCX -------------------------------------------------------------------------------


def docx_grid(table: DocxTable) -> list[list[str]]:
    """Each row as stored: a merged cell's text at its first grid column, "" in the columns
    it spans (gridSpan) and in the rows it continues into (vMerge)."""
    grid = []
    for tr in table._tbl.tr_lst:
        row: list[str] = []
        for tc in tr.tc_lst:
            row += [squeeze(_Cell(tc, table).text)] + [""] * (tc.grid_span - 1)
        grid.append(row)
    return grid


def docx_blocks(doc: DocxDocument) -> list[tuple[str, str]]:
    """(kind, text) of every non-empty paragraph and every table, in document order."""
    out = []
    for item in doc.iter_inner_content():
        if isinstance(item, DocxParagraph):
            style = item.style.name
            kind = {"Caption": "caption", "Normal": "paragraph"}.get(style, style)
            kind = "heading" if kind.startswith("Heading") else kind
            if item.text:
                out.append((kind, item.text))
        else:
            out.append(("table", ""))
    return out


def source_blocks(stem: str) -> list[tuple[str, str]]:
    out = []
    for block in blocks(stem):
        if isinstance(block, Paragraph):
            out.append((block.kind, block.text))
        else:
            out += [("caption", block.caption.text)] if block.caption else []
            out.append(("table", ""))
    return out


def docx_layout(doc: DocxDocument) -> list[object]:
    """What the drift test compares: paragraphs with their style, tables cell by cell with
    line breaks, spans, vertical merges and repeated-header marks."""
    out: list[object] = []
    for item in doc.iter_inner_content():
        if isinstance(item, DocxParagraph):
            out.append((item.style.name, item.text))
            continue
        for tr in item._tbl.tr_lst:
            repeated = tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None
            cells = [(_Cell(tc, item).text, tc.grid_span, tc.vMerge) for tc in tr.tc_lst]
            out.append((repeated, cells))
    return out


@pytest.mark.parametrize("stem", STEMS)
def test_docx_has_every_block_in_order(stem):
    doc = open_docx(DATASETS / f"{stem}.docx")
    assert docx_blocks(doc) == source_blocks(stem)
    assert len(doc.tables) == len(tables(stem)) == 21


@pytest.mark.parametrize("stem", STEMS)
def test_docx_tables_are_the_printed_tables(stem):
    doc = open_docx(DATASETS / f"{stem}.docx")
    for word_table, table in zip(doc.tables, tables(stem), strict=True):
        assert docx_grid(word_table) == printed_rows(table), table.id
        repeated = [
            tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None
            for tr in word_table._tbl.tr_lst
        ]
        header = len(table.header_rows)
        assert repeated == [True] * header + [False] * (len(repeated) - header), table.id


@pytest.mark.parametrize("stem", STEMS)
def test_docx_merges_group_headers(stem):
    xml = zipfile.ZipFile(DATASETS / f"{stem}.docx").read("word/document.xml").decode()
    # Across: TAHUN 2023 (3.1.2-3.1.4), REALISASI (3.2.1-3.2.2), KINERJA and ANGGARAN (3.5.1),
    # SASARAN STRATEGIS (T18), TARGET (T19), ANGGARAN (T20), RENSTRA OPD (Tabel 3).
    assert len(re.findall(r'<w:gridSpan w:val="[2-9]"/>', xml)) == 11
    # Down: the four left columns of 3.1.2-3.1.4 and 3.2.1-3.2.2 (20), 5 in 3.5.1, 3 in T20,
    # 3 in Tabel 3.
    assert xml.count('<w:vMerge w:val="restart"/>') == 31
    table = open_docx(DATASETS / f"{stem}.docx").tables[7]  # 3.1.2
    top, below = table._tbl.tr_lst[:2]
    assert (top.tc_lst[4].grid_span, _Cell(top.tc_lst[4], table).text) == (3, "TAHUN 2023")
    assert (top.tc_lst[0].vMerge, below.tc_lst[0].vMerge) == ("restart", "continue")
    assert "SEQ Table" in xml  # the "Tabel 3" caption is a Word caption field


@pytest.mark.parametrize("stem", STEMS)
def test_docx_has_not_drifted(stem):
    """The committed DOCX is what render_formats.py builds now (no LibreOffice needed)."""
    fresh = open_docx(io.BytesIO(render_formats.render_docx(stem)))
    committed = open_docx(DATASETS / f"{stem}.docx")
    assert docx_layout(fresh) == docx_layout(committed), (
        f"datasets/{stem}.docx drifted; run `python datasets/render_formats.py`"
    )


# --- PDF --------------------------------------------------------------------------------


@cache
def pdf_tables(stem: str) -> list[tuple[int, list[list[str]]]]:
    """(page, rows) of every ruled table pdfplumber finds, cells squeezed."""
    with pdfplumber.open(DATASETS / f"{stem}.pdf") as pdf:
        return [
            (number, [[squeeze(cell) for cell in row] for row in rows])
            for number, page in enumerate(pdf.pages, 1)
            for rows in page.extract_tables()
        ]


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_pages_are_a4(stem):
    with pdfplumber.open(DATASETS / f"{stem}.pdf") as pdf:
        sizes = {(round(page.width), round(page.height)) for page in pdf.pages}
        assert len(pdf.pages) >= 20
    assert sizes == {(595, 842), (842, 595)}  # portrait, and landscape for the widest tables


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_tables_hold_every_printed_row(stem):
    """Every body row of every table, in order, text as printed; a row that LibreOffice
    split at a page break is two rows here and joins back."""
    headers = {tuple(row) for t in tables(stem) for row in head_and_body(t)[0]}
    found = [row for _, rows in pdf_tables(stem) for row in rows if tuple(row) not in headers]
    expected = [row for t in tables(stem) for row in head_and_body(t)[1]]
    i = split = 0
    for row in expected:
        if found[i] != row:
            pairs = zip(found[i], found[i + 1], strict=True)
            joined = [" ".join(filter(None, pair)) for pair in pairs]
            assert joined == row, f"PDF row {found[i]} is not {row}"
            i += 1
            split += 1
        i += 1
    assert i == len(found)
    assert split <= 3


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_budget_table_repeats_its_header_on_every_page(stem):
    budget = next(t for t in tables(stem) if t.id == BUDGET)
    header = [c.text for c in budget.header_rows[0]]
    pages = [(page, rows) for page, rows in pdf_tables(stem) if rows[0] == header]
    assert len(pages) >= 2
    numbers = [c.text for c in budget.column_numbers]
    codes = [row[0] for _, rows in pages for row in rows[1:] if row != numbers]
    assert codes == [row[0].text for row in budget.body_rows]


# --- XLSX -------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", STEMS)
def test_xlsx_sheets_are_the_printed_tables(stem):
    wb = load_workbook(DATASETS / f"{stem}.xlsx", data_only=True)  # formulas: cached values
    assert wb.sheetnames == [t.id for t in tables(stem)]
    for table in tables(stem):
        ws = wb[table.id]
        cells = list(ws.iter_rows())
        if table.caption:
            assert cells[0][0].value == table.caption.text
            cells = cells[1:]
        assert len(cells) == len(printed_rows(table)), table.id
        head, body = head_and_body(table)
        for i, (row, texts) in enumerate(zip(cells, head + body, strict=True)):
            for cell, text in zip(row, texts, strict=True):
                where = f"{table.id}!{cell.coordinate}"
                if i >= len(head) and (table.id, cell.column_letter) in NUMBER_CELLS:
                    assert (cell.value, cell.data_type) == (rupiah(text), "n"), where
                else:
                    assert (cell.value or "", cell.data_type) == (text, "s" if text else "n"), where
    merged = sum(len(ws.merged_cells.ranges) for ws in wb)
    assert merged == 11 + 31  # the DOCX's gridSpan and vMerge groups


@pytest.mark.parametrize("stem", STEMS)
def test_xlsx_totals_are_formulas_with_cached_values(stem):
    formulas = load_workbook(DATASETS / f"{stem}.xlsx")
    values = load_workbook(DATASETS / f"{stem}.xlsx", data_only=True)
    found = {
        f"{ws.title}!{cell.coordinate}": cell.value
        for ws in formulas
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    }
    programs = "C5,C27,C30,C38,C41,C44,C48,C53,C62,C65,C70"
    assert found == {
        "2.2.3!C15": "=SUM(C4:C14)",
        "3.7.1!C79": f"=SUM({programs})",
        "3.7.1!D79": f"=SUM({programs.replace('C', 'D')})",
    }
    assert values["2.2.3"]["C15"].value == 31_294_422_433  # printed "Rp. 31.294.422.433"
    assert values["3.7.1"]["C79"].value == 31_294_422_433
    assert values["3.7.1"]["D79"].value == 26_949_196_056


# --- hostile inputs ---------------------------------------------------------------------

HOSTILE_FILES = [
    "empty.pdf",
    "renamed-text.pdf",
    "truncated.pdf",
    "encrypted.pdf",
    "image-only.pdf",
    "renamed-text.docx",
    "truncated.docx",
    "not-a-zip.docx",
    "zip-bomb.docx",
    "renamed-text.xlsx",
]


def test_hostile_files_are_small_and_documented():
    readme = (HOSTILE / "README.md").read_text(encoding="utf-8")
    present = {p.name for p in HOSTILE.iterdir() if p.suffix in {".pdf", ".docx", ".xlsx"}}
    assert present == set(HOSTILE_FILES)
    for name in HOSTILE_FILES:
        assert (HOSTILE / name).stat().st_size < 100_000, name
        assert f"`{name}`" in readme, name


def test_hostile_pdfs_are_what_they_claim():
    assert (HOSTILE / "empty.pdf").read_bytes() == b""
    assert not (HOSTILE / "renamed-text.pdf").read_bytes().startswith(b"%PDF")
    truncated = (HOSTILE / "truncated.pdf").read_bytes()
    assert truncated.startswith(b"%PDF-") and b"%%EOF" not in truncated
    with pytest.raises(PdfminerException):
        pdfplumber.open(HOSTILE / "encrypted.pdf")
    with pdfplumber.open(HOSTILE / "encrypted.pdf", password="rahasia") as pdf:
        assert len(pdf.pages) == 2 and "KATA PENGANTAR" in pdf.pages[0].extract_text()
    with pdfplumber.open(HOSTILE / "image-only.pdf") as pdf:
        (page,) = pdf.pages
        assert page.chars == [] and len(page.images) == 1


def test_hostile_docx_and_xlsx_are_what_they_claim():
    for name in ("renamed-text.docx", "truncated.docx", "not-a-zip.docx", "renamed-text.xlsx"):
        assert not zipfile.is_zipfile(HOSTILE / name), name
    assert (HOSTILE / "truncated.docx").read_bytes().startswith(b"PK\x03\x04")
    with zipfile.ZipFile(HOSTILE / "zip-bomb.docx") as bomb:
        sizes = {info.filename: (info.file_size, info.compress_size) for info in bomb.infolist()}
    assert set(sizes) == {"[Content_Types].xml", "_rels/.rels", "word/document.xml"}
    declared, stored = sizes["word/document.xml"]
    assert declared > 2**30 and stored < 2_000  # never inflate it here
