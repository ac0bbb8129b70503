"""Every file in tests/fixtures/hostile/ gives exit 3 and one clear line, never a traceback,
and is never modified (tests/fixtures/hostile/README.md says how each was made)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
EXPECTED = {
    "empty.pdf": "empty file (0 bytes)",
    "encrypted.pdf": "encrypted PDF: remove the password",
    "image-only.pdf": "no text layer (scanned PDF?); OCR is not supported",
    "renamed-text.pdf": "not a PDF file",
    "truncated.pdf": "damaged PDF",
    "not-a-zip.docx": "not a Word .docx file (not a ZIP archive)",
    "renamed-text.docx": "not a Word .docx file (not a ZIP archive)",
    "truncated.docx": "damaged or truncated",
    "zip-bomb.docx": "looks like a zip bomb",
    "renamed-text.xlsx": "not an Excel .xlsx file (not a ZIP archive)",
}


def test_every_hostile_file_has_an_expectation():
    files = {p.name for p in HOSTILE.iterdir() if p.suffix in {".pdf", ".docx", ".xlsx"}}
    assert files == set(EXPECTED)


@pytest.mark.parametrize(("name", "message"), sorted(EXPECTED.items()))
def test_hostile_file_is_exit_3_with_one_line(name, message):
    path = HOSTILE / name
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["audit", str(path)])
    assert result.exit_code == 3, result.output
    assert result.output.startswith(f"lkjip-audit: {path}: ")
    assert result.output.count("\n") == 1 and message in result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == before
