"""Reader for text-based PDF reports (pdfplumber). Scanned pages would need OCR: they are
listed as pages without text (`Document.pages_without_text`) so the audit says what it did
not read; a PDF of scans only gives a document with no blocks, which nothing can check.

How pages become blocks (thresholds are in em, the font size, so no font is assumed):

1. Ruled tables: pdfplumber's "lines" strategy builds cells from ruling lines and rectangle
   edges. A grid of one column (a box around text, a page border) is not a table. Merged
   cells keep their text in the top-left position; the positions they cover are "".
2. Every other word goes into a line (words that overlap vertically), and each line into
   segments: runs of words less than 0.9 em apart. Justified prose stretches its spaces to
   about 0.7 em; the cells of a table are at least two cell paddings (about 1 em) apart.
3. Running headers and footers go: a line in the top or bottom tenth of the page whose text
   (digits aside) recurs at the same height on two or more pages and at least 40% of them,
   and an outermost line there that is a page number ("7", "- 7 -", "Halaman 7",
   "7 dari 20", "Page 7 of 20", "iv").
4. Tables without ruling lines. pdfplumber's "text" strategy turns justified prose into
   one-column tables and splits every wrapped cell into rows of its own, so we find them
   ourselves: a run of lines that starts with a line of two or more segments and goes on
   while lines are close (gap under 1.5 em), of the run's font size, are not a caption
   ("Tabel 3.2 ...", printed below a table) and do not bridge its columns (a line of three
   or more segments that is not a header may: a left-aligned label under a centred title).
   Columns are the x-ranges the segments cover, merged where they overlap, leaving out
   segments that overlap two segments of one other line (a group header such as
   "TAHUN 2023" over TARGET / REALISASI / CAPAIAN). A text goes to the first column it
   covers; in a header line over another header line, a text centred over the columns
   beside it that the next line fills (and no other such text is nearer to) goes to the
   first of them, where a merged cell keeps it: "Tahun 2024" and "Tahun 2025" side by side
   each over three. It is a table with at least two multi-segment lines and three columns
   (two columns are a numbered list). A line whose texts all continue filled cells of the
   row above is a wrapped line of that row if its first column is empty, or if it is
   closer to the line above than rows are to each other (the cell padding is missing).
5. Prose: lines become one paragraph until a line would have had room for the next line's
   first word (the paragraph ended there), the font size changes, the gap to the next
   line is larger than the usual line spacing or a table lies between them (a note above
   a table and a caption below it). A larger font marks a heading.

A table whose part on the next page comes first there (after headers and footers) and has
compatible columns is stitched on: header rows (and the "(1) (2) (3)" row) that the part
repeats are dropped, and a first row with an empty first cell that only continues text
cells of the last row is that row, split by the page break. A paragraph split by a page
break is joined the same way as within a page. Lines join with a space, except after a
hyphen in a word ("perundang-" + "undangan": LibreOffice and Word break lines at real
hyphens and do not hyphenate by default) or inside a number ("1.000.000." + "000").

Only single-column layouts are read in order; rotated text is not supported. An encrypted
PDF that opens with the empty user password (permissions only) is read like any other.

A hostile PDF is refused with one line before it costs unbounded memory or time:

* Streams are decoded within a budget: all of a document's streams together may decode to
  twice the file-size limit (200 MB by default; the sample's 25 pages decode to 0.5 MB, a
  text PDF at the page limit to some tens of MB). pdfminer inflates a stream whole, so a
  few MB of Flate data inflating to gigabytes (a deflate bomb) would otherwise be held at
  once; its LZW, RunLength and predictor decoders are bounded the same way
  (`_install_bounded_decoders`), and a CCITT fax stream, which no text is, is refused.
* A page whose ruling lines cross at more than `MAX_CROSSINGS` points, or that has more
  than `MAX_RULING_PAIRS` pairs of them, is refused before pdfplumber looks for tables in
  it (its table finder is quadratic in both); each table's columns and cells are checked
  against the limits before its rows are built.
"""

from __future__ import annotations

import io
import logging
import re
import zlib
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from operator import itemgetter
from pathlib import Path
from statistics import median
from types import SimpleNamespace
from typing import Any

import pdfplumber
from pdfminer import pdftypes
from pdfminer.layout import LTChar, LTItem
from pdfminer.lzw import CorruptDataError, LZWDecoder
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.table import TableSettings, merge_edges
from pdfplumber.utils import filter_edges
from pdfplumber.utils.exceptions import PdfminerException

from auditor.errors import InputError
from auditor.ingest.blocks import (
    BlockBuilder,
    RawRow,
    caption_match,
    clean_text,
    is_column_number_row,
    is_header_like,
)
from auditor.limits import MB, check_cells, check_columns, check_pages, current, option
from auditor.model import Block, Document, Location
from auditor.numbers import format_number

