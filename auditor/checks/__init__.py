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
import pkgutil
from dataclasses import dataclass
from types import ModuleType
from typing import Any

# Every module in this package except the shared helpers is a check kind, so a new kind
# is one new module (and its rule cases), nothing to register.
_HELPERS = {"cells"}
CHECK_KINDS = tuple(
    sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name not in _HELPERS)
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
