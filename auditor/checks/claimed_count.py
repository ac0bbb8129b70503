"""Claimed count: "telah melaksanakan 11 program, 23 kegiatan dan 38 sub kegiatan".

The prose's counts of programs, kegiatan and sub kegiatan (recognise/claims.py) are
compared with the rows of each level in the budget tables:

- only counts about the agency's whole year are tested: the sentence says "telah
  melaksanakan", "Tahun Anggaran", "terdiri atas ... program", or lists two levels, and
  names no single program, kegiatan or division before the count ("Kegiatan ini juga
  diampu oleh 2 (dua) sub kegiatan" is about one kegiatan and is not checked);
- a level is counted in a `realisasi_anggaran` table from the rows' hierarchy level
  (1. program, 1.1 kegiatan, 1.1.1 sub kegiatan; urusan sections and totals excluded), or
  from the label ("Program ...", "Sub Kegiatan ...") of uncoded rows; a table whose labels
  contradict its levels ("Program X" numbered as a sub kegiatan: official nomenclature
  codes) is not used. A `program_anggaran` list counts programs only;
- a sentence that names only other years than the report's ("Tahun Anggaran 2022") speaks
  of another budget and is not checked;
- the count agrees when it equals any table's count of that level, or the sum over the
  budget-realisation tables when the report splits one over several tables. A table
  without rows of that level does not test the claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from auditor.arith import Interval
from auditor.checks import CheckKind
from auditor.checks.cells import AuditContext, ref, report_year
from auditor.findings import Outcome
from auditor.model import CellRef
from auditor.recognise.claims import LEVELS, CountClaim, excerpt, prose_claims, stated_years
from auditor.schema.params import ClaimedCountParams

if TYPE_CHECKING:
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule


LABEL_LEVEL_RE = re.compile(
    r"^\W*(?P<sub_kegiatan>sub\s*[-.]?\s*kegiatan|subkegiatan)\b|^\W*(?P<kegiatan>kegiatan)\b"
    r"|^\W*(?P<program>program)\b",
    re.IGNORECASE,
)
LEVEL_WORDS = {
    "id": {"program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub kegiatan"},
    "en": {
        "program": "programs",
        "kegiatan": "activities (kegiatan)",
        "sub_kegiatan": "sub-activities (sub kegiatan)",
    },
}

# level -> the frame rows of that level
Levels = dict[str, list[int]]


def _label_level(label: str) -> str | None:
    match = LABEL_LEVEL_RE.match(label)
    return match.lastgroup if match else None


def hierarchy_levels(dataset: Dataset) -> Levels | None:
    """The rows of each level; None when the labels contradict the numbering."""
    rows: Levels = {level: [] for level in LEVELS}
    for i, record in enumerate(dataset.records):
        if record.get("role") in ("total", "mean", "section", "blank"):
            continue
        by_label = _label_level(str(record.get("label") or ""))
        level = record.get("level")
        if level in LEVELS and by_label is not None and by_label != level:
            return None  # "Program X" numbered as a kegiatan: the codes are not 1. / 1.1
        level = level if level in LEVELS else by_label if record.get("role") == "group" else None
        if level is not None:
            rows[level].append(i)
    return rows


def program_rows(dataset: Dataset) -> list[int]:
    """The programs of a program list: its shallowest numbered rows, else rows labelled
    "Program ..."."""
    records = dataset.records
    items = [
        (int(r["depth"]), i)
        for i, r in enumerate(records)
        if r.get("role") == "item" and r.get("depth") == r.get("depth") and r.get("depth")
    ]
    if items:
        top = min(d for d, _ in items)
        return [i for d, i in items if d == top]
    return [
        i
        for i, r in enumerate(records)
        if r.get("role") == "group" and _label_level(str(r.get("label") or "")) == "program"
    ]


def _sources(rule: Rule, ctx: AuditContext) -> list[tuple[int, Dataset, Levels]]:
    sources = []
    for ordinal, dataset in ctx.datasets(tuple(KIND.params_of(rule).hierarchies)):
        levels = hierarchy_levels(dataset)
        if levels is not None:
            sources.append((ordinal, dataset, levels))
    for ordinal, dataset in ctx.datasets(tuple(KIND.params_of(rule).program_lists)):
        sources.append((ordinal, dataset, {"program": program_rows(dataset)}))
    return sources


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    sources = _sources(rule, ctx)
    if not sources:
        return
    hierarchies = set(KIND.params_of(rule).hierarchies)
    year = report_year(ctx)
    years_of: dict[str, set[int]] = {}  # the years each sentence names, found once
    for read in prose_claims(ctx.recognition.document, ctx.recognition.convention).paragraphs:
        for claim in read.counts:
            if claim.sentence not in years_of:
                years_of[claim.sentence] = stated_years(claim.sentence)
            years = years_of[claim.sentence]
            if claim.whole and not (year and years and year not in years):
                outcome = _outcome(rule, claim, sources, hierarchies)
                if outcome is not None:
                    yield outcome


def _outcome(
    rule: Rule,
    claim: CountClaim,
    sources: list[tuple[int, Dataset, Levels]],
    hierarchies: set[str],
) -> Outcome | None:
    tested = [(o, d, levels[claim.level]) for o, d, levels in sources if levels.get(claim.level)]
    if not tested:
        return None  # no table lists this level: not testable
    counts = {len(rows) for _, _, rows in tested}
    split = [rows for _, d, rows in tested if d.kind in hierarchies]
    if len(split) > 1:
        counts.add(sum(len(rows) for rows in split))
    # The reference: the budget-realisation table with the most rows of the level.
    ordinal, dataset, rows = max(tested, key=lambda t: (t[1].kind in hierarchies, len(t[2])))
    level_id, level_en = LEVEL_WORDS["id"][claim.level], LEVEL_WORDS["en"][claim.level]
    return Outcome(
        rule=rule,
        passed=claim.count in counts,
        subject=CellRef.prose(claim.location, claim.level, level_id),
        related=(ref(ordinal, dataset, rows[0], "level"), ref(ordinal, dataset, rows[-1], "level")),
        reported=claim.raw,
        expected=str(len(rows)),
        interval=Interval.point(Decimal(len(rows))),
        params={
            "level_id": level_id,
            "level_en": level_en,
            "reference_table": dataset.id,
            "sentence": excerpt(claim.sentence, claim.start),
        },
    )


KIND = CheckKind(
    name="claimed_count",
    params=ClaimedCountParams,
    evaluate=evaluate,
    summary="A count the prose states (11 program, 23 kegiatan) equals the rows of the budget "
    "tables.",
    gx="gx_native_prose",
    constrains_values=False,
    placeholders=("sentence", "reference_table", "level"),
)
