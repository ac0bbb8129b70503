"""Reader-level tests for Word reports (`auditor.ingest.docx.read_docx`).

Every DOCX is built in the test with python-docx (plus raw WordprocessingML where
python-docx has no API: fields, tracked changes, repeated header rows, grid offsets,
content controls), so no office suite is needed. The tests check what the reader hands to
the shared BlockBuilder (order, headings, merged cells on Word's grid, captions) and the
locations, then the whole CLI on a small report and on broken or hostile files.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table as WordTable
from hostile import assert_refused
from lxml import etree

from auditor.cli import main
from auditor.errors import InputError
from auditor.ingest import read_document
from auditor.ingest.archive import DOCX, read_zip_safely
from auditor.ingest.docx import read_docx
from auditor.model import Cell, Document, Location, Paragraph, Table
from auditor.recognise.tables import recognise

# --- building documents --------------------------------------------------------------------


def el(tag: str, *children, text: str | None = None, **attrs: str):
    """A WordprocessingML element: el("w:r", el("w:t", text="x")); attrs are w: attributes."""
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    if text is not None:
        element.text = text
        element.set(qn("xml:space"), "preserve")
    for child in children:
        element.append(child)
    return element


def run(text: str):
    return el("w:r", el("w:t", text=text))


def fill(table: WordTable, rows: list[list[str]]) -> WordTable:
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return table


def add_table(document, rows: list[list[str]]) -> WordTable:
    return fill(document.add_table(rows=len(rows), cols=len(rows[0])), rows)


def row_properties(table: WordTable, row: int):
    return table.rows[row]._tr.get_or_add_trPr()


def save(document, tmp_path: Path, name: str = "laporan.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def read(document, tmp_path: Path) -> Document:
    return read_docx(save(document, tmp_path))


def tables(doc: Document) -> list[Table]:
    return doc.tables


def texts(rows: list[list[Cell]]) -> list[list[str]]:
    return [[c.text for c in row] for row in rows]


def blocks(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, b.text) if isinstance(b, Paragraph) else ("table", b.id) for b in doc.blocks]


SMALL = [["NO", "INDIKATOR", "TARGET"], ["1.", "Indeks Pembangunan Gender", "81,9"]]


# --- order and headings --------------------------------------------------------------------


def test_paragraphs_and_tables_in_document_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("Kalimat pertama.")
    add_table(document, SMALL)
    document.add_paragraph("Kalimat kedua.")
    add_table(document, [["NO", "PROGRAM", "ANGGARAN"], ["1.", "Program A", "100"]])
    document.add_paragraph("Kalimat ketiga.")
    doc = read(document, tmp_path)
    assert blocks(doc) == [
        ("paragraph", "Kalimat pertama."),
        ("table", "T1"),
        ("paragraph", "Kalimat kedua."),
        ("table", "T2"),
        ("paragraph", "Kalimat ketiga."),
    ]
    assert doc.format == "docx"
    assert texts(doc.tables[1].header_rows) == [["NO", "PROGRAM", "ANGGARAN"]]


def test_content_controls_are_read_in_place(tmp_path):
    document = docx.Document()
    document.add_paragraph("Sebelum.")
    inside = document.add_paragraph("Di dalam kontrol isi.")
    table = add_table(document, SMALL)
    document.add_paragraph("Sesudah.")
    content = el("w:sdtContent")
    inside._p.addprevious(el("w:sdt", el("w:sdtPr", el("w:alias", val="Isian")), content))
    content.append(inside._p)
    content.append(table._tbl)
    doc = read(document, tmp_path)
    assert blocks(doc) == [
        ("paragraph", "Sebelum."),
        ("paragraph", "Di dalam kontrol isi."),
        ("table", "T1"),
        ("paragraph", "Sesudah."),
    ]


def test_headings_from_style_name_outline_level_and_inheritance(tmp_path):
    document = docx.Document()
    judul = document.styles.add_style("Judul 1", WD_STYLE_TYPE.PARAGRAPH)  # no outline level
    sub = document.styles.add_style("Sub Bab", WD_STYLE_TYPE.PARAGRAPH)
    sub.base_style = document.styles["Heading 2"]  # inherits outline level 1
    document.add_heading("Pendahuluan", level=1)
    document.add_paragraph("Latar belakang", style=judul)
    document.add_paragraph("Maksud dan tujuan", style=sub)
    document.add_heading("Laporan Kinerja", level=0)  # the Title style
    direct = document.add_paragraph("Gambaran umum")
    direct._p.get_or_add_pPr().append(el("w:outlineLvl", val="2"))
    document.add_paragraph("Kalimat biasa dalam paragraf.")
    body_level = document.add_paragraph("Bukan judul", style="Heading 3")
    body_level._p.get_or_add_pPr().append(el("w:outlineLvl", val="9"))  # direct: body text
    document.add_paragraph("BAB II PERENCANAAN KINERJA")  # no style: BlockBuilder decides
    doc = read(document, tmp_path)
    assert blocks(doc) == [
        ("heading", "Pendahuluan"),
        ("heading", "Latar belakang"),
        ("heading", "Maksud dan tujuan"),
        ("heading", "Laporan Kinerja"),
        ("heading", "Gambaran umum"),
        ("paragraph", "Kalimat biasa dalam paragraf."),
        ("paragraph", "Bukan judul"),
        ("heading", "BAB II PERENCANAAN KINERJA"),
    ]


# --- merged cells on Word's grid ---------------------------------------------------------


def capaian_table(document) -> WordTable:
    """NO | SASARAN | INDIKATOR | SATUAN merged down two rows; TAHUN 2023 over three."""
    table = document.add_table(rows=4, cols=7)
    for c in range(4):
        table.cell(0, c).merge(table.cell(1, c))
    table.cell(0, 4).merge(table.cell(0, 6))
    for c, text in enumerate(["NO", "SASARAN", "INDIKATOR", "SATUAN", "TAHUN 2023"]):
        table.cell(0, c).text = text
    for c, text in enumerate(["TARGET", "REALISASI", "CAPAIAN"], start=4):
        table.cell(1, c).text = text
    fill_rows = [
        ["1.", "Meningkatnya kesetaraan gender", "Indeks Pemberdayaan Gender", "Indeks"],
        ["2.", "", "Indeks Pembangunan Gender", "Indeks"],
    ]
    for r, row in enumerate(fill_rows, start=2):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for c, text in enumerate(["59,42", "60,81", "102,34"], start=4):
        table.cell(2, c).text = text
    for c, text in enumerate(["81,9", "81,88", "99,98"], start=4):
        table.cell(3, c).text = text
    table.cell(2, 1).merge(table.cell(3, 1))  # one sasaran over two indicators
    # A continuation cell's own text (Word leaves it empty) is not the merged cell's text.
    table.rows[1]._tr.tc_lst[0].append(el("w:p", run("tersembunyi")))
    return table


def test_two_row_header_with_horizontal_and_vertical_merges(tmp_path):
    document = docx.Document()
    document.add_paragraph("Tabel 3.1 Realisasi dan Capaian Kinerja Tahun 2023")
    capaian_table(document)
    doc = read(document, tmp_path)
    (table,) = doc.tables
    assert texts(table.header_rows) == [
        ["NO", "SASARAN", "INDIKATOR", "SATUAN", "TAHUN 2023", "", ""],
        ["", "", "", "", "TARGET", "REALISASI", "CAPAIAN"],
    ]
    assert texts(table.body_rows) == [
        [
            "1.",
            "Meningkatnya kesetaraan gender",
            "Indeks Pemberdayaan Gender",
            "Indeks",
            "59,42",
            "60,81",
            "102,34",
        ],
        ["2.", "", "Indeks Pembangunan Gender", "Indeks", "81,9", "81,88", "99,98"],
    ]
    (dataset,) = recognise(doc).datasets
    assert dataset.kind == "capaian"
    assert [c.name for c in dataset.columns] == [
        "no",
        "sasaran",
        "indikator",
        "satuan",
        "target",
        "realisasi",
        "capaian",
    ]
    assert dataset.column("capaian").label == "TAHUN 2023 CAPAIAN"
    assert dataset.column("target").year == 2023


def test_grid_before_and_after_give_empty_cells(tmp_path):
    document = docx.Document()
    table = add_table(
        document,
        [
            ["NO", "URAIAN", "ANGGARAN", "REALISASI"],
            ["1.", "Program A", "100", "90"],
            ["x", "Program B", "200", "y"],
        ],
    )
    tr = table.rows[2]._tr
    tr.remove(tr.tc_lst[0])  # the row starts one grid column in ...
    tr.remove(tr.tc_lst[-1])  # ... and stops one short
    row_properties(table, 2).append(el("w:gridBefore", val="1"))
    row_properties(table, 2).append(el("w:gridAfter", val="1"))
    (read_table,) = read(document, tmp_path).tables
    assert texts(read_table.body_rows)[1] == ["", "Program B", "200", ""]
    assert [c.location.column for c in read_table.body_rows[1]] == [1, 2, 3, 4]


def test_nested_table_is_flattened_into_its_cell(tmp_path):
    document = docx.Document()
    table = add_table(document, SMALL)
    table.cell(1, 1).add_table(rows=1, cols=2)
    inner = table.cell(1, 1).tables[0]
    inner.cell(0, 0).text = "rincian"
    inner.cell(0, 1).text = "tambahan"
    (read_table,) = read(document, tmp_path).tables
    assert texts(read_table.body_rows) == [
        ["1.", "Indeks Pembangunan Gender rincian tambahan", "81,9"]
    ]


# --- text ------------------------------------------------------------------------------


def test_line_breaks_paragraphs_and_tabs_in_a_cell_become_single_spaces(tmp_path):
    document = docx.Document()
    table = add_table(document, SMALL)
    cell = table.cell(1, 1)
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.add_run("Indeks Pembangunan")
    paragraph.add_run().add_break()
    paragraph.add_run("Gender")
    cell.add_paragraph("(IPG)")
    tabbed = table.cell(1, 2).paragraphs[0]
    tabbed.add_run().add_tab()
    tabbed.add_run("%")
    (read_table,) = read(document, tmp_path).tables
    assert texts(read_table.body_rows) == [["1.", "Indeks Pembangunan Gender (IPG)", "81,9 %"]]
    assert read_table.body_rows[0][1].raw == "Indeks Pembangunan Gender (IPG)"


def test_alternate_content_is_read_once(tmp_path):
    mc = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
    document = docx.Document()
    paragraph = document.add_paragraph("Status: ")
    alternate = etree.SubElement(paragraph._p, mc + "AlternateContent")
    etree.SubElement(alternate, mc + "Choice", Requires="w14").append(run("tercapai"))
    etree.SubElement(alternate, mc + "Fallback").append(run("tercapai"))
    assert read(document, tmp_path).paragraphs[0].text == "Status: tercapai"


def test_tracked_deletions_are_ignored_and_insertions_kept(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Capaian kinerja ")
    change = {"id": "1", "author": "Reviu", "date": "2024-03-01T00:00:00Z"}
    paragraph._p.append(el("w:del", el("w:r", el("w:delText", text="80,5")), **change))
    paragraph._p.append(el("w:ins", run("85,5"), **{**change, "id": "2"}))
    paragraph._p.append(run(" persen."))
    table = add_table(document, [*SMALL, ["2.", "Baris dihapus", "1"], ["3.", "Indeks X", "7"]])
    table.cell(1, 2).text = ""
    target = table.cell(1, 2).paragraphs[0]._p
    # Some generators write deleted text as w:t rather than w:delText: still deleted.
    target.append(el("w:del", el("w:r", el("w:t", text="91,9")), **{**change, "id": "3"}))
    target.append(el("w:ins", run("81,9"), **{**change, "id": "4"}))
    row_properties(table, 2).append(el("w:del", **{**change, "id": "5"}))
    doc = read(document, tmp_path)
    assert doc.paragraphs[0].text == "Capaian kinerja 85,5 persen."
    (read_table,) = doc.tables
    assert texts(read_table.body_rows) == [
        ["1.", "Indeks Pembangunan Gender", "81,9"],
        ["3.", "Indeks X", "7"],
    ]
    assert read_table.body_rows[1][0].location.row == 4  # Word's row, the deleted one counted


# --- captions ------------------------------------------------------------------------------


def test_caption_paragraph_before_the_table(tmp_path):
    document = docx.Document()
    document.add_paragraph("Tabel 2.2.1 Perjanjian Kinerja Tahun 2023", style="Caption")
    add_table(document, SMALL)
    doc = read(document, tmp_path)
    (table,) = doc.tables
    assert table.caption is not None
    assert (table.id, table.caption.title) == ("2.2.1", "Perjanjian Kinerja Tahun 2023")
    assert table.caption.location == Location(paragraph=1)
    assert doc.paragraphs == []  # the caption is not prose


def test_caption_paragraph_below_the_table_is_that_tables(tmp_path):
    document = docx.Document()
    add_table(document, [["NO", "INDIKATOR", "TARGET"], ["1", "Indeks Pelayanan Publik", "82,4"]])
    document.add_paragraph("Tabel 3.1 Indikator Kinerja Utama")
    document.add_paragraph("Sumber: Dinas Contoh")
    add_table(document, [["NO", "SASARAN", "TARGET"], ["1", "Meningkatnya layanan", "90"]])
    document.add_paragraph("Tabel 3.2 Perjanjian Kinerja")
    document.add_paragraph(
        "Uraian tentang perjanjian kinerja yang ditandatangani pada awal tahun anggaran ini."
    )
    found = tables(read(document, tmp_path))
    assert [t.id for t in found] == ["3.1", "3.2"]
    assert found[1].notes == ("Sumber: Dinas Contoh",)


def test_caption_in_the_tables_merged_first_row(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2))
    table.cell(0, 0).text = "Tabel 3.7.1 Realisasi Anggaran Program Kegiatan"
    fill(table, [[], *SMALL])
    doc = read(document, tmp_path)
    (read_table,) = doc.tables
    assert read_table.caption is not None
    assert read_table.id == "3.7.1"
    assert read_table.caption.title == "Realisasi Anggaran Program Kegiatan"
    assert read_table.caption.location == Location(table=1, row=1)
    assert texts(read_table.header_rows) == [SMALL[0]]
    assert texts(read_table.body_rows) == [SMALL[1]]
    assert read_table.header_rows[0][0].location.row == 2  # Word's row numbers stay
    assert doc.paragraphs == []


def test_merged_first_row_that_is_not_a_caption_stays_a_row(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2))
    table.cell(0, 0).text = "URUSAN PEMERINTAHAN BIDANG SOSIAL"
    fill(table, [[], *SMALL])
    (read_table,) = read(document, tmp_path).tables
    assert read_table.caption is None
    assert texts(read_table.header_rows + read_table.body_rows)[0] == [
        "URUSAN PEMERINTAHAN BIDANG SOSIAL",
        "",
        "",
    ]


def test_caption_title_continues_until_an_empty_paragraph(tmp_path):
    document = docx.Document()
    document.add_paragraph("Tabel 3")
    document.add_paragraph("INDIKATOR KINERJA UTAMA (IKU)")
    document.add_paragraph("")
    document.add_paragraph("Tabel berikut memuat target setiap indikator.")
    add_table(document, SMALL)
    doc = read(document, tmp_path)
    (table,) = doc.tables
    assert table.caption is not None
    assert table.caption.title == "INDIKATOR KINERJA UTAMA (IKU)"
    assert [p.text for p in doc.paragraphs] == ["Tabel berikut memuat target setiap indikator."]
    assert doc.paragraphs[0].location == Location(paragraph=4)


@pytest.mark.parametrize("field", ["simple", "complex"])
def test_caption_number_from_a_seq_field(tmp_path, field):
    document = docx.Document()
    caption = document.add_paragraph("Tabel ", style="Caption")
    instruction = " SEQ Tabel \\* ARABIC "
    if field == "simple":
        caption._p.append(el("w:fldSimple", run("5"), instr=instruction))
    else:
        for part in [
            el("w:r", el("w:fldChar", fldCharType="begin")),
            el("w:r", el("w:instrText", text=instruction)),
            el("w:r", el("w:fldChar", fldCharType="separate")),
            run("5"),
            el("w:r", el("w:fldChar", fldCharType="end")),
        ]:
            caption._p.append(part)
    caption._p.append(run(" Indikator Kinerja Utama"))
    add_table(document, SMALL)
    (table,) = read(document, tmp_path).tables
    assert table.caption is not None
    assert table.caption.text == "Tabel 5 Indikator Kinerja Utama"
    assert table.id == "5"


# --- header rows ---------------------------------------------------------------------------


def test_rows_marked_as_repeating_header_are_the_header(tmp_path):
    rows = [
        ["Uraian", "Nilai"],
        ["", "dalam Rupiah"],
        ["Jumlah penduduk", "1.000"],
        ["Jumlah desa", "20"],
    ]
    document = docx.Document()
    add_table(document, rows)
    marked = add_table(document, rows)
    row_properties(marked, 0).append(el("w:tblHeader"))
    row_properties(marked, 1).append(el("w:tblHeader", val="1"))
    row_properties(marked, 2).append(el("w:tblHeader", val="false"))  # explicitly off
    plain, header = read(document, tmp_path).tables
    # Unmarked, the column titles are known by their words; only Word's mark makes the unit
    # row below them part of the header too.
    assert texts(plain.header_rows) == rows[:1]
    assert texts(header.header_rows) == rows[:2]
    assert texts(header.body_rows) == rows[2:]


# --- locations -----------------------------------------------------------------------------


def test_locations_of_cells_and_paragraphs(tmp_path):
    document = docx.Document()
    document.add_paragraph("Pembuka.")
    document.add_paragraph("")  # an empty paragraph still counts, as in Word
    document.add_table(rows=2, cols=2)  # an empty table: no Table, but Word counts it
    document.add_paragraph("Tengah.")
    add_table(document, SMALL)
    document.add_paragraph("Penutup.")
    doc = read(document, tmp_path)
    assert [(p.text, p.location) for p in doc.paragraphs] == [
        ("Pembuka.", Location(paragraph=1)),
        ("Tengah.", Location(paragraph=3)),
        ("Penutup.", Location(paragraph=4)),
    ]
    (table,) = doc.tables
    assert table.index == 1 and table.id == "T1"
    assert table.location == Location(table=2)  # the second table in Word
    assert [[c.location for c in row] for row in table.header_rows + table.body_rows] == [
        [Location(table=2, row=r, column=c) for c in (1, 2, 3)] for r in (1, 2)
    ]
    assert Location(paragraph=3).describe() == "paragraph 3"


# --- the whole CLI -------------------------------------------------------------------------


def budget_report(tmp_path: Path) -> Path:
    """A small report whose budget table has one parent (program 2) that is not its sum."""
    document = docx.Document()
    document.add_heading("BAB III AKUNTABILITAS KINERJA", level=1)
    document.add_paragraph("Realisasi anggaran program dan kegiatan tahun 2023 sebagai berikut.")
    document.add_paragraph("Tabel 3.7.1 Realisasi Anggaran Program Kegiatan Tahun Anggaran 2023")
    add_table(
        document,
        [
            ["NO", "PROGRAM/ KEGIATAN", "ANGGARAN", "REALISASI", "CAPAIAN"],
            ["(1)", "(2)", "(3)", "(4)", "(5)"],
            ["1.", "PROGRAM PENUNJANG URUSAN", "300.000", "240.000", "80,00%"],
            ["1.1", "Administrasi Keuangan", "100.000", "90.000", "90,00%"],
            ["1.2", "Administrasi Umum", "200.000", "150.000", "75,00%"],
            ["2.", "PROGRAM PEMBERDAYAAN SOSIAL", "500.000", "480.000", "96,00%"],
            ["2.1", "Pengembangan Potensi", "300.000", "300.000", "100,00%"],
            ["2.2", "Pemberdayaan Keluarga", "200.000", "200.000", "100,00%"],
        ],
    )
    return save(document, tmp_path)


def test_audit_json_reports_the_wrong_parent_sum_at_its_cell(tmp_path):
    path = budget_report(tmp_path)
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["audit", str(path), "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert data["source"]["format"] == "docx"
    assert data["tables"] == [
        {"id": "3.7.1", "kind": "realisasi_anggaran", "line": None, "page": None, "rows": 6}
    ]
    sums = [f for f in data["findings"] if f["rule"] == "LKJ101"]
    assert [(f["table"], f["row"], f["column"], f["reported"], f["expected"]) for f in sums] == [
        ("3.7.1", "2", "realisasi", "480.000", "500.000")
    ]
    assert path.read_bytes() == before


def test_sha256_is_of_the_file_bytes(tmp_path):
    import hashlib

    path = budget_report(tmp_path)
    assert read_document(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


# --- bad inputs ----------------------------------------------------------------------------


def zip_bomb(path: Path) -> None:
    """~300 MB of spaces as word/document.xml: a few hundred KB on disk."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b" " * (1 << 20)
            for _ in range(300):
                member.write(chunk)


