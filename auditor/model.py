"""The format-neutral document model every reader produces, and references into it.

A `Document` is an ordered list of blocks (headings, paragraphs, tables). Every table cell
keeps its raw text and where it came from, so a finding can always point back at the
source: a 1-based line for text input, a page (PDF), table/row/column or paragraph
ordinals (DOCX). Nothing downstream of the readers knows which file format a document
came from. A `CellRef` names one cell of a recognised table (or a sentence of the prose)
for the findings that are about it.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

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


# `CellRef.dataset` of what is not in a table: a sentence of the prose, or the document
# itself (a page without text).
PROSE = -1
DOCUMENT = -2


@dataclass(frozen=True)
class CellRef:
    table: str | None  # table id: caption number or "T<n>"; None for a sentence in the prose
    row: str | None  # row key ("B.2.3"), else the 1-based body row number; None in prose
    column: str | None  # canonical column name
    line: int | None  # 1-based source line (text input)
    page: int | None  # 1-based page (PDF)
    dataset: int  # ordinal of the dataset in the document (ids may repeat); PROSE, DOCUMENT
    frame_row: int  # 0-based row in the dataset frame
    label: str = ""  # the row's name (indicator, program, ...)
    # The cell's or sentence's own place in the source: besides line and page, a DOCX
    # table/row or paragraph ordinal, an XLSX sheet and cell address.
    source: Location | None = None

    @classmethod
    def prose(cls, location: Location, column: str, label: str) -> CellRef:
        """A figure stated in the prose, at `location`."""
        return cls(
            table=None,
            row=None,
            column=column,
            line=location.line,
            page=location.page,
            dataset=PROSE,
            frame_row=-1,
            label=label,
            source=location,
        )

    @property
    def position(self) -> int:
        """Order within the prose (or a table's frame row): line, else paragraph ordinal."""
        if self.dataset >= 0:
            return self.frame_row
        return self.line or (self.source.paragraph if self.source else None) or 0

    @property
    def location(self) -> Location:
        """Where to look in the source (see `auditor.i18n.place` for it in words)."""
        return self.source or Location(line=self.line, page=self.page)

    def source_dict(self) -> dict[str, Any] | None:
        """Additive to findings@1: all the reader knows of the place (DOCX, XLSX, ...)."""
        if self.source is None:
            return None
        return {k: v for k, v in asdict(self.source).items() if v is not None}

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "line": self.line,
            "page": self.page,
            "source": self.source_dict(),
        }


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
    # Short lines between the caption and the table (or just before a captionless one):
    # where reports state the unit, "(dalam ribuan rupiah)", "Satuan: Rp juta".
    notes: tuple[str, ...] = ()
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
