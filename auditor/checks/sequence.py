"""Sequence: numbering gaps and duplicates among sibling row codes within a table.

Siblings share a section and a code prefix: "2.1.1", "2.1.2" under "A."; sections run
A, B, C (or I, II, III). A code that skips a number ("2.1.2" with no "2.1.1") or repeats
or steps back ("1.1" twice) may mean a dropped or mislabelled row — or just the official
nomenclature (Permendagri 90/2019), which is why the rules built on this are information.
A group or total row between coded rows may restart the numbering at 1 (a performance
agreement numbered per goal). Every coded row gets one outcome per rule: `detect: gap`
fails the row after a gap, `detect: duplicate` a repeated or backward code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditor.checks import CheckKind
from auditor.checks.cells import AuditContext, ref
from auditor.findings import Outcome
from auditor.schema.params import SequenceParams

if TYPE_CHECKING:
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule

ROMAN = {"I": 1, "V": 5, "X": 10}
ROMAN_RE = re.compile(r"^X{0,3}(?:IX|IV|V?I{0,3})$")
# More skipped codes than this are shown as a range.
LISTED = 3


@dataclass(frozen=True)
class Step:
    """One coded row against its previous sibling."""

    row: int  # frame row
    previous: int | None  # frame row of the previous sibling, else of the parent
    problem: str | None  # "gap" | "duplicate" | None when in sequence
    expected: str  # the code the sequence expected here
    missing: str  # skipped codes (gap only), as row keys


@dataclass
class _Scope:
    last: int
    row: int
    epoch: int


def _roman(text: str) -> int:
    values = [ROMAN[c] for c in text]
    return sum(-v if v < n else v for v, n in zip(values, [*values[1:], 0], strict=True))


def _to_roman(number: int) -> str:
    out = ""
    for value, text in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, number = divmod(number, value)
        out += text * count
    return out


class _Codes:
    """Reads and writes the codes of one table (its sections are letters or roman)."""

    def __init__(self, section_codes: list[str]) -> None:
        self.roman = bool(section_codes) and all(ROMAN_RE.match(c) for c in section_codes)

    def section_number(self, code: str) -> int:
        return _roman(code) if self.roman or len(code) > 1 else ord(code) - ord("A") + 1

    def section_code(self, number: int) -> str:
        return _to_roman(number) if self.roman else chr(ord("A") + number - 1)


def _item_code(parents: tuple[str, ...], number: int, like: str) -> str:
    """An item code with the zero-padding of its sibling ("2.01" → "2.02")."""
    width = len(like) if like.startswith("0") else 0
    return ".".join([*parents, str(number).zfill(width)])


def _listed(codes: list[str]) -> str:
    if len(codes) <= LISTED:
        return ", ".join(codes)
    return f"{codes[0]} … {codes[-1]}"


def _position(
    codes: _Codes, section: str, role: str, code: str
) -> tuple[tuple, int, Callable[[int], str]]:
    """A coded row's sibling scope, its number there, and how to write a sibling's code."""
    if role == "section":
        return ("section",), codes.section_number(code), codes.section_code
    *head, last = code.split(".")
    parents = tuple(head)
    return (section, parents), int(last), lambda n: _item_code(parents, n, last)


def steps(dataset: Dataset) -> list[Step]:
    """The sequence verdict of every coded row, in table order."""
    records = dataset.records
    codes = _Codes([r["code"] for r in records if r.get("role") == "section"])
    by_key = {r["key"]: i for i, r in enumerate(records) if isinstance(r.get("key"), str)}
    scopes: dict[tuple, _Scope] = {}
    section = ""
    epoch = 0  # bumped by every group or total row: numbering may restart after one
    out: list[Step] = []
    for i, record in enumerate(records):
        role, code = record.get("role"), record.get("code")
        if role in ("group", "total", "mean"):
            epoch += 1
            continue
        if role not in ("section", "item") or not isinstance(code, str):
            continue
        if role == "section":
            section = code
        scope, number, write = _position(codes, section, role, code)
        prefix = f"{section}." if section and role == "item" else ""
        state = scopes.get(scope)
        before = state.last if state else 0
        restart = state is None or state.epoch != epoch
        parent = record.get("parent")
        previous = state.row if state else by_key.get(parent) if isinstance(parent, str) else None
        in_sequence = number == before + 1 or (restart and number == 1)
        problem = None if in_sequence else "gap" if number > before + 1 else "duplicate"
        expected = write(number if in_sequence else before + 1)
        skipped = range(before + 1, number) if problem == "gap" else range(0)
        missing = _listed([prefix + write(n) for n in skipped])
        reset = restart and number == 1
        scopes[scope] = _Scope(number if reset else max(before, number), i, epoch)
        out.append(Step(i, previous, problem, expected, missing))
    return out


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    detect = KIND.params_of(rule).detect
    for ordinal, dataset in ctx.datasets(rule.tables):
        code_column = next((c.name for c in dataset.columns if c.type == "code"), None)
        if code_column is None:
            continue
        for step in steps(dataset):
            previous = dataset.records[step.previous] if step.previous is not None else {}
            yield Outcome(
                rule=rule,
                passed=step.problem != detect,
                subject=ref(ordinal, dataset, step.row, code_column),
                related=(ref(ordinal, dataset, step.previous, code_column),)
                if step.previous is not None
                else (),
                reported=str(dataset.records[step.row].get(f"{code_column}__raw", "")).strip(),
                expected=step.expected,
                params={
                    "missing": step.missing,
                    "previous": str(previous.get("key") or "-"),
                },
            )


KIND = CheckKind(
    name="sequence",
    params=SequenceParams,
    evaluate=evaluate,
    summary="Row numbering has no gap or duplicate.",
    gx="gx_native_sequence",
    constrains_values=False,
    placeholders=("missing", "previous"),
)
