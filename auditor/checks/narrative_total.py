"""Narrative total: the whole budget or realisation the prose states equals the tables.

"... dengan total anggaran seluruhnya sebesar Rp. 31.294.422.433,00" and "Realisasi anggaran
Dinas ... sebesar Rp 12.064.331.310 dari pagu Rp 13.650.000.000 atau 88,38%":

- an amount is tested when the sentence states it as the agency's whole budget ("total
  anggaran", "jumlah anggaran", "pagu", "anggaran sebesar", "dari pagu") or whole
  realisation ("realisasi anggaran ... sebesar"), with no funding source, breakdown or
  other amount between that word and the amount, no single program, kegiatan or
  division named before it (recognise/claims.py), and no year named but the report's;
  an amount that differs from every total but equals one row's amount (a program's
  budget written in lower case) is taken as that row's and not checked either;
- the reference is each budget table's grand total in the matching column (anggaran, or
  the PK's budget before revision; realisasi): its last total row, the sum of its
  urusan sections, or the sum of its top-level rows. The claim agrees when it equals any
  of them; whole Rupiah are compared exactly, "Rp 31,29 miliar" at its printed precision,
  a table in a stated unit ("(dalam ribuan rupiah)": 127.721.612 for Rp 127.721.611.967)
  in whole Rupiah within the rounding of that unit (recognise/units.py);
- a total that equals the claim only when its table, which states no unit, is read in
  thousands, millions or billions is never an error: with `guessed_units` the rule reports
  exactly those (a warning: the unit is a guess), without it they are not judged;
- a percentage stated right after a realisation and a budget ("... dari pagu Rp ... atau
  88,38%") must equal realisasi / pagu × 100 of the two amounts, at its printed precision,
  whether or not they are the totals (the sentence states one budget and one realisation).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from auditor.arith import Interval, as_printed, printed_interval
from auditor.checks import CheckKind
from auditor.checks.cells import (
    AuditContext,
    amount_interval,
    exponent,
    is_exact,
    number,
    ref,
    report_year,
    unit_unstated,
)
from auditor.findings import Outcome
from auditor.model import CellRef
from auditor.numbers import parse_number
from auditor.recognise.claims import (
    PERCENT_RE,
    AmountClaim,
    excerpt,
    prose_claims,
    stated_years,
)
from auditor.recognise.units import GUESSED_EXPONENTS, UNIT_NAMES, with_unit
from auditor.schema.params import NarrativeTotalParams

if TYPE_CHECKING:
    from auditor.arith import Rounding
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule

HUNDRED = Decimal(100)
WORDS = {
    "anggaran": ("total anggaran", "the total budget"),
    "realisasi": ("total realisasi anggaran", "the total budget realisation"),
    "penyerapan": (
        "persentase realisasi terhadap pagu",
        "the realisation as a share of the budget",
    ),
}

Cell = tuple[int, "Dataset", int, str]  # ordinal, dataset, frame row, column


@dataclass(frozen=True)
class Total:
    value: Decimal  # as printed, in the table's unit
    cells: tuple[Cell, ...]
    how: str  # total | sections | items
    exact: bool
    exponent: int | None  # the table's money unit (3: Rp 000); None when not stated
    interval: Interval  # the whole-Rupiah values it stands for

    def shown(self, ctx: AuditContext) -> str:
        """The total with its unit: "Rp 31.294.422.433", "127.721.612 (Rp 000)"."""
        if self.exponent:
            decimals = max(_decimals(c) for c in self.cells)
            return with_unit(ctx.fmt(self.value, decimals), self.exponent)
        return "Rp " + ctx.fmt(self.value, 0)


def _decimals(cell: Cell) -> int:
    _, dataset, i, column = cell
    parsed = number(dataset, i, column)
    return parsed.decimals if parsed is not None else 0


def _total(cells: tuple[Cell, ...], how: str, scale: int | None, exact: bool) -> Total:
    """A grand total read from `cells` (one total row, or the parts that add up to it)."""
    value, interval = Decimal(0), Interval.point(Decimal(0))
    for _, dataset, i, column in cells:
        cell = number(dataset, i, column)
        assert cell is not None and cell.value is not None
        value += cell.value
        # A whole-Rupiah total is compared exactly; a scaled one within its rounding.
        interval = interval + amount_interval(cell.value, cell.decimals, scale or 0, True, "either")
    return Total(value, cells, how, exact, scale, interval)


def _has(dataset: Dataset, i: int, column: str) -> bool:
    return number(dataset, i, column) is not None


def grand_totals(ordinal: int, dataset: Dataset, column: str) -> list[Total]:
    """The table's grand total in `column`, read every way it can be: its last total row,
    the sum of its sections, the sum of its top-level numbered rows."""
    records = dataset.records
    exact = is_exact(dataset, column)
    scale = exponent(dataset, column)
    out = []
    totals = [
        i for i, r in enumerate(records) if r.get("role") == "total" and _has(dataset, i, column)
    ]
    if totals:
        t = totals[-1]
        out.append(_total(((ordinal, dataset, t, column),), "total", scale, exact))
    sections = [
        i for i, r in enumerate(records) if r.get("role") == "section" and _has(dataset, i, column)
    ]
    items = [
        (int(r["depth"]), i)
        for i, r in enumerate(records)
        if r.get("role") == "item"
        and r.get("depth") == r.get("depth")
        and r.get("depth")
        and _has(dataset, i, column)
    ]
    if sections:
        parts, how = sections, "sections"
    elif items:
        top = min(d for d, _ in items)
        parts, how = [i for d, i in items if d == top], "items"
    else:
        parts, how = [], ""
    if parts:
        cells = tuple((ordinal, dataset, i, column) for i in parts)
        out.append(_total(cells, how, scale, exact))
    return out


def _columns(rule: Rule, quantity: str) -> list[str]:
    """The columns holding the claim's quantity: a budget or a realisation."""
    p = KIND.params_of(rule)
    return p.anggaran_columns if quantity == "anggaran" else p.realisasi_columns


