"""The findings report as Markdown (GitHub-flavoured), for pasting into a review memo.

Layout lives in `templates/findings.md.j2`; this module groups the findings by table and
provides the escaping filters. Every text from the document (row names, quotes from the
prose) is escaped, so a report cannot inject links, HTML or table columns into the memo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from auditor.enums import SEVERITIES
from auditor.model import DOCUMENT, PROSE

if TYPE_CHECKING:
    import jinja2

    from auditor.report.view import AuditReport, FindingView

# Characters CommonMark/GFM give a meaning inside a line: emphasis, code, links, raw HTML,
# strikethrough, table cells, a heading's closing #s and GitHub's $math$. Entities ("&amp;")
# are escaped separately so a plain "A & B" stays readable in the raw text.
_INLINE = re.compile(r"([\\`*_\[\]<|~$#])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_NEWLINES = re.compile(r"\s*\n\s*")


def inline(text: object) -> str:
    """Text as one line of Markdown that renders literally."""
    escaped = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", str(text)))
    return _NEWLINES.sub(" ", escaped).strip()


def cell(text: object) -> str:
    """Text for a GFM table cell: escaped, with line breaks kept as <br>."""
    parts = [inline(part) for part in str(text).splitlines()]
    return "<br>".join(p for p in parts if p)


def code(text: object) -> str:
    """A code span that holds any text: the fence is longer than any backtick run inside.
    An empty value (a blank cell) is a dash, as an empty code span would show its fences."""
    value = " ".join(str(text).split())
    if not value:
        return "—"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


@dataclass(frozen=True)
class FindingGroup:
    heading: str
    caption: str  # the table's caption and where it starts; empty for the prose
    findings: list[FindingView]


def _groups(report: AuditReport) -> list[FindingGroup]:
    """Findings by table in document order, the prose last (as `AuditReport.by_table`)."""
    groups = []
    for table in report.tables:
        findings = [f for f in report.findings if f.dataset == table.ordinal]
        if findings:
            heading = report.label("findings_in_table", table=table.id)
            caption = ", ".join(p for p in (table.caption, table.where) if p)
            groups.append(FindingGroup(f"{heading} · {table.kind_title}", caption, findings))
    for dataset, heading in ((PROSE, "findings_in_prose"), (DOCUMENT, "findings_in_document")):
        findings = [f for f in report.findings if f.dataset == dataset]
        if findings:
            groups.append(FindingGroup(report.label(heading), "", findings))
    return groups


def location(finding: FindingView, report: AuditReport) -> str:
    """Table, row (and its name), column, line or page, as one line of plain text."""
    parts = []
    if finding.table is None:
        parts.append(finding.table_label)
    else:
        parts.append(f"{report.label('table')} {finding.table_label}")
    if finding.row:
        row = f"{report.label('row').lower()} {finding.row}"
        parts.append(f"{row} ({finding.row_label})" if finding.row_label else row)
    elif finding.row_label and finding.row_label != finding.column_label:
        parts.append(finding.row_label)  # prose: the indicator the sentence is about
    if finding.column_label:
        parts.append(f"{report.label('column').lower()} {finding.column_label}")
    if finding.where:
        parts.append(finding.where)
    return " · ".join(parts)


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("auditor.report", "templates"),
        autoescape=False,  # Markdown, not HTML: the filters below escape instead
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=inline, cell=cell, code=code)
    return env


def render(report: AuditReport) -> str:
    template = _environment().get_template("findings.md.j2")
    text = template.render(
        report=report,
        label=report.label,
        groups=_groups(report),
        location=lambda f: location(f, report),
        severities=SEVERITIES,
    )
    # One blank line between blocks and a single final newline, whatever the branches emit.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
