"""What the audit read and checked, and the verdict it may honestly give.

A clean run of the rules proves nothing about a table they never saw. Like pytest's "no
tests collected", the audit says how much was checked and never calls a report
consistent when part of it was not read:

- per table: its kind (or why none), how many cells hold a value and how many of those a
  value rule tested (as subject or as an input of the rule instance, pass or fail);
- per document: the pages without text (scans), the rules run and those that found
  nothing to check;
- the verdict: `not_checked` when no rule tested anything (no table recognised),
  `findings` when a finding other than a coverage one reaches warning, `partly_checked`
  when a table holding numbers was not recognised or not tested, a value did not parse or a
  page had no text, else `consistent`.

Malformed value cells are also worked out here before the coverage rules run: each is
replaced by a placeholder number, the value rules run again, and the rule instances that
now reach it say which rules it blocked and, solved for it, which value they pin it to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from auditor.arith import Interval, as_printed, common, printed_interval
from auditor.checks import check_kind
from auditor.checks.cells import AuditContext
from auditor.checks.coverage import BlockedCell
from auditor.constraints import CellKey, key_of
from auditor.enums import Severity, Verdict
from auditor.findings import Outcome
from auditor.model import Location
from auditor.numbers import ParsedNumber, Reading, format_number
from auditor.recognise.claims import prose_claims
from auditor.recognise.tables import MALFORMED, CellProblem, Recognition, RecognitionNote

if TYPE_CHECKING:
    from auditor.arith import Rounding
    from auditor.model import Document
    from auditor.rules import Rule

COVERAGE_CHECK = "coverage"  # the check kind of the coverage rules (checks/coverage.py)
Evaluate = Callable[[list["Rule"], AuditContext], list[Outcome]]


@dataclass(frozen=True)
class TableCoverage:
    ordinal: int
    id: str
    caption: str | None
    kind: str | None
    location: Location
    numeric_cells: int
    cells_checked: int
    note: RecognitionNote

    @property
    def checked(self) -> bool:
        """Recognised and, if it holds numbers, some of them tested."""
        return self.kind is not None and (self.numeric_cells == 0 or self.cells_checked > 0)


@dataclass(frozen=True)
class Coverage:
    tables: tuple[TableCoverage, ...]
    pages: int | None
    pages_without_text: tuple[int, ...]
    rules_run: tuple[str, ...]
    rules_with_nothing_to_check: tuple[str, ...]
    malformed_cells: int
    checked_anything: bool  # a rule (other than these) tested something
    # Prose figures left unread when the prose's time budget ran out (claims.PROSE_SECONDS)
    prose_unread: int = 0

    @property
    def tables_recognised(self) -> int:
        return sum(t.kind is not None for t in self.tables)

    @property
    def tables_unrecognised(self) -> int:
        """Unrecognised tables that hold numbers (a table of text only is no loss)."""
        return sum(t.kind is None and t.numeric_cells > 0 for t in self.tables)

    @property
    def tables_checked(self) -> int:
        return sum(t.checked for t in self.tables)

    @property
    def numeric_cells(self) -> int:
        return sum(t.numeric_cells for t in self.tables)

    @property
    def numeric_cells_checked(self) -> int:
        return sum(t.cells_checked for t in self.tables)

    @property
    def complete(self) -> bool:
        """Every table holding numbers recognised and tested, every value read, every page
        read."""
        return (
            all(t.checked for t in self.tables if t.numeric_cells)
            and not self.malformed_cells
            and not self.pages_without_text
            and not self.prose_unread
        )

    def to_dict(self) -> dict:
        """The `summary.coverage` object of findings@1 (additive)."""
        return {
            "tables_found": len(self.tables),
            "tables_recognised": self.tables_recognised,
            "tables_unrecognised": self.tables_unrecognised,
            "tables_checked": self.tables_checked,
            "numeric_cells": self.numeric_cells,
            "numeric_cells_checked": self.numeric_cells_checked,
            "malformed_cells": self.malformed_cells,
            "pages": self.pages,
            "pages_without_text": list(self.pages_without_text),
            "rules_run": len(self.rules_run),
            "rules_with_nothing_to_check": list(self.rules_with_nothing_to_check),
            "prose_claims_unread": self.prose_unread,
            "per_table": [
                {
                    "table": t.id,
                    "caption": t.caption,
                    "kind": t.kind,
                    "line": t.location.line,
                    "page": t.location.page,
                    "recognised_by": t.note.reason if t.kind else None,
                    "not_recognised_because": None if t.kind else t.note.reason,
                    "column_meanings": list(t.note.meanings),
                    "nearest_kind": t.note.nearest,
                    "missing": list(t.note.missing),
                    "excluded_by": list(t.note.excluded),
                    "numeric_cells": t.numeric_cells,
                    "cells_checked": t.cells_checked,
                }
                for t in self.tables
            ],
        }


def checked_cells(outcomes: Iterable[Outcome]) -> set[CellKey]:
    """Table cells some value rule tested, as its subject or an input, pass or fail."""
    return {
        key_of(cell)
        for outcome in outcomes
        if check_kind(outcome.rule.check).constrains_values
        for cell in (outcome.subject, *outcome.related)
        if cell.dataset >= 0 and cell.column is not None
    }


def assess(recognition: Recognition, rules: list[Rule], outcomes: list[Outcome]) -> Coverage:
    """The coverage of an audit whose rules gave `outcomes`."""
    convention = recognition.convention
    checked = checked_cells(outcomes)
    tables = []
    for ordinal, dataset in enumerate(recognition.datasets):
        cells = dataset.numeric_cells(convention)
        table = dataset.table
        tables.append(
            TableCoverage(
                ordinal=ordinal,
                id=dataset.id,
                caption=table.caption.text if table.caption else None,
                kind=dataset.kind,
                location=table.location,
                numeric_cells=len(cells),
                cells_checked=sum((ordinal, i, c) in checked for i, c in cells),
                note=dataset.note,
            )
        )
    tested = {o.rule.code for o in outcomes}
    document: Document = recognition.document
    return Coverage(
        tables=tuple(tables),
        pages=document.pages,
        pages_without_text=document.pages_without_text,
        rules_run=tuple(r.code for r in rules),
        rules_with_nothing_to_check=tuple(
            r.code for r in rules if r.check != COVERAGE_CHECK and r.code not in tested
        ),
        malformed_cells=sum(
            p.problem == MALFORMED for d in recognition.datasets if d.kind for p in d.problems
        ),
        checked_anything=any(o.rule.check != COVERAGE_CHECK for o in outcomes),
        prose_unread=prose_claims(document, recognition.convention).unread,
    )


def verdict(coverage: Coverage, findings: Iterable[Outcome]) -> Verdict:
    """The verdict on a report with these findings (reported, acknowledged or baselined
    alike: a waived error is still an error)."""
    if not coverage.checked_anything:
        return Verdict.NOT_CHECKED
    severe = (Severity.ERROR, Severity.WARNING)
    if any(f.rule.severity in severe and f.rule.check != COVERAGE_CHECK for f in findings):
        return Verdict.FINDINGS
    return Verdict.CONSISTENT if coverage.complete else Verdict.PARTLY_CHECKED


def blocked_cells(
    recognition: Recognition, rules: list[Rule], rounding: Rounding, evaluate: Evaluate
) -> dict[CellKey, BlockedCell]:
    """For each malformed value cell: the value rules it blocked and the value they pin."""
    malformed: dict[CellKey, CellProblem] = {
        (ordinal, problem.row - 1, problem.column): problem
        for ordinal, dataset in enumerate(recognition.datasets)
        if dataset.kind is not None
        for problem in dataset.problems
        if problem.problem == MALFORMED
    }
    if not malformed:
        return {}
    placeholders: dict[CellKey, ParsedNumber] = {}
    for key, problem in malformed.items():
        first = problem.readings[0] if problem.readings else None
        value = first.value if first else Decimal(1)
        decimals = first.decimals if first else 0
        placeholders[key] = ParsedNumber(
            problem.raw, "number", value, decimals, None, (), frozenset()
        )
    patched = _with_placeholders(recognition, placeholders)
    value_rules = [r for r in rules if check_kind(r.check).constrains_values]
    reaching: dict[CellKey, list[Outcome]] = {key: [] for key in malformed}
    for outcome in evaluate(value_rules, AuditContext(patched, rounding)):
        for cell in (outcome.subject, *outcome.related):
            if (key := key_of(cell)) in reaching:
                reaching[key].append(outcome)
    blocked: dict[CellKey, BlockedCell] = {}
    for key, outcomes in reaching.items():
        problem = malformed[key]
        solved = {
            o.rule.code: interval
            for o in outcomes
            if o.constraint is not None and (interval := o.constraint.solve(key)) is not None
        }
        pinned = common(list(solved.values()))
        blocked[key] = BlockedCell(
            rules=tuple(sorted({o.rule.code for o in outcomes})),
            pinned=pinned,
            pinned_by=tuple(sorted(solved)) if pinned else (),
            suggested=_suggestion(pinned, problem.readings, recognition, rounding),
        )
    return blocked


def _with_placeholders(
    recognition: Recognition, placeholders: dict[CellKey, ParsedNumber]
) -> Recognition:
    """A copy of `recognition` whose malformed cells hold the placeholder numbers (the
    datasets' records are never mutated: changed rows are copied)."""
    datasets = list(recognition.datasets)
    for (ordinal, row, column), number in placeholders.items():
        dataset = datasets[ordinal]
        records = list(dataset.records)
        record = dict(records[row])
        record[column] = number.value
        record[f"{column}__parsed"] = number
        records[row] = record
        datasets[ordinal] = replace(dataset, records=records)
    return replace(recognition, datasets=datasets)


def _suggestion(
    pinned: Interval | None,
    readings: tuple[Reading, ...],
    recognition: Recognition,
    rounding: Rounding,
) -> str | None:
    """The value to write: a plausible reading the rules allow, else the pinned value when
    the rules leave less than one printed step at the reading's precision."""
    if pinned is None:
        return None
    convention = recognition.convention
    for reading in readings:
        if printed_interval(reading.value, reading.decimals, rounding).intersects(pinned):
            return format_number(reading.value, reading.decimals, convention)
    decimals = readings[0].decimals if readings else 0
    step = Decimal(1).scaleb(-decimals)
    if pinned.hi - pinned.lo > step:
        return None
    printed = as_printed(pinned.mid, decimals, "round" if rounding == "either" else rounding)
    return format_number(printed, decimals, convention)
