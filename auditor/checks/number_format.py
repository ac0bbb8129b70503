"""Number format: cells of numeric columns that are written ambiguously or unusually.

Recognition records a problem for each such cell (recognise/tables.py, CellProblem): a
separator that reads two ways ("9.403%" is 9403 or 9,403), a number in the other separator
convention than the document ("93.6" among "86,11"), text where a number belongs. Each rule
picks one `problem`; every problem cell of that kind is one failing outcome, every other
cell holding a number in a numeric column one passing outcome. N/A cells are the
required-value rules' concern.

A whole number grouped in the document's own convention ("120.000" ton in a report that
writes "1.475.500.000") is how such numbers are written, so its decimal reading is not
worth a warning -- unless the value is a percentage (a `%` sign, a row whose unit is %,
or one of `percent_columns`), where a thousands reading is itself implausible (9.403%).
Likewise a percentage whose decimal reading is in the document's convention ("90,377" in a
report of decimal commas) is settled when its other reading is 1000 % or more.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from auditor.checks import CheckKind
from auditor.checks.cells import AuditContext, parsed, ref
from auditor.findings import Outcome
from auditor.model import CellRef
from auditor.schema.params import NumberFormatParams

if TYPE_CHECKING:
    from auditor.recognise.tables import CellProblem, Dataset
    from auditor.rules import Rule


UNIT_COLUMN = "satuan"  # canonical name of the unit column (rules/tables.yaml)
PERCENT_UNIT_RE = re.compile(r"%|persen", re.IGNORECASE)
PLAUSIBLE_PERCENT = Decimal(1000)  # a reading of a percentage at or above this is not one


def plain_number(ctx: AuditContext, value: Decimal, decimals: int | None = None) -> str:
    """A number in the document's convention without thousands grouping, so that the readings
    of an ambiguous string ("9403" against "9,403") cannot be mistaken for each other.
    Without `decimals`, as many as the Decimal carries ("95,50" stays "95,50")."""
    if decimals is None:
        decimals = max(0, -int(value.as_tuple().exponent))
    grouping = "." if ctx.recognition.convention == "id" else ","
    return ctx.fmt(value, decimals).replace(grouping, "")


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    kind = KIND.params_of(rule).problem
    for ordinal, dataset in ctx.datasets(rule.tables):
        problems = {(p.row, p.column): p for p in dataset.problems if p.problem == kind}
        numeric = [c.name for c in dataset.columns if c.type == "number"]
        for i, record in enumerate(dataset.records):
            for column in numeric:
                problem = problems.get((record["row"], column))
                if problem is not None and _worth_reporting(rule, ctx, record, problem):
                    yield _finding(rule, ctx, ordinal, dataset, i, problem)
                elif (cell := parsed(dataset, i, column)) is not None and cell.is_number:
                    yield Outcome(rule, True, ref(ordinal, dataset, i, column), reported=cell.raw)


def _worth_reporting(rule: Rule, ctx: AuditContext, record: dict, problem: CellProblem) -> bool:
    if problem.problem != "ambiguous_separator":
        return True
    primary = problem.readings[0]
    grouped = primary.decimals == 0 and primary.convention == ctx.recognition.convention
    percent = (
        "%" in problem.raw
        or problem.column in KIND.params_of(rule).percent_columns
        or bool(PERCENT_UNIT_RE.search(str(record.get(UNIT_COLUMN) or "")))
    )
    if percent and primary.decimals > 0 and primary.convention == ctx.recognition.convention:
        # "90,377%" in a report that writes decimal commas: the other reading, 90377 %, is
        # no percentage anyone reports, so the report's own style settles it.
        return any(r.value.copy_abs() < PLAUSIBLE_PERCENT for r in problem.readings[1:])
    return percent or not grouped


def _finding(
    rule: Rule, ctx: AuditContext, ordinal: int, dataset: Dataset, i: int, problem: CellProblem
) -> Outcome:
    readings = [plain_number(ctx, r.value, r.decimals) for r in problem.readings]
    # A number in the other convention: how the document's own convention writes it.
    unusual = problem.readings[0] if problem.problem == "unusual_convention" else None
    return Outcome(
        rule=rule,
        passed=False,
        subject=_at(ref(ordinal, dataset, i, problem.column), problem),
        reported=problem.raw.strip(),
        expected=ctx.fmt(unusual.value, unusual.decimals) if unusual else None,
        params={
            "reading": readings[0] if readings else "",
            "alternatives": " / ".join(readings[1:]),
        },
    )


def _at(cell: CellRef, problem: CellProblem) -> CellRef:
    """The problem cell's own line/page (a wrapped row spans several lines)."""
    line, page = problem.location.line, problem.location.page
    return replace(cell, line=line or cell.line, page=page or cell.page)


KIND = CheckKind(
    name="number_format",
    params=NumberFormatParams,
    evaluate=evaluate,
    summary="A number in a numeric column is written unambiguously, in the document's convention,"
    " as a number.",
    gx="gx_native_number_format",
    constrains_values=False,
    placeholders=("reading", "alternatives", "alternative"),
)
