"""The custom Great Expectations (1.x) expectations, run through GX itself.

Each test validates a small hand-built frame in the `auditor.gx.frames` format (a Decimal per
numeric cell keeping its printed decimals, `C__alt` companions, `exact_columns`, JSON sum
helpers) in one ephemeral GX context and asserts exactly which `row_key`s fail.
"""

from __future__ import annotations

import json
from decimal import Decimal
from types import SimpleNamespace

import great_expectations as gx
import pandas as pd
import pytest
from great_expectations.data_context.types.base import ProgressBarsConfig

from auditor.gx import suites
from auditor.gx.engine import GXResultError, _missing_column
from auditor.gx.expectations import (
    ExpectColumnPairValuesToBeEqualWithinPrintedPrecision,
    ExpectColumnValuesToEqualRatioWithinPrintedPrecision,
    ExpectColumnValuesToEqualSumOfChildren,
)
from auditor.gx.frames import ALT, DASH, EXACT
from auditor.rules import Rule
from auditor.schema.rules import RULE_CLASSES

RESULT_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": ["row_key"]}
HELPER_SUFFIXES = ("__children", "__items")


@pytest.fixture(scope="module")
def context():
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


@pytest.fixture(scope="module")
def batches(context):
    return (
        context.data_sources.add_pandas("lkjip-test")
        .add_dataframe_asset("table")
        .add_batch_definition_whole_dataframe("whole table")
    )


# --- frames --------------------------------------------------------------------------------


def row(key: str, *, table: str = "T1", label: str = "", exact: str = "", **cells: object) -> dict:
    """One frame row: each cell given as its printed readings ("9.403|9403"), "-" for a dash,
    None for no number; sum helper columns given as candidate lists (JSON-encoded here)."""
    out: dict[str, object] = {"table": table, "row_key": key, "label": label, EXACT: exact}
    for column, text in cells.items():
        if column.endswith(HELPER_SUFFIXES):
            out[column] = None if text is None else json.dumps(text)
        elif text is None:
            out[column], out[column + ALT] = None, None
        elif text == DASH:
            out[column], out[column + ALT] = None, DASH
        else:
            first, *others = str(text).split("|")
            out[column], out[column + ALT] = Decimal(first), "|".join(others) or None
    return out


def companions(*columns: str, extra: tuple[str, ...] = ()) -> list[str]:
    return [*(name for c in columns for name in (c, c + ALT)), EXACT, *extra]


def raised(exception_info: dict) -> bool:
    infos = [exception_info] if "raised_exception" in exception_info else exception_info.values()
    return any(i.get("raised_exception") for i in infos)


def validate(batches, rows: list[dict], expectation_or_suite):
    frame = pd.DataFrame(rows)
    return batches.get_batch(batch_parameters={"dataframe": frame}).validate(
        expectation_or_suite, result_format=RESULT_FORMAT
    )


def failing(batches, rows: list[dict], expectation) -> set[str]:
    """The row_keys GX reports as unexpected (asserting the expectation did run)."""
    result = validate(batches, rows, expectation)
    assert not raised(result.exception_info), result.exception_info
    keys = {r["row_key"] for r in result.result["unexpected_index_list"]}
    assert result.success is (not keys)
    return keys


# --- ratio ---------------------------------------------------------------------------------

RATIO_COLUMNS = companions("capaian", "realisasi", "target", extra=("label",))


def ratio(**kwargs) -> ExpectColumnValuesToEqualRatioWithinPrintedPrecision:
    return ExpectColumnValuesToEqualRatioWithinPrintedPrecision(
        column_list=RATIO_COLUMNS,
        value_column="capaian",
        numerator="realisasi",
        denominator="target",
        **kwargs,
    )


def ratio_row(
    key: str,
    capaian: str | None,
    realisasi: str | None = "2",
    target: str | None = "3",
    *,
    label: str = "Cakupan layanan",
    exact: str = "realisasi target",
) -> dict:
    return row(key, label=label, exact=exact, capaian=capaian, realisasi=realisasi, target=target)


@pytest.mark.parametrize(
    ("rounding", "expected"),
    [("round", {"r:truncated"}), ("truncate", {"r:rounded"}), ("either", set())],
)
def test_ratio_rounding_convention_decides_which_printing_of_two_thirds_fits(
    batches, rounding, expected
):
    """2/3 × 100 prints 66.67 rounded and 66.66 truncated; "either" accepts both."""
    rows = [ratio_row("r:rounded", "66.67"), ratio_row("r:truncated", "66.66")]
    assert failing(batches, rows, ratio(rounding=rounding)) == expected


