"""The findings report as one self-contained HTML page, to read in a browser or print.

Everything is inline (CSS, JS, no fonts or URLs), so the file can be mailed or attached to
working papers as it is. The output is deterministic (no clock, no random ids) because the
committed sample is checked for drift. Document text is untrusted: Jinja2 autoescapes it,
and a Content-Security-Policy allows only the page's own style and script (by hash), so
even a markup slip could neither run injected script nor load anything from the network.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache

import jinja2
from markupsafe import Markup

from auditor.enums import SEVERITIES
from auditor.report.view import AuditReport, FindingView, TableView

# A printed number (with its %, Rp, sign or brackets), not a code like 2.1.2 or 1.: numbers
# are right-aligned and never wrapped, so they are never cut.
_NUMBER = re.compile(r"^(Rp\.?\s*)?[(+\-−]?\d+([.,]\d{3})*([.,]\d+)?\s*%?\)?$")


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("auditor.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.tests["number"] = _is_number
    return environment


def _inline(name: str) -> tuple[Markup, str]:
    """Our own stylesheet or script, and its CSP hash source."""
    environment = _environment()
    assert environment.loader is not None
    text, _, _ = environment.loader.get_source(environment, name)
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(text), f"'sha256-{digest}'"


def _numeric_columns(table: TableView) -> set[str]:
    """Columns to right-align: some numbers, and nothing else with digits (so not 1.1, 2.1.3)."""
    numeric = set()
    for index, (name, _) in enumerate(table.columns):
        with_digits = [r[index] for r in table.rows if any(c.isdigit() for c in r[index])]
        if with_digits and all(_is_number(text) for text in with_digits):
            numeric.add(name)
    return numeric


def _anchor(report: AuditReport, finding: FindingView) -> str | None:
    """The id of what a finding points at: its cell, else its row, else its table."""
    if not 0 <= finding.dataset < len(report.tables):
        return None
    table = report.tables[finding.dataset]
    if not 0 <= finding.frame_row < len(table.rows):
        return f"table-{table.ordinal}"
    names = [name for name, _ in table.columns]
    if finding.column in names:
        return f"cell-{table.ordinal}-{finding.frame_row}-{names.index(finding.column)}"
    return f"row-{table.ordinal}-{finding.frame_row}"


def render(report: AuditReport) -> str:
    style, style_hash = _inline("report.css")
    script, script_hash = _inline("report.js")
    findings = {f.number: f for f in report.findings}
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    # by_table() names tables by id; link each to the first table with findings of that id.
    table_ids: dict[str, int] = {}
    for table in report.tables:
        if any(table.counts.values()):
            table_ids.setdefault(table.id, table.ordinal)

    def worst(numbers: list[int]) -> str:
        return min((findings[n].severity for n in numbers), key=rank.__getitem__)

    def mark_title(numbers: list[int]) -> str:
        """The plain-text twin of a marked cell's tooltip, for the title attribute."""
        parts = []
        for n in numbers:
            f = findings[n]
            part = f"#{n} {f.code} {f.severity_label}: {f.message}"
            if f.expected:
                part += f"\n{report.label('expected')}: {f.expected}"
            parts.append(part)
        return "\n\n".join(parts)

    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            h=report.header,
            label=report.label,
            severities=SEVERITIES,
            rank=rank,
            findings=findings,
            anchors={f.number: _anchor(report, f) for f in report.findings},
            table_ids=table_ids,
            numeric={t.ordinal: _numeric_columns(t) for t in report.tables},
            worst=worst,
            mark_title=mark_title,
            style=style,
            script=script,
            csp=(
                f"default-src 'none'; style-src {style_hash}; script-src {script_hash}; "
                "base-uri 'none'; form-action 'none'"
            ),
        )
    )
