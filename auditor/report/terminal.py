"""A plain rich summary of findings for the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditor.i18n import Lang, label

if TYPE_CHECKING:
    from rich.console import Console

    from auditor.engine import AuditResult
    from auditor.findings import Outcome

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def print_findings(result: AuditResult, console: Console, lang: Lang) -> None:
    from rich.table import Table as RichTable

    doc = result.recognition.document
    counts = result.counts()
    console.print(
        f"[bold]{doc.path}[/]: {len(result.recognition.datasets)} {label('tables_found', lang)}, "
        f"{len(result.rules)} {label('rules_run', lang)}; {label('rounding', lang)}: "
        f"{label('rounding_' + result.rounding, lang)}",
        highlight=False,
    )
    table = RichTable(header_style="bold", expand=False)
    for heading in ("rule", "severity", "table", "row", "line", "message"):
        table.add_column(
            label(heading, lang),
            overflow="fold",
            no_wrap=heading in ("rule", "severity", "table", "line"),
        )
    for f in result.findings:
        where = f.subject.line if f.subject.line is not None else f.subject.page
        table.add_row(
            f.rule.code,
            f"[{SEVERITY_STYLE[f.rule.severity]}]{label(f.rule.severity, lang)}[/]",
            f.subject.table or label("prose", lang),
            f.subject.row or "",
            str(where or ""),
            _message(f, lang),
        )
    if result.findings:
        console.print(table)
    console.print(
        ", ".join(f"{counts[s]} {label(s, lang)}" for s in ("error", "warning", "info")),
        style="bold",
    )
    statuses = result.status_counts()
    console.print(
        ", ".join(f"{statuses[s]} {label('status_' + s, lang)}" for s in statuses), style="dim"
    )
    console.print(label("claims", lang, **result.claim_counts()), style="dim")


def _message(finding: Outcome, lang: Lang) -> str:
    """The message, then the diagnosis or the alternatives of an ambiguous finding."""
    parts = [finding.message(lang)]
    if finding.diagnosis:
        parts.append(f"→ {finding.diagnosis_text(lang)}")
    for alternative in finding.alternatives:
        cell = alternative.cell
        parts.append(
            f"? {label('alternative', lang)}: {cell.table} {cell.row} {cell.column} "
            f"{alternative.reported} → {alternative.suggested}"
        )
    return "\n".join(parts)
