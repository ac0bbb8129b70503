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

from collections.abc import Iterator
from typing import TYPE_CHECKING

from auditor.arith import printed_interval
from auditor.checks import CheckKind
from auditor.checks.cells import AuditContext, ref
from auditor.checks.scale import Scale, ScaleRow, normal, report_scales
from auditor.findings import Outcome
from auditor.model import CellRef
from auditor.recognise.claims import PredicateClaim, excerpt, prose_claims
from auditor.schema.params import NarrativePredicateParams

if TYPE_CHECKING:
    from auditor.rules import Rule


def _scale_for(scales: list[Scale], claim: PredicateClaim) -> tuple[Scale, ScaleRow] | None:
    naming = [(s, row) for s in scales if (row := s.match(claim.phrase)) is not None]
    line = claim.location.line or 0
    before = [n for n in naming if n[0].line <= line]
    return before[-1] if before else naming[0] if naming else None


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    scales = report_scales(ctx, tuple(KIND.params_of(rule).scales))
    if not scales:
        return  # no scale in the report: the prose's predicates cannot be tested
    for read in prose_claims(ctx.recognition.document, ctx.recognition.convention).paragraphs:
        for claim in read.predicates:
            outcome = _outcome(rule, ctx, scales, claim)
            if outcome is not None:
                yield outcome


def _outcome(
    rule: Rule, ctx: AuditContext, scales: list[Scale], claim: PredicateClaim
) -> Outcome | None:
    if claim.quantity not in (None, "capaian"):
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
        subject=CellRef.prose(claim.location, "predikat", claim.raw),
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


KIND = CheckKind(
    name="narrative_predicate",
    params=NarrativePredicateParams,
    evaluate=evaluate,
    summary="A predicate stated in the prose for an achievement matches the report's scale.",
    gx="gx_native_prose",
    placeholders=("capaian", "range", "scale_table", "sentence"),
)
