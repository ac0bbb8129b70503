"""The committed files in reports/ are exactly what `python reports/regenerate.py` writes."""

from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path

import pytest

from auditor.report.xlsx import sheet_values

REPORTS = Path(__file__).resolve().parent.parent / "reports"
spec = importlib.util.spec_from_file_location("regenerate", REPORTS / "regenerate.py")
regenerate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(regenerate)
NAMES = [name for name, _ in regenerate.OUTPUTS] + [name for name, *_ in regenerate.SUMMARIES]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reports")
    regenerate.generate(folder)
    return folder


def _lines(path: Path) -> list[str]:
    if path.suffix == ".xlsx":  # zip timestamps differ; the cells must not
        return [
            f"{sheet}: {row}\n"
            for sheet, rows in sheet_values(path.read_bytes()).items()
            for row in rows
        ]
    return path.read_text(encoding="utf-8").splitlines(True)


@pytest.mark.parametrize("name", NAMES)
def test_report_has_not_drifted(name, fresh):
    expected, actual = _lines(REPORTS / name), _lines(fresh / name)
    if actual != expected:
        diff = "".join(
            list(
                difflib.unified_diff(
                    expected, actual, f"reports/{name} (committed)", f"reports/{name} (now)"
                )
            )[:80]
        )
        pytest.fail(f"reports/{name} drifted; run `python reports/regenerate.py`:\n{diff}")


def test_every_report_file_is_generated():
    """A stale file left in reports/ after a rename would never be checked."""
    # dialects.md/.json: written by benchmarks/dialects.py (a benchmark, not a golden file)
    generated = set(NAMES) | {"regenerate.py", "screenshots.py", "dialects.md", "dialects.json"}
    stale = [
        p.name
        for p in REPORTS.iterdir()
        if p.is_file() and p.suffix != ".png" and p.name not in generated
    ]
    assert not stale, f"not produced by reports/regenerate.py: {stale}"
