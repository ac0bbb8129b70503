"""The rules work unchanged on reports laid out by other agencies (tests/fixtures/tables).

The fixtures use other caption numbering ("Tabel 12", "Tabel III.4", none), other column
orders (PAGU | REALISASI | SISA | %), rounding instead of truncation, and Markdown. They are
internally consistent, so no error may be reported on them; and a slip injected into them
must be found at its cell.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.engine import audit
from auditor.ingest import read_document
from auditor.ingest.text import parse_text
from auditor.model import Document
from auditor.recognise.profiles import load_profiles
from auditor.rules import load_rules

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "tables").glob("*.*"))
BUDGET = Path(__file__).parent / "fixtures" / "tables" / "dinkes_contoh_2024_anggaran.txt"
PROFILES = load_profiles()
RULES = load_rules([], PROFILES)


def audit_text(text: str):
    return audit(Document("fixture", "text", "", parse_text(text)), RULES, PROFILES)


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_consistent_reports_of_other_agencies_have_no_errors(path):
    result = audit(read_document(path), RULES, PROFILES)
    errors = [
        f"{f.rule.code} {f.subject.row}: {f.message('en')}"
        for f in result.findings
        if f.rule.severity == "error"
    ]
    assert not errors, errors
    assert any(o.passed for o in result.outcomes)  # the rules did test something


def test_rounding_report_is_detected_as_rounding():
    assert audit(read_document(BUDGET), RULES, PROFILES).rounding == "round"


def test_truncated_percentage_in_a_rounding_report_is_an_error():
    # 5.382.375.000 / 6.250.000.000 = 86,118 %: the report rounds, so 86,11 is wrong here
    # (it would be right in the sample, which truncates).
    text = BUDGET.read_text(encoding="utf-8")
    line = "1.1.1\tPenyediaan Gaji dan Tunjangan ASN\t6.250.000.000\t5.382.375.000\t867.625.000\t"
    mutated = text.replace(line + "86,12", line + "86,11")
    assert mutated != text
    findings = audit_text(mutated).findings
    assert [(f.rule.code, f.subject.row) for f in findings if f.rule.severity == "error"] == [
        ("LKJ203", "A.1.1.1")
    ]


def test_copied_neighbour_in_another_column_order_is_found_at_its_cell():
    text = BUDGET.read_text(encoding="utf-8")
    mutated = text.replace("1.592.313.500", "3.127.660.000")  # 2.1.3 copies 2.1.1
    errors = [f for f in audit_text(mutated).findings if f.rule.severity == "error"]
    assert len(errors) == 1  # one located error, not its symptoms (sum, sisa, %)
    (finding,) = errors
    assert (finding.subject.row, finding.subject.column, finding.status) == (
        "A.2.1.3",
        "realisasi",
        "located",
    )
    assert set(finding.explains) == {"LKJ101", "LKJ203", "LKJ212"}
    assert finding.diagnosis.kind == "neighbour_copy"
    assert finding.diagnosis.suggested == "1.592.313.500"
