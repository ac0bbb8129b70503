"""What a value rule asserts about its cells, in a form any one cell can be solved from.

Error localisation needs more than pass/fail: for a failing sum it asks "which single cell,
changed to which value, would make this hold?". A `Constraint` answers that for every cell
it involves. Two shapes cover the value checks:

- linear: Σ coefficientᵢ · xᵢ = 0 — a parent and its children (parent − Σ children), a
  total, a difference (e − c + p), an equality between two tables or the prose (a − b);
- ratio: value = formula(numerator, denominator) × scale — capaian and penyerapan.

Each term carries its printed number and printed interval, so solving uses the same
rounding-aware intervals as the checks. `derived` marks a value computed from the other
terms (a percentage): when an input turns out to be wrong, the derived cell must be
recomputed too, which is a consequence, not a new contradiction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from auditor.arith import Interval
from auditor.formulas import FORMULAS, Formula, implied
from auditor.model import CellRef
from auditor.numbers import ParsedNumber

ONE = Decimal(1)
CellKey = tuple[int, int, str | None]  # (dataset ordinal or -1 for prose, row or line, column)


def key_of(cell: CellRef) -> CellKey:
    return (cell.dataset, cell.position, cell.column)


@dataclass(frozen=True)
class Term:
    cell: CellRef
    number: ParsedNumber  # as printed
    interval: Interval  # the true values the print stands for
    coefficient: Decimal = ONE  # linear constraints only

    @property
    def key(self) -> CellKey:
        return key_of(self.cell)


@dataclass(frozen=True)
class Constraint:
    terms: tuple[Term, ...]
    # Ratio: terms are (value, numerator, denominator) and value = formula(n, d) × scale.
    formula: Formula | None = None
    scale: Decimal = Decimal(100)
    derived: bool = False  # terms[0] is computed from the others

    def cell_keys(self) -> list[CellKey]:
        return [t.key for t in self.terms]

    def term(self, key: CellKey) -> Term | None:
        return next((t for t in self.terms if t.key == key), None)

    def _intervals(self, replace: dict[CellKey, Interval] | None = None) -> list[Interval]:
        replace = replace or {}
        return [replace.get(t.key, t.interval) for t in self.terms]

    def holds(self, replace: dict[CellKey, Interval] | None = None) -> bool:
        """Whether the printed values (some replaced) can all be true at once."""
        values = self._intervals(replace)
        if self.formula is None:
            total = Interval.point(Decimal(0))
            for term, value in zip(self.terms, values, strict=True):
                total = total + value.scale(term.coefficient)
            return total.contains(Decimal(0))
        share = implied(self.formula, values[1], values[2])
        return share is not None and share.scale(self.scale).intersects(values[0])

    def solve(self, key: CellKey) -> Interval | None:
        """The values the cell `key` may take for the constraint to hold, others as printed."""
        index = next((i for i, t in enumerate(self.terms) if t.key == key), None)
        if index is None:
            return None
        values = self._intervals()
        if self.formula is None:
            rest = Interval.point(Decimal(0))
            for i, (term, value) in enumerate(zip(self.terms, values, strict=True)):
                if i != index:
                    rest = rest + value.scale(term.coefficient)
            coefficient = self.terms[index].coefficient
            return None if coefficient == 0 else rest.scale(-ONE / coefficient)
        return _solve_ratio(self.formula, self.scale, values, index)


def _solve_ratio(
    formula: Formula, scale: Decimal, values: list[Interval], index: int
) -> Interval | None:
    value, numerator, denominator = values
    ratio = FORMULAS[formula]
    if index == 0:
        share = ratio.on_intervals(numerator, denominator)
        return share.scale(scale) if share is not None else None
    share = value.scale(ONE / scale)  # value / scale, the plain ratio
    if index == 1:
        return ratio.numerator_from(share, denominator)
    return ratio.denominator_from(share, numerator)
