"""Every hostile input gives its exit code and one clear line, never a traceback, and is
never modified: not its bytes, not its modification time (tests/fixtures/hostile/README.md
says how each file was made and why it is hostile)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile import blank_pdf, docx_with_tables, markdown_table

from auditor.cli import main

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
# Input → (exit code, what its line on stderr says). Documents are audited; rule packs
# (.yaml) are loaded by `lkjip-audit rules --rules`.
EXPECTED = {
    "empty.pdf": (3, "empty file (0 bytes)"),
    "encrypted.pdf": (3, "encrypted PDF: remove the password"),
    # Not a refusal: a scan is read as a page without text, so nothing can be checked (exit
    # 4), and the report says so on stdout.
    "image-only.pdf": (4, "Halaman 1 (1 dari 1 halaman) tidak memiliki lapisan teks"),
    "renamed-text.pdf": (3, "not a PDF file"),
    "truncated.pdf": (3, "damaged PDF"),
    "not-a-zip.docx": (3, "not a Word .docx file (not a ZIP archive)"),
    "renamed-text.docx": (3, "not a Word .docx file (not a ZIP archive)"),
    "truncated.docx": (3, "damaged or truncated"),
    "zip-bomb.docx": (3, "looks like a zip bomb"),
    "renamed-text.xlsx": (3, "not an Excel .xlsx file (not a ZIP archive)"),
    "empty.txt": (3, "empty file (no text)"),
    "invalid-utf8-control.txt": (3, "not a text file: byte 760 is a control character (0x00)"),
    "invalid-utf8-cp1252.txt": (
        3,
        "not a text file: byte 762 (0x81) is not UTF-8, and byte 762 (0x81) is not Windows-1252",
    ),
    "utf16-no-bom.txt": (3, "byte 1 is a control character (0x00); UTF-16 text must start"),
    "billion-laughs.yaml": (3, "line 9: aliases expand this to more than 100000 values"),
    "python-object.yaml": (3, "could not determine a constructor for the tag"),
    # Made at test time (GENERATED):
    "many-rows.md": (
        3,
        "10.002 rows in one table (line 2) is more than the limit of 10.000 (--max-rows)",
    ),
    "many-pages.pdf": (3, "2.001 pages is more than the limit of 2.000 (--max-pages)"),
    "many-tables.docx": (3, "at least 501 tables is more than the limit of 500 (--max-tables)"),
    "folder.txt": (3, "not a file"),
    "loop.txt": (3, "cannot open: Too many levels of symbolic links"),
}
# Too large to commit, or not a file a repository keeps: made in a temporary folder.
GENERATED: dict[str, Callable[[Path], object]] = {
    "many-rows.md": lambda path: path.write_text(markdown_table(10_001), encoding="utf-8"),
    "many-pages.pdf": lambda path: path.write_bytes(blank_pdf(2_001)),
    "many-tables.docx": lambda path: docx_with_tables(path, 501),
    "folder.txt": Path.mkdir,
    "loop.txt": lambda path: path.symlink_to(path.name),  # a link to itself
}


def test_every_hostile_input_has_an_expectation():
    committed = {
        p.name for p in HOSTILE.iterdir() if p.name not in {"README.md", "make_hostile.py"}
    }
    assert committed | set(GENERATED) == set(EXPECTED)
    assert not committed & set(GENERATED)


def _state(path: Path) -> tuple:
    """What reading must not change: modification time and content (bytes, the listing of
    a folder, the target of a link)."""
    info = os.lstat(path)
    if path.is_symlink():
        content: object = os.readlink(path)
    elif path.is_dir():
        content = sorted(os.listdir(path))
    else:
        content = path.read_bytes()
    return info.st_mtime_ns, content


@pytest.mark.parametrize(
    ("name", "code", "message"), [(n, *e) for n, e in EXPECTED.items()], ids=list(EXPECTED)
)
def test_hostile_input_gives_one_clear_line_or_says_nothing_was_checked(
    tmp_path, monkeypatch, name, code, message
):
    path = tmp_path / name if name in GENERATED else HOSTILE / name
    if name in GENERATED:
        GENERATED[name](path)
    before = _state(path), sorted(tmp_path.iterdir())
    monkeypatch.chdir(tmp_path)  # where an unsafe YAML loader would run `touch pwned-by-yaml`
    command = ["rules", "--rules"] if path.suffix == ".yaml" else ["audit"]
    result = CliRunner().invoke(main, [*command, str(path)], env={"COLUMNS": "300"})
    assert result.exit_code == code, result.output
    if code == 4:  # read, but nothing could be checked: a report, not an error line
        assert result.stderr == "" and message in result.stdout
        assert (_state(path), sorted(tmp_path.iterdir())) == before
        return
    assert result.stdout == ""
    assert result.stderr.startswith("lkjip-audit: ") and result.stderr.count("\n") == 1
    assert str(path) in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr
    assert (_state(path), sorted(tmp_path.iterdir())) == before  # nothing changed or written