# Ruling lines are snapped together within 1.5 pt, not pdfplumber's 3: the two sides of a
# thin border are closer, and snapping is page-wide, so a column edge 3 pt from another
# table's would be moved off its own table (and the words of its last column with it).
RULED_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 1.5,
}
SEGMENT_GAP_EM = 0.9
ROW_GAP_EM = 1.5
# A line of this many segments that is not a header is a table's row even where it bridges
# columns found so far (a left-aligned label under a centred title: "TOTAL", "Program ...").
TABLE_LINE_SEGMENTS = 3
WRAP_GAP_EM = 0.25  # between the lines of one cell: leading only, no cell padding
COLUMN_GAP_EM = 0.4  # texts of two cells side by side are two paddings (~1 em) apart
PARAGRAPH_GAP_EM = 0.2  # beyond the usual line spacing
HEADING_SIZE = 1.2  # times the body font size
MARGIN_BAND = 0.1  # of the page height, at the top and at the bottom
SCAN_IMAGE_SHARE = 0.25  # of the page area: an image this large on a page without text
RUNNING_SHARE = 0.4  # of the pages a running header or footer must be on
PAGE_NUMBER_RE = re.compile(
    r"^(?:(?:halaman|hal\.?|page)\s*)?[-\u2013]?\s*(?:[0-9]+|[ivxlc]+)\s*[-\u2013]?"
    r"(?:\s*(?:dari|of|/)\s*[0-9]+)?$",
    re.IGNORECASE,
)
# A line broken after a hyphen inside a word, or inside a number: no space was there.
HYPHEN_BREAK_RE = re.compile(r"\w-$")
NUMBER_BREAK_RE = re.compile(r"[0-9][.,]?$")

Word = dict[str, Any]  # pdfplumber's word: text, x0, x1, top, bottom, size

# pdfminer logs what it repairs or cannot decode (missing CropBox, a stray token); without
# a handler of its own, Python would print that on stderr, around our one-line errors.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

INFLATE_LIMIT_FACTOR = 2  # a document's streams may decode to twice the file-size limit
INFLATE_CHUNK = 8 * MB
# Points where a page's ruling lines cross. pdfplumber's table finder is quadratic in them
# (16,000 take it 10 s); a page of a report's densest table has a few thousand.
MAX_CROSSINGS = 10_000
# Pairs of vertical and horizontal ruling lines: pdfplumber tries each (1M in ~0.5 s).
MAX_RULING_PAIRS = 1_000_000


class _Hostile(Exception):
    """A PDF refused as damaged or hostile (one line, the file's name to be added)."""


