"""Run rule packs over a recognised document and collect the outcomes.

Before the rules run for real, the document's rounding convention is detected the way
statistical offices do it: every rounding-sensitive rule instance is evaluated once as if
the report rounds and once as if it truncates; instances that pass under one convention
only are evidence. With at least `MIN_EVIDENCE` such instances, `MAJORITY` of them for one
side, that convention is adopted; otherwise both are accepted ("either"), so a correct row
never fails for lack of evidence.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.arith import Rounding
from auditor.checks import check_applicable, check_kind, check_messages
from auditor.checks.cells import AuditContext
from auditor.conflicts import group_conflicts
from auditor.coverage import COVERAGE_CHECK, Coverage, assess, blocked_cells, verdict
from auditor.diagnose import diagnose
from auditor.enums import Severity, Verdict
from auditor.findings import Outcome
from auditor.localise import Candidate, apply_localisation, localise
from auditor.model import PROSE

if TYPE_CHECKING:
    from auditor.model import Document
    from auditor.recognise.profiles import TableProfile
    from auditor.recognise.tables import Recognition
    from auditor.rules import Rule

MIN_EVIDENCE = 5
MAJORITY = 0.8
# Judges rules on a context: the native engine, or Great Expectations (auditor/gx/engine.py).
Evaluator = Callable[[list["Rule"], AuditContext], tuple[list[Outcome], "EngineRun"]]


@dataclass(frozen=True)
class EngineRun:
    """Which engine judged which rules, for the report."""

    name: str  # "native" or "gx"
    gx_version: str = ""
    gx_rules: tuple[str, ...] = ()
    native_rules: tuple[tuple[str, str], ...] = ()  # (rule code, i18n label of the reason)
    # Instances GX judged otherwise than the check module: (rule, table, row key, column,
    # GX's verdict); the conformance test requires none.
    disagreements: tuple[tuple[str, str, str, str, str], ...] = ()


@dataclass
class AuditResult:
    recognition: Recognition
    rules: list[Rule]
    outcomes: list[Outcome]  # every tested rule instance, passes included
    findings: list[Outcome]  # failures after localisation, in document order
    rounding: Rounding
    coverage: Coverage  # what was read and checked (auditor/coverage.py)
    engine: EngineRun = field(default_factory=lambda: EngineRun("native"))

    def counts(self) -> dict[Severity, int]:
        counts = Counter(o.rule.severity for o in self.findings)
        return {s: counts[s] for s in Severity}

    def claim_counts(self) -> dict[str, int]:
        """Numeric claims in the prose: found, checked against the tables, not checked
        (subject unclear or nothing to compare with: skipped, never guessed)."""
        from auditor.recognise.claims import claim_statistics

        stats = claim_statistics(self.recognition.document, self.recognition.convention)
        found = stats["figure"] + stats["count"] + stats["amount"] + stats["predicate"]
        checked = sum(1 for o in self.outcomes if o.subject.dataset == PROSE)
        return {"found": found, "checked": checked, "not_checked": max(found - checked, 0)}

    def verdict(self, screened_out: Iterable[Outcome] = ()) -> Verdict:
        """consistent | findings | partly_checked | not_checked (auditor/coverage.py);
        `screened_out`: findings a baseline or acknowledgements took out, which count."""
        return verdict(self.coverage, [*self.findings, *screened_out])

    def status_counts(self) -> dict[str, int]:
        counts = Counter(o.status for o in self.findings)
        return {s: counts.get(s, 0) for s in ("located", "ambiguous", "not_testable")}


def _evaluate(rules: list[Rule], ctx: AuditContext) -> list[Outcome]:
    return [o for rule in rules for o in check_kind(rule.check).evaluate(rule, ctx)]


def detect_rounding(recognition: Recognition, rules: list[Rule]) -> Rounding:
    sensitive = [r for r in rules if check_kind(r.check).rounding_sensitive]

    def verdicts(rounding: Rounding) -> dict:
        return {
            (o.rule.code, o.subject): o.passed
            for o in _evaluate(sensitive, AuditContext(recognition, rounding))
        }

    rounded, truncated = verdicts("round"), verdicts("truncate")
    votes: Counter[str] = Counter()
    for key, passed in rounded.items():
        if key in truncated and passed != truncated[key]:
            votes["round" if passed else "truncate"] += 1
    total = sum(votes.values())
    for rounding in ("round", "truncate"):
        if total >= MIN_EVIDENCE and votes[rounding] >= MAJORITY * total:
            return rounding
    return "either"


def native(rules: list[Rule], ctx: AuditContext) -> tuple[list[Outcome], EngineRun]:
    """The native engine: every rule judged by its check module."""
    return _evaluate(rules, ctx), EngineRun("native")


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run with the cyclic garbage collector's young generation collected every 100,000
    allocations instead of 700. An audit builds many long-lived objects (records,
    outcomes, constraints) and few cycles; with the default thresholds the collector
    re-scans the growing survivors so often that on a 9,000-row table it was half the
    audit time and made growth super-linear (benchmarks/growth.py)."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@fewer_collections()
def audit(
    document: Document,
    rules: list[Rule],
    profiles: list[TableProfile] | None = None,
    detect_with: list[Rule] | None = None,
    evaluate: Evaluator = native,
) -> AuditResult:
    """Audit with `rules`; the rounding convention is detected with `detect_with` (default:
    the same rules), so that selecting a few rules does not change what they conclude.
    `evaluate` judges the rules: `native`, or Great Expectations' (`auditor.gx.engine`),
    chosen by the caller."""
    from auditor.recognise.tables import recognise

    recognition = recognise(document, profiles)
    rounding = detect_rounding(recognition, detect_with or rules)
    ctx = AuditContext(recognition, rounding)
    # The coverage rules name what the others could not check, so they run last, natively.
    coverage_rules = [r for r in rules if r.check == COVERAGE_CHECK]
    checking_rules = [r for r in rules if r.check != COVERAGE_CHECK]
    outcomes, run = evaluate(checking_rules, ctx)
    if run.name != "native":
        reasons = tuple(
            (r.code, check_kind(r.check).native_reason(r) or "") for r in coverage_rules
        )
        run = replace(run, native_rules=run.native_rules + reasons)
    blocked = blocked_cells(recognition, checking_rules, rounding, _evaluate)
    outcomes += _evaluate(coverage_rules, replace(ctx, blocked=blocked))
    failing = [o for o in outcomes if not o.passed]

    def is_known_slip(candidate: Candidate) -> bool:
        # Only a confident slip may break a tie: a lone one-digit substitution is too easy
        # to match by chance.
        diagnosis = diagnose(candidate, ctx)
        return (
            diagnosis is not None
            and diagnosis.confidence == "high"
            and (diagnosis.kind != "recompute")
        )

    localisation = localise(outcomes, is_known_slip)
    vouched = frozenset(
        key
        for o in outcomes
        if o.passed and o.constraint is not None
        for key in o.constraint.cell_keys()
    )
    located = apply_localisation(failing, localisation, ctx, diagnose)
    findings = group_conflicts(located, ctx, vouched)
    coverage = assess(recognition, rules, outcomes)
    return AuditResult(recognition, rules, outcomes, findings, rounding, coverage, run)


def load_rule_set(
    rule_paths: tuple[str | Path, ...],
    select: str,
    ignore: str,
    profiles: list[TableProfile] | None = None,
    profile_paths: tuple[str | Path, ...] = (),
) -> tuple[list[TableProfile], list[Rule], list[Rule]]:
    """What `audit` and `batch` run with: the table profiles (`profiles`, else the bundled
    ones and the reviewer's `--profiles` files), every rule (rounding detection uses them
    all) and the rules selected by --select and --ignore (comma-separated codes). Every
    rule can produce an outcome and names in its messages only placeholders its check kind
    fills."""
    from auditor.recognise.profiles import load_profiles
    from auditor.rules import load_rules, select_rules

    profiles = profiles if profiles is not None else load_profiles(extra=profile_paths)
    every_rule = load_rules([Path(p) for p in rule_paths], profiles)
    check_applicable(every_rule, profiles)
    check_messages(every_rule)
    return profiles, every_rule, select_rules(every_rule, select.split(","), ignore.split(","))
