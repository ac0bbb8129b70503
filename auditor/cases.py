"""Rule cases: the small documents every rule must fail on and pass on.

Each rule code has `rules/cases/<CODE>.yaml` with a list of cases; a case is a tiny report
(Markdown pipe tables or TAB tables, prose allowed) and whether the rule must `pass` (no
finding of that rule) or `fail` (at least one, optionally at the listed rows/columns).
The test suite runs them all through one runner; `lkjip-audit explain` shows them as the
rule's examples.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import cast

from auditor.findings import Outcome
from auditor.resources import bundled_path
from auditor.schema import validated
from auditor.schema.cases import RuleCases
from auditor.yamlfile import LineDict, load_yaml


@dataclass(frozen=True)
class RuleCase:
    code: str
    name: str
    expect: str  # "pass" or "fail"
    document: str
    # Expected (row, column) pairs; row None for a finding about a sentence in the prose.
    findings: tuple[tuple[str | None, str | None], ...] | None
    path: str
    line: int
    # As a PDF reader would say: the page count and the pages without text (scans).
    pages: int | None = None
    pages_without_text: tuple[int, ...] = ()


def cases_dir() -> Path:
    return bundled_path("rules", "cases")


def load_cases(path: Path) -> list[RuleCase]:
    data = load_yaml(path)
    file = validated(RuleCases, data, path)
    entries = cast(LineDict, data)["cases"]
    return [
        RuleCase(
            code=file.rule,
            name=case.name,
            expect=case.expect,
            document=case.document,
            findings=tuple((None if f.row is None else str(f.row), f.column) for f in case.findings)
            if case.findings is not None
            else None,
            path=str(path),
            line=entry.line,
            pages=case.pages,
            pages_without_text=tuple(case.pages_without_text),
        )
        for case, entry in zip(file.cases, entries, strict=True)
    ]


def run_case(case: RuleCase) -> list[Outcome]:
    """Audit the case's document with all core rules; return this rule's failed instances.

    These are the rule's own verdicts, before error localisation merges the failures one
    wrong cell causes into one finding (tests/test_localise.py covers that step).
    """
    from auditor.engine import audit
    from auditor.ingest.text import parse_text
    from auditor.model import Document
    from auditor.recognise.profiles import load_profiles
    from auditor.rules import load_rules

    profiles = load_profiles()
    document = Document(
        path=f"{case.path}:{case.line}",
        format="text",
        sha256="",
        blocks=parse_text(case.document),
        pages=case.pages,
        pages_without_text=case.pages_without_text,
    )
    result = audit(document, load_rules([], profiles), profiles)
    return sorted(
        (o for o in result.outcomes if o.rule.code == case.code and not o.passed),
        key=Outcome.sort_key,
    )
