"""`audit --engine gx` and `export-gx` from the command line (issue 8).

GX is optional and imported lazily: the native engine and the export never import it, and
without it `--engine gx` says how to install it and exits 3. With it, the report says
which rules GX judged and which ran natively, and why. The export is deterministic, keys
every row stably, and its CSVs read back with their printed precision.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.gx.frames import read_csv


def invoke(*args: str) -> object:
    return CliRunner().invoke(main, list(args), env={"COLUMNS": "120"})


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("id", "lkjip-audit: --engine gx memerlukan Great Expectations: pip install"),
        ("en", "lkjip-audit: --engine gx needs Great Expectations: pip install"),
    ],
)
def test_without_gx_the_gx_engine_says_how_to_install_and_exits_3(monkeypatch, lang, message):
    monkeypatch.setitem(sys.modules, "great_expectations", None)
    result = invoke("audit", "--engine", "gx", "--lang", lang)
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message)
    assert "'lkjip-auditor[gx]'" in lines[0] and "pip install -e '.[gx]'" in lines[0]
    assert result.stdout == ""  # refused before any work


def test_without_gx_the_native_engine_and_the_export_still_work(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "great_expectations", None)
    assert invoke("audit", "--quiet").exit_code == 1  # the sample has errors
    assert invoke("export-gx", "--output", str(tmp_path)).exit_code == 0
    assert (tmp_path / "validate.py").is_file()


@pytest.mark.parametrize("command", [["audit", "--format", "json"], ["export-gx", "-o", "{tmp}"]])
def test_great_expectations_is_imported_only_by_the_gx_engine(command, tmp_path):
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    code = (
        "import sys\n"
        "from auditor.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('GX=' + str('great_expectations' in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "GX=False", done.stderr


def test_the_gx_engine_is_named_in_every_report_with_the_native_rules_and_why():
    terminal = invoke("audit", "--engine", "gx", "--quiet", "--lang", "en")
    assert terminal.exit_code == 1
    text = " ".join(terminal.stdout.split())
    assert "Engine" in text and "Great Expectations" in text and "judged 16 rules" in text
    assert "34 other rules ran natively: GX cannot express them" in text
    assert "compares tables with each other" not in text  # reasons only with --verbose
    verbose = " ".join(invoke("audit", "--engine", "gx", "-v", "--lang", "en").stdout.split())
    cross = "LKJ401, LKJ402, LKJ403, LKJ404, LKJ405, LKJ406, LKJ407"
    assert f"{cross}: compares tables with each other" in verbose
    assert "LKJ801, LKJ802, LKJ803: states what could not be checked" in verbose

    doc = json.loads(invoke("audit", "--engine", "gx", "--format", "json").stdout)
    engine = doc["engine"]
    assert engine["name"] == "gx" and engine["disagreements"] == []
    assert {"LKJ101", "LKJ111", "LKJ201", "LKJ211", "LKJ301"} <= set(engine["rules"])
    native = {r["rule"]: r["reason"] for r in engine["native_rules"]}
    assert native["LKJ701"] == "membaca narasi, bukan tabel"
    assert not set(native) & set(engine["rules"])

    markdown = invoke("audit", "--engine", "gx", "--format", "markdown").stdout
    assert "- **Mesin pemeriksa:** Great Expectations" in markdown
    prose = "LKJ701, LKJ702, LKJ703, LKJ704, LKJ705, LKJ706"
    assert f"  - {prose}: membaca narasi, bukan tabel" in markdown
    assert "Mesin pemeriksa" not in invoke("audit", "--format", "markdown").stdout


def test_export_writes_a_csv_per_kind_a_suite_per_checked_kind_and_the_snippet(tmp_path):
    result = invoke("export-gx", "--output", str(tmp_path), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "CSV datasets" in result.stdout and "validate.py" in result.stdout
    csvs = sorted(p.stem for p in (tmp_path / "datasets").glob("*.csv"))
    suites = sorted(p.stem for p in (tmp_path / "suites").glob("*.json"))
    assert {"capaian", "efisiensi", "realisasi_anggaran", "skala"} <= set(csvs)
    assert set(suites) < set(csvs)  # skala has no GX-expressible rule: data, no suite
    for name in suites:
        suite = json.loads((tmp_path / "suites" / f"{name}.json").read_text("utf-8"))
        assert suite["name"] == f"lkjip-{name}" and suite["meta"]["table_kind"] == name
        assert all(
            "id" not in e and e["meta"]["rule"].startswith("LKJ") for e in suite["expectations"]
        )
    with (tmp_path / "datasets" / "realisasi_anggaran.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    keys = [r["row_key"] for r in rows]
    assert len(keys) == len(set(keys)) and keys[0] == "3.7.1:1"
    assert rows[0]["penyerapan"] == "86.11"  # 86,11 in the report: canonical, decimals kept


def test_export_is_deterministic_and_reads_back_with_printed_precision(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        assert invoke("export-gx", "-o", str(folder)).exit_code == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    frame = read_csv(first / "datasets" / "capaian.csv")
    values = [v for v in frame["capaian"] if v is not None]
    assert values and all(isinstance(v, Decimal) for v in values)
    assert {v.as_tuple().exponent for v in values} <= {0, -1, -2, -3}
    assert frame["label"].dtype == object and isinstance(frame["row_key"][0], str)


def test_export_refuses_a_file_as_output_folder(tmp_path: Path):
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    result = invoke("export-gx", "-o", str(target))
    assert result.exit_code == 2 and target.read_text(encoding="utf-8") == "x"
