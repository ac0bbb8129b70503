"""Hostile inputs too large to commit, made at test time (see tests/fixtures/hostile/)."""

from __future__ import annotations

from pathlib import Path


def blank_pdf(pages: int) -> bytes:
    """A valid PDF of `pages` empty A4 pages, written by hand (the test dependencies have no
    PDF writer); each page inherits its size from the page tree, ~80 bytes a page."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /MediaBox [0 0 595 842] /Count %d /Kids [%s] >>"
        % (pages, b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))),
        *[b"<< /Type /Page /Parent 2 0 R >>"] * pages,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def docx_with_tables(path: Path, tables: int) -> None:
    """A Word document of `tables` small tables, each under a caption."""
    import docx

    document = docx.Document()
    for number in range(1, tables + 1):
        document.add_paragraph(f"Tabel {number} Capaian Kinerja")
        table = document.add_table(rows=2, cols=3)
        for cell, text in zip(table.rows[0].cells, ["NO", "INDIKATOR", "CAPAIAN"], strict=True):
            cell.text = text
        for cell, text in zip(table.rows[1].cells, ["1", "Persentase PMKS", "90%"], strict=True):
            cell.text = text
    document.save(path)


def markdown_table(rows: int) -> str:
    """A Markdown report with one pipe table of a header and `rows` body rows."""
    lines = ["Tabel 1 Capaian Kinerja", "| NO | INDIKATOR | CAPAIAN |", "|---|---|---|"]
    lines += [f"| {n} | Indikator {n} | 90% |" for n in range(1, rows + 1)]
    return "\n".join(lines) + "\n"


def assert_refused(path: Path, needle: str) -> None:
    """`audit PATH` refuses the file: exit 3, one line naming it, no traceback, file unchanged."""
    from click.testing import CliRunner

    from auditor.cli import main

    before = path.read_bytes()
    result = CliRunner().invoke(main, ["audit", str(path), "--format", "json"])
    assert result.exit_code == 3, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("lkjip-audit: ")
    assert needle in result.output and str(path) in result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == before
