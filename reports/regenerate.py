"""Regenerate everything in reports/ from the bundled sample report.

    python reports/regenerate.py

Run it from anywhere; outputs are written next to this file. tests/test_reports.py fails
when a committed file differs from what this script would write (drift), so behaviour
changes show up as a reviewed diff, never as a hand edit.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from click.testing import CliRunner

REPORTS = Path(__file__).resolve().parent
ROOT = REPORTS.parent
SAMPLE = "datasets/lkjip-sumenep-dinsos-p3a-2023.txt"

# (output file, CLI arguments); paths are relative to the repository root so the
# outputs do not depend on where the checkout lives.
REPAIRED = "datasets/lkjip-sumenep-dinsos-p3a-2023-repaired.txt"
OUTPUTS = [
    ("sample-tables.json", ["tables", SAMPLE, "--format", "json"]),
    ("sample-tables.txt", ["tables", SAMPLE]),
    ("sample-findings.json", ["audit", SAMPLE, "--format", "json"]),
    ("sample-findings.txt", ["audit", SAMPLE]),
    ("sample-findings-en.txt", ["audit", SAMPLE, "--lang", "en"]),
    ("repaired-findings.json", ["audit", REPAIRED, "--format", "json"]),
]


def render(args: list[str]) -> str:
    from auditor.cli import main

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, args, env={"COLUMNS": "120", "NO_COLOR": "1"})
    finally:
        os.chdir(cwd)
    if result.exit_code not in (0, 1):  # 1: the audit found errors, as expected
        raise RuntimeError(f"lkjip-audit {' '.join(args)} failed: {result.output}")
    return result.output


def main() -> None:
    for name, args in OUTPUTS:
        (REPORTS / name).write_text(render(args), encoding="utf-8")
        print(f"wrote reports/{name}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
