"""The format-neutral document model every reader produces.

A `Document` is an ordered list of blocks (headings, paragraphs, tables). Every table cell
keeps its raw text and where it came from, so a finding can always point back at the
source: a 1-based line for text input, a page (PDF), table/row/column or paragraph
ordinals (DOCX). Nothing downstream of the readers knows which file format a document
came from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

BlockKind = Literal["heading", "paragraph", "table"]
SourceFormat = Literal["text", "docx", "pdf", "xlsx"]


@dataclass(frozen=True)
class Location:
    """Where a piece of content sits in its source file (all 1-based where set)."""

    line: int | None = None
    page: int | None = None
    table: int | None = None  # ordinal of the table in the document
    row: int | None = None  # row within that table, header rows included
    column: int | None = None
    paragraph: int | None = None  # ordinal among the body's paragraphs (DOCX)
    sheet: str | None = None  # worksheet name (XLSX)
    cell: str | None = None  # Excel cell address, "C12" (XLSX)

    def describe(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.table is not None and self.line is None:
            parts.append(f"table {self.table}")
        if self.row is not None and self.line is None:
            parts.append(f"row {self.row}")
        if self.paragraph is not None and self.line is None:
            parts.append(f"paragraph {self.paragraph}")
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.cell is not None:
            parts.append(f"cell {self.cell}")
        return ", ".join(parts) or "?"


@dataclass
class Cell:
    """One table cell: `raw` as it appears in the source, `text` cleaned for reading."""

    raw: str
    text: str
    location: Location


@dataclass
class Caption:
    text: str  # full caption, e.g. "Tabel 12 Realisasi Anggaran ..."
    number: str | None  # "4.2.1", "III.4", "12"; a label only, never a rule key
    title: str  # caption without the "Tabel n" prefix
    location: Location


@dataclass
class Paragraph:
    text: str
    location: Location
    kind: BlockKind = "paragraph"  # "heading" or "paragraph"


@dataclass
class Table:
    index: int  # 1-based ordinal among the document's tables
    header_rows: list[list[Cell]]
    body_rows: list[list[Cell]]
    location: Location
    caption: Caption | None = None
    # The "(1) (2) (3)" / "1 2 3" numbering row under the header, when printed.
    column_numbers: list[Cell] | None = None
    # Text just before the table (caption or nearby paragraphs): used to tell apart tables
    # with the same header words, e.g. a performance agreement from a key-indicator list.
    context: str = ""
    kind: BlockKind = field(default="table", init=False)

    @property
    def id(self) -> str:
        """Stable label: the caption number when printed, otherwise "T<ordinal>"."""
        if self.caption and self.caption.number:
            return self.caption.number
        return f"T{self.index}"

    @property
    def width(self) -> int:
        return max((len(r) for r in self.header_rows + self.body_rows), default=0)


Block = Paragraph | Table


@dataclass
class Document:
    path: str
    format: SourceFormat
    sha256: str
    blocks: list[Block]
    pages: int | None = None  # PDF only: the page count
    # PDF pages that show an image but hold no text (scans): their content was not read.
    pages_without_text: tuple[int, ...] = ()

    @classmethod
    def from_source(
        cls,
        path: str | Path,
        source_format: SourceFormat,
        data: bytes,
        blocks: list[Block],
        pages: int | None = None,
        pages_without_text: tuple[int, ...] = (),
    ) -> Document:
        """A document read from `data`, the file's bytes (hashed so reports name the exact
        file they audited)."""
        digest = hashlib.sha256(data).hexdigest()
        return cls(str(path), source_format, digest, blocks, pages, pages_without_text)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]
