"""One generic runner for every rule's pass/fail cases (rules/cases/<CODE>.yaml)."""

from __future__ import annotations

import pytest

from auditor.cases import cases_dir, load_cases, run_case
from auditor.recognise.profiles import load_profiles
from auditor.rules import load_rules

CASES = [case for path in sorted(cases_dir().glob("*.yaml")) for case in load_cases(path)]
RULES = load_rules([], load_profiles())


@pytest.mark.parametrize("case", CASES, ids=[f"{c.code}-{c.expect}-{c.name}" for c in CASES])
def test_rule_case(case):
    findings = run_case(case)
    where = [(f.subject.row, f.subject.column, f.message("en")) for f in findings]
    if case.expect == "pass":
        assert not findings, (
            f"{case.path}:{case.line}: expected no {case.code} finding, got {where}"
        )
        return
    assert findings, f"{case.path}:{case.line}: expected a {case.code} finding, got none"
    if case.findings is not None:
        got = sorted((f.subject.row, f.subject.column) for f in findings)
        assert got == sorted(case.findings), f"{case.path}:{case.line}: {where}"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_every_rule_has_a_failing_and_a_passing_case(rule):
    expects = {c.expect for c in CASES if c.code == rule.code}
    assert expects == {"pass", "fail"}, f"{rule.code} needs cases in rules/cases/{rule.code}.yaml"
