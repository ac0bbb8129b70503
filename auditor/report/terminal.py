"""A plain rich summary of findings for the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditor.i18n import Lang, label

if TYPE_CHECKING:
    from rich.console import Console

    from auditor.engine import AuditResult

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
            f.message(lang),
        )
    if result.findings:
        console.print(table)
    console.print(
        ", ".join(f"{counts[s]} {label(s, lang)}" for s in ("error", "warning", "info")),
        style="bold",
    )
