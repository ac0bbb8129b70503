"""Error localisation and diagnosis on small hand-made tables.

Each table is consistent except for one slip; the tests check that the slip is located at
its own cell with the value that fixes every rule it broke, that the slip is named, and
that a failure several cells explain equally well stays ambiguous.
"""

from __future__ import annotations

import pytest

from auditor.diagnose import edit_kind
from auditor.engine import audit
from auditor.ingest.text import parse_text
from auditor.model import Document
from auditor.recognise.profiles import load_profiles
from auditor.rules import load_rules

PROFILES = load_profiles()
RULES = load_rules([], PROFILES)

BUDGET = """Tabel 5 Realisasi Anggaran Program dan Kegiatan

NO\tURAIAN\tANGGARAN\tREALISASI\t%
1.\tPROGRAM PELAYANAN\t2.000.000\t1.800.000\t90,00
1.1\tKegiatan Pertama\t1.234.000\t1.110.600\t90,00
1.1.1\tSub Kegiatan Pertama\t1.234.000\t1.110.600\t90,00
1.2\tKegiatan Kedua\t766.000\t689.400\t90,00
1.2.1\tSub Kegiatan Kedua A\t500.000\t450.000\t90,00
1.2.2\tSub Kegiatan Kedua B\t266.000\t239.400\t90,00
"""


def findings(text: str):
    result = audit(Document("t", "text", "", parse_text(text)), RULES, PROFILES)
    return [f for f in result.findings if f.rule.severity == "error"]


def only(text: str):
    (finding,) = findings(text)
    return finding


def test_clean_table_has_no_error():
    assert findings(BUDGET) == []


def test_copied_realisation_is_located_with_a_neighbour_copy_diagnosis():
    # Kegiatan 1.2 repeats the realisation of 1.1; its own children and its program both fail.
    finding = only(BUDGET.replace("766.000\t689.400\t90,00", "766.000\t1.110.600\t90,00"))
    assert (finding.subject.row, finding.subject.column) == ("1.2", "realisasi")
    assert finding.status == "located"
    assert finding.expected == "689.400"
    assert finding.diagnosis.kind == "neighbour_copy"
    assert finding.diagnosis.suggested == "689.400"
    assert finding.diagnosis.confidence == "high"
    assert len(finding.explains) >= 1
    assert {(r.row, r.column) for r in finding.related} >= {
        ("1.2.1", "realisasi"),
        ("1", "realisasi"),
    }


def test_transposed_budget_is_located_by_its_sum_and_its_percentage():
    finding = only(BUDGET.replace("1.2\tKegiatan Kedua\t766.000", "1.2\tKegiatan Kedua\t676.000"))
    assert (finding.subject.row, finding.subject.column) == ("1.2", "anggaran")
    assert finding.expected == "766.000"
    assert finding.diagnosis.kind == "digit_transposition"
    assert finding.diagnosis.confidence == "high"


def test_a_percentage_computed_from_a_copied_value_is_listed_for_recomputing():
    # The % was computed from the wrong realisation, so it agrees with it: recompute it too.
    text = BUDGET.replace("766.000\t689.400\t90,00", "766.000\t1.110.600\t144,98")
    finding = only(text)
    assert (finding.subject.row, finding.subject.column) == ("1.2", "realisasi")
    assert ("1.2", "penyerapan") in {(r.row, r.column) for r in finding.recompute}


def test_a_lone_sum_failure_stays_ambiguous():
    text = """Tabel 2 Anggaran Program

NO\tPROGRAM\tANGGARAN
1\tProgram Satu\t600.000
2\tProgram Dua\t500.000
\tJumlah\t1.000.000
"""
    finding = only(text)
    assert finding.status == "ambiguous"
    rows = {(a.cell.row, a.suggested) for a in finding.alternatives}
    assert rows == {("1", "500.000"), ("2", "400.000"), ("3", "1.100.000")}


def test_miscomputed_achievement_is_located_on_the_achievement_with_its_value():
    text = """Tabel 3 Capaian Kinerja

NO\tINDIKATOR KINERJA\tTARGET\tREALISASI\tCAPAIAN
1\tIndeks Kepuasan Masyarakat\t80\t60\t0,75
"""
    finding = only(text)
    assert (finding.subject.column, finding.status) == ("capaian", "located")
    assert finding.expected == "75,00"
    assert finding.diagnosis.kind == "scale_slip"


