"""Audit many reports at once (`lkjip-audit batch`), in parallel, on one machine or a cluster.

One pure task, `audit_report(path, options)`, audits one report and returns a small
picklable `ReportOutcome` (counts, status, the findings@1 document); both executors run it:

* `local`: worker processes of its own (`multiprocessing`), each auditing one report at a
  time: a worker that dies (killed, out of memory) loses only its report, which is retried
  once alone in a fresh worker; a report that takes longer than `BatchOptions.timeout` has
  its worker stopped and is listed as failed;
* `dask`: a `dask.distributed` client, on an existing cluster (`--scheduler ADDRESS`) or a
  local one it starts (optional extra: `pip install 'lkjip-auditor[dask]'`).

Rule packs are loaded once per process (`rule_set` is cached) and checked in the parent
first, so an invalid pack stops the batch before any work starts. Each report's failure,
expected (`AuditorError`) or not, is recorded in its outcome: one broken report never stops
the others. Outcomes arrive as they complete; with an output folder each report's findings
JSON is written (atomically) as it arrives, and the summary and findings tables at the end,
or at Ctrl-C (or any other stop) with the reports completed so far. Text cells of the CSV
tables are neutralised against spreadsheet formulas; the terminal table shows file names and
document text as plain text, control characters escaped.
"""

from __future__ import annotations

import functools
import glob
import io
import json
import os
import pickle
import re
import signal
import time
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.engine import load_rule_set
from auditor.enums import SEVERITIES, Severity, Verdict
from auditor.errors import AuditorError
from auditor.i18n import Lang, label
from auditor.ingest import READERS

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import DefaultContext
    from multiprocessing.process import BaseProcess

    import pandas as pd
    from dask.distributed import Client, LocalCluster
    from dask.distributed import Future as DaskFuture
    from rich.console import Console

    from auditor.limits import Limits

# What an executor gives: the outcomes as they complete (closed early on Ctrl-C), and
# None now and then while it waits, so that the caller can refresh its progress bar.
Outcomes = Generator["ReportOutcome | None", None, None]
SUMMARY_CSV = "summary.csv"
FINDINGS_CSV = "findings.csv"
FINDINGS_PARQUET = "findings.parquet"
NESTED_FIELDS = ("diagnosis", "source")  # a finding's objects: one column per field
SKIPPED_PREFIXES = (".", "~$")  # hidden files, Office lock files ("~$laporan.docx")
# Seconds one report may take before its worker is stopped and it is listed as failed: far
# above any real report (the sample takes seconds), so only a hang or a crafted input hits it.
REPORT_TIMEOUT = 600.0
TICK_SECONDS = 0.5  # the longest the local executor waits without giving the caller a turn


@dataclass(frozen=True)
class BatchOptions:
    """What every report is audited with (sent to each worker with each report)."""

    rule_paths: tuple[str, ...] = ()
    select: str = ""
    ignore: str = ""
    lang: Lang = Lang.ID
    limits: Limits | None = None  # the parent's input limits (None: the worker's defaults)
    timeout: float | None = REPORT_TIMEOUT  # seconds per report (local executor; None: none)
    profile_paths: tuple[str, ...] = ()  # the reviewer's table profiles (--profiles)


@dataclass
class ReportOutcome:
    """One report's result: small and picklable, so workers send it back cheaply."""

    path: str
    # The report's verdict (consistent, findings, partly_checked, not_checked: see
    # auditor/coverage.py), or "error" when it could not be read.
    status: str
    agency: str | None = None
    tables: int = 0
    counts: dict[Severity, int] = field(default_factory=lambda: dict.fromkeys(Severity, 0))
    tables_checked: int = 0
    numeric_cells: int = 0
    numeric_cells_checked: int = 0
    error: str | None = None  # one line: what went wrong, when status is "error"
    document: dict[str, Any] | None = None  # the findings@1 document, unless status is "error"
    seconds: float = 0.0


# The rule packs, loaded once per worker process (not once per report).
rule_set = functools.cache(load_rule_set)


