"""Single-cell mutation testing of the rule pack on a clean (repaired) report.

Every numeric cell that at least one value rule looks at (format, numbering and presence
checks do not count: they cannot tell a wrong number from a right one) gets the slips
people really make: a one-digit change, an adjacent-digit transposition, ×100 or ÷100 on a
percentage, a thousands/decimal separator slip, and the value copied from the row above.
Each mutant is audited from scratch; it counts as detected when a finding that the clean
report did not have names the mutated cell — as its subject, or as a related cell. Cells
no rule covers are listed: they show where a rule is missing.

    python tests/mutations.py [REPORT]     # prints the table; the test suite asserts ≥ 95 %
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path

from auditor.coverage import checked_cells
from auditor.engine import AuditResult, audit
from auditor.ingest.text import parse_text
from auditor.model import Document
from auditor.numbers import format_number, parse_number
from auditor.recognise.profiles import load_profiles
from auditor.rules import load_rules

REPAIRED = (
    Path(__file__).resolve().parent.parent
    / "datasets"
    / ("lkjip-sumenep-dinsos-p3a-2023-repaired.txt")
)
NUMBER_TOKEN = re.compile(r"[0-9](?:[0-9.,]*[0-9])?")
PERCENT_COLUMNS = {"capaian", "penyerapan", "efisiensi"}


@dataclass(frozen=True)
class Cell:
    dataset: int
    frame_row: int
    table: str
    row: str
    column: str
    line: int
    index: int  # 0-based field index in the TAB-separated line
    raw: str


@dataclass(frozen=True)
class Mutation:
    cell: Cell
    kind: str
    after: str


@dataclass
class MutationReport:
    total: int = 0
    at_subject: int = 0  # a new finding's own row is the mutated row
    named: int = 0  # a new finding names the mutated cell (as subject or related cell)
    diagnosed: Counter = field(default_factory=Counter)  # by kind: the slip named right
    corrected: Counter = field(default_factory=Counter)  # by kind: the original suggested
    by_kind: Counter = field(default_factory=Counter)
    detected_by_kind: Counter = field(default_factory=Counter)
    missed: list[Mutation] = field(default_factory=list)
    uncovered: list[Cell] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.named / self.total if self.total else 0.0

    @property
    def row_rate(self) -> float:
        return self.at_subject / self.total if self.total else 0.0

    def share(self, counter: Counter, kind: str) -> float:
        return counter[kind] / self.by_kind[kind] if self.by_kind[kind] else 0.0


@cache
def _rule_pack() -> tuple:
    """Profiles and rules, loaded once per worker process."""
    profiles = load_profiles()
    return profiles, load_rules([], profiles)


def _audit_text(text: str) -> AuditResult:
    profiles, rules = _rule_pack()
    document = Document(path="mutant", format="text", sha256="", blocks=parse_text(text))
    return audit(document, rules, profiles)


def _cells(result: AuditResult) -> tuple[list[Cell], list[Cell]]:
    """(numeric cells some rule covers, numeric cells no rule covers)."""
    covered = checked_cells(result.outcomes)
    inside, outside = [], []
    for ordinal, dataset in enumerate(result.recognition.datasets):
        for column in dataset.columns:
            if column.type != "number":
                continue
            for i, record in enumerate(dataset.records):
                raw = record.get(f"{column.name}__raw") or ""
                if not NUMBER_TOKEN.search(raw) or record.get("line") is None:
                    continue
                key = record.get("key")
                cell = Cell(
                    ordinal,
                    i,
                    dataset.id,
                    key if isinstance(key, str) else str(record["row"]),
                    column.name,
                    int(record["line"]),
                    column.index,
                    raw,
                )
                (inside if (ordinal, i, column.name) in covered else outside).append(cell)
    return inside, outside


def _replace_token(raw: str, new_token: str) -> str:
    match = NUMBER_TOKEN.search(raw)
    assert match is not None
    return raw[: match.start()] + new_token + raw[match.end() :]


def _digit_positions(token: str) -> list[int]:
    return [i for i, ch in enumerate(token) if ch.isdigit()]


def mutations(cell: Cell, above: str | None, convention: str) -> list[Mutation]:
    token = NUMBER_TOKEN.search(cell.raw).group()  # type: ignore[union-attr]
    digits = _digit_positions(token)
    out: list[tuple[str, str]] = []
    # One-digit change at the middle digit (never turning a leading digit into 0).
    pos = digits[len(digits) // 2]
    old = int(token[pos])
    new = (old + 1) % 10 if not (pos == digits[0] and old == 9 and len(digits) > 1) else 8
    out.append(("digit", token[:pos] + str(new) + token[pos + 1 :]))
    # Adjacent transposition: the middle-most pair of different neighbouring digits.
    pairs = [(a, b) for a, b in pairwise(digits) if b == a + 1 and token[a] != token[b]]
    if pairs:
        a, b = pairs[len(pairs) // 2]
        out.append(("transpose", token[:a] + token[b] + token[a] + token[b + 1 :]))
    # ×100 / ÷100 on a percentage.
    if cell.column in PERCENT_COLUMNS or "%" in cell.raw:
        parsed = parse_number(cell.raw, convention)  # type: ignore[arg-type]
        if parsed.value is not None:
            factor = Decimal(100) if abs(parsed.value) < 100 else Decimal("0.01")
            out.append(
                ("scale100", format_number(parsed.value * factor, parsed.decimals, convention))
            )  # type: ignore[arg-type]
    # Separator slip: the decimal comma typed as a dot, or the last thousands dot as a comma.
    decimal_sep, thousands_sep = (",", ".") if convention == "id" else (".", ",")
    if decimal_sep in token:
        out.append(("separator", token.replace(decimal_sep, thousands_sep)))
    elif thousands_sep in token:
        i = token.rfind(thousands_sep)
        out.append(("separator", token[:i] + decimal_sep + token[i + 1 :]))
    result = [Mutation(cell, kind, _replace_token(cell.raw, new_token)) for kind, new_token in out]
    if above is not None and above.strip() != cell.raw.strip():
        result.append(Mutation(cell, "neighbour", above))
    return [m for m in result if m.after != cell.raw]


def apply(text: str, mutation: Mutation) -> str:
    lines = text.split("\n")
    fields = lines[mutation.cell.line - 1].split("\t")
    fields[mutation.cell.index] = mutation.after
    lines[mutation.cell.line - 1] = "\t".join(fields)
    return "\n".join(lines)


def _finding_keys(result: AuditResult) -> set[tuple]:
    return {(f.rule.code, f.subject, f.reported) for f in result.findings}


# The diagnosis kinds that name each injected slip.
DIAGNOSES = {
    "digit": {"digit_substitution", "digit_insertion", "digit_omission"},
    "transpose": {"digit_transposition"},
    "scale100": {"scale_slip"},
    "separator": {"separator", "scale_slip"},
    "neighbour": {"neighbour_copy", "copied_value"},
}


@dataclass(frozen=True)
class Verdict:
    mutation: Mutation
    at_subject: bool
    named: bool
    diagnosed: bool
    corrected: bool


def _verdict(args: tuple[str, Mutation, set[tuple], str]) -> Verdict:
    text, mutation, baseline, convention = args
    result = _audit_text(apply(text, mutation))
    at_subject = named = diagnosed = corrected = False
    cell = mutation.cell
    original = parse_number(cell.raw, convention)  # type: ignore[arg-type]
    for f in result.findings:
        if (f.rule.code, f.subject, f.reported) in baseline:
            continue
        here = f.subject.dataset == cell.dataset and f.subject.frame_row == cell.frame_row
        if here:
            at_subject = named = True
        elif any(
            r.dataset == cell.dataset and r.frame_row == cell.frame_row and r.column == cell.column
            for r in f.related
        ):
            named = True
        if here and f.subject.column == cell.column and f.diagnosis is not None:
            diagnosed = diagnosed or f.diagnosis.kind in DIAGNOSES[mutation.kind]
            suggested = parse_number(f.diagnosis.suggested, convention)  # type: ignore[arg-type]
            corrected = corrected or suggested.value == original.value
    return Verdict(mutation, at_subject, named, diagnosed, corrected)


def mutants(text: str) -> tuple[AuditResult, list[Mutation], list[Cell]]:
    """The clean report's audit, every mutation of the cells rules cover, and the cells
    no rule covers."""
    baseline = _audit_text(text)
    convention = baseline.recognition.convention
    covered, uncovered = _cells(baseline)
    above_of: dict[tuple, str] = {}
    for cell in covered + uncovered:
        dataset = baseline.recognition.datasets[cell.dataset]
        if cell.frame_row > 0:
            above_of[(cell.dataset, cell.frame_row, cell.column)] = (
                dataset.records[cell.frame_row - 1].get(f"{cell.column}__raw") or ""
            )
    every = [
        m
        for cell in covered
        for m in mutations(
            cell, above_of.get((cell.dataset, cell.frame_row, cell.column)), convention
        )
    ]
    return baseline, every, uncovered


def run(text: str, workers: int = 2) -> MutationReport:
    baseline, every, uncovered = mutants(text)
    keys = _finding_keys(baseline)
    convention = baseline.recognition.convention
    jobs = [(text, m, keys, convention) for m in every]
    report = MutationReport(uncovered=uncovered)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for verdict in pool.map(_verdict, jobs, chunksize=16):
            kind = verdict.mutation.kind
            report.total += 1
            report.by_kind[kind] += 1
            report.at_subject += verdict.at_subject
            report.named += verdict.named
            report.diagnosed[kind] += verdict.diagnosed
            report.corrected[kind] += verdict.corrected
            if verdict.named:
                report.detected_by_kind[kind] += 1
            else:
                report.missed.append(verdict.mutation)
    return report


def describe(report: MutationReport) -> str:
    lines = [
        f"mutants: {report.total}; detected naming the mutated cell: {report.named} "
        f"({report.rate:.1%}); with the finding's subject on the mutated row: "
        f"{report.at_subject} ({report.at_subject / max(report.total, 1):.1%})",
    ]
    lines.append("  slip        detected  slip named  original suggested")
    for kind, n in sorted(report.by_kind.items()):
        lines.append(
            f"  {kind:<10} {report.detected_by_kind[kind]:>4} / {n:<4} "
            f"{report.diagnosed[kind] / n:>8.1%} {report.corrected[kind] / n:>12.1%}"
        )
    for m in report.missed:
        lines.append(
            f"  missed: {m.kind} {m.cell.table} row {m.cell.row} {m.cell.column} "
            f"(line {m.cell.line}): {m.cell.raw!r} -> {m.after!r}"
        )
    for c in report.uncovered:
        lines.append(
            f"  no rule covers: {c.table} row {c.row} {c.column} (line {c.line}): {c.raw!r}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else REPAIRED
    print(describe(run(path.read_text(encoding="utf-8"))))
