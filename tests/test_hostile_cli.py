"""Hostile use of the command line around the document: side inputs that never end, block
or nest without end, an acknowledgements file of 10⁵ entries, Ctrl-C, outputs that cannot
or must not be written, file names and document text that a terminal or rich would read
as commands, CSV cells a spreadsheet would run.

Every input is generated here. Each run is a fresh process (`python -m auditor`), bounded
in time (the subprocess timeout) and memory (RLIMIT_AS), but for the in-process checks that
every command turns Ctrl-C into exit 130; each test asserts the exit code and the one line
on stderr: `lkjip-audit: <the file concerned>: <what>`.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from auditor.errors import printable
from auditor.resources import sample_report

MB = 1024 * 1024
# A report with one error: capaian 90,00% where 80 / 80 gives 100% (LKJ201, table 3.1 row 1).
SMALL = (
    "Tabel 3.1 Capaian kinerja\n"
    "NO\tSASARAN\tINDIKATOR\tTARGET\tREALISASI\tCAPAIAN\n"
    "1\tMeningkat\tPersentase layanan\t80\t80\t90,00%\n"
    "2\tMeningkat\tJumlah desa\t50\t40\t80,00%\n"
)
WAIVER = (
    '- rule: LKJ201\n  table: "3.1"\n  row: "1"\n  column: capaian\n'
    "  justification: Dihitung ulang.\n"
)


def run(
    *args: str | Path,
    timeout: float = 120,
    memory_mb: int = 2048,
    umask: int | None = None,
) -> subprocess.CompletedProcess[str]:
    """`lkjip-audit ARGS` in a fresh process, its address space capped at `memory_mb`."""

    def bound() -> None:
        limit = memory_mb * MB
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if umask is not None:
            os.umask(umask)

    return subprocess.run(
        [sys.executable, "-m", "auditor", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        preexec_fn=bound,
        env={**os.environ, "COLUMNS": "400", "NO_COLOR": "1"},
    )


def assert_one_line(result: subprocess.CompletedProcess[str], code: int, start: str) -> str:
    """Exit `code` and one line on stderr that starts `lkjip-audit: {start}`."""
    assert result.returncode == code, result.stderr
    line = result.stderr
    assert line.startswith(f"lkjip-audit: {start}"), line
    assert line.endswith("\n") and line.count("\n") == 1, line
    assert "\x1b" not in line and "Traceback" not in line
    return line


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "laporan.txt"
    path.write_text(SMALL, encoding="utf-8")
    return path


# --- side inputs: --baseline, -a/--acknowledgements, --rules ----------------------------


def test_a_fifo_as_baseline_is_refused_without_waiting_for_a_writer(tmp_path, small):
    fifo = tmp_path / "baseline.json"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = run("audit", small, "--baseline", fifo, timeout=20)
    line = assert_one_line(result, 3, f"{fifo}: ")
    assert "not a regular file (a FIFO)" in line
    assert time.monotonic() - started < 20


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize("option", ["-a", "--baseline", "--rules"])
def test_an_endless_device_as_a_side_input_is_refused_unread(small, option):
    result = run("audit", small, option, "/dev/zero", timeout=20, memory_mb=1024)
    assert "not a regular file (a device)" in assert_one_line(result, 3, "/dev/zero: ")


@pytest.mark.parametrize("option", ["--rules", "-a", "--baseline"])
def test_a_side_input_over_the_size_limit_is_refused_before_it_is_read(tmp_path, small, option):
    big = tmp_path / "big.yaml"
    with big.open("w", encoding="utf-8") as handle:  # 30 MB of comment: valid, and too large
        handle.write("# " + "x" * (30 * MB) + "\n")
    result = run("audit", small, option, big, timeout=30, memory_mb=1024)
    line = assert_one_line(result, 3, f"{big}: ")
    assert "30,0 MB is more than the limit of 20 MB for a side input (--max-side-mb)" in line


def test_the_side_input_limit_is_an_option(tmp_path, small):
    waivers = tmp_path / "pengakuan.yaml"
    waivers.write_text(WAIVER * 20_000, encoding="utf-8")  # 2 MB
    result = run("--max-side-mb", "1", "audit", small, "-a", waivers)
    assert "more than the limit of 1 MB" in assert_one_line(result, 3, f"{waivers}: ")


@pytest.mark.parametrize(
    ("option", "name", "text", "needle"),
    [
        ("--baseline", "deep.json", "[" * 100_000 + "]" * 100_000, "JSON: nested too deeply"),
        ("--baseline", "deep-object.json", '{"a":' * 100_000 + "1" + "}" * 100_000, "too deeply"),
        ("--baseline", "huge-number.json", '{"schema": ' + "9" * 10_000 + "}", "invalid JSON"),
        # libyaml's own limit (1000 levels) or ours (50), whichever the parse meets first
        ("-a", "deep.yaml", "[" * 100_000 + "]" * 100_000, "nest"),
        ("--rules", "deep.yaml", "a:\n" + "- " * 100_000 + "x\n", "nest"),
        ("-a", "deeper.yaml", "[" * 60 + "]" * 60, "nested more than 50 levels deep"),
    ],
)
def test_a_side_input_nested_without_end_is_a_clear_error(
    tmp_path, small, option, name, text, needle
):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run("audit", small, option, path, timeout=30, memory_mb=1024)
    assert needle in assert_one_line(result, 3, f"{path}:")


def test_100000_acknowledgements_load_in_seconds(tmp_path, small):
    """A plain list is not an alias bomb: the size limit bounds it, and it loads quickly."""
    waivers = tmp_path / "pengakuan.yaml"
    stale = "".join(
        f'- rule: LKJ201\n  table: "9.{n % 97}"\n  row: B.{n}\n  justification: Lama {n}.\n'
        for n in range(99_999)
    )
    waivers.write_text(WAIVER + stale, encoding="utf-8")
    assert waivers.stat().st_size < 20 * MB
    started = time.monotonic()
    result = run("audit", small, "-a", waivers, "--quiet", timeout=120, memory_mb=3072)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr  # the one error is acknowledged
    out = result.stdout
    assert "1 diakui dengan justifikasi" in out
    # 99 999 stale waivers: the first 20 listed, the rest counted (the JSON lists all).
    assert out.count("tidak cocok dengan temuan mana pun") == 20
    assert "… +99.979 (--format json)" in out
    assert elapsed < 90, f"{elapsed:.1f} s"


def test_an_alias_bomb_is_still_refused(tmp_path, small):
    lines = ["- rule: LKJ201", "  justification: &l0 lol"]
    for level in range(1, 10):
        lines.append(f"  x{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 9)}]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("audit", small, "-a", bomb, timeout=30, memory_mb=1024)
    assert "aliases expand this to more than 100000 values" in assert_one_line(
        result, 3, f"{bomb}: "
    )


# --- Ctrl-C ------------------------------------------------------------------------------


def test_ctrl_c_during_an_audit_exits_130_with_one_line(tmp_path):
    report = tmp_path / "besar.txt"  # the sample 20 times: seconds of work to interrupt
    report.write_text("\n\n".join([sample_report().read_text("utf-8")] * 20), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "auditor", "audit", str(report), "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        time.sleep(3)  # past the start-up imports, into the audit
        if process.poll() is not None:
            pytest.fail("the audit ended before it could be interrupted")
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert err == "lkjip-audit: interrupted\n"


@pytest.mark.parametrize(
    ("command", "where"),
    [
        (["audit"], "auditor.ingest.read_document"),
        (["tables"], "auditor.ingest.read_document"),
        (["export-gx", "-o", "{tmp}"], "auditor.ingest.read_document"),
        (["rules"], "auditor.rules.load_rules"),
        (["explain", "LKJ201"], "auditor.rules.load_rules"),
    ],
)
def test_ctrl_c_is_exit_130_for_every_command(monkeypatch, tmp_path, command, where):
    from click.testing import CliRunner

    from auditor.cli import main

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(where, interrupted)
    args = [a.replace("{tmp}", str(tmp_path / "gx")) for a in command]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 130 and result.stderr == "lkjip-audit: interrupted\n"


def test_a_reader_that_goes_away_ends_the_run_quietly(monkeypatch):
    """`lkjip-audit audit | head`: no traceback, no error line; 141 as a shell reports it."""
    from click.testing import CliRunner

    from auditor.cli import main

    def gone(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("auditor.cli._emit", gone)
    result = CliRunner().invoke(main, ["audit", "--format", "json"])
    assert result.exit_code == 141 and result.stderr == ""


# --- outputs -------------------------------------------------------------------------------


def _no_temporary_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("option", ["--output", "--write-baseline", "export-gx"])
def test_an_output_in_a_folder_that_cannot_be_written_names_the_output(tmp_path, small, option):
    if os.geteuid() == 0:  # root writes into a read-only folder: /proc takes no new file
        if not Path("/proc/self").exists():
            pytest.skip("running as root without /proc")
        folder = Path("/proc")
    else:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
    out = folder / ("gx-out" if option == "export-gx" else "findings.json")
    if option == "export-gx":
        result = run("export-gx", small, "-o", out)
    else:
        result = run("audit", small, "--format", "json", option, out)
    assert_one_line(result, 3, f"{out}: cannot write: ")
    assert not out.exists()


@pytest.mark.parametrize("option", ["--output", "--write-baseline", "export-gx"])
def test_an_output_under_a_file_names_the_output(tmp_path, small, option):
    file = tmp_path / "file.txt"
    file.write_text("x", encoding="utf-8")
    out = file / "sub" / "findings.json"
    if option == "export-gx":
        result = run("export-gx", small, "-o", out.parent)
        out = out.parent
    else:
        result = run("audit", small, option, out)
    line = assert_one_line(result, 3, f"{out}: cannot write: ")
    assert f"{file} is not a folder" in line
    assert file.read_text(encoding="utf-8") == "x"


def test_a_long_output_name_is_written(tmp_path, small):
    out = tmp_path / ("x" * 240 + ".json")  # 245 bytes: a name may have 255
    result = run("audit", small, "--format", "json", "--output", out)
    assert result.returncode == 1, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["findings"]
    assert _no_temporary_files(tmp_path)


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_an_output_that_is_a_symbolic_link_is_refused(tmp_path, small, option):
    """Replacing the link would break what it serves, and writing through it could land
    anywhere the link points: the file itself must be named."""
    target = tmp_path / "elsewhere.json"
    target.write_text("kept", encoding="utf-8")
    link = tmp_path / "findings.json"
    link.symlink_to(target)
    result = run("audit", small, "--format", "json", option, link)
    assert "is a symbolic link" in assert_one_line(result, 3, f"{link}: cannot write: ")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "kept"
    assert _no_temporary_files(tmp_path)


@pytest.mark.parametrize(
    ("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)], ids=["022", "077", "002"]
)
def test_outputs_get_the_mode_the_umask_gives_a_new_file(tmp_path, small, umask, mode):
    out = tmp_path / "findings.json"
    assert run("audit", small, "-o", out, umask=umask).returncode == 1
    assert stat.S_IMODE(out.stat().st_mode) == mode
    folder = tmp_path / "gx"
    assert run("export-gx", small, "-o", folder, umask=umask).returncode == 0
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.rglob("*") if p.is_file()} == {mode}


def test_a_replaced_output_keeps_its_mode(tmp_path, small):
    out = tmp_path / "findings.json"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    assert run("audit", small, "-o", out, umask=0o022).returncode == 1
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and out.read_text("utf-8") != "old"


# --- file names and document text: shown as written, never run ----------------------------

NAMES = [
    "LKjIP 2023 [final].txt",  # rich would drop "[final]"
    "lap[/b].txt",  # a folder "lap[" and a file "b].txt": rich would fail on "[/b]"
    "laporan [/bold].txt",
    "judul\x1b]0;diretas\x07.txt",  # OSC: sets the terminal window's title
    "layar\x1b[2J.txt",  # CSI: clears the screen
    "baris\nbaru.txt",  # would start a line of its own
    "tab\tdan\x85c1\x9b.txt",
]


@pytest.mark.parametrize("name", NAMES)
def test_a_file_name_is_shown_as_written_in_the_report(tmp_path, name):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SMALL, encoding="utf-8")
    result = run("audit", path, "--quiet")
    assert result.returncode == 1, result.stderr
    assert printable(str(path)) in result.stdout
    assert not any(c in result.stdout for c in "\x1b\x07\x85\x9b")


@pytest.mark.parametrize("name", NAMES)
def test_an_error_about_a_file_is_one_line_naming_it_escaped(tmp_path, small, name):
    missing = tmp_path / "hilang" / name  # a report that is not there
    assert printable(str(missing)) in assert_one_line(run("audit", missing), 3, "")
    waivers = tmp_path / name  # an acknowledgements file that is not a list
    waivers.parent.mkdir(parents=True, exist_ok=True)
    waivers.write_text("rule: LKJ201\n", encoding="utf-8")
    result = run("audit", small, "-a", waivers)
    line = assert_one_line(result, 3, f"{printable(str(waivers))}:1: ")
    assert "expected a list of acknowledgements" in line


@pytest.mark.parametrize("fmt", ["terminal", "json", "html", "markdown", "xlsx", "sarif"])
def test_every_format_takes_a_file_name_with_markup_and_control_characters(tmp_path, fmt):
    """The XLSX writer refused the name's ESC after the audit (XML has no place for it)."""
    path = tmp_path / "lap [/bold] \x1b]0;judul\x07\nbaru.txt"  # in a folder "lap ["
    path.parent.mkdir()
    path.write_text(SMALL, encoding="utf-8")
    out = tmp_path / f"temuan.{fmt}"
    result = run("audit", path, "--format", fmt, "--output", out)
    assert result.returncode == 1, result.stderr
    assert result.stderr == "" and out.stat().st_size > 0


