"""Building blocks of the check kinds' Great Expectations mappings (no GX import here).

An expectation is a plain dict (type, kwargs, meta), as GX writes a suite's JSON; the rule
code and the column judged ride in `meta`, because GX does not return results in suite
order. The GX frames (auditor/gx/frames.py) carry, beside each value column, companions
named here: `<column>__alt` (other readings of an ambiguous number, or "-" for a dash) and
`exact_columns` (the whole-Rupiah columns, compared without tolerance).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from auditor.rules import Rule

EXACT = "exact_columns"
ALT = "__alt"
# The helper columns listing the cells a parent row sums (its children) and a total row
# sums (its items), as JSON candidate lists.
CHILDREN_HELPER = "__children"
ITEMS_HELPER = "__items"


def with_companions(columns: Iterable[str], *extra: str) -> list[str]:
    """The columns an expectation reads: each with its `__alt` companion, `exact_columns`,
    and `extra`."""
    return [*(name for c in columns for name in (c, c + ALT)), EXACT, *extra]


def expectation(type_: str, rule: Rule, judged: str, **kwargs: object) -> dict[str, Any]:
    return {"type": type_, "kwargs": kwargs, "meta": {"rule": rule.code, "column": judged}}


def on_row(
    type_: str, rule: Rule, known: set[str], columns: list[str], extra: str, **kwargs: object
) -> list[dict[str, Any]]:
    """One expectation judging columns[0] from the other columns of the same row, reading
    their companions and `extra`; none when the kind lacks one of the columns."""
    if not set(columns) <= known:
        return []
    column_list = with_companions(columns, extra)
    return [expectation(type_, rule, columns[0], column_list=column_list, **kwargs)]