class _Inflation:
    """What the streams of one document may still decode to, in bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit
        self.exceeded = False  # kept, in case pdfminer swallows the exception somewhere

    def take(self, size: int) -> None:
        if size > self.left:
            self.exceeded = True
            raise _Hostile(self.message())
        self.left -= size

    def message(self) -> str:
        return (
            f"damaged or hostile PDF: its streams inflate to more than {self.limit // MB} MB "
            f"(the limit is twice {option('max_file_mb')})"
        )


_INFLATION: ContextVar[_Inflation | None] = ContextVar("_INFLATION", default=None)


def _inflation() -> _Inflation:
    """The budget of the document being read; outside `read_pdf`, one for this stream."""
    return _INFLATION.get() or _Inflation(INFLATE_LIMIT_FACTOR * current().max_file_bytes)


def _inflate(data: bytes) -> bytes:
    """`zlib.decompress(data)`, as pdfminer calls it, stopped at the budget."""
    inflater = zlib.decompressobj()
    out = _inflate_part(inflater, data)
    if not inflater.eof:  # as zlib.decompress fails: pdfminer then tries the lenient way
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return out


def _inflate_part(inflater: Any, data: bytes) -> bytes:
    """What `inflater` (a `zlib.decompressobj`) makes of `data`, taken from the budget a few
    MB at a time: a bomb stops at the budget, never holding much more."""
    budget = _inflation()
    parts = []
    while True:
        most = min(INFLATE_CHUNK, budget.left + 1)
        parts.append(inflater.decompress(data, most))
        budget.take(len(parts[-1]))
        if inflater.eof or len(parts[-1]) < most:  # all of `data` in, all its output out
            return b"".join(parts)
        data = inflater.unconsumed_tail


def _inflate_corrupted(data: bytes) -> bytes:
    """pdfminer's `decompress_corrupted` (a stream whose checksum is wrong or missing: what
    inflates before an error in its last 3 bytes), stopped at the budget. pdfminer's own
    feeds it a byte at a time and appends to a bytes object: quadratic in the output."""
    budget = _inflation()
    inflater = zlib.decompressobj()
    parts = [_inflate_part(inflater, data[:-3])]  # an error here is raised, as there
    for byte in data[-3:]:  # all of a stream of 3 bytes or fewer
        try:
            parts.append(inflater.decompress(bytes([byte]), budget.left + 1))
        except zlib.error:
            break
        budget.take(len(parts[-1]))
    return b"".join(parts)


def _lzwdecode(data: bytes) -> bytes:
    """pdfminer's `lzwdecode`, stopped at the budget. Its own loop also logs each code with
    a copy of the code table, which a stream that never clears the table makes quadratic."""
    budget = _inflation()
    decoder = LZWDecoder(io.BytesIO(data))
    parts = []
    while True:
        try:
            code = decoder.readbits(decoder.nbits)
        except EOFError:
            break
        try:
            part = decoder.feed(code)
        except CorruptDataError:  # as pdfminer does: stop there
            break
        budget.take(2 * len(part))  # and about as much again in the code table
        parts.append(part)
    return b"".join(parts)


def _rldecode(data: bytes) -> bytes:
    """pdfminer's `rldecode` (PDF 1.4 §3.3.4), stopped at the inflation limit; its own
    builds a list of ints, 8 bytes a decoded byte."""
    budget = _inflation()
    out = bytearray()
    i = 0
    while i < len(data) and data[i] != 128:  # 128: end of data
        length = data[i]
        if length < 128:  # the next length + 1 bytes as they are
            run, i = data[i + 1 : i + 2 + length], i + 2 + length
            complete = len(run) == length + 1
        else:  # the next byte 257 - length times
            run, i = data[i + 1 : i + 2] * (257 - length), i + 2
            complete = bool(run)
        if not complete:
            raise ValueError("RunLength data ends inside a run")
        budget.take(len(run))
        out += run
    return bytes(out)


def _refuse_fax(data: bytes, params: dict[str, object]) -> bytes:
    """No stream read for text is a CCITT fax image, and its decoder allocates a row of the
    width the file names: a fax stream here is refused."""
    raise _Hostile("damaged or hostile PDF: a CCITT fax image where text was expected")


def _png_predictor(original: Callable[..., bytes]) -> Callable[..., bytes]:
    def bounded(pred: int, colors: int, columns: int, bits: int, data: bytes) -> bytes:
        _inflation().take(9 * max(columns, 0))  # its first row: a list of `columns` ints
        return original(pred, colors, columns, bits, data)

    return bounded


def _tiff_predictor(original: Callable[..., bytes]) -> Callable[..., bytes]:
    def bounded(colors: int, columns: int, bits: int, data: bytes) -> bytes:
        _inflation().take(8 * len(data))  # it builds the output as a list of ints
        return original(colors, columns, bits, data)

    return bounded


# What `_install_bounded_decoders` replaced in pdfminer.pdftypes (the tests compare them).
PDFMINER_DECODERS: dict[str, Any] = {}


def _install_bounded_decoders() -> None:
    """Make `pdfminer.pdftypes.PDFStream.decode` call the bounded decoders above: it looks
    each up in its module when it decodes a stream, so they are replaced there only."""
    if isinstance(pdftypes.zlib, SimpleNamespace):
        return  # installed already (this module was loaded again)
    replacements: dict[str, Any] = {
        # Only `decompress` is bounded; pdfminer's decompress_corrupted, replaced below,
        # was the one user of decompressobj.
        "zlib": SimpleNamespace(
            decompress=_inflate, decompressobj=zlib.decompressobj, error=zlib.error
        ),
        "decompress_corrupted": _inflate_corrupted,
        "lzwdecode": _lzwdecode,
        "rldecode": _rldecode,
        "ccittfaxdecode": _refuse_fax,
        "apply_png_predictor": _png_predictor(pdftypes.apply_png_predictor),
        "apply_tiff_predictor": _tiff_predictor(pdftypes.apply_tiff_predictor),
    }
    for name, replacement in replacements.items():
        if not hasattr(pdftypes, name):  # a pdfminer that decodes differently: look again
            raise ImportError(f"pdfminer.pdftypes has no {name} to bound: update pdf.py")
        PDFMINER_DECODERS[name] = getattr(pdftypes, name)
        setattr(pdftypes, name, replacement)


_install_bounded_decoders()


@dataclass(eq=False)  # identity: the same text may be a segment twice
class _Segment:
    x0: float
    x1: float
    text: str


@dataclass
class _Line:
    words: list[Word]
    x0: float = field(init=False)
    x1: float = field(init=False)
    top: float = field(init=False)
    bottom: float = field(init=False)
    size: float = field(init=False)
    segments: list[_Segment] = field(init=False)

    def __post_init__(self) -> None:
        self.words.sort(key=lambda w: w["x0"])
        self.x0 = self.words[0]["x0"]
        self.x1 = max(w["x1"] for w in self.words)
        self.top = min(w["top"] for w in self.words)
        self.bottom = max(w["bottom"] for w in self.words)
        self.size = round(max(w["size"] for w in self.words), 1)
        self.segments = []
        start = 0
        for i in range(1, len(self.words) + 1):
            if i == len(self.words) or (
                self.words[i]["x0"] - self.words[i - 1]["x1"] > SEGMENT_GAP_EM * self.size
            ):
                part = self.words[start:i]
                text = " ".join(w["text"] for w in part)
                self.segments.append(_Segment(part[0]["x0"], part[-1]["x1"], text))
                start = i

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


@dataclass
class _TablePart:
    """A table, or the part of one on a page: raw rows and each column's x-range."""

    rows: list[RawRow]
    columns: list[tuple[float, float]]
    top: float
    end_page: int  # the page its last row is on


@dataclass
class _Paragraph:
    lines: list[_Line]
    page: int
    end_page: int

    @property
    def top(self) -> float:
        return self.lines[0].top


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line]  # outside tables, top to bottom
    tables: list[_TablePart]
    image_share: float = 0.0  # of the page's area covered by its largest image

    @property
    def without_text(self) -> bool:
        """A scan: an image covers much of the page and no text is left (running headers
        and page numbers aside). A blank page, without an image, is not one."""
        return not self.lines and not self.tables and self.image_share >= SCAN_IMAGE_SHARE


