"""Reader for Word .docx reports.

The file is checked as a ZIP archive first (`archive.read_zip_safely`), loaded with
python-docx, and then its body XML is walked directly, in document order: paragraphs and
tables, also inside content controls (`w:sdt`) and custom XML wrappers. Text is what Word
displays: every `w:t` in order (so a caption's "Tabel {SEQ Tabel}" field gives its number,
never its instruction), tabs and line breaks as spaces, tracked deletions left out and
insertions kept. Text boxes, headers, footers and footnotes are not read.

Tables are expanded on Word's grid the way the TAB-separated text form prints them: a
horizontally merged cell (`w:gridSpan`) has its text in its first grid column and "" in the
others, a vertically merged cell (`w:vMerge`) has its text in its top row and "" below,
`w:gridBefore`/`w:gridAfter` give leading/trailing "" cells. A row's grid width is summed
from these counts before the row is built, and refused over the column limit, as are the
table's cells over the document's cell limit: a few bytes of gridSpan can name millions of
cells (a vMerge adds none: a continued cell is one of the row's own). Everything else (captions,
header rows, column-number rows, headings without a heading style) is decided by the
shared `BlockBuilder`, so a report gives the same tables from .txt and .docx.

Locations: a cell keeps its Word table ordinal, 1-based Word row (header rows and a
caption row included) and 1-based grid column; a paragraph its 1-based ordinal among the
body's paragraphs (empty ones included, those inside tables not), as Word counts its ¶
marks.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.errors import InputError
from auditor.ingest.archive import DOCX, read_zip_safely
from auditor.ingest.blocks import BlockBuilder, RawRow, caption_match, clean_text
from auditor.limits import check_columns
from auditor.model import Document, Location

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
BODY, P, TBL, TR, TC = W + "body", W + "p", W + "tbl", W + "tr", W + "tc"
SDT, SDT_CONTENT, CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
VAL = W + "val"
# Elements whose content is not displayed text: properties (a paragraph's tab stops are
# also `w:tab`), deletions, drawings and text boxes, a content control's settings, and the
# fallback of alternate content (Word shows the mc:Choice; the fallback repeats it).
NOT_TEXT = {
    W + name
    for name in ("pPr", "rPr", "del", "moveFrom", "drawing", "pict", "object", "sdtPr", "sdtEndPr")
} | {MC + "Fallback"}
AS_SPACE = {W + "tab", W + "ptab", W + "br", W + "cr"}
HEADING_STYLE_RE = re.compile(r"^(?:(?:heading|judul)(?:\s*[1-9])?|title)$", re.IGNORECASE)
BODY_TEXT_LEVEL = 9  # w:outlineLvl 0-8 are heading levels, 9 is body text
MAX_NUMBER = 10**9  # larger counts read as this: int() of 5,000 digits would raise
ON_OFF_FALSE = {"0", "false", "off"}


def _val(parent: _Element | None, tag: str) -> str | None:
    """The w:val of `parent`'s child `tag`: None if the child is missing, "" if it has no val."""
    child = parent.find(W + tag) if parent is not None else None
    return None if child is None else child.get(VAL, "")


def _count(parent: _Element | None, tag: str, default: int = 0) -> int:
    return _number(_val(parent, tag), default)


def _number(value: str | None, default: int) -> int:
    """A count Word wrote in decimal digits (no other digits, such as "²"), else `default`."""
    if not value or not (value.isascii() and value.isdigit()):
        return default
    return int(value) if len(value) <= 9 else MAX_NUMBER


def _is_on(parent: _Element | None, tag: str) -> bool:
    value = _val(parent, tag)
    return value is not None and value.lower() not in ON_OFF_FALSE


def _content(parent: _Element, tags: set[str]) -> Iterator[_Element]:
    """`parent`'s children with one of `tags`, looking through content controls and custom XML."""
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _content(content, tags)
        elif child.tag == CUSTOM_XML:
            yield from _content(child, tags)


def _displayed(element: _Element, out: list[str]) -> None:
    for child in element:
        if child.tag == W + "t":
            out.append(child.text or "")
        elif child.tag in AS_SPACE:
            out.append(" ")
        elif child.tag == W + "noBreakHyphen":
            out.append("-")
        elif child.tag not in NOT_TEXT:
            _displayed(child, out)  # runs, hyperlinks, fields, insertions, smart tags, ...


def paragraph_text(p: _Element) -> str:
    out: list[str] = []
    _displayed(p, out)
    return "".join(out)


def cell_text(tc: _Element) -> str:
    """A cell's paragraphs (and a nested table's cells, flattened) joined by single spaces."""
    parts: list[str] = []
    for block in _content(tc, {P, TBL}):
        if block.tag == P:
            parts.append(paragraph_text(block).strip())
        else:
            for row in _content(block, {TR}):
                parts.extend(cell_text(cell) for cell in _content(row, {TC}))
    return " ".join(p for p in parts if p)


@dataclass
class _WordRow:
    number: int  # 1-based among the table's w:tr
    raws: list[str]  # one per grid column
    header: bool  # marked to repeat as a header row on each page
    deleted: bool  # a tracked row deletion
    single_cell: bool  # one cell and no grid before/after: a merged full-width row


