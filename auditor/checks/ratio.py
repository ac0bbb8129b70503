"""Ratio: a printed percentage equals numerator / denominator × scale, within printed precision.

Achievement (capaian = realisasi / target × 100) and absorption (penyerapan = realisasi /
anggaran × 100). Negative-polarity indicators ("semakin kecil semakin baik") use
(2·target − realisasi) / target or target / realisasi. With `polarity`, each row's polarity
and formula are those the report declares (auditor/recognise/polarity.py: a Polaritas
column, a definitions table, the prose), else those its name suggests, else positive; every
formula of the rule is still tried, so a value is judged in four ways (`verdict`): it fits
no formula (an error), it fits only a formula other than the declared one (an error), it
fits only a formula of the polarity its name does not suggest, polarity undeclared (a
warning), or every formula allowed for it divides by zero (not computable). A value at the
report's cap (100, 120) passes when the formula gives more. Ordinal indicators (strata,
predicates, opinions) score 100 when the realisation's rank reaches the target's. Each
reading of an ambiguous printed value (9.403 → 9403 or 9,403) is tried; the ambiguity itself
is another rule's finding. The value rule's outcomes carry the constraint value =
formula(numerator, denominator) × scale in the formula and reading they were judged on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from auditor.arith import Interval, Rounding, as_printed, printed_interval
from auditor.checks import CheckKind, GxMapping
from auditor.checks.cells import AuditContext, interval, number, parsed, ref
from auditor.checks.difference import MIN_ROWS_FOR_FORMULA
from auditor.checks.gx_mapping import on_row
from auditor.constraints import Constraint, Term
from auditor.findings import Outcome
from auditor.formulas import FORMULAS, Formula, implied
from auditor.i18n import LANGS, label
from auditor.recognise.polarity import (
    POLARITY_OF,
    Declaration,
    Declarations,
    Polarity,
    name_hint,
    rank,
    read_declarations,
)
from auditor.schema.params import RatioParams

if TYPE_CHECKING:
    from auditor.model import CellRef
    from auditor.numbers import Reading
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule


def _allowed(
    params: RatioParams, declaration: Declaration | None, negative: Formula | None
) -> tuple[Formula, ...]:
    """The formulas a row may be computed with: those its declaration (or name) allows,
    among the rule's; all of the rule's when the rule reads no polarity."""
    if not params.polarity:
        return tuple(params.formulas)
    wanted = declaration.allowed(negative) if declaration else (Formula.POSITIVE,)
    return tuple(f for f in wanted if f in params.formulas) or tuple(params.formulas)


@dataclass(frozen=True)
class RatioFit:
    """How one row's printed value relates to the formulas allowed for it."""

    implied: dict[Formula, Interval | None]  # formula → implied share (None: not testable)
    allowed: tuple[Formula, ...]  # the formulas the row's declaration allows
    formula: Formula | None  # the formula the value fits (an allowed one first), if any
    printed: Interval | None  # the reading of the value that fits
    verdict: str  # "pass", or the failure (see RatioParams.verdict)
    passed: bool  # for the rule judged: its failure is not the verdict
    capped: bool = False  # the value is the report's cap, the formula gives more


