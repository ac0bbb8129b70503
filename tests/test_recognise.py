"""Table recognition: kinds, canonical columns, header spans, hierarchy, values, name keys.

The fixtures in tests/fixtures/tables are small hand-written reports of invented agencies,
each laid out the way a *different* agency might lay out its LKjIP tables (other caption
styles, other column orders, other words, Markdown pipe tables, no caption at all). Their
numbers are internally consistent (sums, differences, percentages rounded half-up), so a
check that they still add up is part of what is tested. The bundled sample report is
tested too; its caption numbers appear here only as expectations, never in product code.
"""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from auditor.ingest import read_document
from auditor.ingest.text import parse_text
from auditor.model import Document
from auditor.recognise.names import name_key
from auditor.recognise.tables import Dataset, Recognition, recognise
from auditor.resources import sample_report

FIXTURES = Path(__file__).parent / "fixtures" / "tables"
D = Decimal

BUDGET = "dinkes_contoh_2024_anggaran.txt"
ACHIEVEMENT = "dinkes_kota_harapan_2024_capaian.txt"
AGREEMENT = "dinsos_kab_sejahtera_2024_pk.txt"
MARKDOWN = "distan_kab_contoh_2024.md"
EDUCATION = "disdik_kab_maju_2024.txt"


@cache
def recognised(name: str) -> Recognition:
    return recognise(read_document(FIXTURES / name))


def recognise_text(content: str) -> Recognition:
    return recognise(Document("inline.txt", "text", "", parse_text(content)))


@cache
def sample() -> Recognition:
    return recognise(read_document(sample_report()))


def dataset(recognition: Recognition, table_id: str) -> Dataset:
    (found,) = [d for d in recognition.datasets if d.id == table_id]
    return found


def row(ds: Dataset, key: str) -> pd.Series:
    rows = ds.frame[ds.frame["key"] == key]
    assert len(rows) == 1, f"{ds.id}: {len(rows)} rows with key {key!r}"
    return rows.iloc[0]


def items(ds: Dataset) -> pd.DataFrame:
    return ds.frame[ds.frame["role"] == "item"]


def total(ds: Dataset) -> pd.Series:
    (index,) = ds.frame.index[ds.frame["role"] == "total"]
    return ds.frame.loc[index]