def _references(rule: Rule, ctx: AuditContext, quantity: str) -> list[Total]:
    """Every grand total in the claim's columns, the rule's first table kind first."""
    columns = _columns(rule, quantity)
    return [
        total
        for kind in rule.tables
        for ordinal, dataset in ctx.datasets((kind,))
        for column in columns
        if dataset.column(column)
        for total in grand_totals(ordinal, dataset, column)
    ]


def _row_amount(rule: Rule, ctx: AuditContext, quantity: str, claimed: list[Interval]) -> bool:
    """Whether the amount is some single row's amount in the budget tables."""
    return any(
        cell.value is not None
        and any(
            c.intersects(amount_interval(cell.value, cell.decimals, scale, True, "either"))
            for c in claimed
        )
        for ordinal, dataset in ctx.datasets(rule.tables)
        for column in _columns(rule, quantity)
        if dataset.column(column)
        for scale in [exponent(dataset, column) or 0]
        for i, record in enumerate(dataset.records)
        if record.get("role") != "total" and (cell := number(dataset, i, column)) is not None
    )


def guessed_exponent(ctx: AuditContext, dataset: Dataset, column: str) -> int | None:
    """The unit a money column whose unit nothing states is in, when one of its table's
    grand totals equals a total the prose states only in thousands, millions or billions
    (what LKJ705 reports); None otherwise. Its sums then get that unit's rounding: a guess
    about the unit must not make an error. Worked out once per column and audit."""
    cache: dict[tuple[int, str], int | None] = ctx.__dict__.setdefault("_guessed_units", {})
    key = (id(dataset), column)
    if key not in cache:
        cache[key] = None
        if unit_unstated(dataset, column):
            prose = prose_claims(ctx.recognition.document, ctx.recognition.convention)
            claimed = [
                i
                for read in prose.paragraphs
                for claim in read.amounts
                if claim.total
                for i in amount_intervals(claim, ctx.rounding)
            ]
            ordinal = ctx.recognition.datasets.index(dataset)
            cache[key] = next(
                (
                    e
                    for t in grand_totals(ordinal, dataset, column)
                    if (e := _guessed_unit(t, claimed)) is not None
                ),
                None,
            )
    return cache[key]


