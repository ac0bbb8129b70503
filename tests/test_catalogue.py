"""The rule reference: `lkjip-audit rules`, `lkjip-audit explain CODE` and docs/ generated."""

from __future__ import annotations

import difflib
import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cases import cases_dir, load_cases, run_case
from auditor.cli import main
from auditor.recognise.profiles import load_profiles
from auditor.rules import TEXT_KEYS, load_rules

RULES = load_rules([], load_profiles())
DOCS = Path(__file__).resolve().parent.parent / "docs"
WIDE = {"COLUMNS": "1000", "NO_COLOR": "1"}  # rich would fold long text at 80 columns
EXTRA_PACK = """\
pack: mine
version: 1
rules:
  - code: XYZ001
    name: my-absorption
    title: {id: Penyerapan saya, en: My absorption}
    severity: warning
    tables: [realisasi_anggaran]
    check: ratio
    params: {value: penyerapan, numerator: realisasi, denominator: anggaran}
    message: {id: "Penyerapan {row} salah", en: "Absorption {row} is wrong"}
    source: convention
    version: 1
"""


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args), env=WIDE)


def test_rules_lists_every_loaded_rule():
    result = run("rules")
    assert result.exit_code == 0, result.output
    for rule in RULES:
        assert rule.code in result.output
        assert rule.text("title", "id") in result.output
    assert "Jenis pemeriksaan" in result.output


def test_rules_json_is_complete_and_sorted_by_code():
    result = run("rules", "--format", "json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.output)
    assert [e["code"] for e in entries] == sorted(r.code for r in RULES)
    by_code = {rule.code: rule for rule in RULES}
    for entry in entries:
        rule = by_code[entry["code"]]
        assert entry["name"] == rule.name and entry["severity"] == rule.severity
        assert entry["check"] == rule.check and entry["tables"] == list(rule.tables)
        assert entry["params"] == rule.params.model_dump(mode="json")
        assert all(entry[key] == rule.text(key, "id") for key in TEXT_KEYS)
        assert entry["source"] == rule.source and entry["version"] == rule.version
        assert entry["pack"].startswith("rules/core/") and entry["line"] == rule.line


def test_rules_in_english_and_selected():
    result = run("rules", "--lang", "en", "--select", "lkj2")
    assert result.exit_code == 0, result.output
    assert "Achievement equals realisation over target" in result.output
    assert "Capaian sesuai realisasi dibagi target" not in result.output
    assert "LKJ201" in result.output and "LKJ101" not in result.output
    markdown = run("rules", "--format", "markdown", "--lang", "en").output
    assert markdown.startswith("# Rule catalogue")
    assert "| LKJ201 | `capaian-equals-realisasi-over-target` | Achievement equals" in markdown


def test_extra_pack_appears_in_rules_and_explain(tmp_path):
    pack = tmp_path / "mine.yaml"
    pack.write_text(EXTRA_PACK, encoding="utf-8")
    entries = json.loads(run("rules", "--rules", str(pack), "--format", "json").output)
    assert entries[-1]["code"] == "XYZ001" and entries[-1]["pack"] == str(pack)
    assert len(entries) == len(RULES) + 1
    result = run("explain", "xyz001", "--rules", str(pack), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "My absorption" in result.output and "No example yet." in result.output


def first_case(code: str, expect: str):
    return next(c for c in load_cases(cases_dir() / f"{code}.yaml") if c.expect == expect)


@pytest.mark.parametrize("output_format", ["terminal", "markdown"])
def test_explain_shows_the_rule_and_its_examples(output_format):
    result = run("explain", "lkj201", "--format", output_format)  # codes are case-insensitive
    assert result.exit_code == 0, result.output
    rule = next(r for r in RULES if r.code == "LKJ201")
    for key in ("description", "impact", "recommendation"):
        assert rule.text(key, "id") in result.output
    assert rule.source in result.output
    for heading in ("Uraian", "Akibat", "Rekomendasi", "Contoh yang gagal", "Contoh yang lolos"):
        assert heading in result.output
    failing, passing = first_case("LKJ201", "fail"), first_case("LKJ201", "pass")
    for case in (failing, passing):
        assert case.name in result.output
        assert case.document.splitlines()[-1] in result.output
    # The finding the rule really reports on its failing case, not a hand-written one.
    assert "padahal 93,33 / 48,00 × 100 = 194,44" in result.output
    assert run_case(failing)[0].message("id") in result.output


def test_explain_json_in_english():
    result = run("explain", "LKJ702", "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["code"] == "LKJ702" and data["impact"].startswith("A different count")
    assert data["table_titles"]["realisasi_anggaran"] == "Budget realisation by program/activity"
    failing, passing = data["failing_example"], data["passing_example"]
    assert failing["name"] == first_case("LKJ702", "fail").name
    assert failing["case"] == "rules/cases/LKJ702.yaml"
    assert failing["findings"][0]["message"].startswith("The prose states 3 sub-activities")
    assert passing["name"] == first_case("LKJ702", "pass").name and passing["findings"] == []


@pytest.mark.parametrize(
    ("code", "hint"), [("LKJ209", "did you mean LKJ207, LKJ208, LKJ210?"), ("nope", "rules")]
)
def test_unknown_code_is_a_usage_error_with_suggestions(code, hint):
    result = run("explain", code)
    assert result.exit_code == 2
    [error] = [line for line in result.output.splitlines() if "unknown rule code" in line]
    assert hint in error
    assert "Traceback" not in result.output


def load_generator():
    spec = importlib.util.spec_from_file_location("generate", DOCS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generated_files(root: Path) -> set[Path]:
    return {
        p.relative_to(root)
        for p in root.rglob("*.md")
        if p.read_text(encoding="utf-8").startswith("<!-- generated by python docs/generate.py")
    }


def test_docs_have_not_drifted(tmp_path):
    load_generator().write_docs(tmp_path)
    fresh, committed = generated_files(tmp_path), generated_files(DOCS)
    problems = [f"docs/{p} is missing" for p in sorted(fresh - committed)]
    problems += [f"docs/{p} is stale" for p in sorted(committed - fresh)]
    for path in sorted(fresh & committed):
        expected = (DOCS / path).read_text(encoding="utf-8")
        actual = (tmp_path / path).read_text(encoding="utf-8")
        if actual != expected:
            diff = difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), f"docs/{path}", "now"
            )
            problems.append("".join(list(diff)[:40]))
    assert not problems, "docs/ drifted; run `python docs/generate.py`:\n" + "\n".join(problems)


def test_docs_cover_every_rule_in_both_languages():
    files = generated_files(DOCS)
    for rule in RULES:
        assert Path("rules", f"{rule.code}.md") in files
        assert Path("rules", "en", f"{rule.code}.md") in files
    assert {Path("rules/README.md"), Path("rules/en/README.md"), Path("tables.md")} <= files
    tables = (DOCS / "tables.md").read_text(encoding="utf-8")
    assert all(f"## {p.kind}\n" in tables for p in load_profiles())
