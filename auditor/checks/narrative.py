"""Narrative claim: a figure the prose states for an indicator equals the tables' figure.

Reviewers read "capaian ... Persentase PSKS yang ber Akreditasi ... adalah sebesar 143,94%"
and look the indicator up in the achievement table (139,29). This check does the same:

- each numeric claim (recognise/claims.py) is tied to an indicator when its sentence names
  one of the tables' indicators or sasaran (as a phrase of its name key, of two words or
  more), or speaks of the key performance indicator ("Indikator Kinerja Utama"/"IKU") and
  the report has exactly one; a sentence that only says "sasaran ini" / "indikator
  tersebut" refers to the subject named in the paragraphs just before it;
- the claim's quantity decides the reference: a capaian is compared with the achievement
  tables, a realisasi (or a bare value "adalah sebesar 60,81") with the realisation of the
  claim's year (the report year when none is said), a target with the performance
  agreement; the first kind in `sources` that has the indicator is the reference;
- values are compared as printed intervals; a claim that equals another table's value is
  still a finding (the tables disagree with each other too), and the message names it.

Each outcome carries the constraint claim − reference cell = 0; the claim is keyed by its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.arith import Interval, printed_interval
from auditor.checks import CheckKind
from auditor.checks.cells import (
    AuditContext,
    amount_interval,
    exponent,
    is_exact,
    number,
    ref,
    report_year,
    resolve_column,
    stated_unit,
)
from auditor.constraints import ONE, Constraint, Term
from auditor.findings import Outcome
from auditor.model import CellRef
from auditor.recognise.claims import Claim, prose_claims
from auditor.recognise.names import content_tokens, name_key
from auditor.recognise.units import with_unit
from auditor.schema.params import NarrativeParams

if TYPE_CHECKING:
    from auditor.numbers import ParsedNumber
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule

ANAPHOR_RE = re.compile(r"\b(?:ini|tersebut)\b", re.IGNORECASE)
IKU_RE = re.compile(r"\bindikator kinerja utama\b|\biku\b", re.IGNORECASE)
MIN_NAME = 2  # content words a name needs to be recognised in a sentence


@dataclass(frozen=True)
class Subject:
    """An indicator as the tables name it: its key and the keys of its sasaran."""

    name: str
    indicator: str  # indicator name key
    # Content tokens of the indicator's and of its sasaran's names; () when too short to be
    # recognised (one word, "Pendidikan", is in every sentence on the subject).
    own: tuple[str, ...]
    sasaran: tuple[str, ...]


def _subjects(ctx: AuditContext) -> list[Subject]:
    seen: dict[str, Subject] = {}
    for _, dataset in ctx.datasets(
        (
            "pk",
            "iku",
            "capaian",
            "efisiensi",
            "capaian_renstra",
            "realisasi_multitahun",
            "ringkasan_capaian",
        )
    ):
        for row in dataset.records:
            key = row.get("indikator__key")
            if not key or key in seen:
                continue
            own, sasaran = (_phrase(n) for n in (key, row.get("sasaran__key") or ""))
            seen[key] = Subject(str(row["indikator"]), key, own, sasaran)
    return list(seen.values())


def _phrase(name: str) -> tuple[str, ...]:
    tokens = tuple(content_tokens(name))
    return tokens if len(tokens) >= MIN_NAME else ()


def _within(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    """`part` is a run of `whole`'s tokens ("Persentase Guru Bersertifikat" in "Persentase
    Guru Bersertifikat Pendidik")."""
    n = len(part)
    return any(whole[k : k + n] == part for k in range(len(whole) - n + 1))


class _Namer:
    """Which subject a text names, without ambiguity: the indicator whose name it contains
    as a phrase (the longest, when the others it names are parts of that name); else the
    one indicator whose sasaran it names. A text naming two indicators, or a sasaran of
    several, names none. Each name is looked up among the text's runs of tokens of its
    length, collected once per text, not searched for along the text name by name."""

    def __init__(self, subjects: list[Subject]) -> None:
        self.subjects = subjects
        self.lengths = sorted({len(p) for s in subjects for p in (s.own, s.sasaran) if p})

    def __call__(self, text: str) -> Subject | None:
        tokens = content_tokens(name_key(text))
        runs = {
            n: {tuple(tokens[k : k + n]) for k in range(len(tokens) - n + 1)} for n in self.lengths
        }
        own = [s for s in self.subjects if s.own and s.own in runs[len(s.own)]]
        if own:
            longest = max(own, key=lambda s: len(s.own))
            return longest if all(_within(s.own, longest.own) for s in own) else None
        by_sasaran = [s for s in self.subjects if s.sasaran and s.sasaran in runs[len(s.sasaran)]]
        return by_sasaran[0] if len(by_sasaran) == 1 else None


def _iku_subject(ctx: AuditContext, subjects: list[Subject]) -> Subject | None:
    keys = {
        row["indikator__key"]
        for _, d in ctx.datasets(("iku",))
        for row in d.records
        if row.get("indikator__key")
    }
    if len(keys) != 1:
        return None
    (key,) = keys
    return next((s for s in subjects if s.indicator == key), None)


