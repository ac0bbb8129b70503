"""Unit consistency: one indicator is measured in the same unit in every table that states it.

A report that gives an indicator's `Satuan` as "per 1.000 penduduk" in the achievement table
and "per 100.000 penduduk" in the multi-year table compares figures that differ by a factor
of 100 without saying so. Rows are matched across tables by name as in the cross-table check
(`cross_table.entries`, `group_entities`); units are compared by meaning
(`recognise/units.unit_key`): `%` and `persen` are one unit, `orang` and `jiwa` one, a text
the module does not know as a unit is never a clash. The reference is the unit most of the
indicator's tables state (the first table's on a tie); a table stating another one is the
finding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from auditor.checks import CheckKind
from auditor.checks.cells import AuditContext, stated_unit
from auditor.checks.cross_table import Entry, entries, group_entities
from auditor.findings import Outcome
from auditor.schema.params import UnitConsistencyParams

if TYPE_CHECKING:
    from auditor.rules import Rule


def _unit(entry: Entry) -> tuple[str, tuple[str, str] | None]:
    printed = str(entry.dataset.records[entry.i].get(f"{entry.column}__raw") or "").strip()
    return printed, stated_unit(entry.dataset, entry.i, entry.column or "")


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    p = KIND.params_of(rule)
    tables = [
        entries(ordinal, dataset, p.unit_column, p.names, [])
        for ordinal, dataset in ctx.datasets(rule.tables)
        if dataset.column(p.unit_column)
    ]
    for entity in group_entities(tables, p.similarity):
        stated = [(e, *_unit(e)) for e in entity]
        known = [(e, printed, key) for e, printed, key in stated if key is not None]
        if len(known) < 2:
            continue
        counts = Counter(key for _, _, key in known)
        reference = max(known, key=lambda k: counts[k[2]])  # first of the most stated
        for entry, printed, key in known:
            if entry is reference[0]:
                continue
            yield Outcome(
                rule=rule,
                passed=key == reference[2],
                subject=entry.ref(),
                related=(reference[0].ref(),),
                reported=printed,
                expected=reference[1],
                params={"name": entry.name, "reference_table": reference[0].dataset.id},
            )


KIND = CheckKind(
    name="unit_consistency",
    params=UnitConsistencyParams,
    evaluate=evaluate,
    summary="An indicator is measured in the same unit (Satuan) in every table that states it.",
    gx="gx_native_cross_table",
    constrains_values=False,
    placeholders=("name", "reference_table"),
)
