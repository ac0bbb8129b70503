"""The XLSX review working paper: columns, values, layout, summary sheet, determinism."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest
from openpyxl import load_workbook
from reporting import REPAIRED, WRONG_TOTAL, report_view

from auditor.report.xlsx import render, sheet_values
from auditor.resources import sample_report

REQUIRED_ID = [
    "No",
    "Tabel",
    "Baris",
    "Kolom",
    "Kondisi",
    "Kriteria",
    "Akibat",
    "Rekomendasi",
    "Nilai dilaporkan",
    "Nilai seharusnya",
    "Status",
    "Tanggapan",
]
REQUIRED_EN = [
    "No",
    "Table",
    "Row",
    "Column",
    "Condition",
    "Criteria",
    "Impact",
    "Recommendation",
    "Reported value",
    "Expected value",
    "Status",
    "Response",
]


@pytest.fixture(scope="module")
def sample():
    return report_view(sample_report())


@pytest.fixture(scope="module")
def sample_xlsx(sample):
    return render(sample)


def _workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def _row(values: list[list], finding) -> dict:
    """The finding's row on the main sheet, keyed by heading."""
    header, *rows = values
    [row] = [r for r in rows if r[0] == finding.number]
    return dict(zip(header, row, strict=True))


def test_main_sheet_has_the_working_paper_columns_in_order(sample, sample_xlsx):
    values = sheet_values(sample_xlsx)
    assert list(values) == ["Temuan", "Ringkasan", "Cakupan"]
    header, *rows = values["Temuan"]
    assert header[:12] == REQUIRED_ID
    assert header[12:] == ["Tingkat", "Aturan", "Lokasi"]
    assert [r[0] for r in rows] == [f.number for f in sample.findings]
    assert [r[13] for r in rows] == [f.code for f in sample.findings]


def test_a_finding_lands_in_the_right_cells(sample, sample_xlsx):
    finding = next(f for f in sample.findings if f.code == "LKJ101" and f.row == "B.2.3")
    rule = next(r for r in sample.rules if r.code == "LKJ101")
    row = _row(sheet_values(sample_xlsx)["Temuan"], finding)
    assert row["No"] == finding.number
    assert row["Tabel"] == "3.7.1"
    assert row["Baris"] == (
        "B.2.3 — Penguatan dan Pengembangan Lembaga Penyedia Layanan Perlindungan Perempuan "
        "Tingkat Daerah Kabupaten/Kota"
    )
    assert row["Kolom"] == "REALISASI"
    assert row["Kondisi"] == finding.condition
    assert "kemungkinan tersalin dari baris B.2.2.1" in row["Kondisi"]
    assert row["Kriteria"].startswith("Baris induk sama dengan jumlah rinciannya. ")
    assert row["Kriteria"].endswith(f"\nSumber: {rule.source}")
    assert row["Akibat"] == rule.impact["id"]
    assert row["Rekomendasi"] == rule.recommendation["id"]
    assert row["Nilai dilaporkan"] == "6.101.700"
    assert row["Nilai seharusnya"] == "34.399.380"
    assert row["Status"] == "lokasi pasti"
    assert row["Tanggapan"] is None
    assert (row["Tingkat"], row["Aturan"], row["Lokasi"]) == ("galat", "LKJ101", "baris teks 623")


def test_values_keep_the_report_s_printed_text(sample, sample_xlsx):
    """9.403% stays the string the report printed, not a number Excel re-reads."""
    finding = next(f for f in sample.findings if f.code == "LKJ301" and f.reported == "9.403%")
    ws = _workbook(sample_xlsx)["Temuan"]
    row = finding.number + 1
    reported = ws.cell(row=row, column=9)
    assert (reported.value, reported.data_type, reported.number_format) == ("9.403%", "s", "@")
    number = ws.cell(row=row, column=1)
    assert (number.value, number.data_type, number.number_format) == (finding.number, "n", "0")
    assert ws.cell(row=row, column=10).value is None  # a plausibility warning has no expected


