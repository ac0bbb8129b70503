"""Table profiles: how each kind of LKjIP table is recognised (rules/tables.yaml).

A profile says which header words a table of its kind must show (`header_all`) and must
not (`header_none`), which caption words favour it (`context_any`), and how its columns
map to canonical names (`columns`, tried in the order written). The comments at the top of
rules/tables.yaml explain each key for people who add kinds.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from auditor.schema import Patterns, Strict, Texts

ColumnType = Literal["code", "text", "name", "number"]
# contents: titles with page numbers that never go down; bands: ranges of values with their
# predicates (a scale); footed: a table with a JUMLAH/TOTAL or RATA-RATA row that no other
# kind fits (staff, visits, revenue statistics).
Shape = Literal["contents", "bands", "footed"]
SNAKE_CASE = r"^[a-z][a-z0-9_]*$"


class ColumnSpec(Strict):
    """A canonical column and the header words that name it."""

    name: Annotated[str, Field(pattern=SNAKE_CASE)]
    type: ColumnType = "text"
    # Python regular expressions searched in the lower-cased header label.
    patterns: Patterns = Field(default=[], alias="match")
    exact: bool = False  # amounts exact by nature (whole Rupiah), not rounded
    # May name several columns: each is called `<name>_<position>` ("nilai_3").
    many: bool = False
    # A money amount: a unit the table states ("(dalam ribuan rupiah)") applies to it.
    amount: bool = False


class TableProfile(Strict):
    """One table kind."""

    kind: Annotated[str, Field(pattern=SNAKE_CASE)]
    title: Texts
    header_all: Patterns = []
    header_none: Patterns = []
    context_any: Patterns = []
    min_years: Annotated[int, Field(ge=0)] = 0
    label: str | None = None  # canonical column that names a row
    levels: list[str] = []  # names of hierarchy depths 0, 1, 2, ...
    columns: list[ColumnSpec] = []
    shape: Shape | None = None  # also recognised from the shape of its rows

    @model_validator(mode="after")
    def _label_is_a_column(self) -> TableProfile:
        if self.label is not None and self.label not in {c.name for c in self.columns}:
            raise ValueError(f"label {self.label!r} is not a column of {self.kind!r}")
        return self

    def column(self, name: str) -> ColumnSpec | None:
        return next((c for c in self.columns if c.name == name), None)


class ProfileFile(Strict):
    """A table-profile file: the bundled rules/tables.yaml, or a reviewer's own."""

    version: int | None = None
    kinds: list[TableProfile]
