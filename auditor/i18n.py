"""User-facing labels in Indonesian (default) and English (`--lang en`).

Rule messages live with the rules (rules/*.yaml); this holds only the interface's own words.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.model import Location


class Lang(StrEnum):
    """The languages of every message: Indonesian (the default) and English."""

    ID = "id"
    EN = "en"


LANGS: tuple[Lang, ...] = tuple(Lang)

LABELS: dict[str, dict[str, str]] = {
    "table": {"id": "Tabel", "en": "Table"},
    "kind": {"id": "Jenis", "en": "Kind"},
    "unrecognised": {"id": "tidak dikenali", "en": "unrecognised"},
    "line": {"id": "Baris teks", "en": "Line"},
    "page": {"id": "halaman", "en": "page"},
    "rows": {"id": "Baris", "en": "Rows"},
    "columns": {"id": "Kolom", "en": "Columns"},
    "column": {"id": "Kolom", "en": "Column"},
    "header": {"id": "Judul kolom", "en": "Header"},
    "type": {"id": "Tipe", "en": "Type"},
    "year": {"id": "Tahun", "en": "Year"},
    "row": {"id": "Baris", "en": "Row"},
    "value": {"id": "Nilai", "en": "Value"},
    "problem": {"id": "Masalah", "en": "Problem"},
    "problems": {"id": "Masalah", "en": "Problems"},
    "hierarchy": {"id": "Hierarki", "en": "Hierarchy"},
    "tables_found": {"id": "tabel ditemukan", "en": "tables found"},
    "recognised": {"id": "dikenali", "en": "recognised"},
    "convention": {"id": "Konvensi angka", "en": "Number convention"},
    "convention_id": {"id": "Indonesia (1.234,56)", "en": "Indonesian (1.234,56)"},
    "convention_en": {"id": "Inggris (1,234.56)", "en": "English (1,234.56)"},
    "not_a_number": {"id": "bukan angka", "en": "not a number"},
    "not_available": {"id": "N/A (data tidak tersedia)", "en": "N/A (not available)"},
    "ambiguous_separator": {
        "id": "pemisah ambigu: bisa dibaca {readings}",
        "en": "ambiguous separator: reads as {readings}",
    },
    "unusual_convention": {
        "id": "format angka berbeda dari dokumen (dibaca {readings})",
        "en": "number format unlike the rest of the document (read as {readings})",
    },
    "or": {"id": " atau ", "en": " or "},
    "rules_run": {"id": "aturan dijalankan", "en": "rules run"},
    "rounding": {"id": "Pembulatan", "en": "Rounding"},
    "engine": {"id": "Mesin pemeriksa", "en": "Engine"},
    "gx_engine": {"id": "Dengan --engine gx", "en": "With --engine gx"},
    "gx_native": {"id": "dijalankan native", "en": "runs natively"},
    "engine_gx": {
        "id": "Great Expectations {version} menilai {count} aturan",
        "en": "Great Expectations {version} judged {count} rules",
    },
    "engine_native": {
        "id": "{count} aturan lain dijalankan native karena GX tidak dapat menyatakannya",
        "en": "{count} other rules ran natively: GX cannot express them",
    },
    "engine_disagreements": {
        "id": "{count} verdict GX berbeda dari modul pemeriksa (lihat JSON: engine.disagreements)",
        "en": "{count} GX verdicts differ from the check modules (see JSON: engine.disagreements)",
    },
    "rounding_round": {"id": "dibulatkan", "en": "rounded"},
    "rounding_truncate": {"id": "dipotong (truncate)", "en": "truncated"},
    "rounding_either": {
        "id": "belum dapat ditentukan (keduanya diterima)",
        "en": "undetermined (both accepted)",
    },
    "rule": {"id": "Aturan", "en": "Rule"},
    "claims": {
        "id": "Angka dalam uraian: {found} ditemukan, {checked} diperiksa terhadap tabel, "
        "{not_checked} tidak diperiksa (subjek tidak jelas atau tidak ada pembanding)",
        "en": "Figures in the prose: {found} found, {checked} checked against the tables, "
        "{not_checked} not checked (subject unclear or nothing to compare with)",
    },
    "conflict": {
        "id": "{label}: angka {column} berbeda di {count} tempat — {places}",
        "en": "{label}: the {column} differs across {count} places — {places}",
    },
    "located": {
        "id": "Kolom {column} baris {row} ({label}) tercetak {reported}; nilai {expected} "
        "membuat {count} aturan yang gagal ({codes}) terpenuhi sekaligus",
        "en": "Column {column} of row {row} ({label}) is printed as {reported}; {expected} "
        "would satisfy all {count} failing rules ({codes}) at once",
    },
    "diagnosis_digit_substitution": {
        "id": "kemungkinan salah ketik satu angka (seharusnya {suggested}; keyakinan {confidence})",
        "en": "likely a one-digit typo (should be {suggested}; {confidence} confidence)",
    },
    "diagnosis_digit_transposition": {
        "id": "kemungkinan dua angka bertukar tempat (seharusnya {suggested}; keyakinan "
        "{confidence})",
        "en": "likely two adjacent digits swapped (should be {suggested}; {confidence} confidence)",
    },
    "diagnosis_digit_insertion": {
        "id": "kemungkinan kelebihan satu angka (seharusnya {suggested}; keyakinan {confidence})",
        "en": "likely one digit too many (should be {suggested}; {confidence} confidence)",
    },
    "diagnosis_digit_omission": {
        "id": "kemungkinan satu angka tertinggal (seharusnya {suggested}; keyakinan {confidence})",
        "en": "likely a digit left out (should be {suggested}; {confidence} confidence)",
    },
    "diagnosis_neighbour_copy": {
        "id": "kemungkinan tersalin dari baris {detail} (seharusnya {suggested}; keyakinan "
        "{confidence})",
        "en": "likely copied from row {detail} (should be {suggested}; {confidence} confidence)",
    },
    "diagnosis_copied_value": {
        "id": "nilai sama dengan baris {detail} pada kolom yang sama (seharusnya {suggested}; "
        "keyakinan {confidence})",
        "en": "the value equals row {detail} of the same column (should be {suggested}; "
        "{confidence} confidence)",
    },
    "diagnosis_stale_value": {
        "id": "kemungkinan angka tahun sebelumnya ({detail}) yang belum diperbarui (seharusnya "
        "{suggested}; keyakinan {confidence})",
        "en": "likely the prior year's figure ({detail}) left in place (should be {suggested}; "
        "{confidence} confidence)",
    },
    "diagnosis_scale_slip": {
        "id": "kemungkinan salah skala {detail} (seharusnya {suggested}; keyakinan {confidence})",
        "en": "likely a scale slip {detail} (should be {suggested}; {confidence} confidence)",
    },
    "diagnosis_separator": {
        "id": "kemungkinan salah baca pemisah ribuan/desimal (seharusnya {suggested}; keyakinan "
        "{confidence})",
        "en": "likely a thousands/decimal separator misreading (should be {suggested}; "
        "{confidence} confidence)",
    },
    "diagnosis_sign_flip": {
        "id": "kemungkinan tanda terbalik (seharusnya {suggested}; keyakinan {confidence})",
        "en": "likely a sign flip (should be {suggested}; {confidence} confidence)",
    },
    "diagnosis_column_swap": {
        "id": "kemungkinan tertukar dengan kolom {detail} (seharusnya {suggested}; keyakinan "
        "{confidence})",
        "en": "likely swapped with column {detail} (should be {suggested}; {confidence} "
        "confidence)",
    },
    "diagnosis_pinned_value": {
        "id": "aturan {detail} hanya terpenuhi bila nilainya {suggested}",
        "en": "rules {detail} hold only if it is {suggested}",
    },
    "diagnosis_recompute": {
        "id": "nilai yang konsisten: {suggested} (keyakinan {confidence})",
        "en": "the consistent value is {suggested} ({confidence} confidence)",
    },
    "status_located": {"id": "lokasi pasti", "en": "located"},
    "status_ambiguous": {"id": "ambigu", "en": "ambiguous"},
    "status_not_testable": {"id": "tidak dapat diuji", "en": "not testable"},
    "alternative": {"id": "kemungkinan lain", "en": "alternative"},
    "confidence_high": {"id": "tinggi", "en": "high"},
    "confidence_medium": {"id": "sedang", "en": "medium"},
    "confidence_low": {"id": "rendah", "en": "low"},
    # Report headings (auditor/report/*): a finding is Kondisi, Kriteria, Akibat, Rekomendasi.
    "report_title": {"id": "Hasil Reviu Konsistensi LKjIP", "en": "LKjIP Consistency Review"},
    "document": {"id": "Dokumen", "en": "Document"},
    "format": {"id": "Format", "en": "Format"},
    "agency": {"id": "Instansi", "en": "Agency"},
    "report_year": {"id": "Tahun laporan", "en": "Report year"},
    "tables_read": {"id": "Tabel dibaca", "en": "Tables read"},
    "tables_recognised": {
        "id": "{read} tabel dibaca, {recognised} dikenali",
        "en": "{read} tables read, {recognised} recognised",
    },
    "rules_run_title": {"id": "Aturan dijalankan", "en": "Rules run"},
    "not_recognised": {"id": "tidak dikenali", "en": "not recognised"},
    "summary": {"id": "Ringkasan", "en": "Summary"},
    "by_severity": {"id": "Menurut tingkat", "en": "By severity"},
    "by_table": {"id": "Menurut tabel", "en": "By table"},
    "findings": {"id": "Temuan", "en": "Findings"},
    "findings_in_table": {"id": "Temuan pada tabel {table}", "en": "Findings in table {table}"},
    "findings_in_prose": {"id": "Temuan pada uraian", "en": "Findings in the prose"},
    "findings_in_document": {"id": "Temuan pada dokumen", "en": "Findings on the document"},
    "whole_document": {"id": "dokumen", "en": "document"},
    "all_tables": {
        "id": "semua tabel, dikenali maupun tidak",
        "en": "every table, recognised or not",
    },
    "extracted_tables": {"id": "Tabel yang dibaca", "en": "Extracted tables"},
    "number": {"id": "No", "en": "No"},
    "condition": {"id": "Kondisi", "en": "Condition"},
    "criteria": {"id": "Kriteria", "en": "Criteria"},
    "impact": {"id": "Akibat", "en": "Impact"},
    "recommendation": {"id": "Rekomendasi", "en": "Recommendation"},
    "reported": {"id": "Nilai dilaporkan", "en": "Reported value"},
    "printed_expected": {"id": "Tercetak → seharusnya", "en": "Printed → expected"},
    "expected": {"id": "Nilai seharusnya", "en": "Expected value"},
    "status": {"id": "Status", "en": "Status"},
    "response": {"id": "Tanggapan", "en": "Response"},
    "source": {"id": "Sumber", "en": "Source"},
    "diagnosis": {"id": "Diagnosis", "en": "Diagnosis"},
    "location": {"id": "Lokasi", "en": "Location"},
    "caption": {"id": "Judul tabel", "en": "Caption"},
    "line_lower": {"id": "baris teks", "en": "line"},
    "place_cell": {"id": "lembar {sheet} sel {cell}", "en": "sheet {sheet} cell {cell}"},
    "place_table": {"id": "tabel ke-{table}", "en": "table no. {table}"},
    "place_row": {"id": " baris ke-{row}", "en": " row {row}"},
    "place_paragraph": {"id": "paragraf ke-{paragraph}", "en": "paragraph {paragraph}"},
    "total": {"id": "Jumlah", "en": "Total"},
    # Coverage and the verdict (auditor/coverage.py): never "konsisten" unless all was read.
    "coverage": {"id": "Cakupan", "en": "Coverage"},
    "coverage_tables": {
        "id": "{checked} dari {found} tabel diperiksa",
        "en": "{checked} of {found} tables checked",
    },
    "coverage_unrecognised": {
        "id": "{count} tabel berisi angka tidak dikenali",
        "en": "tables with numbers not recognised: {count}",
    },
    "coverage_unchecked": {
        "id": "{count} tabel dikenali tetapi angkanya tidak diuji",
        "en": "tables recognised but none of their numbers tested: {count}",
    },
    "coverage_cells": {
        "id": "{checked} dari {total} sel angka diuji",
        "en": "{checked} of {total} numeric cells tested",
    },
    "coverage_malformed": {
        "id": "{count} sel nilai tidak terbaca sebagai angka",
        "en": "value cells that do not read as numbers: {count}",
    },
    "coverage_prose_unread": {
        "id": "{count} angka dalam uraian tidak terbaca dalam batas waktu",
        "en": "prose figures not read within the time limit: {count}",
    },
    "coverage_pages": {
        "id": "halaman {pages} tanpa lapisan teks",
        "en": "pages {pages} without a text layer",
    },
    "coverage_rules": {
        "id": "{run} aturan dijalankan, {idle} tanpa bahan uji",
        "en": "{run} rules run, {idle} with nothing to check",
    },
    "verdict": {"id": "Simpulan", "en": "Verdict"},
    "verdict_consistent": {
        "id": "Konsisten — tidak ada galat maupun peringatan, dan seluruh tabel berisi angka "
        "dikenali serta diuji ({rules} aturan memiliki bahan uji).",
        "en": "Consistent — no errors or warnings, and every table holding numbers was "
        "recognised and tested ({rules} rules had something to check).",
    },
    "verdict_findings": {
        "id": "Terdapat temuan — {errors} galat dan {warnings} peringatan perlu ditindaklanjuti.",
        "en": "Findings — {errors} errors and {warnings} warnings need follow-up.",
    },
    "verdict_partly_checked": {
        "id": "Sebagian diperiksa — tidak ada galat maupun peringatan pada bagian yang "
        "diperiksa, tetapi {gaps}; laporan belum dapat dinyatakan konsisten.",
        "en": "Partly checked — no errors or warnings in what was checked, but {gaps}; the "
        "report cannot be called consistent yet.",
    },
    "verdict_not_checked": {
        "id": "Tidak diperiksa — tidak ada tabel yang dapat diuji sehingga tidak satu angka pun "
        "diperiksa; laporan tidak dinyatakan konsisten.",
        "en": "Not checked — no table could be tested, so not a single figure was checked; "
        "the report is not called consistent.",
    },
    "verdict_gaps": {"id": "Selain itu, {gaps}.", "en": "Also, {gaps}."},
    "status_consistent": {"id": "konsisten", "en": "consistent"},
    "status_findings": {"id": "temuan", "en": "findings"},
    "status_partly_checked": {"id": "sebagian diperiksa", "en": "partly checked"},
    "status_not_checked": {"id": "tidak diperiksa", "en": "not checked"},
    "table_not_checked": {"id": "tidak diperiksa", "en": "not checked"},
    "table_no_numbers": {"id": "tanpa angka untuk diuji", "en": "no numbers to test"},
    "cells_checked": {
        "id": "{checked} dari {total} sel angka diuji",
        "en": "{checked} of {total} numeric cells tested",
    },
    "recognition": {"id": "Pengenalan", "en": "Recognition"},
    "why_not_recognised": {"id": "Mengapa tidak dikenali", "en": "Why not recognised"},
    "column_meanings": {"id": "Makna kolom", "en": "Column meanings"},
    "recognised_by_header": {"id": "dari judul kolom", "en": "by its column headers"},
    "recognised_by_shape": {"id": "dari bentuk barisnya", "en": "by the shape of its rows"},
    "none": {"id": "tidak ada", "en": "none"},
    # Polarity of an indicator and where it was read (auditor/recognise/polarity.py).
    "polarity_positive": {"id": "positif", "en": "positive"},
    "polarity_negative": {"id": "negatif", "en": "negative"},
    "polarity_from_column": {
        "id": "kolom Polaritas tabel {table}",
        "en": "the Polaritas column of table {table}",
    },
    "polarity_from_table": {
        "id": "tabel definisi indikator {table}",
        "en": "indicator definitions table {table}",
    },
    "polarity_from_prose": {"id": "uraian pada baris {line}", "en": "the text at line {line}"},
    "polarity_formula_from_prose": {
        "id": "rumus indikator negatif pada uraian baris {line}",
        "en": "the negative-indicator formula stated at line {line}",
    },
    "polarity_from_name": {
        "id": "diduga dari nama indikator (\u201c{word}\u201d)",
        "en": "guessed from the indicator's name (\u201c{word}\u201d)",
    },
    "polarity_undeclared": {
        "id": "dianggap positif",
        "en": "taken as positive",
    },
    "polarity_note": {
        "id": " (polaritas {polarity}: {source})",
        "en": " ({polarity} polarity: {source})",
    },
    "zero_target": {"id": "targetnya 0", "en": "its target is 0"},
    "zero_realisation": {
        "id": "realisasinya 0 pada rumus target / realisasi",
        "en": "its realisation is 0 under target / realisation",
    },
    "formula_or": {"id": " atau ", "en": " or "},
    "ordinal_formula": {
        "id": "peringkat {numerator} terhadap {denominator}",
        "en": "rank of {numerator} against {denominator}",
    },
    "coverage_first_row": {
        "id": "tidak ada (baris pertama: {row})",
        "en": "none (first row: {row})",
    },
    "coverage_no_header": {
        "id": "tidak ada baris judul kolom yang terbaca",
        "en": "no header row was read",
    },
    "coverage_no_kind": {
        "id": "judul kolomnya tidak cocok dengan jenis tabel mana pun",
        "en": "its headers match no table kind",
    },
    "coverage_missing": {
        "id": "untuk jenis '{kind}' belum ditemukan kolom {missing}",
        "en": "for the kind '{kind}' these columns were not found: {missing}",
    },
    "coverage_excluded": {
        "id": "judul kolom memuat {excluded}, yang tidak dimiliki jenis '{kind}'",
        "en": "the headers contain {excluded}, which the kind '{kind}' does not have",
    },
    "coverage_years": {
        "id": "jenis '{kind}' memerlukan kolom untuk beberapa tahun",
        "en": "the kind '{kind}' needs columns for several years",
    },
    "coverage_blocked": {
        "id": "aturan {rules} tidak dapat menguji sel ini",
        "en": "rules {rules} could not test it",
    },
    "coverage_blocked_none": {
        "id": "tidak ada aturan nilai yang menguji sel ini",
        "en": "no value rule tests this cell",
    },
    "sarif_not_checked": {
        "id": "Bagian yang tidak diperiksa",
        "en": "Part not checked",
    },
    "no_findings_here": {"id": "Tidak ada temuan.", "en": "No findings."},
    "not_reported": {"id": "Tidak dilaporkan", "en": "Not reported"},
    "baselined": {"id": "{count} sudah ada di baseline", "en": "{count} already in the baseline"},
    "acknowledged": {
        "id": "{count} diakui dengan justifikasi",
        "en": "{count} acknowledged with a justification",
    },
    "rule_waived": {
        "id": "seluruh aturan {code} dikecualikan ({where})",
        "en": "all of rule {code} waived ({where})",
    },
    "unused_acknowledgement": {
        "id": "pengakuan di {where} ({what}) tidak cocok dengan temuan mana pun",
        "en": "the acknowledgement at {where} ({what}) matched no finding",
    },
    "filter": {"id": "Saring temuan…", "en": "Filter findings…"},
    "all": {"id": "Semua", "en": "All"},
    "generated_by": {"id": "Dibuat oleh {tool} {version}", "en": "Generated by {tool} {version}"},
    "more_in_verbose": {
        "id": "Akibat, rekomendasi dan sumber setiap aturan: --verbose atau "
        "`lkjip-audit explain KODE`.",
        "en": "Impact, recommendation and source of each rule: --verbose or "
        "`lkjip-audit explain CODE`.",
    },
    "code": {"id": "Kode", "en": "Code"},
    "name": {"id": "Nama", "en": "Name"},
    "check_kind": {"id": "Jenis pemeriksaan", "en": "Check kind"},
    "tables": {"id": "Tabel", "en": "Tables"},
    "description": {"id": "Uraian", "en": "Description"},
    "failing_example": {"id": "Contoh yang gagal", "en": "Failing example"},
    "passing_example": {"id": "Contoh yang lolos", "en": "Passing example"},
    "version": {"id": "Versi", "en": "Version"},
    "pack": {"id": "Paket", "en": "Pack"},
    "title": {"id": "Judul", "en": "Title"},
    "parameters": {"id": "Parameter", "en": "Parameters"},
    "rule_catalogue": {"id": "Katalog aturan", "en": "Rule catalogue"},
    "table_kinds": {"id": "Jenis tabel", "en": "Table kinds"},
    "no_examples": {"id": "Belum ada contoh.", "en": "No example yet."},
    "prose": {"id": "teks", "en": "text"},
    "severity": {"id": "Tingkat", "en": "Severity"},
    "message": {"id": "Temuan", "en": "Finding"},
    "error": {"id": "galat", "en": "error"},
    "warning": {"id": "peringatan", "en": "warning"},
    "info": {"id": "info", "en": "info"},
    # `lkjip-audit batch` (auditor/batch.py)
    "batch_auditing": {"id": "Mengaudit laporan", "en": "Auditing reports"},
    "batch_title": {"id": "Hasil audit {count} laporan", "en": "Audit of {count} reports"},
    "file": {"id": "Berkas", "en": "File"},
    "error_count": {"id": "Galat", "en": "Errors"},
    "warning_count": {"id": "Peringatan", "en": "Warnings"},
    "info_count": {"id": "Info", "en": "Info"},
    "batch_unreadable_status": {"id": "gagal dibaca", "en": "unreadable"},
    "batch_not_checked": {
        "id": "{count} laporan tidak dapat diperiksa sama sekali (tidak ada tabel yang dikenali)",
        "en": "reports that could not be checked at all (no table recognised): {count}",
    },
    "batch_unreadable": {
        "id": "{failed} dari {count} laporan tidak dapat dibaca (lihat tabel di atas)",
        "en": "{failed} of {count} reports could not be read (see the table above)",
    },
    "batch_interrupted": {
        "id": "dihentikan: {done} dari {count} laporan selesai diaudit",
        "en": "interrupted: {done} of {count} reports audited",
    },
    "batch_partial_written": {
        "id": "; ringkasan laporan yang selesai ditulis ke {folder}",
        "en": "; the summary of those was written to {folder}",
    },
    "batch_written": {
        "id": "Temuan per laporan, ringkasan dan tabel temuan ditulis ke {folder}",
        "en": "Per-report findings, summary and findings table written to {folder}",
    },
    "batch_no_parquet": {
        "id": "pyarrow tidak terpasang: hanya CSV yang ditulis, tanpa findings.parquet "
        "(pip install 'lkjip-auditor[batch]')",
        "en": "pyarrow is not installed: CSV only, no findings.parquet "
        "(pip install 'lkjip-auditor[batch]')",
    },
    "batch_no_dask": {
        "id": "--executor dask memerlukan Dask: pip install 'lkjip-auditor[dask]'",
        "en": "--executor dask needs Dask: pip install 'lkjip-auditor[dask]'",
    },
    "gx_missing": {
        "id": "--engine gx memerlukan Great Expectations: "
        "pip install 'lkjip-auditor[gx]' (dari salinan repositori: pip install -e '.[gx]')",
        "en": "--engine gx needs Great Expectations: "
        "pip install 'lkjip-auditor[gx]' (from a checkout: pip install -e '.[gx]')",
    },
    "gx_exported": {
        "id": "{datasets} dataset CSV dan {suites} suite GX (pembulatan: {rounding}) ditulis ke "
        "{folder}; validasi dengan: python {folder}/validate.py",
        "en": "{datasets} CSV datasets and {suites} GX suites (rounding: {rounding}) written to "
        "{folder}; validate with: python {folder}/validate.py",
    },
    "gx_native_cross_table": {
        "id": "membandingkan antartabel; GX tidak punya ekspektasi lintas tabel untuk pandas",
        "en": "compares tables with each other; GX has no cross-table expectation for pandas",
    },
    "gx_native_prose": {
        "id": "membaca narasi, bukan tabel",
        "en": "reads the prose, not a table",
    },
    "gx_native_scale": {
        "id": "mencocokkan nilai dengan tabel skala predikat dokumen (tabel lain)",
        "en": "looks values up in the document's predicate scale (another table)",
    },
    "gx_native_sequence": {
        "id": "menilai penomoran baris pada pohon hierarkinya",
        "en": "judges row numbering on the row tree",
    },
    "gx_native_number_format": {
        "id": "menilai teks angka tercetak terhadap konvensi dokumen; bingkai GX memuat nilainya",
        "en": "judges a number's printed text against the document's convention; "
        "GX frames hold values",
    },
    "gx_native_required_value": {
        "id": "mencari penjelasan sel kosong di seluruh teks barisnya",
        "en": "searches a row's text for the explanation of an empty cell",
    },
    "gx_native_footing": {
        "id": "memilih kolom yang dapat dijumlahkan dari arti judulnya, tabel demi tabel",
        "en": "chooses the columns that add up from their headers' meaning, table by table",
    },
    "gx_native_ratio_per_year": {
        "id": "menguji setiap tahun pada kolom bertahunnya sendiri, tahun demi tahun",
        "en": "tests each year on its own dated columns, year by year",
    },
    "gx_native_quarters": {
        "id": "memilih rumus triwulan (kumulatif atau per triwulan) dari judul kolom",
        "en": "chooses the quarterly reading (cumulative or per quarter) from the column headers",
    },
    "gx_native_coverage": {
        "id": "menyatakan bagian yang tidak dapat diperiksa, tidak menguji nilai",
        "en": "states what could not be checked; tests no value",
    },
    "gx_native_formula_used": {
        "id": "menguji rumus hanya pada tabel yang memakainya; GX menilai baris satu per satu",
        "en": "tests a formula only in the tables that use it; GX judges rows one by one",
    },
    "gx_native_factor": {
        "id": "membandingkan dua kolom dengan pita rasio; GX tidak punya ekspektasinya",
        "en": "compares two columns by a ratio band; GX has no such expectation",
    },
    "batch_no_reports": {
        "id": "tidak ada laporan untuk diaudit",
        "en": "no reports to audit",
    },
    # batch and prose hardening
    "batch_worker_lost": {
        "id": "pekerja yang mengaudit laporan ini berhenti "
        "(dihentikan paksa atau kehabisan memori)",
        "en": "the worker auditing this report stopped (killed or out of memory)",
    },
    "batch_timeout": {
        "id": "audit memakan waktu lebih dari {seconds} detik; pekerjanya dihentikan",
        "en": "audit took longer than {seconds} s; its worker was stopped",
    },
    "batch_no_worker": {
        "id": "proses pekerja tidak dapat dimulai: {error}",
        "en": "cannot start a worker process: {error}",
    },
}


def label(key: str, lang: Lang, **params: object) -> str:
    return LABELS[key][lang].format(**params)


def place(location: Location, lang: Lang) -> str:
    """Where something is, in the words a reviewer uses to find it in the source file."""
    if location.sheet is not None:
        return label("place_cell", lang, sheet=location.sheet, cell=location.cell or "")
    if location.page is not None:
        return f"{label('page', lang)} {location.page}"
    if location.line is not None:
        return f"{label('line_lower', lang)} {location.line}"
    if location.table is not None:
        row = label("place_row", lang, row=location.row) if location.row is not None else ""
        return label("place_table", lang, table=location.table) + row
    if location.paragraph is not None:
        return label("place_paragraph", lang, paragraph=location.paragraph)
    return ""
