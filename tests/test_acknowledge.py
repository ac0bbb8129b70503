"""Acknowledged findings: a baseline of an earlier run and a file of justified waivers.

The secretariat's workflow: audit a draft, keep its findings as a baseline, acknowledge
some with a justification, re-run on the next draft and see only what is new.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from reporting import REPAIRED, WRONG_TOTAL, audited
from test_sarif_report import _valid

from auditor.acknowledge import Screening, Waiver, acknowledge, apply_baseline
from auditor.cli import main
from auditor.report import html, markdown
from auditor.report.view import build_report
from auditor.resources import sample_report
from auditor.schema.acknowledgements import Acknowledgement

B23 = ("LKJ101", "3.7.1", "B.2.3", "realisasi")  # realisation copied from the row above
WAIVER = """\
# Waivers for the 2023 draft
- rule: LKJ101
  table: "3.7.1"
  row: B.2.3
  column: realisasi
  reported: "6.101.700"
  justification: Dikoreksi dalam DPA perubahan; angka final menyusul.
  by: Sekretariat
  date: 2024-03-01
"""


def run(*args: str | Path):
    # Wide enough that the terminal report never wraps a temporary file's path.
    return CliRunner().invoke(main, [str(a) for a in args], env={"COLUMNS": "400"})


def findings_json(*args: str | Path) -> tuple[int, dict]:
    result = run("audit", *args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def where(finding: dict) -> tuple:
    return finding["rule"], finding["table"], finding["row"], finding["column"]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """The sample's findings, written as `lkjip-audit audit --format json -o FILE` does."""
    path = tmp_path_factory.mktemp("baseline") / "baseline.json"
    assert run("audit", "--format", "json", "--output", path).exit_code == 1
    return path


@pytest.fixture(scope="module")
def sample_findings(baseline) -> list[dict]:
    return json.loads(baseline.read_text(encoding="utf-8"))["findings"]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_baseline_of_the_sample_suppresses_all_its_findings(tmp_path, baseline, sample_findings):
    written = tmp_path / "written.json"
    code, doc = findings_json("--baseline", baseline, "--write-baseline", written)
    assert code == 0  # errors in the baseline do not fail the run
    assert doc["findings"] == []
    assert doc["summary"]["baselined"] == len(sample_findings) > 40
    assert (doc["summary"]["error"], doc["summary"]["warning"]) == (0, 0)
    # --write-baseline writes the findings JSON itself (the baselined ones kept), so it is
    # the same document as --format json and works as a baseline in turn.
    assert written.read_text(encoding="utf-8") == baseline.read_text(encoding="utf-8")


def test_a_baseline_is_not_about_line_numbers(tmp_path, baseline, sample_findings):
    unrelated = "Catatan penyunting\nDraf kedua untuk reviu internal\n\nDisunting ulang\n\n"
    moved = _write(tmp_path / "draf-2.txt", unrelated + sample_report().read_text("utf-8"))
    refreshed = tmp_path / "refreshed.json"
    code, doc = findings_json(moved, "--baseline", baseline, "--write-baseline", refreshed)
    assert (code, doc["findings"], doc["summary"]["baselined"]) == (0, [], len(sample_findings))
    # The same findings, five lines further down: suppressed although every line changed.
    moved_findings = json.loads(refreshed.read_text(encoding="utf-8"))["findings"]
    assert [where(f) for f in moved_findings] == [where(f) for f in sample_findings]
    assert [f["line"] for f in moved_findings] == [f["line"] + 5 for f in sample_findings]


@pytest.mark.parametrize(
    ("line", "old", "new", "finding"),
    [
        (510, "33.988.833", "33.988.834", ("LKJ404", "3.5.1", "5", "anggaran")),
        (308, "23 kegiatan", "22 kegiatan", ("LKJ702", None, None, "kegiatan")),  # prose
    ],
)
def test_a_changed_value_brings_back_exactly_its_finding(
    tmp_path, baseline, sample_findings, line, old, new, finding
):
    lines = sample_report().read_text("utf-8").split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    edited = _write(tmp_path / "draf-3.txt", "\n".join(lines))
    _, doc = findings_json(edited, "--baseline", baseline)
    [back] = doc["findings"]
    assert where(back) == finding and back["reported"].endswith(new.split()[0])
    assert doc["summary"]["baselined"] == len(sample_findings) - 1


