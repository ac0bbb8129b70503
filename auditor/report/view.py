"""One renderer-neutral view of an audit, shared by every report format.

Renderers (terminal, HTML, Markdown, XLSX, SARIF) only lay this out: every word comes from
the rules (messages, criteria, impact, recommendation) or from `auditor.i18n`, in the
requested language. A finding is written the way Indonesian auditors write one:
Kondisi (what was found), Kriteria (the rule and its source), Akibat (why it matters),
Rekomendasi (what to fix).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from auditor import __version__
from auditor.checks.coverage import page_ranges, why_not_recognised
from auditor.enums import Severity
from auditor.i18n import Lang, label, place
from auditor.model import DOCUMENT, PROSE
from auditor.numbers import format_number

if TYPE_CHECKING:
    from auditor.acknowledge import Screening
    from auditor.coverage import Coverage, TableCoverage
    from auditor.engine import AuditResult, EngineRun
    from auditor.enums import Verdict
    from auditor.findings import Outcome
    from auditor.model import CellRef
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule


@dataclass(frozen=True)
class Header:
    path: str
    file_name: str
    format: str
    sha256: str
    agency: str | None
    year: int | None
    tables_read: int
    tables_recognised: int
    rules_run: int
    rounding: str  # the detected convention, in words
    convention: str  # the number convention, in words
    tool_version: str = __version__
    # --engine gx, in words (() for native): what GX judged and what ran natively, and
    # per reason the rules GX cannot express.
    engine: tuple[str, ...] = ()
    engine_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class FindingView:
    number: int  # 1-based, in document order
    code: str
    name: str
    title: str
    severity: Severity
    severity_label: str
    table: str | None  # table id; None for prose
    table_label: str  # the table id, or the word for prose
    row: str | None
    row_label: str
    column: str | None
    column_label: str  # the column's header as printed, else its canonical name
    where: str  # "baris teks 623" / "halaman 12"
    line: int | None
    page: int | None
    reported: str
    expected: str  # the likely correct value: the diagnosis' suggestion, else the implied one
    condition: str  # Kondisi: the message, the diagnosis and the alternatives
    message: str
    diagnosis: str
    alternatives: tuple[str, ...]
    criteria: str  # Kriteria: the rule's title and description
    source: str
    impact: str  # Akibat
    recommendation: str  # Rekomendasi
    status: str  # located | ambiguous | not_testable
    status_label: str
    dataset: int  # dataset ordinal (-1 for prose): with frame_row, the cell in TableView
    frame_row: int
    related: tuple[CellRef, ...] = ()


@dataclass(frozen=True)
class AcknowledgedView:
    """A finding waived by an acknowledgements file, with the waiver's reason and place."""

    finding: FindingView
    justification: str
    by: str | None
    date: str | None
    file: str
    line: int
    whole_rule: bool  # the waiver names only a rule: every finding of it is waived


@dataclass
class TableView:
    """An extracted table as recognised, with the cells findings point at."""

    id: str
    ordinal: int
    kind: str | None
    kind_title: str
    caption: str
    where: str
    columns: list[tuple[str, str]]  # (canonical name, header label)
    rows: list[list[str]]  # printed cell text, one list per body row
    row_keys: list[str]
    # (row index, column name) -> numbers of the findings on that cell
    marks: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    checked: bool = True  # recognised and, if it holds numbers, tested
    coverage: str = ""  # "12 dari 16 sel angka diuji"
    numeric_cells: int = 0
    why: str = ""  # why an unrecognised table was not recognised

    @property
    def state(self) -> str:
        """What to say of a table without findings: never "no findings" when unchecked."""
        if not self.checked:
            return "table_not_checked"
        return "no_findings_here" if self.numeric_cells else "table_no_numbers"