def test_layout_frozen_header_autofilter_widths_wrap_and_severity_fill(sample, sample_xlsx):
    ws = _workbook(sample_xlsx)["Temuan"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:O{len(sample.findings) + 1}"
    assert ws.max_row == len(sample.findings) + 1 and ws.max_column == 15
    header = ws["A1"]
    assert header.font.bold and header.fill.fill_type == "solid"
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEFGHIJKLMNO"}
    assert widths["E"] >= 50 > widths["A"]  # Kondisi wide, No narrow
    assert ws.print_title_rows == "$1:$1"
    expected_fill = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
    for f in sample.findings:
        condition = ws.cell(row=f.number + 1, column=5)
        assert condition.alignment.wrap_text and condition.alignment.vertical == "top"
        assert condition.fill.start_color.rgb.endswith(expected_fill[f.severity]), f.number
        assert ws.cell(row=f.number + 1, column=13).value == f.severity_label


def test_summary_sheet_has_header_and_counts_by_severity_and_table(sample, sample_xlsx):
    rows = sheet_values(sample_xlsx)["Ringkasan"]
    pairs = {r[0]: r[1] for r in rows if r[0] is not None}
    h = sample.header
    assert rows[0][0] == "Hasil Reviu Konsistensi LKjIP"
    assert pairs["Dokumen"] == h.file_name
    assert pairs["Instansi"] == h.agency
    assert pairs["Tahun laporan"] == 2023
    assert pairs["Aturan dijalankan"] == sample.rules_line
    assert pairs["Cakupan"] == sample.coverage
    assert pairs["Simpulan"] == sample.verdict_text
    assert pairs["Pembulatan"] == "dipotong (truncate)"
    assert pairs["SHA-256"] == h.sha256
    assert [pairs[s] for s in ("galat", "peringatan", "info")] == [
        sample.counts[s] for s in ("error", "warning", "info")
    ]
    assert pairs["ambigu"] == sample.status_counts["ambiguous"]
    start = next(i for i, r in enumerate(rows) if r[0] == "Menurut tabel")
    assert rows[start] == ["Menurut tabel", "Jenis", "galat", "peringatan", "info"]
    by_table = rows[start + 1 : start + 1 + len(sample.by_table())]
    assert by_table == [  # an empty kind (the prose) is an empty cell
        [t, kind or None, *(c[s] for s in ("error", "warning", "info"))]
        for t, kind, c in sample.by_table()
    ]
    assert rows[-1][0] == sample.claims
    assert not any("Tidak ada galat" in str(r[0]) for r in rows)


def test_english_workbook():
    report = report_view(sample_report(), "en")
    values = sheet_values(render(report))
    assert list(values) == ["Findings", "Summary", "Coverage"]
    assert values["Findings"][0][:12] == REQUIRED_EN
    finding = next(f for f in report.findings if f.code == "LKJ101" and f.row == "B.2.3")
    row = _row(values["Findings"], finding)
    assert row["Condition"].startswith("Column REALISASI of B.2.3")
    assert row["Criteria"].startswith("Parent row equals the sum of its sub-items. ")
    assert (row["Status"], row["Severity"]) == ("located", "error")


def test_repaired_copy_is_clean_and_still_lists_info_findings():
    report = report_view(REPAIRED)
    values = sheet_values(render(report))
    rows = values["Temuan"][1:]
    assert len(rows) == report.counts["info"] > 0
    assert {r[12] for r in rows} == {"info"}
    verdict = {r[0]: r[1] for r in values["Ringkasan"] if r[0]}["Simpulan"]
    assert verdict.startswith("Konsisten — tidak ada galat maupun peringatan")


def test_hand_written_report_with_a_wrong_total(tmp_path):
    path = tmp_path / "laporan.md"
    path.write_text(WRONG_TOTAL, encoding="utf-8")
    report = report_view(path)
    data = render(report)
    header, row = sheet_values(data)["Temuan"]
    line = WRONG_TOTAL.splitlines().index("| | **JUMLAH** | **Rp 5.437.800.000** | |") + 1
    record = dict(zip(header, row, strict=True))
    assert record["Tabel"] == "2.3"
    assert record["Baris"] == "4 — JUMLAH"
    assert record["Kolom"] == "ANGGARAN"
    assert record["Nilai dilaporkan"] == "Rp 5.437.800.000"
    assert record["Nilai seharusnya"] == "5.337.800.000"
    assert record["Aturan"] == "LKJ111" and record["Lokasi"] == f"baris teks {line}"
    assert _workbook(data)["Temuan"].auto_filter.ref == "A1:O2"


def test_report_without_findings_keeps_header_and_filter(tmp_path):
    path = tmp_path / "benar.md"
    path.write_text(WRONG_TOTAL.replace("5.437.800.000", "5.337.800.000"), encoding="utf-8")
    data = render(report_view(path))
    ws = _workbook(data)["Temuan"]
    assert ws.max_row == 1 and ws.auto_filter.ref == "A1:O1" and ws.freeze_panes == "A2"


def test_bytes_are_deterministic(sample, sample_xlsx):
    assert render(sample) == sample_xlsx
    with zipfile.ZipFile(io.BytesIO(sample_xlsx)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = _workbook(sample_xlsx).properties
    assert props.created == props.modified
    assert props.created.year == 2000 and props.creator == "lkjip-auditor"
    assert props.language == "id"


def test_drift_comparison_by_values_matches_a_fresh_audit(sample_xlsx):
    assert sheet_values(render(report_view(sample_report()))) == sheet_values(sample_xlsx)


def test_document_text_is_never_a_formula_and_control_characters_are_dropped(sample):
    finding = dataclasses.replace(
        sample.findings[0],
        condition='=HYPERLINK("http://contoh","klik")',
        reported="=1+1",
        row_label="baris\x07dengan bel",
    )
    data = render(dataclasses.replace(sample, findings=[finding]))
    ws = _workbook(data)["Temuan"]
    assert (ws["E2"].value, ws["E2"].data_type) == ('=HYPERLINK("http://contoh","klik")', "s")
    assert (ws["I2"].value, ws["I2"].data_type) == ("=1+1", "s")
    assert ws["C2"].value == "barisdengan bel"
