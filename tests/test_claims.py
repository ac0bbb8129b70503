"""Claims in the prose: counts, Rupiah amounts, predicates, and the narrative rules on them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from auditor.engine import audit
from auditor.ingest import read_document
from auditor.ingest.text import parse_text
from auditor.model import Document, Location, Paragraph
from auditor.recognise.claims import (
    claim_statistics,
    excerpt,
    extract_amounts,
    extract_claims,
    extract_counts,
    extract_predicates,
)
from auditor.recognise.profiles import load_profiles
from auditor.rules import load_rules

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "datasets" / "lkjip-sumenep-dinsos-p3a-2023.txt"
REPAIRED = ROOT / "datasets" / "lkjip-sumenep-dinsos-p3a-2023-repaired.txt"
BUDGET = Path(__file__).parent / "fixtures" / "tables" / "dinkes_contoh_2024_anggaran.txt"
PROFILES = load_profiles()
RULES = load_rules([], PROFILES)
NARRATIVE = ("LKJ702", "LKJ703", "LKJ704")


def para(text: str) -> Paragraph:
    return Paragraph(text, Location(line=1))


def counts(text: str) -> list[tuple[str, int, str, bool]]:
    return [(c.raw, c.count, c.level, c.whole) for c in extract_counts(para(text))]


# --- figures: what each number measures -------------------------------------------------


def figures(text: str) -> list[tuple[str, str | None]]:
    return [(c.raw, c.quantity) for c in extract_claims(para(text), "id")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # each number binds to the quantity of its own clause
            "Realisasi indikator Indeks Kepuasan Wisatawan sebesar 84,00 dengan target 80,00; "
            "capaian terhadap target sebesar 105,00%.",
            [("84,00", "realisasi"), ("80,00", "target"), ("105,00%", "capaian")],
        ),
        (  # a quantity word inside the indicator's name is no quantity
            "Capaian indikator Nilai Evaluasi Akuntabilitas sebesar 90,6% dengan realisasi "
            "60,66 nilai terhadap target 66,95 nilai.",
            [("90,6%", "capaian"), ("60,66", "realisasi"), ("66,95", "target")],
        ),
        (
            "Capaian indikator Persentase Realisasi Retribusi sebesar 100,46% dengan "
            "realisasi 100,00% terhadap target 99,54%.",
            [("100,46%", "capaian"), ("100,00%", "realisasi"), ("99,54%", "target")],
        ),
        (  # a capital after a number opens no name
            "Pada Tahun 2024 Target Indeks Kepuasan Peternak sebesar 80 dan realisasi 84.",
            [("80", "target"), ("84", "realisasi")],
        ),
        (  # a parenthesis is a clause of its own; the clause it interrupts goes on
            "Target (sesuai Renstra dan capaian 2023) tahun 2024 sebesar 80%, sedangkan "
            "realisasinya 84%.",
            [("80%", "target"), ("84%", "realisasi")],
        ),
        (  # no quantity word in the clause: not said
            "Indeks Kepuasan Wisatawan mencapai 84, dan sebesar 90% responden puas.",
            [("84", None), ("90%", None)],
        ),
        (  # against the end-of-plan target: a quantity of its own
            "Capaian terhadap target akhir Renstra sebesar 88,00% dan target akhir sebesar 95.",
            [("88,00%", "akhir"), ("95", "akhir")],
        ),
        (  # a formula's numbers, norms, limits and ranges are not values
            "Capaian dihitung dengan rumus 100% + ((target − realisasi) / target × 100%); "
            "realisasi / target x 100% atau realisasi dibagi target dikali 100 persen.",
            [],
        ),
        (
            "Capaian dibatasi paling tinggi 120%, batas minimal 80% dan rentang ideal 60–85% "
            "(target 60 - 85 persen), standar 90%, capaian s.d. 75%.",
            [],
        ),
    ],
)
def test_each_number_measures_the_quantity_of_its_clause(text, expected):
    assert figures(text) == expected


# --- counts ---------------------------------------------------------------------------


def test_counts_of_the_whole_year():
    text = (
        "Guna mewujudkan kinerja yang telah ditetapkan, maka Dinas Sosial Tahun Anggaran 2023 "
        "telah melaksanakan 11 program, 23 kegiatan dan 38 sub kegiatan, yang didukung oleh APBD."
    )
    assert counts(text) == [
        ("11", 11, "program", True),
        ("23", 23, "kegiatan", True),
        ("38", 38, "sub_kegiatan", True),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pada tahun 2024 dinas melaksanakan sebanyak 5 program.", [("5", 5, "program", True)]),
        (
            "Program yang mendukung sasaran terdiri atas **empat program** berikut:",
            [("empat", 4, "program", True)],
        ),
        (
            "Dinas melaksanakan 3 (tiga) Program dan 12 (dua belas) Subkegiatan.",
            [("3 (tiga)", 3, "program", True), ("12 (dua belas)", 12, "sub_kegiatan", True)],
        ),
        (
            "Tersedia dua puluh tiga kegiatan dan 40 sub-kegiatan.",
            [
                ("dua puluh tiga", 23, "kegiatan", True),
                ("40", 40, "sub_kegiatan", True),
            ],
        ),
    ],
)
def test_count_forms(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # one kegiatan's sub kegiatan, "sub." split by the sentence splitter
        "Adapun Kegiatan ini juga diampu oleh 2 (dua) sub. Kegiatan, yaitu sebagai berikut :",
        "Untuk kegiatan Rehabilitasi Sosial di Luar Panti terdiri dari 3 (tiga) sub kegiatan.",
        "Program Rehabilitasi Sosial terdiri atas 2 kegiatan dan 5 sub kegiatan.",
        "Bidang Pemberdayaan Sosial telah melaksanakan 4 kegiatan.",
        # one level, nothing about the whole year
        "Terdapat 3 kegiatan pada bidang ini.",
    ],
)
def test_counts_about_one_unit_are_not_about_the_whole_year(text):
    found = counts(text)
    assert found and not any(whole for *_, whole in found)


@pytest.mark.parametrize(
    "text",
    [
        "Pada Tahun Anggaran 2023 kegiatan pemeliharaan dilaksanakan.",  # a year
        "Sesuai Permendagri Nomor 90 program dan kegiatan diklasifikasikan.",  # a regulation
        "1 Program Penunjang Urusan Pemerintahan Daerah",  # a list number
        "Salah satu kegiatan yang menonjol adalah pelatihan.",
        "Dinas telah melaksanakan 3 program unggulan Bupati.",  # a subset
        "Dinas telah melaksanakan 5 sub kegiatan yang belum terealisasi penuh.",
        "Pada Tahun Anggaran 2024 sebanyak 3 kegiatan tidak dilaksanakan.",
        "Tahun Anggaran 2024 terdapat 3 kegiatan dengan realisasi di bawah 50%.",
    ],
)
def test_numbers_that_are_not_counts(text):
    assert counts(text) == []


# --- amounts --------------------------------------------------------------------------


def amounts(text: str) -> list[tuple[str, str | None, bool]]:
    return [(a.raw, a.quantity, a.total) for a in extract_amounts(para(text), "id")]


def test_amounts_of_the_whole_budget():
    assert amounts(
        "Realisasi anggaran Dinas Kesehatan Kabupaten Contoh Tahun Anggaran 2024 sebesar "
        "Rp 12.064.331.310 dari pagu Rp 13.650.000.000 atau 88,38%, dengan rincian per program."
    ) == [("Rp 12.064.331.310", "realisasi", True), ("Rp 13.650.000.000", "anggaran", True)]


def test_rp_abbreviation_does_not_end_the_sentence():
    found = extract_amounts(
        para("Dana Alokasi Khusus dengan total anggaran seluruhnya sebesar Rp. 31.294.422.433,00"),
        "id",
    )
    assert [(a.raw, a.quantity, a.total) for a in found] == [
        ("Rp. 31.294.422.433,00", "anggaran", True)
    ]
    assert found[0].number.value == Decimal("31294422433.00")


def test_scaled_amount():
    (claim,) = extract_amounts(para("Total anggaran tahun ini sebesar Rp 4,27 miliar."), "id")
    assert (claim.exponent, claim.number.value, claim.total) == (9, Decimal("4.27"), True)


@pytest.mark.parametrize(
    "text",
    [
        "Program Penyuluhan Pertanian dengan anggaran sebesar Rp 612.300.000 terealisasi.",
        "Total anggaran Rp 5.000.000.000, terdiri dari DAU sebesar Rp 3.000.000.000.",
        "Sisa anggaran sebesar Rp 1.585.668.690 berasal dari efisiensi.",
        "Bantuan sebesar Rp 300.000 per bulan diberikan kepada lansia.",
        "Anggaran sebesar Rp 300.000 per orang disediakan.",
    ],
)
def test_amounts_that_are_not_the_total(text):
    found = extract_amounts(para(text), "id")
    assert found
    assert not found[-1].total


# --- predicates -----------------------------------------------------------------------


def predicates(text: str) -> list[tuple[str, str]]:
    return [(p.raw, p.phrase) for p in extract_predicates(para(text), "id")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("adalah sebesar 61,47%. dengan predikat **“Cukup Berhasil”**.", ("61,47%", "Cukup")),
        ("adalah sebesar 100%, dengan predikat “**Sangat Berhasil**”. Hal ini", ("100%", "Sangat")),
        ("capaian 68,9%. Dengan predikat Baik, kinerja memadai.", ("68,9%", "Baik")),
        ("dengan kategori: Sangat Baik (capaian 96,5 persen).", ("96,5%", "Sangat")),
    ],
)
def test_predicate_with_its_percentage(text, expected):
    ((raw, phrase),) = predicates(text)
    assert (raw, phrase.split()[0]) == expected


def test_predicate_qualifies_the_achievement_not_the_realisation():
    (claim,) = extract_predicates(
        para("Capaian indikator 143,94% dengan realisasi 93,33% dengan predikat Sangat Berhasil."),
        "id",
    )
    assert (claim.raw, claim.quantity) == ("143,94%", "capaian")
    (claim,) = extract_predicates(para("Realisasi sebesar 93,33% dengan predikat Berhasil."), "id")
    assert claim.quantity == "realisasi"  # the achievement is not stated: not checked


def test_predicate_without_percentage_is_no_claim():
    assert predicates("Semua target dicapai dengan kategori Baik.") == []


# --- statistics and excerpts ------------------------------------------------------------


def test_claim_statistics_on_the_sample():
    stats = claim_statistics(read_document(SAMPLE), "id")
    assert stats["count"] == 5 and stats["count_whole"] == 3  # two single-kegiatan counts
    assert stats["amount"] == 1 and stats["amount_total"] == 1
    assert stats["predicate"] == 4
    assert stats["figure"] > 0


def test_claim_statistics_counts_unclear_subjects():
    text = (
        "Untuk kegiatan Pelatihan Kerja terdiri dari 3 (tiga) sub kegiatan.\n\n"
        "Program Penyuluhan dengan anggaran sebesar Rp 612.300.000 terealisasi.\n"
    )
    stats = claim_statistics(Document("x", "text", "", parse_text(text)), "id")
    assert (stats["count"], stats["count_whole"]) == (1, 0)
    assert (stats["amount"], stats["amount_total"]) == (1, 0)


def test_excerpt_keeps_the_claim_in_view():
    sentence = "awal " * 60 + "telah melaksanakan 23 kegiatan" + " akhir" * 60
    text = excerpt(sentence, sentence.index("23 kegiatan"))
    assert "23 kegiatan" in text and len(text) <= 166
    assert text.startswith("...") and text.endswith("...")
    assert excerpt("pendek", 0) == "pendek"


# --- the rules on the sample, the repaired sample and another agency's report -------------


def narrative(path: Path):
    result = audit(read_document(path), [r for r in RULES if r.code in NARRATIVE], PROFILES, RULES)
    return result


def test_sample_claimed_count_mismatch_and_nothing_else():
    result = narrative(SAMPLE)
    findings = [(f.rule.code, f.subject.column, f.reported, f.expected) for f in result.findings]
    assert findings == [("LKJ702", "kegiatan", "23", "24")]
    assert findings[0] and result.findings[0].subject.line == 308
    passed = sorted((o.rule.code, o.subject.column) for o in result.outcomes if o.passed)
    assert passed == [
        ("LKJ702", "program"),
        ("LKJ702", "sub_kegiatan"),
        ("LKJ703", "anggaran"),
        *[("LKJ704", "predikat")] * 4,
    ]


@pytest.mark.parametrize("path", [REPAIRED, BUDGET], ids=["repaired", "dinkes_contoh"])
def test_consistent_reports_pass(path):
    result = narrative(path)
    assert result.outcomes and not result.findings


TABLE = """
Tabel 3.9 Realisasi Anggaran Tahun 2024
| NO | PROGRAM/KEGIATAN | ANGGARAN (Rp) | REALISASI (Rp) | % |
|---|---|---|---|---|
| 1. | PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH | 900.000.000 | 850.000.000 | 94,44 |
| 1.1 | Administrasi Keuangan Perangkat Daerah | 900.000.000 | 850.000.000 | 94,44 |
| 2. | PROGRAM PENYELENGGARAAN PEMERINTAHAN | 500.000.000 | 480.000.000 | 96,00 |
| 2.1 | Penyelenggaraan Urusan Pemerintahan Umum | 500.000.000 | 480.000.000 | 96,00 |
| | JUMLAH | 1.400.000.000 | 1.330.000.000 | 95,00 |
"""


def outcomes(prose: str, code: str):
    document = Document("x", "text", "", parse_text(TABLE + "\n" + prose + "\n"))
    rules = [r for r in RULES if r.code == code]
    return audit(document, rules, PROFILES, RULES).outcomes


def test_claims_about_another_year_are_not_checked():
    assert not outcomes("Pada Tahun Anggaran 2022 dinas melaksanakan 5 program.", "LKJ702")
    assert not outcomes("Total anggaran Tahun 2022 sebesar Rp 1.200.000.000.", "LKJ703")
    assert [o.passed for o in outcomes("Tahun 2024 dinas melaksanakan 3 program.", "LKJ702")] == [
        False
    ]


def test_an_amount_equal_to_one_rows_budget_is_not_the_total():
    prose = "Anggaran sebesar Rp 500.000.000 digunakan untuk penyelenggaraan pemerintahan umum."
    assert not outcomes(prose, "LKJ703")
    assert [o.passed for o in outcomes("Anggaran sebesar Rp 1.500.000.000.", "LKJ703")] == [False]
