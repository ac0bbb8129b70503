"""Reader-level tests for Excel workbooks (`auditor.ingest.xlsx.read_xlsx`).

Every workbook is built in the test with openpyxl. Cached formula values, a covered cell
that still holds a value and a wrong <dimension> are what Excel or LibreOffice write and
openpyxl does not, so those are patched into the sheet XML inside the zip.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile import assert_refused
from openpyxl import Workbook

from auditor.cli import main
from auditor.ingest import read_document
from auditor.ingest.xlsx import cell_text, read_xlsx
from auditor.model import Cell, Location
from auditor.recognise.tables import recognise

CAPAIAN_CAPTION = "Tabel 3.1.2 Realisasi dan Capaian Kinerja Dinas Contoh Tahun 2023"
BUDGET_CAPTION = "Tabel 4.2 Realisasi Anggaran Program Kegiatan Tahun Anggaran 2024"
FORMULA_XML_RE = r'(<c r="{cell}"[^>]*>\s*<f>[^<]*</f>)\s*<v\s*(?:/>|>\s*</v>)'


def save(wb: Workbook, tmp_path: Path, name: str = "laporan.xlsx") -> Path:
    path = tmp_path / name
    wb.save(path)
    return path


def patch_sheet(path: Path, sheet: int, edit) -> None:
    """Rewrite xl/worksheets/sheet<n>.xml inside the workbook with `edit(xml) -> xml`."""
    part = f"xl/worksheets/sheet{sheet}.xml"
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            target.writestr(info, edit(data.decode()).encode() if info.filename == part else data)


def cache_value(path: Path, cell: str, value: str) -> None:
    """Give the formula in `cell` (sheet 1) the cached value a spreadsheet would store."""

    def edit(xml: str) -> str:
        patched, count = re.subn(FORMULA_XML_RE.format(cell=cell), rf"\1<v>{value}</v>", xml)
        assert count == 1, xml
        return patched

    patch_sheet(path, 1, edit)


def texts(rows: list[list[Cell]]) -> list[list[str]]:
    return [[c.text for c in row] for row in rows]


def capaian_sheet(ws) -> None:
    """A caption merged across A1:G1, a two-row header: "TAHUN 2023" over three columns."""
    ws["A1"] = CAPAIAN_CAPTION
    ws.merge_cells("A1:G1")
    titles = ["NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "SATUAN"]
    for column, title in zip("ABCD", titles, strict=True):
        ws[f"{column}2"] = title
        ws.merge_cells(f"{column}2:{column}3")
    ws["E2"] = "TAHUN 2023"
    ws.merge_cells("E2:G2")
    ws["E3"], ws["F3"], ws["G3"] = "TARGET", "REALISASI", "CAPAIAN"
    rows = [
        (1, "Meningkatnya kesejahteraan sosial", "Persentase PMKS tertangani", "%", 85, 86.11),
        (2, "Meningkatnya perlindungan anak", "Persentase anak terlindungi", "%", 90, 93.6),
    ]
    for r, (no, sasaran, indikator, satuan, target, realisasi) in enumerate(rows, start=4):
        ws.append([no, sasaran, indikator, satuan, target, realisasi, f"=F{r}/E{r}"])
        ws[f"F{r}"].number_format = "0.00"
        ws[f"G{r}"].number_format = "0.00%"


# --- captions, headers, merged cells -------------------------------------------------------


def test_caption_and_two_row_header_with_merged_group_cell(tmp_path):
    wb = Workbook()
    wb.active.title = "Capaian"
    capaian_sheet(wb.active)
    path = save(wb, tmp_path)
    cache_value(path, "G4", "1.0130588235294118")
    cache_value(path, "G5", "1.04")

    document = read_xlsx(path)

    assert document.format == "xlsx" and document.path == str(path)
    (table,) = document.tables
    assert not document.paragraphs  # the caption belongs to the table
    assert table.caption is not None and table.caption.number == "3.1.2"
    assert table.caption.location == Location(sheet="Capaian", cell="A1")
    # The group cell's text in its top-left position, the positions it covers empty.
    assert texts(table.header_rows) == [
        ["NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "SATUAN", "TAHUN 2023", "", ""],
        ["", "", "", "", "TARGET", "REALISASI", "CAPAIAN"],
    ]
    body = texts(table.body_rows)
    assert body[0][:4] == [
        "1",
        "Meningkatnya kesejahteraan sosial",
        "Persentase PMKS tertangani",
        "%",
    ]
    assert [row[4:] for row in body] == [["85", "86,11", "101,31%"], ["90", "93,60", "104,00%"]]
    (dataset,) = recognise(document).datasets
    assert dataset.kind == "capaian"
    assert [c.name for c in dataset.columns] == [
        "no", "sasaran", "indikator", "satuan", "target", "realisasi", "capaian"
    ]  # fmt: skip
    assert dataset.column("target").year == 2023


def test_each_cell_keeps_its_sheet_and_excel_address(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "3.7.1"
    ws["C3"] = "Tabel 1 Daftar Program"
    ws.append([])
    ws["C5"], ws["D5"], ws["E5"] = "NO", "PROGRAM", "ANGGARAN"
    ws["C6"], ws["D6"], ws["E6"] = "1.", "Program A", 1500
    path = save(wb, tmp_path)

    (table,) = read_xlsx(path).tables

    cell = table.body_rows[0][2]
    assert cell.text == "1500"
    assert cell.location == Location(table=1, row=2, column=3, sheet="3.7.1", cell="E6")
    assert cell.location.describe() == "table 1, row 2, sheet 3.7.1, cell E6"
    assert [c.location.cell for c in table.header_rows[0]] == ["C5", "D5", "E5"]
    assert table.location == Location(table=1, sheet="3.7.1", cell="C5")


def test_covered_cell_that_kept_a_value_reads_empty(tmp_path):
    """LibreOffice can keep the value of a cell a merge covers, hidden: it is not shown."""
    wb = Workbook()
    ws = wb.active
    ws.append(["NO", "URAIAN", "TAHUN 2023", "TAHUN 2023"])
    ws.append(["NO", None, "TARGET", "REALISASI"])
    ws.append(["1.", "Program A", 10, 9])
    path = save(wb, tmp_path)
    merges = '<mergeCells count="2"><mergeCell ref="A1:A2"/><mergeCell ref="C1:D1"/></mergeCells>'
    patch_sheet(path, 1, lambda xml: xml.replace("</sheetData>", "</sheetData>" + merges))

    (table,) = read_xlsx(path).tables

    assert texts(table.header_rows) == [
        ["NO", "URAIAN", "TAHUN 2023", ""],
        ["", "", "TARGET", "REALISASI"],
    ]


# --- numbers as a reader of the sheet sees them ------------------------------------------


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (31294422433, "#,##0", "31.294.422.433"),
        (86.11, "0.00", "86,11"),
        (0.8611, "0.00%", "86,11%"),
        (0.86114, "0%", "86%"),
        (1234567.891, "#,##0.00", "1.234.567,89"),
        (93.6, "0.00", "93,60"),
        (1.005, "0.00", "1,01"),  # half up on the decimal value, not on the binary float
        (86.1, "0.##", "86,1"),
        (1500000, '"Rp. "#,##0', "Rp. 1.500.000"),
        (1500000, "[$Rp-421]#,##0", "Rp1.500.000"),
        (1500000, "#,##0,", "1.500"),  # a trailing comma shows thousands
        (5, "[Red]0.0", "5,0"),
        (-1234.5, "#,##0.00", "-1.234,50"),
        (-1234.5, "#,##0;(#,##0)", "(1.235)"),
        (-0.001, "0.00", "0,00"),  # no "-0,00"
        (0, '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)', "-"),  # accounting zero
        (-1234, '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)', "(1.234)"),
        (86.11, '0.00" %"', "86,11 %"),  # a quoted % is text, not a percent format
        # General, as Excel shows it: no grouping, 15 significant digits.
        (2023, "General", "2023"),
        (31294422433, "General", "31294422433"),
        (31294422433.0, "General", "31294422433"),
        (0.1 + 0.2, "General", "0,3"),
        (86.11111111111111, "General", "86,1111111111111"),
        (7, "@", "7"),
        (12345.678, "0.00E+00", "12345,678"),  # scientific: shown as General
        (True, "General", "TRUE"),
        (datetime(2023, 12, 31, 0, 0), "yyyy-mm-dd", "31/12/2023"),
        (date(2024, 1, 5), "d-mmm-yy", "05/01/2024"),
        ("86,11%", "General", "86,11%"),  # text exactly as typed
        ("1.447", "0.00", "1.447"),
        ("#DIV/0!", "General", "#DIV/0!"),  # a cached error value
    ],
)
def test_cell_text(value, number_format, text):
    assert cell_text(value, number_format) == text


def test_numbers_are_read_through_their_cells_number_format(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["NO", "URAIAN", "ANGGARAN", "REALISASI", "CAPAIAN", "TANGGAL"])
    ws.append(["A.", "URUSAN BIDANG SOSIAL", 31294422433, 86.11, 0.8611, date(2023, 12, 31)])
    ws["C2"].number_format = "#,##0"
    ws["D2"].number_format = "0.00"
    ws["E2"].number_format = "0.00%"
    path = save(wb, tmp_path)

    (table,) = read_xlsx(path).tables

    assert texts(table.body_rows) == [
        ["A.", "URUSAN BIDANG SOSIAL", "31.294.422.433", "86,11", "86,11%", "31/12/2023"]
    ]


# --- formulas --------------------------------------------------------------------------------


def budget_rows(ws, wrong: int | None = None) -> None:
    """A budget table: caption, header, column numbers, urusan > program > kegiatan > sub.

    Realisation is 90 % of every budget; `wrong` replaces the budget of kegiatan 1.1."""
    ws["A1"] = BUDGET_CAPTION
    ws.merge_cells("A1:E1")
    ws.append(["NO", "PROGRAM/ KEGIATAN", "ANGGARAN", "REALISASI", "CAPAIAN"])
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)"])
    rows = [
        ("A.", "URUSAN PEMERINTAHAN BIDANG SOSIAL", 1_000_000),
        ("1.", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", 600_000),
        ("1.1", "Administrasi Keuangan Perangkat Daerah", 600_000),
        ("1.1.1", "Penyediaan Gaji dan Tunjangan ASN", 350_000),
        ("1.1.2", "Penyediaan Administrasi Pelaksanaan Tugas ASN", 250_000),
        ("2.", "PROGRAM REHABILITASI SOSIAL", 400_000),
        ("2.1", "Rehabilitasi Sosial Dasar Anak Terlantar", 400_000),
        ("2.1.1", "Pemberian Bimbingan Fisik, Mental dan Sosial", 400_000),
    ]
    for code, name, budget in rows:
        printed = wrong if wrong and code == "1.1" else budget
        ws.append([code, name, printed, budget * 9 // 10, 0.9])
        ws.cell(ws.max_row, 3).number_format = "#,##0"
        ws.cell(ws.max_row, 4).number_format = "#,##0"
        ws.cell(ws.max_row, 5).number_format = "0.00%"


def test_formula_reads_as_its_cached_value(tmp_path):
    wb = Workbook()
    budget_rows(wb.active)
    wb.active["C4"] = "=C5+C10"  # the urusan row: the sum of its programs
    path = save(wb, tmp_path)
    cache_value(path, "C4", "1000000")

    (table,) = read_xlsx(path).tables

    assert table.body_rows[0][2].text == "1.000.000"
    assert table.body_rows[0][2].location.cell == "C4"


def test_formula_never_calculated_reads_as_empty(tmp_path):
    """A workbook written by a library has formulas without cached values."""
    wb = Workbook()
    budget_rows(wb.active)
    wb.active["C4"] = "=C5+C10"
    path = save(wb, tmp_path)

    (table,) = read_xlsx(path).tables

    urusan = ["A.", "URUSAN PEMERINTAHAN BIDANG SOSIAL", "", "900.000", "90,00%"]
    assert texts(table.body_rows)[0] == urusan


def test_formula_never_calculated_is_reported_as_a_missing_value(tmp_path):
    wb = Workbook()
    capaian_sheet(wb.active)  # CAPAIAN is a formula in every row, cached in none
    path = save(wb, tmp_path)
    result = CliRunner().invoke(main, ["audit", str(path), "--format", "json"])
    findings = json.loads(result.stdout)["findings"]
    missing = [(f["rule"], f["row"], f["column"]) for f in findings if f["rule"] == "LKJ311"]
    assert missing == [("LKJ311", "1", "capaian"), ("LKJ311", "2", "capaian")]


# --- sheets, tables and prose ----------------------------------------------------------------


def test_two_tables_on_one_sheet_each_after_its_caption(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Lampiran"
    ws.append(["Tabel 2.1 Perjanjian Kinerja Tahun 2024"])
    ws.append(["NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "TARGET"])
    ws.append([1, "Meningkatnya kesejahteraan sosial", "Persentase PMKS tertangani", 85])
    ws.append([])
    ws.append(["Sumber: Dinas Contoh"])  # a note under the first table
    ws.append([])
    ws.append([None, "Tabel 2.2 Program Pendukung Kinerja"])  # not in column A
    ws.append([None, "NO", "PROGRAM", "ANGGARAN"])
    ws.append([None, "1.", "PROGRAM PENUNJANG URUSAN", 600000])
    ws.append(["Tabel 2.3 Tanpa Baris Kosong Sebelumnya"])  # a caption right under a table
    ws.append(["NO", "PROGRAM", "ANGGARAN"])
    ws.append(["1.", "PROGRAM REHABILITASI SOSIAL", 400000])
    path = save(wb, tmp_path)

    document = read_xlsx(path)

    assert [t.id for t in document.tables] == ["2.1", "2.2", "2.3"]
    first, second, third = document.tables
    assert texts(first.header_rows) == [["NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "TARGET"]]
    assert texts(second.body_rows) == [["1.", "PROGRAM PENUNJANG URUSAN", "600000"]]
    assert second.location.cell == "B8"
    assert second.caption is not None and second.caption.location.cell == "B7"
    assert texts(third.body_rows) == [["1.", "PROGRAM REHABILITASI SOSIAL", "400000"]]
    assert [(p.text, p.location.cell) for p in document.paragraphs] == [
        ("Sumber: Dinas Contoh", "A5")
    ]
    assert [type(b).__name__ for b in document.blocks] == ["Table", "Paragraph", "Table", "Table"]


def test_prose_sheet_gives_paragraphs_and_headings(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Ringkasan"
    ws["A1"] = "BAB I PENDAHULUAN"
    ws["A3"] = "Laporan ini disusun sebagai pertanggungjawaban kinerja."
    ws["B4"] = "Capaian rata-rata sebesar 86,11%."
    path = save(wb, tmp_path)

    document = read_xlsx(path)

    assert not document.tables
    assert [(p.kind, p.text, p.location) for p in document.paragraphs] == [
        ("heading", "BAB I PENDAHULUAN", Location(paragraph=1, sheet="Ringkasan", cell="A1")),
        (
            "paragraph",
            "Laporan ini disusun sebagai pertanggungjawaban kinerja.",
            Location(paragraph=2, sheet="Ringkasan", cell="A3"),
        ),
        (
            "paragraph",
            "Capaian rata-rata sebesar 86,11%.",
            Location(paragraph=3, sheet="Ringkasan", cell="B4"),
        ),
    ]


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_sheet_is_skipped(tmp_path, state):
    wb = Workbook()
    wb.active.title = "Lama"
    wb.active.append(["NO", "PROGRAM", "ANGGARAN"])
    wb.active.append(["1.", "Program tahun lalu", 1])
    wb.active.sheet_state = state
    shown = wb.create_sheet("Baru")
    shown.append(["NO", "PROGRAM", "ANGGARAN"])
    shown.append(["1.", "Program tahun ini", 2])
    path = save(wb, tmp_path)

    (table,) = read_xlsx(path).tables

    assert table.location.sheet == "Baru"
    assert texts(table.body_rows) == [["1.", "Program tahun ini", "2"]]


def test_sheets_are_read_in_workbook_order(tmp_path):
    wb = Workbook()
    for name in ["3.1", "2.1", "T1"]:
        ws = wb.create_sheet(name)
        ws.append([f"Tabel {name} Judul" if name[0].isdigit() else "Catatan lepas"])
        ws.append(["NO", "URAIAN"])
        ws.append(["1.", name])
    wb.remove(wb["Sheet"])
    path = save(wb, tmp_path)

    document = read_xlsx(path)

    assert [t.location.sheet for t in document.tables] == ["3.1", "2.1", "T1"]
    assert [t.id for t in document.tables] == ["3.1", "2.1", "T3"]


def test_hidden_rows_are_read(tmp_path):
    """A parent's SUM counts its hidden children, so the checks must see them too."""
    wb = Workbook()
    budget_rows(wb.active)
    wb.active.row_dimensions[7].hidden = True  # sub kegiatan 1.1.1
    path = save(wb, tmp_path)

    (table,) = read_xlsx(path).tables

    assert [row[0].text for row in table.body_rows][2:5] == ["1.1", "1.1.1", "1.1.2"]


