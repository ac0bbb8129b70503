"""Interval arithmetic on printed numbers: the tolerance comes from the printed precision.

A value printed with d decimals stands for an interval of true values (XBRL Calculations
1.1, statcheck, GRIM): ±½·10⁻ᵈ when the report rounds, [v, v + 10⁻ᵈ] when it truncates
(towards zero). Sums and ratios are consistent when the intervals intersect, so correctly
rounded numbers never raise an error. Amounts that are exact by nature (whole Rupiah)
have a zero-width interval. Everything is `Decimal`; floats are for display only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Literal

Rounding = Literal["round", "truncate", "either"]
ZERO = Decimal(0)


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    @classmethod
    def point(cls, value: Decimal) -> Interval:
        return cls(value, value)

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def scale(self, factor: Decimal) -> Interval:
        a, b = self.lo * factor, self.hi * factor
        return Interval(min(a, b), max(a, b))

    def divide(self, other: Interval) -> Interval | None:
        """self / other; None when the divisor interval contains zero (not testable)."""
        if other.lo <= ZERO <= other.hi:
            return None
        corners = [a / b for a in (self.lo, self.hi) for b in (other.lo, other.hi)]
        return Interval(min(corners), max(corners))

    def intersects(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def contains(self, value: Decimal) -> bool:
        return self.lo <= value <= self.hi

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2


def printed_interval(
    value: Decimal, decimals: int, rounding: Rounding, exact: bool = False
) -> Interval:
    """The true values a printed number can stand for."""
    if exact:
        return Interval.point(value)
    step = Decimal(1).scaleb(-decimals)
    half = step / 2
    down = Interval(value, value + step) if value >= 0 else Interval(value - step, value)
    if rounding == "round":
        return Interval(value - half, value + half)
    if rounding == "truncate":
        return down
    return Interval(min(value - half, down.lo), max(value + half, down.hi))


def sum_intervals(intervals: list[Interval]) -> Interval:
    total = Interval.point(ZERO)
    for interval in intervals:
        total = total + interval
    return total


def common(intervals: list[Interval]) -> Interval | None:
    """The values every interval allows; None when they do not meet (or there are none)."""
    if not intervals:
        return None
    lo, hi = max(i.lo for i in intervals), min(i.hi for i in intervals)
    return Interval(lo, hi) if lo <= hi else None


def as_printed(value: Decimal, decimals: int, rounding: Rounding) -> Decimal:
    """What a report following `rounding` would print for the true `value`."""
    step = Decimal(1).scaleb(-decimals)
    mode = ROUND_DOWN if rounding == "truncate" else ROUND_HALF_UP
    return value.quantize(step, rounding=mode)
