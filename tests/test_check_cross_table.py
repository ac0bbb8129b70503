"""Cross-table and required-value checks: name matching, intervals, and the sample's verdicts."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pytest

from auditor.arith import Interval
from auditor.checks.cells import AuditContext, report_year, resolve_column
from auditor.checks.cross_table import conventions, overlaps
from auditor.engine import AuditResult, audit
from auditor.ingest import read_document
from auditor.recognise.names import EXACT_KEY, name_key, pair, similarity
from auditor.recognise.profiles import load_profiles
from auditor.recognise.tables import recognise
from auditor.resources import sample_report
from auditor.rules import load_rules, select_rules

D = Decimal
THRESHOLD = 0.85


def key(text: str) -> str:
    return name_key(text)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Persentase PPKS penerima bantuan dan jaminan social terhadap total jumlah PPKS",
            "Persentase PPKS Penerima Bantuan dan Jaminan Sosial terhadap Total Jumlah PPKS",
        ),
        (
            "Persentase PSKS Berakreditasi terhadap Total Jumlah PSKS",
            "Persentase PSKS yang ber Akreditasi terhadap Total Jumlah PSKS",
        ),
        (
            "Sasaran 3 : Meningkatnya Bantuan dan Jaminan Sosial bagi PPKS",
            "Meningkatnya bantuan dan jaminan sosial bagi Pemerlu Pelayanan Kesejahteraan Sosial "
            "(PPKS)",
        ),
        (
            "Meningkatnya Jumlah PSKS yang berakreditasi",
            "Meningkatnya jumlah Potensi dan Sumber Kesejahteraan Sosial (PSKS) yang ber "
            "akreditasi",
        ),
        ("Pemberdayaan Sosial", "Program Pemberdayaan Sosial"),
    ],
)
def test_same_thing_matches(a: str, b: str) -> None:
    assert similarity(key(a), key(b)) >= THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Indeks Pembangunan Gender", "Indeks Pemberdayaan Gender"),
        (
            "Persentase PPKS yang meningkat kemampuannya dalam memenuhi kebutuhan dasar minimal",
            "Persentase PSKS yang meningkat kemampuannya dalam memenuhi kebutuhan dasar minimal",
        ),
        (
            "Persentase Anak Korban Kekerasan yang Tertangani",
            "Persentase Perempuan Korban Kekerasan yang Tertangani",
        ),
        ("Program Perlindungan Perempuan", "Program Perlindungan Khusus Anak"),
    ],
)
def test_different_things_do_not_match(a: str, b: str) -> None:
    assert similarity(key(a), key(b)) < THRESHOLD


def test_pair_is_one_to_one_and_prefers_exact_keys() -> None:
    left = [["indeks perlindung anak"], ["indeks perlindung anak"]]
    right = [["indeks perlindung anak kabupaten"], ["indeks perlindung anak"]]
    assert similarity(left[0][0], right[1][0]) == EXACT_KEY
    matches = pair(left, right, THRESHOLD)
    assert matches == {0: 1, 1: 0}
    assert len(set(matches.values())) == len(matches)


def test_touching_intervals_do_not_overlap_but_points_inside_do() -> None:
    assert not overlaps(Interval(D(65), D(66)), Interval(D(66), D(67)))
    assert overlaps(Interval(D("62.455"), D("62.465")), Interval(D("62.45"), D("62.55")))
    assert overlaps(Interval.point(D(48)), Interval(D(48), D(48)))
    assert overlaps(Interval.point(D(65)), Interval(D(65), D(66)))
    assert conventions("either") == ("round", "truncate")


@cache
def sample() -> AuditResult:
    profiles = load_profiles()
    rules = select_rules(load_rules([], profiles), ["LKJ4", "LKJ31"], [])
    return audit(read_document(sample_report()), rules, profiles)


def findings(code: str) -> list[tuple[str, str, str | None, str, str]]:
    return [
        (f.subject.table, f.subject.row, f.subject.column, f.reported or "", f.status)
        for f in sample().findings
        if f.rule.code == code
    ]


def test_report_year_and_year_columns_of_the_sample() -> None:
    recognition = recognise(read_document(sample_report()))
    assert report_year(AuditContext(recognition, "either")) == 2023
    multi = next(d for d in recognition.datasets if d.kind == "realisasi_multitahun")
    assert multi.column(resolve_column(multi, "realisasi", 2023) or "").year == 2023
    assert resolve_column(multi, "realisasi", 2020) is None


def test_sample_targets_differ_from_the_pk_in_the_efficiency_table() -> None:
    assert findings("LKJ401") == [
        ("3.5.1", "1", "target", "100", "located"),
        ("3.5.1", "2", "target", "61,00", "located"),
        ("3.5.1", "3", "target", "0,90 %", "located"),
        ("3.5.1", "4", "target", "67,00 %", "located"),
    ]


def test_sample_realisation_disagreements_are_ambiguous_stale_majorities() -> None:
    # The majority (7,21 and 93,33) equals the multi-year table's 2022 value.
    assert findings("LKJ402") == [
        ("3.1.2", "1", "realisasi", "0,61", "ambiguous"),
        ("3.5.1", "4", "realisasi", "96,44%", "ambiguous"),
    ]


def test_sample_program_budgets_agree_and_sasaran_budgets_do_not() -> None:
    assert findings("LKJ403") == []
    assert sorted(row for _, row, *_ in findings("LKJ404")) == ["1", "2", "3", "4", "5", "6"]


def test_sample_missing_values_explained_only_for_the_unreleased_index() -> None:
    explained = {f.subject.label for f in sample().findings if f.rule.code == "LKJ312"}
    assert explained == {"Indeks Perlindungan Anak"}
    assert ("3.2.1", "2", "realisasi", "", "located") in findings("LKJ311")
