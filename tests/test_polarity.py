"""Polarity and achievement formula read from the report's own declarations
(auditor/recognise/polarity.py), and the ratio check's judgement on them (issue 15)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from auditor.arith import Interval
from auditor.checks import ratio
from auditor.engine import audit
from auditor.formulas import Formula
from auditor.ingest import read_document
from auditor.ingest.text import parse_text
from auditor.model import Document
from auditor.numbers import Reading
from auditor.recognise.achieved import achieved_claims
from auditor.recognise.polarity import (
    Declarations,
    Evidence,
    Polarity,
    formula_in,
    name_hint,
    polarity_word,
    rank,
    read_declarations,
)
from auditor.recognise.profiles import load_profiles
from auditor.recognise.tables import recognise
from auditor.rules import load_rules
from auditor.schema.params import RatioParams

SHAPES = Path(__file__).parent / "fixtures" / "shapes"
ACHIEVEMENT = ("capaian", "efisiensi", "kinerja_program")


def document(text: str) -> Document:
    return Document(path="test.txt", format="text", sha256="", blocks=parse_text(text))


def declarations(text: str) -> tuple[Declarations, list]:
    recognition = recognise(document(text))
    capaian = [d for d in recognition.datasets if d.kind == "capaian"]
    return read_declarations(recognition, ACHIEVEMENT), capaian


TABLE = """
| NO | INDIKATOR KINERJA | TARGET | REALISASI | CAPAIAN (%) |
|---|---|---|---|---|
| 1 | Prevalensi Stunting pada Balita | 20,00 | 16,00 | 125,00 |
| 2 | Angka Kesakitan Diare | 10,00 | 8,00 | 120,00 |
| 3 | Indeks Kepuasan Masyarakat | 80,00 | 84,00 | 105,00 |
"""


# --- reading the words of a declaration ---------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "polarity"),
    [
        ("Positif", Polarity.POSITIVE),
        ("MAKS", Polarity.POSITIVE),
        ("Maksimal", Polarity.POSITIVE),
        ("↑", Polarity.POSITIVE),
        ("(+)", Polarity.POSITIVE),
        ("naik", Polarity.POSITIVE),
        ("Negatif", Polarity.NEGATIVE),
        ("Min", Polarity.NEGATIVE),
        ("Minimal", Polarity.NEGATIVE),
        ("↓", Polarity.NEGATIVE),
        ("(-)", Polarity.NEGATIVE),
        ("turun", Polarity.NEGATIVE),
        ("semakin rendah semakin baik", Polarity.NEGATIVE),
        ("-", None),  # a dash is an empty cell, not a polarity
        ("Persen", None),
    ],
)
def test_polarity_words(cell: str, polarity: Polarity | None) -> None:
    assert polarity_word(cell) == polarity


@pytest.mark.parametrize(
    ("text", "formula"),
    [
        ("T/R × 100", Formula.NEGATIVE_INVERSE),
        ("Target / Realisasi x 100%", Formula.NEGATIVE_INVERSE),
        ("(2 × target − realisasi) / target × 100", Formula.NEGATIVE_DIFFERENCE),
        ("(2T - R)/T x 100", Formula.NEGATIVE_DIFFERENCE),
        ("100 + (T − R)/T × 100", Formula.NEGATIVE_DIFFERENCE),
        ("100% + ((target − realisasi) / target × 100%)", Formula.NEGATIVE_DIFFERENCE),
        ("Realisasi / Target × 100", Formula.POSITIVE),
        ("R/T x 100", Formula.POSITIVE),
        ("= PSKS akreditasi / total jumlah PSKS", None),  # the indicator's own definition
        ("Jumlah desa mandiri / jumlah desa × 100", None),
    ],
)
def test_formula_texts(text: str, formula: Formula | None) -> None:
    assert formula_in(text) == formula


@pytest.mark.parametrize(
    ("text", "expected"),
    [("BB", (0, 4)), ("AA", (0, 6)), ("WTP", (1, 3)), ("Wajar Dengan Pengecualian", (1, 2))],
)
def test_ranks_of_predicates_and_opinions(text: str, expected: tuple[int, int]) -> None:
    assert rank(text) == expected
    assert rank("Baik") is None


def test_a_name_hint_is_overruled_by_words_of_handling() -> None:
    negative = [re.compile(r"\bkasus\b", re.I)]
    positive = [re.compile(r"\b(?:ter|di)tangani\b", re.I)]
    hint = name_hint("Jumlah Kasus Kekerasan terhadap Anak", negative, positive)
    assert hint is not None and hint.evidence == Evidence.NAME and not hint.declared
    assert name_hint("Persentase Kasus Gawat Darurat yang Tertangani", negative, positive) is None


# --- reading the report's declarations ----------------------------------------------------


def test_prose_list_binds_named_indicators_and_states_the_report_formula() -> None:
    found, (capaian,) = declarations(
        "Indikator yang semakin rendah semakin baik, yaitu Prevalensi Stunting pada Balita "
        "dan Angka Kesakitan Diare, dihitung dengan rumus T/R × 100.\n" + TABLE
    )
    stunting, diare, ikm = (found.of(capaian, i) for i in range(3))
    assert stunting is not None and diare is not None and ikm is None
    assert stunting.evidence == Evidence.PROSE and stunting.line == 1
    assert (stunting.polarity, stunting.formula) == (Polarity.NEGATIVE, Formula.NEGATIVE_INVERSE)
    assert found.negative_formula is not None
    assert found.negative_formula.formula == Formula.NEGATIVE_INVERSE


def test_a_formula_for_all_negative_indicators_binds_no_name() -> None:
    found, _ = declarations(
        "Capaian indikator negatif dihitung dengan rumus (2 × target − realisasi) / target × "
        "100.\n" + TABLE
    )
    assert found.named == []
    assert found.negative_formula is not None
    assert found.negative_formula.formula == Formula.NEGATIVE_DIFFERENCE


def test_polaritas_column_declares_its_own_row() -> None:
    found, (capaian,) = declarations(
        """