def judge(
    params: RatioParams,
    label: str,
    value: Sequence[Reading],
    numerator: Interval,
    denominator: Interval,
    rounding: Rounding,
    declarations: Declarations | None = None,
    declaration: Declaration | None = None,
) -> RatioFit | None:
    """The verdict on one row (also the Great Expectations engine's, which knows no
    declarations: the name is its only evidence); None when the row is not testable for
    the rule: every allowed formula divides by an interval that contains zero (unless the
    rule reports exactly that)."""
    if params.polarity and declaration is None:
        declaration = name_hint(label, params.negative_names, params.positive_names)
    report = declarations.negative_formula if declarations else None
    negative = report.formula if report else None
    allowed = _allowed(params, declaration, negative)
    # A target of 0 makes every formula meaningless (T/R would print 0 for anything).
    zero_target = denominator.lo <= 0 <= denominator.hi
    shares = {
        f: None if zero_target else implied(f, numerator, denominator) for f in params.formulas
    }
    if all(shares[f] is None for f in allowed):
        if params.verdict != "not_computable":
            return None  # target (or realisation, for T/R) may be zero: not testable
        return RatioFit(shares, allowed, None, None, "not_computable", False)
    scale = Decimal(str(params.scale))
    fits, printed = _fits(value, shares, scale, rounding)
    formula = next((f for f in fits if f in allowed), fits[0] if fits else None)
    capped = False
    if formula not in allowed and declarations is not None and declarations.cap is not None:
        capped = _capped(value, shares, allowed, scale, declarations.cap)
    verdict = "pass"
    if capped:
        formula = next(f for f in allowed if shares[f] is not None)
    elif formula is None:
        verdict = "misfit"
    elif formula not in allowed:
        by_report = (
            negative is not None
            and declaration is not None
            and declaration.polarity == Polarity.NEGATIVE
            and all(POLARITY_OF.get(f) == Polarity.NEGATIVE for f in fits)
        )
        declared = declaration is not None and declaration.declared
        verdict = "declared_formula" if declared or by_report else "undeclared_formula"
    return RatioFit(shares, allowed, formula, printed, verdict, verdict != params.verdict, capped)


def _capped(
    value: Sequence[Reading],
    shares: dict[Formula, Interval | None],
    allowed: tuple[Formula, ...],
    scale: Decimal,
    cap: Decimal,
) -> bool:
    """The value prints the report's cap and an allowed formula gives more than it."""
    if not any(r.value == cap for r in value):
        return False
    return any((s := shares[f]) is not None and s.scale(scale).lo > cap for f in allowed)


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    p = KIND.params_of(rule)
    scale = Decimal(str(p.scale))
    declarations = read_declarations(ctx.recognition, rule.tables) if p.polarity else None
    for ordinal, dataset in ctx.datasets(rule.tables):
        if not all(dataset.column(c) for c in (p.value, p.numerator, p.denominator)):
            continue
        outcomes = []
        for i in range(len(dataset.records)):
            row = _Row(rule, ctx, ordinal, dataset, i, scale, declarations)
            outcome = (row.ranked() if p.polarity else None) or row.outcome()
            if outcome is not None:
                outcomes.append(outcome)
        if p.only_if_used and not table_uses_formula([o.passed for o in outcomes]):
            continue
        yield from outcomes


def table_uses_formula(verdicts: list[bool]) -> bool:
    """Whether a table's testable rows show that it computes its value with the rule's
    formula: at least half of them fit it, or too few are testable to tell. (Stricter than
    difference.formula_used: one row may fit another formula by coincidence.)"""
    return len(verdicts) < MIN_ROWS_FOR_FORMULA or 2 * sum(verdicts) >= len(verdicts)


