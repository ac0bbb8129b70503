"""Render what was extracted (`lkjip-audit tables`): as data and as a rich terminal view."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich.markup import escape

from auditor import __version__
from auditor.checks.coverage import why_not_recognised
from auditor.errors import printable
from auditor.i18n import Lang, label
from auditor.numbers import Convention, format_number
from auditor.recognise.units import unit_name

if TYPE_CHECKING:
    from rich.console import Console

    from auditor.recognise.tables import CellProblem, Dataset, Recognition

TABLES_SCHEMA = "lkjip-audit/tables@1"


def _plain(value: object) -> object:
    """Frame cells as JSON: Decimals keep their exact digits as text, NaN becomes null."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "as_tuple"):  # Decimal
        return str(value)
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def problem_text(problem: CellProblem, lang: Lang) -> str:
    convention: Convention = "id" if lang == Lang.ID else "en"  # the language's own way
    readings = label("or", lang).join(
        format_number(r.value, r.decimals, convention) for r in problem.readings
    )
    return label(problem.problem, lang, readings=readings)


def hierarchy_counts(dataset: Dataset) -> dict[str, int]:
    return dict(Counter(v for r in dataset.records if isinstance(v := r.get("level"), str)))


def dataset_to_dict(dataset: Dataset, lang: Lang) -> dict:
    table = dataset.table
    value_columns = [c.name for c in dataset.columns]
    meta = ["row", "line", "page", "key", "parent", "role", "level", "label"]
    # Through the frame (pandas imported here, for this command only): its column types
    # decide how a cell is written (a column of whole numbers and blanks as floats).
    rows = [
        {name: _plain(record.get(name)) for name in meta + value_columns}
        for record in dataset.frame.to_dict("records")
    ]
    return {
        "id": table.id,
        "index": table.index,
        "caption": table.caption.text if table.caption else None,
        "kind": dataset.kind,
        "kind_title": dataset.profile.title[lang] if dataset.profile else None,
        "line": table.location.line,
        "page": table.location.page,
        "rows": len(dataset.records),
        "columns": [
            {
                "index": c.index + 1,
                "name": c.name,
                "label": c.label,
                "type": c.type,
                "year": c.year,
                "unit": unit_name(c.exponent),  # a money column's stated unit
            }
            for c in dataset.columns
        ],
        "recognition": recognition_dict(dataset, lang),
        "hierarchy": hierarchy_counts(dataset),
        "problems": [
            {
                "row": p.row,
                "column": p.column,
                "raw": p.raw,
                "problem": p.problem,
                "message": problem_text(p, lang),
                "line": p.location.line,
                "page": p.location.page,
            }
            for p in dataset.problems
        ],
        "data": rows,
    }


def recognition_dict(dataset: Dataset, lang: Lang) -> dict:
    """How the table was recognised (header words or row shape), or why it was not: the
    column meanings its header matched, the nearest kind and what that kind still needed."""
    note = dataset.note
    return {
        "recognised_by": note.reason if dataset.kind else None,
        "not_recognised_because": None if dataset.kind else note.reason,
        "explanation": recognition_text(dataset, lang),
        "column_meanings": list(note.meanings),
        "nearest_kind": note.nearest,
        "missing": list(note.missing),
        "excluded_by": list(note.excluded),
    }


def recognition_text(dataset: Dataset, lang: Lang) -> str:
    """ "dari judul kolom" / "dari bentuk barisnya", or why the table was not recognised."""
    if dataset.kind:
        return label(f"recognised_by_{dataset.note.reason}", lang)
    return why_not_recognised(dataset.note, lang)


def recognition_to_dict(recognition: Recognition, lang: Lang) -> dict:
    doc = recognition.document
    return {
        "schema": TABLES_SCHEMA,
        "tool": {"name": "lkjip-auditor", "version": __version__},
        "source": {"path": doc.path, "format": doc.format, "sha256": doc.sha256},
        "convention": recognition.convention,
        "tables": [dataset_to_dict(d, lang) for d in recognition.datasets],
    }


def _where(dataset: Dataset, lang: Lang) -> str:
    loc = dataset.table.location
    if loc.page is not None:
        return f"{label('page', lang)} {loc.page}"
    return f"{label('line', lang)} {loc.line}"


