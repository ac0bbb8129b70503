"""Units of measure and money: read from caption notes, headers and Satuan columns; amounts
compared in whole Rupiah within the rounding of the coarser unit (issue 15, item 3)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from auditor.engine import audit, load_rule_set
from auditor.ingest.text import parse_text
from auditor.model import Document
from auditor.recognise.tables import recognise
from auditor.recognise.units import money_exponent, table_exponent, unit_key, with_unit

SHAPES = Path(__file__).parent / "fixtures" / "shapes"
RULE_SET = load_rule_set((), "", "")


def _audit(text: str):
    profiles, every_rule, rules = RULE_SET
    document = Document(path="units.txt", format="text", sha256="", blocks=parse_text(text))
    return audit(document, rules, profiles, every_rule)


def _found(text: str) -> list[tuple[str, str, str | None, str | None]]:
    return sorted(
        (f.rule.code, str(f.rule.severity), f.subject.row, f.subject.column)
        for f in _audit(text).findings
        if f.rule.severity != "info"
    )


@pytest.mark.parametrize(
    ("text", "exponent"),
    [
        ("(dalam ribuan rupiah)", 3),
        ("(Rp 000)", 3),
        ("Rp. 000,-", 3),
        ("(Rp 1.000)", 3),
        ("Satuan: Rp juta", 6),
        ("dalam jutaan rupiah", 6),
        ("(Rp miliar)", 9),
        ("(dalam Rupiah)", 0),
        ("Satuan: Rupiah", 0),
        ("Tabel 3 Anggaran Rp 31 miliar untuk 4 program", None),  # an amount, not a unit
        ("Realisasi Anggaran Tahun 2023", None),
    ],
)
def test_unit_notes(text, exponent):
    assert table_exponent([text]) == exponent


@pytest.mark.parametrize(
    ("header", "exponent"),
    [("Anggaran (Rp 000)", 3), ("Pagu (juta)", 6), ("REALISASI (Rp)", 0), ("PAGU", None)],
)
def test_header_units(header, exponent):
    assert money_exponent(header, header=True) == exponent


def test_satuan_by_meaning():
    assert unit_key("%") == unit_key("persen") == unit_key("Persentase")
    assert unit_key("orang") == unit_key("Jiwa")
    assert unit_key("per 1.000 penduduk") != unit_key("per 100.000 penduduk")
    assert unit_key("per 1000 kelahiran hidup") == unit_key("per 1.000 KH")
    assert unit_key("Dokumen") is None  # not a unit this module knows: nothing concluded


def test_note_between_caption_and_table_is_the_column_unit():
    text = (SHAPES / "units_thousands_clean.txt").read_text()
    recognition = recognise(
        Document(path="x", format="text", sha256="", blocks=parse_text(text)), RULE_SET[0]
    )
    pk, budget = recognition.datasets
    assert budget.table.notes == ("(dalam ribuan rupiah)",)
    assert {c.name: c.exponent for c in budget.columns if c.type == "number"} == {
        "anggaran": 3,
        "realisasi": 3,
        "penyerapan": None,  # a percentage: the note is about money
    }
    assert pk.column("anggaran").exponent == 0  # "ANGGARAN (Rp)"
    assert not budget.column("anggaran").exact  # rounded from whole Rupiah


def test_thousands_table_with_whole_rupiah_prose_is_clean():
    """127.721.612 (Rp 000) and Rp 127.721.611.967 are one amount; a JUMLAH of rounded
    children may differ from their sum by up to n × ½ unit."""
    result = _audit((SHAPES / "units_thousands_clean.txt").read_text())
    assert result.findings == []
    tested = Counter(o.rule.code for o in result.outcomes if o.passed)
    assert tested["LKJ403"] >= 3 and tested["LKJ703"] >= 2 and tested["LKJ101"] >= 2


def test_real_mismatch_in_thousands_still_fails():
    found = _found((SHAPES / "units_thousands_mismatch.txt").read_text())
    assert ("LKJ403", "error", "2", "anggaran") in found
    assert ("LKJ703", "error", None, "realisasi") in found
    message = next(
        f
        for f in _audit((SHAPES / "units_thousands_mismatch.txt").read_text()).findings
        if f.rule.code == "LKJ703"
    ).message("en")
    assert "2.400.751 (Rp 000)" in message  # the value with its unit


def test_rounding_of_a_thousands_sum_is_bounded():
    """Three children and their parent, each rounded (or truncated) to Rp 000: the sum may
    be off by the rounding of each; 3 units below it is an error."""
    table = (
        "Tabel 5 Realisasi Anggaran Dinas Perpustakaan Kabupaten Bumi Raya Tahun 2024\n"
        "(dalam ribuan rupiah)\n\n"
        "NO\tPROGRAM\tPAGU\tREALISASI\t%\n"
        "A.\tURUSAN PERPUSTAKAAN\t{total}\t2.400.751\t89,67\n"
        "1.\tProgram Penunjang Urusan Pemerintahan Daerah\t1.234.568\t1.100.250\t89,12\n"
        "2.\tProgram Pembinaan Perpustakaan\t987.655\t900.500\t91,18\n"
        "3.\tProgram Pelestarian Naskah Kuno\t455.124\t400.000\t87,89\n"
    )
    assert _found(table.format(total="2.677.346")) == []  # 1 unit off: rounding
    assert ("LKJ101", "error", "A", "anggaran") in _found(table.format(total="2.677.344"))


def test_unit_guessed_from_prose_is_a_warning_never_an_error():
    text = (SHAPES / "units_thousands_clean.txt").read_text().replace("(dalam ribuan rupiah)\n", "")
    found = _found(text)
    assert found == [("LKJ705", "warning", None, "realisasi")]


def test_rate_clash_is_a_warning_and_values_are_not_compared_as_one_unit():
    found = _found((SHAPES / "units_rate_clash.txt").read_text())
    assert found == [("LKJ406", "warning", "1", "satuan")]


def test_with_unit():
    assert with_unit("127.721.612", 3) == "127.721.612 (Rp 000)"
    assert with_unit("31.294.422.433", 0) == "31.294.422.433"


def test_sample_has_no_unit_findings():
    from auditor.ingest import read_document
    from auditor.resources import sample_report

    profiles, every_rule, rules = RULE_SET
    result = audit(read_document(sample_report()), rules, profiles, every_rule)
    assert not [f for f in result.findings if f.rule.code in ("LKJ406", "LKJ705")]