def test_wrong_dimension_does_not_hide_rows(tmp_path):
    """Some writers store a <dimension> smaller than the data; every row is read anyway."""
    wb = Workbook()
    budget_rows(wb.active)
    path = save(wb, tmp_path)
    patch_sheet(path, 1, lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1"', xml))

    (table,) = read_xlsx(path).tables

    assert len(table.body_rows) == 8


def test_huge_merged_range_is_read_quickly(tmp_path):
    """A1:XFD1048576 merged in a tiny file: openpyxl's normal mode would build 17e9 cells."""
    wb = Workbook()
    budget_rows(wb.active)
    path = save(wb, tmp_path)
    patch_sheet(
        path,
        1,
        lambda xml: re.sub(r'<mergeCell ref="A1:E1"/>', '<mergeCell ref="A20:XFD1048576"/>', xml),
    )
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from auditor.ingest.xlsx import read_xlsx\n"
        "print(len(read_xlsx(Path(sys.argv[1])).tables[0].body_rows))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "8", result.stderr


def test_xlsm_is_read_and_the_input_is_left_as_it_was(tmp_path):
    wb = Workbook()
    budget_rows(wb.active)
    path = save(wb, tmp_path, "laporan.xlsm")
    before = path.read_bytes()

    document = read_document(path)

    assert document.format == "xlsx"
    assert len(document.tables[0].body_rows) == 8
    assert path.read_bytes() == before
    assert document.sha256 == hashlib.sha256(before).hexdigest()


# --- through the command line ------------------------------------------------------------------


def test_audit_finds_a_wrong_parent_sum_at_its_row(tmp_path):
    wb = Workbook()
    wb.active.title = "4.2"
    budget_rows(wb.active, wrong=650_000)  # kegiatan 1.1: 650.000, its subs sum to 600.000
    path = save(wb, tmp_path)

    result = CliRunner().invoke(main, ["audit", str(path), "--format", "json"])

    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["source"]["format"] == "xlsx"
    assert report["source"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [t["id"] for t in report["tables"]] == ["4.2"]
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert [
        (f["rule"], f["table"], f["row"], f["column"], f["reported"], f["expected"]) for f in errors
    ] == [("LKJ101", "4.2", "A.1.1", "anggaran", "650.000", "600.000")]
    assert errors[0]["status"] == "located"


def truncated(path: Path) -> None:
    wb = Workbook()
    budget_rows(wb.active)
    wb.save(path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def damaged_sheet(path: Path) -> None:
    wb = Workbook()
    budget_rows(wb.active)
    wb.save(path)
    patch_sheet(path, 1, lambda xml: xml[: len(xml) // 2])


def damaged_workbook(path: Path) -> None:
    wb = Workbook()
    wb.save(path)
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for info, data in members:
            target.writestr(info, b"<workbook" if info.filename == "xl/workbook.xml" else data)


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda p: p.write_text("Tabel 1 Laporan\nNO\tURAIAN\n", "utf-8"), "not a ZIP archive"),
        (lambda p: p.write_bytes(bytes(range(256)) * 8), "not a ZIP archive"),
        (truncated, "damaged or truncated"),
        (
            lambda p: p.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(2048)),
            "encrypted or legacy .xls file",
        ),
        (damaged_workbook, "is damaged: "),
        (damaged_sheet, "is damaged: "),
    ],
    ids=["renamed-txt", "not-a-zip", "truncated", "ole", "bad-workbook-xml", "bad-sheet-xml"],
)
def test_bad_input_is_exit_3_with_one_line_and_is_not_modified(tmp_path, make, needle):
    path = tmp_path / "laporan.xlsx"
    make(path)
    assert_refused(path, needle)