def test_one_waiver_acknowledges_exactly_one_finding(tmp_path, sample_findings):
    waivers = _write(tmp_path / "pengakuan.yaml", WAIVER)
    code, doc = findings_json("--acknowledgements", waivers)
    assert code == 1  # other errors remain
    reported = [where(f) for f in doc["findings"]]
    assert B23 not in reported
    assert Counter(where(f) for f in sample_findings) - Counter(reported) == Counter([B23])
    [acknowledged] = doc["acknowledged"]
    assert where(acknowledged) == B23 and acknowledged["reported"] == "6.101.700"
    assert acknowledged["acknowledgement"] == {
        "rule": "LKJ101",
        "table": "3.7.1",
        "row": "B.2.3",
        "column": "realisasi",
        "reported": "6.101.700",
        "justification": "Dikoreksi dalam DPA perubahan; angka final menyusul.",
        "by": "Sekretariat",
        "date": "2024-03-01",
        "file": str(waivers),
        "line": 2,
    }
    summary = doc["summary"]
    assert (summary["acknowledged"], summary["unused_acknowledgements"]) == (1, 0)
    assert summary["error"] == sum(f["severity"] == "error" for f in sample_findings) - 1
    assert doc["unused_acknowledgements"] == [] and "baselined" not in summary


def test_without_the_options_the_document_has_no_new_keys(sample_findings, baseline):
    doc = json.loads(baseline.read_text(encoding="utf-8"))
    assert not {"acknowledged", "unused_acknowledgements"} & set(doc)
    assert not {"acknowledged", "unused_acknowledgements", "baselined"} & set(doc["summary"])


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        (WAIVER.replace("  justification: Dikoreksi", "  note: Dikoreksi"), 7, "unknown key"),
        (WAIVER + "- rule: LKJ611\n  by: Sekretariat\n", 10, "justification: required"),
        (WAIVER + "- rule: LKJ611\n  justification: '  '\n", 11, "a non-empty justification"),
        (WAIVER.replace('"3.7.1"', "3.7"), 3, "table: must be text"),
        (WAIVER.replace("LKJ101", "101"), 2, "rule: 101 is not a rule code like 'LKJ101'"),
        ("rule: LKJ101\njustification: x\n", 1, "expected a list"),
        ("- rule: LKJ101\n\tjustification: x\n", 2, "invalid YAML"),
    ],
)
def test_an_invalid_acknowledgements_file_is_exit_3_with_file_and_line(
    tmp_path, text, line, needle
):
    waivers = _write(tmp_path / "pengakuan.yaml", text)
    result = run("audit", "-a", waivers)
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith(f"lkjip-audit: {waivers}:{line}: ")
    assert needle in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('{"schema": "lkjip-audit/tables@1", "findings": []}', "not a lkjip-audit/findings@1"),
        ('{"schema": "lkjip-audit/findings@1",\n "findings": [}', ":2: invalid JSON"),
        (
            '{"schema": "lkjip-audit/findings@1", "findings": [{"table": "1"}]}',
            "findings[0].rule: required, but missing",
        ),
    ],
)
def test_an_invalid_baseline_is_exit_3(tmp_path, text, needle):
    path = _write(tmp_path / "baseline.json", text)
    result = run("audit", "--baseline", path)
    assert result.exit_code == 3 and needle in result.stderr, result.output


def test_write_baseline_never_overwrites_the_input(tmp_path):
    report = _write(tmp_path / "laporan.txt", WRONG_TOTAL)
    result = run("audit", report, "--write-baseline", report)
    assert result.exit_code == 2 and "would overwrite" in result.output
    assert report.read_text(encoding="utf-8") == WRONG_TOTAL


def test_an_unused_waiver_is_reported_and_does_not_change_the_exit_code(tmp_path):
    waivers = _write(tmp_path / "pengakuan.yaml", WAIVER)  # the repaired copy has no B.2.3 error
    result = run("audit", REPAIRED, "-a", waivers, "--quiet", "--lang", "en")
    assert result.exit_code == 0, result.output
    text = result.output
    assert (
        f"warning: the acknowledgement at {waivers}:2 "
        "(LKJ101 3.7.1 B.2.3 realisasi 6.101.700) matched no finding"
    ) in text
    assert "Not reported" not in text  # nothing was acknowledged


