"""Interval arithmetic on printed numbers: the tolerance comes from the printed precision.

A value printed with d decimals stands for an interval of true values (XBRL Calculations
1.1, statcheck, GRIM): ±½·10⁻ᵈ when the report rounds, [v, v + 10⁻ᵈ] when it truncates
(towards zero). Sums and ratios are consistent when the intervals intersect, so correctly
rounded numbers never raise an error. Amounts that are exact by nature (whole Rupiah)
have a zero-width interval. Everything is `Decimal`; floats are for display only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Literal

Rounding = Literal["round", "truncate", "either"]
ZERO = Decimal(0)

# Big numbers exactly. Decimal works to 28 significant digits by default: enough for any
# Rupiah amount, but a 30-digit one would be rounded when added (and `quantize` refuses it).
# A sum, difference or product that comes out at 10^BIG or more is therefore worked out
# again in WIDE, where printed numbers (at most MAX_NUMBER_DIGITS digits, see numbers.py)
# and any sum of them are exact. Smaller results keep the ordinary context, digit for digit
# as before; so do quotients, which are never exact anyway.
BIG = 20
WIDE = Context(prec=1000)


def plus(a: Decimal, b: Decimal) -> Decimal:
    """a + b, exact for big values."""
    result = a + b
    return WIDE.add(a, b) if result.adjusted() >= BIG else result


def minus(a: Decimal, b: Decimal) -> Decimal:
    """a − b, exact for big values."""
    result = a - b
    return WIDE.subtract(a, b) if result.adjusted() >= BIG else result


def times(a: Decimal, b: Decimal) -> Decimal:
    """a × b, exact for big values."""
    result = a * b
    return WIDE.multiply(a, b) if result.adjusted() >= BIG else result


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """The sum of printed values, exactly however many and however big."""
    with localcontext(WIDE):
        return sum(values, ZERO)


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    @classmethod
    def point(cls, value: Decimal) -> Interval:
        return cls(value, value)

    def __add__(self, other: Interval) -> Interval:
        return Interval(plus(self.lo, other.lo), plus(self.hi, other.hi))

    def __sub__(self, other: Interval) -> Interval:
        return Interval(minus(self.lo, other.hi), minus(self.hi, other.lo))

    def scale(self, factor: Decimal) -> Interval:
        a, b = times(self.lo, factor), times(self.hi, factor)
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
        middle = (self.lo + self.hi) / 2
        if middle.adjusted() >= BIG:  # halving is exact: a big value's middle stays exact
            return WIDE.divide(WIDE.add(self.lo, self.hi), 2)
        return middle


def printed_interval(
    value: Decimal, decimals: int, rounding: Rounding, exact: bool = False
) -> Interval:
    """The true values a printed number can stand for."""
    if exact:
        return Interval.point(value)
    step = Decimal(1).scaleb(-decimals)
    half = step / 2
    down = Interval(value, plus(value, step)) if value >= 0 else Interval(minus(value, step), value)
    if rounding == "round":
        return Interval(minus(value, half), plus(value, half))
    if rounding == "truncate":
        return down
    return Interval(min(minus(value, half), down.lo), max(plus(value, half), down.hi))


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
    digits = value.adjusted() + decimals + 2
    if digits > 28:  # quantize needs room for every digit it keeps
        return value.quantize(step, rounding=mode, context=Context(prec=digits))
    return value.quantize(step, rounding=mode)
