"""Shared by the report tests: the documents they audit and one way to audit them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from auditor.resources import bundled_path

if TYPE_CHECKING:
    from auditor.engine import AuditResult, Evaluator
    from auditor.report.view import AuditReport

REPAIRED = bundled_path("datasets", "lkjip-sumenep-dinsos-p3a-2023-repaired.txt")
# A small report from an invented agency whose JUMLAH row is 100.000.000 too high.
WRONG_TOTAL = """# LAPORAN KINERJA DINAS PERTANIAN KABUPATEN CONTOH TAHUN 2024

**Tabel 2.3** Program dan Anggaran Dinas Pertanian Tahun 2024

| NO | PROGRAM | ANGGARAN | KET |
|---|---|---:|---|
| 1 | Program Penunjang Urusan Pemerintahan Daerah | Rp 3.250.000.000 | APBD |
| 2 | Program Penyediaan Sarana Pertanian | Rp 1.475.500.000 | APBD |
| 3 | Program Penyuluhan Pertanian | Rp 612.300.000 | APBD |
| | **JUMLAH** | **Rp 5.437.800.000** | |
"""


def audited(path: Path, engine: str = "native") -> AuditResult:
    """Audit a document with the bundled rules, as `lkjip-audit audit` does."""
    from auditor.engine import audit
    from auditor.ingest import read_document
    from auditor.recognise.profiles import load_profiles
    from auditor.rules import load_rules

    profiles = load_profiles()
    rules = load_rules([], profiles)
    return audit(read_document(path), rules, profiles, rules, evaluator(engine))


def evaluator(engine: str) -> Evaluator:
    """The engine named as `--engine` names it."""
    if engine == "gx":
        from auditor.gx.engine import evaluate

        return evaluate
    from auditor.engine import native

    return native


def report_view(path: Path, lang: str = "id") -> AuditReport:
    from auditor.report.view import build_report

    return build_report(audited(path), lang)