def _shown(value: object) -> str:
    """Document text or a file name as markup that shows it as written: brackets escaped
    ("[final]", "[/bold]"), control characters as escapes (no ESC reaches the terminal)."""
    return escape(printable(str(value)))


def print_tables(recognition: Recognition, console: Console, lang: Lang) -> None:
    from rich.table import Table as RichTable

    datasets = recognition.datasets
    known = sum(d.kind is not None for d in datasets)
    console.print(
        f"[bold]{_shown(recognition.document.path)}[/]: {len(datasets)} "
        f"{label('tables_found', lang)}, "
        f"{known} {label('recognised', lang)}; {label('convention', lang)}: "
        f"{label('convention_' + recognition.convention, lang)}"
    )
    summary = RichTable(header_style="bold")
    summary.add_column(label("table", lang), no_wrap=True)
    summary.add_column(label("kind", lang), no_wrap=True)
    summary.add_column(
        label("line", lang) if recognition.document.format == "text" else label("page", lang),
        justify="right",
    )
    summary.add_column(label("rows", lang), justify="right")
    summary.add_column(label("columns", lang), overflow="fold", ratio=1)
    summary.add_column(label("recognition", lang), overflow="fold", ratio=1)
    summary.add_column(label("problems", lang), justify="right")
    for d in datasets:
        loc = d.table.location
        mapped = " ".join(c.name for c in d.columns if c.mapped)
        columns = " ".join(d.note.meanings) if d.kind is None else mapped
        summary.add_row(
            _shown(d.id),
            d.kind or f"[yellow]{label('unrecognised', lang)}[/]",
            str(loc.line if loc.line is not None else loc.page or ""),
            str(len(d.records)),
            _shown(columns or "-"),
            _shown(recognition_text(d, lang)),
            str(len(d.problems)) if d.problems else "",
        )
    console.print(summary)
    for d in datasets:
        _print_dataset(d, console, lang)


def _print_dataset(dataset: Dataset, console: Console, lang: Lang) -> None:
    from rich.table import Table as RichTable

    table = dataset.table
    title = table.caption.text if table.caption else (dataset.table.context[:80] or "-")
    kind = dataset.kind or label("unrecognised", lang)
    kind_title = f" — {dataset.profile.title[lang]}" if dataset.profile else ""
    console.rule(f"[bold]{label('table', lang)} {_shown(dataset.id)}[/] · {kind}{kind_title}")
    console.print(
        printable(
            f"{title} ({_where(dataset, lang)}, {len(dataset.records)} "
            f"{label('rows', lang).lower()})"
        ),
        highlight=False,
        markup=False,
    )
    console.print(
        printable(
            f"{label('recognition', lang)}: {recognition_text(dataset, lang)}; "
            f"{label('column_meanings', lang)}: {', '.join(dataset.note.meanings) or '-'}"
        ),
        highlight=False,
        markup=False,
    )
    columns = RichTable(header_style="bold", box=None, padding=(0, 2))
    for heading in ("column", "header", "type", "year"):
        columns.add_column(label(heading, lang), overflow="fold")
    for c in dataset.columns:
        name = c.name if c.mapped else f"[yellow]{c.name}[/]"
        unit = unit_name(c.exponent)
        kind = f"{c.type} ({unit})" if unit else c.type
        columns.add_row(name, _shown(c.label or "-"), kind, str(c.year or ""))
    console.print(columns)
    counts = hierarchy_counts(dataset)
    if counts:
        console.print(
            f"{label('hierarchy', lang)}: "
            + ", ".join(f"{n} {level}" for level, n in counts.items())
        )
    if dataset.problems:
        problems = RichTable(header_style="bold", box=None, padding=(0, 2))
        for heading in ("row", "column", "value", "problem"):
            problems.add_column(label(heading, lang), overflow="fold")
        for p in dataset.problems:
            where = (
                f"{p.row} ({label('line', lang)} {p.location.line})"
                if p.location.line
                else str(p.row)
            )
            cells = (where, p.column, p.raw, problem_text(p, lang))
            problems.add_row(*(_shown(cell) for cell in cells))
        console.print(problems)
