"""The findings document `lkjip-audit/findings@1`: a public contract (the brief, §6), written
and read here, and described by `FindingsDocument` (its JSON Schema is generated into
docs/schemas/findings.schema.json by `docs/generate.py`).

Additive to findings@1 and present only when the run used them: with --acknowledgements,
`acknowledged` (each waived finding with the waiver that matched it) and
`unused_acknowledgements` (waivers that matched nothing), both also counted in `summary`;
with --baseline, `summary.baselined` (findings not reported again); with --engine gx,
`engine` (see `engine_dict`). `findings` and the severity counts are what remains.
Always present since the coverage issue, also additive: `summary.verdict` and
`summary.coverage` (auditor/coverage.py).

A baseline (`--baseline FILE`) is such a document read back: only each finding's identity
is used (`finding_key`), so a baseline written by an earlier version still reads.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from auditor import __version__
from auditor.enums import Severity, Status, Verdict
from auditor.errors import ConfigError
from auditor.findings import finding_key
from auditor.i18n import Lang, label
from auditor.schema import validated
from auditor.yamlfile import read_side_file

if TYPE_CHECKING:
    from auditor.acknowledge import Screening
    from auditor.engine import AuditResult, EngineRun
    from auditor.findings import Outcome

FINDINGS_SCHEMA = "lkjip-audit/findings@1"


# --- the contract --------------------------------------------------------------------------


class _Contract(BaseModel):
    """What the writer promises: no key beyond these (additions are versioned here)."""

    model_config = ConfigDict(extra="forbid")


class Place(_Contract):
    table: str | None
    row: str | None
    column: str | None
    line: int | None = Field(description="1-based line of a text input; null otherwise")
    page: int | None = Field(description="1-based page of a PDF; null otherwise")
    source: dict[str, int | str] | None = Field(
        description="everything the reader knows of the place: DOCX table/row/paragraph "
        "ordinals, XLSX sheet and cell"
    )


class DiagnosisEntry(_Contract):
    kind: str
    suggested: str
    confidence: Literal["high", "medium", "low"]
    explanation: str


class AlternativeEntry(Place):
    reported: str
    suggested: str


class Finding(Place):
    rule: str
    severity: Severity
    message: str
    row_label: str
    reported: str | None
    expected: str | None
    expected_interval: list[int | float] | None = Field(min_length=2, max_length=2)
    related: list[Place]
    diagnosis: DiagnosisEntry | None
    status: Status
    explains: list[str]
    recompute: list[Place]
    alternatives: list[AlternativeEntry]


class Acknowledgement(_Contract):
    rule: str
    table: str | None
    row: str | None
    column: str | None
    reported: str | None
    justification: str
    by: str | None
    date: str | None
    file: str
    line: int


class AcknowledgedFinding(Finding):
    acknowledgement: Acknowledgement


class TableEntry(_Contract):
    id: str
    kind: str | None
    line: int | None
    page: int | None
    rows: int


class Claims(_Contract):
    found: int
    checked: int
    not_checked: int


class Summary(_Contract):
    error: int
    warning: int
    info: int
    located: int
    ambiguous: int
    not_testable: int
    claims: Claims
    tables: int
    rules: int
    rounding: Literal["round", "truncate", "either"]
    number_convention: Literal["id", "en"]
    verdict: Verdict
    coverage: dict[str, Any] = Field(description="what was read and checked (README: Coverage)")
    acknowledged: int | None = None
    unused_acknowledgements: int | None = None
    baselined: int | None = None


class Tool(_Contract):
    name: Literal["lkjip-auditor"]
    version: str


class Source(_Contract):
    path: str
    format: Literal["text", "docx", "pdf", "xlsx"]
    sha256: str


class FindingsDocument(_Contract):
    """A findings document as `lkjip-audit audit --format json` writes it."""

    schema_: Literal["lkjip-audit/findings@1"] = Field(alias="schema")
    tool: Tool
    source: Source
    summary: Summary
    tables: list[TableEntry]
    findings: list[Finding]
    engine: dict[str, Any] | None = None
    acknowledged: list[AcknowledgedFinding] | None = None
    unused_acknowledgements: list[Acknowledgement] | None = None


# --- writing -------------------------------------------------------------------------------


def findings_document(
    result: AuditResult, lang: Lang, screening: Screening | None = None
) -> dict[str, Any]:
    doc = result.recognition.document
    screened_out = screening.screened_out() if screening is not None else []
    document: dict[str, Any] = {
        "schema": FINDINGS_SCHEMA,
        "tool": {"name": "lkjip-auditor", "version": __version__},
        "source": {"path": doc.path, "format": doc.format, "sha256": doc.sha256},
        "summary": {
            **result.counts(),
            **result.status_counts(),
            "claims": result.claim_counts(),
            "tables": len(result.recognition.datasets),
            "rules": len(result.rules),
            "rounding": result.rounding,
            "number_convention": result.recognition.convention,
            "verdict": result.verdict(screened_out),
            "coverage": result.coverage.to_dict(),
        },
        "tables": [
            {
                "id": d.id,
                "kind": d.kind,
                "line": d.table.location.line,
                "page": d.table.location.page,
                "rows": len(d.records),
            }
            for d in result.recognition.datasets
        ],
        "findings": [finding_dict(o, lang) for o in result.findings],
    }
    if result.engine.name != "native":
        document["engine"] = engine_dict(result.engine, lang)
    if screening is not None and screening.acknowledgements_given:
        document["summary"]["acknowledged"] = len(screening.acknowledged)
        document["summary"]["unused_acknowledgements"] = len(screening.unused)
        document["acknowledged"] = [
            {**finding_dict(o, lang), "acknowledgement": a.to_dict()}
            for o, a in screening.acknowledged
        ]
        document["unused_acknowledgements"] = [a.to_dict() for a in screening.unused]
    if screening is not None and screening.baselined is not None:
        document["summary"]["baselined"] = len(screening.baselined)
    return document


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


def finding_dict(outcome: Outcome, lang: Lang) -> dict[str, Any]:
    subject = outcome.subject
    interval = outcome.interval
    return {
        "rule": outcome.rule.code,
        "severity": outcome.rule.severity,
        "message": outcome.message(lang),
        "table": subject.table,
        "row": subject.row,
        "row_label": subject.label,
        "column": subject.column,
        "line": subject.line,
        "page": subject.page,
        "source": subject.source_dict(),
        "reported": outcome.reported,
        "expected": outcome.expected,
        # JSON numbers for tools; exact decimal strings stay in "expected".
        "expected_interval": [_number(interval.lo), _number(interval.hi)] if interval else None,
        "related": [r.to_dict() for r in outcome.related],
        "diagnosis": {
            "kind": outcome.diagnosis.kind,
            "suggested": outcome.diagnosis.suggested,
            "confidence": outcome.diagnosis.confidence,
            "explanation": outcome.diagnosis_text(lang),
        }
        if outcome.diagnosis
        else None,
        "status": outcome.status,
        "explains": list(outcome.explains),
        "recompute": [r.to_dict() for r in outcome.recompute],
        "alternatives": [
            {**a.cell.to_dict(), "reported": a.reported, "suggested": a.suggested}
            for a in outcome.alternatives
        ],
    }


def engine_dict(run: EngineRun, lang: Lang) -> dict[str, Any]:
    """`--engine gx` only (additive to findings@1): which rules GX judged, which ran
    natively and why, and any instance GX judged otherwise than the check module."""
    return {
        "name": run.name,
        "great_expectations": run.gx_version,
        "rules": list(run.gx_rules),
        "native_rules": [
            {"rule": code, "reason": label(reason, lang)} for code, reason in run.native_rules
        ],
        "disagreements": [
            dict(zip(("rule", "table", "row_key", "column", "gx_verdict"), d, strict=True))
            for d in run.disagreements
        ],
    }


# --- reading a baseline --------------------------------------------------------------------


class _BaselineFinding(BaseModel):
    """What identifies a finding (`finding_key`); the rest of it is not needed."""

    model_config = ConfigDict(extra="ignore")

    rule: str
    table: str | None = None
    row: str | None = None
    row_label: str | None = None
    column: str | None = None
    reported: str | None = None


class _Baseline(BaseModel):
    model_config = ConfigDict(extra="ignore")

    schema_: Literal["lkjip-audit/findings@1"] = Field(alias="schema")
    findings: list[_BaselineFinding]


def load_baseline(path: Path) -> Counter[str]:
    """The keys of the findings in a findings JSON (`lkjip-audit audit --format json`)."""
    text = read_side_file(path)  # a regular file within --max-side-mb, else ConfigError
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    except RecursionError:  # [[[[… : the decoder recurses once per level
        raise ConfigError(f"{path}: invalid JSON: nested too deeply") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise ConfigError(f"{path}: invalid JSON: {str(exc).split(':')[0]}") from None
    if not isinstance(data, dict) or data.get("schema") != FINDINGS_SCHEMA:
        raise ConfigError(
            f"{path}: not a {FINDINGS_SCHEMA} document; write a baseline with "
            "`lkjip-audit audit --write-baseline FILE` (or --format json --output FILE)"
        )
    baseline = validated(_Baseline, data, path)
    return Counter(
        finding_key(f.rule, f.table, f.row, f.row_label or "", f.column, f.reported)
        for f in baseline.findings
    )
