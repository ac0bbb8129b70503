"""Reader-level tests for plain-text and Markdown reports (`auditor.ingest.text.parse_text`).

Each test feeds a small inline report and checks the blocks: captions, header/body split,
table boundaries, stitched page breaks, wrapped rows, cleaned text vs raw text, and the
1-based source line of every cell and paragraph.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.ingest.text import parse_text
from auditor.model import Cell, Paragraph, Table
from auditor.resources import sample_report

NBSP = "\u00a0"
FIXTURES = Path(__file__).parent / "fixtures" / "tables"


def tables(blocks) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def paragraphs(blocks) -> list[Paragraph]:
    return [b for b in blocks if isinstance(b, Paragraph)]


def texts(rows: list[list[Cell]]) -> list[list[str]]:
    return [[c.text for c in row] for row in rows]


def report(*lines: str) -> str:
    return "\n".join(lines) + "\n"


SMALL_TABLE = ("NO\tINDIKATOR\tTARGET", "1\tIndeks Pembangunan Gender\t81,9")


# --- captions ------------------------------------------------------------------------------


def test_caption_title_on_following_lines_is_joined_and_not_a_paragraph():
    content = report(
        "Tabel 3",
        "INDIKATOR KINERJA UTAMA (IKU)",
        "DINAS SOSIAL KABUPATEN CONTOH",
        "TAHUN 2021 - 2026",
        "",
        *SMALL_TABLE,
        "",
        "Kalimat sesudah tabel.",
    )
    blocks = parse_text(content)
    (table,) = tables(blocks)
    assert table.caption is not None
    assert table.caption.number == "3"
    assert table.caption.title == (
        "INDIKATOR KINERJA UTAMA (IKU) DINAS SOSIAL KABUPATEN CONTOH TAHUN 2021 - 2026"
    )
    assert table.caption.location.line == 1
    assert table.id == "3"
    # The title lines belong to the caption, not to the prose.
    assert [(p.location.line, p.text) for p in paragraphs(blocks)] == [
        (9, "Kalimat sesudah tabel.")
    ]


@pytest.mark.parametrize(
    ("caption", "number", "title"),
    [
        (
            "Tabel 3.7.1 Realisasi Anggaran Program Kegiatan",
            "3.7.1",
            "Realisasi Anggaran Program Kegiatan",
        ),
        ("Tabel 12 Realisasi Anggaran Tahun 2024", "12", "Realisasi Anggaran Tahun 2024"),
        ("Tabel 12. Realisasi Anggaran", "12", "Realisasi Anggaran"),
        ("Tabel III.4 Capaian Kinerja Sasaran", "III.4", "Capaian Kinerja Sasaran"),
        ("TABEL III.4: CAPAIAN KINERJA", "III.4", "CAPAIAN KINERJA"),
        ("Tabel 2.2.1 - Perjanjian Kinerja", "2.2.1", "Perjanjian Kinerja"),
        ("Tabel 4.1 \u2013 Skala Nilai", "4.1", "Skala Nilai"),
        ("**Tabel 2.3** Program dan Anggaran", "2.3", "Program dan Anggaran"),
        ("Table 5 Budget realisation", "5", "Budget realisation"),
    ],
)
def test_caption_number_and_title(caption, number, title):
    (table,) = tables(parse_text(report(caption, "", *SMALL_TABLE)))
    assert table.caption is not None
    assert (table.caption.number, table.caption.title) == (number, title)
    assert table.id == number
    assert table.caption.text.endswith(title)


def test_sentence_starting_with_the_word_tabel_is_a_paragraph_not_a_caption():
    content = report("Tabel berikut menyajikan capaian kinerja tahun 2024.", "", *SMALL_TABLE)
    blocks = parse_text(content)
    (table,) = tables(blocks)
    assert table.caption is None
    assert table.id == "T1"
    assert [p.text for p in paragraphs(blocks)] == [
        "Tabel berikut menyajikan capaian kinerja tahun 2024."
    ]


def test_reference_to_a_table_in_prose_does_not_caption_a_later_table():
    content = report(
        "Tabel 1 Capaian Kinerja",
        "",
        "NO\tINDIKATOR\tTARGET\tREALISASI\tCAPAIAN",
        "1\tIndeks Kepuasan Masyarakat\t80\t84\t105,00",
        "",
        "Tabel 1 di atas menunjukkan bahwa seluruh indikator tercapai.",
        "",
        "LAMPIRAN",
        "",
        "NO\tPROGRAM\tANGGARAN",
        "1\tProgram Penunjang Urusan Pemerintahan Daerah\t1.000.000",
    )
    blocks = parse_text(content)
    first, second = tables(blocks)
    assert first.id == "1"
    assert second.caption is None
    assert second.id == "T2"
    assert "Tabel 1 di atas menunjukkan bahwa seluruh indikator tercapai." in [
        p.text for p in paragraphs(blocks)
    ]


CAPTIONS_BELOW = (
    "NO\tINDIKATOR\tTARGET",
    "1\tIndeks Pelayanan Publik\t82,4",
    "Tabel 3.1 Indikator Kinerja Utama",
    "",
    "Uraian tentang indikator kinerja utama yang ditetapkan untuk tahun ini dan sebelumnya.",
    "",
    "Sumber: Dinas Contoh",
    "NO\tSASARAN\tTARGET",
    "1\tMeningkatnya layanan publik\t90",
    "Tabel 3.2 Perjanjian Kinerja",
    "",
    "Sumber: Dinas Contoh",
    "URAIAN\tANGGARAN\tREALISASI",
    "Belanja Pegawai\t100\t90",
    "Tabel 3.3 Realisasi Anggaran",
)


def test_captions_below_their_tables_are_theirs_not_the_next_tables():
    """A caption right after a table and followed by prose is that table's; once a report
    shows it, "table, caption, note, table" gives the caption to the table above too."""
    found = tables(parse_text(report(*CAPTIONS_BELOW)))
    assert [t.id for t in found] == ["3.1", "3.2", "3.3"]
    assert [t.context for t in found] == [
        "Tabel 3.1 Indikator Kinerja Utama",
        "Tabel 3.2 Perjanjian Kinerja",
        "Tabel 3.3 Realisasi Anggaran",
    ]
    assert found[1].notes == ("Sumber: Dinas Contoh",)  # the note before it stays its own


def test_caption_between_two_tables_is_the_next_ones_when_captions_are_above():
    content = report(
        "Tabel 3.1 Indikator Kinerja Utama",
        *SMALL_TABLE,
        "",
        "Uraian tentang indikator kinerja utama yang ditetapkan untuk tahun ini dan sebelumnya.",
        "",
        "NO\tSASARAN\tTARGET",
        "1\tMeningkatnya layanan publik\t90",
        "Tabel 3.2 Perjanjian Kinerja",
        "NO\tPROGRAM\tANGGARAN",
        "1\tProgram Penunjang\t100",
    )
    found = tables(parse_text(content))
    assert [t.id for t in found] == ["3.1", "T2", "3.2"]


# --- header, column numbers, body ----------------------------------------------------------


@pytest.mark.parametrize("numbers", ["(1)\t(2)\t(3)\t(4)", "1\t2\t3\t4"])
def test_column_number_row_is_kept_apart_from_header_and_body(numbers):
    content = report(
        "NO\tPROGRAM\tANGGARAN\tKET",
        numbers,
        "1\tProgram Pemberdayaan Sosial\tRp. 32.537.000\t",
        "2\tProgram Rehabilitasi Sosial\tRp. 19.781.921.213\t",
    )
    (table,) = tables(parse_text(content))
    assert texts(table.header_rows) == [["NO", "PROGRAM", "ANGGARAN", "KET"]]
    assert table.column_numbers is not None
    assert [c.text for c in table.column_numbers] == numbers.split("\t")
    assert table.column_numbers[0].location.line == 2
    assert [row[0].text for row in table.body_rows] == ["1", "2"]


def test_two_row_header_with_group_cell_and_column_numbers():
    content = report(
        "NO\tINDIKATOR KINERJA\tSATUAN\tTAHUN 2024\t\t",
        "\t\t\tTARGET\tREALISASI\tCAPAIAN",
        "(1)\t(2)\t(3)\t(4)\t(5)\t(6)",
        "1.\tIndeks Pembangunan Gender\tIndeks\t81,9\t81,88\t99,98",
    )
    (table,) = tables(parse_text(content))
    assert texts(table.header_rows) == [
        ["NO", "INDIKATOR KINERJA", "SATUAN", "TAHUN 2024", "", ""],
        ["", "", "", "TARGET", "REALISASI", "CAPAIAN"],
    ]
    assert len(table.body_rows) == 1
    assert table.body_rows[0][0].location.line == 4


def test_column_number_row_with_a_formula_cell_is_not_a_body_row():
    content = report(
        "NO\tINDIKATOR\tTARGET\tREALISASI\tCAPAIAN",
        "(1)\t(2)\t(3)\t(4)\t(5)=(4)/(3)x100%",
        "1\tIndeks Kepuasan Masyarakat\t80\t84\t105,00",
    )
    (table,) = tables(parse_text(content))
    assert table.column_numbers is not None
    assert [row[0].text for row in table.body_rows] == ["1"]


# --- table boundaries ----------------------------------------------------------------------


def test_blank_line_then_a_new_header_starts_a_second_table():
    content = report(
        "NO.\tSASARAN STRATEGIS\tINDIKATOR KINERJA\tTARGET",
        "1\tMeningkatnya derajat kesehatan\tAngka Kematian Ibu\t100",
        "",
        "NO.\tPROGRAM\tANGGARAN\t\tKETERANGAN",
        "\t\tSEBELUM PERUBAHAN\tSETELAH PERUBAHAN\t",
        "1\tProgram Kesehatan Masyarakat\t1.000.000\t1.200.000\tAPBD",
    )
    first, second = tables(parse_text(content))
    assert (first.index, second.index) == (1, 2)
    assert texts(first.body_rows) == [
        ["1", "Meningkatnya derajat kesehatan", "Angka Kematian Ibu", "100"]
    ]
    assert second.location.line == 4
    assert len(second.header_rows) == 2
    assert [row[0].location.line for row in second.body_rows] == [6]


@pytest.mark.parametrize("page_break", ["", NBSP, f" {NBSP}\t ", "\n\n"])
def test_header_repeated_after_a_page_break_is_dropped_and_table_stitched(page_break):
    content = report(
        "NO\tINDIKATOR\tTARGET",
        "(1)\t(2)\t(3)",
        "1\tIndeks A\t10",
        "2\tIndeks B\t20",
        page_break,
        "NO\tINDIKATOR\tTARGET",
        "(1)\t(2)\t(3)",
        "3\tIndeks C\t30",
    )
    lines = content.splitlines()
    (table,) = tables(parse_text(content))
    assert texts(table.header_rows) == [["NO", "INDIKATOR", "TARGET"]]
    assert [row[0].text for row in table.body_rows] == ["1", "2", "3"]
    last = table.body_rows[-1][0].location.line
    assert lines[last - 1] == "3\tIndeks C\t30"


def test_data_continuing_after_a_page_break_without_header_stays_in_the_table():
    content = report(*SMALL_TABLE, "", NBSP, "2\tIndeks Pemberdayaan Gender\t59,42")
    (table,) = tables(parse_text(content))
    assert [row[0].location.line for row in table.body_rows] == [2, 5]


def test_repeated_header_with_an_extra_trailing_tab_is_still_a_repeat():
    content = report(*SMALL_TABLE, "", "NO\tINDIKATOR\tTARGET\t", "2\tIndeks B\t20")
    (table,) = tables(parse_text(content))
    assert [row[0].text for row in table.body_rows] == ["1", "2"]


# --- wrapped rows --------------------------------------------------------------------------


@pytest.mark.parametrize("gap", [(), ("",), (NBSP,)])
def test_wrapped_name_cell_is_joined_to_the_previous_row(gap):
    content = report(
        "NO\tPROGRAM/ KEGIATAN\tANGGARAN\tREALISASI",
        "1.6\tPenyediaan Jasa Penunjang Urusan Pemerintahan\t153.130.176\t149.546.540",
        *gap,
        "\tDaerah\t\t",
        "1.6.1\tPenyediaan Jasa Komunikasi\t153.130.176\t149.546.540",
    )
    (table,) = tables(parse_text(content))
    assert [row[0].text for row in table.body_rows] == ["1.6", "1.6.1"]
    name = table.body_rows[0][1]
    assert name.text == "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah"
    assert name.raw == "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah"
    assert name.location.line == 2  # the row's own line, where its values are


def test_tab_led_line_with_a_lone_number_is_a_row_not_a_continuation():
    content = report(
        "NO\tURAIAN\tANGGARAN",
        "1\tProgram Pemberdayaan Sosial\t32.537.000",
        "\t\t1.000.000",
    )
    (table,) = tables(parse_text(content))
    assert len(table.body_rows) == 2
    assert table.body_rows[0][1].text == "Program Pemberdayaan Sosial"


def test_upper_case_wrapped_name_after_a_page_break_is_joined():
    content = report(
        "NO\tPROGRAM/KEGIATAN\tANGGARAN\tREALISASI",
        "1.\tPROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH\t7.345.924.628\t6.451.797.829",
        "",
        "\tKABUPATEN/KOTA\t\t",
        "1.1\tAdministrasi Keuangan Perangkat Daerah\t6.130.684.975\t5.266.547.067",
    )
    (table,) = tables(parse_text(content))
    assert table.body_rows[0][1].text == (
        "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"
    )
    assert [row[0].text for row in table.body_rows] == ["1.", "1.1"]


# --- cleaned text vs raw -------------------------------------------------------------------


def test_markdown_emphasis_is_stripped_from_cell_text_but_kept_in_raw():
    content = report(
        "NO\tINDIKATOR\tTARGET",
        "1\t**Indeks Pembangunan Gender**\t*81,9*",
        f"2\t__Indeks Pemberdayaan Gender__\t59,42{NBSP}",
    )
    (table,) = tables(parse_text(content))
    (first, second) = table.body_rows
    assert [c.text for c in first] == ["1", "Indeks Pembangunan Gender", "81,9"]
    assert [c.raw for c in first] == ["1", "**Indeks Pembangunan Gender**", "*81,9*"]
    assert second[1].text == "Indeks Pemberdayaan Gender"
    assert second[1].raw == "__Indeks Pemberdayaan Gender__"
    assert second[2].text == "59,42"
    assert second[2].raw == f"59,42{NBSP}"


def test_markdown_emphasis_is_stripped_from_paragraphs():
    blocks = parse_text("Capaian **Indeks Kepuasan Masyarakat** tahun *2024* sebesar 87,5.\n")
    assert [p.text for p in paragraphs(blocks)] == [
        "Capaian Indeks Kepuasan Masyarakat tahun 2024 sebesar 87,5."
    ]


def test_pipe_table_cells_clean_emphasis_and_escaped_pipes():
    content = report(
        "Teks pembuka.",
        "",
        "| NO | PROGRAM | ANGGARAN |",
        "|:--|---|--:|",
        "| (1) | (2) | (3) |",
        "| 1 | **Program** Penyuluhan \\| Pelatihan | Rp 612.300.000 |",
        "| | **JUMLAH** | **Rp 612.300.000** |",
        "Teks penutup.",
    )
    blocks = parse_text(content)
    (table,) = tables(blocks)
    assert texts(table.header_rows) == [["NO", "PROGRAM", "ANGGARAN"]]
    assert [c.text for c in table.column_numbers or []] == ["(1)", "(2)", "(3)"]
    assert texts(table.body_rows) == [
        ["1", "Program Penyuluhan | Pelatihan", "Rp 612.300.000"],
        ["", "JUMLAH", "Rp 612.300.000"],
    ]
    assert "**Rp 612.300.000**" in table.body_rows[1][2].raw
    assert [row[0].location.line for row in table.body_rows] == [6, 7]
    assert [(p.location.line, p.text) for p in paragraphs(blocks)] == [
        (1, "Teks pembuka."),
        (8, "Teks penutup."),
    ]


def test_pipe_table_raw_has_no_padding_from_the_pipe_syntax():
    content = report("| NO | TARGET |", "|---|---|", "| 1 | **120.000** |")
    (table,) = tables(parse_text(content))
    assert [c.raw for c in table.body_rows[0]] == ["1", "**120.000**"]


# --- locations -----------------------------------------------------------------------------


def _check_tab_cell_locations(content: str, blocks) -> int:
    """Every cell of every TAB table points at its own line, column and row; returns count."""
    lines = content.splitlines()
    checked = 0
    for table in tables(blocks):
        rows = [*table.header_rows, *([table.column_numbers] if table.column_numbers else [])]
        rows += table.body_rows
        row_numbers = sorted({row[0].location.row for row in rows})
        assert row_numbers == list(range(1, len(rows) + 1)), table.id
        for row in rows:
            for cell in row:
                loc = cell.location
                assert loc.table == table.index
                source = lines[loc.line - 1].split("\t")[loc.column - 1]
                # A wrapped cell's raw text starts with what is printed on its own line.
                assert cell.raw == source or cell.raw.startswith(source.rstrip()), (loc, cell)
                checked += 1
    return checked


def test_every_cell_location_names_its_own_source_line():
    content = report(
        "BAB III",
        "",
        "Tabel 3.1 Realisasi Anggaran",
        "",
        "NO\tURAIAN\tPAGU\tREALISASI",
        "(1)\t(2)\t(3)\t(4)",
        "A.\tURUSAN KESEHATAN\t2.000\t1.500",
        "1.\tProgram Penunjang Urusan Pemerintahan",
        "",
        "\tDaerah Kabupaten/Kota\t\t",
        NBSP,
        "NO\tURAIAN\tPAGU\tREALISASI",
        "(1)\t(2)\t(3)\t(4)",
        "1.1\tAdministrasi Keuangan\t2.000\t1.500",
        "\tJUMLAH\t2.000\t1.500",
        "",
        "Paragraf penutup.",
    )
    blocks = parse_text(content)
    (table,) = tables(blocks)
    assert [(r[0].location.line, r[0].location.row) for r in table.body_rows] == [
        (7, 3),
        (8, 4),
        (14, 5),
        (15, 6),
    ]
    assert (
        table.body_rows[1][1].text == "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"
    )
    assert table.body_rows[3][3].location.column == 4
    assert table.location.line == 5
    # 4 cells in each row, but the "1." row is ragged (2 cells)
    assert _check_tab_cell_locations(content, blocks) == 5 * 4 + 2


def test_every_cell_location_in_the_sample_report_names_its_own_line():
    content = sample_report().read_text(encoding="utf-8-sig")
    blocks = parse_text(content)
    assert _check_tab_cell_locations(content, blocks) > 1000


def test_pipe_table_cells_in_markdown_fixture_point_at_their_lines():
    content = (FIXTURES / "distan_kab_contoh_2024.md").read_text(encoding="utf-8")
    lines = content.splitlines()
    blocks = parse_text(content)
    assert len(tables(blocks)) == 2
    for table in tables(blocks):
        for row in [*table.header_rows, *table.body_rows]:
            for cell in row:
                line = lines[cell.location.line - 1]
                assert line.startswith("|")
                assert cell.raw.strip() in line


# --- paragraphs and headings ---------------------------------------------------------------


def test_paragraphs_one_per_line_with_headings_detected():
    content = report(
        "BAB II",
        "PERENCANAAN KINERJA",
        "",
        "A. RENCANA STRATEGIS",
        "Rencana Strategis Dinas Contoh disusun untuk periode 2021-2026.",
        "Dokumen ini memuat tujuan dan sasaran.",
        "",
        "BAB III Akuntabilitas Kinerja",
        "KEPALA DINAS SOSIAL,",
        "## Ringkasan Capaian",
        f"{NBSP}",
        "Akhir.",
    )
    blocks = parse_text(content)
    assert not tables(blocks)
    assert [(b.kind, b.location.line, b.text) for b in blocks] == [
        ("heading", 1, "BAB II"),
        ("heading", 2, "PERENCANAAN KINERJA"),
        ("heading", 4, "A. RENCANA STRATEGIS"),
        ("paragraph", 5, "Rencana Strategis Dinas Contoh disusun untuk periode 2021-2026."),
        ("paragraph", 6, "Dokumen ini memuat tujuan dan sasaran."),
        ("heading", 8, "BAB III Akuntabilitas Kinerja"),
        ("paragraph", 9, "KEPALA DINAS SOSIAL,"),
        ("heading", 10, "Ringkasan Capaian"),
        ("paragraph", 12, "Akhir."),
    ]


def test_paragraph_lines_around_tables_keep_their_line_numbers():
    content = report("Sebelum tabel.", "", *SMALL_TABLE, "", "Sesudah tabel.")
    blocks = parse_text(content)
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph"]
    assert [p.location.line for p in paragraphs(blocks)] == [1, 6]
    assert tables(blocks)[0].context == "Sebelum tabel."


def test_tab_indented_prose_line_is_a_paragraph():
    content = report(
        "BAB I",
        "",
        "\tPada tahun 2024 Dinas Contoh melaksanakan 5 program dan 12 kegiatan.",
        "",
        "Paragraf biasa.",
    )
    blocks = parse_text(content)
    assert not tables(blocks)
    assert [p.location.line for p in paragraphs(blocks)] == [1, 3, 5]


def test_empty_and_blank_only_input_has_no_blocks():
    assert parse_text("") == []
    assert parse_text(f"\n \n{NBSP}\n\t\n") == []


# --- header rows whatever their typography (DIALECTS §2) ----------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "Sasaran\tIndikator Kinerja\tTarget\tRealisasi\tCapaian",  # Title Case, no No column
        "sasaran\tindikator kinerja\ttarget\trealisasi\tcapaian",  # lower case
        "SASARAN\tINDIKATOR KINERJA\tTARGET\tREALISASI\tCAPAIAN",  # capitals
        "Sasaran\tIndikator\tTgt\tReal.\t%",  # abbreviations
    ],
)
def test_header_row_is_found_in_any_case_and_without_a_no_column(header):
    body = "Meningkatnya mutu layanan\tIndeks kepuasan\t80\t82\t102,50"
    (table,) = tables(parse_text(report("Tabel 7 Capaian Kinerja", header, body)))
    assert len(table.header_rows) == 1 and len(table.body_rows) == 1


def test_a_row_of_words_over_rows_of_numbers_is_a_header():
    text = report("Golongan\tLaki-laki\tPerempuan", "IV\t12\t9", "III\t40\t52")
    (table,) = tables(parse_text(text))
    assert texts(table.header_rows) == [["Golongan", "Laki-laki", "Perempuan"]]


def test_a_body_row_of_words_is_not_taken_for_a_header():
    text = report("Sekretariat\tAdministrasi umum", "Bidang Budidaya\tPembinaan pembudidaya")
    (table,) = tables(parse_text(text))
    assert table.header_rows == [] and len(table.body_rows) == 2
