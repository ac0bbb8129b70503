"""Reader for plain-text and Markdown reports.

Tables come in two shapes:

* TAB-separated lines (what a copy from Word or a PDF-to-text tool gives), usually after a
  "Tabel n ..." caption line. A table may be interrupted by blank or whitespace-only lines
  (page breaks), a wrapped cell continues on a line that starts with a TAB, a header may
  repeat after a page break.
* Markdown pipe tables (``| a | b |`` with a ``|---|`` separator under the header).

A line of more TAB- or pipe-separated fields than a table may have columns is refused
before any line is split (a few MB of TABs would be millions of cells), and a table's
cells are counted against the document's limit as its rows are read.

Every other non-blank line becomes a heading or a paragraph block, one per source line, so
that a claim in the prose can be located by its own line number. Lines end at "\n", "\r\n"
or "\r" only, as editors count them (a form feed, the page break of PDF-to-text tools, or a
Unicode line separator does not start a new line number).

Encodings, decided in this order: a byte-order mark names UTF-8 or UTF-16 (LE/BE), and the
rest must decode in it; without one the file is UTF-8 if it decodes as such, else Windows-1252
(a superset of Latin-1's printable characters, what older Windows editors save) if it
decodes as such. Either way the text must not contain control characters other than TAB,
line ends and form feed: binary data, or UTF-16 without a byte-order mark, is not text.
Anything else is refused with one line naming the first offending byte's offset.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from auditor.errors import InputError
from auditor.ingest.blocks import (
    BlockBuilder,
    RawRow,
    clean_text,
    is_column_number_row,
    is_header_like,
)
from auditor.limits import check_columns, current
from auditor.model import Document, Location, Paragraph, Table

BLANK_CHARS = " \t\f\u00a0\u202f\u200b\ufeff"
LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
# Byte-order marks and the codec each announces (UTF-8's is optional, UTF-16's required).
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # all but \t \n \f \r
MARKDOWN_RULE_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def is_blank(line: str) -> bool:
    return not line.strip(BLANK_CHARS)


def split_tab_row(line: str) -> list[str]:
    return line.rstrip("\r\n").split("\t")


def split_pipe_row(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [part.replace("\\|", "|").strip() for part in re.split(r"(?<!\\)\|", body)]


@dataclass
class _TableDraft:
    rows: list[RawRow] = field(default_factory=list)
    pipe: bool = False
    pipe_header_rows: int = 0  # rows above the |---| separator in a pipe table
    cells: int = 0  # in `rows`

    def append(self, row: RawRow, builder: BlockBuilder) -> None:
        self.rows.append(row)
        self.cells += len(row.raws)
        builder.check_pending(self.cells)  # stop a huge table as it is read, not once built

    def add_continuation(self, row: RawRow) -> bool:
        """Join a wrapped line ("\\tDaerah\\t\\t") onto the previous row; True if it was one."""
        if self.pipe or not self.rows:
            return False
        texts = row.texts
        filled = [i for i, t in enumerate(texts) if t]
        previous = self.rows[-1]
        if len(filled) != 1 or filled[0] == 0 or row.raws[0].strip(BLANK_CHARS):
            return False
        col = filled[0]
        prev_texts = previous.texts
        if col >= len(prev_texts) or not prev_texts[col] or is_header_like(prev_texts):
            return False
        if re.search(r"[0-9]", texts[col]) and not re.search(r"[A-Za-z]", texts[col]):
            return False  # a lone number is data, not wrapped text
        previous.raws[col] = previous.raws[col].rstrip() + " " + row.raws[col].strip()
        return True


def parse_text(content: str) -> list[Paragraph | Table]:
    """Split text into heading, paragraph and table blocks."""
    lines = split_lines(content)
    _check_widths(lines)
    builder = BlockBuilder()
    draft: _TableDraft | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        lineno = i + 1
        stripped = line.strip(BLANK_CHARS)
        is_pipe = stripped.startswith("|") and stripped.count("|") >= 2
        is_tab = "\t" in line and not is_blank(line) and not is_pipe
        if is_tab and draft is None and _filled(split_tab_row(line)) < 2:
            is_tab = False  # an indented prose line, not the start of a table
        if is_pipe:
            if draft is None or not draft.pipe:
                if draft is not None:
                    builder.add_table(draft.rows, draft.pipe_header_rows)
                draft = _TableDraft(pipe=True)
            if MARKDOWN_RULE_RE.match(stripped):
                draft.pipe_header_rows = draft.pipe_header_rows or len(draft.rows)
            else:
                draft.append(RawRow(split_pipe_row(stripped), Location(line=lineno)), builder)
            i += 1
            continue
        if is_tab:
            row = RawRow(split_tab_row(line), Location(line=lineno))
            if draft is not None and draft.pipe:
                builder.add_table(draft.rows, draft.pipe_header_rows)
                draft = None
            if draft is None:
                draft = _TableDraft()
            if not draft.add_continuation(row):
                draft.append(row, builder)
            i += 1
            continue
        if is_blank(line):
            if draft is not None and not _table_resumes(lines, i, draft):
                builder.add_table(draft.rows, draft.pipe_header_rows)
                draft = None
            elif draft is not None:
                i = _skip_repeated_header(lines, i, draft)
                continue
            builder.caption_open = False
            i += 1
            continue
        if draft is not None:
            builder.add_table(draft.rows, draft.pipe_header_rows)
            draft = None
        builder.add_paragraph(line, Location(line=lineno))
        i += 1
    if draft is not None:
        builder.add_table(draft.rows, draft.pipe_header_rows)
    return builder.finish()


def _check_widths(lines: list[str]) -> None:
    """Refuse the first line with more fields than a table may have columns, before any line
    is split; `str.count` keeps this one fast pass over the text."""
    limit = current().max_columns
    for number, line in enumerate(lines, start=1):
        if (line.count("\t") >= limit or line.count("|") > limit) and _fields(line) > limit:
            check_columns(_fields(line), Location(line=number))


def _fields(line: str) -> int:
    """How many cells `parse_text` would split `line` into: a pipe row's, a TAB row's (an
    indented prose line's too), or 0 for a line it never splits."""
    stripped = line.strip(BLANK_CHARS)
    if stripped.startswith("|") and stripped.count("|") >= 2:  # as split_pipe_row counts
        body = stripped.strip().removeprefix("|")
        if body.endswith("|") and not body.endswith("\\|"):
            body = body[:-1]
        return body.count("|") - body.count("\\|") + 1
    return line.count("\t") + 1 if "\t" in line and not is_blank(line) else 0


def split_lines(content: str) -> list[str]:
    """Lines as editors number them (`str.splitlines` also breaks at \f, \v, \x1c-\x1e,
    \x85, \u2028 and \u2029, which would shift every later line number)."""
    lines = LINE_BREAK_RE.split(content)
    return lines[:-1] if lines[-1] == "" else lines


def _next_content(lines: list[str], i: int) -> int | None:
    while i < len(lines) and is_blank(lines[i]):
        i += 1
    return i if i < len(lines) else None


def _filled(cells: list[str]) -> int:
    return sum(1 for c in cells if c.strip(BLANK_CHARS))


def _trimmed(texts: list[str]) -> list[str]:
    """Row texts without trailing empty cells (a stray TAB at the end changes nothing)."""
    end = len(texts)
    while end and not texts[end - 1]:
        end -= 1
    return texts[:end]


def _line_texts(line: str) -> list[str]:
    return _trimmed([clean_text(r) for r in split_tab_row(line)])


def _table_resumes(lines: list[str], i: int, draft: _TableDraft) -> bool:
    """After blank lines: does the same table go on (a page break), or does a new one start?"""
    j = _next_content(lines, i)
    if j is None or "\t" not in lines[j] or draft.pipe:
        return False
    raws = split_tab_row(lines[j])
    if not raws[0].strip(BLANK_CHARS) and _filled(raws) == 1:
        return True  # "\tKABUPATEN/KOTA\t\t": a wrapped cell continuing the last row
    texts = _line_texts(lines[j])
    if not is_header_like(texts):
        return True
    first_header = _trimmed(draft.rows[0].texts) if draft.rows else []
    return texts == first_header  # a header repeated after a page break: same table


def _skip_repeated_header(lines: list[str], i: int, draft: _TableDraft) -> int:
    """Skip blank lines, and a header block identical to the table's own, if one follows.

    Only the table's first rows are cleaned, as far as they match: at every blank line of a
    long table, cleaning all its rows made reading it quadratic in its rows.
    """
    j = _next_content(lines, i)
    assert j is not None  # _table_resumes said the table goes on
    k = 0
    while k < len(draft.rows) and j + k < len(lines):
        header = _trimmed(draft.rows[k].texts)
        if not (is_header_like(header) or is_column_number_row(header)):
            break
        # A blank line (a million TABs, maybe: not split) never repeats a header row.
        if is_blank(lines[j + k]) or _line_texts(lines[j + k]) != header:
            break
        k += 1
    return j + k


def read_text(path: Path) -> Document:
    data = path.read_bytes()
    content = decode_text(path, data)
    if not content or content.isspace():
        raise InputError(f"{path}: empty file (no text)")
    return Document.from_source(path, "text", data, parse_text(content))


def decode_text(path: Path, data: bytes) -> str:
    """The text of `path`'s bytes `data`, by the rule in the module text; else `InputError`."""
    bom, codec = next(((b, c) for b, c in BOMS if data.startswith(b)), (b"", "utf-8"))
    try:
        content = data[len(bom) :].decode(codec)
    except UnicodeDecodeError as exc:
        if bom:
            raise InputError(
                f"{path}: not a text file: byte {len(bom) + exc.start} is not {codec.upper()}, "
                "the encoding its byte-order mark names"
            ) from None
        codec = "cp1252"
        try:
            content = data.decode(codec)
        except UnicodeDecodeError as other:
            raise InputError(
                f"{path}: not a text file: byte {exc.start} (0x{data[exc.start]:02X}) is not "
                f"UTF-8, and byte {other.start} (0x{data[other.start]:02X}) is not "
                "Windows-1252; save the report as UTF-8"
            ) from None
    if control := CONTROL_RE.search(content):
        offset = len(bom) + len(content[: control.start()].encode(codec))
        code = ord(control.group())
        hint = "; UTF-16 text must start with a byte-order mark" if code == 0 else ""
        raise InputError(
            f"{path}: not a text file: byte {offset} is a control character (0x{code:02X}){hint}"
        )
    return content
