"""The `lkjip-audit` command line.

Heavy libraries (pandas, rich) are imported inside the commands, so `--help` stays fast.
Every expected failure (unreadable input, invalid rule pack, an output that cannot be
written) is one line on stderr, `lkjip-audit: <file>: <what>`, and exit code 3; usage
errors are exit code 2 (click's convention); Ctrl-C is exit code 130. Every line printed
shows control characters as escapes: a file name cannot start a line of its own.
"""

from __future__ import annotations

import dataclasses
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import click

from auditor import __version__
from auditor.enums import Severity
from auditor.errors import AuditorError, printable, printable_lines
from auditor.i18n import Lang
from auditor.limits import Limits, current, envvar, option, set_limits

LANG_OPTION = click.option(
    "--lang",
    type=click.Choice([lang.value for lang in Lang]),
    default=Lang.ID.value,
    callback=lambda ctx, param, value: Lang(value),
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
PROFILES_OPTION = click.option(
    "--profiles",
    "profile_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE_OR_DIR",
    help="Extra table profiles (YAML in the format of rules/tables.yaml, or a folder of them); "
    "repeatable. Tried before the built-in kinds; a kind of the same name replaces one.",
)
SELECT_OPTION = click.option(
    "--select", default="", help="Only these rule codes or prefixes, comma-separated."
)
IGNORE_OPTION = click.option(
    "--ignore", default="", help="Skip these rule codes or prefixes, comma-separated."
)
FAIL_LEVELS = {
    "error": (Severity.ERROR,),
    "warning": (Severity.ERROR, Severity.WARNING),
    "info": tuple(Severity),
    "never": (),
}
FAIL_ON_OPTION = click.option(
    "--fail-on",
    type=click.Choice(list(FAIL_LEVELS)),
    default="error",
    show_default=True,
    help="Exit 1 when a finding at or above this severity remains (in any report, for "
    "batch); baselined and acknowledged findings do not count.",
)


EXIT_NOT_CHECKED = 4  # nothing could be checked (like pytest's "no tests collected")
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command Ctrl-C stopped


def _fail(message: str, code: int = 3) -> NoReturn:
    """One line on stderr, whatever `message` holds (a file name with a newline or an
    escape sequence is shown escaped), and exit `code`."""
    click.echo(f"lkjip-audit: {printable(message)}", err=True)
    sys.exit(code)


def _shown(path: Path | str) -> str:
    """A path as a message shows it: control characters escaped."""
    return printable(str(path))


class _Group(click.Group):
    """Turns expected errors into one clear line (a traceback only with --debug)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # usage errors (exit 2) and normal exits are click's own business
        except KeyboardInterrupt:  # click would say "Aborted!" and exit 1
            if ctx.params.get("debug"):
                import traceback

                traceback.print_exc()
            _fail("interrupted", EXIT_INTERRUPTED)
        except BrokenPipeError:  # `lkjip-audit audit | head`: the reader has gone
            _quiet_stdout()
            sys.exit(141)  # 128 + SIGPIPE, as a shell reports a program the pipe ended
        except AuditorError as exc:
            if ctx.params.get("debug"):
                raise
            _fail(str(exc), exc.exit_code)
        except (OSError, MemoryError) as exc:
            if ctx.params.get("debug"):
                raise
            if isinstance(exc, MemoryError):
                _fail("out of memory (MemoryError)")
            if exc.filename is not None:
                _fail(f"{exc.filename}: {exc.strerror or exc}")
            _fail(f"cannot read input: {exc}")
        except Exception as exc:  # a bug met on this input: still one line, never exit 1
            if ctx.params.get("debug"):
                raise
            _fail(
                f"internal error ({type(exc).__name__}: {exc}); "
                "re-run with --debug for the traceback and please report it"
            )


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test runner's): nothing to flush
        pass


def _limit_options(command: Callable) -> Callable:
    """One option per size limit (`auditor.limits.Limits`), also read from LKJIP_MAX_*."""
    for spec in reversed(dataclasses.fields(Limits)):
        command = click.option(
            option(spec.name),
            spec.name,
            type=click.IntRange(min=1),
            default=spec.default,
            show_default=True,
            envvar=envvar(spec.name),
            show_envvar=True,
            help=spec.metadata["help"],
        )(command)
    return command


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lkjip-audit")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@_limit_options
@click.pass_context
def main(ctx: click.Context, debug: bool, **limits: int) -> None:
    """Audit Indonesian government performance reports (LKjIP) for inconsistencies.

    Reads a report (.txt/.md, .docx, .pdf or .xlsx), recognises its tables (performance
    agreement, achievement, budget realisation, ...) and checks them. A larger input than
    the limits below allow is refused (exit 3).
    """
    # In force for this command only: a caller in the same process (a test) keeps its own.
    previous = current()
    ctx.call_on_close(lambda: set_limits(previous))
    set_limits(Limits(**limits))


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
    """The input (the bundled sample without PATH); `output`, if any, checked before any
    work: never the input, never a symbolic link or a path under a file."""
    from auditor.output import check_output
    from auditor.resources import sample_report

    path = path if path is not None else sample_report()
    if output is not None and output.resolve() == path.resolve():
        raise click.UsageError(
            f"--output {_shown(output)} would overwrite the input; choose another file"
        )
    if output is not None:
        check_output(output)
    return path


@main.command()
@_input_and_output({"terminal": "rich view", "json": "data"})
@PROFILES_OPTION
@LANG_OPTION
def tables(
    path: Path | None,
    output_format: str,
    output: Path | None,
    profile_paths: tuple[Path, ...],
    lang: Lang,
) -> None:
    """Show every table extracted from PATH: kind, canonical columns, cell problems.

    Without PATH, the bundled sample report is used.
    """
    from auditor.ingest import read_document
    from auditor.recognise.profiles import load_profiles
    from auditor.recognise.tables import recognise
    from auditor.report.tables import print_tables, recognition_to_dict

    profiles = load_profiles(extra=profile_paths)
    recognition = recognise(read_document(_resolve(path, output)), profiles)
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
        if isinstance(data, str) and sys.stdout.isatty():  # a pipe or a file gets the data
            data = printable_lines(data)  # a terminal: what the document says, never runs
        click.echo(data, nl=False)
        return
    from auditor.output import write_atomic

    write_atomic(output, data)


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
@PROFILES_OPTION
@SELECT_OPTION
@IGNORE_OPTION
@FAIL_ON_OPTION
@click.option(
    "--baseline",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Do not report again the findings in FILE, a findings JSON of an earlier run "
    "(--write-baseline or --format json); they are only counted.",
)
@click.option(
    "--write-baseline",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Also write this run's findings to FILE as a baseline (acknowledged ones left out, "
    "baselined ones kept).",
)
@click.option(
    "--acknowledgements",
    "-a",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="YAML list of acknowledged findings, each with a justification: listed as "
    "acknowledged instead of reported; entries that match nothing are reported.",
)
@click.option(
    "--engine",
    type=click.Choice(["native", "gx"]),
    default="native",
    show_default=True,
    help="gx: Great Expectations judges every rule it can express (the rest run natively); "
    "needs pip install 'lkjip-auditor[gx]'.",
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
    profile_paths: tuple[Path, ...],
    select: str,
    ignore: str,
    fail_on: str,
    baseline: Path | None,
    write_baseline: Path | None,
    acknowledgements: Path | None,
    engine: str,
    quiet: bool,
    verbose: bool,
    lang: Lang,
) -> None:
    """Audit PATH (default: the bundled sample report) and list its inconsistencies.

    \b
    Exit code:
      0  nothing at or above --fail-on (default: error)
      1  findings at or above --fail-on
      2  a usage error
      3  unreadable input, or an invalid rule pack or acknowledgements file
      4  nothing could be checked (no table recognised): never called consistent
    """
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose exclude each other")
    if engine == "gx":
        from auditor.gx import require_gx

        require_gx(lang)  # before any work: without the extra, say how to install it
    from auditor.acknowledge import (
        Screening,
        acknowledge,
        apply_baseline,
        load_acknowledgements,
    )
    from auditor.engine import audit as run_audit
    from auditor.engine import load_rule_set, native
    from auditor.findings_json import findings_document, load_baseline
    from auditor.ingest import read_document

    profiles, every_rule, rules = load_rule_set(
        rule_paths, select, ignore, profile_paths=profile_paths
    )
    waivers = load_acknowledgements(acknowledgements) if acknowledgements is not None else None
    known = load_baseline(baseline) if baseline is not None else None  # before --write-baseline
    source = _resolve(path, output)
    if write_baseline is not None and write_baseline.resolve() in {
        p.resolve() for p in (source, output) if p is not None
    }:
        raise click.UsageError(
            f"--write-baseline {_shown(write_baseline)} would overwrite the input or --output"
        )
    if write_baseline is not None:
        from auditor.output import check_output

        check_output(write_baseline)
    evaluator = native
    if engine == "gx":  # the CLI picks the engine: the core never names its optional backend
        from auditor.gx.engine import evaluate as evaluate_with_gx

        evaluator = evaluate_with_gx
    result = run_audit(read_document(source), rules, profiles, every_rule, evaluator)
    # Waivers first, then the baseline; the exit code counts what remains.
    screening = Screening()
    if waivers is not None:
        result, screening = acknowledge(result, waivers)
    if write_baseline is not None:
        _emit_json(findings_document(result, lang, screening), write_baseline)
    if known is not None:
        result, screening = apply_baseline(result, known, screening)
    if output_format == "json":
        _emit_json(findings_document(result, lang, screening), output)
    else:
        from importlib import import_module

        from auditor.report.view import build_report

        report = build_report(result, lang, screening)
        if output_format == "terminal":
            from auditor.report.terminal import print_report

            verbosity = -1 if quiet else 1 if verbose else 0
            _emit_terminal(lambda console: print_report(report, console, verbosity), output)
        else:
            _emit(import_module(f"auditor.report.{output_format}").render(report), output)
    if result.verdict(screening.screened_out()) == "not_checked":
        sys.exit(EXIT_NOT_CHECKED)  # outranks 0 and 1: a clean run of nothing proves nothing
    failing = FAIL_LEVELS[fail_on]
    if any(f.rule.severity in failing for f in result.findings):
        sys.exit(1)


@main.command("export-gx")
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    metavar="DIR",
    help="Folder to write datasets/*.csv, suites/*.json and validate.py into.",
)
@RULES_OPTION
@PROFILES_OPTION
@SELECT_OPTION
@IGNORE_OPTION
@LANG_OPTION
def export_gx(
    path: Path | None,
    output: Path,
    rule_paths: tuple[Path],
    profile_paths: tuple[Path, ...],
    select: str,
    ignore: str,
    lang: Lang,
) -> None:
    """Export PATH's tables (CSV per table kind) and the rules as Great Expectations suites.

    Without PATH, the bundled sample report is used. The folder's validate.py validates the
    CSVs with the suites in an ephemeral GX context (needs pip install 'lkjip-auditor[gx]').
    """
    from auditor.engine import load_rule_set
    from auditor.gx.export import export
    from auditor.i18n import label
    from auditor.ingest import read_document
    from auditor.output import check_folder, make_folder
    from auditor.recognise.tables import recognise

    profiles, every_rule, rules = load_rule_set(
        rule_paths, select, ignore, profile_paths=profile_paths
    )
    # Only .csv, .json and validate.py are written: never a file a report can be read from.
    source = _resolve(path)
    check_folder(output)  # before the work; created after it, so a bad input leaves none
    recognition = recognise(read_document(source), profiles)
    make_folder(output)
    written = export(recognition, rules, every_rule, output)
    click.echo(
        label(
            "gx_exported",
            lang,
            datasets=len(written.datasets),
            suites=len(written.suites),
            rounding=written.rounding,
            folder=_shown(output),
        )
    )


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
@PROFILES_OPTION
@SELECT_OPTION
@LANG_OPTION
def rule_catalogue(
    output_format: str,
    rule_paths: tuple[Path],
    profile_paths: tuple[Path, ...],
    select: str,
    lang: Lang,
) -> None:
    """List the rules: code, name, title, severity, check kind, table kinds and pack."""
    from auditor.recognise.profiles import load_profiles
    from auditor.report.catalogue import catalogue_markdown, catalogue_to_list, print_catalogue
    from auditor.rules import load_rules, select_rules

    profiles = load_profiles(extra=profile_paths)
    rules = select_rules(load_rules(list(rule_paths), profiles), select.split(","), [])
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
@PROFILES_OPTION
@LANG_OPTION
def explain(
    code: str,
    output_format: str,
    rule_paths: tuple[Path],
    profile_paths: tuple[Path, ...],
    lang: Lang,
) -> None:
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

    profiles = load_profiles(extra=profile_paths)
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


# `batch`: many reports in parallel (auditor/batch.py), on this machine or a Dask cluster.
@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(min=1),
    help="Worker processes (local) or local Dask workers.  [default: the number of CPUs]",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: processes on this machine; dask: a Dask cluster "
    "(pip install 'lkjip-auditor[dask]').",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="With --executor dask: the scheduler of an existing cluster (tcp://host:8786); "
    "without it a local cluster of --workers processes is started.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Write each report's findings JSON (as `audit --format json`), summary.csv, "
    "findings.csv and findings.parquet (needs pyarrow: pip install 'lkjip-auditor[batch]') "
    "to DIR, each as it completes.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=600,
    show_default=True,
    metavar="SECONDS",
    help="Longest one report may take (local executor): its worker is then stopped and the "
    "report listed as failed; the others go on.",
)
@RULES_OPTION
@PROFILES_OPTION
@SELECT_OPTION
@IGNORE_OPTION
@FAIL_ON_OPTION
@LANG_OPTION
def batch(
    paths: tuple[str, ...],
    workers: int | None,
    executor: str,
    scheduler: str | None,
    output: Path | None,
    timeout: float,
    rule_paths: tuple[Path],
    profile_paths: tuple[Path, ...],
    select: str,
    ignore: str,
    fail_on: str,
    lang: Lang,
) -> None:
    """Audit many reports in parallel: a progress bar, then one summary row per report.

    PATH is a report, a folder (searched recursively for the supported file types) or a
    glob such as 'laporan/**/*.pdf' (expanded here too). A report that cannot be read does
    not stop the others: it is listed with its error.

    \b
    Exit code, the first that applies:
      130  interrupted (Ctrl-C): what completed is summarised and, with --output, written
      3    a report could not be read, or a rule pack is invalid
      4    nothing could be checked in a report (no table recognised)
      1    a report has a finding at or above --fail-on
      0    otherwise
      2    a usage error: nothing was audited
    """
    import functools
    import os

    from rich.console import Console

    from auditor.batch import (
        BatchOptions,
        dask_available,
        expand_paths,
        parquet_available,
        print_summary,
        rule_set,
        run_batch,
        run_dask,
        run_local,
    )
    from auditor.i18n import label

    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler needs --executor dask")
    if executor == "dask" and not dask_available():
        _fail(label("batch_no_dask", lang))
    if output is not None:
        from auditor.output import check_folder

        check_folder(output)  # before any report is audited
    reports = expand_paths(paths)
    if not reports:
        shown = ", ".join(_shown(p) for p in paths)
        raise click.UsageError(f"{label('batch_no_reports', lang)}: {shown}")
    options = BatchOptions(
        tuple(str(p) for p in rule_paths),
        select,
        ignore,
        lang,
        current(),
        timeout,
        tuple(str(p) for p in profile_paths),
    )
    # An invalid rule pack or profile file stops here (exit 3); the workers load the same.
    rule_set(options.rule_paths, select, ignore, None, options.profile_paths)
    workers = workers or os.cpu_count() or 1
    if executor == "dask":
        run = functools.partial(run_dask, workers=workers, scheduler=scheduler)
    else:
        run = functools.partial(run_local, workers=workers)
    if output is not None and not parquet_available():
        click.echo(label("batch_no_parquet", lang), err=True)
    result = run_batch(reports, options, run, output, Console(stderr=True))
    if result.interrupted:
        written = label("batch_partial_written", lang, folder=output) if output else ""
        done = label("batch_interrupted", lang, done=len(result.outcomes), count=len(reports))
        _fail(done + written, EXIT_INTERRUPTED)
    _emit_terminal(lambda console: print_summary(result, console, lang), None)
    if output is not None:
        click.echo(label("batch_written", lang, folder=_shown(output)), err=True)
    failed = sum(o.status == "error" for o in result.outcomes)
    if failed:
        _fail(label("batch_unreadable", lang, failed=failed, count=len(reports)))
    if not_checked := sum(o.status == "not_checked" for o in result.outcomes):
        _fail(label("batch_not_checked", lang, count=not_checked), EXIT_NOT_CHECKED)
    if any(o.counts[s] for o in result.outcomes for s in FAIL_LEVELS[fail_on]):
        sys.exit(1)


if __name__ == "__main__":  # python -m auditor.cli, as the console script
    main()
