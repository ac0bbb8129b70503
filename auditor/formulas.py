"""The achievement formulas, written once: for the ratio check, the constraint solver and the
Great Expectations conditions alike.

A printed percentage is value = formula(numerator, denominator) × scale, where for capaian
the numerator is the realisation R and the denominator the target T:

- `positive` ("semakin tinggi semakin baik"): R / T;
- `negative_difference` ("semakin rendah semakin baik"): (2T − R) / T;
- `negative_inverse` (negative, the other convention): T / R;
- `unspent` (an efficiency as the share of the budget left unspent): 1 − R / T, with the
  spending as R and the budget as T.

Each formula is given on intervals (printed values stand for intervals, see arith.py), on
points (for the value to print), as text for messages, and solved for each of its cells.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from auditor.arith import Interval

ONE = Decimal(1)
TWO = Decimal(2)


class Formula(StrEnum):
    POSITIVE = "positive"
    NEGATIVE_DIFFERENCE = "negative_difference"
    NEGATIVE_INVERSE = "negative_inverse"
    UNSPENT = "unspent"


@dataclass(frozen=True)
class RatioFormula:
    on_intervals: Callable[[Interval, Interval], Interval | None]  # (R, T) → the share
    on_points: Callable[[Decimal, Decimal], Decimal]
    text: str  # with {numerator}, {denominator} and {scale}
    # The numerator (R) and the denominator (T) from the share (value / scale) and the other.
    numerator_from: Callable[[Interval, Interval], Interval | None]  # (share, T) → R
    denominator_from: Callable[[Interval, Interval], Interval | None]  # (share, R) → T


def product(a: Interval, b: Interval) -> Interval:
    corners = [x * y for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    return Interval(min(corners), max(corners))


def _complement(share: Interval, whole: Decimal = TWO) -> Interval:
    """whole − share: under (2T − R) / T (whole 2) and 1 − R / T (whole 1), the share R / T."""
    return Interval.point(whole) - share


FORMULAS: dict[Formula, RatioFormula] = {
    Formula.POSITIVE: RatioFormula(
        on_intervals=lambda r, t: r.divide(t),
        on_points=lambda r, t: r / t,
        text="{numerator} / {denominator} × {scale}",
        numerator_from=lambda share, t: product(share, t),
        denominator_from=lambda share, r: r.divide(share),
    ),
    Formula.NEGATIVE_DIFFERENCE: RatioFormula(
        on_intervals=lambda r, t: (t.scale(TWO) - r).divide(t),
        on_points=lambda r, t: (2 * t - r) / t,
        text="(2 × {denominator} − {numerator}) / {denominator} × {scale}",
        numerator_from=lambda share, t: product(_complement(share), t),
        denominator_from=lambda share, r: r.divide(_complement(share)),
    ),
    Formula.NEGATIVE_INVERSE: RatioFormula(
        on_intervals=lambda r, t: t.divide(r),
        on_points=lambda r, t: t / r,
        text="{denominator} / {numerator} × {scale}",
        numerator_from=lambda share, t: t.divide(share),
        denominator_from=lambda share, r: product(share, r),
    ),
    Formula.UNSPENT: RatioFormula(
        on_intervals=lambda r, t: (t - r).divide(t),
        on_points=lambda r, t: (t - r) / t,
        text="(1 − {numerator} / {denominator}) × {scale}",
        numerator_from=lambda share, t: product(_complement(share, ONE), t),
        denominator_from=lambda share, r: r.divide(_complement(share, ONE)),
    ),
}


def implied(formula: Formula, numerator: Interval, denominator: Interval) -> Interval | None:
    """The share formula(R, T), before scaling; None when it divides by a possible zero."""
    return FORMULAS[formula].on_intervals(numerator, denominator)