MARKUP_REPORT = (
    "Tabel 3.1 Capaian [/bold] kinerja\n"
    "NO\tSASARAN\tINDIKATOR\tTARGET [/b]\tREALISASI\tCAPAIAN\n"
    "1\tMeningkat [red]\tPersentase [/i] layanan\t80\t80\t90,00%\n"
    "2\tMeningkat\tJumlah desa\t50\t[/]\t80,00%\n"
)


def test_markup_in_the_document_is_shown_literally_in_the_audit(tmp_path):
    path = tmp_path / "laporan.txt"
    path.write_text(MARKUP_REPORT, encoding="utf-8")
    result = run("audit", path, "--verbose")
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "Persentase [/i] layanan" in out and "'[/]'" in out


def test_markup_in_the_document_is_shown_literally_in_tables(tmp_path):
    path = tmp_path / "lap[" / "b].txt"
    path.parent.mkdir()
    path.write_text(MARKUP_REPORT, encoding="utf-8")
    result = run("tables", path)
    assert result.returncode == 0, result.stderr
    for text in (str(path), "Capaian [/bold] kinerja", "TARGET [/b]", "[/]"):
        assert text in result.stdout


EVIL_PACK = r"""rules:
  - code: LKJ991
    name: jahat
    title: {id: "Judul \e]0;diretas\a [/bold] \e[2J", en: "Title [/b]"}
    severity: error
    tables: [capaian]
    check: ratio
    params: {value: capaian, numerator: realisasi, denominator: target}
    message: {id: "a", en: "b"}
    source: s
    version: 1
"""