def _guessed_unit(total: Total, claimed: list[Interval]) -> int | None:
    """The unit (10^3, 10^6, 10^9) in which a total whose table states none would equal
    the claim; None when no such unit does."""
    if total.exponent is not None or not unit_unstated(total.cells[0][1], total.cells[0][3]):
        return None
    return next(
        (
            e
            for e in GUESSED_EXPONENTS
            if any(c.intersects(_total(total.cells, total.how, e, False).interval) for c in claimed)
        ),
        None,
    )


def amount_intervals(claim: AmountClaim, rounding: Rounding) -> list[Interval]:
    """The values a stated amount stands for: exact whole Rupiah, or "1,2 miliar" ± its
    printed precision."""
    factor = Decimal(1).scaleb(claim.exponent)
    if claim.exponent == 0:
        return [Interval.point(r.value) for r in claim.number.readings]
    return [
        printed_interval(r.value, r.decimals, rounding).scale(factor) for r in claim.number.readings
    ]


def _basis(total: Total) -> tuple[str, str]:
    table = total.cells[0][1].id
    if total.how == "total":
        return f"baris total tabel {table} mencatat", f"the total row of table {table} records"
    if total.how == "sections":
        return (f"jumlah urusan pada tabel {table} adalah", f"the sections of table {table} sum to")
    return (f"jumlah program pada tabel {table} adalah", f"the programs of table {table} sum to")


def _other_year(claim: AmountClaim, year: int | None, years_of: dict[str, set[int]]) -> bool:
    """The sentence names only other years than the report's (found once per sentence)."""
    if claim.sentence not in years_of:
        years_of[claim.sentence] = stated_years(claim.sentence)
    years = years_of[claim.sentence]
    return bool(year and years and year not in years)


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    year = report_year(ctx)
    prose = prose_claims(ctx.recognition.document, ctx.recognition.convention)
    for read in prose.paragraphs:
        years_of: dict[str, set[int]] = {}
        claims = [c for c in read.amounts if c.total and not _other_year(c, year, years_of)]
        for claim in claims:
            outcome = _amount_outcome(rule, ctx, claim)
            if outcome is not None:
                yield outcome
        if KIND.params_of(rule).guessed_units:
            continue
        # realisasi / pagu × 100 is arithmetic within the sentence: whatever the amounts
        # are of (the agency, one program, a past year), not only totals.
        by_sentence: dict[str, list[AmountClaim]] = {}
        for claim in read.amounts:
            if claim.quantity is not None:
                by_sentence.setdefault(claim.sentence, []).append(claim)
        for sentence_claims in by_sentence.values():
            outcome = _percent_outcome(rule, ctx, sentence_claims)
            if outcome is not None:
                yield outcome


def _amount_outcome(rule: Rule, ctx: AuditContext, claim: AmountClaim) -> Outcome | None:
    assert claim.quantity is not None
    references = _references(rule, ctx, claim.quantity)
    if not references:
        return None  # no budget table: not testable
    claimed = amount_intervals(claim, ctx.rounding)
    agreeing = [t for t in references if any(c.intersects(t.interval) for c in claimed)]
    if not agreeing and _row_amount(rule, ctx, claim.quantity, claimed):
        return None  # one program's or kegiatan's amount: the subject is not the whole
    guessed = next(
        ((t, e) for t in references if (e := _guessed_unit(t, claimed)) is not None), None
    )
    if KIND.params_of(rule).guessed_units:
        # Only the totals that equal the claim in a unit the report never states.
        return _guessed_outcome(rule, ctx, claim, *guessed) if guessed and not agreeing else None
    if guessed and not agreeing:
        return None  # a guess about the unit is never an error: the guessed-unit rule says it
    reference = agreeing[0] if agreeing else references[0]
    basis_id, basis_en = _basis(reference)
    what_id, what_en = WORDS[claim.quantity]
    return Outcome(
        rule=rule,
        passed=bool(agreeing),
        subject=CellRef.prose(claim.location, claim.quantity, what_id),
        related=tuple(
            dict.fromkeys(
                ref(o, d, i, c)
                for o, d, i, c in [
                    *reference.cells[:6],
                    *(t.cells[0] for t in agreeing if t is not reference),
                ]
            )
        ),
        reported=claim.raw,
        expected=reference.shown(ctx),
        interval=reference.interval,
        params={
            "what_id": what_id,
            "what_en": what_en,
            "basis_id": basis_id,
            "basis_en": basis_en,
            "sentence": excerpt(claim.sentence, claim.start),
        },
    )


