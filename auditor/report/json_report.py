"""The findings document `lkjip-audit/findings@1` (a public contract: see the brief §6).

Additive to findings@1 and present only when the run used them: with --acknowledgements,
`acknowledged` (each waived finding with the waiver that matched it) and
`unused_acknowledgements` (waivers that matched nothing), both also counted in `summary`;
with --baseline, `summary.baselined` (findings not reported again); with --engine gx,
`engine` (see `engine_dict`). `findings` and the severity counts are what remains.
Always present since the coverage issue, also additive: `summary.verdict` (consistent,
findings, partly_checked or not_checked) and `summary.coverage` (`Coverage.to_dict`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auditor import __version__
from auditor.findings import finding_dict
from auditor.i18n import label

if TYPE_CHECKING:
    from auditor.acknowledge import Screening
    from auditor.engine import AuditResult, EngineRun

FINDINGS_SCHEMA = "lkjip-audit/findings@1"


def findings_document(
    result: AuditResult, lang: str, screening: Screening | None = None
) -> dict[str, Any]:
    doc = result.recognition.document
    screened_out = screening.screened_out() if screening is not None else []
    document = {
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
                "rows": len(d.frame),
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


def engine_dict(run: EngineRun, lang: str) -> dict[str, Any]:
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
