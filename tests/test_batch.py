"""`lkjip-audit batch`: many generated reports, in parallel, locally and on a Dask cluster.

The 202 reports (200 readable, 2 not) come from `datasets/synthetic.py`; one batch over
them (2 workers) is shared by the tests that check its summary, its per-report JSON and
its findings tables.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from auditor import batch
from auditor.batch import BatchOptions, ReportOutcome, audit_report, expand_paths
from auditor.cli import main
from auditor.limits import Limits, current, set_limits
from auditor.resources import bundled_path

DATASETS = Path(__file__).resolve().parent.parent / "datasets"
spec = importlib.util.spec_from_file_location("synthetic", DATASETS / "synthetic.py")
synthetic = importlib.util.module_from_spec(spec)
spec.loader.exec_module(synthetic)

SAMPLE = bundled_path("datasets", "lkjip-sumenep-dinsos-p3a-2023.txt")
REPAIRED = bundled_path("datasets", "lkjip-sumenep-dinsos-p3a-2023-repaired.txt")
READABLE, BROKEN = 200, 2


def invoke_batch(*args: str) -> object:
    # Wide enough that no table cell is wrapped in the middle of a message.
    return CliRunner().invoke(main, ["batch", *args], env={"COLUMNS": "400"})


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("reports")
    paths = synthetic.generate(READABLE + BROKEN, folder, seed=7, broken=BROKEN)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["variants"]
    out = tmp_path_factory.mktemp("out")
    result = invoke_batch(str(folder), "--workers", "2", "--output", str(out))
    summary = {row["file"]: row for row in read_csv(out / "summary.csv")}
    return {
        "paths": [str(p) for p in paths],
        "variants": dict(zip([str(p) for p in paths], manifest, strict=True)),
        "out": out,
        "result": result,
        "summary": summary,
    }


def test_batch_over_generated_reports_summarises_each(big: dict) -> None:
    result, summary, variants = big["result"], big["summary"], big["variants"]
    assert result.exit_code == 3, result.output  # unreadable reports outrank findings
    assert sorted(summary) == sorted(big["paths"])
    broken = {p for p, v in variants.items() if v["broken"]}
    assert len(broken) == BROKEN
    for path, row in summary.items():
        variant = variants[path]
        if path in broken:
            assert row["status"] == "error"
            assert "not a text file" in row["message"] and row["findings_json"] == ""
            continue
        assert row["status"] != "error" and row["message"] == "", row
        assert row["agency"] == variant["agency"]
        assert row["tables"] == "21"
        errors, warnings = int(row["error"]), int(row["warning"])
        if variant["base"] == "sample":  # the original's known errors, whatever the layout
            assert (errors, warnings) == (17, 21), (path, variant)
            assert row["status"] == "findings"
        elif variant["planted"]:  # one changed digit is found
            assert errors + warnings >= 1, (path, variant)
            assert row["status"] == "findings"
        else:  # renamed, rescaled, moved in time, laid out anew: still clean
            assert (errors, warnings) == (0, 0), (path, variant)
            assert row["status"] == "consistent", row
    kinds = {(v["base"], bool(v["planted"]), v["layout"]) for v in variants.values()}
    assert len(kinds) >= 5  # clean, planted and sample variants, TAB and Markdown
    # The terminal table lists the broken reports with their error; stderr counts them.
    assert "gagal dibaca: not a text file" in result.stdout
    found = sum(r["status"] == "findings" for r in summary.values())
    clean = sum(r["status"] == "consistent" for r in summary.values())
    assert found + clean == READABLE
    assert f"{BROKEN} gagal dibaca, {found} temuan, {clean} konsisten" in result.stdout
    assert f"{BROKEN} dari {READABLE + BROKEN} laporan tidak dapat dibaca" in result.stderr


def test_per_report_json_is_what_audit_writes(big: dict) -> None:
    readable = [p for p, row in big["summary"].items() if row["status"] != "error"]
    for path in random.Random(2024).sample(readable, 10):
        audited = CliRunner().invoke(main, ["audit", path, "--format", "json"])
        assert audited.exit_code in (0, 1), audited.output
        written = big["out"] / big["summary"][path]["findings_json"]
        assert json.loads(written.read_text(encoding="utf-8")) == json.loads(audited.stdout)


def test_findings_tables_hold_every_finding(big: dict) -> None:
    out, summary = big["out"], big["summary"]
    per_report = {}
    for path, row in summary.items():
        if row["status"] != "error":
            document = json.loads((out / row["findings_json"]).read_text(encoding="utf-8"))
            per_report[path] = len(document["findings"])
            counted = sum(int(row[s]) for s in ("error", "warning", "info"))
            assert per_report[path] == counted
    assert len(list(out.glob("*.json"))) == READABLE
    table = pd.read_csv(out / "findings.csv")
    assert len(table) == sum(per_report.values())
    assert table["file"].value_counts().to_dict() == {p: n for p, n in per_report.items() if n}
    assert {"rule", "severity", "message", "line", "reported", "expected"} <= set(table.columns)
    parquet = pd.read_parquet(out / "findings.parquet")
    assert list(parquet.columns) == list(table.columns) and len(parquet) == len(table)
    assert parquet["rule"].tolist() == table["rule"].tolist()
    assert not list(out.glob(".*.tmp"))  # every file was renamed into place


def test_exit_codes_and_their_precedence(tmp_path: Path) -> None:
    broken = tmp_path / "rusak.txt"
    broken.write_bytes(b"\x81\x8d\x8f")
    cases = [
        ([SAMPLE], [], 1),  # errors found
        ([REPAIRED], [], 0),  # clean
        ([SAMPLE, broken], [], 3),  # unreadable outranks findings
        ([os.path.relpath(REPAIRED), broken], ["--fail-on", "never"], 3),  # mixed rel/abs
        ([SAMPLE], ["--fail-on", "never"], 0),
    ]
    for paths, options, code in cases:
        result = invoke_batch(*map(str, paths), "--workers", "1", "--lang", "en", *options)
        assert result.exit_code == code, (paths, options, result.output)
    assert result.stderr == ""
    result = invoke_batch(str(SAMPLE), str(broken), "--workers", "1", "--lang", "en")
    assert result.stderr.strip().splitlines() == [
        "lkjip-audit: 1 of 2 reports could not be read (see the table above)"
    ]


def test_folders_and_globs_expand_to_supported_reports(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    wanted = [tmp_path / "a" / "one.txt", tmp_path / "a" / "b" / "two.md", tmp_path / "x.TXT"]
    for path in wanted:
        shutil.copy(REPAIRED, path)
    for name in ("a/notes.csv", "a/b/manifest.json", "a/.hidden.txt", "a/~$draft.docx"):
        (tmp_path / name).write_text("not a report", encoding="utf-8")
    everything = sorted(map(str, wanted))
    assert sorted(expand_paths([str(tmp_path)])) == everything
    assert sorted(expand_paths([str(tmp_path / "**" / "*")])) == everything
    assert expand_paths([str(tmp_path / "a" / "*.txt")]) == [str(wanted[0])]
    # Each report once, in the order first named; a name that matches nothing stays, so
    # its report fails as "not found" instead of vanishing.
    missing = str(tmp_path / "nowhere" / "*.pdf")
    assert expand_paths([str(wanted[2]), str(tmp_path), missing]) == [
        str(wanted[2]),
        *(p for p in everything if p != str(wanted[2])),
        missing,
    ]
    result = invoke_batch(str(tmp_path / "a" / "**" / "*.md"), missing, "--lang", "en")
    assert result.exit_code == 3
    assert "two.md" in result.stdout and "file not found" in result.stdout


def test_reports_with_the_same_name_get_their_own_json(tmp_path: Path) -> None:
    for folder in ("dinsos", "dinkes"):
        (tmp_path / folder).mkdir()
        shutil.copy(REPAIRED, tmp_path / folder / "lkjip-2023.txt")
    shutil.copy(SAMPLE, tmp_path / "dinsos" / "lkjip-2023.md")
    out = tmp_path / "out"
    result = invoke_batch(str(tmp_path / "dinkes"), str(tmp_path / "dinsos"), "-o", str(out))
    assert result.exit_code == 1, result.output
    rows = read_csv(out / "summary.csv")
    assert [Path(r["file"]).relative_to(tmp_path).as_posix() for r in rows] == [
        "dinkes/lkjip-2023.txt",
        "dinsos/lkjip-2023.md",
        "dinsos/lkjip-2023.txt",
    ]
    assert [r["findings_json"] for r in rows] == [
        "lkjip-2023.json",
        "lkjip-2023-2.json",
        "lkjip-2023-3.json",
    ]
    for row in rows:
        document = json.loads((out / row["findings_json"]).read_text(encoding="utf-8"))
        assert document["source"]["path"] == row["file"]
        assert document["summary"]["error"] == int(row["error"])


def test_interrupted_batch_keeps_completed_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [tmp_path / f"lkjip-{n}.txt" for n in range(6)]
    for path in paths:
        shutil.copy(SAMPLE, path)
    closed = []

    def interrupted_after_three(reports, options, workers):  # Ctrl-C during the 4th report
        try:
            for report in reports[:3]:
                yield audit_report(report, options)
            raise KeyboardInterrupt
        finally:
            closed.append(True)  # the executor was told to stop (it cancels pending work)

    monkeypatch.setattr(batch, "run_local", interrupted_after_three)
    out = tmp_path / "out"
    result = invoke_batch(*map(str, paths), "-o", str(out), "--lang", "en")
    assert result.exit_code == 130
    assert result.stderr.strip().splitlines() == [
        f"lkjip-audit: interrupted: 3 of 6 reports audited; the summary of those was written "
        f"to {out}"
    ]
    assert closed == [True]
    assert sorted(p.name for p in out.glob("*.json")) == [f"lkjip-{n}.json" for n in range(3)]
    for n in range(3):
        document = json.loads((out / f"lkjip-{n}.json").read_text(encoding="utf-8"))
        assert document["summary"]["error"] == 17
    assert [r["file"] for r in read_csv(out / "summary.csv")] == list(map(str, paths[:3]))
    assert len(pd.read_csv(out / "findings.csv")) == 3 * 49
    assert not list(out.glob(".*.tmp"))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX process groups and signals")
def test_ctrl_c_in_a_terminal_stops_the_workers_too(tmp_path: Path) -> None:
    """SIGINT to the whole process group, as a terminal sends it: the parent cancels what
    has not started, keeps what completed and exits 130 within seconds."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for n in range(80):
        shutil.copy(SAMPLE, reports / f"lkjip-{n:02d}.txt")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "auditor", "batch", str(reports), "-j", "2", "-o", str(out)]
    process = subprocess.Popen(
        [*command, "--lang", "en"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # A test run in the background may have Ctrl-C ignored: the batch must not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 60
        while len(list(out.glob("*.json"))) < 5 and time.monotonic() < deadline:
            time.sleep(0.1)
        os.killpg(process.pid, signal.SIGINT)
        interrupted = time.monotonic()
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, stderr
    # The ~75 reports left take ~15 s of two workers: they were cancelled, not run.
    assert time.monotonic() - interrupted < 8
    done = read_csv(out / "summary.csv")
    assert 5 <= len(done) < 80
    last = stderr.strip().splitlines()[-1]
    assert last.startswith(f"lkjip-audit: interrupted: {len(done)} of 80 reports audited")
    for row in done:
        document = json.loads((out / row["findings_json"]).read_text(encoding="utf-8"))
        assert document["summary"]["error"] == 17
    assert len(list(out.glob("*.json"))) == len(done) and not list(out.glob(".*.tmp"))


def test_without_pyarrow_csv_only_said_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    out = tmp_path / "out"
    result = invoke_batch(str(REPAIRED), "-o", str(out), "--lang", "en", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("pyarrow is not installed") == 1
    assert (out / "findings.csv").exists() and not (out / "findings.parquet").exists()


def test_input_limits_reach_the_workers(tmp_path: Path) -> None:
    previous = current()
    try:
        outcome = audit_report(str(SAMPLE), BatchOptions(limits=Limits(max_tables=5)))
    finally:
        set_limits(previous)
    assert outcome.status == "error" and "--max-tables" in outcome.error
    out = tmp_path / "out"
    args = ["--max-tables", "5", "batch", str(SAMPLE), "-j", "1", "-o", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 3
    assert "--max-tables" in read_csv(out / "summary.csv")[0]["message"]


def test_bad_options_stop_before_any_work(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text("rules:\n  - code: X1\n    nonsense: true\n", encoding="utf-8")
    result = invoke_batch(str(SAMPLE), "--rules", str(pack))
    assert result.exit_code == 3 and str(pack) in result.stderr
    assert invoke_batch(str(SAMPLE), "--scheduler", "tcp://localhost:8786").exit_code == 2
    assert invoke_batch(str(tmp_path)).exit_code == 2  # a folder without reports


def test_batch_help_is_fast_and_states_the_exit_codes() -> None:
    code = (
        "import sys\n"
        "from auditor.cli import main\n"
        "try:\n"
        "    main(['batch', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('HEAVY=' + ','.join(m for m in ('pandas', 'dask', 'rich') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "HEAVY="
    help_text = " ".join(result.stdout.split())
    assert "130 interrupted" in help_text
    order = ["130 interrupted", "3 a report could not be read", "4 nothing could be checked"]
    order.append("1 a report has")
    assert [help_text.index(line) for line in order] == sorted(help_text.index(x) for x in order)


def test_without_dask_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("dask", "dask.distributed", "distributed"):
        monkeypatch.setitem(sys.modules, name, None)
    result = invoke_batch(str(SAMPLE), "--executor", "dask", "--lang", "en")
    assert result.exit_code == 3
    assert result.stderr.strip().splitlines() == [
        "lkjip-audit: --executor dask needs Dask: pip install 'lkjip-auditor[dask]'"
    ]


def test_dask_local_cluster_gives_the_local_results(big: dict, tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    readable = [p for p in big["paths"] if big["summary"][p]["status"] != "error"][:19]
    broken = next(p for p in big["paths"] if big["summary"][p]["status"] == "error")
    chosen = [*readable, broken]
    out = tmp_path / "dask"
    result = invoke_batch(*chosen, "--executor", "dask", "--workers", "2", "-o", str(out))
    assert result.exit_code == 3, result.output
    rows = read_csv(out / "summary.csv")
    assert [r["file"] for r in rows] == chosen
    for row in rows:
        local = big["summary"][row["file"]]
        assert {k: v for k, v in row.items() if k != "seconds"} == {
            k: v for k, v in local.items() if k != "seconds"
        }
        if row["status"] != "error":
            assert (out / row["findings_json"]).read_text(encoding="utf-8") == (
                big["out"] / local["findings_json"]
            ).read_text(encoding="utf-8")


def test_worker_lost_is_that_reports_error() -> None:
    def lost() -> ReportOutcome:
        raise RuntimeError("worker died")

    outcome = batch._outcome(lost, "x.txt")
    assert (outcome.status, outcome.error) == ("error", "RuntimeError: worker died")
