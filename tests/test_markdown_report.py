"""The Markdown findings report: header, summary tables, findings grouped by table, escaping.

Tables and headings are checked by parsing the output with markdown-it (CommonMark plus the
GFM table rule), the way GitHub reads it, not by matching the raw text alone.
"""

from __future__ import annotations

import dataclasses
import re
import shutil

import pytest
from markdown_it import MarkdownIt
from reporting import REPAIRED, WRONG_TOTAL, report_view

from auditor.report.markdown import cell, code, inline, render
from auditor.resources import sample_report


@pytest.fixture(scope="module")
def sample():
    return report_view(sample_report())


@pytest.fixture(scope="module")
def sample_md(sample):
    return render(sample)


def _gfm() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def _tables(text: str) -> list[list[list[str]]]:
    """Every GFM table in the text, as rows of cell contents (inline source)."""
    tables: list[list[list[str]]] = []
    inside = False
    for token in _gfm().parse(text):
        if token.type == "table_open":
            tables.append([])
            inside = True
        elif token.type == "table_close":
            inside = False
        elif inside and token.type == "tr_open":
            tables[-1].append([])
        elif inside and token.type == "inline":
            tables[-1][-1].append(token.content)
    return tables


def _section(text: str, number: int) -> str:
    """One finding's block: from its "#### n." heading to the next heading."""
    match = re.search(rf"^#### {number}\. .*?(?=^#{{2,4}} |^---$)", text, re.M | re.S)
    assert match, f"no section for finding {number}"
    return match.group(0)


def test_header_lists_document_agency_year_tables_rules_rounding(sample, sample_md):
    h = sample.header
    assert sample_md.startswith("# Hasil Reviu Konsistensi LKjIP\n")
    assert f"- **Dokumen:** `{h.file_name}` (text)" in sample_md
    assert f"- **Instansi:** {h.agency}" in sample_md
    assert "- **Tahun laporan:** 2023" in sample_md
    assert f"- **Tabel:** {h.tables_read} tabel dibaca, {h.tables_recognised} dikenali" in sample_md
    assert f"- **Aturan dijalankan:** {h.rules_run}" in sample_md
    assert "- **Pembulatan:** dipotong (truncate)" in sample_md
    assert h.path not in sample_md  # the machine's path would make the memo non-portable


def test_summary_tables_are_gfm_tables_with_the_report_counts(sample, sample_md):
    by_severity, by_table, unchecked = _tables(sample_md)
    assert by_severity == [
        ["Tingkat", "Jumlah"],
        ["galat", str(sample.counts["error"])],
        ["peringatan", str(sample.counts["warning"])],
        ["info", str(sample.counts["info"])],
    ]
    assert by_table[0] == ["Tabel", "Jenis", "galat", "peringatan", "info"]
    assert by_table[1:] == [
        [t, kind, *(str(c[s]) for s in ("error", "warning", "info"))]
        for t, kind, c in sample.by_table()
    ]
    # The tables not checked, with why and how much (3.2.2: its 2023 cells are empty).
    assert unchecked[0] == ["Tabel", "Jenis", "Mengapa tidak dikenali", "Cakupan"]
    assert [row[0] for row in unchecked[1:]] == [t.id for t in sample.tables if not t.checked]
    # Every line that looks like a table row was read as one: no broken table.
    pipe_lines = [line for line in sample_md.splitlines() if line.startswith("|")]
    delimiter_lines = [line for line in pipe_lines if set(line) <= set("|-: ")]
    rows = len(by_severity) + len(by_table) + len(unchecked)
    assert len(pipe_lines) - len(delimiter_lines) == rows


def test_findings_grouped_by_table_in_document_order_prose_last(sample, sample_md):
    groups = re.findall(r"^### Temuan pada (tabel \S+|uraian)", sample_md, re.M)
    expected = [f"tabel {t.id}" for t in sample.tables if any(t.counts.values())]
    assert groups == [*expected, "uraian"]
    headings = re.findall(r"^#### (\d+)\. (LKJ\d+) · ", sample_md, re.M)
    assert sorted(int(n) for n, _ in headings) == [f.number for f in sample.findings]
    assert {int(n): code for n, code in headings} == {f.number: f.code for f in sample.findings}
    # Each finding sits under its own table's heading.
    for f in sample.findings:
        before = sample_md[: sample_md.index(f"\n#### {f.number}. ")]
        group = re.findall(r"^### Temuan pada (tabel (\S+)|uraian)", before, re.M)[-1]
        assert group[1] == (f.table or ""), f.number


def test_a_finding_has_location_condition_values_criteria_impact_recommendation(sample, sample_md):
    finding = next(f for f in sample.findings if f.code == "LKJ101" and f.row == "B.2.3")
    rule = next(r for r in sample.rules if r.code == "LKJ101")
    block = _section(sample_md, finding.number)
    assert block.startswith(
        f"#### {finding.number}. LKJ101 · galat — Baris induk sama dengan jumlah rinciannya"
    )
    assert (
        "- **Lokasi:** Tabel 3.7.1 · baris B.2.3 (Penguatan dan Pengembangan Lembaga Penyedia "
        "Layanan Perlindungan Perempuan Tingkat Daerah Kabupaten/Kota) · kolom REALISASI · "
        "baris teks 623"
    ) in block
    assert f"- **Kondisi:** {finding.message}" in block
    assert "  - → kemungkinan tersalin dari baris B.2.2.1" in block
    assert "- **Nilai dilaporkan → nilai seharusnya:** `6.101.700` → `34.399.380`" in block
    assert f"*Sumber: {rule.source}*" in block
    assert f"- **Akibat:** {rule.impact['id']}" in block
    assert f"- **Rekomendasi:** {rule.recommendation['id']}" in block
    assert "- **Status:** lokasi pasti" in block