def _word_rows(tbl: _Element, ordinal: int, builder: BlockBuilder) -> list[_WordRow]:
    rows = []
    cells_so_far = 0
    for number, tr in enumerate(_content(tbl, {TR}), start=1):
        tr_pr = tr.find(W + "trPr")
        cells = list(_content(tr, {TC}))
        before, after = _count(tr_pr, "gridBefore"), _count(tr_pr, "gridAfter")
        properties = [tc.find(W + "tcPr") for tc in cells]
        spans = [max(_count(tc_pr, "gridSpan", 1), 1) for tc_pr in properties]
        # The row's width, before it is built: refused here if hostile.
        width = before + sum(spans) + after
        check_columns(width, Location(table=ordinal, row=number))
        cells_so_far += width
        builder.check_pending(cells_so_far)
        raws = [""] * before
        for tc, tc_pr, span in zip(cells, properties, spans, strict=True):
            v_merge = _val(tc_pr, "vMerge")
            # A vMerge without "restart" continues the cell above, which holds the text.
            raws.append(cell_text(tc) if v_merge in (None, "restart") else "")
            raws.extend([""] * (span - 1))
        raws.extend([""] * after)
        rows.append(
            _WordRow(
                number=number,
                raws=raws,
                header=_is_on(tr_pr, "tblHeader"),
                deleted=tr_pr is not None and tr_pr.find(W + "del") is not None,
                single_cell=len(cells) == 1 and not before and not after,
            )
        )
    return rows


def _add_table(builder: BlockBuilder, tbl: _Element, ordinal: int) -> None:
    rows = [r for r in _word_rows(tbl, ordinal, builder) if not r.deleted]
    grid = tbl.find(W + "tblGrid")
    width = max([len(grid) if grid is not None else 0] + [len(r.raws) for r in rows])
    first = rows[0] if rows else None
    if (
        first
        and first.single_cell
        and len(first.raws) == width
        and caption_match(clean_text(first.raws[0]))
    ):
        # A caption typed into a merged first row: a caption, not a table row.
        builder.add_paragraph(first.raws[0], Location(table=ordinal, row=first.number))
        rows = rows[1:]
    # All-empty rows (spacers) carry nothing; the text form of the table has no such lines.
    rows = [r for r in rows if any(clean_text(raw) for raw in r.raws)]
    header_rows = 0
    while header_rows < len(rows) and rows[header_rows].header:
        header_rows += 1
    builder.add_table(
        [RawRow(r.raws, Location(table=ordinal, row=r.number)) for r in rows], header_rows
    )


class _Styles:
    """Which paragraph styles are headings: by name (Heading n, Judul n, Title) or outline level."""

    def __init__(self, styles: _Element) -> None:
        self.names: dict[str, str] = {}
        self.based_on: dict[str, str] = {}
        self.levels: dict[str, int] = {}
        for style in styles.iterchildren(W + "style"):
            if style.get(W + "type") != "paragraph" or not (sid := style.get(W + "styleId")):
                continue
            self.names[sid] = _val(style, "name") or ""
            if based := _val(style, "basedOn"):
                self.based_on[sid] = based
            if (level := _outline_level(style.find(W + "pPr"))) is not None:
                self.levels[sid] = level

    def level(self, sid: str) -> int | None:
        """The outline level a style sets or inherits (basedOn chain, cycles tolerated)."""
        seen = set()
        while sid and sid not in seen:
            if sid in self.levels:
                return self.levels[sid]
            seen.add(sid)
            sid = self.based_on.get(sid, "")
        return None

    def is_heading(self, p: _Element) -> bool:
        p_pr = p.find(W + "pPr")
        level = _outline_level(p_pr)  # set on the paragraph itself: it decides
        if level is None:
            sid = _val(p_pr, "pStyle") or ""
            if HEADING_STYLE_RE.match(self.names.get(sid, "").strip()):
                return True
            level = self.level(sid)
        return level is not None and level < BODY_TEXT_LEVEL


def _outline_level(p_pr: _Element | None) -> int | None:
    level = _number(_val(p_pr, "outlineLvl"), -1)
    return None if level < 0 else level


def read_docx(path: Path) -> Document:
    data = read_zip_safely(path, DOCX)
    import docx  # python-docx: only loaded when a .docx is read

    try:
        word = docx.Document(io.BytesIO(data))
        body = word.element.find(BODY)
        styles = _Styles(word.styles.element)
    except Exception as exc:  # zipfile, zlib, lxml and python-docx each raise their own kinds
        raise InputError(
            f"{path}: Word .docx file is damaged: {' '.join(str(exc).split())}"
        ) from None
    if body is None:
        raise InputError(f"{path}: Word .docx file is damaged: no document body")
    builder = BlockBuilder()
    paragraphs = tables = 0
    for block in _content(body, {P, TBL}):
        if block.tag == P:
            paragraphs += 1
            text = paragraph_text(block)
            if not clean_text(text):
                builder.caption_open = False  # as a blank line ends a caption in the text form
                continue
            heading = True if styles.is_heading(block) else None
            builder.add_paragraph(text, Location(paragraph=paragraphs), heading=heading)
        else:
            tables += 1
            _add_table(builder, block, tables)
    return Document.from_source(path, "docx", data, builder.finish())
