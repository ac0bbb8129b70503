"""The command line as a user runs it: fast help, clear errors, exit codes, JSON output."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from auditor.cli import main
from auditor.resources import sample_report


def test_help_does_not_import_pandas():
    code = (
        "import sys\n"
        "from auditor.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('pandas', 'rich', 'numpy', 'yaml') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "Usage" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "HEAVY="  # none of them imported


def test_text_input_imports_no_other_format_library():
    """python-docx, pdfplumber and openpyxl cost import time: only their own formats load them."""
    code = (
        "import sys\n"
        "from auditor.ingest import read_document\n"
        "from auditor.resources import sample_report\n"
        "read_document(sample_report())\n"
        "loaded = [m for m in ('docx', 'lxml', 'pdfplumber', 'pdfminer', 'openpyxl')"
        " if m in sys.modules]\n"
        "print('LOADED=' + ','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "LOADED="


def test_python_dash_m_runs():
    result = subprocess.run(
        [sys.executable, "-m", "auditor", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "lkjip-audit" in result.stdout


def test_tables_json_on_bundled_sample():
    result = CliRunner().invoke(main, ["tables", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema"] == "lkjip-audit/tables@1"
    assert data["source"]["path"].endswith(sample_report().name)
    kinds = [t["kind"] for t in data["tables"]]
    assert "realisasi_anggaran" in kinds and "efisiensi" in kinds


def test_tables_terminal_english():
    result = CliRunner().invoke(main, ["tables", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "tables found" in result.output
    assert "ambiguous separator" in result.output


def test_missing_file_is_exit_3_one_line(tmp_path):
    result = CliRunner().invoke(main, ["tables", str(tmp_path / "nope.txt")])
    assert result.exit_code == 3
    assert result.output.count("\n") == 1
    assert "Traceback" not in result.output


def test_unsupported_type_is_exit_3(tmp_path):
    bad = tmp_path / "report.odt"
    bad.write_bytes(b"PK\x03\x04")
    result = CliRunner().invoke(main, ["tables", str(bad)])
    assert result.exit_code == 3
    assert "unsupported file type" in result.output


def test_binary_text_file_is_exit_3_and_file_untouched(tmp_path):
    bad = tmp_path / "report.txt"
    content = b"Tabel 1\n\x89PNG\x1a\x00\x00"  # neither UTF-8 nor Windows-1252 text
    bad.write_bytes(content)
    result = CliRunner().invoke(main, ["tables", str(bad)])
    assert result.exit_code == 3
    assert "not a text file: byte 12 is a control character (0x1A)" in result.output
    assert bad.read_bytes() == content


def test_usage_error_is_exit_2():
    result = CliRunner().invoke(main, ["tables", "--format", "pdf"])
    assert result.exit_code == 2


def test_output_file_written(tmp_path):
    out = tmp_path / "sub" / "tables.json"
    result = CliRunner().invoke(main, ["tables", "--format", "json", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["tables"]
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]
