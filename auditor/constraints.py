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
from functools import cached_property

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

    @cached_property
    def key(self) -> CellKey:
        return key_of(self.cell)


@dataclass(frozen=True)
class Constraint:
    terms: tuple[Term, ...]
    # Ratio: terms are (value, numerator, denominator) and value = formula(n, d) × scale.
    formula: Formula | None = None
    scale: Decimal = Decimal(100)
    derived: bool = False  # terms[0] is computed from the others

    # Localisation asks every cell of a failing constraint what it should be, and every
    # passing constraint around a candidate whether it still holds: the keys, where each
    # is and the running sums are worked out once, so that each question costs the same
    # for a total of ten cells as for one of ten thousand.

    def cell_keys(self) -> list[CellKey]:
        return list(self._keys)

    @cached_property
    def _keys(self) -> tuple[CellKey, ...]:
        return tuple(t.key for t in self.terms)

    @cached_property
    def _positions(self) -> dict[CellKey, list[int]]:
        positions: dict[CellKey, list[int]] = {}
        for i, key in enumerate(self._keys):
            positions.setdefault(key, []).append(i)
        return positions

    def term(self, key: CellKey) -> Term | None:
        positions = self._positions.get(key)
        return self.terms[positions[0]] if positions else None

    def _intervals(self, replace: dict[CellKey, Interval] | None = None) -> list[Interval]:
        replace = replace or {}
        return [replace.get(t.key, t.interval) for t in self.terms]

    @cached_property
    def _scaled(self) -> tuple[Interval, ...]:
        """Each linear term's interval times its coefficient."""
        return tuple(t.interval.scale(t.coefficient) for t in self.terms)

    @cached_property
    def _prefix(self) -> list[Interval]:
        """_prefix[i]: the sum of the first i scaled terms, added left to right from 0."""
        sums = [Interval.point(Decimal(0))]
        for value in self._scaled:
            sums.append(sums[-1] + value)
        return sums

    @cached_property
    def _suffix(self) -> list[Interval]:
        """_suffix[i]: the sum of the scaled terms from i on, from 0."""
        sums = [Interval.point(Decimal(0))]
        for value in reversed(self._scaled):
            sums.append(value + sums[-1])
        return sums[::-1]

    def holds(self, replace: dict[CellKey, Interval] | None = None) -> bool:
        """Whether the printed values (some replaced) can all be true at once."""
        if self.formula is None:
            replaced = [
                (i, value)
                for k, value in (replace or {}).items()
                for i in self._positions.get(k, ())
            ]
            total = self._prefix[-1]
            if len(replaced) == 1:  # one cell changed: the others' sum is known already
                i, value = replaced[0]
                total = (
                    self._prefix[i] + value.scale(self.terms[i].coefficient) + (self._suffix[i + 1])
                )
            elif replaced:
                total = Interval.point(Decimal(0))
                values = self._intervals(replace)
                for term, value in zip(self.terms, values, strict=True):
                    total = total + value.scale(term.coefficient)
            return total.contains(Decimal(0))
        values = self._intervals(replace)
        share = implied(self.formula, values[1], values[2])
        return share is not None and share.scale(self.scale).intersects(values[0])

    def solve(self, key: CellKey) -> Interval | None:
        """The values the cell `key` may take for the constraint to hold, others as printed."""
        positions = self._positions.get(key)
        if positions is None:
            return None
        index = positions[0]
        if self.formula is None:
            # The others' sum: the same additions as from left to right, so exact values
            # keep the same digits.
            rest = self._prefix[index] + self._suffix[index + 1]
            coefficient = self.terms[index].coefficient
            return None if coefficient == 0 else rest.scale(-ONE / coefficient)
        return _solve_ratio(self.formula, self.scale, self._intervals(), index)


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