def test_ambiguous_finding_lists_its_alternatives(sample, sample_md):
    finding = next(f for f in sample.findings if f.alternatives)
    block = _section(sample_md, finding.number)
    for alternative in finding.alternatives:
        assert f"  - {inline(alternative)}" in block
    assert "- **Status:** ambigu" in block


def test_english_report_uses_english_labels_and_messages():
    report = report_view(sample_report(), "en")
    text = render(report)
    assert text.startswith("# LKjIP Consistency Review\n")
    assert "## Findings" in text and "- **Condition:** " in text
    assert "Kondisi" not in text and "Rekomendasi" not in text
    finding = next(f for f in report.findings if f.code == "LKJ101" and f.row == "B.2.3")
    assert "- **Reported value → expected value:** `6.101.700` → `34.399.380`" in text
    assert finding.message.startswith("Column REALISASI of B.2.3")
    assert f"- **Condition:** {finding.message}" in text


def test_clean_report_says_so_and_still_lists_info_findings():
    report = report_view(REPAIRED)
    assert report.verdict == "consistent" and report.counts["info"] > 0
    text = render(report)
    assert f"> **Simpulan:** {report.verdict_text}" in text
    assert report.verdict_text.startswith("Konsisten — tidak ada galat maupun peringatan")
    headings = re.findall(r"^#### \d+\. LKJ\d+ · (\S+) ", text, re.M)
    assert headings == ["info"] * report.counts["info"]


def test_dirty_report_has_no_clean_sentence(sample_md):
    assert "Tidak ada galat maupun peringatan" not in sample_md


def test_hand_written_report_with_a_wrong_total(tmp_path):
    path = tmp_path / "laporan.md"
    path.write_text(WRONG_TOTAL, encoding="utf-8")
    report = report_view(path)
    text = render(report)
    [finding] = report.findings
    line = WRONG_TOTAL.splitlines().index("| | **JUMLAH** | **Rp 5.437.800.000** | |") + 1
    assert finding.code == "LKJ111" and finding.line == line
    block = _section(text, 1)
    assert (
        f"- **Lokasi:** Tabel 2.3 · baris 4 (JUMLAH) · kolom ANGGARAN · baris teks {line}" in block
    )
    assert "`Rp 5.437.800.000` → `5.337.800.000`" in block
    assert "- **Instansi:** Dinas Pertanian Kabupaten Contoh" in text
    assert _tables(text)[0][1] == ["galat", "1"]
    assert re.findall(r"^### (.*)$", text, re.M) == [
        "Menurut tabel",
        f"Temuan pada tabel 2.3 · {report.tables[0].kind_title}",
    ]


def test_report_without_findings_says_so(tmp_path):
    path = tmp_path / "benar.md"
    path.write_text(WRONG_TOTAL.replace("5.437.800.000", "5.337.800.000"), encoding="utf-8")
    report = report_view(path)
    assert report.findings == []
    text = render(report)
    assert "## Temuan\n\nTidak ada temuan.\n" in text
    assert "Menurut tabel" not in text  # no empty by-table table
    assert "> **Simpulan:** Konsisten — tidak ada galat maupun peringatan" in text


def test_output_is_deterministic_and_independent_of_where_the_file_lives(tmp_path, sample_md):
    for folder in ("a", "b/c"):
        (tmp_path / folder).mkdir(parents=True)
        shutil.copy(sample_report(), tmp_path / folder / sample_report().name)
    first = render(report_view(tmp_path / "a" / sample_report().name))
    second = render(report_view(tmp_path / "b/c" / sample_report().name))
    assert first == second == sample_md
    assert sample_md.endswith("Dibuat oleh lkjip-auditor 0.1.0\n") and "\n\n\n" not in sample_md


def test_document_text_cannot_inject_html_links_or_table_columns(sample):
    hostile = "<img src=x onerror=alert(1)> *tebal* [tautan](http://contoh) a|b $x$ `k`"
    finding = dataclasses.replace(
        sample.findings[0], table="3.7.1", row="1", row_label=hostile, message=hostile, dataset=0
    )
    table = dataclasses.replace(sample.tables[0], id="X|Y", kind_title="jenis | palsu")
    table.counts = {"error": 1, "warning": 0, "info": 0}
    report = dataclasses.replace(sample, findings=[finding], tables=[table])
    text = render(report)
    html = _gfm().render(text)
    assert "<img" not in html and "<a href" not in html and "<em>tebal" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; *tebal* [tautan](http://contoh) a|b $x$ `k`" in html
    by_table = _tables(text)[1]
    assert all(len(row) == 5 for row in by_table)
    assert by_table[1][:2] == ["X|Y", "jenis | palsu"]  # the pipes are text, not borders


def test_filters():
    assert inline("a*b*\nc") == r"a\*b\* c"
    assert inline("A & B &amp;") == r"A & B \&amp;"
    assert cell("baris 1\nbaris | 2") == r"baris 1<br>baris \| 2"
    assert code("9.403%") == "`9.403%`"
    assert code("a`b") == "``a`b``"
    assert code("`x`") == "`` `x` ``"
    assert code("") == "—"
    assert inline("Tabel #3 #") == r"Tabel \#3 \#"


def test_no_field_is_printed_empty(sample, sample_md):
    assert not re.search(r":\*\*\s*$", sample_md, re.M)
    without_impact = dataclasses.replace(sample.findings[0], impact="", recommendation="")
    text = render(dataclasses.replace(sample, findings=[without_impact]))
    assert "**Akibat:**" not in text and "**Rekomendasi:**" not in text
    assert "**Kondisi:**" in text
