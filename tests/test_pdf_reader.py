"""Reader-level tests for PDF reports (`auditor.ingest.pdf.read_pdf`).

The fixtures are committed PDFs that LibreOffice printed from DOCX files
(`tests/fixtures/pdf/make_pdfs.py` says what is in them), so no office suite is needed here.
They check what the reader hands to BlockBuilder: tables with merged and multi-line cells,
with and without ruling lines, stitched over page breaks; paragraphs joined over line and
page breaks; running headers, footers and page numbers gone; pages as locations. Then the
CLI end to end, broken and hostile files, and the bundled sample against its text.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.errors import InputError
from auditor.ingest import read_document
from auditor.ingest.blocks import RawRow
from auditor.ingest.pdf import (
    _blocks,
    _continues_paragraph,
    _drop_running_lines,
    _join_lines,
    _Layout,
    _LeanPage,
    _Line,
    _Page,
    _Paragraph,
    _stitch,
    _TablePart,
    _text_tables,
    read_pdf,
)
from auditor.model import Document, Location, Paragraph, Table
from auditor.recognise.tables import column_labels, recognise
from auditor.resources import bundled_path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPORT = FIXTURES / "pdf" / "report.pdf"
OWNER_PASSWORD = FIXTURES / "pdf" / "owner-password.pdf"
HOSTILE = FIXTURES / "hostile"
RUNNING_HEADER = "Laporan Kinerja Dinas Contoh Kabupaten Harapan Tahun 2024"
FILLER_START = "Pengukuran kinerja dilakukan"


@cache
def report() -> Document:
    return read_pdf(REPORT)


def table(tid: str, document: Document | None = None) -> Table:
    return next(t for t in (document or report()).tables if t.id == tid)


def texts(rows) -> list[list[str]]:
    return [[c.text for c in row] for row in rows]


def pages(rows) -> list[int | None]:
    return [row[0].location.page for row in rows]


# --- what the reader finds ---------------------------------------------------------------


def test_document_is_pdf_with_the_files_hash():
    document = report()
    assert document.format == "pdf"
    assert document.path == str(REPORT)
    assert document.sha256 == hashlib.sha256(REPORT.read_bytes()).hexdigest()


def test_blocks_in_reading_order():
    kinds = [b.id if isinstance(b, Table) else b.kind for b in report().blocks]
    assert kinds == [
        "heading",  # BAB III
        "heading",  # AKUNTABILITAS KINERJA
        "paragraph",  # the claim
        "3.1",
        "paragraph",
        "3.2",
        "paragraph",
        "3.3",
        *["paragraph"] * 5,
        "3.4",
        "paragraph",
        "3.5",
        "heading",  # BAB IV PENUTUP
        "paragraph",  # the closing paragraph, over a page break
        "4.1",
        "paragraph",  # "Catatan:" in a box of one column: prose
        "paragraph",
    ]


def test_captions_wrapped_over_two_lines_are_whole():
    captions = [t.caption.text for t in report().tables]
    assert captions == [
        "Tabel 3.1 Realisasi dan Capaian Kinerja Sasaran Strategis Dinas Contoh Kabupaten "
        "Harapan Tahun 2024",
        "Tabel 3.2 Capaian Indikator Kinerja Program Dinas Contoh Kabupaten Harapan Tahun 2024",
        "Tabel 3.3 Realisasi Anggaran Program dan Kegiatan Dinas Contoh Kabupaten Harapan Tahun "
        "Anggaran 2024",
        "Tabel 3.4 Realisasi Kinerja Program dan Kegiatan Dinas Contoh Kabupaten Harapan Tahun "
        "2024",
        "Tabel 3.5 Perbandingan Realisasi Kinerja Dinas Contoh Kabupaten Harapan Tahun 2022-2024",
        "Tabel 4.1 Capaian Kinerja Program Dinas Contoh Kabupaten Harapan Tahun 2024",
    ]


def test_ruled_table_with_two_header_rows_and_merged_cells():
    t = table("3.1")
    # Merged cells keep their text in the top-left position; what they cover is empty.
    assert texts(t.header_rows) == [
        ["NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "SATUAN", "TAHUN 2024", "", ""],
        ["", "", "", "", "TARGET", "REALISASI", "CAPAIAN"],
    ]
    assert [c.text for c in t.column_numbers] == ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"]
    assert column_labels(t)[4:] == [
        ["TAHUN 2024", "TARGET"],
        ["TAHUN 2024", "REALISASI"],
        ["TAHUN 2024", "CAPAIAN"],
    ]
    # Multi-line cells: one text, single spaces.
    assert texts(t.body_rows) == [
        [
            "1.",
            "Meningkatnya kualitas pelayanan kesehatan dasar bagi seluruh masyarakat",
            "Persentase puskesmas yang terakreditasi paripurna",
            "%",
            "80",
            "76",
            "95,00%",
        ],
        [
            "2.",
            "Meningkatnya kepuasan masyarakat atas layanan publik",
            "Indeks kepuasan masyarakat",
            "Indeks",
            "82,50",
            "84,15",
            "102,00%",
        ],
        ["3.", "Menurunnya angka kematian ibu", "Angka kematian ibu", "Kasus", "4", "4", "100%"],
    ]


def test_every_cell_knows_its_page_table_row_and_column():
    t = table("3.1")
    cell = t.body_rows[1][5]  # 84,15
    assert (cell.location.page, cell.location.table, cell.location.row) == (1, 1, 5)
    assert cell.location.column == 6 and cell.location.line is None
    assert t.location.page == 1


def test_table_without_ruling_lines():
    t = table("3.2")
    assert texts(t.header_rows) == [["NO", "INDIKATOR KINERJA", "TARGET", "REALISASI", "CAPAIAN"]]
    assert t.column_numbers is None
    assert texts(t.body_rows) == [
        ["1.", "Persentase desa dengan posyandu aktif", "90", "91", "101,11%"],
        [
            "2.",
            "Persentase balita yang ditimbang secara rutin setiap bulan di posyandu",
            "85",
            "80",
            "94,11%",
        ],
        ["3.", "Cakupan imunisasi dasar lengkap", "95", "96", "101,05%"],
    ]


def test_table_without_ruling_lines_has_its_group_header_top_left():
    t = table("3.5")
    assert texts(t.header_rows) == [
        ["NO", "INDIKATOR KINERJA", "SATUAN", "REALISASI", "", ""],
        ["", "", "", "2022", "2023", "2024"],
    ]
    assert column_labels(t)[3:] == [
        ["REALISASI", "2022"],
        ["REALISASI", "2023"],
        ["REALISASI", "2024"],
    ]
    assert texts(t.body_rows) == [
        ["1.", "Persentase puskesmas yang terakreditasi paripurna", "%", "60", "70", "76"],
        ["2.", "Indeks kepuasan masyarakat", "Indeks", "80,10", "81,75", "84,15"],
    ]
    dataset = next(d for d in recognise(report()).datasets if d.id == "3.5")
    assert dataset.kind == "realisasi_multitahun"


def test_table_without_ruling_lines_and_a_group_header_wider_than_its_columns():
    t = table("4.1")
    assert texts(t.header_rows) == [
        ["NO", "INDIKATOR KINERJA", "KINERJA TAHUN 2024 TERHADAP TARGET", "", ""],
        ["", "", "TARGET", "REALISASI", "CAPAIAN"],
    ]
    assert texts(t.body_rows) == [
        ["1.", "Persentase desa siaga aktif", "70", "70", "100%"],
        ["2.", "Persentase posyandu purnama dan mandiri", "60", "66", "110%"],
    ]


def test_table_over_a_page_break_with_its_header_repeated():
    t = table("3.3")
    assert texts(t.header_rows) == [["NO", "PROGRAM/ KEGIATAN", "ANGGARAN", "REALISASI", "CAPAIAN"]]
    assert [c.text for c in t.column_numbers] == ["(1)", "(2)", "(3)", "(4)", "(5)"]
    codes = [row[0].text for row in t.body_rows]
    assert codes == [
        "A.",
        "1.",
        "1.1",
        "1.1.1",
        "1.2",
        "1.2.1",
        "1.2.2",
        "2.",
        "2.1",
        "2.1.1",
        "2.1.2",
        "3.",
        "3.1",
        "3.1.1",
    ]  # the repeated header and "(1) (2) ..." row on page 2 are gone
    assert pages(t.body_rows) == [1] * 8 + [2] * 6
    assert [c.location.row for c in t.body_rows[8]] == [11] * 5  # rows count on over the break
    assert texts(t.body_rows)[8] == [
        "2.1",
        "Penyediaan Layanan Kesehatan UKM dan UKP",
        "540.000.000",
        "400.000.000",
        "88,88%",
    ]


def test_table_over_a_page_break_without_header_and_a_row_split_by_it():
    t = table("3.4")
    assert texts(t.header_rows) == [
        ["NO", "PROGRAM/ KEGIATAN", "INDIKATOR", "TARGET", "REALISASI", "CAPAIAN"]
    ]
    assert [row[0].text for row in t.body_rows] == ["1.", "1.1", "1.1.1", "1.1.2", "2."]
    # Row 1.1.2 starts at the foot of page 2; "Pelayanan Kesehatan Balita" ends it on page 3.
    assert texts(t.body_rows)[3] == [
        "1.1.2",
        "Pengelolaan Pelayanan Kesehatan Balita",
        "Cakupan pelayanan balita",
        "90%",
        "81%",
        "90%",
    ]
    assert pages(t.body_rows) == [2, 2, 2, 2, 3]
    # A line broken at a real hyphen keeps it, without a space.
    assert "peraturan perundang-undangan yang berlaku" in t.body_rows[2][2].text


def test_a_wrapped_paragraph_is_one_paragraph():
    claim = report().blocks[2]
    assert isinstance(claim, Paragraph) and claim.location.page == 1
    assert claim.text == (
        "Guna mewujudkan kinerja yang telah ditetapkan dalam Perjanjian Kinerja, Dinas Contoh "
        "Kabupaten Harapan pada Tahun Anggaran 2024 telah melaksanakan 3 program, 5 kegiatan "
        "dan 6 sub kegiatan, yang didukung oleh APBD Kabupaten Harapan sebagaimana tercantum "
        "dalam Dokumen Pelaksanaan Anggaran Perangkat Daerah."
    )


def test_a_paragraph_split_by_a_page_break_is_one_paragraph():
    closing = report().blocks[-4]
    assert isinstance(closing, Paragraph) and closing.location.page == 3
    assert closing.text.startswith("Laporan Kinerja ini disusun sebagai wujud")
    assert closing.text.endswith("dan masukan dari pemangku kepentingan.")
    assert closing.text.count("Laporan Kinerja ini disusun") == 10  # pages 3 and 4
    assert "  " not in closing.text


def test_a_box_of_one_column_is_prose():
    note = report().blocks[-1]
    assert isinstance(note, Paragraph) and note.location.page == 4
    assert note.text.startswith("Angka realisasi tahun 2024 bersumber dari aplikasi")


def test_headings_are_their_own_paragraphs():
    headings = [(p.text, p.location.page) for p in report().paragraphs if p.kind == "heading"]
    assert headings == [("BAB III", 1), ("AKUNTABILITAS KINERJA", 1), ("BAB IV PENUTUP", 3)]


def test_running_header_footer_and_page_numbers_are_gone():
    document = report()
    prose = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for row in t.header_rows + t.body_rows for c in row]
    for text in prose + cells:
        assert RUNNING_HEADER not in text
        assert "Halaman" not in text
    fillers = [p for p in document.paragraphs if p.text.startswith(FILLER_START)]
    assert [p.location.page for p in fillers] == [1, 1, 2, 2, 2, 2, 2, 3]
    assert all(p.text.endswith("ditempuh pada tahun berikutnya.") for p in fillers)


def test_page_number_alone_on_a_one_page_document():
    """With one page nothing repeats: the footer "Halaman 1" goes as a page number, the
    running header stays (it is text like any other)."""
    document = read_pdf(OWNER_PASSWORD)
    prose = [p.text for p in document.paragraphs]
    assert prose[0] == RUNNING_HEADER
    assert not any("Halaman" in text for text in prose)


def test_pdf_with_only_an_owner_password_is_read():
    document = read_pdf(OWNER_PASSWORD)
    assert [t.id for t in document.tables] == ["3.1", "3.2", "3.3"]
    assert texts(table("3.1", document).body_rows) == texts(table("3.1").body_rows)


def test_lean_characters_are_pdfplumbers_own():
    """The reader converts characters itself (for speed): the attributes it keeps, and the
    words made of them, must be what pdfplumber gives. Guards a pdfplumber upgrade."""
    with pdfplumber.open(REPORT) as pdf:
        for page in pdf.pages:
            lean = _LeanPage(pdf, page.page_obj, page.page_number, page.initial_doctop)
            assert len(lean.chars) == len(page.chars) > 0
            for mine, theirs in zip(lean.chars, page.chars, strict=True):
                assert mine == {key: theirs[key] for key in mine}
            words = lean.extract_words(extra_attrs=["size"])
            assert words == page.extract_words(extra_attrs=["size"])
            assert [t.bbox for t in lean.find_tables()] == [t.bbox for t in page.find_tables()]


# --- the rules behind it, on made-up lines ------------------------------------------------


def _line(text: str, top: float, x0: float = 250.0, size: float = 11.0) -> _Line:
    """`text` from `x0`: characters 6 pt wide, words 3 pt apart."""
    words, x = [], x0
    for word in text.split():
        right = x + 6 * len(word)
        words.append(
            {"text": word, "x0": x, "x1": right, "top": top, "bottom": top + size, "size": size}
        )
        x = right + 3
    return _Line(words)


@pytest.mark.parametrize(
    ("bottom_line", "kept"),
    [
        ("Halaman 7", False),
        ("- 7 -", False),
        ("7 dari 20", False),
        ("Page 7 of 20", False),
        ("iv", False),
        ("7", False),
        ("7 program telah dilaksanakan", True),  # not a page number
    ],
)
def test_page_numbers_in_the_bottom_margin(bottom_line, kept):
    body = [_line("Isi laporan", 100.0)]
    page = _Page(1, 595.0, 842.0, [*body, _line(bottom_line, 800.0)], [])
    _drop_running_lines([page])
    assert [line.text for line in page.lines] == ["Isi laporan"] + ([bottom_line] if kept else [])


def test_running_header_found_even_if_it_moves_a_little():
    tops = [35.0, 37.2, 35.0]  # round(top / 2) puts these in two buckets
    pages = [
        _Page(n, 595.0, 842.0, [_line("LKjIP Dinas Contoh 2024", top), _line("Isi", 100.0)], [])
        for n, top in enumerate(tops, start=1)
    ]
    _drop_running_lines(pages)
    assert [[line.text for line in page.lines] for page in pages] == [["Isi"]] * 3


def test_a_number_in_the_body_is_not_a_page_number():
    page = _Page(1, 595.0, 842.0, [_line("Isi laporan", 100.0), _line("2024", 400.0)], [])
    _drop_running_lines([page])
    assert [line.text for line in page.lines] == ["Isi laporan", "2024"]


RIGHT = 524.0  # right edge of the text; _line makes each character 6 pt wide


def _row(top: float, *cells: tuple[float, str], size: float = 9.0) -> _Line:
    """A line of a table without ruling lines: (x0, text) per cell."""
    return _Line([word for x0, text in cells for word in _line(text, top, x0, size).words])


TABLE_LINES = [
    _row(
        100, (71, "NO"), (108, "INDIKATOR"), (300, "TARGET"), (380, "REALISASI"), (460, "CAPAIAN")
    ),
    _row(112, (71, "1."), (108, "Persentase desa"), (300, "90"), (380, "91"), (460, "101,11%")),
    _row(124, (108, "siaga aktif")),
    _row(136, (71, "2."), (108, "Cakupan imunisasi"), (300, "95"), (380, "96"), (460, "101,05%")),
]


@pytest.mark.parametrize(
    "after",
    [
        _row(148, (71, "Tabel di atas menunjukkan bahwa capaian seluruh indikator baik")),
        _row(170, (300, "Sumber: Dinas")),  # within a column, but after a gap
        _row(148, (300, "Sumber: Dinas"), size=11.0),  # within a column, another font size
    ],
    ids=["runs-across-columns", "after-a-gap", "other-size"],
)
def test_a_table_without_ruling_lines_ends_where_prose_starts(after):
    tables, prose = _text_tables([*TABLE_LINES, after], page=1)
    assert [row.raws for row in tables[0].rows] == [
        ["NO", "INDIKATOR", "TARGET", "REALISASI", "CAPAIAN"],
        ["1.", "Persentase desa siaga aktif", "90", "91", "101,11%"],
        ["2.", "Cakupan imunisasi", "95", "96", "101,05%"],
    ]
    assert [line.text for line in prose] == [after.text]


def test_a_numbered_list_is_not_a_table():
    items = [
        _row(100, (71, "1."), (100, "Penyiapan perumusan kebijakan di bidang sosial;")),
        _row(114, (71, "2."), (100, "Pelaksanaan kebijakan di bidang sosial;")),
        _row(128, (71, "3."), (100, "Pelaksanaan evaluasi dan pelaporan.")),
    ]
    tables, prose = _text_tables(items, page=1)
    assert tables == [] and prose == items


def test_a_larger_font_makes_a_heading_a_caption_takes_one_title_paragraph():
    layout = _Layout(right={}, pitch={}, body_size=11.0)
    items = [
        _Paragraph([_line("Kata Pengantar", 80.0, size=16.0)], 1, 1),
        _Paragraph([_line("Tabel 3", 100.0)], 1, 1),
        _Paragraph([_line("Realisasi Anggaran", 115.0)], 1, 1),
        _Paragraph([_line("Uraian sesudah judul tabel.", 140.0)], 1, 1),
    ]
    blocks = _blocks(items, layout)
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Kata Pengantar"),
        ("paragraph", "Uraian sesudah judul tabel."),
    ]
    table = _blocks([*items, _part([HEADER, ["1.", "A", "1", "1", "100%"]], FIVE, 1)], layout)[-1]
    assert table.caption.text == "Tabel 3 Realisasi Anggaran"


@pytest.mark.parametrize(
    ("second", "continues"),
    [
        (_line("dan lanjutan", 114.5, x0=71.0), True),
        (_line("dan lanjutan", 124.5, x0=71.0), False),  # a paragraph's spacing above it
        (_line("dan lanjutan", 114.5, x0=71.0, size=14.0), False),  # a heading's font size
    ],
)
def test_a_full_line_goes_on_unless_spacing_or_size_say_otherwise(second, continues):
    first = _line("x" * 50, 100.0, x0=RIGHT - 6 * 50)  # ends at the right edge
    assert _continues_paragraph(first, second, RIGHT, pitch=14.5) is continues


def test_a_line_with_room_left_ends_its_paragraph_even_over_a_page_break():
    short = _line("Sumenep, Maret 2024", 100.0, x0=71.0)
    assert not _continues_paragraph(short, _line("KEPALA DINAS", 114.5, x0=71.0), RIGHT, 14.5)
    assert not _continues_paragraph(short, _line("KEPALA DINAS", 80.0, x0=71.0), RIGHT, None)
    full = _line("x" * 50, 700.0, x0=RIGHT - 6 * 50)
    assert _continues_paragraph(full, _line("lanjutan", 80.0, x0=71.0), RIGHT, None)


def _part(rows: list[list[str]], columns: list[tuple[float, float]], page: int) -> _TablePart:
    raw_rows = [RawRow(list(row), Location(page=page)) for row in rows]
    return _TablePart(raw_rows, columns, 100.0, page)


FIVE = [(70.0, 100.0), (100.0, 300.0), (300.0, 380.0), (380.0, 450.0), (450.0, 520.0)]
HEADER = ["NO", "URAIAN", "ANGGARAN", "REALISASI", "CAPAIAN"]


def test_a_part_with_an_empty_column_is_stitched_by_position():
    table = _part([HEADER, ["1.", "Program A", "10", "9", "90%"]], FIVE, page=1)
    part = _part([["2.", "Program B", "20", "18"]], FIVE[:4], page=2)  # no CAPAIAN text
    assert _stitch(table, part)
    assert [row.raws for row in table.rows[1:]] == [
        ["1.", "Program A", "10", "9", "90%"],
        ["2.", "Program B", "20", "18", ""],
    ]
    assert table.end_page == 2 and table.rows[-1].location.page == 2


def test_a_part_under_another_header_is_another_table():
    table = _part([HEADER, ["1.", "Program A", "10", "9", "90%"]], FIVE, page=1)
    other = ["NO", "INDIKATOR", "TARGET", "REALISASI", "CAPAIAN"]
    assert not _stitch(table, _part([other, ["1.", "Indeks", "5", "5", "100%"]], FIVE, page=2))
    assert len(table.rows) == 2 and table.end_page == 1


def test_a_part_with_columns_elsewhere_is_another_table():
    table = _part([HEADER, ["1.", "Program A", "10", "9", "90%"]], FIVE, page=1)
    part = _part([["x", "y", "z"]], [(10.0, 60.0), (530.0, 560.0), (560.0, 590.0)], page=2)
    assert not _stitch(table, part)


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["Peraturan Perundang-", "undangan"], "Peraturan Perundang-undangan"),
        (["Renstra 2021-", "2026"], "Renstra 2021-2026"),
        (["dasar -", "a. Penyiapan"], "dasar - a. Penyiapan"),  # a dash, not a hyphen
        (["1.000.000.00", "0"], "1.000.000.000"),  # a number too wide for its column
        (["99,", "54%"], "99,54%"),
        (["100,00", "%"], "100,00 %"),
        (["Tahun 2023", "Kabupaten"], "Tahun 2023 Kabupaten"),
        (["PROGRAM/", "KEGIATAN"], "PROGRAM/ KEGIATAN"),
        (["", "  sisa  ", ""], "sisa"),
    ],
)
def test_lines_join(lines, joined):
    assert _join_lines(lines) == joined


# --- end to end ----------------------------------------------------------------------------


def test_audit_finds_the_planted_errors_on_their_pages():
    result = CliRunner().invoke(main, ["audit", str(REPORT), "--format", "json"])
    assert result.exit_code == 1, result.output  # errors found
    data = json.loads(result.stdout)
    assert data["source"]["format"] == "pdf"
    assert [(t["id"], t["kind"], t["page"], t["rows"]) for t in data["tables"]] == [
        ("3.1", "capaian", 1, 3),
        ("3.2", "capaian", 1, 3),
        ("3.3", "realisasi_anggaran", 1, 14),
        ("3.4", "kinerja_program", 2, 5),
        ("3.5", "realisasi_multitahun", 3, 2),
        ("4.1", "capaian", 4, 2),
    ]
    found = {
        (
            f["rule"],
            f["table"],
            f["row"],
            f["column"],
            f["page"],
            f["line"],
            f["reported"],
            f["expected"],
        )
        for f in data["findings"]
        if f["severity"] == "error"
    }
    assert found == {
        # Kegiatan 2.1's budget: 450.000.000 with two digits swapped, on page 2.
        ("LKJ101", "3.3", "A.2.1", "anggaran", 2, None, "540.000.000", "450.000.000"),
        # "... telah melaksanakan 3 program, 5 kegiatan ..." on page 1; the table has 4.
        ("LKJ702", None, None, "kegiatan", 1, None, "5", "4"),
    }


def test_tables_command_lists_pages():
    result = CliRunner().invoke(main, ["tables", str(REPORT)])
    assert result.exit_code == 0, result.output
    assert "6 tabel ditemukan, 6 dikenali" in result.output


# --- broken and hostile files ------------------------------------------------------------


def _damaged_copy(tmp_path: Path) -> Path:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage " * 50 + b"\n%%EOF\n")
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: HOSTILE / "renamed-text.pdf", "not a PDF file"),
        (lambda tmp: HOSTILE / "truncated.pdf", "damaged PDF: no end-of-file marker (truncated?)"),
        (lambda tmp: HOSTILE / "encrypted.pdf", "encrypted PDF: remove the password and try again"),
        (lambda tmp: HOSTILE / "empty.pdf", "empty file (0 bytes)"),
        (_damaged_copy, "damaged PDF: "),
    ],
    ids=["renamed-text", "truncated", "encrypted", "empty", "damaged"],
)
def test_bad_pdfs_exit_3_with_one_line(tmp_path, make, message):
    path = make(tmp_path)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    result = CliRunner().invoke(main, ["audit", str(path), "--format", "json"])
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"lkjip-audit: {path}: {message}")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    with pytest.raises(InputError, match=r"PDF|empty file"):
        read_document(path)


def test_pdfminer_warnings_stay_off_stderr(tmp_path):
    """A page without a MediaBox: pdfminer warns (twice per page) and pdfplumber gives up.
    Run as a process: under pytest, logging has handlers and would hide the warnings."""
    path = tmp_path / "no-mediabox.pdf"
    path.write_bytes(REPORT.read_bytes().replace(b"/MediaBox", b"/MediaBoy"))
    result = subprocess.run(
        [sys.executable, "-m", "auditor", "audit", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 3
    [line] = result.stderr.splitlines()
    assert line.startswith(f"lkjip-audit: {path}: damaged PDF: ")


# --- the bundled sample --------------------------------------------------------------------


@pytest.mark.parametrize(
    "stem", ["lkjip-sumenep-dinsos-p3a-2023", "lkjip-sumenep-dinsos-p3a-2023-repaired"]
)
def test_sample_pdf_gives_the_blocks_of_its_text(stem):
    """The sample printed by LibreOffice (datasets/render_formats.py) reads back as the text
    reads: same paragraphs, headings, captions, contexts and cells; only locations differ."""

    def blocks(document: Document) -> list:
        return [
            (b.kind, b.text)
            if isinstance(b, Paragraph)
            else (
                b.id,
                b.caption.text if b.caption else None,
                b.context,
                texts(b.header_rows),
                [c.text for c in b.column_numbers or []],
                texts(b.body_rows),
            )
            for b in document.blocks
        ]

    text = read_document(bundled_path("datasets", f"{stem}.txt"))
    pdf = read_pdf(bundled_path("datasets", f"{stem}.pdf"))
    assert blocks(pdf) == blocks(text)
    budget = table("3.7.1", pdf)
    assert len({row[0].location.page for row in budget.body_rows}) > 1  # stitched


# --- layouts of borderless tables (tests/fixtures/pdf/make_layout_pdf.py) -----------------


@cache
def layout() -> Document:
    return read_pdf(FIXTURES / "pdf" / "layout.pdf")


def test_captions_below_tables_are_theirs_and_not_rows():
    assert [t.id for t in layout().tables] == ["1", "2", "3"]
    assert [t.context for t in layout().tables] == [
        "Tabel 1 Capaian Kinerja Tahun 2024 dan 2025",
        "Tabel 2 Realisasi Anggaran per Program",
        "Tabel 3 Target dan Realisasi Pendapatan",
    ]
    assert [len(t.body_rows) for t in layout().tables] == [2, 3, 2]


def test_group_headers_side_by_side_each_over_their_own_columns():
    t = table("1", layout())
    assert texts(t.header_rows) == [
        ["Indikator Kinerja", "Tahun 2024", "", "", "Tahun 2025", "", ""],
        ["", "Target", "Realisasi", "Capaian", "Target", "Realisasi", "Capaian"],
    ]
    assert column_labels(t)[4] == ["Tahun 2025", "Target"]


def test_wrapped_row_label_in_the_first_column_joins_its_row():
    t = table("1", layout())
    assert texts(t.body_rows)[0][:2] == [
        "Persentase Dokumen Perencanaan yang Disusun Tepat Waktu",
        "90,00",
    ]


def test_label_left_of_a_centred_title_and_wrapped_header_stay_in_their_columns():
    t = table("2", layout())
    assert texts(t.header_rows)[0][:4] == [
        "Kode",
        "Program / Kegiatan",
        "Anggaran (Rp)",
        "Realisasi Keuangan (Rp)",
    ]
    assert [row[:3] for row in texts(t.body_rows)] == [
        ["", "TOTAL", "1.500.000"],
        ["1.01", "Program Penunjang Urusan Pemerintahan Daerah", "1.000.000"],
        ["1.02", "Program Pelayanan Publik", "500.000"],
    ]
