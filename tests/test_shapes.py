"""Invented table shapes, one per kind and dialect (tests/fixtures/shapes, DIALECTS.md).

Each `<name>.txt` (or .md) has a `<name>.expect.yaml`: the kind every table is recognised
as, in document order (null: not recognised), and every error and warning expected,
exactly (code, row, column); info findings are not listed. A row is named by its label
(the indicator, program, "JUMLAH") or by its key ("3", "A.1").
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from auditor.engine import audit
from auditor.ingest import read_document
from auditor.recognise.profiles import load_profiles
from auditor.rules import load_rules

SHAPES = Path(__file__).parent / "fixtures" / "shapes"
EXPECTS = sorted(SHAPES.glob("*.expect.yaml"))
PROFILES = load_profiles()
RULES = load_rules([], PROFILES)


def _source(expect: Path) -> Path:
    stem = expect.name.removesuffix(".expect.yaml")
    (source,) = [p for p in SHAPES.glob(f"{stem}.*") if p != expect]
    return source


def _same_row(wanted: object, label: str, key: str | None) -> bool:
    """A row named by its label or key; None for a finding on no row (the prose)."""
    return key is None if wanted is None else str(wanted) in (label, key)


def test_there_are_enough_shapes():
    assert len(EXPECTS) >= 25


@pytest.mark.parametrize("expect", EXPECTS, ids=[p.name.split(".")[0] for p in EXPECTS])
def test_shape_kinds_and_findings(expect: Path):
    wanted = yaml.safe_load(expect.read_text(encoding="utf-8"))
    result = audit(read_document(_source(expect)), RULES, PROFILES)
    kinds = [d.kind for d in result.recognition.datasets]
    assert kinds == [t["kind"] for t in wanted["tables"]]
    found = [
        (f.rule.code, f.subject.label, f.subject.row, f.subject.column)
        for f in result.findings
        if f.rule.severity in ("error", "warning")
    ]
    unmatched = list(found)
    for item in wanted.get("findings") or []:
        match = next(
            (
                got
                for got in unmatched
                if got[0] == item["code"]
                and _same_row(item["row"], got[1], got[2])
                and got[3] == item.get("column")
            ),
            None,
        )
        assert match is not None, (item, found)
        unmatched.remove(match)
    assert not unmatched, unmatched


def test_a_sasaran_written_once_is_carried_down():
    result = audit(read_document(SHAPES / "capaian_bare_percent.txt"), RULES, PROFILES)
    (dataset,) = result.recognition.datasets
    sasaran = [record["sasaran"] for record in dataset.records]
    assert sasaran[0] == sasaran[1] == "Meningkatnya produksi perikanan"
    assert dataset.records[1]["sasaran__raw"] == ""  # printed blank


def test_roman_numerals_naming_programs_hold_kegiatan_that_restart_at_one():
    result = audit(read_document(SHAPES / "budget_roman_slip.txt"), RULES, PROFILES)
    (dataset,) = result.recognition.datasets
    levels = [(record["key"], record["level"]) for record in dataset.records]
    assert levels[:4] == [
        ("I", "program"),
        ("I.1", "kegiatan"),
        ("I.2", "kegiatan"),
        ("II", "program"),
    ]