@pytest.mark.parametrize(
    ("printed", "true", "kind"),
    [
        ("1234", "1243", "digit_transposition"),
        ("1234", "1235", "digit_substitution"),
        ("12345", "1235", "digit_insertion"),
        ("125", "1235", "digit_omission"),
        ("1234", "4321", None),
        ("1234", "1234", None),
    ],
)
def test_edit_kinds(printed, true, kind):
    assert edit_kind(printed, true) == kind


def test_one_figure_differing_in_several_places_is_one_finding_listing_them():
    text = """Tabel 3 Capaian Kinerja

NO\tINDIKATOR KINERJA\tTARGET\tREALISASI\tCAPAIAN
1\tIndeks Kepuasan Masyarakat\t80\t60\t75,00

Capaian Indeks Kepuasan Masyarakat adalah sebesar 80,00%.

NO\tINDIKATOR KINERJA UTAMA\tCAPAIAN KINERJA\tKATEGORI CAPAIAN
1\tIndeks Kepuasan Masyarakat\t80,00%\tBerhasil
"""
    conflicts = [f for f in findings(text) if f.conflict]
    assert len(conflicts) == 1
    places = conflicts[0].params["places_en"]
    assert "75,00" in places and places.count("80,00%") == 2


def test_a_section_carrying_the_grand_total_is_a_copied_value():
    text = """Tabel 8 Realisasi Anggaran

NO\tURAIAN\tANGGARAN\tREALISASI
A.\tURUSAN SATU\t1.500.000\t1.300.000
1.\tProgram Satu\t1.000.000\t900.000
B.\tURUSAN DUA\t500.000\t400.000
1.\tProgram Dua\t500.000\t400.000
\tTOTAL\t1.500.000\t1.300.000
"""
    located = {(f.subject.row, f.subject.column): f for f in findings(text)}
    finding = located[("A", "anggaran")]
    assert (finding.status, finding.expected) == ("located", "1.000.000")
    assert (finding.diagnosis.kind, finding.diagnosis.detail) == ("copied_value", "TOTAL")


def test_a_sign_flip_breaks_the_tie_of_a_lone_sum():
    text = """Tabel 8 Realisasi Anggaran

NO\tURAIAN\tANGGARAN\tREALISASI
1.\tProgram Satu\t1.000.000\t900.000
1.1\tKegiatan A\t600.000\t500.000
1.2\tKegiatan B\t400.000\t-400.000
"""
    finding = only(text)
    assert (finding.subject.row, finding.subject.column, finding.status) == (
        "1.2",
        "realisasi",
        "located",
    )
    assert (finding.diagnosis.kind, finding.diagnosis.suggested) == ("sign_flip", "400.000")


def test_an_ambiguous_separator_in_an_input_is_a_separator_slip():
    text = """Tabel 4 Capaian Kinerja

NO\tINDIKATOR KINERJA\tTARGET\tREALISASI\tCAPAIAN
1\tJumlah Penerima Bantuan Sosial\t1500\t1,447\t96,46
"""
    finding = only(text)
    assert (finding.subject.column, finding.status) == ("realisasi", "located")
    assert (finding.diagnosis.kind, finding.diagnosis.suggested) == ("separator", "1.447")


def _candidate_for(text: str, rule: str, row: str, column: str):
    """The localisation candidate for one cell of a failing rule (to test diagnosis alone)."""
    from auditor.checks.cells import AuditContext
    from auditor.localise import Candidate

    result = audit(Document("t", "text", "", parse_text(text)), RULES, PROFILES)
    outcome = next(o for o in result.outcomes if o.rule.code == rule and not o.passed)
    term = next(t for t in outcome.constraint.terms if (t.cell.row, t.cell.column) == (row, column))
    value = outcome.constraint.solve(term.key)
    return Candidate(term, value, [outcome]), AuditContext(result.recognition, result.rounding)


def test_last_years_figure_left_in_place_is_a_stale_value():
    from auditor.diagnose import diagnose

    text = """Tabel 3.1 Capaian Kinerja Tahun 2024

NO\tINDIKATOR KINERJA\tREALISASI 2023\tTARGET 2024\tREALISASI 2024\tCAPAIAN (%)
1\tIndeks Kepuasan Masyarakat\t70,50\t80\t70,50\t95,00
"""
    candidate, ctx = _candidate_for(text, "LKJ201", "1", "realisasi")
    diagnosis = diagnose(candidate, ctx)
    assert (diagnosis.kind, diagnosis.suggested, diagnosis.confidence) == (
        "stale_value",
        "76,00",
        "medium",
    )