@dataclass
class _Layout:
    """What the whole document says about its prose: used to tell paragraphs apart."""

    right: dict[float, float]  # page width → right edge of the text
    pitch: dict[float, float]  # font size → usual distance between the tops of two lines
    body_size: float


def read_pdf(path: Path) -> Document:
    """Read a text-based PDF into a `Document`; `InputError` for anything else."""
    data = path.read_bytes()
    _check_bytes(path, data)
    budget = _Inflation(INFLATE_LIMIT_FACTOR * current().max_file_bytes)
    token = _INFLATION.set(budget)
    try:
        pages = _read_pages(path, data)
    finally:
        _INFLATION.reset(token)
    _drop_running_lines(pages)
    cells = sum(len(t.rows) * len(t.columns) for page in pages for t in page.tables)
    for page in pages:
        text_tables, page.lines = _text_tables(page.lines, page.number)
        cells += sum(len(t.rows) * len(t.columns) for t in text_tables)
        check_cells(cells)
        page.tables += text_tables
    layout = _layout(pages)
    items: list[_Paragraph | _TablePart] = []
    previous: list[_Page | None] = [None, *pages]
    for before, page in zip(previous, pages, strict=False):
        parts: list[_Paragraph | _TablePart] = [*page.tables, *_paragraphs(page, layout)]
        found = sorted(parts, key=lambda b: b.top)
        last = items[-1] if items else None
        if before and last and last.end_page == before.number and found:
            right = layout.right.get(before.width, before.width)
            if _joined_across_pages(last, found[0], right):
                found.pop(0)
        items += found
    without_text = tuple(page.number for page in pages if page.without_text)
    blocks = _blocks(items, layout)
    return Document.from_source(path, "pdf", data, blocks, len(pages), without_text)


def _check_bytes(path: Path, data: bytes) -> None:
    if not data:
        raise InputError(f"{path}: empty file (0 bytes)")
    # The header may follow some junk, within the first KiB (as PDF readers accept).
    if b"%PDF-" not in data[:1024]:
        raise InputError(f"{path}: not a PDF file")
    # The end-of-file marker closes the last KiB; without it the file was cut short and
    # pdfminer would silently read only the pages it still finds.
    if b"%%EOF" not in data[-1024:]:
        raise InputError(f"{path}: damaged PDF: no end-of-file marker (truncated?)")


def _read_pages(path: Path, data: bytes) -> list[_Page]:
    pages: list[_Page] = []
    # Nothing to close at the end: the document is read from bytes in memory (and closing a
    # broken one raises its error again).
    with _pdf_errors(path):
        pdf = pdfplumber.open(io.BytesIO(data))
        found = pdf.pages
    check_pages(len(found))  # the page tree only: no page has been parsed yet
    cells = 0  # in the ruled tables of the pages before
    for page in found:
        with _pdf_errors(path):  # pdfminer parses the page here, and only here
            lean = _LeanPage(pdf, page.page_obj, page.page_number, page.initial_doctop)
            lean.objects  # noqa: B018
        with _hostile_errors(path):
            pages.append(_read_page(lean, cells))
        cells += sum(len(t.rows) * len(t.columns) for t in pages[-1].tables)
        lean.close()  # drop the page's parsed objects: memory stays flat
    if not pages:
        raise InputError(f"{path}: damaged PDF: no pages")
    return pages


@contextmanager
def _pdf_errors(path: Path) -> Iterator[None]:
    """pdfminer's failures as one clear `InputError` (pdfminer raises anything on malformed
    objects, so every exception inside is the file's fault, not ours)."""
    try:
        yield
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise InputError(f"{path}: encrypted PDF: remove the password and try again") from None
        if isinstance(cause, _Hostile):
            raise InputError(f"{path}: {cause}") from None
        raise InputError(f"{path}: damaged PDF: {_describe(cause)}") from None
    except _Hostile as exc:
        raise InputError(f"{path}: {exc}") from None
    except Exception as exc:
        raise InputError(f"{path}: damaged PDF: {_describe(exc)}") from None
    budget = _INFLATION.get()
    if budget is not None and budget.exceeded:  # the exception was caught on the way
        raise InputError(f"{path}: {budget.message()}")


@contextmanager
def _hostile_errors(path: Path) -> Iterator[None]:
    """A `_Hostile` refusal outside pdfminer as one line naming the file."""
    try:
        yield
    except _Hostile as exc:
        raise InputError(f"{path}: {exc}") from None


