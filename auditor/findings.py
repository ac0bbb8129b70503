"""What checks produce: outcomes of rule instances; the failing ones are findings.

An `Outcome` is one rule tested on one set of cells (a parent and its children, one row's
capaian, one indicator across tables). It records the subject cell, the related cells,
what was printed, what the other numbers imply (a value and an interval), and the
template parameters of its message. Renderers only format these.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.arith import Interval
from auditor.i18n import Lang, label
from auditor.model import CellRef

if TYPE_CHECKING:
    from auditor.constraints import Constraint
    from auditor.rules import Rule


@dataclass(frozen=True)
class Diagnosis:
    """The likely slip behind a located error."""

    kind: str  # digit_substitution | digit_transposition | digit_insertion | ... (diagnose.py)
    suggested: str  # the likely correct value, printed like the report
    confidence: str  # high | medium | low
    detail: str = ""  # e.g. the row the value was copied from


@dataclass(frozen=True)
class Alternative:
    """One of several cells that would each explain an ambiguous failure."""

    cell: CellRef
    reported: str
    suggested: str
    interval: Interval


@dataclass
class Outcome:
    rule: Rule
    passed: bool
    subject: CellRef
    related: tuple[CellRef, ...] = ()
    reported: str | None = None  # the subject cell as printed
    expected: str | None = None  # what the other cells imply, printed like the subject
    interval: Interval | None = None  # the implied interval of true values
    params: dict[str, str] = field(default_factory=dict)  # message template parameters
    status: str = "located"  # located | ambiguous | not_testable
    # What the rule asserts, solvable for any of its cells (value checks only); error
    # localisation uses it to find the one cell whose correction explains several failures.
    constraint: Constraint | None = None
    # Set by localisation (auditor/localise.py) on findings:
    diagnosis: Diagnosis | None = None
    alternatives: tuple[Alternative, ...] = ()  # status "ambiguous": every candidate cell
    explains: tuple[str, ...] = ()  # codes of the failed rules this located error explains
    recompute: tuple[CellRef, ...] = ()  # derived cells to recompute once corrected
    via_subject: bool = True  # False: located on a cell the primary rule did not report
    conflict: bool = False  # merged: the same figure differs in several places (conflicts.py)

    def message(self, lang: Lang) -> str:
        params = {
            "table": self.subject.table or "",
            "row": self.subject.row or "",
            "label": self.subject.label,
            "column": self.subject.column or "",
            "reported": self.reported or "",
            "expected": self.expected or "",
            **self.params,
        }
        # A parameter worded per language ("places_id", "places_en") is "places" in `lang`.
        suffix = f"_{lang}"
        params.update({k.removesuffix(suffix): v for k, v in params.items() if k.endswith(suffix)})
        if self.conflict:
            return label("conflict", lang, **params)
        if not self.via_subject:  # located on a cell the primary rule only used
            params["codes"] = ", ".join(self.explains)
            params["count"] = str(len(self.explains))
            return label("located", lang, **params)
        return self.rule.text("message", lang).format_map(_Missing(params))

    def diagnosis_text(self, lang: Lang) -> str:
        d = self.diagnosis
        if d is None:
            return ""
        return label(
            f"diagnosis_{d.kind}",
            lang,
            suggested=d.suggested,
            detail=d.detail,
            confidence=label(f"confidence_{d.confidence}", lang),
        )

    def key(self) -> str:
        """What this finding is about (see `finding_key`)."""
        s = self.subject
        return finding_key(self.rule.code, s.table, s.row, s.label, s.column, self.reported)

    def sort_key(self) -> tuple:
        """Document order: by line (text) or page, then table and row, then severity."""
        s = self.subject
        return (
            s.line or 0,
            s.page or 0,
            s.dataset,
            s.position,
            self.rule.severity.rank,
            self.rule.code,
        )


class _Missing(dict):
    """Template parameters a message names but an outcome lacks render as "?"."""

    def __missing__(self, key: str) -> str:
        return "?"


def finding_key(
    rule: str,
    table: str | None,
    row: str | None,
    row_label: str,
    column: str | None,
    reported: str | None,
) -> str:
    """A finding's identity across drafts: rule, table, row (key and name), column and the
    printed value, hashed. No line or page, so inserting text above the table keeps the key;
    the row's name tells apart two findings in the prose, which have no row key, and rows
    keyed only by their position. Baselines and SARIF's partial fingerprints use it."""
    parts = (rule, table or "", row or "", row_label, column or "", reported or "")
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