def test_two_swapped_columns_are_a_column_swap():
    from auditor.diagnose import diagnose

    text = """Tabel 8 Realisasi Anggaran

NO\tURAIAN\tANGGARAN\tREALISASI\t%
1.\tProgram Satu\t1.000.000\t860.000\t86,00
1.1\tKegiatan A\t600.000\t500.000\t83,33
1.2\tKegiatan B\t360.000\t400.000\t90,00
"""
    candidate, ctx = _candidate_for(text, "LKJ101", "1.2", "anggaran")
    diagnosis = diagnose(candidate, ctx)
    assert (diagnosis.kind, diagnosis.detail, diagnosis.suggested) == (
        "column_swap",
        "realisasi",
        "400.000",
    )


CAPAIAN_AND_PK = """Tabel 3.1 Capaian Kinerja

NO\tINDIKATOR KINERJA\tTARGET\tREALISASI\tCAPAIAN (%)
1\tPersentase Kapal Berizin\t80,00\t72,00\t90,00
2\tProduksi Ikan Tangkap\t1.200\t1.260\t105,00

Tabel 3.9 Perjanjian Kinerja

NO\tSASARAN\tINDIKATOR KINERJA\tTARGET
1\tMeningkatnya kepatuhan\tPersentase Kapal Berizin\t{pk}
2\tMeningkatnya produksi\tProduksi Ikan Tangkap\t1.200
"""


def test_a_pk_target_that_the_capaian_tables_own_arithmetic_contradicts_is_the_wrong_one():
    # The capaian table's target agrees with its own realisation and achievement (72/80 =
    # 90 %): the PK's 85,00 is the figure that stands out, not the capaian table's.
    finding = only(CAPAIAN_AND_PK.format(pk="85,00"))
    assert (finding.subject.table, finding.subject.column) == ("3.9", "target")
    assert (finding.reported, finding.expected) == ("85,00", "80,00")


def test_the_place_every_other_place_contradicts_is_the_subject_of_a_conflict():
    text = CAPAIAN_AND_PK.format(pk="85,00") + (
        "\nTarget Persentase Kapal Berizin tahun ini sebesar 80,00%.\n"
    )
    (finding,) = [f for f in findings(text) if f.conflict]
    assert finding.subject.table == "3.9" and finding.params["count"] == "3"


def test_a_tie_between_two_tables_is_settled_by_the_row_whose_achievement_it_breaks():
    text = """Tabel 3.1 Capaian Kinerja

NO\tINDIKATOR KINERJA\tTARGET\tREALISASI\tCAPAIAN (%)
1\tIndeks Kualitas Air\t60,00\t63,00\t105,00
2\tPersentase Sampah Tertangani\t80,00\t27,00\t90,00

Tabel 3.3 Perbandingan Capaian dengan Provinsi dan Nasional

INDIKATOR KINERJA\tSATUAN\tCAPAIAN FISIK KAB. LOREMA\tPROVINSI\tNASIONAL
Indeks Kualitas Air\tindeks\t63,00\t61,20\t59,80
Persentase Sampah Tertangani\t%\t72,00\t70,10\t65,40
"""
    finding = only(text)
    assert (finding.subject.table, finding.subject.column) == ("3.1", "realisasi")
    assert finding.status == "located" and finding.expected == "72,00"
    assert set(finding.explains) == {"LKJ201", "LKJ402"}


def test_a_transposed_amount_behind_a_four_decimal_efficiency_is_located():
    # The amount a four-decimal percentage implies spans too many whole Rupiah to list;
    # the one-edit variants of the printed amount are tried instead.
    text = """Tabel 4.2 Efisiensi Penggunaan Sumber Daya

PROGRAM\tPAGU (Rp)\tREALISASI (Rp)\tEFISIENSI (%)
Program Pelayanan Perizinan\t1,020,761,000\t829,067,360\t18.7723
Program Penanaman Modal\t2,400,000,000\t2,160,000,000\t10.0000
Program Penunjang Urusan\t900,000,000\t855,000,000\t5.0000
"""
    finding = only(text)
    assert (finding.subject.row, finding.subject.column) == ("1", "anggaran")
    assert (finding.diagnosis.kind, finding.diagnosis.suggested) == (
        "digit_transposition",
        "1,020,671,000",
    )