def test_ratio_wrong_value_fails(batches):
    """A capaian that no rounding of realisasi / target × 100 explains fails."""
    rows = [ratio_row("r:ok", "66.67"), ratio_row("r:wrong", "76.67")]
    assert failing(batches, rows, ratio()) == {"r:wrong"}


def test_ratio_missing_label_is_no_name(batches):
    """A label missing from a joined frame (NaN) names nothing: a negative-polarity
    pattern cannot match the text "nan", so the positive formula stays allowed."""
    rows = [ratio_row("r:no-label", "66.66"), ratio_row("r:named", "66.66")]
    rows[0]["label"] = float("nan")
    negative = ratio(
        negative_names=(r"\bnan\b",),
        formulas=("positive", "negative_difference"),
        polarity=True,
        verdict="undeclared_formula",
    )
    assert failing(batches, rows, negative) == set()
    rows[1]["label"] = "Indeks NAN"  # a real name that matches: a positive fit is flagged
    assert failing(batches, rows, negative) == {"r:named"}


def test_ratio_missing_cells_and_zero_denominator_are_not_failures(batches):
    """Rows with an empty or dash cell or a zero target are untestable, not failing."""
    rows = [
        ratio_row("r:no-value", None),
        ratio_row("r:dash-value", DASH),
        ratio_row("r:no-numerator", "76.67", realisasi=None),
        ratio_row("r:zero-target", "76.67", target="0"),
        ratio_row("r:zero-target-inexact", "76.67", target="0", exact=""),
        ratio_row("r:wrong", "76.67"),
    ]
    assert failing(batches, rows, ratio()) == {"r:wrong"}


def test_ratio_alternative_reading_of_value_rescues_row(batches):
    """9.403 fails as printed but passes through its other reading 9403 (= 94030/1000×100)."""
    rows = [
        ratio_row("r:ambiguous", "9.403|9403", "94030", "1000"),
        ratio_row("r:unambiguous", "9.403", "94030", "1000"),
    ]
    assert failing(batches, rows, ratio()) == {"r:unambiguous"}


def test_ratio_exact_columns_remove_the_tolerance_of_operands(batches):
    """Printed 2 and 3 span 1.5/3.5 to 2.5/2.5: 70.00 fails only when exact, 110.00 always."""
    rows = [
        ratio_row("r:exact", "70.00", exact="realisasi target"),
        ratio_row("r:printed", "70.00", exact=""),
        ratio_row("r:printed-far", "110.00", exact=""),
    ]
    assert failing(batches, rows, ratio(rounding="round")) == {"r:exact", "r:printed-far"}


def test_ratio_scale_multiplies_the_quotient(batches):
    """With scale 1, 2/3 is printed 0.67 and the percentage 66.67 fails."""
    rows = [ratio_row("r:fraction", "0.67"), ratio_row("r:percent", "66.67")]
    assert failing(batches, rows, ratio(scale=1)) == {"r:percent"}


def test_ratio_name_hint_flags_a_fit_of_the_other_polarity(batches):
    """Polarity from the name only: a negative-named row with a positive fit, and an
    unnamed row with a negative fit, fit only a formula the name does not suggest."""
    rows = [
        ratio_row("n:neg-ok", "120.00", "80", "100", label="Angka kematian ibu"),
        ratio_row("n:neg-positive", "80.00", "80", "100", label="Angka Kematian bayi"),
        ratio_row("n:handled", "80.00", "80", "100", label="Kasus kematian yang ditangani"),
        ratio_row("n:pos", "80.00", "80", "100", label="Cakupan imunisasi"),
        ratio_row("n:undeclared-neg", "120.00", "80", "100", label="Cakupan imunisasi"),
    ]
    expectation = ratio(
        formulas=["positive", "negative_difference"],
        negative_names=["kematian"],
        positive_names=["ditangani"],
        polarity=True,
        verdict="undeclared_formula",
    )
    assert failing(batches, rows, expectation) == {"n:neg-positive", "n:undeclared-neg"}


def test_ratio_name_hint_never_fails_the_value_rule(batches):
    """The value rule fails only a value no formula explains, whatever the name says."""
    rows = [
        ratio_row("n:neg-positive", "80.00", "80", "100", label="Angka kematian ibu"),
        ratio_row("n:none", "50.00", "80", "100", label="Angka kematian ibu"),
    ]
    expectation = ratio(
        formulas=["positive", "negative_difference"], negative_names=["kematian"], polarity=True
    )
    assert failing(batches, rows, expectation) == {"n:none"}


