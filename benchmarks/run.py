"""Benchmarks anyone can run: `python benchmarks/run.py [--runs N] [--reports N]`.

Prints a table of medians over N runs (default 5) on this machine. Machines are shared and
noisy, so the table gives ratios within one run (against `python -c "import pandas"`, the
floor any pandas-based tool pays), never timings to compare across machines.

- cold CLI: wall time of a fresh `python -m auditor` process for `--help` and for auditing
  the bundled sample as text, DOCX and PDF, and its peak memory (max RSS);
- stages: in-process time of ingest, recognise + rules (the engine), and render, after a
  warm-up (imports excluded);
- readers: each format of the sample, and the PDF reader's pages per second;
- engines (needs Great Expectations, else one note row): `import great_expectations` cold
  (GX's import floor); the cold text audit with `--engine native` and `--engine gx`; and
  the engine step alone in-process, warm (`audit` on the already-read sample with
  the native evaluator and GX's); each gx row gives its ratio to native;
- batch: reports per second for 1, 2, … workers over N synthetic reports generated from
  the sample (`datasets/synthetic.py`).

How the audit grows with rows and tables: `python benchmarks/growth.py` (or `--growth`
here).

Targets (issue 7, brief §8): text audit within 2× the pandas floor; `--help` under 0.3 s;
PDF ≤ 0.1 s per page; batch throughput ≥ 1.7× from 1 to 2 workers.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.ingest import read_document  # noqa: E402
from auditor.resources import bundled_path  # noqa: E402

SAMPLE = "lkjip-sumenep-dinsos-p3a-2023"
Row = tuple[str, str, str]  # measurement, median, notes


def median_seconds(action: Callable[[], object], runs: int) -> float:
    action()  # warm-up: imports and caches are not what is measured
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_process(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of one fresh process (os.wait4 gives its own rusage).

    On Linux the child's peak RSS is at least this process's peak at the time it starts (the
    high-water mark survives the fork and exec), so processes are measured before anything
    big is imported or read here."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args)} exited {process.returncode}")
    return elapsed, usage.ru_maxrss


def median_processes(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, int]]:
    """Median wall seconds and median peak RSS (KB) of `runs` fresh processes per command."""
    measured = {}
    for name, args in commands.items():
        samples = [run_process(args) for _ in range(runs)]
        measured[name] = (
            statistics.median(s[0] for s in samples),
            statistics.median(s[1] for s in samples),
        )
    return measured


def audit_command(suffix: str, *options: str) -> list[str]:
    path = bundled_path("datasets", f"{SAMPLE}.{suffix}")
    return [sys.executable, "-m", "auditor", "audit", str(path), "--format", "json", *options]


def cold_rows(runs: int) -> tuple[list[Row], float]:
    """The cold rows, and the floor's median seconds (for the other sections' cold rows)."""
    python = sys.executable
    commands = {
        'python -c "import pandas" (floor)': [python, "-c", "import pandas"],
        "lkjip-audit --help": [python, "-m", "auditor", "--help"],
        **{
            f"lkjip-audit audit sample.{suffix}": audit_command(suffix)
            for suffix in ("txt", "docx", "pdf")
        },
    }
    measured = median_processes(commands, runs)
    floor = next(iter(measured.values()))[0]
    rows = [
        (name, f"{seconds:.2f} s", f"{seconds / floor:.2f}× floor; peak {rss / 1024:.0f} MB")
        for name, (seconds, rss) in measured.items()
    ]
    return rows, floor


def stage_rows(runs: int) -> list[Row]:
    from rich.console import Console

    from auditor.engine import audit
    from auditor.findings_json import findings_document
    from auditor.recognise.profiles import load_profiles
    from auditor.report.terminal import print_report
    from auditor.report.view import build_report
    from auditor.rules import load_rules

    path = bundled_path("datasets", f"{SAMPLE}.txt")
    profiles = load_profiles()
    rules = load_rules([], profiles)
    document = read_document(path)
    result = audit(document, rules, profiles, detect_with=rules)

    def render() -> None:
        findings_document(result, "id")
        print_report(build_report(result, "id"), Console(file=io.StringIO(), width=120))

    stages = {
        "stage: ingest (read the text)": lambda: read_document(path),
        "stage: load rule packs": lambda: load_rules([], load_profiles()),
        "stage: recognise + rules": lambda: audit(document, rules, profiles, detect_with=rules),
        "stage: render (JSON + terminal)": render,
    }
    return [
        (name, f"{median_seconds(action, runs) * 1000:.0f} ms", "in-process, warm")
        for name, action in stages.items()
    ]


def gx_installed() -> bool:
    return importlib.util.find_spec("great_expectations") is not None


def engine_cold_rows(runs: int, floor: float) -> list[Row]:
    """Native vs GX engine, cold CLI (against the pandas `floor`); one note row without GX."""
    if not gx_installed():
        return [("engines: native vs gx", "skipped", "great_expectations is not installed")]
    commands = {
        'python -c "import great_expectations"': [
            sys.executable,
            "-c",
            "import great_expectations",
        ],
        "lkjip-audit audit sample.txt --engine native": audit_command("txt", "--engine", "native"),
        "lkjip-audit audit sample.txt --engine gx": audit_command("txt", "--engine", "gx"),
    }
    cold = median_processes(commands, runs)
    cold_native = cold["lkjip-audit audit sample.txt --engine native"][0]
    rows = []
    for name, (seconds, rss) in cold.items():
        notes = f"{seconds / floor:.2f}× floor; peak {rss / 1024:.0f} MB"
        if name.endswith("--engine gx"):
            notes = f"{seconds / cold_native:.2f}× native; {notes}"
        rows.append((name, f"{seconds:.2f} s", notes))
    return rows


def engine_warm_rows(runs: int) -> list[Row]:
    """Native vs GX engine, the engine step alone on the already-read sample, warm."""
    if not gx_installed():
        return []
    from auditor.engine import audit, load_rule_set, native
    from auditor.gx.engine import evaluate as evaluate_with_gx

    profiles, every_rule, rules = load_rule_set((), "", "")
    document = read_document(bundled_path("datasets", f"{SAMPLE}.txt"))
    evaluators = {"native": native, "gx": evaluate_with_gx}
    warm = {
        engine: median_seconds(
            lambda evaluate=evaluate: audit(document, rules, profiles, every_rule, evaluate),
            runs,
        )
        for engine, evaluate in evaluators.items()
    }
    rows = []
    for engine, seconds in warm.items():
        notes = "in-process, warm"
        if engine == "gx":
            notes += f"; {seconds / warm['native']:.2f}× native"
        rows.append((f"engine step: audit(..., {engine})", f"{seconds * 1000:.0f} ms", notes))
    return rows


def pdf_pages(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def reader_rows(runs: int) -> list[Row]:
    rows = []
    text = None
    for suffix in ("txt", "docx", "pdf", "xlsx"):
        path = bundled_path("datasets", f"{SAMPLE}.{suffix}")
        seconds = median_seconds(lambda path=path: read_document(path), runs)
        text = text or seconds
        detail = f"{seconds / text:.1f}× text"
        if suffix == "pdf":
            pages = pdf_pages(path)
            per_page = seconds / pages
            detail += f"; {pages} pages, {per_page:.3f} s/page, {1 / per_page:.1f} pages/s"
        rows.append((f"read sample .{suffix}", f"{seconds * 1000:.0f} ms", detail))
    return rows


def batch_rows(runs: int, reports: int, workers: list[int]) -> list[Row]:
    sys.path.insert(0, str(ROOT / "datasets"))
    from synthetic import generate

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        inputs = Path(folder) / "in"
        generate(reports, inputs, seed=1)
        base = None
        for count in workers:
            args = [sys.executable, "-m", "auditor", "batch", str(inputs), "--workers", str(count)]
            seconds = statistics.median(
                run_process([*args, "--output", str(Path(folder) / f"out-{count}-{n}")])[0]
                for n in range(runs)
            )
            rate = reports / seconds
            base = base or rate
            rows.append(
                (
                    f"batch {reports} reports, {count} worker(s)",
                    f"{seconds:.1f} s",
                    f"{rate:.1f} reports/s; {rate / base:.2f}× 1 worker",
                )
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--reports", type=int, default=40, help="synthetic reports for batch")
    parser.add_argument("--workers", default="1,2", help="worker counts for batch, e.g. 1,2,4")
    parser.add_argument("--skip-batch", action="store_true", help="leave out the batch rows")
    parser.add_argument(
        "--skip-engines", action="store_true", help="leave out the native vs gx engine rows"
    )
    parser.add_argument(
        "--growth",
        action="store_true",
        help="measure how the audit grows with rows and tables instead (benchmarks/growth.py)",
    )
    options = parser.parse_args()
    runs = options.runs
    if options.growth:
        from growth import main as growth

        growth(["--runs", str(runs)])
        return
    rows, floor = cold_rows(runs)
    # The engines' cold rows are measured now, while this process is small (see run_process),
    # and printed with their warm rows after the readers.
    engines = [] if options.skip_engines else engine_cold_rows(runs, floor)
    rows += stage_rows(runs) + reader_rows(runs)
    if not options.skip_engines:
        rows += engines + engine_warm_rows(runs)
    if not options.skip_batch:
        workers = [int(w) for w in options.workers.split(",")]
        rows += batch_rows(runs, options.reports, workers)
    width = max(len(r[0]) for r in rows)
    print(f"{'measurement':<{width}}  {'median':>8}  notes (median of {runs} runs)")
    for name, value, notes in rows:
        print(f"{name:<{width}}  {value:>8}  {notes}")


if __name__ == "__main__":
    main()
