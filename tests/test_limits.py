"""Size limits: defaults, set by global options or LKJIP_MAX_* variables (options win),
checked early in every reader, and refused with one line naming the option that raises them."""

from __future__ import annotations

import pickle
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile import blank_pdf, docx_with_tables

from auditor import limits
from auditor.cli import main
from auditor.errors import InputError
from auditor.ingest import read_document
from auditor.limits import MB, Limits

# Three tables, of 3, 2 and 2 rows (header included); the first starts on line 2.
THREE_TABLES = (
    "Tabel 1 Capaian\n"
    "NO\tINDIKATOR\tCAPAIAN\n1\tPMKS\t90%\n2\tAnak\t80%\n\n"
    "Tabel 2 Capaian\n"
    "NO\tINDIKATOR\tCAPAIAN\n1\tPMKS\t90%\n\n"
    "Tabel 3 Capaian\n"
    "NO\tINDIKATOR\tCAPAIAN\n1\tPMKS\t90%\n"
)


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "laporan.txt"
    path.write_text(THREE_TABLES, encoding="utf-8")
    return path


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def assert_refused(result, message: str) -> None:
    assert result.exit_code == 3, result.output
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_defaults():
    assert Limits() == Limits(max_file_mb=100, max_pages=2000, max_tables=500, max_rows=10_000)
    assert limits.current() == Limits()
    assert pickle.loads(pickle.dumps(Limits(max_rows=7))) == Limits(max_rows=7)  # to workers


def test_tables_limit_stops_at_the_first_table_over_it(report):
    result = run("--max-tables", "1", "tables", str(report))
    # Refused on meeting table 2: table 3 was never built.
    assert_refused(
        result, f"{report}: at least 2 tables is more than the limit of 1 (--max-tables)"
    )
    assert run("--max-tables", "3", "tables", str(report)).exit_code == 0


def test_rows_limit_names_the_table(report):
    result = run("--max-rows", "2", "tables", str(report))
    assert_refused(
        result, f"{report}: 3 rows in one table (line 2) is more than the limit of 2 (--max-rows)"
    )
    assert run("--max-rows", "3", "tables", str(report)).exit_code == 0


def test_rows_limit_in_a_word_table(tmp_path):
    path = tmp_path / "laporan.docx"
    docx_with_tables(path, 1)
    result = run("--max-rows", "1", "tables", str(path))
    assert_refused(result, "2 rows in one table (table 1) is more than the limit of 1 (--max-rows)")


def test_environment_sets_limits_and_options_win(report):
    env = {"LKJIP_MAX_TABLES": "2"}
    assert_refused(run("tables", str(report), env=env), "limit of 2 (--max-tables)")
    assert run("--max-tables", "3", "tables", str(report), env=env).exit_code == 0


@pytest.mark.parametrize(
    "args", [("--max-pages", "0"), ("--max-rows", "many")], ids=["zero", "not-a-number"]
)
def test_bad_limit_is_a_usage_error(report, args):
    assert run(*args, "tables", str(report)).exit_code == 2


def test_limits_hold_for_one_command_only(report):
    run("--max-rows", "2", "tables", str(report))
    assert limits.current() == Limits()


def test_set_limits_applies_without_the_cli(report):
    limits.set_limits(Limits(max_tables=2))
    try:
        with pytest.raises(InputError, match="at least 3 tables"):
            read_document(report)
    finally:
        limits.set_limits(Limits())


@pytest.mark.parametrize("suffix", [".txt", ".md", ".docx", ".pdf", ".xlsx"])
def test_file_size_is_checked_before_reading(tmp_path, monkeypatch, suffix):
    path = tmp_path / f"besar{suffix}"
    path.write_bytes(b" " * (MB + 1))

    def never(self):
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    result = run("--max-file-mb", "1", "audit", str(path))
    assert_refused(result, f"{path}: 1,0 MB is more than the limit of 1 MB (--max-file-mb)")


def test_zip_content_is_limited_by_the_file_size_limit(tmp_path):
    """A small .docx that unpacks to more than the limit (but not a bomb's ratio)."""
    path = tmp_path / "laporan.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>" + " " * (2 * MB))
    assert path.stat().st_size < MB
    result = run("--max-file-mb", "1", "audit", str(path))
    assert_refused(
        result, "too large: 2.0 MB uncompressed (limit 1.0 MB); raise the limit with --max-file-mb"
    )


def test_pages_are_counted_before_any_is_parsed(tmp_path):
    path = tmp_path / "laporan.pdf"
    path.write_bytes(blank_pdf(3))
    result = run("--max-pages", "2", "audit", str(path))
    assert_refused(result, f"{path}: 3 pages is more than the limit of 2 (--max-pages)")
    # At the limit the pages are read: blank ones, so nothing can be checked (exit 4).
    assert run("--max-pages", "3", "audit", str(path)).exit_code == 4