def percent(part: Decimal, whole: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    return (part / whole * 100).quantize(D("0.01"), rounding=rounding)


# --- kinds and columns ---------------------------------------------------------------------

FIXTURE_KINDS = {
    BUDGET: [("12", "realisasi_anggaran")],
    ACHIEVEMENT: [("III.4", "capaian")],
    AGREEMENT: [("3.1", "capaian"), ("T2", "iku"), ("T3", "pk"), ("T4", "pk_anggaran")],
    MARKDOWN: [("2.3", "program_anggaran"), ("3.5", "efisiensi")],
    EDUCATION: [
        ("3.1", "skala"),
        ("3.2", "realisasi_multitahun"),
        ("T3", None),
        ("T4", "ringkasan_capaian"),
    ],
}


@pytest.mark.parametrize("name", sorted(FIXTURE_KINDS))
def test_fixture_table_kinds(name):
    got = [(d.id, d.kind) for d in recognised(name).datasets]
    assert got == FIXTURE_KINDS[name]


FIXTURE_COLUMNS = [
    (BUDGET, "12", ["no", "uraian", "anggaran", "realisasi", "sisa", "penyerapan"]),
    (
        ACHIEVEMENT,
        "III.4",
        ["no", "indikator", "sasaran", "satuan", "target", "realisasi", "capaian"],
    ),
    (AGREEMENT, "3.1", ["no", "sasaran", "indikator", "target", "realisasi", "capaian"]),
    (AGREEMENT, "T2", ["no", "sasaran", "indikator", "target"]),
    (AGREEMENT, "T3", ["no", "sasaran", "indikator", "target"]),
    (AGREEMENT, "T4", ["no", "program", "anggaran_awal", "anggaran", "keterangan"]),
    (MARKDOWN, "2.3", ["no", "program", "anggaran", "keterangan"]),
    (
        MARKDOWN,
        "3.5",
        [
            "no",
            "sasaran",
            "indikator",
            "target",
            "realisasi",
            "capaian",
            "anggaran",
            "realisasi_anggaran",
            "penyerapan",
            "efisiensi",
        ],
    ),
    (EDUCATION, "3.1", ["no", "rentang", "predikat"]),
    (
        EDUCATION,
        "3.2",
        [
            "no",
            "indikator",
            "satuan",
            "realisasi_2022",
            "realisasi_2023",
            "realisasi",
            "target",
        ],
    ),
    (EDUCATION, "T4", ["no", "sasaran", "indikator", "capaian", "predikat"]),
]


@pytest.mark.parametrize(("name", "table_id", "names"), FIXTURE_COLUMNS)
def test_fixture_canonical_columns(name, table_id, names):
    ds = dataset(recognised(name), table_id)
    assert [c.name for c in ds.columns] == names
    assert [c.index for c in ds.columns] == list(range(len(names)))
    for column in ds.columns:
        assert f"{column.name}__raw" in ds.frame.columns
        assert column.name in ds.frame.columns


def test_budget_columns_map_pagu_sisa_and_percent_sign():
    ds = dataset(recognised(BUDGET), "12")
    by_name = {c.name: (c.label, c.type) for c in ds.columns}
    assert by_name["anggaran"] == ("PAGU", "number")
    assert by_name["sisa"] == ("SISA", "number")
    assert by_name["penyerapan"] == ("%", "number")
    assert by_name["uraian"] == ("URAIAN", "name")
    assert by_name["no"][1] == "code"


def test_group_header_spans_its_three_columns():
    ds = dataset(recognised(ACHIEVEMENT), "III.4")
    spanned = [c for c in ds.columns if c.name in ("target", "realisasi", "capaian")]
    assert [c.label for c in spanned] == [
        "TAHUN 2024 TARGET",
        "TAHUN 2024 REALISASI",
        "TAHUN 2024 CAPAIAN (%)",
    ]
    assert {c.year for c in spanned} == {2024}
    assert ds.column("indikator").year is None
    table = ds.table
    assert len(table.header_rows) == 2
    assert [c.text for c in table.column_numbers or []] == [f"({n})" for n in range(1, 8)]
    assert ds.frame["line"].tolist() == [15, 16, 17, 18, 19]


def test_indicator_before_sasaran_keeps_the_row_label_on_the_indicator():
    ds = dataset(recognised(ACHIEVEMENT), "III.4")
    assert ds.column("indikator").index == 1
    assert ds.column("sasaran").index == 2
    assert ds.frame["label"].tolist() == ds.frame["indikator"].tolist()
    assert ds.frame["label"].iloc[0] == "Angka Kematian Ibu"


def test_efficiency_groups_span_kinerja_and_anggaran_columns_in_a_pipe_table():
    ds = dataset(recognised(MARKDOWN), "3.5")
    labels = {c.name: c.label for c in ds.columns}
    assert labels["target"] == "KINERJA TARGET"
    assert labels["capaian"] == "KINERJA CAPAIAN (%)"
    assert labels["anggaran"] == "ANGGARAN PAGU (Rp)"
    assert labels["realisasi_anggaran"] == "ANGGARAN REALISASI (Rp)"
    assert labels["penyerapan"] == "ANGGARAN SERAPAN (%)"
    assert labels["efisiensi"] == "EFISIENSI (%)"


def test_multi_year_columns_from_a_two_row_header():
    # The latest year is the report year and keeps the plain name; earlier years get a suffix.
    ds = dataset(recognised(EDUCATION), "3.2")
    years = {c.name: c.year for c in ds.columns if c.name.startswith("realisasi")}
    assert years == {"realisasi_2022": 2022, "realisasi_2023": 2023, "realisasi": 2024}
    assert ds.column("realisasi_2023").label == "REALISASI 2023"
    apm = ds.frame.iloc[0]
    assert (apm["realisasi_2022"], apm["realisasi_2023"], apm["realisasi"]) == (
        D("97.12"),
        D("97.85"),
        D("98.40"),
    )
    assert apm["target"] == D("98.00")
    assert ds.column("target").year == 2024


def test_scale_and_summary_tables_with_other_words():
    scale = dataset(recognised(EDUCATION), "3.1")
    assert scale.column("rentang").label == "INTERVAL NILAI"
    assert scale.frame["predikat"].tolist() == ["Sangat Baik", "Baik", "Cukup", "Kurang"]
    assert scale.frame["rentang"].iloc[1] == "85% s.d. 100%"

    summary = dataset(recognised(EDUCATION), "T4")
    assert summary.column("predikat").label == "KATEGORI"
    assert summary.frame["capaian"].tolist() == [D("100.41"), D("99.88"), D("99.86")]
    assert summary.frame["predikat"].tolist() == ["Sangat Baik", "Baik", "Baik"]


# --- hierarchy -----------------------------------------------------------------------------


def test_budget_hierarchy_keys_parents_and_levels():
    ds = dataset(recognised(BUDGET), "12")
    frame = ds.frame
    assert frame["key"].tolist()[:-1] == [
        "A",
        "A.1",
        "A.1.1",
        "A.1.1.1",
        "A.1.2",
        "A.1.2.1",
        "A.1.2.2",
        "A.2",
        "A.2.1",
        "A.2.1.1",
        "A.2.1.3",
        "B",
        "B.1",
        "B.1.1",
        "B.1.1.1",
    ]
    parents = dict(zip(frame["key"], frame["parent"], strict=True))
    assert parents["A.1"] == "A"
    assert parents["A.1.2.2"] == "A.1.2"
    assert parents["A.2.1.3"] == "A.2.1"  # a numbering gap (no 2.1.2) is not an error
    assert parents["B.1"] == "B"  # numbering restarts under section B
    assert parents["B.1.1.1"] == "B.1.1"
    assert pd.isna(parents["A"]) and pd.isna(parents["B"])
    levels = Counter(frame["level"].dropna())
    assert levels == {"urusan": 2, "program": 3, "kegiatan": 4, "sub_kegiatan": 6}
    assert Counter(frame["role"]) == {"section": 2, "item": 13, "total": 1}
    assert row(ds, "B.1.1.1")["code"] == "1.1.1"


def test_budget_total_row_is_recognised_by_its_word():
    ds = dataset(recognised(BUDGET), "12")
    jumlah = total(ds)
    assert jumlah["label"] == "JUMLAH"
    assert pd.isna(jumlah["key"])
    assert jumlah["line"] == 31
    assert jumlah["anggaran"] == D("13650000000")
    assert ds.frame.index[ds.frame["role"] == "total"].tolist() == [len(ds.frame) - 1]


def test_budget_parents_equal_the_sum_of_their_children():
    """The fixture is consistent, and the recognised hierarchy shows it."""
    frame = dataset(recognised(BUDGET), "12").frame
    coded = frame[frame["key"].notna()]
    checked = 0
    for key in coded["key"]:
        children = coded[coded["parent"] == key]
        if children.empty:
            continue
        parent = coded[coded["key"] == key].iloc[0]
        for column in ("anggaran", "realisasi", "sisa"):
            assert sum(children[column]) == parent[column], (key, column)
        checked += 1
    assert checked == 9
    sections = frame[frame["role"] == "section"]
    jumlah = frame[frame["role"] == "total"].iloc[0]
    for column in ("anggaran", "realisasi", "sisa"):
        assert sum(sections[column]) == jumlah[column]


def test_budget_values_are_exact_decimals_and_rounded_half_up():
    frame = dataset(recognised(BUDGET), "12").frame
    values = frame[frame["anggaran"].notna()]
    discriminating = 0
    for _, r in values.iterrows():
        for column in ("anggaran", "realisasi", "sisa", "penyerapan"):
            assert isinstance(r[column], Decimal), (r["key"], column)
        assert r["sisa"] == r["anggaran"] - r["realisasi"]
        assert r["penyerapan__parsed"].decimals == 2
        assert r["penyerapan"] == percent(r["realisasi"], r["anggaran"])
        if percent(r["realisasi"], r["anggaran"], ROUND_DOWN) != r["penyerapan"]:
            discriminating += 1
    # Truncation would print 86,11 where this report prints 86,12: rounding is detectable.
    assert row(dataset(recognised(BUDGET), "12"), "A.1.1.1")["penyerapan__raw"] == "86,12"
    assert discriminating >= 4


def test_wrapped_row_and_whitespace_only_line_do_not_break_the_table():
    recognition = recognised(BUDGET)
    assert len(recognition.datasets) == 1
    ds = recognition.datasets[0]
    assert len(ds.frame) == 16
    wrapped = row(ds, "A.1.2")
    assert wrapped["uraian"] == "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah"
    assert wrapped["label"] == wrapped["uraian"]
    assert wrapped["line"] == 17
    assert row(ds, "A.1.2.1")["line"] == 20
    assert row(ds, "A.2")["line"] == 23  # after the non-breaking-space line 22


def test_english_style_number_is_parsed_and_flagged():
    recognition = recognised(BUDGET)
    assert recognition.convention == "id"
    ds = recognition.datasets[0]
    cell = row(ds, "A.1.2.1")
    assert cell["anggaran__raw"] == "1,004,422,800"
    assert cell["anggaran"] == D("1004422800")
    flagged = [p for p in ds.problems if p.problem == "unusual_convention"]
    assert [(p.column, p.row, p.location.line) for p in flagged] == [("anggaran", 6, 20)]
    assert not [p for p in ds.problems if p.problem == "not_a_number"]


def test_agreement_budget_before_and_after_revision():
    ds = dataset(recognised(AGREEMENT), "T4")
    assert [c.label for c in ds.columns[2:4]] == [
        "ANGGARAN (Rp) SEBELUM PERUBAHAN",
        "ANGGARAN (Rp) SETELAH PERUBAHAN",
    ]
    programs = items(ds)
    assert programs["anggaran_awal"].tolist() == [D("4100000000"), D("2000000000"), None]
    assert programs["anggaran_awal__raw"].tolist()[-1] == "-"
    assert programs["anggaran"].tolist() == [D("4250000000"), D("1850000000"), D("450000000")]
    jumlah = total(ds)
    assert jumlah["label"] == "JUMLAH"
    assert jumlah["anggaran_awal"] == sum(v for v in programs["anggaran_awal"] if v is not None)
    assert jumlah["anggaran"] == sum(programs["anggaran"])
    assert ds.frame["keterangan"].tolist()[:3] == ["APBD", "APBD", "APBD / BTT"]


# --- achievement values --------------------------------------------------------------------


def test_achievement_values_including_negative_polarity():
    frame = dataset(recognised(ACHIEVEMENT), "III.4").frame
    aki = frame.iloc[0]
    assert aki["indikator"] == "Angka Kematian Ibu"
    assert (aki["target"], aki["realisasi"], aki["capaian"]) == (D("100"), D("85"), D("115.00"))
    # Negative polarity: (2 x target - realisasi) / target x 100.
    assert percent(2 * aki["target"] - aki["realisasi"], aki["target"]) == aki["capaian"]
    assert aki["satuan"] == "per 100.000 KH"
    anc = frame.iloc[2]
    assert anc["capaian"] == percent(anc["realisasi"], anc["target"]) == D("97.58")
    assert anc["capaian__parsed"].decimals == 2
    assert anc["realisasi__parsed"].decimals == 2


def test_ragged_row_keeps_its_missing_cells_empty():
    ds = dataset(recognised(ACHIEVEMENT), "III.4")
    ragged = ds.frame.iloc[4]
    assert ragged["indikator"] == "Indeks Keluarga Sehat"
    assert ragged["line"] == 19
    assert ragged["target"] == D("0.40")
    assert ragged["realisasi"] is None and ragged["capaian"] is None
    assert ragged["realisasi__raw"] == "" and ragged["capaian__raw"] == ""
    assert not [p for p in ds.problems if p.row == 5]


def test_percent_signs_and_rupiah_prefixes_are_units_not_text():
    capaian = dataset(recognised(AGREEMENT), "3.1").frame
    first = capaian.iloc[0]
    assert (first["target"], first["realisasi"], first["capaian"]) == (
        D("10"),
        D("9.5"),
        D("95.00"),
    )
    assert first["target__parsed"].unit == "%"
    programs = dataset(recognised(MARKDOWN), "2.3").frame
    assert programs["anggaran"].iloc[0] == D("3250000000")
    assert programs["anggaran__parsed"].iloc[0].unit == "Rp"


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_pipe_tables_parse_with_total_and_emphasis():
    recognition = recognised(MARKDOWN)
    assert recognition.document.path.endswith(".md")
    programs = dataset(recognition, "2.3")
    assert programs.table.caption is not None
    assert programs.table.caption.title.startswith("Program dan Anggaran")
    assert items(programs)["key"].tolist() == ["1", "2", "3", "4"]
    jumlah = total(programs)
    assert jumlah["label"] == "JUMLAH"
    assert jumlah["anggaran"] == D("5747800000") == sum(items(programs)["anggaran"])
    assert "**" in jumlah["anggaran__raw"]
    assert programs.frame["keterangan"].tolist() == ["APBD", "APBD / DAK", "APBD", "", ""]
    assert programs.frame["line"].tolist() == [11, 12, 13, 14, 15]


def test_markdown_efficiency_values_and_ambiguous_thousands():
    ds = dataset(recognised(MARKDOWN), "3.5")
    padi = ds.frame.iloc[0]
    assert padi["target"] == D("120000")  # "120.000": thousands in the document convention
    assert padi["anggaran"] == D("1475500000")
    assert padi["realisasi_anggaran"] == D("1402313250")
    for _, r in ds.frame.iterrows():
        assert r["capaian"] == percent(r["realisasi"], r["target"])
        assert r["penyerapan"] == percent(r["realisasi_anggaran"], r["anggaran"])
        assert r["efisiensi"] == r["capaian"] - r["penyerapan"]
    ambiguous = {(p.column, p.row) for p in ds.problems if p.problem == "ambiguous_separator"}
    assert ambiguous == {("target", 1), ("realisasi", 1)}


def test_markdown_prose_is_cleaned():
    document = recognised(MARKDOWN).document
    texts = [p.text for p in document.paragraphs]
    assert "Seluruh sasaran tercapai dengan tingkat efisiensi positif." in texts
    assert not [t for t in texts if "*" in t]
    headings = [p.text for p in document.paragraphs if p.kind == "heading"]
    assert "E. Analisis Efisiensi Penggunaan Sumber Daya" in headings


# --- context and unknown tables ------------------------------------------------------------


def test_captionless_tables_are_recognised_from_their_context():
    recognition = recognised(AGREEMENT)
    iku, pk = dataset(recognition, "T2"), dataset(recognition, "T3")
    assert iku.table.caption is None and pk.table.caption is None
    # Same header words: only the text before each table tells them apart.
    iku_header = [c.text.rstrip(".") for c in iku.table.header_rows[0]]
    pk_header = [c.text.rstrip(".") for c in pk.table.header_rows[0]]
    assert iku_header == pk_header
    assert (iku.kind, pk.kind) == ("iku", "pk")
    assert "Indikator Kinerja Utama" in iku.table.context
    assert "PERJANJIAN KINERJA" in pk.table.context


def test_unknown_table_is_kept_with_kind_none():
    ds = dataset(recognised(EDUCATION), "T3")
    assert ds.kind is None and ds.profile is None
    assert [(c.name, c.label) for c in ds.columns] == [
        ("no", "NO"),
        ("kolom_2", "JENIS KENDARAAN"),
        ("kolom_3", "NOMOR POLISI"),
        ("kolom_4", "KONDISI"),
    ]
    assert not any(c.mapped for c in ds.columns[1:])
    assert ds.frame["kolom_3"].tolist() == ["AB 1234 CD", "AB 5678 EF"]
    assert ds.frame["line"].tolist() == [31, 32]
    assert not ds.problems


def test_nonsense_table_without_header_is_kept_with_kind_none():
    content = "Daftar warna.\n\nmerah\tapel\t3\nhijau\tmelon\t\n"
    (ds,) = recognise_text(content).datasets
    assert ds.kind is None
    assert [c.name for c in ds.columns] == ["kolom_1", "kolom_2", "kolom_3"]
    assert ds.frame["line"].tolist() == [3, 4]
    assert ds.frame["label"].tolist() == ["merah", "hijau"]


def test_renstra_yearly_target_table_is_not_a_performance_agreement():
    content = (
        "Tabel 2.1 Target Kinerja Renstra Dinas Contoh 2021-2026\n\n"
        "NO\tINDIKATOR KINERJA\tSATUAN\tTARGET TAHUN\t\t\t\t\t\n"
        "\t\t\t2021\t2022\t2023\t2024\t2025\t2026\n"
        "1\tIndeks Kepuasan Masyarakat\tIndeks\t80\t81\t82\t83\t84\t85\n"
    )
    (ds,) = recognise_text(content).datasets
    assert ds.kind not in ("pk", "iku")


def test_achievement_table_with_last_years_realisation_is_an_achievement_table():
    content = (
        "Tabel 3.1 Capaian Kinerja Tahun 2024\n\n"
        "NO\tINDIKATOR KINERJA\tREALISASI 2023\tTARGET 2024\tREALISASI 2024\tCAPAIAN (%)\n"
        "1\tIndeks Kepuasan Masyarakat\t80\t82\t84\t102,44\n"
    )
    (ds,) = recognise_text(content).datasets
    assert ds.kind == "capaian"


def test_header_only_table_has_an_empty_frame_with_the_usual_columns():
    content = "Tabel 1 Perjanjian Kinerja\n\nNO\tINDIKATOR\tTARGET\n\nParagraf.\n"
    (ds,) = recognise_text(content).datasets
    assert ds.kind == "pk"
    assert ds.frame.empty
    assert {"row", "line", "key", "parent", "role", "level", "label", "target"} <= set(
        ds.frame.columns
    )


# --- names across tables -------------------------------------------------------------------


def _keys(ds: Dataset, column: str = "indikator") -> list[str]:
    return ds.frame[f"{column}__key"].tolist()


def test_indicator_names_match_across_tables_despite_spelling():
    recognition = recognised(AGREEMENT)
    capaian, iku, pk = (dataset(recognition, t) for t in ("3.1", "T2", "T3"))
    # "Penerima" / "Penerimaan", case, "Dan" / "dan"
    assert _keys(capaian)[0] == _keys(iku)[0] == _keys(pk)[0]
    # "ber akreditasi" / "BERAKREDITASI"
    assert _keys(capaian)[1] == _keys(pk)[1]
    # "Persentase" / "%"
    assert _keys(capaian)[2] == _keys(pk)[2]
    # ... and the sasaran names too
    assert _keys(capaian, "sasaran") == _keys(pk, "sasaran")
    # Different indicators keep different keys.
    assert len(set(_keys(capaian))) == 3


def test_program_names_match_across_documents():
    agreement = dataset(recognised(AGREEMENT), "T4").frame
    programs = dataset(recognised(MARKDOWN), "2.3").frame
    assert agreement["program"].iloc[0].endswith("Kab/ Kota")
    assert programs["program"].iloc[0].endswith("Kabupaten/Kota")
    assert agreement["program__key"].iloc[0] == programs["program__key"].iloc[0]


def test_distinct_indicators_do_not_collapse_to_one_key():
    achievement = dataset(recognised(ACHIEVEMENT), "III.4")
    assert len(set(_keys(achievement))) == len(achievement.frame)
    education = dataset(recognised(EDUCATION), "3.2")
    assert len(set(_keys(education))) == len(education.frame)
    assert name_key("Angka Kematian Ibu") != name_key("Angka Kematian Bayi")


def test_summary_names_match_the_multi_year_table():
    recognition = recognised(EDUCATION)
    summary, multi = dataset(recognition, "T4"), dataset(recognition, "3.2")
    assert set(_keys(summary)) <= set(_keys(multi))


# --- the bundled sample report -------------------------------------------------------------

SAMPLE_KINDS = [
    ("T1", "daftar_isi"),  # table of contents, by the shape of its rows
    ("T2", "daftar_isi"),
    ("T3", "daftar_isi"),
    ("2.2.1", "pk"),
    ("2.2.2", "iku"),
    ("2.2.3", "program_anggaran"),
    ("3.1.1", "skala"),
    ("3.1.2", "capaian"),
    ("3.1.3", "capaian"),
    ("3.1.4", "capaian"),
    ("3.2.1", "realisasi_multitahun"),
    ("3.2.2", "realisasi_multitahun"),
    ("3.3.1", "capaian_renstra"),
    ("3.3.2", "capaian_renstra"),
    ("3.5.1", "efisiensi"),
    ("3.6.1", "kinerja_program"),
    ("3.7.1", "realisasi_anggaran"),
    ("T18", "ringkasan_capaian"),  # closing summary, no caption
    ("T19", "pk"),  # PK Perubahan attachment, no caption
    ("T20", "pk_anggaran"),  # its programme budgets, before/after revision
    ("3", "definisi_indikator"),  # "Tabel 3" with its title on the following lines
]


def test_sample_table_kinds_in_order():
    assert [(d.id, d.kind) for d in sample().datasets] == SAMPLE_KINDS


def test_sample_document_convention_is_indonesian():
    assert sample().convention == "id"


def test_sample_budget_realisation_hierarchy_counts():
    ds = dataset(sample(), "3.7.1")
    assert Counter(ds.frame["level"].dropna()) == {
        "urusan": 2,
        "program": 11,
        "kegiatan": 24,
        "sub_kegiatan": 38,
    }
    assert Counter(ds.frame["role"]) == {"section": 2, "item": 73, "total": 1}
    assert total(ds)["label"] == "TOTAL ANGGARAN"
    assert total(ds)["anggaran"] == D("31294422433")
    assert [c.name for c in ds.columns] == ["no", "uraian", "anggaran", "realisasi", "penyerapan"]


def test_sample_budget_keys_restart_under_each_section():
    ds = dataset(sample(), "3.7.1")
    b23 = row(ds, "B.2.3")
    assert b23["parent"] == "B.2"
    assert b23["realisasi__raw"] == "6.101.700"
    assert b23["line"] == 623
    assert row(ds, "A.2.1.2")["parent"] == "A.2.1"  # 2.1.1 is not printed
    assert row(ds, "A.4.1.2")["parent"] == "A.4.1"
    assert row(ds, "B.1")["parent"] == "B"


def test_sample_wrapped_row_is_joined():
    ds = dataset(sample(), "3.7.1")
    wrapped = row(ds, "A.1.6")
    assert wrapped["uraian"] == "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah"
    assert wrapped["line"] == 581
    assert row(ds, "A.1.6.1")["line"] == 584
    assert not (ds.frame["label"] == "Daerah").any()


def test_sample_ambiguous_percentage_is_reported():
    ds = dataset(sample(), "3.1.4")
    (problem,) = [p for p in ds.problems if p.problem == "ambiguous_separator"]
    assert (problem.raw, problem.column, problem.row, problem.location.line) == (
        "9.403%",
        "capaian",
        2,
        385,
    )
    parsed = ds.frame.iloc[1]["capaian__parsed"]
    assert {r.value for r in parsed.readings} == {D("9403"), D("9.403")}


def test_sample_multi_year_columns():
    ds = dataset(sample(), "3.2.1")
    columns = [(c.name, c.year) for c in ds.columns if c.name.startswith("realisasi")]
    assert columns == [("realisasi_2021", 2021), ("realisasi_2022", 2022), ("realisasi", 2023)]
    first = ds.frame.iloc[0]
    assert first["realisasi_2021"] == D("58.99")
    assert first["realisasi_2022"] is None and first["realisasi_2022__raw"] == "N/A"
    assert first["realisasi"] is None and first["realisasi__raw"] == ""
    assert ds.frame["realisasi"].tolist()[-2:] == [D("100"), D("100")]


def test_sample_efficiency_and_summary_columns():
    efisiensi = dataset(sample(), "3.5.1")
    assert [c.name for c in efisiensi.columns][4:] == [
        "target",
        "realisasi",
        "capaian",
        "anggaran",
        "realisasi_anggaran",
        "penyerapan",
        "efisiensi",
    ]
    summary = dataset(sample(), "T18")
    first = summary.frame.iloc[0]
    assert first["sasaran"].startswith("Meningkatnya bantuan dan jaminan sosial")
    assert first["capaian"] == D("61.47")
    assert first["predikat"] == "Cukup Berhasil"


def test_sample_agreement_names_match_the_revised_agreement():
    recognition = sample()
    pk, revised, achievement = (dataset(recognition, t) for t in ("2.2.1", "T19", "3.1.3"))

    def key_of(ds: Dataset, fragment: str) -> str:
        (key,) = ds.frame.loc[
            ds.frame["indikator"].str.contains(fragment, case=False), "indikator__key"
        ]
        return key

    # "Penerima" (2.2.1) / "Penerimaan" (PK Perubahan)
    assert key_of(pk, "PPKS Penerima") == key_of(revised, "PPKS Penerima")
    # "ber Akreditasi" (3.1.3) / "Berakreditasi" (PK Perubahan)
    assert key_of(achievement, "Akreditasi") == key_of(revised, "Akreditasi")
    assert key_of(pk, "Taman Makam") == key_of(revised, "Taman Makam")


def test_numbering_restarting_without_sections_links_to_the_latest_parent():
    from auditor.recognise.hierarchy import build_hierarchy

    codes = ["", "1", "1.1", "", "1", "1.1"]
    labels = ["URUSAN SOSIAL", "Program a", "Kegiatan a", "URUSAN P3A", "Program b", "Kegiatan b"]
    positions = build_hierarchy(codes, labels)
    assert [p.key for p in positions] == [None, "1", "1.1", None, "1#2", "1.1#2"]
    assert positions[5].parent == "1#2"


def test_amounts_in_juta_are_not_exact():
    content = (
        "Tabel 5 Realisasi Anggaran (dalam juta rupiah)\n\n"
        "NO\tURAIAN\tPAGU\tREALISASI\n1\tProgram Contoh\t1.234,57\t1.000,00\n"
    )
    (ds,) = recognise_text(content).datasets
    assert ds.column("anggaran").exact is False
    whole = content.replace("(dalam juta rupiah)", "").replace("1.234,57", "1.234.567")
    (ds,) = recognise_text(whole).datasets
    assert ds.column("anggaran").exact is True


# --- tables of contents, by the shape of their rows -----------------------------------


def _kinds(text: str) -> list[str | None]:
    from auditor.model import Document

    document = Document("contents", "text", "", parse_text(text))
    return [d.kind for d in recognise(document).datasets]


CONTENTS_PART_1 = "A\tLatar Belakang\t1\nB\tMaksud dan Tujuan\t3\nC\tSistematika\t4\n"
CONTENTS_PART_2 = "A\tRencana Strategis\t7\nB\tPerjanjian Kinerja\t9\n"


def test_table_of_contents_after_daftar_isi_and_its_parts_after_chapter_headings():
    text = (
        f"DAFTAR ISI\n\nBAB I PENDAHULUAN\n\n{CONTENTS_PART_1}\n"
        f"BAB II PERENCANAAN\n\n{CONTENTS_PART_2}"
    )
    assert _kinds(text) == ["daftar_isi", "daftar_isi"]


def test_rising_numbers_without_daftar_isi_are_not_a_table_of_contents():
    # The same shape in the middle of a report: counts, maybe; never silently dropped.
    text = f"Jumlah penyuluh menurut bidang tugas sebagai berikut.\n\n{CONTENTS_PART_1}"
    assert _kinds(text) == [None]


def test_falling_page_numbers_are_not_a_table_of_contents():
    text = "DAFTAR ISI\n\nA\tLatar Belakang\t9\nB\tMaksud dan Tujuan\t3\n"
    assert _kinds(text) == [None]