| NO | INDIKATOR | POLARITAS | TARGET | REALISASI | CAPAIAN |
|---|---|---|---|---|---|
| 1 | Angka Kesakitan Diare | Min | 10,00 | 8,00 | 120,00 |
| 2 | Indeks Kepuasan Masyarakat | Maks | 80,00 | 84,00 | 105,00 |
"""
    )
    first, second = found.of(capaian, 0), found.of(capaian, 1)
    assert first is not None and first.evidence == Evidence.COLUMN
    assert first.polarity == Polarity.NEGATIVE and first.table == capaian.id
    assert second is not None and second.polarity == Polarity.POSITIVE


def test_definitions_table_declares_by_name() -> None:
    found, (capaian,) = declarations(
        """
Tabel 2.1 Definisi Operasional Indikator
| NO | INDIKATOR | RUMUS CAPAIAN | SUMBER DATA |
|---|---|---|---|
| 1 | Angka Kesakitan Diare | Target / Realisasi × 100 | Dinkes |
"""
        + TABLE
    )
    diare = found.of(capaian, 1)
    assert diare is not None and diare.evidence == Evidence.TABLE
    assert diare.formula == Formula.NEGATIVE_INVERSE


def test_cap_declared_in_prose_or_seen_in_the_rows() -> None:
    found, _ = declarations("Capaian indikator dibatasi paling tinggi 120%.\n" + TABLE)
    assert found.cap == Decimal(120) and found.cap_line == 1
    seen, _ = declarations(
        """
| NO | INDIKATOR | TARGET | REALISASI | CAPAIAN |
|---|---|---|---|---|
| 1 | Persentase Koperasi Aktif | 60,00 | 70,00 | 100,00 |
| 2 | Jumlah Wirausaha Baru | 50 | 60 | 100,00 |
| 3 | Persentase Pasar Tertib | 80,00 | 72,00 | 90,00 |
"""
    )
    assert seen.cap == Decimal(100) and seen.cap_line is None
    none, _ = declarations(TABLE)
    assert none.cap is None


def test_an_achievement_table_with_a_polaritas_column_is_not_a_definitions_table() -> None:
    recognition = recognise(
        document(
            """
