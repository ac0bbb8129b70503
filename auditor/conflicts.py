"""Conflicting figures: one finding per indicator and quantity, listing every place.

The same indicator's achievement can disagree between the achievement table, the
efficiency table and the prose; each disagreement is a failed rule instance, but the
reviewer needs one finding that lists every place and what it prints. Findings of
equality rules (cross-table and narrative checks) about the same indicator (name key),
the same quantity and year are merged; the first in document order keeps its rule code.
"""

from __future__ import annotations

import re
from dataclasses import replace

from auditor.checks.cells import AuditContext
from auditor.constraints import key_of
from auditor.findings import Outcome
from auditor.i18n import LANGS, Lang, label, place
from auditor.model import CellRef
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


def group_conflicts(findings: list[Outcome], ctx: AuditContext) -> list[Outcome]:
    groups: dict[tuple, list[Outcome]] = {}
    for finding in findings:
        if finding.rule.check in EQUALITY_CHECKS and finding.subject.label:
            column = YEAR_SUFFIX_RE.sub("", finding.subject.column or "")
            groups.setdefault((name_key(finding.subject.label), column), []).append(finding)
    merged: dict[int, Outcome] = {}
    dropped: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        places: dict[tuple, tuple[CellRef, str]] = {}
        for finding in members:
            places.setdefault(key_of(finding.subject), (finding.subject, finding.reported or ""))
            for cell in finding.related:
                value = _printed(cell, ctx)
                if value:
                    places.setdefault(key_of(cell), (cell, value))
        first = members[0]
        cells = [cell for cell, _ in places.values()]
        merged[id(first)] = replace(
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