class _LeanPage(pdfplumber.page.Page):
    """pdfplumber's page with only the character attributes words need.

    pdfplumber converts every attribute of every character (colours, graphic state, marked
    content), which takes as long as pdfminer's parsing of the page; the words come out the
    same. Coordinates follow `Page.process_object`: top-down, shifted by the MediaBox.
    """

    def process_object(self, obj: LTItem) -> dict[str, Any]:
        if type(obj) is not LTChar:
            return super().process_object(obj)
        x_shift, y_shift = self.mediabox[0], self.mediabox[1]
        top = self.height - obj.y1 + y_shift
        return {
            "object_type": "char",
            "page_number": self.page_number,
            "text": obj.get_text(),
            "fontname": obj.fontname,
            "size": obj.size,
            "upright": obj.upright,
            "matrix": obj.matrix,
            "x0": obj.x0 + x_shift,
            "x1": obj.x1 + x_shift,
            "y0": obj.y0,
            "y1": obj.y1,
            "top": top,
            "bottom": top + obj.height,
            "doctop": self.initial_doctop + top,
            "width": obj.width,
            "height": obj.height,
        }


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _read_page(page: pdfplumber.page.Page, cells: int) -> _Page:
    """`cells`: in the ruled tables of the pages before, for the document's cell limit."""
    words = page.extract_words(extra_attrs=["size"])
    tables = []
    _check_ruling(page)
    for found in page.find_tables(RULED_SETTINGS):
        columns = len({cell[0] for cell in found.cells})
        if columns < 2:
            continue  # a framed paragraph or a page border
        # The grid pdfplumber's rows and ours are built on: checked before either is.
        check_columns(columns, Location(page=page.page_number))
        cells += columns * len({cell[1] for cell in found.cells})
        check_cells(cells)
        inside = [w for w in words if _inside(w, found.bbox)]
        words = [w for w in words if not _inside(w, found.bbox)]
        tables.append(_ruled_table(found, inside, page.page_number))
    width, height = float(page.width), float(page.height)
    area = width * height or 1.0
    image_share = max(
        (
            max(0.0, min(float(i["x1"]), width) - max(float(i["x0"]), 0.0))
            * max(0.0, min(float(i["bottom"]), height) - max(float(i["top"]), 0.0))
            / area
            for i in page.images
        ),
        default=0.0,
    )
    return _Page(page.page_number, width, height, _lines(words), tables, image_share)


def _check_ruling(page: pdfplumber.page.Page) -> None:
    """Refuse a page ruled so densely that pdfplumber could not find its tables in seconds:
    its edges prepared as `TableFinder.get_edges` prepares them for the "lines" strategy,
    then the points where they cross counted as `edges_to_intersections` finds them."""
    settings = TableSettings.resolve(RULED_SETTINGS)
    edges = filter_edges(page.edges, min_length=settings.edge_min_length_prefilter)
    edges = merge_edges(
        edges,
        snap_x_tolerance=settings.snap_x_tolerance,
        snap_y_tolerance=settings.snap_y_tolerance,
        join_x_tolerance=settings.join_x_tolerance,
        join_y_tolerance=settings.join_y_tolerance,
    )
    edges = filter_edges(edges, min_length=settings.edge_min_length)
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top"))
    where = f"page {page.page_number}"
    if len(vertical) * len(horizontal) > MAX_RULING_PAIRS:
        raise _Hostile(
            f"damaged or hostile PDF: {where} has {_count(len(vertical))} vertical and "
            f"{_count(len(horizontal))} horizontal ruling lines (a table has far fewer)"
        )
    tops = [h["top"] for h in horizontal]
    x_tolerance = settings.intersection_x_tolerance
    y_tolerance = settings.intersection_y_tolerance
    crossings = 0
    for v in vertical:
        below = bisect_left(tops, v["top"] - y_tolerance)
        above = bisect_right(tops, v["bottom"] + y_tolerance)
        crossings += sum(
            h["x0"] - x_tolerance <= v["x0"] <= h["x1"] + x_tolerance
            for h in horizontal[below:above]
        )
        if crossings > MAX_CROSSINGS:
            raise _Hostile(
                f"damaged or hostile PDF: the ruling lines of {where} cross at more than "
                f"{_count(MAX_CROSSINGS)} points (a table has far fewer)"
            )


def _count(number: int) -> str:
    return format_number(Decimal(number), 0)  # "10.000", as the reports print counts