@dataclass
class AuditReport:
    lang: Lang
    header: Header
    counts: dict[Severity, int]
    status_counts: dict[str, int]
    claims: str  # one sentence on the figures found in the prose
    verdict: Verdict  # consistent | findings | partly_checked | not_checked
    verdict_text: str  # the closing sentence: never "konsisten" unless all was checked
    coverage: str  # "18 dari 21 tabel diperiksa; ...; 1.402 dari 1.480 sel angka diuji"
    rules_line: str  # "34 aturan dijalankan, 1 tanpa bahan uji"
    pages_without_text: str  # "4–5, 9", or "" when every page had text
    findings: list[FindingView]
    tables: list[TableView]
    rules: list[Rule]  # every rule run, in code order
    # Not reported (auditor/acknowledge.py): waived findings, those already in the baseline
    # (by severity), and one warning per acknowledgement that matched no finding.
    acknowledged: list[AcknowledgedView] = field(default_factory=list)
    baselined: dict[str, int] = field(default_factory=dict)
    unused_acknowledgements: list[str] = field(default_factory=list)

    def label(self, key: str, **params: object) -> str:
        return label(key, self.lang, **params)

    def not_reported(self) -> str:
        """One sentence on the findings taken out by a baseline or acknowledgements, naming
        each rule waived as a whole; empty when none were."""
        parts = []
        if baselined := sum(self.baselined.values()):
            parts.append(self.label("baselined", count=baselined))
        if self.acknowledged:
            parts.append(self.label("acknowledged", count=len(self.acknowledged)))
        whole_rules = sorted(
            {(a.file, a.line, a.finding.code) for a in self.acknowledged if a.whole_rule}
        )
        parts.extend(
            self.label("rule_waived", code=code, where=f"{file}:{line}")
            for file, line, code in whole_rules
        )
        return f"{self.label('not_reported')}: {' · '.join(parts)}" if parts else ""

    def by_table(self) -> list[tuple[str, str, dict[str, int]]]:
        """(table label, kind title, counts by severity) for tables with findings, prose last."""
        rows = [(t.id, t.kind_title, t.counts) for t in self.tables if any(t.counts.values())]
        for dataset, word in ((PROSE, "prose"), (DOCUMENT, "whole_document")):
            counts = Counter(f.severity for f in self.findings if f.dataset == dataset)
            if counts:
                rows.append((label(word, self.lang), "", {s: counts[s] for s in Severity}))
        return rows


def _column_label(datasets: list[Dataset], ref: CellRef) -> str:
    if ref.column is None:
        return ""
    if 0 <= ref.dataset < len(datasets):
        mapped = datasets[ref.dataset].column(ref.column)
        if mapped is not None and mapped.label:
            return mapped.label
    return ref.column


def _finding_view(
    number: int, outcome: Outcome, datasets: list[Dataset], lang: Lang
) -> FindingView:
    rule = outcome.rule
    s = outcome.subject
    diagnosis = outcome.diagnosis_text(lang)
    alternatives = tuple(
        f"{label('alternative', lang)}: {a.cell.table} {a.cell.row} {a.cell.column} "
        f"{a.reported} → {a.suggested}"
        for a in outcome.alternatives
    )
    message = outcome.message(lang)
    title = rule.text("title", lang)
    description = rule.text("description", lang)
    return FindingView(
        number=number,
        code=rule.code,
        name=rule.name,
        title=title,
        severity=rule.severity,
        severity_label=label(rule.severity, lang),
        table=s.table,
        table_label=s.table or label("whole_document" if s.dataset == DOCUMENT else "prose", lang),
        row=s.row,
        row_label=s.label,
        column=s.column,
        column_label=_column_label(datasets, s),
        where=place(s.location, lang),
        line=s.line,
        page=s.page,
        reported=outcome.reported or "",
        expected=(outcome.diagnosis.suggested if outcome.diagnosis else outcome.expected) or "",
        condition="\n".join([message, *([f"→ {diagnosis}"] if diagnosis else []), *alternatives]),
        message=message,
        diagnosis=diagnosis,
        alternatives=alternatives,
        criteria=f"{title}. {description}".strip(". ") if description else title,
        source=rule.source,
        impact=rule.text("impact", lang),
        recommendation=rule.text("recommendation", lang),
        status=outcome.status,
        status_label=label(f"status_{outcome.status}", lang),
        dataset=s.dataset,
        frame_row=s.frame_row,
        related=outcome.related,
    )