def test_ratio_negative_inverse_formula(batches):
    """target / realisasi × 100: 100/80 gives 125.00, so 80.00 fails."""
    rows = [
        ratio_row("i:ok", "125.00", "80", "100"),
        ratio_row("i:positive", "80.00", "80", "100"),
    ]
    assert failing(batches, rows, ratio(formulas=["negative_inverse"])) == {"i:positive"}


def test_ratio_undeclared_formula_fails_only_rows_fitting_only_another_polarity(batches):
    """Fails the 120 row (negative fit only, no negative name), not fits or misfits."""
    rows = [
        ratio_row("f:positive", "80.00", "80", "100"),
        ratio_row("f:both", "100.00", "100", "100"),
        ratio_row("f:negative-only", "120.00", "80", "100"),
        ratio_row("f:none", "50.00", "80", "100"),
        ratio_row("f:declared", "120.00", "80", "100", label="Angka kematian"),
    ]
    expectation = ratio(
        formulas=["positive", "negative_difference"],
        negative_names=["kematian"],
        polarity=True,
        verdict="undeclared_formula",
    )
    assert failing(batches, rows, expectation) == {"f:negative-only"}


# --- sum of children -----------------------------------------------------------------------

SUM_COLUMNS = companions("anggaran", extra=("anggaran__children",))


def sum_of_children(**kwargs) -> ExpectColumnValuesToEqualSumOfChildren:
    return ExpectColumnValuesToEqualSumOfChildren(
        column_list=SUM_COLUMNS,
        value_column="anggaran",
        children_column="anggaran__children",
        **kwargs,
    )


def sum_row(key: str, parent: str | None, children: list | None, exact: str = "anggaran"):
    return row(key, exact=exact, anggaran=parent, anggaran__children=children)


def test_sum_exact_column_fails_off_by_one_rupiah(batches):
    """In a whole-Rupiah column 600 + 400 must be printed 1000 exactly."""
    rows = [
        sum_row("p:ok", "1000", [["600", "400"]]),
        sum_row("p:off-by-one", "1001", [["600", "400"]]),
    ]
    assert failing(batches, rows, sum_of_children()) == {"p:off-by-one"}


def test_sum_inexact_column_tolerates_rounding_but_not_more(batches):
    """Rounded, 600 + 400 may be 999–1001 so 1001 passes, while 1003 still fails."""
    rows = [
        sum_row("p:off-by-one", "1001", [["600", "400"]], exact=""),
        sum_row("p:off-by-three", "1003", [["600", "400"]], exact=""),
    ]
    assert failing(batches, rows, sum_of_children(rounding="round")) == {"p:off-by-three"}


def test_sum_decimals_in_exact_column_are_rounded_amounts(batches):
    """1.4 + 1.4 (juta) printed 2.9 fits by rounding even where the column is exact."""
    rows = [
        sum_row("p:scaled", "2.9", [["1.4", "1.4"]]),
        sum_row("p:scaled-off", "3.0", [["1.4", "1.4"]]),
    ]
    assert failing(batches, rows, sum_of_children(rounding="round")) == {"p:scaled-off"}


def test_sum_dash_counts_as_zero_with_dash_as_zero(batches):
    """With dash_as_zero a "-" child adds nothing and a "-" parent is zero: rows are judged."""
    rows = [
        sum_row("d:ok", "1000", [["600", DASH, "400"]]),
        sum_row("d:off", "1001", [["600", DASH, "400"]]),
        sum_row("d:dash-parent", DASH, [[DASH, DASH]]),
        sum_row("d:dash-parent-off", DASH, [["5", DASH]]),
    ]
    assert failing(batches, rows, sum_of_children(dash_as_zero=True)) == {
        "d:off",
        "d:dash-parent-off",
    }


def test_sum_dash_without_dash_as_zero_makes_row_untestable(batches):
    """Without dash_as_zero any "-" (child or parent) leaves the row unjudged."""
    rows = [
        sum_row("d:off", "1001", [["600", DASH, "400"]]),
        sum_row("d:dash-parent-off", DASH, [["5", "0"]]),
        sum_row("d:no-dash-off", "1001", [["600", "400"]]),
    ]
    assert failing(batches, rows, sum_of_children(dash_as_zero=False)) == {"d:no-dash-off"}


