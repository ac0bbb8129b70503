"""From a reader's paragraphs and raw table rows to document blocks: shared by all readers.

Readers only know their format (lines and TABs, Word paragraphs and tables, PDF pages);
what a caption, a heading, a header row or a "(1) (2) (3)" column-number row looks like is
decided here once, so the same report gives the same tables from .txt, .docx and .pdf.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from auditor.limits import check_cells, check_columns, check_rows, check_tables
from auditor.model import Caption, Cell, Location, Paragraph, Table

CAPTION_RE = re.compile(
    r"^(?:tabel|table)\s+"
    r"(?P<number>[0-9]+(?:[.\-][0-9]+)*|[IVXLC]+(?:[.\-][0-9A-Za-z]+)*)\b\.?"
    r"\s*[:.\-\u2013]?\s*(?P<title>.*)$",
    re.IGNORECASE,
)
CODE_RE = re.compile(r"^(?:[A-Z]\.|[0-9]+\.?(?:[0-9]+\.?)*)$")
COLUMN_NUMBER_RE = re.compile(r"^\(?([0-9]{1,2})\)?(?:\s*=.*)?$")
COLUMN_LETTER_RE = re.compile(r"^\(?([a-zA-Z])\)?$")
YEAR_RE = re.compile(r"^(?:19|20)[0-9]{2}$")
HEADER_FIRST_WORDS = {"no", "no.", "n o", "nomor", "kode"}
# Words that title the columns of LKjIP tables, in any case (DIALECTS §2): a row of short
# texts most of which hold one is a header row even when it is not in capitals.
HEADER_WORD_RE = re.compile(
    r"(?<![\w])(?:no|nomor|kode|uraian|sasaran|tujuan|indikator|program|kegiatan|satuan|sat"
    r"|target|tgt|rencana|realisasi|real|capaian|persentase|hasil|anggaran|pagu|alokasi|dpp?a"
    r"|serapan|penyerapan|sisa|selisih|keterangan|ket|polaritas|kategori|predikat|kriteria"
    r"|efisiensi|formula|rumus|sumber|tahun|triwulan|tw|skala|rentang|interval|jumlah)"
    r"(?![\w])|%",
    re.IGNORECASE,
)
HEADER_CELL_MAX = 60  # characters: a column title is short
NOTE_THEN_CAPTION_RE = re.compile(
    r"^(?P<note>\([^()]{3,60}\))\s+(?P<caption>(?:tabel|table)\s+\S.*)$", re.IGNORECASE
)
EMPHASIS_RE = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
CONTEXT_PARAGRAPHS = 6  # paragraphs before a captionless table that may say what it is
NOTE_MAX = 80  # characters: a note between caption and table ("(dalam ribuan rupiah)") is short


def clean_text(raw: str) -> str:
    """Cell/paragraph text for reading: no markdown emphasis, single spaces."""
    text = raw.replace("\u00a0", " ").replace("\u202f", " ")
    text = EMPHASIS_RE.sub(r"\2", text)
    text = text.replace("**", "")
    if text.lstrip().startswith("#"):
        text = text.lstrip().lstrip("#")
    return " ".join(text.split())


def is_column_number_row(texts: list[str]) -> bool:
    """ "(1) (2) (3)", "1 2 3" or "a b c": the column-numbering row that ends a header."""
    values = [t for t in texts if t]
    if len(values) < 2:
        return False
    letters = [m.group(1).lower() for v in values if (m := COLUMN_LETTER_RE.match(v))]
    if len(letters) == len(values):
        return "".join(letters) == "abcdefghijklmnopqrstuvwxyz"[: len(letters)]
    if not all(COLUMN_NUMBER_RE.match(v) for v in values):
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
    if len(values) >= 2 and all(YEAR_RE.match(v) for v in values):
        return True  # "2020 2021 2022 2023": years under a group cell ("REALISASI")
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
    if len(upper) >= (len(words) + 1) // 2:
        return True
    # Title Case or lower case: known column titles, each short.
    titled = [v for v in words if len(v) <= HEADER_CELL_MAX and HEADER_WORD_RE.search(v)]
    return len(words) >= 2 and len(titled) >= (len(words) + 1) // 2


def is_rule_row(texts: list[str]) -> bool:
    values = [t for t in texts if t]
    return bool(values) and all(set(v) <= set("-=_:| ") for v in values)


@dataclass
class RawRow:
    """One table row as the source has it: raw cell texts and where the row is."""

    raws: list[str]
    location: Location  # line (text), page (PDF), table/row (DOCX); the rest is filled in later

    @property
    def texts(self) -> list[str]:
        return [clean_text(r) for r in self.raws]


def header_split(rows: list[RawRow], known_header_rows: int = 0) -> tuple[int, int | None]:
    """Return (number of header rows, index of the column-number row or None).

    A column-number row near the top is the surest end of a header; without one, the
    header is what the source marks as one (a Markdown separator, Word's repeated header
    rows), else the leading run of rows that read like column titles.
    """
    for i, row in enumerate(rows[:6]):
        if is_column_number_row(row.texts) and (i > 0 or known_header_rows):
            return i + 1, i
    if known_header_rows:
        return known_header_rows, None
    count = 0
    for row in rows:
        if not is_header_like(row.texts):
            break
        count += 1
    if count == 0 and _titles_over_numbers(rows):
        count = 1
    return count, None


def _titles_over_numbers(rows: list[RawRow]) -> bool:
    """A first row of words over rows of numbers is a header in any case or wording
    ("Golongan | Laki-laki | Perempuan" over "IV | 12 | 9")."""
    if len(rows) < 2:
        return False
    first = rows[0].texts
    titled = [c for c, t in enumerate(first) if t]
    if len(titled) < 2 or any(_has_data_number(first[c]) for c in titled):
        return False
    below = rows[1:]
    numeric_columns = [
        c
        for c in titled
        if sum(c < len(r.texts) and _has_data_number(r.texts[c]) for r in below)
        >= (len(below) + 1) // 2
    ]
    return bool(numeric_columns)


def _has_data_number(text: str) -> bool:
    """A number that is not a year: "12", "86,11%", "Rp 1.000"."""
    return any(not YEAR_RE.match(t.rstrip(".,")) for t in re.findall(r"[0-9][0-9.,]*", text))


class BlockBuilder:
    """Turns a reader's paragraphs and raw tables into document blocks, in order.

    Shared by every reader so that captions, headings, header rows, column-number rows and
    the context of captionless tables are recognised the same way whatever the format.
    """

    def __init__(self) -> None:
        self.blocks: list[Paragraph | Table] = []
        self.pending_caption: Caption | None = None
        self.caption_open = False  # caption seen, its title may continue on next lines
        self.recent_text: list[str] = []  # paragraphs since the last table, for context
        self.notes: list[str] = []  # short paragraphs since the caption (or the last table)
        self.paragraphs_seen = 0
        self.cells = 0  # in the tables added so far
        self.captions: list[_CaptionSeen] = []  # where each caption was: see `finish`

    def check_pending(self, cells: int) -> None:
        """Refuse a table a reader is still collecting once the document's tables so far and
        its `cells` (raw, before any expansion) are more than the limit allows."""
        check_cells(self.cells + cells)

    def add_paragraph(self, raw: str, location: Location, heading: bool | None = None) -> None:
        """A line or paragraph of prose; `heading` when the source says (a Word style)."""
        text = clean_text(raw)
        if not text:
            return
        if (split := NOTE_THEN_CAPTION_RE.match(text)) and caption_match(split.group("caption")):
            # "(dalam ribuan rupiah) Tabel 3.6 …": a PDF line holding a table's caption and
            # its right-aligned unit note, read note first: the note is the table's
            self.add_paragraph(split.group("caption"), location, heading)
            self.add_paragraph(split.group("note"), location, heading)
            return
        if match := caption_match(text):
            self.pending_caption = Caption(
                text=text,
                number=match.group("number"),
                title=match.group("title").strip(),
                location=location,
            )
            self.caption_open = not self.pending_caption.title
            self.notes = []
            last = self.blocks[-1] if self.blocks else None
            self.captions.append(
                _CaptionSeen(self.pending_caption, last if isinstance(last, Table) else None)
            )
            return
        if self.caption_open and self.pending_caption is not None:
            # "Tabel 3" alone, its title on the following lines
            cap = self.pending_caption
            title = (cap.title + " " + text).strip()
            self.pending_caption = Caption(cap.text + " " + text, cap.number, title, cap.location)
            self.captions[-1].caption = self.pending_caption
            return
        if heading is None:
            heading = _is_heading(raw, text)
        self.paragraphs_seen += 1
        if location.paragraph is None:  # readers that know the source's own ordinal keep it
            location = replace(location, paragraph=self.paragraphs_seen)
        self.blocks.append(
            Paragraph(text=text, location=location, kind="heading" if heading else "paragraph")
        )
        self.recent_text.append(text)
        self.notes = [*self.notes, text] if len(text) <= NOTE_MAX else []

    def add_table(self, rows: list[RawRow], known_header_rows: int = 0) -> None:
        """A table as rows of raw cell texts; `known_header_rows` when the source marks them."""
        rows = [r for r in rows if not is_rule_row(r.texts)]
        if not rows:
            return
        index = len([b for b in self.blocks if isinstance(b, Table)]) + 1
        location = replace(rows[0].location, table=rows[0].location.table or index, row=None)
        check_tables(index)  # before the cells are built: stop early
        check_rows(len(rows), location)
        check_columns(max(len(r.raws) for r in rows), location)
        cells_in_table = sum(len(r.raws) for r in rows)
        check_cells(self.cells + cells_in_table)
        self.cells += cells_in_table
        n_header, number_row = header_split(rows, known_header_rows)
        cells: list[list[Cell]] = []
        for r, row in enumerate(rows, start=1):
            # A reader that knows the source's own table and row numbers (DOCX) keeps them.
            where = replace(
                row.location, table=row.location.table or index, row=row.location.row or r
            )
            cells.append(
                [
                    Cell(raw=raw, text=clean_text(raw), location=replace(where, column=c))
                    for c, raw in enumerate(row.raws, start=1)
                ]
            )
        header = [c for i, c in enumerate(cells[:n_header]) if i != number_row]
        caption = self.pending_caption
        own_context = " ".join(self.recent_text[-CONTEXT_PARAGRAPHS:])
        self.blocks.append(
            Table(
                index=index,
                header_rows=header,
                body_rows=cells[n_header:],
                column_numbers=cells[number_row] if number_row is not None else None,
                location=location,
                caption=caption,
                context=caption.text if caption else own_context,
                notes=tuple(self.notes),
            )
        )
        if caption is not None:
            self.captions[-1].after = self.blocks[-1]  # type: ignore[assignment]
            self.captions[-1].own_context = own_context
        self.pending_caption = None
        self.caption_open = False
        self.recent_text = []
        self.notes = []

    def finish(self) -> list[Paragraph | Table]:
        """The document's blocks once the reader has added all, each caption given to its
        table: the one below it or the one above it.

        A caption comes before the table it was given to as it was read. One right after a
        table (no paragraph between) and followed by prose, not a table, is that table's
        caption below it; one after prose and followed by a table is above its table. When
        a report shows more of the first than of the second, every caption right after a
        table is that table's ("table, caption, note, table" says nothing by itself).
        """
        below = sum(c.before is not None and c.after is None for c in self.captions)
        above = sum(c.before is None and c.after is not None for c in self.captions)
        for seen in self.captions:
            table = seen.before
            if table is None or table.caption is not None or (below <= above and seen.after):
                continue
            if seen.after is not None and seen.after.caption is seen.caption:
                seen.after.caption = None
                seen.after.context = seen.own_context
            table.caption = seen.caption
            table.context = seen.caption.text
        return self.blocks


@dataclass
class _CaptionSeen:
    """A caption as read: the table right before it, if any, and the one it was given to."""

    caption: Caption
    before: Table | None
    after: Table | None = None
    own_context: str = ""  # what `after`'s context is without the caption


def caption_match(text: str) -> re.Match[str] | None:
    """The `CAPTION_RE` match of a cleaned text that is a table caption, else None."""
    match = CAPTION_RE.match(text)
    return match if match and _is_caption_title(match.group("title")) else None


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