def _table_view(ordinal: int, dataset: Dataset, coverage: TableCoverage, lang: Lang) -> TableView:
    table = dataset.table
    rows: list[list[str]] = []
    keys: list[str] = []
    for record in dataset.records:
        rows.append([str(record.get(f"{c.name}__raw") or "") for c in dataset.columns])
        key = record.get("key")
        keys.append(key if isinstance(key, str) else str(record["row"]))
    return TableView(
        id=dataset.id,
        ordinal=ordinal,
        kind=dataset.kind,
        kind_title=dataset.profile.title[lang] if dataset.profile else label("unrecognised", lang),
        caption=table.caption.text if table.caption else "",
        where=place(table.location, lang),
        columns=[(c.name, c.label or c.name) for c in dataset.columns],
        rows=rows,
        row_keys=keys,
        counts={s: 0 for s in Severity},
        checked=coverage.checked or not coverage.numeric_cells,
        coverage=label(
            "cells_checked",
            lang,
            checked=count_text(coverage.cells_checked, lang),
            total=count_text(coverage.numeric_cells, lang),
        )
        if coverage.numeric_cells
        else "",
        numeric_cells=coverage.numeric_cells,
        why="" if dataset.kind else why_not_recognised(dataset.note, lang),
    )


def count_text(count: int, lang: Lang) -> str:
    """A count with the thousands grouping of the language: 1.402 (id), 1,402 (en)."""
    return format_number(Decimal(count), 0, "id" if lang == "id" else "en")


def coverage_parts(coverage: Coverage, lang: Lang) -> list[str]:
    """What was not checked, each part in words (empty when everything was)."""
    parts = []
    if count := coverage.tables_unrecognised:
        parts.append(label("coverage_unrecognised", lang, count=count_text(count, lang)))
    unchecked = sum(
        t.kind is not None and t.numeric_cells > 0 and not t.checked for t in coverage.tables
    )
    if unchecked:
        parts.append(label("coverage_unchecked", lang, count=count_text(unchecked, lang)))
    if count := coverage.malformed_cells:
        parts.append(label("coverage_malformed", lang, count=count_text(count, lang)))
    if coverage.pages_without_text:
        pages = page_list(coverage.pages_without_text)
        parts.append(label("coverage_pages", lang, pages=pages))
    if count := coverage.prose_unread:
        parts.append(label("coverage_prose_unread", lang, count=count_text(count, lang)))
    return parts


def page_list(pages: tuple[int, ...]) -> str:
    """ "4–5, 9": runs of consecutive pages as ranges."""
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in page_ranges(pages))


def coverage_line(coverage: Coverage, lang: Lang) -> str:
    """ "18 dari 21 tabel diperiksa; 3 tabel berisi angka tidak dikenali; 1.402 dari 1.480 sel
    angka diuji" """
    tables = label(
        "coverage_tables",
        lang,
        checked=count_text(coverage.tables_checked, lang),
        found=count_text(len(coverage.tables), lang),
    )
    cells = label(
        "coverage_cells",
        lang,
        checked=count_text(coverage.numeric_cells_checked, lang),
        total=count_text(coverage.numeric_cells, lang),
    )
    return "; ".join([tables, *coverage_parts(coverage, lang), cells])


def verdict_text(
    verdict: Verdict, coverage: Coverage, counts: dict[Severity, int], lang: Lang
) -> str:
    """The closing sentence of every report, by verdict."""
    gaps = ", ".join(coverage_parts(coverage, lang))
    if verdict == "consistent":
        active = len(coverage.rules_run) - len(coverage.rules_with_nothing_to_check)
        return label("verdict_consistent", lang, rules=active)
    if verdict == "findings":
        errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
        text = label("verdict_findings", lang, errors=errors, warnings=warnings)
        return f"{text} {label('verdict_gaps', lang, gaps=gaps)}" if gaps else text
    if verdict == "partly_checked":
        return label("verdict_partly_checked", lang, gaps=gaps)
    return label("verdict_not_checked", lang)