def audit_report(path: str, options: BatchOptions) -> ReportOutcome:
    """Audit one report; never raises for a bad report (its outcome says what went wrong)."""
    start = time.perf_counter()
    try:
        from auditor.engine import audit
        from auditor.findings_json import findings_document
        from auditor.ingest import read_document
        from auditor.recognise.metadata import agency_name

        if options.limits is not None:
            from auditor.limits import set_limits

            set_limits(options.limits)
        profiles, every_rule, rules = rule_set(
            options.rule_paths, options.select, options.ignore, None, options.profile_paths
        )
        result = audit(read_document(path), rules, profiles, detect_with=every_rule)
        coverage = result.coverage
        return ReportOutcome(
            path=path,
            status=result.verdict(),
            agency=agency_name(result.recognition.document),
            tables=len(result.recognition.datasets),
            counts=result.counts(),
            tables_checked=coverage.tables_checked,
            numeric_cells=coverage.numeric_cells,
            numeric_cells_checked=coverage.numeric_cells_checked,
            document=findings_document(result, options.lang),
            seconds=time.perf_counter() - start,
        )
    except Exception as exc:  # one broken report must not stop the batch
        message = str(exc) if isinstance(exc, AuditorError) else f"{type(exc).__name__}: {exc}"
        return ReportOutcome(
            path, "error", error=_one_line(message), seconds=time.perf_counter() - start
        )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def expand_paths(arguments: Iterable[str]) -> list[str]:
    """The reports named by `arguments`, in order, each once: a file as given; a folder's
    and a glob's files of a supported type (recursively; hidden and lock files skipped).
    An argument that names nothing is kept as it is, so its report fails as "not found"."""
    found: dict[str, None] = {}
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            files = [str(p) for p in sorted(path.rglob("*")) if _is_report(p)]
        elif path.exists() or not glob.has_magic(argument):
            files = [argument]
        else:
            matches = sorted(glob.glob(argument, recursive=True))
            files = [f for m in matches for f in expand_paths([m]) if _is_report(Path(f))]
            files = files or [argument]
        for file in files:
            found.setdefault(os.path.normpath(file), None)
    return list(found)


def _is_report(path: Path) -> bool:
    return (
        path.is_file()
        and path.suffix.lower() in READERS
        and not path.name.startswith(SKIPPED_PREFIXES)
    )


