"""Honest coverage: what was checked, the verdict and exit code 4, in every format and view.

The documents are invented agencies' (none of the sample's tables), written here as text
and built as Word and Excel files with python-docx and openpyxl; the PDFs are the repaired
sample (consistent), the same with two scanned pages appended (tests/fixtures/pdf/
make_scanned.py) and a scan only (tests/fixtures/hostile/image-only.pdf).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from reporting import REPAIRED

from auditor.cli import main
from auditor.resources import bundled_path, sample_report

FIXTURES = Path(__file__).parent / "fixtures"
SCANNED_TAIL = FIXTURES / "pdf" / "repaired-scanned-tail.pdf"
SCAN_ONLY = FIXTURES / "hostile" / "image-only.pdf"
SAMPLE_PDF = bundled_path("datasets", "lkjip-sumenep-dinsos-p3a-2023.pdf")
REPAIRED_PDF = bundled_path("datasets", "lkjip-sumenep-dinsos-p3a-2023-repaired.pdf")

AGENCY = "Laporan Kinerja Dinas Perikanan Kabupaten Teluk Jaya Tahun 2024"
PROSE = (
    "Dinas Perikanan Kabupaten Teluk Jaya melaksanakan program peningkatan produksi "
    "perikanan tangkap dan budidaya sepanjang tahun 2024."
)
CAPAIAN = [
    ["Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian"],
    ["Meningkatnya produksi perikanan", "Produksi perikanan tangkap", "600", "650", "108,33"],
    ["Meningkatnya produksi perikanan", "Jumlah kelompok nelayan aktif", "40", "38", "95,00"],
]
WRONG_CAPAIAN = [[*row[:4], "150,00" if row[4] == "108,33" else row[4]] for row in CAPAIAN]
STAFF = [
    ["Golongan", "Laki-laki", "Perempuan"],
    ["IV", "12", "9"],
    ["III", "40", "52"],
    ["II", "8", "3"],
]
BUDGET = [
    ["No", "Program/Kegiatan", "Anggaran", "Realisasi", "%"],
    ["1", "Program Pengelolaan Perikanan Tangkap", "2.400.000.000", "2.160.000.000", "90,00"],
    ["1.1", "Pengadaan alat tangkap nelayan", "1.500.000.000", "1.350.000.000", "90,00"],
    ["1.2", "Pemeliharaan pelabuhan perikanan", "900.000.000", "810.000.0000", "90,00"],
]

# Each document: its tables (caption, rows), the verdict and the exit code it must give.
DOCUMENTS = {
    "prose_only": ([], "not_checked", 4),
    "unrecognised": ([("Tabel 1.3 Jumlah Pegawai menurut Golongan", STAFF)], "not_checked", 4),
    "title_case_wrong": ([("Tabel 2.4 Capaian Kinerja", WRONG_CAPAIAN)], "findings", 1),
    "clean": ([("Tabel 2.4 Capaian Kinerja", CAPAIAN)], "consistent", 0),
    "clean_and_unrecognised": (
        [("Tabel 2.4 Capaian Kinerja", CAPAIAN), ("Tabel 1.3 Jumlah Pegawai", STAFF)],
        "partly_checked",
        0,
    ),
    "malformed": ([("Tabel 3.9 Realisasi Anggaran", BUDGET)], "partly_checked", 0),
}


def write_txt(path: Path, tables: list) -> Path:
    lines = [AGENCY, "", PROSE, ""]
    for caption, rows in tables:
        lines += [caption, "", *("\t".join(r) for r in rows), ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def write_docx(path: Path, tables: list) -> Path:
    document = docx.Document()
    document.add_paragraph(AGENCY)
    document.add_paragraph(PROSE)
    for caption, rows in tables:
        document.add_paragraph(caption)
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for cells, values in zip(table.rows, rows, strict=True):
            for cell, value in zip(cells.cells, values, strict=True):
                cell.text = value
    document.save(path)
    return path


def write_xlsx(path: Path, tables: list) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for n, (caption, rows) in enumerate(tables, 1):
        ws = wb.create_sheet(f"T{n}")
        ws.append([caption])
        for row in rows:
            ws.append(row)
    if not tables:  # a workbook of notes only
        wb.create_sheet("Catatan").append([PROSE])
    wb.save(path)
    return path


WRITERS = {"txt": write_txt, "docx": write_docx, "xlsx": write_xlsx}


def run(*args: object):
    # Wide enough that rich's panels wrap no line of the texts asserted on.
    return CliRunner().invoke(main, [str(a) for a in args], env={"COLUMNS": "300"})


def audit_json(path: Path, *options: str) -> tuple[dict, int]:
    result = run("audit", path, "--format", "json", *options)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return json.loads(result.stdout), result.exit_code


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_verdict_and_exit_code_per_document_and_format(tmp_path, name, fmt):
    tables, verdict, exit_code = DOCUMENTS[name]
    path = WRITERS[fmt](tmp_path / f"{name}.{fmt}", tables)
    document, code = audit_json(path)
    assert (document["summary"]["verdict"], code) == (verdict, exit_code)
    coverage = document["summary"]["coverage"]
    assert coverage["tables_found"] == len(tables)
    rules = {f["rule"] for f in document["findings"]}
    if name in ("unrecognised", "clean_and_unrecognised"):
        assert "LKJ801" in rules
        assert coverage["tables_unrecognised"] == 1
    if name == "title_case_wrong":
        (error,) = [f for f in document["findings"] if f["severity"] == "error"]
        assert (error["rule"], error["column"], error["reported"]) == (
            "LKJ201",
            "capaian",
            "150,00",
        )
        assert coverage["tables_recognised"] == 1
    if name == "clean":
        assert coverage["numeric_cells"] == coverage["numeric_cells_checked"] == 6
    if name == "malformed":
        assert coverage["malformed_cells"] == 1


def test_unrecognised_table_finding_says_what_was_missing(tmp_path):
    rows = [
        ["No", "Sasaran", "Indikator", "Satuan", "Target", "Realisasi", "Tingkat Keberhasilan"],
        ["1", "Meningkatnya kunjungan wisata", "Jumlah wisatawan", "orang", "120.000", "131.500",
         "109,58"],
    ]  # fmt: skip
    path = write_txt(tmp_path / "wisata.txt", [("Tabel 4 Kinerja Sasaran", rows)])
    document, code = audit_json(path)
    (finding,) = [f for f in document["findings"] if f["rule"] == "LKJ801"]
    assert finding["severity"] == "warning" and finding["table"] == "4"
    assert "Tingkat Keberhasilan" in finding["message"]  # the header cells as printed
    assert "sasaran, indikator, satuan, target, realisasi" in finding["message"]
    assert "belum ditemukan kolom capaian" in finding["message"]
    per_table = document["summary"]["coverage"]["per_table"]
    assert per_table[0]["nearest_kind"] == "capaian"
    assert per_table[0]["missing"] == ["capaian/%/persen"]
    assert code == 4
    english, _ = audit_json(path, "--lang", "en")
    (finding,) = [f for f in english["findings"] if f["rule"] == "LKJ801"]
    assert "these columns were not found: capaian" in finding["message"]


def test_malformed_value_names_readings_blocked_rules_and_pinned_value(tmp_path):
    path = write_txt(tmp_path / "anggaran.txt", [("Tabel 3.9 Realisasi Anggaran", BUDGET)])
    document, _ = audit_json(path)
    (finding,) = [f for f in document["findings"] if f["rule"] == "LKJ803"]
    assert (finding["row"], finding["column"]) == ("1.2", "realisasi")
    assert finding["reported"] == "810.000.0000"
    assert "810.000.000 atau 8.100.000.000" in finding["message"]
    assert "LKJ101" in finding["message"] and "LKJ203" in finding["message"]
    # The children-sum of program 1 and the row's own percentage pin the value.
    assert finding["expected"] == "810.000.000"
    assert finding["diagnosis"]["kind"] == "pinned_value"
    assert finding["expected_interval"] == [810000000, 810000000]


def test_a_value_no_rule_reaches_is_still_a_warning_without_a_suggestion(tmp_path):
    rows = [
        ["Sasaran", "Indikator Kinerja", "Target"],
        ["Meningkatnya mutu", "Indeks mutu", "7,5,0"],
    ]
    path = write_txt(tmp_path / "pk.txt", [("Tabel 2 Perjanjian Kinerja", rows)])
    document, _ = audit_json(path)
    (finding,) = [f for f in document["findings"] if f["rule"] == "LKJ803"]
    assert finding["expected"] is None and finding["diagnosis"] is None
    assert "tidak ada aturan nilai yang menguji sel ini" in finding["message"]


@pytest.mark.parametrize(
    ("path", "verdict", "exit_code"),
    [
        (REPAIRED_PDF, "consistent", 0),
        (SAMPLE_PDF, "findings", 1),
        (SCANNED_TAIL, "partly_checked", 0),
        (SCAN_ONLY, "not_checked", 4),
    ],
    ids=["text-pdf", "sample-pdf", "scanned-tail", "scan-only"],
)
def test_pdf_verdicts_and_pages_without_text(path, verdict, exit_code):
    document, code = audit_json(path)
    assert (document["summary"]["verdict"], code) == (verdict, exit_code)
    coverage = document["summary"]["coverage"]
    pages = [f for f in document["findings"] if f["rule"] == "LKJ802"]
    if path == SCANNED_TAIL:
        assert coverage["pages"] == 27 and coverage["pages_without_text"] == [26, 27]
        (finding,) = pages  # one finding for the run of consecutive pages
        assert finding["page"] == 26 and "Halaman 26–27 (2 dari 27 halaman)" in finding["message"]
    elif path == SCAN_ONLY:
        assert coverage["pages_without_text"] == [1] and len(pages) == 1
    else:
        assert coverage["pages_without_text"] == [] and not pages


def test_sample_coverage_is_exact_and_keeps_every_finding():
    document, code = audit_json(sample_report())
    summary = document["summary"]
    assert code == 1 and summary["verdict"] == "findings"
    assert (summary["error"], summary["warning"], summary["info"]) == (17, 21, 11)
    coverage = summary["coverage"]
    assert {k: v for k, v in coverage.items() if k != "per_table"} == {
        "tables_found": 21,
        "tables_recognised": 21,  # the three parts of the table of contents included
        "tables_unrecognised": 0,
        "tables_checked": 20,  # 3.2.2: its 2023 cells are empty, its prior years unchecked
        "numeric_cells": 416,
        "numeric_cells_checked": 398,
        "malformed_cells": 0,
        "pages": None,
        "pages_without_text": [],
        "rules_run": 50,
        # No remainder (sisa) column (LKJ212); no kind these rules test is in the sample.
        "rules_with_nothing_to_check": [
            *("LKJ407", "LKJ212", "LKJ705", "LKJ706", "LKJ221", "LKJ208", "LKJ215"),
            *("LKJ216", "LKJ112", "LKJ113", "LKJ114", "LKJ115", "LKJ116"),
        ],
        "prose_claims_unread": 0,
    }
    per_table = {t["table"]: t for t in coverage["per_table"]}
    assert [per_table[t]["kind"] for t in ("T1", "T2", "T3")] == ["daftar_isi"] * 3
    assert per_table["T1"]["recognised_by"] == "shape"
    assert (per_table["3.2.1"]["numeric_cells"], per_table["3.2.1"]["cells_checked"]) == (13, 4)
    assert (per_table["3.7.1"]["numeric_cells"], per_table["3.7.1"]["cells_checked"]) == (228, 228)


def test_repaired_copy_is_consistent():
    document, code = audit_json(REPAIRED)
    assert code == 0 and document["summary"]["verdict"] == "consistent"
    coverage = document["summary"]["coverage"]
    assert coverage["tables_checked"] == coverage["tables_found"] == 21
    assert (coverage["numeric_cells"], coverage["numeric_cells_checked"]) == (424, 407)


def test_waived_errors_keep_the_verdict_from_consistent(tmp_path):
    path = WRITERS["txt"](tmp_path / "salah.txt", DOCUMENTS["title_case_wrong"][0])
    waivers = tmp_path / "pengakuan.yaml"
    waivers.write_text("- rule: LKJ201\n  justification: Dibahas dengan sekretariat.\n", "utf-8")
    document, code = audit_json(path, "-a", waivers)
    assert code == 0 and document["findings"] == []
    assert document["summary"]["verdict"] == "findings"  # a waived error is still an error


def test_terminal_states_coverage_and_never_says_consistent_when_not(tmp_path):
    unrecognised = write_txt(tmp_path / "pegawai.txt", DOCUMENTS["clean_and_unrecognised"][0])
    result = run("audit", unrecognised, "--quiet")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "1 dari 2 tabel diperiksa; 1 tabel berisi angka tidak dikenali; 6 dari 12 sel" in text
    assert "Simpulan: Sebagian diperiksa" in text and "Simpulan: Konsisten" not in text
    clean = " ".join(run("audit", REPAIRED, "--quiet").stdout.split())
    assert "Simpulan: Konsisten — tidak ada galat" in clean
    memo = write_txt(tmp_path / "memo.txt", [])
    result = run("audit", memo, "--lang", "en")
    assert result.exit_code == 4
    text = " ".join(result.stdout.split())
    assert "Verdict: Not checked — no table could be tested" in text
    assert "50 rules run, 47 with nothing to check" in text
    assert "consistent" not in text.replace("not called consistent", "")


def test_html_marks_unrecognised_tables_not_checked(tmp_path):
    path = write_txt(tmp_path / "pegawai.txt", DOCUMENTS["clean_and_unrecognised"][0])
    out = tmp_path / "laporan.html"
    assert run("audit", path, "--format", "html", "-o", out).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert 'class="verdict verdict-partly_checked"' in html
    assert '<span class="unchecked">tidak diperiksa</span>' in html
    assert "judul kolomnya tidak cocok dengan jenis tabel mana pun" in html
    repaired = tmp_path / "bersih.html"
    run("audit", REPAIRED, "--format", "html", "-o", repaired)
    assert 'class="verdict verdict-consistent"' in repaired.read_text(encoding="utf-8")


def test_markdown_xlsx_and_sarif_carry_the_coverage(tmp_path):
    path = write_txt(tmp_path / "pegawai.txt", DOCUMENTS["clean_and_unrecognised"][0])
    md = tmp_path / "memo.md"
    run("audit", path, "--format", "markdown", "-o", md)
    text = md.read_text(encoding="utf-8")
    assert "> **Simpulan:** Sebagian diperiksa" in text
    assert "| Tabel | Jenis | Mengapa tidak dikenali | Cakupan |" in text
    xlsx = tmp_path / "kkr.xlsx"
    run("audit", path, "--format", "xlsx", "-o", xlsx)
    sheet = load_workbook(xlsx)["Cakupan"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:2] == ["Tabel", "Jenis"]
    assert [r[4] for r in rows[1:]] == ["tidak ada temuan.", "tidak diperiksa"] or [
        r[4] for r in rows[1:]
    ] == ["Tidak ada temuan.", "tidak diperiksa"]
    sarif = tmp_path / "hasil.sarif"
    run("audit", path, "--format", "sarif", "-o", sarif)
    run_log = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]
    notes = run_log["invocations"][0]["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == [
        "lkjip-coverage/table",
        "lkjip-verdict/partly_checked",
    ]
    assert run_log["properties"]["verdict"] == "partly_checked"


def test_tables_command_explains_recognition(tmp_path):
    rows = [["No", "Sasaran", "Indikator", "Target", "Realisasi", "Keterangan"],
            ["1", "Meningkatnya mutu", "Indeks mutu layanan", "80", "82", "Tercapai"]]  # fmt: skip
    path = write_txt(tmp_path / "mutu.txt", [("Tabel 4 Capaian", rows), *DOCUMENTS["clean"][0]])
    result = run("tables", path, "--format", "json")
    tables = json.loads(result.stdout)["tables"]
    assert tables[0]["kind"] is None
    assert tables[0]["recognition"]["missing"] == ["capaian/%/persen"]
    assert tables[0]["recognition"]["column_meanings"] == [
        "sasaran", "indikator", "target", "realisasi", "keterangan"
    ]  # fmt: skip
    assert tables[1]["kind"] == "capaian"
    assert tables[1]["recognition"]["recognised_by"] == "header"
    terminal = " ".join(run("tables", path).stdout.split())
    assert "untuk jenis 'Realisasi dan capaian kinerja' belum ditemukan kolom capaian" in terminal


def test_batch_status_per_report_coverage_column_and_exit_4(tmp_path):
    folder = tmp_path / "laporan"
    folder.mkdir()
    write_txt(folder / "a_clean.txt", DOCUMENTS["clean"][0])
    write_docx(folder / "b_wrong.docx", DOCUMENTS["title_case_wrong"][0])
    write_xlsx(folder / "c_partly.xlsx", DOCUMENTS["clean_and_unrecognised"][0])
    write_docx(folder / "d_memo.docx", [])
    (folder / "e_scan.pdf").write_bytes(SCAN_ONLY.read_bytes())
    out = tmp_path / "hasil"
    result = run("batch", folder, "--workers", "1", "--output", out)
    assert result.exit_code == 4, result.output  # nothing checked outranks findings
    with (out / "summary.csv").open(encoding="utf-8") as handle:
        rows = {Path(r["file"]).name: r for r in csv.DictReader(handle)}
    assert {name: row["status"] for name, row in rows.items()} == {
        "a_clean.txt": "consistent",
        "b_wrong.docx": "findings",
        "c_partly.xlsx": "partly_checked",
        "d_memo.docx": "not_checked",
        "e_scan.pdf": "not_checked",
    }
    assert rows["a_clean.txt"]["coverage"] == "100.0"
    assert rows["c_partly.xlsx"]["coverage"] == "50.0"  # 6 of 12 numeric cells
    assert rows["d_memo.docx"]["coverage"] == ""
    text = " ".join(result.stdout.split())
    for status in ("konsisten", "temuan", "sebagian diperiksa", "tidak diperiksa"):
        assert status in text
    assert "2 laporan tidak dapat diperiksa sama sekali" in result.stderr
    # Exit 3 (a report unreadable) outranks 4.
    (folder / "f_broken.txt").write_bytes(b"\x81\x8d\x8f")
    assert run("batch", folder, "--workers", "1").exit_code == 3
