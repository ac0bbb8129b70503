"""Acknowledged findings: a baseline of findings already seen, and justified waivers.

A secretariat re-runs the audit on every draft. Two filters, applied to the engine's
findings (the engine itself is untouched), keep what was already dealt with out of the
way without hiding it:

- a *baseline* (`--baseline FILE`): the findings JSON of an earlier run; a finding whose key
  is in it is not reported again, only counted;
- *acknowledgements* (`--acknowledgements FILE`): YAML waivers, each with a justification;
  a waived finding is listed as acknowledged with its justification, and a waiver that
  matches no finding is reported, so stale waivers get noticed.

A finding's key (`auditor.findings.finding_key`, also SARIF's partial fingerprint) is what
the finding is about, never its line or page, so it survives edits elsewhere in the
document. Waivers apply first: an explicit justification beats an anonymous baseline entry.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import RootModel

from auditor.errors import ConfigError
from auditor.schema import validated
from auditor.schema.acknowledgements import NARROWING, Acknowledgement
from auditor.yamlfile import LineDict, load_yaml

if TYPE_CHECKING:
    from auditor.engine import AuditResult
    from auditor.findings import Outcome


class Waiver(Acknowledgement):
    """An acknowledgement as the filters use it (the schema's entry, with its file and line)."""

    @classmethod
    def at(cls, entry: Acknowledgement, file: str, line: int) -> Waiver:
        """The validated `entry`, found at `file`:`line`."""
        return cls.model_construct(**{**entry.model_dump(), "file": file, "line": line})

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def whole_rule(self) -> bool:
        return self.specificity == 0

    @property
    def specificity(self) -> int:
        return sum(getattr(self, key) is not None for key in NARROWING)

    def describe(self) -> str:
        """The rule and the narrowing given, e.g. LKJ101 4.2 B.1.2 realisasi 1.250.000."""
        narrowing = (getattr(self, key) for key in NARROWING)
        return " ".join([self.rule, *(v or '""' for v in narrowing if v is not None)])

    def matches(self, outcome: Outcome) -> bool:
        s = outcome.subject
        actual = (s.table, s.row, s.column, outcome.reported or "")
        return outcome.rule.code == self.rule and all(
            getattr(self, key) in (None, value)
            for key, value in zip(NARROWING, actual, strict=True)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            **{key: getattr(self, key) for key in NARROWING},
            "justification": self.justification,
            "by": self.by,
            "date": self.date,
            "file": self.file,
            "line": self.line,
        }


class _WaiverList(RootModel[list[Waiver]]):
    """An acknowledgements file validated straight into waivers."""


@dataclass(frozen=True)
class Screening:
    """What the filters took out of the findings."""

    acknowledged: tuple[tuple[Outcome, Waiver], ...] = ()  # with the waiver applied
    unused: tuple[Waiver, ...] = ()  # waivers that matched no finding
    acknowledgements_given: bool = False
    baselined: tuple[Outcome, ...] | None = None  # already in the baseline; None: none given

    def screened_out(self) -> list[Outcome]:
        """Every finding taken out: not reported, yet still a finding for the verdict."""
        return [o for o, _ in self.acknowledged] + list(self.baselined or ())


def acknowledge(
    result: AuditResult, acknowledgements: list[Waiver]
) -> tuple[AuditResult, Screening]:
    """Take the waived findings out of `result`. A finding matched by several waivers is
    attributed to the most specific one (the first in the file among equals); every waiver
    that matched a finding counts as used."""
    index = _WaiverIndex(acknowledgements)
    kept: list[Outcome] = []
    acknowledged: list[tuple[Outcome, Waiver]] = []
    used: set[int] = set()  # positions in `acknowledgements`
    for outcome in result.findings:
        matching = index.matching(outcome)
        if matching:
            used.update(position for position, _ in matching)
            best = max(matching, key=lambda m: (m[1].specificity, -m[0]))
            acknowledged.append((outcome, best[1]))
        else:
            kept.append(outcome)
    screening = Screening(
        acknowledged=tuple(acknowledged),
        unused=tuple(a for n, a in enumerate(acknowledgements) if n not in used),
        acknowledgements_given=True,
    )
    return replace(result, findings=kept), screening


class _WaiverIndex:
    """Waivers by rule and the narrowing values they give, so that a finding is compared
    with the few waivers that can match it: comparing every finding with every waiver took
    minutes for a file of 10⁵ waivers."""

    def __init__(self, waivers: list[Waiver]) -> None:
        self.buckets: dict[tuple, list[tuple[int, Waiver]]] = {}
        for position, waiver in enumerate(waivers):
            key = (waiver.rule, *(getattr(waiver, k) for k in NARROWING))
            self.buckets.setdefault(key, []).append((position, waiver))

    def matching(self, outcome: Outcome) -> list[tuple[int, Waiver]]:
        """(position in the file, waiver) of every waiver that matches `outcome`."""
        s = outcome.subject
        actual = (s.table, s.row, s.column, outcome.reported or "")
        found: list[tuple[int, Waiver]] = []
        # A waiver leaves a narrowing key out (None) or gives the finding's value for it.
        for given in itertools.product((False, True), repeat=len(NARROWING)):
            values = tuple(v if g else None for v, g in zip(actual, given, strict=True))
            if any(g and v is None for v, g in zip(actual, given, strict=True)):
                continue  # a finding without a table is matched only by waivers without one
            found.extend(self.buckets.get((outcome.rule.code, *values), ()))
        return found


def apply_baseline(
    result: AuditResult, baseline: Counter[str], screening: Screening
) -> tuple[AuditResult, Screening]:
    """Take out the findings whose key is in `baseline`; a key listed n times there covers
    n findings with that key."""
    left = Counter(baseline)
    kept: list[Outcome] = []
    baselined: list[Outcome] = []
    for outcome in result.findings:
        key = outcome.key()
        if left[key]:
            left[key] -= 1
            baselined.append(outcome)
        else:
            kept.append(outcome)
    return replace(result, findings=kept), replace(screening, baselined=tuple(baselined))


def load_acknowledgements(path: Path) -> list[Waiver]:
    """A YAML list of waivers; any problem is a ConfigError naming the file and line."""
    data = load_yaml(path)
    if data is None:  # an empty file waives nothing
        return []
    if not isinstance(data, list):
        where = f"{path}:{data.line}" if isinstance(data, LineDict) else str(path)
        raise ConfigError(f"{where}: expected a list of acknowledgements (- rule: LKJ101 ...)")
    # Validated as Waivers in one call (10⁵ waivers in seconds), then each told where it
    # was found: once, before a waiver is shared or hashed.
    waivers = validated(_WaiverList, data, path).root
    file = str(path)
    for waiver, raw in zip(waivers, data, strict=True):
        waiver.__dict__.update(file=file, line=getattr(raw, "line", 0))
    return waivers
