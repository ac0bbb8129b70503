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

import datetime
import json
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.errors import ConfigError
from auditor.findings import finding_key
from auditor.yamlfile import LineDict, load_yaml

if TYPE_CHECKING:
    from auditor.engine import AuditResult
    from auditor.findings import Outcome

# The optional keys that narrow a waiver to one table, row, column or printed value.
NARROWING = ("table", "row", "column", "reported")
ENTRY_KEYS = {"rule", *NARROWING, "justification", "by", "date"}


@dataclass(frozen=True)
class Acknowledgement:
    """One waiver: findings of `rule`, narrowed by the keys given, accepted for a reason."""

    rule: str
    justification: str
    file: str  # the acknowledgements file and the entry's line in it
    line: int
    table: str | None = None
    row: str | None = None
    column: str | None = None
    reported: str | None = None  # as printed; "" is an empty cell
    by: str | None = None
    date: str | None = None

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


@dataclass(frozen=True)
class Screening:
    """What the filters took out of the findings."""

    acknowledged: tuple[tuple[Outcome, Acknowledgement], ...] = ()  # with the waiver applied
    unused: tuple[Acknowledgement, ...] = ()  # waivers that matched no finding
    acknowledgements_given: bool = False
    baselined: tuple[Outcome, ...] | None = None  # already in the baseline; None: none given

    def screened_out(self) -> list[Outcome]:
        """Every finding taken out: not reported, yet still a finding for the verdict."""
        return [o for o, _ in self.acknowledged] + list(self.baselined or ())


def acknowledge(
    result: AuditResult, acknowledgements: list[Acknowledgement]
) -> tuple[AuditResult, Screening]:
    """Take the waived findings out of `result`. A finding matched by several waivers is
    attributed to the most specific one (the first in the file among equals); every waiver
    that matched a finding counts as used."""
    kept: list[Outcome] = []
    acknowledged: list[tuple[Outcome, Acknowledgement]] = []
    used: set[Acknowledgement] = set()
    for outcome in result.findings:
        matching = [a for a in acknowledgements if a.matches(outcome)]
        if matching:
            used.update(matching)
            acknowledged.append((outcome, max(matching, key=lambda a: a.specificity)))
        else:
            kept.append(outcome)
    screening = Screening(
        acknowledged=tuple(acknowledged),
        unused=tuple(a for a in acknowledgements if a not in used),
        acknowledgements_given=True,
    )
    return replace(result, findings=kept), screening


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


def load_baseline(path: Path) -> Counter[str]:
    """The keys of the findings in a findings JSON (`lkjip-audit audit --format json`)."""
    from auditor.report.json_report import FINDINGS_SCHEMA

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the baseline: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("schema") != FINDINGS_SCHEMA:
        raise ConfigError(
            f"{path}: not a {FINDINGS_SCHEMA} document; write a baseline with "
            "`lkjip-audit audit --write-baseline FILE` (or --format json --output FILE)"
        )
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise ConfigError(f"{path}: 'findings' must be a list")
    fields = ("rule", "table", "row", "row_label", "column", "reported")
    keys: Counter[str] = Counter()
    for number, finding in enumerate(findings, 1):
        if not isinstance(finding, dict) or not isinstance(finding.get("rule"), str):
            raise ConfigError(f"{path}: finding {number} has no 'rule'")
        values = [finding.get(f) for f in fields]
        if not all(v is None or isinstance(v, str) for v in values):
            raise ConfigError(f"{path}: finding {number}: {', '.join(fields)} must be text")
        rule, table, row, row_label, column, reported = values
        keys[finding_key(rule, table, row, row_label or "", column, reported)] += 1
    return keys


def _text(path: Path, entry: LineDict, key: str) -> str | None:
    """An entry's value as text; YAML's whole numbers and dates are taken as written, a
    decimal is refused (2.30 would come back as 2.3)."""
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise ConfigError(
        f"{path}:{entry.line_of(key)}: '{key}' must be text; put the value in quotes, "
        f'e.g. {key}: "…"'
    )


def _entry(path: Path, number: int, entry: Any) -> Acknowledgement:
    from auditor.rules import CODE_RE

    if not isinstance(entry, LineDict):
        raise ConfigError(f"{path}: acknowledgement {number} must be a mapping with a 'rule'")
    for key in entry:
        if key not in ENTRY_KEYS:
            raise ConfigError(
                f"{path}:{entry.line_of(key)}: unknown key '{key}' in an acknowledgement "
                f"(allowed: {', '.join(sorted(ENTRY_KEYS))})"
            )
    rule = entry.get("rule")
    if not isinstance(rule, str) or not CODE_RE.match(rule):
        raise ConfigError(
            f"{path}:{entry.line_of('rule')}: an acknowledgement needs a 'rule' code like LKJ101"
        )
    justification = _text(path, entry, "justification")
    if not justification:
        raise ConfigError(
            f"{path}:{entry.line_of('justification')}: the acknowledgement of {rule} needs a "
            "non-empty 'justification' (why the finding is accepted)"
        )
    narrowing = {key: _text(path, entry, key) for key in NARROWING}
    return Acknowledgement(
        rule=rule,
        justification=justification,
        file=str(path),
        line=entry.line,
        **narrowing,
        by=_text(path, entry, "by"),
        date=_text(path, entry, "date"),
    )


def load_acknowledgements(path: Path) -> list[Acknowledgement]:
    """A YAML list of waivers; any problem is a ConfigError naming the file and line."""
    data = load_yaml(path)
    if data is None:  # an empty file waives nothing
        return []
    if not isinstance(data, list):
        where = f"{path}:{data.line}" if isinstance(data, LineDict) else str(path)
        raise ConfigError(f"{where}: expected a list of acknowledgements (- rule: LKJ101 ...)")
    return [_entry(path, number, entry) for number, entry in enumerate(data, 1)]