def _claims_with_subjects(rule: Rule, ctx: AuditContext) -> Iterator[tuple[Claim, Subject]]:
    subjects = _subjects(ctx)
    iku = _iku_subject(ctx, subjects)
    named = _Namer(subjects)
    recent: list[Subject | None] = []
    prose = prose_claims(ctx.recognition.document, ctx.recognition.convention)
    for read in prose.paragraphs:
        named_here = named(read.paragraph.text)
        # A sentence's subject, found once for all its claims (it depends on the sentence
        # and the paragraphs before it only).
        subject_of: dict[str, Subject | None] = {}
        for claim in read.figures:
            sentence = claim.sentence
            if sentence not in subject_of:
                subject = named(sentence)
                if subject is None and ANAPHOR_RE.search(sentence):
                    earlier = [s for s in recent[-int(KIND.params_of(rule).lookback) :] if s]
                    subject = earlier[-1] if earlier else None
                if subject is None and IKU_RE.search(sentence):
                    subject = iku
                subject_of[sentence] = subject
            if (found := subject_of[sentence]) is not None:
                yield claim, found
        recent.append(named_here)


def _reference(
    rule: Rule, ctx: AuditContext, claim: Claim, subject: Subject, year: int | None
) -> list[tuple[int, Dataset, int, str]]:
    """Cells holding the claimed quantity for the subject, most authoritative kind first."""
    quantity = claim.quantity or "realisasi"
    column_base = {"capaian": "capaian", "realisasi": "realisasi", "target": "target"}[quantity]
    wanted_year = claim.year or year
    cells = []
    p = KIND.params_of(rule)
    sources = {"capaian": p.capaian_sources, "realisasi": p.realisasi_sources}
    for kind in sources.get(quantity, p.target_sources):
        for ordinal, dataset in ctx.datasets((kind,)):
            column = resolve_column(dataset, column_base, wanted_year)
            if column is None or not dataset.has_field("indikator__key"):
                continue
            for i, row in enumerate(dataset.records):
                if row["indikator__key"] == subject.indicator and number(dataset, i, column):
                    cells.append((ordinal, dataset, i, column))
    return cells


def _agreement(
    claim: ParsedNumber, cell: ParsedNumber | None, exact: bool, ctx: AuditContext, scale: int = 0
) -> tuple[Interval, Interval] | None:
    """The first (claim, cell) reading intervals that meet; None when none do. A cell in a
    money unit (`scale`: 3 for Rp 000) agrees with the same figure or with it in whole
    Rupiah, within that unit's rounding: the prose may state either."""
    if cell is None:
        return None
    claimed = [printed_interval(r.value, r.decimals, ctx.rounding) for r in claim.readings]
    printed = [printed_interval(r.value, r.decimals, ctx.rounding, exact) for r in cell.readings]
    if scale:
        printed += [
            amount_interval(r.value, r.decimals, scale, exact, ctx.rounding) for r in cell.readings
        ]
    return next(((a, b) for a in claimed for b in printed if a.intersects(b)), None)


def _scale(dataset: Dataset, i: int, column: str) -> int:
    """The money unit of a cell: its column's, else its row's Satuan ("Rp juta")."""
    unit = stated_unit(dataset, i)
    return exponent(dataset, column) or (int(unit[1]) if unit and unit[0] == "money" else 0)


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    year = report_year(ctx)
    for claim, subject in _claims_with_subjects(rule, ctx):
        if not claim.number.is_number or claim.quantity == "akhir":
            continue  # an end-of-plan target's figure: the Renstra's, not this year's
        if claim.year and year and claim.year != year and claim.quantity not in (None, "realisasi"):
            continue  # a past year's target or achievement: not in this report's tables
        cells = _reference(rule, ctx, claim, subject, year)
        if not cells:
            continue
        agreements = [
            _agreement(
                claim.number,
                number(c[1], c[2], c[3]),
                is_exact(c[1], c[3]),
                ctx,
                _scale(c[1], c[2], c[3]),
            )
            for c in cells
        ]
        agreeing = [c for c, a in zip(cells, agreements, strict=True) if a is not None]
        reference = cells[0]
        _, dataset, i, column = reference
        cell = number(dataset, i, column)
        assert cell is not None
        printed = printed_interval(
            cell.amount, cell.decimals, ctx.rounding, is_exact(dataset, column)
        )
        also = sorted({c[1].id for c in agreeing} - {dataset.id})
        subject_ref = CellRef.prose(claim.location, claim.quantity or "realisasi", subject.name)
        # A failing claim is stated in the primary readings.
        claimed, referenced = agreements[0] or (
            printed_interval(claim.number.amount, claim.number.decimals, ctx.rounding),
            printed,
        )
        constraint = Constraint(
            (
                Term(subject_ref, claim.number, claimed),
                Term(ref(*reference), cell, referenced, -ONE),
            )
        )
        yield Outcome(
            rule=rule,
            passed=agreements[0] is not None,
            subject=subject_ref,
            related=tuple(ref(o, d, k, c) for o, d, k, c in [reference, *agreeing[:3]]),
            reported=claim.raw,
            expected=with_unit(cell.raw.strip(), _scale(dataset, i, column)),
            interval=printed,
            params={
                "reference_table": dataset.id,
                "quantity_id": QUANTITY_WORDS["id"][claim.quantity or "realisasi"],
                "quantity_en": QUANTITY_WORDS["en"][claim.quantity or "realisasi"],
                "also_id": f" (angka teks sama dengan tabel {', '.join(also)})" if also else "",
                "also_en": f" (the prose matches table {', '.join(also)})" if also else "",
                "sentence": claim.sentence
                if len(claim.sentence) <= 160
                else claim.sentence[:157] + "...",
            },
            constraint=constraint,
        )


QUANTITY_WORDS = {
    "id": {"capaian": "capaian", "realisasi": "realisasi", "target": "target"},
    "en": {"capaian": "achievement", "realisasi": "realisation", "target": "target"},
}


KIND = CheckKind(
    name="narrative",
    params=NarrativeParams,
    evaluate=evaluate,
    summary="A figure the prose states for an indicator equals the tables.",
    gx="gx_native_prose",
    placeholders=("sentence", "reference_table", "quantity", "also"),
)