@dataclass
class _Row:
    rule: Rule
    ctx: AuditContext
    ordinal: int
    dataset: Dataset
    i: int
    scale: Decimal
    declarations: Declarations | None

    @property
    def params(self) -> RatioParams:
        return KIND.params_of(self.rule)

    def _refs(self) -> tuple[CellRef, tuple[CellRef, CellRef]]:
        p, args = self.params, (self.ordinal, self.dataset, self.i)
        return ref(*args, p.value), (ref(*args, p.numerator), ref(*args, p.denominator))

    def ranked(self) -> Outcome | None:
        """An ordinal indicator (strata, predicate, opinion): capaian 100 when the
        realisation's rank reaches the target's, below 100 when it does not."""
        p, dataset, i = self.params, self.dataset, self.i
        value = number(dataset, i, p.value)
        ranks = [_rank(dataset, i, c) for c in (p.numerator, p.denominator)]
        r_rank, t_rank = ranks
        if value is None or value.value is None or r_rank is None or t_rank is None:
            return None
        if r_rank[0] != t_rank[0] or p.verdict != "misfit":
            return None  # two scales, or a rule about formulas: nothing to judge
        reached = r_rank[1] >= t_rank[1]
        hundred = Decimal(100)
        passed = value.value >= hundred if reached else value.value < hundred
        subject, related = self._refs()
        raws = [
            str(dataset.records[i].get(f"{c}__raw") or "").strip()
            for c in (p.numerator, p.denominator)
        ]
        params = {"numerator": raws[0], "denominator": raws[1], "formula_name": "ordinal"}
        for lang in LANGS:
            params[f"polarity_note_{lang}"] = ""
            params[f"formula_{lang}"] = label(
                "ordinal_formula", lang, numerator=raws[0], denominator=raws[1]
            )
        return Outcome(
            rule=self.rule,
            passed=passed,
            subject=subject,
            related=related,
            reported=value.raw.strip(),
            expected=("100" if reached else "< 100"),
            params=params,
        )

    def outcome(self) -> Outcome | None:
        p, ctx, dataset, i = self.params, self.ctx, self.dataset, self.i
        value = number(dataset, i, p.value)
        num = interval(dataset, i, p.numerator, ctx.rounding)
        den = interval(dataset, i, p.denominator, ctx.rounding)
        if value is None or num is None or den is None:
            return None
        label_text = str(dataset.records[i].get("label") or "")
        declaration = self.declarations.of(dataset, i) if self.declarations else None
        fit = judge(
            p, label_text, value.readings, num, den, ctx.rounding, self.declarations, declaration
        )
        if fit is None:
            return None
        if declaration is None and p.polarity:
            declaration = name_hint(label_text, p.negative_names, p.positive_names)
        r_cell, t_cell = number(dataset, i, p.numerator), number(dataset, i, p.denominator)
        assert r_cell is not None and r_cell.value is not None
        assert t_cell is not None and t_cell.value is not None
        subject, related = self._refs()
        params = self._params(fit, declaration, r_cell.raw.strip(), t_cell.raw.strip())
        testable = [f for f in fit.allowed if fit.implied[f] is not None]
        if not testable:  # not computable: what the rule reports, with no value to expect
            zero = "zero_target" if t_cell.value == 0 else "zero_realisation"
            params.update({f"zero_{lang}": label(zero, lang) for lang in LANGS})
            return Outcome(
                rule=self.rule,
                passed=fit.passed,
                subject=subject,
                related=related,
                reported=value.raw.strip(),
                params=params,
            )
        formula = fit.formula or testable[0]
        share = fit.implied[formula]
        assert share is not None  # the first testable allowed formula, when none fits
        expected_interval = share.scale(self.scale)
        expected = None
        try:
            point = FORMULAS[formula].on_points(r_cell.value, t_cell.value) * self.scale
            expected = ctx.fmt(as_printed(point, value.decimals, ctx.rounding), value.decimals)
        except (ArithmeticError, TypeError):  # division by a printed zero: no point estimate
            pass
        if fit.capped:
            params["uncapped"] = expected or ""
        constraint = None
        # Only the value rule asserts what the value is; the rules about which formula fits
        # assert nothing a cell could be solved from.
        if p.verdict == "misfit" and not fit.capped:
            # A failing value is stated in its primary reading.
            printed = fit.printed or printed_interval(value.amount, value.decimals, ctx.rounding)
            constraint = Constraint(
                (
                    Term(subject, value, printed),
                    Term(related[0], r_cell, num),
                    Term(related[1], t_cell, den),
                ),
                formula=formula,
                scale=self.scale,
                derived=True,
            )
        params["formula"] = _text(formula, params, p.scale)
        params["formula_name"] = formula
        return Outcome(
            rule=self.rule,
            passed=fit.passed,
            subject=subject,
            related=related,
            reported=value.raw.strip(),
            expected=expected,
            interval=expected_interval,
            params=params,
            constraint=constraint,
        )

    def _params(
        self, fit: RatioFit, declaration: Declaration | None, numerator: str, denominator: str
    ) -> dict[str, str]:
        params = {"numerator": numerator, "denominator": denominator}
        declared = [_text(f, params, self.params.scale) for f in fit.allowed]
        report = self.declarations.negative_formula if self.declarations else None
        for lang in LANGS:
            params[f"declared_formula_{lang}"] = label("formula_or", lang).join(declared)
            polarity = declaration.polarity if declaration else Polarity.POSITIVE
            params[f"polarity_{lang}"] = label(f"polarity_{polarity}", lang)
            if declaration is not None and declaration.declared:
                source = declaration.source(lang)
            elif report is not None and declaration is not None:
                source = label("polarity_formula_from_prose", lang, line=report.line or "")
            elif declaration is not None:
                source = declaration.source(lang)
            else:
                source = label("polarity_undeclared", lang)
            params[f"source_{lang}"] = source
            note = label("polarity_note", lang, polarity=params[f"polarity_{lang}"], source=source)
            params[f"polarity_note_{lang}"] = note if declaration is not None else ""
        return params


