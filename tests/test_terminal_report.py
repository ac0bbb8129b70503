"""The rich terminal report: header panel, summary, grouped findings, quiet/verbose, colour."""

from __future__ import annotations

import io
import re

import pytest
from reporting import REPAIRED, report_view
from rich.console import Console

from auditor.report.terminal import print_report
from auditor.resources import sample_report


@pytest.fixture(scope="module")
def sample():
    return report_view(sample_report())


def _render(report, width=120, verbosity=0, colour=False) -> str:
    console = Console(
        file=io.StringIO(),
        width=width,
        force_terminal=colour,
        no_color=not colour,
        color_system="256" if colour else None,
    )
    print_report(report, console, verbosity)
    return console.file.getvalue()


def test_header_names_agency_year_tables_rules_and_convention(sample):
    text = _render(sample)
    assert "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kabupaten Sumenep" in text
    assert re.search(r"Tahun laporan\s+2023", text)
    assert f"{sample.header.tables_read} tabel dibaca" in text
    assert re.search(rf"Aturan dijalankan\s+{sample.header.rules_run}\b", text)
    assert "dipotong (truncate)" in text


def test_findings_grouped_by_table_in_document_order(sample):
    text = _render(sample)
    headings = re.findall(r"Temuan pada tabel (\S+) —", text)
    tables_in_order = [t.id for t in sample.tables if any(t.counts.values())]
    assert headings == tables_in_order
    for f in sample.findings:  # every finding shows up once, numbered
        assert re.search(rf"^\s*{f.number}\. {f.code} ", text, re.M), f.number


def test_numbers_are_never_cut_on_a_narrow_terminal(sample):
    text = _render(sample, width=60)
    for f in sample.findings:
        for value in (f.reported, f.expected):
            if value and len(value) < 50:
                assert value in text, value


def test_quiet_is_summary_only_and_verbose_adds_impact_and_fix(sample):
    quiet, normal, verbose = (_render(sample, verbosity=v) for v in (-1, 0, 1))
    assert "Ringkasan" in quiet and "Temuan pada tabel" not in quiet
    assert len(quiet) < len(normal) < len(verbose)
    first = sample.findings[0]
    assert "Akibat:" in verbose and "Rekomendasi:" in verbose
    assert " ".join(first.impact.split()[:4]) in verbose
    assert "Akibat:" not in normal


def test_colour_only_when_asked(sample):
    assert "\x1b[" not in _render(sample)
    assert "\x1b[" in _render(sample, colour=True)


def test_english_labels(sample):
    text = _render(report_view(sample_report(), "en"))
    assert "Report year" in text and "Findings in table" in text
    assert "Temuan" not in text


def test_repaired_copy_reads_as_clean():
    report = report_view(REPAIRED)
    assert report.verdict == "consistent"
    text = _render(report)
    assert "Simpulan: Konsisten — tidak ada galat maupun peringatan" in " ".join(text.split())
    assert "0 galat" in text and "0 peringatan" in text
