"""A rule pack: a YAML file with a `rules:` list, each rule naming one check kind.

`Rule` is both the schema of an entry and the rule the engine runs: its `params` are the
check kind's own model (auditor/schema/params.py), chosen by `check` (a discriminated
union, so an editor completes each kind's parameters). `path` and `line` are set by the
loader, not written in the pack.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, cast

from pydantic import BeforeValidator, Field, create_model

from auditor.enums import Severity
from auditor.i18n import Lang
from auditor.schema import Strict, Texts
from auditor.schema.params import PARAMS, CheckParams

# The texts of a rule, each in Indonesian and English.
TEXT_KEYS = ("title", "message", "description", "impact", "recommendation")
CODE_PATTERN = r"^[A-Z]{2,5}[0-9]{3}$"  # LKJ101; a code is a key: no trailing newline


def _code(value: Any) -> Any:
    if not isinstance(value, str) or not re.fullmatch(CODE_PATTERN[1:-1], value):
        raise ValueError(f"{value!r} is not a rule code like 'LKJ101'")
    return value


Code = Annotated[str, BeforeValidator(_code), Field(pattern=CODE_PATTERN)]


class Rule(Strict):
    """One rule: what it checks (a check kind with parameters, on table kinds), how sure a
    failure is (severity), what it says (in Indonesian and English) and why."""

    code: Code
    name: Annotated[str, Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: Texts | None = None
    severity: Severity
    # Table kinds (rules/tables.yaml) the rule applies to; ["*"]: every table, recognised
    # or not (the coverage rules).
    tables: Annotated[list[str], Field(min_length=1)]
    check: str
    params: CheckParams
    message: Texts
    description: Texts | None = None
    impact: Texts | None = None
    recommendation: Texts | None = None
    source: Annotated[str, Field(min_length=1)]
    version: Annotated[int, Field(ge=1)]
    path: str = Field(default="", exclude=True)  # where the loader found it
    line: int = Field(default=0, exclude=True)

    def text(self, key: str, lang: Lang) -> str:
        """A text field (title, message, ...) in `lang`; "" when the rule has none."""
        value = getattr(self, key)
        return value.get(lang) if isinstance(value, Texts) else ""


def _rule_class(check: str, params: type[CheckParams]) -> type[Rule]:
    required = any(f.is_required() for f in params.model_fields.values())
    name = "".join(part.title() for part in check.split("_")) + "Rule"
    fields: dict[str, Any] = {
        "check": (Literal[check], ...),
        "params": (params, ...) if required else (params, params()),
    }
    return cast(type[Rule], create_model(name, __base__=Rule, **fields))


RULE_CLASSES: dict[str, type[Rule]] = {check: _rule_class(check, p) for check, p in PARAMS.items()}
if TYPE_CHECKING:  # for the type checker, any rule
    RuleEntry = Rule
else:  # one entry of `rules:`, its class chosen by `check`
    RuleEntry = Annotated[Union[tuple(RULE_CLASSES.values())], Field(discriminator="check")]  # noqa: UP007


class RulePack(Strict):
    """A rule pack file."""

    pack: str | None = None
    version: int | None = None
    rules: list[RuleEntry]
