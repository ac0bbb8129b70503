"""Coverage: the parts of a report the audit could not check, each named as a finding.

A reviewer signs on the strength of what was checked, so what was not must be said, never
passed over in silence:

- `unrecognised_table`: a table that holds numbers but fits no table kind, with its header
  cells, the column meanings found and what the nearest kind still needed;
- `page_without_text`: PDF pages that show an image but hold no text (scans), a finding per
  run of consecutive pages;
- `malformed_number`: a value cell written with number characters that do not read as a
  number ("168.988.6760", "73,41%1"), with its plausible readings, the value rules it kept
  from running and, where those rules pin its value, that value (`BlockedCell`, worked out
  by the engine before these rules run).

Only failures are produced: these rules state what is missing, they test no value.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.checks import CheckKind
from auditor.checks.cells import AuditContext, ref
from auditor.findings import Diagnosis, Outcome
from auditor.i18n import LANGS, Lang, label
from auditor.model import DOCUMENT, CellRef, Location
from auditor.schema.params import CoverageParams

if TYPE_CHECKING:
    from auditor.arith import Interval
    from auditor.recognise.tables import RecognitionNote
    from auditor.rules import Rule

MAX_HEADER_TEXT = 160  # characters of header cells quoted in a finding


@dataclass(frozen=True)
class BlockedCell:
    """A value cell that does not parse, and what it kept from being checked."""

    rules: tuple[str, ...]  # codes of the value rules that would have tested it
    pinned: Interval | None  # the values those rules leave it, when they agree
    pinned_by: tuple[str, ...]  # the rules (sums, ratios, equalities) that pin it
    suggested: str | None  # the value to write, printed the report's way, when pinned


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    problem = KIND.params_of(rule).problem
    if problem == "unrecognised_table":
        yield from _unrecognised_tables(rule, ctx)
    elif problem == "page_without_text":
        yield from _pages_without_text(rule, ctx)
    else:
        yield from _malformed_numbers(rule, ctx)


def _unrecognised_tables(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    convention = ctx.recognition.convention
    for ordinal, dataset in enumerate(ctx.recognition.datasets):
        if dataset.kind is not None:
            continue
        numbers = dataset.numeric_cells(convention)
        if not numbers:
            continue
        note = dataset.note
        table = dataset.table
        headers = " | ".join(c.label for c in dataset.columns if c.label)
        first = " | ".join(c.text for c in table.body_rows[0] if c.text) if table.body_rows else ""
        params = {"numbers": str(len(numbers))}
        for lang in LANGS:
            shown = headers or label("coverage_first_row", lang, row=first)
            if len(shown) > MAX_HEADER_TEXT:
                shown = shown[: MAX_HEADER_TEXT - 1] + "…"
            params[f"headers_{lang}"] = shown
            params[f"meanings_{lang}"] = ", ".join(note.meanings) or label("none", lang)
            params[f"why_{lang}"] = why_not_recognised(note, lang)
        subject = CellRef(
            table=dataset.id,
            row=None,
            column=None,
            line=table.location.line,
            page=table.location.page,
            dataset=ordinal,
            frame_row=0,
            label=table.caption.title if table.caption else "",
            source=table.location,
        )
        yield Outcome(rule, False, subject, params=params)


def why_not_recognised(note: RecognitionNote, lang: Lang) -> str:
    """What recognition lacked, in words ("tidak ada baris judul kolom yang terbaca",
    "untuk jenis 'X' belum ditemukan kolom capaian")."""
    if note.reason == "no_header":
        return label("coverage_no_header", lang)
    if note.nearest is None:
        return label("coverage_no_kind", lang)
    kind = note.nearest_title.get(lang, note.nearest)
    if note.missing:
        return label("coverage_missing", lang, kind=kind, missing=", ".join(note.missing))
    if note.excluded:
        return label("coverage_excluded", lang, kind=kind, excluded=", ".join(note.excluded))
    return label("coverage_years", lang, kind=kind)


def _pages_without_text(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    document = ctx.recognition.document
    for first, last in page_ranges(document.pages_without_text):
        pages = str(first) if first == last else f"{first}–{last}"
        location = Location(page=first)
        subject = CellRef(
            table=None,
            row=None,
            column=None,
            line=None,
            page=first,
            dataset=DOCUMENT,
            frame_row=first,
            source=location,
        )
        params = {"pages": pages, "count": str(last - first + 1), "total": str(document.pages)}
        yield Outcome(rule, False, subject, params=params)


def page_ranges(pages: tuple[int, ...]) -> list[tuple[int, int]]:
    """(first, last) of each run of consecutive page numbers."""
    ranges: list[tuple[int, int]] = []
    for page in sorted(pages):
        if ranges and page == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], page)
        else:
            ranges.append((page, page))
    return ranges


def _malformed_numbers(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    for ordinal, dataset in ctx.datasets(rule.tables):
        for problem in dataset.problems:
            if problem.problem != "malformed_number":
                continue
            i = problem.row - 1
            subject = ref(ordinal, dataset, i, problem.column)
            blocked = ctx.blocked.get((ordinal, i, problem.column))
            params = {"rules": ", ".join(blocked.rules) if blocked and blocked.rules else "-"}
            for lang in LANGS:
                params[f"readings_{lang}"] = (
                    label("or", lang).join(ctx.fmt(r.value, r.decimals) for r in problem.readings)
                    if problem.readings
                    else label("none", lang)
                )
                params[f"blocked_{lang}"] = (
                    label("coverage_blocked", lang, rules=params["rules"])
                    if blocked and blocked.rules
                    else label("coverage_blocked_none", lang)
                )
            suggested = blocked.suggested if blocked else None
            diagnosis = (
                Diagnosis("pinned_value", suggested, "high", detail=", ".join(blocked.pinned_by))
                if blocked and suggested
                else None
            )
            yield Outcome(
                rule,
                False,
                subject,
                reported=problem.raw.strip(),
                expected=suggested,
                interval=blocked.pinned if blocked else None,
                params=params,
                diagnosis=diagnosis,
            )


KIND = CheckKind(
    name="coverage",
    params=CoverageParams,
    evaluate=evaluate,
    summary="What could not be checked: a table with numbers not recognised, pages without text, "
    "a value that does not parse.",
    gx="gx_native_coverage",
    constrains_values=False,
    placeholders=(
        "headers",
        "meanings",
        "why",
        "numbers",
        "readings",
        "blocked",
        "rules",
        "pages",
        "count",
        "total",
    ),
)
