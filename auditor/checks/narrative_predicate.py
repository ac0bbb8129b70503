"""Narrative predicate: a predicate stated in the prose follows the report's own scale.

"... adalah sebesar 61,47%. dengan predikat “Cukup Berhasil”": the percentage the predicate
qualifies is the nearest one before "predikat"/"kategori" in the sentence (or, when the
splitter cut "61,47%. dengan predikat", in the sentence before), else the first one after
it (recognise/claims.py). Its predicate must be the one the report's scale table gives
that percentage:

- the phrase after the keyword is matched against the scale's predicate names, longest
  first ("Kurang Berhasil" before "Berhasil"); quotes and ** emphasis do not matter. A
  phrase the scale does not name (an evaluation grade "predikat B", "kategori Baik" in a
  report whose scale says "Berhasil") is not checked;
- ranges are parsed by the scale check's parser (checks/scale.py); every value the printed
  percentage can stand for is accepted, so a correctly rounded value never fails. A scale
  with an unreadable range, and a percentage the scale does not classify (a gap, the scale
  rules' finding), are not testable;
- when the report has several scales, the one that names the predicate and is declared
  nearest before the sentence rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.arith import printed_interval
from auditor.checks import Param
from auditor.checks.cells import AuditContext, ref
from auditor.checks.scale import ScaleRow, read_scale
from auditor.findings import CellRef, Outcome
from auditor.recognise.claims import PredicateClaim, excerpt, extract_predicates

if TYPE_CHECKING:
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule

PARAMS = {
    # The table kinds that hold the report's scale.
    "scales": Param("kinds", required=False, default=["skala"]),
}


# Words that turn a predicate into another one: "Baik Sekali" is not "Baik".
NAME_CONTINUATIONS = frozenset({"sekali", "plus", "minus"})


def normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]|_", " ", text.lower()).split())


@dataclass(frozen=True)
class Scale:
    ordinal: int
    dataset: Dataset
    rows: list[ScaleRow]  # the rows that name a predicate
    line: int  # where the scale table is printed

    def match(self, phrase: str) -> ScaleRow | None:
        """The row whose predicate the phrase starts with, longest name first; None when
        the phrase goes on with what may be part of another name ("Baik Sekali")."""
        printed = phrase.split()
        words = normal(phrase).split()
        named = sorted(self.rows, key=lambda r: -len(normal(r.predicate).split()))
        for row in named:
            name = normal(row.predicate).split()
            if name and words[: len(name)] == name:
                rest = printed[len(name) : len(name) + 1]
                longer = rest and (
                    rest[0].lower() in NAME_CONTINUATIONS
                    or (rest[0][0].isupper() and not phrase.isupper())
                )
                return None if longer else row
        return None


def _scales(ctx: AuditContext, kinds: tuple[str, ...]) -> list[Scale]:
    scales = []
    for ordinal, dataset in ctx.datasets(kinds):
        rows = read_scale(dataset, ctx.recognition.convention) or []
        named = [r for r in rows if r.predicate]
        if named:
            line = dataset.table.location.line or 0
            scales.append(Scale(ordinal, dataset, named, line))
    return scales


def _scale_for(scales: list[Scale], claim: PredicateClaim) -> tuple[Scale, ScaleRow] | None:
    naming = [(s, row) for s in scales if (row := s.match(claim.phrase)) is not None]
    line = claim.location.line or 0
    before = [n for n in naming if n[0].line <= line]
    return before[-1] if before else naming[0] if naming else None


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    scales = _scales(ctx, tuple(rule.params["scales"]))
    if not scales:
        return  # no scale in the report: the prose's predicates cannot be tested
    for paragraph in ctx.recognition.document.paragraphs:
        for claim in extract_predicates(paragraph, ctx.recognition.convention):
            outcome = _outcome(rule, ctx, scales, claim)
            if outcome is not None:
                yield outcome


def _outcome(
    rule: Rule, ctx: AuditContext, scales: list[Scale], claim: PredicateClaim
) -> Outcome | None:
    if claim.quantity in ("realisasi", "target"):
        return None  # "realisasi 93,33% dengan predikat ...": the achievement is not stated
    found = _scale_for(scales, claim)
    if found is None or not claim.number.is_number:
        return None
    scale, written = found
    intervals = [printed_interval(r.value, r.decimals, ctx.rounding) for r in claim.number.readings]
    primary = [r for r in scale.rows if r.range.meets(intervals[0])]
    if not primary:
        return None  # the scale does not classify this percentage: the gap rule's finding
    fitting = [r for r in scale.rows for iv in intervals if r.range.meets(iv)]
    wanted = normal(written.predicate)
    passed = any(normal(r.predicate) == wanted for r in fitting)
    expected = next((r for r in primary if normal(r.predicate) == wanted), primary[0])
    sentence = claim.sentence
    return Outcome(
        rule=rule,
        passed=passed,
        subject=CellRef(
            table=None,
            row=None,
            column="predikat",
            line=claim.location.line,
            page=claim.location.page,
            dataset=-1,
            frame_row=-1,
            label=claim.raw,
        ),
        related=(ref(scale.ordinal, scale.dataset, expected.i, "rentang"),),
        reported=" ".join(claim.phrase.split()[: len(wanted.split())]),
        expected=expected.predicate,
        params={
            "capaian": claim.raw,
            "range": expected.text,
            "scale_table": scale.dataset.id,
            "sentence": excerpt(sentence, claim.start),
        },
    )