def test_sum_null_part_or_missing_parent_makes_row_untestable(batches):
    """A child that is no number, an empty parent or no children at all: not judged."""
    rows = [
        sum_row("n:null-child", "999", [["600", None]]),
        sum_row("n:no-parent", None, [["600", "400"]]),
        sum_row("n:no-children", "999", None),
        sum_row("n:empty-candidates", "999", []),
        sum_row("n:judged", "999", [["600", "400"]]),
    ]
    assert failing(batches, rows, sum_of_children()) == {"n:judged"}


def test_sum_passes_when_any_candidate_list_sums(batches):
    """A total may sum its own items or the whole table: the second candidate can fit."""
    rows = [
        sum_row("t:second-fits", "1000", [["300", "200"], ["600", "400"]]),
        sum_row("t:none-fits", "1000", [["300", "200"], ["600", "300"]]),
        sum_row("t:untestable-then-wrong", "1000", [["300", None], ["600", "300"]]),
    ]
    assert failing(batches, rows, sum_of_children()) == {"t:none-fits", "t:untestable-then-wrong"}


def test_sum_reread_ambiguous_child_rescues_sum(batches):
    """1000 + 9.403 is no 10403, but the child's other reading 9403 is."""
    rows = [
        sum_row("a:ambiguous", "10403", [["1000", "9.403|9403"]]),
        sum_row("a:unambiguous", "10403", [["1000", "9.403"]]),
    ]
    assert failing(batches, rows, sum_of_children()) == {"a:unambiguous"}


def test_sum_alternative_reading_of_parent_rescues_sum(batches):
    """A parent printed 10.403 that also reads 10403 fits 1000 + 9403."""
    rows = [
        sum_row("a:ambiguous", "10.403|10403", [["1000", "9403"]]),
        sum_row("a:unambiguous", "10.403", [["1000", "9403"]]),
    ]
    assert failing(batches, rows, sum_of_children()) == {"a:unambiguous"}


# --- pair / difference ---------------------------------------------------------------------

PAIR_COLUMNS = companions("capaian", "capaian_ringkasan", extra=("table",))
DIFF_COLUMNS = companions("efisiensi", "capaian", "penyerapan", extra=("table",))


def pair(**kwargs) -> ExpectColumnPairValuesToBeEqualWithinPrintedPrecision:
    return ExpectColumnPairValuesToBeEqualWithinPrintedPrecision(
        column_list=PAIR_COLUMNS, column_A="capaian", column_B="capaian_ringkasan", **kwargs
    )


def difference(**kwargs) -> ExpectColumnPairValuesToBeEqualWithinPrintedPrecision:
    return ExpectColumnPairValuesToBeEqualWithinPrintedPrecision(
        column_list=DIFF_COLUMNS,
        column_A="efisiensi",
        column_B="capaian",
        subtract_column="penyerapan",
        **kwargs,
    )


def diff_row(
    key: str, efisiensi: str | None, capaian: str | None, penyerapan: str | None, *, table="T1"
):
    return row(key, table=table, efisiensi=efisiensi, capaian=capaian, penyerapan=penyerapan)


def test_pair_equal_within_printed_precision(batches):
    """86.1 and 86.10 are the same value printed differently; 86.2 is not."""
    rows = [
        row("e:same", capaian="86.1", capaian_ringkasan="86.10"),
        row("e:different", capaian="86.2", capaian_ringkasan="86.10"),
        row("e:missing", capaian="86.2", capaian_ringkasan=None),
    ]
    assert failing(batches, rows, pair()) == {"e:different"}


def test_pair_exact_columns_leave_no_tolerance(batches):
    """1000 vs 1001 passes as printed amounts but fails when both columns are exact."""
    exact = "capaian capaian_ringkasan"
    rows = [
        row("x:printed", capaian="1000", capaian_ringkasan="1001"),
        row("x:exact", exact=exact, capaian="1000", capaian_ringkasan="1001"),
        row("x:exact-equal", exact=exact, capaian="1000", capaian_ringkasan="1000"),
    ]
    assert failing(batches, rows, pair(rounding="round")) == {"x:exact"}


def test_pair_difference_with_subtract_column(batches):
    """efisiensi = capaian − penyerapan: 95.00 − 85.00 = 10.00, so 12.00 fails."""
    rows = [
        diff_row("d:ok", "10.00", "95.00", "85.00"),
        diff_row("d:wrong", "12.00", "95.00", "85.00"),
        diff_row("d:missing", "12.00", "95.00", None),
    ]
    assert failing(batches, rows, difference()) == {"d:wrong"}


