"""A rule's cases (rules/cases/<CODE>.yaml): the small documents it must fail and pass on.

A case is a tiny report (Markdown pipe tables or TAB tables, prose allowed) and whether
the rule must `pass` (no finding of that rule) or `fail` (at least one, at the rows and
columns listed, when listed). `pages` and `pages_without_text` say what a PDF reader would
(its page count and its scanned pages), for the rules about pages.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from auditor.schema import Strict
from auditor.schema.rules import Code


class ExpectedFinding(Strict):
    row: str | int | float | None = None  # None: a finding on the prose or a whole table
    column: str | None = None


class RuleCase(Strict):
    name: str = ""
    expect: Literal["pass", "fail"]
    document: str
    findings: list[ExpectedFinding] | None = None
    pages: int | None = Field(default=None, ge=1)
    pages_without_text: list[int] = []


class RuleCases(Strict):
    rule: Code
    cases: list[RuleCase] = Field(min_length=1)
