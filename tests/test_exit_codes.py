"""Exit codes and error handling exactly as the brief (§6) states them, one test per code.

0: nothing at or above --fail-on; 1: findings at or above it; 2: usage error;
3: unreadable input or invalid rule pack (one line on stderr, no traceback).
"""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner
from reporting import REPAIRED

from auditor import output as output_module
from auditor.cli import main
from auditor.resources import sample_report


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_exit_0_when_nothing_reaches_fail_on():
    assert run("audit", str(REPAIRED)).exit_code == 0  # the repaired copy has only info
    assert run("audit", "--fail-on", "never").exit_code == 0  # the sample, gate off


def test_exit_1_when_findings_reach_fail_on():
    assert run("audit").exit_code == 1  # the sample has errors
    assert run("audit", str(REPAIRED), "--fail-on", "info").exit_code == 1


@pytest.mark.parametrize(
    "args",
    [
        ("audit", "--format", "pdf"),
        ("audit", "--no-such-option"),
        ("audit", "--quiet", "--verbose"),
        ("audit", "--fail-on", "fatal"),
        ("no-such-command",),
    ],
)
def test_exit_2_on_usage_errors(args):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_exit_2_when_output_would_overwrite_input(tmp_path):
    report = tmp_path / "laporan.txt"
    report.write_bytes(sample_report().read_bytes())
    before = report.read_bytes()
    result = run("audit", str(report), "--format", "json", "--output", str(report))
    assert result.exit_code == 2
    assert "overwrite the input" in result.output
    assert report.read_bytes() == before


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("missing.txt", None, "missing.txt"),
        ("laporan.odt", b"PK\x03\x04", "unsupported file type"),
        ("laporan.txt", b"Tabel 1\n\x00\x01\x02", "not a text file: byte 8"),
    ],
)
def test_exit_3_on_unreadable_input_one_line(tmp_path, name, content, needle):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run("audit", str(path))
    assert result.exit_code == 3
    assert result.output.count("\n") == 1 and result.output.startswith("lkjip-audit: ")
    assert needle in result.output and "Traceback" not in result.output
    if content is not None:
        assert path.read_bytes() == content  # input never modified


def test_exit_3_on_invalid_rule_pack_names_file_and_line(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("rules:\n  - code: XYZ001\n    colour: red\n", encoding="utf-8")
    result = run("audit", "--rules", str(pack))
    assert result.exit_code == 3
    assert f"{pack}:" in result.output and result.output.count("\n") == 1


def test_debug_shows_the_traceback(tmp_path):
    result = run("--debug", "audit", str(tmp_path / "missing.txt"))
    assert result.exit_code != 0
    assert result.exception is not None  # re-raised for the traceback, not swallowed


def test_output_is_replaced_atomically_and_kept_on_failure(tmp_path, monkeypatch):
    out = tmp_path / "findings.json"
    out.write_text("previous report", encoding="utf-8")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(output_module.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output_module.write_atomic(out, "new report")
    assert out.read_text(encoding="utf-8") == "previous report"
    assert os.listdir(tmp_path) == ["findings.json"]  # no temporary file left behind


@pytest.mark.parametrize("fmt", ["json", "terminal", "html", "markdown", "xlsx", "sarif"])
def test_every_format_writes_its_output_file(tmp_path, fmt):
    out = tmp_path / "out" / f"findings.{fmt}"
    result = run("audit", "--format", fmt, "--output", str(out))
    assert result.exit_code == 1, result.output  # the sample's errors still set the exit code
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert out.stat().st_size > 0
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]


def test_binary_format_refuses_a_terminal(monkeypatch):
    import io

    import click

    from auditor import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(cli.sys, "stdout", Terminal())
    with pytest.raises(click.UsageError, match="--output"):
        cli._emit(b"PK\x03\x04", None)


def test_unexpected_error_is_one_line_not_exit_1(monkeypatch):
    """A bug must never pass for "findings found" (exit 1) nor print a traceback."""

    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr("auditor.engine.audit", broken)
    result = run("audit")
    assert result.exit_code == 3
    assert "internal error (ValueError: boom)" in result.output
    assert result.output.count("\n") == 1