def no_main_part(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")


def damaged_xml(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Isi.")
    document.save(str(path))
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["word/document.xml"] = members["word/document.xml"][:200]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def truncated(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Isi.")
    document.save(str(path))
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda p: p.write_bytes(b"\x00\x01 bukan dokumen Word" * 50), "not a ZIP archive"),
        (lambda p: p.write_text("Tabel 1 Laporan\nNO\tURAIAN\n", "utf-8"), "not a ZIP archive"),
        (truncated, "damaged or truncated"),
        (zip_bomb, "looks like a zip bomb"),
        (
            lambda p: p.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(2048)),
            "encrypted or legacy .doc file; save it as .docx without a password",
        ),
        (no_main_part, "no word/document.xml"),
        (damaged_xml, "is damaged"),
    ],
    ids=["not-a-zip", "renamed-txt", "truncated", "zip-bomb", "ole", "no-main-part", "bad-xml"],
)
def test_bad_input_is_exit_3_with_one_line_and_is_not_modified(tmp_path, make, needle):
    path = tmp_path / "laporan.docx"
    make(path)
    assert_refused(path, needle)


def test_archive_size_limit(tmp_path):
    path = budget_report(tmp_path)
    assert read_zip_safely(path, DOCX) == path.read_bytes()
    with pytest.raises(InputError, match=r"too large: [0-9.]+ MB uncompressed \(limit 0\.5 MB\)"):
        read_zip_safely(path, DOCX, max_uncompressed=500_000)


def test_file_over_the_limit_is_not_even_read(tmp_path):
    path = tmp_path / "besar.docx"
    path.write_bytes(b"PK\x03\x04" + bytes(600_000))
    with pytest.raises(InputError, match=r"too large: 0\.6 MB \(limit 0\.5 MB\)"):
        read_zip_safely(path, DOCX, max_uncompressed=500_000)