def test_pair_difference_tries_alternative_readings(batches):
    """A penyerapan read 8.500 fails, its other reading 85.00 fits 95.00 − 85.00."""
    rows = [
        diff_row("d:ambiguous", "10.00", "95.00", "8.500|85.00"),
        diff_row("d:unambiguous", "10.00", "95.00", "8.500"),
    ]
    assert failing(batches, rows, difference()) == {"d:unambiguous"}


SKIP_ROWS = [
    # T-other: two testable rows, none fits → the table uses another formula.
    diff_row("o:1", "12.00", "95.00", "85.00", table="T-other"),
    diff_row("o:2", "30.00", "90.00", "80.00", table="T-other"),
    # T-used: one row fits, so the other's misfit is an error.
    diff_row("u:1", "10.00", "95.00", "85.00", table="T-used"),
    diff_row("u:2", "30.00", "90.00", "80.00", table="T-used"),
    # T-single: one testable row is too few to tell another formula.
    diff_row("s:1", "12.00", "95.00", "85.00", table="T-single"),
    diff_row("s:2", "12.00", "95.00", None, table="T-single"),
]


def test_pair_skip_unused_formula_judges_each_table_apart(batches):
    """Only the table where no testable row fits (of two or more) escapes judgement."""
    assert failing(batches, SKIP_ROWS, difference(skip_unused_formula=True)) == {"u:2", "s:1"}


def test_pair_without_skip_unused_formula_every_misfit_fails(batches):
    """Without skip_unused_formula the same frame fails all four misfitting rows."""
    assert failing(batches, SKIP_ROWS, difference()) == {"o:1", "o:2", "u:2", "s:1"}


# --- suites: JSON round trip ---------------------------------------------------------------


def rule(code: str, check: str, **params: object) -> Rule:
    return RULE_CLASSES[check].model_validate(
        {
            "code": code,
            "name": code.lower(),
            "severity": "error",
            "tables": ["capaian"],
            "check": check,
            "params": params,
            "message": {"id": code, "en": code},
            "source": "test",
            "version": 1,
        }
    )


SUITE_RULES = [
    rule(
        "GXT001",
        "ratio",
        value="capaian",
        numerator="realisasi",
        denominator="target",
        scale=100,
        formulas=["positive"],
        negative_names=[],
    ),
    rule("GXT002", "hierarchical_sum", columns=["anggaran"], dash_as_zero=True),
    rule(
        "GXT003",
        "difference",
        value="efisiensi",
        minuend="capaian",
        subtrahend="penyerapan",
        only_if_used=False,
    ),
]
SUITE_PROFILE = SimpleNamespace(
    columns=[
        SimpleNamespace(name=n)
        for n in ("capaian", "realisasi", "target", "anggaran", "efisiensi", "penyerapan")
    ]
)


def suite_row(key: str, capaian: str, efisiensi: str, anggaran: str, children: list | None):
    return row(
        key,
        label="Cakupan layanan",
        exact="realisasi target anggaran",
        capaian=capaian,
        realisasi="2",
        target="3",
        efisiensi=efisiensi,
        penyerapan="56.67",
        anggaran=anggaran,
        anggaran__children=children,
    )


SUITE_FRAME = [
    suite_row("s:ok", "66.67", "10.00", "1000", [["600", "400"]]),
    suite_row("s:ratio-and-sum", "76.67", "20.00", "1001", [["600", "400"]]),
    suite_row("s:difference", "66.67", "12.00", "1000", None),
]
SUITE_FAILURES = {
    "GXT001": {"s:ratio-and-sum"},
    "GXT002": {"s:ratio-and-sum"},
    "GXT003": {"s:difference"},
}


def failing_by_rule(result) -> dict[str, set[str]]:
    out = {}
    for outcome in result.results:
        assert not raised(outcome.exception_info), outcome.exception_info
        keys = {r["row_key"] for r in outcome.result["unexpected_index_list"]}
        out[outcome.expectation_config.meta["rule"]] = keys
    return out


