"""The same report as .txt, .docx and .pdf gives the same findings (brief §8).

Same rules, tables, rows, columns and values; only the kind of location differs: a line
for text, a page for PDF, a table/row position (and paragraph) for DOCX. The DOCX and PDF
are rendered from the text by `python datasets/render_formats.py` and committed.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.resources import bundled_path

STEMS = ["lkjip-sumenep-dinsos-p3a-2023", "lkjip-sumenep-dinsos-p3a-2023-repaired"]
FORMATS = ["txt", "docx", "pdf"]


def _findings(path) -> list[dict]:
    result = CliRunner().invoke(
        main, ["audit", str(path), "--format", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["findings"]


def _key(finding: dict) -> tuple:
    return (
        finding["rule"],
        finding["severity"],
        finding["table"],
        finding["row"],
        finding["column"],
        finding["reported"],
        finding["expected"],
    )


@pytest.fixture(scope="module", params=STEMS)
def findings_by_format(request) -> dict[str, list[dict]]:
    return {fmt: _findings(bundled_path("datasets", f"{request.param}.{fmt}")) for fmt in FORMATS}


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_same_findings_as_the_text(findings_by_format, fmt):
    text = sorted(map(_key, findings_by_format["txt"]))
    other = sorted(map(_key, findings_by_format[fmt]))
    missing = [k for k in text if k not in other]
    extra = [k for k in other if k not in text]
    assert not missing and not extra, (
        f"{fmt} differs from txt:\n"
        + "".join(f"  only in txt: {k}\n" for k in missing)
        + "".join(f"  only in {fmt}: {k}\n" for k in extra)
    )


def test_locations_differ_only_in_kind(findings_by_format):
    for finding in findings_by_format["txt"]:
        assert finding["line"] is not None and finding["page"] is None
    for finding in findings_by_format["pdf"]:
        assert finding["page"] is not None and finding["line"] is None
    for finding in findings_by_format["docx"]:
        assert finding["line"] is None and finding["page"] is None


def test_every_finding_names_a_place_in_its_own_format(findings_by_format):
    """A reviewer holding the PDF finds the page; holding the DOCX, the Word table and row
    (or the paragraph, for prose)."""
    for finding in findings_by_format["pdf"]:
        assert finding["source"]["page"] == finding["page"]
    for finding in findings_by_format["docx"]:
        source = finding["source"]
        if finding["table"] is None:
            assert source["paragraph"] >= 1
        else:
            assert source["table"] >= 1 and source["row"] >= 1


def test_terminal_shows_pages_for_a_pdf():
    path = bundled_path("datasets", f"{STEMS[0]}.pdf")
    result = CliRunner().invoke(main, ["audit", str(path), "--lang", "en"])
    assert result.exit_code == 1
    pages = [line for line in result.output.splitlines() if " LKJ" in line]
    assert pages and all(" · page " in line for line in pages), pages[:3]
