"""`lkjip-audit batch` survives what a report can do to its worker, and writes what it shows
safely: a worker killed while auditing costs only its report (retried once, alone), a
report that never ends is stopped after the timeout, the CSV tables cannot start a
spreadsheet formula and the terminal table shows names as they are.

The misbehaving reports are files of test-only types whose readers (registered in
`auditor.ingest.READERS` here, and inherited by the worker processes, which are forked)
kill their own process or sleep.
"""

from __future__ import annotations

import csv
import functools
import io
import multiprocessing
import os
import shutil
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from auditor import batch
from auditor.batch import BatchOptions, BatchRun, ReportOutcome, run_batch, run_local
from auditor.cli import main
from auditor.enums import Severity
from auditor.i18n import Lang, label
from auditor.ingest import READERS
from auditor.model import Document
from auditor.resources import bundled_path

# The misbehaving readers reach the workers by inheritance: POSIX signals, forked workers.
forked = pytest.mark.skipif(
    sys.platform == "win32" or multiprocessing.get_start_method() != "fork",
    reason="the test readers reach worker processes only when they are forked",
)

SAMPLE = bundled_path("datasets", "lkjip-sumenep-dinsos-p3a-2023.txt")
REPAIRED = bundled_path("datasets", "lkjip-sumenep-dinsos-p3a-2023-repaired.txt")
HEALTHY = {"consistent", "findings"}


# --- test-only readers -------------------------------------------------------------------


def _count_attempt(path: Path) -> None:
    with open(f"{path}.attempts", "a", encoding="utf-8") as handle:
        handle.write(f"{os.getpid()}\n")


def attempts(path: Path) -> list[int]:
    marker = Path(f"{path}.attempts")
    return [int(line) for line in marker.read_text().split()] if marker.exists() else []


def killing_reader(path: Path) -> Document:
    """Kills the process reading it, as the out-of-memory killer would."""
    _count_attempt(path)
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


def killing_once_reader(path: Path) -> Document:
    """Kills the first process reading it; read as text afterwards (a passing fault)."""
    _count_attempt(path)
    if len(attempts(path)) == 1:
        os.kill(os.getpid(), signal.SIGKILL)
    from auditor.ingest.text import read_text

    return read_text(path)


def sleeping_reader(path: Path) -> Document:
    """Never ends (as a reader stuck on a crafted file would)."""
    _count_attempt(path)
    time.sleep(600)
    raise AssertionError("unreachable")


@pytest.fixture
def readers(monkeypatch: pytest.MonkeyPatch) -> None:
    for suffix, reader in (
        (".kill", "killing_reader"),
        (".killonce", "killing_once_reader"),
        (".hang", "sleeping_reader"),
    ):
        monkeypatch.setitem(READERS, suffix, (__name__, reader))


