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

RULES_OPTION = click.option(
    "--rules",
    "rule_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra rule pack (YAML file or folder); repeatable.",
)
SELECT_OPTION = click.option(
    "--select", default="", help="Only these rule codes or prefixes, comma-separated."
)


def _fail(message: str, code: int = 3) -> None:
    click.echo(f"lkjip-audit: {message}", err=True)
    sys.exit(code)


class _Group(click.Group):
    """Turns expected errors into one clear line (a traceback only with --debug)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # usage errors (exit 2) and normal exits are click's own business
        except AuditorError as exc:
            if ctx.params.get("debug"):
                raise
            _fail(str(exc), exc.exit_code)
        except (OSError, MemoryError) as exc:
            if ctx.params.get("debug"):
                raise
            _fail(f"cannot read input: {exc}")
        except Exception as exc:  # a bug met on this input: still one line, never exit 1
            if ctx.params.get("debug"):
                raise
            _fail(
                f"internal error ({type(exc).__name__}: {exc}); "
                "re-run with --debug for the traceback and please report it"
            )
        return None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lkjip-audit")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
def main(debug: bool) -> None:
    """Audit Indonesian government performance reports (LKjIP) for inconsistencies.

    Reads a report (.txt/.md, .docx, .pdf or .xlsx), recognises its tables (performance
    agreement, achievement, budget realisation, ...) and checks them.
    """


def _input_and_output(formats: dict[str, str]) -> Callable[[Callable], Callable]:
    """PATH (default: the bundled sample), --format (one of `formats`) and --output FILE."""

    def decorate(command: Callable) -> Callable:
        command = click.option(
            "--output", "-o", type=click.Path(path_type=Path), help="Write to FILE (atomically)."
        )(command)
        command = click.option(
            "--format",
            "output_format",
            type=click.Choice(list(formats)),
            default="terminal",
            show_default=True,
            help="; ".join(f"{name}: {what}" for name, what in formats.items()) + ".",
        )(command)
        return click.argument("path", type=click.Path(path_type=Path), required=False)(command)

    return decorate


def _resolve(path: Path | None, output: Path | None = None) -> Path:
    from auditor.resources import sample_report

    path = path if path is not None else sample_report()
    if output is not None and output.resolve() == path.resolve():
        raise click.UsageError(f"--output {output} would overwrite the input; choose another file")
    return path


@main.command()
@_input_and_output({"terminal": "rich view", "json": "data"})
@LANG_OPTION
def tables(path: Path | None, output_format: str, output: Path | None, lang: str) -> None:
    """Show every table extracted from PATH: kind, canonical columns, cell problems.

    Without PATH, the bundled sample report is used.
    """
    from auditor.ingest import read_document
    from auditor.recognise.tables import recognise
    from auditor.report.tables import print_tables, recognition_to_dict

    recognition = recognise(read_document(_resolve(path, output)))
    if output_format == "json":
        _emit_json(recognition_to_dict(recognition, lang), output)
    else:
        _emit_terminal(lambda console: print_tables(recognition, console, lang), output)


def _emit_json(data: dict | list, output: Path | None) -> None:
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


def _emit(data: str | bytes, output: Path | None) -> None:
    if output is None:
        if isinstance(data, bytes) and sys.stdout.isatty():
            raise click.UsageError("this format is binary: write it to a file with --output FILE")
        click.echo(data, nl=False)
        return
    from auditor.report.output import write_atomic

    write_atomic(output, data)


FAIL_LEVELS = {
    "error": ("error",),
    "warning": ("error", "warning"),
    "info": ("error", "warning", "info"),
    "never": (),
}


# --format of `audit`: renderer modules in auditor/report with render(AuditReport).
REPORT_FORMATS = {
    "terminal": "rich summary",
    "json": "findings@1 data",
    "html": "self-contained page",
    "markdown": "for a review memo",
    "xlsx": "kertas kerja reviu workbook",
    "sarif": "SARIF 2.1.0 for CI tools",
}


@main.command()
@_input_and_output(REPORT_FORMATS)
@RULES_OPTION
@SELECT_OPTION
@click.option("--ignore", default="", help="Skip these rule codes or prefixes, comma-separated.")
@click.option(
    "--fail-on",
    type=click.Choice(list(FAIL_LEVELS)),
    default="error",
    show_default=True,
    help="Exit 1 when a finding at or above this severity exists.",
)
@click.option("--quiet", "-q", is_flag=True, help="Terminal: the header and summary only.")
@click.option(
    "--verbose", "-v", is_flag=True, help="Terminal: criteria, impact, fix and source too."
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
    quiet: bool,
    verbose: bool,
    lang: str,
) -> None:
    """Audit PATH (default: the bundled sample report) and list its inconsistencies."""
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose exclude each other")
    from auditor.engine import audit as run_audit
    from auditor.ingest import read_document
    from auditor.recognise.profiles import load_profiles
    from auditor.rules import load_rules, select_rules

    profiles = load_profiles()
    every_rule = load_rules(list(rule_paths), profiles)
    rules = select_rules(every_rule, select.split(","), ignore.split(","))
    document = read_document(_resolve(path, output))
    result = run_audit(document, rules, profiles, detect_with=every_rule)
    if output_format == "json":
        from auditor.report.json_report import findings_document

        _emit_json(findings_document(result, lang), output)
    else:
        from importlib import import_module

        from auditor.report.view import build_report

        report = build_report(result, lang)
        if output_format == "terminal":
            from auditor.report.terminal import print_report

            verbosity = -1 if quiet else 1 if verbose else 0
            _emit_terminal(lambda console: print_report(report, console, verbosity), output)
        else:
            _emit(import_module(f"auditor.report.{output_format}").render(report), output)
    failing = FAIL_LEVELS[fail_on]
    if any(f.rule.severity in failing for f in result.findings):
        sys.exit(1)


# The rule reference: `rules` (the catalogue) and `explain CODE` (one rule, with examples).
REFERENCE_FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=click.Choice(["terminal", "json", "markdown"]),
    default="terminal",
    show_default=True,
    help="Rich terminal view, JSON data or Markdown.",
)


def _emit_reference(
    output_format: str,
    data: Callable[[], dict | list],
    markdown: Callable[[], str],
    render: Callable,
) -> None:
    """Print the chosen view of a reference command; only that one is built."""
    if output_format == "json":
        _emit_json(data(), None)
    elif output_format == "markdown":
        _emit(markdown(), None)
    else:
        _emit_terminal(render, None)


@main.command("rules")
@REFERENCE_FORMAT_OPTION
@RULES_OPTION
@SELECT_OPTION
@LANG_OPTION
def rule_catalogue(output_format: str, rule_paths: tuple[Path], select: str, lang: str) -> None:
    """List the rules: code, name, title, severity, check kind, table kinds and pack."""
    from auditor.recognise.profiles import load_profiles
    from auditor.report.catalogue import catalogue_markdown, catalogue_to_list, print_catalogue
    from auditor.rules import load_rules, select_rules

    rules = select_rules(load_rules(list(rule_paths), load_profiles()), select.split(","), [])
    _emit_reference(
        output_format,
        lambda: catalogue_to_list(rules, lang),
        lambda: catalogue_markdown(rules, lang),
        lambda console: print_catalogue(rules, console, lang),
    )


@main.command()
@click.argument("code")
@REFERENCE_FORMAT_OPTION
@RULES_OPTION
@LANG_OPTION
def explain(code: str, output_format: str, rule_paths: tuple[Path], lang: str) -> None:
    """Explain rule CODE: what it checks, why, how to fix, its source, and examples.

    The failing and the passing example are the rule's own test cases, run through it.
    """
    import difflib

    from auditor.recognise.profiles import load_profiles
    from auditor.report.catalogue import (
        explain_rule,
        explanation_markdown,
        explanation_to_dict,
        print_explanation,
    )
    from auditor.rules import load_rules

    profiles = load_profiles()
    rules = {rule.code: rule for rule in load_rules(list(rule_paths), profiles)}
    wanted = code.strip().upper()
    if wanted not in rules:
        close = sorted(difflib.get_close_matches(wanted, list(rules), n=3))
        hint = f"did you mean {', '.join(close)}?" if close else "`lkjip-audit rules` lists them"
        raise click.UsageError(f"unknown rule code '{code}'; {hint}")
    explanation = explain_rule(rules[wanted], profiles)
    _emit_reference(
        output_format,
        lambda: explanation_to_dict(explanation, lang),
        lambda: explanation_markdown(explanation, lang),
        lambda console: print_explanation(explanation, console, lang),
    )
