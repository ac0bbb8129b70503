"""Conflicting figures: one finding per indicator and quantity, listing every place.

The same indicator's achievement can disagree between the achievement table, the
efficiency table and the prose; each disagreement is a failed rule instance, but the
reviewer needs one finding that lists every place and what it prints. Findings of
equality rules (cross-table and narrative checks) about the same indicator (name key),
the same quantity and year are merged; the first in document order keeps its rule code.
The subject is the place most likely wrong: the odd one out when every other place prints
one value, unless a rule that holds today vouches for it (its row's achievement was computed
from it); else the only place no holding rule vouches for, when the vouched ones agree (a PK
target that differs from a capaian table whose own realisation and achievement confirm its
target: the PK is the authority only when nothing else decides). A cell another finding
is about (its own achievement miscomputed) is not moved onto: its suggestion would clash.
Otherwise the first finding's subject stays.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from auditor.checks.cells import AuditContext
from auditor.constraints import CellKey, key_of
from auditor.findings import Outcome
from auditor.i18n import LANGS, Lang, label, place
from auditor.model import CellRef
from auditor.numbers import parse_number
from auditor.recognise.names import name_key

EQUALITY_CHECKS = {"cross_table", "narrative"}
YEAR_SUFFIX_RE = re.compile(r"_(?:19|20)[0-9]{2}$")


def _printed(cell: CellRef, ctx: AuditContext) -> str | None:
    if cell.dataset < 0 or cell.column is None:
        return None
    record = ctx.recognition.datasets[cell.dataset].records[cell.frame_row]
    return str(record.get(f"{cell.column}__raw") or "").strip() or None


def _place(cell: CellRef, value: str, lang: Lang) -> str:
    where = f"{label('table', lang).lower()} {cell.table}" if cell.table else label("prose", lang)
    source = place(cell.location, lang)
    return f"{where} {source}: {value}" if source else f"{where}: {value}"


def _values(places: list[tuple[CellRef, str]], ctx: AuditContext) -> list[Decimal | None]:
    return [parse_number(value, ctx.recognition.convention).value for _, value in places]


def odd_one_out(places: list[tuple[CellRef, str]], ctx: AuditContext) -> int | None:
    """The one place whose value differs from all the others, which agree (at least two of
    them); None when no place stands out."""
    values = _values(places, ctx)
    if None in values or len(places) < 3 or len(set(values)) != 2:
        return None
    odd = [i for i, v in enumerate(values) if values.count(v) == 1]
    return odd[0] if len(odd) == 1 else None


def _likely_wrong(
    places: list[tuple[CellRef, str]], ctx: AuditContext, vouched: frozenset[CellKey]
) -> int | None:
    """The place most likely wrong: the odd one out, unless a rule that holds vouches for it;
    else the only place no rule vouches for when all the others print one value."""
    odd = odd_one_out(places, ctx)
    if odd is not None:
        return None if key_of(places[odd][0]) in vouched else odd
    loose = [i for i, (cell, _) in enumerate(places) if key_of(cell) not in vouched]
    values = _values(places, ctx)
    others = {v for i, v in enumerate(values) if i not in loose}
    if len(loose) == 1 and len(others) == 1 and None not in values:
        return loose[0]
    return None


def group_conflicts(
    findings: list[Outcome], ctx: AuditContext, vouched: frozenset[CellKey] = frozenset()
) -> list[Outcome]:
    """Merge the equality findings about one figure; `vouched` are the cells that rules
    holding today confirm (a target its own row's realisation and achievement agree with)."""
    groups: dict[tuple, list[Outcome]] = {}
    for finding in findings:
        if finding.rule.check in EQUALITY_CHECKS and finding.subject.label:
            column = YEAR_SUFFIX_RE.sub("", finding.subject.column or "")
            groups.setdefault((name_key(finding.subject.label), column), []).append(finding)
    # A cell another finding is about keeps that finding's suggestion: not moved onto.
    owned = {key_of(f.subject) for f in findings if f.rule.check not in EQUALITY_CHECKS}
    merged: dict[int, Outcome] = {}
    dropped: set[int] = set()
    for members in groups.values():
        places: dict[tuple, tuple[CellRef, str]] = {}
        for finding in members:
            places.setdefault(key_of(finding.subject), (finding.subject, finding.reported or ""))
            for cell in finding.related:
                value = _printed(cell, ctx)
                if value:
                    places.setdefault(key_of(cell), (cell, value))
        first = members[0]
        listed = list(places.values())
        cells = [cell for cell, _ in listed]
        wrong = _likely_wrong(listed, ctx, vouched)
        moved = wrong is not None and key_of(cells[wrong]) not in {key_of(first.subject), *owned}
        if len(members) < 2 and not moved:
            continue
        if wrong is not None and moved:
            subject, reported = listed[wrong]
            right = next(v for i, (_, v) in enumerate(listed) if i != wrong)
            first = replace(
                first,
                subject=subject,
                reported=reported,
                expected=right,
                interval=None,
                diagnosis=None,
                alternatives=(),
            )
        merged[id(members[0])] = replace(
            first,
            related=tuple(c for c in cells if key_of(c) != key_of(first.subject)),
            params={
                **first.params,
                **{
                    f"places_{lang}": "; ".join(_place(c, v, lang) for c, v in places.values())
                    for lang in LANGS
                },
                "count": str(len(places)),
            },
            conflict=True,
        )
        dropped.update(id(f) for f in members[1:])
    return [merged.get(id(f), f) for f in findings if id(f) not in dropped]
