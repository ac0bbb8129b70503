"""The rule packs as Great Expectations suites: one suite per table kind.

`expectations(rule, kind, ...)` gives the GX expectation configurations (plain dicts: type,
kwargs, meta) that express one rule on one table kind, or None when GX cannot express it;
`NATIVE_ONLY` says why for each such check kind. The rule code and the column judged ride
in each expectation's `meta`, because GX does not return results in suite order. The same
dicts feed the engine (`auditor.gx.engine`) and the export (`auditor.gx.export`), so what
runs is what is exported.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from auditor import __version__
from auditor.gx.frames import ALT, EXACT

if TYPE_CHECKING:
    from auditor.arith import Rounding
    from auditor.recognise.profiles import TableProfile
    from auditor.rules import Rule

# Check kinds GX cannot express, with the i18n label saying why.
NATIVE_ONLY = {
    "cross_table": "gx_native_cross_table",
    "narrative": "gx_native_prose",
    "narrative_predicate": "gx_native_prose",
    "narrative_total": "gx_native_prose",
    "claimed_count": "gx_native_prose",
    "scale": "gx_native_scale",
    "sequence": "gx_native_sequence",
    "number_format": "gx_native_number_format",
    "required_value": "gx_native_required_value",
    "coverage": "gx_native_coverage",
}
# plausible_range's `factor` test compares two columns by a ratio band: no GX expectation.
NATIVE_PLAUSIBLE_TESTS = {"factor": "gx_native_factor"}
# The helper column of each sum check (see auditor.gx.frames).
SUM_HELPERS = {"hierarchical_sum": "__children", "total": "__items"}


def native_reason(rule: Rule) -> str | None:
    """The i18n label of why GX cannot run `rule`; None when it can."""
    if rule.check == "plausible_range":
        return NATIVE_PLAUSIBLE_TESTS.get(rule.params["test"])
    return NATIVE_ONLY.get(rule.check)


def _with_companions(columns: Iterable[str], *extra: str) -> list[str]:
    return [*(name for c in columns for name in (c, c + ALT)), EXACT, *extra]


def _expectation(type_: str, rule: Rule, judged: str, **kwargs: object) -> dict:
    return {"type": type_, "kwargs": kwargs, "meta": {"rule": rule.code, "column": judged}}


def _on_row(
    type_: str, rule: Rule, known: set[str], columns: list[str], extra: str, **kwargs: object
) -> list[dict]:
    """One expectation judging columns[0] from the other columns of the same row, reading
    their companions and `extra`; none when the kind lacks one of the columns."""
    if not set(columns) <= known:
        return []
    column_list = _with_companions(columns, extra)
    return [_expectation(type_, rule, columns[0], column_list=column_list, **kwargs)]


def expectations(rule: Rule, profile: TableProfile, rounding: Rounding) -> list[dict] | None:
    """GX expectations for `rule` on tables of `profile`'s kind ([] when the kind lacks a
    column the rule needs); None when GX cannot express the rule."""
    if native_reason(rule) is not None:
        return None
    p = rule.params
    known = {c.name for c in profile.columns}
    if rule.check == "ratio":
        return _on_row(
            "expect_column_values_to_equal_ratio_within_printed_precision",
            rule,
            known,
            [p["value"], p["numerator"], p["denominator"]],
            "label",
            value_column=p["value"],
            numerator=p["numerator"],
            denominator=p["denominator"],
            scale=p["scale"],
            formulas=list(p["formulas"]),
            negative_names=list(p["negative_names"]),
            flag_formulas=list(p["flag_formulas"]),
            rounding=rounding,
        )
    if rule.check == "difference":
        return _on_row(
            "expect_column_pair_values_to_be_equal_within_printed_precision",
            rule,
            known,
            [p["value"], p["minuend"], p["subtrahend"]],
            "table",
            column_A=p["value"],
            column_B=p["minuend"],
            subtract_column=p["subtrahend"],
            skip_unused_formula=p["only_if_used"],
            rounding=rounding,
        )
    if rule.check in SUM_HELPERS:
        suffix = SUM_HELPERS[rule.check]
        return [
            _expectation(
                "expect_column_values_to_equal_sum_of_children",
                rule,
                column,
                column_list=_with_companions([column], column + suffix),
                value_column=column,
                children_column=column + suffix,
                dash_as_zero=p["dash_as_zero"],
                rounding=rounding,
            )
            for column in p["columns"]
            if column in known
        ]
    if rule.check == "plausible_range":
        value = next((c for c in p["value"] if c in known), None)
        other = next((c for c in p["other"] if c in known), None)
        if p["test"] == "band":
            if value is None:
                return []
            return [
                _expectation(
                    "expect_column_values_to_be_between",
                    rule,
                    value,
                    column=value,
                    min_value=p["min"],
                    max_value=p["max"],
                )
            ]
        if value is None or other is None:
            return []
        return [  # at_most: value ≤ other
            _expectation(
                "expect_column_pair_values_a_to_be_greater_than_b",
                rule,
                value,
                column_A=other,
                column_B=value,
                or_equal=True,
                ignore_row_if="either_value_is_missing",
            )
        ]
    raise ValueError(f"no GX mapping for check kind {rule.check!r}")  # a new kind: map it


def suite(kind: str, rules: list[Rule], profile: TableProfile, rounding: Rounding) -> dict:
    """The GX suite of one table kind, as the JSON GX writes (without random ids)."""
    return {
        "name": f"lkjip-{kind}",
        "expectations": [
            e
            for rule in rules
            if kind in rule.tables
            for e in expectations(rule, profile, rounding) or []
        ],
        "meta": {
            "generated_by": f"lkjip-auditor {__version__}",
            "table_kind": kind,
            "rounding": rounding,
        },
        "notes": None,
    }


def read_columns(suite_dict: dict) -> list[str]:
    """Every column the suite's expectations read, in first-use order."""
    names: list[str] = []
    for e in suite_dict["expectations"]:
        for key in ("column_list", "column", "column_A", "column_B"):
            value = e["kwargs"].get(key) or []
            names += [value] if isinstance(value, str) else value
    return list(dict.fromkeys(names))


def helper_columns(suite_dict: dict) -> set[str]:
    """The sum helper columns a suite reads (the frames must carry them)."""
    return {
        e["kwargs"]["children_column"]
        for e in suite_dict["expectations"]
        if "children_column" in e["kwargs"]
    }