def output_names(paths: Sequence[str]) -> dict[str, str]:
    """Each report's findings JSON file name: its own name; "-2", "-3" ... added when
    reports in different folders share one (compared without case, as on Windows/macOS)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for path in paths:
        stem = re.sub(r"[^\w.-]+", "_", Path(path).stem) or "report"
        name, n = f"{stem}.json", 1
        while name.casefold() in taken:
            n += 1
            name = f"{stem}-{n}.json"
        taken.add(name.casefold())
        names[path] = name
    return names


# Executors: each yields the outcomes as they complete, and cancels what is still pending
# when closed early (Ctrl-C).


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ctrl-C ignored meanwhile, so that the worker processes started inherit it ignored: a
    terminal sends it to every process of the batch, and the parent alone handles it
    (cancels pending work, keeps what completed)."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run_local(paths: Sequence[str], options: BatchOptions, workers: int) -> Outcomes:
    """Start the worker processes and hand each its first report now (before any progress
    bar runs); the outcomes come from the returned iterator."""
    pool = _Pool(options, workers)
    reports = deque(paths)
    try:
        pool.fill(reports)
    except BaseException:
        pool.close(gracefully=False)
        raise
    return _local_outcomes(pool, reports)


def _local_outcomes(pool: _Pool, reports: deque[str]) -> Outcomes:
    finished = False
    try:
        yield from pool.run(reports)
        finished = True
    finally:
        # Stopped early (Ctrl-C): the workers are stopped with their reports; nothing else
        # starts. Finished: each worker is told to end.
        pool.close(gracefully=finished)


@dataclass
class _Worker:
    """A worker process, its end of the pipe to it, and the report it is auditing."""

    process: BaseProcess
    conn: Connection
    single_use: bool  # audits one report and ends: a lost report's retry, alone
    path: str | None = None
    started: float = 0.0


# The parent's ends of the workers' pipes. A worker forked from the parent closes its copies
# first, so that each pipe has one reader and one writer and a worker whose parent is gone
# reads end-of-file instead of waiting for ever.
_PARENT_ENDS: set[Connection] = set()


def _serve(conn: Connection, single_use: bool) -> None:
    """A worker process: audit each report the parent sends and send back its outcome."""
    for other in list(_PARENT_ENDS):
        other.close()
    _PARENT_ENDS.clear()
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the parent is gone
            return
        if task is None:
            return
        path, options = task
        conn.send(audit_report(path, options))
        if single_use:
            return


class _Pool:
    """At most `size` worker processes, each auditing one report at a time.

    The parent knows which report each worker has, so a worker that dies loses only that
    report: it is retried once, alone, in a fresh single-use worker (a death caused by
    something else, such as the system's out-of-memory killer choosing that worker, is not
    held against it); a report whose worker dies again is listed as failed. A report that
    takes longer than `options.timeout` has its worker stopped and is listed as failed.
    Workers are forked from the parent's one thread (no helper threads), so a fresh worker
    can be started at any time."""

    def __init__(self, options: BatchOptions, size: int) -> None:
        import multiprocessing

        self.options = options
        self.size = max(1, size)
        self.context: DefaultContext = multiprocessing.get_context()
        self.workers: list[_Worker] = []
        self.retries: deque[str] = deque()  # reports whose worker died once
        self.tried: set[str] = set()
        self.ready: list[ReportOutcome] = []  # outcomes not yet given out

    def busy(self) -> list[_Worker]:
        return [w for w in self.workers if w.path is not None]

    def fill(self, reports: deque[str]) -> None:
        """Give work to free workers (starting them as needed), retries first."""
        while len(self.busy()) < self.size and (self.retries or reports):
            retry = bool(self.retries)
            path = self.retries.popleft() if retry else reports.popleft()
            try:
                if retry:
                    self._retire_idle()
                    worker = self._start(single_use=True)
                else:
                    idle = [w for w in self.workers if w.path is None and not w.single_use]
                    worker = idle[0] if idle else self._start(single_use=False)
            except OSError as exc:  # no process can be started (memory, process limit)
                message = label("batch_no_worker", self.options.lang, error=exc)
                self.ready.append(ReportOutcome(path, "error", error=_one_line(message)))
                continue
            try:
                worker.conn.send((path, self.options))
            except OSError:  # it died idle: start another for this report
                self._discard(worker)
                (self.retries if retry else reports).appendleft(path)
                continue
            worker.path, worker.started = path, time.monotonic()

    def run(self, reports: deque[str]) -> Outcomes:
        from multiprocessing.connection import wait

        while True:
            self.fill(reports)
            yield from self._given_out()
            if not (reports or self.retries or self.busy()):
                return
            waitables = [o for w in self.workers for o in (w.conn, w.process.sentinel)]
            ready = set(wait(waitables, timeout=self._wait_seconds()))
            self._collect(ready)
            if not self.ready:
                yield None  # still working: the caller's turn (its progress bar)

    def _given_out(self) -> Iterator[ReportOutcome]:
        while self.ready:
            yield self.ready.pop(0)

    def _wait_seconds(self) -> float:
        timeout = self.options.timeout
        if timeout is None:
            return TICK_SECONDS
        now = time.monotonic()
        due = min((w.started + timeout - now for w in self.busy()), default=TICK_SECONDS)
        return min(max(due, 0.0), TICK_SECONDS)

    def _collect(self, ready: set[Any]) -> None:
        """Outcomes of the workers that answered; lost and timed-out reports handled."""
        now = time.monotonic()
        timeout = self.options.timeout
        for worker in list(self.workers):
            path = worker.path
            if worker.conn in ready or worker.process.sentinel in ready:
                outcome = self._receive(worker)
                if outcome is not None:
                    self.ready.append(outcome)
                    worker.path = None
                    if worker.single_use:
                        self._discard(worker)
                    continue
                self._discard(worker, kill=True)  # it died: with its report, if it had one
                if path is None:
                    continue
                if path in self.tried:
                    message = label("batch_worker_lost", self.options.lang)
                    self.ready.append(
                        ReportOutcome(path, "error", error=message, seconds=now - worker.started)
                    )
                else:
                    self.tried.add(path)
                    self.retries.append(path)
            elif path is not None and timeout is not None and now - worker.started >= timeout:
                self._discard(worker, kill=True)
                message = label("batch_timeout", self.options.lang, seconds=f"{timeout:g}")
                self.ready.append(
                    ReportOutcome(path, "error", error=message, seconds=now - worker.started)
                )

    @staticmethod
    def _receive(worker: _Worker) -> ReportOutcome | None:
        """The worker's outcome, or None when it died without sending one."""
        try:
            if not worker.conn.poll():
                return None
            outcome = worker.conn.recv()
        except (EOFError, OSError, pickle.UnpicklingError):
            return None
        return outcome if isinstance(outcome, ReportOutcome) else None

    def _start(self, single_use: bool) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(child, single_use), daemon=True)
        _PARENT_ENDS.add(parent)
        try:
            with _sigint_ignored():  # inherited: Ctrl-C is the parent's to handle
                process.start()
        except BaseException:
            _PARENT_ENDS.discard(parent)
            parent.close()
            raise
        finally:
            child.close()
        worker = _Worker(process, parent, single_use)
        self.workers.append(worker)
        return worker

    def _retire_idle(self) -> None:
        """Make room for a single-use worker: end an idle one when all places are taken."""
        if len(self.workers) < self.size:
            return
        for worker in self.workers:
            if worker.path is None:
                self._discard(worker, kill=True)
                return

    def _discard(self, worker: _Worker, kill: bool = False) -> None:
        self.workers.remove(worker)
        _PARENT_ENDS.discard(worker.conn)
        worker.conn.close()
        if kill:
            worker.process.kill()
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(timeout=5)

    def close(self, gracefully: bool) -> None:
        """End every worker: told to (all done), or stopped at once (interrupted)."""
        if gracefully:
            for worker in self.workers:
                with suppress(OSError):  # it died meanwhile: stopped below
                    worker.conn.send(None)
        for worker in list(self.workers):
            if gracefully:
                worker.process.join(timeout=5)
            self._discard(worker, kill=True)


