"""The rich terminal report: a header panel, a summary, then findings grouped by table.

Colours are mid-luminance 256-colour tones (no black or white text), so they read on
light and dark terminals alike; rich drops them when the output is not a terminal or
`NO_COLOR` is set. Numbers sit in their own no-wrap columns sized to their longest value,
so a narrow terminal wraps the prose and never cuts a number.

Whatever comes from the document or the files given (its path, table ids, row names,
messages quoting it, acknowledgement files) is laid out as `rich.text.Text`, never parsed
as markup, and with control characters shown as escapes (`auditor.errors.printable`): a
file named "LKjIP [final].txt" keeps its brackets, "lap[/b].txt" is not a markup error,
and an escape sequence in a name cannot reach the terminal.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from auditor.enums import Severity
from auditor.errors import printable
from auditor.model import PROSE

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

    from auditor.report.view import AuditReport, FindingView

SEVERITY_STYLE = {
    Severity.ERROR: "bold red3",
    Severity.WARNING: "bold dark_orange3",
    Severity.INFO: "deep_sky_blue3",
}
# Acknowledgements that matched nothing, listed one per line up to this many: a file of
# 10⁵ stale waivers would otherwise take minutes to lay out. The JSON lists them all.
UNUSED_SHOWN = 20
VERDICT_STYLE = {
    "consistent": "green",
    "findings": "bold red3",
    "partly_checked": "bold dark_orange3",
    "not_checked": "bold red3",
}


def literal(value: object, style: str = "") -> Text:
    """Text shown as it is written: never markup, control characters escaped."""
    from rich.text import Text

    return Text(printable(str(value)), style=style)


def print_report(report: AuditReport, console: Console, verbosity: int = 0) -> None:
    """verbosity -1: header and summary only; 0: findings too; 1: criteria, impact, fix."""
    console.print(_header(report, verbosity))
    console.print(_summary(report))
    if verbosity >= 0:
        for (_, table_label), findings in groupby(
            _grouped(report.findings), key=lambda f: (f.dataset, f.table_label)
        ):
            console.print(_finding_group(report, table_label, list(findings), verbosity))
        if report.findings and verbosity == 0:
            console.print(report.label("more_in_verbose"), style="dim", highlight=False)
    console.print(report.claims, style="dim", highlight=False)
    console.print(_verdict(report))


def _verdict(report: AuditReport) -> RenderableType:
    """The closing sentence, coloured by verdict: green only when everything was checked."""
    from rich.text import Text

    text = Text(f"{report.label('verdict')}: ", style="bold")
    text.append(report.verdict_text, style=VERDICT_STYLE[report.verdict])
    return text


def _grouped(findings: list[FindingView]) -> list[FindingView]:
    """Findings grouped by table, groups in the order their first finding appears."""
    first: dict[int, int] = {}
    for f in findings:
        first.setdefault(f.dataset, f.number)
    return sorted(findings, key=lambda f: (first[f.dataset], f.number))


def _header(report: AuditReport, verbosity: int) -> RenderableType:
    from rich.panel import Panel
    from rich.table import Table

    h = report.header
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    rows = [
        ("document", f"{h.path} ({h.format})"),
        ("agency", h.agency or report.label("not_recognised")),
        ("report_year", str(h.year) if h.year else report.label("not_recognised")),
        (
            "tables_read",
            report.label("tables_recognised", read=h.tables_read, recognised=h.tables_recognised),
        ),
        ("coverage", report.coverage),
        ("rules_run_title", report.rules_line),
        ("rounding", h.rounding),
        ("convention", h.convention),
    ]
    for key, value in rows:
        grid.add_row(literal(report.label(key)), literal(value))
    engine = h.engine + (h.engine_reasons if verbosity > 0 else ())
    for n, line in enumerate(engine):
        grid.add_row(literal(report.label("engine") if n == 0 else ""), literal(line))
    return Panel(
        grid,
        title=f"[bold]{report.label('report_title')}[/]",
        title_align="left",
        subtitle=f"lkjip-auditor {h.tool_version}",
        subtitle_align="right",
        expand=False,
    )


def _severity(report: AuditReport, severity: Severity, text: str | None = None) -> str:
    return f"[{SEVERITY_STYLE[severity]}]{text or report.label(severity)}[/]"


def _summary(report: AuditReport) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    totals = "   ".join(
        _severity(report, s, f"{report.counts[s]} {report.label(s)}") for s in Severity
    )
    parts: list[RenderableType] = [
        Text.from_markup(f"[bold]{report.label('summary')}:[/] {totals}")
    ]
    rows = report.by_table()
    if rows:
        table = Table(title=report.label("by_table"), title_justify="left", header_style="bold")
        table.add_column(report.label("table"), no_wrap=True)
        table.add_column(report.label("kind"), overflow="fold")
        for s in Severity:
            table.add_column(_severity(report, s), justify="right", no_wrap=True)
        for table_label, kind, counts in rows:
            table.add_row(
                literal(table_label),
                literal(kind),
                *(_severity(report, s, str(counts[s])) if counts[s] else "·" for s in Severity),
            )
        parts.append(table)
    statuses = ", ".join(
        f"{count} {report.label('status_' + status)}"
        for status, count in report.status_counts.items()
    )
    parts.append(Text(statuses, style="dim"))
    if not_reported := report.not_reported():
        parts.append(literal(not_reported, style="dim"))
    unused = report.unused_acknowledgements
    warning = SEVERITY_STYLE[Severity.WARNING]
    parts.extend(
        literal(f"{report.label('warning')}: {line}", warning) for line in unused[:UNUSED_SHOWN]
    )
    if len(unused) > UNUSED_SHOWN:  # the rest counted: "… +99.980 (--format json)"
        from auditor.report.view import count_text

        more = count_text(len(unused) - UNUSED_SHOWN, report.lang)
        parts.append(literal(f"{report.label('warning')}: … +{more} (--format json)", warning))
    return Group(*parts)


def _finding_group(
    report: AuditReport, table_label: str, findings: list[FindingView], verbosity: int
) -> RenderableType:
    """One block per finding (like a linter's output), so any width wraps only prose."""
    from rich.console import Group
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    first = findings[0]
    if first.table is None:
        title = report.label(
            "findings_in_prose" if first.dataset >= PROSE else "findings_in_document"
        )
    else:
        kind = next((t.kind_title for t in report.tables if t.ordinal == first.dataset), "")
        title = f"{report.label('findings_in_table', table=table_label)} — {kind}"
    grid = Table.grid(padding=(0, 1, 1, 0))
    shown = printable  # every piece below may quote the document or a rule pack
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    for f in findings:
        body = Text()
        body.append(f"{f.code} {f.severity_label}", style=SEVERITY_STYLE[f.severity])
        where = [f"{report.label('row')} {f.row}" if f.row else "", f.column_label, f.where]
        body.append("  " + shown(" · ".join(w for w in where if w)), style="bold")
        values = _values(f)
        if values:
            body.append(f"\n{report.label('printed_expected')}: ", style="dim")
            body.append(shown(values), style="bold")
        body.append(f"\n{shown(f.message)}")
        for extra in ([f"→ {f.diagnosis}"] if f.diagnosis else []) + list(f.alternatives):
            body.append(f"\n{shown(extra)}", style="italic")
        if verbosity > 0:
            for key, text in (
                ("criteria", f.criteria),
                ("impact", f.impact),
                ("recommendation", f.recommendation),
                ("source", f.source),
            ):
                if text:
                    body.append(f"\n{report.label(key)}: ", style="bold")
                    body.append(shown(text))
        grid.add_row(Text(f"{f.number}.", style="bold"), body)
    return Group(Rule(literal(title, style="bold"), align="left"), grid)


def _values(f: FindingView) -> str:
    if f.reported and f.expected:
        return f"{f.reported} → {f.expected}"
    return f.reported or f.expected