def engine_lines(run: EngineRun, lang: Lang) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """When GX ran: (what GX judged, what ran natively, any disagreement with the check
    modules) and, per reason, the native rules and why GX cannot express them."""
    if run.name == "native":
        return (), ()
    by_reason: dict[str, list[str]] = {}
    for code, reason in run.native_rules:
        by_reason.setdefault(reason, []).append(code)
    lines = [
        label("engine_gx", lang, version=run.gx_version, count=len(run.gx_rules))
        + f": {', '.join(sorted(run.gx_rules))}",
        label("engine_native", lang, count=len(run.native_rules)),
    ]
    if run.disagreements:
        lines.append(label("engine_disagreements", lang, count=len(run.disagreements)))
    reasons = tuple(f"{', '.join(codes)}: {label(r, lang)}" for r, codes in by_reason.items())
    return tuple(lines), reasons


def build_report(
    result: AuditResult, lang: Lang, screening: Screening | None = None
) -> AuditReport:
    """The view of `result`; `screening` says what --baseline and --acknowledgements took
    out of its findings."""
    from auditor.acknowledge import Screening
    from auditor.checks.cells import AuditContext, report_year
    from auditor.recognise.metadata import agency_name

    recognition = result.recognition
    doc = recognition.document
    datasets = recognition.datasets
    header = Header(
        path=doc.path,
        file_name=Path(doc.path).name,
        format=doc.format,
        sha256=doc.sha256,
        agency=agency_name(doc),
        year=report_year(AuditContext(recognition, result.rounding)),
        tables_read=len(datasets),
        tables_recognised=sum(1 for d in datasets if d.kind),
        rules_run=len(result.rules),
        rounding=label(f"rounding_{result.rounding}", lang),
        convention=label(f"convention_{recognition.convention}", lang),
    )
    engine, engine_reasons = engine_lines(result.engine, lang)
    header = replace(header, engine=engine, engine_reasons=engine_reasons)
    findings = [_finding_view(n, o, datasets, lang) for n, o in enumerate(result.findings, 1)]
    coverage = result.coverage
    tables = [_table_view(n, d, coverage.tables[n], lang) for n, d in enumerate(datasets)]
    for f in findings:
        if 0 <= f.dataset < len(tables):
            view = tables[f.dataset]
            view.counts[f.severity] += 1
            if f.column is not None:
                view.marks.setdefault((f.frame_row, f.column), []).append(f.number)
    screening = screening or Screening()
    verdict = result.verdict(screening.screened_out())
    counts = result.counts()
    # The verdict counts what a baseline or waiver took out: a waived error is an error.
    for outcome in screening.screened_out():
        counts[outcome.rule.severity] += 1
    acknowledged = [
        AcknowledgedView(
            finding=_finding_view(n, o, datasets, lang),
            justification=a.justification,
            by=a.by,
            date=a.date,
            file=a.file,
            line=a.line,
            whole_rule=a.whole_rule,
        )
        for n, (o, a) in enumerate(screening.acknowledged, 1)
    ]
    return AuditReport(
        lang=lang,
        header=header,
        counts=result.counts(),
        status_counts=result.status_counts(),
        claims=label("claims", lang, **result.claim_counts()),
        verdict=verdict,
        pages_without_text=page_list(coverage.pages_without_text),
        verdict_text=verdict_text(verdict, coverage, counts, lang),
        coverage=coverage_line(coverage, lang),
        rules_line=label(
            "coverage_rules",
            lang,
            run=len(coverage.rules_run),
            idle=len(coverage.rules_with_nothing_to_check),
        ),
        findings=findings,
        tables=tables,
        rules=sorted(result.rules, key=lambda r: r.code),
        acknowledged=acknowledged,
        baselined=dict(Counter(o.rule.severity for o in screening.baselined or ())),
        unused_acknowledgements=[
            label("unused_acknowledgement", lang, where=a.where, what=a.describe())
            for a in screening.unused
        ],
    )
