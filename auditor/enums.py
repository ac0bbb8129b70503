"""The closed vocabularies of findings and verdicts, spelled once.

Each is a `StrEnum`: a member is the string it names ("error" == Severity.ERROR), so it
reads and writes as itself in YAML, JSON and CSV.
"""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """How sure a failure is: an error is a certainty, a warning rests on a guess."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most severe."""
        return list(Severity).index(self)

    def at_or_above(self, level: Severity) -> bool:
        return self.rank <= level.rank


SEVERITIES: tuple[Severity, ...] = tuple(Severity)


class Status(StrEnum):
    """Where a finding stands after error localisation."""

    LOCATED = "located"  # the one wrong cell is known
    AMBIGUOUS = "ambiguous"  # several cells would each explain it: all listed
    NOT_TESTABLE = "not_testable"


class Verdict(StrEnum):
    """What a report may be called (auditor/coverage.py): never consistent on what was
    not checked."""

    CONSISTENT = "consistent"
    FINDINGS = "findings"
    PARTLY_CHECKED = "partly_checked"
    NOT_CHECKED = "not_checked"
