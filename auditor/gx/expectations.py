"""Custom Great Expectations (1.x) expectations for what our rules need and GX lacks.

GX's own pair and sum expectations compare with exact `==` and know nothing of printed
precision. These three take it from the data (a `Decimal`'s exponent is its printed
decimals) and from the document's rounding convention:

- `ExpectColumnValuesToEqualRatioWithinPrintedPrecision`: value = numerator / denominator
  × scale (or a negative-polarity formula), e.g. capaian = realisasi / target × 100;
- `ExpectColumnValuesToEqualSumOfChildren`: value = the sum of the cells in a helper column
  (`C__children`, `C__items`: see `auditor.gx.frames`);
- `ExpectColumnPairValuesToBeEqualWithinPrintedPrecision`: A = B, or A = B − C with
  `subtract_column` (efisiensi = capaian − penyerapan).

The row verdicts are `auditor.gx.conditions`'; this module only wires them into GX.
Importing it registers the expectations with GX (its metaclass does), so a suite that uses
them deserialises in any GX context where this module was imported. Pandas only.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import pandas as pd
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import MulticolumnMapExpectation
from great_expectations.expectations.metrics.map_metric_provider import (
    MulticolumnMapMetricProvider,
    multicolumn_condition_partial,
)

from auditor.gx import conditions

Rounding = Literal["round", "truncate", "either"]
DOMAIN_KEYS = (
    "batch_id",
    "table",
    "column_list",
    "row_condition",
    "condition_parser",
    "ignore_row_if",
)


class _ConditionMetric(MulticolumnMapMetricProvider):
    """A row-wise condition: the function of `auditor.gx.conditions` named `holds`, called
    with the frame and the expectation's `condition_value_keys`."""

    holds: ClassVar[str]

    @multicolumn_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_list: pd.DataFrame, **kwargs: Any) -> pd.Series:
        values = {key: kwargs[key] for key in cls.condition_value_keys}
        verdicts = getattr(conditions, cls.holds)(column_list, **values)
        return pd.Series(verdicts, index=column_list.index, dtype=bool)


class RatioWithinPrintedPrecision(_ConditionMetric):
    condition_metric_name = "lkjip.ratio_within_printed_precision"
    condition_domain_keys = DOMAIN_KEYS
    condition_value_keys = (
        "value_column",
        "numerator",
        "denominator",
        "scale",
        "formulas",
        "negative_names",
        "positive_names",
        "polarity",
        "verdict",
        "rounding",
    )
    holds = "ratio_holds"


class ExpectColumnValuesToEqualRatioWithinPrintedPrecision(MulticolumnMapExpectation):
    """value_column = numerator / denominator × scale, within the printed precision.

    `formulas` lists the allowed formulas (positive, negative_difference, negative_inverse);
    with `polarity`, rows whose `label` matches a `negative_names` pattern (and no
    `positive_names` one) are taken to be negative. `verdict` says what fails a row (see
    RatioParams.verdict); GX knows no declared polarity, so the name is its only evidence.
    `column_list` must name the three columns, their `__alt` companions, `exact_columns`
    and `label`.
    """

    value_column: str
    numerator: str
    denominator: str
    scale: float = 100
    formulas: tuple[str, ...] = ("positive",)
    negative_names: tuple[str, ...] = ()
    positive_names: tuple[str, ...] = ()
    polarity: bool = False
    verdict: str = "misfit"
    rounding: Rounding = "either"
    ignore_row_if: Literal["all_values_are_missing", "any_value_is_missing", "never"] = "never"

    map_metric: ClassVar[str] = RatioWithinPrintedPrecision.condition_metric_name
    success_keys: ClassVar[tuple[str, ...]] = (
        "mostly",
        *RatioWithinPrintedPrecision.condition_value_keys,
    )


class SumOfChildren(_ConditionMetric):
    condition_metric_name = "lkjip.sum_of_children"
    condition_domain_keys = DOMAIN_KEYS
    condition_value_keys = ("value_column", "children_column", "dash_as_zero", "rounding")
    holds = "sum_holds"


class ExpectColumnValuesToEqualSumOfChildren(MulticolumnMapExpectation):
    """value_column = the sum of the cells in `children_column` (one of its candidate
    lists), within the printed precision; "-" counts as zero with `dash_as_zero`.
    `column_list` must name value_column, its `__alt`, children_column and `exact_columns`.
    """

    value_column: str
    children_column: str
    dash_as_zero: bool = True
    rounding: Rounding = "either"
    ignore_row_if: Literal["all_values_are_missing", "any_value_is_missing", "never"] = "never"

    map_metric: ClassVar[str] = SumOfChildren.condition_metric_name
    success_keys: ClassVar[tuple[str, ...]] = ("mostly", *SumOfChildren.condition_value_keys)


class PairWithinPrintedPrecision(_ConditionMetric):
    condition_metric_name = "lkjip.pair_within_printed_precision"
    condition_domain_keys = DOMAIN_KEYS
    condition_value_keys = (
        "column_A",
        "column_B",
        "subtract_column",
        "skip_unused_formula",
        "rounding",
    )
    holds = "pair_holds"


class ExpectColumnPairValuesToBeEqualWithinPrintedPrecision(MulticolumnMapExpectation):
    """column_A = column_B (− subtract_column), each within its printed precision.

    With `skip_unused_formula`, a table (the `table` column) where at least two rows are
    testable and none holds is taken to compute column_A another way and is not judged.
    `column_list` must name the columns, their `__alt` companions, `exact_columns` and
    `table`.
    """

    column_A: str
    column_B: str
    subtract_column: str | None = None
    skip_unused_formula: bool = False
    rounding: Rounding = "either"
    ignore_row_if: Literal["all_values_are_missing", "any_value_is_missing", "never"] = "never"

    map_metric: ClassVar[str] = PairWithinPrintedPrecision.condition_metric_name
    success_keys: ClassVar[tuple[str, ...]] = (
        "mostly",
        *PairWithinPrintedPrecision.condition_value_keys,
    )
