"""Check kinds: a small closed set, one module each, each declaring one `CheckKind`.

A check module defines `KIND = CheckKind(...)`: its name (as rule packs write it), its
parameter model (auditor/schema/params.py), `evaluate(rule, ctx)` — which yields one
`Outcome` per rule instance it tested, passes as well as failures, because rounding
detection and error localisation need both — what its outcomes vouch for, the message
placeholders it fills, and how Great Expectations expresses it (or why it cannot). The
engine, the rule loader's message check, the GX suite builder and the docs generator all
read this registry; a new kind is one new module, its parameter model and its rule cases.

Checks loop over a dataset's rows (its `records`), not over pandas frames: per row they
try every reading of an ambiguous number and every allowed formula, which vectorising
would not make clearer or, at a report's size, faster.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from auditor.errors import ConfigError
from auditor.recognise.profiles import ALL_TABLES
from auditor.rules import META_COLUMNS
from auditor.schema.params import PARAMS, CheckParams, ColumnRef

if TYPE_CHECKING:
    from auditor.arith import Rounding
    from auditor.checks.cells import AuditContext
    from auditor.findings import Outcome
    from auditor.recognise.profiles import TableProfile
    from auditor.rules import Rule

P = TypeVar("P", bound=CheckParams)
# What every outcome's message may name (auditor/findings.py, Outcome.message).
COMMON_PLACEHOLDERS = ("table", "row", "label", "column", "reported", "expected")


@dataclass(frozen=True)
class GxMapping:
    """How a check kind's rules become Great Expectations expectation configurations."""

    # (rule, the columns its table kind has, rounding) → expectation dicts ([] when the kind
    # lacks a column the rule needs).
    expectations: Callable[[Rule, set[str], Rounding], list[dict[str, Any]]]
    # The i18n label of why GX cannot express one rule of this kind after all (a parameter
    # choosing a test GX has no expectation for), else None.
    native_for: Callable[[Rule], str | None] = lambda rule: None


@dataclass(frozen=True)
class CheckKind(Generic[P]):
    name: str
    params: type[P]
    evaluate: Callable[[Rule, AuditContext], Iterable[Outcome]]
    summary: str  # what it checks, one sentence (the check-kind reference page)
    # A GX mapping, or the i18n label of why the kind runs natively only.
    gx: GxMapping | str
    # False: its passes do not vouch for a value (format, numbering, presence, coverage),
    # so error localisation does not take them as evidence that a cell is right.
    constrains_values: bool = True
    # True: verdicts depend on whether the report rounds or truncates (convention detection).
    rounding_sensitive: bool = False
    # Message placeholders its outcomes fill besides COMMON_PLACEHOLDERS; "x" also stands
    # for "x_id" and "x_en", worded per language.
    placeholders: tuple[str, ...] = field(default=())

    def params_of(self, rule: Rule) -> P:
        """The rule's parameters, as this kind's model."""
        if not isinstance(rule.params, self.params):
            raise TypeError(f"{rule.code}: not a {self.name!r} rule")
        return rule.params

    def native_reason(self, rule: Rule) -> str | None:
        """The i18n label of why GX cannot run `rule`; None when it can."""
        if isinstance(self.gx, str):
            return self.gx
        return self.gx.native_for(rule)


@cache
def check_kinds() -> dict[str, CheckKind[Any]]:
    """Every check kind, by name: the modules of this package that declare `KIND`."""
    kinds: dict[str, CheckKind[Any]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        kind = getattr(module, "KIND", None)
        if isinstance(kind, CheckKind):
            kinds[kind.name] = kind
    if set(kinds) != set(PARAMS):  # the schema and the modules must name the same kinds
        raise RuntimeError(f"check kinds {sorted(kinds)} != parameter models {sorted(PARAMS)}")
    return kinds


def check_kind(name: str) -> CheckKind[Any]:
    return check_kinds()[name]


def gx_expectations(
    rule: Rule, columns: set[str], rounding: Rounding
) -> list[dict[str, Any]] | None:
    """The GX expectations expressing `rule` on a table kind with these columns ([] when it
    lacks a column the rule needs); None when GX cannot express the rule."""
    mapping = check_kind(rule.check).gx
    if isinstance(mapping, str) or mapping.native_for(rule) is not None:
        return None
    return mapping.expectations(rule, columns, rounding)


def needed_columns(rule: Rule) -> tuple[list[str], list[list[str]]]:
    """What a table must have for `rule` to test it: every column a required or stated
    single-column parameter names, and one of each required list of columns (tried in
    order by the checks). Defaults name what kinds have in general, not these ones."""
    singles: list[str] = []
    choices: list[list[str]] = []
    stated = rule.params.model_fields_set
    for name, info in type(rule.params).model_fields.items():
        if not any(isinstance(m, ColumnRef) for m in info.metadata):
            continue
        value = getattr(rule.params, name)
        if isinstance(value, str) and (info.is_required() or name in stated):
            singles.append(value)
        elif isinstance(value, list) and value and info.is_required():
            choices.append(value)
    return singles, choices


def check_applicable(rules: Iterable[Rule], profiles: Iterable[TableProfile]) -> None:
    """Every rule can produce an outcome: one of its table kinds has all the columns its
    parameters need. (A rule on every table, or on the prose, needs no column.)"""
    by_kind = {p.kind: {c.name for c in p.columns} | META_COLUMNS for p in profiles}
    for rule in rules:
        singles, choices = needed_columns(rule)
        if ALL_TABLES in rule.tables or not (singles or choices):
            continue
        if not any(
            set(singles) <= columns and all(set(c) & columns for c in choices)
            for kind in rule.tables
            if (columns := by_kind.get(kind)) is not None
        ):
            needed = ", ".join([*singles, *("/".join(c) for c in choices)])
            raise ConfigError(
                f"{rule.path}:{rule.line}: {rule.code} can never produce an outcome: none of "
                f"its table kinds ({', '.join(rule.tables)}) has all of {needed}"
            )


def check_messages(rules: Iterable[Rule]) -> None:
    """Every placeholder a rule's messages name is one its check kind fills: "{formul}"
    would print "?" in every finding, so it is a load error naming the file and line."""
    for rule in rules:
        kind = check_kind(rule.check)
        known = set(COMMON_PLACEHOLDERS) | set(kind.placeholders)
        for lang in ("id", "en"):
            for name in _placeholders(rule.message.get(lang)):
                base = re.sub(r"_(?:id|en)$", "", name)
                if name not in known and base not in known:
                    raise ConfigError(
                        f"{rule.path}:{rule.line}: message of {rule.code} names {{{name}}}, "
                        f"which check {rule.check!r} does not fill "
                        f"(it fills: {', '.join(sorted(known))})"
                    )


def _placeholders(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]