def run_dask(
    paths: Sequence[str], options: BatchOptions, workers: int, scheduler: str | None
) -> Outcomes:
    """Connect to `scheduler`, or start a local cluster of `workers` processes, and submit
    every report now; the outcomes come from the returned iterator."""
    import logging

    from dask.distributed import Client, LocalCluster

    for name in ("distributed", "dask", "bokeh", "tornado"):
        logging.getLogger(name).setLevel(logging.ERROR)
    if scheduler:
        cluster = None
        try:
            client = Client(scheduler, timeout="10s")
        except OSError as exc:
            raise AuditorError(f"cannot connect to the Dask scheduler {scheduler}: {exc}") from None
    else:
        with _sigint_ignored():  # inherited by the worker processes it starts
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        client = Client(cluster)
    try:
        futures = client.map(audit_report, list(paths), options=options, pure=False)
    except BaseException:
        _close_dask(client, cluster, [])
        raise
    return _dask_outcomes(client, cluster, futures, list(paths))


def _dask_outcomes(
    client: Client, cluster: LocalCluster | None, futures: list[DaskFuture], paths: list[str]
) -> Outcomes:
    from dask.distributed import as_completed

    path_of = {future.key: path for future, path in zip(futures, paths, strict=True)}
    try:
        for future in as_completed(futures):
            yield _outcome(future.result, path_of[future.key])
    finally:
        _close_dask(client, cluster, futures)


def _close_dask(client: Client, cluster: LocalCluster | None, futures: list[DaskFuture]) -> None:
    if futures:
        client.cancel(futures)
    client.close()
    if cluster is not None:
        cluster.close()


def _outcome(result: Callable[[], ReportOutcome], path: str) -> ReportOutcome:
    """The task's outcome (Dask); a worker lost while auditing (killed, out of memory) is
    that report's error, not the batch's."""
    try:
        return result()
    except Exception as exc:
        return ReportOutcome(path, "error", error=_one_line(f"{type(exc).__name__}: {exc}"))


def dask_available() -> bool:
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        return False
    return True


def parquet_available() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class BatchRun:
    paths: list[str]  # every report, in input order
    outcomes: list[ReportOutcome]  # the completed ones, in input order
    interrupted: bool = False
    written: list[Path] = field(default_factory=list)  # summary and findings tables


