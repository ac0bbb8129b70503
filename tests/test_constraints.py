"""Constraints attached to value-check outcomes: they hold exactly when the check passed,
and any of their cells can be solved for (what error localisation relies on)."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from auditor.arith import Interval, printed_interval
from auditor.constraints import ONE, Constraint, Term, key_of
from auditor.engine import AuditResult, audit
from auditor.ingest import read_document
from auditor.ingest.text import parse_text
from auditor.model import CellRef, Document
from auditor.numbers import parse_number
from auditor.recognise.profiles import load_profiles
from auditor.resources import bundled_path, sample_report
from auditor.rules import load_rules

D = Decimal
PROFILES = load_profiles()
RULES = load_rules([], PROFILES)
REPAIRED = bundled_path("datasets", "lkjip-sumenep-dinsos-p3a-2023-repaired.txt")
FIXTURES = sorted((Path(__file__).parent / "fixtures" / "tables").glob("*.*"))
DOCUMENTS = [sample_report(), REPAIRED, *FIXTURES]
VALUE_CHECKS = {"hierarchical_sum", "total", "ratio", "difference", "cross_table", "narrative"}


@cache
def audited(path: Path) -> AuditResult:
    return audit(read_document(path), RULES, PROFILES)


def mismatches(result: AuditResult) -> list[str]:
    return [
        f"{o.rule.code} {o.subject.table} {o.subject.row} {o.subject.column} line "
        f"{o.subject.line}: passed={o.passed}, holds={o.constraint.holds()}"
        for o in result.outcomes
        if o.constraint is not None and o.constraint.holds() != o.passed
    ]


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_constraint_holds_exactly_when_the_check_passed(path: Path) -> None:
    result = audited(path)
    assert not mismatches(result), "\n".join(mismatches(result))


def test_the_invariant_is_tested_on_failures_and_passes() -> None:
    constrained = [
        o for path in DOCUMENTS for o in audited(path).outcomes if o.constraint is not None
    ]
    assert len(constrained) > 500
    assert sum(not o.passed for o in constrained) >= 20


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_every_value_check_outcome_has_a_constraint(path: Path) -> None:
    # The ratio rules about which formula fits (verdict other than misfit) assert no value,
    # and neither does a capped achievement or an ordinal (ranked) one.
    missing = [
        f"{o.rule.code} {o.subject.table} {o.subject.row}"
        for o in audited(path).outcomes
        if o.rule.check in VALUE_CHECKS
        and getattr(o.rule.params, "verdict", "misfit") == "misfit"
        and "uncapped" not in o.params
        and o.params.get("formula_name") != "ordinal"
        and o.constraint is None
    ]
    assert not missing, missing


def test_cross_table_values_whose_intervals_only_touch_do_not_hold() -> None:
    # Truncated 60,82 is [60,82; 60,83) and 60,81 is [60,81; 60,82): they disagree, although
    # closed intervals would meet at 60,82.
    text = REPAIRED.read_text(encoding="utf-8")
    line = "Indeks\t59,42\t60,81\t102,33\n"
    assert text.count(line) == 1
    mutated = text.replace(line, "Indeks\t59,42\t60,82\t102,33\n")
    result = audit(Document("mutated", "text", "", parse_text(mutated)), RULES, PROFILES)
    assert result.rounding == "truncate"
    failing = [o for o in result.outcomes if o.rule.check == "cross_table" and not o.passed]
    assert [o.reported for o in failing] == ["60,82"]
    assert not mismatches(result), "\n".join(mismatches(result))


# --- hand-made constraints ---------------------------------------------------------------


def cell(row: int) -> CellRef:
    return CellRef("T1", str(row), "x", None, None, 0, row)


def term(row: int, raw: str, interval: Interval, coefficient: Decimal = ONE) -> Term:
    return Term(cell(row), parse_number(raw), interval, coefficient)


def exact(row: int, value: str, coefficient: Decimal = ONE) -> Term:
    return term(row, value, Interval.point(D(value)), coefficient)


def rounded(row: int, raw: str, coefficient: Decimal = ONE) -> Term:
    number = parse_number(raw)
    assert number.value is not None
    return term(row, raw, printed_interval(number.value, number.decimals, "round"), coefficient)


def assert_each_solution_holds(constraint: Constraint) -> None:
    for t in constraint.terms:
        solved = constraint.solve(t.key)
        assert solved is not None
        assert constraint.holds({t.key: solved}), t.cell.row


def test_sum_solves_for_a_child_and_the_parent() -> None:
    parent, first, second = exact(0, "100"), exact(1, "40", -ONE), exact(2, "50", -ONE)
    constraint = Constraint((parent, first, second))
    assert not constraint.holds()
    assert constraint.solve(second.key) == Interval.point(D(60))
    assert constraint.solve(first.key) == Interval.point(D(50))
    assert constraint.solve(parent.key) == Interval.point(D(90))
    assert constraint.solve(key_of(cell(9))) is None  # not one of its cells
    assert_each_solution_holds(constraint)


def test_sum_of_printed_values_solves_to_an_interval() -> None:
    # Rounded to one decimal, each value stands for ±0,05.
    parent, first, second = rounded(0, "100,0"), rounded(1, "40,0", -ONE), rounded(2, "50,0", -ONE)
    constraint = Constraint((parent, first, second))
    assert constraint.solve(second.key) == Interval(D("59.90"), D("60.10"))
    assert not constraint.holds()
    assert_each_solution_holds(constraint)


@pytest.mark.parametrize(
    ("formula", "value"),
    [("positive", "50"), ("negative_difference", "150"), ("negative_inverse", "200")],
)
def test_ratio_solves_for_value_numerator_and_denominator(formula: str, value: str) -> None:
    # R 40, T 80: 40/80, (2·80 − 40)/80 and 80/40, × 100.
    capaian, r, t = exact(0, value), exact(1, "40"), exact(2, "80")
    constraint = Constraint((capaian, r, t), formula=formula, derived=True)
    assert constraint.holds()
    assert constraint.solve(capaian.key) == Interval.point(D(value))
    assert constraint.solve(r.key) == Interval.point(D(40))
    assert constraint.solve(t.key) == Interval.point(D(80))
    assert_each_solution_holds(constraint)


@pytest.mark.parametrize("formula", ["positive", "negative_difference", "negative_inverse"])
def test_wrong_printed_ratio_solves_back_to_consistency(formula: str) -> None:
    capaian, r, t = rounded(0, "61,00"), rounded(1, "40,00"), rounded(2, "80,00")
    constraint = Constraint((capaian, r, t), formula=formula, derived=True)
    assert not constraint.holds()
    assert_each_solution_holds(constraint)


def test_ratio_with_a_zero_denominator_cannot_be_solved_for_the_value() -> None:
    constraint = Constraint((exact(0, "50"), exact(1, "40"), exact(2, "0")), formula="positive")
    assert not constraint.holds()
    assert constraint.solve(key_of(cell(0))) is None
