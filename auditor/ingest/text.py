"""Reader for plain-text and Markdown reports.

Tables come in two shapes:

* TAB-separated lines (what a copy from Word or a PDF-to-text tool gives), usually after a
  "Tabel n ..." caption line. A table may be interrupted by blank or whitespace-only lines
  (page breaks), a wrapped cell continues on a line that starts with a TAB, a header may
  repeat after a page break.
* Markdown pipe tables (``| a | b |`` with a ``|---|`` separator under the header).

Every other non-blank line becomes a heading or a paragraph block, one per source line, so
that a claim in the prose can be located by its own line number.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from auditor.errors import InputError
from auditor.model import Caption, Cell, Document, Location, Paragraph, Table

CAPTION_RE = re.compile(
    r"^(?:tabel|table)\s+"
    r"(?P<number>[0-9]+(?:[.\-][0-9]+)*|[IVXLC]+(?:[.\-][0-9A-Za-z]+)*)\b\.?"
    r"\s*[:.\-\u2013]?\s*(?P<title>.*)$",
    re.IGNORECASE,
)
CODE_RE = re.compile(r"^(?:[A-Z]\.|[0-9]+\.?(?:[0-9]+\.?)*)$")
COLUMN_NUMBER_RE = re.compile(r"^\(?([0-9]{1,2})\)?(?:\s*=.*)?$")
YEAR_RE = re.compile(r"^(?:19|20)[0-9]{2}$")
HEADER_FIRST_WORDS = {"no", "no.", "n o", "nomor", "kode"}
EMPHASIS_RE = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
CONTEXT_LINES = 6  # lines before a captionless table that may say what it is
BLANK_CHARS = " \t\u00a0\u202f\u200b\ufeff"
MARKDOWN_RULE_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def clean_text(raw: str) -> str:
    """Cell/paragraph text for reading: no markdown emphasis, single spaces."""
    text = raw.replace("\u00a0", " ").replace("\u202f", " ")
    text = EMPHASIS_RE.sub(r"\2", text)
    text = text.replace("**", "")
    if text.lstrip().startswith("#"):
        text = text.lstrip().lstrip("#")
    return " ".join(text.split())


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


def is_column_number_row(texts: list[str]) -> bool:
    """ "(1) (2) (3)" or "1 2 3": the column-numbering row that ends a header."""
    values = [t for t in texts if t]
    if len(values) < 2 or not all(COLUMN_NUMBER_RE.match(v) for v in values):
        return False
    numbers = [int(COLUMN_NUMBER_RE.match(v).group(1)) for v in values]  # type: ignore[union-attr]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] <= 1


def is_header_like(texts: list[str]) -> bool:
    """A row of column titles: words, maybe years, but no data values or row codes."""
    values = [t for t in texts if t]
    if not values:
        return False
    if values[0].lower() in HEADER_FIRST_WORDS:
        return True
    if CODE_RE.match(texts[0]) if texts[0] else False:
        return False
    words = []
    for value in values:
        for token in re.findall(r"[0-9][0-9.,]*", value):
            if not YEAR_RE.match(token.rstrip(".,")):
                return False
        if not YEAR_RE.match(value):
            words.append(value)
    upper = [v for v in words if sum(c.isalpha() for c in v) >= 2 and v == v.upper()]
    return len(upper) >= (len(words) + 1) // 2


def is_rule_row(texts: list[str]) -> bool:
    values = [t for t in texts if t]
    return bool(values) and all(set(v) <= set("-=_:| ") for v in values)


@dataclass
class _Row:
    line: int
    raws: list[str]

    @property
    def texts(self) -> list[str]:
        return [clean_text(r) for r in self.raws]


@dataclass
class _TableDraft:
    rows: list[_Row] = field(default_factory=list)
    pipe: bool = False
    pipe_header_rows: int = 0  # rows above the |---| separator in a pipe table

    def add_continuation(self, row: _Row) -> bool:
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


def _header_split(rows: list[_Row], pipe_header_rows: int) -> tuple[int, int | None]:
    """Return (number of header rows, index of the column-number row or None).

    A column-number row near the top is the surest end of a header; without one, the
    header is the leading run of rows that read like column titles.
    """
    for i, row in enumerate(rows[:6]):
        if is_column_number_row(row.texts) and (i > 0 or pipe_header_rows):
            return i + 1, i
    if pipe_header_rows:
        return pipe_header_rows, None
    count = 0
    for row in rows:
        if not is_header_like(row.texts):
            break
        count += 1
    return count, None


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[Paragraph | Table] = []
        self.pending_caption: Caption | None = None
        self.caption_open = False  # caption seen, its title may continue on next lines
        self.recent_text: list[str] = []  # paragraphs since the last table, for context

    def add_paragraph(self, lineno: int, raw: str) -> None:
        text = clean_text(raw)
        if not text:
            return
        match = CAPTION_RE.match(text)
        if match and _is_caption_title(match.group("title")):
            self.pending_caption = Caption(
                text=text,
                number=match.group("number"),
                title=match.group("title").strip(),
                location=Location(line=lineno),
            )
            self.caption_open = not self.pending_caption.title
            return
        if self.caption_open and self.pending_caption is not None:
            # "Tabel 3" alone, its title on the following lines
            cap = self.pending_caption
            title = (cap.title + " " + text).strip()
            self.pending_caption = Caption(cap.text + " " + text, cap.number, title, cap.location)
            return
        kind = "heading" if _is_heading(raw, text) else "paragraph"
        self.blocks.append(Paragraph(text=text, location=Location(line=lineno), kind=kind))
        self.recent_text.append(text)

    def add_table(self, draft: _TableDraft) -> None:
        rows = [r for r in draft.rows if not is_rule_row(r.texts)]
        if not rows:
            return
        index = len([b for b in self.blocks if isinstance(b, Table)]) + 1
        n_header, number_row = _header_split(rows, draft.pipe_header_rows)
        cells: list[list[Cell]] = []
        for r, row in enumerate(rows, start=1):
            cells.append(
                [
                    Cell(
                        raw=raw,
                        text=clean_text(raw),
                        location=Location(line=row.line, table=index, row=r, column=c),
                    )
                    for c, raw in enumerate(row.raws, start=1)
                ]
            )
        header = [c for i, c in enumerate(cells[:n_header]) if i != number_row]
        caption = self.pending_caption
        context = caption.text if caption else " ".join(self.recent_text[-CONTEXT_LINES:])
        self.blocks.append(
            Table(
                index=index,
                header_rows=header,
                body_rows=cells[n_header:],
                column_numbers=cells[number_row] if number_row is not None else None,
                location=Location(line=rows[0].line, table=index),
                caption=caption,
                context=context,
            )
        )
        self.pending_caption = None
        self.caption_open = False
        self.recent_text = []


def _is_caption_title(title: str) -> bool:
    """A caption's title reads like a title; "Tabel 1 di atas menunjukkan ..." is prose."""
    title = title.strip()
    return not title or ((title[0].isupper() or title[0].isdigit()) and not title.endswith(":"))


