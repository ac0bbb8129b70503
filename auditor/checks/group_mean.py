"""Group mean: a sasaran's achievement equals the mean of its indicators' achievements.

The subjects are the rows of a per-sasaran table (`Sasaran | Jumlah Indikator | Rata-rata
Capaian`): rows that name a sasaran and no indicator. Their members are the indicator rows
of the achievement tables (`members`) placed under that sasaran, by a sasaran column or
a sasaran group row above them, matched by name; each indicator counts once (its first
table). The printed value must fit the mean of the members' printed intervals, rounded or
truncated to its decimals. A sasaran with fewer than two members found is not tested,
unless its printed indicator count says it has one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from auditor.arith import Interval, as_printed, printed_interval
from auditor.checks import CheckKind
from auditor.checks.cells import AuditContext, interval, number, ref
from auditor.findings import Outcome
from auditor.recognise.names import name_key, similarity
from auditor.schema.params import GroupMeanParams

if TYPE_CHECKING:
    from auditor.model import CellRef
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule

# A member: (dataset ordinal, dataset, row)
Member = tuple[int, "Dataset", int]


def _group_of(dataset: Dataset, i: int, column: str, value: str) -> str:
    """The sasaran a row is placed under: its sasaran cell, else its group row's label."""
    record = dataset.records[i]
    own = str(record.get(column) or "").strip()
    if own:
        return own
    parent = record.get("parent")
    for j in range(i - 1, -1, -1):  # its parent row, else the nearest heading row above
        other = dataset.records[j]
        heading = other.get("role") in ("section", "group") and number(dataset, j, value) is None
        # a numbered sasaran row ("2  Meningkatnya …") above numbered indicators: no figures
        heading = heading or (other.get("role") == "item" and _no_figures(other))
        if (other.get("key") == parent) if parent is not None else heading:
            return str(other.get("label") or "")
    return ""


def _no_figures(record: dict) -> bool:
    """Whether a row prints no number in any column (a heading row, whatever its code)."""
    return not any(
        getattr(v, "value", None) is not None for k, v in record.items() if k.endswith("__parsed")
    )


def _members(rule: Rule, ctx: AuditContext) -> dict[str, list[Member]]:
    """Sasaran name key → its indicator rows, each indicator once."""
    p = KIND.params_of(rule)
    groups: dict[str, list[Member]] = {}
    seen: set[str] = set()
    for ordinal, dataset in ctx.datasets(p.members):
        if not dataset.column(p.value):
            continue
        for i, record in enumerate(dataset.records):
            name = name_key(str(record.get("label") or ""))
            if record.get("role") not in ("item", "group") or not name or name in seen:
                continue
            if number(dataset, i, p.value) is None:
                continue
            group = name_key(_group_of(dataset, i, p.group, p.value))
            if group:
                seen.add(name)
                groups.setdefault(group, []).append((ordinal, dataset, i))
    return groups


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    p = KIND.params_of(rule)
    groups = _members(rule, ctx)
    if not groups:
        return
    for ordinal, dataset in ctx.datasets(rule.tables):
        if not dataset.column(p.group) or not dataset.column(p.value):
            continue
        for i, record in enumerate(dataset.records):
            indicator = str(record.get("indikator") or "").strip()
            subject = name_key(str(record.get(p.group) or ""))
            if not subject or (indicator and not indicator.isdigit()):
                continue  # a row about an indicator, not a sasaran
            best = max(groups, key=lambda g: similarity(subject, g))
            count = str(record.get("jumlah_indikator__raw") or indicator).strip()
            if similarity(subject, best) < p.similarity or not _enough(groups[best], count):
                continue
            outcome = _outcome(rule, ctx, ordinal, dataset, i, groups[best])
            if outcome is not None:
                yield outcome


def _enough(members: list[Member], count: str) -> bool:
    """Two members at least, or one when the row's printed indicator count says one."""
    return len(members) >= 2 or (len(members) == 1 and count == "1")


def _outcome(
    rule: Rule, ctx: AuditContext, ordinal: int, dataset: Dataset, i: int, members: list[Member]
) -> Outcome | None:
    p = KIND.params_of(rule)
    value = number(dataset, i, p.value)
    intervals = [interval(d, r, p.value, ctx.rounding) for _, d, r in members]
    if value is None or value.value is None or any(v is None for v in intervals):
        return None
    n = Decimal(len(members))
    lo = sum((v.lo for v in intervals if v is not None), Decimal(0)) / n
    hi = sum((v.hi for v in intervals if v is not None), Decimal(0)) / n
    mean = Interval(lo, hi)
    passed = any(
        mean.intersects(printed_interval(r.value, r.decimals, ctx.rounding)) for r in value.readings
    )
    points = [number(d, r, p.value) for _, d, r in members]
    point = sum((c.amount for c in points if c is not None), Decimal(0)) / n
    related: tuple[CellRef, ...] = tuple(ref(o, d, r, p.value) for o, d, r in members)
    name = str(dataset.records[i].get(p.group) or "")
    return Outcome(
        rule=rule,
        passed=passed,
        # The row is named by its sasaran (its label may be the indicator count).
        subject=replace(ref(ordinal, dataset, i, p.value), label=name),
        related=related,
        reported=value.raw.strip(),
        expected=ctx.fmt(as_printed(point, value.decimals, ctx.rounding), value.decimals),
        interval=mean,
        params={
            "name": name,
            "count": str(len(members)),
            "members": " + ".join(c.raw.strip() for c in points if c is not None),
        },
    )


KIND = CheckKind(
    name="group_mean",
    params=GroupMeanParams,
    evaluate=evaluate,
    summary="A sasaran's achievement equals the mean of its indicators' achievements.",
    gx="gx_native_cross_table",
    constrains_values=False,
    placeholders=("name", "count", "members"),
)
