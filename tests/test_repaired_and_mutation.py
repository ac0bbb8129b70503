"""The repaired sample audits clean, and single-cell slips injected into it are caught."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from mutations import REPAIRED, describe, run

from auditor.engine import audit
from auditor.ingest import read_document
from auditor.recognise.profiles import load_profiles
from auditor.rules import load_rules

DATASETS = Path(__file__).resolve().parent.parent / "datasets"
THRESHOLD = 0.95
# Share of transpositions and neighbour copies whose located finding names the slip and
# suggests the original value (the aim: 80 %).
DIAGNOSIS_THRESHOLD = 0.80


def _make_repaired():
    spec = importlib.util.spec_from_file_location("make_repaired", DATASETS / "make_repaired.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_repaired_copy_is_regenerated_from_repairs_yaml():
    assert REPAIRED.read_text(encoding="utf-8") == _make_repaired().repaired_text(), (
        "run `python datasets/make_repaired.py`"
    )


def test_repaired_copy_has_no_error_findings():
    profiles = load_profiles()
    result = audit(read_document(REPAIRED), load_rules([], profiles), profiles)
    errors = [
        f"{f.rule.code} {f.subject.table} {f.subject.row}: {f.message('en')}"
        for f in result.findings
        if f.rule.severity == "error"
    ]
    assert not errors, "\n".join(errors)


def test_single_cell_mutations_are_detected_at_the_mutated_cell():
    report = run(REPAIRED.read_text(encoding="utf-8"))
    print(describe(report))
    assert report.total > 500
    assert report.rate >= THRESHOLD, describe(report)
    assert report.row_rate >= 0.9, describe(report)
    for kind in ("transpose", "neighbour"):
        assert report.share(report.diagnosed, kind) >= DIAGNOSIS_THRESHOLD, describe(report)
        assert report.share(report.corrected, kind) >= DIAGNOSIS_THRESHOLD, describe(report)