def run_batch(
    paths: list[str],
    options: BatchOptions,
    executor: Callable[[Sequence[str], BatchOptions], Outcomes],
    output: Path | None,
    progress_console: Console,
) -> BatchRun:
    """Run `executor` over `paths` with a progress bar; write each report's findings JSON to
    `output` as it completes, then the tables. Ctrl-C stops the run: the outcomes so far
    are kept and written, and the run says it was interrupted. Any other error is raised
    after the tables of the outcomes so far are written.

    The progress bar is refreshed on the executor's turns, not by a thread of its own: the
    local executor may start a worker process at any time, and forking while another
    thread holds a lock could leave the worker waiting on it for ever."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    names = output_names(paths)
    done: dict[str, ReportOutcome] = {}
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=progress_console,
        disable=not progress_console.is_terminal,
        transient=True,
        auto_refresh=False,
    )
    run = BatchRun(paths, [])
    try:
        outcomes = executor(paths, options)
        with closing(outcomes), progress:
            task = progress.add_task(label("batch_auditing", options.lang), total=len(paths))
            for outcome in outcomes:
                if outcome is not None:
                    done[outcome.path] = outcome
                    if output is not None and outcome.document is not None:
                        _write_json(output / names[outcome.path], outcome.document)
                    progress.advance(task)
                progress.refresh()
    except KeyboardInterrupt:
        run.interrupted = True
    finally:  # also when something else stopped the run: what completed is written
        run.outcomes = [done[p] for p in paths if p in done]
        if output is not None:
            run.written = write_tables(run.outcomes, names, output)
    return run


def _write_json(path: Path, document: dict[str, Any]) -> None:
    from auditor.output import write_atomic

    write_atomic(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def summary_frame(outcomes: Sequence[ReportOutcome], names: dict[str, str]) -> pd.DataFrame:
    """One row per report: file, agency, tables, findings by severity, status (the verdict,
    or "error"), coverage (tables checked, numeric cells tested of all, and that share in
    per cent), the error message, the findings JSON's name and the seconds it took."""
    import pandas as pd

    rows = [
        {
            "file": o.path,
            "agency": o.agency,
            "tables": o.tables,
            **o.counts,
            "status": o.status,
            "tables_checked": o.tables_checked,
            "numeric_cells": o.numeric_cells,
            "numeric_cells_checked": o.numeric_cells_checked,
            "coverage": coverage_percent(o),
            "message": o.error,
            "findings_json": names[o.path] if o.document is not None else None,
            "seconds": round(o.seconds, 3),
        }
        for o in outcomes
    ]
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


SUMMARY_COLUMNS = (
    "file",
    "agency",
    "tables",
    *SEVERITIES,
    "status",
    "tables_checked",
    "numeric_cells",
    "numeric_cells_checked",
    "coverage",
    "message",
    "findings_json",
    "seconds",
)


def coverage_percent(outcome: ReportOutcome) -> float | None:
    """The share of numeric cells a value rule tested, in per cent (None: no numbers)."""
    if not outcome.numeric_cells:
        return None
    return round(100 * outcome.numeric_cells_checked / outcome.numeric_cells, 1)