@pytest.mark.parametrize("command", [["rules", "--select", "LKJ991"], ["explain", "LKJ991"]])
def test_a_rule_packs_text_is_shown_as_written(tmp_path, command):
    """YAML's "\\e" puts an ESC into a rule's title: shown escaped, never sent."""
    pack = tmp_path / "pack.yaml"
    pack.write_text(EVIL_PACK, encoding="utf-8")
    result = run(*command, "--rules", pack)
    assert result.returncode == 0, result.stderr
    assert "\\x1b]0;diretas\\x07 [/bold] \\x1b[2J" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


# --- export-gx: CSV cells a spreadsheet would run -----------------------------------------

FORMULAS = ['=HYPERLINK("http://contoh.test";"klik")', "+1+2", "-2+3", "@SUM(1+1)", "'=kutip"]


def test_export_gx_neutralises_formulas_and_reads_them_back_exactly(tmp_path):
    header = "Tabel 3.1 Capaian kinerja\nNO\tSASARAN\tINDIKATOR\tTARGET\tREALISASI\tCAPAIAN\n"
    rows = [f"{n}\tMeningkat\t{text}\t80\t80\t100,00%\n" for n, text in enumerate(FORMULAS, 1)]
    report = tmp_path / "laporan.txt"
    report.write_text(header + "".join(rows), encoding="utf-8")
    folder = tmp_path / "gx"
    result = run("export-gx", report, "-o", folder)
    assert result.returncode == 0, result.stderr
    csv_path = folder / "datasets" / "capaian.csv"
    with csv_path.open(encoding="utf-8", newline="") as handle:
        written = list(csv.DictReader(handle))
    # What a spreadsheet would run starts with an apostrophe; so does text that did.
    assert [r["label"] for r in written] == ["'" + text for text in FORMULAS]
    assert [r["target"] for r in written] == ["80"] * len(FORMULAS)  # numbers untouched

    from auditor.gx.frames import read_csv

    frame = read_csv(csv_path)
    assert list(frame["label"]) == FORMULAS
    assert [str(v) for v in frame["target"]] == ["80"] * len(FORMULAS)