def _guessed_outcome(
    rule: Rule, ctx: AuditContext, claim: AmountClaim, total: Total, scale: int
) -> Outcome:
    """The claim equals a total only if the table, which states no unit, is in 10^scale."""
    assert claim.quantity is not None
    basis_id, basis_en = _basis(total)
    what_id, what_en = WORDS[claim.quantity]
    return Outcome(
        rule=rule,
        passed=False,
        subject=CellRef.prose(claim.location, claim.quantity, what_id),
        related=tuple(ref(o, d, i, c) for o, d, i, c in total.cells[:6]),
        reported=claim.raw,
        expected=ctx.fmt(total.value, _decimals(total.cells[0])),
        interval=_total(total.cells, total.how, scale, False).interval,
        params={
            "what_id": what_id,
            "what_en": what_en,
            "basis_id": basis_id,
            "basis_en": basis_en,
            "sentence": excerpt(claim.sentence, claim.start),
            "unit": UNIT_NAMES[scale],
        },
    )


def _percent_outcome(rule: Rule, ctx: AuditContext, claims: list[AmountClaim]) -> Outcome | None:
    """realisasi / pagu × 100 of the two amounts one sentence states, against its percentage."""
    spent = [c for c in claims if c.quantity == "realisasi"]
    budget = [c for c in claims if c.quantity == "anggaran"]
    if len(spent) != 1 or len(budget) != 1:
        return None
    sentence = claims[0].sentence
    after = max(spent[0].end, budget[0].end)
    match = PERCENT_RE.search(sentence, after)
    if match is None:
        return None
    gap = sentence[after : match.start()]
    if re.search(r"[0-9]", gap) or len(gap.split()) > int(KIND.params_of(rule).percent_gap):
        return None  # another figure in between: the percentage may be about something else
    raw = match.group("number") + "%"
    stated = parse_number(raw, ctx.recognition.convention)
    if not stated.is_number or stated.value is None:
        return None
    ratios = [
        q
        for s in amount_intervals(spent[0], ctx.rounding)
        for b in amount_intervals(budget[0], ctx.rounding)
        if (q := s.divide(b)) is not None
    ]
    if not ratios:
        return None
    ratios = [r.scale(HUNDRED) for r in ratios]
    printed = [printed_interval(r.value, r.decimals, ctx.rounding) for r in stated.readings]
    passed = any(r.intersects(p) for r in ratios for p in printed)
    implied = ratios[0].mid
    rounding = "round" if ctx.rounding == "either" else ctx.rounding
    expected = ctx.fmt(as_printed(implied, stated.decimals, rounding), stated.decimals) + "%"
    what_id, what_en = WORDS["penyerapan"]
    location = claims[0].location
    return Outcome(
        rule=rule,
        passed=passed,
        subject=CellRef.prose(location, "penyerapan", what_id),
        reported=raw,
        expected=expected,
        interval=ratios[0],
        params={
            "what_id": what_id,
            "what_en": what_en,
            "basis_id": f"{spent[0].raw} dibagi {budget[0].raw} adalah",
            "basis_en": f"{spent[0].raw} divided by {budget[0].raw} is",
            "sentence": excerpt(sentence, match.start()),
        },
    )


KIND = CheckKind(
    name="narrative_total",
    params=NarrativeTotalParams,
    evaluate=evaluate,
    summary="A budget or spending total stated in the prose (and its percentage) equals the "
    "tables.",
    gx="gx_native_prose",
    placeholders=("sentence", "basis", "what", "unit"),
)