def _inside(word: Word, box: tuple[float, float, float, float]) -> bool:
    x, y = _centre(word)
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _centre(word: Word) -> tuple[float, float]:
    return (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2


def _ruled_table(found: pdfplumber.table.Table, words: list[Word], page: int) -> _TablePart:
    """Each word goes to the cell holding its centre; a merged cell is its top-left position.

    (Cheaper than `Table.extract`, which scans every character of the page for each row.)
    """
    rows = found.rows
    xs = sorted({cell[0] for cell in found.cells})
    tops = [row.bbox[1] for row in rows]
    grid: list[list[list[Word]]] = [[[] for _ in xs] for _ in rows]
    for word in words:
        x, y = _centre(word)
        r, c = max(bisect_right(tops, y) - 1, 0), max(bisect_right(xs, x) - 1, 0)
        spot = next(
            (
                (rr, cc)
                for rr in range(r, -1, -1)
                for cc in range(c, -1, -1)
                if (cell := rows[rr].cells[cc]) and _inside(word, cell)
            ),
            (r, c),
        )
        grid[spot[0]][spot[1]].append(word)
    columns = list(zip(xs, [*xs[1:], found.bbox[2]], strict=True))
    raw_rows = [
        RawRow(
            [_join_lines([line.text for line in _lines(cell)]) for cell in row],
            Location(page=page),
        )
        for row in grid
    ]
    return _TablePart(raw_rows, columns, found.bbox[1], page)


def _lines(words: list[Word]) -> list[_Line]:
    """Words that overlap vertically by half the smaller height are on one line."""
    groups: list[list[Word]] = []
    bottom = top = 0.0
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        height = word["bottom"] - word["top"]
        if groups and min(bottom, word["bottom"]) - word["top"] >= 0.5 * min(height, bottom - top):
            groups[-1].append(word)
            bottom = max(bottom, word["bottom"])
        else:
            groups.append([word])
            top, bottom = word["top"], word["bottom"]
    return [_Line(group) for group in groups]


def _join_lines(parts: list[str]) -> str:
    """The lines of a cell or paragraph as one text (see the module docstring)."""
    text = ""
    for part in (p.strip() for p in parts):
        if part and text and not _glued(text, part):
            text += " "
        text += part
    return text


def _glued(text: str, part: str) -> bool:
    """Was the line break between `text` and `part` inside a hyphenated word or a number?"""
    if HYPHEN_BREAK_RE.search(text):
        return part[0].isalnum()
    return bool(NUMBER_BREAK_RE.search(text)) and part[0].isdigit()


def _drop_running_lines(pages: list[_Page]) -> None:
    """Remove running headers/footers and page numbers in the top and bottom margins."""

    def key(page: _Page, line: _Line) -> tuple[str, int] | None:
        if line.bottom <= MARGIN_BAND * page.height or line.top >= (1 - MARGIN_BAND) * page.height:
            return re.sub(r"[0-9]+", "#", line.text), round(line.top / 2)
        return None

    seen: Counter[tuple[str, int]] = Counter()
    for page in pages:
        seen.update({k for line in page.lines if (k := key(page, line))})
    needed = max(2, RUNNING_SHARE * len(pages))

    def running(k: tuple[str, int]) -> bool:  # at the same height give or take 2 pt
        return sum(seen[k[0], k[1] + d] for d in (-1, 0, 1)) >= needed

    for page in pages:
        kept = [line for line in page.lines if not ((k := key(page, line)) and running(k))]
        for index in (0, -1):  # a page number is the outermost line in its margin
            if kept and key(page, kept[index]) and PAGE_NUMBER_RE.match(kept[index].text):
                kept.pop(index)
        page.lines = kept


class _Run:
    """Lines that may form a table without ruling lines, and the columns they show."""

    def __init__(self, line: _Line) -> None:
        self.lines = [line]
        self.spanning: set[_Segment] = set()  # segments over two segments of another line
        self.wrapped: set[_Segment] = set()  # a cell's next line wider than its column

    def add(self, line: _Line) -> None:
        for other in self.lines:
            for one, two in ((line, other), (other, line)):
                for segment in one.segments:
                    if sum(_overlaps(segment, s) for s in two.segments) > 1:
                        self.spanning.add(segment)
        self.lines.append(line)

    def columns(self) -> list[tuple[float, float]]:
        spans = sorted(
            (s.x0, s.x1)
            for line in self.lines
            for s in line.segments
            if s not in self.spanning and s not in self.wrapped
        )
        merged: list[tuple[float, float]] = []
        for x0, x1 in spans:
            if merged and x0 < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], x1))
            else:
                merged.append((x0, x1))
        return merged


def _overlaps(segment: _Segment, other: _Segment | tuple[float, float]) -> bool:
    x0, x1 = (other.x0, other.x1) if isinstance(other, _Segment) else other
    return segment.x0 < x1 and segment.x1 > x0


def _text_tables(lines: list[_Line], page: int) -> tuple[list[_TablePart], list[_Line]]:
    """The tables without ruling lines among a page's lines, and the lines left (prose)."""
    tables: list[_TablePart] = []
    prose: list[_Line] = []
    i = 0
    while i < len(lines):
        run = _run(lines, i) if len(lines[i].segments) > 1 else None
        table = _text_table(run, page) if run else None
        if run is None or table is None:
            prose.append(lines[i])
            i += 1
        else:
            tables.append(table)
            i += len(run.lines)
    return tables, prose


def _run(lines: list[_Line], start: int) -> _Run:
    run = _Run(lines[start])
    size = lines[start].size
    for prev, line in pairwise(lines[start:]):
        if line.top - prev.bottom > ROW_GAP_EM * prev.size or abs(line.size - size) > 0.15 * size:
            break
        if caption_match(line.text):
            break  # "Tabel 3.2 ..." right below the table: its caption, not a row
        columns = run.columns()
        bridging = [s for s in line.segments if sum(_overlaps(s, c) for c in columns) > 1]
        if line.top - prev.bottom < WRAP_GAP_EM * prev.size:
            run.wrapped.update(bridging)  # the next line of a cell ("%" + "Capaian")
        elif bridging and (
            len(line.segments) < TABLE_LINE_SEGMENTS
            or is_header_like([s.text for s in line.segments])
        ):
            break  # the line runs across the columns: prose, or the next table's header
        run.add(line)
    return run