def test_suite_json_round_trip_deserialises_our_classes(batches):
    """suites.suite → JSON → ExpectationSuite gives our classes, same verdicts, rule codes."""
    spec = suites.suite("capaian", SUITE_RULES, SUITE_PROFILE, "round")
    assert [e["meta"]["rule"] for e in spec["expectations"]] == list(SUITE_FAILURES)
    restored = gx.ExpectationSuite(**json.loads(json.dumps(spec)))
    assert [type(e) for e in restored.expectations] == [
        ExpectColumnValuesToEqualRatioWithinPrintedPrecision,
        ExpectColumnValuesToEqualSumOfChildren,
        ExpectColumnPairValuesToBeEqualWithinPrintedPrecision,
    ]
    assert [e.meta for e in restored.expectations] == [e["meta"] for e in spec["expectations"]]
    original = gx.ExpectationSuite(**spec)
    assert failing_by_rule(validate(batches, SUITE_FRAME, restored)) == SUITE_FAILURES
    assert failing_by_rule(validate(batches, SUITE_FRAME, original)) == SUITE_FAILURES


@pytest.mark.usefixtures("context")
def test_suite_kwargs_survive_serialisation():
    """Non-default kwargs (rounding, flags, polarity) come back from GX's own JSON."""
    flagged = rule(
        "GXT004",
        "ratio",
        value="capaian",
        numerator="realisasi",
        denominator="target",
        scale=1,
        formulas=["positive", "negative_difference"],
        negative_names=["kematian"],
        polarity=True,
        verdict="undeclared_formula",
    )
    spec = suites.suite("capaian", [flagged], SUITE_PROFILE, "truncate")
    written = gx.ExpectationSuite(**spec).to_json_dict()
    (expectation,) = gx.ExpectationSuite(**json.loads(json.dumps(written))).expectations
    assert expectation.meta == {"rule": "GXT004", "column": "capaian"}
    assert (expectation.rounding, expectation.scale) == ("truncate", 1)
    assert (expectation.polarity, expectation.verdict) == (True, "undeclared_formula")
    assert expectation.negative_names == ("kematian",)


# --- missing columns and other exceptions -------------------------------------------------


def test_missing_column_is_recognised_by_engine(batches):
    """An expectation naming a column the frame lacks comes back as a missing column."""
    rows = [row("m:1", anggaran="1000")]
    result = validate(batches, rows, sum_of_children())
    assert not result.success
    assert raised(result.exception_info)
    assert _missing_column(result.exception_info) is True


def test_missing_column_in_suite_spares_the_other_expectations(batches):
    """A frame without the sum helper: that expectation is a missing column, others judged."""
    spec = suites.suite("capaian", SUITE_RULES, SUITE_PROFILE, "round")
    rows = [{k: v for k, v in r.items() if k != "anggaran__children"} for r in SUITE_FRAME]
    result = validate(batches, rows, gx.ExpectationSuite(**spec))
    missing = {
        o.expectation_config.meta["rule"]
        for o in result.results
        if _missing_column(o.exception_info)
    }
    assert missing == {"GXT002"}
    judged = [o for o in result.results if o.expectation_config.meta["rule"] != "GXT002"]
    assert failing_by_rule(SimpleNamespace(results=judged)) == {
        "GXT001": {"s:ratio-and-sum"},
        "GXT003": {"s:difference"},
    }


def test_clean_result_is_not_a_missing_column(batches):
    """A result that raised nothing is a verdict: `_missing_column` says False."""
    rows = [sum_row("m:1", "1000", [["600", "400"]])]
    result = validate(batches, rows, sum_of_children())
    assert _missing_column(result.exception_info) is False


def test_other_exception_from_gx_raises(batches):
    """skip_unused_formula without the `table` column breaks the metric: an error, no verdict."""
    expectation = ExpectColumnPairValuesToBeEqualWithinPrintedPrecision(
        column_list=companions("capaian", "capaian_ringkasan"),
        column_A="capaian",
        column_B="capaian_ringkasan",
        skip_unused_formula=True,
    )
    rows = [row("x:1", capaian="1", capaian_ringkasan="1")]
    result = validate(batches, rows, expectation)
    assert raised(result.exception_info)
    with pytest.raises(GXResultError):
        _missing_column(result.exception_info)


def test_missing_column_mixed_with_other_exception_raises():
    """One metric lacking a column and another failing otherwise is still an error."""
    info = {
        "metric-a": {
            "raised_exception": True,
            "exception_message": 'Error: The column "anggaran" in BatchData does not exist.',
            "exception_traceback": "...",
        },
        "metric-b": {
            "raised_exception": True,
            "exception_message": "division by zero",
            "exception_traceback": "...",
        },
    }
    with pytest.raises(GXResultError, match="Great Expectations failed"):
        _missing_column(info)
