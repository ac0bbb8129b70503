"""Tiny inputs that name huge tables, and PDF streams that inflate to gigabytes: each is
refused with one line (exit 3) before it costs what it names. The inputs are made here, at
test time; the CLI runs in a subprocess with its address space capped and a timeout, so a
regression fails (or dies) instead of eating the machine. Inputs just under the limits
still read, and the text reader stays linear in a table's rows."""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile import (
    MB,
    docx_with_spans,
    docx_with_tables,
    flate_bomb_pdf,
    one_page_pdf,
    ruled_grid_pdf,
    ruling_lines_pdf,
    tab_flood,
    xlsx_with_far_cells,
    xlsx_with_far_row,
    xlsx_with_merges,
)

from auditor.ingest import read_document
from auditor.ingest.pdf import PDFMINER_DECODERS
from auditor.ingest.text import parse_text
from auditor.ingest.xlsx import _empty_covered
from auditor.model import Table

ROOT = Path(__file__).resolve().parent.parent
MEMORY_CAP = 1536 * MB  # address space of the CLI's process; it reads the sample in ~0.5 GB
TIMEOUT = 60  # seconds; each refusal takes about one (the interpreter starting included)


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def audit(path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`lkjip-audit [options] audit PATH` in a subprocess with bounded memory and time."""
    return subprocess.run(
        [sys.executable, "-m", "auditor", *options, "audit", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_cap_memory,
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "300"},
        check=False,
    )


def assert_refused(path: Path, message: str, *options: str) -> None:
    """Exit 3, one line on stderr naming the file and saying `message`, nothing on stdout,
    no traceback, the input unchanged."""
    before = path.read_bytes(), path.stat().st_mtime_ns
    result = audit(path, *options)
    assert result.returncode == 3, result.stderr[-2000:]
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"lkjip-audit: {path}: {message}"]
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def _write_text(text: str) -> Callable[[Path], object]:
    return lambda path: path.write_text(text, encoding="utf-8")


def _write_bytes(data: bytes) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(data)


def _lzw_bomb(extra: int = 0) -> bytes:
    """An LZW stream that never clears its table: code after code names the entry just made
    ("KwKwK"), each one byte longer (1 + 2 + ... + 3,838 bytes from ~5 KB), then `extra`
    repeats of the longest. Codes widen from 9 to 12 bits as pdfminer reads them."""
    codes = [(256, 9), (65, 9)]  # clear the table, then "A"
    size, width = 258, 9
    while size < 4096:
        codes.append((size, width))
        size += 1
        width = {511: 10, 1023: 11, 2047: 12}.get(size, width)
    codes += [(4095, 12)] * extra
    bits = "".join(format(code, f"0{width}b") for code, width in codes)
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


# name → (make it at `path`, options before `audit`, the message after "<path>: ").
HOSTILE: dict[str, tuple[Callable[[Path], object], tuple[str, ...], str]] = {
    # Tables that expand: each reader counts before it builds.
    "spans.docx": (
        lambda path: docx_with_spans(path, 60_000, rows=100, columns=30),
        (),
        "1.800.000 columns in one table (table 1, row 2) is more than the limit of 300 "
        "(--max-columns)",
    ),
    "far-columns.xlsx": (
        lambda path: xlsx_with_far_cells(path, 16_000, rows=1_000),
        (),
        "16.000 columns in one table (sheet Sheet, cell A1) is more than the limit of 300 "
        "(--max-columns)",
    ),
    "tabs.txt": (
        _write_text(tab_flood(5_000_000)),
        (),
        "5.000.002 columns in one table (line 3) is more than the limit of 300 (--max-columns)",
    ),
    "pipes.md": (
        _write_text("Tabel 1 Capaian\n| NO | INDIKATOR |\n|---|---|\n|" + " 1 |" * 2_000_000),
        (),
        "2.000.000 columns in one table (line 4) is more than the limit of 300 (--max-columns)",
    ),
    "ruled-grid.pdf": (
        _write_bytes(ruled_grid_pdf(400, 40)),
        (),
        "damaged or hostile PDF: the ruling lines of page 1 cross at more than 10.000 points "
        "(a table has far fewer)",
    ),
    "ruling-lines.pdf": (
        _write_bytes(ruling_lines_pdf(1_100)),
        (),
        "damaged or hostile PDF: page 1 has 1.100 vertical and 1.100 horizontal ruling lines "
        "(a table has far fewer)",
    ),
    "wide-ruled-grid.pdf": (
        _write_bytes(ruled_grid_pdf(301, 2)),
        (),
        "301 columns in one table (page 1) is more than the limit of 300 (--max-columns)",
    ),
    # The document's cells, all tables together, counted as the tables are read.
    "cells.txt": (
        _write_text("NO\tA\tB\n1\t2\t3\n\nTabel 2\nNO\tA\tB\n1\t2\t3\n4\t5\t6\n"),
        ("--max-cells", "10"),
        "at least 12 table cells is more than the limit of 10 (--max-cells)",
    ),
    "cells.docx": (
        lambda path: docx_with_tables(path, 3),
        ("--max-cells", "10"),
        "at least 12 table cells is more than the limit of 10 (--max-cells)",
    ),
    "cells.xlsx": (  # 8 cells hold a value; their table, A1:C4, has 12
        lambda path: xlsx_with_far_cells(path, 3, rows=4),
        ("--max-cells", "10"),
        "at least 12 table cells is more than the limit of 10 (--max-cells)",
    ),
    # PDF streams that decode to far more than they are: the budget is twice the file-size
    # limit (200 MB), or 2 MB with --max-file-mb 1, which keeps the smaller bombs small.
    "deflate-bomb.pdf": (
        _write_bytes(flate_bomb_pdf(1024)),  # 1 MB that inflates to 1 GB
        (),
        "damaged or hostile PDF: its streams inflate to more than 200 MB "
        "(the limit is twice --max-file-mb)",
    ),
    "deflate-bomb-small.pdf": (
        _write_bytes(flate_bomb_pdf(3)),
        ("--max-file-mb", "1"),
        "damaged or hostile PDF: its streams inflate to more than 2 MB "
        "(the limit is twice --max-file-mb)",
    ),
    "lzw-bomb.pdf": (
        _write_bytes(one_page_pdf(_lzw_bomb(), b"/Filter /LZWDecode")),
        ("--max-file-mb", "1"),
        "damaged or hostile PDF: its streams inflate to more than 2 MB "
        "(the limit is twice --max-file-mb)",
    ),
    "runlength-bomb.pdf": (
        _write_bytes(one_page_pdf(b"\x81 " * 20_000 + b"\x80", b"/Filter /RunLengthDecode")),
        ("--max-file-mb", "1"),
        "damaged or hostile PDF: its streams inflate to more than 2 MB "
        "(the limit is twice --max-file-mb)",
    ),
    "predictor-columns.pdf": (
        _write_bytes(
            one_page_pdf(
                zlib.compress(b"\x00 "),
                b"/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 2000000000 >>",
            )
        ),
        (),
        "damaged or hostile PDF: its streams inflate to more than 200 MB "
        "(the limit is twice --max-file-mb)",
    ),
    "fax.pdf": (
        _write_bytes(
            one_page_pdf(
                b"\x00" * 100,
                b"/Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns 100000000 >>",
            )
        ),
        (),
        "damaged or hostile PDF: a CCITT fax image where text was expected",
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_is_refused_before_it_expands(tmp_path, name):
    make, options, message = HOSTILE[name]
    path = tmp_path / name
    make(path)
    assert path.stat().st_size < 12 * MB  # small inputs: what they name is the danger
    assert_refused(path, message, *options)


# Sheets read in time proportional to the cells they hold, and not refused.
QUICK = {
    # openpyxl's row iterator yields every row before the last: two billion here (it had
    # not finished in 90 s).
    "far-row.xlsx": lambda path: xlsx_with_far_row(path, 2_000_000_000),
    # 20,000 huge merged ranges, each once compared with all 10,000 cells (nor had this).
    "merges.xlsx": lambda path: xlsx_with_merges(path, 20_000),
    # 1,000 rows of one value at column 16,000: lines of prose, not a 16,000-column table,
    # and read without the 16 million empty cells openpyxl's row iterator pads them with.
    "far-cells.xlsx": lambda path: xlsx_with_far_cells(path, 16_000, rows=1_000, in_a=False),
}


@pytest.mark.parametrize("name", list(QUICK))
def test_sparse_sheets_read_quickly(tmp_path, name):
    path = tmp_path / name
    QUICK[name](path)
    result = audit(path)  # within the timeout and the memory cap
    assert result.returncode == 4, result.stderr  # read; no table it knows to check
    assert result.stderr == ""


def _empty_covered_range_by_range(cells: dict, ranges: list) -> None:
    """The merged-range rule as it was applied, one range at a time."""
    for min_col, min_row, max_col, max_row in ranges:
        for r, c in list(cells):
            inside = min_row <= r <= max_row and min_col <= c <= max_col
            if inside and (r, c) != (min_row, min_col):
                del cells[r, c]


def test_merged_ranges_empty_the_cells_they_cover_as_before():
    rng = random.Random(7)
    for _ in range(200):
        cells = {(rng.randint(1, 12), rng.randint(1, 8)): ("x", "General") for _ in range(40)}
        ranges = []
        for _ in range(rng.randint(0, 6)):
            c0, r0 = rng.randint(1, 8), rng.randint(1, 12)
            # Some end before they start; Excel's never overlap, a hostile file's may.
            ranges.append((c0, r0, c0 + rng.randint(-1, 4), r0 + rng.randint(-1, 5)))
        expected = dict(cells)
        _empty_covered_range_by_range(expected, ranges)
        _empty_covered(cells, ranges)
        assert cells == expected, ranges


def test_columns_and_cells_just_under_the_limits_still_read(tmp_path):
    """300 columns, in each format that can hold them."""
    text = tmp_path / "wide.txt"
    text.write_text("\t".join(["NO", *(f"K{n}" for n in range(299))]) + "\n" + "\t1" * 299)
    spans = tmp_path / "wide.docx"
    docx_with_spans(spans, 100, rows=2, columns=3)  # 3 cells of 100 grid columns
    sheet = tmp_path / "wide.xlsx"
    xlsx_with_far_cells(sheet, 300, rows=3)
    grid = tmp_path / "wide.pdf"
    grid.write_bytes(ruled_grid_pdf(300, 2))
    for path in (text, spans, sheet, grid):
        tables = [b for b in read_document(path).blocks if isinstance(b, Table)]
        assert max(table.width for table in tables) == 300, path


def test_options_raise_the_column_limit(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_text("NO\tA\n" + "1" + "\t2" * 400 + "\n")
    assert_refused(
        path,
        "401 columns in one table (line 2) is more than the limit of 300 (--max-columns)",
    )
    assert audit(path, "--max-columns", "401").returncode == 4


def test_tab_only_lines_are_blank_and_are_not_split(tmp_path):
    """A line of TABs alone is a blank line (a page break in a table), not a row of empty
    cells: the column limit does not refuse it, and the look-ahead for a header repeated
    after a page break does not split it."""
    header = "NO\tINDIKATOR\tCAPAIAN\n"
    path = tmp_path / "blank.txt"
    path.write_text(f"{header}1\tA\t90%\n\n{header}" + "\t" * 5_000_000 + f"\n{header}2\tB\t80%\n")
    (table,) = [b for b in read_document(path).blocks if isinstance(b, Table)]
    assert [row[0].text for row in table.body_rows] == ["1", "2"]


def _clean_calls(monkeypatch, content: str) -> int:
    """How many cell and line texts `parse_text` cleans reading `content`."""
    import auditor.ingest.blocks as blocks
    import auditor.ingest.text as text

    calls = 0
    original = blocks.clean_text

    def counting(raw: str) -> str:
        nonlocal calls
        calls += 1
        return original(raw)

    monkeypatch.setattr(blocks, "clean_text", counting)
    monkeypatch.setattr(text, "clean_text", counting)
    parse_text(content)
    return calls


def _paged_table(rows: int) -> str:
    """A table of `rows` rows with a blank line (a page break) every 10 rows."""
    lines = ["Tabel 1 Capaian Kinerja", "NO\tINDIKATOR\tTARGET\tREALISASI"]
    for n in range(1, rows + 1):
        lines.append(f"{n}\tIndikator {n}\t{n}\t{n}")
        if n % 10 == 0:
            lines.append("")
    return "\n".join(lines) + "\n"


def test_text_reader_is_linear_in_a_tables_rows(monkeypatch):
    """At each blank line inside a table the reader looks for a repeated header; it cleaned
    every row read so far to do so (8,000 rows: ~16 times the work of 2,000, not 4)."""
    small = _clean_calls(monkeypatch, _paged_table(2_000))
    large = _clean_calls(monkeypatch, _paged_table(8_000))
    assert large / small < 4.5


# The bounded decoders give what pdfminer's own give (or raise as they raise).
FLATE = zlib.compress(b"BT /F1 12 Tf (Capaian 90%) Tj ET " * 50)
FLATE_INPUTS = {
    "valid": FLATE,
    "trailing junk": FLATE + b"\r\nendstream junk",
    "bad checksum": FLATE[:-4] + b"\x00\x00\x00\x00",
    "truncated": FLATE[:-10],
    "corrupt middle": FLATE[:20] + b"\xff" * 8 + FLATE[28:],
    "empty": b"",
    "short": b"x\x9c",
    "not zlib": b"plain text",
}


def _decode_flate(decompress: Callable[[bytes], bytes], corrupted: Callable[[bytes], bytes], data):
    """`PDFStream.decode`'s handling of one FlateDecode filter."""
    try:
        return decompress(data)
    except zlib.error:
        try:
            return corrupted(data)
        except zlib.error:
            return b""


@pytest.mark.parametrize("name", list(FLATE_INPUTS))
def test_bounded_inflate_gives_pdfminers_bytes(name):
    from pdfminer import pdftypes

    data = FLATE_INPUTS[name]
    theirs = _decode_flate(
        PDFMINER_DECODERS["zlib"].decompress, PDFMINER_DECODERS["decompress_corrupted"], data
    )
    ours = _decode_flate(pdftypes.zlib.decompress, pdftypes.decompress_corrupted, data)
    assert ours == theirs


def test_bounded_lzw_and_runlength_give_pdfminers_bytes():
    from pdfminer import pdftypes

    lzw = _lzw_bomb()[:600]  # the start of it: ~700 codes, ~240 KB
    assert pdftypes.lzwdecode(lzw) == PDFMINER_DECODERS["lzwdecode"](lzw)
    runs = b"\x02abc\xfdx\x00y\x80ignored"
    assert pdftypes.rldecode(runs) == PDFMINER_DECODERS["rldecode"](runs) == b"abcxxxxy"
