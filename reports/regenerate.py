"""Regenerate everything in reports/ from the bundled sample report and its repaired copy.

    python reports/regenerate.py

Run it from anywhere; outputs are written next to this file. tests/test_reports.py fails
when a committed file differs from what this script would write (drift), so behaviour
changes show up as a reviewed diff, never as a hand edit. The PNG screenshots of the HTML
report come from a real browser: `python reports/screenshots.py`.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from click.testing import CliRunner

REPORTS = Path(__file__).resolve().parent
ROOT = REPORTS.parent
SAMPLE = "datasets/lkjip-sumenep-dinsos-p3a-2023.txt"
REPAIRED = "datasets/lkjip-sumenep-dinsos-p3a-2023-repaired.txt"
EXTENSIONS = {
    "terminal": "txt",
    "json": "json",
    "html": "html",
    "markdown": "md",
    "xlsx": "xlsx",
    "sarif": "sarif",
}

# (output file, CLI arguments); paths are relative to the repository root so the
# outputs do not depend on where the checkout lives.
OUTPUTS = [
    ("sample-tables.json", ["tables", SAMPLE, "--format", "json"]),
    ("sample-tables.txt", ["tables", SAMPLE]),
    *(
        (f"{stem}.{extension}", ["audit", source, "--format", fmt, *lang])
        for stem, source, lang in (
            ("sample-findings", SAMPLE, []),
            ("sample-findings-en", SAMPLE, ["--lang", "en"]),
            ("repaired-findings", REPAIRED, []),
        )
        for fmt, extension in EXTENSIONS.items()
    ),
]
# The terminal summary as a picture for the README (rich's SVG export).
SUMMARIES = [("sample-summary.svg", SAMPLE, "id"), ("sample-summary-en.svg", SAMPLE, "en")]


def render(args: list[str], output: Path) -> None:
    """Run the CLI from the repository root with a fixed, colourless 120-column terminal."""
    from auditor.cli import main

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(
            main, [*args, "--output", str(output)], env={"COLUMNS": "120", "NO_COLOR": "1"}
        )
    finally:
        os.chdir(cwd)
    if result.exit_code not in (0, 1):  # 1: the audit found errors, as expected
        raise RuntimeError(f"lkjip-audit {' '.join(args)} failed: {result.output}")


def summary_svg(source: str, lang: str) -> str:
    """The terminal header and summary (`audit --quiet`), in colour, as SVG."""
    from rich.console import Console

    from auditor.engine import audit
    from auditor.ingest import read_document
    from auditor.recognise.profiles import load_profiles
    from auditor.report.terminal import print_report
    from auditor.report.view import build_report
    from auditor.rules import load_rules

    profiles = load_profiles()
    rules = load_rules([], profiles)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = audit(read_document(Path(source)), rules, profiles, detect_with=rules)
    finally:
        os.chdir(cwd)
    console = Console(
        record=True, width=100, force_terminal=True, color_system="truecolor", file=io.StringIO()
    )
    print_report(build_report(result, lang), console, verbosity=-1)
    return console.export_svg(title=f"lkjip-audit audit --quiet --lang {lang}")


def generate(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, args in OUTPUTS:
        render(args, folder / name)
        written.append(folder / name)
    for name, source, lang in SUMMARIES:
        (folder / name).write_text(summary_svg(source, lang), encoding="utf-8")
        written.append(folder / name)
    return written


def main() -> None:
    for path in generate(REPORTS):
        print(f"wrote reports/{path.name}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
