"""Rule packs: validation with file and line, selection, and the audit command's contract."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.errors import ConfigError
from auditor.recognise.profiles import load_profiles
from auditor.rules import load_rules, select_rules

PROFILES = load_profiles()

GOOD_RULE = """\
pack: mine
version: 1
rules:
  - code: XYZ001
    name: my-absorption
    severity: warning
    tables: [realisasi_anggaran]
    check: ratio
    params: {value: penyerapan, numerator: realisasi, denominator: anggaran}
    message: {id: "Penyerapan {row} salah", en: "Absorption {row} is wrong"}
    source: convention
    version: 1
"""


def write(tmp_path, text):
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_pack_adds_rules(tmp_path):
    rules = load_rules([write(tmp_path, GOOD_RULE)], PROFILES)
    assert "XYZ001" in [r.code for r in rules]
    assert len([r for r in rules if r.code.startswith("LKJ")]) == len(load_rules([], PROFILES))


@pytest.mark.parametrize(
    ("change", "message", "line"),
    [
        (("severity: warning", "severity: fatal"), "severity: Input should be 'error'", 6),
        (("check: ratio", "check: magic"), "unknown check 'magic' (known: 'ratio',", 8),
        (("tables: [realisasi_anggaran]", "tables: [neraca]"), "unknown table kind 'neraca'", 7),
        (("value: penyerapan", "value: persen"), "unknown column 'persen'", 9),
        (
            ("    source: convention\n", "    source: convention\n    sauce: x\n"),
            "unknown key 'sauce'",
            12,
        ),
        (("code: XYZ001", "code: x1"), "'x1' is not a rule code like 'LKJ101'", 4),
        (("    source: convention\n", ""), "source: required, but missing", 4),
        (("denominator: anggaran}", "denominator: anggaran, k: 1}"), "unknown key 'k'", 9),
        (('en: "Absorption {row} is wrong"', "en: 5"), "message.en: Input should be", 10),
        (("value: penyerapan", "value: penyerapan, formulas: [postive]"), "'positive'", 9),
        (("value: penyerapan", "value: penyerapan, negative_names: ['(x']"), "regular", 9),
    ],
)
def test_broken_pack_names_file_and_line(tmp_path, change, message, line):
    path = write(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(ConfigError) as excinfo:
        load_rules([path], PROFILES)
    assert f"{path}:{line}:" in str(excinfo.value)
    assert message in str(excinfo.value)


def test_duplicate_code_is_an_error(tmp_path):
    path = write(tmp_path, GOOD_RULE.replace("XYZ001", "LKJ201"))
    with pytest.raises(ConfigError, match="already defined"):
        load_rules([path], PROFILES)


def test_invalid_pack_is_exit_3_on_the_command_line(tmp_path):
    path = write(tmp_path, GOOD_RULE.replace("check: ratio", "check: magic"))
    result = CliRunner().invoke(main, ["audit", "--rules", str(path)])
    assert result.exit_code == 3
    assert "unknown check 'magic'" in result.output and "Traceback" not in result.output


def test_select_and_ignore_by_code_or_prefix():
    rules = load_rules([], PROFILES)
    assert {r.code for r in select_rules(rules, ["LKJ2"], [])} == {
        r.code for r in rules if r.code.startswith("LKJ2")
    }
    chosen = select_rules(rules, ["lkj2"], ["LKJ202"])
    assert "LKJ202" not in {r.code for r in chosen} and "LKJ201" in {r.code for r in chosen}
    assert select_rules(rules, [], []) == rules


def test_audit_json_contract_and_exit_codes():
    runner = CliRunner()
    result = runner.invoke(main, ["audit", "--format", "json"])
    assert result.exit_code == 1  # the sample has errors
    doc = json.loads(result.output)
    assert doc["schema"] == "lkjip-audit/findings@1"
    assert set(doc["summary"]) >= {"error", "warning", "info", "tables", "rules"}
    finding = doc["findings"][0]
    assert set(finding) >= {
        "rule",
        "severity",
        "message",
        "table",
        "row",
        "column",
        "line",
        "page",
        "reported",
        "expected",
        "expected_interval",
        "related",
        "diagnosis",
        "status",
    }
    assert all(f["line"] for f in doc["findings"])
    never = runner.invoke(main, ["audit", "--format", "json", "--fail-on", "never"])
    assert never.exit_code == 0
    only_info = runner.invoke(main, ["audit", "--select", "LKJ60", "--fail-on", "error"])
    assert only_info.exit_code == 0


def test_copied_realisation_is_reported_at_its_cell():
    doc = json.loads(CliRunner().invoke(main, ["audit", "--format", "json", "--lang", "en"]).output)
    hits = [f for f in doc["findings"] if f["row"] == "B.2.3" and f["column"] == "realisasi"]
    assert hits and hits[0]["reported"] == "6.101.700" and hits[0]["expected"] == "34.399.380"
    assert hits[0]["expected_interval"] == [34399380, 34399380]
    # Located: one finding on the copied cell, its program's failing sum among the related.
    assert hits[0]["status"] == "located"
    assert hits[0]["diagnosis"]["kind"] == "neighbour_copy"
    assert {"B.2.3.1", "B.2.3.2", "B.2"} <= {r["row"] for r in hits[0]["related"]}
    assert not [f for f in doc["findings"] if f["row"] == "B.2" and f["column"] == "realisasi"]
