"""Findings as SARIF 2.1.0, for CI tools (GitHub code scanning and other SARIF viewers).

One run; one reporting descriptor per rule run; one result per finding, located by the
document's line when it has one (text input) and always by a logical location
"table/row/column". Each result carries a partial fingerprint built from what the finding
is about, not where it sits (`finding_key`), so a CI baseline survives edits elsewhere in
the document. Findings acknowledged with a justification (auditor/acknowledge.py) are
results with an external suppression, as SARIF records waivers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from auditor.enums import Severity
from auditor.findings import finding_key
from auditor.report.markdown import inline

if TYPE_CHECKING:
    from auditor.model import CellRef
    from auditor.report.view import AcknowledgedView, AuditReport, FindingView
    from auditor.rules import Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# Versioned: changing what goes into the hash must change the key, or baselines break silently.
FINGERPRINT_KEY = "lkjipFinding/v1"


def artifact_uri(path: str) -> str:
    """The document as a URI reference: relative (to the working directory) when it lies under
    it, so results point into the repository being scanned; else an absolute file URI."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            return p.as_uri()
    return quote(p.as_posix())


def _logical_name(table: str | None, row: str | None, column: str | None) -> str:
    # Language-neutral, so a baseline made with --lang id still matches one made in English.
    return "/".join(p for p in (table or "prose", row, column) if p)


def _location(
    uri: str, line: int | None, table: str | None, row: str | None, column: str | None
) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri, "index": 0}}
    if line is not None:
        physical["region"] = {"startLine": line}
    # A PDF finding has only a page, which a SARIF region cannot express: the logical
    # location (and the result's "page" property) says where it is.
    name = _logical_name(table, row, column)
    return {
        "physicalLocation": physical,
        "logicalLocations": [{"name": name, "fullyQualifiedName": name, "kind": "element"}],
    }


def _related(uri: str, index: int, cell: CellRef) -> dict[str, Any]:
    where = " ".join(p for p in (cell.table, cell.row, cell.column, cell.label) if p)
    return {
        "id": index,
        **_location(uri, cell.line, cell.table, cell.row, cell.column),
        "message": {"text": where},
    }


def _descriptor(rule: Rule, report: AuditReport) -> dict[str, Any]:
    lang = report.lang
    title = rule.text("title", lang) or rule.name
    sections = [
        (report.label(key), text)
        for key, text in (
            ("impact", rule.text("impact", lang)),
            ("recommendation", rule.text("recommendation", lang)),
            ("source", rule.source),
        )
        if text
    ]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": title},
        "fullDescription": {"text": rule.text("description", lang) or title},
        "help": {
            "text": "\n".join(f"{heading}: {text}" for heading, text in sections),
            "markdown": "\n\n".join(f"**{heading}:** {inline(text)}" for heading, text in sections),
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"check": rule.check, "tables": list(rule.tables), "version": rule.version},
    }


def _result(finding: FindingView, rule_index: int, uri: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.condition},
        "locations": [_location(uri, finding.line, finding.table, finding.row, finding.column)],
        "partialFingerprints": {
            FINGERPRINT_KEY: finding_key(
                finding.code,
                finding.table,
                finding.row,
                finding.row_label,
                finding.column,
                finding.reported,
            )
        },
        "properties": {
            "reported": finding.reported,
            "expected": finding.expected,
            "status": finding.status,
            "diagnosis": finding.diagnosis,
            "table": finding.table,
            "row": finding.row,
            "rowLabel": finding.row_label,
            "column": finding.column,
            "columnLabel": finding.column_label,
            "page": finding.page,
        },
    }
    if finding.related:
        result["relatedLocations"] = [
            _related(uri, i, cell) for i, cell in enumerate(finding.related, 1)
        ]
    return result


def _acknowledged(ack: AcknowledgedView, rule_index: int, uri: str) -> dict[str, Any]:
    """An acknowledged finding: a result with an external suppression pointing at its waiver."""
    suppression = {
        "kind": "external",
        "status": "accepted",
        "justification": ack.justification,
        "location": {
            "physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(ack.file)},
                "region": {"startLine": ack.line},
            }
        },
        "properties": {"by": ack.by, "date": ack.date},
    }
    return {**_result(ack.finding, rule_index, uri), "suppressions": [suppression]}


def _notifications(report: AuditReport, uri: str) -> list[dict[str, Any]]:
    """A warning per part not checked (each such table, the pages without text), and the
    verdict when it is not "consistent"."""
    title = report.label("sarif_not_checked")
    notes = [
        {
            "descriptor": {"id": "lkjip-coverage/table"},
            "level": "warning",
            "message": {
                "text": f"{title}: {report.label('table')} {t.id} ({t.kind_title}): "
                + (t.why or t.coverage)
            },
            "locations": [_location(uri, None, t.id, None, None)],
        }
        for t in report.tables
        if not t.checked
    ]
    if report.pages_without_text:
        pages = report.label("coverage_pages", pages=report.pages_without_text)
        notes.append(
            {
                "descriptor": {"id": "lkjip-coverage/pages"},
                "level": "warning",
                "message": {"text": f"{title}: {pages}"},
            }
        )
    if report.verdict != "consistent":
        level = "error" if report.verdict == "not_checked" else "note"
        notes.append(
            {
                "descriptor": {"id": f"lkjip-verdict/{report.verdict}"},
                "level": level,
                "message": {"text": report.verdict_text},
            }
        )
    return notes


def sarif_log(report: AuditReport) -> dict[str, Any]:
    h = report.header
    uri = artifact_uri(h.path)
    rule_index = {rule.code: i for i, rule in enumerate(report.rules)}
    run = {
        "tool": {
            "driver": {
                "name": "lkjip-auditor",
                "version": h.tool_version,
                "semanticVersion": h.tool_version,
                "rules": [_descriptor(rule, report) for rule in report.rules],
            }
        },
        "language": report.lang,
        "artifacts": [
            {
                "location": {"uri": uri},
                "roles": ["analysisTarget"],
                "hashes": {"sha-256": h.sha256},
            }
        ],
        "results": [
            *(_result(f, rule_index[f.code], uri) for f in report.findings),
            *(_acknowledged(a, rule_index[a.finding.code], uri) for a in report.acknowledged),
        ],
        # What could not be checked is not a result (no rule failed) but must not pass
        # unseen: SARIF's tool notifications carry it, and the verdict says what it means.
        "invocations": [
            {"executionSuccessful": True, "toolExecutionNotifications": _notifications(report, uri)}
        ],
        "properties": {
            "verdict": report.verdict,
            "verdictText": report.verdict_text,
            "coverage": report.coverage,
            "agency": h.agency,
            "year": h.year,
            "format": h.format,
            "rounding": h.rounding,
            "numberConvention": h.convention,
            **({"engine": [*h.engine, *h.engine_reasons]} if h.engine else {}),
            "counts": report.counts,
            "statusCounts": report.status_counts,
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report: AuditReport) -> str:
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"
