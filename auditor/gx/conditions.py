"""Row-wise verdicts of the custom expectations, on the frames of `auditor.gx.frames`.

Each function takes a frame and the expectation's parameters and returns one bool per row:
False where the row breaks the expectation, True where it holds or cannot be tested (a
missing cell, a zero divisor), as GX's map expectations count them. The arithmetic is the
checks' own (printed intervals, every reading of an ambiguous number), so the GX engine
and the native one can only differ in what they are given, which is what the conformance
test watches.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from decimal import Decimal

import pandas as pd

from auditor.arith import Interval, Rounding, printed_interval
from auditor.checks import difference, ratio
from auditor.checks.gx_mapping import ALT, EXACT
from auditor.checks.hierarchical_sum import fit_sum, summand_intervals
from auditor.formulas import Formula
from auditor.gx.frames import DASH
from auditor.numbers import Reading
from auditor.schema.params import RatioParams, RatioVerdict


def _reading(text: str) -> Reading:
    value = Decimal(text)
    return Reading(value, max(-int(value.as_tuple().exponent), 0), None)


def readings(row: dict, column: str) -> list[Reading]:
    """The readings of a number cell, primary first; [] when it holds no number."""
    value = row[column]
    if value is None or value != value:
        return []
    alt = row.get(column + ALT)
    others = alt.split("|") if isinstance(alt, str) and alt != DASH else []
    return [_reading(str(value)), *(_reading(t) for t in others)]


def _text(row: dict, column: str) -> str:
    value = row.get(column)
    return value if isinstance(value, str) else ""  # None, or NaN from a CSV or a join


def is_exact(row: dict, column: str) -> bool:
    return column in _text(row, EXACT).split()


def ratio_holds(
    frame: pd.DataFrame,
    value_column: str,
    numerator: str,
    denominator: str,
    scale: float,
    formulas: list[str],
    negative_names: list[str],
    positive_names: list[str],
    polarity: bool,
    verdict: RatioVerdict,
    rounding: Rounding,
) -> list[bool]:
    """value_column = numerator / denominator × scale (or a negative-polarity formula)."""
    value = value_column
    params = RatioParams(
        value=value_column,
        numerator=numerator,
        denominator=denominator,
        scale=scale,
        formulas=[Formula(f) for f in formulas],
        negative_names=[re.compile(name, re.IGNORECASE) for name in negative_names],
        positive_names=[re.compile(name, re.IGNORECASE) for name in positive_names],
        polarity=polarity,
        verdict=verdict,
    )
    verdicts = []
    for row in frame.to_dict("records"):
        cells = [readings(row, c) for c in (value, numerator, denominator)]
        if not all(cells):
            verdicts.append(True)
            continue
        num, den = (
            printed_interval(cell[0].value, cell[0].decimals, rounding, is_exact(row, column))
            for cell, column in zip(cells[1:], (numerator, denominator), strict=True)
        )
        fit = ratio.judge(params, _text(row, "label"), cells[0], num, den, rounding)
        verdicts.append(fit is None or fit.passed)
    return verdicts


def pair_holds(
    frame: pd.DataFrame,
    column_A: str,
    column_B: str,
    subtract_column: str | None,
    skip_unused_formula: bool,
    rounding: Rounding,
) -> list[bool]:
    """column_A = column_B − subtract_column (= column_B without one), within printed
    precision; with `skip_unused_formula`, a table whose testable rows all fail (two at
    least) is taken to use another formula and passes."""
    value, minuend, subtrahend = column_A, column_B, subtract_column
    tested: dict[int, bool] = {}
    for n, row in enumerate(frame.to_dict("records")):
        columns = [value, minuend, *([subtrahend] if subtrahend else [])]
        cells = [readings(row, c) for c in columns]
        if not all(cells):
            continue
        operands = [
            difference.readings(cell, is_exact(row, column), rounding)
            for cell, column in zip(cells, columns, strict=True)
        ]
        zero = [(Reading(Decimal(0), 0, None), Interval.point(Decimal(0)))]
        printed = [interval for _, interval in operands[0]]
        tested[n] = (
            difference.fit(printed, operands[1], operands[2] if subtrahend else zero) is not None
        )
    if skip_unused_formula:
        by_table: dict[object, list[int]] = defaultdict(list)
        for n in tested:
            by_table[frame["table"].iloc[n]].append(n)
        for rows in by_table.values():
            if not difference.formula_used([tested[n] for n in rows]):
                tested.update(dict.fromkeys(rows, True))
    return [tested.get(n, True) for n in range(len(frame))]


def sum_holds(
    frame: pd.DataFrame,
    value_column: str,
    children_column: str,
    dash_as_zero: bool,
    rounding: Rounding,
) -> list[bool]:
    """value_column = the sum of the cells listed in the `children_column` helper (any of
    its candidate lists), within printed precision."""
    value, parts = value_column, children_column
    verdicts = []
    for row in frame.to_dict("records"):
        exact = is_exact(row, value)
        subject = _summand(_subject_text(row, value), exact, dash_as_zero, rounding)
        candidates = json.loads(row[parts]) if isinstance(row.get(parts), str) else []
        tested = []
        for cells in candidates:
            summands = [s for text in cells if (s := _summand(text, exact, dash_as_zero, rounding))]
            if subject is None or not summands or len(summands) < len(cells):
                continue
            tested.append(fit_sum(subject, summands) is not None)
        verdicts.append(not tested or any(tested))
    return verdicts


def _subject_text(row: dict, column: str) -> str | None:
    if row.get(column + ALT) == DASH:
        return DASH
    texts = [str(r.value) for r in readings(row, column)]
    return "|".join(texts) or None


def _summand(
    text: str | None, exact: bool, dash_as_zero: bool, rounding: Rounding
) -> tuple[Interval, ...] | None:
    if text is None or (text == DASH and not dash_as_zero):
        return None
    if text == DASH:
        return (Interval.point(Decimal(0)),)
    return summand_intervals([_reading(t) for t in text.split("|")], exact, rounding)