def _is_heading(raw: str, text: str) -> bool:
    if raw.lstrip().startswith("#"):
        return True
    if re.match(r"^BAB\s+[IVXLC0-9]+\b", text):
        return True
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and len(text) <= 90 and text == text.upper() and text[-1] not in ",:;"


def parse_text(content: str) -> list[Paragraph | Table]:
    """Split text into heading, paragraph and table blocks."""
    lines = content.splitlines()
    builder = _Builder()
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
                    builder.add_table(draft)
                draft = _TableDraft(pipe=True)
            if MARKDOWN_RULE_RE.match(stripped):
                draft.pipe_header_rows = draft.pipe_header_rows or len(draft.rows)
            else:
                draft.rows.append(_Row(lineno, split_pipe_row(stripped)))
            i += 1
            continue
        if is_tab:
            row = _Row(lineno, split_tab_row(line))
            if draft is not None and draft.pipe:
                builder.add_table(draft)
                draft = None
            if draft is None:
                draft = _TableDraft()
            if not draft.add_continuation(row):
                draft.rows.append(row)
            i += 1
            continue
        if is_blank(line):
            if draft is not None and not _table_resumes(lines, i, draft):
                builder.add_table(draft)
                draft = None
            elif draft is not None:
                i = _skip_repeated_header(lines, i, draft)
                continue
            builder.caption_open = False
            i += 1
            continue
        if draft is not None:
            builder.add_table(draft)
            draft = None
        builder.add_paragraph(lineno, line)
        i += 1
    if draft is not None:
        builder.add_table(draft)
    return builder.blocks


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
    """Skip blank lines, and a header block identical to the table's own, if one follows."""
    j = _next_content(lines, i)
    assert j is not None  # _table_resumes said the table goes on
    header_texts = [_trimmed(r.texts) for r in draft.rows]
    k = 0
    while (
        k < len(header_texts)
        and j + k < len(lines)
        and _line_texts(lines[j + k]) == header_texts[k]
        and (is_header_like(header_texts[k]) or is_column_number_row(header_texts[k]))
    ):
        k += 1
    return j + k


def read_text(path: Path) -> Document:
    data = path.read_bytes()
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text (byte {exc.start}); save the report as UTF-8"
        ) from None
    if "\x00" in content:
        raise InputError(f"{path}: binary data in a text file")
    return Document(
        path=str(path),
        format="text",
        sha256=hashlib.sha256(data).hexdigest(),
        blocks=parse_text(content),
    )