| INDIKATOR KINERJA | POLARITAS | RENCANA | CAPAIAN FISIK | CAPAIAN (%) |
|---|---|---|---|---|
| Indeks Kualitas Air | (+) | 60,00 | 63,00 | 105,00 |
"""
        )
    )
    assert [d.kind for d in recognition.datasets] != ["definisi_indikator"]


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("Dari 8 indikator kinerja, 6 indikator telah mencapai target.", [(6, 8)]),
        ("Sebanyak 5 (lima) dari 7 indikator sasaran tercapai.", [(5, 7)]),
        ("Dari 12 indikator, terdapat 10 indikator yang tercapai.", [(10, 12)]),
        ("Terdapat 3 dari 5 program yang selesai.", []),
    ],
)
def test_achieved_counts_in_the_prose(text: str, counts: list[tuple[int, int]]) -> None:
    claims = achieved_claims(document(text))
    assert [(c.achieved, c.total) for c in claims] == counts


# --- the judgement -------------------------------------------------------------------------


def params(verdict: str = "misfit") -> RatioParams:
    return RatioParams(
        value="capaian",
        numerator="realisasi",
        denominator="target",
        formulas=[Formula.POSITIVE, Formula.NEGATIVE_DIFFERENCE, Formula.NEGATIVE_INVERSE],
        polarity=True,
        negative_names=[re.compile("kematian", re.I)],
        verdict=verdict,  # type: ignore[arg-type]
    )


def judged(label: str, printed: str, verdict: str) -> str | None:
    value = [Reading(Decimal(printed), 2, None)]
    fit = ratio.judge(
        params(verdict),
        label,
        value,
        Interval.point(Decimal(90)),
        Interval.point(Decimal(100)),
        "round",
    )
    return None if fit is None else fit.verdict


@pytest.mark.parametrize(
    ("label", "printed", "verdict"),
    [
        ("Indeks Kepuasan", "90.00", "pass"),
        ("Indeks Kepuasan", "110.00", "undeclared_formula"),  # nothing declared: a warning
        ("Angka Kematian Ibu", "110.00", "pass"),
        ("Angka Kematian Ibu", "90.00", "undeclared_formula"),  # the name only: a warning
        ("Angka Kematian Ibu", "111.11", "pass"),  # T/R is another negative formula
        ("Angka Kematian Ibu", "95.00", "misfit"),  # no formula at all: an error
    ],
)
def test_judgement_without_declarations(label: str, printed: str, verdict: str) -> None:
    assert judged(label, printed, "misfit") == verdict


def test_target_zero_is_not_computable() -> None:
    value = [Reading(Decimal(0), 2, None)]
    zero, r = Interval.point(Decimal(0)), Interval.point(Decimal(3))
    assert ratio.judge(params(), "Jumlah Korban", value, r, zero, "round") is None
    fit = ratio.judge(params("not_computable"), "Jumlah Korban", value, r, zero, "round")
    assert fit is not None and fit.verdict == "not_computable" and not fit.passed


# --- whole reports ---------------------------------------------------------------------------


def findings_of(text: str) -> list[tuple[str, str, str]]:
    profiles = load_profiles()
    result = audit(document(text), load_rules([], profiles), profiles)
    return [(o.rule.code, str(o.rule.severity), o.subject.row or "") for o in result.findings]


def test_declared_positive_computed_negatively_is_an_error_naming_the_source() -> None:
    profiles = load_profiles()
    text = """
| NO | INDIKATOR | POLARITAS | TARGET | REALISASI | CAPAIAN |
|---|---|---|---|---|---|
| 1 | Persentase Puskesmas Terakreditasi | Positif | 80,00 | 60,00 | 125,00 |
"""
    result = audit(document(text), load_rules([], profiles), profiles)
    (finding,) = [f for f in result.findings if f.rule.code == "LKJ206"]
    assert str(finding.rule.severity) == "error"
    message = finding.message("id")
    assert "dinyatakan positif" in message and "kolom Polaritas" in message
    assert "(2 × 80,00 − 60,00) / 80,00 × 100" in message


def test_report_formula_holds_name_hinted_negative_rows() -> None:
    found = findings_of(
        "Capaian indikator negatif dihitung dengan rumus T/R × 100.\n"
        """
| NO | INDIKATOR KINERJA | TARGET | REALISASI | CAPAIAN (%) |
|---|---|---|---|---|
| 1 | Angka Kematian Bayi | 20,00 | 16,00 | 120,00 |
| 2 | Angka Kematian Ibu | 20,00 | 16,00 | 125,00 |
"""
    )
    assert ("LKJ206", "error", "1") in found
    assert not [f for f in found if f[2] == "2"]


def test_name_hint_alone_never_gives_an_error() -> None:
    found = findings_of(
        """
| NO | INDIKATOR KINERJA | TARGET | REALISASI | CAPAIAN (%) |
|---|---|---|---|---|
| 1 | Persentase Kasus Gawat Darurat yang Tertangani | 90,00 | 81,00 | 90,00 |
| 2 | Angka Kematian Ibu | 100,00 | 90,00 | 90,00 |
"""
    )
    assert [f for f in found if f[0].startswith("LKJ20")] == [("LKJ202", "warning", "2")]


POLARITY_SHAPES = sorted(SHAPES.glob("polarity_*.txt"))


@pytest.mark.parametrize("path", POLARITY_SHAPES, ids=[p.stem for p in POLARITY_SHAPES])
def test_polarity_fixtures(path: Path) -> None:
    """This helper's hand-written reports: expected table kinds and every error and
    warning (the shapes test reads the same files)."""
    expect = yaml.safe_load(path.with_suffix(".expect.yaml").read_text(encoding="utf-8"))
    profiles = load_profiles()
    result = audit(read_document(path), load_rules([], profiles), profiles)
    kinds = [{"kind": d.kind} for d in result.recognition.datasets]
    assert kinds == expect["tables"]
    got = sorted(
        (f.rule.code, f.subject.row or "", f.subject.column or "")
        for f in result.findings
        if str(f.rule.severity) in ("error", "warning")
    )
    want = sorted((f["code"], str(f["row"]), f["column"]) for f in expect["findings"])
    assert got == want
