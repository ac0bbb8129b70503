"""Check kinds: one module each, a small closed set.

A check module declares `PARAMS` (its parameter schema, validated when a rule pack loads)
and `evaluate(rule, ctx)`, which yields one `Outcome` per rule instance it tested — passes
as well as failures, because rounding-convention detection and error localisation need
both. Checks are vectorised over the recognised pandas frames where the arithmetic allows.

Two optional module flags: `ROUNDING_SENSITIVE = True` when verdicts depend on whether the
report rounds or truncates (used to detect the convention), and `CONSTRAINS_VALUES = False`
for checks whose outcomes do not vouch for a value (format, numbering, presence), so that
their passes are not taken as evidence that a cell is right.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any

CHECK_KINDS = (
    "hierarchical_sum",
    "total",
    "ratio",
    "difference",
    "plausible_range",
    "required_value",
    "cross_table",
    "scale",
    "sequence",
    "number_format",
    "narrative",
)


@dataclass(frozen=True)
class Param:
    """One parameter of a check kind: kind is number|text|texts|bool|choice|column|columns|kinds."""

    kind: str
    required: bool = True
    default: Any = None
    choices: tuple[str, ...] | None = None


def constrains_values(kind: str) -> bool:
    return getattr(check_module(kind), "CONSTRAINS_VALUES", True)


def check_module(kind: str) -> ModuleType:
    if kind not in CHECK_KINDS:
        raise KeyError(kind)
    return importlib.import_module(f"auditor.checks.{kind}")
