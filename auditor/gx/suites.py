"""The rule packs as Great Expectations suites: one suite per table kind.

`expectations(rule, kind, ...)` gives the GX expectation configurations (plain dicts: type,
kwargs, meta) that express one rule on one table kind, or None when GX cannot express it;
each check kind declares its mapping, or why it has none (auditor/checks, `CheckKind.gx`).
The same dicts feed the engine (`auditor.gx.engine`) and the export (`auditor.gx.export`),
so what runs is what is exported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditor import __version__
from auditor.checks import check_kind, gx_expectations

if TYPE_CHECKING:
    from auditor.arith import Rounding
    from auditor.recognise.profiles import TableProfile
    from auditor.rules import Rule


def native_reason(rule: Rule) -> str | None:
    """The i18n label of why GX cannot run `rule`; None when it can."""
    return check_kind(rule.check).native_reason(rule)


def expectations(rule: Rule, profile: TableProfile, rounding: Rounding) -> list[dict] | None:
    """GX expectations for `rule` on tables of `profile`'s kind (see `gx_expectations`)."""
    return gx_expectations(rule, {c.name for c in profile.columns}, rounding)


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
