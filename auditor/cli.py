"""The `lkjip-audit` command line.

Heavy libraries (pandas, rich) are imported inside the commands, so `--help` stays fast.
Every expected failure (unreadable input, invalid rule pack) is one line on stderr and
exit code 3; usage errors are exit code 2 (click's convention).
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from auditor import __version__
from auditor.errors import AuditorError

LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(["id", "en"]),
    default="id",
    show_default=True,
    help="Language of messages and labels (Indonesian or English).",
)


def _fail(message: str, code: int = 3) -> None:
    click.echo(f"lkjip-audit: {message}", err=True)
    sys.exit(code)


class _Group(click.Group):
    """Turns expected errors into one clear line (a traceback only with --debug)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except AuditorError as exc:
            if ctx.params.get("debug"):
                raise
            _fail(str(exc), exc.exit_code)
        except (OSError, MemoryError) as exc:
            if ctx.params.get("debug"):
                raise
            _fail(f"cannot read input: {exc}")
        return None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lkjip-audit")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
def main(debug: bool) -> None:
    """Audit Indonesian government performance reports (LKjIP) for inconsistencies.

    Reads a report (text or Markdown for now), recognises its tables (performance
    agreement, achievement, budget realisation, ...) and checks them.
    """


def _input_and_output(command: Callable) -> Callable:
    """PATH (default: the bundled sample), --format terminal|json and --output FILE."""
    command = click.option(
        "--output", "-o", type=click.Path(path_type=Path), help="Write to FILE (atomically)."
    )(command)
    command = click.option(
        "--format",
        "output_format",
        type=click.Choice(["terminal", "json"]),
        default="terminal",
        show_default=True,
        help="Rich terminal view or JSON data.",
    )(command)
    return click.argument("path", type=click.Path(path_type=Path), required=False)(command)


def _resolve(path: Path | None) -> Path:
    from auditor.resources import sample_report

    return path if path is not None else sample_report()


@main.command()
@_input_and_output
@LANG_OPTION
def tables(path: Path | None, output_format: str, output: Path | None, lang: str) -> None:
    """Show every table extracted from PATH: kind, canonical columns, cell problems.

    Without PATH, the bundled sample report is used.
    """
    from auditor.ingest import read_document
    from auditor.recognise.tables import recognise
    from auditor.report.tables import print_tables, recognition_to_dict

    recognition = recognise(read_document(_resolve(path)))
    if output_format == "json":
        _emit_json(recognition_to_dict(recognition, lang), output)
    else:
        _emit_terminal(lambda console: print_tables(recognition, console, lang), output)


def _emit_json(data: dict, output: Path | None) -> None:
    _emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)


def _emit_terminal(render: Callable, output: Path | None) -> None:
    """Render with rich to the terminal, or as plain text (120 columns) to a file."""
    from rich.console import Console

    if output is None:
        render(Console())
        return
    console = Console(record=True, width=120, file=io.StringIO())
    render(console)
    _emit(console.export_text(), output)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from auditor.report.output import write_text_atomic

    write_text_atomic(output, text)


FAIL_LEVELS = {
    "error": ("error",),
    "warning": ("error", "warning"),
    "info": ("error", "warning", "info"),
    "never": (),
}


@main.command()
@_input_and_output
@click.option(
    "--rules",
    "rule_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra rule pack (YAML file or folder); repeatable.",
)
@click.option("--select", default="", help="Only these rule codes or prefixes, comma-separated.")
@click.option("--ignore", default="", help="Skip these rule codes or prefixes, comma-separated.")
@click.option(
    "--fail-on",
    type=click.Choice(list(FAIL_LEVELS)),
    default="error",
    show_default=True,
    help="Exit 1 when a finding at or above this severity exists.",
)
@LANG_OPTION
def audit(
    path: Path | None,
    output_format: str,
    output: Path | None,
    rule_paths: tuple[Path],
    select: str,
    ignore: str,
    fail_on: str,
    lang: str,
) -> None:
    """Audit PATH (default: the bundled sample report) and list its inconsistencies."""
    from auditor.engine import audit as run_audit
    from auditor.ingest import read_document
    from auditor.recognise.profiles import load_profiles
    from auditor.rules import load_rules, select_rules

    profiles = load_profiles()
    every_rule = load_rules(list(rule_paths), profiles)
    rules = select_rules(every_rule, select.split(","), ignore.split(","))
    result = run_audit(read_document(_resolve(path)), rules, profiles, detect_with=every_rule)
    if output_format == "json":
        from auditor.report.json_report import findings_document

        _emit_json(findings_document(result, lang), output)
    else:
        from auditor.report.terminal import print_findings

        _emit_terminal(lambda console: print_findings(result, console, lang), output)
    failing = FAIL_LEVELS[fail_on]
    if any(f.rule.severity in failing for f in result.findings):
        sys.exit(1)
