"""The findings document `lkjip-audit/findings@1` (a public contract: see the brief §6)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auditor import __version__
from auditor.findings import finding_dict

if TYPE_CHECKING:
    from auditor.engine import AuditResult

FINDINGS_SCHEMA = "lkjip-audit/findings@1"


def findings_document(result: AuditResult, lang: str) -> dict[str, Any]:
    doc = result.recognition.document
    return {
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