def findings_frame(outcomes: Sequence[ReportOutcome]) -> pd.DataFrame:
    """Every finding of every report, one row each: the report's file and agency, then the
    finding's fields; `expected_interval` as two numbers, `diagnosis` and `source` as
    columns of their own, lists (related cells, alternatives ...) as JSON text."""
    import pandas as pd

    rows = []
    for outcome in outcomes:
        for finding in (outcome.document or {}).get("findings", []):
            row: dict[str, Any] = {"file": outcome.path, "agency": outcome.agency}
            for key, value in finding.items():
                if key == "expected_interval":
                    low, high = value or (None, None)
                    row |= {"expected_low": low, "expected_high": high}
                elif key in NESTED_FIELDS:
                    row |= {f"{key}_{k}": v for k, v in (value or {}).items()}
                elif isinstance(value, list):
                    row[key] = json.dumps(value, ensure_ascii=False)
                else:
                    row[key] = value
            rows.append(row)
    return pd.DataFrame(rows).convert_dtypes()


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell neutralised against spreadsheet formula injection
    (a file name or document text starting with =, +, - or @ gets a leading apostrophe:
    `auditor.output.csv_cell`); numbers stay numbers."""
    import pandas as pd

    from auditor.output import csv_cell

    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or isinstance(safe[column].dtype, pd.StringDtype):
            safe[column] = safe[column].map(csv_cell).astype(object)
    return safe


def write_tables(
    outcomes: Sequence[ReportOutcome], names: dict[str, str], output: Path
) -> list[Path]:
    """summary.csv, findings.csv (text cells neutralised against spreadsheet formulas) and
    (with pyarrow) findings.parquet, each atomically."""
    from auditor.output import write_atomic

    written = []
    summary = summary_frame(outcomes, names)
    findings = findings_frame(outcomes)
    for name, data in (
        (SUMMARY_CSV, csv_safe(summary).to_csv(index=False)),
        (FINDINGS_CSV, csv_safe(findings).to_csv(index=False)),
    ):
        write_atomic(output / name, data)
        written.append(output / name)
    if parquet_available():
        buffer = io.BytesIO()
        findings.to_parquet(buffer, index=False)
        write_atomic(output / FINDINGS_PARQUET, buffer.getvalue())
        written.append(output / FINDINGS_PARQUET)
    return written


def print_summary(run: BatchRun, console: Console, lang: Lang) -> None:
    """The per-report table (file, agency, tables, findings by severity, status) and totals.
    Files are shown relative to the folder they share, named in the title."""
    from rich.table import Table
    from rich.text import Text

    try:
        folder = os.path.commonpath([os.path.dirname(p) for p in run.paths])
    except ValueError:  # absolute and relative paths, or several drives: shown in full
        folder = ""
    title = label("batch_title", lang, count=len(run.outcomes))
    # File names and document text are shown as they are: never read as markup, control
    # characters escaped.
    table = Table(title=Text(f"{title}: {visible(folder)}" if folder else title), show_footer=True)
    totals = {s: sum(o.counts[s] for o in run.outcomes) for s in SEVERITIES}
    table.add_column(label("file", lang), footer=label("total", lang), overflow="fold")
    table.add_column(label("agency", lang), overflow="fold")
    tables = str(sum(o.tables for o in run.outcomes))
    table.add_column(label("tables", lang), justify="right", footer=tables)
    for severity, style in zip(SEVERITIES, ("red", "yellow", "cyan"), strict=True):
        table.add_column(
            label(f"{severity}_count", lang),
            justify="right",
            style=style,
            footer=str(totals[severity]),
        )
    statuses = Counter(o.status for o in run.outcomes)
    status_totals = ", ".join(
        f"{statuses[s]} {_status_label(s, lang)}" for s in STATUSES if statuses[s]
    )
    table.add_column(label("coverage", lang), justify="right")
    table.add_column(label("status", lang), footer=status_totals, overflow="fold")
    for o in run.outcomes:
        if o.status == "error":  # the row names the file: the message need not repeat it
            message = (o.error or "").removeprefix(f"{o.path}: ")
            status = Text.assemble((_status_label("error", lang), "red"), f": {visible(message)}")
        else:
            status = Text(_status_label(o.status, lang), style=STATUS_STYLE.get(o.status, ""))
        name = os.path.relpath(o.path, folder) if folder else o.path
        counts = [str(o.counts[s]) for s in SEVERITIES]
        share = coverage_percent(o)
        shown = "" if share is None else f"{share:.1f}%".replace(".", "," if lang == "id" else ".")
        cells: list[Text | str] = [Text(visible(name)), Text(visible(o.agency or ""))]
        table.add_row(*cells, str(o.tables), *counts, shown, status)
    console.print(table)


CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1 control characters


def visible(text: str) -> str:
    """`text` with its control characters written as escapes ("\\n", "\\x1b"), so that a
    file name or document text cannot move the cursor or restyle the terminal."""
    return CONTROL_RE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


# Report statuses in the order a reviewer deals with them, and how they are shown.
STATUSES = (
    "error",
    Verdict.NOT_CHECKED,
    Verdict.FINDINGS,
    Verdict.PARTLY_CHECKED,
    Verdict.CONSISTENT,
)
STATUS_STYLE: dict[str, str] = {"not_checked": "red", "findings": "yellow"}
STATUS_STYLE["partly_checked"] = "yellow"


def _status_label(status: str, lang: Lang) -> str:
    return label("batch_unreadable_status" if status == "error" else f"status_{status}", lang)
