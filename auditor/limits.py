"""Size limits on input documents: every input is untrusted.

A runaway or hostile file must be refused with one clear line (exit 3) before it costs
unbounded memory or time, so each limit is checked as early as it can be: the file size
before anything is read (`read_document`, and a ZIP's uncompressed total in
`archive.read_zip_safely`), the PDF page count before any page is parsed, the number of
tables and the rows of each table in `BlockBuilder`, as each table is added. Columns and
cells are checked twice: by each reader on its source's own sizes, before it expands them
(a Word cell's gridSpan, a worksheet's sparse columns, a line's TABs, a PDF's ruling
grid), since a few bytes there can name millions of cells; and in `BlockBuilder`.

The limits in force belong to the process: `current()` and `set_limits()`. The CLI sets
them from its global options (`--max-pages 5000`) or environment variables
(`LKJIP_MAX_PAGES=5000`); a worker process is given its parent's `current()` and sets it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from auditor.errors import InputError
from auditor.numbers import format_number

if TYPE_CHECKING:
    from auditor.model import Location

MB = 1024 * 1024
ENV_PREFIX = "LKJIP_"


@dataclass(frozen=True)
class Limits:
    """The largest input accepted; each field is a command-line option of the same name."""

    max_file_mb: int = field(default=100, metadata={"help": "Largest input file, in MB."})
    max_pages: int = field(default=2000, metadata={"help": "Most pages in a PDF."})
    max_tables: int = field(default=500, metadata={"help": "Most tables in a document."})
    max_rows: int = field(default=10_000, metadata={"help": "Most rows in one table."})
    max_columns: int = field(default=300, metadata={"help": "Most columns in one table."})
    max_cells: int = field(
        default=2_000_000, metadata={"help": "Most table cells in a document, all tables."}
    )
    max_side_mb: int = field(
        default=20,
        metadata={"help": "Largest side input (baseline, acknowledgements, rule pack), in MB."},
    )

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * MB


class LimitError(InputError):
    """An input is over a limit. Raised without the file's name: `read_document` adds it."""


_current = Limits()


def current() -> Limits:
    return _current


def set_limits(limits: Limits) -> None:
    global _current
    _current = limits


def option(name: str) -> str:
    """The command-line option that sets the limit `name` (a `Limits` field)."""
    return "--" + name.replace("_", "-")


def envvar(name: str) -> str:
    """The environment variable that sets the limit `name` when its option is not given."""
    return ENV_PREFIX + name.upper()


def check_file_size(size: int) -> None:
    limit = _current.max_file_mb
    if size > limit * MB:
        raise _exceeded(f"{format_number(Decimal(size) / MB, 1)} MB", f"{limit} MB", "max_file_mb")


def check_pages(pages: int) -> None:
    if pages > _current.max_pages:
        raise _exceeded(f"{_count(pages)} pages", _count(_current.max_pages), "max_pages")


def check_tables(tables: int) -> None:
    """`tables`: how many there are so far, the one being added included."""
    if tables > _current.max_tables:
        limit = _current.max_tables
        raise _exceeded(f"at least {_count(tables)} tables", _count(limit), "max_tables")


def check_rows(rows: int, table: Location) -> None:
    """`rows` of the table at `table`, header rows included."""
    if rows > _current.max_rows:
        subject = f"{_count(rows)} rows in one table ({table.describe()})"
        raise _exceeded(subject, _count(_current.max_rows), "max_rows")


def check_columns(columns: int, table: Location) -> None:
    """`columns` in the widest row of the table at `table`, before its rows are built."""
    if columns > _current.max_columns:
        subject = f"{_count(columns)} columns in one table ({table.describe()})"
        raise _exceeded(subject, _count(_current.max_columns), "max_columns")


def check_cells(cells: int) -> None:
    """`cells`: table cells in the document so far, those of the table being read included."""
    if cells > _current.max_cells:
        limit = _current.max_cells
        raise _exceeded(f"at least {_count(cells)} table cells", _count(limit), "max_cells")


def _count(number: int) -> str:
    return format_number(Decimal(number), 0)  # "2.431", as the reports print counts


def _exceeded(subject: str, limit: str, name: str) -> LimitError:
    return LimitError(f"{subject} is more than the limit of {limit} ({option(name)})")