def _text(formula: Formula, params: dict[str, str], scale: float) -> str:
    return FORMULAS[formula].text.format(
        numerator=params["numerator"], denominator=params["denominator"], scale=scale
    )


def _rank(dataset: Dataset, i: int, column: str) -> tuple[int, int] | None:
    """(scale, rank) of an ordinal cell: a KLA stratum, a SAKIP predicate, an opinion."""
    cell = parsed(dataset, i, column)
    if cell is not None and cell.kind == "ordinal" and cell.rank is not None:
        return -1, cell.rank
    return rank(str(dataset.records[i].get(f"{column}__raw") or ""))


def _fits(
    value: Sequence[Reading],
    implied: dict[Formula, Interval | None],
    scale: Decimal,
    rounding: Rounding,
) -> tuple[list[Formula], Interval | None]:
    """The formulas the first fitting reading of the value fits, with that reading's
    interval; nothing when no reading fits any."""
    for reading in value:
        printed = printed_interval(reading.value, reading.decimals, rounding)
        fits = [
            f for f, v in implied.items() if v is not None and v.scale(scale).intersects(printed)
        ]
        if fits:
            return fits, printed
    return [], None


def _gx_expectations(rule: Rule, known: set[str], rounding: Rounding) -> list[dict[str, Any]]:
    p = KIND.params_of(rule)
    return on_row(
        "expect_column_values_to_equal_ratio_within_printed_precision",
        rule,
        known,
        [p.value, p.numerator, p.denominator],
        "label",
        value_column=p.value,
        numerator=p.numerator,
        denominator=p.denominator,
        scale=p.scale,
        formulas=[str(f) for f in p.formulas],
        negative_names=[pattern.pattern for pattern in p.negative_names],
        positive_names=[pattern.pattern for pattern in p.positive_names],
        polarity=p.polarity,
        verdict=p.verdict,
        rounding=rounding,
    )


def _gx_native_for(rule: Rule) -> str | None:
    """A formula tested only in the tables that use it: GX judges each row alone."""
    return "gx_native_formula_used" if KIND.params_of(rule).only_if_used else None


KIND = CheckKind(
    name="ratio",
    params=RatioParams,
    evaluate=evaluate,
    summary="A printed percentage equals numerator / denominator × scale (or a "
    "negative-polarity formula), within printed precision.",
    gx=GxMapping(_gx_expectations, native_for=_gx_native_for),
    rounding_sensitive=True,
    placeholders=(
        "numerator",
        "denominator",
        "formula",
        "formula_name",
        "declared_formula",
        "polarity",
        "source",
        "polarity_note",
        "uncapped",
        "zero",
    ),
)