def _text_table(run: _Run, page: int) -> _TablePart | None:
    columns = _one_cell_apart(run, run.columns())
    if sum(len(line.segments) > 1 for line in run.lines) < 2 or len(columns) < 3:
        return None
    check_columns(len(columns), Location(page=page))  # before a row of them is built
    placed = [
        [
            (
                _column_under(segment, columns)
                if segment in run.wrapped
                else _column_of(segment, columns),
                segment,
            )
            for segment in line.segments
        ]
        for line in run.lines
    ]
    lines = []
    for line in placed:
        cells = [""] * len(columns)
        for c, segment in line:
            cells[c] = f"{cells[c]} {segment.text}".strip()
        lines.append(cells)
    # A line closer to the one above than rows are to each other is a wrapped line of that
    # row, even in its first column ("Persentase Tindak Lanjut Hasil" + "Pemeriksaan").
    row_pitch = _row_pitch(run.lines)
    tight = [
        bool(i and row_pitch and line.top - run.lines[i - 1].top < row_pitch - 0.2 * line.size)
        for i, line in enumerate(run.lines)
    ]
    rows: list[RawRow] = []
    for i, (line, cells) in enumerate(zip(placed, lines, strict=True)):
        if (
            i + 1 < len(placed)
            and not tight[i]
            and not tight[i + 1]
            and is_header_like(cells)
            and is_header_like(lines[i + 1])
        ):  # a header line over another header line: it may hold group headers
            below = {c for c, _ in placed[i + 1]}
            for c, segment in line:
                start = _group_start(c, segment, line, below, columns)
                if start != c:
                    cells[start], cells[c] = cells[c], ""
        if rows and _continues_row(rows[-1], cells, wrapped=tight[i]):
            _append_row(rows[-1], cells)
        else:
            rows.append(RawRow(cells, Location(page=page)))
    return _TablePart(rows, columns, run.lines[0].top, page)