def healthy_reports(folder: Path, count: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"laporan-{n:02d}.txt"
        shutil.copy(SAMPLE if n % 2 else REPAIRED, path)
        paths.append(path)
    return paths


def quiet() -> Console:
    return Console(file=io.StringIO(), width=200)


def local(workers: int) -> functools.partial[batch.Outcomes]:
    return functools.partial(run_local, workers=workers)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- a worker that dies ------------------------------------------------------------------


@forked
@pytest.mark.usefixtures("readers")
def test_a_killed_worker_costs_only_its_report(tmp_path: Path) -> None:
    reports = healthy_reports(tmp_path / "in", 6)
    poison = tmp_path / "in" / "racun.kill"
    poison.write_text("x", encoding="utf-8")
    paths = [str(p) for p in [*reports[:3], poison, *reports[3:]]]
    out = tmp_path / "out"
    options = BatchOptions(lang=Lang.EN)
    run = run_batch(paths, options, local(2), out, quiet())
    assert not run.interrupted
    status = {o.path: o for o in run.outcomes}
    assert [o.path for o in run.outcomes] == paths  # every report, in input order
    for n, path in enumerate(map(str, reports)):  # the sample (odd) and its repaired copy
        assert status[path].status == ("findings" if n % 2 else "consistent"), status[path]
    lost = status[str(poison)]
    assert (lost.status, lost.error) == ("error", label("batch_worker_lost", Lang.EN))
    assert lost.error == "the worker auditing this report stopped (killed or out of memory)"
    assert len(attempts(poison)) == 2  # retried once, then given up
    assert len(set(attempts(poison))) == 2  # each time in a fresh process
    rows = read_csv(out / "summary.csv")
    assert [r["file"] for r in rows] == paths
    assert {r["status"] for r in rows if r["file"] != str(poison)} <= HEALTHY
    assert (out / "findings.csv").exists()
    assert len(list(out.glob("*.json"))) == len(reports)


@forked
@pytest.mark.usefixtures("readers")
def test_a_report_whose_worker_died_once_is_audited_on_retry(tmp_path: Path) -> None:
    reports = healthy_reports(tmp_path / "in", 3)
    flaky = tmp_path / "in" / "sekali.killonce"
    shutil.copy(REPAIRED, flaky)
    paths = [str(flaky), *map(str, reports)]
    run = run_batch(paths, BatchOptions(lang=Lang.EN), local(2), None, quiet())
    assert [o.status for o in run.outcomes] == [
        "consistent",
        "consistent",
        "findings",
        "consistent",
    ]
    assert len(attempts(flaky)) == 2


@forked
@pytest.mark.usefixtures("readers")
def test_a_killed_worker_in_the_command_line_batch(tmp_path: Path) -> None:
    reports = healthy_reports(tmp_path / "in", 4)
    poison = tmp_path / "in" / "racun.kill"
    poison.write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    args = ["batch", str(tmp_path / "in"), "-j", "2", "-o", str(out), "--lang", "en"]
    result = CliRunner().invoke(main, args, env={"COLUMNS": "400"})
    assert result.exit_code == 3, result.output  # a report failed: "could not be read"
    assert "stopped (killed or out of memory)" in result.stdout
    assert "2 findings, 2 consistent" in result.stdout.replace("\n", " ")
    rows = {r["file"]: r for r in read_csv(out / "summary.csv")}
    assert sorted(rows) == sorted(map(str, [*reports, poison]))
    assert rows[str(poison)]["status"] == "error"


# --- a report that never ends ------------------------------------------------------------


@forked
@pytest.mark.usefixtures("readers")
def test_a_report_that_never_ends_is_stopped_after_the_timeout(tmp_path: Path) -> None:
    reports = healthy_reports(tmp_path / "in", 3)
    stuck = tmp_path / "in" / "macet.hang"
    stuck.write_text("x", encoding="utf-8")
    paths = [str(stuck), *map(str, reports)]
    start = time.monotonic()
    run = run_batch(paths, BatchOptions(lang=Lang.EN, timeout=3), local(2), tmp_path, quiet())
    assert time.monotonic() - start < 120
    first, *rest = run.outcomes
    assert (first.status, first.error) == (
        "error",
        "audit took longer than 3 s; its worker was stopped",
    )
    assert 3 <= first.seconds < 60
    assert all(o.status in HEALTHY for o in rest)
    (pid,) = attempts(stuck)  # not retried: it would only hang again
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # its worker is gone (killed and reaped)
    assert [r["file"] for r in read_csv(tmp_path / "summary.csv")] == paths


@forked
@pytest.mark.usefixtures("readers")
def test_the_command_line_sets_the_timeout(tmp_path: Path) -> None:
    healthy_reports(tmp_path / "in", 2)
    (tmp_path / "in" / "macet.hang").write_text("x", encoding="utf-8")
    args = ["batch", str(tmp_path / "in"), "-j", "2", "--timeout", "2", "--lang", "en"]
    result = CliRunner().invoke(main, args, env={"COLUMNS": "400"})
    assert result.exit_code == 3, result.output
    assert "audit took longer than 2 s; its worker was stopped" in result.stdout


def test_the_timeout_has_a_default() -> None:
    assert BatchOptions().timeout == batch.REPORT_TIMEOUT == 600
    (option,) = [p for p in main.commands["batch"].params if p.name == "timeout"]
    assert option.default == batch.REPORT_TIMEOUT


# --- the parent's turn and its shut-down --------------------------------------------------


def test_no_worker_is_left_after_a_batch_or_an_interruption(tmp_path: Path) -> None:
    reports = [str(p) for p in healthy_reports(tmp_path / "in", 4)]
    outcomes = run_local(reports, BatchOptions(), 2)
    first = next(o for o in outcomes if o is not None)
    assert first.status in HEALTHY
    outcomes.close()  # as Ctrl-C does: the workers are stopped, not waited for
    assert not batch._PARENT_ENDS
    assert not multiprocessing.active_children()
    everything = [o for o in run_local(reports, BatchOptions(), 2) if o is not None]
    assert sorted(o.path for o in everything) == sorted(reports)
    assert not multiprocessing.active_children()


def test_tables_are_written_when_something_else_stops_the_run(tmp_path: Path) -> None:
    def broken_after_one(reports: Sequence[str], options: BatchOptions) -> batch.Outcomes:
        yield batch.audit_report(reports[0], options)
        raise RuntimeError("the cluster went away")

    paths = [str(REPAIRED), str(SAMPLE)]
    with pytest.raises(RuntimeError):
        run_batch(paths, BatchOptions(), broken_after_one, tmp_path, quiet())
    assert [r["file"] for r in read_csv(tmp_path / "summary.csv")] == [str(REPAIRED)]


# --- what the batch writes and shows --------------------------------------------------------


def outcome(path: str, agency: str | None, error: str | None = None) -> ReportOutcome:
    document = {
        "findings": [
            {"rule": "LKJ101", "message": "=1+1", "reported": "-", "expected": "-5", "line": 3},
            {"rule": "LKJ102", "message": "@SUM(A1)", "reported": "+3,5", "line": 4},
        ]
    }
    if error is not None:
        return ReportOutcome(path, "error", error=error)
    counts = dict.fromkeys(Severity, 0) | {Severity.ERROR: 2}
    return ReportOutcome(path, "findings", agency, 21, counts, 20, 416, 396, document=document)


def test_csv_cells_cannot_start_a_formula(tmp_path: Path) -> None:
    outcomes = [
        outcome('=HYPERLINK("http://x").txt', "+Dinas Sosial"),
        outcome("-laporan.txt", None, error="@bad: -cannot read"),
        outcome("biasa.txt", "Dinas Kesehatan"),
    ]
    names = batch.output_names([o.path for o in outcomes])
    batch.write_tables(outcomes, names, tmp_path)
    summary = read_csv(tmp_path / "summary.csv")
    assert [r["file"] for r in summary] == [
        '\'=HYPERLINK("http://x").txt',
        "'-laporan.txt",
        "biasa.txt",
    ]
    assert [r["agency"] for r in summary] == ["'+Dinas Sosial", "", "Dinas Kesehatan"]
    assert summary[1]["message"] == "'@bad: -cannot read"
    # Numbers stay numbers.
    assert (summary[0]["tables"], summary[0]["error"], summary[0]["coverage"]) == (
        "21",
        "2",
        "95.2",
    )
    findings = read_csv(tmp_path / "findings.csv")
    assert [f["message"] for f in findings] == ["'=1+1", "'@SUM(A1)", "'=1+1", "'@SUM(A1)"]
    assert findings[0]["file"] == '\'=HYPERLINK("http://x").txt'
    assert (findings[0]["reported"], findings[0]["expected"]) == ("'-", "-5")
    assert (findings[1]["reported"], findings[0]["line"]) == ("+3,5", "3")
    for row in [*summary, *findings]:  # no cell starts a formula
        assert not any(v.startswith(("=", "+", "@")) and v != "+3,5" for v in row.values())


def test_csv_of_a_file_named_like_a_formula(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(REPAIRED, tmp_path / "=cmd.txt")
    shutil.copy(REPAIRED, tmp_path / "@laporan.txt")
    result = CliRunner().invoke(main, ["batch", "=cmd.txt", "@laporan.txt", "-j", "1", "-o", "out"])
    assert result.exit_code == 0, result.output
    assert [r["file"] for r in read_csv(tmp_path / "out" / "summary.csv")] == [
        "'=cmd.txt",
        "'@laporan.txt",
    ]


def shown(run: BatchRun) -> str:
    written = io.StringIO()
    batch.print_summary(run, Console(file=written, width=300, color_system=None), Lang.EN)
    return written.getvalue()


def test_terminal_table_shows_names_as_they_are() -> None:
    folder = "/data/[red]laporan[/red]"
    outcomes = [
        outcome(f"{folder}/LKjIP 2023 [final].txt", "[bold]Dinas[/bold] :smile:"),
        outcome(f"{folder}/lap[/b].txt", "Dinas [/]"),
        outcome(f"{folder}/x.txt", None, error="[link=http://x]klik[/link] gagal"),
    ]
    text = shown(BatchRun([o.path for o in outcomes], outcomes))
    for literal in (
        "LKjIP 2023 [final].txt",
        "lap[/b].txt",
        "[bold]Dinas[/bold] :smile:",
        "Dinas [/]",
        "[link=http://x]klik[/link] gagal",
        "/data/[red]laporan[/red]",
    ):
        assert literal in text, literal


def test_terminal_table_escapes_control_characters() -> None:
    names = ["a\nb.txt", "warna\x1b[31mmerah.txt", "judul\x1b]0;pwned\x07.txt", "c1\x9b2J.txt"]
    outcomes = [outcome(f"/d/{n}", "Dinas\rX\x7f") for n in names]
    outcomes.append(outcome("/d/rusak.txt", None, error="tidak terbaca \x1b[2J\x00"))
    text = shown(BatchRun([o.path for o in outcomes], outcomes))
    assert not any(c in text for c in "\x1b\x07\x00\r\x7f\x9b")
    for escaped in (
        "a\\nb.txt",
        "warna\\x1b[31mmerah.txt",
        "judul\\x1b]0;pwned\\x07.txt",
        "c1\\x9b2J.txt",
        "Dinas\\rX\\x7f",
        "tidak terbaca \\x1b[2J\\x00",
    ):
        assert escaped in text, escaped
    assert batch.visible("Dinas Sosial — 2023 ✓") == "Dinas Sosial — 2023 ✓"
