"""Required value: a cell the table kind requires is not empty, N/A or a dash.

A target, realisation or achievement left blank is a gap a reviewer must ask about; it is
acceptable only when the report explains it (e.g. "BPS belum merilis Indeks ... Tahun
2023"). A missing cell counts as explained when a paragraph of the report names the row's
indicator or sasaran (its name key, stopwords aside, as a phrase) together with an
explanation word. One rule reports the unexplained gaps (warning), another the explained
ones (info), so each missing cell gives exactly one finding.

The tested instances are the missing cells only. A filled cell yields no outcome: a
required-value "pass" says nothing about whether its number is right, and must not count as
such evidence when errors are localised (or as rule coverage in mutation tests). Not tested
either: section, group, total and blank rows; heading rows, whose numeric cells are all
empty and that have child rows, no name, or nothing but a number and a name where the table
has text columns (a sasaran over its indicators: no unit, no polarity); rows at the levels
a rule skips (e.g. kegiatan rows of the program performance table, which carry no values by
design).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from textwrap import shorten
from typing import TYPE_CHECKING

from auditor.checks import CheckKind
from auditor.checks.cells import AuditContext, parsed, ref
from auditor.findings import Outcome
from auditor.i18n import LANGS, place
from auditor.recognise.names import content_tokens, mentions, name_key
from auditor.schema.params import RequiredValueParams

if TYPE_CHECKING:
    from auditor.model import Paragraph
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule


MISSING = frozenset({"empty", "not_available", "dash"})
UNTESTED_ROLES = frozenset({"section", "group", "total", "mean", "blank"})


def _required(dataset: Dataset, columns: list[str]) -> list[str]:
    patterns = [re.compile(rf"{re.escape(c)}(?:_[0-9]{{4}})?") for c in columns]
    return [
        c.name
        for c in dataset.columns
        if c.type == "number" and any(p.fullmatch(c.name) for p in patterns)
    ]


class Explanations:
    """The report's paragraphs that explain something, tokenised for name lookups."""

    def __init__(self, paragraphs: list[Paragraph], patterns: list[re.Pattern[str]]) -> None:
        self.paragraphs = [
            (p, content_tokens(name_key(p.text)))
            for p in paragraphs
            if any(pattern.search(p.text.lower()) for pattern in patterns)
        ]

    def find(self, names: list[str]) -> Paragraph | None:
        """The first explaining paragraph that names one of `names` (name keys)."""
        wanted = [content_tokens(n) for n in names if n]
        return next(
            (p for p, tokens in self.paragraphs if any(mentions(tokens, w) for w in wanted)),
            None,
        )


def _where(paragraph: Paragraph | None) -> dict[str, str]:
    """Where the explaining paragraph is, in each language (see Outcome.message)."""
    if paragraph is None:
        return {}
    return {f"paragraph_place_{lang}": place(paragraph.location, lang) for lang in LANGS}


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    p = KIND.params_of(rule)
    explanations = Explanations(ctx.recognition.document.paragraphs, p.words)
    for ordinal, dataset in ctx.datasets(rule.tables):
        required = _required(dataset, p.columns)
        numeric = [c.name for c in dataset.columns if c.type == "number"]
        headers = {c.name: c.label or c.name for c in dataset.columns}
        names = [f"{n}__key" for n in p.names if dataset.has_field(f"{n}__key")]
        parents = {r["parent"] for r in dataset.records if isinstance(r["parent"], str)}
        for i, row in enumerate(dataset.records):
            if row["role"] in UNTESTED_ROLES or row["level"] in p.skip_levels:
                continue
            cells = {c: parsed(dataset, i, c) for c in numeric}
            blank = all(cell is None or cell.kind == "empty" for cell in cells.values())
            if blank and (
                row["key"] in parents or not any(row[n] for n in names) or _bare(dataset, i)
            ):
                continue  # a heading row: values under its children, or no name at all
            for column in required:
                cell = cells[column]
                if cell is not None and cell.kind not in MISSING:
                    continue  # present: nothing to test (its number is other rules' business)
                paragraph = explanations.find([row[n] for n in names])
                explained = paragraph is not None
                yield Outcome(
                    rule=rule,
                    passed=explained != (p.report == "explained"),
                    subject=ref(ordinal, dataset, i, column),
                    reported=cell.raw.strip() if cell is not None else "",
                    params={
                        "header": headers[column],
                        **_where(paragraph),
                        "paragraph": shorten(paragraph.text, 160, placeholder=" …")
                        if paragraph
                        else "",
                    },
                )


def _bare(dataset: Dataset, i: int) -> bool:
    """A row that prints only its number and name in a table with other text columns (a unit,
    a polarity): a sasaran heading over its indicators, not an indicator left blank."""
    others = [c.name for c in dataset.columns if c.type == "text"]
    record = dataset.records[i]
    return bool(others) and not any(str(record.get(c) or "").strip() for c in others)


KIND = CheckKind(
    name="required_value",
    params=RequiredValueParams,
    evaluate=evaluate,
    summary="A required cell is not empty, N/A or a dash (info when the report explains why).",
    gx="gx_native_required_value",
    constrains_values=False,
    placeholders=("header", "paragraph", "paragraph_place"),
)