def test_fail_on_counts_only_the_findings_that_remain_and_a_rule_can_be_waived_whole(tmp_path):
    """The repaired copy has only info findings: LKJ312 (N/A explained) and LKJ601."""
    _, before = findings_json(REPAIRED)
    codes = Counter(f["rule"] for f in before["findings"])
    assert set(codes) == {"LKJ312", "LKJ601"}
    whole = "- rule: LKJ312\n  justification: N/A dijelaskan di catatan tabel.\n"
    waivers = _write(tmp_path / "pengakuan.yaml", whole)
    assert run("audit", REPAIRED, "-a", waivers, "--fail-on", "info").exit_code == 1  # LKJ601
    both = whole + "- rule: LKJ601\n  justification: Kode mengikuti nomenklatur resmi.\n"
    _write(waivers, both)
    result = run("audit", REPAIRED, "-a", waivers, "--fail-on", "info", "--quiet")
    assert result.exit_code == 0, result.output
    text = result.output
    assert f"Tidak dilaporkan: {codes.total()} diakui dengan justifikasi" in text
    assert f"seluruh aturan LKJ312 dikecualikan ({waivers}:1)" in text
    assert f"seluruh aturan LKJ601 dikecualikan ({waivers}:3)" in text
    assert "Konsisten" in text  # only info findings were waived: still a consistent report
    sample_waivers = _write(tmp_path / "errors.yaml", WAIVER)
    assert run("audit", "-a", sample_waivers, "--fail-on", "never").exit_code == 0


def test_acknowledged_findings_are_sarif_results_with_an_external_suppression(
    tmp_path, sample_findings
):
    waivers = _write(tmp_path / "pengakuan.yaml", WAIVER)
    result = run("audit", "-a", waivers, "--format", "sarif")
    assert result.exit_code == 1, result.output
    results = _valid(result.stdout)["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    [acknowledged] = suppressed
    props = acknowledged["properties"]
    assert (acknowledged["ruleId"], props["table"], props["row"], props["column"]) == B23
    [suppression] = acknowledged["suppressions"]
    assert suppression["kind"] == "external" and suppression["status"] == "accepted"
    assert suppression["justification"] == "Dikoreksi dalam DPA perubahan; angka final menyusul."
    assert suppression["location"]["physicalLocation"]["region"] == {"startLine": 2}
    assert suppression["properties"] == {"by": "Sekretariat", "date": "2024-03-01"}
    assert len(results) == len(sample_findings)


def test_a_baseline_key_covers_as_many_findings_as_it_lists(tmp_path):
    result = audited(_write(tmp_path / "laporan.md", WRONG_TOTAL))
    [finding] = result.findings
    twice = dataclasses.replace(result, findings=[finding, finding])
    kept, screening = apply_baseline(twice, Counter([finding.key()]), Screening())
    assert kept.findings == [finding] and screening.baselined == (finding,)


def test_a_report_with_its_errors_baselined_is_not_called_consistent(tmp_path):
    result = audited(_write(tmp_path / "laporan.md", WRONG_TOTAL))
    [error] = result.findings
    kept, screening = apply_baseline(result, Counter([error.key()]), Screening())
    report = build_report(kept, "id", screening)
    assert report.findings == [] and report.baselined == {"error": 1}
    assert report.not_reported() == "Tidak dilaporkan: 1 sudah ada di baseline"
    assert report.verdict == "findings"  # a baselined error is still an error
    plain = build_report(kept, "id")
    assert plain.verdict == "consistent" and plain.not_reported() == ""


def test_markdown_and_html_summaries_say_what_was_not_reported(tmp_path):
    result = audited(_write(tmp_path / "laporan.md", WRONG_TOTAL))
    stale = Waiver.at(Acknowledgement(rule="LKJ999", justification="lama"), "p.yaml", 7)
    waived, screening = acknowledge(result, [stale])
    kept, screening = apply_baseline(waived, Counter([result.findings[0].key()]), screening)
    report = build_report(kept, "en", screening)
    unused = "the acknowledgement at p.yaml:7 (LKJ999) matched no finding"
    assert report.unused_acknowledgements == [unused]
    assert "Not reported: 1 already in the baseline\n" in markdown.render(report)
    assert f"- **warning:** {unused}\n" in markdown.render(report)
    page = html.render(report)
    assert '<p class="note">Not reported: 1 already in the baseline</p>' in page
    assert f"warning</span> {unused}</p>" in page


def test_a_finding_two_waivers_match_is_acknowledged_by_the_more_specific_one(tmp_path):
    whole = "- rule: LKJ101\n  justification: Semua jumlah diperiksa ulang.\n"
    waivers = _write(tmp_path / "pengakuan.yaml", whole + WAIVER)  # WAIVER's entry: line 4
    _, doc = findings_json("-a", waivers)
    lines = {where(f): f["acknowledgement"]["line"] for f in doc["acknowledged"]}
    assert lines == {
        ("LKJ101", "3.7.1", "A", "anggaran"): 1,
        ("LKJ101", "3.7.1", "A", "realisasi"): 1,
        B23: 4,
    }
    assert doc["unused_acknowledgements"] == []  # both matched a finding
