"""An acknowledgements file (`--acknowledgements FILE`): a YAML list of waivers.

Each waiver names a rule and a non-empty justification; `table`, `row`, `column` and
`reported` narrow it (values compared as printed, so they are text: YAML's whole numbers
and dates are taken as written, a decimal is refused because 2.30 would come back as 2.3);
`by` and `date` are for the record.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, RootModel

from auditor.schema import Strict
from auditor.schema.rules import Code


def _as_text(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value.strip() if isinstance(value, str) else value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise ValueError('must be text; put the value in quotes, e.g. "…"')


def _justified(value: str) -> str:
    if not value:
        raise ValueError("needs a non-empty justification: why the finding is accepted")
    return value


Text = Annotated[str | None, BeforeValidator(_as_text)]
# The optional keys that narrow a waiver to one table, row, column or printed value.
NARROWING = ("table", "row", "column", "reported")


class Acknowledgement(Strict):
    """One waiver: findings of `rule`, narrowed by the keys given, accepted for a reason."""

    rule: Code
    justification: Annotated[str, BeforeValidator(_as_text), AfterValidator(_justified)]
    table: Text = None
    row: Text = None
    column: Text = None
    reported: Text = None  # as printed; "" is an empty cell
    by: Text = None
    date: Text = None
    file: str = Field(default="", exclude=True)  # where the loader found it
    line: int = Field(default=0, exclude=True)


class AcknowledgementList(RootModel[list[Acknowledgement]]):
    """The file: a list (an empty file waives nothing)."""
