"""User-facing labels in Indonesian (default) and English (`--lang en`).

Rule messages live with the rules (rules/*.yaml); this holds only the interface's own words.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["id", "en"]

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
    "rounding_round": {"id": "dibulatkan", "en": "rounded"},
    "rounding_truncate": {"id": "dipotong (truncate)", "en": "truncated"},
    "rounding_either": {
        "id": "belum dapat ditentukan (keduanya diterima)",
        "en": "undetermined (both accepted)",
    },
    "rule": {"id": "Aturan", "en": "Rule"},
    "prose": {"id": "teks", "en": "text"},
    "severity": {"id": "Tingkat", "en": "Severity"},
    "message": {"id": "Temuan", "en": "Finding"},
    "error": {"id": "galat", "en": "error"},
    "warning": {"id": "peringatan", "en": "warning"},
    "info": {"id": "info", "en": "info"},
}


def label(key: str, lang: Lang, **params: object) -> str:
    return LABELS[key][lang].format(**params)