def _one_cell_apart(run: _Run, columns: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Join two columns that no line fills both of and whose texts come closer than two
    cell paddings would allow ("A" left-aligned under a centred "Target PK", "3" under
    "Jumlah Indikator"): texts of one column, aligned differently."""
    near = COLUMN_GAP_EM * run.lines[0].size
    merged = columns[:1]
    for column in columns[1:]:
        last = merged[-1]
        both = any(
            any(_overlaps(s, last) for s in line.segments)
            and any(_overlaps(s, column) for s in line.segments)
            for line in run.lines
        )
        if column[0] - last[1] < near and not both:
            merged[-1] = (last[0], max(last[1], column[1]))
        else:
            merged.append(column)
    return merged


def _column_of(segment: _Segment, columns: list[tuple[float, float]]) -> int:
    """The first column a segment covers (a spanned header's top-left position)."""
    covered = [c for c, column in enumerate(columns) if _overlaps(segment, column)]
    if covered:
        return covered[0]
    return min(range(len(columns)), key=lambda c: abs(columns[c][0] - segment.x0))


def _column_under(segment: _Segment, columns: list[tuple[float, float]]) -> int:
    """The column nearest a segment's middle (a cell's wider next line is centred in it)."""
    middle = (segment.x0 + segment.x1) / 2
    return min(range(len(columns)), key=lambda c: abs(sum(columns[c]) / 2 - middle))


def _row_pitch(lines: list[_Line]) -> float | None:
    """The usual distance between the tops of two rows: of two lines of several cells."""
    pitches = [
        line.top - prev.top
        for prev, line in pairwise(lines)
        if len(prev.segments) > 1 and len(line.segments) > 1
    ]
    return median(pitches) if pitches else None


def _group_start(
    c: int,
    segment: _Segment,
    line: list[tuple[int, _Segment]],
    below: set[int],
    columns: list[tuple[float, float]],
) -> int:
    """A group header ("REALISASI" over 2022 / 2023 / 2024) is centred over the columns
    beside it that the next line fills and no other text of its line is in or nearer to
    ("Tahun 2024" and "Tahun 2025" side by side, each over three); it belongs in the first
    of them."""
    own = {column for column, _ in line}
    # the other group headers: texts over columns the next line fills
    middles = [(s.x0 + s.x1) / 2 for column, s in line if s is not segment and column in below]
    middle = (segment.x0 + segment.x1) / 2

    def free(column: int) -> bool:
        if column in own or column not in below:
            return False
        at = sum(columns[column]) / 2
        return all(abs(at - middle) <= abs(at - other) for other in middles)

    first = last = c
    while first > 0 and free(first - 1):
        first -= 1
    while last + 1 < len(columns) and free(last + 1):
        last += 1
    left, right = columns[first][0], columns[last][1]
    centred = abs(middle - (left + right) / 2) <= (right - left) / 4
    return first if centred else c


def _continues_row(row: RawRow, raws: list[str], wrapped: bool = False) -> bool:
    """A wrapped line of `row`, or its rest after a page break: every text continues a
    filled cell above. Unless the line is known to be `wrapped` (set closer than rows),
    its first cell is empty and a lone number is a value, not wrapped text."""
    previous = row.texts
    texts = [clean_text(r) for r in raws]
    filled = [c for c, text in enumerate(texts) if text]
    return (
        bool(filled)
        and (filled[0] > 0 or wrapped)
        and not is_column_number_row(texts)  # "a b c d" under a header is a row of its own
        and all(
            c < len(previous)
            and previous[c]
            and (wrapped or re.search(r"[^\W\d_]", texts[c]) or not re.search(r"[0-9]", texts[c]))
            for c in filled
        )
    )


def _append_row(row: RawRow, raws: list[str]) -> None:
    for c, raw in enumerate(raws):
        if raw.strip():
            row.raws[c] = _join_lines([row.raws[c], raw])


def _layout(pages: list[_Page]) -> _Layout:
    right: dict[float, float] = {}
    pitches: dict[float, Counter[float]] = {}
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            right[page.width] = max(right.get(page.width, 0.0), line.x1)
            sizes[line.size] += len(line.text)
        for prev, line in pairwise(page.lines):
            pitch = line.top - prev.top
            if line.size == prev.size and 0 < pitch < 2.5 * line.size:
                pitches.setdefault(line.size, Counter())[round(pitch * 2) / 2] += 1
    return _Layout(
        right=right,
        pitch={size: counts.most_common(1)[0][0] for size, counts in pitches.items()},
        body_size=sizes.most_common(1)[0][0] if sizes else 0.0,
    )


def _paragraphs(page: _Page, layout: _Layout) -> list[_Paragraph]:
    paragraphs: list[_Paragraph] = []
    right = layout.right.get(page.width, page.width)
    tops = [table.top for table in page.tables]
    for line in page.lines:
        last = paragraphs[-1].lines[-1] if paragraphs else None
        if (
            last
            and not any(last.top < top < line.top for top in tops)  # a table between them
            and _continues_paragraph(last, line, right, layout.pitch.get(line.size))
        ):
            paragraphs[-1].lines.append(line)
        else:
            paragraphs.append(_Paragraph([line], page.number, page.number))
    return paragraphs


def _continues_paragraph(prev: _Line, line: _Line, right: float, pitch: float | None) -> bool:
    """Is `line` the next line of `prev`'s paragraph? `pitch` is None across a page break."""
    if abs(line.size - prev.size) > 0.15 * prev.size:
        return False
    if pitch is not None and line.top - prev.top > pitch + PARAGRAPH_GAP_EM * line.size:
        return False
    first = line.words[0]
    # Had the first word fitted after a space, the line would not have broken: it ended.
    width = float(first["x1"]) - float(first["x0"])
    return prev.x1 + 0.3 * prev.size + width > right - 1


def _joined_across_pages(
    last: _Paragraph | _TablePart, item: _Paragraph | _TablePart, right: float
) -> bool:
    """Join `item`, first on its page, to the last block of the page before if it goes on
    (`right`: where the text ends on the page before)."""
    if isinstance(last, _TablePart) and isinstance(item, _TablePart):
        return _stitch(last, item)
    if (
        isinstance(last, _Paragraph)
        and isinstance(item, _Paragraph)
        and _continues_paragraph(last.lines[-1], item.lines[0], right, None)
    ):
        last.lines += item.lines
        last.end_page = item.end_page
        return True
    return False


def _stitch(table: _TablePart, part: _TablePart) -> bool:
    """Append `part` (the next page's first block) to `table` if it continues it."""
    mapping = _column_map(table.columns, part.columns)
    if mapping is None:
        return False
    rows = []
    for row in part.rows:
        raws = [""] * len(table.columns)
        for c, raw in enumerate(row.raws):
            raws[mapping[c]] = _join_lines([raws[mapping[c]], raw])
        rows.append(RawRow(raws, row.location))
    repeated = 0
    for row, own in zip(rows, table.rows, strict=False):
        texts = row.texts
        if texts != own.texts or not (is_header_like(texts) or is_column_number_row(texts)):
            break
        repeated += 1
    rows = rows[repeated:]
    if rows and _continues_row(table.rows[-1], rows[0].raws):
        _append_row(table.rows[-1], rows.pop(0).raws)
    elif rows and not repeated and is_header_like(rows[0].texts):
        return False  # the header of another table
    table.rows += rows
    table.end_page = part.end_page
    return True


def _column_map(
    columns: list[tuple[float, float]], part: list[tuple[float, float]]
) -> list[int] | None:
    """Which of `columns` each of the continuation's columns is, or None if they differ.
    Two of the continuation's may be one of the table's: a label left-aligned in its
    column ("JUMLAH") and the column's centred title are apart where no longer label joins
    them."""
    if len(part) == len(columns):
        return list(range(len(columns)))
    mapping: list[int] = []
    for x0, x1 in part:
        overlap = [min(x1, c1) - max(x0, c0) for c0, c1 in columns]
        best = max(range(len(columns)), key=overlap.__getitem__)
        if overlap[best] <= 0 or (mapping and best < mapping[-1]):
            return None
        mapping.append(best)
    return mapping


def _blocks(items: list[_Paragraph | _TablePart], layout: _Layout) -> list[Block]:
    builder = BlockBuilder()
    for item in items:
        if isinstance(item, _TablePart):
            builder.add_table(item.rows)
            continue
        size = max(line.size for line in item.lines)
        caption_open = builder.caption_open
        builder.add_paragraph(
            _join_lines([line.text for line in item.lines]),
            Location(page=item.page),
            heading=True if size >= HEADING_SIZE * layout.body_size else None,
        )
        if caption_open:
            builder.caption_open = False  # "Tabel 3" + one paragraph of title, no more
    return builder.finish()
